"""Reading a source phrase: the noun phrase before or after a cue, appositives, the subject of a clause."""
from __future__ import annotations

import re
from typing import NamedTuple

from .rules import _Rules
from .grammar import _PARTY_TAG, _agentive
from .words import _TOKEN, _Word, _is_abbreviation, _is_participle, _last_boundary, _skip_space, _word, _words

_MAX_SOURCE_WORDS = 12


def _trim_tail(words: list[_Word], rules: _Rules) -> list[_Word]:
    """Drop adverbs, auxiliaries, time words and "declined to" between a subject and its cue."""
    grammar = rules.grammar
    while words:
        low = words[-1].lower.rstrip(".")
        if low == "to" and len(words) >= 2 and (words[-2].lower in grammar.verbs_before_to
                                                or words[-2].lower.endswith("ed")):
            words = words[:-2]
        elif low in grammar.reached_by_reporter and len(words) >= 2 and words[-2].lower not in grammar.function_words \
                and words[-2].lower not in grammar.determiners:  # "those surveyed" keeps its participle
            words = words[:-1]  # "commuters interviewed Tuesday said": the people, not how they were reached
        elif low in grammar.between_subject_and_cue or low.endswith(("n’t", "n't")) or (
                low.endswith("ly") and not words[-1].capital and len(low) > 4 and low not in grammar.ly_nouns) or (
                low == "long" and not words[-1].capital and len(words) >= 2 and words[-2].lower in ("has", "have", "had")):
            words = words[:-1]  # "critics have long argued" ("long" only after has/have/had: "Huey Long said")
        else:
            break
    return words


def _np_backward(words: list[_Word], rules: _Rules, people: dict | None = None) -> list[_Word]:
    """The longest noun phrase ending at the last word, read backwards ("top Democrats in Congress").

    With ``people`` (the lexicon of nouns for people), a place after such a noun stays in the phrase:
    "a volunteer at the shelter", "workers in the warehouse".
    """
    grammar = rules.grammar
    taken: list[_Word] = []
    k = len(words)
    while k > 0:
        k -= 1
        word = words[k]
        low = word.lower
        if not taken and word.text in grammar.subject_pronouns:
            return [word]  # "by the time he said": the pronoun is the whole subject
        if taken and not word.capital and taken[-1].text.endswith(".") and taken[-1].capital and \
                len(taken[-1].text) <= 5 and low not in grammar.determiners and low not in grammar.prepositions_in_name:
            break  # "... party convention Sen. Elizabeth Warren": a title abbreviation starts the name
        if low == "the" and taken and taken[-1].capital and k > 1 and words[k - 1].capital and \
                words[k - 2].lower == "of" and words[k - 1].lower not in grammar.determiners:
            taken.append(word)  # "Lena Ortiz of Save the Harbor": "the" inside the name of a body
            continue
        if low in grammar.determiners and taken \
                and not (k > 0 and words[k - 1].lower in ("of", "in", "for", "at", "from")) \
                and not (k > 1 and words[k - 1].lower == "to" and words[k - 2].lower in grammar.to_heads) \
                and not (k > 1 and words[k - 1].lower in grammar.access_prepositions
                         and words[k - 2].lower in grammar.access_adjectives):
            taken.append(word)
            if low in ("the", "a", "an") and k >= 3 and words[k - 2].lower == "to" and not words[k - 1].capital:
                # "the coalition to defeat the ISIS group": an infinitive inside an organisation's name
                taken.extend((words[k - 1], words[k - 2]))
                k -= 2
                continue
            break
        if taken and k > 0 and low in grammar.access_prepositions and words[k - 1].lower in grammar.access_adjectives:
            # "a person involved in the talks", "people close to the mayor": the phrase names who they are
            taken.extend((word, words[k - 1]))
            k -= 1
            continue
        if low in grammar.prepositions_in_name and taken:
            nxt = taken[-1]
            if low == "of" or (nxt.capital and low in ("in", "for", "at")) or (
                    low == "with" and k > 0 and words[k - 1].lower in grammar.with_heads) or (
                    low == "for" and k > 0 and words[k - 1].lower in grammar.to_heads) or (
                    people and low in ("at", "in", "from") and k > 0 and (
                        words[k - 1].lower in people or _agentive(words[k - 1].lower + "s", rules))
                    and (not words[k - 1].capital or words[k - 1].lower in grammar.quantifiers)):
                taken.append(word)
                continue
            break
        if low == "to" and taken and k > 0 and words[k - 1].lower in grammar.to_heads:
            taken.append(word)  # "an aide to the senator", "advisers to the governor"
            continue
        if low in grammar.function_words or low in grammar.between_subject_and_cue and not word.capital:
            break
        if not word.capital and len(low) > 4 and (low.endswith("ed") or low.endswith("ing")) and taken:
            break  # a verb ("drew criticism from ...") or a clause, not part of the name
        if not any(c.isalnum() for c in word.text):
            break
        taken.append(word)
        if len(taken) >= _MAX_SOURCE_WORDS:
            break
    while taken and taken[-1].lower in grammar.prepositions_in_name:
        taken.pop()
    taken.reverse()
    while taken and taken[-1].lower in grammar.prepositions_in_name:
        taken.pop()
    return taken


