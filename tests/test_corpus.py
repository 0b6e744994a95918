"""Loading corpora from files and auditing every row: nothing dropped, same order, same index."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

import audit.corpus as corpus_module
from audit.corpus import audit_chunks, audit_corpus, corpus_files, iter_corpus, load_corpus, provenance
from audit.schema import METRIC_COLUMNS, pandas_dtypes

# Three short articles written for these tests.
ARTICLES = {
    "budget": (
        "Council Approves Budget\n\n"
        "The city council voted 7-2 on Tuesday to approve a $48 million budget, Mayor Dana Ortiz said.\n\n"
        "\"This budget keeps every library open,\" Ortiz said at a news conference. Critics said the plan "
        "relied on optimistic sales tax forecasts.\n\n"
        "According to a report by the county auditor, reserves fell by 12 percent last year."
    ),
    "power": (
        "Storm Knocks Out Power to Thousands\n\n"
        "More than 20,000 homes lost power overnight as high winds swept through the valley, the utility "
        "said in a statement.\n\n"
        "Crews were expected to restore service by Friday, a spokesman said. Some residents may face longer "
        "outages, officials warned.\n\n"
        "\"We are working around the clock,\" said Lena Park, the utility's operations director."
    ),
    "schools": (
        "School District Weighs Later Start\n\n"
        "The school board is considering pushing back the start of the school day by 45 minutes, according "
        "to two people familiar with the discussions.\n\n"
        "Research suggests that teenagers who sleep longer perform better in class. The change could cost "
        "the district about $2 million a year in extra bus routes, a budget document shows."
    ),
}


def write_folder(folder):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def frame():
    return pd.DataFrame({"id": list(ARTICLES), "text": list(ARTICLES.values())})


# ------------------------------------------------------------------------------------------ load


def test_folder_of_txt_files_is_one_article_per_file_sorted_by_name(tmp_path):
    folder = write_folder(tmp_path / "articles")
    (folder / "notes.md").write_text("not an article")
    (folder / ".hidden.txt").write_text("editor backup")
    loaded = load_corpus(folder)
    assert loaded["id"].tolist() == ["budget", "power", "schools"]
    assert loaded["text"].tolist() == [ARTICLES[k] for k in ("budget", "power", "schools")]
    assert list(loaded.columns[:7]) == ["id", "title", "text", "outlet", "date", "url", "author"]
    assert loaded["source_file"].tolist() == [str(folder / f"{k}.txt") for k in ("budget", "power", "schools")]
    assert loaded["encoding_error"].tolist() == [False, False, False]
    assert loaded["outlet"].isna().all()


def test_same_corpus_from_folder_csv_tsv_jsonl_json_parquet_gives_identical_metric_rows(tmp_path):
    folder = write_folder(tmp_path / "articles")
    table = frame()
    table.to_csv(tmp_path / "a.csv", index=False)
    table.to_csv(tmp_path / "a.tsv", index=False, sep="\t")
    table.to_parquet(tmp_path / "a.parquet", index=False)
    with open(tmp_path / "a.jsonl", "w", encoding="utf-8") as out:
        for record in table.to_dict("records"):
            out.write(json.dumps(record) + "\n")
    (tmp_path / "a.json").write_text(json.dumps(table.to_dict("records")), encoding="utf-8")
    results = [audit_corpus(source, workers=1, progress=False)
               for source in (folder, tmp_path / "a.csv", tmp_path / "a.tsv", tmp_path / "a.jsonl",
                              tmp_path / "a.json", tmp_path / "a.parquet")]
    first = results[0][["id", *METRIC_COLUMNS]]
    assert first["words"].min() > 20  # real audits, not empty rows
    for other in results[1:]:
        pd.testing.assert_frame_equal(first, other[["id", *METRIC_COLUMNS]])


def test_column_map_names_the_text_and_id_columns(tmp_path):
    path = tmp_path / "feed.csv"
    pd.DataFrame({"story_id": ["007", "008"], "body": ["Rain is due Friday, forecasters said.", "NA"],
                  "desk": ["metro", "sports"]}).to_csv(path, index=False)
    loaded = load_corpus(path, id="story_id", text="body")
    assert loaded["id"].tolist() == ["007", "008"]  # ids stay text: leading zeros kept
    assert loaded["text"].tolist()[1] == "NA"  # "NA" is a word, not a missing value
    assert loaded["desk"].tolist() == ["metro", "sports"]  # other columns kept


def test_unknown_column_map_key_is_rejected():
    with pytest.raises(TypeError, match="unknown column mapping"):
        load_corpus("whatever.csv", body="text")


def test_table_without_the_text_column_names_its_columns(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text("id,body\n1,Some text here.\n")
    with pytest.raises(ValueError, match=r"no text column 'text' \(columns: id, body\)"):
        load_corpus(path)


def test_explicit_file_with_unknown_extension_names_the_supported_ones(tmp_path):
    path = tmp_path / "story.docx"
    path.write_bytes(b"PK")
    with pytest.raises(ValueError, match=r"unsupported file type '.docx'; supported: .txt, .html"):
        load_corpus(path)


def test_missing_path_is_file_not_found():
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        load_corpus("no/such/corpus.jsonl")


def test_folder_without_supported_files_is_an_error(tmp_path):
    (tmp_path / "readme.md").write_text("x")
    with pytest.raises(ValueError, match="no supported files"):
        corpus_files(tmp_path)


def test_invalid_utf8_is_replaced_and_flagged_not_fatal(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "good.txt").write_text("The mayor said the pool would open in June.", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"The caf\xe9 closed on Monday, the owner said.")
    loaded = load_corpus(folder).set_index("id")
    assert loaded.loc["bad", "encoding_error"] and not loaded.loc["good", "encoding_error"]
    assert "caf\ufffd closed" in loaded.loc["bad", "text"]


def test_invalid_utf8_in_a_csv_flags_only_the_rows_that_hold_it(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_bytes(b"id,text\n1,The caf\xe9 closed.\n2,The bakery stayed open.\n")
    loaded = load_corpus(path)
    assert loaded["encoding_error"].tolist() == [True, False]


def test_a_bad_jsonl_line_becomes_an_error_row_and_the_rest_load(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "a", "text": "The bridge reopened, officials said."}\n'
                    '{"id": "b", "text": \n'
                    '\n'
                    '["not", "an", "object"]\n'
                    '{"id": "d", "text": "The school closed early, the principal said."}\n', encoding="utf-8")
    loaded = load_corpus(path)
    assert loaded["id"].tolist() == ["a", "feed:2", "feed:4", "d"]
    assert loaded["load_error"].tolist()[1].startswith("line 2 is not valid JSON")
    scores = audit_corpus(loaded, workers=1, progress=False)
    assert scores["error"].isna().tolist() == [True, False, False, True]
    assert "is a JSON list" in scores.loc[2, "error"]


def test_json_that_is_not_json_is_a_clear_error(tmp_path):
    path = tmp_path / "feed.json"
    path.write_text('{"id": 1, "text": "x"}\n{"id": 2, "text": "y"}\n')
    with pytest.raises(ValueError, match="should be named .jsonl"):
        load_corpus(path)


def test_saved_web_page_goes_through_trafilatura_with_metadata(tmp_path):
    page = tmp_path / "bridge.html"
    page.write_text(
        "<html><head><title>Bridge Reopens | Valley Ledger</title><meta name='author' content='Ana Ruiz'>"
        "<meta property='og:site_name' content='Valley Ledger'><meta name='date' content='2024-03-05'></head>"
        "<body><nav>Home | News | Sports</nav><article><h1>Bridge Reopens</h1>"
        "<p>The Elm Street bridge reopened on Tuesday after six months of repairs, the city said.</p>"
        "<p>\"We are glad to have it back,\" said Mayor Tom Hale. Engineers found cracks in two supports "
        "last year, according to a state report.</p></article><footer>Copyright 2024</footer></body></html>",
        encoding="utf-8")
    row = load_corpus(page).iloc[0]
    assert row["id"] == "bridge"
    assert row["title"] == "Bridge Reopens"
    assert row["author"] == "Ana Ruiz"
    assert row["outlet"] == "Valley Ledger"
    assert row["date"] == "2024-03-05"
    assert "six months of repairs" in row["text"] and "Copyright" not in row["text"]


def test_page_without_article_text_is_an_error_row(tmp_path):
    (tmp_path / "empty.html").write_text("<html><body></body></html>")
    scores = audit_corpus(tmp_path, workers=1, progress=False)
    assert scores.loc[0, "error"] == "trafilatura found no article text in the page"


def test_iter_corpus_streams_chunks_of_at_most_chunksize(tmp_path):
    write_folder(tmp_path / "f")
    assert [len(c) for c in iter_corpus(tmp_path / "f", chunksize=2)] == [2, 1]
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps({"id": str(i), "text": "It rained."}) + "\n" for i in range(5)))
    chunks = list(iter_corpus(path, chunksize=2))
    assert [len(c) for c in chunks] == [2, 2, 1]
    assert [c["id"].tolist() for c in chunks][-1] == ["4"]


def test_rows_without_id_are_named_after_file_and_position(tmp_path):
    path = tmp_path / "wire.csv"
    path.write_text("text\nFirst story.\nSecond story.\n")
    assert load_corpus(path)["id"].tolist() == ["wire:1", "wire:2"]


# ----------------------------------------------------------------------------------------- audit


def test_output_keeps_order_index_and_metadata_and_adds_every_schema_column():
    data = frame().assign(outlet=["Ledger", "Courier", "Ledger"])
    data.index = [30, 10, 20]
    scores = audit_corpus(data, workers=1, progress=False)
    assert list(scores.index) == [30, 10, 20]
    assert scores["id"].tolist() == list(ARTICLES)
    assert scores["outlet"].tolist() == ["Ledger", "Courier", "Ledger"]
    assert list(scores.columns) == ["id", "text", "outlet", *METRIC_COLUMNS, "error"]
    assert {c: str(scores[c].dtype) for c in METRIC_COLUMNS} == pandas_dtypes()
    assert scores["error"].isna().all()
    assert scores["sentences"].tolist() == [4, 4, 3]


@pytest.mark.parametrize("bad, message", [
    (None, "text is None: expected a str; the row was kept with empty metrics"),
    (float("nan"), "text is float (NaN): expected a str; the row was kept with empty metrics"),
    (42, "text is int: expected a str; the row was kept with empty metrics"),
    (b"bytes", "text is bytes: expected a str (decode it first"),
])
def test_a_row_that_cannot_be_audited_carries_an_error_and_the_rest_go_on(bad, message):
    data = pd.DataFrame({"id": ["ok1", "bad", "ok2"],
                         "text": pd.Series([ARTICLES["budget"], bad, ARTICLES["power"]], dtype=object)})
    scores = audit_corpus(data, workers=1, progress=False)
    assert len(scores) == 3
    assert scores.loc[1, "error"].startswith(message)
    assert scores.loc[1, "words"] is pd.NA and math.isnan(scores.loc[1, "flesch_reading_ease"])
    assert scores.loc[0, "error"] is None and scores.loc[2, "words"] > 0


def test_empty_string_is_a_valid_empty_article():
    scores = audit_corpus(pd.DataFrame({"text": [""]}), workers=1, progress=False)
    assert scores.loc[0, "error"] is None
    assert scores.loc[0, "words"] == 0 and scores.loc[0, "sentences"] == 0
    assert math.isnan(scores.loc[0, "flesch_reading_ease"])


def test_a_detector_crash_on_one_article_is_reported_on_that_row(monkeypatch):
    real = corpus_module.audit_text

    def flaky(text, **kwargs):
        if "library" in text:
            raise RuntimeError("detector bug")
        return real(text, **kwargs)

    monkeypatch.setattr(corpus_module, "audit_text", flaky)
    scores = audit_corpus(frame(), workers=1, progress=False)
    assert scores["error"].tolist() == ["audit failed: RuntimeError: detector bug", None, None]


def test_text_col_names_another_column():
    data = pd.DataFrame({"body": [ARTICLES["schools"]]})
    assert audit_corpus(data, text_col="body", workers=1, progress=False).loc[0, "words"] > 20
    with pytest.raises(ValueError, match="no text column 'text'"):
        audit_corpus(data, workers=1, progress=False)


def test_worker_processes_give_the_same_rows_as_one_process():
    # Enough rows that the pool is really used (a handful runs in-process).
    data = pd.concat([frame()] * 14, ignore_index=True)
    data.loc[5, "text"] = None
    one = audit_corpus(data, workers=1, progress=False, chunksize=10)
    two = audit_corpus(data, workers=2, progress=False, chunksize=10)
    pd.testing.assert_frame_equal(one, two)
    assert one.loc[5, "error"].startswith("text is")


def test_chunked_audit_equals_one_chunk():
    data = pd.concat([frame()] * 3, ignore_index=True)
    pd.testing.assert_frame_equal(audit_corpus(data, workers=1, progress=False, chunksize=2),
                                  audit_corpus(data, workers=1, progress=False, chunksize=100))


def test_evidence_true_returns_scores_and_the_findings_table():
    scores, found = audit_corpus(frame(), workers=1, progress=False, evidence=True)
    assert len(scores) == 3
    assert set(found["id"]) <= set(ARTICLES)
    titles = found[(found["kind"] == "excluded") & (found["type"] == "title")]
    assert titles["text"].tolist() == [t.split("\n")[0] for t in ARTICLES.values()]


def test_provenance_is_in_attrs():
    scores = audit_corpus(frame().head(1), workers=1, progress=False)
    record = scores.attrs["news_audit"]
    assert record == provenance()
    assert record["textstat"] == "0.7.8" and record["schema_version"] == "1"
    assert set(record["config"]) == {"rules_dir", "claim_threshold", "transparency_weights", "infer_gender"}


def test_empty_frame_gives_an_empty_table_with_every_column():
    scores = audit_corpus(pd.DataFrame({"text": pd.Series([], dtype=object)}), workers=1, progress=False)
    assert len(scores) == 0 and list(scores.columns) == ["text", *METRIC_COLUMNS, "error"]


def test_audit_chunks_streams_in_order():
    chunks = [frame().iloc[:2], frame().iloc[2:]]
    out = [scores["id"].tolist() for scores, _ in audit_chunks(chunks, workers=1, progress=False)]
    assert out == [["budget", "power"], ["schools"]]


def test_progress_bar_is_off_under_ci_and_when_not_asked(monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert corpus_module._show_progress(True) is False
    monkeypatch.delenv("CI")
    assert corpus_module._show_progress(False) is False


def test_workers_must_be_positive():
    with pytest.raises(ValueError, match="workers must be at least 1"):
        audit_corpus(frame(), workers=0, progress=False)


def test_every_schema_column_comes_from_audit_text_not_from_the_corpus_fill_in():
    scores = audit_corpus(frame(), workers=1, progress=False)
    for column in ("attributions", "hedges", "claims", "transparency_index"):
        assert scores[column].notna().all(), column


def test_shipped_sample_gives_identical_rows_from_jsonl_csv_and_a_folder(tmp_path):
    sample = Path(__file__).resolve().parents[1] / "data" / "sample" / "articles.jsonl"
    if not sample.is_file():
        pytest.skip(f"{sample} is not in this checkout")
    loaded = load_corpus(sample).head(12)
    loaded[["id", "title", "text", "outlet"]].to_csv(tmp_path / "sample.csv", index=False)
    with open(tmp_path / "sample.jsonl", "w", encoding="utf-8") as out:
        for record in loaded[["id", "title", "text"]].to_dict("records"):
            out.write(json.dumps(record) + "\n")
    folder = tmp_path / "txt"
    folder.mkdir()
    for row in loaded.itertuples():
        (folder / f"{row.id}.txt").write_text(row.text, encoding="utf-8")  # a folder has no headline metadata
    rows = [audit_corpus(source, workers=1, progress=False)[["id", *METRIC_COLUMNS]]
            for source in (tmp_path / "sample.jsonl", tmp_path / "sample.csv", folder)]
    assert rows[0]["attributions"].sum() > 0
    pd.testing.assert_frame_equal(rows[0], rows[1])
    pd.testing.assert_frame_equal(rows[0], rows[2])


# ------------------------------------------------------------------------------------- streaming


def test_audit_corpus_on_a_path_with_output_streams_chunks_into_row_groups(tmp_path, monkeypatch):
    source = tmp_path / "feed.jsonl"
    with open(source, "w", encoding="utf-8") as out:
        for copy in range(3):
            for name, text in ARTICLES.items():
                out.write(json.dumps({"id": f"{name}-{copy}", "text": text}) + "\n")

    def whole_file(*args, **kwargs):
        raise AssertionError("streaming must not load the whole corpus")

    monkeypatch.setattr(corpus_module, "load_corpus", whole_file)
    target = tmp_path / "scores.parquet"
    run = audit_corpus(source, output=target, workers=1, progress=False, chunksize=2)
    assert isinstance(run, corpus_module.CorpusRun)
    assert (run.rows, run.failed, run.output) == (9, 0, target)
    import pyarrow.parquet as pq

    assert pq.ParquetFile(target).metadata.num_row_groups == 5  # 2+2+2+2+1 rows, written as they came
    written = pd.read_parquet(target)
    assert written["id"].tolist() == [f"{n}-{c}" for c in range(3) for n in ARTICLES]
    assert "text" not in written.columns  # the input is not copied into the scores
    monkeypatch.undo()
    in_memory = audit_corpus(source, workers=1, progress=False)
    pd.testing.assert_frame_equal(written[list(METRIC_COLUMNS)], in_memory[list(METRIC_COLUMNS)])


def test_streamed_findings_go_to_their_own_file(tmp_path):
    run = audit_corpus(frame(), output=tmp_path / "s.csv", evidence_output=tmp_path / "e.parquet",
                       workers=1, progress=False)
    found = pd.read_parquet(run.evidence_output)
    assert set(found["id"]) == set(ARTICLES) and len(pd.read_csv(run.output)) == 3
    with pytest.raises(ValueError, match="evidence_output="):
        audit_corpus(frame(), output=tmp_path / "t.csv", evidence=True, workers=1, progress=False)
    with pytest.raises(ValueError, match="cannot write"):
        audit_corpus(frame(), output=tmp_path / "t.xlsx", workers=1, progress=False)


def test_text_col_of_files_names_the_column_holding_the_text(tmp_path):
    path = tmp_path / "feed.csv"
    pd.DataFrame({"story": ["s1"], "body": [ARTICLES["power"]]}).to_csv(path, index=False)
    loaded = audit_corpus(path, text_col="body", workers=1, progress=False)
    streamed = audit_corpus(path, text_col="body", workers=1, progress=False, output=tmp_path / "s.jsonl")
    assert loaded.loc[0, "words"] > 20 and streamed.rows == 1
    assert pd.read_json(streamed.output, lines=True).loc[0, "words"] == loaded.loc[0, "words"]


@pytest.mark.parametrize("bad", [None, 123, b"articles.jsonl", [1, 2]])
def test_load_corpus_refuses_what_is_not_a_path_with_a_type_error(bad):
    with pytest.raises(TypeError, match="expected a path"):
        load_corpus(bad)


def test_a_missing_path_is_both_file_not_found_and_value_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        load_corpus(tmp_path / "missing.csv")
    with pytest.raises(ValueError, match="no such file or folder"):
        load_corpus(tmp_path / "missing.csv")
