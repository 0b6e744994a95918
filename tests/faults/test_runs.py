"""A `news-audit score` run stopped by a signal, a full disk, an unwritable output or a second run on its cache.

After each fault: no process of the run is left, the cache is readable, and a rerun gives exactly the
rows and values of a run that was never interrupted.
"""
from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from fault_helpers import (CHUNK, DEADLINE, alive_in_group, assert_cache_readable, cache_rows, children, finish,
                           read_table, rng, score, wait_until, write_corpus)

# Timing-sensitive (real processes, signals at random points): a case that fails is run again, up to twice;
# failing three times fails the build.
pytestmark = [pytest.mark.faults, pytest.mark.flaky(reruns=2, reruns_delay=2),
              pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="the checks read /proc (Linux)")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, list[str]]:
    path = tmp_path_factory.mktemp("corpus") / "feed.jsonl"
    return path, write_corpus(path, editions=5)


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> pd.DataFrame:
    """The table of an uninterrupted run (one process, no cache)."""
    out = tmp_path_factory.mktemp("reference") / "scores.parquet"
    run = score(str(corpus[0]), "-o", str(out), "--workers", "1", "-q")
    _, stderr = finish(run)
    assert run.returncode == 0, stderr
    table = read_table(out)
    assert len(table) == len(corpus[1]) and table["error"].isna().all()
    return table


def stopped(run) -> str:
    """Wait for a signalled command to end and for every process of its group to be gone; its stderr.

    Leftover workers are killed after the check fails (they would hold the pipes open forever).
    """
    try:
        run.wait(timeout=DEADLINE)
        wait_until(lambda: not alive_in_group(run.pid), "every worker of the stopped run to exit", deadline=60)
    finally:
        left = alive_in_group(run.pid)
        if left:
            os.killpg(run.pid, signal.SIGKILL)
    assert not left, f"processes left behind: {left}"
    return run.communicate(timeout=DEADLINE)[1]


def rerun_matches(corpus, reference, out: Path, cache: Path, cached: int) -> None:
    """The same command again: it reuses the cache and writes the reference table."""
    rerun = score(str(corpus[0]), "-o", str(out), "--cache", str(cache), "--chunk-size", str(CHUNK),
                  "--workers", "2", "-q")
    stdout, stderr = finish(rerun)
    assert rerun.returncode == 0, stderr
    assert stdout.strip().endswith(f"(cache: {cached} reused, {len(corpus[1]) - cached} audited)")
    pd.testing.assert_frame_equal(read_table(out), reference)
    assert assert_cache_readable(cache) == len(corpus[1])
    assert not list(out.parent.glob(".*.partial"))


