"""Typing a source with the codebook's six types, titles split off, official or not (audit/sources/classify.py)."""
from __future__ import annotations

import pytest

from conftest import only
from audit.sources import find_attributions


def test_subject_before_cue_is_a_named_person_with_title_split_off():
    a = only("Secretary of Defense Mark Esper announced on Monday that some troops would move.")
    assert (a.source.text, a.source_name, a.source_title) == (
        "Secretary of Defense Mark Esper", "Mark Esper", "Secretary of Defense")
    assert a.source_type == "named_person" and a.official
    assert a.cue.text == "announced"
    assert a.content.text == "some troops would move"
    assert not a.direct


def test_according_to_a_report_is_a_document():
    a = only("Wait times rose by a third last year, according to a report by the state auditor.")
    assert a.cue.text == "according to"
    assert a.source_type == "document"


def test_unnamed_spokesperson_of_a_named_body_is_named_organization():
    a = only("A Pentagon spokesperson said the exercise would continue.")
    assert a.source_type == "named_organization" and a.source_name == "Pentagon"
    assert a.official


def test_anonymous_source_by_condition_of_anonymity():
    a = only("A senior official, who spoke on condition of anonymity, said the talks had stalled.")
    assert a.source_type == "anonymous"
    assert "anon" in a.rule


def test_people_familiar_with_the_matter_are_anonymous():
    a = only("The deal is close, according to people familiar with the matter.")
    assert a.source_type == "anonymous"


def test_unnamed_group_and_unnamed_person():
    group = only("Critics said the new parking rules would hurt small shops.")
    person = only("A resident said the water had been brown for a week.")
    assert group.source_type == "unnamed_group"
    assert person.source_type == "unnamed_person"
    assert not person.official


def test_people_involved_in_talks_are_anonymous_and_keep_their_description():
    a = only("The council weighed a delay for weeks, a person involved in the budget talks said.")
    assert a.source.text == "a person involved in the budget talks"
    assert a.source_type == "anonymous"


def test_people_who_were_in_the_meeting_are_anonymous():
    a = only("The chief lost her temper, according to two people who were in the meeting.")
    assert a.source.text == "two people" and a.source_type == "anonymous"
    assert a.rule.endswith("anon.who_were_there")


def test_partitive_group_takes_the_head_after_of_the():
    a = find_attributions("Four of the tenants with eviction notices who testified on Monday said the fees were "
                          "illegal.")[-1]
    assert a.source.text == "Four of the tenants with eviction notices"
    assert a.source_type == "unnamed_group"
    one = only("One of the nurses said the ward was short of beds.")
    assert one.source_type == "unnamed_person" and one.source_name is None


def test_database_of_a_named_outlet_speaks_for_it():
    a = only("The realtors are the top spender in the state, according to the Valley Ledger’s database.")
    assert a.source.text == "the Valley Ledger’s database"
    assert (a.source_type, a.source_name) == ("named_organization", "Valley Ledger")


def test_employee_of_a_named_body_is_that_body_but_employees_alone_are_a_group():
    a = only("A former Acme employee described the conditions as unsafe.")
    assert (a.source_type, a.source_name) == ("named_organization", "Acme")
    found = find_attributions("The Acme Corporation said profits fell. The employees said they were worried.")
    assert found[-1].source_type == "unnamed_group"


def test_single_name_issuing_a_statement_is_an_organisation():
    a = only("In a second statement, Zentrix added that there was no plan to sell the plant.")
    assert (a.source_type, a.channel) == ("named_organization", "statement")


def test_name_withheld_and_requested_anonymity_make_a_source_anonymous():
    a = find_attributions("One tenant, who asked that her name not be used for fear of eviction, said the heat "
                          "was off for weeks.")
    assert [(x.cue.text, x.source_type) for x in a] == [("said", "anonymous")]
    assert a[0].rule.endswith("anon.name_withheld")
    b = only("A former staffer, who requested anonymity, said the office was chaotic.")
    assert b.source_type == "anonymous"


def test_according_to_a_document_seen_by_the_paper():
    a = only("The union drafted the complaint, according to a draft seen by the Ledger.")
    assert a.source.text == "a draft" and a.source_type == "document"


def test_plural_roles_without_a_named_body_are_an_unnamed_group():
    for text in ("State officials said the road would reopen in May.",
                 "Senior aides said the memo was only a draft."):
        a = only(text)
        assert a.source_type == "unnamed_group" and a.source_name == a.source.text
    assert only("Pentagon officials said the drills would go ahead.").source_type == "named_organization"


def test_news_groups_by_what_they_do_are_unnamed_groups():
    for text in ("Farmers said the drought had cut their harvest in half.",
                 "Environmentalists warned that the pipeline would cross two rivers.",
                 "Chinese state commentators have said the islands are not negotiable."):
        assert only(text).source_type == "unnamed_group", text


