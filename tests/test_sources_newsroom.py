"""Sourcing on any newsroom's copy (issue 13): floating quotes, whole reported clauses, non-speech senses of cue
words, what is not a source, one statement one attribution, anonymity, officials, pronouns.

Every sentence here is invented for the test (names, outlets and places are made up).
"""
from __future__ import annotations

import math

import pytest

from audit.sources import find_attributions, sourcing_metrics


def sources(text: str) -> list[tuple]:
    return [(a.source.text if a.source else None, a.source_name, a.source_type, a.official)
            for a in find_attributions(text)]


# --------------------------------------------------------------------------- 1. floating quotes

def test_quote_standing_alone_after_a_paragraph_of_reported_speech_goes_to_that_speaker():
    text = ("Coach Dana Ruiz said the team was ready.\n\n"
            "“We came out on top tonight, and we earned every minute of it.”")
    first, second = find_attributions(text)
    assert first.source_name == "Dana Ruiz"
    assert second.cue is None and second.source is None
    assert second.content.text == "“We came out on top tonight, and we earned every minute of it.”"
    assert second.source_name == "Dana Ruiz" and second.source_type == "named_person" and second.direct
    assert second.rule in ("attr.continue.quote", "attr.floating.previous")


def test_second_quoted_sentence_in_a_paragraph_is_its_own_attribution_to_the_same_speaker():
    text = "“We were slow early,” said goalkeeper Amir Castell. “Then we found our legs and never looked back.”"
    first, second = find_attributions(text)
    assert first.content.text == "“We were slow early,”" and first.source_name == "Amir Castell"
    assert second.content.text == "“Then we found our legs and never looked back.”"
    assert second.source_name == "Amir Castell" and second.rule == "attr.floating.previous"


def test_punctuation_only_paragraph_between_does_not_break_the_speaker():
    text = ("Lia Brandt said the win mattered.\n\n.\n\n"
            "“The visitors looked hungrier all night, and it showed.”")
    found = find_attributions(text)
    assert [a.source_name for a in found] == ["Lia Brandt", "Lia Brandt"]


def test_floating_quote_with_no_clear_speaker_is_kept_without_a_source_and_counted():
    text = ("The ferry terminal reopened on Monday after a month of repairs.\n\n"
            "“Nobody expected the crossing to be shut for this long.”")
    (floating,) = find_attributions(text)
    assert floating.source is None and floating.source_name is None and floating.cue is None
    assert floating.rule == "attr.floating.no_speaker" and floating.direct
    assert floating.content.text == "“Nobody expected the crossing to be shut for this long.”"
    metrics = sourcing_metrics([floating], words=20)
    assert metrics["attributions"] == 1 and metrics["share_unnamed_person"] == 1.0
    assert metrics["share_named"] == 0.0 and metrics["sources_unique"] == 0


def test_quoted_word_or_title_on_its_own_is_not_a_floating_quote():
    assert find_attributions("The new season opens with “Harbour Lights.”") == []


def test_profile_subject_takes_a_floating_quote_far_from_the_last_cue():
    text = ("Odile Marchetti, a painter, said she started late.\n\n"
            "She moved to Tarnby in 1994 and rented a studio above a bakery.\n\n"
            "The rent was low and the light was good.\n\n"
            "“I painted the same harbour for ten years before anyone noticed.”")
    found = find_attributions(text)
    assert found[-1].content.text.startswith("“I painted") and found[-1].source_name == "Odile Marchetti"
    assert found[-1].rule == "attr.floating.profile"


# --------------------------------------------------------------------------- 2. the whole reported clause

def test_content_is_the_whole_reported_clause_around_a_quoted_word():
    (a,) = find_attributions("Sen. Jo Park said the idea was “silly.”")
    assert a.content.text == "the idea was “silly.”" and not a.direct


def test_content_in_front_of_the_cue_keeps_its_clause_around_a_quoted_word():
    (a,) = find_attributions("The idea was “silly,” Sen. Jo Park said.")
    assert a.content.text == "The idea was “silly,”" and not a.direct


@pytest.mark.parametrize("text", ["Acme told City Radio that the reports were speculation.",
                                  "Acme told City Radio the reports were speculation.",
                                  "Acme told him the reports were speculation."])
def test_content_after_told_starts_after_the_one_told(text):
    (a,) = find_attributions(text)
    assert a.content.text == "the reports were speculation"


def test_title_in_quotes_before_the_source_is_not_the_quotation():
    (a,) = find_attributions("“Harbour Lights” director Ines Valcourt said the shoot ran late.")
    assert a.content.text == "the shoot ran late" and not a.direct


