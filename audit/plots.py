"""Charts of a corpus table: sourcing mix, anonymous sourcing over time, hedging against readability,
a metric's spread by outlet, and one article's profile.

Every function takes the DataFrame that :func:`audit.audit_corpus` returns (one row per article,
columns named as in :mod:`audit.schema`), draws on ``ax`` (a new figure when None) and returns
the matplotlib Axes, titled, with labelled axes and units. Colours come from the Okabe-Ito
palette, and groups are also told apart by marker shape or hatching, so the charts read for
people with colour-vision deficiencies and in greyscale print.

Shares across a group are *pooled*: the sum of its articles' attribution counts by type over
the sum of their attributions, so an article with one attribution does not weigh as much as
one with thirty. When a table has only the ``share_*`` columns (no counts), the mean of the
articles' shares is used instead, and the axis label says so.

Plots hold no analysis logic: they only aggregate columns the audit already computed.

Example:
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> df = pd.DataFrame({"outlet": ["A", "B"], "flesch_reading_ease": [55.0, 61.0],
    ...                    "hedges_per_100_words_reporter": [0.8, 1.9]})
    >>> hedging_vs_readability(df).get_title()
    'Hedging against readability'
"""
from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import pandas as pd

from .extras import import_extra

__all__ = [
    "OKABE_ITO",
    "SOURCING_MIX",
    "sourcing_mix",
    "anonymous_over_time",
    "hedging_vs_readability",
    "metric_by_outlet",
    "share_by_group",
    "interval_chart",
    "women_quoted",
    "women_quoted_over_time",
    "most_quoted",
    "article_profile",
    "metric_label",
]

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common colour-vision
# deficiencies. Yellow comes last: it is hard to see as a thin line on white.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442")
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
_HATCHES = ("", "//", "..", "xx", "\\\\", "++")

# The stacked parts of the sourcing mix. They partition the attributions (each attribution has
# exactly one source type), so they add up to 100 %. "Official" cuts across them (an official can
# be named, unnamed or anonymous), so it is drawn as a separate marker, not as a slice.
SOURCING_MIX: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("named", ("named_person", "named_organization"), "#0072B2"),
    ("unnamed", ("unnamed_person", "unnamed_group"), "#E69F00"),
    ("anonymous", ("anonymous",), "#D55E00"),
    ("document", ("document",), "#009E73"),
)

_UNITS = {
    "flesch_reading_ease": "score, 0-100, higher is easier",
    "flesch_kincaid_grade": "US school grade",
    "gunning_fog": "years of schooling",
    "smog_index": "US school grade",
    "coleman_liau_index": "US school grade",
    "automated_readability_index": "US school grade",
    "dale_chall_readability_score": "Dale-Chall score",
    "text_standard": "US school grade",
    "transparency_index": "index, 0-1",
}


def _axes(ax, figsize=(8, 4.5)):
    if ax is not None:
        return ax
    plt = import_extra("matplotlib.pyplot")

    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _unit(metric: str) -> str:
    if metric in _UNITS:
        return _UNITS[metric]
    if metric.startswith("share_"):
        return "% of body attributions" if "checkworthy" not in metric else "% of check-worthy claims"
    if "per_100_words" in metric:
        return "per 100 words"
    return "count per article"


def metric_label(metric: str) -> str:
    """A human label with units for a scorecard column, e.g. for an axis.

    Example:
        >>> metric_label("hedges_per_100_words_reporter")
        'hedges per 100 words reporter (per 100 words)'
    """
    return f"{metric.replace('_', ' ')} ({_unit(metric)})"


def _meaning(metric: str) -> str | None:
    try:
        from .schema import column
    except ImportError:  # the schema module is optional for plotting a hand-made table
        return None
    try:
        return column(metric).meaning
    except KeyError:
        return None


def _require(df: pd.DataFrame, columns) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise KeyError(f"the corpus table has no column(s) {missing}; expected the columns audit_corpus returns")


def _is_percent(metric: str) -> bool:
    return metric.startswith("share_")


