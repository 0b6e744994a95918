"""The result cache: reruns skip finished articles, an interrupted run resumes, rule and config changes invalidate."""
from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import audit
import audit.engine as engine_module
from audit.cache import CacheSetup, ResultCache, config_hash, content_key, count_rows
from audit.config import AuditConfig
from audit.corpus import audit_corpus, audit_corpus_with_evidence, load_corpus
from audit.schema import METRIC_COLUMNS

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "sample" / "articles.jsonl"

# Short articles written for these tests.
ARTICLES = {
    "levee": "Levee Holds\n\nThe levee held overnight, the county engineer said. There is no doubt the sandbags helped, "
             "one volunteer said. Officials may lift the evacuation order on Friday.",
    "transit": "Bus Fares Frozen\n\nThe transit board froze bus fares for a second year, board chair Omar Reyes said. "
               "Ridership rose 4 percent in March, according to an agency report.",
    "library": "Library Extends Hours\n\nThe central library will stay open until 9 p.m. on weekdays, a spokeswoman "
               "said. The change was a spectacular success in a pilot last spring, staff said.",
}


def frame() -> pd.DataFrame:
    return pd.DataFrame({"id": list(ARTICLES), "text": list(ARTICLES.values())})


@pytest.fixture
def counted(monkeypatch):
    """How many articles audit_text really audits (in this process: workers=1)."""
    calls = []
    real = engine_module.audit_text

    def counting(text, **kwargs):
        calls.append(text)
        return real(text, **kwargs)

    monkeypatch.setattr(engine_module, "audit_text", counting)
    return calls


def overlay(folder: Path, *patterns: str) -> Path:
    """A rules folder whose booster file adds one row per pattern."""
    folder.mkdir(exist_ok=True)
    rows = "".join(f"test.booster.{i}\tcertainty_word\t{p}\tIt was {p}.\n" for i, p in enumerate(patterns))
    path = folder / "hedge_boosters.tsv"
    path.write_text("id\tcategory\tpattern\texample\n" + rows, encoding="utf-8")
    # A new modification time even on a coarse-grained file system: the rules hash is cached on it.
    stamp = time.time() + len(patterns)
    os.utime(path, (stamp, stamp))
    return folder


# ---------------------------------------------------------------------------------------- keys


def test_content_key_is_the_article_not_its_id_and_separates_headline_from_text():
    assert content_key("a river rose", None) == content_key("a river rose", "")
    assert content_key("bc", "a") != content_key("c", "ab")
    assert content_key("The river rose.", "Flood") != content_key("The river rose.", None)
    assert len(content_key("x", None)) == 64


def test_setup_changes_with_settings_but_not_with_the_rules_folder_path(tmp_path):
    first = overlay(tmp_path / "a", "spectacular")
    second = tmp_path / "b"
    second.mkdir()
    (second / "hedge_boosters.tsv").write_text((first / "hedge_boosters.tsv").read_text(encoding="utf-8"),
                                               encoding="utf-8")
    assert CacheSetup.of(AuditConfig(rules_dir=first)) == CacheSetup.of(AuditConfig(rules_dir=second))
    assert CacheSetup.of(AuditConfig(rules_dir=first)) != CacheSetup.of(AuditConfig())
    assert config_hash(AuditConfig(claim_threshold=0.7)) != config_hash(AuditConfig())


# ------------------------------------------------------------------------------------- reruns


def test_rerun_takes_every_article_from_the_cache_and_gives_the_same_table(tmp_path, counted):
    path = tmp_path / "audits.sqlite"
    first = audit_corpus(frame(), workers=1, progress=False, cache=path)
    assert len(counted) == 3 and first.attrs["news_audit_cache"]["misses"] == 3
    second = audit_corpus(frame(), workers=1, progress=False, cache=path)
    assert len(counted) == 3  # nothing audited again
    assert second.attrs["news_audit_cache"] == {"path": str(path), "hits": 3, "misses": 0}
    pd.testing.assert_frame_equal(first, second)
    # What the cache gives back is the audit itself, every figure as a fresh audit computes it (NaN where it is NaN).
    fresh = audit.audit_text(ARTICLES["levee"]).metrics
    for column, value in fresh.items():
        cached = second.loc[0, column]
        assert (pd.isna(cached) and pd.isna(value)) or cached == value, column


