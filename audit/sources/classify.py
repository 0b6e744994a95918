"""Typing a source phrase with the codebook's six source types, its title split off and whether it is official."""
from __future__ import annotations

import re
from typing import NamedTuple

from .rules import _Rules
from .grammar import _ACRONYM, _POSSESSIVE, _agentive
from .words import _Word, _is_abbreviation, _word
from .memory import _Memory, _Typed, _mention_before, _resolve_pronoun


def _strip_title(words: list[_Word], rules: _Rules) -> tuple[list[_Word], list[_Word], bool]:
    """Split "Secretary of Defense Mark Esper" into title words and name words; official when the title is."""
    grammar = rules.grammar
    last_title = -1
    official = False
    i = 0
    while i < len(words):
        low = words[i].lower
        two = f"{low} {words[i + 1].lower}" if i + 1 < len(words) else ""
        hit = rules.titles.get(two) or rules.titles.get(low)
        if hit and (i == 0 or last_title == i - 1 or words[i - 1].lower in grammar.determiners or not words[i - 1].capital
                    or words[i - 1].lower in ("house", "senate", "state", "u.s.", "former", "then", "deputy")
                    or hit[1] or two in rules.titles):
            step = 2 if rules.titles.get(two) else 1
            last_title = i + step - 1
            official = official or hit[1]
            i += step
            # "Secretary of Defense", "chairman of the Joint Chiefs": the "of" phrase belongs to the title
            if i + 1 < len(words) and words[i].lower in ("of", "for"):
                j = i + 1
                while j < len(words) and words[j].lower == "the":
                    j += 1
                if j < len(words) and (words[j].capital or words[j].lower == "state"):
                    last_title = j
                    i = j + 1
            continue
        i += 1
    if last_title < 0:
        return [], words, False
    if official and _office_outside_government([w.lower for w in words[:last_title + 1]], rules):
        official = False  # "union leader", "club secretary", "shadow minister"
    return words[:last_title + 1], words[last_title + 1:], official


def _clean_name(words: list[_Word], rules: _Rules) -> list[_Word]:
    grammar = rules.grammar
    while words and (words[0].lower in grammar.determiners or not words[0].capital):
        words = words[1:]
    while words and (_POSSESSIVE.search(words[-1].text) and words[-1].text[-2:] in ("’s", "'s")):
        words = words[:-1]
    for i in range(len(words) - 1, 0, -1):
        # "the director of operations for EHS, Jeff Fraser": the name in apposition, not the body before its comma
        # (the words are apart by more than one space only across punctuation); "King, Jr." keeps its suffix
        if words[i].start - words[i - 1].end > 1 and any(w.text not in grammar.name_suffixes for w in words[i:]):
            return words[i:]
    return words


def _classify(source: str, words: list[_Word], sentence: str, rules: _Rules, memory: _Memory,
              sentence_start: bool) -> _Typed:
    """Type a source phrase with the codebook's six source types."""
    grammar = rules.grammar
    typed = _classify_phrase(source, words, sentence, rules, memory, sentence_start)
    if len(words) > 2 and words[1].lower == "of" and words[0].lower in grammar.determiners:
        if typed.source_type == "unnamed_group" and words[0].lower == "one":
            # "one of the residents": a single unnamed person picked out of a group
            return _Typed("unnamed_person", None, typed.title, typed.official, f"{typed.rule}.one_of", typed.gender)
        if typed.rule == "attr.type.plural":
            # "many of the speakers": a quantified group of people, not a plural noun that could be a thing
            return _Typed(typed.source_type, typed.name, typed.title, typed.official, "attr.type.partitive")
    return typed


