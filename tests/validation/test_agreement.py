"""Agreement of the tool with an annotator: a small case computed by hand, then the edges."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from audit.validation import KINDS, Annotations, agreement, cohen_kappa, prf

COLUMNS = ["article_id", "kind", "start", "end", "text", "source_type", "official"]


def frame(rows) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["official"] = out["official"].astype("boolean")
    return out


# The tool's findings and an annotator's, on two articles (only the offsets matter here).
TOOL = frame([
    ("a1", "attribution", 0, 10, "x" * 10, "named_person", True),     # T1: right
    ("a1", "attribution", 20, 30, "x" * 10, "anonymous", False),      # T2: found, but an unnamed person
    ("a1", "attribution", 40, 50, "x" * 10, "unnamed_group", False),  # T3: not an attribution
    ("a1", "hedge", 60, 63, "may", None, None),                       # T4: right
    ("a1", "hedge", 70, 75, "about", None, None),                     # T5: not a hedge
    ("a2", "attribution", 0, 8, "x" * 8, "document", False),          # T6: right
    ("a2", "attribution", 20, 28, "x" * 8, "anonymous", False),       # T7: right
    ("a2", "weasel", 30, 35, "x" * 5, None, None),                    # T8: the annotator calls it a hedge
])
ANNOTATED = frame([
    ("a1", "attribution", 0, 10, "x" * 10, "named_person", True),     # = T1
    ("a1", "attribution", 22, 30, "x" * 8, "unnamed_person", False),  # overlaps T2
    ("a1", "attribution", 80, 90, "x" * 10, "anonymous", False),      # missed by the tool
    ("a1", "hedge", 60, 63, "may", None, None),                       # = T4
    ("a2", "attribution", 0, 8, "x" * 8, "document", False),          # = T6
    ("a2", "attribution", 20, 28, "x" * 8, "anonymous", False),       # = T7
    ("a2", "hedge", 30, 35, "x" * 5, None, None),                     # T8's place, another kind
    ("a2", "hedge", 50, 55, "x" * 5, None, None),                     # missed
])


@pytest.fixture(scope="module")
def result():
    return agreement(TOOL, Annotations(ANNOTATED, ("a1", "a2"), "test", ("ann",), KINDS), n_boot=500, seed=3)


def row(result, kind, label="all"):
    table = result.table
    return table[(table.kind == kind) & (table.label == label)].iloc[0]


def test_counts_and_scores_per_kind_equal_the_hand_computation(result):
    attributions = row(result, "attribution")
    assert (attributions.tool, attributions.annotated, attributions.both) == (5, 5, 4)
    assert attributions.precision == pytest.approx(4 / 5) and attributions.recall == pytest.approx(4 / 5)
    hedges = row(result, "hedge")
    assert (hedges.tool, hedges.annotated, hedges.both) == (2, 3, 1)
    assert hedges.precision == pytest.approx(1 / 2) and hedges.recall == pytest.approx(1 / 3)
    assert hedges.f1 == pytest.approx(2 * 1 / (2 * 1 + 1 + 2))
    weasels = row(result, "weasel")
    assert (weasels.tool, weasels.annotated, weasels.precision) == (1, 0, 0.0) and math.isnan(weasels.recall)
    family = row(result, "hedging", "any kind")  # a weasel marked as a hedge still counts as found here
    assert (family.tool, family.annotated, family.both) == (3, 3, 2)


def test_source_types_count_a_mistyped_attribution_against_both_types(result):
    anonymous = row(result, "attribution", "anonymous")
    assert (anonymous.tool, anonymous.annotated, anonymous.both) == (2, 2, 1)  # T2 is FP, the missed one FN
    assert anonymous.precision == 0.5 and anonymous.recall == 0.5
    unnamed_person = row(result, "attribution", "unnamed_person")
    assert (unnamed_person.tool, unnamed_person.annotated, unnamed_person.recall) == (0, 1, 0.0)
    assert math.isnan(unnamed_person.precision)
    unnamed_group = row(result, "attribution", "unnamed_group")
    assert (unnamed_group.tool, unnamed_group.precision) == (1, 0.0)
    assert row(result, "attribution", "named_person").f1 == 1.0
    official = row(result, "attribution", "official")
    assert (official.tool, official.annotated, official.both) == (1, 1, 1)


def test_kappa_on_attributions_both_found_equals_the_hand_computation(result):
    # Matched pairs: (np, np), (anon, unp), (doc, doc), (anon, anon): p_o = 3/4;
    # p_e = .25 * .25 (np) + .5 * .25 (anon) + .25 * .25 (doc) = 1/4; kappa = (3/4 - 1/4) / (3/4) = 2/3.
    assert result.kappa == pytest.approx(2 / 3)
    assert row(result, "attribution").kappa == pytest.approx(2 / 3)


def test_confusion_table_puts_the_tool_in_rows_and_the_annotator_in_columns(result):
    confusion = result.confusion
    assert confusion.loc["anonymous", "unnamed_person"] == 1
    assert confusion.loc["anonymous", "anonymous"] == 1
    assert confusion.loc["unnamed_group", "(none)"] == 1  # the tool's false find
    assert confusion.loc["(none)", "anonymous"] == 1  # the tool's miss
    assert int(confusion.to_numpy().sum()) == 6


def test_intervals_resample_articles_reproducibly(result):
    again = agreement(TOOL, Annotations(ANNOTATED, ("a1", "a2"), "test", ("ann",), KINDS), n_boot=500, seed=3)
    pd.testing.assert_frame_equal(result.table, again.table)
    attributions = row(result, "attribution")
    assert 0 <= attributions.precision_low <= attributions.precision <= attributions.precision_high <= 1
    assert attributions.articles == 2


def test_one_article_gives_no_interval_rather_than_a_false_one():
    one = ANNOTATED[ANNOTATED.article_id == "a1"]
    result = agreement(TOOL, Annotations(one, ("a1",), "test", ("ann",)), n_boot=200)
    attributions = row(result, "attribution")
    assert attributions.precision == pytest.approx(2 / 3)
    assert math.isnan(attributions.precision_low) and math.isnan(attributions.precision_high)


def test_an_article_with_no_annotation_counts_every_tool_find_as_wrong():
    result = agreement(TOOL, Annotations(ANNOTATED.iloc[0:0], ("a2",), "test", ("ann",)),
                       kinds=["attribution"], n_boot=100)
    attributions = row(result, "attribution")
    assert (attributions.tool, attributions.both, attributions.precision) == (2, 0, 0.0)


def test_disagreements_list_the_finds_to_read(result):
    differ = result.disagreements("attribution")
    assert sorted(differ["outcome"]) == ["annotator only", "both", "tool only"]
    assert set(differ.loc[differ.outcome == "both", "annotated_type"]) == {"unnamed_person"}


def test_several_annotators_must_be_compared_one_at_a_time():
    two = pd.concat([ANNOTATED.assign(annotator="ana"), ANNOTATED.assign(annotator="ben")])
    annotations = Annotations(two, ("a1", "a2"), "test", ("ana", "ben"))
    with pytest.raises(ValueError, match="2 annotators"):
        agreement(TOOL, annotations)
    assert row(agreement(TOOL, annotations.only("ben"), n_boot=50), "attribution").both == 4
    with pytest.raises(KeyError, match="ana"):
        annotations.only("cleo")


def test_prf_and_kappa_edges():
    assert prf(0, 0, 0) == pytest.approx((math.nan, math.nan, math.nan), nan_ok=True)
    assert cohen_kappa(["a", "b"], ["a", "b"]) == 1.0
    assert math.isnan(cohen_kappa(["a", "a"], ["a", "a"]))  # chance agreement is total
    with pytest.raises(ValueError, match="same length"):
        cohen_kappa(["a"], [])


def test_agreement_on_real_audits_needs_every_annotated_article(results):
    annotations = Annotations(ANNOTATED.assign(article_id="nowhere"), ("nowhere",), "test", ("ann",))
    with pytest.raises(KeyError, match="nowhere"):
        agreement(results, annotations)
