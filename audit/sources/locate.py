"""Where the source of one cue stands: before it, after it, behind an appositive or at the head of its clause."""
from __future__ import annotations

import re
from typing import NamedTuple

from ..spans import Sentence
from .attribution import Attribution
from .rules import _Cue, _Rules
from .grammar import _agentive
from .words import _AFTER, _BEFORE, _Stretch, _Word, _last_boundary, _skip_space, _word, _words, _words_near, _words_within
from .cues import _CueReading
from .phrases import (
    _Found, _appositive_after, _main_clause_subject, _appositive_before, _clause_ends, _head_before_modifier, _leading_np,
    _name_after_noun, _np_backward, _np_forward, _person_before_place, _skip_inner_phrase, _subject_before,
    _trim_tail,
)




def _source_of_cue(text: str, sentence: Sentence, reading: _CueReading, agent: list[_Word] | None,
                   last: Attribution | None, rules: _Rules, near: _Stretch | None) -> _Found | None:
    """The source of a kept cue, by the cue's form: passive, opening participle, shared subject, or as usual.

    ``agent``: the agent of a passive cue (``_passive_agent``); ``last``: the sentence's previous attribution.
    """
    grammar = rules.grammar
    cue, cue_start, previous = reading.cue, reading.start, reading.previous
    if agent:
        # "The deal was first reported by the Gazette": the agent after "by" is the source
        return _Found(agent, [], "attr.passive.by")
    if reading.capitalised and cue.participle or reading.key == "asked" and reading.capitalised:
        # "Asked about the vote, Ruiz said ...": the subject of the main clause
        lead = _main_clause_subject(text, reading.end, sentence.end, rules)
        return _Found(lead, [], "attr.participle.opening") if lead else None
    if cue.participle and last is not None and previous in ("", ) and \
            text[last.cue.end:cue_start].rstrip().endswith(",") and last.source is not None:
        # "..., he continued, citing ...": the participle shares the subject of the cue before it
        return _Found([_word(last.source.start, last.source.end, last.source.text)], [], "attr.participle.shared")
    if cue.participle and previous in grammar.subordinators:
        lead = _leading_np(text, sentence.start, sentence.end, rules)
        return _Found(lead, [], "attr.participle.subordinate") if lead else None
    return _source_for_cue(text, sentence, cue_start, reading.end, cue, rules, near=near)


# A step that does not apply to a cue gives _LOOK_ON and the next step is tried; None ends the search: no source.
_LOOK_ON = _Found([], [], "look on")


class _Window(NamedTuple):
    """The words before a cue, up to the last clause boundary (``grammar.boundary``) in the window."""

    lo: int  # the window's start: the sentence's, or _BEFORE characters before the cue
    near: _Stretch  # the words just before the cue, read once
    boundary: re.Match | None  # the last boundary before the cue ("who", ",", "”"), or None
    raw: list  # the words between the boundary and the cue
    words: list  # the same, without the adverbs and auxiliaries next to the cue


def _source_for_cue(text: str, sentence: Sentence, cue_start: int, cue_end: int, cue: _Cue,
                    rules: _Rules, stack: tuple = (), near: _Stretch | None = None) -> _Found | None:
    """Where the source of the cue at ``[cue_start, cue_end)`` stands, and which pattern found it.

    ``near``: the words just before the cue (``_words_near``), when the caller has them already.
    The steps are tried in order: the subject of a cue with no words of its own before it, the subject
    right before the cue, then what the boundary before the cue says (a quotation, a relative pronoun,
    a dash, a comma, "and").
    """
    if cue.kind == "prep":
        words = _np_forward(text, _skip_space(text, cue_end, sentence.end), min(sentence.end, cue_end + _AFTER), rules)
        return _Found(words, [], "attr.according_to") if words else None
    window = _window_before(text, sentence.start, cue_start, near, rules)
    found = _lead_of_bare_cue(text, sentence.start, cue, rules, window)
    if found is _LOOK_ON:
        found = _subject_before_cue(text, sentence, cue, rules, stack, window)
    if found is _LOOK_ON:
        found = _source_across_boundary(text, sentence, cue_start, cue_end, cue, rules, window)
    return found