def _pooled_shares(df: pd.DataFrame, by: str | None) -> tuple[pd.DataFrame, bool]:
    """Shares of each sourcing-mix part and of official sources, per group (pooled when counts exist)."""
    keys = [df[by].astype("string").fillna("(none)")] if by else [pd.Series("all", index=df.index)]
    parts = [name for name, _, _ in SOURCING_MIX] + ["official"]
    count_columns = ["attributions"] + [f"attributions_{t}" for _, types, _ in SOURCING_MIX for t in types]
    pooled = all(c in df.columns for c in count_columns)
    out = {}
    if pooled:
        counts = df[count_columns].astype("float64")
        official = df["share_official"].astype("float64") * counts["attributions"]
        grouped = pd.concat([counts, official.rename("official")], axis=1).groupby(keys[0], sort=True).sum(min_count=1)
        total = grouped["attributions"].where(grouped["attributions"] > 0)
        for name, types, _ in SOURCING_MIX:
            out[name] = grouped[[f"attributions_{t}" for t in types]].sum(axis=1) / total
        out["official"] = grouped["official"] / total
    else:
        _require(df, [f"share_{t}" for _, types, _ in SOURCING_MIX for t in types] + ["share_official"])
        shares = pd.DataFrame({name: df[[f"share_{t}" for t in types]].astype("float64").sum(axis=1, min_count=1)
                               for name, types, _ in SOURCING_MIX})
        shares["official"] = df["share_official"].astype("float64")
        grouped = shares.groupby(keys[0], sort=True).mean()
        out = {name: grouped[name] for name in parts}
    return pd.DataFrame(out)[parts], pooled


def sourcing_mix(df: pd.DataFrame, by: str = "outlet", *, ax=None):
    """Stacked bars: who the articles of each group rely on (named, unnamed, anonymous, document).

    The four parts add up to 100 % of the group's body attributions. Official sources (a mayor,
    a ministry, "a police spokesperson") overlap those parts, so their share is a black diamond
    on the same bar rather than a fifth slice.

    Args:
        df: the corpus table (``attributions`` and ``attributions_<type>`` counts for pooled
            shares, else the ``share_<type>`` columns), with a ``by`` column.
        by: the column to group by (outlet, section, author, ...); None for one bar.
        ax: the Axes to draw on; a new figure when None.

    Returns:
        The Axes: one bar per group, groups with no attributions left empty.

    Example:
        >>> import matplotlib; matplotlib.use("Agg")
        >>> df = pd.DataFrame({"outlet": ["A"], "attributions": [4], "attributions_named_person": [2],
        ...     "attributions_named_organization": [0], "attributions_unnamed_person": [0],
        ...     "attributions_unnamed_group": [1], "attributions_anonymous": [1],
        ...     "attributions_document": [0], "share_official": [0.5]})
        >>> len(sourcing_mix(df).patches)
        4
    """
    if by is not None:
        _require(df, [by])
    shares, pooled = _pooled_shares(df, by)
    ax = _axes(ax, figsize=(8, 0.55 * len(shares) + 2.2))
    positions = np.arange(len(shares))
    left = np.zeros(len(shares))
    for (name, _, colour), hatch in zip(SOURCING_MIX, _HATCHES):
        values = shares[name].fillna(0).to_numpy() * 100
        ax.barh(positions, values, left=left, color=colour, edgecolor="white", hatch=hatch, height=0.65,
                label=name)
        left += values
        for y, (start, width) in enumerate(zip(left - values, values)):
            if width >= 9:  # label a slice only where the number fits inside it
                ax.text(start + width / 2, y, f"{width:.0f}%", ha="center", va="center", fontsize="small",
                        color="white" if colour in ("#0072B2", "#D55E00") else "black",
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": colour, "edgecolor": "none"})
    ax.plot(shares["official"].to_numpy() * 100, positions - 0.45, linestyle="none", marker="v", color="black",
            markersize=7, label="official sources (overlap the others)")
    ax.set_yticks(positions, [_plain(g) for g in shares.index])
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of body attributions (%)" + ("" if pooled else ", mean of articles"))
    ax.set_ylabel(by if by else "")
    ax.set_title("Sourcing mix" + (f" by {by}" if by else ""))
    ax.set_ylim(len(shares) - 0.5, -0.75)  # first group on top; room above each bar for its official marker
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize="small",
              title="source type")
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    return ax


