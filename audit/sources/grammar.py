"""The little grammar's word lists (``audit/rules/attribution_grammar.tsv``), read and checked once per rules folder.

Example:
    >>> grammar = load_grammar(None)
    >>> "the" in grammar.determiners, "aide" in grammar.to_heads
    (True, True)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Iterable, Mapping

from ..lexicon import load_rules

GRAMMAR_FILE = "attribution_grammar.tsv"
# Where a source phrase in front of a cue cannot reach past, besides the boundary words.
_BOUNDARY_MARKS = r"[,;:()\[\]“”\"«»—–]|(?<!\w)-{1,2}(?!\w)"


@dataclass(frozen=True, slots=True)
class _Grammar:
    """Every list of ``attribution_grammar.tsv`` by its name; see the file for what each is for."""

    function_words: frozenset
    between_subject_and_cue: frozenset
    verbs_before_to: frozenset
    determiners: frozenset
    quantifiers: frozenset
    articles: frozenset
    openers: frozenset
    subordinators: frozenset
    prepositions_in_name: frozenset
    name_suffixes: frozenset
    not_first_names: frozenset  # "North", "Wednesday": they begin place and day names, never a person's
    name_particles: frozenset  # lower-case words that begin surnames ("Al Hashish", "van der Pluijm")
    be_forms: frozenset
    subject_pronouns: frozenset
    months: frozenset
    ly_nouns: frozenset
    reached_by_reporter: frozenset
    access_adjectives: frozenset
    access_prepositions: frozenset
    agent_endings: tuple  # for str.endswith
    with_heads: frozenset
    to_heads: frozenset
    inner_prepositions: frozenset
    modifier_prepositions: frozenset
    modifier_participles: frozenset
    irregular_participles: frozenset
    ing_nouns: frozenset
    name_modifiers: frozenset
    out_of_office: frozenset
    bodies_of_either_kind: frozenset
    issuing_verbs: frozenset
    issued_things: frozenset
    poll_words: frozenset
    anaphoric: frozenset
    place_prepositions: frozenset
    boundary_words: frozenset
    cue_noun_forms: frozenset
    gender: Mapping  # word -> "m" or "f", from the lists gender_male and gender_female
    boundary: re.Pattern  # a boundary word (as a whole word, any case) or a boundary mark


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


_GENDER_LISTS = {"gender_male": "m", "gender_female": "f"}
LISTS = tuple(name for name in _Grammar.__slots__ if name not in ("gender", "boundary")) + tuple(_GENDER_LISTS)


def load_grammar(rules_dir: str | None) -> _Grammar:
    """The grammar's lists from the packaged file and a user's overlay in ``rules_dir``.

    Raises:
        ValueError: a row names an unknown list, a list has no words, or a word is both male and female.
    """
    words: dict[str, list[str]] = {name: [] for name in LISTS}
    for row in load_rules(GRAMMAR_FILE, rules_dir):
        name = row["list"]
        if name not in words:
            raise ValueError(f"grammar rule {row['id']}: unknown list {name!r} (known: {', '.join(LISTS)})")
        words[name].extend(row["words"].split())
    empty = [name for name, found in words.items() if not found]
    if empty:
        raise ValueError(f"{GRAMMAR_FILE}: no words for the list(s) {', '.join(empty)}")
    gender: dict[str, str] = {}
    for name, value in _GENDER_LISTS.items():
        for word in words[name]:
            if gender.setdefault(word, value) != value:
                raise ValueError(f"{GRAMMAR_FILE}: {word!r} is in both gender_male and gender_female")
    boundary = re.compile(rf"{_BOUNDARY_MARKS}|(?<![\w’'\-])(?:{_alternation(words['boundary_words'])})(?![\w’'\-])",
                          re.IGNORECASE)
    lists = {name: frozenset(found) for name, found in words.items() if name not in _GENDER_LISTS}
    lists["agent_endings"] = tuple(dict.fromkeys(words["agent_endings"]))
    return _Grammar(**lists, gender=MappingProxyType(gender), boundary=boundary)


# Patterns, not word lists: they stay in code.
_ACRONYM = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]{2,}(?:[’']?s)?")
_POSSESSIVE = re.compile(r"[’']s?$")
_PARTY_TAG = re.compile(r"[DRI]-[A-Z][\w.]*|\([DRI]-[A-Z][\w.]*\)")


def _agentive(word: str, rules) -> bool:
    """A plural noun for people by what they do ("organizers", "residents"), not "comments" or "statements"."""
    return word.endswith(rules.grammar.agent_endings) and not word.endswith("ments")
