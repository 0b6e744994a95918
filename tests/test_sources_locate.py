"""Where the source of a cue stands: before, after, behind an appositive, at the head of the clause (audit/sources/locate.py)."""
from __future__ import annotations

from conftest import only
from audit.sources import find_attributions


def test_relative_pronoun_source_is_resolved_to_its_antecedent():
    a = only("The plan drew fire from Gov. Ada Mills, who said it would cost too much.")
    assert a.source.text == "who"
    assert a.source_name == "Ada Mills" and a.source_title == "Gov." and a.official


def test_inverted_order_after_a_quote():
    a = only("“We will rebuild the pier,” said Harbor Commissioner Lena Brooks.")
    assert a.source.text == "Harbor Commissioner Lena Brooks"
    assert a.source_name == "Lena Brooks" and a.source_type == "named_person" and a.official


def test_participle_cue_takes_the_clause_subject_and_social_channel():
    a = only("The city water board defended its plan, writing on Twitter: “The pipes are safe.”")
    assert a.source.text == "The city water board"
    assert a.channel == "social_media"
    assert a.direct


def test_coordinated_cue_takes_the_subject_of_its_own_clause():
    a = only("Garcia lost the appeal, so the judge ordered the eviction and told Garcia he had a week to leave.")
    assert a.source.text == "the judge" and a.source_type == "unnamed_person"


def test_relative_who_after_an_appositive_names_the_person_and_keeps_the_title():
    a = only("The crowd cheered Donald Trump, the former president, who said the race was close.")
    assert a.source.text == "who"
    assert (a.source_name, a.source_title, a.source_type) == ("Donald Trump", "the former president", "named_person")
    b = only("President Donald Trump, who wrote that the vote was rigged, left the room.")
    assert (b.source.text, b.source_name, b.source_title) == ("who", "Donald Trump", "President")


def test_inverted_the_name_at_the_end_of_the_sentence():
    a = only("The newer buildings were cited more often than older ones, reported the Gazette.")
    assert a.source.text == "the Gazette" and a.source_type == "named_organization"


def test_passive_with_by_agent_takes_the_agent_as_source():
    a = only("The merger was reported earlier by The Daily Ledger.")
    assert a.source.text == "The Daily Ledger" and a.source_type == "named_organization"
    assert "attr.passive.by" in a.rule
    assert find_attributions("The residents were not warned about the closure.") == []


def test_whoever_issued_the_statement_is_the_source_of_its_participle():
    a = only("Acme released a statement saying the plant was safe.")
    assert a.source.text == "Acme" and "issuer" in a.rule
    b = only("The vote angered the farmers, who were not allowed to speak but issued a statement vowing to appeal.")
    assert b.source.text == "who" and b.source_name == "the farmers" and b.source_type == "unnamed_group"


def test_restrictive_who_names_the_group_but_comma_who_reports_its_view():
    assert find_attributions("Voters who believe taxes are too high backed the measure in large numbers.") == []
    assert find_attributions("The county has few programs for parents who worry about the cost of child care.") == []
    a = only("The rezoning is a blow to older tenants in the building, who fear their rents will double.")
    assert (a.source.text, a.source_name, a.source_type) == ("who", "older tenants in the building", "unnamed_group")
    assert a.content.text.startswith("their rents will double")


def test_who_after_people_in_a_place_stands_for_the_people():
    a = only("The fire displaced dozens of families along the creek, who said they had no warning.")
    assert a.source_type == "unnamed_group" and a.source_name.endswith("families along the creek")
    b = only("The closure angered Latino shop owners in the district, who said sales had already fallen.")
    assert (b.source_type, b.source_name) == ("unnamed_group", "Latino shop owners in the district")


def test_an_inverted_pronoun_ends_its_clause_and_a_participial_aside_is_stepped_over():
    # "said they expected" starts the content: the subject heads the sentence, before the -ing aside
    a = only("Two harbour commissioners who back the plan, speaking on condition of anonymity to discuss private "
             "talks, said they expected it to pass narrowly.")
    assert (a.source.text, a.source_type) == ("Two harbour commissioners", "anonymous")


def test_the_people_between_that_and_the_cue_are_the_source():
    a = only("The council is weighing a ban, a move that restaurant owners say would drive them out of business.")
    assert (a.source.text, a.source_type) == ("restaurant owners", "unnamed_group")