def test_attribution_set_off_after_its_clause_reports_the_clause_in_front():
    (a,) = find_attributions("The toll rose to 41 on Monday, officials said, as crews searched the coast.")
    assert a.content.text == "The toll rose to 41 on Monday"
    (b,) = find_attributions("The west pier was also hit, said Noor Haddad, a spokeswoman for the port.")
    assert b.content.text == "The west pier was also hit"
    (c,) = find_attributions("Freight fell 6 per cent in March, according to the port authority.")
    assert c.content.text == "Freight fell 6 per cent in March"


def test_quotation_right_after_the_cue_and_a_day_is_still_the_content():
    (a,) = find_attributions("Park said Tuesday: “It is silly, and everyone knows it.”")
    assert a.content.text == "“It is silly, and everyone knows it.”" and a.direct


# --------------------------------------------------------------------------- 3. non-speech senses of cue words

@pytest.mark.parametrize("text", [
    "Carolina added three more goals before the end of the period.",
    "Heavy rain continued Sunday across the valley.",
    "Story continues below advertisement.",
    "The video showed the car.",
    "The marchers filled the square, at times calling for the mayor to resign.",
    "The firm wrote off assets worth $2 billion.",
])
def test_non_speech_sense_of_a_cue_word_is_not_an_attribution(text):
    assert find_attributions(text) == []


@pytest.mark.parametrize("text, source", [
    ("The council responded to the criticism in a statement: “We acted lawfully.”", "The council"),
    ("“We will keep going,” the coach continued.", "the coach"),
    ("The video showed that the car had been speeding.", "The video"),
])
def test_speech_sense_of_the_same_words_is_still_an_attribution(text, source):
    assert [a.source.text for a in find_attributions(text)][:1] == [source]


# --------------------------------------------------------------------------- 4. not sources

def test_share_of_poll_respondents_is_an_unnamed_group():
    ((text, name, kind, official),) = sources("In the survey, 57 percent of voters said the economy mattered most.")
    assert text == "57 percent of voters" and kind == "unnamed_group" and not official


def test_name_with_organisation_tail_is_the_person():
    (a,) = find_attributions("Lena Ortiz of Save the Harbor said the beach would stay closed.")
    assert a.source.text == "Lena Ortiz of Save the Harbor"
    assert a.source_name == "Lena Ortiz" and a.source_type == "named_person"


@pytest.mark.parametrize("text", [
    "For the third time in a week, at times angrily, the residents said the road was unsafe.",
    "Stop, the officer said, and the driver stopped.",
])
def test_ordinary_words_before_a_cue_are_not_the_source(text):
    assert all(a.source.text.lower() not in ("times", "stop", "a week") for a in find_attributions(text))


def test_parable_told_is_not_a_source():
    found = find_attributions("The pastor told a parable about a lost coin.")
    assert all(a.source.text != "a parable" for a in found)


# --------------------------------------------------------------------------- 5. one statement, one attribution

@pytest.mark.parametrize("text", [
    "The ministry does not confirm or deny reports about the deal.",
    "Marlow Freight did not confirm the fine.",
    "Ortiz declined to confirm the figure.",
    "The club would not comment on the transfer.",
])
def test_negated_or_refused_cue_is_not_an_attribution(text):
    found = find_attributions(text)
    assert found == [], [(a.cue.text, a.source_type) for a in found]


# --------------------------------------------------------------------------- 6. anonymity

@pytest.mark.parametrize("text", [
    "The talks have stalled, said a diplomat who spoke on condition of anonymity because they are private.",
    "The plant will close, a source close to the company said.",
    "People briefed on the talks said a deal was near.",
])
def test_anonymity_stated_with_the_source_phrase(text):
    assert [kind for _, _, kind, _ in sources(text)] == ["anonymous"]


def test_anonymity_stated_in_the_next_sentence_applies_to_the_person():
    text = ("The talks have stalled, a person familiar with the matter said. The person spoke on condition of "
            "anonymity because the talks are private.")
    assert [kind for _, _, kind, _ in sources(text)] == ["anonymous"]


def test_one_of_those_sources_refers_back_to_an_anonymous_source():
    text = ("Two people familiar with the plan said it would be announced next week. One of those sources said the "
            "cost had doubled.")
    assert [kind for _, _, kind, _ in sources(text)] == ["anonymous", "anonymous"]


def test_the_person_refers_back_to_an_anonymous_source():
    text = ("A person briefed on the talks said a deal was near. The person said the cost had doubled.")
    assert [kind for _, _, kind, _ in sources(text)] == ["anonymous", "anonymous"]


