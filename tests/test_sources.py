"""The sourcing audit: attributions found, typed and traced to the words on the page."""
from __future__ import annotations

import math
import re

import pytest

from audit.config import AuditConfig
from audit.segment import segment
from audit.sources import SOURCE_TYPES, Attribution, attributions_in, find_attributions, sourcing_metrics


METRIC_KEYS = {
    "attributions", "sources_unique", "attributions_named_person", "attributions_named_organization",
    "attributions_unnamed_person", "attributions_unnamed_group", "attributions_anonymous", "attributions_document",
    "share_named_person", "share_named_organization", "share_unnamed_person", "share_unnamed_group",
    "share_anonymous", "share_document", "share_named", "share_official", "share_direct",
    "attributions_per_100_words",
}


def only(text: str, **kwargs) -> Attribution:
    found = find_attributions(text, **kwargs)
    assert len(found) == 1, [(a.cue, a.source) for a in found]
    return found[0]


def test_spans_index_the_text_passed_in():
    text = "Council Votes on Budget\n\nThe vote was close, council member Dana Ortiz said in a statement."
    for a in find_attributions(text):
        for span in (a.statement, a.source, a.cue, a.content):
            if span is not None:
                assert text[span.start:span.end] == span.text


def test_subject_before_cue_is_a_named_person_with_title_split_off():
    a = only("Secretary of Defense Mark Esper announced on Monday that some troops would move.")
    assert (a.source.text, a.source_name, a.source_title) == (
        "Secretary of Defense Mark Esper", "Mark Esper", "Secretary of Defense")
    assert a.source_type == "named_person" and a.official
    assert a.cue.text == "announced"
    assert a.content.text == "some troops would move"
    assert not a.direct


def test_quote_first_with_pronoun_resolves_to_last_named_speaker():
    text = ("Gen. Rosa Vance, commander of the regional task force, told reporters the memo was genuine.\n\n"
            "“That memo is a draft, and it should never have gone out,” she said.")
    first, second = find_attributions(text)
    assert first.source_name == "Rosa Vance" and first.source_title == "commander of the regional task force"
    assert first.channel == "speech"
    assert second.source.text == "she" and second.source_name == "Rosa Vance"
    assert second.direct and second.content.text.startswith("“That memo")
    assert second.official


def test_relative_pronoun_source_is_resolved_to_its_antecedent():
    a = only("The plan drew fire from Gov. Ada Mills, who said it would cost too much.")
    assert a.source.text == "who"
    assert a.source_name == "Ada Mills" and a.source_title == "Gov." and a.official


def test_bare_surname_resolves_to_full_mention():
    text = ("Transit chief Omar Haddad met the union on Friday.\n\n"
            "Haddad said the talks had gone well.")
    assert find_attributions(text)[-1].source_name == "Omar Haddad"


def test_inverted_order_after_a_quote():
    a = only("“We will rebuild the pier,” said Harbor Commissioner Lena Brooks.")
    assert a.source.text == "Harbor Commissioner Lena Brooks"
    assert a.source_name == "Lena Brooks" and a.source_type == "named_person" and a.official


def test_according_to_a_report_is_a_document():
    a = only("Wait times rose by a third last year, according to a report by the state auditor.")
    assert a.cue.text == "according to"
    assert a.source_type == "document"


def test_unnamed_spokesperson_of_a_named_body_is_named_organization():
    a = only("A Pentagon spokesperson said the exercise would continue.")
    assert a.source_type == "named_organization" and a.source_name == "Pentagon"
    assert a.official


def test_statement_of_an_organization_has_statement_channel():
    a = only("The ferry company said in a statement that sailings would resume Friday.")
    assert a.source_type == "named_organization"
    assert a.channel == "statement"


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


def test_participle_cue_takes_the_clause_subject_and_social_channel():
    a = only("The city water board defended its plan, writing on Twitter: “The pipes are safe.”")
    assert a.source.text == "The city water board"
    assert a.channel == "social_media"
    assert a.direct


def test_quotation_paragraph_without_cue_continues_previous_speaker():
    text = ("Mayor Ines Roth said the budget was tight. “We cannot hire anyone this year,” she said.\n\n"
            "“Next year may be different. We will see.”")
    found = find_attributions(text)
    last = found[-1]
    assert last.cue is None and last.source is None
    assert last.source_name == "Ines Roth"
    assert last.rule == "attr.continue.quote"
    assert last.direct


def test_cue_words_inside_a_quotation_are_not_attributions():
    a = only("“Nobody said it would be easy,” the coach said.")
    assert a.cue.start > 30


