"""What the article has said so far: surnames, pronouns, roles and polls named earlier (audit/sources/memory.py)."""
from __future__ import annotations

import re

from conftest import only
from audit.sources import find_attributions


def test_quote_first_with_pronoun_resolves_to_last_named_speaker():
    text = ("Gen. Rosa Vance, commander of the regional task force, told reporters the memo was genuine.\n\n"
            "“That memo is a draft, and it should never have gone out,” she said.")
    first, second = find_attributions(text)
    assert first.source_name == "Rosa Vance" and first.source_title == "commander of the regional task force"
    assert first.channel == "speech"
    assert second.source.text == "she" and second.source_name == "Rosa Vance"
    assert second.direct and second.content.text.startswith("“That memo")
    assert second.official


def test_bare_surname_resolves_to_full_mention():
    text = ("Transit chief Omar Haddad met the union on Friday.\n\n"
            "Haddad said the talks had gone well.")
    assert find_attributions(text)[-1].source_name == "Omar Haddad"


def test_a_surname_with_a_second_capital_resolves_to_the_full_mention():
    text = ("The premier replaced Dana Kowalczyk-Rhee, who wrote the housing law, last spring. Tomas LaPorte "
            "took the file.\n\n“We are not changing the law,” Kowalczyk-Rhee said. “Nor am I,” LaPorte said.")
    assert [a.source_name for a in find_attributions(text)][-2:] == ["Dana Kowalczyk-Rhee", "Tomas LaPorte"]


def test_family_named_by_plural_surname_is_a_named_person():
    text = ("Couple Funds Reading Push\n\nStephen Curry and Ayesha Curry met donors on Monday.\n\n"
            "The Currys announced Thursday a new reading fund for city schools.")
    a = find_attributions(text)[-1]
    assert a.source.text == "The Currys" and a.source_type == "named_person"


def test_the_poll_refers_back_to_the_named_pollster():
    text = ("Ruiz Gains in Race\n\n"
            "Ruiz leads Cole 45% to 41% in a Valley Times/Marist poll published on Thursday.\n\n"
            "The new poll, which ran for eight days, showed Ruiz gaining among women.")
    a = find_attributions(text)[-1]
    assert a.source.text == "The new poll"
    assert (a.source_type, a.source_name) == ("named_organization", "Valley Times/Marist")
    lone = only("The poll showed Ruiz ahead by four points.")
    assert lone.source_type == "document"


def test_that_poll_refers_back_to_the_named_pollster():
    text = ("Ruiz Gains in Race\n\n"
            "Ruiz leads Cole 45% to 41% in a Valley Times/Marist poll published on Thursday.\n\n"
            "That poll showed Ruiz ahead among women.")
    a = find_attributions(text)[-1]
    assert (a.source_type, a.source_name) == ("named_organization", "Valley Times/Marist")


def test_full_names_are_paired_as_with_backtracking_letter_runs():
    from audit.sources import _NAME_PAIR

    text = ("Secretary Mark Esper met John F. Kennedy Jr. and Gen. Mark Milley at McDonald’s; O’Brien and "
            "Rep. Ann McLane Kuster, D-N.H., joined U.S. Sen. Tim Kaine. The president said JD Vance agreed.")
    backtracking = re.compile(_NAME_PAIR.pattern.replace("++", "+").replace("{1,2}+", "{1,2}"))
    assert backtracking.pattern != _NAME_PAIR.pattern
    pairs = [(m.start(), m.groups()) for m in _NAME_PAIR.finditer(text)]
    assert pairs == [(m.start(), m.groups()) for m in backtracking.finditer(text)]
    assert (text.index("Mark Milley"), ("ark", "Milley")) in pairs


def test_an_anonymous_source_named_again_keeps_its_rule():
    found = find_attributions("The plan is dead, people familiar with the talks said on Monday. The deal could return "
                              "next year, people familiar with the talks said.")
    assert [a.source_type for a in found] == ["anonymous", "anonymous"]
    assert found[0].rule == found[1].rule


def test_she_goes_to_the_person_named_in_her_own_paragraph_not_a_woman_quoted_earlier():
    text = ("Council member Rosa Diaz said the vote was rushed. “We had no time to read it,” she said.\n\n"
            "The mayor, Paul Grant, disagreed.\n\n"
            "Grant's deputy, Lisa Moore, was at the meeting. “I counted the votes,” she said.")
    assert [a.source_name for a in find_attributions(text)] == ["Rosa Diaz", "Rosa Diaz", "Lisa Moore"]


def test_a_pronoun_keeps_the_earlier_speaker_when_the_name_in_its_paragraph_has_the_other_gender():
    text = ("Council member Rosa Diaz said the vote was rushed.\n\n"
            "Paul Grant chaired the meeting. “We had no time to read it,” she said.")
    assert find_attributions(text)[-1].source_name == "Rosa Diaz"


def test_a_later_mention_by_surname_is_nearer_than_an_earlier_full_name():
    text = ("Finance minister Bill Moreau and his team thought they had a bargain. Critics disagreed with Anna Field. "
            "Moreau was wrong when he said the price was “fair.”")
    he = [a for a in find_attributions(text) if a.source is not None and a.source.text == "he"]
    assert he and he[0].source_name == "Bill Moreau"


def test_a_possessive_surname_is_not_the_one_a_pronoun_points_to():
    text = ("Clinic plea\n\nRhea Pim met Shanaaz Gokool in May. Gokool is hopeful Lametti will listen to Pim's plea.\n\n"
            "“We hope he will follow through,” she said in an interview.")
    assert find_attributions(text)[-1].source_name == "Shanaaz Gokool"


def test_a_name_a_speaker_says_inside_a_quotation_is_not_what_he_points_to():
    text = ("Law school\n\nTed Lanark taught law for 20 years.\n\n“As a member of two Canadian Bars, I worry about the law,” he "
            "wrote.")
    assert find_attributions(text)[-1].source_name == "Ted Lanark"


def test_a_pronoun_skips_a_name_whose_first_name_is_the_other_gender():
    text = ("Farm vote\n\nOmar Haddad, a farmer, spoke at the hall. Then Maria Lopes read the motion.\n\n"
            "“We will not sell,” he said.")
    assert find_attributions(text)[-1].source_name == "Omar Haddad"
