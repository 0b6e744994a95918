"""How a statement reached the reporter (speech, statement, interview, social media, ...), from the words near its cue."""
from __future__ import annotations

import re
from functools import lru_cache

from .rules import _Cue, _Rules


def _channel(text: str, lo: int, hi: int, cue: _Cue, rules: _Rules) -> str:
    """The channel named near a cue ("in a statement", "told CNN"), else the cue's own.

    The earliest phrase in ``text[lo:hi]`` wins, then the earliest row. Rows none of whose keywords
    are near cannot match and are left out of the search (the search is the slow part).
    """
    near = text[lo:hi].casefold()
    rows = rules.channels
    possible = set(rules.channels_always)
    if rules.channel_keyword_any is not None and rules.channel_keyword_any.search(near):
        # some keyword is near (one scan tells, for a third of the cues): which rows' keywords
        possible.update(row for keyword, row in rules.channel_keywords if keyword in near)
    if not possible:
        return cue.channel  # no row can match
    hit = _channel_pattern(tuple(rows[i].phrase for i in sorted(possible))).search(text, lo, hi)
    if hit is None:
        return cue.channel
    return rows[int(hit.lastgroup[1:])].channel


@lru_cache(maxsize=1024)


def _channel_pattern(parts: tuple[str, ...]) -> re.Pattern:
    """One search for the channel phrases still possible near a cue (each a named group ``c<row>``)."""
    return re.compile("|".join(parts), re.IGNORECASE)
