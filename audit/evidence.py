"""The evidence table: every finding of every article as one row, for counting and sampling.

Each row is one span of an article with the id of the rule that found it, so a researcher
can count findings their own way ("how often is *according to* the cue?"), draw a sample of
anonymous attributions to read, or check a surprising scorecard number against the words.

Kinds of row:

* ``attribution`` (the whole attributed statement), ``source``, ``cue`` and ``content``, the
  parts of one attribution; ``type`` is its source type (named_person, anonymous, ...).
* ``hedge``, ``weasel``, ``booster``: a hedging cue; ``type`` is its category.
* ``claim``: a claim sentence; ``type`` lists its kinds, ``score`` and ``checkworthy`` say
  whether it is worth checking.
* ``excluded``: page furniture set aside from the body; ``type`` is its kind (byline, caption...).

Findings are read with ``getattr``, so the table takes whatever the detectors return as long
as spans have ``start``, ``end`` and ``text``.

Example:
    >>> from audit.article import audit_text
    >>> a = audit_text("Storm Closes Bridge\\n\\nThe bridge closed at 5 p.m., officials said.")
    >>> table = evidence([a], ids=["s1"])
    >>> table.loc[table["kind"].isin(["excluded", "source", "cue"]), ["kind", "type", "text"]].values.tolist()
    [['excluded', 'title', 'Storm Closes Bridge'], ['source', 'unnamed_group', 'officials'], ['cue', 'unnamed_group', 'said']]
"""
from __future__ import annotations

import math
from typing import Iterable, Mapping

from .article import ArticleAudit, require_audit
from .schema import EVIDENCE_COLUMNS

EVIDENCE_KINDS = ("attribution", "source", "cue", "content", "hedge", "weasel", "booster", "claim", "excluded")
_ATTRIBUTION_PARTS = ("statement", "source", "cue", "content")


def _span_row(article_id, kind: str, kind_type, span, rule, in_title, score=None, checkworthy=None) -> tuple:
    return (
        str(article_id),
        kind,
        "" if kind_type is None else str(kind_type),
        int(span.start),
        int(span.end),
        str(span.text),
        "" if rule is None else str(rule),
        bool(in_title),
        math.nan if score is None else float(score),
        None if checkworthy is None else bool(checkworthy),
    )


def evidence_records(audit, article_id) -> list[tuple]:
    """The findings of one article as tuples in :data:`audit.schema.EVIDENCE_COLUMNS` order, in text order.

    Args:
        audit: an :class:`~audit.article.ArticleAudit`.
        article_id: the article's id, repeated on each row.

    Example:
        >>> from audit.article import audit_text
        >>> a = audit_text("Markets Slide\\n\\nBy Jane Doe\\n\\nThe market fell 2%, traders said. Stocks rallied later, analysts said.")
        >>> [row[:3] for row in evidence_records(a, "x") if row[1] == "excluded"]
        [('x', 'excluded', 'title'), ('x', 'excluded', 'byline')]
    """
    rows: list[tuple] = []
    for attribution in getattr(audit, "attributions", ()) or ():
        source_type = getattr(attribution, "source_type", None)
        rule = getattr(attribution, "rule", None)
        in_title = getattr(attribution, "in_title", False)
        for part in _ATTRIBUTION_PARTS:
            span = getattr(attribution, part, None)
            if span is not None:
                kind = "attribution" if part == "statement" else part
                rows.append(_span_row(article_id, kind, source_type, span, rule, in_title))
    for cue in getattr(audit, "hedges", ()) or ():
        rows.append(_span_row(article_id, getattr(cue, "kind", None) or "hedge", getattr(cue, "category", None),
                              cue, getattr(cue, "rule", None), getattr(cue, "in_title", False)))
    for claim in getattr(audit, "claims", ()) or ():
        kinds = getattr(claim, "kinds", None)
        kind_type = ",".join(map(str, kinds)) if isinstance(kinds, (tuple, list, set, frozenset)) else kinds
        rows.append(_span_row(article_id, "claim", kind_type, claim, getattr(claim, "rule", None),
                              getattr(claim, "in_title", False), getattr(claim, "score", None),
                              getattr(claim, "checkworthy", None)))
    document = getattr(audit, "document", None)
    for excluded in getattr(document, "excluded", ()) or ():
        kind = getattr(excluded, "kind", "")
        rows.append(_span_row(article_id, "excluded", kind, excluded, getattr(excluded, "rule", None),
                              kind == "title"))
    # Text order, and at one position the longer span first (a statement before its source).
    rows.sort(key=lambda r: (r[3], -r[4], EVIDENCE_KINDS.index(r[1]) if r[1] in EVIDENCE_KINDS else 99))
    return rows


