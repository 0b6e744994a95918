"""Reading a source phrase: noun phrases before and after a cue, modifiers, appositives (audit/sources/phrases.py)."""
from __future__ import annotations

import pytest

from conftest import only
from audit.sources import find_attributions


@pytest.mark.parametrize("sentence, source, source_type", [
    ("A lawsuit filed against the Acme Corporation alleged that workers were underpaid.", "A lawsuit", "document"),
    ("A report released in March by the state auditor found that wait times doubled.", "A report", "document"),
    ("The lawyer representing Ortiz said the judge could rule narrowly.", "The lawyer", "unnamed_person"),
    ("Neighbors living near the plant said the air smelled of sulfur.", "Neighbors", "unnamed_group"),
])


def test_participle_phrase_does_not_hide_the_speaker(sentence, source, source_type):
    a = only(sentence)
    assert (a.source.text, a.source_type) == (source, source_type)


def test_main_verb_before_a_name_is_not_a_participle_modifier():
    a = find_attributions("The hearing ended with Alvarez asking the board whether it had read the plan.")
    assert all(x.source is None or x.source.text != "The hearing" for x in a)


def test_name_right_after_a_plain_noun_is_the_speaker():
    a = only("Road repair was one of the main ways Dane County said it would spend the grant.")
    assert a.source.text == "Dane County" and a.source_type == "named_organization"
    b = only("Residents who spoke to The Gazette said the water was brown.")
    assert b.source.text == "Residents"


def test_sentence_initial_the_does_not_end_the_subject():
    a = only("The farmers voted on Tuesday and said they would sue over the fees.")
    assert a.source.text == "The farmers"
    b = only("Ortiz, who chairs the board, smiled and said the vote was close.")
    assert b.source.text == "Ortiz"


def test_a_list_ending_in_and_is_not_the_speaker_before_an_appositive():
    a = only("Lena Ortiz, commissioner for veterans, seniors, and families, said the plan was overdue.")
    assert (a.source_name, a.source_type) == ("Lena Ortiz", "named_person")


def test_people_named_with_a_place_or_an_of_phrase_keep_their_head():
    a = only("A longtime volunteer at the shelter said beds fill up by 6 p.m.")
    assert (a.source.text, a.source_type) == ("A longtime volunteer at the shelter", "unnamed_person")
    b = only("Residents of the east side say the buses rarely come on time.")
    assert (b.source.text, b.source_type) == ("Residents of the east side", "unnamed_group")
    c = only("Critics of the plan, including two council members, argue it will raise rents.")
    assert (c.source.text, c.source_type) == ("Critics of the plan", "unnamed_group")
    d = only("Those who attended said the mood in the room was tense.")
    assert (d.source.text, d.source_type) == ("Those", "unnamed_group")


def test_how_the_reporter_reached_people_is_not_part_of_who_they_are():
    a = only("Commuters interviewed Tuesday said the delays had grown worse since spring.")
    assert (a.source.text, a.source_type) == ("Commuters", "unnamed_group")
    b = only("Two-thirds of those surveyed said the city was on the wrong track.")
    assert b.source.text == "Two-thirds of those surveyed" and b.source_type == "unnamed_group"


def test_unnamed_people_described_by_where_they_were_or_whom_they_serve():
    a = only("Some at the rally said they had driven six hours to attend.")
    assert (a.source.text, a.source_type) == ("Some at the rally", "unnamed_group")
    b = only("Advisers to the governor said the budget would be late.")
    assert (b.source.text, b.source_type) == ("Advisers to the governor", "unnamed_group")
    c = only("An aide to the senator, who was not authorized to speak publicly, said the vote would slip.")
    assert (c.source.text, c.source_type) == ("An aide to the senator", "anonymous")
    d = find_attributions("A group of tenants sued the landlord last week, saying the building was unsafe.")
    assert [(x.source.text, x.source_type) for x in d] == [("A group of tenants", "unnamed_group")]
    assert only("The family said the boy had been missing since Friday.").source_type == "unnamed_group"


@pytest.mark.parametrize("sentence, name", [
    # the object of a preposition inside an appositive is not the speaker
    ("Tareq Haddad, the co-founder with his father of Peace By Chocolate, a bakery based in Truro, N.S., says the "
     "topic comes up daily.", "Tareq Haddad"),
    ("Lena Ortiz, who played with Baxter (they finished third) in the spring, said she was ready.", "Lena Ortiz"),
    # but the agent after "by" still is
    ("A statement e-mailed to The Globe by Reagan Ruslim, who joined the board last month, said the station would "
     "comply.", "Reagan Ruslim"),
    # a role, then the name in apposition: the name speaks
    ("Perrin's agent, Danny Fontaine, told reporters the golfer was fine.", "Danny Fontaine"),
    ("The mayor of Halifax, Mike Savage, said the plan would work.", "Mike Savage"),
])
def test_appositive_speaker_is_the_person_not_an_object_or_a_role(sentence, name):
    a = only(sentence)
    assert a.source_type == "named_person" and a.source_name.endswith(name)


def test_a_quoted_citizen_behind_an_appositive_is_the_source():
    a = only('"This is a slap in the face to veterans and to the government of Canada," a citizen, whose name is '
             'redacted, wrote on the form.')
    assert a.source.text == "a citizen" and a.source_type == "unnamed_person"


def test_a_party_member_then_a_name_in_apposition_gives_the_name():
    a = only("One red-state Democrat, Montana Sen. Joel Tamsin, said Sunday that the wall would cost too much.")
    assert a.source_name == "Joel Tamsin"
