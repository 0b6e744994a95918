"""A Dask worker process killed in the middle of a run: the batch is audited again, never silently dropped."""
from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pandas as pd
import pytest

from fault_helpers import DEADLINE, rng, wait_until, write_corpus

# Timing-sensitive (real processes, signals at random points): a case that fails is run again, up to twice;
# failing three times fails the build.
pytestmark = [pytest.mark.faults, pytest.mark.flaky(reruns=2, reruns_delay=2)]
distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> pd.DataFrame:
    from audit.corpus import load_corpus

    path = tmp_path_factory.mktemp("corpus") / "feed.jsonl"
    write_corpus(path, editions=3)
    return load_corpus(path)


@pytest.fixture(scope="module")
def reference(corpus) -> pd.DataFrame:
    from audit.corpus import audit_corpus

    return audit_corpus(corpus, workers=1, progress=False)


@pytest.fixture(scope="module")
def client():
    from audit.cluster import local_cluster

    cluster = local_cluster(2, memory_limit="1GiB")
    with distributed.Client(cluster) as dask_client:
        yield dask_client
    cluster.close()


class _Killer(threading.Thread):
    """In the background: once a worker holds a task, SIGKILL its process (as the out-of-memory killer would)."""

    def __init__(self, client, name: str) -> None:
        super().__init__(daemon=True)
        self.client, self.killed, self.done = client, None, threading.Event()
        self.at = rng(name).randrange(1, 3)  # the first or the second time a busy worker is seen

    def run(self) -> None:
        seen = 0
        while not self.done.wait(0.05):
            busy = [address for address, tasks in self.client.processing().items() if tasks]
            seen += bool(busy)
            if busy and seen >= self.at:
                pid = self.client.run(os.getpid, workers=busy[:1])[busy[0]]
                os.kill(pid, signal.SIGKILL)
                self.killed = pid
                return

    def stop(self) -> None:
        self.done.set()
        self.join(DEADLINE)
        assert self.killed is not None, "the run ended before a worker could be killed: the fault did not happen"


def _wait_for_two_workers(client) -> None:
    wait_until(lambda: len(client.scheduler_info()["workers"]) >= 2, "two Dask workers", deadline=DEADLINE)


def test_a_killed_worker_on_the_client_path_gives_the_complete_identical_table(client, corpus, reference):
    from audit.corpus import audit_corpus

    _wait_for_two_workers(client)
    killer = _Killer(client, "client-path")
    killer.start()
    scores = audit_corpus(corpus, client=client, progress=False, chunksize=40)
    killer.stop()
    scores.attrs = reference.attrs
    pd.testing.assert_frame_equal(scores, reference)


def test_a_killed_worker_under_a_lazy_dask_frame_gives_the_complete_identical_table(client, corpus, reference):
    import dask.dataframe as dd

    from audit.corpus import audit_corpus

    _wait_for_two_workers(client)
    lazy = audit_corpus(dd.from_pandas(corpus, npartitions=6), progress=False)
    killer = _Killer(client, "lazy-frame")
    killer.start()
    scores = client.compute(lazy).result(timeout=DEADLINE)
    killer.stop()
    expected = reference.astype({c: scores[c].dtype for c in scores.columns})
    pd.testing.assert_frame_equal(scores, expected, check_index_type=False)
