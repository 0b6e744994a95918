"""Words with offsets and lower-case forms: what a word is, for the sourcing audit's little grammar.

A word runs between white space and the marks that end a phrase (``, ; : ( ) [ ] “ ” " « » — –``), so
"U.S." and "Sen." keep their full stops and "Ruiz’s" its possessive. The sourcing audit reads the words
before a cue once and reads any part of that stretch off them (:func:`words_between`), never tokenising
the same characters twice.

Example:
    >>> [(w.start, w.text, w.lower) for w in words_in("Sen. Ana Ruiz (D-Calif.) said", 0, 24)]
    [(0, 'Sen.', 'sen.'), (5, 'Ana', 'ana'), (9, 'Ruiz', 'ruiz'), (15, 'D-Calif.', 'd-calif.')]
"""
from __future__ import annotations

import bisect
import re
from typing import NamedTuple

WORD = re.compile(r"[^\s,;:()\[\]“”\"«»—–]+")


class Word(NamedTuple):
    """One word of the text with its offsets. A named tuple, not a frozen dataclass: tens of thousands are
    made per corpus pass and a tuple is built several times faster, while staying just as immutable."""

    start: int
    end: int
    text: str
    lower: str  # text.lower(), made once: detectors read it many times per word

    @property
    def capital(self) -> bool:
        return "A" <= self.text[:1] <= "Z"


def word(start: int, end: int, text: str) -> Word:
    """The word ``text`` standing at ``[start, end)``."""
    return Word(start, end, text, text.lower())


def words_in(text: str, start: int, end: int) -> list[Word]:
    """The words of ``text[start:end]`` (a word cut at either edge counts as its part inside)."""
    new = tuple.__new__  # the named tuple's own __new__ is a Python function: this skips it (a hot loop)
    return [new(Word, (m.start(), m.end(), found, found.lower()))
            for m in WORD.finditer(text, start, end) for found in (m.group(),)]


def words_between(words: tuple[Word, ...], text: str, start: int, end: int) -> list[Word]:
    """``words_in(text, start, end)`` read off ``words``, the words of a stretch of ``text`` that holds ``[start, end)``.

    A word runs between delimiters, so the words of a part of a stretch are the stretch's words inside it,
    a word cut at ``start`` or ``end`` counting as its part inside (as :func:`words_in` would find it).
    Two bisections find them (a word compares as its ``(start, ...)`` tuple).
    """
    i = bisect.bisect_left(words, (start,))
    j = bisect.bisect_left(words, (end,), i)
    found = list(words[i:j])
    if i and words[i - 1].end > start and start < end:  # a word that starts before ``start`` runs into the part
        cut = words[i - 1]
        found.insert(0, word(start, min(cut.end, end), text[start:min(cut.end, end)]))
    if found and found[-1].end > end:  # the last word runs past ``end``
        last = found[-1]
        found[-1] = word(last.start, end, text[last.start:end])
    return found
