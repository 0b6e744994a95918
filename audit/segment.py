"""Segmentation: one :class:`Document` per article, built once and read by every detector.

A pasted web page arrives with its headline (often twice), photo captions and credits, the
byline, "Updated:" stamps, the author's bio and share links around the body. ``segment`` sets
those aside (each with a kind and the id of the rule that matched; ``audit/furniture.py`` finds
them), splits the body into paragraphs and news-aware sentences (``audit/sentences.py``), and
finds quotation spans. Every span indexes the string the caller passed in, whatever its line
endings, BOM or odd whitespace.

Example:
    >>> doc = segment("Storm Closes Bridge\\n\\nThe bridge closed at 5 p.m. Tuesday, officials said.")
    >>> doc.title
    'Storm Closes Bridge'
    >>> [s.text for s in doc.sentences]
    ['The bridge closed at 5 p.m. Tuesday, officials said.']
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from .furniture import BOILERPLATE_KINDS  # noqa: F401 (audit.segment.BOILERPLATE_KINDS, as before)
from .furniture import _classify_lines, _cut_inline, _Line, _lines
from .furniture import _rules as _furniture_rules
from .sentences import count_words  # noqa: F401 (audit.segment.count_words, as before)
from .sentences import _QUOTE_MARK, _TERMINAL, _WORD, _split_sentences
from .sentences import _Rules as _SentenceRules
from .sentences import _rules as _sentence_rules
from .spans import Excluded, Quote, Sentence, Span

_TITLE_FIELD = re.compile(r"(?:headline|title)\s*:\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Document:
    """One segmented article: what every detector reads.

    Attributes:
        text: the string the caller passed in; every span below indexes it.
        title: the headline (given by the caller or found at the top of the text), or None.
        title_span: where the headline stands in ``text``, or None when it is not in it.
        title_sentences: sentences of the headline, ``in_title=True``. They index ``text`` when
            the headline is in it, otherwise the ``title`` string.
        sentences: body sentences, in order.
        paragraphs: body paragraphs, in order.
        quotes: quotation spans in the body, in order.
        excluded: stretches set aside as page furniture, with their kind and rule.
    """

    text: str
    title: str | None
    title_span: Span | None
    title_sentences: tuple[Sentence, ...]
    sentences: tuple[Sentence, ...]
    paragraphs: tuple[Span, ...]
    quotes: tuple[Quote, ...]
    excluded: tuple[Excluded, ...]
    _quote_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _sentence_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_quote_starts", tuple(q.start for q in self.quotes))
        object.__setattr__(self, "_sentence_starts", tuple(s.start for s in self.sentences))

    @property
    def body_text(self) -> str:
        """The body alone, paragraphs joined by a blank line (what readability is computed on)."""
        return "\n\n".join(p.text for p in self.paragraphs)

    @cached_property
    def word_count(self) -> int:
        """Words of the body sentences (counted per paragraph: between its sentences there is only space).

        Counted once per Document: the metrics and the warnings both read it.
        """
        return sum(len(_WORD.findall(self.text, p.start, p.end)) for p in self.paragraphs)

    @cached_property
    def lowered(self) -> str | None:
        """``text.lower()`` when it keeps every offset (a few characters, like "İ", grow), else None."""
        lowered = self.text.lower()
        return lowered if len(lowered) == len(self.text) else None

    def __getstate__(self) -> dict:
        # The lowered text and the word count are made again on demand: a pickled Document (sent between worker
        # processes) carries only its fields.
        return {k: v for k, v in self.__dict__.items() if k not in _DERIVED}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    def quote_at(self, position: int) -> Quote | None:
        """The quotation containing ``position``, or None."""
        starts = self._quote_starts
        i = bisect.bisect_right(starts, position) - 1
        if i >= 0 and self.quotes[i].start <= position < self.quotes[i].end:
            return self.quotes[i]
        return None

    def in_quote(self, start: int, end: int | None = None) -> bool:
        """True when ``[start, end)`` lies inside one quotation."""
        quote = self.quote_at(start)
        return quote is not None and (end is None or end <= quote.end)

    def sentence_at(self, position: int) -> Sentence | None:
        """The body sentence containing ``position``, or None."""
        i = bisect.bisect_right(self._sentence_starts, position) - 1
        if i >= 0 and self.sentences[i].start <= position < self.sentences[i].end:
            return self.sentences[i]
        return None


# What a Document computes on demand and keeps (cached properties), not its fields.
_DERIVED = frozenset(("lowered", "word_count"))





def _paragraphs(text: str, lines: list[_Line], body: list[int]) -> list[tuple[int, int]]:
    """Body paragraphs: a line each, except hard-wrapped blocks, whose lines are joined."""
    paragraphs: list[tuple[int, int]] = []
    run: list[int] = []

    def flush() -> None:
        if not run:
            return
        texts = [text[lines[i].start:lines[i].end] for i in run]
        wrapped = len(run) >= 2 and all(len(t) >= 30 for t in texts[:-1]) and (
            sum(1 for t in texts[:-1] if not _TERMINAL.search(t)) * 2 >= len(texts) - 1)
        if wrapped:
            paragraphs.append((lines[run[0]].start, lines[run[-1]].end))
        else:
            paragraphs.extend((lines[i].start, lines[i].end) for i in run)
        run.clear()

    previous = None
    for i in body:
        if previous is not None and (i != previous + 1 or lines[i].block != lines[previous].block):
            flush()
        run.append(i)
        previous = i
    flush()
    return paragraphs


def _quotes(text: str, paragraphs: list[tuple[int, int]]) -> list[Quote]:
    """Quotation spans with straight or curly double quotes, continued across paragraphs."""
    quotes: list[Quote] = []
    group = 0
    carried = False  # the previous paragraph ended inside an open quote
    for p_index, (start, end) in enumerate(paragraphs):
        open_at = None
        straight_open = False
        continues_here = False
        for mark in _QUOTE_MARK.finditer(text, start, end):
            position, c = mark.start(), mark.group()
            if open_at is None and c in "“«" or (open_at is None and c == '"'):
                open_at = position
                straight_open = c == '"'
                continues_here = carried and position == start
                if not continues_here:
                    group += 1
            elif open_at is not None and ((c in "”»" and not straight_open) or (c == '"' and straight_open)):
                quotes.append(Quote(open_at, position + 1, text[open_at:position + 1], True, continues_here, group, p_index))
                open_at = None
                continues_here = False
            elif open_at is not None and c in "“«" and not straight_open:
                pass  # a nested or stray opening mark inside an open quote
        if open_at is not None:
            quotes.append(Quote(open_at, end, text[open_at:end], False, continues_here, group, p_index))
            carried = True
        else:
            carried = False
    return quotes


def _sentences_over(source: str, spans: list[tuple[int, int]], rules: _SentenceRules, quotes: list[Quote],
                    in_title: bool) -> list[Sentence]:
    sentences: list[Sentence] = []
    quote_starts = [q.start for q in quotes]
    for p_index, (p_start, p_end) in enumerate(spans):
        for a, b in _split_sentences(source, p_start, p_end, rules, quotes, quote_starts):
            index = -1 if in_title else len(sentences)
            sentences.append(Sentence(a, b, source[a:b], index, p_index, in_title))
    return sentences


def require_document(doc: object, where: str, for_text: str) -> Document:
    """``doc`` when it is a :class:`Document`; otherwise a TypeError naming ``for_text``, the call for plain text.

    Example:
        >>> require_document("text", "hedges_in()", "audit.find_hedges(text)")
        Traceback (most recent call last):
        TypeError: hedges_in() needs a Document from audit.segment(text), got str; for plain text use audit.find_hedges(text)
    """
    if not isinstance(doc, Document):
        raise TypeError(f"{where} needs a Document from audit.segment(text), got {type(doc).__name__}; "
                        f"for plain text use {for_text}")
    return doc


def segment(text: str, title: str | None = None, *, rules_dir: str | None = None) -> Document:
    """Segment one article into title, body paragraphs, sentences, quotations and set-aside furniture.

    Args:
        text: the article as pasted (any line endings).
        title: the headline when it is known from metadata; lines repeating it are set aside.
        rules_dir: an optional folder of rule files overlaying the packaged ones.

    Example:
        >>> doc = segment("Gen. Mark Milley spoke to reporters. He said it was a draft.")
        >>> [s.text for s in doc.sentences]
        ['Gen. Mark Milley spoke to reporters.', 'He said it was a draft.']
    """
    if not isinstance(text, str):
        raise TypeError(f"segment() needs the article as a str, got {type(text).__name__}")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a str or None, got {type(title).__name__}")
    title = title.strip() or None if title is not None else None
    rules = _furniture_rules(rules_dir)
    sentence_rules = _sentence_rules(rules_dir)
    lines, known, tested = _cut_inline(text, _lines(text), rules, sentence_rules)
    kinds = _classify_lines(text, lines, title, rules, known, tested)

    title_span = None
    title_lines = [i for i, (kind, _) in sorted(kinds.items()) if kind == "title"]
    if title_lines:
        first = lines[title_lines[0]]
        title_span = Span.of(text, first.start, first.end)
        field = _TITLE_FIELD.match(title_span.text)
        if field:  # "Headline: ..." in a metadata header
            title_span = Span.of(text, first.start + field.end(), first.end)
        if title is None:
            title = title_span.text

    excluded = tuple(
        Excluded(lines[i].start, lines[i].end, text[lines[i].start:lines[i].end], kind, rule)
        for i, (kind, rule) in sorted(kinds.items())
    )
    body = [i for i, ln in enumerate(lines) if not ln.blank and i not in kinds]
    paragraph_bounds = _paragraphs(text, lines, body)
    quotes = _quotes(text, paragraph_bounds)
    sentences = _sentences_over(text, paragraph_bounds, sentence_rules, quotes, in_title=False)

    if title_span is not None:
        title_sentences = _sentences_over(text, [(title_span.start, title_span.end)], sentence_rules, [],
                                         in_title=True)
    elif title is not None:
        title_sentences = _sentences_over(title, [(0, len(title))], sentence_rules, [], in_title=True)
    else:
        title_sentences = []

    return Document(
        text=text,
        title=title,
        title_span=title_span,
        title_sentences=tuple(title_sentences),
        sentences=tuple(sentences),
        paragraphs=tuple(Span.of(text, a, b) for a, b in paragraph_bounds),
        quotes=tuple(quotes),
        excluded=excluded,
    )


def split_sentences(text: str) -> list[Span]:
    """News-aware sentences of ``text`` (body and headline alike), as spans of the original string.

    Unlike :func:`segment`, nothing is set aside: every non-blank line is split.

    Example:
        >>> [s.text for s in split_sentences("Sen. Jo Park (D-Calif.) spoke at 9 a.m. Monday. It rained.")]
        ['Sen. Jo Park (D-Calif.) spoke at 9 a.m. Monday.', 'It rained.']
    """
    if not isinstance(text, str):
        raise TypeError(f"split_sentences() needs a str, got {type(text).__name__}")
    rules = _sentence_rules(None)
    lines = _lines(text)
    body = [i for i, ln in enumerate(lines) if not ln.blank]
    paragraph_bounds = _paragraphs(text, lines, body)
    quotes = _quotes(text, paragraph_bounds)
    return [Span(s.start, s.end, s.text) for s in _sentences_over(text, paragraph_bounds, rules, quotes, False)]
