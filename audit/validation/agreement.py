"""How well the tool agrees with a person: precision, recall and F1 per kind and source type, with
bootstrap intervals over articles, Cohen's kappa on source types, and a confusion table.

Counting: a tool finding and an annotation *match* when they are in the same article, of the same
kind, and overlap (one to one, largest overlap first; :func:`~audit.validation.units.match`).
Precision = matched / tool's findings, recall = matched / annotator's findings, F1 their harmonic
mean, all pooled over the articles. For one source type t: a match typed t on both sides counts
for t; a tool find typed t that is unmatched or typed otherwise by the annotator is a false
positive for t; an annotation typed t that the tool missed or typed otherwise is a false negative.
The intervals resample whole articles (findings of one article are not independent), 2,000 times by
default, percentile method (Efron & Tibshirani 1993). Cohen's kappa (Cohen 1960) compares the source
types of the attributions both sides found: agreement beyond what the two label frequencies give by
chance. When the annotator corrected a pre-filled sheet, kappa measures how often they overrode the
tool, which anchoring can push up.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

import numpy as np
import pandas as pd

from ..sources import SOURCE_TYPES
from .units import HEDGE_KINDS, KINDS, NONE, Annotations, match, tool_findings

__all__ = ["Agreement", "agreement", "cohen_kappa", "prf"]

TABLE_COLUMNS = ("kind", "label", "tool", "annotated", "both", "precision", "precision_low", "precision_high",
                 "recall", "recall_low", "recall_high", "f1", "f1_low", "f1_high", "kappa", "kappa_low",
                 "kappa_high", "articles")


@dataclass(frozen=True)
class Agreement:
    """The tool against one annotator on a set of articles.

    Attributes:
        table: one row per kind (``label`` "all") and per source type and "official" of attributions
            (columns :data:`TABLE_COLUMNS`).
        confusion: source types, the tool's in rows and the annotator's in columns, with
            "(none)" for an attribution only one side found.
        kappa: Cohen's kappa on the source types of attributions both found (NaN without any).
        units: every compared finding: matched pairs, tool-only and annotator-only finds.
        articles: the articles compared.
        annotator: who annotated.
    """

    table: pd.DataFrame
    confusion: pd.DataFrame
    kappa: float
    units: pd.DataFrame
    articles: tuple[str, ...]
    annotator: str = ""

    def _repr_html_(self) -> str:
        return self.table.to_html(float_format=lambda v: f"{v:.2f}", na_rep="")

    def disagreements(self, kind: str | None = None) -> pd.DataFrame:
        """The finds the two sides disagree on (one side only, or another source type), to read."""
        units = self.units
        if kind is not None:
            units = units[units["kind"] == kind]
        differ = (units["outcome"] != "both") | (units["tool_type"].fillna("") != units["annotated_type"].fillna(""))
        return units[differ].reset_index(drop=True)


def prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts; NaN where a denominator is 0.

    Example:
        >>> [round(v, 3) for v in prf(8, 2, 4)]
        [0.8, 0.667, 0.727]
    """
    precision = tp / (tp + fp) if tp + fp else math.nan
    recall = tp / (tp + fn) if tp + fn else math.nan
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else math.nan
    return precision, recall, f1


def cohen_kappa(first, second) -> float:
    """Cohen's kappa between two equal-length label sequences; NaN when chance agreement is total.

    Example:
        >>> cohen_kappa(["a", "a", "b", "b"], ["a", "b", "b", "b"])
        0.5
    """
    first, second = list(first), list(second)
    if len(first) != len(second):
        raise ValueError(f"cohen_kappa() needs two sequences of the same length, got {len(first)} and {len(second)}")
    n = len(first)
    if n == 0:
        return math.nan
    observed = sum(a == b for a, b in zip(first, second)) / n
    labels = set(first) | set(second)
    expected = sum((first.count(label) / n) * (second.count(label) / n) for label in labels)
    if expected >= 1:
        return math.nan
    return (observed - expected) / (1 - expected)


def _article_counts(units: pd.DataFrame, articles: list[str], tp, fp, fn) -> np.ndarray:
    """Per article (rows, in ``articles`` order): [tp, fp, fn] given boolean masks over ``units``."""
    index = {a: i for i, a in enumerate(articles)}
    counts = np.zeros((len(articles), 3))
    positions = units["article_id"].map(index).to_numpy()
    for column, mask in enumerate((tp, fp, fn)):
        np.add.at(counts[:, column], positions[np.asarray(mask, dtype=bool)], 1)
    return counts