def test_the_same_role_named_again_refers_back_to_an_anonymous_source():
    text = ("One harbour finance director, who asked not to be named, told the Gazette the deficit was the worst "
            "in years. The director said two ferries would be sold.")
    assert [kind for _, _, kind, _ in sources(text)] == ["anonymous", "anonymous"]


def test_a_role_named_again_after_a_named_source_is_not_anonymous():
    text = ("Harbour director Ana Pell told the Gazette the deficit was the worst in years. The director said two "
            "ferries would be sold.")
    assert "anonymous" not in [kind for _, _, kind, _ in sources(text)]


# --------------------------------------------------------------------------- 7. official means government

@pytest.mark.parametrize("text", [
    "Secretary of State Ana Ruiz said the talks went well.",
    "The Home Office said the rules would change.",
    "The Chancellor said taxes would rise.",
    "Ministers said the plan was sound.",
    "Downing Street said the talks went well.",
    "The Crown said the case would go ahead.",
    "A police spokesperson said the road was closed.",
    "A spokesperson for the minister said the plan was sound.",
    "The embassy spokesman said visas were suspended.",
    "The Ministry of Defence said the jets had landed.",
    "The county court said the hearing was postponed.",
    "The Treasury said borrowing would fall.",
    "Number 10 said the talks went well.",
    "Scotland Yard said two men were arrested.",
    "A Home Office spokesperson said the figures were wrong.",
])
def test_government_sources_are_official(text):
    assert [official for _, _, _, official in sources(text)] == [True], sources(text)


@pytest.mark.parametrize("text", [
    "The union leader Tom Bell said members would strike.",
    "A spokeswoman for the Rangers said the player was injured.",
    "The league said the game was postponed.",
    "A charity spokesman said demand had doubled.",
    "Marlow Freight said profits fell.",
    "Unite general secretary Sharon Graham said members would strike.",
    "Labour said the plan was flawed.",
])
def test_unions_charities_companies_and_leagues_are_not_official(text):
    assert [official for _, _, _, official in sources(text)] == [False], sources(text)


def test_british_mr_without_full_stop_is_a_title():
    (a,) = find_attributions("Mr Hogg said the rules would change.")
    assert a.source_name == "Hogg" and a.source_title == "Mr" and a.source_type == "named_person"


def test_ministers_are_an_official_unnamed_group():
    (a,) = find_attributions("Ministers said the plan was sound.")
    assert a.source_type == "unnamed_group" and a.official


def test_downing_street_is_an_official_organisation():
    (a,) = find_attributions("Downing Street said the talks went well.")
    assert a.source_type == "named_organization" and a.official


# --------------------------------------------------------------------------- 8. pronouns

def test_he_after_the_spokesman_is_that_spokesman_not_the_last_named_person():
    text = ("The spokesman stressed that the plan was sound. Mayor Ana Ruiz had opposed it at first. "
            "“It will work,” he said.")
    found = find_attributions(text)
    assert found[-1].source.text == "he"
    assert found[-1].source_name is None and found[-1].source_type == "unnamed_person"


def test_she_skips_a_man_quoted_since_for_the_woman_quoted_before():
    text = ("Mayor Ana Ruiz said the plan would work. Mr. Tom Bell, who voted against it, said it would not. "
            "She said the vote would go ahead.")
    found = find_attributions(text)
    assert found[-1].source.text == "She" and found[-1].source_name == "Ana Ruiz"


def test_resolved_pronoun_inherits_type_title_and_official():
    text = "Police Chief Ana Ruiz said the road was closed. She said it would reopen Friday."
    first, second = find_attributions(text)
    assert (second.source_name, second.source_type, second.source_title, second.official) == (
        "Ana Ruiz", "named_person", "Police Chief", True)


def test_floating_shares_are_nan_free_when_an_article_has_only_floating_quotes():
    text = "“Nobody expected the crossing to be shut for this long.”"
    metrics = sourcing_metrics(find_attributions(text), words=10)
    assert metrics["attributions"] == 1 and not math.isnan(metrics["share_direct"])


def test_of_state_belongs_to_the_title_not_the_name():
    (a,) = find_attributions("Secretary of State Ana Ruiz said the talks went well.")
    assert (a.source_name, a.source_title, a.official) == ("Ana Ruiz", "Secretary of State", True)


def test_a_party_is_an_organisation_not_a_person():
    (a,) = find_attributions("Labour said the plan was flawed.")
    assert a.source_type == "named_organization" and not a.official