def test_people_described_by_a_name_end_in_a_plain_plural():
    for text, source in (("Transit planners said the rule had outlived its purpose.", "Transit planners"),
                         ("Earlier, Tesla engineers said the recall would take weeks.", "Tesla engineers"),
                         ("Mrs. Ortiz's advisers said she would not run again.", "Mrs. Ortiz's advisers")):
        a = only(text)
        assert (a.source.text, a.source_type) == (source, "unnamed_group"), text
    assert only("Huey Long said the bridge would be free.").source_type == "named_person"


@pytest.mark.parametrize("sentence, title, name", [
    ("Chief Constable Sara Wynn said the inquiry into the harbour fire was over.", "Chief Constable", "Sara Wynn"),
    ("Detective Chief Inspector Tom Reyes said the search of the moor would go on.", "Detective Chief Inspector",
     "Tom Reyes"),
    ("Inspector Lena Holt said no one was hurt in the crash.", "Inspector", "Lena Holt"),
])
def test_british_police_ranks_are_official_titles_not_part_of_the_name(sentence, title, name):
    a = only(sentence)
    assert (a.source_title, a.source_name, a.source_type, a.official) == (title, name, "named_person", True)


@pytest.mark.parametrize("sentence, source_type, official", [
    # an unnamed holder of a public office is official; one of a club, union or company is not
    ("The mayor said the ferry terminal would reopen in June.", "unnamed_person", True),
    ("The health secretary said waiting lists in the valley would fall.", "unnamed_person", True),
    ("The former governor said she regretted nothing.", "unnamed_person", True),
    ("The club secretary said the pitch was flooded again.", "unnamed_person", False),
    ("The union chief said the strike at the depot would go on.", "unnamed_person", False),
    ("The chief executive said profits rose in the spring.", "unnamed_person", False),
    # a spokesperson for an office named in the possessive
    ("The prime minister's official spokesman said the cabinet would meet on Monday.", "unnamed_person", True),
    ("The mayor’s spokeswoman said the harbour budget was balanced.", "unnamed_person", True),
    ("The brewery’s spokesman said sales rose in the spring.", "unnamed_person", False),
    # sources described by their body: anonymous, and official when the body is
    ("Whitehall sources said the harbour plan had been shelved.", "anonymous", True),
    ("Police sources said two men were held overnight.", "anonymous", True),
    ("Security sources said the port had been closed.", "anonymous", False),
    ("Senior Labour sources said the leader was safe.", "anonymous", False),
    ("Number 10 said the vote on the harbour bill would go ahead.", "named_organization", True),
])
def test_who_holds_a_public_office_is_official(sentence, source_type, official):
    a = only(sentence)
    assert (a.source_type, a.official) == (source_type, official)


@pytest.mark.parametrize("sentence, name, official", [
    # a government department named with "of" or "for" is official, and keeps its whole name
    ("A Department for Coastal Affairs spokesperson said the sea wall would be rebuilt.",
     "Department for Coastal Affairs", True),
    ("A spokesperson for the Ministry of Harbours said the ferries would run.", "Ministry of Harbours", True),
    ("A Brightwater Foods spokesperson said the factory would stay open.", "Brightwater Foods", False),
])
def test_a_body_named_with_of_or_for_keeps_its_whole_name(sentence, name, official):
    a = only(sentence)
    assert (a.source_type, a.source_name, a.official) == ("named_organization", name, official)


@pytest.mark.parametrize("sentence, source_type, official", [
    # an appositive headed by a word for a body says the name before it is an organisation's
    ("Harbourside, the union representing ferry crews, said the strike would go ahead.", "named_organization", False),
    ("Tidewatch, the environmental group, said the marsh plan was weak.", "named_organization", False),
    ("Ofcoast, the coastal regulator, said the fees would rise.", "named_organization", True),
    # ... but not when the appositive is a role ("the union's president") or a description of a person
    ("Ruelle, the union's president, said the strike would go ahead.", "named_person", False),
    ("Marsh, a longtime resident, said the harbour plan was weak.", "named_person", False),
])
def test_an_appositive_naming_a_body_makes_the_name_an_organisation(sentence, source_type, official):
    a = only(sentence)
    assert (a.source_type, a.official) == (source_type, official)


@pytest.mark.parametrize("sentence, name, title, official", [
    # a role led by a possessive, then the name in the appositive: the name is the source
    ("Labour's shadow harbours minister, Priya Dunmore, said the plan had failed.", "Priya Dunmore",
     "Labour's shadow harbours minister", False),
    ("Ontario's finance minister, Jo Kellerman, said the budget would balance.", "Jo Kellerman",
     "Ontario's finance minister", True),
    ("Brightwater's chief executive, Tom Hallam, said profits rose.", "Tom Hallam",
     "Brightwater's chief executive", False),
    # British councillors hold local office; shadow ministers hold none
    ("Cllr Maria Lytham said the council was at breaking point.", "Maria Lytham", "Cllr", True),
    ("Shadow Chancellor Rachel Moorcroft said the budget was a mistake.", "Rachel Moorcroft", "Shadow Chancellor",
     False),
])
def test_a_name_after_a_possessive_role_and_offices_outside_government(sentence, name, title, official):
    a = only(sentence)
    assert (a.source_type, a.source_name, a.source_title, a.official) == ("named_person", name, title, official)


