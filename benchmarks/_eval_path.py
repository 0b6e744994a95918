"""Where the gold corpora live: ``--data`` argument, else $NEWS_AUDIT_EVAL, else ../shared/eval."""
from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def eval_root(argument: str | None = None) -> Path:
    if argument:
        return Path(argument)
    if os.environ.get("NEWS_AUDIT_EVAL"):
        return Path(os.environ["NEWS_AUDIT_EVAL"])
    return REPO.parent / "shared" / "eval"