class _Phrase(NamedTuple):
    """A source phrase read once for typing: its words, its head and the word for a member of a body."""

    source: str  # the string the words index
    words: list  # the phrase's words
    low_words: list  # their lower-case forms without a trailing "." or ","
    text: str  # the words joined by single spaces ("a spokesman for the Pentagon")
    sentence_start: bool  # the phrase opens its sentence (so a capital proves nothing)
    lower_led: bool  # the phrase starts lower case, or with a capitalised determiner or noun for people
    head_end: int  # index of the preposition after the head ("a spokesman | for the Pentagon"), else len(words)
    head_words: list  # the words up to the head
    tail_words: list  # the words after the preposition
    head: str  # the head noun, lower case, without a possessive
    member_at: int  # index of the first word for a member of a body ("spokesman", "lawyers"), else -1
    member: str | None  # that word
    definite: bool  # "the", a possessive pronoun or a possessive name in front


def _classify_phrase(source: str, words: list[_Word], sentence: str, rules: _Rules, memory: _Memory,
                     sentence_start: bool) -> _Typed:
    """The type of a source phrase: a pronoun resolved, then anonymous, then the first reading that fits."""
    first = words[0].text
    if len(words) == 1 and first in rules.pronouns:
        return _resolve_pronoun(first, rules, memory, words[0].start)
    phrase = " ".join([w.text for w in words])
    low_words = [w.lower.rstrip(".,") for w in words]
    typed = _as_anonymous(source, words, phrase, low_words, sentence, rules, memory)
    if typed is not None:
        return typed
    read = _read_phrase(source, words, phrase, low_words, sentence_start, rules)
    for step in (_as_document, _as_share_of_them, _as_role_named_before, _as_unnamed_by_role, _as_member,
                 _as_described_group, _as_proper_name):
        typed = step(read, rules, memory)
        if typed is not None:
            return typed
    return _as_common_noun(read, rules)


def _as_anonymous(source: str, words: list[_Word], phrase: str, low_words: list[str], sentence: str, rules: _Rules,
                  memory: _Memory) -> _Typed | None:
    """Anonymous by the phrase ("a senior official"), by what follows it, or by the sentence ("on condition of
    anonymity")."""
    if rules.anonymity_any is not None:
        if phrase not in memory.anonymous_phrase:  # a source named again ("Esper", "the mayor") is searched once
            memory.anonymous_phrase[phrase] = next(  # the first row that matches names the rule
                (rule_id for rule_id, pattern in rules.anonymity_source if pattern.search(phrase)), None
            ) if rules.anonymity_any.search(phrase) else None
        rule_id = memory.anonymous_phrase[phrase]
        if rule_id is not None:
            # "senior officials", and "government / Pentagon / police sources": sources inside an official body
            official = any(w in ("official", "officials") for w in low_words) or (
                low_words[-1] in ("source", "sources") and _names_official_body(low_words[:-1], rules))
            return _Typed("anonymous", None, None, official, rule_id)
    for rule_id, pattern in rules.anonymity_after:
        # A slice, not match(pos=...): the rule patterns anchor with ^, which only matches at a string's start.
        if pattern.match(source[words[-1].end:words[-1].end + 90]):
            return _Typed("anonymous", None, None, any(w in ("official", "officials") for w in low_words), rule_id)
    if rules.anonymity_sentence is not None:
        if sentence not in memory.anonymity:  # several cues in one sentence share one search
            keywords = rules.anonymity_keywords
            memory.anonymity[sentence] = rules.anonymity_sentence.search(sentence) if (
                keywords is None or keywords.search(sentence.casefold())) else None
        hit = memory.anonymity[sentence]
        if hit and not any(w.capital and w.lower not in rules.titles for w in words[1:]) and \
                low_words[-1] not in rules.documents:
            rule_id = rules.anonymity_sentence_ids[int(hit.lastgroup[1:])]
            official = any(w in ("official", "officials") or w in rules.members and rules.members[w][1]
                           for w in low_words)
            return _Typed("anonymous", None, None, official, rule_id)
    return None


