"""Corpus audits on Dask: a 2-process LocalCluster gives exactly the pandas rows, lazily, rules loaded once."""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

dd = pytest.importorskip("dask.dataframe", reason="the dask extra is not installed")
distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")

from audit.cli import main  # noqa: E402
from audit.cluster import audit_dask, output_meta, rule_file_loads  # noqa: E402
from audit.corpus import audit_corpus, load_corpus  # noqa: E402
from audit.lexicon import rule_files  # noqa: E402
from audit.schema import METRIC_COLUMNS, pandas_dtypes  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "articles.jsonl"


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    if not SAMPLE.is_file():
        pytest.skip(f"{SAMPLE} is not in this checkout")
    return load_corpus(SAMPLE)


@pytest.fixture(scope="module")
def client():
    """Two single-threaded worker processes on the loopback interface, closed whatever happens."""
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None,
                                       host="127.0.0.1", scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})
    try:
        with distributed.Client(cluster) as connected:
            yield connected
    finally:
        cluster.close()


@pytest.fixture(scope="module")
def pandas_scores(sample) -> pd.DataFrame:
    return audit_corpus(sample, workers=1, progress=False)


def same_values(left: pd.Series, right: pd.Series) -> bool:
    """Equal cell by cell, a missing value (None, NaN, <NA>) equal only to a missing value."""
    def norm(value):
        return None if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) else value
    return [norm(v) for v in left.tolist()] == [norm(v) for v in right.tolist()]


def test_dask_on_two_worker_processes_equals_pandas_on_the_sample(client, sample, pandas_scores):
    ddf = dd.from_pandas(sample, npartitions=6)
    lazy = audit_corpus(ddf)
    assert isinstance(lazy, dd.DataFrame)  # nothing computed yet
    scores = lazy.compute()
    assert len(scores) == len(sample) == 60
    assert list(scores.index) == list(pandas_scores.index)
    assert list(scores.columns) == list(pandas_scores.columns)
    pd.testing.assert_frame_equal(scores[list(METRIC_COLUMNS)], pandas_scores[list(METRIC_COLUMNS)])
    assert same_values(scores["id"], pandas_scores["id"])
    assert same_values(scores["error"], pandas_scores["error"])
    assert scores["attributions"].sum() > 0 and scores["words"].min() > 50  # real audits, not empty rows
    # Both processes audited some of the rows (each has read the rule files).
    loads = client.run(rule_file_loads)
    assert len(loads) == 2 and all(count > 0 for count in loads.values())


def test_meta_is_the_schema_and_matches_what_the_workers_return(client, sample):
    lazy = audit_dask(dd.from_pandas(sample[["id", "title", "text"]], npartitions=3))
    assert {c: str(lazy.dtypes[c]) for c in METRIC_COLUMNS} == pandas_dtypes()
    assert lazy.dtypes["error"] == object
    computed = lazy.partitions[0].compute()
    assert {c: str(computed[c].dtype) for c in METRIC_COLUMNS} == pandas_dtypes()
    assert list(computed.columns) == list(lazy.columns)


def test_stale_metric_columns_of_the_input_are_replaced_not_duplicated():
    empty = output_meta({"id": "object", "words": "float64", "error": "object", "text": "object"})
    assert list(empty.columns) == ["id", "text", *METRIC_COLUMNS, "warnings", "error"]
    assert str(empty["words"].dtype) == "Int64"


def test_rule_files_are_read_once_per_worker_process_not_once_per_row(client, sample):
    ddf = dd.from_pandas(sample, npartitions=6)
    audit_corpus(ddf).compute()
    after_first = client.run(rule_file_loads)
    audit_corpus(ddf).compute()  # 60 more rows, 6 more partitions
    after_second = client.run(rule_file_loads)
    assert after_second == after_first  # nothing re-read by a warm worker
    for loads in after_first.values():
        assert 0 < loads <= len(rule_files())  # at most every file once, whatever the rows


def test_a_missing_text_column_is_reported_before_anything_runs(sample):
    with pytest.raises(ValueError, match=r"no text column 'body'"):
        audit_corpus(dd.from_pandas(sample, npartitions=2), text_col="body")


def test_cache_and_files_are_for_pandas_inputs(sample, tmp_path):
    with pytest.raises(ValueError, match="to_parquet"):
        audit_corpus(dd.from_pandas(sample, npartitions=2), cache=tmp_path / "c.sqlite")


def test_client_option_streams_a_pandas_corpus_through_the_cluster(client, sample, pandas_scores):
    scores = audit_corpus(sample, client=client, progress=False, chunksize=7)
    pd.testing.assert_frame_equal(scores[list(METRIC_COLUMNS)], pandas_scores[list(METRIC_COLUMNS)])
    assert scores["id"].tolist() == pandas_scores["id"].tolist()


def test_cli_dask_address_writes_the_same_parquet_as_local_workers(client, tmp_path, pandas_scores):
    local, remote = tmp_path / "local.parquet", tmp_path / "dask.parquet"
    assert main(["score", str(SAMPLE), "-o", str(local), "--workers", "1", "-q"]) == 0
    assert main(["score", str(SAMPLE), "-o", str(remote), "--dask", client.scheduler.address, "-q",
                 "--chunk-size", "9"]) == 0
    left, right = pd.read_parquet(local), pd.read_parquet(remote)
    pd.testing.assert_frame_equal(left, right)
    assert left["id"].tolist() == pandas_scores["id"].tolist()


def test_cli_dask_to_an_address_where_no_scheduler_listens_is_one_line(tmp_path, capsys):
    status = main(["score", str(SAMPLE), "-o", str(tmp_path / "s.csv"), "--dask", "tcp://127.0.0.1:9",
                   "--dask-timeout", "2", "-q"])
    assert status == 1
    err = capsys.readouterr().err
    assert err.startswith("news-audit: error:") and "127.0.0.1:9" in err and "Traceback" not in err
    assert not (tmp_path / "s.csv").exists()


def test_cli_dask_local_starts_and_stops_its_own_cluster(tmp_path, pandas_scores):
    out = tmp_path / "s.parquet"
    assert main(["score", str(SAMPLE), "-o", str(out), "--dask", "local", "--workers", "1", "-q"]) == 0
    written = pd.read_parquet(out)
    assert written["id"].tolist() == pandas_scores["id"].tolist()
    pd.testing.assert_frame_equal(written[list(METRIC_COLUMNS)],
                                  pandas_scores[list(METRIC_COLUMNS)].reset_index(drop=True))


def test_write_dataset_writes_one_parquet_file_per_partition_with_schema_and_provenance(client, sample, tmp_path,
                                                                                         pandas_scores):
    import json

    import pyarrow.parquet as pq

    from audit.cluster import write_dataset

    folder = tmp_path / "scores"
    write_dataset(audit_dask(dd.from_pandas(sample, npartitions=4)), folder)
    parts = sorted(folder.glob("*.parquet"))
    assert len(parts) == 4
    assert json.loads(pq.read_schema(parts[0]).metadata[b"news_audit"])["schema_version"] == "1"
    back = pd.read_parquet(folder)
    assert "text" not in back.columns and back["id"].tolist() == pandas_scores["id"].tolist()
    pd.testing.assert_frame_equal(back[list(METRIC_COLUMNS)],
                                  pandas_scores[list(METRIC_COLUMNS)].reset_index(drop=True))
    assert back["error"].isna().all()
