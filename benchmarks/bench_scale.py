"""Scaling: articles per second on 1 and 2 processes, built-in worker pool versus a Dask LocalCluster.

On the same resampled articles it times

* ``audit_corpus(frame, workers=N)``: the built-in pool (N=1 audits in this process, no pool);
* ``audit_corpus(dask_frame).compute()`` on a ``LocalCluster`` of N single-threaded worker
  processes (the lazy Dask DataFrame path; cluster start-up and worker warm-up not timed);
* ``audit_corpus(frame, client=client)``: the same cluster fed chunk by chunk, as
  ``news-audit score --dask`` does;

and prints, for each, the best of ``--repeat`` runs (each started once the CPUs are quiet, up to
``--patience`` seconds of waiting): wall-clock throughput, CPU seconds per article (this process plus its
workers: what an article costs whatever else the machine runs), the 2-versus-1 speed-up, and the
load average before and after (other jobs on the machine lower the wall-clock figures, not the
CPU cost). From the one-process CPU cost and the 2-process efficiency it estimates the wall time
of 10 million articles on a 64-core cluster.

With ``--memory-articles N`` it then runs ``bench_memory.py --articles N`` (peak memory of
``news-audit score`` streaming N articles to Parquet).

Articles: resampled (with a fixed seed) from ``polnear/train/text`` under the gold corpora folder
(``--data``, else ``$NEWS_AUDIT_EVAL``, else ``../shared/eval``), else the sample corpus; read at
run time, never copied.

Usage:
    python benchmarks/bench_scale.py [--articles 2000] [--data DIR] [--memory-articles 100000]
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_speed import articles  # noqa: E402

import pandas as pd  # noqa: E402

from audit.article import audit_text  # noqa: E402
from audit.config import DEFAULT_CONFIG  # noqa: E402
from audit.corpus import audit_corpus  # noqa: E402
from audit.engine import _warm_worker  # noqa: E402

TARGET_SPEEDUP = 1.7
CLUSTER_CORES = 64
CLUSTER_ARTICLES = 10_000_000


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (pool workers are joined at the end of a run)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f}/{five:.2f}"


def busy_share(seconds: float = 1.0) -> float:
    """The share of the machine's CPU time that was busy over the next ``seconds`` (Linux /proc/stat)."""
    def sample() -> tuple[int, int]:
        with open("/proc/stat") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
        idle = values[3] + values[4]  # idle + iowait
        return sum(values), idle

    try:
        total0, idle0 = sample()
        time.sleep(seconds)
        total1, idle1 = sample()
    except OSError:
        return 0.0
    return 1 - (idle1 - idle0) / max(1, total1 - total0)


def wait_until_quiet(limit: float, patience: float) -> str:
    """Wait (at most ``patience`` seconds) until other jobs use less than ``limit`` of the CPUs."""
    deadline = time.monotonic() + patience
    share = busy_share()
    while share > limit and time.monotonic() < deadline:
        share = busy_share()
    return f"{share:.0%} busy before"


class Timer:
    """Best of ``repeat`` timed runs (the least disturbed by other jobs), waiting for a quiet machine first."""

    def __init__(self, repeat: int, quiet: float, patience: float) -> None:
        self.repeat, self.quiet, self.patience = repeat, quiet, patience

    def best(self, label: str, count: int, run, cpu_now) -> dict:
        best = None
        for _ in range(self.repeat):
            quiet = wait_until_quiet(self.quiet, self.patience)
            before, start_cpu, start = load(), cpu_now(), time.perf_counter()
            scores = run()
            seconds, cpu = time.perf_counter() - start, cpu_now() - start_cpu
            assert len(scores) == count and scores["error"].isna().all()
            if best is None or seconds < best[0]:
                best = (seconds, cpu, before, load(), quiet)
        seconds, cpu, before, after, quiet = best
        print(f"{label:<44} {count / seconds:7.1f} articles/s  ({seconds:6.2f} s wall, "
              f"{1000 * cpu / count:5.2f} ms CPU/article; {quiet}, load {before} -> {after})", flush=True)
        return {"rate": count / seconds, "cpu": cpu / count}


def run_pool(timer: Timer, corpus: pd.DataFrame, workers: int) -> dict:
    label = "pool, 1 process (in-process)" if workers == 1 else f"pool, {workers} worker processes"
    return timer.best(label, len(corpus), lambda: audit_corpus(corpus, workers=workers, progress=False),
                      cpu_seconds)