def _read_phrase(source: str, words: list[_Word], phrase: str, low_words: list[str], sentence_start: bool,
                 rules: _Rules) -> _Phrase:
    """Find the head: the last word before a preposition in a lower-case phrase ("a spokesman for the Pentagon")."""
    grammar = rules.grammar
    head_end = len(words)
    lower_led = not words[0].capital or (sentence_start and (words[0].lower in grammar.determiners
                                                             or words[0].lower in rules.people))
    # "Three of the witnesses with records": a partitive's head is the noun after "of the", not the number.
    partitive = 2 + (len(words) > 3 and low_words[2] in grammar.articles) if (
        len(words) > 2 and low_words[1] == "of" and low_words[0] in grammar.determiners
        and low_words[0] not in grammar.articles and low_words[-1] not in ("them", "us", "those", "these")) else 0
    for i, w in enumerate(words):
        if i > partitive and (w.lower in ("of", "for", "from", "by", "at", "with", "in") or (
                w.lower == "to" and low_words[i - 1] in grammar.to_heads)) and lower_led:
            head_end = i  # "a spokesman for the Pentagon", "advisers to the governor"
            break
        if i and w.lower in ("from", "by") and low_words[i - 1] in rules.documents:
            head_end = i
            break
    head_words, tail_words = words[:head_end], words[head_end + 1:]
    head = head_words[-1].lower.rstrip(".,") if head_words else ""
    head = head[:-2] if head.endswith(("’s", "'s")) else head
    member_at = next((i for i, w in enumerate(low_words) if w in rules.members), -1)  # the first word for a member
    member = low_words[member_at] if member_at >= 0 else None
    definite = low_words[0] in ("the", "its", "their", "his", "her") or low_words[0].endswith(("’s", "'s"))
    return _Phrase(source, words, low_words, phrase, sentence_start, lower_led, head_end, head_words, tail_words, head,
                   member_at, member, definite)


def _as_document(p: _Phrase, rules: _Rules, memory: _Memory) -> _Typed | None:
    """A document ("the report", "a statement from the ministry"), or the body it speaks for."""
    grammar = rules.grammar
    head, head_words, tail_words = p.head, p.head_words, p.tail_words
    doc = rules.documents.get(head) or (rules.documents.get(f"{head_words[-2].lower} {head}")
                                        if len(head_words) > 1 else None)
    if not doc or (head in ("statement", "release") and tail_words == [] and not memory.statements
                   and any(w.capital and not (p.sentence_start and i == 0) for i, w in enumerate(head_words))):
        return None
    issuer = _org_or_person(tail_words, rules, memory) if tail_words else None
    if doc[1] == "statement":
        if issuer is not None:
            return _Typed(issuer.source_type, issuer.name, issuer.title, issuer.official, f"{doc[0]}+{issuer.rule}")
        if memory.statements:
            name, kind, title, official = memory.statements[-1]
            return _Typed(kind, name, title, official, f"{doc[0]}.inherited")
        owner = _org_or_person([w for w in head_words[:-1] if w.capital], rules, memory)
        if owner is not None:
            return _Typed(owner.source_type, owner.name, owner.title, owner.official, f"{doc[0]}+{owner.rule}")
        return _Typed("document", None, None, False, doc[0])
    words, source = p.words, p.source
    anaphoric = p.low_words[0] in grammar.anaphoric or source[max(0, words[0].start - 5):words[0].start].strip().lower() in (
        "that", "this")  # "That poll showed": "that" reads as a clause boundary, so it is not in the phrase
    if issuer is None and doc[1] == "data" and head in grammar.poll_words and anaphoric:
        # "the new poll", "that survey": the poll the article named earlier speaks for its pollster.
        # Looked up only here (rare), so articles without a poll pay nothing for it.
        earlier = [name for _, name in _pollsters(source, 0, words[0].start, rules)]
        if earlier:
            return _Typed("named_organization", earlier[-1], None, False, f"{doc[0]}.pollster")
    if issuer is None:
        owner_words = [_word(w.start, w.end - 2, w.text[:-2]) if w.text.endswith(("’s", "'s")) else w
                       for i, w in enumerate(head_words[:-1]) if w.capital and not (i == 0 and p.sentence_start)]
        issuer = _org_or_person(owner_words, rules, memory, prefer_org=True) if owner_words else None
    official = bool(issuer and issuer.official)
    name = issuer.name if issuer else None
    if doc[1] == "data" and issuer is not None and issuer.source_type in ("named_organization", "named_person"):
        # a poll or study of a named body speaks for it ("a Reuters/Ipsos poll found")
        return _Typed("named_organization", name, None, official, f"{doc[0]}+{issuer.rule}")
    return _Typed("document", name, None, official, doc[0])


