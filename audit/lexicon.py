"""Rules and lexicons as data: tab-separated files with an ``id`` column, shipped in ``audit/rules``.

Each file has a header row; lines starting with ``#`` are comments. A user (a teacher, a
researcher) can add a row to a packaged file, or put a file of the same name in a folder
passed as ``AuditConfig(rules_dir=...)``: its rows are added to the packaged ones, and a
row whose id already exists replaces the packaged row. Files are read once per process and
per rules folder (the cache key is the path and the file's modification time).
"""
from __future__ import annotations

import csv
import hashlib
import io
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

PACKAGE_RULES = "rules"


def _parse_tsv(text: str, origin: str) -> tuple[dict[str, str], ...]:
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        return ()
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    if not reader.fieldnames or "id" not in reader.fieldnames:
        raise ValueError(f"rule file {origin} needs a header row with an 'id' column")
    rows = []
    for lineno, row in enumerate(reader, start=2):
        if None in row or any(v is None for v in row.values()):
            raise ValueError(f"rule file {origin}, row {lineno}: expected {len(reader.fieldnames)} tab-separated columns")
        clean = {k: v.strip() for k, v in row.items()}
        if not clean["id"]:
            raise ValueError(f"rule file {origin}, row {lineno}: empty id")
        rows.append(clean)
    return tuple(rows)


@lru_cache(maxsize=64)
def _packaged(name: str) -> tuple[dict[str, str], ...]:
    text = resources.files("audit").joinpath(PACKAGE_RULES, name).read_text(encoding="utf-8")
    return _parse_tsv(text, f"audit/rules/{name}")


@lru_cache(maxsize=64)
def _user(path: str, mtime: float) -> tuple[dict[str, str], ...]:
    return _parse_tsv(Path(path).read_text(encoding="utf-8"), path)


def load_rules(name: str, rules_dir: str | Path | None = None) -> tuple[dict[str, str], ...]:
    """Rows of the rule file ``name`` (e.g. ``"cue_verbs.tsv"``), with a user's overlay applied.

    Example:
        >>> rows = load_rules("abbreviations.tsv")
        >>> any(r["text"] == "Gen." for r in rows)
        True
    """
    rows = {r["id"]: r for r in _packaged(name)}
    if rules_dir is not None:
        extra = Path(rules_dir) / name
        if extra.is_file():
            for r in _user(str(extra.resolve()), extra.stat().st_mtime):
                rows[r["id"]] = r
    ids_seen = list(rows.values())
    return tuple(ids_seen)


def row_keywords(row: dict[str, str]) -> tuple[str, ...]:
    """A row's ``keywords`` column: the |-separated words one of which every match of the row holds, case-folded
    (compare them with case-folded text). Empty when the column is empty or absent: the row is always tried.

    Example:
        >>> row_keywords({"id": "x", "keywords": "Statement | release"})
        ('statement', 'release')
    """
    return tuple(k.strip().casefold() for k in (row.get("keywords") or "").split("|") if k.strip())


@lru_cache(maxsize=1)
def rule_files() -> tuple[str, ...]:
    """Names of every packaged rule file (listed once per process: the package does not change under it)."""
    folder = resources.files("audit").joinpath(PACKAGE_RULES)
    return tuple(sorted(p.name for p in folder.iterdir() if p.name.endswith(".tsv")))


def rules_hash(rules_dir: str | Path | None = None, names: Iterable[str] | None = None) -> str:
    """A short hash of the rule files in force: changes whenever any rule changes."""
    names = tuple(names or rule_files())
    return _rules_hash(None if rules_dir is None else str(rules_dir), names, overlay_stamp(names, rules_dir))


@lru_cache(maxsize=64)
def _rules_hash(rules_dir: str | None, names: tuple[str, ...], stamp: tuple) -> str:
    digest = hashlib.sha256()
    for name in names:
        for row in load_rules(name, rules_dir):
            digest.update(name.encode())
            digest.update("\t".join(f"{k}={v}" for k, v in sorted(row.items())).encode())
    return digest.hexdigest()[:16]


def overlay_stamp(names: Iterable[str], rules_dir: str | Path | None) -> tuple:
    """What identifies the overlay files in force (their modification times), for caches keyed on it."""
    if rules_dir is None:
        return ()
    stamps = []
    for name in names:
        path = Path(rules_dir) / name
        stamps.append((name, path.stat().st_mtime if path.is_file() else None))
    return tuple(stamps)
