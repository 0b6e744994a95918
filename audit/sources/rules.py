"""The sourcing rule files (cues, channels, titles, organisations, anonymity, people, documents, pronouns), compiled once."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Mapping

from ..gender import first_name_genders, gender_words
from ..lexicon import load_rules, overlay_stamp, row_keywords
from .grammar import _Grammar, _alternation, load_grammar

RULE_FILES = (
    "attribution_cues.tsv",
    "attribution_channels.tsv",
    "attribution_titles.tsv",
    "attribution_organizations.tsv",
    "attribution_anonymity.tsv",
    "attribution_people.tsv",
    "attribution_documents.tsv",
    "attribution_pronouns.tsv",
    "gender_words.tsv",
    "gender_names.tsv",
    "attribution_grammar.tsv",
    "attribution_refusals.tsv",
)


@dataclass(frozen=True, slots=True)
class _Cue:
    id: str
    kind: str  # speech, document, prep
    channel: str
    participle: bool
    noun_too: bool  # the form is also a noun ("reports", "claims"): needs a subject in front
    not_after: re.Pattern | None  # words after the cue that make it something else ("added to")
    negation_drops: bool = False  # "did not confirm", "declined to comment": a negated use says nothing


@dataclass(frozen=True, slots=True)
class _ChannelRow:
    id: str
    channel: str
    pattern: re.Pattern  # the row's phrase, case-insensitive
    keywords: tuple[str, ...]  # one of these is in every match; empty: always searched


@dataclass(frozen=True, slots=True)
class _Rules:
    grammar: _Grammar  # the word lists of attribution_grammar.tsv
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
    gender_words: Mapping = field(default_factory=dict)  # "ms.", "woman" -> "f" (audit/rules/gender_words.tsv)
    name_genders: Mapping = field(default_factory=dict)  # "priya" -> "f" (audit/rules/gender_names.tsv, decided names)
    org_capitalised: frozenset = frozenset()  # organisation words listed with a capital ("Times"): names only so
    # the words that cannot be a first name of "First Last" (titles, determiners, openers, function words and
    # organisation words): one set, so the surname index looks each pair up once
    not_first_names: frozenset = frozenset()


@lru_cache(maxsize=16)
def _compiled(rules_dir: str | None, stamp: tuple) -> _Rules:
    grammar = load_grammar(rules_dir)
    cues: dict[str, _Cue] = {}
    refusals = {row["cue"].strip() for row in load_rules("attribution_refusals.tsv", rules_dir)}
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
                                 and row["kind"] != "prep", key in grammar.cue_noun_forms, not_after,
                                 row["id"] in refusals)
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
        channels.append(_ChannelRow(row["id"], row["channel"], re.compile(row["phrase"], re.IGNORECASE), keywords))
    titles = {row["title"].lower(): (row["id"], row["official"] == "yes")
              for row in load_rules("attribution_titles.tsv", rules_dir)}
    title_lead = re.compile(rf"(?:(?:the|a|an|former|then|acting|interim|deputy|assistant|retired|late|state|"
                            rf"U\.S\.|House|Senate|senior|top|chief)\s+)*(?:{_alternation(titles)})(?![\w’'\-])\.?",
                            re.IGNORECASE)
    org_nouns, org_names, members = {}, {}, {}
    capitalised: set[str] = set()
    for row in load_rules("attribution_organizations.tsv", rules_dir):
        target = {"noun": org_nouns, "name": org_names, "member": members}.get(row["kind"])
        if target is None:
            raise ValueError(f"organisation rule {row['id']}: kind must be noun, member or name")
        target[row["text"].lower()] = (row["id"], row["official"] == "yes")
        if row["text"][:1].isupper():
            capitalised.add(row["text"].lower())
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
    return _Rules(grammar, cue_body, cue_title, cues, tuple(channels),
                  tuple(i for i, row in enumerate(channels) if not row.keywords),
                  tuple((k, i) for i, row in enumerate(channels) for k in row.keywords), titles, title_lead, org_nouns,
                  org_names, members,
                  tuple(anonymity_source), anonymity_sentence, tuple(sentence_ids),
                  None if sentence_keywords is None else re.compile(_alternation(sentence_keywords, space=" ")),
                  people, documents, pronouns,
                  tuple(anonymity_after),
                  re.compile("|".join(f"(?:{p.pattern})" for _, p in anonymity_source), re.IGNORECASE)
                  if anonymity_source else None,
                  re.compile(_alternation({k for row in channels for k in row.keywords}, space=" "))
                  if any(row.keywords for row in channels) else None,
                  frozenset(org_names) | frozenset(org_nouns),
                  gender_words(rules_dir), first_name_genders(rules_dir), frozenset(capitalised),
                  frozenset(titles) | grammar.determiners | grammar.openers | grammar.function_words
                  | frozenset(org_names) | frozenset(org_nouns) | grammar.not_first_names)


def _rules(rules_dir: str | None) -> _Rules:
    return _compiled(rules_dir, overlay_stamp(RULE_FILES, rules_dir))
