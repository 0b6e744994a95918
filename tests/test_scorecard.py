"""The sourcing transparency index: formula, weights, NaN when there is nothing to score."""
from __future__ import annotations

import math

import pytest

from audit.config import DEFAULT_TRANSPARENCY_WEIGHTS, AuditConfig
from audit.scorecard import transparency_metrics, transparency_weights


def shares(named=0.0, document=0.0, unnamed_person=0.0, unnamed_group=0.0, anonymous=0.0, official=0.0,
           unattributed=math.nan) -> dict:
    return {
        "share_named": named, "share_document": document, "share_unnamed_person": unnamed_person,
        "share_unnamed_group": unnamed_group, "share_anonymous": anonymous, "share_official": official,
        "share_checkworthy_unattributed": unattributed,
    }


def index(metrics, weights=None) -> float:
    return transparency_metrics(metrics, weights)["transparency_index"]


def test_all_named_sources_and_every_claim_attributed_scores_one():
    assert index(shares(named=1.0, unattributed=0.0)) == 1.0


def test_all_anonymous_sources_and_no_claim_attributed_scores_zero():
    assert index(shares(anonymous=1.0, unattributed=1.0)) == 0.0


def test_half_anonymous_sourcing_and_half_unattributed_claims_scores_half():
    assert index(shares(named=0.5, anonymous=0.5, unattributed=0.5)) == pytest.approx(0.5)


def test_unnamed_sources_earn_half_credit_with_default_weights():
    assert index(shares(unnamed_person=0.5, unnamed_group=0.5)) == pytest.approx(0.5)


def test_nothing_to_score_is_nan_not_zero():
    # A wire brief with no attributions and no check-worthy claims is not opaque: it is unscored.
    assert math.isnan(index(shares(named=math.nan, anonymous=math.nan)))
    assert math.isnan(index({}))


def test_without_attributions_the_claims_part_alone_decides():
    metrics = shares(named=math.nan, unattributed=1.0)
    assert index(metrics) == 0.0


def test_without_checkworthy_claims_the_sourcing_part_alone_decides():
    assert index(shares(named=0.5, document=0.5)) == 1.0
    assert index(shares(named=0.5, anonymous=0.5)) == pytest.approx(0.5)


def test_official_bonus_is_clipped_to_one():
    assert index(shares(named=1.0, official=1.0, unattributed=0.0)) == 1.0


def test_official_sources_raise_the_index_when_the_rest_is_equal():
    assert index(shares(unnamed_group=1.0, official=1.0)) > index(shares(unnamed_group=1.0))


def test_weights_come_from_the_config():
    config = AuditConfig(transparency_weights={**DEFAULT_TRANSPARENCY_WEIGHTS, "anonymous": 1.0})
    assert index(shares(anonymous=1.0), config.transparency_weights) == 1.0


def test_partial_weights_overlay_the_defaults():
    assert transparency_weights({"unnamed": 0.2})["named"] == DEFAULT_TRANSPARENCY_WEIGHTS["named"]
    assert index(shares(unnamed_person=1.0), {"unnamed": 0.2}) == pytest.approx(0.2)


def test_unknown_weight_name_is_an_error_not_a_silent_zero():
    with pytest.raises(ValueError, match="unknown transparency weight"):
        transparency_metrics(shares(named=1.0), {"nammed": 1.0})


def test_negative_part_weight_is_rejected():
    with pytest.raises(ValueError, match="must not be negative"):
        transparency_weights({"claims": -1})


def test_result_is_a_single_key_in_the_schema():
    from audit.schema import METRIC_COLUMNS

    result = transparency_metrics(shares(named=1.0))
    assert list(result) == ["transparency_index"]
    assert "transparency_index" in METRIC_COLUMNS


def test_official_bonus_cannot_make_up_for_unattributed_claims():
    # All sources named officials (sourcing part capped at 1), half the check-worthy claims bare.
    assert index(shares(named=1.0, official=1.0, unattributed=0.5)) == pytest.approx(0.75)
