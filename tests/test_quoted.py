"""Who is quoted: the sources table, the distinct-source view and the most quoted across a corpus."""
from __future__ import annotations

import pandas as pd
import pytest

import audit
from audit.schema import SOURCES_COLUMNS

STORY = ("Harbor City will close the Ninth Street pier for repairs, Mayor Gloria Feldstein said on Monday. "
         "“The pilings are rotten,” Feldstein said. “We cannot wait.”\n\n"
         "Dock owner Tom Radcliffe said he would lose a summer of business. “It is a hard blow,” he said.\n\n"
         "A fisherman said the city had warned them for years. The city said the work would take eight weeks.")


def test_one_row_per_body_attribution_with_canonical_names_and_gender():
    table = audit.sources_table(audit.audit_text(STORY, title="Pier to close"), ids=["p1"])
    assert list(table.columns) == [c for c, _ in SOURCES_COLUMNS]
    mayor = table[table["source_name"] == "Gloria Feldstein"]
    assert set(mayor["source"].dropna()) >= {"Mayor Gloria Feldstein", "Feldstein"}
    assert mayor["official"].all() and set(mayor["gender"]) == {"female"}
    assert mayor["source_title"].iloc[0] == "Mayor"
    tom = table[table["source_name"] == "Tom Radcliffe"]
    assert set(tom["gender"]) == {"male"} and set(tom["source"]) >= {"he"}
    text = STORY
    for start, end in table[["start", "end"]].values:
        assert 0 <= start < end <= len(text)
    assert (table["id"] == "p1").all()


def test_distinct_sources_counts_attributions_per_person_per_article():
    table = audit.distinct_sources(audit.sources_table({"p1": audit.audit_text(STORY)}))
    rows = {name: row for name, row in zip(table["source_name"], table.itertuples())}
    assert rows["Gloria Feldstein"].attributions == 3  # the quotation paragraph goes on: continued
    assert rows["Gloria Feldstein"].direct == 2
    assert rows["Tom Radcliffe"].attributions == 2
    assert rows["Tom Radcliffe"].gender == "male"
    assert len(table) == len(set(zip(table["id"], table["source_name"], table["source_type"])))


def _corpus() -> pd.DataFrame:
    return pd.DataFrame({
        "id": ["a1", "a2", "a3", "b1"],
        "outlet": ["Ledger", "Ledger", "Ledger", "Herald"],
        "date": ["2024-01-02", "2024-02-03", "2024-03-04", "2024-01-05"],
        "text": ["Budget talks stalled, Mayor Gloria Feldstein said. Ruiz said nothing.",
                 "The pier will reopen, Gloria Feldstein said. Ruiz said the council agreed.",
                 "Fares rose, said Gloria Feldstein. Tom Radcliffe said riders were angry.",
                 "Gloria Feldstein said the mill would close. Tom Radcliffe said he was sorry."],
    })


def test_a_corpus_frame_is_audited_and_keeps_its_outlet_and_date():
    table = audit.sources_table(_corpus())
    assert {"outlet", "date"} <= set(table.columns)
    assert table.loc[table["id"] == "b1", "outlet"].unique().tolist() == ["Herald"]


def test_most_quoted_merges_full_names_across_articles_but_not_bare_surnames():
    table = audit.most_quoted(audit.sources_table(_corpus()), by="outlet", top=5)
    ledger = table[table["outlet"] == "Ledger"]
    first = ledger.iloc[0]
    assert (first["source_name"], first["articles"], first["gender"]) == ("Gloria Feldstein", 3, "female")
    ruiz = ledger[ledger["source_name"].str.startswith("Ruiz")]
    assert len(ruiz) == 2 and (ruiz["articles"] == 1).all()  # two articles' Ruiz may be two people
    herald = table[table["outlet"] == "Herald"]
    assert set(herald["source_name"]) == {"Gloria Feldstein", "Tom Radcliffe"}


def test_most_quoted_over_the_whole_corpus_and_top():
    table = audit.most_quoted(audit.sources_table(_corpus()), by=None, top=1)
    assert table[["source_name", "articles"]].values.tolist() == [["Gloria Feldstein", 4]]


def test_bad_input_gets_clear_errors():
    with pytest.raises(TypeError, match="sources_table"):
        audit.sources_table("not an audit")
    with pytest.raises(ValueError, match="2 ids for 1 audits"):
        audit.sources_table([audit.audit_text(STORY)], ids=["a", "b"])
    table = audit.sources_table(audit.audit_text(STORY))
    with pytest.raises(ValueError, match="missing column"):
        audit.most_quoted(table, by="outlet")
    with pytest.raises(ValueError, match="top must be"):
        audit.most_quoted(table, by=None, top=0)


def test_sources_match_the_scorecard_counts_of_women():
    scores = audit.audit_corpus(_corpus(), workers=1, progress=False)
    people = audit.distinct_sources(audit.sources_table(_corpus()))
    people = people[people["source_type"].isin(["named_person", "unnamed_person"])]
    per_article = people.groupby("id")["gender"].apply(lambda g: int((g == "female").sum()))
    assert per_article.to_dict() == scores.set_index("id")["sources_female"].astype(int).to_dict()


def test_stream_corpus_writes_the_same_sources_as_sources_table(tmp_path):
    run = audit.stream_corpus(_corpus(), tmp_path / "s.csv", sources_output=tmp_path / "who.csv", workers=1,
                              progress=False)
    written = pd.read_csv(run.sources_output)
    here = audit.sources_table(_corpus())
    assert written["source_name"].tolist() == here["source_name"].tolist()
    assert written["outlet"].tolist() == here["outlet"].tolist()