# How each signal reaches the run: Ctrl-C goes to the terminal's whole foreground group; `kill`,
# `timeout`, a scheduler's time limit or a container stop send SIGTERM to the command alone; the
# out-of-memory killer sends SIGKILL to one process.
SENT_TO = {"SIGINT": "group", "SIGTERM": "command", "SIGHUP": "command", "SIGKILL": "command"}
EXIT = {"SIGINT": 130, "SIGTERM": 143, "SIGHUP": 129, "SIGKILL": -9}
MESSAGE = {"SIGINT": "news-audit: interrupted", "SIGTERM": "news-audit: stopped by SIGTERM",
           "SIGHUP": "news-audit: stopped by SIGHUP"}


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM", "SIGHUP", "SIGKILL"])
def test_a_signal_at_a_random_point_leaves_no_process_a_readable_cache_and_a_rerun_gives_the_same_table(
        name, corpus, reference, tmp_path):
    number = getattr(signal, name)
    # The point: once the workers exist, after a random number of finished chunks (0 = at once), in the first
    # third of the run, so that seconds of work remain. A point near the end lets the run finish between the last
    # look and the signal: the signal then reaches an exited process and the run reports success (what once made
    # the SIGHUP case look like a lost signal).
    after = rng(name).randrange(0, len(corpus[1]) // 3, CHUNK)
    out, cache = tmp_path / "scores.parquet", tmp_path / "audits.sqlite"
    run = score(str(corpus[0]), "-o", str(out), "--cache", str(cache), "--chunk-size", str(CHUNK),
                "--workers", "2", "-q")
    wait_until(lambda: len(children(run.pid)) >= 2 or run.poll() is not None, "the worker processes")
    wait_until(lambda: cache_rows(cache) >= after or run.poll() is not None, f"{after} finished articles")
    assert run.poll() is None, f"the run ended before the {name} at {after} articles: {run.communicate()}"
    if SENT_TO[name] == "group":
        os.killpg(run.pid, number)
    else:
        os.kill(run.pid, number)
    stderr = stopped(run)

    assert run.returncode == EXIT[name], stderr
    if name in MESSAGE:  # one line, saying what happened and how to resume
        assert stderr.strip().startswith(MESSAGE[name]) and len(stderr.strip().splitlines()) == 1, stderr
        assert "rerun the same command to resume" in stderr
        assert not list(tmp_path.glob(".*.partial"))  # nothing half-written is left, even under another name
    assert not out.exists()  # a stopped run never leaves a table that looks complete
    finished = assert_cache_readable(cache)
    assert finished % CHUNK == 0 and finished >= after  # whole chunks only
    rerun_matches(corpus, reference, out, cache, finished)


def test_two_runs_sharing_one_cache_file_at_the_same_time_both_give_the_whole_table(corpus, reference, tmp_path):
    cache = tmp_path / "audits.sqlite"
    runs = [score(str(corpus[0]), "-o", str(tmp_path / f"scores{k}.parquet"), "--cache", str(cache),
                  "--chunk-size", str(CHUNK), "--workers", "1", "-q") for k in (1, 2)]
    for run in runs:
        _, stderr = finish(run)
        assert run.returncode == 0, stderr
    for k in (1, 2):
        pd.testing.assert_frame_equal(read_table(tmp_path / f"scores{k}.parquet"), reference)
    assert assert_cache_readable(cache) == len(corpus[1])  # each article once, whoever stored it


# ------------------------------------------------------------------------------- disk and permissions


class _Mount:
    """A small tmpfs (a real file system that fills up), or a skip where mounting is not allowed."""

    def __init__(self, where: Path, options: str) -> None:
        where.mkdir()
        self.where = where
        if os.geteuid() != 0 or not shutil.which("mount"):
            pytest.skip("mounting a small file system needs root")
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")

    def close(self) -> None:
        subprocess.run(["umount", "-l", str(self.where)], capture_output=True)


@pytest.fixture
def small_disk(tmp_path, request):
    """A small file system with ``request.param`` KiB left: enough to start, not enough to finish."""
    mount = _Mount(tmp_path / "small", "size=256k,mode=0777")
    (mount.where / "filler").write_bytes(b"\0" * ((256 - request.param) * 1024))
    yield mount.where
    mount.close()


# The output (a CSV of about 90 KiB) gets 8 KiB; the cache gets room for SQLite's 32 KiB shared-memory
# file, its first pages and a chunk or two.
@pytest.mark.parametrize("full, small_disk", [("output", 8), ("cache", 112)], indirect=["small_disk"])
def test_a_disk_that_fills_up_while_writing_is_a_clear_error_and_the_cache_stays_intact(
        full, small_disk, corpus, reference, tmp_path):
    out = (small_disk if full == "output" else tmp_path) / "scores.csv"
    cache = (small_disk if full == "cache" else tmp_path) / "audits.sqlite"
    run = score(str(corpus[0]), "-o", str(out), "--cache", str(cache), "--chunk-size", str(CHUNK),
                "--workers", "2", "-q")
    _, stderr = finish(run)
    assert run.returncode == 1, stderr
    [line] = stderr.strip().splitlines()  # one line, naming the file and the cause
    target = out if full == "output" else cache
    assert line.startswith(f"news-audit: error: {target}: cannot write"), line
    assert "No space left on device" in line or "disk is full" in line, line
    wait_until(lambda: not alive_in_group(run.pid), "every worker to exit", deadline=60)
    assert not out.exists() and not list(out.parent.glob(".*.partial"))
    finished = assert_cache_readable(cache)
    assert finished < len(corpus[1])
    # With room again (the cache moved off the full disk), the rerun completes from what was kept.
    if full == "cache":
        shutil.copy(cache, tmp_path / "audits.sqlite")
        for suffix in ("-wal", "-shm"):
            if Path(f"{cache}{suffix}").exists():
                shutil.copy(f"{cache}{suffix}", f"{tmp_path / 'audits.sqlite'}{suffix}")
        cache = tmp_path / "audits.sqlite"
    rerun_matches(corpus, reference, tmp_path / "scores.parquet", cache, finished)


def test_a_write_failing_with_no_space_left_is_a_clear_error_and_the_cache_stays_intact(
        corpus, reference, tmp_path, monkeypatch, capsys):
    """The same fault without root: the second chunk's write fails with ENOSPC."""
    from audit.cli import main
    from audit.io import TableWriter

    real, calls = TableWriter._write, []

    def fill_up(self, frame):
        calls.append(len(frame))
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(self, frame)

    monkeypatch.setattr(TableWriter, "_write", fill_up)
    out, cache = tmp_path / "scores.parquet", tmp_path / "audits.sqlite"
    status = main(["score", str(corpus[0]), "-o", str(out), "--cache", str(cache), "--chunk-size", str(CHUNK),
                   "--workers", "1", "-q"])
    stderr = capsys.readouterr().err
    assert status == 1
    assert stderr == f"news-audit: error: {out}: cannot write (No space left on device)\n"
    assert not out.exists() and not list(tmp_path.glob(".*.partial"))
    assert assert_cache_readable(cache) == 2 * CHUNK  # the chunks audited before the failure are kept
    monkeypatch.undo()
    rerun_matches(corpus, reference, out, cache, 2 * CHUNK)


def test_an_unwritable_output_fails_before_any_article_is_audited(corpus, tmp_path):
    if os.geteuid() == 0:  # root writes through permissions: a read-only file system instead
        mount = _Mount(tmp_path / "readonly", "ro,size=64k")
        folder, cause = mount.where, "Read-only file system"
    else:
        mount, folder, cause = None, tmp_path / "readonly", "Permission denied"
        folder.mkdir()
        folder.chmod(0o555)
    try:
        cache = tmp_path / "audits.sqlite"
        run = score(str(corpus[0]), "-o", str(folder / "scores.csv"), "--cache", str(cache), "--workers", "2", "-q")
        _, stderr = finish(run)
        assert run.returncode == 1
        assert stderr == f"news-audit: error: {folder / 'scores.csv'}: cannot write ({cause})\n"
        assert cache_rows(cache) == 0  # found before the work, not after it
        wait_until(lambda: not alive_in_group(run.pid), "every process to exit", deadline=60)
    finally:
        if mount is not None:
            mount.close()
        else:
            folder.chmod(0o755)