def test_a_grown_corpus_audits_only_the_new_articles(tmp_path, counted):
    path = tmp_path / "audits.sqlite"
    audit_corpus(frame().head(2), workers=1, progress=False, cache=path)
    grown = audit_corpus(frame(), workers=1, progress=False, cache=path)
    assert counted[2:] == [ARTICLES["library"]]
    assert grown.attrs["news_audit_cache"]["hits"] == 2 and grown.attrs["news_audit_cache"]["misses"] == 1


def test_the_same_story_under_another_id_is_reused_with_its_own_id_in_the_findings(tmp_path, counted):
    path = tmp_path / "audits.sqlite"
    first = audit_corpus_with_evidence(frame(), workers=1, progress=False, cache=path).evidence
    renamed = frame().assign(id=["x1", "x2", "x3"])
    found = audit_corpus_with_evidence(renamed, workers=1, progress=False, cache=path).evidence
    assert len(counted) == 3
    assert sorted(set(found["id"])) == ["x1", "x2", "x3"]
    pd.testing.assert_frame_equal(found.drop(columns="id"), first.drop(columns="id"))


def test_a_cache_filled_without_findings_audits_again_when_findings_are_asked(tmp_path, counted):
    path = tmp_path / "audits.sqlite"
    audit_corpus(frame(), workers=1, progress=False, cache=path)
    found = audit_corpus_with_evidence(frame(), workers=1, progress=False, cache=path).evidence
    assert len(counted) == 6 and len(found) > 0
    audit_corpus(frame(), workers=1, progress=False, cache=path)  # findings kept, scores reused
    again = audit_corpus_with_evidence(frame(), workers=1, progress=False, cache=path).evidence
    assert len(counted) == 6
    pd.testing.assert_frame_equal(found, again)


def test_rows_that_failed_are_not_cached(tmp_path, counted):
    path = tmp_path / "audits.sqlite"
    data = frame()
    data.loc[1, "text"] = None
    audit_corpus(data, workers=1, progress=False, cache=path)
    assert count_rows(path) == 2


# ---------------------------------------------------------------------------------- invalidation


def test_changing_a_rule_file_invalidates_every_cached_row(tmp_path, counted):
    path, rules = tmp_path / "audits.sqlite", overlay(tmp_path / "rules", "spectacular")
    config = AuditConfig(rules_dir=rules)
    before = audit_corpus(frame(), workers=1, progress=False, cache=path, config=config)
    audit_corpus(frame(), workers=1, progress=False, cache=path, config=config)
    assert len(counted) == 3
    overlay(rules, "spectacular", "overnight")  # one more booster
    after = audit_corpus(frame(), workers=1, progress=False, cache=path, config=config)
    # All three redone, not only the article with the new word: any rule can change any article.
    assert len(counted) == 6 and after.attrs["news_audit_cache"]["hits"] == 0
    assert after.loc[0, "boosters"] == before.loc[0, "boosters"] + 1  # the new rule really counts
    with ResultCache(path, config) as cache:
        assert len(cache) == 3 and cache.stale() == 3
        assert cache.prune() == 3 and cache.stale() == 0


def test_changing_the_config_invalidates_and_switching_back_finds_the_old_rows(tmp_path, counted):
    path = tmp_path / "audits.sqlite"
    audit_corpus(frame(), workers=1, progress=False, cache=path)
    audit_corpus(frame(), workers=1, progress=False, cache=path, config=AuditConfig(claim_threshold=0.8))
    assert len(counted) == 6
    back = audit_corpus(frame(), workers=1, progress=False, cache=path)
    assert len(counted) == 6 and back.attrs["news_audit_cache"]["hits"] == 3


