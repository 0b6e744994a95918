"""What the fault tests share: a small corpus, the command line in its own process group, and process checks.

Every check waits for a condition by polling, with a generous deadline, and never measures speed:
the suite must hold on a loaded two-core machine.
"""
from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "sample" / "articles.jsonl"
# Seconds to wait for a condition before failing (minutes on a loaded machine are not a fault).
DEADLINE = 180.0
# The fault points are drawn from this seed: NEWS_AUDIT_FAULT_SEED=7 make test tries other points.
SEED = int(os.environ.get("NEWS_AUDIT_FAULT_SEED", "19"))
# Articles per chunk: above 32, so each chunk goes to the worker processes (fewer run in-process).
CHUNK = 33


def rng(name: str) -> random.Random:
    """A random source of its own for each test, from the suite's seed."""
    return random.Random(f"{SEED}:{name}")


def write_corpus(path: Path, editions: int = 1) -> list[str]:
    """The shipped sample corpus (60 invented articles), ``editions`` times over, each text made unique."""
    if not SAMPLE.is_file():
        pytest.skip(f"{SAMPLE} is not in this checkout")
    ids = []
    with open(SAMPLE, encoding="utf-8") as source, open(path, "w", encoding="utf-8") as out:
        records = [json.loads(line) for line in source if line.strip()]
        for edition in range(editions):
            for record in records:
                article_id = f"{record['id']}-e{edition}"
                ids.append(article_id)
                text = record["text"] + (f"\n\nThis is edition {edition} of the story." if editions > 1 else "")
                out.write(json.dumps({**record, "id": article_id, "text": text}) + "\n")
    return ids


def score(*args: str, **popen) -> subprocess.Popen:
    """``news-audit score ARGS`` in a new session (its own process group, led by the command)."""
    return subprocess.Popen([sys.executable, "-m", "audit", "score", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, "CI": "1"}, **popen)


def python(code: str, *args: str) -> subprocess.Popen:
    """A Python script in a new session, with a pipe to its stdin and from its stdout."""
    return subprocess.Popen([sys.executable, "-c", code, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, "CI": "1"})


def wait_until(condition, what: str, deadline: float = DEADLINE, interval: float = 0.02) -> None:
    """Poll ``condition`` until it holds; fail naming ``what`` after ``deadline`` seconds."""
    end = time.monotonic() + deadline
    while not condition():
        if time.monotonic() > end:
            pytest.fail(f"gave up after {deadline:.0f} s waiting for {what}")
        time.sleep(interval)


def _processes() -> list[tuple[int, str, int, int]]:
    """(pid, state, parent pid, process group) of every process, from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as handle:
                stat = handle.read()
        except OSError:  # it ended while we looked
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        found.append((int(entry), fields[0], int(fields[1]), int(fields[2])))
    return found


def alive_in_group(group: int) -> list[int]:
    """The live processes of a process group (zombies waiting for a reaper are dead, not left behind)."""
    return [pid for pid, state, _, pgrp in _processes() if pgrp == group and state not in "ZX"]


def children(parent: int) -> list[int]:
    """The live child processes of ``parent``."""
    return [pid for pid, state, ppid, _ in _processes() if ppid == parent and state not in "ZX"]


def alive(pid: int) -> bool:
    return any(p == pid and state not in "ZX" for p, state, _, _ in _processes())


def cache_rows(path: Path) -> int:
    """Rows in a cache file, read-only (0 before the table exists)."""
    if not path.is_file():
        return 0
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60.0)
    try:
        return db.execute("SELECT count(*) FROM audits").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        db.close()


def assert_cache_readable(path: Path) -> int:
    """The cache passes SQLite's integrity check and opens as an audit cache; returns its rows."""
    from audit.cache import ResultCache

    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60.0)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()
    with ResultCache(path) as cache:
        return len(cache)


def finish(run: subprocess.Popen) -> tuple[str, str]:
    """Wait for a command to end; its stdout and stderr."""
    try:
        return run.communicate(timeout=DEADLINE)
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, 9)
        run.communicate()
        pytest.fail(f"the command did not end within {DEADLINE:.0f} s")


def read_table(path: Path) -> pd.DataFrame:
    return pd.read_parquet(path)
