"""Finding cues and setting aside words that only look like one (audit/sources/cues.py)."""
from __future__ import annotations

import pytest

from conftest import only
from audit.config import AuditConfig
from audit.sources import find_attributions


def test_cue_words_inside_a_quotation_are_not_attributions():
    a = only("“Nobody said it would be easy,” the coach said.")
    assert a.cue.start > 30


def test_teacher_can_add_a_cue_in_an_overlay_folder(tmp_path):
    text = "The ferry will run late, the harbor master grumbled."
    assert find_attributions(text) == []
    (tmp_path / "attribution_cues.tsv").write_text("id\tforms\tkind\tchannel\ncue.grumble\tgrumbled|grumbles\tspeech\tspeech\n",
                                                   encoding="utf-8")
    found = find_attributions(text, config=AuditConfig(rules_dir=str(tmp_path)))
    assert [a.cue.text for a in found] == ["grumbled"]
    assert found[0].rule.startswith("cue.grumble")


def test_neither_nor_passive_is_not_a_cue():
    found = find_attributions("He was neither detained nor cited for camping, and told the Gazette he had nowhere "
                              "to go.")
    assert [a.cue.text for a in found] == ["told"]


def test_spoke_against_a_bill_is_an_attribution_but_spoke_at_a_rally_is_not():
    a = only("At the hearing, two landlord representatives spoke against the bill.")
    assert a.source.text == "two landlord representatives" and a.source_type == "unnamed_group"
    assert find_attributions("Ruiz spoke at the rally on Friday.") == []


def test_an_unnamed_group_holding_a_view_is_a_source_but_a_named_person_believing_is_not():
    a = only("Many renters believe the new rules favor landlords.")
    assert (a.source.text, a.source_type, a.cue.text, a.channel) == (
        "Many renters", "unnamed_group", "believe", "unspecified")
    assert a.rule.startswith("cue.believe+")
    assert only("Some economists fear the rate cut came too late.").source_type == "unnamed_group"
    assert find_attributions("Ortiz believes the bridge will be finished by May.") == []
    assert find_attributions("Fans could not believe in the new coach after the loss.") == []
    # a view inside reported words stays part of that attribution
    assert [a.cue.text for a in find_attributions("Ortiz said many renters believe the rules favor landlords.")] == ["said"]


def test_framing_and_singling_out_as_characterise_a_view():
    a = only("Politicians backing the curfew frame it as a way to keep teenagers safe.")
    assert (a.source.text, a.source_type, a.cue.text) == ("Politicians", "unnamed_group", "frame")
    b = only("Budget hawks have long singled out the ferry subsidy as a waste of state money.")
    assert (b.source.text, b.source_type, b.cue.text) == ("Budget hawks", "unnamed_group", "singled out")
    # without "as" the words are about pictures and selection, not a view
    assert find_attributions("The museum will frame the letters and hang them in the lobby.") == []


def test_lamented_and_blasted_are_cues():
    a = only("Shop owners lamented that the detour had cut their foot traffic in half.")
    assert (a.source.text, a.source_type, a.cue.text) == ("Shop owners", "unnamed_group", "lamented")
    b = only("The union blasted the contract offer as an insult to its members.")
    assert (b.cue.text, b.source_type) == ("blasted", "named_organization")


@pytest.mark.parametrize("sentence", [
    "The flood claimed three lives in the valley last winter.",
    "Halvorsen claimed her third national title on Sunday.",
    "The coach called a timeout with four minutes left.",
    "Officials called a snap election for March.",
    "A neighbour saw the smoke and called police.",
])
def test_cue_verbs_used_for_doing_not_saying_are_not_attributions(sentence):
    assert find_attributions(sentence) == []


@pytest.mark.parametrize("sentence, source", [
    ("Rebels claimed the town had fallen overnight.", "Rebels"),
    ("The mayor called the election-night remarks unfair.", "The mayor"),
    ("Halvorsen told the story of her first race to the crowd.", "Halvorsen"),
])
def test_the_same_verbs_reporting_words_still_are(sentence, source):
    assert [a.source.text for a in find_attributions(sentence)] == [source]


@pytest.mark.parametrize("sentence, is_cue", [
    # "respond with" is speech only when what follows is a form of words
    ("The Rovers responded with two goals in the third period.", False),
    ("The company responded by cutting prices at its harbour stores.", False),
    ("The ministry responded with a statement calling the report wrong.", True),
    ("Ruelle responded that the plan was sound.", True),
])
def test_respond_needs_something_said(sentence, is_cue):
    cues = [a.cue.text for a in find_attributions(sentence) if a.cue is not None]
    assert ("responded" in cues) == is_cue


@pytest.mark.parametrize("headline", [
    # headlinese drops "were": "Ministers urged to act" reports what was asked of them, not what they said
    "Ministers urged to act as harbour fees soar",
    "Residents told to leave as floodwaters rise",
    "Drivers warned to avoid the coast road",
])
def test_a_headline_passive_with_to_is_not_an_attribution(headline):
    assert list(find_attributions(headline)) == []


def test_participle_after_a_possessive_and_an_adverb_is_an_adjective():
    assert not find_attributions("Given his previously stated views, Mara Quinlan is hopeful Peretti might listen.")
    assert find_attributions("Ana Ruiz previously said the bridge was safe.")[0].source_name == "Ana Ruiz"