def _as_share_of_them(p: _Phrase, rules: _Rules, memory: _Memory) -> _Typed | None:
    """ "many of them", "two-thirds of those surveyed": a share of people already in view."""
    low_words = p.low_words
    if low_words[-1] in ("them", "us", "those", "these") and "of" in low_words or any(
            low == "of" and nxt in ("them", "those") for low, nxt in zip(low_words, low_words[1:])) and not any(
            w.capital for w in p.words[1:]):
        return _Typed("unnamed_group", p.text, None, False, "attr.type.some_of_them")
    return None


def _as_role_named_before(p: _Phrase, rules: _Rules, memory: _Memory) -> _Typed | None:
    """ "the spokesperson" for the body named before; "the judge" for the person introduced with that role."""
    head, words = p.head, p.words
    if (p.definite or p.low_words[0] in ("the",)) and p.lower_led and head in rules.members and not head.startswith(
            "employee") and not any(w.capital for w in words[1:]):
        # "the spokesperson", "the lawyers": they speak for the organisation named before
        for entry in reversed(memory.groups[-4:]):
            if entry[1] == "named_organization":
                return _Typed("named_organization", entry[0], None, entry[3], f"{rules.members[head][0]}.resolved")
    if p.definite and p.lower_led and (head in rules.titles or head in rules.people
                                       and rules.people[head][1] == "person"):
        # "the judge", "the city attorney": the named person introduced earlier with that role
        mention = _mention_before(memory, words[0].start, head)
        if mention is not None:
            return _Typed("named_person", mention[1], None, bool(rules.titles.get(head, (0, False))[1]
                                                                    or head in rules.people and rules.people[head][2]),
                          "attr.type.role_resolved")
    return None


def _as_unnamed_by_role(p: _Phrase, rules: _Rules, memory: _Memory) -> _Typed | None:
    """ "a resident", "protesters at the gate": a lower-case noun for people is an unnamed person or group."""
    grammar = rules.grammar
    head = p.head
    if p.lower_led and head in rules.people and head not in rules.members and not any(
            w.capital for w in p.head_words[1:-1]):
        person = rules.people[head]
        kind = "unnamed_person" if person[1] == "person" else "unnamed_group"
        return _Typed(kind, None if kind == "unnamed_person" else p.text, None, person[2], person[0],
                      grammar.gender.get(head, ""))
    return None


def _proper_words(p: _Phrase, rules: _Rules) -> list[_Word]:
    """The capitalised words that name someone: not a title, a determiner or a word for a member."""
    grammar = rules.grammar
    sentence_start = p.sentence_start
    return [w for i, w in enumerate(p.words) if w.capital and not (i == 0 and sentence_start and (
            w.lower in grammar.determiners or w.lower in rules.people or w.lower in rules.documents
            or w.lower in rules.org_nouns or w.lower in grammar.openers or w.lower in grammar.name_modifiers))
            and w.lower.rstrip(".") not in rules.titles and w.lower not in rules.titles
            and w.lower not in grammar.determiners and w.lower not in rules.members]