def _name_after_noun(words: list[_Word], rules: _Rules) -> list[_Word]:
    """A name right after a plain noun is a new subject: "one of the ways Dane County said" -> "Dane County".

    A relative clause without "that" puts the speaker straight after the noun it describes; a role word
    ("spokesman Ali Reza"), a preposition ("spoke to The Gazette") or a modifier ("former") keeps the phrase whole.
    """
    grammar = rules.grammar
    k = len(words)
    while k > 0 and words[k - 1].capital and words[k - 1].lower.rstrip(".") not in rules.titles:
        k -= 1
    if k == len(words) or k < 2 or words[k].lower in grammar.determiners or words[k].text in grammar.subject_pronouns:
        return []
    noun = words[k - 1].lower
    if words[k - 1].capital or not noun.isalpha() or len(noun) < 3 or noun in grammar.function_words \
            or noun in grammar.determiners or noun in grammar.between_subject_and_cue or noun in rules.titles \
            or noun in rules.people or noun in rules.members or noun in rules.org_nouns or noun in rules.documents \
            or noun in grammar.modifier_prepositions \
            or noun.endswith(("ly", "ed", "ing", "al", "ic", "ive", "ous", "ian", "ish", "ese")) \
            or noun in grammar.name_modifiers:
        return []
    if words[k - 2].lower not in grammar.determiners and words[k - 2].lower not in ("key", "main", "many", "other", "few"):
        return []  # only "the ways X", "the key ways X": a noun phrase that clearly ended before the name
    return words[k:]


def _head_before_modifier(words: list[_Word], np_at: int, rules: _Rules) -> list[_Word]:
    """The noun a participle phrase hangs on: "a lawsuit filed against the diocese alleged" -> "a lawsuit".

    Without this the object of the participle ("the diocese", "November 2023", "Love" in "the lawyer
    representing Love said") reads as the speaker. Only a lower-case participle right after a noun counts,
    so a main verb with its own subject ("The city sued Acme and said") is left alone.
    """
    grammar = rules.grammar
    if any(w.text.endswith(("’s", "'s")) for w in words[np_at:]):
        return []  # "Christie's effusive praise": the name owns the cue word
    k = np_at - 1
    stop = max(0, np_at - 8)
    while k >= stop and words[k].lower in grammar.modifier_prepositions:
        k -= 1
        if k >= stop and not _is_participle(words[k], rules):
            # one more noun phrase inside the modifier: "released in March by the auditor"
            j = k
            while j >= stop and not _is_participle(words[j], rules) and (
                    words[j].lower in grammar.determiners or words[j].lower in grammar.modifier_prepositions
                    or words[j].lower not in grammar.function_words
                    and words[j].lower not in grammar.between_subject_and_cue):
                j -= 1
            k = j
    if k < 1 or not _is_participle(words[k], rules) or "-" in words[k].text:
        return []
    if words[k].lower.endswith("ed") and words[k].lower not in grammar.modifier_participles and not any(
            w.lower == "by" for w in words[k + 1:np_at]):
        return []  # "The talk ended with Maddow asking": a main verb; a modifier is a known one or has its "by"
    if k == np_at - 1 and not (words[np_at].capital or words[np_at].lower in grammar.determiners):
        return []  # "a rolling poll", "the tracking survey": an -ing adjective, not a modifier with an object
    if not words[k].lower.endswith("ing") and k == np_at - 1:
        return []  # "the report cited Smith": a past form right before a name is a verb with an object
    before = words[k - 1].lower
    if before in grammar.between_subject_and_cue or before in grammar.be_forms or before.endswith(("n’t", "n't")) or (
            before.endswith("ly") and len(before) > 4):
        return []  # "didn't seem particularly impressed": an adjective after a verb, not a noun's modifier
    head = _np_backward(words[:k], rules)
    if not head or any(c in w.text for w in head for c in "?!'’") and not head[-1].capital \
            or head[-1].lower in grammar.function_words or head[-1].lower in grammar.determiners \
            or head[-1].text in grammar.subject_pronouns or head[-1].text.endswith(("’s", "'s")) \
            or head[0].lower in grammar.openers:
        return []
    return head