def anonymous_over_time(df: pd.DataFrame, freq: str = "Q", by: str | None = None, *, ax=None):
    """Share of attributions to anonymous sources per period (pooled), one line per group.

    Args:
        df: the corpus table with ``date`` and ``attributions``/``attributions_anonymous``
            (or ``share_anonymous``).
        freq: a pandas period frequency: "M" month, "Q" quarter, "Y" year.
        by: a column for one line per group (e.g. "outlet"); None for the whole corpus.
        ax: the Axes to draw on; a new figure when None.

    Returns:
        The Axes; periods with no attributions are gaps in the line.

    Example:
        >>> import matplotlib; matplotlib.use("Agg")
        >>> df = pd.DataFrame({"date": ["2023-01-05", "2023-05-01"], "attributions": [4, 5],
        ...                    "attributions_anonymous": [1, 0]})
        >>> len(anonymous_over_time(df).lines)
        1
    """
    _require(df, ["date"] + ([by] if by else []))
    dates = pd.to_datetime(df["date"], errors="coerce")
    periods = dates.dt.to_period(freq)
    ok = periods.notna()
    groups = df.loc[ok, by].astype("string").fillna("(none)") if by else pd.Series("all", index=df.index[ok])
    pooled = {"attributions", "attributions_anonymous"} <= set(df.columns)
    if pooled:
        frame = pd.DataFrame({"group": groups, "period": periods[ok],
                              "anon": df.loc[ok, "attributions_anonymous"].astype("float64"),
                              "total": df.loc[ok, "attributions"].astype("float64")})
        summed = frame.groupby(["group", "period"], sort=True)[["anon", "total"]].sum(min_count=1)
        share = summed["anon"] / summed["total"].where(summed["total"] > 0)
    else:
        _require(df, ["share_anonymous"])
        frame = pd.DataFrame({"group": groups, "period": periods[ok],
                              "share": df.loc[ok, "share_anonymous"].astype("float64")})
        share = frame.groupby(["group", "period"], sort=True)["share"].mean()
    articles = frame.groupby(["group", "period"], sort=True).size()
    ax = _axes(ax)
    if len(share):
        full = pd.period_range(share.index.get_level_values("period").min(),
                               share.index.get_level_values("period").max(), freq=freq)
        x = np.arange(len(full))  # one slot per period: gaps stay visible, labels stay short
        for i, (group, series) in enumerate(share.groupby(level="group", sort=True)):
            series = series.droplevel("group").reindex(full)
            ax.plot(x, series.to_numpy() * 100, marker=_MARKERS[i % len(_MARKERS)],
                    color=OKABE_ITO[i % len(OKABE_ITO)], linewidth=1.8, label=_plain(group))
            if not by:  # a share of 3 attributions is not a trend: say how many articles each point is
                counts = articles.loc[group].reindex(full, fill_value=0)
                row = ax.get_xaxis_transform()  # x in data, y in axes: one row along the top of the plot
                for xi, n in zip(x, counts.to_numpy()):
                    ax.text(xi, 0.97, f"n={n}", transform=row, ha="center", va="top", fontsize="x-small",
                            color="#444444")
        every = max(1, int(np.ceil(len(full) / 16)))
        ax.set_xticks(x[::every], [str(p) for p in full[::every]], rotation=45 if len(full) > 6 else 0,
                      ha="right" if len(full) > 6 else "center")
    names = {"M": "month", "Q": "quarter", "Y": "year", "A": "year", "W": "week"}
    step = names.get(freq.upper().rstrip("E").rstrip("S")[:1], freq)
    top = np.nanmax(share.to_numpy()) * 100 if len(share) and np.isfinite(share.to_numpy()).any() else 0.0
    ax.set_ylim(0, max(top, 1.0) * (1.18 if not by else 1.05))  # headroom for the n= row
    ax.set_xlabel(step + ("" if by else " (n = articles in the period)"))
    ax.set_ylabel("anonymous sources (% of attributions)" + ("" if pooled else ", mean of articles"))
    ax.set_title("Anonymous sourcing over time" + (f" by {by}" if by else ""))
    if by:
        ax.legend(title=by, fontsize="small", frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.grid(alpha=0.3)
    return ax


def hedging_vs_readability(df: pd.DataFrame, hue: str | None = "outlet", *, ax=None):
    """Each article as a point: readability (Flesch reading ease) against the reporter's hedging rate.

    Args:
        df: the corpus table with ``flesch_reading_ease`` and ``hedges_per_100_words_reporter``.
        hue: a column whose groups get their own colour and marker; None for one group.
        ax: the Axes to draw on; a new figure when None.

    Returns:
        The Axes, one scatter (PathCollection) per group.

    Example:
        >>> import matplotlib; matplotlib.use("Agg")
        >>> df = pd.DataFrame({"outlet": ["A", "B", "A"], "flesch_reading_ease": [50.0, 60.0, 70.0],
        ...                    "hedges_per_100_words_reporter": [1.0, 0.5, 0.0]})
        >>> len(hedging_vs_readability(df).collections)
        2
    """
    x, y = "flesch_reading_ease", "hedges_per_100_words_reporter"
    _require(df, [x, y] + ([hue] if hue else []))
    ax = _axes(ax)
    groups = df[hue].astype("string").fillna("(none)") if hue else pd.Series("all", index=df.index)
    for i, (group, rows) in enumerate(df.groupby(groups, sort=True)):
        ax.scatter(rows[x].astype("float64"), rows[y].astype("float64"), s=42, alpha=0.85,
                   color=OKABE_ITO[i % len(OKABE_ITO)], marker=_MARKERS[i % len(_MARKERS)],
                   edgecolor="white", linewidth=0.6, label=_plain(group))
    ax.set_xlabel("Flesch reading ease (score, 0-100, higher is easier)")
    ax.set_ylabel("reporter's hedges per 100 words")
    ax.set_title("Hedging against readability")
    if hue:
        ax.legend(title=hue, fontsize="small", frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.grid(alpha=0.3)
    return ax


def metric_by_outlet(df: pd.DataFrame, metric: str, by: str = "outlet", *, ax=None):
    """The spread of one metric across the articles of each group: a box plot with every article as a dot.

    Args:
        df: the corpus table.
        metric: a scorecard column, e.g. "share_anonymous" or "flesch_reading_ease".
        by: the grouping column.
        ax: the Axes to draw on; a new figure when None.

    Returns:
        The Axes: one box and one strip of dots (a PathCollection) per group. Articles where the
        metric is undefined (NaN: e.g. no attributions) are left out and counted in the tick label.

    Example:
        >>> import matplotlib; matplotlib.use("Agg")
        >>> df = pd.DataFrame({"outlet": ["A", "A", "B"], "flesch_reading_ease": [50.0, 60.0, 70.0]})
        >>> len(metric_by_outlet(df, "flesch_reading_ease").collections)
        2
    """
    _require(df, [metric, by])
    ax = _axes(ax)
    scale = 100.0 if _is_percent(metric) else 1.0
    values = pd.to_numeric(df[metric], errors="coerce").astype("float64") * scale
    groups = df[by].astype("string").fillna("(none)")
    names, data, ticks = [], [], []
    for group, series in values.groupby(groups, sort=True):
        kept = series.dropna().to_numpy()
        names.append(str(group))
        data.append(kept)
        undefined = int(series.isna().sum())
        ticks.append(f"{_plain(group)}\n(n={len(kept)}" + (f", {undefined} n/a)" if undefined else ")"))
    positions = np.arange(1, len(data) + 1)
    ax.boxplot([d if len(d) else [np.nan] for d in data], positions=positions, widths=0.55, showfliers=False,
               patch_artist=True, boxprops={"facecolor": "#f2f2f2", "edgecolor": "#444444"},
               medianprops={"color": "#000000", "linewidth": 2}, whiskerprops={"color": "#444444"},
               capprops={"color": "#444444"})
    jitter = np.random.default_rng(0)  # fixed seed: the same table always draws the same picture
    for i, d in enumerate(data):
        ax.scatter(positions[i] + jitter.uniform(-0.16, 0.16, len(d)), d, s=22, alpha=0.85, zorder=3,
                   color=OKABE_ITO[i % len(OKABE_ITO)], marker=_MARKERS[i % len(_MARKERS)], edgecolor="white",
                   linewidth=0.5)
    ax.set_xticks(positions, ticks, fontsize="small")
    if len(data) > 4:
        ax.tick_params(axis="x", labelrotation=20)
    ax.set_xlabel(by)
    ax.set_ylabel(metric_label(metric))
    meaning = _meaning(metric)
    ax.set_title(f"{metric.replace('_', ' ')} by {by}" + (f"\n{meaning}" if meaning else ""), fontsize="medium")
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    return ax


def interval_chart(table: pd.DataFrame, *, label: str = "estimate", percent: bool = True, reference=None,
                   reference_label: str = "whole table", title: str | None = None, ax=None):
    """Each group's estimate as a dot with its confidence interval as a line, one row per group.

    Draws any table with ``estimate``, ``low`` and ``high`` columns, indexed by group: what
    :func:`audit.intervals.shares_by`, :func:`audit.intervals.means_by` and
    :func:`audit.validation.corrected` return. A *degenerate* interval (a ``degenerate`` column
    that is True: e.g. a bootstrap of articles that all scored 0) is drawn as a hollow dot with
    "interval not informative" beside it, never as a confident bar of zero width.

    Args:
        table: estimate, low, high (and optionally articles, degenerate) per group.
        label: the x-axis label (what is estimated, and how).
        percent: draw fractions 0..1 as percentages.
        reference: a value to draw as a dashed line (e.g. the whole corpus), or None.
        reference_label: the legend's name for that line.
        title: the chart title.
        ax: the Axes to draw on; a new figure when None.

    Returns:
        The Axes: one errorbar per group with an interval (Line2D markers), groups top to bottom.

    Example:
        >>> import matplotlib; matplotlib.use("Agg")
        >>> t = pd.DataFrame({"estimate": [0.1, 0.0], "low": [0.05, 0.0], "high": [0.2, 0.0],
        ...                   "degenerate": [False, True]}, index=["A", "B"])
        >>> [t.get_text() for t in interval_chart(t).texts]
        ['interval not informative']
    """
    _require(table, ["estimate", "low", "high"])
    ax = _axes(ax, figsize=(8, 0.45 * len(table) + 2.0))
    scale = 100.0 if percent else 1.0
    degenerate = table["degenerate"].fillna(False).astype(bool) if "degenerate" in table.columns \
        else pd.Series(False, index=table.index)
    positions = np.arange(len(table))
    for i, (group, row) in enumerate(table.iterrows()):
        colour = OKABE_ITO[i % len(OKABE_ITO)]
        estimate, low, high = (float(row[c]) * scale for c in ("estimate", "low", "high"))
        if np.isnan(estimate):
            ax.text(0, i, "  no data", va="center", fontsize="small", color="#444444")
            continue
        if degenerate.loc[group]:
            ax.plot([estimate], [i], marker=_MARKERS[i % len(_MARKERS)], markersize=8, linestyle="none",
                    markerfacecolor="white", markeredgecolor=colour, markeredgewidth=1.8)
            ax.text(estimate, i + 0.32, "interval not informative", fontsize="x-small", color="#444444",
                    ha="left", va="center")
            continue
        ax.errorbar(estimate, i, xerr=[[max(estimate - low, 0)], [max(high - estimate, 0)]],
                    fmt=_MARKERS[i % len(_MARKERS)], color=colour, capsize=4, markersize=7, linewidth=1.8)
    if reference is not None and not pd.isna(reference):
        line = ax.axvline(float(reference) * scale, color="#555555", linestyle="--", linewidth=1)
        ax.legend([line], [reference_label], frameon=False, loc="lower right", fontsize="small")
    names = []
    for group, row in table.iterrows():
        n = row.get("articles") if hasattr(row, "get") else None
        names.append(_plain(group) + (f" (n={int(n)})" if n is not None and not pd.isna(n) else ""))
    ax.set_yticks(positions, names)
    ax.set_ylim(len(table) - 0.4, -0.6)
    ax.set_xlabel(label + (" (%)" if percent else ""))
    ax.set_ylabel(table.index.name or "")
    ax.set_title(title or label)
    if percent:
        ax.set_xlim(left=0)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    return ax


def share_by_group(df: pd.DataFrame, share: str = "share_anonymous", by: str = "outlet", *, how: str = "pooled",
                   confidence: float = 0.95, ax=None):
    """A share of attributions per group with its confidence interval (see :mod:`audit.intervals`).

    ``how="pooled"`` counts all the group's attributions together; ``how="articles"`` averages the
    articles' own shares (each article weighs the same). The interval is Wilson's, adjusted for
    attributions of one article not being independent, and never collapses to 0-0 for a group
    with no case: ten articles without an anonymous source still leave room for some.

    Example:
        >>> import matplotlib; matplotlib.use("Agg")
        >>> df = pd.DataFrame({"outlet": ["A", "A", "B"], "attributions": [4, 6, 5],
        ...                    "attributions_anonymous": [0, 0, 2]})
        >>> len(share_by_group(df).lines) > 0
        True
    """
    from .intervals import shares_by

    table = shares_by(df, share, by, how=how, confidence=confidence)
    name = share[len("share_"):] if share.startswith("share_") else share
    overall = shares_by(df, share, None, how=how, confidence=confidence)["estimate"].iloc[0]
    averaged = "pooled over attributions" if how == "pooled" else "mean of articles"
    label = f"{name.replace('_', ' ')} share of attributions, {averaged}, {confidence:.0%} interval"
    return interval_chart(table, label=label, reference=overall, ax=ax,
                          title=f"{name.replace('_', ' ')} sources by {by}" if by else None)


# --------------------------------------------------------------------------- who is quoted

_GENDER_NOTE = "gender inferred from the text and a US first-name table, not declared (see audit.gender)"


def women_quoted(df: pd.DataFrame, by: str = "outlet", *, confidence: float = 0.95, ax=None):
    """Share of women among the quoted people whose gender was inferred, per group, with intervals.

    Each row's label gives the number of people and the share left unknown (inferred gender is an estimate:
    read the two together). The dashed line is the whole table.

    Example:
        >>> import matplotlib; matplotlib.use("Agg")
        >>> df = pd.DataFrame({"outlet": ["A", "A", "B"], "sources_female": [1, 2, 0],
        ...                    "sources_male": [3, 2, 1], "sources_gender_unknown": [1, 0, 0]})
        >>> women_quoted(df).get_xlabel().startswith("women among quoted people")
        True
    """
    from .quoted import women_quoted_table

    table = women_quoted_table(df, by, confidence=confidence)
    overall = women_quoted_table(df, None, confidence=confidence)["estimate"].iloc[0]
    table.index = [f"{_plain(g)} ({r.people} people, {r.unknown:.0%} unknown)" if r.people else _plain(g)
                   for g, r in table.iterrows()]
    label = f"women among quoted people whose gender was inferred, {confidence:.0%} interval"
    ax = interval_chart(table, label=label, reference=overall, reference_label="whole table", ax=ax,
                        title=f"Women quoted, by {by}")
    ax.annotate(_GENDER_NOTE, (0, 0), xycoords="figure fraction", xytext=(4, 4), textcoords="offset points",
                fontsize="x-small", color="#555555")
    return ax


def women_quoted_over_time(df: pd.DataFrame, freq: str = "Y", *, confidence: float = 0.95, ax=None):
    """Share of women among quoted people whose gender was inferred, per period, with intervals.

    Args:
        df: the corpus table, with a ``date`` column.
        freq: a pandas period frequency: "M" month, "Q" quarter, "Y" year.
        confidence: the coverage of the intervals.
        ax: the Axes to draw on; a new figure when None.

    Example:
        >>> import matplotlib; matplotlib.use("Agg")
        >>> df = pd.DataFrame({"date": ["2022-01-05", "2023-02-01"], "sources_female": [1, 2],
        ...                    "sources_male": [3, 2], "sources_gender_unknown": [1, 0]})
        >>> len(women_quoted_over_time(df).lines) > 0
        True
    """
    from .quoted import women_quoted_table

    _require(df, ["date"])
    dates = pd.to_datetime(df["date"], errors="coerce")
    ok = dates.notna()
    frame = df.loc[ok].assign(period=dates[ok].dt.to_period(freq).astype(str))
    table = women_quoted_table(frame, "period", confidence=confidence) if len(frame) else pd.DataFrame(
        columns=["estimate", "low", "high", "people", "unknown"])
    ax = _axes(ax)
    x = np.arange(len(table))
    ax.errorbar(x, table["estimate"] * 100, yerr=[(table["estimate"] - table["low"]) * 100,
                                                   (table["high"] - table["estimate"]) * 100],
                fmt="o-", color=OKABE_ITO[3], capsize=4, markersize=7)
    ax.set_xticks(x, [f"{p}\n{n} people, {u:.0%} unknown" for p, n, u in
                      zip(table.index, table["people"], table["unknown"])], fontsize="small")
    ax.set_ylim(0, 100)
    ax.axhline(50, color="#999999", linestyle=":", linewidth=1)
    ax.set_ylabel(f"% women (of gender inferred), {confidence:.0%} interval")
    ax.set_title("Women among quoted people, over time")
    ax.grid(axis="y", alpha=0.3)
    ax.annotate(_GENDER_NOTE, (0, 0), xycoords="figure fraction", xytext=(4, 4), textcoords="offset points",
                fontsize="x-small", color="#555555")
    return ax


def most_quoted(sources: pd.DataFrame, by: str = "outlet", top: int = 5, *, ax=None):
    """The most quoted people and organisations of each group, as bars of the number of articles quoting them.

    Args:
        sources: a sources table (:func:`audit.sources_table`) with the ``by`` column.
        by: the grouping column.
        top: how many per group.
        ax: one Axes to draw on (the groups are stacked); a new figure when None.

    Returns:
        The Axes: one bar per listed source, grouped under its ``by`` value; hatched bars are people
        whose inferred gender is female, plain bars male, dotted unknown; organisations are grey.

    Example:
        >>> import matplotlib; matplotlib.use("Agg")
        >>> s = pd.DataFrame({"id": ["a", "b"], "outlet": ["L", "L"], "source_name": ["Ana Ruiz", "Ana Ruiz"],
        ...                   "source_type": ["named_person"] * 2, "official": [True, True], "direct": [True, False],
        ...                   "gender": ["female", "female"], "gender_rule": ["name.ana"] * 2,
        ...                   "source_title": [None, None]})
        >>> [t.get_text() for t in most_quoted(s).get_yticklabels()]
        ['Ana Ruiz']
    """
    from .quoted import most_quoted as rank

    table = rank(sources, by=by, top=top)
    ax = _axes(ax, figsize=(8, 0.32 * max(len(table), 1) + 1.5))
    colours = {"female": OKABE_ITO[3], "male": OKABE_ITO[0]}
    hatches = {"female": "//", "male": ""}
    labels, y, shown = [], 0.0, set()
    for gi, (group, rows) in enumerate(table.groupby(by, sort=True)):
        for r in rows.itertuples():
            person = r.source_type in ("named_person", "unnamed_person")
            gender = r.gender if isinstance(r.gender, str) else None
            colour = colours.get(gender, "#999999") if person else "#cccccc"
            name = {"female": "woman (inferred)", "male": "man (inferred)"}.get(gender, "person, gender unknown") \
                if person else "organisation or unnamed group"
            ax.barh(-y, r.articles, color=colour, hatch=hatches.get(gender, ".." if person else ""),
                    edgecolor="white", label=None if name in shown else name)
            shown.add(name)
            labels.append((-y, _short(str(r.source_name), 34)))
            y += 1
        ax.text(0, -(y - len(rows)) + 0.7, _plain(group), fontsize="small", fontweight="bold")
        y += 1.2
    ax.set_yticks([p for p, _ in labels], [t for _, t in labels], fontsize="small")
    ax.set_xlabel("articles quoting them")
    ax.set_title(f"Most quoted, by {by}")
    ax.legend(frameon=False, fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    return ax


# What one article's profile shows: counts found in the body, grouped by what they are about.
_PROFILE = (
    ("named person", "attributions_named_person", "#56B4E9"),
    ("named organization", "attributions_named_organization", "#0072B2"),
    ("unnamed person", "attributions_unnamed_person", "#E69F00"),
    ("unnamed group", "attributions_unnamed_group", "#C4B200"),
    ("anonymous", "attributions_anonymous", "#D55E00"),
    ("document", "attributions_document", "#009E73"),
    ("hedges (reporter)", "hedges_reporter", "#CC79A7"),
    ("hedges (quoted)", "hedges_quoted", "#CC79A7"),
    ("weasels", "weasels", "#D55E00"),
    ("boosters", "boosters", "#0072B2"),
    ("check-worthy claims, no source", "claims_checkworthy_unattributed", "#000000"),
)


def article_profile(audit_or_row: Any, *, ax=None):
    """One article at a glance: how many of each kind of source, hedge and unsourced claim it has.

    Args:
        audit_or_row: an :class:`~audit.article.ArticleAudit`, or one row of the corpus table
            (a pandas Series or a dict).
        ax: the Axes to draw on; a new figure when None.

    Returns:
        The Axes: one horizontal bar per count (sources by type, then hedging, then claims).

    Example:
        >>> import matplotlib; matplotlib.use("Agg")
        >>> len(article_profile({"attributions_anonymous": 3, "hedges_reporter": 2}).patches)
        11
    """
    metrics: Mapping[str, Any]
    if hasattr(audit_or_row, "metrics") and hasattr(audit_or_row, "document"):
        metrics = audit_or_row.metrics
        name = audit_or_row.title or "this article"
    else:
        metrics = dict(audit_or_row)
        name = metrics.get("title") or metrics.get("id") or "this article"
    ax = _axes(ax, figsize=(7, 4.2))
    labels = [label for label, _, _ in _PROFILE]
    values = []
    for _, key, _ in _PROFILE:
        value = pd.to_numeric(pd.Series([metrics.get(key)]), errors="coerce").iloc[0]
        values.append(0.0 if pd.isna(value) else float(value))
    positions = np.arange(len(labels))
    bars = ax.barh(positions, values, color=[c for _, _, c in _PROFILE], edgecolor="white", height=0.7)
    for bar, label in zip(bars, labels):
        if label.startswith("hedges (quoted)"):
            bar.set_hatch("//")
    ax.bar_label(bars, labels=[f"{v:g}" for v in values], padding=3, fontsize="small")
    ax.set_yticks(positions, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, max(values + [1.0]) * 1.15)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("count in the article body")
    ax.set_ylabel("finding")
    words = metrics.get("words")
    suffix = f" ({int(words)} words)" if words is not None and not pd.isna(words) else ""
    ax.set_title(_short(str(name)) + suffix, fontsize="medium")
    for boundary in (5.5, 9.5):  # separate sources / hedging / claims
        ax.axhline(boundary, color="#999999", linewidth=0.8)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    return ax


def _short(title: str, width: int = 60) -> str:
    return _plain(title if len(title) <= width else title[: width - 1].rstrip() + "…")


def _plain(label: Any) -> str:
    """Text for matplotlib exactly as written: ``$`` would otherwise start mathtext ("$5 to $9")."""
    return str(label).replace("$", r"\$")