def _as_member(p: _Phrase, rules: _Rules, memory: _Memory) -> _Typed | None:
    """A word for a member of a body ("spokesperson", "officials"): the named person, the named body, or a group."""
    grammar = rules.grammar
    member, member_at, words, head = p.member, p.member_at, p.words, p.head
    if not member:
        return None
    if member_at + 1 < len(words) and words[member_at + 1].capital and \
            sum(1 for w in words[member_at + 1:] if w.capital) >= 2:
        # "Public Works spokesperson Rachel Gordon": a named spokesperson is a named person
        person = _org_or_person(words[member_at + 1:], rules, memory)
        if person is not None and person.source_type == "named_person":
            title = " ".join(w.text for w in words[:member_at + 1] if w.lower not in grammar.determiners)
            return _Typed("named_person", person.name, title, person.official or rules.members[member][1],
                          f"{rules.members[member][0]}+{person.rule}")
    apart = next((i for i in range(len(words) - 1, member_at, -1) if words[i].start - words[i - 1].end > 1), 0)
    if apart and sum(1 for w in words[apart:] if w.capital) >= 2:
        # "A lawyer for Calder Forward, Jonathan Whitby": the person named in apposition after the body
        person = _org_or_person(words[apart:], rules, memory)
        if person is not None and person.source_type == "named_person":
            title = " ".join(w.text for w in words[:apart] if w.lower not in grammar.determiners)
            return _Typed("named_person", person.name, title, person.official or rules.members[member][1],
                          f"{rules.members[member][0]}+{person.rule}")
    proper = _proper_words(p, rules)
    if proper:
        owner = _org_or_person(_name_span(p.words, proper), rules, memory, prefer_org=True)
        org_name = owner.name if owner and owner.name else " ".join(w.text for w in proper)
        org_name = _POSSESSIVE.sub("", org_name) if org_name.endswith(("’s", "'s")) else org_name
        official = rules.members[member][1] or bool(owner and owner.official)
        return _Typed("named_organization", org_name, None, official, rules.members[member][0])
    if head.endswith("s") and head == p.low_words[-1] and head in rules.people and rules.people[head][1] == "group":
        # "State officials", "Senior aides": a plural role without a named body is an unnamed group
        return _Typed("unnamed_group", p.text, None, rules.members[member][1] or rules.people[head][2],
                      rules.people[head][0])
    return None


# Lower-case words that stand inside the name of a body: "Department for Education", "Friends of the Earth".
_NAME_JOINERS = frozenset(("of", "for", "the", "and", "&", "on"))


def _name_span(words: list[_Word], proper: list[_Word]) -> list[_Word]:
    """The words from the first proper word to the last when only name joiners stand between them ("Department
    for Levelling Up"), else the proper words alone."""
    first, last = words.index(proper[0]), words.index(proper[-1])
    span = words[first:last + 1]
    if len(span) > len(proper) and all(w.capital or w.lower in _NAME_JOINERS for w in span):
        return span
    return proper


def _as_described_group(p: _Phrase, rules: _Rules, memory: _Memory) -> _Typed | None:
    """People described by a name or a place: "Trump voters", "renters in the county", "Tesla engineers"."""
    grammar = rules.grammar
    words, low_words, head = p.words, p.low_words, p.head
    if p.member:
        return None
    group = rules.people.get(low_words[-1])
    if group and group[1] == "group" and len(words) > 1 and low_words[-1] not in rules.org_nouns:
        # "Trump voters", "Senate Democrats": a named word describing an unnamed group
        return _Typed("unnamed_group", p.text, None, group[2], group[0])
    place_at = p.head_end if p.tail_words and p.lower_led else next(
        (i for i in range(1, len(words) - 1) if low_words[i] in grammar.place_prepositions), 0)
    place_head = low_words[place_at - 1] if place_at else ""
    group = rules.people.get(place_head) if place_at and low_words[place_at] != "of" and not (
        words[place_at - 1].capital and not (p.sentence_start and place_at == 1)) else None
    if group and group[1] == "group" and place_head not in rules.org_nouns:
        # "older renters in the county", "Tesla workers at the plant": as "Trump voters", the people, not the place
        return _Typed("unnamed_group", p.text, None, group[2], f"{group[0]}.placed")
    last = low_words[-1]
    if len(words) > 1 and not words[-1].capital and last.endswith("s") and not last.endswith(("ss", "’s", "'s")) \
            and len(last) > 3 and last.isalpha() and last not in rules.org_nouns and last not in rules.documents \
            and head == last and (_agentive(last, rules) or not (
                any(w.text.endswith(("’s", "'s")) for w in words) or words[-2].capital and words[-3:-2]
                and words[-3].capital and words[-3].lower not in grammar.determiners)) and _proper_words(p, rules):
        # "Transit planners", "Tesla engineers": people described by a name end in a plain plural; no name does.
        # After a possessive or a full name only a noun for people counts ("Ruiz's advisers", not "Ruiz's remarks").
        return _Typed("unnamed_group", p.text, None, False, "attr.type.named_plural")
    return None


