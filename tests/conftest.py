"""Shared test helpers: where ../shared lives, and skipping cleanly when it is absent."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWS_AUDIT_SHARED", REPO.parent / "shared"))
EVAL = Path(os.environ.get("NEWS_AUDIT_EVAL", SHARED / "eval"))
SEED_ARTICLE = SHARED / "articles" / "000_d8c398a1fbd80f3e.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The article the project started from (a pasted web page); skipped when ../shared is absent."""
    if not SEED_ARTICLE.is_file():
        pytest.skip(f"seed article not found at {SEED_ARTICLE} (../shared is not part of a fresh clone)")
    return SEED_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def eval_root() -> Path:
    """The gold corpora folder; skipped when absent."""
    if not EVAL.is_dir():
        pytest.skip(f"gold corpora not found at {EVAL} (set NEWS_AUDIT_EVAL or put ../shared beside the repo)")
    return EVAL


def line_of(text: str, position: int) -> int:
    """1-based line number of a character offset (counts \\n, \\r\\n and lone \\r)."""
    return text[:position].replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def only(text: str, **kwargs):
    """The one attribution ``find_attributions`` finds in ``text`` (fails, listing them, when there are more or none)."""
    from audit.sources import find_attributions

    found = find_attributions(text, **kwargs)
    assert len(found) == 1, [(a.cue, a.source) for a in found]
    return found[0]
