"""The sourcing transparency index: one composite, always reported beside its parts.

The index answers "how much of what this article says can a reader trace to someone on the
record?". It is built only from columns that are themselves in the scorecard (the ``share_*``
columns), so anyone can recompute it, or weigh the parts differently, from a corpus table.

Formula (weights ``w`` from ``AuditConfig.transparency_weights``, defaults in
``audit.config.DEFAULT_TRANSPARENCY_WEIGHTS``)::

    sourcing = clip(w.named     * share_named
                  + w.document  * share_document
                  + w.unnamed   * (share_unnamed_person + share_unnamed_group)
                  + w.anonymous * share_anonymous
                  + w.official_bonus * share_official)
    claims   = 1 - share_checkworthy_unattributed
    transparency_index = clip((w.sourcing * sourcing + w.claims * claims) / (w.sourcing + w.claims))

where ``clip`` bounds a value to 0..1. The sourcing part is clipped before it is mixed, so the
official bonus cannot make up for unattributed claims.

A part whose share is NaN (no body attributions, or no check-worthy claims) is left out of the
mean together with its weight; when both are NaN there is nothing to score and the index is
NaN. With the default weights (named 1, document 1, unnamed 0.5, anonymous 0, official bonus
0.25, sourcing 0.5, claims 0.5) an article quoting only named people whose every check-worthy
claim is attributed scores 1; one leaning on "sources familiar with the matter" for half its
attributions and leaving half its check-worthy claims unattributed scores about 0.5.
"""
from __future__ import annotations

import math
from typing import Mapping

from .config import DEFAULT_TRANSPARENCY_WEIGHTS

# The share_* columns each weight multiplies (a weight of a sum multiplies every share in it).
_SOURCE_PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("named", ("share_named",)),
    ("document", ("share_document",)),
    ("unnamed", ("share_unnamed_person", "share_unnamed_group")),
    ("anonymous", ("share_anonymous",)),
    ("official_bonus", ("share_official",)),
)
_PART_WEIGHTS = ("sourcing", "claims")


def transparency_weights(weights: Mapping[str, float] | None = None) -> dict[str, float]:
    """The defaults overlaid with ``weights``, checked for unknown names.

    Raises:
        ValueError: a weight name is unknown (a typo would otherwise be ignored silently),
            or a part weight is negative.

    Example:
        >>> transparency_weights({"anonymous": 0.1})["anonymous"]
        0.1
    """
    merged = dict(DEFAULT_TRANSPARENCY_WEIGHTS)
    unknown = sorted(set(weights or {}) - set(merged))
    if unknown:
        raise ValueError(f"unknown transparency weight(s) {unknown}; known: {sorted(merged)}")
    merged.update({k: float(v) for k, v in (weights or {}).items()})
    if any(merged[k] < 0 for k in _PART_WEIGHTS):
        raise ValueError("the 'sourcing' and 'claims' weights must not be negative")
    return merged


def _number(metrics: Mapping[str, object], key: str) -> float:
    value = metrics.get(key)
    if value is None:
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def transparency_metrics(metrics: Mapping[str, object], weights: Mapping[str, float] | None = None) -> dict[str, float]:
    """The sourcing transparency index of one article, from its scorecard shares.

    Args:
        metrics: an article's metrics row (needs the ``share_*`` sourcing columns and
            ``share_checkworthy_unattributed``; missing or NaN shares leave their part out).
        weights: the index weights (``AuditConfig.transparency_weights``); defaults when None.

    Returns:
        ``{"transparency_index": value}``, value in 0..1, or NaN when there is nothing to score.

    Example:
        >>> shares = {"share_named": 0.5, "share_document": 0.0, "share_unnamed_person": 0.0,
        ...           "share_unnamed_group": 0.0, "share_anonymous": 0.5, "share_official": 0.0,
        ...           "share_checkworthy_unattributed": 0.5}
        >>> transparency_metrics(shares)
        {'transparency_index': 0.5}
    """
    w = transparency_weights(weights)
    parts: list[tuple[float, float]] = []  # (weight, value)

    if not math.isnan(_number(metrics, "share_named")):
        sourcing = 0.0
        for name, columns in _SOURCE_PARTS:
            for col in columns:
                share = _number(metrics, col)
                # A detector that does not report a share (e.g. no official list) adds nothing.
                if not math.isnan(share):
                    sourcing += w[name] * share
        parts.append((w["sourcing"], _clip(sourcing)))

    unattributed = _number(metrics, "share_checkworthy_unattributed")
    if not math.isnan(unattributed):
        parts.append((w["claims"], 1.0 - unattributed))

    total_weight = sum(weight for weight, _ in parts)
    if not parts or total_weight == 0:
        return {"transparency_index": math.nan}
    index = sum(weight * value for weight, value in parts) / total_weight
    return {"transparency_index": _clip(index)}


def _clip(value: float) -> float:
    return min(1.0, max(0.0, value))