def _as_proper_name(p: _Phrase, rules: _Rules, memory: _Memory) -> _Typed | None:
    """A name or a capitalised title: an organisation or a person (``_org_or_person``)."""
    if _proper_words(p, rules) or any(w.capital and w.lower.rstrip(".") in rules.titles for w in p.words):
        return _org_or_person(p.words, rules, memory)
    return None


def _as_common_noun(p: _Phrase, rules: _Rules) -> _Typed:
    """Lower-case phrases: "the coalition", "a resident", "critics"."""
    grammar = rules.grammar
    head, member = p.head, p.member
    # a word listed with a capital names a body only when written so: "at times" is not "The Times"
    org = rules.org_nouns.get(head) if head not in rules.org_capitalised or p.words[-1].capital else None
    if org and (p.definite or head in ("police",)):
        return _Typed("named_organization", " ".join(w.text for w in p.words if w.lower not in ("the",)), None,
                      org[1], org[0])
    person = rules.people.get(head)
    # "a police spokesperson", "a spokesperson for the minister": official when the body spoken for is
    speaks_for_office = bool(member) and _names_official_body(p.low_words, rules)
    if person:
        kind = "unnamed_person" if person[1] == "person" else "unnamed_group"
        return _Typed(kind, None if kind == "unnamed_person" else p.text, None, person[2] or speaks_for_office,
                      person[0], grammar.gender.get(head, ""))
    if member:
        return _Typed("unnamed_person" if not head.endswith("s") and head not in ("staff", "leadership")
                      else "unnamed_group", None, None,
                      rules.members[member][1] or speaks_for_office, rules.members[member][0])
    if org:
        return _Typed("named_organization", p.text, None, org[1], org[0])
    if head.endswith("s") and not head.endswith("ss"):
        return _Typed("unnamed_group", p.text, None, False, "attr.type.plural")
    title = rules.titles.get(head)
    if title and title[1] and not _office_outside_government(p.low_words, rules):
        # "the mayor", "the health secretary", "the police chief": one person, unnamed, holding a public office
        # (not "the club secretary" or "the union chief": an office in a body that is not government)
        return _Typed("unnamed_person", None, None, True, "attr.type.unnamed_official")
    return _Typed("unnamed_person", None, None, False, "attr.type.default")