def _skip_inner_phrase(words: list[_Word], np: list[_Word], rules: _Rules) -> list[_Word]:
    """ "Trump in his announcement speech called ...": step over a phrase between the subject and the cue."""
    grammar = rules.grammar
    k = len(words) - len(np)
    if k >= 2 and words[k - 1].lower in grammar.inner_prepositions and not np[0].capital and (
            words[k - 2].capital or words[k - 2].text in grammar.subject_pronouns):
        subject = _np_backward(words[:k - 1], rules)
        if subject and (subject[-1].capital or subject[-1].text in grammar.subject_pronouns):
            return subject
    return np


def _np_forward(text: str, start: int, end: int, rules: _Rules, *, allow_from: bool = True) -> list[_Word]:
    """The noun phrase starting at ``start`` (after an inverted cue, after "according to")."""
    grammar = rules.grammar
    taken: list[_Word] = []
    for match in _TOKEN.finditer(text, start, end):
        if taken and text[taken[-1].end:match.start()].strip():
            break  # punctuation between words ends the phrase
        if not taken and text[start:match.start()].strip():
            break
        word = _word(match.start(), match.end(), match.group())
        low = word.lower
        if low in grammar.prepositions_in_name and taken:
            if low == "of" or low in ("for", "at", "with") or (low == "from" and allow_from) or \
                    low == "in" and match.end() < end and text[match.end():match.end() + 2].strip()[:1].isupper():
                taken.append(word)
                continue
            break
        if low in grammar.function_words and low not in grammar.determiners or (
                taken and low in grammar.between_subject_and_cue and not word.capital):
            break
        if not word.capital and taken and (len(low) > 4 and (low.endswith("ed") or low.endswith("ing"))
                                           or low in grammar.irregular_participles or low == "sued"):
            break  # "a draft seen by the Ledger": the participle starts a modifier, not more of the name
        if not any(c.isalnum() for c in word.text):
            break
        bare = low.rstrip(".")  # "the Ledger's database." at the end of a sentence
        if taken and not word.capital and (low in rules.cues and taken[-1].lower not in grammar.determiners
                                           and low not in rules.documents
                                           or taken[-1].capital and taken[-1].lower not in grammar.determiners
                                           and bare not in rules.org_nouns
                                           and bare not in rules.members and bare not in rules.people
                                           and bare not in rules.titles and bare not in rules.documents):
            break  # "Iran said": a lower-case word after a name is the verb, unless it names a role or body
        taken.append(word)
        if word.text.endswith(".") and len(word.text) > 3 and word.text[:-1].isalpha() and not word.capital:
            break
        if len(taken) >= _MAX_SOURCE_WORDS:
            break
    while taken and (taken[-1].lower in grammar.prepositions_in_name or taken[-1].lower in grammar.determiners):
        taken.pop()
    if taken and taken[-1].text.endswith(".") and not _is_abbreviation(taken[-1].text):
        last = taken[-1]
        taken[-1] = _word(last.start, last.end - 1, last.text[:-1])
    return taken


