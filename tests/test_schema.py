"""The scorecard schema: one definition for dtypes, Parquet, Dask meta and the README table."""
from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from audit import schema
from audit.article import audit_text
from audit.schema import METRIC_COLUMNS, SCHEMA

README = Path(__file__).resolve().parents[1] / "README.md"
TABLE_START = "<!-- schema-table:start -->"
TABLE_END = "<!-- schema-table:end -->"

EXPECTED_ORDER = [
    "words", "words_quoted", "words_reporter", "sentences", "paragraphs", "quotes", "excluded_segments",
    "attributions", "sources_unique", "attributions_named_person", "attributions_named_organization",
    "attributions_unnamed_person", "attributions_unnamed_group", "attributions_anonymous", "attributions_document",
    "share_named_person", "share_named_organization", "share_unnamed_person", "share_unnamed_group",
    "share_anonymous", "share_document", "share_named", "share_official", "share_direct",
    "attributions_per_100_words",
    "sources_female", "sources_male", "sources_gender_unknown", "share_female_sources",
    "hedges", "hedges_reporter", "hedges_quoted", "hedges_per_100_words_reporter", "hedges_per_100_words_quoted",
    "weasels", "boosters", "weasels_per_100_words", "boosters_per_100_words",
    "claims", "claims_checkworthy", "claims_checkworthy_unattributed", "share_checkworthy_unattributed",
    "transparency_index",
    "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index", "coleman_liau_index",
    "automated_readability_index", "dale_chall_readability_score", "text_standard",
]


def test_columns_are_the_agreed_ones_in_the_agreed_order():
    assert list(METRIC_COLUMNS) == EXPECTED_ORDER


def test_every_column_is_documented_with_meaning_formula_and_finding():
    for column in SCHEMA:
        assert column.meaning and column.formula and column.finding, column.name
        assert column.group in schema.GROUPS


def test_counts_are_nullable_integers_and_shares_rates_scores_are_floats():
    dtypes = schema.pandas_dtypes()
    for name, dtype in dtypes.items():
        fractional = name.startswith("share_") or "_per_100_" in name or name == "transparency_index" \
            or schema.column(name).group == "readability"
        assert dtype == ("float64" if fractional else "Int64"), name


def test_readability_columns_match_the_readability_module():
    from audit.readability import READABILITY_METRICS

    assert [c.name for c in SCHEMA if c.group == "readability"] == list(READABILITY_METRICS)


def test_unknown_column_lookup_names_the_problem():
    with pytest.raises(KeyError, match="not a scorecard column"):
        schema.column("share_of_voice")


def test_metrics_frame_fills_missing_keys_with_missing_values_and_keeps_dtypes():
    frame = schema.metrics_frame([{"words": 12, "share_anonymous": 0.25}, {}], index=["a", "b"])
    assert list(frame.columns) == EXPECTED_ORDER
    assert list(frame.index) == ["a", "b"]
    assert frame.loc["a", "words"] == 12
    assert frame.loc["b", "words"] is pd.NA
    assert frame.loc["a", "share_anonymous"] == 0.25
    assert math.isnan(frame.loc["b", "share_anonymous"])
    assert frame.dtypes.astype(str).to_dict() == schema.pandas_dtypes()


def test_meta_is_empty_with_metadata_first_then_metrics_then_warnings_and_error():
    meta = schema.meta({"id": "str", "outlet": "str"})
    assert len(meta) == 0
    assert list(meta.columns) == ["id", "outlet", *EXPECTED_ORDER, "warnings", "error"]
    assert str(meta["words"].dtype) == "Int64"


def test_arrow_schema_types_follow_the_pandas_dtypes():
    arrow = schema.arrow_schema([("id", pa.string())])
    assert arrow.names == ["id", *EXPECTED_ORDER]
    assert arrow.field("attributions").type == pa.int64()
    assert arrow.field("share_direct").type == pa.float64()


def test_markdown_table_has_a_row_per_column_and_escapes_pipes():
    table = schema.markdown_table()
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert [re.match(r"\| `([^`]+)`", row).group(1) for row in rows] == EXPECTED_ORDER
    assert all(row.count(" | ") == 4 for row in rows)  # five cells: no stray pipe in a formula


def test_readme_schema_table_matches_the_schema():
    if not README.is_file():
        pytest.skip("README.md is not written yet")
    text = README.read_text(encoding="utf-8")
    if TABLE_START not in text or TABLE_END not in text:
        pytest.skip(f"README has no schema section between {TABLE_START} and {TABLE_END} yet")
    pasted = text.split(TABLE_START, 1)[1].split(TABLE_END, 1)[0].strip()
    assert pasted == schema.markdown_table().strip(), \
        "README schema table is stale: paste audit.schema.markdown_table() between the markers"


def test_audit_text_reports_every_schema_column_in_order():
    metrics = audit_text("Flood Waters Recede\n\nThe river fell two feet overnight, the county said.").metrics
    assert list(metrics) == EXPECTED_ORDER
