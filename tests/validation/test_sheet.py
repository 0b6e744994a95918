"""The annotation spreadsheet: export, fill in known answers, read back, agreement as counted by hand;
bad sheets give one clear error naming every row, and the file is left as it was."""
from __future__ import annotations

import pandas as pd
import pytest

from audit.validation import SHEET_COLUMNS, agreement, export_sheet, read_sheet


def fill(sheet: pd.DataFrame) -> pd.DataFrame:
    """An annotator's answers, given by the words of each row so the test reads like the sheet."""
    sheet = sheet.copy()
    sheet["verdict"] = "yes"
    by_text = {text: i for i, text in zip(sheet.index, sheet["text"])}
    sheet.loc[sheet.kind == "claim", "verdict"] = "no"
    sheet.loc[by_text["Critics"], "verdict"] = "no"                   # the annotator: a weasel, not a source
    sheet.loc[by_text["about $80,000"], "verdict"] = "No"             # an approximator, not a hedge (any case)
    sheet.loc[by_text["Officials"], "source_type"] = "named organization"  # officials of the named city
    sheet.loc[by_text["Carla Denning"], "official"] = "yes"           # she speaks for a public authority
    sheet.loc[by_text["speak"], "text"] = "A deckhand who asked not to be named"  # the right source words
    blank = sheet.index[sheet.row_id == "cv-02:missed:1"][0]
    sheet.loc[blank, ["kind", "text"]] = ["hedge", "would"]           # a hedge the tool missed
    sheet.loc[sheet.row_id == "lh-01:missed:1", ["kind", "text", "source_type"]] = [
        "source", "the Ledger", "named_organization"]                 # an added row in the classroom's words
    return sheet


def test_export_has_one_row_per_finding_and_blank_rows_for_misses(articles, results):
    sheet = export_sheet(articles, results=results, blank_rows=2)
    assert list(sheet.columns) == list(SHEET_COLUMNS)
    assert (sheet.row_id.str.contains(":missed:")).sum() == 4
    tool_rows = sheet[~sheet.row_id.str.contains(":missed:")]
    for row in tool_rows.itertuples():
        text = articles.set_index("id").loc[row.article_id, "text"]
        assert text[row.start:row.end] == row.text
    assert set(tool_rows.kind) == {"attribution", "hedge", "weasel", "booster", "claim"}
    assert (tool_rows.verdict == "").all()  # the verdict is the annotator's, never pre-filled
    speak = tool_rows[tool_rows.text == "speak"].iloc[0]
    assert speak.tool_source_type == "anonymous" and "deckhand" in speak.context


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_round_trip_gives_the_agreement_counted_by_hand(tmp_path, articles, results, suffix):
    if suffix == ".xlsx":
        pytest.importorskip("openpyxl")
    path = tmp_path / f"sheet{suffix}"
    sheet = export_sheet(articles, path, results=results)
    filled = fill(sheet)
    if suffix == ".csv":
        filled.to_csv(path, index=False, encoding="utf-8-sig")
    else:
        filled.to_excel(path, index=False)
    annotations = read_sheet(path, articles, annotator="rosa")
    assert annotations.articles == ("lh-01", "cv-02")
    assert annotations.annotators == ("rosa",)
    spans = annotations.spans
    text = dict(zip(articles.id, articles.text))
    assert all(text[r.article_id][r.start:r.end] == r.text for r in spans.itertuples())
    assert "A deckhand who asked not to be named" in set(spans.text) and "speak" not in set(spans.text)
    assert spans.loc[spans.text == "Officials", "source_type"].item() == "named_organization"
    assert bool(spans.loc[spans.text == "Carla Denning", "official"].item()) is True
    assert spans.loc[spans.text == "Mayor Ines Okafor", "source_type"].item() == "named_person"  # blank keeps

    # By hand, from the filled sheet: every tool row of a kind is the tool's; "yes" rows are found by
    # both; added rows are the annotator's alone.
    tool_rows = filled[~filled.row_id.str.contains(":missed:")]
    expected = {}
    for kind in ("attribution", "hedge", "weasel", "booster", "claim"):
        rows = tool_rows[tool_rows.kind == kind]
        both = int(rows.verdict.str.lower().eq("yes").sum())
        added = int(((filled.kind == kind) | ((kind == "attribution") & (filled.kind == "source")))
                    [filled.row_id.str.contains(":missed:")].sum())
        expected[kind] = (len(rows), both + added, both)
    table = agreement(results, annotations, n_boot=200).table
    got = {r.kind: (r.tool, r.annotated, r.both) for r in table[table.label == "all"].itertuples()
           if r.kind != "hedging"}
    assert got == expected
    assert expected["attribution"] == (9, 9, 8) and expected["hedge"] == (2, 2, 1)
    anonymous = table[(table.kind == "attribution") & (table.label == "anonymous")].iloc[0]
    assert (anonymous.tool, anonymous.both) == (1, 1)  # the deckhand: found, with the wrong words, same type
    organisations = table[(table.kind == "attribution") & (table.label == "named_organization")].iloc[0]
    assert (organisations.tool, organisations.annotated, organisations.both) == (1, 3, 1)