def _main_clause_subject(text: str, start: int, end: int, rules: _Rules) -> list[_Word]:
    """After an opening phrase ("Speaking in Salem, New Hampshire, Trump said"), the subject of the main clause."""
    comma = text.find(",", start, end)
    for _ in range(4):
        if comma < 0:
            return []
        lead = _np_forward(text, _skip_space(text, comma + 1, end), end, rules)
        if lead:
            after = _skip_space(text, lead[-1].end, end)
            if after < end and (text[after].islower() or text[after] in "“\"") and text[after] != ",":
                return lead
        comma = text.find(",", comma + 1, end)
    return []


def _leading_np(text: str, start: int, end: int, rules: _Rules) -> list[_Word]:
    """The subject at the head of a clause: skip openers ("But,") and a leading subordinate clause."""
    grammar = rules.grammar
    words = _words(text, start, end)
    i = 0
    while i < len(words) and words[i].lower in grammar.openers:
        i += 1
    if i < len(words) and words[i].lower in grammar.subordinators:
        comma = text.find(",", words[i].end, end)
        if comma < 0:
            return []
        return _leading_np(text, comma + 1, end, rules)
    if i >= len(words):
        return []
    return _np_forward(text, words[i].start, end, rules)


class _Found(NamedTuple):
    """Where a cue's source was found. Internal and made once per cue: a named tuple, as ``_Typed``."""

    source_words: list
    title_words: list
    rule: str
    written: _Word | None = None  # the relative pronoun standing for the source ("Trump, who wrote ...")

_CLAUSE_END = re.compile(r"\s*(?:[,.;:!?)”\"]|$|(?:in|on|at|during|who|whose|according|in an?|via)\b)")


def _clause_ends(text: str, position: int, end: int) -> bool:
    """True when a phrase ends its clause ("..., said Julian Highsmith, a spokesman" but not "said Thursday he")."""
    return bool(_CLAUSE_END.match(text, position, end)) or position >= end


def _subject_before(text: str, lo: int, hi: int, rule: str, rules: _Rules) -> _Found | None:
    while hi > lo and text[hi - 1] in " ,":
        hi -= 1
    boundary = _last_boundary(text, lo, hi, rules)
    words = _words(text, boundary.end() if boundary else lo, hi)
    np = _np_backward(words, rules, rules.people)
    return _Found(np, [], rule) if np else None


def _person_before_place(text: str, lo: int, found: _Found, rules: _Rules) -> _Found:
    """ "residents in the valley, who said": "who" stands for the people, not the place after their preposition.

    Only when the nearer phrase does not name people and the one before the preposition does.
    """
    grammar = rules.grammar
    np = found.source_words
    head = np[-1].lower
    if np[0].capital or head in rules.people or head in rules.members or head in rules.titles or _agentive(head, rules):
        return found
    before = _words(text, max(lo, np[0].start - 120), np[0].start)
    if len(before) < 2 or before[-1].lower not in grammar.place_prepositions:
        return found
    people = _np_backward(before[:-1], rules)
    if not people or people[-1].capital or people[-1].lower not in rules.people or \
            rules.people[people[-1].lower][1] != "group" or text[people[-1].end:before[-1].start].strip():
        return found
    return _Found(people + [before[-1]] + list(np), found.title_words, f"{found.rule}.people")


_POSSESSIVE_WORD = re.compile(r"[’']s?$")


def _after_preposition(text: str, lo: int, start: int, rules: _Rules) -> bool:
    """Whether the name or phrase at ``start`` is the object of a preposition ("based in Truro", "played with
    Baxter", "co-founder of Peace By Chocolate"); not after the "by" of an agent ("a statement e-mailed by Reagan
    Ruslim, who joined the board, said")."""
    before = _words(text, max(lo, start - 60), start)
    k = len(before) - 1
    if k < 0 or text[before[k].end:start].strip():
        return False
    while k >= 0 and before[k].capital:
        k -= 1  # the capitalised words of a name the phrase begins inside ("Peace By")
        if k < 0 or text[before[k].end:before[k + 1].start].strip():
            return False
    low = before[k].lower
    return low != "by" and (low == "of" or low in rules.grammar.modifier_prepositions)


