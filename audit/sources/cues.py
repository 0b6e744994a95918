"""Finding the cues of a sentence ("said", "according to") and setting aside words that only look like one."""
from __future__ import annotations

import re
from typing import NamedTuple

from ..segment import Document
from ..spans import Sentence
from .rules import _Cue, _Rules
from .words import _AFTER, _Stretch, _Word, _is_participle, _skip_space, _words_within
from .phrases import _np_forward


# A news sentence carries a handful of attributions at most. Past this many cue words in one
# "sentence" the text is not prose (a run of "said said said", a list without full stops), and
# every further attribution would copy the same long sentence again: stop, to stay linear.
_MAX_CUES_PER_SENTENCE = 24

_NAMING = re.compile(r"(?<![\w’'])(?:an?|one|the so)\s+(?:[\w’'\-]+\s+){0,3}$|(?:group|account|movement|program|"
                     r"organization|party|book|loophole|company|site|website|app|bill|law|event|film|show|process|"
                     r"thing|something|what|whom|area|town|village|place|initiative|campaign|project|committee|PAC)\s+$",
                     re.IGNORECASE)


# A negated or refused cue reports that nothing was said: "did not confirm", "won't comment", "declined to
# confirm or deny". Only the cues listed in attribution_refusals.tsv: "did not mention" is still an attribution
# in the newsroom's sense. "not only said" still says something.
_NEGATED = re.compile(r"(?:\bnot(?!\s+only)|\bnever|n[’']t|\b(?:declin|refus)(?:ed|es|ing|e)\s+to)\s+"
                      r"(?:(?:\w+ly|yet)\s+)?(?:\w+\s+(?:or|nor)\s+)?\Z", re.IGNORECASE)


# The agent of a passive cue: "was reported earlier by", "was first announced by".
_PASSIVE_BY = re.compile(r"\s+(?:(?:earlier|first|previously|initially|later|also|publicly|\w+ly)\s+)?by\s+")


def _passive(text: str, floor: int, position: int, near: _Stretch, rules: _Rules) -> bool:
    """Whether the cue at ``position`` is a passive ("was told"); ``near``: the words just before it."""
    grammar = rules.grammar
    words = _words_within(text, near, max(floor, position - 60), position)
    while words:
        low = words[-1].lower
        if low in ("not", "also", "never", "n't", "once", "first", "later", "already", "neither", "either", "both") \
                or low.endswith("ly") and len(low) > 4:
            words.pop()
        elif low in ("nor", "or") and len(words) > 1 and _is_participle(words[-2], rules):
            del words[-2:]  # "was neither detained nor cited"
        else:
            break
    return bool(words) and words[-1].lower in grammar.be_forms


def _previous_word(text: str, floor: int, position: int) -> str:
    k = position
    while k > floor and text[k - 1] == " ":
        k -= 1
    j = k
    while j > floor and (text[j - 1].isalnum() or text[j - 1] in "’'-"):
        j -= 1
    return text[j:k].lower()


class _CueReading(NamedTuple):
    """A cue kept for attribution: where it stands, its rule, and the word before it."""

    start: int
    end: int
    key: str  # the cue's words, lower case, single-spaced ("according to")
    cue: _Cue
    capitalised: bool  # "Asked about the vote, ...": a cue at the head of the sentence
    previous: str  # the word before the cue, lower case


