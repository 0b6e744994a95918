"""The gender of quoted people, inferred from the words of the article and from a table of first names.

What this is, and is not: an *inferred*, *binary* label ("female", "male" or unknown) for each person an
article quotes, taken from the strongest evidence the article gives, in this order:

1. pronouns that the sourcing audit resolved to the person ("she said" after "Ana Ruiz said"), rule ids
   from ``audit/rules/attribution_pronouns.tsv`` (``pron.she``, ``pron.he``);
2. honorifics and gendered titles or person words next to the person ("Ms. Ruiz", "Sir Tom Hale",
   "a spokeswoman", "Hale, a councilman", "his mother"), ``audit/rules/gender_words.tsv`` (``gender.ms``, ...);
3. the first name, looked up in a table of US Social Security baby-name counts
   (``audit/rules/gender_names.tsv``, ``name.ana``): a name counts only when at least
   :data:`NAME_MIN_SHARE` of the babies given it were of one sex and at least :data:`NAME_MIN_BIRTHS` were
   given it; any other name (used by both sexes, rare, or absent) leaves the person unknown.

A person the article does not name gets a gender only from the text (a pronoun or a person word), never from
a table. It is never a person's declared gender, and the name table is weaker for names outside the US
population it counts. Report a share of women among the people whose gender was inferred *with* the share
left unknown beside it. ``AuditConfig(infer_gender=False)`` turns all of it off.

Example:
    >>> from audit.sources import find_attributions
    >>> found = find_attributions("Ana Ruiz said the bridge would close. “We have no choice,” she said.")
    >>> [(c.gender, c.rule) for c in infer_genders(found)]
    [('female', 'pron.she'), ('female', 'pron.she')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Iterable, Mapping, Sequence

from .lexicon import load_rules, overlay_stamp

GENDERS = ("female", "male")
# A first name decides a gender only when this share of the babies given it were of one sex ...
NAME_MIN_SHARE = 0.95
# ... and at least this many babies were given it (birth years 1930-2017): rarer names stay unknown.
NAME_MIN_BIRTHS = 1000
# Source types that are people: only they get a gender.
PERSON_TYPES = ("named_person", "unnamed_person")
RULE_FILES = ("gender_words.tsv", "gender_names.tsv", "attribution_pronouns.tsv", "attribution_titles.tsv",
              "attribution_organizations.tsv", "attribution_grammar.tsv")

_LETTERS = {"f": "female", "m": "male"}
_TOKEN = re.compile(r"[^\W\d_][\w’'.\-]*")
# Words after which the head of a person phrase is over: "a spokeswoman for the man", "the mother of the boy".
_HEAD_STOPS = frozenset("for of at with from in on to who whose whom which that and or by near".split())


@dataclass(frozen=True, slots=True)
class GenderCall:
    """The gender inferred for one attribution's source, and why.

    Attributes:
        gender: "female", "male", or None when unknown (or not a person).
        rule: the id of the rule that decided it (``pron.she``, ``gender.spokeswoman``, ``name.ana``), or None.
        evidence: the words that decided it ("she", "spokeswoman", "Ana"), or None.
    """

    gender: str | None = None
    rule: str | None = None
    evidence: str | None = None


UNKNOWN = GenderCall()


@dataclass(frozen=True, slots=True)
class _GenderRules:
    words: Mapping  # lower-case form -> (id, gender, kind)
    honorifics: re.Pattern | None  # "Ms." ending where the search ends: group 1 the honorific
    names: Mapping  # lower-case first name -> (id, gender) for the names that decide one
    pronouns: Mapping  # exact pronoun -> (id, gender) for he and she
    titles: frozenset  # lower-case title words ("premier", "ceo"): not part of a person's name
    known_names: frozenset  # every first name of the table, whatever its counts: a sign that a name is a person's
    org_words: frozenset  # organisation words ("county", "council"): a "name" made of one is not a person's
    name_letters: Mapping  # the decided names -> "f" or "m"
    particles: frozenset  # lower-case words that begin surnames ("al", "van"): "Al Hashish" may be a surname


def _compile(rules_dir: str | None, stamp: tuple) -> _GenderRules:
    words: dict[str, tuple[str, str, str]] = {}
    honorific_forms: list[str] = []
    for row in load_rules("gender_words.tsv", rules_dir):
        gender = _LETTERS.get(row["gender"])
        if gender is None or row["kind"] not in ("honorific", "title", "noun"):
            raise ValueError(f"gender rule {row['id']}: gender must be f or m, kind honorific, title or noun")
        for form in (f.strip().lower() for f in row["text"].split("|")):
            if form:
                words[form] = (row["id"], gender, row["kind"])
                if row["kind"] == "honorific":
                    honorific_forms.append(form)
    honorifics = None
    if honorific_forms:
        stems = {f.rstrip(".") for f in honorific_forms}
        alternation = "|".join(sorted(map(re.escape, stems), key=len, reverse=True))
        # Read backwards from a mention of a surname: the honorific that ends where the search ends ("Ms." in
        # "Ms. Ruiz"), never inside a longer word.
        honorifics = re.compile(rf"(?<![\w’'])((?i:{alternation})\.?)\Z")
    names: dict[str, tuple[str, str]] = {}
    known_names: set[str] = set()
    for row in load_rules("gender_names.tsv", rules_dir):
        known_names.add(row["id"].removeprefix("name."))
        try:
            female, male = int(row["female"]), int(row["male"])
        except ValueError:
            raise ValueError(f"name rule {row['id']}: female and male must be counts of births") from None
        total = female + male
        if total < NAME_MIN_BIRTHS:
            continue
        if female >= NAME_MIN_SHARE * total:
            names[row["id"].removeprefix("name.")] = (row["id"], "female")
        elif male >= NAME_MIN_SHARE * total:
            names[row["id"].removeprefix("name.")] = (row["id"], "male")
    pronouns = {row["text"]: (row["id"], _LETTERS[row["gender"]])
                for row in load_rules("attribution_pronouns.tsv", rules_dir) if row.get("gender") in _LETTERS}
    titles = frozenset(w.lower() for row in load_rules("attribution_titles.tsv", rules_dir) for w in row["title"].split())
    titles |= {form for form in words}
    org_words = frozenset(row["text"].lower() for row in load_rules("attribution_organizations.tsv", rules_dir)
                          if row["kind"] in ("noun", "name") and " " not in row["text"])
    particles = frozenset(w.lower() for row in load_rules("attribution_grammar.tsv", rules_dir)
                          if row["list"] == "name_particles" for w in row["words"].split())
    return _GenderRules(MappingProxyType(words), honorifics, MappingProxyType(names), MappingProxyType(pronouns),
                        titles, frozenset(known_names), org_words,
                        MappingProxyType({name: gender[0] for name, (_, gender) in names.items()}), particles)


@lru_cache(maxsize=16)
def _compiled(rules_dir: str | None, stamp: tuple) -> _GenderRules:
    return _compile(rules_dir, stamp)


def gender_rules(rules_dir: str | None = None) -> _GenderRules:
    """The compiled gender rules (read once per process and rules folder)."""
    return _compiled(rules_dir, overlay_stamp(RULE_FILES, rules_dir))


def gender_words(rules_dir: str | None = None) -> Mapping[str, str]:
    """Lower-case gendered words -> "f" or "m" (what the sourcing audit agrees "he" and "she" with).

    Example:
        >>> gender_words()["spokeswoman"], gender_words()["mr."]
        ('f', 'm')
    """
    rules = gender_rules(rules_dir)
    return MappingProxyType({form: gender[0] for form, (_, gender, _kind) in rules.words.items()})


def first_name_genders(rules_dir: str | None = None) -> Mapping[str, str]:
    """Lower-case first names the table decides -> "f" or "m" (the sourcing audit agrees "he"/"she" with them).

    Example:
        >>> first_name_genders()["priya"], "jordan" in first_name_genders()
        ('f', False)
    """
    return gender_rules(rules_dir).name_letters


def name_gender(first_name: str, rules_dir: str | None = None) -> GenderCall:
    """The gender the name table gives a first name, or :data:`UNKNOWN` (rare, shared by both sexes, absent).

    A hyphenated name counts only when its parts agree ("Mary-Kate"; not "Jean-Pierre", whose parts
    the US table reads as a woman's and a man's name).

    Example:
        >>> name_gender("Ana").gender, name_gender("Jordan").gender, name_gender("Xolani").gender
        ('female', None, None)
    """
    return _name_call(first_name.strip(), gender_rules(rules_dir))


def _word_call(words: Sequence[str], rules: _GenderRules, kinds: tuple[str, ...]) -> GenderCall:
    """The gender of the head of a person phrase: the last gendered word before a post-modifier."""
    found = UNKNOWN
    for word in words:
        low = word.lower()
        if low in _HEAD_STOPS:
            break
        hit = rules.words.get(low) or rules.words.get(low.rstrip("."))
        if hit is not None and hit[2] in kinds:
            found = GenderCall(hit[1], hit[0], word)
    return found


def _phrase_words(text: str | None) -> list[str]:
    return _TOKEN.findall(text) if text else []


# --------------------------------------------------------------------------- people in an article

_NAME_WORD = re.compile(r"(?:Mc|Mac|O’|O')?[A-Z][^\W\d_]*(?:[’'\-][A-Za-z][^\W\d_]*)*\.?$")


def proper_name(name: str, rules_dir: str | None = None) -> str:
    """A person's name without the words in front of it that are not their name.

    The sourcing audit sometimes keeps a place, a job or an organisation before the name
    ("Vancouver's Bo Horvat", "Rentals.ca CEO Matt Danison", "Mayor Blaine Higgs"); the name is
    the run of capitalised words after the last such word.

    Example:
        >>> proper_name("Mississauga accountant Tunde Ade"), proper_name("Mayor Blaine Higgs"), proper_name("Kim.")
        ('Tunde Ade', 'Blaine Higgs', 'Kim')
    """
    return _proper_name(name, gender_rules(rules_dir).titles)


@lru_cache(maxsize=4096)
def _proper_name(name: str, titles: frozenset) -> str:
    # Cached: an article names the same person again and again, and people_keys runs twice per audit (the
    # gender inference, then the metrics). Keyed on the title words themselves, so an edited rule file is a miss.
    words = name.split()
    keep = len(words)
    while keep > 0:
        word = words[keep - 1]
        low = word.lower()
        if not _NAME_WORD.match(word) or word.endswith(("’s", "'s")) or low in titles or low.rstrip(".") in titles \
                or (sum(c.isupper() for c in word) > 1 and "-" not in word and "’" not in word and "'" not in word
                    and not word.startswith(("Mc", "Mac"))):
            break
        keep -= 1
    proper = words[keep:] or words[-1:]
    proper[-1] = proper[-1].rstrip(".,") or proper[-1]
    return " ".join(proper)


def source_key(attribution, rules_dir: str | None = None) -> tuple[str, str] | None:
    """Who an attribution's source is, within its article: (source type, name or described source).

    One person or organisation in an article is one key: "Secretary Ana Ruiz", "Ruiz" and a "she"
    resolved to her share the canonical name "Ana Ruiz". An unnamed source is keyed by its words
    without the article ("a resident" and "the resident" are one; "another resident" is another).
    None when the attribution has no source at all.

    Example:
        >>> from audit.sources import find_attributions
        >>> [source_key(a) for a in find_attributions("Mayor Ana Ruiz said it. Ruiz said more.")]
        [('named_person', 'Ana Ruiz'), ('named_person', 'Ana Ruiz')]
    """
    return _source_key(attribution, gender_rules(rules_dir).titles)


def _source_key(attribution, titles: frozenset) -> tuple[str, str] | None:
    """:func:`source_key`, with the title words of the rules in force."""
    if attribution.source_name:
        if attribution.source_type == "named_person":
            return "named_person", _proper_name(attribution.source_name, titles)
        return attribution.source_type, attribution.source_name
    if attribution.source is None:
        return None
    words = attribution.source.text.split()
    while words and words[0].lower() in ("a", "an", "the", "one"):
        words = words[1:]
    return attribution.source_type, " ".join(words).lower() or attribution.source.text.lower()


def people_keys(attributions: Sequence, rules_dir: str | None = None) -> list[tuple[str, str] | None]:
    """:func:`source_key` of each attribution, with one person's other keys in the article joined to one.

    A bare surname ("Kim") joins the one full name of the article that ends with it ("Erin Kim"); a
    pronoun that the sourcing audit resolved to an unnamed person ("a nurse ... she said") joins the
    nearest earlier unnamed person.

    Example:
        >>> from audit.sources import find_attributions
        >>> people_keys(find_attributions("Erin Kim said no. Later, Kim. said yes."))[-1]
        ('named_person', 'Erin Kim')
    """
    keys: list[tuple[str, str] | None] = []
    last_unnamed: tuple[str, str] | None = None
    titles = gender_rules(rules_dir).titles
    for attribution in attributions:
        key = _source_key(attribution, titles)
        pronoun = attribution.source is not None and attribution.source.text.lower() in ("he", "she", "i")
        if pronoun and not attribution.source_name and attribution.source_type == "unnamed_person":
            key = last_unnamed or key
        elif key is not None and key[0] == "unnamed_person":
            last_unnamed = key
        keys.append(key)
    full: dict[str, set] = {}
    for key in keys:
        if key is not None and key[0] == "named_person" and " " in key[1]:
            full.setdefault(key[1].split()[-1], set()).add(key[1])
    for i, key in enumerate(keys):
        if key is None or key[0] != "named_person":
            continue
        if " " not in key[1]:
            if len(full.get(key[1], ())) == 1:
                keys[i] = ("named_person", next(iter(full[key[1]])))
            continue
        # "Purwo Nugroho" after "Sutopo Purwo Nugroho": the end of the one longer name of the article is that name
        longer = [n for n in full.get(key[1].split()[-1], ()) if n.endswith(" " + key[1])]
        if len(longer) == 1:
            keys[i] = ("named_person", longer[0])
    return keys


def infer_genders(attributions: Sequence, text: str | None = None, *, rules_dir: str | None = None,
                  keys: Sequence | None = None, quotes: Sequence | None = None) -> tuple[GenderCall, ...]:
    """The gender of each attribution's source (one :class:`GenderCall` per attribution, in order).

    Every attribution to the same person in the article gets the same call, from the evidence found for
    that person anywhere in the article (see the module's docstring for the order).

    Args:
        attributions: the article's attributions (from :func:`audit.sources.attributions_in`).
        text: the article text the attributions index; with it, "Ms. Ruiz" anywhere in the article
            counts for Ana Ruiz, and so does a "she" or "her" just after her name in a sentence.
        rules_dir: a rules overlay folder, as in :class:`~audit.config.AuditConfig`.
        keys: :func:`people_keys` of the attributions, when the caller has them.
        quotes: the article's quotation spans (``Document.quotes``): pronouns inside them are the
            speaker's words about someone else and are not read.

    Example:
        >>> from audit.sources import find_attributions
        >>> text = "Tom Hale said the plan failed. “It did not,” said Jordan Park, a spokeswoman for the city."
        >>> [(c.gender, c.rule) for c in infer_genders(find_attributions(text), text)]
        [('male', 'name.tom'), ('female', 'gender.spokeswoman')]
    """
    attributions = list(attributions)
    if not attributions:
        return ()
    rules = gender_rules(rules_dir)
    keys = list(keys) if keys is not None else people_keys(attributions, rules_dir)
    people: dict[tuple[str, str], list] = {}
    for attribution, key in zip(attributions, keys):
        if key is not None and key[0] in PERSON_TYPES:
            people.setdefault(key, []).append(attribution)
    if not people:
        return tuple(UNKNOWN for _ in attributions)
    named = [k[1] for k in people if k[0] == "named_person"]
    mentions = _mentions(text, _surnames(named)) if text and named else []
    honorifics = _honorifics_by_surname(text, mentions, rules) if mentions else {}
    nearby = _pronouns_after_names(text, mentions, quotes or ()) if mentions else {}
    firsts = _first_names_before_particles(text, named, rules) if text and named else {}
    calls = {key: _person_call(key, found, rules, honorifics, nearby, firsts) for key, found in people.items()}
    return tuple(calls.get(key, UNKNOWN) if key is not None else UNKNOWN for key in keys)


def _first_names_before_particles(text: str, names: Sequence[str], rules: _GenderRules) -> dict[str, str]:
    """Name -> its first name, for a two-word name that begins with a surname particle ("Al Hashish") and that the
    text also writes after one capitalised word that is not a title ("Fouzia Al Hashish"): "Al" is then part of
    the surname, not the first name the name table knows ("Al Gore"). Only one such first name counts."""
    found: dict[str, str] = {}
    for name in names:
        words = name.split()
        if len(words) != 2 or words[0].lower() not in rules.particles:
            continue
        before = {m.group(1) for m in re.finditer(r"(?<![\w’'\-.])([A-Z][a-z’'\-]+)[ \t]+" + re.escape(name) + r"(?![\w’'\-])",
                                                  text)
                  if m.group(1).lower() not in rules.titles and m.group(1).lower() not in rules.particles}
        if len(before) == 1:
            found[name] = before.pop()
    return found


def _surnames(names: Sequence[str]) -> set[str]:
    """The last words of the names that start with a capital ("Ana Ruiz" -> "Ruiz")."""
    return {n.split()[-1] for n in names if n.split()[-1][:1].isupper()}


# The surname as it stands after an honorific: a capital (after Mc, Mac or O'), then the rest of the word.
_SURNAME_AFTER = re.compile(r"(?:Mc|Mac|O’|O')?[A-Z][\w’'\-]+")
_HONORIFIC_CHARS = 12  # the longest honorific ("senora.") and then some


def _honorifics_by_surname(text: str, mentions: Sequence[tuple[int, str]],
                           rules: _GenderRules) -> dict[str, set]:
    """Surname -> the honorific calls found before its mentions ("Ms. Ruiz", "Mr. Hale").

    Each mention is read backwards: white space, then an honorific that is a whole word. The surname must
    stand whole after it (a possessive "Ruiz’s" counts for Ruiz, "Ruiz-Lopez" does not).
    """
    if rules.honorifics is None:
        return {}
    found: dict[str, set] = {}
    for at, surname in mentions:
        end = at
        while end and text[end - 1].isspace():  # \s in a regex is str.isspace
            end -= 1
        if end == at:
            continue
        match = rules.honorifics.search(text, max(0, end - _HONORIFIC_CHARS), end)
        after = _SURNAME_AFTER.match(text, at) if match else None
        if after is None or after.group().removesuffix("’s").removesuffix("'s") != surname:
            continue
        hit = rules.words.get(match.group(1).lower()) or rules.words.get(match.group(1).lower().rstrip("."))
        if hit is not None:
            found.setdefault(surname, set()).add((hit[1], hit[0], match.group(1)))
    return found


# Each starts with a lookahead on the first characters any match can start with: most positions fail that one
# test before the lookbehind and the alternatives are tried there (same matches, faster).
# A pronoun is a whole word; a contraction of it ("she's", "he'd", "she'll") is still the pronoun.
_PRONOUN = re.compile(r"(?=[sh])(?<![\w’'\-])(?:(she|her|hers|herself)|(he|him|his|himself))"
                      r"(?![\w\-])(?![’'](?!(?:s|d|ll)\b))", re.IGNORECASE)
_STOP = re.compile(r"(?=[.!?;“”\"A-Z])"
                   r"(?:[.!?;“”\"]\s|[“”\"]|(?<![\w’'])(?:Mc|Mac|O’|O')?[A-Z][a-z’'\-]+\s+(?:Mc|Mac|O’|O')?[A-Z][a-z’'\-]+)")
_NEAR_CHARS = 120
_PERSON_PRONOUNS = frozenset(("he", "she", "i", "they", "we", "who", "his", "her"))


def _pronouns_after_names(text: str, mentions: Sequence[tuple[int, str]],
                          quotes: Sequence) -> dict[str, list[str]]:
    """Surname -> the genders of the first pronoun after each mention of it in its sentence.

    "Baxter, who has lived there 30 years, said her street ..." counts once for Baxter: the pronoun
    stands in the same sentence, within 120 characters, with no full stop, quotation mark or other
    full name ("Ana Ruiz") between. Pronouns inside quotations are not read.
    """
    found: dict[str, list[str]] = {}
    for start, surname in mentions:
        after = start + len(surname)
        end = min(len(text), after + _NEAR_CHARS)
        stop = _STOP.search(text, after, end)
        window_end = stop.start() if stop else end
        pronoun = _PRONOUN.search(text, after, window_end)
        if pronoun is None or any(q.start <= pronoun.start() < q.end for q in quotes):
            continue
        found.setdefault(surname, []).append("female" if pronoun.group(1) else "male")
    return found


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _mentions(text: str, surnames: set[str]) -> list[tuple[int, str]]:
    """(offset, surname) of each whole-word mention of the surnames, in text order.

    A mention is not inside a longer word, name or hyphenated compound ("Kim" is not read in
    "Kimball", "O'Kim" or "Kim-Lee"). Found with ``str.find`` per surname rather than one
    alternation compiled per article: an article's surnames are new each time, and compiling
    cost more than the search.
    """
    found = []
    for surname in surnames:
        at = text.find(surname)
        while at != -1:
            before = text[at - 1] if at else ""
            after = text[at + len(surname): at + len(surname) + 1]
            if not (before and (_is_word_char(before) or before in "’'-")) \
                    and not (after and (_is_word_char(after) or after == "-")):
                found.append((at, surname))
            at = text.find(surname, at + 1)
    # As a longest-first alternation would read them: at one offset the longest surname ("Sanders’" over
    # "Sanders"), and no mention inside another.
    found.sort(key=lambda hit: (hit[0], -len(hit[1])))
    kept: list[tuple[int, str]] = []
    for at, surname in found:
        if not kept or at >= kept[-1][0] + len(kept[-1][1]):
            kept.append((at, surname))
    return kept


def _person_call(key: tuple[str, str], found: list, rules: _GenderRules, honorifics: Mapping,
                 nearby: Mapping, firsts: Mapping = MappingProxyType({})) -> GenderCall:
    source_type, name = key
    surname = name.split()[-1] if source_type == "named_person" else None
    if source_type == "named_person":
        words = name.lower().split()
        if any(w in rules.org_words for w in words):
            return UNKNOWN  # "Kenton County", "Veterans Affairs": a place or a body read as a name
        direct = any(a.source is not None and a.source.text.lower() not in _PERSON_PRONOUNS
                     and not a.rule.endswith("role_resolved") for a in found)
        first_known = len(words) > 1 and all(p in rules.known_names for p in words[0].split("-") if p)
        if not direct and not first_known:
            # only ever "she said", tied to a "First Last" of the text by position: the tie may be to a place or a
            # company ("Kinder Morgan"), so such a source gets a gender only when its first name is a known one
            return UNKNOWN
        if len(words) == 1:
            nearby = {}  # a bare single name: only a pronoun resolved to it or an honorific decides
    # Honorifics, titles and person words: before the name in the source, in its title, or "Ms. <surname>".
    word_calls: list[GenderCall] = []
    name_words = set(name.split()) if source_type == "named_person" else set()
    for attribution in found:
        if attribution.source is not None:
            phrase = [w for w in _phrase_words(attribution.source.text) if w not in name_words]
            kinds = ("honorific", "title") if source_type == "named_person" else ("honorific", "title", "noun")
            call = _word_call(phrase, rules, kinds)
            if call.gender:
                word_calls.append(call)
        if attribution.source_title:
            call = _word_call(_phrase_words(attribution.source_title), rules, ("honorific", "title", "noun"))
            if call.gender:
                word_calls.append(call)
    for gender, rule_id, word in sorted(honorifics.get(surname, ())):
        word_calls.append(GenderCall(gender, rule_id, word))
    # Pronouns: those the sourcing audit resolved to the person ("she said"), and the first one after the
    # person's name in the same sentence ("Baxter said her ..."), which counts twice: it sits next to the name.
    score = {"female": 0, "male": 0}
    resolved: dict[str, str] = {}
    for attribution in found:
        if attribution.source is not None:
            hit = rules.pronouns.get(attribution.source.text) or rules.pronouns.get(attribution.source.text.lower())
            if hit is not None:
                score[hit[1]] += 1
                resolved.setdefault(hit[1], hit[0])
    local = {"female": 0, "male": 0}
    for gender in nearby.get(surname, ()):
        local[gender] += 1
        score[gender] += 2
    name_call = _name_call(firsts.get(name) or name.split()[0], rules) if source_type == "named_person" and \
        " " in name else UNKNOWN
    if word_calls:
        if len({c.gender for c in word_calls}) == 1:
            return word_calls[0]
        return UNKNOWN  # "Mr." and "spokeswoman" for one name: two people share it, or the text is wrong
    leader = max(score, key=score.get)
    other = "male" if leader == "female" else "female"
    if score[leader] and score[leader] >= 2 * score[other]:
        # One pronoun against another is no evidence; the clear majority decides, unless the first name says the
        # other gender: then only pronouns repeated next to the name, and never contradicted there, decide.
        if name_call.gender in (None, leader) or (local[leader] >= 2 and local[other] == 0):
            rule_id = resolved.get(leader) or ("pron.near.she" if leader == "female" else "pron.near.he")
            return GenderCall(leader, rule_id, "she" if leader == "female" else "he")
        return UNKNOWN
    # No pronoun, or pronouns of both genders with neither clearly ahead (another person's "she" near the name):
    # the pronouns say nothing, and the first name decides.
    return name_call


def _name_call(first: str, rules: _GenderRules) -> GenderCall:
    parts = [p for p in first.strip(".,’'").lower().split("-") if p]
    calls = [rules.names.get(p) for p in parts]
    if not calls or any(c is None for c in calls) or len({c[1] for c in calls}) != 1:
        return UNKNOWN
    return GenderCall(calls[0][1], "+".join(c[0] for c in calls), first.strip(".,’'"))


# --------------------------------------------------------------------------- metrics

def gender_metrics(attributions: Iterable, calls: Sequence[GenderCall] | None = None) -> dict:
    """Distinct people quoted in the body, by inferred gender (headline attributions are left out).

    Args:
        attributions: the article's attributions.
        calls: their :class:`GenderCall` (from :func:`infer_genders`); when None, read from each
            attribution's ``source_gender``.

    Example:
        >>> from audit.sources import find_attributions
        >>> found = find_attributions("Ana Ruiz said yes. Tom Hale said no. Ruiz said it again.")
        >>> gender_metrics(found, infer_genders(found))
        {'sources_female': 1, 'sources_male': 1, 'sources_gender_unknown': 0, 'share_female_sources': 0.5}
    """
    attributions = list(attributions)
    said = ([c.gender for c in calls] if calls is not None
            else [getattr(a, "source_gender", None) for a in attributions])
    keys = people_keys(attributions)
    genders: dict[tuple[str, str], str | None] = {}
    for attribution, key, gender in zip(attributions, keys, said):
        if attribution.in_title or key is None or key[0] not in PERSON_TYPES:
            continue
        genders[key] = genders.get(key) or gender
    female = sum(g == "female" for g in genders.values())
    male = sum(g == "male" for g in genders.values())
    return {
        "sources_female": female,
        "sources_male": male,
        "sources_gender_unknown": len(genders) - female - male,
        "share_female_sources": female / (female + male) if female + male else float("nan"),
    }