def _appositive_before(text: str, lo: int, comma: int, rules: _Rules) -> _Found | None:
    """ "NAME, APPOSITIVE, cue": the source is the name in front of the appositive.

    Handles "Milley, chairman of the Joint Chiefs, told", "Woods, 58, who rents the house, says" (two
    appositives) and "The city's mayor, John Cruikshank, said" (the appositive is the name).
    """
    grammar = rules.grammar
    end = comma
    title: list[_Word] = []
    listing = False
    for _ in range(3):
        opening = max(text.rfind(",", lo, end), text.rfind("—", lo, end), text.rfind("–", lo, end),
                      text.rfind("(", lo, end))
        if opening < 0:
            return None
        appositive = _words(text, opening + 1, end)
        if not appositive or len(appositive) > 30:
            return None
        if appositive[0].lower in ("and", "or") and len(appositive) <= 3 and text[opening] == ",":
            end = opening  # "secretary for population, refugees, and migration": the end of a list, not a name
            listing = True
            continue
        if appositive[0].lower not in ("who", "whose", "whom", "which", "where", "however", "too", "though", "meanwhile", "instead", "for",
                                       "in", "on", "at", "speaking", "like") and not appositive[0].text[:1].isdigit():
            title = appositive
        found = _subject_before(text, lo, opening, "attr.appositive", rules)
        if found is not None:
            np = found.source_words
            head = np[-1].lower
            if np[0].lower in grammar.openers:
                return None
            named = 1 < len(appositive) <= 4 and all(w.capital for w in appositive)
            if not named and _after_preposition(text, lo, np[0].start, rules):
                end = opening  # "the owner of a bakery in Truro, N.S., says": the object of a preposition
                continue
            if len(np) == 1 and _PARTY_TAG.fullmatch(np[0].text):
                end = opening  # "Rep. Mike Ortiz, D-Putney, a sponsor, said": step over the party tag
                continue
            if listing and not any(w.capital for w in np):
                end = opening  # still inside the list
                continue
            if any(w.capital for w in np) or head in rules.people or head in rules.members or head in rules.titles:
                # a role led by a determiner, or by a possessive that acts as one ("The city's mayor, John Cruikshank,
                # said", "Labour's shadow minister, Priya Banerjee,", "the mayor of Halifax, Mike Savage, said"): the
                # name in the appositive is the source; the role's head is the word before its "of"
                if not np[0].capital or np[0].lower in grammar.determiners or _POSSESSIVE_WORD.search(np[0].text):
                    k = next((k for k in range(1, len(np)) if np[k].lower in grammar.prepositions_in_name), 0)
                    role = np[k - 1].lower if k else head
                    if 1 < len(appositive) <= 8 and appositive[-1].capital and appositive[-2].capital and (
                            role in rules.people or role in rules.titles or role in rules.members
                            or role.rstrip("’'s") in rules.titles or _names_a_person(appositive, rules)
                            and role not in rules.org_nouns and role not in rules.documents):
                        return _Found(np + appositive, [], "attr.appositive.name")
                return _Found(np, title, found.rule)
        end = opening
    return None


def _names_a_person(words: list[_Word], rules: _Rules) -> bool:
    """Whether capitalised words open with a title or a known first name ("Councilwoman Dana Whitfield")."""
    first = words[0].lower
    return first in rules.titles or first.rstrip(".") in rules.titles or first in rules.name_genders


def _appositive_after(text: str, position: int, end: int, rules: _Rules) -> list[_Word]:
    """ "said Mark Esper, the defense secretary." -> the words of the title."""
    grammar = rules.grammar
    k = position
    while k < end and text[k] == " ":
        k += 1
    if k >= end or text[k] != ",":
        return []
    stop = k + 1
    limit = min(end, k + 120)
    while stop < limit and text[stop] not in ",.;:“”\"(":
        stop += 1
    words = _words(text, k + 1, stop)
    if not words or not (words[0].lower in grammar.determiners or words[0].lower.rstrip(".") in rules.titles
                         or words[0].lower in rules.titles or not words[0].capital):
        return []
    if words[0].lower in ("who", "whose", "whom", "which", "where", "that", "when", "adding", "saying", "according"):
        return []
    return words
