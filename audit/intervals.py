"""Confidence intervals that stay honest for small samples and rare events.

A corpus figure such as "3 % of The Ledger's attributions are anonymous" rests on a few articles,
and the usual percentile bootstrap of the articles' scores fails exactly where it matters most:
when every article of an outlet scores 0, every resample scores 0 and the interval is 0 to 0,
as if ten articles without an anonymous source proved the outlet never uses one. This module
gives intervals for the two kinds of figure the notebooks and :mod:`audit.plots` show:

* **A share of attributions** (``share_anonymous``, ``share_official``, ...), computed two ways,
  both offered, and always named in the result:

  - ``pooled``: all the group's attributions counted together (sum of ``attributions_<type>``
    over sum of ``attributions``), so an article with thirty attributions weighs thirty times
    as much as one with one;
  - ``articles``: the mean of the articles' own shares (articles without attributions left
    out), so each article weighs the same.

  The interval is Wilson's score interval (Wilson 1927) computed on an *effective* number of
  attributions, ``n_eff = p(1 - p) / v``, where ``v`` is the variance of the estimate estimated
  over articles (a cluster-robust, linearised variance: attributions of one article are not
  independent). This is the design-effect adjustment of Kish (1965) as used by Korn & Graubard
  (1998) for proportions from clustered samples; Dean & Pagano (2015) found Wilson's interval
  with this adjustment among the best-covering in clustered surveys. ``n_eff`` is capped at what
  independent attributions would give (``sum n_i`` pooled, ``N**2 / sum(1/n_i)`` article-averaged),
  and when the share is 0 or 1 (no variance to estimate) it *is* that cap: the interval then
  runs from 0 to about ``z**2 / (n + z**2)``, never 0 to 0.

* **A mean** of any scorecard column (hedges per 100 words, readability): the percentile
  bootstrap over articles (Efron & Tibshirani 1993), with a flag when it is *degenerate*: fewer
  than two articles, or every article with the same value, so that resampling cannot show any
  uncertainty. A degenerate interval is reported, never used to call a difference "clear".

Every function returns an :class:`Interval` (a frozen record with ``estimate``, ``low``,
``high``, the method and a plain-words ``note``), and :func:`shares_by` / :func:`means_by`
make one table row per group for the notebooks and charts.

References:
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
    JASA 22(158), 209-212.
    Kish, L. (1965). Survey Sampling. Wiley (design effect, effective sample size).
    Korn, E. L. & Graubard, B. I. (1998). Confidence intervals for proportions with small
    expected number of positive counts estimated from survey data. Survey Methodology 24, 193-201.
    Dean, N. & Pagano, M. (2015). Evaluating confidence interval methods for binomial proportions
    in clustered surveys. J. Survey Statistics and Methodology 3(4), 484-503.
    Efron, B. & Tibshirani, R. (1993). An Introduction to the Bootstrap. Chapman & Hall.

Example:
    >>> wilson(0, 40).low, round(wilson(0, 40).high, 3)
    (0.0, 0.088)
    >>> share_interval([0, 0, 0], [5, 3, 4]).degenerate
    False
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from statistics import NormalDist
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

__all__ = [
    "Interval",
    "wilson",
    "share_interval",
    "bootstrap_mean",
    "bootstrap_difference",
    "shares_by",
    "means_by",
    "attribution_counts",
    "SHARE_METHODS",
]

SHARE_METHODS = ("pooled", "articles")


@dataclass(frozen=True)
class Interval:
    """An estimate with its confidence interval, and how it was made.

    Attributes:
        estimate: the point estimate (NaN when there is nothing to estimate from).
        low, high: the interval's ends.
        confidence: e.g. 0.95.
        method: how the interval was computed ("wilson", "wilson, cluster-adjusted", "bootstrap").
        articles: how many articles it rests on.
        units: the count the interval rests on for a share (attributions, or the effective number
            of them), the number of articles for a mean.
        degenerate: the interval cannot show the uncertainty (e.g. a bootstrap of identical values).
        note: what a reader should know, in plain words ("" when nothing).
    """

    estimate: float
    low: float
    high: float
    confidence: float
    method: str
    articles: int
    units: float
    degenerate: bool = False
    note: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    def excludes(self, value: float) -> bool:
        """True when the interval lies wholly above or below ``value`` and is not degenerate.

        Example:
            >>> Interval(0.3, 0.2, 0.4, 0.95, "wilson", 10, 50).excludes(0.1)
            True
        """
        if self.degenerate or math.isnan(self.low) or math.isnan(self.high):
            return False
        return bool(self.low > value or self.high < value)


def _z(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1 (e.g. 0.95), got {confidence!r}")
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def _wilson_bounds(p: float, n: float, z: float) -> tuple[float, float]:
    if n <= 0 or math.isnan(p):
        return math.nan, math.nan
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    # At p = 0 (or 1) the bound is exactly 0 (or 1); rounding must not move it.
    low = 0.0 if p <= 0 else max(0.0, centre - half)
    high = 1.0 if p >= 1 else min(1.0, centre + half)
    return low, high


def wilson(successes: float, trials: float, confidence: float = 0.95) -> Interval:
    """Wilson's score interval for ``successes`` out of ``trials`` independent trials.

    Args:
        successes: how many (e.g. anonymous attributions).
        trials: out of how many (e.g. attributions).
        confidence: the coverage, 0.95 by default.

    Raises:
        ValueError: a negative count, more successes than trials, or a confidence outside (0, 1).

    Example:
        >>> i = wilson(3, 10)
        >>> round(i.low, 3), round(i.high, 3)
        (0.108, 0.603)
    """
    z = _z(confidence)
    if successes < 0 or trials < 0 or successes > trials:
        raise ValueError(f"wilson() needs 0 <= successes <= trials, got {successes} of {trials}")
    if trials == 0:
        return Interval(math.nan, math.nan, math.nan, confidence, "wilson", 0, 0, True, "nothing to count")
    p = successes / trials
    low, high = _wilson_bounds(p, trials, z)
    return Interval(p, low, high, confidence, "wilson", 0, float(trials))


def _as_counts(counts: Iterable, totals: Iterable) -> tuple[np.ndarray, np.ndarray]:
    k = pd.to_numeric(pd.Series(list(counts), dtype="object"), errors="coerce").to_numpy(dtype="float64")
    n = pd.to_numeric(pd.Series(list(totals), dtype="object"), errors="coerce").to_numpy(dtype="float64")
    if len(k) != len(n):
        raise ValueError(f"share_interval() needs one count per total, got {len(k)} counts and {len(n)} totals")
    keep = ~(np.isnan(k) | np.isnan(n))
    k, n = k[keep], n[keep]
    if (k < 0).any() or (k > n).any():
        raise ValueError("share_interval(): every count must be between 0 and its article's total")
    return k, n


def share_interval(counts: Sequence, totals: Sequence, *, how: str = "pooled",
                   confidence: float = 0.95) -> Interval:
    """The share ``counts / totals`` over a group of articles, with a cluster-adjusted Wilson interval.

    Args:
        counts: per article, how many attributions have the property (e.g. ``attributions_anonymous``).
        totals: per article, how many attributions there are (``attributions``).
        how: ``"pooled"`` (sum of counts over sum of totals) or ``"articles"`` (mean of the
            articles' shares; articles with no attributions are left out).
        confidence: the coverage, 0.95 by default.

    Returns:
        An :class:`Interval`; ``units`` is the effective number of attributions behind it.
        Never 0 to 0: with no case seen in ``n`` attributions the upper end is about 3.84 / (n + 3.84).

    Raises:
        ValueError: ``how`` is not one of :data:`SHARE_METHODS`, or the counts are impossible.

    Example:
        >>> i = share_interval([0, 0, 0, 0], [10, 10, 10, 10])
        >>> i.estimate, i.low, round(i.high, 3)
        (0.0, 0.0, 0.088)
    """
    if how not in SHARE_METHODS:
        raise ValueError(f"how must be one of {SHARE_METHODS}, got {how!r}")
    z = _z(confidence)
    k, n = _as_counts(counts, totals)
    has = n > 0
    k, n = k[has], n[has]
    articles = int(len(n))
    method = f"wilson, cluster-adjusted, {how}"
    if articles == 0:
        return Interval(math.nan, math.nan, math.nan, confidence, method, 0, 0.0, True,
                        "no attributions to count")
    if how == "pooled":
        p = float(k.sum() / n.sum())
        cap = float(n.sum())
        # Linearised variance of the ratio estimator over articles (clusters).
        residual = k - p * n
        variance = (articles / (articles - 1)) * float((residual ** 2).sum()) / float(n.sum()) ** 2 \
            if articles > 1 else math.nan
    else:
        shares = k / n
        p = float(shares.mean())
        cap = float(articles ** 2 / (1.0 / n).sum())
        variance = float(shares.var(ddof=1)) / articles if articles > 1 else math.nan
    note = ""
    if p <= 0 or p >= 1 or not variance > 0:
        n_eff = cap
        if p <= 0 or p >= 1:
            note = (f"every attribution {'lacks' if p <= 0 else 'has'} it: the interval assumes attributions "
                    "are independent and may be too narrow")
        elif articles < 2:
            note = "one article: the interval assumes its attributions are independent"
    else:
        n_eff = min(cap, p * (1 - p) / variance)
    low, high = _wilson_bounds(p, n_eff, z)
    return Interval(p, low, high, confidence, method, articles, float(n_eff), False, note)


def _clean(values: Iterable) -> np.ndarray:
    array = pd.to_numeric(pd.Series(list(values), dtype="object"), errors="coerce").to_numpy(dtype="float64")
    return array[np.isfinite(array)]


def _degenerate_note(values: np.ndarray) -> str:
    if len(values) == 0:
        return "no articles with a value"
    if len(values) == 1:
        return "one article: resampling cannot show uncertainty"
    if np.all(values == values[0]):
        return (f"all {len(values)} articles score {values[0]:g}: resampling cannot show uncertainty "
                "(this is not certainty)")
    return ""


def bootstrap_mean(values: Iterable, *, n_boot: int = 2000, confidence: float = 0.95,
                   seed: int | np.random.Generator | None = 0) -> Interval:
    """The mean of ``values`` with a percentile-bootstrap interval, flagged when degenerate.

    Args:
        values: one number per article (NaN and missing values are left out).
        n_boot: bootstrap resamples.
        confidence: the coverage, 0.95 by default.
        seed: an int or a numpy Generator, so reruns give the same interval.

    Returns:
        An :class:`Interval`; ``degenerate`` is True when fewer than two articles have a value or
        all have the same one (the interval is then the single value, and says so in ``note``).

    Example:
        >>> i = bootstrap_mean([0.0] * 10)
        >>> i.low, i.high, i.degenerate
        (0.0, 0.0, True)
    """
    _z(confidence)  # validates confidence
    x = _clean(values)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    if len(x) == 0:
        return Interval(math.nan, math.nan, math.nan, confidence, "bootstrap", 0, 0, True, _degenerate_note(x))
    note = _degenerate_note(x)
    mean = float(x.mean())
    if note:
        return Interval(mean, mean, mean, confidence, "bootstrap", len(x), len(x), True, note)
    means = rng.choice(x, size=(n_boot, len(x)), replace=True).mean(axis=1)
    alpha = (1 - confidence) / 2
    low, high = np.quantile(means, [alpha, 1 - alpha])
    return Interval(mean, float(low), float(high), confidence, "bootstrap", len(x), len(x))


def bootstrap_difference(first: Iterable, second: Iterable, *, n_boot: int = 2000, confidence: float = 0.95,
                         seed: int | np.random.Generator | None = 0) -> Interval:
    """The difference of two groups' means (first minus second) with a percentile-bootstrap interval.

    Degenerate when either group is (fewer than two values, or all values equal): the interval
    then only reflects the other group's spread, and :meth:`Interval.excludes` says False.

    Example:
        >>> d = bootstrap_difference([0.0] * 8, [0.1, 0.3, 0.0, 0.2])
        >>> d.degenerate, d.excludes(0.0)
        (True, False)
    """
    a, b = _clean(first), _clean(second)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    _z(confidence)
    if len(a) == 0 or len(b) == 0:
        return Interval(math.nan, math.nan, math.nan, confidence, "bootstrap", len(a) + len(b), 0, True,
                        "a group has no articles with a value")
    estimate = float(a.mean() - b.mean())
    diffs = (rng.choice(a, size=(n_boot, len(a)), replace=True).mean(axis=1)
             - rng.choice(b, size=(n_boot, len(b)), replace=True).mean(axis=1))
    alpha = (1 - confidence) / 2
    low, high = np.quantile(diffs, [alpha, 1 - alpha])
    notes = [f"{name}: {_degenerate_note(x)}" for name, x in (("first group", a), ("second group", b))
             if _degenerate_note(x)]
    return Interval(estimate, float(low), float(high), confidence, "bootstrap", len(a) + len(b), len(a) + len(b),
                    bool(notes), "; ".join(notes))


def attribution_counts(df: pd.DataFrame, share: str) -> tuple[pd.Series, pd.Series]:
    """Per-article (count, total) of attributions for a ``share_*`` column, from counts when the table has them.

    ``share_named`` adds the named-person and named-organisation counts; a share with no count column
    (``share_official``, ``share_direct``) is multiplied back by ``attributions``.

    Raises:
        KeyError: the table has no ``attributions`` column, or neither the count nor the share column.
    """
    name = share[len("share_"):] if share.startswith("share_") else share
    column = f"share_{name}"
    if "attributions" not in df.columns:
        raise KeyError(f"{column}: the table has no 'attributions' column to count from; "
                       "use the table audit_corpus returns")
    total = pd.to_numeric(df["attributions"], errors="coerce").astype("float64")
    if name == "named" and {"attributions_named_person", "attributions_named_organization"} <= set(df.columns):
        count = (pd.to_numeric(df["attributions_named_person"], errors="coerce")
                 + pd.to_numeric(df["attributions_named_organization"], errors="coerce")).astype("float64")
    elif f"attributions_{name}" in df.columns:
        count = pd.to_numeric(df[f"attributions_{name}"], errors="coerce").astype("float64")
    elif column in df.columns:  # share_official, share_direct: no count column, but share * total is one
        count = (pd.to_numeric(df[column], errors="coerce").astype("float64") * total).round()
    else:
        raise KeyError(f"the table has no column {column!r} or attributions_{name}")
    return count, total


def shares_by(df: pd.DataFrame, share: str, by: str | None = "outlet", *, how: str = "pooled",
              confidence: float = 0.95) -> pd.DataFrame:
    """One row per group: a share of attributions with its cluster-adjusted Wilson interval.

    Args:
        df: the corpus table (``attributions`` and the count or share column).
        share: e.g. ``"share_anonymous"`` (or ``"anonymous"``), ``"share_official"``, ``"share_named"``.
        by: the grouping column; None for the whole table as one group ("all").
        how: ``"pooled"`` or ``"articles"`` (see :func:`share_interval`).
        confidence: the coverage.

    Returns:
        A DataFrame indexed by group with estimate, low, high, articles, attributions (all of the
        group's), effective_n, method, degenerate and note.

    Example:
        >>> df = pd.DataFrame({"outlet": ["A", "A", "B"], "attributions": [4, 6, 5],
        ...                    "attributions_anonymous": [0, 0, 2]})
        >>> shares_by(df, "share_anonymous").loc["A", ["estimate", "low"]].tolist()
        [0.0, 0.0]
    """
    count, total = attribution_counts(df, share)
    groups = df[by].astype("string").fillna("(none)") if by else pd.Series("all", index=df.index)
    rows = {}
    for group, index in groups.groupby(groups, sort=True).groups.items():
        interval = share_interval(count.loc[index], total.loc[index], how=how, confidence=confidence)
        rows[group] = {"estimate": interval.estimate, "low": interval.low, "high": interval.high,
                       "articles": int(len(index)), "attributions": int(np.nansum(total.loc[index])),
                       "effective_n": interval.units, "method": interval.method,
                       "degenerate": bool(interval.degenerate), "note": interval.note}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = by or "group"
    return table


def means_by(df: pd.DataFrame, metric: str, by: str | None = "outlet", *, n_boot: int = 2000,
             confidence: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """One row per group: the mean of ``metric`` over articles, its bootstrap interval, and the
    difference from the rest of the table with its interval.

    ``different`` says "yes" only when the difference's interval excludes 0 and neither side is
    degenerate, "no" when it includes 0, and "cannot tell" when either side is degenerate (all its
    articles score the same, e.g. 0): resampling such a group cannot show how uncertain it is.

    Example:
        >>> df = pd.DataFrame({"outlet": ["A"] * 4 + ["B"] * 4, "x": [0.0] * 4 + [1.0, 2.0, 1.5, 2.5]})
        >>> means_by(df, "x").loc["A", "different"]
        'cannot tell'
    """
    if metric not in df.columns:
        raise KeyError(f"the table has no column {metric!r}")
    values = pd.to_numeric(df[metric], errors="coerce").astype("float64")
    groups = df[by].astype("string").fillna("(none)") if by else pd.Series("all", index=df.index)
    rng = np.random.default_rng(seed)
    rows = {}
    for group in sorted(groups.unique()):
        here = values[groups == group]
        rest = values[groups != group]
        mean = bootstrap_mean(here, n_boot=n_boot, confidence=confidence, seed=rng)
        row = {"estimate": mean.estimate, "low": mean.low, "high": mean.high, "articles": mean.articles,
               "undefined": int(here.isna().sum()), "degenerate": bool(mean.degenerate), "note": mean.note}
        if by and len(rest.dropna()):
            diff = bootstrap_difference(here, rest, n_boot=n_boot, confidence=confidence, seed=rng)
            row.update({"difference": diff.estimate, "diff_low": diff.low, "diff_high": diff.high,
                        "different": "cannot tell" if diff.degenerate else ("yes" if diff.excludes(0.0) else "no")})
        rows[group] = row
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = by or "group"
    return table
