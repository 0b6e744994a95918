"""Auditing every row of a corpus: nothing dropped, same order, same index."""
from __future__ import annotations

import json
import logging
import math
import warnings
from pathlib import Path

import pandas as pd
import pytest

import audit.corpus as corpus_module
import audit.engine as engine_module
from audit.corpus import (CorpusAudit, audit_chunks, audit_corpus, audit_corpus_with_evidence, load_corpus,
                          provenance, stream_corpus)
from audit.schema import METRIC_COLUMNS, pandas_dtypes
from corpus_texts import ARTICLES, frame

# ----------------------------------------------------------------------------------------- audit


def test_output_keeps_order_index_and_metadata_and_adds_every_schema_column():
    data = frame().assign(outlet=["Ledger", "Courier", "Ledger"])
    data.index = [30, 10, 20]
    scores = audit_corpus(data, workers=1, progress=False)
    assert list(scores.index) == [30, 10, 20]
    assert scores["id"].tolist() == list(ARTICLES)
    assert scores["outlet"].tolist() == ["Ledger", "Courier", "Ledger"]
    assert list(scores.columns) == ["id", "text", "outlet", *METRIC_COLUMNS, "warnings", "error"]
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
    real = engine_module.audit_text

    def flaky(text, **kwargs):
        if "library" in text:
            raise RuntimeError("detector bug")
        return real(text, **kwargs)

    monkeypatch.setattr(engine_module, "audit_text", flaky)
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


def test_audit_corpus_with_evidence_gives_the_scores_and_the_findings_table():
    result = audit_corpus_with_evidence(frame(), workers=1, progress=False)
    scores, found = result.scores, result.evidence
    assert isinstance(result, CorpusAudit) and len(scores) == 3
    pd.testing.assert_frame_equal(scores, audit_corpus(frame(), workers=1, progress=False))
    assert found.attrs["news_audit"] == provenance()
    assert set(found["id"]) <= set(ARTICLES)
    titles = found[(found["kind"] == "excluded") & (found["type"] == "title")]
    assert titles["text"].tolist() == [t.split("\n")[0] for t in ARTICLES.values()]


def test_the_old_calls_still_work_and_say_which_function_replaces_them(tmp_path):
    with pytest.warns(DeprecationWarning, match=r"audit_corpus_with_evidence\("):
        scores, found = audit_corpus(frame(), workers=1, progress=False, evidence=True)
    new = audit_corpus_with_evidence(frame(), workers=1, progress=False)
    pd.testing.assert_frame_equal(scores, new.scores)
    pd.testing.assert_frame_equal(found, new.evidence)
    with pytest.warns(DeprecationWarning, match=r"stream_corpus\(data, output"):
        run = audit_corpus(frame(), output=tmp_path / "old.csv", workers=1, progress=False)
    assert isinstance(run, corpus_module.CorpusRun) and run.rows == 3
    pd.testing.assert_frame_equal(pd.read_csv(run.output), pd.read_csv(
        stream_corpus(frame(), tmp_path / "new.csv", workers=1, progress=False).output))


def test_each_function_has_one_result_shape(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the new calls warn about nothing
        assert isinstance(audit_corpus(frame(), workers=1, progress=False), pd.DataFrame)
        assert isinstance(audit_corpus_with_evidence(frame(), workers=1, progress=False), CorpusAudit)
        assert isinstance(stream_corpus(frame(), tmp_path / "s.csv", workers=1, progress=False),
                          corpus_module.CorpusRun)


def test_a_failed_row_keeps_its_message_and_logs_its_traceback_at_debug_level(monkeypatch, caplog):
    def unlucky_detector(text, **kwargs):
        raise RuntimeError("detector bug")

    monkeypatch.setattr(engine_module, "audit_text", unlucky_detector)
    with caplog.at_level(logging.DEBUG, logger="audit"):
        scores = audit_corpus(frame().head(1), workers=1, progress=False)
    assert scores.loc[0, "error"] == "audit failed: RuntimeError: detector bug"
    [record] = [r for r in caplog.records if r.name == "audit"]
    assert record.levelno == logging.DEBUG
    assert "article 'budget'" in record.getMessage() and "Traceback" in record.getMessage()
    assert "in unlucky_detector" in record.getMessage()


def test_provenance_is_in_attrs():
    scores = audit_corpus(frame().head(1), workers=1, progress=False)
    record = scores.attrs["news_audit"]
    assert record == provenance()
    assert record["textstat"] == "0.7.8" and record["schema_version"] == "1"
    assert set(record["config"]) == {"rules_dir", "claim_threshold", "transparency_weights", "infer_gender"}


def test_empty_frame_gives_an_empty_table_with_every_column():
    scores = audit_corpus(pd.DataFrame({"text": pd.Series([], dtype=object)}), workers=1, progress=False)
    assert len(scores) == 0 and list(scores.columns) == ["text", *METRIC_COLUMNS, "warnings", "error"]


def test_audit_chunks_streams_in_order():
    chunks = [frame().iloc[:2], frame().iloc[2:]]
    out = [scores["id"].tolist() for scores, _ in audit_chunks(chunks, workers=1, progress=False)]
    assert out == [["budget", "power"], ["schools"]]


def test_progress_bar_is_off_under_ci_and_when_not_asked(monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert engine_module._show_progress(True) is False
    monkeypatch.delenv("CI")
    assert engine_module._show_progress(False) is False


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


def test_stream_corpus_on_a_path_streams_chunks_into_row_groups(tmp_path, monkeypatch):
    source = tmp_path / "feed.jsonl"
    with open(source, "w", encoding="utf-8") as out:
        for copy in range(3):
            for name, text in ARTICLES.items():
                out.write(json.dumps({"id": f"{name}-{copy}", "text": text}) + "\n")

    def whole_file(*args, **kwargs):
        raise AssertionError("streaming must not load the whole corpus")

    monkeypatch.setattr(corpus_module, "load_corpus", whole_file)
    target = tmp_path / "scores.parquet"
    run = stream_corpus(source, target, workers=1, progress=False, chunksize=2)
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
    run = stream_corpus(frame(), tmp_path / "s.csv", evidence_output=tmp_path / "e.parquet",
                        workers=1, progress=False)
    found = pd.read_parquet(run.evidence_output)
    assert set(found["id"]) == set(ARTICLES) and len(pd.read_csv(run.output)) == 3
    with pytest.raises(ValueError, match="evidence_output="):
        audit_corpus(frame(), output=tmp_path / "t.csv", evidence=True, workers=1, progress=False)
    with pytest.raises(ValueError, match="cannot write"):
        stream_corpus(frame(), tmp_path / "t.xlsx", workers=1, progress=False)


def test_text_col_of_files_names_the_column_holding_the_text(tmp_path):
    path = tmp_path / "feed.csv"
    pd.DataFrame({"story": ["s1"], "body": [ARTICLES["power"]]}).to_csv(path, index=False)
    loaded = audit_corpus(path, text_col="body", workers=1, progress=False)
    streamed = stream_corpus(path, tmp_path / "s.jsonl", text_col="body", workers=1, progress=False)
    assert loaded.loc[0, "words"] > 20 and streamed.rows == 1
    assert pd.read_json(streamed.output, lines=True).loc[0, "words"] == loaded.loc[0, "words"]
