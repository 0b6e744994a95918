"""The sourcing audit end to end (audit/sources/pipeline.py): headlines, the seed article, entry points."""
from __future__ import annotations

import pytest

from audit.config import AuditConfig
from audit.segment import segment
from audit.sources import attributions_in, find_attributions, sourcing_metrics


def test_headline_finding_is_in_title_and_out_of_metrics():
    text = "Mayor says bridge will reopen\n\nThe bridge has been shut since March, the transport office said."
    found = find_attributions(text)
    assert [a.in_title for a in found] == [True, False]
    metrics = sourcing_metrics(found, words=12)
    assert metrics["attributions"] == 1


def test_title_colon_source():
    doc = segment("Coalition Halts Training for Local Forces: Pentagon\n\nThe training stopped on Monday, "
                  "officials said.")
    title = [a for a in attributions_in(doc, AuditConfig()) if a.in_title]
    assert title and title[0].source.text == "Pentagon" and title[0].source_type == "named_organization"


def test_non_str_raises_type_error():
    with pytest.raises(TypeError):
        find_attributions(None)
    with pytest.raises(TypeError):
        find_attributions(b"bytes")


@pytest.fixture(scope="module")
def seed(seed_text):
    return seed_text, find_attributions(seed_text)


def _on_line(text: str, attributions, line: int):
    starts = [0]
    for i, c in enumerate(text):
        if c == "\n":
            starts.append(i + 1)
    lo, hi = starts[line - 1], starts[line] if line < len(starts) else len(text)
    return [a for a in attributions if not a.in_title and lo <= a.statement.start < hi]


def test_seed_coalition_statement(seed):
    text, found = seed
    for line in (10, 12):
        hits = _on_line(text, found, line)
        assert hits and all(a.source_type == "named_organization" for a in hits)
        assert any(a.channel == "statement" for a in hits), line


def test_seed_esper_and_his_he_said(seed):
    text, found = seed
    assert any(a.source_name == "Mark Esper" and a.official for a in _on_line(text, found, 14))
    line16 = _on_line(text, found, 16)
    assert [a.source_name for a in line16] == ["Mark Esper", "Mark Esper"]
    assert line16[-1].source.text == "he" and line16[-1].direct


def test_seed_pentagon_press_office_on_twitter(seed):
    text, found = seed
    (a,) = _on_line(text, found, 18)
    assert a.source_type == "named_organization" and a.channel == "social_media" and a.official


def test_seed_reports_not_named_and_letter_is_document(seed):
    text, found = seed
    reports = _on_line(text, found, 22)
    assert reports and reports[0].source.text == "reports"
    assert reports[0].source_type not in ("named_person", "named_organization")
    assert [a.source_type for a in _on_line(text, found, 24)] == ["document"]


def test_seed_milley_iran_trump_democrats_pelosi(seed):
    text, found = seed
    (milley,) = _on_line(text, found, 26)
    assert milley.source_name == "Mark Milley" and milley.official
    (he,) = _on_line(text, found, 28)
    assert he.source_name == "Mark Milley"
    assert _on_line(text, found, 30)[0].source_type == "named_organization"
    assert _on_line(text, found, 30)[0].source_name == "Iran"
    (trump,) = _on_line(text, found, 32)
    assert trump.source_name == "Donald Trump" and trump.cue.text == "wrote"
    democrats, pelosi = _on_line(text, found, 34)
    assert democrats.source.text == "who" and democrats.source_name == "top Democrats in Congress"
    assert democrats.source_type == "unnamed_group"
    assert pelosi.source_name == "Nancy Pelosi" and pelosi.official


def test_seed_nothing_from_furniture(seed):
    text, found = seed
    doc = segment(text)
    for a in found:
        for furniture in doc.excluded:
            if a.in_title and furniture.kind == "title":
                continue
            assert not (furniture.start <= a.statement.start < furniture.end), (furniture.kind, a)
    body_lines = {text.count("\n", 0, a.statement.start) + 1 for a in found if not a.in_title}
    assert not body_lines & {4, 5, 19, 20, 36, 37, 38, 39}
