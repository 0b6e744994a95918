"""Corpus shares corrected for the tool's measured errors, with intervals that include the
uncertainty of the validation sample.

Method: the Rogan-Gladen estimator (Rogan & Gladen 1978), extended to a detector that also misses
attributions and finds some that are not there. Per true attribution, the validation sample
estimates how often the tool reports it with the label (``alpha`` for true positives of the label,
``beta`` for true negatives: Rogan-Gladen's sensitivity and 1 - specificity, missed attributions
counting as not reported), how often it finds it at all (``d_pos``, ``d_neg``), and how many
spurious attributions it adds, with the label (``gamma``) and in all (``sigma``). The share the
tool reports is then in expectation

    p = (pi * alpha + (1 - pi) * beta + gamma) / (pi * d_pos + (1 - pi) * d_neg + sigma)

and solving for the true share gives

    pi = (p * (d_neg + sigma) - beta - gamma) / (alpha - beta - p * (d_pos - d_neg)).

With perfect detection (d = 1, no spurious finds) this is Rogan-Gladen's (p + Sp - 1) / (Se + Sp - 1).
It assumes the tool errs on the corpus as it did on the validation sample (the same kinds of articles:
draw the sample from the corpus, :func:`~audit.validation.sample`).

Interval: a percentile bootstrap that resamples both the validation articles (so the error rates'
own uncertainty is in it) and the corpus articles of each group (the sampling error of the share),
2,000 times by default; a resample in which the correction is undefined counts at both ends, so a
fragile correction gets a wide interval rather than a falsely narrow one. Estimates are clipped to
0..1 and the note says so.

The correction is refused (ValueError with the reason) when the validation sample has fewer than
``min_articles`` articles or fewer than ``min_cases`` annotated attributions with and without the
label, when the tool tells the label apart no better than chance (alpha - beta <= 0), or when the
correction of the whole corpus's share is undefined in more than (1 - confidence) / 2 of the
validation resamples (the interval would run from 0 to 1: the sample cannot say anything).

References:
    Rogan, W. J. & Gladen, B. (1978). Estimating prevalence from the results of a screening test.
    American Journal of Epidemiology 107(1), 71-76.
    Lang, Z. & Reiczigel, J. (2014). Confidence limits for prevalence of disease adjusted for
    estimated sensitivity and specificity. Preventive Veterinary Medicine 113(1), 13-22.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..sources import SOURCE_TYPES
from .agreement import Agreement

__all__ = ["corrected", "labels_for"]

_RATES = ("n_pos", "n_neg", "a", "b", "c", "f_pos", "f_neg", "s")


def labels_for(column: str):
    """(label name, function unit-side -> bool) for a share column such as ``share_anonymous``."""
    name = column[len("share_"):] if column.startswith("share_") else column
    if name in SOURCE_TYPES:
        return name, lambda types, official: types == name
    if name == "named":
        return name, lambda types, official: types.isin(["named_person", "named_organization"])
    if name == "official":
        return name, lambda types, official: official.fillna(False).astype(bool)
    raise ValueError(f"corrected() corrects shares of attributions by source type or officialness: "
                     f"share_<{'|'.join(SOURCE_TYPES)}>, share_named or share_official; got {column!r}")


def _validation_counts(agreement: Agreement, column: str) -> tuple[np.ndarray, str]:
    """Per validation article: the counts the rates are made of (columns :data:`_RATES`)."""
    name, label = labels_for(column)
    units = agreement.units[agreement.units["kind"] == "attribution"]
    if not len(agreement.articles):
        raise ValueError("corrected(): the agreement has no articles")
    if "attribution" not in set(agreement.table["kind"]):
        raise ValueError("corrected(): the validation did not cover attributions")
    both = (units["outcome"] == "both").to_numpy()
    tool_only = (units["outcome"] == "tool only").to_numpy()
    ann_only = (units["outcome"] == "annotator only").to_numpy()
    tool_pos = np.asarray(label(units["tool_type"], units["tool_official"]), dtype=bool)
    true_pos = np.asarray(label(units["annotated_type"], units["annotated_official"]), dtype=bool)
    true_any = both | ann_only
    masks = {
        "n_pos": true_any & true_pos,
        "n_neg": true_any & ~true_pos,
        "a": both & true_pos & tool_pos,
        "b": both & ~true_pos & tool_pos,
        "c": tool_only & tool_pos,
        "f_pos": both & true_pos,
        "f_neg": both & ~true_pos,
        "s": tool_only,
    }
    index = {a: i for i, a in enumerate(agreement.articles)}
    positions = units["article_id"].map(index).to_numpy()
    counts = np.zeros((len(agreement.articles), len(_RATES)))
    for j, key in enumerate(_RATES):
        np.add.at(counts[:, j], positions[masks[key]], 1)
    return counts, name


def _correct(p, sums):
    """The corrected share for observed share(s) ``p`` given summed validation counts (last axis: _RATES)."""
    n_pos, n_neg, a, b, c, f_pos, f_neg, s = (sums[..., j] for j in range(len(_RATES)))
    with np.errstate(invalid="ignore", divide="ignore"):
        n = n_pos + n_neg
        alpha, beta, gamma = a / n_pos, b / n_neg, c / n
        d_pos, d_neg, sigma = f_pos / n_pos, f_neg / n_neg, s / n
        denominator = alpha - beta - p * (d_pos - d_neg)
        value = (p * (d_neg + sigma) - beta - gamma) / denominator
    return np.where(denominator > 0, value, np.nan), alpha - beta


def _pooled(counts: np.ndarray, totals: np.ndarray) -> float:
    total = totals.sum()
    return float(counts.sum() / total) if total else math.nan


def corrected(scores: pd.DataFrame, agreement: Agreement, column: str = "share_anonymous", *, by: str | None = None,
              confidence: float = 0.95, n_boot: int = 2000, seed: int = 0, min_articles: int = 10,
              min_cases: int = 5) -> pd.DataFrame:
    """A corpus share of attributions corrected for the tool's errors measured on a validation sample.

    Args:
        scores: the corpus table (``audit_corpus``), with ``attributions`` and the counts of the label.
        agreement: :func:`~audit.validation.agreement` of the tool with an annotator on a sample of
            the same corpus.
        column: the share to correct: ``share_<source type>``, ``share_named`` or ``share_official``.
        by: a column to correct the share per group (e.g. "outlet"); None for the whole corpus.
        confidence: the interval's coverage.
        n_boot: bootstrap resamples.
        seed: the resampling seed.
        min_articles: refuse with fewer validation articles than this.
        min_cases: refuse with fewer annotated attributions with (or without) the label than this.

    Returns:
        One row per group: the ``observed`` (pooled) share with its cluster-adjusted Wilson
        interval (``observed_low``, ``observed_high``), the corrected ``estimate`` with ``low`` and
        ``high``, ``articles``, ``attributions``, the validation's ``validation_articles`` and
        ``validation_cases``, the ``method`` and a ``note``.

    Raises:
        ValueError: the validation sample is too small, or the tool tells the label apart no better
            than chance (the message says which, and what to do).

    Example:
        >>> # see tests/validation/test_correction.py and notebook 09 for worked examples
    """
    from ..intervals import attribution_counts, share_interval

    counts, name = _validation_counts(agreement, column)
    articles = len(agreement.articles)
    sums = counts.sum(axis=0)
    n_pos, n_neg = int(sums[0]), int(sums[1])
    advice = ("annotate more articles (validation.sample with a larger n), or report the uncorrected share "
              "with its interval and the agreement table")
    if articles < min_articles:
        raise ValueError(f"corrected(): the validation sample has {articles} article(s); at least {min_articles} "
                         f"are needed to say anything about the tool's errors: {advice}")
    if n_pos < min_cases:
        raise ValueError(f"corrected(): the annotator found only {n_pos} attribution(s) with the label '{name}' in "
                         f"the {articles} validation articles; at least {min_cases} are needed to estimate how "
                         f"often the tool finds them: {advice}")
    if n_neg < min_cases:
        raise ValueError(f"corrected(): only {n_neg} annotated attribution(s) without the label '{name}'; at least "
                         f"{min_cases} are needed: {advice}")
    _, youden = _correct(0.0, sums)
    if not youden > 0:
        raise ValueError(f"corrected(): on the validation sample the tool labels '{name}' no better than chance "
                         f"(sensitivity - false positive rate = {youden:.2f}); no correction can recover the share")
    count, total = attribution_counts(scores, column)
    rng = np.random.default_rng(seed)
    validation_draws = rng.integers(0, articles, size=(n_boot, articles))
    boot_sums = counts[validation_draws].sum(axis=1)  # (n_boot, rates)
    alpha = (1 - confidence) / 2
    everything = _pooled(count.dropna().to_numpy(), total[count.notna()].dropna().to_numpy())
    fragile = float(np.isnan(_correct(everything, boot_sums)[0]).mean())
    if fragile > alpha:
        raise ValueError(f"corrected(): with these {articles} validation articles ({n_pos} annotated '{name}' "
                         f"attributions) the correction is undefined in {fragile:.0%} of bootstrap resamples: the "
                         f"tool's error rates are too uncertain to say anything about the corpus share; {advice}")
    groups = scores[by].astype("string").fillna("(none)") if by else pd.Series("all", index=scores.index)
    rows = {}
    for group in sorted(groups.unique()):
        keep = (groups == group).to_numpy() & total.notna().to_numpy() & count.notna().to_numpy()
        k, n = count.to_numpy()[keep], total.to_numpy()[keep]
        observed = share_interval(k, n, confidence=confidence)
        p = _pooled(k, n)
        estimate, _ = _correct(p, sums)
        estimate = float(estimate)
        notes = []
        if len(n) and n.sum() > 0:
            corpus_draws = rng.integers(0, len(n), size=(n_boot, len(n)))
            with np.errstate(invalid="ignore", divide="ignore"):
                p_boot = k[corpus_draws].sum(axis=1) / n[corpus_draws].sum(axis=1)
            values, _ = _correct(p_boot, boot_sums)
            undefined = int(np.isnan(values).sum())
            # An undefined resample counts at both ends; inverted_cdf never interpolates with an infinity.
            low = float(np.quantile(np.where(np.isnan(values), -np.inf, values), alpha, method="inverted_cdf"))
            high = float(np.quantile(np.where(np.isnan(values), np.inf, values), 1 - alpha, method="inverted_cdf"))
            if undefined:
                notes.append(f"the correction was undefined in {undefined} of {n_boot} resamples "
                             "(counted at both ends of the interval)")
        else:
            low = high = math.nan
            notes.append("no attributions in this group")
        if not math.isnan(estimate) and not 0 <= estimate <= 1:
            notes.append(f"the correction gave {estimate:.3f}, clipped to 0..1: the error rates measured on the "
                         "validation sample do not fit this group")
        clip = (lambda v: v if math.isnan(v) else min(1.0, max(0.0, v)))
        rows[group] = {
            "observed": p, "observed_low": observed.low, "observed_high": observed.high,
            "estimate": clip(estimate), "low": clip(low), "high": clip(high),
            "articles": int(keep.sum()), "attributions": int(n.sum()),
            "validation_articles": articles, "validation_cases": n_pos,
            "method": "Rogan-Gladen, extended to missed and spurious attributions; bootstrap over validation "
                      "and corpus articles",
            "note": "; ".join(notes),
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = by or "group"
    return table