def _org_or_person(words: list[_Word], rules: _Rules, memory: _Memory, prefer_org: bool = False) -> _Typed | None:
    """A proper-noun phrase: an organisation ("the Pentagon press office", "Iran") or a person ("Gen. Mark Milley")."""
    grammar = rules.grammar
    if not words:
        return None
    low_words = [w.lower.rstrip(",") for w in words]
    of_at = low_words.index("of") if "of" in low_words and not prefer_org else -1
    if of_at >= 2 and all(w.capital for w in words[:of_at]) and of_at + 1 < len(words) and (words[of_at + 1].capital or (
            low_words[of_at + 1] == "the" and of_at + 2 < len(words) and words[of_at + 2].capital)) \
            and not any(w in rules.org_words for w in low_words[:of_at]):
        # "Lena Ortiz of Save the Harbor": a person, with the body they speak for as their title
        person = _org_or_person(words[:of_at], rules, memory)
        if person is not None and person.source_type == "named_person":
            title = " ".join(w.text for w in words[of_at + 1:] if w.lower != "the")
            official = person.official or _names_official_body(low_words[of_at + 1:], rules)
            return _Typed("named_person", person.name, person.title or title, official, f"{person.rule}.of_body",
                          person.gender)
    official_org = False
    org_rule = None
    head = None
    for i, low in enumerate(low_words):
        two = f"{low} {low_words[i + 1]}" if i + 1 < len(low_words) else ""
        for key in (two, low, low[:-2] if low.endswith(("’s", "'s")) else None):
            if not key or key not in rules.org_words:
                continue
            # a capitalised organisation word opening the phrase names a body only when a name follows it with
            # "of" or "for" ("Department for Education", "Ministry of Defence"; not "Union Pacific")
            hit = rules.org_names.get(key) or (rules.org_nouns.get(key) if not words[i].capital or key in
                                                ("senate", "house", "congress") or i > 0 or (
                                                    len(low_words) > 2 and low_words[1] in ("of", "for")
                                                    and words[2].capital) else None)
            if hit and key not in rules.titles:
                org_rule = org_rule or hit[0]
                official_org = official_org or hit[1]
                if "of" not in low_words[:i] and "for" not in low_words[:i]:
                    head = (key, hit)  # the last word for a body before any "of": the name's head
    if official_org and head is not None and not head[1][1] and head[0] not in grammar.bodies_of_either_kind:
        # a private body named after a place or an office ("Harbor City Restaurant Association", "State Farm
        # Insurance Company"): the head decides, not the words that modify it
        official_org = False
    titles, name_words, official_title = _strip_title(words, rules)
    name_words = _clean_name(name_words, rules)
    role = rules.people.get(name_words[0].lower) if 3 <= len(name_words) <= 4 and all(
        w.capital and w.lower not in rules.org_words for w in name_words[1:]) else None
    if role is not None and role[1] == "person":
        # "Parent Lori Chen", "Nurse Ada Obi": a word for a person by role, capitalised to open the sentence,
        # is a description before the name, not its first word
        titles, name_words = [*titles, name_words[0]], name_words[1:]
        official_title = official_title or role[2]
    acronym = len(name_words) == 1 and bool(_ACRONYM.fullmatch(name_words[0].text)) \
        and name_words[0].text not in grammar.name_suffixes
    if org_rule and (not name_words or not titles or prefer_org):
        text = " ".join(w.text for w in words if w.lower != "the")
        return _Typed("named_organization", _POSSESSIVE.sub("", text) if text.endswith(("’s", "'s")) else text,
                      None, official_org, org_rule)
    if not name_words and titles and titles[-1].capital and titles[-1].text in memory.surnames:
        name_words = titles[-1:]  # "King said": a surname that is also a title word
        titles = titles[:-1]
    if not name_words:
        if titles:
            title = " ".join(w.text for w in titles)
            return _Typed("unnamed_person", None, title, official_title, "attr.type.title_only")
        return None
    if acronym and not titles:
        return _Typed("named_organization", name_words[0].text, None, official_org, "attr.type.acronym")
    name = " ".join(w.text for w in name_words)
    if len(name_words) == 1 or (len(name_words) == 2 and name_words[1].text in grammar.name_suffixes):
        surname = name_words[0].text
        candidates = memory.surnames.get(surname, [])
        before = [full for pos, full in candidates if pos < name_words[0].start] or [full for _, full in candidates]
        family = surname[:-2] if surname.endswith("es") and surname[:-2] in memory.surnames else (
            surname[:-1] if surname.endswith("s") and surname[:-1] in memory.surnames else None)
        if before:
            name = before[-1]
        elif family and not titles and memory.surnames.get(family):
            # "the Currys": a family already named person by person, not an organisation
            return _Typed("named_person", surname, None, False, "attr.type.family")
        elif not titles and (words[0].lower == "the" or prefer_org or not _looks_like_surname(surname, memory)) \
                and (surname not in memory.surnames):
            # a single name never given in full is a body, not a person ("SoCalGas announced", "Iran said")
            return _Typed("named_organization", name, None, official_org, "attr.type.single_name")
    elif not titles and words[0].lower == "the":
        # "the Tennessee Lookout", "the Brennan Center": people are not named with "the"
        return _Typed("named_organization", name, None, official_org, "attr.type.the_name")
    elif not titles and name_words[0].lower in grammar.not_first_names:
        # "North Korea said", "Lower Mainland residents": a place (its government or people), not a person
        return _Typed("named_organization", name, None, official_org, "attr.type.place_name")
    title = " ".join(w.text for w in titles) or None
    known = memory.known.get(name)
    official = official_title or bool(known and known[1])
    # the gender "he" and "she" must agree with: a title word, what the article said before, else the first name
    # when the name table decides it (as citron's forename lists do), so "she" does not go to "Tom Hale"
    gender = next((grammar.gender[w.lower] for w in titles if w.lower in grammar.gender), "") or (
        known[2] if known else "") or (rules.name_genders.get(name.split()[0].lower(), "") if " " in name
                                     and name.split()[0].lower() not in grammar.name_particles else "")
    if title is None and known:
        title = known[0]
    return _Typed("named_person", name, title, official, "attr.type.name", gender)