def run_dask(timer: Timer, corpus: pd.DataFrame, workers: int, partition_rows: int) -> tuple[dict, dict]:
    import dask.dataframe as dd
    from distributed import Client

    from audit.cluster import local_cluster

    results = []
    with local_cluster(workers) as cluster, Client(cluster) as client:
        client.run(_warm_worker, DEFAULT_CONFIG)  # rules compiled on every worker, as in a long run
        # The per-process word caches (syllables, difficult words) warm up over the first articles;
        # the pool's forked workers inherit this process's, fresh Dask workers start empty.
        audit_corpus(corpus.head(50 * workers), client=client, progress=False, chunksize=25)

        def worker_cpu() -> float:
            return sum(client.run(time.process_time).values())

        ddf = dd.from_pandas(corpus, npartitions=max(2 * workers, len(corpus) // partition_rows))
        # from_pandas puts the articles in the task graph (Dask warns about its size); a real run
        # reads them on the workers (dd.read_parquet, dd.read_json), which only makes this faster.
        warnings.filterwarnings("ignore", message="Sending large graph")
        for label, compute in (
                (f"Dask DataFrame, {workers} worker process{'es' if workers > 1 else ''}",
                 lambda: audit_corpus(ddf).compute()),
                (f"Dask futures (CLI --dask), {workers} worker{'s' if workers > 1 else ''}",
                 lambda: audit_corpus(corpus, client=client, progress=False, chunksize=partition_rows))):
            results.append(timer.best(label, len(corpus), compute, lambda: worker_cpu() + cpu_seconds()))
    return results[0], results[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles per measurement (default 2000)")
    parser.add_argument("--data", help="the gold corpora folder (default: $NEWS_AUDIT_EVAL or ../shared/eval)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--partition-rows", type=int, default=100, help="rows per Dask partition / chunk")
    parser.add_argument("--skip-dask", action="store_true", help="only the built-in pool")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per setting; the fastest counts")
    parser.add_argument("--quiet-below", type=float, default=0.15,
                        help="before each run, wait until the CPUs are less busy than this share (default 0.15)")
    parser.add_argument("--patience", type=float, default=120, help="seconds to wait for a quiet machine")
    parser.add_argument("--memory-articles", type=int, default=0,
                        help="then run bench_memory.py on this many articles (e.g. 100000)")
    args = parser.parse_args()

    texts, where = articles(args.data, None)
    picker = random.Random(args.seed)
    sample = [picker.choice(texts) for _ in range(args.articles)]
    corpus = pd.DataFrame({"id": [f"a{i:06d}" for i in range(len(sample))], "text": sample})
    words = sum(len(t.split()) for t in sample) / len(sample)
    print(f"articles: {len(sample)} resampled from {where}, {words:.0f} words on average")
    print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, load average (1/5 min) {load()}")
    audit_text(sample[0])  # rules compiled here before forking, as a real run does

    timer = Timer(args.repeat, args.quiet_below, args.patience)
    rows = {}
    for workers in (1, 2):
        rows[("pool", workers)] = run_pool(timer, corpus, workers)
    if not args.skip_dask:
        for workers in (1, 2):
            rows[("dask", workers)], rows[("futures", workers)] = run_dask(timer, corpus, workers,
                                                                           args.partition_rows)

    print()
    for engine in ("pool", "dask", "futures"):
        if (engine, 2) in rows:
            speedup = rows[(engine, 2)]["rate"] / rows[(engine, 1)]["rate"]
            verdict = "met" if speedup >= TARGET_SPEEDUP else "NOT met"
            print(f"speed-up 2 vs 1 process, {engine:<8} {speedup:4.2f}x (target {TARGET_SPEEDUP}x: {verdict})")

    one = rows[("pool", 1)]
    efficiency = min(1.0, rows[("pool", 2)]["rate"] / one["rate"] / 2)
    cpu_hours = CLUSTER_ARTICLES * one["cpu"] / 3600
    hours = cpu_hours / (CLUSTER_CORES * efficiency)
    print(f"\n{CLUSTER_ARTICLES:,} articles at {1000 * one['cpu']:.2f} ms CPU each = {cpu_hours:.1f} CPU-hours; "
          f"on {CLUSTER_CORES} cores at {efficiency:.0%} parallel efficiency: {hours:.2f} h "
          f"({60 * hours:.0f} min) of auditing, input reading and output writing not included")

    if args.memory_articles:
        print(f"\npeak memory, {args.memory_articles} articles (bench_memory.py):", flush=True)
        subprocess.run([sys.executable, str(Path(__file__).with_name("bench_memory.py")),
                        "--articles", str(args.memory_articles)] + (["--data", args.data] if args.data else []),
                       check=True)


if __name__ == "__main__":
    main()
