"""Rules and lexicons as data: tab-separated files with an ``id`` column, shipped in ``audit/rules``.

Each file has a header row; lines starting with ``#`` are comments. A user (a teacher, a
researcher) can add a row to a packaged file, or put a file of the same name in a folder
passed as ``AuditConfig(rules_dir=...)``: its rows are added to the packaged ones, and a
row whose id already exists replaces the packaged row.

A file is read once per process for as long as it does not change: every cache of rows, of
compiled rules (segment, sources, hedges, claims) and of the rules hash is keyed on each file's
modification time and size (:func:`rules_stamp`, a ``stat`` per file per audit, not a re-read),
so an edit to a packaged or overlay file takes effect at the next audit, under a new rules hash.
Within :func:`rules_pinned` (one article's audit) each file is looked at once, so all of one
audit's detectors read the same state of the rules.
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

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


@lru_cache(maxsize=256)
def _packaged(name: str, stamp: tuple | None) -> tuple[dict[str, str], ...]:
    """Rows of a packaged file; ``stamp`` (its modification time and size) is only the cache key."""
    text = resources.files("audit").joinpath(PACKAGE_RULES, name).read_text(encoding="utf-8")
    return _parse_tsv(text, f"audit/rules/{name}")


@lru_cache(maxsize=256)
def _user(path: str, stamp: tuple | None) -> tuple[dict[str, str], ...]:
    """Rows of an overlay file; ``stamp`` (its modification time and size) is only the cache key."""
    return _parse_tsv(Path(path).read_text(encoding="utf-8"), path)


@lru_cache(maxsize=None)
def _packaged_path(name: str) -> str | None:
    """The packaged file's path on disk, or None when the package is not a folder (a zip cannot be edited)."""
    where = resources.files("audit").joinpath(PACKAGE_RULES, name)
    return str(where) if isinstance(where, Path) else None


def _stamp(path: str | None) -> tuple[int, int] | None:
    """(modification time in ns, size) of a file, None when it is absent: what the caches are keyed on."""
    if path is None:
        return None
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def load_rules(name: str, rules_dir: str | Path | None = None) -> tuple[dict[str, str], ...]:
    """Rows of the rule file ``name`` (e.g. ``"cue_verbs.tsv"``), with a user's overlay applied.

    Example:
        >>> rows = load_rules("abbreviations.tsv")
        >>> any(r["text"] == "Gen." for r in rows)
        True
    """
    rows = {r["id"]: r for r in _packaged(name, _stamp(_packaged_path(name)))}
    if rules_dir is not None:
        extra = Path(rules_dir) / name
        if extra.is_file():
            for r in _user(str(extra.resolve()), _stamp(str(extra))):
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
    """Names of every packaged rule file (listed once per process; an edit to a file is seen, a new file is not)."""
    folder = resources.files("audit").joinpath(PACKAGE_RULES)
    return tuple(sorted(p.name for p in folder.iterdir() if p.name.endswith(".tsv")))


def rules_hash(rules_dir: str | Path | None = None, names: Iterable[str] | None = None) -> str:
    """A short hash of the rule files in force: changes whenever any rule changes."""
    names = tuple(names or rule_files())
    return _rules_hash(None if rules_dir is None else str(rules_dir), names, rules_stamp(names, rules_dir))


@lru_cache(maxsize=64)
def _rules_hash(rules_dir: str | None, names: tuple[str, ...], stamp: tuple) -> str:
    digest = hashlib.sha256()
    for name in names:
        for row in load_rules(name, rules_dir):
            digest.update(name.encode())
            digest.update("\t".join(f"{k}={v}" for k, v in sorted(row.items())).encode())
    return digest.hexdigest()[:16]


# Inside rules_pinned(): each rule file's path -> its stamp, taken once; None outside a pinned block.
_PINNED: ContextVar[dict | None] = ContextVar("news_audit_pinned_rules", default=None)


@contextmanager
def rules_pinned() -> Iterator[None]:
    """Inside the block, :func:`rules_stamp` looks at each rule file once and then repeats that answer.

    One article's audit runs inside such a block: its detectors ask for their rules dozens of
    times, and they all see one state of the files (an edit made halfway through an audit is
    seen by the next one). Blocks nest; the outermost one decides.

    Example:
        >>> with rules_pinned():
        ...     rules_stamp(["abbreviations.tsv"]) == rules_stamp(["abbreviations.tsv"])
        True
    """
    if _PINNED.get() is not None:
        yield
        return
    token = _PINNED.set({})
    try:
        yield
    finally:
        _PINNED.reset(token)


def rules_stamp(names: Iterable[str], rules_dir: str | Path | None = None) -> tuple:
    """What identifies the rule files ``names`` in force, packaged and overlay: each file's modification time
    and size. Caches of anything built from rules are keyed on it, so an edited file is read again.

    Example:
        >>> rules_stamp(["abbreviations.tsv"]) == rules_stamp(["abbreviations.tsv"])
        True
    """
    folder = None if rules_dir is None else os.fspath(rules_dir)
    stamp = _stamp if _PINNED.get() is None else _pinned_stamp
    return tuple((name, stamp(_packaged_path(name)), None if folder is None else stamp(os.path.join(folder, name)))
                 for name in names)


def _pinned_stamp(path: str | None) -> tuple[int, int] | None:
    """:func:`_stamp` of one file, taken once per pinned block."""
    pinned = _PINNED.get()
    if path not in pinned:
        pinned[path] = _stamp(path)
    return pinned[path]


# The name the detectors have always called; the stamp now covers the packaged files too.
overlay_stamp = rules_stamp