def evidence_frame(records: Iterable[tuple]):
    """A DataFrame of evidence tuples with the evidence columns and dtypes.

    Example:
        >>> list(evidence_frame([]).columns)[:4]
        ['id', 'kind', 'type', 'start']
    """
    import pandas as pd

    records = list(records)
    columns = list(zip(*records)) if records else [()] * len(EVIDENCE_COLUMNS)
    return pd.DataFrame({name: pd.Series(list(values), dtype=dtype)
                         for (name, dtype), values in zip(EVIDENCE_COLUMNS, columns)})


def evidence(audits, ids: Iterable | None = None):
    """The long table of findings of one or many audited articles.

    Args:
        audits: an :class:`~audit.article.ArticleAudit`, a sequence of them, or a mapping
            from article id to audit.
        ids: the article ids, in the order of ``audits`` (a mapping's keys, or 0, 1, ... when None).

    Returns:
        A DataFrame with columns id, kind, type, start, end, text, rule, in_title, score,
        checkworthy (score and checkworthy only for claims), one row per finding, articles in
        order and findings in text order. ``start``/``end`` index the article text (the
        headline string when a headline finding is not in the text).

    Raises:
        ValueError: ``ids`` and ``audits`` differ in length.

    Example:
        >>> from audit.article import audit_text
        >>> table = evidence({"n1": audit_text("Rain Returns\\n\\nBy Jane Doe\\n\\nIt rained, the agency said. More rain is due, forecasters said.")})
        >>> table.loc[1, ["id", "kind", "type", "rule"]].tolist()
        ['n1', 'excluded', 'byline', 'seg.byline.by']
    """
    return audits_table(audits, ids, evidence_records, evidence_frame, "evidence()",
                        "an ArticleAudit, a list of them or a mapping id -> ArticleAudit")


def audits_with_ids(audits, ids: Iterable | None, where: str, accepted: str) -> tuple[list, list[ArticleAudit]]:
    """(ids, audits) from one audit, a list of them or a mapping id -> audit, each checked to be an audit.

    Ids default to the mapping's keys, or to 0, 1, ... for a list. ``where`` names the caller and
    ``accepted`` what it takes, for the TypeError raised on anything else.

    Raises:
        TypeError: ``audits`` is none of those, or holds something that is not an :class:`ArticleAudit`.
        ValueError: ``ids`` and ``audits`` differ in length.
    """
    if isinstance(audits, Mapping):
        ids = list(audits.keys()) if ids is None else list(ids)
        audits = list(audits.values())
    elif isinstance(audits, ArticleAudit):
        audits = [audits]
        ids = [0] if ids is None else list(ids)
    elif isinstance(audits, Iterable) and not isinstance(audits, (str, bytes)):
        audits = list(audits)
        ids = list(range(len(audits))) if ids is None else list(ids)
    else:
        raise TypeError(f"{where} needs {accepted}, got {type(audits).__name__}")
    if len(ids) != len(audits):
        raise ValueError(f"{len(ids)} ids for {len(audits)} audits")
    for audited in audits:
        require_audit(audited, where)
    return ids, audits


def audits_table(audits, ids: Iterable | None, records_of, frame_of, where: str, accepted: str):
    """One table over one or many audits: ``records_of(audit, id)`` rows of each, in order, made a frame by
    ``frame_of`` (the evidence table and the sources table are both built so)."""
    ids, audits = audits_with_ids(audits, ids, where, accepted)
    records: list[tuple] = []
    for article_id, audited in zip(ids, audits):
        records.extend(records_of(audited, article_id))
    return frame_of(records)