def _bootstrap(counts: np.ndarray, draws: np.ndarray, confidence: float) -> dict[str, tuple[float, float]]:
    if len(counts) < 2:
        return {name: (math.nan, math.nan) for name in ("precision", "recall", "f1")}
    sums = counts[draws].sum(axis=1)  # (n_boot, 3)
    tp, fp, fn = sums[:, 0], sums[:, 1], sums[:, 2]
    with np.errstate(invalid="ignore", divide="ignore"):
        values = {"precision": tp / (tp + fp), "recall": tp / (tp + fn), "f1": 2 * tp / (2 * tp + fp + fn)}
    alpha = (1 - confidence) / 2
    out = {}
    for name, v in values.items():
        v = v[np.isfinite(v)]
        out[name] = (float(np.quantile(v, alpha)), float(np.quantile(v, 1 - alpha))) if len(v) else (math.nan,
                                                                                                    math.nan)
    return out


def _row(kind, label, counts, draws, confidence, articles) -> dict:
    tp, fp, fn = counts.sum(axis=0)
    precision, recall, f1 = prf(tp, fp, fn)
    intervals = _bootstrap(counts, draws, confidence)
    return {"kind": kind, "label": label, "tool": int(tp + fp), "annotated": int(tp + fn), "both": int(tp),
            "precision": precision, "precision_low": intervals["precision"][0],
            "precision_high": intervals["precision"][1], "recall": recall, "recall_low": intervals["recall"][0],
            "recall_high": intervals["recall"][1], "f1": f1, "f1_low": intervals["f1"][0],
            "f1_high": intervals["f1"][1], "kappa": math.nan, "kappa_low": math.nan, "kappa_high": math.nan,
            "articles": len(articles)}


def _as_findings(results, articles: list[str], kinds) -> pd.DataFrame:
    if isinstance(results, pd.DataFrame):
        frame = results
    elif isinstance(results, Mapping):
        missing = [a for a in articles if a not in {str(k) for k in results}]
        if missing:
            raise KeyError(f"no tool results for annotated article(s) {missing[:5]}; audit every annotated article")
        frame = tool_findings({str(k): v for k, v in results.items() if str(k) in set(articles)}, kinds)
    else:
        raise TypeError("agreement() needs the tool's results as a mapping id -> ArticleAudit "
                        f"or a tool_findings() table, got {type(results).__name__}")
    frame = frame[frame["article_id"].astype(str).isin(articles) & frame["kind"].isin(kinds)]
    return frame.reset_index(drop=True)


def _as_annotations(annotations) -> Annotations:
    if isinstance(annotations, Annotations):
        return annotations
    if isinstance(annotations, pd.DataFrame):
        ids = tuple(dict.fromkeys(annotations["article_id"].astype(str)))
        annotators = tuple(dict.fromkeys(annotations["annotator"].astype(str))) \
            if "annotator" in annotations.columns else ("annotator",)
        return Annotations(annotations, ids, "the annotations", annotators)
    raise TypeError(f"agreement() needs Annotations (read_sheet, read_label_studio) or a DataFrame, "
                    f"got {type(annotations).__name__}")


