"""What is compared: the tool's findings and a person's annotations, as spans of the same article text.

Both sides become one table shape (:data:`FINDING_COLUMNS`): one row per finding, with the article id,
the kind (``attribution``, ``hedge``, ``weasel``, ``booster``, ``claim``), the span and, for
attributions, the source type and whether the source is official. An attribution's span is its
source ("a senior official"), or the whole statement when the tool found no source words (a
quotation paragraph continuing the last speaker). Claims are the check-worthy sentences.

:func:`match` pairs the two sides one to one within an article and kind, by the largest character
overlap, and returns one row per tool finding, per annotation, or per matched pair: the *units*
every agreement figure is counted from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from ..sources import SOURCE_TYPES

KINDS = ("attribution", "hedge", "weasel", "booster", "claim")
HEDGE_KINDS = ("hedge", "weasel", "booster")
# Words people use for a kind, mapped to the kind (the classroom file says "source").
KIND_ALIASES = {"attribution": "attribution", "source": "attribution", "sources": "attribution",
                "attributions": "attribution", "hedge": "hedge", "hedges": "hedge", "weasel": "weasel",
                "weasels": "weasel", "booster": "booster", "boosters": "booster", "claim": "claim",
                "claims": "claim", "check-worthy claim": "claim", "checkworthy claim": "claim"}
FINDING_COLUMNS = ("article_id", "kind", "start", "end", "text", "source_type", "official")
NONE = "(none)"  # the label of "did not mark it" in unit tables


@dataclass(frozen=True)
class Annotations:
    """Hand annotations of a set of articles.

    Attributes:
        spans: one row per annotated finding, columns :data:`FINDING_COLUMNS` plus ``annotator``
            and ``note``.
        articles: every article the annotators read, including those where they marked nothing
            (an article with no annotation still counts: all the tool's findings there are wrong).
        origin: where they came from (a file name), for messages.
        annotators: who annotated, in order of appearance.
        kinds: the kinds the annotators were asked to review (a kind they reviewed but never
            marked still counts: every tool find of it was wrong); empty: the kinds in ``spans``.
    """

    spans: pd.DataFrame
    articles: tuple[str, ...]
    origin: str = ""
    annotators: tuple[str, ...] = field(default=())
    kinds: tuple[str, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.spans)

    def only(self, annotator: str) -> "Annotations":
        """The annotations of one annotator.

        Raises:
            KeyError: no such annotator (the message lists them).
        """
        names = [str(a) for a in self.annotators]
        if str(annotator) not in names:
            raise KeyError(f"no annotator {annotator!r} in {self.origin or 'these annotations'}; "
                           f"there are {names}")
        spans = self.spans[self.spans["annotator"].astype(str) == str(annotator)].reset_index(drop=True)
        return Annotations(spans, self.articles, self.origin, (str(annotator),), self.kinds)


def normalise_kind(value) -> str | None:
    """The kind a word names ("source" -> "attribution"), or None when it names none."""
    if not isinstance(value, str):
        return None
    return KIND_ALIASES.get(value.strip().lower())


def normalise_source_type(value) -> str | None:
    """A source type as written by a person ("Named person", "anonymous ") -> "named_person"; None if unknown."""
    if not isinstance(value, str):
        return None
    cleaned = re.sub(r"[\s-]+", "_", value.strip().lower())
    return cleaned if cleaned in SOURCE_TYPES else None


def tool_findings(results: Mapping, kinds: Iterable[str] = KINDS) -> pd.DataFrame:
    """The tool's body findings of each article as spans, in the shape annotations take.

    Args:
        results: a mapping article id -> :class:`~audit.article.ArticleAudit`.
        kinds: which kinds to include.

    Returns:
        A DataFrame with :data:`FINDING_COLUMNS` and ``context`` (the attributed statement, or the
        sentence of a cue), ``detail`` (the rule, the hedge category, the claim's score) and
        ``scope_start``/``scope_end`` (an attribution's whole statement; the span itself otherwise).

    Example:
        >>> from audit.article import audit_text
        >>> f = tool_findings({"n1": audit_text("Prices may rise, a trader said.")})
        >>> f[["kind", "text"]].values.tolist()
        [['attribution', 'a trader'], ['hedge', 'may'], ['claim', 'Prices may rise, a trader said.']]
    """
    from ..article import require_audit

    kinds = _check_kinds(kinds)
    rows = []
    for article_id, result in results.items():
        require_audit(result, "tool_findings()")
        article_id = str(article_id)
        sentences = result.sentences
        if "attribution" in kinds:
            for a in result.attributions:
                if a.in_title:
                    continue
                span = a.source or a.statement
                rows.append((article_id, "attribution", span.start, span.end, span.text, a.source_type,
                             bool(a.official), a.statement.text, a.rule, a.statement.start, a.statement.end))
        for cue in result.hedges:
            if cue.kind in kinds and not cue.in_title:
                context = sentences[cue.sentence].text if 0 <= cue.sentence < len(sentences) else ""
                rows.append((article_id, cue.kind, cue.start, cue.end, cue.text, None, None, context,
                             f"{cue.category} ({cue.rule})", cue.start, cue.end))
        if "claim" in kinds:
            for claim in result.claims:
                if claim.checkworthy and not claim.in_title:
                    rows.append((article_id, "claim", claim.start, claim.end, claim.text, None, None, "",
                                 f"score {claim.score:.2f}: {', '.join(claim.kinds)}", claim.start, claim.end))
    columns = list(FINDING_COLUMNS) + ["context", "detail", "scope_start", "scope_end"]
    frame = pd.DataFrame(rows, columns=columns)
    frame = frame.astype({"article_id": "str", "kind": "str", "start": "int64", "end": "int64", "text": "str"})
    frame["official"] = frame["official"].astype("boolean")
    frame["source_type"] = frame["source_type"].astype(object).where(frame["source_type"].notna(), None)
    order = {k: i for i, k in enumerate(KINDS)}
    frame["_order"] = frame["kind"].map(order)
    # One kind after the other, in text order: an annotator answers one question at a time.
    frame = frame.sort_values(["article_id", "_order", "start"], kind="stable").drop(columns="_order")
    return frame.reset_index(drop=True)


def _check_kinds(kinds: Iterable[str]) -> tuple[str, ...]:
    if isinstance(kinds, str):
        kinds = (kinds,)
    out = []
    for kind in kinds:
        normal = normalise_kind(kind)
        if normal is None:
            raise ValueError(f"unknown kind {kind!r}: choose among {list(KINDS)}")
        out.append(normal)
    return tuple(dict.fromkeys(out))


_QUOTES = {"'": "['’‘]", "’": "['’‘]", "‘": "['’‘]", '"': '["“”]', "“": '["“”]', "”": '["“”]'}


def _phrase_pattern(phrase: str) -> re.Pattern:
    """A pattern for a phrase as a person copies it: any run of spaces, straight or curly quotes."""
    parts = []
    for token in phrase.split():
        parts.append("".join(_QUOTES.get(ch, re.escape(ch)) for ch in token))
    edge_start = r"(?<!\w)" if phrase[:1].isalnum() else ""
    edge_end = r"(?!\w)" if phrase[-1:].isalnum() else ""
    return re.compile(edge_start + r"\s+".join(parts) + edge_end, re.IGNORECASE)


def locate(text: str, phrase: str, *, near: int | None = None, taken: Iterable[tuple[int, int]] = ()) -> \
        tuple[int, int] | None:
    """Where ``phrase`` stands in ``text``: (start, end), or None when it is not there.

    Exact matches come first, then matches ignoring case, spacing and the kind of quotation marks.
    Among several, the one nearest ``near`` (when given) wins, else the first one that overlaps no
    span in ``taken`` (so "Okada" marked again after "Sgt. Renee Okada" is the next mention).

    Example:
        >>> locate("Critics say it may fail. Critics disagree.", "critics", taken=[(0, 7)])
        (25, 32)
    """
    if not isinstance(phrase, str) or not phrase.strip():
        return None
    phrase = phrase.strip()
    taken = set(taken)
    # Whole words only: "he" is not the end of "the".
    exact = (r"(?<!\w)" if phrase[0].isalnum() else "") + re.escape(phrase) + (r"(?!\w)" if phrase[-1].isalnum() else "")
    found = [(m.start(), m.end()) for m in re.finditer(exact, text)]
    if not found:
        found = [(m.start(), m.end()) for m in _phrase_pattern(phrase).finditer(text)]
    if not found:
        return None
    if near is not None:
        return min(found, key=lambda span: (abs(span[0] - near), span[0]))
    free = [span for span in found if not any(span[0] < end and start < span[1] for start, end in taken)]
    return (free or found)[0]


def match(tool: pd.DataFrame, annotated: pd.DataFrame, *, family: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Pair tool findings with annotations: same article, same kind, overlapping spans, one to one.

    Pairs are made greedily by the largest overlap (ties: the closest starts), so "a senior
    official" marked by a person matches the tool's "official" in the same place. Then an
    annotation that overlaps no tool span but lies in the statement of a still unmatched tool
    attribution (``scope_start``/``scope_end``) is paired with it: the tool found the attribution
    and picked the wrong words for its source.

    Args:
        tool: tool findings (:func:`tool_findings`).
        annotated: annotation spans (``Annotations.spans``), one annotator.
        family: optional map of kinds to a common kind before matching, e.g. every hedge kind to
            "hedging" to count a hedge marked as a weasel as found.

    Returns:
        One row per unit: article_id, kind, tool_start, tool_end, tool_text, tool_type,
        tool_official, annotated_start, annotated_end, annotated_text, annotated_type,
        annotated_official, outcome ("both", "tool only", "annotator only").
    """
    family = dict(family or {})

    def kind_of(frame):
        return frame["kind"].map(lambda k: family.get(k, k)) if len(frame) else frame["kind"]

    tool = tool.assign(_kind=kind_of(tool), _row=np.arange(len(tool)))
    annotated = annotated.assign(_kind=kind_of(annotated), _row=np.arange(len(annotated)))
    rows = []
    keys = sorted(set(zip(tool["article_id"].astype(str), tool["_kind"]))
                  | set(zip(annotated["article_id"].astype(str), annotated["_kind"])))
    tool_groups = {k: g for k, g in tool.groupby([tool["article_id"].astype(str), "_kind"])} if len(tool) else {}
    ann_groups = {k: g for k, g in annotated.groupby([annotated["article_id"].astype(str), "_kind"])} \
        if len(annotated) else {}
    for key in keys:
        t = tool_groups.get(key, tool.iloc[0:0])
        a = ann_groups.get(key, annotated.iloc[0:0])
        pairs = []
        has_scope = "scope_start" in t.columns
        for ti, trow in enumerate(t.itertuples(index=False)):
            for ai, arow in enumerate(a.itertuples(index=False)):
                overlap = min(trow.end, arow.end) - max(trow.start, arow.start)
                if overlap > 0:
                    pairs.append((0, -overlap, abs(trow.start - arow.start), ti, ai))
                elif has_scope and not pd.isna(trow.scope_start):
                    within = min(trow.scope_end, arow.end) - max(trow.scope_start, arow.start)
                    if within > 0:
                        pairs.append((1, -within, abs(trow.start - arow.start), ti, ai))
        pairs.sort()
        used_t, used_a, matched = set(), set(), []
        for _, _, _, ti, ai in pairs:
            if ti not in used_t and ai not in used_a:
                used_t.add(ti)
                used_a.add(ai)
                matched.append((ti, ai))
        for ti, ai in matched:
            rows.append(_unit(key, t.iloc[ti], a.iloc[ai], "both"))
        for ti in range(len(t)):
            if ti not in used_t:
                rows.append(_unit(key, t.iloc[ti], None, "tool only"))
        for ai in range(len(a)):
            if ai not in used_a:
                rows.append(_unit(key, None, a.iloc[ai], "annotator only"))
    units = pd.DataFrame(rows, columns=UNIT_COLUMNS)
    units["tool_official"] = units["tool_official"].astype("boolean")
    units["annotated_official"] = units["annotated_official"].astype("boolean")
    return units


UNIT_COLUMNS = ("article_id", "kind", "tool_start", "tool_end", "tool_text", "tool_type", "tool_official",
                "annotated_start", "annotated_end", "annotated_text", "annotated_type", "annotated_official",
                "outcome")


def _value(row, name):
    if row is None:
        return None
    value = row.get(name)
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def _unit(key, trow, arow, outcome) -> tuple:
    article_id, kind = key
    return (article_id, kind,
            _value(trow, "start"), _value(trow, "end"), _value(trow, "text"), _value(trow, "source_type"),
            _value(trow, "official"),
            _value(arow, "start"), _value(arow, "end"), _value(arow, "text"), _value(arow, "source_type"),
            _value(arow, "official"), outcome)
