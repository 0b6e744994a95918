"""How a statement reached the reporter (speech, statement, interview, social media, ...), from the words near its cue."""
from __future__ import annotations

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
    # Each possible row is searched on its own (a few short searches cost less than compiling their
    # alternation); the earliest match wins and, at the same place, the earlier row, as in one alternation.
    best_start, best_row = hi + 1, None
    for i in sorted(possible):
        hit = rows[i].pattern.search(text, lo, hi)
        if hit is not None and hit.start() < best_start:
            best_start, best_row = hit.start(), i
    return cue.channel if best_row is None else rows[best_row].channel
