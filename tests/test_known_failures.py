"""tests/known_failures/*.tsv: the limits we wrote down still behave as recorded, so a fix (or a drift) shows up.

sources.tsv is checked here; hedges.tsv by tests/test_hedges.py and claims.tsv by tests/test_eval_claims.py (not
gated on the evaluation data). Every row of every file is read: rows other helpers add are checked the same way.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from audit import find_attributions

FOLDER = Path(__file__).parent / "known_failures"
# file -> the test module that checks each of its rows against the code
CHECKED_BY = {"sources.tsv": "test_known_failures.py", "hedges.tsv": "test_hedges.py", "claims.tsv": "test_eval_claims.py"}


def rows(name: str) -> list[dict[str, str]]:
    lines = [ln for ln in (FOLDER / name).read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def attributions_summary(text: str) -> str:
    """What find_attributions returns, in the form of the ``found`` column."""
    found = find_attributions(text)
    return "; ".join(f"{a.source_type} {a.source.text if a.source is not None else '-'} "
                     f"({a.cue.text if a.cue is not None else '-'})" for a in found) or "nothing"


@pytest.mark.parametrize("row", rows("sources.tsv"), ids=lambda row: row["id"])
def test_sources_known_failure_still_behaves_as_recorded(row):
    assert row.get("found"), f"{row['id']}: record what find_attributions returns in the 'found' column"
    assert all(row.get(column) for column in ("example", "expected", "got", "reason")), row["id"]
    now = attributions_summary(row["example"].replace("\\n", "\n"))
    assert now == row["found"], (f"{row['id']} changed: the audit now gives {now!r}. If that is what 'expected' "
                                 "asks for, move the case into tests/test_sources.py; otherwise update "
                                 "tests/known_failures/sources.tsv (found and got)")


def test_every_known_failures_file_is_checked_row_by_row():
    files = {path.name for path in FOLDER.glob("*.tsv")}
    assert files <= set(CHECKED_BY), f"no test reads {sorted(files - set(CHECKED_BY))}: add a check for it"
    for name, module in CHECKED_BY.items():
        assert rows(name), f"{name} has no rows"
        source = (Path(__file__).parent / module).read_text(encoding="utf-8")
        assert f'"{name}"' in source and "parametrize" in source, f"{module} no longer reads {name}"


def test_ids_are_unique_in_every_file():
    for name in CHECKED_BY:
        ids = [row["id"] for row in rows(name)]
        assert len(ids) == len(set(ids)), f"{name}: duplicate ids"
