"""Corpus charts: each returns its Axes, titled and labelled with units, drawing what the table holds."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402

from audit import plots  # noqa: E402

TYPES = ("named_person", "named_organization", "unnamed_person", "unnamed_group", "anonymous", "document")


def corpus_table(rows_per_outlet: int = 6) -> pd.DataFrame:
    """A small corpus table shaped like audit_corpus's, with counts made up for the test."""
    rng = np.random.default_rng(7)
    rows = []
    outlets = ("Bay Courier", "Granite Times", "The $1 Daily")
    for o, outlet in enumerate(outlets):
        for i in range(rows_per_outlet):
            counts = rng.integers(0, 5, size=len(TYPES))
            row = {"id": f"{o}-{i}", "outlet": outlet, "title": f"Story {i} costs $3", "words": 500,
                   "date": pd.Timestamp("2022-01-15") + pd.Timedelta(days=int(150 * i + 20 * o))}
            row.update({f"attributions_{t}": int(c) for t, c in zip(TYPES, counts)})
            row["attributions"] = int(counts.sum())
            total = row["attributions"]
            for t in TYPES:
                row[f"share_{t}"] = row[f"attributions_{t}"] / total if total else float("nan")
            row["share_official"] = (counts[0] + counts[1]) / total / 2 if total else float("nan")
            row["hedges_reporter"] = int(rng.integers(0, 6))
            row["hedges_per_100_words_reporter"] = row["hedges_reporter"] / 4.5
            row["flesch_reading_ease"] = float(rng.uniform(35, 70))
            rows.append(row)
    # an article with no attributions: its shares are undefined (NaN), not 0
    rows.append({**rows[0], "id": "empty", **{f"attributions_{t}": 0 for t in TYPES}, "attributions": 0,
                 **{f"share_{t}": float("nan") for t in TYPES}, "share_official": float("nan")})
    return pd.DataFrame(rows)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def assert_labelled(ax: Axes) -> None:
    assert isinstance(ax, Axes)
    assert ax.get_title().strip()
    assert ax.get_xlabel().strip()
    if not ax.get_ylabel().strip():  # then the ticks must name the rows (outlets, ...)
        ax.figure.canvas.draw()
        assert any(t.get_text().strip() for t in ax.get_yticklabels()), "no y label and no named y ticks"


def test_sourcing_mix_stacks_four_parts_per_outlet_and_marks_official():
    df = corpus_table()
    ax = plots.sourcing_mix(df, by="outlet")
    assert_labelled(ax)
    assert len(ax.patches) == 4 * 3  # named, unnamed, anonymous, document for each of 3 outlets
    assert len(ax.lines) == 1  # the official markers
    assert "%" in ax.get_xlabel()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Bay Courier", "Granite Times", r"The \$1 Daily"]


def test_sourcing_mix_pools_counts_so_bars_reach_100_percent():
    df = corpus_table()
    ax = plots.sourcing_mix(df)
    first_bar = [p for p in ax.patches if abs(p.get_y() + p.get_height() / 2) < 1e-9]
    assert sum(p.get_width() for p in first_bar) == pytest.approx(100.0)
    bay = df[df.outlet == "Bay Courier"]
    expected_named = 100 * (bay.attributions_named_person.sum() + bay.attributions_named_organization.sum()) \
        / bay.attributions.sum()
    assert first_bar[0].get_width() == pytest.approx(expected_named)


def test_sourcing_mix_falls_back_to_mean_shares_without_counts():
    df = corpus_table().drop(columns=["attributions"])
    ax = plots.sourcing_mix(df, by="outlet")
    assert "mean of articles" in ax.get_xlabel()
    assert len(ax.patches) == 12


def test_anonymous_over_time_draws_one_line_per_group_by_quarter():
    df = corpus_table()
    ax = plots.anonymous_over_time(df, freq="Q", by="outlet")
    assert_labelled(ax)
    assert len(ax.lines) == 3
    assert "quarter" in ax.get_xlabel() and "%" in ax.get_ylabel()
    single = plots.anonymous_over_time(df, freq="Y", ax=plt.subplots()[1])
    assert len(single.lines) == 1 and "year" in single.get_xlabel()
    years = pd.to_datetime(df["date"]).dt.year
    pooled = [100 * df.attributions_anonymous[years == y].sum() / df.attributions[years == y].sum()
              for y in sorted(years.unique())]
    assert single.lines[0].get_ydata() == pytest.approx(pooled)


