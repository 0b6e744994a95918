"""audit/sources/grammar.py: the grammar's word lists are data (audit/rules/attribution_grammar.tsv) and edits take effect."""
from __future__ import annotations

import pytest

from audit import AuditConfig, find_attributions
from audit.lexicon import load_rules, rules_hash
from audit.sources.grammar import GRAMMAR_FILE, LISTS, load_grammar


def overlay(tmp_path, *rows: str) -> AuditConfig:
    (tmp_path / GRAMMAR_FILE).write_text("id\tlist\twords\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return AuditConfig(rules_dir=str(tmp_path))


def sources(text: str, config: AuditConfig | None = None) -> list[str]:
    return [a.source.text for a in find_attributions(text, config=config) if a.source is not None]


def test_a_row_with_a_new_id_adds_words_to_its_list(tmp_path):
    text = "The vote will fail, a liaison to the governor said on Monday."
    assert sources(text) == ["the governor"]
    config = overlay(tmp_path, "grammar.to_heads.liaison\tto_heads\tliaison liaisons")
    assert sources(text, config) == ["a liaison to the governor"]


def test_a_row_with_a_packaged_id_replaces_that_row(tmp_path):
    text = "The plan will fail, some at the rally said on Monday."
    assert sources(text) == ["some at the rally"]
    # Without "rally" among the nouns ending in -ly it reads as an adverb: "the [adverb] said" is an adjective
    # before a noun ("the widely reported figures"), no cue.
    config = overlay(tmp_path, "grammar.ly_nouns\tly_nouns\tfamily assembly supply")
    assert sources(text, config) == []
    assert sources("The plan will fail, some at Friday's rally said on Monday.", config) == ["some at Friday's"]


def test_the_grammar_file_is_part_of_the_rules_hash(tmp_path):
    config = overlay(tmp_path, "grammar.to_heads.liaison\tto_heads\tliaison")
    assert rules_hash(config.rules_dir) != rules_hash(None)


def test_every_list_is_in_the_packaged_file_and_has_words():
    rows = load_rules(GRAMMAR_FILE)
    assert {row["list"] for row in rows} == set(LISTS)
    grammar = load_grammar(None)
    assert "the" in grammar.determiners and "aide" in grammar.to_heads
    assert grammar.gender["spokeswoman"] == "f" and grammar.gender["mr."] == "m"
    assert "Jr." in grammar.name_suffixes and "jr." not in grammar.name_suffixes  # case kept where it matters


def test_an_unknown_list_name_is_refused_with_the_known_ones(tmp_path):
    (tmp_path / GRAMMAR_FILE).write_text("id\tlist\twords\ngrammar.x\tdeterminer\tthe\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"unknown list 'determiner' \(known: function_words"):
        load_grammar(str(tmp_path))


def test_a_word_both_male_and_female_is_refused(tmp_path):
    (tmp_path / GRAMMAR_FILE).write_text("id\tlist\twords\ngrammar.x\tgender_male\tspokeswoman\n", encoding="utf-8")
    with pytest.raises(ValueError, match="'spokeswoman' is in both gender_male and gender_female"):
        load_grammar(str(tmp_path))


def test_emptying_a_list_is_refused(tmp_path):
    (tmp_path / GRAMMAR_FILE).write_text("id\tlist\twords\ngrammar.months\tmonths\t \n", encoding="utf-8")
    with pytest.raises(ValueError, match="no words for the list"):
        load_grammar(str(tmp_path))