def _window_before(text: str, s_start: int, cue_start: int, near: _Stretch | None, rules: _Rules) -> _Window:
    """The words in front of a cue back to the last boundary, stepping over a parenthesis ("Pelosi (D-Calif.) said")."""
    lo = max(s_start, cue_start - _BEFORE)
    hi = cue_start
    near = near if near is not None else _words_near(text, lo, hi)
    tail = near.words
    kept = _trim_tail(tail, rules)
    if len(kept) < 2 and near.start > lo:
        # The trimming looks two words back; with two words left it stopped where it would on the whole
        # window. With fewer it may have run out of near words: read the whole window.
        near = _Stretch(lo, _words(text, lo, hi))
        tail = near.words
        kept = _trim_tail(tail, rules)
    if len(kept) < len(tail) and kept and text[kept[-1].end:tail[len(kept)].start].strip() == ")":
        hi = tail[len(kept)].start
    last = hi  # the window without the space at its end: ``lo + len(text[lo:hi].rstrip())``
    while last > lo and text[last - 1].isspace():
        last -= 1
    if last > lo and text[last - 1] == ")":
        opening = text.rfind("(", lo, last)
        if opening >= 0:
            hi = opening
    boundary = _last_boundary(text, lo, hi, rules)
    seg_start = boundary.end() if boundary else lo
    raw = _words_within(text, near, seg_start, hi)  # the same words as _words(text, seg_start, hi)
    return _Window(lo, near, boundary, raw, _trim_tail(raw, rules))


def _lead_of_bare_cue(text: str, s_start: int, cue: _Cue, rules: _Rules, window: _Window) -> _Found | None:
    """A cue with no subject of its own after a comma: the subject at the head of the sentence.

    "Clinton paused, then revealed ...", "..., saying the plan was dead".
    """
    raw, words, boundary = window.raw, window.words, window.boundary
    if raw and not words and boundary is not None and boundary.group() == "," and raw[0].lower == "then":
        lead = _leading_np(text, s_start, boundary.start(), rules)
        return _Found(lead, [], "attr.coordinated.subject") if lead else None
    if cue.participle and boundary is not None and boundary.group() in (",", "”", '"') and not words:
        lead = _leading_np(text, s_start, boundary.start(), rules)
        return _Found(lead, [], "attr.participle.subject") if lead else None
    return _LOOK_ON


def _subject_before_cue(text: str, sentence: Sentence, cue: _Cue, rules: _Rules, stack: tuple,
                        window: _Window) -> _Found | None:
    """The noun phrase right before the cue ("Esper noted", "top Democrats in Congress said")."""
    grammar = rules.grammar
    words, boundary = window.words, window.boundary
    if not words:
        return _LOOK_ON
    if boundary is not None and boundary.group().lower() in ("who", "that", "which") and \
            not (words[0].capital or words[0].lower in grammar.determiners or words[0].text in rules.pronouns):
        # "witnesses who spoke in favor of the bill said": the source stands before the relative clause
        if boundary.group().lower() in ("that", "which"):
            np = _np_backward(words, rules, rules.people)
            if len(np) == len(words) and (np[-1].lower in rules.people or np[-1].lower in rules.members):
                # "a move that restaurant owners say would ...": the people between "that" and the cue are the
                # subject of the relative clause, and the source
                return _Found(np, [], "attr.subject.object_relative")
        named = _name_after_noun(words, rules)
        if named:
            return _Found(named, [], "attr.subject.name")
        relative = _subject_before(text, window.lo, boundary.start(), "attr.relative.restrictive", rules)
        if relative is not None:
            return relative
    named = _name_after_noun(words, rules)
    if named:
        return _Found(named, [], "attr.subject.name")
    np = _np_backward(words, rules, rules.people)
    if np and not (len(np) == 1 and np[0].lower in grammar.determiners and np[0].lower not in grammar.quantifiers):
        if boundary is not None and boundary.group().lower() in ("who", "which", "that") and np[0].lower in (
                "had", "has"):
            np = []
        at = len(words) - len(np)
        if np and at > 0 and words[at - 1].lower in grammar.issuing_verbs and np[-1].lower in grammar.issued_things \
                and "issuing" not in stack:
            # "..., but issued a statement vowing to appeal": whoever issued the statement is the source
            verb = words[at - 1]
            issuer = _source_for_cue(text, sentence, verb.start, verb.end, rules.cues["said"], rules,
                                     stack=("issuing",))
            if issuer is not None and issuer.source_words:
                return _Found(issuer.source_words, issuer.title_words, f"{issuer.rule}.issuer", issuer.written)
        if np:
            modified = [] if cue.noun_too else _head_before_modifier(words, len(words) - len(np), rules)
            if modified:
                return _Found(modified, [], "attr.subject.modified")
            np = _skip_inner_phrase(words, np, rules)
            return _Found(np, [], "attr.subject")
    if words[-1].lower in grammar.function_words:
        return None
    return _LOOK_ON


