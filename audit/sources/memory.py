"""What the article has said so far: full names by surname, earlier sources for "he" and "the judge", issued statements."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from ..segment import Document
from .attribution import Attribution
from .rules import _Rules


# "First Last": the first name's capital is matched (so the search skips to capitals fast) and the rest is read
# in a lookahead, so that pairs overlap ("Secretary Mark Esper" gives "Secretary Mark" and "Mark Esper").
# The first name is text[match.start():match.end(1)]; the last name is group 2. The letter runs are possessive
# (++): what follows each (a space, or no more letters) never matches inside it, so giving letters back cannot
# help, and "The president" fails at once instead of retrying "h" for "he". A last name may hold more capitals
# after a hyphen or inside it ("Wilson-Raybould", "LaPlante", "DeWitt"), each followed by lower-case letters.
_NAME_PAIR = re.compile(r"[A-Z](?<![\w’'\-.][A-Z])(?=((?:[a-z’'\-]++|[A-Z]{1,2}+|\.(?:[A-Z]\.){0,2})(?:\s+[A-Z]\.)*)\s+"
                        r"((?:Mc|Mac|O’|O')?[A-Z][a-z’'\-]++(?:[A-Z][a-z’'\-]++)*+)(?![\w’'\-]))")


class _Typed(NamedTuple):
    """How a source phrase was typed. Internal, made a few times per cue, never returned: a named tuple, built
    several times faster than a frozen dataclass and just as immutable (as ``_Word``)."""

    source_type: str
    name: str | None
    title: str | None
    official: bool
    rule: str
    gender: str = ""


@dataclass
class _Memory:
    """What earlier sentences of the same article established (per call; never module state)."""

    surnames: dict  # surname -> list of (position, full name)
    mentions: list  # every "First Last" mention: (position, full name, the words just before it)
    people: list  # earlier person-like sources, newest last: (name, type, title, official, gender)
    groups: list  # earlier group/organisation sources
    statements: list  # earlier statement sources (for "the statement added")
    known: dict  # canonical name -> (title, official, gender)
    anonymity: dict = field(default_factory=dict)  # sentence text -> anonymity match (or None), searched once
    anonymous_phrase: dict = field(default_factory=dict)  # source phrase -> its anonymity rule id (or None), once
    paragraph_starts: list = field(default_factory=list)  # where each body paragraph starts, in order
    last: _Typed | None = None  # the source of the attribution made last, as typed


def _surname_index(text: str, start: int, end: int, rules: _Rules, in_quote=None) -> tuple[dict, list]:
    """Full-name mentions of the body, for resolving "Esper" and "he" and "the judge" later.

    ``in_quote(position)``: whether a position lies inside a quotation; a name a speaker says ("as a member of two
    Canadian Bars, I ...") is not a mention a later "he" can point back to (it still gives a surname)."""
    index: dict[str, list[tuple[int, str]]] = {}
    mentions: list[tuple[int, str, str]] = []
    for match in _NAME_PAIR.finditer(text, start, end):
        first, last = text[match.start():match.end(1)], match.group(2)
        if last.endswith(("’s", "'s")):
            last = last[:-2]
        low_first, low_last = first.lower(), last.lower()
        if (low_first in rules.titles or low_first.rstrip(".") in rules.titles) and low_last not in rules.titles:
            index.setdefault(last, [])  # "Vice President Harris", "Mr. Li": a person known by surname
            continue
        if low_first in rules.not_first_names or low_last in rules.org_words or low_last in rules.grammar.name_particles \
                or _ADJECTIVE_COMPOUND.search(first):
            continue  # "The Senate", "But Ruiz", "Fouzia Al" (of "Fouzia Al Hashish"), "Calgary-based Suncor": no name
        position = match.start()
        full = f"{first} {last}"
        index.setdefault(last, []).append((position, full))
        if in_quote is None or not in_quote(position):
            mentions.append((position, full, text[max(start, position - 40):position].lower()))
    # A later mention by surname alone ("Morneau was clutching at straws when he said") is a mention of the one
    # person the article named in full with it, as near to a later "he" as a full name would be. Not a
    # possessive ("is hopeful Lametti will listen to Parker's plea. ... she said": Parker is not the topic).
    for last, named in index.items():
        if not named or len({full for _, full in named}) > 1:
            continue
        first_at, full = named[0]
        at = text.find(last, first_at + len(full), end)
        while at != -1:
            before, after = text[at - 2:at], text[at + len(last):at + len(last) + 1]
            # not inside a longer word or name, nor a possessive ("Parker's plea" modifies a noun)
            if not (after.isalnum() or after in "-_’'") and not _CAPITAL_WORD_AFTER.match(text, at + len(last)) and not (before[-1:].isalnum() or before[-1:] in "’'-_.") \
                    and not _CAPITAL_WORD_BEFORE.search(text, max(start, at - 30), at) \
                    and (in_quote is None or not in_quote(at)):
                mentions.append((at, full, ""))  # no words before it: "the officer" resolves to a full name only
            at = text.find(last, at + len(last), end)
    mentions.sort()
    return index, mentions


# A capitalised word right before a surname: the surname is the end of a longer name ("Ana Ruiz", "Sen. Ruiz").
_ADJECTIVE_COMPOUND = re.compile(r"-[a-z]+$")  # "Calgary-based", "Ontario-born": an adjective, not a first name
_CAPITAL_WORD_AFTER = re.compile(r"[ \t]+[A-Z][a-z]")  # "Al Basha": the surname "Al" begins another name
_CAPITAL_WORD_BEFORE = re.compile(r"(?:[A-Z][\w’'\-]*|[A-Z][a-z]{0,3}\.)[ \t]+$")  # "Field. Ruiz" ends a sentence


def _resolve_pronoun(pronoun: str, rules: _Rules, memory: _Memory, position: int) -> _Typed:
    rule_id, refers, gender = rules.pronouns[pronoun]
    if refers == "person":
        source = None
        recent = [e for e in memory.people[-6:] if not gender or not e[4] or gender == e[4]]
        named = [e for e in recent if e[1] == "named_person"]
        if named:
            source = named[-1]
        elif recent:
            source = recent[-1]
        mention = _mention_before(memory, position, gender=gender, rules=rules)
        # A person named since the last quoted source is nearer ("Woods rents the house ... he said"), and so is
        # one named earlier in the pronoun's own paragraph when that source spoke in an earlier one ("Grant's
        # deputy, Lisa Moore, was there. “I counted,” she said."), unless the first name says the other gender.
        if mention is not None and (source is None or mention[0] > source[5] + 300 or (
                mention[0] > source[5] and _paragraph(memory, mention[0]) == _paragraph(memory, position)
                > _paragraph(memory, source[5]) and rules.name_genders.get(mention[1].split()[0].lower(), gender)
                == gender)):
            name = mention[1]
            known = memory.known.get(name)
            return _Typed("named_person", name, known[0] if known else None, bool(known and known[1]),
                          f"{rule_id}.mention", gender)
        if source is not None:
            name, kind, title, official, known_gender, _ = source
            return _Typed(kind, name, title, official, f"{rule_id}.resolved", gender or known_gender)
        return _Typed("unnamed_person", None, None, False, rule_id, gender)
    pool = memory.groups if refers in ("group", "organization") else memory.people
    if refers == "group" and memory.people and (not pool or memory.people[-1][5] > pool[-1][5]) \
            and position - memory.people[-1][5] < 250:
        pool = memory.people  # "..., Diaz said. Transgender people, they said, ...": a singular they
    if pool:
        name, kind, title, official, _, _ = pool[-1]
        return _Typed(kind, name, title, official, f"{rule_id}.resolved")
    return _Typed("unnamed_group" if refers == "group" else "named_organization", None, None, False, rule_id)


def _paragraph(memory: _Memory, position: int) -> int:
    """The number of the body paragraph holding ``position`` (-1 before the first, or when none are known)."""
    return bisect.bisect_right(memory.paragraph_starts, position) - 1


def _mention_before(memory: _Memory, position: int, role: str | None = None, gender: str = "",
                    rules: _Rules | None = None) -> tuple | None:
    """The last full-name mention before ``position``: with ``role``, one with the role just before it ("Judge");
    with ``gender`` ("m", "f"), not one whose first name (or what the article said of it) is the other gender."""
    mentions = memory.mentions
    i = bisect.bisect_left(mentions, (position,)) - 1
    while i >= 0:
        mention = mentions[i]
        if role is None or role in mention[2]:
            if not gender or rules is None:
                return mention
            known = memory.known.get(mention[1])
            first = mention[1].split()[0].lower()
            said = (known[2] if known else "") or (
                "" if first in rules.grammar.name_particles else rules.name_genders.get(first, ""))  # "Al Basha"
            if not said or said == gender:
                return mention
        i -= 1
    return None


def _remember(memory: _Memory, typed: _Typed, channel: str, position: int) -> None:
    memory.last = typed
    entry = (typed.name, typed.source_type, typed.title, typed.official, typed.gender, position)
    if typed.source_type in ("named_person", "unnamed_person") or (typed.source_type == "anonymous"):
        memory.people.append(entry)
    if typed.source_type in ("named_organization", "unnamed_group", "document"):
        memory.groups.append(entry)
    if typed.source_type == "named_person" and typed.name:
        old = memory.known.get(typed.name)
        memory.known[typed.name] = (typed.title or (old[0] if old else None), typed.official or bool(old and old[1]),
                                    typed.gender or (old[2] if old else ""))
    if channel == "statement" and typed.source_type in ("named_organization", "named_person"):
        memory.statements.append((typed.name, typed.source_type, typed.title, typed.official))


# A phrase pointing back at a source already named: "The person spoke on condition of anonymity", "One of those
# sources said".
_REFERS_BACK = re.compile(r"(?:(?:the|this|that|these|those)\s+(?:\w+\s+)?|one\s+of\s+(?:the|those|these)\s+(?:\w+\s+)?)?"
                          r"(?:person|people|source|sources|official|officials|individual|individuals|he|she|they|"
                          r"\w+(?:er|or|ist|ian|ant|ent)s?)\s", re.IGNORECASE)
_SAME_SOURCE = re.compile(r"(?:the|this|that|these|those|one\s+of\s+(?:the|those|these))\s+(?:\w+\s+)?"
                          r"(?:person|people|source|sources|official|officials|individual|individuals)", re.IGNORECASE)


def _anonymity_stated_after(doc: Document, body: list[Attribution], rules: _Rules) -> list[Attribution]:
    """An unnamed source whose anonymity the next sentence states ("The person spoke on condition of anonymity")
    is anonymous; so is a later source that refers back to an anonymous one ("One of those sources said")."""
    if rules.anonymity_sentence is None or not body:
        return body
    text = doc.text
    out = list(body)
    anonymous_at = -1  # where the last anonymous source was
    anonymous_head = None  # its head noun ("director" in "one council finance director")
    for i, attribution in enumerate(out):
        if attribution.source_type == "anonymous":
            anonymous_at = attribution.statement.start
            anonymous_head = attribution.source.text.lower().split()[-1] if attribution.source else None
            continue
        if attribution.source_type not in ("unnamed_person", "unnamed_group") or attribution.source is None:
            continue
        source = attribution.source
        if anonymous_at >= 0 and source.start - anonymous_at < 600 and (
                _SAME_SOURCE.fullmatch(source.text) or _names_again(source.text, anonymous_head)):
            out[i] = _made_anonymous(attribution, "anon.referred_back")
            anonymous_at = attribution.statement.start
            continue
        k = bisect.bisect_right(doc._sentence_starts, attribution.statement.end - 1)
        if k < len(doc.sentences):
            following = doc.sentences[k]
            if _REFERS_BACK.match(following.text) and rules.anonymity_sentence.search(following.text) and not any(
                    a.statement.start >= following.start and a.statement.start < following.end and a.cue is not None
                    and a.source is not None and not doc.in_quote(a.cue.start) and a.source.start == following.start
                    and a.cue.text.lower() not in ("spoke", "speaks") for a in out):
                out[i] = _made_anonymous(attribution, "anon.next_sentence")
                anonymous_at = attribution.statement.start
    return out


def _names_again(phrase: str, head: str | None) -> bool:
    """Whether a definite phrase names again the one whose head noun is ``head`` ("the director" after "one
    council finance director, who asked not to be named")."""
    words = phrase.lower().split()
    return head is not None and 2 <= len(words) <= 4 and words[0] in ("the", "this", "that") and words[-1] == head


def _made_anonymous(attribution: Attribution, rule: str) -> Attribution:
    fields = {name: getattr(attribution, name) for name in Attribution.__dataclass_fields__}
    fields.update(source_type="anonymous", source_name=None, rule=f"{attribution.rule}+{rule}")
    return Attribution(**fields)
