"""The evidence table: one row per finding, every span pointing at the words on the page."""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

import pandas as pd
import pytest

from audit.article import audit_text
from audit.evidence import evidence, evidence_frame, evidence_records
from audit.schema import EVIDENCE_COLUMNS
from audit.spans import Span

TEXT = ("Harbor Plan Stalls\n\n"
        "The harbor expansion may be delayed a year, Port Director Amy Lund said on Monday.\n\n"
        "Officials familiar with the talks said the state could withdraw its funding.")


@dataclass(frozen=True)
class FakeAttribution:  # the fields audit.sources.Attribution has
    statement: Span
    source: Span | None
    cue: Span | None
    content: Span | None
    source_type: str
    rule: str
    in_title: bool = False


@dataclass(frozen=True)
class FakeCue:  # audit.hedges.Cue
    start: int
    end: int
    text: str
    kind: str
    category: str
    rule: str
    in_title: bool = False


@dataclass(frozen=True)
class FakeClaim:  # audit.claims.Claim
    start: int
    end: int
    text: str
    kinds: tuple
    score: float
    checkworthy: bool
    attribution: int | None
    rule: str
    in_title: bool = False


def span(text: str, phrase: str) -> Span:
    start = text.index(phrase)
    return Span(start, start + len(phrase), phrase)


def audited_with_findings():
    base = audit_text(TEXT)
    statement = span(TEXT, "The harbor expansion may be delayed a year, Port Director Amy Lund said on Monday.")
    attribution = FakeAttribution(statement, span(TEXT, "Port Director Amy Lund"), span(TEXT, "said"),
                                  span(TEXT, "The harbor expansion may be delayed a year"), "named_person",
                                  "src.cue.said")
    hedge = FakeCue(*(lambda s: (s.start, s.end, s.text))(span(TEXT, "may")), "hedge", "modal", "hedge.may")
    claim_span = span(TEXT, "Officials familiar with the talks said the state could withdraw its funding.")
    claim = FakeClaim(claim_span.start, claim_span.end, claim_span.text, ("prediction", "policy"), 0.72, True,
                      None, "claim.score")
    return replace(base, attributions=(attribution,), hedges=(hedge,), claims=(claim,))


def test_every_finding_becomes_a_row_whose_span_is_the_text():
    table = evidence([audited_with_findings()], ids=["harbor-1"])
    assert list(table.columns) == [name for name, _ in EVIDENCE_COLUMNS]
    assert set(table["kind"]) == {"attribution", "source", "cue", "content", "hedge", "claim", "excluded"}
    for row in table.itertuples():
        assert TEXT[row.start:row.end] == row.text
        assert row.rule
    assert (table["id"] == "harbor-1").all()


def test_attribution_parts_carry_the_source_type():
    table = evidence(audited_with_findings())
    parts = table[table["kind"].isin(["attribution", "source", "cue", "content"])]
    assert parts["type"].unique().tolist() == ["named_person"]
    assert table.loc[table["kind"] == "source", "text"].item() == "Port Director Amy Lund"


def test_cue_type_is_its_category_and_claim_type_lists_its_kinds():
    table = evidence(audited_with_findings())
    assert table.loc[table["kind"] == "hedge", "type"].item() == "modal"
    claim = table[table["kind"] == "claim"].iloc[0]
    assert claim["type"] == "prediction,policy"
    assert claim["score"] == 0.72 and claim["checkworthy"]


def test_score_and_checkworthy_are_empty_for_non_claims():
    table = evidence(audited_with_findings())
    others = table[table["kind"] != "claim"]
    assert others["score"].isna().all() and others["checkworthy"].isna().all()


def test_findings_are_in_text_order_longer_span_first():
    table = evidence(audited_with_findings())
    assert table["start"].is_monotonic_increasing
    at_statement = table[table["start"] == table.loc[table["kind"] == "attribution", "start"].item()]
    assert at_statement["kind"].tolist()[0] == "attribution"


def test_set_aside_furniture_is_evidence_too_and_the_headline_is_marked_in_title():
    table = evidence(audit_text(TEXT))
    title = table[table["type"] == "title"].iloc[0]
    assert title["kind"] == "excluded" and title["text"] == "Harbor Plan Stalls" and title["in_title"]
    assert title["rule"].startswith("seg.title")


def test_mapping_gives_ids_and_sequence_defaults_to_positions():
    first, second = audit_text(TEXT), audit_text("Quiet Night\n\nNothing happened, police said. All was calm.")
    assert evidence({"a": first, "b": second})["id"].unique().tolist() == ["a", "b"]
    assert evidence([first, second])["id"].unique().tolist() == ["0", "1"]


def test_ids_must_match_audits():
    with pytest.raises(ValueError, match="2 ids for 1 audits"):
        evidence([audit_text(TEXT)], ids=["a", "b"])


def test_findings_missing_optional_parts_are_skipped_not_crashed_on():
    base = audit_text(TEXT)
    statement = span(TEXT, "Officials familiar with the talks said the state could withdraw its funding.")
    bare = FakeAttribution(statement, None, None, None, "anonymous", "src.anon")
    table = evidence(replace(base, attributions=(bare,), hedges=(), claims=()))
    assert table.loc[table["kind"] != "excluded", "kind"].tolist() == ["attribution"]


def test_records_are_plain_tuples_for_worker_processes():
    rows = evidence_records(audited_with_findings(), "x")
    assert all(isinstance(r, tuple) and len(r) == len(EVIDENCE_COLUMNS) for r in rows)


def test_empty_table_keeps_columns_and_dtypes():
    table = evidence_frame([])
    assert len(table) == 0
    assert table.dtypes.astype(str).to_dict()["start"] == "int64"
    assert list(table.columns) == [name for name, _ in EVIDENCE_COLUMNS]


def test_claim_without_score_has_nan_score():
    claim = FakeClaim(0, 5, TEXT[:5], (), None, None, None, "claim.x")
    row = evidence(replace(audit_text(TEXT), claims=(claim,))).query("kind == 'claim'").iloc[0]
    assert math.isnan(row["score"]) and row["checkworthy"] is pd.NA
