"""Words and sentences: how the audit counts words, and where a news sentence ends (by abbreviations.tsv and
sentence_openers.tsv: not after "Gen." or a middle initial, nor at an ellipsis inside a quotation)."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import load_rules, overlay_stamp
from .spans import Quote

# A word: letters or digits, joined by ' ’ - or . ("U.S.", "re-elect"). Possessive: a word ends where the
# letters end, so the engine never backtracks into it (same matches as the greedy pattern, faster).
_WORD = re.compile(r"[^\W_]++(?:['’\-.][^\W_]++)*+")
# A sentence can end at a run of . ! ? or an ellipsis, then closing quotes or brackets, then space.
# The lookbehind after the run's first mark (that mark and the one before it) makes a long run of dots one
# candidate, not one per dot (linear time). The pattern starts with the marks, not with the lookbehind, so
# the regex engine skips ahead to the next mark instead of trying every character: three times faster.
_END = re.compile(r"([.!?…](?<![.!?…].)[.!?…]*+)([\"”’'»)\]]*+)(\s++)(?=\S)")
_TERMINAL = re.compile(r"[.!?…:;][\"”’'»)\]]*$")
# A double quotation mark, straight, curly or angled (quotations and captions are found by it).
_QUOTE_MARK = re.compile(r"[“”\"«»]")
_INITIAL = re.compile(r"[A-Z]\.")
_INITIALS = re.compile(r"(?:[A-Za-z]\.){2,}")
_TOKEN_PREFIX = "([{\"“‘'«"
_NEVER_END = frozenset({"title", "month", "before_number", "place", "general"})
_CAN_END = frozenset({"can_end", "state"})
_RULE_FILES = ("abbreviations.tsv", "sentence_openers.tsv")


@dataclass(frozen=True, slots=True)
class _Rules:
    abbreviations: dict  # "Gen." -> kind
    openers: frozenset


@lru_cache(maxsize=16)
def _compiled_rules(rules_dir: str | None, stamp: tuple) -> _Rules:
    abbreviations = {row["text"]: row["kind"] for row in load_rules("abbreviations.tsv", rules_dir)}
    openers = frozenset(row["text"] for row in load_rules("sentence_openers.tsv", rules_dir))
    return _Rules(abbreviations, openers)


def _rules(rules_dir: str | None) -> _Rules:
    return _compiled_rules(rules_dir, overlay_stamp(_RULE_FILES, rules_dir))


def count_words(text: str) -> int:
    """Words as the audit counts them for per-100-word rates (letters/digits runs, joined by ' - .)."""
    return len(_WORD.findall(text))


def _token_before(text: str, dot: int, floor: int) -> str:
    """The word ending at ``text[dot]`` (the full stop included), without opening brackets or quotes."""
    k = dot
    limit = max(floor, dot - 40)
    while k > limit and not text[k - 1].isspace():
        k -= 1
    return text[k:dot + 1].lstrip(_TOKEN_PREFIX)


def _next_word(text: str, position: int, end: int) -> str:
    k = position
    while k < end and k - position < 40 and (text[k].isalpha() or text[k] in "'’"):
        k += 1
    return text[position:k]


def _split_sentences(text: str, start: int, end: int, rules: _Rules, quotes: list[Quote],
                     quote_starts: list[int]) -> list[tuple[int, int]]:
    """Sentence bounds in ``text[start:end]``; ``quote_starts`` are the starts of ``quotes``."""
    bounds = []
    current = start
    for match in _END.finditer(text, start, end):
        punct = match.group(1)
        next_at = match.end()
        c = text[next_at]
        if c.islower():
            continue
        if punct in ("...", "…") or (len(punct) > 1 and set(punct) == {"."}):
            i = bisect.bisect_right(quote_starts, match.start()) - 1
            if i >= 0 and quotes[i].start <= match.start() < quotes[i].end and quotes[i].end > next_at:
                continue  # an ellipsis inside a quotation marks an omission, not a boundary
        elif punct == ".":
            token = _token_before(text, match.start(1), start)
            kind = rules.abbreviations.get(token)
            if kind is None and _INITIALS.fullmatch(token):
                kind = "can_end"
            if kind in _NEVER_END:
                continue
            if kind in _CAN_END and _next_word(text, next_at, end) not in rules.openers:
                continue
            if (kind is None and _INITIAL.fullmatch(token) and token != "I."
                    and _next_word(text, next_at, end) not in rules.openers):
                continue  # a middle initial ("William H. Seely"), not "vitamins A and C. The"
        bounds.append((current, match.end(2)))
        current = next_at
    bounds.append((current, end))
    return [(a, b) for a, b in bounds if b > a]
