"""A class checks the checker: Krippendorff's alpha on the published example, students against the
tool and each other on one article, and the spans to discuss."""
from __future__ import annotations

import json
import math

import pytest

from audit.validation import compare_class, krippendorff_alpha, read_class


def test_alpha_equals_krippendorffs_worked_example():
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers,
    # 12 units, nominal data; alpha = 0.743.
    rows = [("1", "1", None, "1"), ("2", "2", "3", "2"), ("3", "3", "3", "3"), ("3", "3", "3", "3"),
            ("2", "2", "2", "2"), ("1", "2", "3", "4"), ("4", "4", "4", "4"), ("1", "1", "2", "1"),
            ("2", "2", "2", "2"), (None, "5", "5", "5"), (None, None, "1", "1"), (None, "3", None, None)]
    assert krippendorff_alpha(rows) == pytest.approx(0.743, abs=5e-4)


def test_alpha_edges():
    assert krippendorff_alpha([["a", "a"], ["b", "b"]]) == 1.0
    assert math.isnan(krippendorff_alpha([["a", "a"], ["a", "a"]]))  # no variation: nothing to agree on
    assert math.isnan(krippendorff_alpha([["a", None]]))  # nothing pairable


STUDENTS = [
    # Ana: marks the deckhand as the anonymous source, and the two named sources
    ("ana", "source", "the Harbor Transit Authority", "named_organization"),
    ("ana", "source", "Carla Denning", "named_person"),
    ("ana", "source", "A deckhand who asked not to be named", "anonymous"),
    ("ana", "source", "Critics", "unnamed_group"),
    ("ana", "hedge", "may", None),
    # Ben: the same sources, but calls the deckhand an unnamed person
    ("ben", "source", "the Harbor Transit Authority", "named_organization"),
    ("ben", "source", "Carla Denning", "named_person"),
    ("ben", "source", "A deckhand", "anonymous"),
    ("ben", "source", "critics", "unnamed_group"),
    ("ben", "source", "a budget memo", "document"),
    ("ben", "hedge", "may", None),
    # Cleo: misses Critics, marks "Critics say" as a weasel
    ("cleo", "source", "Harbor Transit Authority", "named_organization"),
    ("cleo", "source", "Carla Denning", "named_person"),
    ("cleo", "source", "deckhand", "anonymous"),
    ("cleo", "source", "a budget memo", "document"),
    ("cleo", "weasel", "Critics say", None),
    ("cleo", "hedge", "may", None),
]


@pytest.fixture
def class_file(tmp_path):
    path = tmp_path / "class.jsonl"
    path.write_text("".join(json.dumps({"article_id": "lh-01", "annotator": who, "kind": kind, "text": text,
                                        "source_type": source_type, "official": None, "note": ""}) + "\n"
                            for who, kind, text, source_type in STUDENTS), encoding="utf-8")
    return path


def test_students_are_compared_with_the_tool_and_each_other(class_file, articles, results):
    annotations = read_class(class_file, articles)
    assert annotations.annotators == ("ana", "ben", "cleo")
    comparison = compare_class(annotations, results)
    units = comparison.units
    deckhand = units[units.text.str.contains("deckhand")].iloc[0]
    assert (deckhand.ana, deckhand.ben, deckhand.cleo) == ("anonymous",) * 3
    assert deckhand.tool == "(none)"  # the tool marked "speak", a separate place
    disagreements = comparison.disagreements
    assert {"A deckhand who asked not to be named", "speak"} <= set(disagreements.text)
    speak = disagreements[disagreements.text == "speak"].iloc[0]
    assert (speak["class"], speak.tool) == ("(none)", "anonymous")
    assert "Harbor Transit Authority" not in " ".join(disagreements.text)  # everyone agrees there
    assert 0 < comparison.alpha["sources"] <= 1
    assert comparison.alpha_with_tool["sources"] < comparison.alpha["sources"]  # the tool's miss pulls it down
    assert list(comparison.students.index) == ["ana", "ben", "cleo"]
    assert comparison.students.loc["ben", "marks"] == 6


def test_hedging_family_treats_a_weasel_and_a_hedge_on_the_same_words_as_one_place(class_file, articles, results):
    comparison = compare_class(read_class(class_file, articles), results, families=("hedging",))
    critics = comparison.units[comparison.units.text.str.startswith("Critics")].iloc[0]
    assert (critics.cleo, critics.tool, critics.ana) == ("weasel", "weasel", "(none)")


def test_bad_class_files_name_every_line(tmp_path, articles):
    path = tmp_path / "class.jsonl"
    lines = [{"article_id": "lh-01", "annotator": "ana", "kind": "gossip", "text": "may"},
             {"article_id": "lh-01", "annotator": "ana", "kind": "source", "text": "the mayor", "source_type": "named_person"},
             {"article_id": "zz", "annotator": "ana", "kind": "hedge", "text": "may"},
             {"article_id": "lh-01", "annotator": "ana", "kind": "source", "text": "Critics", "source_type": "crowd"}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        read_class(path, articles)
    message = str(caught.value)
    assert "4 line(s) to fix" in message
    assert "line 1: unknown kind 'gossip'" in message and "line 2: 'the mayor' is not in article lh-01" in message
    assert "line 3: article 'zz'" in message and "line 4: unknown source_type 'crowd'" in message


def test_one_student_is_not_a_class(tmp_path, articles, results):
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"article_id": "lh-01", "kind": "hedge", "text": "may"}) + "\n", encoding="utf-8")
    annotations = read_class(path, articles)
    assert annotations.annotators == ("one",)  # no annotator field: the file's name
    with pytest.raises(ValueError, match="at least two students"):
        compare_class(annotations, results)


def test_the_shipped_classroom_file_reads_against_the_sample_corpus():
    import audit
    from conftest import REPO

    corpus = audit.load_corpus(REPO / "data" / "sample" / "articles.jsonl")
    annotations = read_class(REPO / "data" / "classroom" / "annotations.jsonl", corpus)
    assert len(annotations.spans) == sum(1 for line in (REPO / "data" / "classroom" / "annotations.jsonl")
                                         .read_text(encoding="utf-8").splitlines() if line.strip())


def test_each_students_spreadsheet_combines_into_one_class(articles, results):
    from audit.validation import combine, export_sheet, read_sheet

    ferry = articles[articles.id == "lh-01"]
    sheets = {}
    for student, rejects in (("ana", {"speak"}), ("ben", {"speak", "a budget memo"})):
        sheet = export_sheet(ferry, results=results, kinds=["attribution"], blank_rows=1)
        sheet.loc[sheet.kind != "", "verdict"] = ["no" if t in rejects else "yes" for t in sheet.loc[sheet.kind != "", "text"]]
        sheets[student] = read_sheet(sheet, ferry, annotator=student)
    comparison = compare_class(combine(sheets), results, families=("sources",))
    assert list(comparison.students.index) == ["ana", "ben"]
    memo = comparison.units[comparison.units.text == "a budget memo"].iloc[0]
    assert (memo.ana, memo.ben, memo.tool) == ("document", "(none)", "document")
    votes = comparison.disagreements.set_index("text")["class"].to_dict()
    assert votes == {"speak": "(none)", "a budget memo": "split"}  # a split class is worth discussing too
