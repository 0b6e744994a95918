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