def test_headline_finding_is_in_title_and_out_of_metrics():
    text = "Mayor says bridge will reopen\n\nThe bridge has been shut since March, the transport office said."
    found = find_attributions(text)
    assert [a.in_title for a in found] == [True, False]
    metrics = sourcing_metrics(found, words=12)
    assert metrics["attributions"] == 1


def test_single_sentence_is_audited_whole():
    a = only("Storm damage is worse than feared, the governor said.")
    assert not a.in_title


def test_title_colon_source():
    doc = segment("Coalition Halts Training for Local Forces: Pentagon\n\nThe training stopped on Monday, "
                  "officials said.")
    title = [a for a in attributions_in(doc, AuditConfig()) if a.in_title]
    assert title and title[0].source.text == "Pentagon" and title[0].source_type == "named_organization"


def test_non_str_raises_type_error():
    with pytest.raises(TypeError):
        find_attributions(None)
    with pytest.raises(TypeError):
        find_attributions(b"bytes")


def test_metrics_have_the_fixed_keys_and_nan_without_attributions():
    metrics = sourcing_metrics([], words=100)
    assert set(metrics) == METRIC_KEYS
    assert metrics["attributions"] == 0
    assert math.isnan(metrics["share_named"]) and math.isnan(metrics["share_anonymous"])
    assert metrics["attributions_per_100_words"] == 0.0
    assert math.isnan(sourcing_metrics([], words=0)["attributions_per_100_words"])


def test_metrics_shares():
    text = ("Police Chief Dan Ko said the road would stay closed. Residents said they were not warned. "
            "“We had no notice at all,” one neighbor said.")
    metrics = sourcing_metrics(find_attributions(text), words=25)
    assert metrics["attributions"] == 3
    assert metrics["attributions_named_person"] == 1
    assert metrics["share_unnamed_group"] == pytest.approx(1 / 3)
    assert metrics["share_direct"] == pytest.approx(1 / 3)
    assert metrics["share_official"] == pytest.approx(1 / 3)
    assert metrics["attributions_per_100_words"] == pytest.approx(12.0)
    assert metrics["sources_unique"] == 3


def test_every_type_is_one_of_the_codebook_types():
    text = ("Officials said the dam held. A study found levels were safe. Sources said a report was due. "
            "A farmer said the fields flooded. The agency said repairs begin soon.")
    assert {a.source_type for a in find_attributions(text)} <= set(SOURCE_TYPES)


def test_teacher_can_add_a_cue_in_an_overlay_folder(tmp_path):
    text = "The ferry will run late, the harbor master grumbled."
    assert find_attributions(text) == []
    (tmp_path / "attribution_cues.tsv").write_text("id\tforms\tkind\tchannel\ncue.grumble\tgrumbled|grumbles\tspeech\tspeech\n",
                                                   encoding="utf-8")
    found = find_attributions(text, config=AuditConfig(rules_dir=str(tmp_path)))
    assert [a.cue.text for a in found] == ["grumbled"]
    assert found[0].rule.startswith("cue.grumble")


def test_to_dict_is_plain():
    d = only("The plant will close, the company said.").to_dict()
    assert d["source"]["text"] == "the company" and d["in_title"] is False


@pytest.fixture(scope="module")
def seed(seed_text):
    return seed_text, find_attributions(seed_text)


def _on_line(text: str, attributions, line: int):
    starts = [0]
    for i, c in enumerate(text):
        if c == "\n":
            starts.append(i + 1)
    lo, hi = starts[line - 1], starts[line] if line < len(starts) else len(text)
    return [a for a in attributions if not a.in_title and lo <= a.statement.start < hi]


def test_seed_coalition_statement(seed):
    text, found = seed
    for line in (10, 12):
        hits = _on_line(text, found, line)
        assert hits and all(a.source_type == "named_organization" for a in hits)
        assert any(a.channel == "statement" for a in hits), line


def test_seed_esper_and_his_he_said(seed):
    text, found = seed
    assert any(a.source_name == "Mark Esper" and a.official for a in _on_line(text, found, 14))
    line16 = _on_line(text, found, 16)
    assert [a.source_name for a in line16] == ["Mark Esper", "Mark Esper"]
    assert line16[-1].source.text == "he" and line16[-1].direct


def test_seed_pentagon_press_office_on_twitter(seed):
    text, found = seed
    (a,) = _on_line(text, found, 18)
    assert a.source_type == "named_organization" and a.channel == "social_media" and a.official