def _read_cue(doc: Document, text: str, sentence: Sentence, match: re.Match, rules: _Rules, title: bool,
              after_cue: bool) -> _CueReading | None:
    """The cue ``match`` found, or None when the words only look like a cue.

    ``after_cue``: an earlier cue of the sentence was kept (a view verb after it is part of that attribution).
    """
    cue_start, cue_end = match.start(), match.end()
    if not title and doc.in_quote(cue_start, cue_end):
        return None  # words inside a quotation are the speaker's, not the reporter's attribution
    key = " ".join(match.group().lower().split())
    cue = rules.cues.get(key) or rules.cues.get("according to")
    capitalised = match.group()[:1].isupper()
    if capitalised and not title and text[sentence.start:cue_start].strip(" “\"‘'(—–-"):
        return None
    if cue.not_after is not None and cue.not_after.match(text, _skip_space(text, cue_end, sentence.end)):
        return None
    if title and match.group()[:1].isupper() and text[max(0, cue_start - 7):cue_start].lower() == "united ":
        return None
    if cue.kind in ("stance", "view") and (after_cue or doc.in_quote(sentence.start, sentence.end)):
        return None  # "Ruiz said she believes ...": a view inside reported words is part of that attribution
    previous = _previous_word(text, sentence.start, cue_start)
    if _not_spoken(text, sentence, cue_start, cue_end, cue, previous, rules):
        return None
    return _CueReading(cue_start, cue_end, key, cue, capitalised, previous)


def _not_spoken(text: str, sentence: Sentence, cue_start: int, cue_end: int, cue: _Cue, previous: str,
                rules: _Rules) -> bool:
    """The cue word is a noun or names something: "the company’s continued existence", "a group called"."""
    grammar = rules.grammar
    if text[cue_start - 2:cue_start - 1] in ("’", "'") and text[cue_start - 1:cue_start] == "s" or \
            text[cue_start - 3:cue_start - 1] in ("’s", "'s"):
        owner = previous.lower()
        if owner not in ("he’s", "she’s", "it’s", "that’s", "who’s", "he's", "she's", "it's", "that's", "who's"):
            return True  # "the company’s continued existence": a possessive before a noun, not a speaker
    if cue.id == "cue.call" and (_NAMING.search(text, max(sentence.start, cue_start - 40), cue_start) or (
            text[max(sentence.start, cue_start - 2):cue_start] == ", " and text[cue_end + 1:cue_end + 2] in "“\"‘'")):
        return True  # "a group called Occupy DNC": naming, not speaking
    if previous == "to":
        before_to = _previous_word(text, sentence.start, cue_start - 3)
        if before_to not in grammar.verbs_before_to:
            return True  # "a term used to describe", "in order to confirm": not the source speaking
    if cue.negation_drops and _NEGATED.search(text, max(sentence.start, cue_start - 48), cue_start):
        return True  # "did not confirm the fine", "declined to comment", "does not confirm or deny": nothing said
    if previous.endswith("ly") and len(previous) > 4 and previous not in grammar.ly_nouns:
        # "his previously stated views", "the widely reported figures": an adverb between the article and the cue
        k = cue_start
        while k > sentence.start and text[k - 1] == " ":
            k -= 1
        before_ly = _previous_word(text, sentence.start, k - len(previous))
        if before_ly in grammar.articles and text[k - len(previous)].islower():  # "the Daily said": a name
            return True
    if previous in grammar.determiners or previous in ("were", "was", "is", "are", "be", "been", "being", "to", "of",
                                                "in", "with", "so", "no", "new", "recent", "media", "news"):
        if cue.noun_too or previous in grammar.articles or previous in ("of", "so"):
            return True
    return False


def _passive_agent(text: str, sentence: Sentence, reading: _CueReading, rules: _Rules,
                   near: _Stretch | None) -> list[_Word] | None:
    """For a passive cue, the agent after "by" ("was first reported by the Gazette").

    None when the cue is not passive (or its words before were not read); an empty list when it is
    passive without an agent that could speak ("they were not warned", "he was told"): no source speaks.
    """
    grammar = rules.grammar
    if near is None or not _passive(text, sentence.start, reading.start, near, rules):
        return None
    by = _PASSIVE_BY.match(text, reading.end, sentence.end) if reading.cue.kind == "speech" else None
    agent = _np_forward(text, by.end(), min(sentence.end, by.end() + _AFTER), rules) if by else []
    if not agent or not (agent[0].capital or agent[0].lower in grammar.determiners or agent[-1].lower in rules.people):
        return []
    return agent