def test_an_open_cache_of_other_settings_is_refused(tmp_path):
    with ResultCache(tmp_path / "c.sqlite") as cache:
        with pytest.raises(ValueError, match="other rules or settings"):
            audit_corpus(frame(), workers=1, progress=False, cache=cache, config=AuditConfig(claim_threshold=0.9))


# ---------------------------------------------------------------------------------- processes


def test_a_cache_connection_never_crosses_into_another_process(tmp_path):
    with ResultCache(tmp_path / "c.sqlite") as cache:
        with pytest.raises(TypeError, match="cannot be sent to another process"):
            pickle.dumps(cache)


def test_worker_processes_with_a_cache_give_the_rows_of_one_process(tmp_path):
    data = pd.concat([frame()] * 12, ignore_index=True)
    data["text"] = [f"{text}\n\nEdition {i}." for i, text in enumerate(data["text"])]
    plain = audit_corpus(data, workers=1, progress=False)
    cached = audit_corpus(data, workers=2, progress=False, chunksize=8, cache=tmp_path / "c.sqlite")
    pd.testing.assert_frame_equal(plain[list(METRIC_COLUMNS)], cached[list(METRIC_COLUMNS)])
    assert count_rows(tmp_path / "c.sqlite") == 36


def test_a_file_that_is_not_a_cache_is_refused(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("shopping list")
    with pytest.raises(ValueError, match="not an audit cache"):
        ResultCache(path)


# -------------------------------------------------------------------------- interrupted run (CLI)


def big_corpus(path: Path, copies: int) -> list[str]:
    """The shipped sample, each article in ``copies`` editions (a line added, so each text is new)."""
    if not SAMPLE.is_file():
        pytest.skip(f"{SAMPLE} is not in this checkout")
    sample = load_corpus(SAMPLE)
    ids = []
    with open(path, "w", encoding="utf-8") as out:
        for edition in range(copies):
            for row in sample.itertuples():
                article_id = f"{row.id}-e{edition}"
                ids.append(article_id)
                out.write(json.dumps({"id": article_id, "title": row.title,
                                      "text": f"{row.text}\n\nThis is edition {edition} of the story."}) + "\n")
    return ids


def score(*args: str) -> subprocess.Popen:
    # A session of its own, so the test can kill the command and its worker processes together.
    return subprocess.Popen([sys.executable, "-m", "audit", "score", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, "CI": "1"})


def test_a_killed_run_resumes_without_redoing_losing_or_duplicating_rows(tmp_path):
    corpus, out, cache = tmp_path / "big.jsonl", tmp_path / "scores.parquet", tmp_path / "audits.sqlite"
    ids = big_corpus(corpus, copies=6)
    run = score(str(corpus), "-o", str(out), "--cache", str(cache), "--chunk-size", "10", "--workers", "2", "-q")
    deadline = time.monotonic() + 120
    # Read the cache while the run writes it (WAL: a reader never blocks the writer).
    while count_rows(cache) < 40 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert run.poll() is None, f"the run ended before it could be interrupted: {run.communicate()}"
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    finished = count_rows(cache)
    assert 40 <= finished < len(ids)
    assert finished % 10 == 0  # whole chunks only: the chunk in flight was rolled back
    assert not out.exists()  # no half-written table that looks whole

    rerun = score(str(corpus), "-o", str(out), "--cache", str(cache), "--chunk-size", "10", "--workers", "2", "-q")
    stdout, stderr = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, stderr
    assert stdout.strip().endswith(f"(cache: {finished} reused, {len(ids) - finished} audited)")
    table = pd.read_parquet(out)
    assert table["id"].tolist() == ids  # every row once, in input order
    assert table["error"].isna().all() and table["words"].gt(50).all()
    assert count_rows(cache) == len(ids)
    assert not list(tmp_path.glob(".*.partial"))

    # The resumed table is the table of an uninterrupted run.
    fresh = tmp_path / "fresh.parquet"
    clean = score(str(corpus), "-o", str(fresh), "--chunk-size", "50", "--workers", "2", "-q")
    assert clean.wait(timeout=300) == 0
    pd.testing.assert_frame_equal(pd.read_parquet(fresh), table)
