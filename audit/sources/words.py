"""Words with offsets, the window of words before a cue, and where a source phrase cannot reach past."""
from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from ..spans import Span
from .rules import _alternation
from .grammar import _FUNCTION, _ING_NOUNS, _IRREGULAR_PARTICIPLES, _SKIP_BEFORE_CUE

_TOKEN = re.compile(r"[^\s,;:()\[\]“”\"«»—–]+")


# How far around a cue the source may stand. Bounded windows keep the detector linear in the text.
_BEFORE = 220
_AFTER = 160

# Where a source phrase in front of a cue cannot reach past.
# The words as a trie (as the cue forms): one is tried per letter, not each in turn. At most one of them can
# match at a place, since a shorter one is followed by a letter where a longer one goes on.
_BOUNDARY_WORDS = ("that", "and", "but", "or", "as", "when", "while", "because", "after", "before", "since", "if",
                   "although", "though", "where", "so", "which", "what", "how", "whether", "who", "whom", "than",
                   "until", "unless")

_BOUNDARY = re.compile(
    rf"[,;:()\[\]“”\"«»—–]|(?<!\w)-{{1,2}}(?!\w)|(?<![\w’'\-])(?:{_alternation(_BOUNDARY_WORDS)})(?![\w’'\-])",
    re.IGNORECASE)


class _Word(NamedTuple):
    """One token of the text with its offsets. A named tuple, not a frozen dataclass: tens of thousands are
    made per corpus pass and a tuple is built several times faster, while staying just as immutable."""

    start: int
    end: int
    text: str
    lower: str  # text.lower(), made once: the detector reads it many times per word

    @property
    def capital(self) -> bool:
        return "A" <= self.text[:1] <= "Z"


def _word(start: int, end: int, text: str) -> _Word:
    return _Word(start, end, text, text.lower())


def _words(text: str, start: int, end: int) -> list[_Word]:
    new = tuple.__new__  # the named tuple's own __new__ is a Python function: this skips it (a hot loop)
    return [new(_Word, (m.start(), m.end(), word, word.lower()))
            for m in _TOKEN.finditer(text, start, end) for word in (m.group(),)]


# How far before a cue its words are read at first: far enough for a passive auxiliary, the adverbs between a
# subject and its cue, and most subjects. The rest of the window is read only when a search reaches past it.
_NEAR = 80


class _Stretch(NamedTuple):
    """The words of the text from ``start`` up to a cue: ``start`` is the edge of the window before the cue or
    follows a space, so no word is cut there and these are the window's own words from ``start`` on."""

    start: int
    words: list


def _words_near(text: str, lo: int, hi: int) -> _Stretch:
    """The words of ``text[lo:hi]`` from the last space ``_NEAR`` or more characters before ``hi`` (all if none)."""
    space = text.rfind(" ", lo, max(lo, hi - _NEAR))
    start = space + 1 if space >= 0 else lo
    return _Stretch(start, _words(text, start, hi))


def _words_within(text: str, stretch: _Stretch, start: int, end: int) -> list[_Word]:
    """``_words(text, start, end)`` for an ``end`` no later than the stretch's, read off its words when it holds ``start``.

    A token runs between delimiters, so the stretch's tokens that lie inside ``[start, end)`` are exactly
    that part's tokens, unless one of them is cut at ``start`` or ``end``: then the part is tokenised anew.
    The tokens are in text order, so two bisections find them (a word compares as its ``(start, ...)`` tuple).
    """
    if start < stretch.start:
        return _words(text, start, end)
    words = stretch.words
    i = bisect.bisect_left(words, (start,))
    j = bisect.bisect_left(words, (end,), i)
    if (i and words[i - 1].end > start) or (j and words[j - 1].end > end):
        return _words(text, start, end)
    return words[i:j]


def _last_boundary(text: str, start: int, end: int) -> re.Match | None:
    """The last ``_BOUNDARY`` match in ``text[start:end]``: the match a scan from ``start`` ends with.

    Read from the end: no match holds a space, so a scan that starts just after a space meets the same
    matches from there on as the scan from ``start``. Stretches of some 24 characters, each starting after a
    space, are searched nearest the end first until one holds a match; each character is still read once.
    """
    stop = end
    while stop > start:
        space = text.rfind(" ", start, max(start, stop - 24))
        begin = space + 1 if space >= 0 else start
        last = None
        for match in _BOUNDARY.finditer(text, begin, stop):
            last = match
        if last is not None:
            return last
        stop = begin
    return None


def _is_participle(word: _Word) -> bool:
    low = word.lower
    if word.capital or low in _FUNCTION or low in _SKIP_BEFORE_CUE:
        return False
    if low in _IRREGULAR_PARTICIPLES:
        return True
    return len(low) > 4 and (low.endswith("ed") and low not in ("indeed", "proceed", "exceed", "succeed")
                             or low.endswith("ing") and low not in _ING_NOUNS)


def _span_of(source: str, words: list[_Word]) -> Span | None:
    if not words:
        return None
    start, end = words[0].start, words[-1].end
    text = source[start:end]
    stripped = text.rstrip(".,")
    if stripped != text and not (text.endswith(".") and _is_abbreviation(text)):
        end = start + len(stripped)
    return Span.of(source, start, end)

_ABBREVIATION = re.compile(r"(?:[A-Z]\.)+|[A-Z][a-z]{0,3}\.|Jr\.|Sr\.|Inc\.|Corp\.|Co\.|Ltd\.")


def _is_abbreviation(text: str) -> bool:
    last = text.split()[-1]
    return bool(_ABBREVIATION.fullmatch(last))


def _skip_space(text: str, position: int, end: int) -> int:
    while position < end and text[position].isspace():
        position += 1
    return position