def _source_across_boundary(text: str, sentence: Sentence, cue_start: int, cue_end: int, cue: _Cue,
                            rules: _Rules, window: _Window) -> _Found | None:
    """No subject right before the cue: what the boundary before it says about where the source is."""
    boundary = window.boundary
    mark = boundary.group() if boundary else ""
    low_mark = mark.lower()
    s_end = sentence.end
    if mark in ("”", '"', "»") or (not boundary and cue_start == sentence.start):
        # "“We will appeal,” said Ruiz": the source follows the cue
        inverted = _np_forward(text, _skip_space(text, cue_end, s_end), min(s_end, cue_end + _AFTER), rules)
        if inverted and cue.id != "cue.tell":
            return _Found(inverted, _appositive_after(text, inverted[-1].end, s_end, rules), "attr.inverted")
        return None
    if low_mark in ("who", "which"):
        return _relative_source(text, window.lo, boundary, rules)
    if mark in ("—", "–", "--") or (mark == "-" and text[boundary.start() - 1:boundary.start()] == " "):
        return _appositive_before(text, window.lo, boundary.start(), rules)
    if mark == ",":
        return _source_after_comma(text, sentence, cue_end, cue, rules, window)
    if low_mark in ("and", "but", "or"):
        return _coordinated_subject(text, sentence.start, window.lo, boundary, rules)
    return None


def _relative_source(text: str, lo: int, boundary: re.Match, rules: _Rules) -> _Found | None:
    """ "Trump, who wrote ...": the antecedent of the relative pronoun, written as the pronoun itself."""
    found = _subject_before(text, lo, boundary.start(), "attr.relative", rules)
    if found is None:
        return None
    if boundary.group().lower() == "who":
        found = _person_before_place(text, lo, found, rules)
    if not any(w.capital for w in found.source_words):
        # "Donald Trump, the former president, who said": the name in front of the appositive
        comma = text.rfind(",", lo, boundary.start())
        appositive = _appositive_before(text, lo, comma, rules) if comma >= 0 and not text[
            comma + 1:boundary.start()].strip() else None
        if appositive is not None and any(w.capital for w in appositive.source_words):
            found = _Found(appositive.source_words, appositive.title_words, "attr.relative.appositive")
    # The source as written is the pronoun, like "he"; its antecedent names and types it.
    pronoun = _word(boundary.start(), boundary.end(), boundary.group())
    return _Found(found.source_words, found.title_words, found.rule, pronoun)


