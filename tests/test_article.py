"""audit_text: one article in, one ArticleAudit out."""
from __future__ import annotations

import dataclasses
import math

import pytest

import audit
from audit import AuditConfig, audit_text
from audit.readability import READABILITY_METRICS, readability

ARTICLE = """Ferry Fares Rise 12%

The regional ferry authority will raise fares by 12 percent on Jan. 1, its board decided Tuesday.

“We held prices for three years,” said board chair Nadia Ortiz. Riders' groups said the rise was too steep.
"""


def test_audit_text_returns_a_frozen_audit_with_title_body_and_readability():
    result = audit_text(ARTICLE)
    assert result.title == "Ferry Fares Rise 12%"
    assert [s.text for s in result.sentences][0].startswith("The regional ferry authority")
    assert [e.kind for e in result.excluded] == ["title"]
    assert set(READABILITY_METRICS) <= set(result.readability)
    assert all(math.isfinite(v) for v in result.readability.values())
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.metrics = {}  # type: ignore[misc]


def test_readability_is_computed_on_the_body_only():
    with_furniture = audit_text(ARTICLE + "\nShare this article\nRelated Topics\n")
    assert with_furniture.readability == audit_text(ARTICLE).readability
    assert audit_text(ARTICLE).readability == readability(audit_text(ARTICLE).document.body_text)


def test_metrics_count_the_body():
    m = audit_text(ARTICLE).metrics
    assert m["sentences"] == 3 and m["paragraphs"] == 2 and m["quotes"] == 1
    assert m["words"] == m["words_quoted"] + m["words_reporter"]
    assert m["words_quoted"] == 6  # “We held prices for three years,”


def test_every_result_records_the_textstat_and_package_versions():
    versions = audit_text(ARTICLE).versions
    assert versions["textstat"] == "0.7.8"
    assert versions["news_audit"] == audit.__version__


@pytest.mark.parametrize("bad", [None, b"The mayor said no.", 12, 4.5, object()])
def test_non_strings_raise_a_type_error_that_says_what_was_given(bad):
    with pytest.raises(TypeError, match=f"got {type(bad).__name__}"):
        audit_text(bad)


def test_bytes_error_says_how_to_decode():
    with pytest.raises(TypeError, match="decode"):
        audit_text(b"bytes")


@pytest.mark.parametrize("blank", ["", "  \n\t ", "\r\n\r\n"])
def test_empty_or_blank_text_gives_an_empty_audit(blank):
    result = audit_text(blank)
    assert result.sentences == () and result.excluded == ()
    assert result.metrics["words"] == 0
    assert all(math.isnan(v) for v in result.readability.values())


def test_config_must_be_an_audit_config():
    with pytest.raises(TypeError, match="AuditConfig"):
        audit_text("Text.", config={"claim_threshold": 0.5})
    with pytest.raises(ValueError, match="claim_threshold"):
        AuditConfig(claim_threshold=2)


# --- the audit as a record: read-only, picklable, convertible ------------------------------------------------

def _flood_audit():
    from audit import audit_text

    return audit_text("Flood Waters Recede\n\nThe river fell two feet overnight, the county said. "
                      "Officials may reopen the bridge on Friday, and 40 homes were damaged.")


def test_metrics_readability_and_versions_cannot_be_changed_in_place():
    result = _flood_audit()
    for name in ("metrics", "readability", "versions"):
        mapping = getattr(result, name)
        key = next(iter(mapping))
        with pytest.raises(TypeError):
            mapping[key] = 0
        with pytest.raises((TypeError, AttributeError)):
            mapping.update({key: 0})
    copy = dict(result.metrics)
    copy["words"] = -1  # a copy is the caller's to change
    assert result.metrics["words"] != -1
    import copy as copying
    import json

    assert json.loads(json.dumps(result.metrics, allow_nan=True)).keys() == result.metrics.keys()  # still a dict
    assert copying.deepcopy(result.versions) == result.versions


def test_an_audit_pickles_for_worker_processes_and_the_cache():
    import pickle

    result = _flood_audit()
    again = pickle.loads(pickle.dumps(result))
    for name in ("document", "attributions", "hedges", "claims", "readability", "versions"):
        assert getattr(again, name) == getattr(result, name), name
    assert again.metrics.keys() == result.metrics.keys()
    for key, value in result.metrics.items():  # NaN (an undefined share) is not == itself
        assert again.metrics[key] == value or (math.isnan(value) and math.isnan(again.metrics[key])), key
    with pytest.raises(TypeError):
        again.metrics["words"] = 0


def test_to_dict_is_plain_json_with_every_finding():
    import json

    result = _flood_audit()
    d = result.to_dict()
    assert json.loads(json.dumps(d, allow_nan=True)).keys() == d.keys()
    assert d["title"] == "Flood Waters Recede"
    assert d["metrics"] == dict(result.metrics) and type(d["metrics"]) is dict
    assert [a["source"]["text"] for a in d["attributions"]] == [a.source.text for a in result.attributions]
    assert [c["text"] for c in d["hedges"]] == [c.text for c in result.hedges]
    assert [c["kinds"] for c in d["claims"]] == [",".join(c.kinds) for c in result.claims]
    for sentence in d["sentences"]:
        assert result.text[sentence["start"]:sentence["end"]] == sentence["text"]


def test_to_frame_is_the_row_audit_corpus_gives():
    import pandas as pd

    from audit import audit_corpus
    from audit.schema import METRIC_COLUMNS

    result = _flood_audit()
    frame = result.to_frame()
    assert list(frame.columns) == list(METRIC_COLUMNS) and len(frame) == 1
    corpus = audit_corpus(pd.DataFrame({"text": [result.text]}), workers=1, progress=False)
    pd.testing.assert_frame_equal(frame, corpus[list(METRIC_COLUMNS)].reset_index(drop=True))


def test_import_audit_segment_gives_the_function_and_the_readme_says_how_to_reach_the_module():
    """audit/__init__ binds the names segment and evidence to functions, over their submodules (kept: renaming
    them would break every caller of audit.segment(text)); the module stays reachable and the README says how."""
    import importlib
    import types

    import audit

    assert callable(audit.segment) and not isinstance(audit.segment, types.ModuleType)
    assert isinstance(importlib.import_module("audit.segment"), types.ModuleType)
    from audit.segment import Document  # from-imports of the submodule work as usual

    assert Document is audit.Document
    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "import audit.segment as" in readme and 'importlib.import_module("audit.segment")' in readme
