"""Gender of quoted people: evidence from the text first, then the first-name table; unknown when in doubt."""
from __future__ import annotations

import math

import pytest

import audit
from audit.gender import (NAME_MIN_BIRTHS, NAME_MIN_SHARE, UNKNOWN, gender_metrics, gender_rules, gender_words,
                          infer_genders, name_gender, people_keys, proper_name)
from audit.lexicon import load_rules
from audit.sources import find_attributions


def _genders(text: str) -> dict[str, tuple[str | None, str | None]]:
    """canonical name (or source words) -> (gender, rule), for every attribution of the text."""
    found = find_attributions(text)
    calls = infer_genders(found, text)
    return {key[1]: (call.gender, call.rule) for key, call in zip(people_keys(found), calls) if key is not None}


def test_a_common_first_name_decides_when_the_text_says_nothing():
    genders = _genders("Water rates will rise 8% in July, Marisol Okonkwo said. Dale Prentiss said the board "
                       "had no choice.")
    assert genders["Marisol Okonkwo"] == ("female", "name.marisol")
    assert genders["Dale Prentiss"][0] is None or genders["Dale Prentiss"] == ("male", "name.dale")


def test_a_name_the_table_does_not_know_stays_unknown():
    genders = _genders("The harvest was the worst in a decade, Xochitlan Brevik said on Monday.")
    assert genders["Xochitlan Brevik"] == (None, None)


def test_a_name_used_by_both_sexes_stays_unknown_without_other_evidence():
    genders = _genders("The ferry will keep its winter schedule, Jordan Ellery said. Taylor Vance said fares "
                       "would not change.")
    assert genders["Jordan Ellery"] == (None, None)
    assert genders["Taylor Vance"] == (None, None)


def test_a_name_used_by_both_sexes_takes_the_pronoun_resolved_to_the_person():
    text = ("The ferry will keep its winter schedule, Jordan Ellery said. “We heard the islanders,” she said "
            "at the terminal.")
    assert _genders(text)["Jordan Ellery"] == ("female", "pron.she")


def test_a_pronoun_after_a_longer_word_holding_the_surname_is_not_read_as_the_persons():
    text = ("The ferry will keep its winter schedule, Jordan Ellery said. Staff at Ellerybrook Marina said she was "
            "away, and the Ellery-Vance family said he had left.")
    assert _genders(text)["Jordan Ellery"] == (None, None)
    # The same pronoun after the surname itself, possessive included, is read.
    text = text.replace("Staff at Ellerybrook Marina", "Ellery’s office")
    assert _genders(text)["Jordan Ellery"][0] == "female"


def test_a_contracted_pronoun_after_the_name_is_the_pronoun():
    text = ("The ferry will keep its winter schedule, Jordan Ellery said. Ellery said she’s heard from "
            "islanders all week.")
    assert _genders(text)["Jordan Ellery"][0] == "female"


def test_a_woman_quoted_after_a_man_keeps_her_own_gender():
    text = ("Tom Radcliffe, who owns the marina, said the dock would be rebuilt by spring. “It has to be,” he "
            "said. Later, Priya Sandoval said the permits were not ready. “Nobody has applied yet,” she said.")
    genders = _genders(text)
    assert genders["Tom Radcliffe"][0] == "male"
    assert genders["Priya Sandoval"][0] == "female"


def test_honorifics_and_gendered_titles_beat_the_first_name():
    text = ("Councilwoman Robin Tate said the vote would wait. Ms. Tate called the delay regrettable, she added. "
            "“We will vote in March,” said Kim Odell, a spokesman for the mayor.")
    genders = _genders(text)
    assert genders["Robin Tate"][0] == "female"
    assert genders["Kim Odell"] == ("male", "gender.spokesman")


def test_mr_before_a_surname_anywhere_in_the_article_counts():
    text = ("Lee Harrow said the mill would stay open. Mr. Harrow has run it since 1998. The union agreed, "
            "its president said.")
    assert _genders(text)["Lee Harrow"] == ("male", "gender.mr")


def test_unnamed_people_get_a_gender_only_from_the_text():
    text = ("“The water came up to the second step,” a woman said. A longtime resident said the drains were "
            "blocked. A nurse said the ward was full. “We turned people away,” she said.")
    genders = _genders(text)
    assert genders["woman"] == ("female", "gender.woman")
    assert genders["longtime resident"] == (None, None)
    assert genders["nurse"] == ("female", "pron.she")


def test_organisations_and_documents_get_no_gender():
    text = "The county said the road would reopen. A report by the state auditor found delays, the report said."
    for gender, _ in _genders(text).values():
        assert gender is None


def test_conflicting_honorifics_leave_the_person_unknown():
    text = "Sam Ortiz said the plan was sound. Mr. Ortiz and Ms. Ortiz both signed the letter, he said."
    assert _genders(text)["Sam Ortiz"][0] is None


def test_name_table_thresholds_are_applied_as_documented():
    rows = {r["id"]: (int(r["female"]), int(r["male"])) for r in load_rules("gender_names.tsv")}
    assert len(rows) > 5000
    known = gender_rules().names
    for name_id, (female, male) in list(rows.items())[::97]:
        name = name_id.removeprefix("name.")
        total = female + male
        decided = known.get(name)
        if total >= NAME_MIN_BIRTHS and max(female, male) >= NAME_MIN_SHARE * total:
            assert decided is not None and decided[1] == ("female" if female > male else "male"), name
        else:
            assert decided is None, name


