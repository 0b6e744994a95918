"""Corrected shares: the estimator reduces to Rogan-Gladen, recovers a known true share in a
simulation where the tool misses, mislabels and invents attributions, and refuses tiny samples."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from audit.validation import Agreement, corrected
from audit.validation.units import UNIT_COLUMNS


def make_agreement(units: list[tuple]) -> Agreement:
    """An Agreement from (article_id, tool_type, annotated_type, outcome) units of attributions."""
    frame = pd.DataFrame([(a, "attribution", None, None, None, t, False, None, None, None, g, False, o)
                          for a, t, g, o in units], columns=UNIT_COLUMNS)
    articles = tuple(dict.fromkeys(a for a, *_ in units))
    table = pd.DataFrame({"kind": ["attribution"], "label": ["all"]})
    return Agreement(table, pd.DataFrame(), float("nan"), frame, articles)


def corpus(shares: dict[str, tuple[int, int]]) -> pd.DataFrame:
    """A corpus table: per outlet, (anonymous, attributions) split evenly over 20 articles."""
    rows = []
    for outlet, (anonymous, total) in shares.items():
        for i in range(20):
            rows.append({"outlet": outlet, "attributions": total // 20 + (i < total % 20),
                         "attributions_anonymous": anonymous // 20 + (i < anonymous % 20)})
    return pd.DataFrame(rows)


def test_with_perfect_detection_the_correction_is_rogan_gladen():
    # 10 articles; 10 true anonymous attributions (8 typed anonymous: Se = 0.8) and 40 others
    # (4 typed anonymous: 1 - Sp = 0.1); every attribution found, none invented.
    units = []
    for i in range(10):
        article = f"v{i}"
        units.append((article, "anonymous" if i < 8 else "named_person", "anonymous", "both"))
        units += [(article, "anonymous" if j == 0 and i < 4 else "named_person", "named_person", "both")
                  for j in range(4)]
    table = corrected(corpus({"The Ledger": (300, 1000)}), make_agreement(units), "share_anonymous", n_boot=300)
    row = table.iloc[0]
    assert row.observed == pytest.approx(0.3)
    assert row.estimate == pytest.approx((0.3 - 0.1) / (0.8 - 0.1))
    assert row.low < row.estimate < row.high
    assert row.validation_articles == 10 and row.validation_cases == 10
    assert "Rogan-Gladen" in row.method


def simulate(rng, articles: int, share: float):
    """True attributions per article; the tool finds anonymous ones less often, mislabels some, invents a few."""
    units, counts = [], []
    for i in range(articles):
        found = anonymous_found = 0
        for _ in range(1 + rng.poisson(8)):
            true_anonymous = rng.random() < share
            seen = rng.random() < (0.6 if true_anonymous else 0.95)
            typed_anonymous = rng.random() < (0.7 if true_anonymous else 0.02)
            truth = "anonymous" if true_anonymous else "named_person"
            if seen:
                tool = "anonymous" if typed_anonymous else "unnamed_person"
                units.append((f"a{i}", tool, truth, "both"))
                found += 1
                anonymous_found += tool == "anonymous"
            else:
                units.append((f"a{i}", None, truth, "annotator only"))
        for _ in range(rng.poisson(0.6)):
            tool = "anonymous" if rng.random() < 0.1 else "unnamed_group"
            units.append((f"a{i}", tool, None, "tool only"))
            found += 1
            anonymous_found += tool == "anonymous"
        counts.append((anonymous_found, found))
    return units, pd.DataFrame(counts, columns=["attributions_anonymous", "attributions"])


def test_a_simulated_corpus_with_a_known_share_is_recovered():
    rng = np.random.default_rng(11)
    true_share = 0.2
    validation_units, _ = simulate(rng, 80, true_share)
    _, scores = simulate(rng, 600, true_share)
    row = corrected(scores, make_agreement(validation_units), "share_anonymous", n_boot=1000).iloc[0]
    assert row.observed < true_share - 0.05  # the tool's own figure is far off...
    assert row.estimate == pytest.approx(true_share, abs=0.025)  # ...the corrected one is not
    assert row.low <= true_share <= row.high
    assert row.high - row.low > row.observed_high - row.observed_low  # it carries the validation's uncertainty


def test_the_interval_covers_the_true_share_in_repeated_simulations():
    rng = np.random.default_rng(5)
    true_share, runs, covered = 0.15, 40, 0
    for _ in range(runs):
        validation_units, _ = simulate(rng, 40, true_share)
        _, scores = simulate(rng, 200, true_share)
        row = corrected(scores, make_agreement(validation_units), "share_anonymous", n_boot=400).iloc[0]
        covered += row.low <= true_share <= row.high
    assert covered / runs >= 0.85


def test_too_small_a_validation_sample_is_refused_with_the_reason():
    rng = np.random.default_rng(2)
    units, scores = simulate(rng, 6, 0.2)
    with pytest.raises(ValueError, match="6 article\\(s\\); at least 10 are needed"):
        corrected(scores, make_agreement(units), "share_anonymous")
    units, scores = simulate(rng, 12, 0.02)
    with pytest.raises(ValueError, match="only \\d attribution\\(s\\) with the label 'anonymous'"):
        corrected(scores, make_agreement(units), "share_anonymous")


def test_a_tool_no_better_than_chance_is_refused():
    units = []
    for i in range(12):
        units += [(f"v{i}", "anonymous", "anonymous", "both"), (f"v{i}", "named_person", "anonymous", "both"),
                  (f"v{i}", "anonymous", "named_person", "both"), (f"v{i}", "named_person", "named_person", "both")]
    with pytest.raises(ValueError, match="no better than chance"):
        corrected(corpus({"A": (100, 400)}), make_agreement(units), "share_anonymous")


def test_one_corrected_share_per_group_and_only_for_attribution_shares():
    rng = np.random.default_rng(3)
    validation_units, _ = simulate(rng, 60, 0.2)
    agreement = make_agreement(validation_units)
    table = corrected(corpus({"Quiet Gazette": (0, 400), "Busy Bugle": (120, 400)}), agreement,
                      "share_anonymous", by="outlet", n_boot=300)
    assert list(table.index) == ["Busy Bugle", "Quiet Gazette"]
    quiet = table.loc["Quiet Gazette"]
    assert quiet.observed == 0 and quiet.estimate == 0.0 and "clipped" in quiet.note  # not a negative share
    with pytest.raises(ValueError, match="share_named or share_official"):
        corrected(corpus({"A": (1, 4)}), agreement, "hedges_per_100_words_reporter")


def test_a_correction_too_fragile_to_say_anything_is_refused():
    # 10 articles, 6 true anonymous attributions of which the tool types only 2 anonymous, and it types 2
    # of 60 others anonymous: in many resamples the tool looks no better than chance.
    units = []
    for i in range(10):
        article = f"v{i}"
        if i < 6:
            units.append((article, "anonymous" if i < 2 else "named_person", "anonymous", "both"))
        units += [(article, "anonymous" if (i, j) in {(7, 0), (8, 0)} else "named_person", "named_person", "both")
                  for j in range(6)]
    with pytest.raises(ValueError, match="undefined in \\d+% of bootstrap resamples"):
        corrected(corpus({"A": (50, 400)}), make_agreement(units), "share_anonymous", n_boot=500)
