"""Intervals for corpus figures: Wilson (cluster-adjusted) for shares, a bootstrap for means that
says when it is degenerate. Degenerate cases first: they are what the notebooks got wrong."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from audit.intervals import (Interval, bootstrap_difference, bootstrap_mean, means_by, share_interval, shares_by,
                             wilson)

Z95 = 1.959963984540054


def test_wilson_matches_the_published_values_for_3_of_10():
    # Newcombe (1998), Table I: 0.1078 to 0.6032 for 3/10... recomputed from the closed form.
    interval = wilson(3, 10)
    assert interval.estimate == 0.3
    assert interval.low == pytest.approx(0.1078, abs=1e-4)
    assert interval.high == pytest.approx(0.6032, abs=1e-4)


def test_wilson_with_no_case_in_n_trials_has_a_positive_upper_end():
    interval = wilson(0, 40)
    assert interval.low == 0.0
    assert interval.high == pytest.approx(Z95 ** 2 / (40 + Z95 ** 2))
    assert not interval.degenerate


def test_wilson_refuses_impossible_counts_and_confidence():
    with pytest.raises(ValueError, match="successes <= trials"):
        wilson(5, 3)
    with pytest.raises(ValueError, match="confidence"):
        wilson(1, 3, confidence=95)


def test_an_outlet_whose_articles_all_score_zero_gets_an_honest_interval():
    """Ten articles without an anonymous source: not 0 to 0, and the upper end shrinks with more attributions."""
    few = share_interval([0] * 10, [2] * 10)
    many = share_interval([0] * 10, [20] * 10)
    for interval in (few, many):
        assert interval.estimate == 0.0 and interval.low == 0.0
        assert interval.high > 0.0
        assert not interval.degenerate
        assert "independent" in interval.note
    assert few.high > many.high
    assert few.high == pytest.approx(Z95 ** 2 / (20 + Z95 ** 2))


def test_pooled_and_article_averaged_shares_differ_as_computed_by_hand():
    counts, totals = [1, 9], [1, 30]  # one article: 1 of 1 anonymous; the other 9 of 30
    pooled = share_interval(counts, totals, how="pooled")
    averaged = share_interval(counts, totals, how="articles")
    assert pooled.estimate == pytest.approx(10 / 31)
    assert averaged.estimate == pytest.approx((1.0 + 0.3) / 2)
    assert "pooled" in pooled.method and "articles" in averaged.method


def test_articles_without_attributions_are_left_out_of_both_shares():
    interval = share_interval([0, 2, 1], [0, 4, 2], how="articles")
    assert interval.articles == 2
    assert interval.estimate == pytest.approx(0.5)


def test_clustered_articles_widen_the_interval_beyond_independent_attributions():
    """Half the articles all anonymous, half none: the attributions are far from independent."""
    clustered = share_interval([10, 0, 10, 0, 10, 0], [10] * 6)
    independent = wilson(30, 60)
    assert clustered.estimate == independent.estimate == 0.5
    assert clustered.high - clustered.low > 2 * (independent.high - independent.low)
    assert clustered.units < 60


def test_effective_size_never_exceeds_the_number_of_attributions():
    even = share_interval([2, 2, 2, 2], [10, 10, 10, 10])  # less spread than binomial: capped at 40
    assert even.units == pytest.approx(40)
    assert even.low == pytest.approx(wilson(8, 40).low)


def test_cluster_adjusted_interval_covers_the_true_share_where_plain_wilson_does_not():
    """Simulated outlets whose articles differ (beta-binomial): the adjusted interval keeps its promise."""
    rng = np.random.default_rng(7)
    true_share, articles, runs = 0.15, 12, 600
    covered_adjusted = covered_plain = 0
    for _ in range(runs):
        per_article = rng.beta(0.6, 0.6 * (1 - true_share) / true_share, size=articles)
        totals = rng.integers(3, 25, size=articles)
        counts = rng.binomial(totals, per_article)
        adjusted = share_interval(counts, totals)
        plain = wilson(counts.sum(), totals.sum())
        # The pooled estimator targets the attribution-weighted share; with per-article shares drawn
        # independently of the totals, that is the true share.
        covered_adjusted += adjusted.low <= true_share <= adjusted.high
        covered_plain += plain.low <= true_share <= plain.high
    assert covered_adjusted / runs >= 0.88
    assert covered_plain / runs < covered_adjusted / runs - 0.1


def test_share_interval_refuses_bad_input():
    with pytest.raises(ValueError, match="between 0 and its article's total"):
        share_interval([3], [2])
    with pytest.raises(ValueError, match="how must be one of"):
        share_interval([1], [2], how="mean")
    with pytest.raises(ValueError, match="one count per total"):
        share_interval([1, 2], [2])


def test_no_attributions_at_all_is_nan_and_says_so():
    interval = share_interval([0, 0], [0, 0])
    assert math.isnan(interval.estimate) and interval.degenerate
    assert interval.note == "no attributions to count"


def test_bootstrap_of_identical_values_is_flagged_degenerate():
    interval = bootstrap_mean([0.0] * 10)
    assert (interval.low, interval.high) == (0.0, 0.0)
    assert interval.degenerate
    assert "all 10 articles score 0" in interval.note and "not certainty" in interval.note
    assert not interval.excludes(0.5)


def test_bootstrap_of_one_article_is_degenerate_and_nan_values_are_left_out():
    interval = bootstrap_mean([2.5, float("nan"), None])
    assert interval.degenerate and interval.articles == 1
    assert interval.note.startswith("one article")


def test_bootstrap_mean_is_reproducible_and_brackets_the_mean():
    values = [0.1, 0.4, 0.35, 0.0, 0.8, 0.2]
    first, second = bootstrap_mean(values, seed=3), bootstrap_mean(values, seed=3)
    assert first == second
    assert first.low < first.estimate < first.high
    assert not first.degenerate


def test_a_difference_against_a_constant_group_never_counts_as_clear():
    zeros = [0.0] * 10
    others = [0.3, 0.5, 0.4, 0.6, 0.45, 0.35, 0.5, 0.55]
    difference = bootstrap_difference(zeros, others)
    assert difference.high < 0  # the percentile interval alone would call it clear...
    assert difference.degenerate and not difference.excludes(0.0)  # ...but it is degenerate
    assert "first group" in difference.note


def test_means_by_reports_cannot_tell_for_a_degenerate_outlet():
    df = pd.DataFrame({"outlet": ["Quiet Gazette"] * 5 + ["Busy Bugle"] * 5,
                       "share_anonymous": [0.0] * 5 + [0.2, 0.4, 0.3, 0.5, 0.25]})
    table = means_by(df, "share_anonymous")
    assert table.loc["Quiet Gazette", "degenerate"]
    assert table.loc["Quiet Gazette", "different"] == "cannot tell"
    assert table.loc["Busy Bugle", "different"] == "cannot tell"  # its "rest" is the constant group


def test_means_by_finds_a_clear_difference_between_spread_out_groups():
    rng = np.random.default_rng(1)
    df = pd.DataFrame({"outlet": ["A"] * 20 + ["B"] * 20,
                       "hedges_per_100_words_reporter": np.r_[rng.normal(1, 0.2, 20), rng.normal(3, 0.2, 20)]})
    table = means_by(df, "hedges_per_100_words_reporter")
    assert table.loc["A", "different"] == table.loc["B", "different"] == "yes"
    assert table.loc["A", "diff_high"] < 0 < table.loc["B", "diff_low"]


def test_shares_by_pools_counts_and_keeps_every_group():
    df = pd.DataFrame({"outlet": ["Quiet Gazette", "Quiet Gazette", "Busy Bugle", "Busy Bugle"],
                       "attributions": [4, 6, 5, 5], "attributions_anonymous": [0, 0, 2, 3],
                       "share_official": [0.5, 0.5, 0.2, 0.4]})
    anonymous = shares_by(df, "share_anonymous")
    assert list(anonymous.index) == ["Busy Bugle", "Quiet Gazette"]
    assert anonymous.loc["Busy Bugle", "estimate"] == pytest.approx(0.5)
    assert anonymous.loc["Quiet Gazette", "high"] > 0
    assert anonymous.loc["Quiet Gazette", "attributions"] == 10
    official = shares_by(df, "share_official")  # no count column: share times attributions
    assert official.loc["Quiet Gazette", "estimate"] == pytest.approx(0.5)
    assert official.loc["Busy Bugle", "estimate"] == pytest.approx(0.3)
    averaged = shares_by(df, "anonymous", how="articles", by=None)
    assert averaged.index.tolist() == ["all"]


def test_shares_by_names_a_missing_column():
    with pytest.raises(KeyError, match="attributions"):
        shares_by(pd.DataFrame({"outlet": ["A"], "share_anonymous": [0.1]}), "share_anonymous")


def test_interval_record_is_frozen_and_serialisable():
    interval = Interval(0.2, 0.1, 0.3, 0.95, "wilson", 3, 30.0)
    with pytest.raises(AttributeError):
        interval.low = 0.0
    assert interval.to_dict()["method"] == "wilson"


def test_the_examples_in_the_docstrings_run():
    import doctest

    import audit.intervals

    assert doctest.testmod(audit.intervals, verbose=False).failed == 0
