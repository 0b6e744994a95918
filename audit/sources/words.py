"""Words with offsets, the window of words before a cue, and where a source phrase cannot reach past."""
from __future__ import annotations

import re
from typing import NamedTuple

from ..spans import Span
from ..tokens import WORD, Word, word, words_between, words_in
from .rules import _Rules

# How far around a cue the source may stand. Bounded windows keep the detector linear in the text.
_BEFORE = 220
_AFTER = 160

# The one tokenisation of a sentence (audit/tokens.py), under the names this package has always used.
_TOKEN = WORD
_Word = Word
_word = word
_words = words_in


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

    The words of a part of a stretch are the stretch's words inside it, a word cut at either edge counting as
    its part inside (:func:`audit.tokens.words_between`): the part is not tokenised again.
    """
    if start < stretch.start:
        return _words(text, start, end)
    return words_between(stretch.words, text, start, end)


def _last_boundary(text: str, start: int, end: int, rules: _Rules) -> re.Match | None:
    """The last ``_BOUNDARY`` match in ``text[start:end]``: the match a scan from ``start`` ends with.

    Read from the end: no match holds a space, so a scan that starts just after a space meets the same
    matches from there on as the scan from ``start``. Stretches of some 24 characters, each starting after a
    space, are searched nearest the end first until one holds a match; each character is still read once.
    """
    grammar = rules.grammar
    stop = end
    while stop > start:
        space = text.rfind(" ", start, max(start, stop - 24))
        begin = space + 1 if space >= 0 else start
        last = None
        for match in grammar.boundary.finditer(text, begin, stop):
            last = match
        if last is not None:
            return last
        stop = begin
    return None


def _is_participle(word: _Word, rules: _Rules) -> bool:
    grammar = rules.grammar
    low = word.lower
    if word.capital or low in grammar.function_words or low in grammar.between_subject_and_cue:
        return False
    if low in grammar.irregular_participles:
        return True
    return len(low) > 4 and (low.endswith("ed") and low not in ("indeed", "proceed", "exceed", "succeed")
                             or low.endswith("ing") and low not in grammar.ing_nouns)


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