def _source_after_comma(text: str, sentence: Sentence, cue_end: int, cue: _Cue, rules: _Rules,
                        window: _Window) -> _Found | None:
    """A comma before the cue: an inverted source ("the bridge is safe, said Jones") or an appositive.

    "“...,” said X" (comma inside the quote) is read as a quotation; here "the bridge is safe, said Jones"
    or "Milley, chairman of the Joint Chiefs, told reporters".
    """
    grammar = rules.grammar
    s_end = sentence.end
    after_start = _skip_space(text, cue_end, s_end)
    inverted = _np_forward(text, after_start, min(s_end, cue_end + _AFTER), rules)
    named = bool(inverted) and (inverted[0].capital and inverted[0].lower not in grammar.determiners or (
        inverted[0].lower == "the" and len(inverted) > 1 and all(w.capital for w in inverted[1:])
        and not text[inverted[-1].end:s_end].strip(" .!?”’\"'")))  # "..., reported the Gazette."
    if inverted and cue.id != "cue.tell" and named \
            and inverted[0].text not in rules.pronouns and inverted[0].lower not in grammar.between_subject_and_cue \
            and inverted[0].lower not in grammar.months and _clause_ends(text, inverted[-1].end, s_end):
        return _Found(inverted, _appositive_after(text, inverted[-1].end, s_end, rules), "attr.inverted")
    appositive = _appositive_before(text, window.lo, window.boundary.start(), rules)
    if appositive is not None:
        return appositive
    participial = _PARTICIPIAL_ASIDE.search(text, sentence.start, window.boundary.start())
    if participial is not None:
        # "Two council members who back the plan, speaking on condition of anonymity, said": an aside in -ing
        # between the subject and the cue; the subject heads the sentence
        lead = _leading_np(text, sentence.start, participial.start(), rules)
        if lead and (lead[-1].lower in rules.people or lead[-1].lower in rules.members or lead[-1].capital
                     or _agentive(lead[-1].lower, rules)):
            return _Found(lead, [], "attr.subject.participial_aside")
    if inverted and cue.id != "cue.tell" and (inverted[0].capital or inverted[0].lower in grammar.determiners
                                              or inverted[0].lower in rules.pronouns) and not (
            inverted[0].text in rules.pronouns and not _clause_ends(text, inverted[-1].end, s_end)):
        # an inverted pronoun ends its clause ("..., said she."); "..., said they expected it" starts the content
        return _Found(inverted, _appositive_after(text, inverted[-1].end, s_end, rules), "attr.inverted")
    return None


# A participial aside ending right before the cue's comma: ", speaking on condition of anonymity to discuss ...".
_PARTICIPIAL_ASIDE = re.compile(r",\s+[a-z]+ing\b[^,;:“”\"]*$")


def _coordinated_subject(text: str, s_start: int, lo: int, boundary: re.Match, rules: _Rules) -> _Found | None:
    """ "Garcia lost, so the judge ruled and told him ...": the subject of the nearest clause, else the sentence's."""
    grammar = rules.grammar
    clause_start = s_start
    for clause in _CLAUSE_OPENING.finditer(text, s_start, boundary.start()):
        clause_start = clause.end()
    relative = None
    for relative in _RELATIVE_WHO.finditer(text, clause_start, boundary.start()):
        pass
    if relative is not None and "," not in text[relative.end():boundary.start()]:
        # "the farmers, who could not speak but issued a statement": the relative pronoun's antecedent
        found = _subject_before(text, lo, relative.start(), "attr.relative.coordinated", rules)
        if found is not None:
            return _Found(found.source_words, found.title_words, found.rule,
                          _word(relative.start("who"), relative.end("who"), relative.group("who")))
    lead = _leading_np(text, clause_start, boundary.start(), rules) if clause_start > s_start else []
    if not lead or not (lead[0].capital or lead[0].lower in grammar.determiners or lead[0].text in rules.pronouns):
        lead = _leading_np(text, s_start, boundary.start(), rules)
    return _Found(lead, [], "attr.coordinated.subject") if lead else None


_RELATIVE_WHO = re.compile(r",\s+(?P<who>who)\s")


# Where a new clause with its own subject starts inside a sentence (", so the judge ...", "; the council ...").
_CLAUSE_OPENING = re.compile(r"(?:[,;]\s+(?:so|but|yet|and|because|while|although|though|whereas|then)|;)\s+",
                             re.IGNORECASE)
