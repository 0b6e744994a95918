"""The sourcing audit: every attribution in an article, who it comes from, and what kind of source that is.

An attribution ties a statement to a source through a cue ("said", "according to", "wrote"). This module
reads the already segmented :class:`~audit.segment.Document` sentence by sentence, finds cues with one
compiled alternation built from ``audit/rules/attribution_cues.tsv``, and looks for the source in a
bounded window around each cue: before it ("Esper noted"), after it ("said Gen. Mark Milley"), behind an
appositive ("Milley, chairman of the Joint Chiefs, told") or at the head of the clause (", saying ...").
The source is then typed with the codebook journalism researchers use (named person, named organisation,
unnamed person, unnamed group, anonymous, document), its title split off, pronouns and bare surnames
resolved to earlier sources, and quotation paragraphs without a cue of their own handed to the last speaker.

Every list of words lives in ``audit/rules/attribution_*.tsv``; each finding carries the id of the rule
that produced it (``Attribution.rule``), so a reader can ask why a source was called anonymous.

Example:
    >>> found = find_attributions("The bridge will reopen in May, Mayor Ana Ruiz said on Tuesday.")
    >>> [(a.source.text, a.source_name, a.source_type, a.official) for a in found]
    [('Mayor Ana Ruiz', 'Ana Ruiz', 'named_person', True)]
"""
from __future__ import annotations

import bisect
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from itertools import chain
from typing import Iterable, NamedTuple

from .config import DEFAULT_CONFIG, AuditConfig
from .lexicon import load_rules, overlay_stamp, row_keywords
from .segment import Document, segment
from .spans import Quote, Sentence, Span

SOURCE_TYPES = ("named_person", "named_organization", "unnamed_person", "unnamed_group", "anonymous", "document")
CHANNELS = ("speech", "statement", "interview", "social_media", "document", "writing", "broadcast", "unspecified")
RULE_FILES = (
    "attribution_cues.tsv",
    "attribution_channels.tsv",
    "attribution_titles.tsv",
    "attribution_organizations.tsv",
    "attribution_anonymity.tsv",
    "attribution_people.tsv",
    "attribution_documents.tsv",
    "attribution_pronouns.tsv",
)

# How far around a cue the source may stand. Bounded windows keep the detector linear in the text.
_BEFORE = 220
_AFTER = 160
_MAX_SOURCE_WORDS = 12
# A news sentence carries a handful of attributions at most. Past this many cue words in one
# "sentence" the text is not prose (a run of "said said said", a list without full stops), and
# every further attribution would copy the same long sentence again: stop, to stay linear.
_MAX_CUES_PER_SENTENCE = 24


@dataclass(frozen=True, slots=True)
class Attribution:
    """One sourced statement.

    Attributes:
        statement: the whole sourced statement (the sentence, or the sentences of a multi-sentence quote).
        source: the source as written ("Gen. Mark Milley", "he", "people familiar with the matter"), or None.
        cue: the attribution cue ("said", "according to", "wrote"), or None for a continued quotation.
        content: what is attributed (the quotation or the reported clause), or None.
        source_name: canonical name ("Mark Milley" for "Gen. Mark Milley", for "Milley" and for a later "he").
        source_title: the role when given ("chairman of the Joint Chiefs of Staff"), or None.
        source_type: one of :data:`SOURCE_TYPES`.
        official: True for government, military, police, courts, public agencies and their spokespeople.
        channel: how it reached the reporter: speech, statement, interview, social_media, document, writing, broadcast.
        direct: True when the content is quoted verbatim.
        rule: id of the rule that produced the attribution (``+`` joins the rules that typed it).
        in_title: True for a finding in the headline (kept out of the per-article metrics).

    Example:
        >>> a = find_attributions("“It was a draft,” he said.")[0]
        >>> a.cue.text, a.direct, a.content.text
        ('said', True, '“It was a draft,”')
    """

    statement: Span
    source: Span | None
    cue: Span | None
    content: Span | None
    source_name: str | None
    source_title: str | None
    source_type: str
    official: bool
    channel: str
    direct: bool
    rule: str
    in_title: bool = False

    def to_dict(self) -> dict:
        """A plain dict (spans as dicts), ready for JSON or a DataFrame row."""
        return asdict(self)


# --------------------------------------------------------------------------- rules

@dataclass(frozen=True, slots=True)
class _Cue:
    id: str
    kind: str  # speech, document, prep
    channel: str
    participle: bool
    noun_too: bool  # the form is also a noun ("reports", "claims"): needs a subject in front
    not_after: re.Pattern | None  # words after the cue that make it something else ("added to")


@dataclass(frozen=True, slots=True)
class _ChannelRow:
    id: str
    channel: str
    phrase: str  # the row's pattern as the named group c<row index>
    keywords: tuple[str, ...]  # one of these is in every match; empty: always searched


@dataclass(frozen=True, slots=True)
class _Rules:
    cue_body: re.Pattern
    cue_title: re.Pattern
    cues: dict
    channels: tuple  # _ChannelRow per row of attribution_channels.tsv, in file order
    channels_always: tuple  # positions of the rows without keywords (always searched)
    channel_keywords: tuple  # (keyword, row position) for every keyword of every row
    titles: dict  # lower-case title -> (id, official)
    title_lead: re.Pattern
    org_nouns: dict  # lower-case word -> (id, official)
    org_names: dict
    members: dict
    anonymity_source: tuple
    anonymity_sentence: re.Pattern | None
    anonymity_sentence_ids: tuple
    anonymity_keywords: re.Pattern | None  # finds none of the keywords in a sentence that anonymity_sentence
    # cannot match (None: no keywords, search every sentence)
    people: dict  # lower-case head -> (id, kind, official)
    documents: dict  # lower-case head -> (id, kind)
    pronouns: dict  # exact pronoun -> (id, refers, gender)
    anonymity_after: tuple  # patterns read just after the source phrase ("people who were on the call")
    anonymity_any: re.Pattern | None = None  # every source-phrase pattern at once: most phrases match none
    channel_keyword_any: re.Pattern | None = None  # every channel keyword at once: most cues have none near
    org_words: frozenset = frozenset()  # the keys of org_names and org_nouns: most words are in neither


_NOUN_FORMS = frozenset({"reports", "claims", "claim", "comments", "remarks", "notes", "estimates", "estimate",
                         "posts", "tweets", "shows", "show", "promises", "answers", "findings", "reads", "warning",
                         "writing", "reporting", "finding", "pledges", "vows", "comment", "remark", "note", "promise",
                         "report", "answer", "post", "tweet", "pledge", "vow", "warnings", "call", "calls", "calling",
                         "complaints", "complaint", "mention", "mentions", "statements", "statement", "denial", "repeat"})