def test_seed_reports_not_named_and_letter_is_document(seed):
    text, found = seed
    reports = _on_line(text, found, 22)
    assert reports and reports[0].source.text == "reports"
    assert reports[0].source_type not in ("named_person", "named_organization")
    assert [a.source_type for a in _on_line(text, found, 24)] == ["document"]


def test_seed_milley_iran_trump_democrats_pelosi(seed):
    text, found = seed
    (milley,) = _on_line(text, found, 26)
    assert milley.source_name == "Mark Milley" and milley.official
    (he,) = _on_line(text, found, 28)
    assert he.source_name == "Mark Milley"
    assert _on_line(text, found, 30)[0].source_type == "named_organization"
    assert _on_line(text, found, 30)[0].source_name == "Iran"
    (trump,) = _on_line(text, found, 32)
    assert trump.source_name == "Donald Trump" and trump.cue.text == "wrote"
    democrats, pelosi = _on_line(text, found, 34)
    assert democrats.source.text == "who" and democrats.source_name == "top Democrats in Congress"
    assert democrats.source_type == "unnamed_group"
    assert pelosi.source_name == "Nancy Pelosi" and pelosi.official


def test_seed_nothing_from_furniture(seed):
    text, found = seed
    doc = segment(text)
    for a in found:
        for furniture in doc.excluded:
            if a.in_title and furniture.kind == "title":
                continue
            assert not (furniture.start <= a.statement.start < furniture.end), (furniture.kind, a)
    body_lines = {text.count("\n", 0, a.statement.start) + 1 for a in found if not a.in_title}
    assert not body_lines & {4, 5, 19, 20, 36, 37, 38, 39}


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


def test_coordinated_cue_takes_the_subject_of_its_own_clause():
    a = only("Garcia lost the appeal, so the judge ordered the eviction and told Garcia he had a week to leave.")
    assert a.source.text == "the judge" and a.source_type == "unnamed_person"


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


def test_relative_who_after_an_appositive_names_the_person_and_keeps_the_title():
    a = only("The crowd cheered Donald Trump, the former president, who said the race was close.")
    assert a.source.text == "who"
    assert (a.source_name, a.source_title, a.source_type) == ("Donald Trump", "the former president", "named_person")
    b = only("President Donald Trump, who wrote that the vote was rigged, left the room.")
    assert (b.source.text, b.source_name, b.source_title) == ("who", "Donald Trump", "President")


def test_neither_nor_passive_is_not_a_cue():
    found = find_attributions("He was neither detained nor cited for camping, and told the Gazette he had nowhere "
                              "to go.")
    assert [a.cue.text for a in found] == ["told"]


def test_inverted_the_name_at_the_end_of_the_sentence():
    a = only("The newer buildings were cited more often than older ones, reported the Gazette.")
    assert a.source.text == "the Gazette" and a.source_type == "named_organization"


def test_name_right_after_a_plain_noun_is_the_speaker():
    a = only("Road repair was one of the main ways Dane County said it would spend the grant.")
    assert a.source.text == "Dane County" and a.source_type == "named_organization"
    b = only("Residents who spoke to The Gazette said the water was brown.")
    assert b.source.text == "Residents"


def test_database_of_a_named_outlet_speaks_for_it():
    a = only("The realtors are the top spender in the state, according to the Valley Ledger’s database.")
    assert a.source.text == "the Valley Ledger’s database"
    assert (a.source_type, a.source_name) == ("named_organization", "Valley Ledger")


def test_employee_of_a_named_body_is_that_body_but_employees_alone_are_a_group():
    a = only("A former Acme employee described the conditions as unsafe.")
    assert (a.source_type, a.source_name) == ("named_organization", "Acme")
    found = find_attributions("The Acme Corporation said profits fell. The employees said they were worried.")
    assert found[-1].source_type == "unnamed_group"


def test_family_named_by_plural_surname_is_a_named_person():
    text = ("Couple Funds Reading Push\n\nStephen Curry and Ayesha Curry met donors on Monday.\n\n"
            "The Currys announced Thursday a new reading fund for city schools.")
    a = find_attributions(text)[-1]
    assert a.source.text == "The Currys" and a.source_type == "named_person"


def test_passive_with_by_agent_takes_the_agent_as_source():
    a = only("The merger was reported earlier by The Daily Ledger.")
    assert a.source.text == "The Daily Ledger" and a.source_type == "named_organization"
    assert "attr.passive.by" in a.rule
    assert find_attributions("The residents were not warned about the closure.") == []


