"""Reading corpora from files, folders and tables: one row per article, every problem a clear error or an error row."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from audit.corpus import audit_corpus
from audit.reading import corpus_files, iter_corpus, load_corpus
from audit.schema import METRIC_COLUMNS
from corpus_texts import ARTICLES, frame, write_folder


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


@pytest.mark.parametrize("bad", [None, 123, b"articles.jsonl", [1, 2]])
def test_load_corpus_refuses_what_is_not_a_path_with_a_type_error(bad):
    with pytest.raises(TypeError, match="expected a path"):
        load_corpus(bad)


def test_a_missing_path_is_both_file_not_found_and_value_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        load_corpus(tmp_path / "missing.csv")
    with pytest.raises(ValueError, match="no such file or folder"):
        load_corpus(tmp_path / "missing.csv")


def test_a_dataframe_given_to_load_corpus_is_a_type_error_saying_it_is_already_loaded():
    articles = pd.DataFrame({"id": ["n1"], "text": ["The ferry ran late, the operator said."]})
    with pytest.raises(TypeError, match=r"got a DataFrame: it is already loaded, so pass it to audit_corpus"):
        load_corpus(articles)
    with pytest.raises(TypeError, match="got dict"):
        load_corpus({"feed.csv": "text"})