def _alternation(words: Iterable[str], space: str = r"\s+") -> str:
    """One regular expression for many phrases, factored as a trie so each position is tried once.

    A flat alternation of hundreds of cue forms makes the engine try every branch at every position;
    the trie shares prefixes ("sa(?:id|ys|y(?:ing)?)"), which keeps the scan fast and linear.
    A space in a phrase becomes ``space`` (any run of white space unless told).
    """
    trie: dict = {}
    for word in set(words):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict) -> str:
        ends = "" in node
        branches = [(space if char == " " else re.escape(char)) + render(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
        return body

    return render(trie)


@lru_cache(maxsize=16)
def _compiled(rules_dir: str | None, stamp: tuple) -> _Rules:
    cues: dict[str, _Cue] = {}
    for row in load_rules("attribution_cues.tsv", rules_dir):
        if row["kind"] not in ("speech", "document", "prep", "stance", "view"):
            raise ValueError(f"cue rule {row['id']}: kind must be speech, document, prep, stance or view")
        try:
            not_after = re.compile(row["not_after"]) if row.get("not_after") else None
        except re.error as exc:
            raise ValueError(f"cue rule {row['id']}: bad not_after pattern: {exc}") from exc
        for form in (f.strip() for f in row["forms"].split("|")):
            if form:
                key = " ".join(form.lower().split())
                cues[key] = _Cue(row["id"], row["kind"], row["channel"] or "speech", key.endswith("ing")
                                 and row["kind"] != "prep", key in _NOUN_FORMS, not_after)
    forms = _alternation(cues)
    # Capitalised forms count at the head of a sentence only ("Asked about the vote, Ruiz said ...").
    openers = _alternation(f.capitalize() for f in cues if f.endswith(("ing", "asked")) or f == "according to")
    cue_body = re.compile(rf"(?<![\w’'\-])(?:{forms}|{openers})(?![\w’'\-])")
    cue_title = re.compile(rf"(?<![\w’'\-])(?:{forms})(?![\w’'\-])", re.IGNORECASE)
    channels = []
    for row in load_rules("attribution_channels.tsv", rules_dir):
        try:
            re.compile(row["phrase"])
        except re.error as exc:
            raise ValueError(f"channel rule {row['id']}: bad pattern: {exc}") from exc
        keywords = row_keywords(row)
        channels.append(_ChannelRow(row["id"], row["channel"], f"(?P<c{len(channels)}>{row['phrase']})", keywords))
    titles = {row["title"].lower(): (row["id"], row["official"] == "yes")
              for row in load_rules("attribution_titles.tsv", rules_dir)}
    title_lead = re.compile(rf"(?:(?:the|a|an|former|then|acting|interim|deputy|assistant|retired|late|state|"
                            rf"U\.S\.|House|Senate|senior|top|chief)\s+)*(?:{_alternation(titles)})(?![\w’'\-])\.?",
                            re.IGNORECASE)
    org_nouns, org_names, members = {}, {}, {}
    for row in load_rules("attribution_organizations.tsv", rules_dir):
        target = {"noun": org_nouns, "name": org_names, "member": members}.get(row["kind"])
        if target is None:
            raise ValueError(f"organisation rule {row['id']}: kind must be noun, member or name")
        target[row["text"].lower()] = (row["id"], row["official"] == "yes")
    anonymity_source, sentence_parts, sentence_ids, anonymity_after = [], [], [], []
    sentence_keywords: list[str] | None = []
    for row in load_rules("attribution_anonymity.tsv", rules_dir):
        try:
            pattern = re.compile(row["pattern"], re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"anonymity rule {row['id']}: bad pattern: {exc}") from exc
        if row["scope"] == "sentence":
            sentence_parts.append(f"(?P<g{len(sentence_ids)}>{row['pattern']})")
            sentence_ids.append(row["id"])
            keywords = list(row_keywords(row))
            sentence_keywords = sentence_keywords + keywords if keywords and sentence_keywords is not None else None
        if row["scope"] == "after":
            anonymity_after.append((row["id"], pattern))
        else:
            anonymity_source.append((row["id"], pattern))
    anonymity_sentence = re.compile("|".join(sentence_parts), re.IGNORECASE) if sentence_parts else None
    people = {row["text"].lower(): (row["id"], row["kind"], row["official"] == "yes")
              for row in load_rules("attribution_people.tsv", rules_dir)}
    documents = {row["text"].lower(): (row["id"], row["kind"]) for row in load_rules("attribution_documents.tsv", rules_dir)}
    pronouns = {row["text"]: (row["id"], row["refers"], row["gender"])
                for row in load_rules("attribution_pronouns.tsv", rules_dir)}
    pronouns.update({k.capitalize(): v for k, v in list(pronouns.items())})
    return _Rules(cue_body, cue_title, cues, tuple(channels),
                  tuple(i for i, row in enumerate(channels) if not row.keywords),
                  tuple((k, i) for i, row in enumerate(channels) for k in row.keywords), titles, title_lead, org_nouns, org_names, members,
                  tuple(anonymity_source), anonymity_sentence, tuple(sentence_ids),
                  None if sentence_keywords is None else re.compile(_alternation(sentence_keywords, space=" ")),
                  people, documents, pronouns,
                  tuple(anonymity_after),
                  re.compile("|".join(f"(?:{p.pattern})" for _, p in anonymity_source), re.IGNORECASE)
                  if anonymity_source else None,
                  re.compile(_alternation({k for row in channels for k in row.keywords}, space=" "))
                  if any(row.keywords for row in channels) else None,
                  frozenset(org_names) | frozenset(org_nouns))


def _rules(rules_dir: str | None) -> _Rules:
    return _compiled(rules_dir, overlay_stamp(RULE_FILES, rules_dir))


# --------------------------------------------------------------------------- words around a cue

_TOKEN = re.compile(r"[^\s,;:()\[\]“”\"«»—–]+")
# Where a source phrase in front of a cue cannot reach past.
# The words as a trie (as the cue forms): one is tried per letter, not each in turn. At most one of them can
# match at a place, since a shorter one is followed by a letter where a longer one goes on.
_BOUNDARY_WORDS = ("that", "and", "but", "or", "as", "when", "while", "because", "after", "before", "since", "if",
                   "although", "though", "where", "so", "which", "what", "how", "whether", "who", "whom", "than",
                   "until", "unless")
_BOUNDARY = re.compile(
    rf"[,;:()\[\]“”\"«»—–]|(?<!\w)-{{1,2}}(?!\w)|(?<![\w’'\-])(?:{_alternation(_BOUNDARY_WORDS)})(?![\w’'\-])",
    re.IGNORECASE)
_FUNCTION = frozenset("""is are was were be been being has have had do does did will would can could may might should
must shall also not never from by to with about against into over under than after before during through without
within between among toward towards upon like unlike across around there here which who whom that what when where why
how then so just even only if as at on in for of and or but nor yet because since while although though""".split())
# Words between a source and its cue that belong to neither ("Esper also said Monday").
_SKIP_BEFORE_CUE = frozenset("""also has have had previously later earlier then once again recently repeatedly publicly
privately reportedly separately similarly simply further finally first initially subsequently quickly immediately
frequently often always never not n't did does do would will could can may might should must shall is are was were been
be just even only still already now today yesterday tonight last this next early late on in at monday tuesday wednesday
thursday friday saturday sunday week month year morning afternoon evening night weekend openly flatly bluntly angrily
sharply quietly proudly loudly firmly calmly directly ultimately clearly explicitly specifically emphatically
correctly falsely wrongly rightly famously memorably infamously has've more less most slightly much far yet since even""".split())
_VERB_BEFORE_TO = frozenset("""declined refused went continued wanted wants want seemed seems seem appeared appears appear
tried tries try needs need has have had got going went began begins begin expected is are was were able unable
likely unlikely set ready willing quick prepared decided plans plan planned hopes hoped agreed chose went
threatened promised vowed asked urged pressed going on wants""".split())
_DETERMINERS = frozenset("the a an this that these those his her its their our my your some many several one two three "
                         "four five six seven eight nine ten other another each every both few most all no".split())
_QUANTIFIERS = frozenset("some many several others both most few all".split())
_ARTICLES = frozenset("the a an this that these those his her its their our my your each every no".split())
_OPENERS = frozenset("but and so yet still however meanwhile also then now later earlier instead indeed moreover "
                     "separately similarly thus or nor plus".split())
_SUBORDINATE = frozenset("following after before when while as although though if since because despite in on at "
                         "during asked speaking writing responding amid with without under unlike like by for "
                         "according upon given".split())
_PREP_IN_NP = frozenset({"of", "for", "in", "at", "from", "on", "with"})
_ACRONYM = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]{2,}(?:[’']?s)?")
# "First Last": the first name's capital is matched (so the search skips to capitals fast) and the rest is read
# in a lookahead, so that pairs overlap ("Secretary Mark Esper" gives "Secretary Mark" and "Mark Esper").
# The first name is text[match.start():match.end(1)]; the last name is group 2. The letter runs are possessive
# (++): what follows each (a space, or no more letters) never matches inside it, so giving letters back cannot
# help, and "The president" fails at once instead of retrying "h" for "he".
_NAME_PAIR = re.compile(r"[A-Z](?<![\w’'\-.][A-Z])(?=((?:[a-z’'\-]++|[A-Z]{1,2}+|\.(?:[A-Z]\.){0,2})(?:\s+[A-Z]\.)*)\s+"
                        r"((?:Mc|Mac|O’|O')?[A-Z][a-z’'\-]++)(?![\w’'\-]))")
_SUFFIX = frozenset({"Jr.", "Sr.", "II", "III", "IV", "Jr", "Sr"})
_GENDER_WORDS = {"mr.": "m", "mrs.": "f", "ms.": "f", "spokesman": "m", "spokeswoman": "f", "congressman": "m",
                 "congresswoman": "f", "chairman": "m", "chairwoman": "f", "councilman": "m", "councilwoman": "f"}
_THAT = re.compile(r"\s*(?:that\b|:|,)\s*", re.IGNORECASE)
_THAT_NEAR = re.compile(r"(?<![\w’'])that\s+")
_BE = frozenset("is are was were be been being am".split())
_POSSESSIVE = re.compile(r"[’']s?$")
_TITLE_COLON_END = re.compile(r"^(?P<content>.{8,}?)\s*:\s*(?P<source>(?:[A-Z][\w.’'\-]*\s?){1,4})\s*$")
_SUBJECT_WORDS = 10
_NAMING = re.compile(r"(?<![\w’'])(?:an?|one|the so)\s+(?:[\w’'\-]+\s+){0,3}$|(?:group|account|movement|program|"
                     r"organization|party|book|loophole|company|site|website|app|bill|law|event|film|show|process|"
                     r"thing|something|what|whom|area|town|village|place|initiative|campaign|project|committee|PAC)\s+$",
                     re.IGNORECASE)
_PARTY_TAG = re.compile(r"[DRI]-[A-Z][\w.]*|\([DRI]-[A-Z][\w.]*\)")
_SUBJECT_PRONOUNS = frozenset("he she they I we it He She They We It".split())
_MONTHS = frozenset("january february march april may june july august september october november december jan. feb. "
                    "mar. apr. jun. jul. aug. sept. sep. oct. nov. dec.".split())


class _Word(NamedTuple):
    """One token of the text with its offsets. A named tuple, not a frozen dataclass: tens of thousands are
    made per corpus pass and a tuple is built several times faster, while staying just as immutable."""

    start: int
    end: int
    text: str
    lower: str  # text.lower(), made once: the detector reads it many times per word

    @property
    def capital(self) -> bool:
        return "A" <= self.text[:1] <= "Z"


def _word(start: int, end: int, text: str) -> _Word:
    return _Word(start, end, text, text.lower())


def _words(text: str, start: int, end: int) -> list[_Word]:
    new = tuple.__new__  # the named tuple's own __new__ is a Python function: this skips it (a hot loop)
    return [new(_Word, (m.start(), m.end(), word, word.lower()))
            for m in _TOKEN.finditer(text, start, end) for word in (m.group(),)]


# How far before a cue its words are read at first: far enough for a passive auxiliary, the adverbs between a
# subject and its cue, and most subjects. The rest of the window is read only when a search reaches past it.
_NEAR = 80


class _Stretch(NamedTuple):
    """The words of the text from ``start`` up to a cue: ``start`` is the edge of the window before the cue or
    follows a space, so no word is cut there and these are the window's own words from ``start`` on."""

    start: int
    words: list


def _words_near(text: str, lo: int, hi: int) -> _Stretch:
    """The words of ``text[lo:hi]`` from the last space ``_NEAR`` or more characters before ``hi`` (all if none)."""
    space = text.rfind(" ", lo, max(lo, hi - _NEAR))
    start = space + 1 if space >= 0 else lo
    return _Stretch(start, _words(text, start, hi))


def _words_within(text: str, stretch: _Stretch, start: int, end: int) -> list[_Word]:
    """``_words(text, start, end)`` for an ``end`` no later than the stretch's, read off its words when it holds ``start``.

    A token runs between delimiters, so the stretch's tokens that lie inside ``[start, end)`` are exactly
    that part's tokens, unless one of them is cut at ``start`` or ``end``: then the part is tokenised anew.
    The tokens are in text order, so two bisections find them (a word compares as its ``(start, ...)`` tuple).
    """
    if start < stretch.start:
        return _words(text, start, end)
    words = stretch.words
    i = bisect.bisect_left(words, (start,))
    j = bisect.bisect_left(words, (end,), i)
    if (i and words[i - 1].end > start) or (j and words[j - 1].end > end):
        return _words(text, start, end)
    return words[i:j]


def _last_boundary(text: str, start: int, end: int) -> re.Match | None:
    """The last ``_BOUNDARY`` match in ``text[start:end]``: the match a scan from ``start`` ends with.

    Read from the end: no match holds a space, so a scan that starts just after a space meets the same
    matches from there on as the scan from ``start``. Stretches of some 24 characters, each starting after a
    space, are searched nearest the end first until one holds a match; each character is still read once.
    """
    stop = end
    while stop > start:
        space = text.rfind(" ", start, max(start, stop - 24))
        begin = space + 1 if space >= 0 else start
        last = None
        for match in _BOUNDARY.finditer(text, begin, stop):
            last = match
        if last is not None:
            return last
        stop = begin
    return None


# Nouns that end like adverbs: "some at the rally said" must keep "rally".
_LY_NOUNS = frozenset("rally family assembly supply monopoly anomaly bully reply ally homily".split())
_REACHED_BY_REPORTER = frozenset("interviewed surveyed polled contacted reached questioned".split())


def _trim_tail(words: list[_Word]) -> list[_Word]:
    """Drop adverbs, auxiliaries, time words and "declined to" between a subject and its cue."""
    while words:
        low = words[-1].lower.rstrip(".")
        if low == "to" and len(words) >= 2 and (words[-2].lower in _VERB_BEFORE_TO or words[-2].lower.endswith("ed")):
            words = words[:-2]
        elif low in _REACHED_BY_REPORTER and len(words) >= 2 and words[-2].lower not in _FUNCTION \
                and words[-2].lower not in _DETERMINERS:  # "those surveyed" keeps its participle
            words = words[:-1]  # "commuters interviewed Tuesday said": the people, not how they were reached
        elif low in _SKIP_BEFORE_CUE or low.endswith(("n’t", "n't")) or (
                low.endswith("ly") and not words[-1].capital and len(low) > 4 and low not in _LY_NOUNS) or (
                low == "long" and not words[-1].capital and len(words) >= 2 and words[-2].lower in ("has", "have", "had")):
            words = words[:-1]  # "critics have long argued" ("long" only after has/have/had: "Huey Long said")
        else:
            break
    return words


# "involved in", "familiar with", "close to": the words that describe an unnamed source by its access.
_LINK_ADJECTIVES = frozenset("involved familiar briefed close knowledgeable privy present".split())
_LINK_PREPOSITIONS = frozenset("in with on to about at".split())


# Endings of nouns for people by what they do or hold ("hawks" aside): "organizers", "economists", "politicians".
_AGENT_ENDINGS = ("ers", "ors", "ists", "ians", "ants", "ents", "ees")


def _agentive(word: str) -> bool:
    """A plural noun for people by what they do ("organizers", "residents"), not "comments" or "statements"."""
    return word.endswith(_AGENT_ENDINGS) and not word.endswith("ments")


# People described by what they have ("tenants with eviction notices", "those with knowledge of").
_WITH_HEADS = frozenset("people those officials sources witnesses residents voters someone tenants workers students "
                        "members families patients parents anyone one person".split())


# Roles held towards someone: "an aide to the senator", "an adviser to the campaign".
_TO_HEADS = frozenset("aide aides adviser advisers advisor advisors assistant assistants consultant consultants "
                      "counselor counselors spokesman spokeswoman spokesperson ambassador heir successor".split())


def _np_backward(words: list[_Word], people: dict | None = None) -> list[_Word]:
    """The longest noun phrase ending at the last word, read backwards ("top Democrats in Congress").

    With ``people`` (the lexicon of nouns for people), a place after such a noun stays in the phrase:
    "a volunteer at the shelter", "workers in the warehouse".
    """
    taken: list[_Word] = []
    k = len(words)
    while k > 0:
        k -= 1
        word = words[k]
        low = word.lower
        if not taken and word.text in _SUBJECT_PRONOUNS:
            return [word]  # "by the time he said": the pronoun is the whole subject
        if taken and not word.capital and taken[-1].text.endswith(".") and taken[-1].capital and \
                len(taken[-1].text) <= 5 and low not in _DETERMINERS and low not in _PREP_IN_NP:
            break  # "... party convention Sen. Elizabeth Warren": a title abbreviation starts the name
        if low in _DETERMINERS and taken and not (k > 0 and words[k - 1].lower in ("of", "in", "for", "at", "from")) \
                and not (k > 1 and words[k - 1].lower == "to" and words[k - 2].lower in _TO_HEADS) \
                and not (k > 1 and words[k - 1].lower in _LINK_PREPOSITIONS and words[k - 2].lower in _LINK_ADJECTIVES):
            taken.append(word)
            if low in ("the", "a", "an") and k >= 3 and words[k - 2].lower == "to" and not words[k - 1].capital:
                # "the coalition to defeat the ISIS group": an infinitive inside an organisation's name
                taken.extend((words[k - 1], words[k - 2]))
                k -= 2
                continue
            break
        if taken and k > 0 and low in _LINK_PREPOSITIONS and words[k - 1].lower in _LINK_ADJECTIVES:
            # "a person involved in the talks", "people close to the mayor": the phrase names who they are
            taken.extend((word, words[k - 1]))
            k -= 1
            continue
        if low in _PREP_IN_NP and taken:
            nxt = taken[-1]
            if low == "of" or (nxt.capital and low in ("in", "for", "at")) or (
                    low == "with" and k > 0 and words[k - 1].lower in _WITH_HEADS) or (
                    people and low in ("at", "in", "from") and k > 0 and words[k - 1].lower in people
                    and (not words[k - 1].capital or words[k - 1].lower in _QUANTIFIERS)):
                taken.append(word)
                continue
            break
        if low == "to" and taken and k > 0 and words[k - 1].lower in _TO_HEADS:
            taken.append(word)  # "an aide to the senator", "advisers to the governor"
            continue
        if low in _FUNCTION or low in _SKIP_BEFORE_CUE and not word.capital:
            break
        if not word.capital and len(low) > 4 and (low.endswith("ed") or low.endswith("ing")) and taken:
            break  # a verb ("drew criticism from ...") or a clause, not part of the name
        if not any(c.isalnum() for c in word.text):
            break
        taken.append(word)
        if len(taken) >= _MAX_SOURCE_WORDS:
            break
    while taken and taken[-1].lower in _PREP_IN_NP:
        taken.pop()
    taken.reverse()
    while taken and taken[-1].lower in _PREP_IN_NP:
        taken.pop()
    return taken


_INNER_PREPOSITIONS = frozenset("in at during on after before from with for".split())
_MODIFIER_PREPOSITIONS = frozenset("in by against on at for from with near about over to since during outside "
                                   "inside across".split())
# Past participles that commonly hang a phrase on a noun ("a lawsuit filed against", "a poll conducted in").
_MODIFIER_PARTICIPLES = frozenset("released published filed conducted compiled obtained issued commissioned prepared "
                                  "sponsored funded posted signed submitted reviewed credited cited quoted interviewed "
                                  "polled surveyed arrested charged accused detained evicted displaced affected elected "
                                  "appointed hired employed based gathered named identified involved dated leaked "
                                  "addressed delivered introduced unveiled drafted authored produced aired broadcast "
                                  "uploaded shared circulated distributed presented".split())
_IRREGULAR_PARTICIPLES = frozenset("written seen taken given chosen shown drawn held sent made led paid brought "
                                   "kept left known done run".split())
# -ing nouns that are not participles ("At the hearing Smith said").
_ING_NOUNS = frozenset("morning evening meeting hearing building briefing spring king thing something anything nothing "
                       "everything wedding ruling funding training housing spending timing opening offering ceiling "
                       "feeling setting reading during according including regarding following evening".split())


def _name_after_noun(words: list[_Word], rules: _Rules) -> list[_Word]:
    """A name right after a plain noun is a new subject: "one of the ways Dane County said" -> "Dane County".

    A relative clause without "that" puts the speaker straight after the noun it describes; a role word
    ("spokesman Ali Reza"), a preposition ("spoke to The Gazette") or a modifier ("former") keeps the phrase whole.
    """
    k = len(words)
    while k > 0 and words[k - 1].capital and words[k - 1].lower.rstrip(".") not in rules.titles:
        k -= 1
    if k == len(words) or k < 2 or words[k].lower in _DETERMINERS or words[k].text in _SUBJECT_PRONOUNS:
        return []
    noun = words[k - 1].lower
    if words[k - 1].capital or not noun.isalpha() or len(noun) < 3 or noun in _FUNCTION or noun in _DETERMINERS \
            or noun in _SKIP_BEFORE_CUE or noun in rules.titles or noun in rules.people or noun in rules.members \
            or noun in rules.org_nouns or noun in rules.documents or noun in _MODIFIER_PREPOSITIONS \
            or noun.endswith(("ly", "ed", "ing", "al", "ic", "ive", "ous", "ian", "ish", "ese")) or noun in _NAME_MODIFIERS:
        return []
    if words[k - 2].lower not in _DETERMINERS and words[k - 2].lower not in ("key", "main", "many", "other", "few"):
        return []  # only "the ways X", "the key ways X": a noun phrase that clearly ended before the name
    return words[k:]


_NAME_MODIFIERS = frozenset("former state federal then late top senior chief deputy acting interim longtime veteran "
                            "fellow rival incumbent freshman junior republican democratic conservative liberal "
                            "independent billionaire businessman businesswoman entrepreneur author".split())


def _head_before_modifier(words: list[_Word], np_at: int) -> list[_Word]:
    """The noun a participle phrase hangs on: "a lawsuit filed against the diocese alleged" -> "a lawsuit".

    Without this the object of the participle ("the diocese", "November 2023", "Love" in "the lawyer
    representing Love said") reads as the speaker. Only a lower-case participle right after a noun counts,
    so a main verb with its own subject ("The city sued Acme and said") is left alone.
    """
    if any(w.text.endswith(("’s", "'s")) for w in words[np_at:]):
        return []  # "Christie's effusive praise": the name owns the cue word
    k = np_at - 1
    stop = max(0, np_at - 8)
    while k >= stop and words[k].lower in _MODIFIER_PREPOSITIONS:
        k -= 1
        if k >= stop and not _is_participle(words[k]):
            # one more noun phrase inside the modifier: "released in March by the auditor"
            j = k
            while j >= stop and not _is_participle(words[j]) and (
                    words[j].lower in _DETERMINERS or words[j].lower in _MODIFIER_PREPOSITIONS
                    or words[j].lower not in _FUNCTION and words[j].lower not in _SKIP_BEFORE_CUE):
                j -= 1
            k = j
    if k < 1 or not _is_participle(words[k]) or "-" in words[k].text:
        return []
    if words[k].lower.endswith("ed") and words[k].lower not in _MODIFIER_PARTICIPLES and not any(
            w.lower == "by" for w in words[k + 1:np_at]):
        return []  # "The talk ended with Maddow asking": a main verb; a modifier is a known one or has its "by"
    if k == np_at - 1 and not (words[np_at].capital or words[np_at].lower in _DETERMINERS):
        return []  # "a rolling poll", "the tracking survey": an -ing adjective, not a modifier with an object
    if not words[k].lower.endswith("ing") and k == np_at - 1:
        return []  # "the report cited Smith": a past form right before a name is a verb with an object
    before = words[k - 1].lower
    if before in _SKIP_BEFORE_CUE or before in _BE or before.endswith(("n’t", "n't")) or (
            before.endswith("ly") and len(before) > 4):
        return []  # "didn't seem particularly impressed": an adjective after a verb, not a noun's modifier
    head = _np_backward(words[:k])
    if not head or any(c in w.text for w in head for c in "?!'’") and not head[-1].capital or head[-1].lower in _FUNCTION or head[-1].lower in _DETERMINERS or head[-1].text in _SUBJECT_PRONOUNS \
            or head[-1].text.endswith(("’s", "'s")) or head[0].lower in _OPENERS:
        return []
    return head


def _is_participle(word: _Word) -> bool:
    low = word.lower
    if word.capital or low in _FUNCTION or low in _SKIP_BEFORE_CUE:
        return False
    if low in _IRREGULAR_PARTICIPLES:
        return True
    return len(low) > 4 and (low.endswith("ed") and low not in ("indeed", "proceed", "exceed", "succeed")
                             or low.endswith("ing") and low not in _ING_NOUNS)


def _skip_inner_phrase(words: list[_Word], np: list[_Word]) -> list[_Word]:
    """ "Trump in his announcement speech called ...": step over a phrase between the subject and the cue."""
    k = len(words) - len(np)
    if k >= 2 and words[k - 1].lower in _INNER_PREPOSITIONS and not np[0].capital and (
            words[k - 2].capital or words[k - 2].text in _SUBJECT_PRONOUNS):
        subject = _np_backward(words[:k - 1])
        if subject and (subject[-1].capital or subject[-1].text in _SUBJECT_PRONOUNS):
            return subject
    return np


def _np_forward(text: str, start: int, end: int, rules: _Rules, *, allow_from: bool = True) -> list[_Word]:
    """The noun phrase starting at ``start`` (after an inverted cue, after "according to")."""
    taken: list[_Word] = []
    for match in _TOKEN.finditer(text, start, end):
        if taken and text[taken[-1].end:match.start()].strip():
            break  # punctuation between words ends the phrase
        if not taken and text[start:match.start()].strip():
            break
        word = _word(match.start(), match.end(), match.group())
        low = word.lower
        if low in _PREP_IN_NP and taken:
            if low == "of" or low in ("for", "at", "with") or (low == "from" and allow_from) or \
                    low == "in" and match.end() < end and text[match.end():match.end() + 2].strip()[:1].isupper():
                taken.append(word)
                continue
            break
        if low in _FUNCTION and low not in _DETERMINERS or (taken and low in _SKIP_BEFORE_CUE and not word.capital):
            break
        if not word.capital and taken and (len(low) > 4 and (low.endswith("ed") or low.endswith("ing"))
                                           or low in _IRREGULAR_PARTICIPLES or low == "sued"):
            break  # "a draft seen by the Ledger": the participle starts a modifier, not more of the name
        if not any(c.isalnum() for c in word.text):
            break
        bare = low.rstrip(".")  # "the Ledger's database." at the end of a sentence
        if taken and not word.capital and (low in rules.cues and taken[-1].lower not in _DETERMINERS
                                           and low not in rules.documents
                                           or taken[-1].capital and taken[-1].lower not in _DETERMINERS
                                           and bare not in rules.org_nouns
                                           and bare not in rules.members and bare not in rules.people
                                           and bare not in rules.titles and bare not in rules.documents):
            break  # "Iran said": a lower-case word after a name is the verb, unless it names a role or body
        taken.append(word)
        if word.text.endswith(".") and len(word.text) > 3 and word.text[:-1].isalpha() and not word.capital:
            break
        if len(taken) >= _MAX_SOURCE_WORDS:
            break
    while taken and (taken[-1].lower in _PREP_IN_NP or taken[-1].lower in _DETERMINERS):
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
    words = _words(text, start, end)
    i = 0
    while i < len(words) and words[i].lower in _OPENERS:
        i += 1
    if i < len(words) and words[i].lower in _SUBORDINATE:
        comma = text.find(",", words[i].end, end)
        if comma < 0:
            return []
        return _leading_np(text, comma + 1, end, rules)
    if i >= len(words):
        return []
    return _np_forward(text, words[i].start, end, rules)


def _span_of(source: str, words: list[_Word]) -> Span | None:
    if not words:
        return None
    start, end = words[0].start, words[-1].end
    text = source[start:end]
    stripped = text.rstrip(".,")
    if stripped != text and not (text.endswith(".") and _is_abbreviation(text)):
        end = start + len(stripped)
    return Span.of(source, start, end)


_ABBREVIATION = re.compile(r"(?:[A-Z]\.)+|[A-Z][a-z]{0,3}\.|Jr\.|Sr\.|Inc\.|Corp\.|Co\.|Ltd\.")


def _is_abbreviation(text: str) -> bool:
    last = text.split()[-1]
    return bool(_ABBREVIATION.fullmatch(last))


# --------------------------------------------------------------------------- typing a source

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


def _surname_index(text: str, start: int, end: int, rules: _Rules) -> tuple[dict, list]:
    """Full-name mentions of the body, for resolving "Esper" and "he" and "the judge" later."""
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
        if low_first in rules.titles or low_first in _DETERMINERS or low_first in _OPENERS \
                or low_first in rules.org_nouns or low_first in _FUNCTION or low_last in rules.org_nouns \
                or low_last in rules.org_names or low_first in rules.org_names:
            continue
        position = match.start()
        full = f"{first} {last}"
        index.setdefault(last, []).append((position, full))
        mentions.append((position, full, text[max(start, position - 40):position].lower()))
    return index, mentions


def _strip_title(words: list[_Word], rules: _Rules) -> tuple[list[_Word], list[_Word], bool]:
    """Split "Secretary of Defense Mark Esper" into title words and name words; official when the title is."""
    last_title = -1
    official = False
    i = 0
    while i < len(words):
        low = words[i].lower
        two = f"{low} {words[i + 1].lower}" if i + 1 < len(words) else ""
        hit = rules.titles.get(two) or rules.titles.get(low)
        if hit and (i == 0 or last_title == i - 1 or words[i - 1].lower in _DETERMINERS or not words[i - 1].capital
                    or words[i - 1].lower in ("house", "senate", "state", "u.s.", "former", "then", "deputy")
                    or hit[1]):
            step = 2 if rules.titles.get(two) else 1
            last_title = i + step - 1
            official = official or hit[1]
            i += step
            # "Secretary of Defense", "chairman of the Joint Chiefs": the "of" phrase belongs to the title
            if i + 1 < len(words) and words[i].lower in ("of", "for"):
                j = i + 1
                while j < len(words) and words[j].lower in ("the", "state"):
                    j += 1
                if j < len(words) and words[j].capital:
                    last_title = j
                    i = j + 1
            continue
        i += 1
    if last_title < 0:
        return [], words, False
    return words[:last_title + 1], words[last_title + 1:], official


def _clean_name(words: list[_Word]) -> list[_Word]:
    while words and (words[0].lower in _DETERMINERS or not words[0].capital):
        words = words[1:]
    while words and (_POSSESSIVE.search(words[-1].text) and words[-1].text[-2:] in ("’s", "'s")):
        words = words[:-1]
    return words


def _classify(source: str, words: list[_Word], sentence: str, rules: _Rules, memory: _Memory,
              sentence_start: bool) -> _Typed:
    """Type a source phrase with the codebook's six source types."""
    typed = _classify_phrase(source, words, sentence, rules, memory, sentence_start)
    if len(words) > 2 and words[1].lower == "of" and words[0].lower in _DETERMINERS:
        if typed.source_type == "unnamed_group" and words[0].lower == "one":
            # "one of the residents": a single unnamed person picked out of a group
            return _Typed("unnamed_person", None, typed.title, typed.official, f"{typed.rule}.one_of", typed.gender)
        if typed.rule == "attr.type.plural":
            # "many of the speakers": a quantified group of people, not a plural noun that could be a thing
            return _Typed(typed.source_type, typed.name, typed.title, typed.official, "attr.type.partitive")
    return typed


def _classify_phrase(source: str, words: list[_Word], sentence: str, rules: _Rules, memory: _Memory,
                     sentence_start: bool) -> _Typed:
    first = words[0].text
    if len(words) == 1 and first in rules.pronouns:
        return _resolve_pronoun(first, rules, memory, words[0].start)
    phrase = " ".join([w.text for w in words])
    low_words = [w.lower.rstrip(".,") for w in words]
    if rules.anonymity_any is not None:
        if phrase not in memory.anonymous_phrase:  # a source named again ("Esper", "the mayor") is searched once
            memory.anonymous_phrase[phrase] = next(  # the first row that matches names the rule
                (rule_id for rule_id, pattern in rules.anonymity_source if pattern.search(phrase)), None
            ) if rules.anonymity_any.search(phrase) else None
        rule_id = memory.anonymous_phrase[phrase]
        if rule_id is not None:
            return _Typed("anonymous", None, None, any(w in ("official", "officials") for w in low_words), rule_id)
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

    # The head: the last word before a preposition in a lower-case phrase ("a spokesman for the Pentagon").
    head_end = len(words)
    lower_start = not words[0].capital or (sentence_start and (words[0].lower in _DETERMINERS
                                                               or words[0].lower in rules.people))
    # "Three of the witnesses with records": a partitive's head is the noun after "of the", not the number.
    partitive = 2 + (len(words) > 3 and low_words[2] in _ARTICLES) if (
        len(words) > 2 and low_words[1] == "of" and low_words[0] in _DETERMINERS and low_words[0] not in _ARTICLES
        and low_words[-1] not in ("them", "us", "those", "these")) else 0
    for i, w in enumerate(words):
        if i > partitive and (w.lower in ("of", "for", "from", "by", "at", "with", "in") or (
                w.lower == "to" and low_words[i - 1] in _TO_HEADS)) and lower_start:
            head_end = i  # "a spokesman for the Pentagon", "advisers to the governor"
            break
        if i and w.lower in ("from", "by") and low_words[i - 1] in rules.documents:
            head_end = i
            break
    head_words, tail_words = words[:head_end], words[head_end + 1:]
    head = head_words[-1].lower.rstrip(".,") if head_words else ""
    head = head[:-2] if head.endswith(("’s", "'s")) else head

    doc = rules.documents.get(head) or (rules.documents.get(f"{head_words[-2].lower} {head}")
                                        if len(head_words) > 1 else None)
    if doc and not (head in ("statement", "release") and tail_words == [] and not memory.statements
                    and any(w.capital and not (sentence_start and i == 0) for i, w in enumerate(head_words))):
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
        anaphoric = low_words[0] in _ANAPHORIC or source[max(0, words[0].start - 5):words[0].start].strip().lower() in (
            "that", "this")  # "That poll showed": "that" reads as a clause boundary, so it is not in the phrase
        if issuer is None and doc[1] == "data" and head in _POLL_WORDS and anaphoric:
            # "the new poll", "that survey": the poll the article named earlier speaks for its pollster.
            # Looked up only here (rare), so articles without a poll pay nothing for it.
            earlier = [name for _, name in _pollsters(source, 0, words[0].start)]
            if earlier:
                return _Typed("named_organization", earlier[-1], None, False, f"{doc[0]}.pollster")
        if issuer is None:
            owner_words = [_word(w.start, w.end - 2, w.text[:-2]) if w.text.endswith(("’s", "'s")) else w
                           for i, w in enumerate(head_words[:-1]) if w.capital and not (i == 0 and sentence_start)]
            issuer = _org_or_person(owner_words, rules, memory, prefer_org=True) if owner_words else None
        official = bool(issuer and issuer.official)
        name = issuer.name if issuer else None
        if doc[1] == "data" and issuer is not None and issuer.source_type in ("named_organization", "named_person"):
            # a poll or study of a named body speaks for it ("a Reuters/Ipsos poll found")
            return _Typed("named_organization", name, None, official, f"{doc[0]}+{issuer.rule}")
        return _Typed("document", name, None, official, doc[0])

    if low_words[-1] in ("them", "us", "those", "these") and "of" in low_words or any(
            low == "of" and nxt in ("them", "those") for low, nxt in zip(low_words, low_words[1:])) and not any(
            w.capital for w in words[1:]):
        # "many of them", "two-thirds of those surveyed": a share of people already in view
        return _Typed("unnamed_group", phrase, None, False, "attr.type.some_of_them")
    member_at = next((i for i, w in enumerate(low_words) if w in rules.members), -1)  # the first word for a member
    member = low_words[member_at] if member_at >= 0 else None
    lower_led = not words[0].capital or (sentence_start and (words[0].lower in _DETERMINERS or words[0].lower in rules.people))
    definite = low_words[0] in ("the", "its", "their", "his", "her") or low_words[0].endswith(("’s", "'s"))
    if (definite or low_words[0] in ("the",)) and lower_led and head in rules.members and not head.startswith(
            "employee") and not any(
            w.capital for w in words[1:]):
        # "the spokesperson", "the lawyers": they speak for the organisation named before
        for entry in reversed(memory.groups[-4:]):
            if entry[1] == "named_organization":
                return _Typed("named_organization", entry[0], None, entry[3], f"{rules.members[head][0]}.resolved")
    if definite and lower_led and (head in rules.titles or head in rules.people and rules.people[head][1] == "person"):
        # "the judge", "the city attorney": the named person introduced earlier with that role
        mention = _mention_before(memory, words[0].start, head)
        if mention is not None:
            return _Typed("named_person", mention[1], None, bool(rules.titles.get(head, (0, False))[1]
                                                                    or head in rules.people and rules.people[head][2]),
                          "attr.type.role_resolved")
    if lower_led and head in rules.people and head not in rules.members and not any(
            w.capital for w in head_words[1:-1]):
        person = rules.people[head]
        kind = "unnamed_person" if person[1] == "person" else "unnamed_group"
        return _Typed(kind, None if kind == "unnamed_person" else phrase, None, person[2], person[0],
                      _GENDER_WORDS.get(head, ""))
    proper = [w for i, w in enumerate(words) if w.capital and not (i == 0 and sentence_start and (
              w.lower in _DETERMINERS or w.lower in rules.people or w.lower in rules.documents
              or w.lower in rules.org_nouns or w.lower in _OPENERS or w.lower in _NAME_MODIFIERS))
              and w.lower.rstrip(".") not in rules.titles and w.lower not in rules.titles and w.lower not in _DETERMINERS
              and w.lower not in rules.members]
    if member and member_at + 1 < len(words) and words[member_at + 1].capital and \
            sum(1 for w in words[member_at + 1:] if w.capital) >= 2:
        # "Public Works spokesperson Rachel Gordon": a named spokesperson is a named person
        person = _org_or_person(words[member_at + 1:], rules, memory)
        if person is not None and person.source_type == "named_person":
            title = " ".join(w.text for w in words[:member_at + 1] if w.lower not in _DETERMINERS)
            return _Typed("named_person", person.name, title, person.official or rules.members[member][1],
                          f"{rules.members[member][0]}+{person.rule}")
    if member and proper:
        owner = _org_or_person(proper, rules, memory, prefer_org=True)
        org_name = owner.name if owner and owner.name else " ".join(w.text for w in proper)
        org_name = _POSSESSIVE.sub("", org_name) if org_name.endswith(("’s", "'s")) else org_name
        official = rules.members[member][1] or bool(owner and owner.official)
        return _Typed("named_organization", org_name, None, official, rules.members[member][0])
    if member and not proper and head.endswith("s") and head == low_words[-1] and head in rules.people and \
            rules.people[head][1] == "group":
        # "State officials", "Senior aides": a plural role without a named body is an unnamed group
        return _Typed("unnamed_group", phrase, None, rules.members[member][1] or rules.people[head][2],
                      rules.people[head][0])
    group = rules.people.get(low_words[-1])
    if group and group[1] == "group" and len(words) > 1 and not member and low_words[-1] not in rules.org_nouns:
        # "Trump voters", "Senate Democrats": a named word describing an unnamed group
        return _Typed("unnamed_group", phrase, None, group[2], group[0])
    place_at = head_end if tail_words and lower_start else next(
        (i for i in range(1, len(words) - 1) if low_words[i] in _PLACE_PREPOSITIONS), 0)
    place_head = low_words[place_at - 1] if place_at else ""
    group = rules.people.get(place_head) if place_at and low_words[place_at] != "of" and not (
        words[place_at - 1].capital and not (sentence_start and place_at == 1)) else None
    if group and group[1] == "group" and not member and place_head not in rules.org_nouns:
        # "older renters in the county", "Tesla workers at the plant": as "Trump voters", the people, not the place
        return _Typed("unnamed_group", phrase, None, group[2], f"{group[0]}.placed")
    last = low_words[-1]
    if proper and len(words) > 1 and not words[-1].capital and last.endswith("s") and not last.endswith(("ss", "’s", "'s")) \
            and len(last) > 3 and last.isalpha() and last not in rules.org_nouns and last not in rules.documents \
            and not member and head == last and (_agentive(last) or not (
                any(w.text.endswith(("’s", "'s")) for w in words) or words[-2].capital and words[-3:-2]
                and words[-3].capital)):
        # "Transit planners", "Tesla engineers": people described by a name end in a plain plural; no name does.
        # After a possessive or a full name only a noun for people counts ("Ruiz's advisers", not "Ruiz's remarks").
        return _Typed("unnamed_group", phrase, None, False, "attr.type.named_plural")
    if proper or any(w.capital and w.lower.rstrip(".") in rules.titles for w in words):
        typed = _org_or_person(words, rules, memory)
        if typed is not None:
            return typed
    # Lower-case phrases: "the coalition", "a resident", "critics".
    org = rules.org_nouns.get(head)
    if org and (definite or head in ("police",)):
        return _Typed("named_organization", " ".join(w.text for w in words if w.lower not in ("the",)), None,
                      org[1], org[0])
    person = rules.people.get(head)
    if person:
        kind = "unnamed_person" if person[1] == "person" else "unnamed_group"
        return _Typed(kind, None if kind == "unnamed_person" else phrase, None, person[2], person[0],
                      _GENDER_WORDS.get(head, ""))
    if member:
        return _Typed("unnamed_person" if not head.endswith("s") and head not in ("staff", "leadership")
                      else "unnamed_group", None, None,
                      rules.members[member][1], rules.members[member][0])
    if org:
        return _Typed("named_organization", phrase, None, org[1], org[0])
    if head.endswith("s") and not head.endswith("ss"):
        return _Typed("unnamed_group", phrase, None, False, "attr.type.plural")
    return _Typed("unnamed_person", None, None, False, "attr.type.default")


def _org_or_person(words: list[_Word], rules: _Rules, memory: _Memory, prefer_org: bool = False) -> _Typed | None:
    """A proper-noun phrase: an organisation ("the Pentagon press office", "Iran") or a person ("Gen. Mark Milley")."""
    if not words:
        return None
    low_words = [w.lower.rstrip(",") for w in words]
    official_org = False
    org_rule = None
    for i, low in enumerate(low_words):
        two = f"{low} {low_words[i + 1]}" if i + 1 < len(low_words) else ""
        for key in (two, low, low[:-2] if low.endswith(("’s", "'s")) else None):
            if not key or key not in rules.org_words:
                continue
            hit = rules.org_names.get(key) or (rules.org_nouns.get(key) if not words[i].capital or key in
                                                ("senate", "house", "congress") or i > 0 else None)
            if hit and key not in rules.titles:
                org_rule = org_rule or hit[0]
                official_org = official_org or hit[1]
    titles, name_words, official_title = _strip_title(words, rules)
    name_words = _clean_name(name_words)
    acronym = len(name_words) == 1 and bool(_ACRONYM.fullmatch(name_words[0].text)) and name_words[0].text not in _SUFFIX
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
    if len(name_words) == 1 or (len(name_words) == 2 and name_words[1].text in _SUFFIX):
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
    title = " ".join(w.text for w in titles) or None
    known = memory.known.get(name)
    official = official_title or bool(known and known[1])
    gender = next((_GENDER_WORDS[w.lower] for w in titles if w.lower in _GENDER_WORDS), "") or (known[2] if known else "")
    if title is None and known:
        title = known[0]
    return _Typed("named_person", name, title, official, "attr.type.name", gender)


def _looks_like_surname(word: str, memory: _Memory) -> bool:
    """A single capitalised word that is a person: "Mr." before it somewhere, or a known speaker's last name."""
    if any(c.isdigit() for c in word) or sum(c.isupper() for c in word) > 1 and "-" not in word:
        return False  # "3M", "SoCalGas", "OpenAI"
    return True


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
        mention = _mention_before(memory, position)
        # A person named since the last quoted source is nearer ("Woods rents the house ... he said").
        if mention is not None and (source is None or mention[0] > source[5] + 300):
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


def _mention_before(memory: _Memory, position: int, role: str | None = None) -> tuple | None:
    mentions = memory.mentions
    i = bisect.bisect_left(mentions, (position,)) - 1
    while i >= 0:
        mention = mentions[i]
        if role is None or role in mention[2]:
            return mention
        i -= 1
    return None


def _remember(memory: _Memory, typed: _Typed, channel: str, position: int) -> None:
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


# --------------------------------------------------------------------------- one cue

class _Found(NamedTuple):
    """Where a cue's source was found. Internal and made once per cue: a named tuple, as ``_Typed``."""

    source_words: list
    title_words: list
    rule: str
    written: _Word | None = None  # the relative pronoun standing for the source ("Trump, who wrote ...")


_ISSUING = frozenset("issued released sent posted published put".split())
_ISSUED = frozenset("statement release letter post message".split())


def _source_for_cue(text: str, sentence: Sentence, cue_start: int, cue_end: int, cue: _Cue,
                    rules: _Rules, stack: tuple = (), near: _Stretch | None = None) -> _Found | None:
    """Where the source of the cue at ``[cue_start, cue_end)`` stands, and which pattern found it.

    ``near``: the words just before the cue (``_words_near``), when the caller has them already.
    """
    s_start, s_end = sentence.start, sentence.end
    if cue.kind == "prep":
        words = _np_forward(text, _skip_space(text, cue_end, s_end), min(s_end, cue_end + _AFTER), rules)
        return _Found(words, [], "attr.according_to") if words else None
    lo = max(s_start, cue_start - _BEFORE)
    hi = cue_start
    # "Pelosi (D-Calif.) said": step over a parenthesis right before the cue.
    near = near if near is not None else _words_near(text, lo, hi)
    tail = near.words
    kept = _trim_tail(tail)
    if len(kept) < 2 and near.start > lo:
        # The trimming looks two words back; with two words left it stopped where it would on the whole
        # window. With fewer it may have run out of near words: read the whole window.
        near = _Stretch(lo, _words(text, lo, hi))
        tail = near.words
        kept = _trim_tail(tail)
    if len(kept) < len(tail) and kept and text[kept[-1].end:tail[len(kept)].start].strip() == ")":
        hi = tail[len(kept)].start
    before = text[lo:hi].rstrip()
    if before.endswith(")"):
        opening = text.rfind("(", lo, lo + len(before))
        if opening >= 0:
            hi = opening
            before = text[lo:hi].rstrip()
    boundary = _last_boundary(text, lo, hi)
    seg_start = boundary.end() if boundary else lo
    raw = _words_within(text, near, seg_start, hi)  # the same words as _words(text, seg_start, hi)
    words = _trim_tail(raw)
    if raw and not words and boundary is not None and boundary.group() == "," and raw[0].lower == "then":
        lead = _leading_np(text, s_start, boundary.start(), rules)  # "Clinton paused, then revealed ..."
        return _Found(lead, [], "attr.coordinated.subject") if lead else None
    if cue.participle and boundary is not None and boundary.group() in (",", "”", '"') and not words:
        lead = _leading_np(text, s_start, boundary.start(), rules)
        return _Found(lead, [], "attr.participle.subject") if lead else None
    if words and boundary is not None and boundary.group().lower() in ("who", "that", "which") and \
            not (words[0].capital or words[0].lower in _DETERMINERS or words[0].text in rules.pronouns):
        # "witnesses who spoke in favor of the bill said": the source stands before the relative clause
        named = _name_after_noun(words, rules)
        if named:
            return _Found(named, [], "attr.subject.name")
        relative = _subject_before(text, lo, boundary.start(), "attr.relative.restrictive", rules)
        if relative is not None:
            return relative
    if words:
        named = _name_after_noun(words, rules)
        if named:
            return _Found(named, [], "attr.subject.name")
        np = _np_backward(words, rules.people)
        if np and not (len(np) == 1 and np[0].lower in _DETERMINERS and np[0].lower not in _QUANTIFIERS):
            if boundary is not None and boundary.group().lower() in ("who", "which", "that") and np[0].lower in (
                    "had", "has"):
                np = []
            at = len(words) - len(np)
            if np and at > 0 and words[at - 1].lower in _ISSUING and np[-1].lower in _ISSUED and "issuing" not in stack:
                # "..., but issued a statement vowing to appeal": whoever issued the statement is the source
                verb = words[at - 1]
                issuer = _source_for_cue(text, sentence, verb.start, verb.end, rules.cues["said"], rules,
                                         stack=("issuing",))
                if issuer is not None and issuer.source_words:
                    return _Found(issuer.source_words, issuer.title_words, f"{issuer.rule}.issuer", issuer.written)
            if np:
                modified = [] if cue.noun_too else _head_before_modifier(words, len(words) - len(np))
                if modified:
                    return _Found(modified, [], "attr.subject.modified")
                np = _skip_inner_phrase(words, np)
                return _Found(np, [], "attr.subject")
        if words and words[-1].lower in _FUNCTION:
            return None
    mark = boundary.group() if boundary else ""
    low_mark = mark.lower()
    after_start = _skip_space(text, cue_end, s_end)
    if mark in ("”", '"', "»") or (not boundary and cue_start == s_start):
        inverted = _np_forward(text, after_start, min(s_end, cue_end + _AFTER), rules)
        if inverted and cue.id != "cue.tell":
            title = _appositive_after(text, inverted[-1].end, s_end, rules)
            return _Found(inverted, title, "attr.inverted")
        return None
    if low_mark in ("who", "which"):
        found = _subject_before(text, lo, boundary.start(), "attr.relative", rules)
        if found is None:
            return None
        if low_mark == "who":
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
    if mark in ("—", "–", "--") or (mark == "-" and text[boundary.start() - 1:boundary.start()] == " "):
        appositive = _appositive_before(text, lo, boundary.start(), rules)
        if appositive is not None:
            return appositive
        return None
    if mark == ",":
        # "“...,” said X" (comma inside the quote is caught above); "the bridge is safe, said Jones";
        # or an appositive: "Milley, chairman of the Joint Chiefs, told reporters".
        inverted = _np_forward(text, after_start, min(s_end, cue_end + _AFTER), rules)
        named = bool(inverted) and (inverted[0].capital and inverted[0].lower not in _DETERMINERS or (
            inverted[0].lower == "the" and len(inverted) > 1 and all(w.capital for w in inverted[1:])
            and not text[inverted[-1].end:s_end].strip(" .!?”’\"'")))  # "..., reported the Gazette."

        if inverted and cue.id != "cue.tell" and named \
                and inverted[0].text not in rules.pronouns and inverted[0].lower not in _SKIP_BEFORE_CUE \
                and inverted[0].lower not in _MONTHS and _clause_ends(text, inverted[-1].end, s_end):
            title = _appositive_after(text, inverted[-1].end, s_end, rules)
            return _Found(inverted, title, "attr.inverted")
        appositive = _appositive_before(text, lo, boundary.start(), rules)
        if appositive is not None:
            return appositive
        inverted = _np_forward(text, after_start, min(s_end, cue_end + _AFTER), rules)
        if inverted and cue.id != "cue.tell" and (inverted[0].capital or inverted[0].lower in _DETERMINERS
                                                  or inverted[0].lower in rules.pronouns):
            title = _appositive_after(text, inverted[-1].end, s_end, rules)
            return _Found(inverted, title, "attr.inverted")
        return None
    if low_mark in ("and", "but", "or"):
        # "Garcia lost, so the judge ruled and told him ...": the subject of the nearest clause, else the sentence's
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
        if not lead or not (lead[0].capital or lead[0].lower in _DETERMINERS or lead[0].text in rules.pronouns):
            lead = _leading_np(text, s_start, boundary.start(), rules)
        return _Found(lead, [], "attr.coordinated.subject") if lead else None
    return None


_POLL_WORDS = frozenset(("poll", "polls", "survey", "surveys"))
_ANAPHORIC = frozenset(("the", "that", "this", "these", "those", "its"))
# A poll named by its pollster: "a Reuters/Ipsos poll", "the Marist survey".
_POLLSTER = re.compile(r"((?:[A-Z][\w&.’'\-]*(?:/[A-Z][\w&.’'\-]*)*[ \t]+){1,4})(?:poll|survey)s?\b")


def _pollsters(text: str, start: int, end: int) -> list[tuple[int, str]]:
    found = []
    for match in _POLLSTER.finditer(text, start, end):
        words = []
        for word in match.group(1).split():
            if word.endswith(".") and not _is_abbreviation(word):
                words = []  # "... on Thursday. That poll": the sentence before ends here
            elif word.lower() not in _DETERMINERS and word.lower() not in _OPENERS and word.lower() not in (
                    "new", "latest", "recent"):
                words.append(word)
        if words:
            found.append((match.start(), " ".join(words)))
    return found


# The agent of a passive cue: "was reported earlier by", "was first announced by".
_PASSIVE_BY = re.compile(r"\s+(?:(?:earlier|first|previously|initially|later|also|publicly|\w+ly)\s+)?by\s+")
_RELATIVE_WHO = re.compile(r",\s+(?P<who>who)\s")
# Where a new clause with its own subject starts inside a sentence (", so the judge ...", "; the council ...").
_CLAUSE_OPENING = re.compile(r"(?:[,;]\s+(?:so|but|yet|and|because|while|although|though|whereas|then)|;)\s+",
                             re.IGNORECASE)


_CLAUSE_END = re.compile(r"\s*(?:[,.;:!?)”\"]|$|(?:in|on|at|during|who|whose|according|in an?|via)\b)")


def _clause_ends(text: str, position: int, end: int) -> bool:
    """True when a phrase ends its clause ("..., said Julian Highsmith, a spokesman" but not "said Thursday he")."""
    return bool(_CLAUSE_END.match(text, position, end)) or position >= end


def _skip_space(text: str, position: int, end: int) -> int:
    while position < end and text[position].isspace():
        position += 1
    return position


def _subject_before(text: str, lo: int, hi: int, rule: str, rules: _Rules) -> _Found | None:
    while hi > lo and text[hi - 1] in " ,":
        hi -= 1
    boundary = _last_boundary(text, lo, hi)
    words = _words(text, boundary.end() if boundary else lo, hi)
    np = _np_backward(words, rules.people)
    return _Found(np, [], rule) if np else None


_PLACE_PREPOSITIONS = frozenset("in at on near along across around from throughout outside inside".split())


def _person_before_place(text: str, lo: int, found: _Found, rules: _Rules) -> _Found:
    """ "residents in the valley, who said": "who" stands for the people, not the place after their preposition.

    Only when the nearer phrase does not name people and the one before the preposition does.
    """
    np = found.source_words
    head = np[-1].lower
    if np[0].capital or head in rules.people or head in rules.members or head in rules.titles or _agentive(head):
        return found
    before = _words(text, max(lo, np[0].start - 120), np[0].start)
    if len(before) < 2 or before[-1].lower not in _PLACE_PREPOSITIONS:
        return found
    people = _np_backward(before[:-1])
    if not people or people[-1].capital or people[-1].lower not in rules.people or \
            rules.people[people[-1].lower][1] != "group" or text[people[-1].end:before[-1].start].strip():
        return found
    return _Found(people + [before[-1]] + list(np), found.title_words, f"{found.rule}.people")


def _appositive_before(text: str, lo: int, comma: int, rules: _Rules) -> _Found | None:
    """ "NAME, APPOSITIVE, cue": the source is the name in front of the appositive.

    Handles "Milley, chairman of the Joint Chiefs, told", "Woods, 58, who rents the house, says" (two
    appositives) and "The city's mayor, John Cruikshank, said" (the appositive is the name).
    """
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
        if appositive[0].lower not in ("who", "which", "however", "too", "though", "meanwhile", "instead", "for",
                                       "in", "on", "at", "speaking", "like") and not appositive[0].text[:1].isdigit():
            title = appositive
        found = _subject_before(text, lo, opening, "attr.appositive", rules)
        if found is not None:
            np = found.source_words
            head = np[-1].lower
            if np[0].lower in _OPENERS:
                return None
            if len(np) == 1 and _PARTY_TAG.fullmatch(np[0].text):
                end = opening  # "Rep. Mike Ortiz, D-Putney, a sponsor, said": step over the party tag
                continue
            if listing and not any(w.capital for w in np):
                end = opening  # still inside the list
                continue
            if any(w.capital for w in np) or head in rules.people or head in rules.members or head in rules.titles:
                if not np[0].capital or np[0].lower in _DETERMINERS:
                    if 1 < len(appositive) <= 8 and appositive[-1].capital and appositive[-2].capital and (
                            head in rules.people or head in rules.titles or head in rules.members
                            or head.rstrip("’'s") in rules.titles):
                        return _Found(np + appositive, [], "attr.appositive.name")
                return _Found(np, title, found.rule)
        end = opening
    return None


def _appositive_after(text: str, position: int, end: int, rules: _Rules) -> list[_Word]:
    """ "said Mark Esper, the defense secretary." -> the words of the title."""
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
    if not words or not (words[0].lower in _DETERMINERS or words[0].lower.rstrip(".") in rules.titles
                         or words[0].lower in rules.titles or not words[0].capital):
        return []
    if words[0].lower in ("who", "which", "that", "when", "adding", "saying", "according"):
        return []
    return words


# --------------------------------------------------------------------------- the detector

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


def _quote_near(doc: Document, text: str, sentence: Sentence, cue_start: int, cue_end: int) -> Quote | None:
    """The quotation this cue introduces or closes, if any."""
    if doc.text is not text or not doc.quotes:
        return None
    starts = doc._quote_starts
    i = bisect.bisect_left(starts, sentence.start)
    # a quote that opened before the sentence and runs into it
    candidates = []
    if i > 0 and doc.quotes[i - 1].end > sentence.start:
        candidates.append(doc.quotes[i - 1])
    j = i
    while j < len(doc.quotes) and doc.quotes[j].start < sentence.end:
        candidates.append(doc.quotes[j])
        j += 1
    best, best_gap = None, 10**9
    for quote in candidates:
        if quote.end <= cue_start:
            gap = len(text[quote.end:cue_start].strip())
        elif quote.start >= cue_end:
            gap = len(text[cue_end:quote.start].strip())
        else:
            continue
        if gap < best_gap:
            best, best_gap = quote, gap
    return best if best is not None and best_gap <= 90 else None


def _statement_bounds(doc: Document, sentence: Sentence, quote: Quote | None) -> tuple[int, int]:
    start, end = sentence.start, sentence.end
    if quote is not None and not sentence.in_title:
        if quote.start < start:
            first = doc.sentence_at(quote.start)
            if first is not None and first.paragraph == sentence.paragraph:
                start = first.start
        if quote.end > end:
            last = doc.sentence_at(quote.end - 1)
            if last is not None and last.paragraph == sentence.paragraph:
                end = last.end
    return start, end


def _content(text: str, sentence: Sentence, cue_start: int, cue_end: int, source: Span | None,
             quote: Quote | None) -> tuple[Span | None, bool]:
    if quote is not None:
        return Span.of(text, quote.start, quote.end), True
    after = max(cue_end, source.end if source is not None and source.start >= cue_end else cue_end)
    s_end = sentence.end
    while s_end > after and text[s_end - 1] in ".!?\"”’ ":
        s_end -= 1
    gap = text[after:s_end]
    connector = _THAT.match(gap)
    begin = after + (connector.end() if connector else len(gap) - len(gap.lstrip()))
    that = _THAT_NEAR.search(text, after, min(s_end, after + 80))
    if that is not None and not connector:
        begin = that.end()
    if s_end - begin >= 12:
        return Span.of(text, begin, s_end), False
    # "The bridge is safe, the mayor said." -> the clause in front
    first_end = min(cue_start, source.start if source is not None else cue_start)
    head = text[sentence.start:first_end].rstrip(" ,—–")
    if len(head) >= 12:
        return Span.of(text, sentence.start, sentence.start + len(head)), False
    return None, False


def attributions_in(doc: Document, config: AuditConfig = DEFAULT_CONFIG) -> tuple[Attribution, ...]:
    """Every attribution in a segmented article, in text order; headline findings have ``in_title=True``.

    Reads the body sentences, quotations and headline sentences of ``doc``; page furniture in
    ``doc.excluded`` (bylines, captions, bios) is never read.

    Example:
        >>> doc = segment("Officials Weigh Bridge Repairs\\n\\nThe bridge will close in May, the city said.")
        >>> [(a.source.text, a.source_type, a.in_title) for a in attributions_in(doc, DEFAULT_CONFIG)]
        [('the city', 'named_organization', False)]
    """
    rules = _rules(config.rules_dir)
    text = doc.text
    memory = _Memory(surnames={}, mentions=[], people=[], groups=[], statements=[], known={})
    if doc.paragraphs:
        memory.surnames, memory.mentions = _surname_index(text, doc.paragraphs[0].start, doc.paragraphs[-1].end, rules)
    found: list[Attribution] = []
    title_source = text if doc.title_span is not None else (doc.title or "")
    for sentence in doc.title_sentences:
        found.extend(_sentence_attributions(doc, title_source, sentence, rules, memory, title=True))
    body: list[Attribution] = []
    cue_body = rules.cue_body
    for sentence in doc.sentences:
        first = cue_body.search(text, sentence.start, sentence.end)
        if first is not None:  # most body sentences hold no cue, and then give nothing
            body.extend(_sentence_attributions(doc, text, sentence, rules, memory, title=False, first=first))
    body = _continued_quotes(doc, _extend_statements(doc, body))
    found.extend(body)
    return tuple(found)


def _overlaps_any(starts: list[int], ends: list[int], span: Span) -> bool:
    """Whether ``span`` overlaps one of the sorted, disjoint intervals ``starts[i]:ends[i]``."""
    i = bisect.bisect_right(ends, span.start)
    return i < len(starts) and starts[i] < span.end


def _sentence_attributions(doc: Document, text: str, sentence: Sentence, rules: _Rules, memory: _Memory,
                           title: bool, first: re.Match | None = None) -> list[Attribution]:
    """The attributions of one sentence; ``first``: the sentence's first cue when the caller has searched for it."""
    results: list[Attribution] = []
    pattern = rules.cue_title if title else rules.cue_body
    # The scan goes on where the first cue ends, as a scan of the whole sentence would (a cue is never empty).
    matches = pattern.finditer(text, sentence.start, sentence.end) if first is None else chain(
        (first,), pattern.finditer(text, first.end(), sentence.end))
    taken_until = sentence.start
    cue_starts: list[int] = []  # the cues already used in this sentence, in order and disjoint,
    cue_ends: list[int] = []  # so an overlap test is a bisection, not a scan (linear time)
    sentence_text = sentence.text
    for examined, match in enumerate(matches):
        if examined == _MAX_CUES_PER_SENTENCE:
            break
        cue_start, cue_end = match.start(), match.end()
        if cue_start < taken_until:
            continue
        if not title and doc.in_quote(cue_start, cue_end):
            continue  # words inside a quotation are the speaker's, not the reporter's attribution
        key = " ".join(match.group().lower().split())
        cue = rules.cues.get(key) or rules.cues.get("according to")
        capitalised = match.group()[:1].isupper()
        if capitalised and not title and text[sentence.start:cue_start].strip(" “\"‘'(—–-"):
            continue
        if cue.not_after is not None and cue.not_after.match(text, _skip_space(text, cue_end, sentence.end)):
            continue
        if title and match.group()[:1].isupper() and text[max(0, cue_start - 7):cue_start].lower() == "united ":
            continue
        if cue.kind in ("stance", "view") and (cue_starts or doc.in_quote(sentence.start, sentence.end)):
            continue  # "Ruiz said she believes ...": a view inside reported words is part of that attribution
        previous = _previous_word(text, sentence.start, cue_start)
        if text[cue_start - 2:cue_start - 1] in ("’", "'") and text[cue_start - 1:cue_start] == "s" or \
                text[cue_start - 3:cue_start - 1] in ("’s", "'s"):
            owner = previous.lower()
            if owner not in ("he’s", "she’s", "it’s", "that’s", "who’s", "he's", "she's", "it's", "that's", "who's"):
                continue  # "the company’s continued existence": a possessive before a noun, not a speaker
        if cue.id == "cue.call" and (_NAMING.search(text, max(sentence.start, cue_start - 40), cue_start) or (
                text[max(sentence.start, cue_start - 2):cue_start] == ", " and text[cue_end + 1:cue_end + 2] in "“\"‘'")):
            continue  # "a group called Occupy DNC": naming, not speaking
        if previous == "to":
            before_to = _previous_word(text, sentence.start, cue_start - 3)
            if before_to not in _VERB_BEFORE_TO:
                continue  # "a term used to describe", "in order to confirm": not the source speaking
        if previous in _DETERMINERS or previous in ("were", "was", "is", "are", "be", "been", "being", "to", "of",
                                                    "in", "with", "so", "no", "new", "recent", "media", "news"):
            if cue.noun_too or previous in _ARTICLES or previous in ("of", "so"):
                continue
        agent: list[_Word] = []
        # The words in front of the cue, tokenised once for the passive test and the search for the source.
        near = None if cue.participle or cue.kind == "prep" or cue.id == "cue.ask" else _words_near(
            text, max(sentence.start, cue_start - _BEFORE), cue_start)
        if near is not None and _passive(text, sentence.start, cue_start, near):
            by = _PASSIVE_BY.match(text, cue_end, sentence.end) if cue.kind == "speech" else None
            agent = _np_forward(text, by.end(), min(sentence.end, by.end() + _AFTER), rules) if by else []
            if not agent or not (agent[0].capital or agent[0].lower in _DETERMINERS or agent[-1].lower in rules.people):
                continue  # "they were not warned", "he was told": the subject is not the source
        if agent:
            # "The deal was first reported by the Gazette": the agent after "by" is the source
            found = _Found(agent, [], "attr.passive.by")
        elif capitalised and cue.participle or key == "asked" and capitalised:
            # "Asked about the vote, Ruiz said ...": the subject of the main clause
            lead = _main_clause_subject(text, cue_end, sentence.end, rules)
            found = _Found(lead, [], "attr.participle.opening") if lead else None
        elif cue.participle and results and previous in ("", ) and \
                text[results[-1].cue.end:cue_start].rstrip().endswith(",") and results[-1].source is not None:
            # "..., he continued, citing ...": the participle shares the subject of the cue before it
            last = results[-1]
            found = _Found([_word(last.source.start, last.source.end, last.source.text)], [], "attr.participle.shared")
        elif cue.participle and previous in _SUBORDINATE:
            lead = _leading_np(text, sentence.start, sentence.end, rules)
            found = _Found(lead, [], "attr.participle.subordinate") if lead else None
        else:
            found = _source_for_cue(text, sentence, cue_start, cue_end, cue, rules, near=near)
        if found is None and title:
            continue
        source_span = _span_of(text, found.source_words) if found else None
        if source_span is not None and _overlaps_any(cue_starts, cue_ends, source_span):
            source_span = None  # a source cannot swallow an earlier cue
        typed = None
        if source_span is not None:
            words = [w for w in found.source_words if w.start < source_span.end]
            typed = _classify(text, words, sentence_text, rules, memory, words[0].start == sentence.start)
            if found.written is not None:
                source_span = Span.of(text, found.written.start, found.written.end)
                if typed.name is None and typed.source_type in ("unnamed_group", "unnamed_person"):
                    typed = _Typed(typed.source_type, " ".join(w.text for w in words), typed.title, typed.official,
                                   typed.rule, typed.gender)
        if cue.kind == "document" and (typed is None or typed.source_type != "document" and not typed.rule.startswith(
                "doc.")):  # "the poll found" counts, also when the poll speaks for its pollster
            continue
        if cue.noun_too and typed is not None and typed.rule in ("attr.type.plural", "attr.type.default"):
            continue  # "lengthy remarks", "fundraising reports": a noun, not a verb
        if cue.kind == "view" and not _group_view(text, found, typed):
            continue  # "residents fear" reports a group's view; "he believes" is a thought, not a source
        if typed is None:
            if cue.participle or cue.noun_too:
                continue
            typed = _Typed("unnamed_person", None, None, False, "attr.no_source")
        quote = None if title else _quote_near(doc, text, sentence, cue_start, cue_end)
        lo = min(cue_start, source_span.start if source_span else cue_start)
        hi = min(sentence.end, max(cue_end, source_span.end if source_span else cue_end) + 60)
        channel = _channel(text, max(sentence.start, lo - 40), hi, cue, rules)
        if typed.rule.startswith(("doc.statement", "doc.release", "doc.press_release")):
            channel = "statement"
        if typed.source_type == "document" and channel == "speech":
            channel = "document"
        if channel == "statement" and typed.rule == "attr.type.name" and typed.name and " " not in typed.name \
                and typed.name not in memory.surnames and not typed.title:
            # "In a statement, Anthropic added": a single name never given in full that issues statements is a body
            typed = _Typed("named_organization", typed.name, None, typed.official, "attr.type.single_name.statement")
        start, end = _statement_bounds(doc, sentence, quote)
        content, direct = _content(text, sentence, cue_start, cue_end, source_span, quote)
        if content is None and not title and not sentence.text.rstrip("”’\"' ").endswith((".", "!", "?", ":")):
            continue  # a subheading such as "What residents say" attributes nothing
        title_text = " ".join(w.text for w in found.title_words).rstrip(",") if found and found.title_words else None
        source_title = title_text or typed.title
        official = typed.official or bool(title_text and _title_is_official(title_text, rules))
        rule = f"{cue.id}+{found.rule if found else 'attr.no_source'}+{typed.rule}"
        results.append(Attribution(
            statement=Span.of(text, start, end),
            source=source_span,
            cue=Span.of(text, cue_start, cue_end),
            content=content,
            source_name=typed.name,
            source_title=source_title,
            source_type=typed.source_type,
            official=official,
            channel=channel,
            direct=direct,
            rule=rule,
            in_title=title,
        ))
        final = _Typed(typed.source_type, typed.name, source_title, official, typed.rule, typed.gender)
        _remember(memory, final, channel, cue_start)
        cue_starts.append(cue_start)
        cue_ends.append(cue_end)
        taken_until = max(cue_end, source_span.end if source_span is not None else cue_end)
    if title and not results:
        results.extend(_title_colon(text, sentence, rules, memory))
    return results


def _group_view(text: str, found: _Found | None, typed: _Typed | None) -> bool:
    """Whether a view verb ("believe", "fear") reports what an unnamed group thinks.

    The codebook counts a group's expressed attitudes as sourced ("Residents fear the plant will close").
    Left out: named people and pronouns (their views are nearly always inside their own reported words),
    a restrictive relative clause that only says which people are meant ("voters who believe taxes are too
    high"; with a comma, ", who believe ...", it reports their view), a verb sharing a subject across "and",
    and a plural read by default that is not a noun for people ("these things you thought").
    """
    if typed is None or found is None or typed.source_type != "unnamed_group" or typed.rule.startswith("pron."):
        return False
    if found.rule.startswith("attr.coordinated"):
        return False
    if found.written is not None and not text[:found.written.start].rstrip().endswith(","):
        return False
    if typed.rule == "attr.type.plural":
        return _agentive(found.source_words[-1].lower)
    return True


def _title_colon(text: str, sentence: Sentence, rules: _Rules, memory: _Memory) -> list[Attribution]:
    """A headline that ends in its source: "Coalition halts training: Pentagon"."""
    match = _TITLE_COLON_END.match(sentence.text)
    if not match:
        return []
    offset = sentence.start
    s0, s1 = offset + match.start("source"), offset + match.end("source")
    while s1 > s0 and text[s1 - 1] in " .":
        s1 -= 1
    words = _words(text, s0, s1)
    typed = _org_or_person(words, rules, memory) if words else None
    if typed is None:
        return []
    colon = text.rfind(":", offset, s0)
    return [Attribution(Span.of(text, sentence.start, sentence.end), Span.of(text, s0, s1), Span.of(text, colon, colon + 1),
                        Span.of(text, offset + match.start("content"), offset + match.end("content")), typed.name,
                        typed.title, typed.source_type, typed.official, "speech", False,
                        f"attr.title.colon_source+{typed.rule}", True)]


def _title_is_official(title: str, rules: _Rules) -> bool:
    for word in title.lower().replace(",", " ").split():
        hit = rules.titles.get(word) or rules.org_nouns.get(word) or rules.org_names.get(word)
        if hit and hit[1]:
            return True
    return False


def _passive(text: str, floor: int, position: int, near: _Stretch) -> bool:
    """Whether the cue at ``position`` is a passive ("was told"); ``near``: the words just before it."""
    words = _words_within(text, near, max(floor, position - 60), position)
    while words:
        low = words[-1].lower
        if low in ("not", "also", "never", "n't", "once", "first", "later", "already", "neither", "either", "both") \
                or low.endswith("ly") and len(low) > 4:
            words.pop()
        elif low in ("nor", "or") and len(words) > 1 and _is_participle(words[-2]):
            del words[-2:]  # "was neither detained nor cited"
        else:
            break
    return bool(words) and words[-1].lower in _BE


def _previous_word(text: str, floor: int, position: int) -> str:
    k = position
    while k > floor and text[k - 1] == " ":
        k -= 1
    j = k
    while j > floor and (text[j - 1].isalnum() or text[j - 1] in "’'-"):
        j -= 1
    return text[j:k].lower()


_EXTEND = "all"


def _extend_statements(doc: Document, body: list[Attribution]) -> list[Attribution]:
    """A statement runs on over the next sentences of its paragraph that carry no attribution of their own.

    Reporters attribute the first sentence of a paragraph and let the rest lean on it ("..., said Nicole
    Porter. That includes 7,072 who ..."); the codebook counts those sentences as one sourced statement.
    """
    if not body:
        return body
    sentences = doc.sentences
    starts = doc._sentence_starts
    taken = {bisect.bisect_right(starts, a.statement.start) - 1 for a in body}
    extended = []
    for attribution in body:
        i = bisect.bisect_right(starts, attribution.statement.end - 1) - 1
        if i < 0:
            extended.append(attribution)
            continue
        paragraph = sentences[i].paragraph
        end = attribution.statement.end
        j = i + 1
        while j < len(sentences) and sentences[j].paragraph == paragraph and j not in taken:
            sentence = sentences[j]
            if _EXTEND == "quotes" and not (sentence.text[:1] in "“\"" or doc.in_quote(sentence.start)):
                break
            end = sentence.end
            j += 1
        if end != attribution.statement.end:
            attribution = _replace_statement(attribution, Span.of(doc.text, attribution.statement.start, end))
        extended.append(attribution)
    return extended


def _replace_statement(attribution: Attribution, statement: Span) -> Attribution:
    fields = {name: getattr(attribution, name) for name in Attribution.__dataclass_fields__}
    fields["statement"] = statement
    return Attribution(**fields)


def _continued_quotes(doc: Document, body: list[Attribution]) -> list[Attribution]:
    """A quotation paragraph without a cue of its own continues the previous paragraph's speaker."""
    if not doc.quotes or not body:
        return body
    text = doc.text
    by_paragraph: dict[int, list[Attribution]] = {}
    for attribution in body:
        sentence = doc.sentence_at(attribution.statement.start)
        if sentence is not None:
            by_paragraph.setdefault(sentence.paragraph, []).append(attribution)
    paragraph_sentences: dict[int, list[Sentence]] = {}
    for sentence in doc.sentences:
        paragraph_sentences.setdefault(sentence.paragraph, []).append(sentence)
    added: list[Attribution] = []
    last_speaker: Attribution | None = None
    for p_index, paragraph in enumerate(doc.paragraphs):
        own = by_paragraph.get(p_index)
        if own:
            last_speaker = own[-1]
            continue
        if last_speaker is None:
            continue
        quote = doc.quote_at(paragraph.start)
        previous_paragraph = p_index - 1
        if quote is None or (previous_paragraph not in by_paragraph and not quote.continues):
            last_speaker = None if quote is None else last_speaker
            continue
        sentences = paragraph_sentences.get(p_index, [])
        if not sentences:
            continue
        inherited = Attribution(
            statement=Span.of(text, sentences[0].start, sentences[-1].end),
            source=None,
            cue=None,
            content=Span.of(text, quote.start, quote.end),
            source_name=last_speaker.source_name,
            source_title=last_speaker.source_title,
            source_type=last_speaker.source_type,
            official=last_speaker.official,
            channel=last_speaker.channel,
            direct=True,
            rule="attr.continue.quote",
        )
        added.append(inherited)
        by_paragraph[p_index] = [inherited]
    if not added:
        return body
    return sorted(body + added, key=lambda a: (a.statement.start, a.cue.start if a.cue else -1))


def find_attributions(text: str, *, title: str | None = None, config: AuditConfig | None = None) -> list[Attribution]:
    """Segment an article and return every attribution in it, in text order.

    Args:
        text: the article as plain text (a pasted web page is fine: bylines and captions are set aside).
        title: the headline when known from metadata.
        config: an :class:`~audit.config.AuditConfig` (its ``rules_dir`` overlays the rule files).

    Raises:
        TypeError: ``text`` is not a str.

    Example:
        >>> [a.source.text for a in find_attributions("Prices will rise, according to the central bank.")]
        ['the central bank']
    """
    if not isinstance(text, str):
        raise TypeError(f"find_attributions() needs the article text as a str, got {type(text).__name__}")
    config = config or DEFAULT_CONFIG
    return list(attributions_in(segment(text, title, rules_dir=config.rules_dir), config))


# --------------------------------------------------------------------------- metrics

METRIC_KEYS = (
    "attributions", "sources_unique",
    *(f"attributions_{kind}" for kind in SOURCE_TYPES),
    *(f"share_{kind}" for kind in SOURCE_TYPES),
    "share_named", "share_official", "share_direct", "attributions_per_100_words",
)


def sourcing_metrics(attributions: Iterable[Attribution], words: int) -> dict:
    """Per-article sourcing figures over the body (headline findings are left out).

    Shares are fractions of the body attributions (NaN when there are none); ``sources_unique`` counts
    distinct canonical source names (unnamed sources count once per distinct wording).

    Example:
        >>> found = find_attributions("The mayor said the bridge was safe. Critics said it was not.")
        >>> m = sourcing_metrics(found, words=12)
        >>> m["attributions"], m["share_unnamed_group"], m["attributions_per_100_words"]
        (2, 0.5, 16.666666666666668)
    """
    body = [a for a in attributions if not a.in_title]
    n = len(body)
    counts = {kind: 0 for kind in SOURCE_TYPES}
    for a in body:
        counts[a.source_type] += 1
    sources = {(a.source_name or (a.source.text.lower() if a.source is not None else None), a.source_type)
               for a in body if a.source_name or a.source is not None}
    nan = float("nan")

    def share(k: int) -> float:
        return k / n if n else nan

    metrics = {"attributions": n, "sources_unique": len(sources)}
    metrics.update({f"attributions_{kind}": counts[kind] for kind in SOURCE_TYPES})
    metrics.update({f"share_{kind}": share(counts[kind]) for kind in SOURCE_TYPES})
    metrics["share_named"] = share(counts["named_person"] + counts["named_organization"])
    metrics["share_official"] = share(sum(a.official for a in body))
    metrics["share_direct"] = share(sum(a.direct for a in body))
    metrics["attributions_per_100_words"] = 100.0 * n / words if words else nan
    return metrics


__all__ = ["Attribution", "SOURCE_TYPES", "CHANNELS", "METRIC_KEYS", "attributions_in", "find_attributions",
           "sourcing_metrics"]