def test_the_poll_refers_back_to_the_named_pollster():
    text = ("Ruiz Gains in Race\n\n"
            "Ruiz leads Cole 45% to 41% in a Valley Times/Marist poll published on Thursday.\n\n"
            "The new poll, which ran for eight days, showed Ruiz gaining among women.")
    a = find_attributions(text)[-1]
    assert a.source.text == "The new poll"
    assert (a.source_type, a.source_name) == ("named_organization", "Valley Times/Marist")
    lone = only("The poll showed Ruiz ahead by four points.")
    assert lone.source_type == "document"


def test_spoke_against_a_bill_is_an_attribution_but_spoke_at_a_rally_is_not():
    a = only("At the hearing, two landlord representatives spoke against the bill.")
    assert a.source.text == "two landlord representatives" and a.source_type == "unnamed_group"
    assert find_attributions("Ruiz spoke at the rally on Friday.") == []


def test_single_name_issuing_a_statement_is_an_organisation():
    a = only("In a second statement, Zentrix added that there was no plan to sell the plant.")
    assert (a.source_type, a.channel) == ("named_organization", "statement")


def test_that_poll_refers_back_to_the_named_pollster():
    text = ("Ruiz Gains in Race\n\n"
            "Ruiz leads Cole 45% to 41% in a Valley Times/Marist poll published on Thursday.\n\n"
            "That poll showed Ruiz ahead among women.")
    a = find_attributions(text)[-1]
    assert (a.source_type, a.source_name) == ("named_organization", "Valley Times/Marist")


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


def test_whoever_issued_the_statement_is_the_source_of_its_participle():
    a = only("Acme released a statement saying the plant was safe.")
    assert a.source.text == "Acme" and "issuer" in a.rule
    b = only("The vote angered the farmers, who were not allowed to speak but issued a statement vowing to appeal.")
    assert b.source.text == "who" and b.source_name == "the farmers" and b.source_type == "unnamed_group"


def test_sentence_initial_the_does_not_end_the_subject():
    a = only("The farmers voted on Tuesday and said they would sue over the fees.")
    assert a.source.text == "The farmers"
    b = only("Ortiz, who chairs the board, smiled and said the vote was close.")
    assert b.source.text == "Ortiz"


def test_every_channel_phrase_match_holds_one_of_its_keywords():
    """The keyword gate in front of the channel search may skip a search only when no phrase could match."""
    import json
    from pathlib import Path

    from audit.lexicon import load_rules

    sample = Path(__file__).resolve().parents[1] / "data" / "sample" / "articles.jsonl"
    texts = [json.loads(line)["text"] for line in sample.read_text(encoding="utf-8").splitlines()]
    texts.append("In a lengthy statement, the ministry said. He told CNN on Tuesday. Via X, she said. In a Facebook post, "
                 "he wrote. At a news conference, the mayor said. In an e-mail, the firm said. Through his spokesman, "
                 "Ruiz said. In an interview with the Gazette, she said. He told The Daily Ledger. On Fox News Sunday.")
    matched = 0
    for row in load_rules("attribution_channels.tsv"):
        keywords = [k for k in row["keywords"].split("|") if k]
        assert keywords, f"{row['id']} has no keywords: the channel search would never be skipped"
        for text in texts:
            for match in re.finditer(row["phrase"], text, re.IGNORECASE):
                matched += 1
                assert any(k in match.group().casefold() for k in keywords), (row["id"], match.group())
    assert matched >= 9


def test_channel_rows_without_keywords_are_always_searched(tmp_path):
    text = "Speaking by satellite link, the envoy said the talks would resume."
    assert only(text).channel == "speech"
    (tmp_path / "attribution_channels.tsv").write_text(
        "id\tphrase\tchannel\nchan.satellite\\tby satellite link\tbroadcast\n".replace("\\t", "\t"), encoding="utf-8")
    found = find_attributions(text, config=AuditConfig(rules_dir=str(tmp_path)))
    assert [a.channel for a in found] == ["broadcast"]


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


def test_a_list_ending_in_and_is_not_the_speaker_before_an_appositive():
    a = only("Lena Ortiz, commissioner for veterans, seniors, and families, said the plan was overdue.")
    assert (a.source_name, a.source_type) == ("Lena Ortiz", "named_person")


def test_news_groups_by_what_they_do_are_unnamed_groups():
    for text in ("Farmers said the drought had cut their harvest in half.",
                 "Environmentalists warned that the pipeline would cross two rivers.",
                 "Chinese state commentators have said the islands are not negotiable."):
        assert only(text).source_type == "unnamed_group", text


