"""The Attribution record and the per-article sourcing metrics (audit/sources/attribution.py)."""
from __future__ import annotations

import math

import pytest

from conftest import only
from audit.sources import SOURCE_TYPES, find_attributions, sourcing_metrics


METRIC_KEYS = {
    "attributions", "sources_unique", "attributions_named_person", "attributions_named_organization",
    "attributions_unnamed_person", "attributions_unnamed_group", "attributions_anonymous", "attributions_document",
    "share_named_person", "share_named_organization", "share_unnamed_person", "share_unnamed_group",
    "share_anonymous", "share_document", "share_named", "share_official", "share_direct",
    "attributions_per_100_words",
}


def test_spans_index_the_text_passed_in():
    text = "Council Votes on Budget\n\nThe vote was close, council member Dana Ortiz said in a statement."
    for a in find_attributions(text):
        for span in (a.statement, a.source, a.cue, a.content):
            if span is not None:
                assert text[span.start:span.end] == span.text


def test_metrics_have_the_fixed_keys_and_nan_without_attributions():
    metrics = sourcing_metrics([], words=100)
    assert set(metrics) == METRIC_KEYS
    assert metrics["attributions"] == 0
    assert math.isnan(metrics["share_named"]) and math.isnan(metrics["share_anonymous"])
    assert metrics["attributions_per_100_words"] == 0.0
    assert math.isnan(sourcing_metrics([], words=0)["attributions_per_100_words"])


def test_metrics_shares():
    text = ("Police Chief Dan Ko said the road would stay closed. Residents said they were not warned. "
            "“We had no notice at all,” one neighbor said.")
    metrics = sourcing_metrics(find_attributions(text), words=25)
    assert metrics["attributions"] == 3
    assert metrics["attributions_named_person"] == 1
    assert metrics["share_unnamed_group"] == pytest.approx(1 / 3)
    assert metrics["share_direct"] == pytest.approx(1 / 3)
    assert metrics["share_official"] == pytest.approx(1 / 3)
    assert metrics["attributions_per_100_words"] == pytest.approx(12.0)
    assert metrics["sources_unique"] == 3


def test_every_type_is_one_of_the_codebook_types():
    text = ("Officials said the dam held. A study found levels were safe. Sources said a report was due. "
            "A farmer said the fields flooded. The agency said repairs begin soon.")
    assert {a.source_type for a in find_attributions(text)} <= set(SOURCE_TYPES)


def test_to_dict_is_plain():
    d = only("The plant will close, the company said.").to_dict()
    assert d["source"]["text"] == "the company" and d["in_title"] is False


def test_a_shared_participle_keeps_the_type_of_the_source_before_it():
    found = find_attributions("A league spokesperson said the hit would be reviewed, adding that no decision had "
                              "been made.")
    assert [(a.cue.text, a.source_type, a.source_name) for a in found] == [
        ("said", "unnamed_person", None), ("adding", "unnamed_person", None)]


def test_a_negated_conclusion_reports_nothing_and_an_inquiry_is_a_document():
    text = ("A government source said ministers were concerned. The source spoke on condition of anonymity because "
            "the inquiry had not concluded. The inquiry concluded in May that the crew had been negligent.")
    found = [(a.cue.text, a.source_type) for a in find_attributions(text)]
    assert found == [("said", "anonymous"), ("concluded", "document")]
