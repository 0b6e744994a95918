"""Writers: Parquet, CSV and JSONL with provenance, streamed chunk by chunk, spreadsheet-safe CSV."""
from __future__ import annotations

import json

import pandas as pd
import pyarrow.parquet as pq
import pytest

from audit.io import (TableWriter, neutralise_formula, output_format, read_provenance, sidecar_path,
                      write_table)
from audit.schema import metrics_frame

PROVENANCE = {"news_audit": "0.1.0", "textstat": "0.7.8", "schema_version": "1"}


def scores(ids, words):
    metrics = metrics_frame([{"words": w, "share_anonymous": 0.5 if w else None} for w in words])
    meta = pd.DataFrame({"id": ids, "outlet": ["Ledger"] * len(ids)})
    return pd.concat([meta, metrics], axis=1).assign(error=[None] * len(ids))


@pytest.mark.parametrize("name", ["s.parquet", "s.csv", "s.jsonl"])
def test_every_format_records_provenance(tmp_path, name):
    path = tmp_path / name
    write_table(scores(["a"], [10]), path, PROVENANCE)
    assert read_provenance(path) == PROVENANCE
    assert sidecar_path(path).is_file() == (not name.endswith(".parquet"))


def test_parquet_round_trip_keeps_schema_dtypes_even_for_failed_rows(tmp_path):
    path = tmp_path / "s.parquet"
    write_table(scores(["a", "b"], [10, None]), path, PROVENANCE)
    back = pd.read_parquet(path)
    assert str(back["words"].dtype) == "Int64"
    assert back["words"].tolist()[0] == 10 and back["words"].tolist()[1] is pd.NA
    assert str(back["share_anonymous"].dtype) == "float64"


def test_chunks_append_and_the_first_chunk_fixes_columns_and_types(tmp_path):
    path = tmp_path / "s.parquet"
    warnings = []
    with TableWriter(path, PROVENANCE, warn=warnings.append) as out:
        out.write(scores(["a", "b"], [10, 20]))
        later = scores(["c"], [30]).assign(section="metro")[["section", "words", "id", "outlet", "error"]]
        out.write(later)
    back = pd.read_parquet(path)
    assert back["id"].tolist() == ["a", "b", "c"]
    assert back["words"].tolist() == [10, 20, 30]
    assert "section" not in back.columns and "section" in warnings[0]
    assert pq.ParquetFile(path).num_row_groups == 2


def test_a_column_empty_in_the_first_chunk_is_text_so_later_values_survive(tmp_path):
    path = tmp_path / "s.jsonl"
    with TableWriter(path, PROVENANCE) as out:
        out.write(pd.DataFrame({"id": ["a"], "desk": [None]}))
        out.write(pd.DataFrame({"id": ["b"], "desk": ["metro"]}))
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert lines == [{"id": "a", "desk": None}, {"id": "b", "desk": "metro"}]


def test_jsonl_writes_missing_values_as_null(tmp_path):
    path = tmp_path / "s.jsonl"
    write_table(scores(["a"], [None]), path, PROVENANCE)
    record = json.loads(path.read_text())
    assert record["words"] is None and record["share_anonymous"] is None and record["error"] is None


@pytest.mark.parametrize("cell, safe", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1 555 0100 call now", "'+1 555 0100 call now"),
    ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tleading tab", "'\tleading tab"),
    ("\rleading return", "'\rleading return"),
    ("-3.5", "-3.5"),
    ("+2e3", "+2e3"),
    ("Mayor Ortiz", "Mayor Ortiz"),
])
def test_neutralise_formula(cell, safe):
    assert neutralise_formula(cell) == safe


def test_csv_cells_that_would_run_as_formulas_get_an_apostrophe(tmp_path):
    path = tmp_path / "s.csv"
    frame = scores(["a", "b"], [10, 20])
    frame["outlet"] = ["=IMPORTXML(\"http://evil\")", "@Ledger"]
    write_table(frame, path, PROVENANCE)
    back = pd.read_csv(path)
    assert back["outlet"].tolist() == ["'=IMPORTXML(\"http://evil\")", "'@Ledger"]
    assert back["words"].tolist() == [10, 20]  # numbers are never touched


def test_failed_write_leaves_no_file_behind(tmp_path):
    path = tmp_path / "s.csv"
    with pytest.raises(RuntimeError):
        with TableWriter(path, PROVENANCE) as out:
            out.write(scores(["a"], [1]))
            raise RuntimeError("interrupted")
    assert list(tmp_path.iterdir()) == []


def test_nothing_written_still_gives_a_valid_empty_file(tmp_path):
    path = tmp_path / "s.parquet"
    with TableWriter(path, PROVENANCE):
        pass
    assert pq.read_table(path).num_rows == 0 and read_provenance(path) == PROVENANCE


def test_output_format_rejects_unknown_extensions():
    assert output_format("x.PARQUET") == "parquet"
    with pytest.raises(ValueError, match="must end in"):
        output_format("scores.xlsx")


def test_write_table_uses_attrs_provenance_by_default(tmp_path):
    frame = scores(["a"], [3])
    frame.attrs["news_audit"] = PROVENANCE
    write_table(frame, tmp_path / "s.jsonl")
    assert read_provenance(tmp_path / "s.jsonl") == PROVENANCE