def test_a_bad_sheet_names_every_problem_and_changes_nothing(tmp_path, articles, results):
    path = tmp_path / "sheet.csv"
    sheet = fill(export_sheet(articles, results=results))
    sheet.loc[0, "verdict"] = "maybe"
    sheet.loc[1, "source_type"] = "anonymus"
    sheet.loc[2, "verdict"] = ""
    sheet.loc[3, "article_id"] = "zz-99"
    sheet.loc[sheet.row_id == "cv-02:missed:2", ["kind", "text"]] = ["hedge", "perhaps"]
    sheet.loc[sheet.row_id == "cv-02:missed:3", ["kind", "text"]] = ["attribution", "Mayor"]
    sheet.loc[sheet.row_id == "lh-01:missed:2", ["kind", "text"]] = ["rumour", "Critics"]
    sheet.to_csv(path, index=False, encoding="utf-8-sig")
    before = path.read_bytes()
    with pytest.raises(ValueError) as caught:
        read_sheet(path, articles)
    message = str(caught.value)
    assert "7 row(s) to fix" in message and "nothing was read" in message
    assert "row 2 (lh-01:attribution:1): verdict 'maybe' is neither yes nor no" in message
    assert "row 3 (lh-01:attribution:2): unknown source_type 'anonymus'" in message
    assert "row 4 (lh-01:attribution:3): verdict is blank" in message
    assert "row 5 (lh-01:attribution:4): article 'zz-99' is not in the sample" in message
    assert "'perhaps' is not in article cv-02" in message
    assert "an added attribution needs a source_type" in message
    assert "unknown kind 'rumour'" in message
    assert path.read_bytes() == before


def test_a_missing_column_is_named(articles, results):
    sheet = export_sheet(articles, results=results).drop(columns=["verdict"])
    with pytest.raises(ValueError, match=r"missing column\(s\) \['verdict'\]"):
        read_sheet(sheet, articles)


def test_blank_rows_left_blank_are_ignored_and_a_withdrawn_row_is_not_counted(articles, results):
    sheet = export_sheet(articles, results=results, kinds=["hedge"])
    sheet.loc[~sheet.row_id.str.contains(":missed:"), "verdict"] = "y"
    sheet.loc[sheet.row_id == "cv-02:missed:1", ["kind", "text", "verdict"]] = ["hedge", "would", "no"]
    annotations = read_sheet(sheet, articles)
    assert sorted(annotations.spans.text) == ["about $80,000", "may"]
    assert annotations.kinds == ("hedge",)


def test_formula_like_text_is_neutralised_in_the_file_and_restored_on_reading(tmp_path):
    text = "=SUM(A1) is what the spreadsheet showed, a clerk said."
    article = pd.DataFrame({"id": ["x1"], "text": [text]})
    path = tmp_path / "sheet.csv"
    export_sheet(article, path, kinds=["attribution"], blank_rows=1)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert raw.loc[0, "context"].startswith("'=SUM")  # a spreadsheet shows it, never runs it
    raw.loc[0, "verdict"] = "yes"
    raw.loc[1, ["kind", "text", "source_type"]] = ["attribution", "'=SUM(A1)", "document"]  # as written back
    raw.to_csv(path, index=False, encoding="utf-8-sig")
    spans = read_sheet(path, article).spans
    assert sorted(spans.text) == ["=SUM(A1)", "a clerk"]