def _looks_like_surname(word: str, memory: _Memory) -> bool:
    """A single capitalised word that is a person: "Mr." before it somewhere, or a known speaker's last name."""
    if any(c.isdigit() for c in word) or sum(c.isupper() for c in word) > 1 and "-" not in word:
        return False  # "3M", "SoCalGas", "OpenAI"
    return True


# A poll named by its pollster: "a Reuters/Ipsos poll", "the Marist survey".
_POLLSTER = re.compile(r"((?:[A-Z][\w&.’'\-]*(?:/[A-Z][\w&.’'\-]*)*[ \t]+){1,4})(?:poll|survey)s?\b")


def _pollsters(text: str, start: int, end: int, rules: _Rules) -> list[tuple[int, str]]:
    grammar = rules.grammar
    found = []
    for match in _POLLSTER.finditer(text, start, end):
        words = []
        for word in match.group(1).split():
            if word.endswith(".") and not _is_abbreviation(word):
                words = []  # "... on Thursday. That poll": the sentence before ends here
            elif word.lower() not in grammar.determiners and word.lower() not in grammar.openers and word.lower() not in (
                    "new", "latest", "recent"):
                words.append(word)
        if words:
            found.append((match.start(), " ".join(words)))
    return found


def _names_official_body(low_words: list[str], rules: _Rules) -> bool:
    """Whether a phrase names a government body or office ("police", "embassy", "the minister", "the prime
    minister's")."""
    return any((rules.org_nouns.get(w) or rules.org_names.get(w) or rules.titles.get(w) or (0, False))[1]
               for word in low_words for w in (word[:-2] if word.endswith(("’s", "'s")) else word,))


def _names_private_body(low_words: list[str], rules: _Rules) -> bool:
    """Whether a phrase names a body that is not government ("union", "club", "company"): an office in it is not
    official ("union leader", "the club secretary")."""
    return any(not hit[1] for word in low_words for w in (word[:-2] if word.endswith(("’s", "'s")) else word,)
               for hit in (rules.org_nouns.get(w),) if hit)


def _body_in_appositive(title_words: list[_Word], rules: _Rules) -> tuple[str, bool] | None:
    """The organisation noun an appositive is headed by ("the union representing council workers" -> union),
    as (rule id, official); None when its head is not one ("the union's president", "a longtime resident")."""
    grammar = rules.grammar
    words = [w.lower.rstrip(",") for w in title_words]
    while words and words[0] in grammar.determiners:
        words = words[1:]
    head = None
    for word in words:
        if word in grammar.function_words or word.endswith(("ing", "ed")) or word in grammar.place_prepositions:
            break
        head = word
    hit = rules.org_nouns.get(head) if head else None
    return (hit[0], bool(hit[1])) if hit else None


def _office_outside_government(low_words: list[str], rules: _Rules) -> bool:
    """Whether an office title names an office that is not held in government: one in a body that is not
    government ("union leader", "the club secretary") or one the opposition shadows ("the shadow chancellor")."""
    return _names_private_body(low_words, rules) or not rules.grammar.out_of_office.isdisjoint(low_words)


def _title_is_official(title: str, rules: _Rules) -> bool:
    words = title.lower().replace(",", " ").split()
    if _office_outside_government(words, rules):
        return False  # "the union leader", "the shadow chancellor"
    for word in words:
        hit = rules.titles.get(word) or rules.org_nouns.get(word) or rules.org_names.get(word)
        if hit and hit[1]:
            return True
    return False