def test_framing_and_singling_out_as_characterise_a_view():
    a = only("Politicians backing the curfew frame it as a way to keep teenagers safe.")
    assert (a.source.text, a.source_type, a.cue.text) == ("Politicians", "unnamed_group", "frame")
    b = only("Budget hawks have long singled out the ferry subsidy as a waste of state money.")
    assert (b.source.text, b.source_type, b.cue.text) == ("Budget hawks", "unnamed_group", "singled out")
    # without "as" the words are about pictures and selection, not a view
    assert find_attributions("The museum will frame the letters and hang them in the lobby.") == []


def test_people_described_by_a_name_end_in_a_plain_plural():
    for text, source in (("Transit planners said the rule had outlived its purpose.", "Transit planners"),
                         ("Earlier, Tesla engineers said the recall would take weeks.", "Tesla engineers"),
                         ("Mrs. Ortiz's advisers said she would not run again.", "Mrs. Ortiz's advisers")):
        a = only(text)
        assert (a.source.text, a.source_type) == (source, "unnamed_group"), text
    assert only("Huey Long said the bridge would be free.").source_type == "named_person"


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


def test_lamented_and_blasted_are_cues():
    a = only("Shop owners lamented that the detour had cut their foot traffic in half.")
    assert (a.source.text, a.source_type, a.cue.text) == ("Shop owners", "unnamed_group", "lamented")
    b = only("The union blasted the contract offer as an insult to its members.")
    assert (b.cue.text, b.source_type) == ("blasted", "named_organization")


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


# The shortcuts taken for speed must give what the plain computation gives.
_PROSE = ("In a statement on Tuesday -- hours after the vote -- the agency’s chief, Maria Ortiz, who has long argued "
          "that the bridge (built in 1962) is safe, and several engineers who inspected it (D-Calif.) said the repairs "
          "could wait; critics, though, warned that rust—visible from the road—was spreading, as residents noted. "
          "The count rose again -- the county health office on Tuesday released new figures showing it, officials said.")


def test_the_last_boundary_is_the_one_a_scan_from_the_start_ends_with():
    from audit.sources import _last_boundary, _rules

    rules = _rules(None)
    for start in (0, 7, 50, 200):
        for end in range(start, len(_PROSE) + 1):
            matches = list(rules.grammar.boundary.finditer(_PROSE, start, end))
            expected = (matches[-1].span(), matches[-1].group()) if matches else None
            found = _last_boundary(_PROSE, start, end, rules)
            assert ((found.span(), found.group()) if found else None) == expected, (start, end)


def test_words_of_a_stretch_read_off_a_wider_window_are_its_own_tokens():
    from audit.sources import _Stretch, _words, _words_within

    window = _Stretch(5, _words(_PROSE, 5, len(_PROSE) - 4))
    for start in range(0, 90, 2):
        for end in range(start, len(_PROSE) - 4, 5):
            assert _words_within(_PROSE, window, start, end) == _words(_PROSE, start, end), (start, end)


def test_the_words_near_a_cue_are_the_last_words_of_its_window():
    from audit.sources import _words, _words_near

    for lo in (0, 3, 40):
        for hi in range(lo, len(_PROSE) + 1):
            near = _words_near(_PROSE, lo, hi)
            whole = _words(_PROSE, lo, hi)
            assert lo <= near.start <= max(lo, hi - 80)
            assert near.words == whole[len(whole) - len(near.words):], (lo, hi)


def test_clause_boundary_words_are_found_as_whole_words_in_any_case():
    from audit.sources import _rules

    boundary = _rules(None).grammar.boundary
    text = ("Whom the council chose, who knows; Although late, though, the mayor -- whose aide asked how and "
            "whether -- said so, unless the vote failed, Whomever ANDERSON thanked, sonar-maker, whoever.")
    plain = re.compile(r"[,;:()\[\]“”\"«»—–]|(?<!\w)-{1,2}(?!\w)|(?<![\w’'\-])(?:that|and|but|or|as|when|while|"
                       r"because|after|before|since|if|although|though|where|so|which|what|how|whether|who|whom|"
                       r"than|until|unless)(?![\w’'\-])", re.IGNORECASE)
    found = [(m.span(), m.group()) for m in boundary.finditer(text)]
    assert found == [(m.span(), m.group()) for m in plain.finditer(text)]
    assert [g for _, g in found if g[0].isalpha()] == ["Whom", "who", "Although", "though", "how", "and", "whether",
                                                      "so", "unless"]


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