def agreement(results, annotations, *, kinds=None, n_boot: int = 2000, confidence: float = 0.95,
              seed: int = 0) -> Agreement:
    """Compare the tool's findings with one annotator's, article by article.

    Args:
        results: the tool's audits (mapping article id -> ArticleAudit) or a
            :func:`~audit.validation.units.tool_findings` table.
        annotations: :class:`~audit.validation.units.Annotations` from :func:`read_sheet` or
            :func:`read_label_studio` (one annotator), or a DataFrame of annotation spans.
        kinds: the kinds to compare; by default those the annotations cover.
        n_boot: bootstrap resamples of the articles.
        confidence: the intervals' coverage.
        seed: the resampling seed (the same seed gives the same intervals).

    Returns:
        :class:`Agreement`; ``.table`` is the DataFrame of figures.

    Raises:
        ValueError: the annotations come from several annotators (pick one with ``.only(name)``, or
            compare them with :func:`~audit.validation.compare_class`).

    Example:
        >>> from audit.article import audit_text
        >>> results = {"n1": audit_text("Prices may rise, a trader said.")}
        >>> spans = pd.DataFrame([{"article_id": "n1", "kind": "attribution", "start": 17, "end": 25,
        ...                        "text": "a trader", "source_type": "unnamed_person", "official": False}])
        >>> table = agreement(results, spans, kinds=["attribution"]).table
        >>> table.loc[0, ["tool", "both", "precision"]].astype(float).tolist()
        [1.0, 1.0, 1.0]
    """
    annotations = _as_annotations(annotations)
    if len(annotations.annotators) > 1:
        raise ValueError(f"these annotations come from {len(annotations.annotators)} annotators "
                         f"({list(annotations.annotators)}): compare one with .only(name), or the class with "
                         "validation.compare_class()")
    spans = annotations.spans
    articles = [str(a) for a in annotations.articles]
    if kinds is None:
        reviewed = set(annotations.kinds) or set(spans["kind"])
        kinds = tuple(k for k in KINDS if k in reviewed) or KINDS
    kinds = tuple(kinds)
    tool = _as_findings(results, articles, kinds)
    spans = spans[spans["kind"].isin(kinds)].reset_index(drop=True)
    units = match(tool, spans)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(articles), size=(n_boot, len(articles))) if articles else np.zeros((0, 0), int)
    rows = []
    both = units["outcome"] == "both"
    tool_side = units["outcome"] != "annotator only"
    ann_side = units["outcome"] != "tool only"
    for kind in kinds:
        here = units["kind"] == kind
        counts = _article_counts(units, articles, here & both, here & ~ann_side, here & ~tool_side)
        rows.append(_row(kind, "all", counts, draws, confidence, articles))
        if kind == "attribution":
            matched = units[here & both]
            kappa = cohen_kappa(matched["tool_type"].fillna(NONE), matched["annotated_type"].fillna(NONE))
            rows[-1].update(_kappa_interval(matched, articles, draws, confidence, kappa))
            for label in SOURCE_TYPES + ("official",):
                if label == "official":
                    tool_t = units["tool_official"].fillna(False).astype(bool)
                    ann_t = units["annotated_official"].fillna(False).astype(bool)
                else:
                    tool_t = units["tool_type"] == label
                    ann_t = units["annotated_type"] == label
                tp = here & both & tool_t & ann_t
                fp = here & tool_side & tool_t & ~(both & ann_t)
                fn = here & ann_side & ann_t & ~(both & tool_t)
                rows.append(_row(kind, label, _article_counts(units, articles, tp, fp, fn), draws, confidence,
                                 articles))
    hedge_kinds = [k for k in kinds if k in HEDGE_KINDS]
    if len(hedge_kinds) > 1:
        family = match(tool[tool["kind"].isin(hedge_kinds)], spans[spans["kind"].isin(hedge_kinds)],
                       family={k: "hedging" for k in HEDGE_KINDS})
        f_both = family["outcome"] == "both"
        counts = _article_counts(family, articles, f_both, family["outcome"] == "tool only",
                                 family["outcome"] == "annotator only")
        rows.append(_row("hedging", "any kind", counts, draws, confidence, articles))
    table = pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
    attributions = units[units["kind"] == "attribution"]
    confusion = pd.crosstab(attributions["tool_type"].fillna(NONE).rename("tool"),
                            attributions["annotated_type"].fillna(NONE).rename("annotator"))
    order = [t for t in SOURCE_TYPES + (NONE,)]
    confusion = confusion.reindex(index=[t for t in order if t in confusion.index or t != NONE],
                                  columns=[t for t in order if t in confusion.columns or t != NONE], fill_value=0)
    kappa = float(table.loc[(table["kind"] == "attribution") & (table["label"] == "all"), "kappa"].iloc[0]) \
        if "attribution" in kinds else math.nan
    return Agreement(table, confusion, kappa, units, tuple(articles), annotations.annotators[0]
                     if annotations.annotators else "")


def _kappa_interval(matched: pd.DataFrame, articles: list[str], draws: np.ndarray, confidence: float,
                    kappa: float) -> dict:
    out = {"kappa": kappa, "kappa_low": math.nan, "kappa_high": math.nan}
    if len(articles) < 2 or not len(matched) or math.isnan(kappa):
        return out
    by_article = {a: ([], []) for a in articles}
    for article_id, t, a in zip(matched["article_id"], matched["tool_type"].fillna(NONE),
                                matched["annotated_type"].fillna(NONE)):
        by_article[article_id][0].append(t)
        by_article[article_id][1].append(a)
    lists = [by_article[a] for a in articles]
    values = []
    for draw in draws[: min(len(draws), 1000)]:  # kappa is slower to recompute; 1,000 resamples suffice
        first = [label for i in draw for label in lists[i][0]]
        second = [label for i in draw for label in lists[i][1]]
        value = cohen_kappa(first, second)
        if not math.isnan(value):
            values.append(value)
    if values:
        alpha = (1 - confidence) / 2
        out["kappa_low"], out["kappa_high"] = (float(q) for q in np.quantile(values, [alpha, 1 - alpha]))
    return out