def test_an_unnamed_shadow_minister_is_not_official():
    a = only("The shadow home secretary said the figures were wrong.")
    assert (a.source_type, a.official) == ("unnamed_person", False)


@pytest.mark.parametrize("sentence", [
    "Several Canadian provinces said they would join the lawsuit.",
    "The levy rose after dozens of English councils warned they would raise taxes.",
])
def test_a_quantified_plural_after_a_capitalised_adjective_is_a_group(sentence):
    assert only(sentence).source_type == "unnamed_group"


@pytest.mark.parametrize("sentence, official", [
    # the head of a body's name decides: a private body named after a place is not official
    ("The Harbor City Restaurant Association said the ban was reckless.", False),
    ("The Harbor City Council said the ban would pass.", True),
    ("The Senate Harbours Committee said the hearing would go ahead.", True),
])
def test_the_head_of_a_body_name_decides_whether_it_is_official(sentence, official):
    a = only(sentence)
    assert (a.source_type, a.official) == ("named_organization", official)


def test_an_office_of_a_body_named_before_is_official_only_when_the_body_is():
    private = find_attributions("The Harbor City Restaurant Association called the ban reckless. Its president, "
                                "Marco Belline, said the group would sue.")
    public = find_attributions("The Harbor City Council called the ban sound. Its president, Marco Belline, said "
                               "the vote would pass.")
    assert (private[-1].source_name, private[-1].official) == ("Marco Belline", False)
    assert (public[-1].source_name, public[-1].official) == ("Marco Belline", True)


def test_a_name_with_a_title_after_a_role_is_the_source():
    a = only("The measure’s sponsor, Councilwoman Dana Whitbread, said the ban would apply only to new buildings.")
    assert (a.source_name, a.source_type, a.official) == ("Dana Whitbread", "named_person", True)


@pytest.mark.parametrize("text, name", [
    # a pair beginning with a compass point, a day or a "-based" adjective is no person's full name
    ("Lower Mainland transit riders were angry. Moyra Baxley, a rider, spoke at the hall.\n\n“We waited an hour,” "
     "she said.", "Moyra Baxley"),
    ("On Wednesday Tallcor reported a loss. Tallcor said the mine would reopen.", "Tallcor"),
    ("Calgary-based Tallcor reported a loss. Tallcor said the mine would reopen.", "Tallcor"),
])
def test_place_and_day_words_do_not_begin_a_full_name(text, name):
    assert find_attributions(text)[-1].source_name == name


def test_a_place_name_speaking_is_not_a_person():
    a = find_attributions("North Korea said the talks would resume in March.")[0]
    assert a.source_type == "named_organization"


@pytest.mark.parametrize("sentence, name, title", [
    ("But the director of provincial operations for Halvex, Jeff Farrow, says the system works.", "Jeff Farrow", None),
    ("A lawyer for Calder Forward, Jonathan R. Whitby Jr., said the suit had no merit.", "Jonathan R. Whitby Jr.",
     "lawyer for Calder Forward"),
    ("Perrin's agent, Danny Fontaine, told reporters the golfer was fine.", "Danny Fontaine", None),
])
def test_the_name_in_apposition_is_the_name_not_the_body_before_its_comma(sentence, name, title):
    a = only(sentence)
    assert a.source_type == "named_person" and a.source_name == name
    assert title is None or a.source_title == title


@pytest.mark.parametrize("sentence, name, title", [
    ("Parent Lori Vance, whose two children attend Kestrel Middle School, said the strike had been exhausting.",
     "Lori Vance", "Parent"),
    ("Nurse Ada Obiora said the ward had been short of staff all winter.", "Ada Obiora", "Nurse"),
])
def test_a_role_word_capitalised_to_open_the_sentence_is_not_part_of_the_name(sentence, name, title):
    a = only(sentence)
    assert (a.source_type, a.source_name, a.source_title) == ("named_person", name, title)


def test_a_relative_clause_after_a_name_is_not_the_persons_title():
    a = only("Marta Quill, whose shop on Dock Street flooded twice this year, said the council had ignored her.")
    assert a.source_name == "Marta Quill"
    assert a.source_title is None


def test_according_to_a_summary_is_a_document():
    a = only("The deal includes a 6% raise over two years, according to a summary released by the union.")
    assert a.source_type == "document"