def test_hedging_vs_readability_one_scatter_per_outlet_with_every_article():
    df = corpus_table()
    ax = plots.hedging_vs_readability(df, hue="outlet")
    assert_labelled(ax)
    scatters = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(scatters) == 3
    assert sum(len(c.get_offsets()) for c in scatters) == len(df)
    assert "Flesch" in ax.get_xlabel() and "per 100 words" in ax.get_ylabel()


def test_metric_by_outlet_shows_distribution_and_counts_undefined_values():
    df = corpus_table()
    ax = plots.metric_by_outlet(df, "share_anonymous")
    assert_labelled(ax)
    assert "% of body attributions" in ax.get_ylabel()
    scatters = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(scatters) == 3
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert any("1 n/a" in label for label in labels)  # the article with no attributions
    plotted = np.concatenate([c.get_offsets()[:, 1] for c in scatters])
    assert plotted.max() <= 100.0 and np.nanmean(plotted) == pytest.approx(100 * df.share_anonymous.mean())


def test_article_profile_from_a_row_and_from_an_audit():
    df = corpus_table()
    ax = plots.article_profile(df.iloc[0])
    assert_labelled(ax)
    assert len(ax.patches) == 11
    widths = {t.get_text(): p.get_width() for t, p in zip(ax.get_yticklabels(), ax.patches)}
    assert widths["anonymous"] == df.iloc[0]["attributions_anonymous"]
    assert r"\$3" in ax.get_title()

    from audit.article import audit_text

    audit = audit_text("Tunnel Plan Stalls\n\nThe tunnel will cost more, the council said.\n")
    ax2 = plots.article_profile(audit, ax=plt.subplots()[1])
    assert ax2.get_title().startswith("Tunnel Plan Stalls")


def test_missing_columns_are_named_in_the_error():
    with pytest.raises(KeyError, match="flesch_reading_ease"):
        plots.hedging_vs_readability(pd.DataFrame({"outlet": ["A"], "hedges_per_100_words_reporter": [1.0]}))


def test_palette_is_okabe_ito():
    assert plots.OKABE_ITO[:3] == ("#0072B2", "#E69F00", "#009E73")
    assert len(set(plots.OKABE_ITO)) == 8


def test_share_by_group_draws_an_interval_for_every_outlet_even_one_with_no_case():
    df = corpus_table()
    df.loc[df.outlet == "Granite Times", "attributions_anonymous"] = 0  # no anonymous source at all
    ax = plots.share_by_group(df, "share_anonymous", by="outlet")
    assert_labelled(ax)
    assert "pooled" in ax.get_xlabel()
    bars = [c for c in ax.containers if c.has_xerr]
    assert len(bars) == 3  # Granite Times too: its interval is 0 to more than 0, drawn as a bar
    granite = bars[[t.get_text().startswith("Granite") for t in ax.get_yticklabels()].index(True)]
    segment = granite.lines[2][0].get_segments()[0]
    assert segment[0][0] == 0.0 and segment[1][0] > 0.0
    assert not ax.texts  # nothing degenerate
    averaged = plots.share_by_group(df, "share_anonymous", by="outlet", how="articles")
    assert "mean of articles" in averaged.get_xlabel()


def test_interval_chart_marks_a_degenerate_interval_instead_of_drawing_certainty():
    table = pd.DataFrame({"estimate": [0.0, 0.3], "low": [0.0, 0.2], "high": [0.0, 0.4],
                          "degenerate": [True, False], "articles": [10, 10]}, index=["Quiet Gazette", "Busy Bugle"])
    ax = plots.interval_chart(table, label="anonymous share")
    assert [t.get_text() for t in ax.texts] == ["interval not informative"]
    assert len([c for c in ax.containers if c.has_xerr]) == 1
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Quiet Gazette (n=10)", "Busy Bugle (n=10)"]