def test_hyphenated_first_names_count_only_when_the_parts_agree():
    assert name_gender("Mary-Kate").gender == "female"
    assert name_gender("Jean-Pierre").gender is None  # the US table reads Jean and Pierre differently


def test_proper_name_drops_places_jobs_and_organisations_before_the_name():
    assert proper_name("Eastvale's Dora Quist") == "Dora Quist"
    assert proper_name("Rentals.io CEO Matt Danner") == "Matt Danner"
    assert proper_name("Dora Quist") == "Dora Quist"


def test_a_bare_surname_joins_the_one_full_name_it_ends():
    found = find_attributions("Erin Lasko said no. Later, Lasko. said it again.")
    keys = people_keys(found)
    assert keys[0] == keys[-1] == ("named_person", "Erin Lasko")


def test_gender_words_are_the_data_file_rows():
    words = gender_words()
    assert words["congresswoman"] == "f" and words["mr."] == "m"
    assert "chairman" not in words  # used for women too: it says nothing


def test_metrics_count_distinct_people_not_attributions():
    text = ("Ana Ruiz said the bridge would close. “It is not safe,” she said. Ruiz said repairs would take a "
            "year. Tom Hale said he disagreed. Jordan Ellery said nothing was decided. The city said it would "
            "publish the report.")
    result = audit.audit_text(text)
    m = result.metrics
    assert (m["sources_female"], m["sources_male"], m["sources_gender_unknown"]) == (1, 1, 1)
    assert m["share_female_sources"] == pytest.approx(0.5)


def test_metrics_share_is_nan_without_gendered_people():
    m = audit.audit_text("The county said the road would reopen on Friday.").metrics
    assert (m["sources_female"], m["sources_male"], m["sources_gender_unknown"]) == (0, 0, 0)
    assert math.isnan(m["share_female_sources"])


def test_infer_gender_false_turns_it_all_off():
    text = "Ana Ruiz said the bridge would close. Tom Hale said he disagreed."
    on = audit.audit_text(text).metrics
    off = audit.audit_text(text, config=audit.AuditConfig(infer_gender=False)).metrics
    assert (on["sources_female"], on["sources_male"]) == (1, 1)
    assert (off["sources_female"], off["sources_male"], off["sources_gender_unknown"]) == (0, 0, 2)
    assert math.isnan(off["share_female_sources"])
    with pytest.raises(ValueError, match="infer_gender"):
        audit.AuditConfig(infer_gender="yes")


def test_a_rules_dir_row_adds_a_name(tmp_path):
    (tmp_path / "gender_names.tsv").write_text("id\tfemale\tmale\nname.xochitlan\t5000\t10\n", encoding="utf-8")
    config = audit.AuditConfig(rules_dir=str(tmp_path))
    text = "The harvest was the worst in a decade, Xochitlan Brevik said on Monday."
    assert audit.audit_text(text).metrics["sources_female"] == 0
    assert audit.audit_text(text, config=config).metrics["sources_female"] == 1


def test_gender_metrics_leave_headline_attributions_out():
    found = find_attributions("Ruiz says bridge will close\n\nAna Ruiz said the bridge would close.",
                              title="Ruiz says bridge will close")
    assert gender_metrics(found, [UNKNOWN] * len(found))["sources_gender_unknown"] == 1


def test_the_end_of_a_longer_name_joins_that_name():
    found = find_attributions("Officials said Sutopo Purwo Nugroho would speak. “The toll will rise,” said Sutopo "
                              "Purwo Nugroho, a spokesman. Purwo Nugroho said more boats were coming.")
    named = {k for k in people_keys(found) if k and k[0] == "named_person"}
    assert named == {("named_person", "Sutopo Purwo Nugroho")}


def test_a_surname_particle_is_not_read_as_a_first_name():
    # "Al Hashish", written after "Fouzia": "Al" begins the surname, and the pronouns decide
    genders = _genders("Fouzia Al Hashish came to Canada in 2016. “I am a Canadian,” Al Hashish said. “We can "
                       "borrow the money,” she says.")
    assert genders["Al Hashish"][0] == "female"
    # after a title, "Al" is still a first name
    genders = _genders("Former Vice-President Al Gorton spoke in Ottawa. “The climate is changing,” Al Gorton said.")
    assert genders["Al Gorton"] == ("male", "name.al")


@pytest.mark.parametrize("text, name, gender", [
    # Commonwealth offices are titles, not first names
    ("Premier Dale Forsyth said the bill would pass.", "Dale Forsyth", None),
    ("Ontario Premier Greg Forsyth said the bill would pass.", "Greg Forsyth", "male"),
    ("Vice-President Karen Holt said the bill would pass.", "Karen Holt", "female"),
    ("NDP MPP Laura Quist said the deal was bad.", "Laura Quist", "female"),
])
def test_an_office_before_the_name_is_not_its_first_name(text, name, gender):
    genders = _genders(text)
    assert name in genders and (gender is None or genders[name][0] == gender)
