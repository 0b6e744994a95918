"""Peak memory of `news-audit score` on a big JSONL corpus written to Parquet (target: under 1 GB).

It generates ``--articles`` articles (default 100,000) by resampling real articles (the same
source as bench_speed.py: ``polnear/train/text`` under the gold corpora folder, else the sample
corpus) into a JSONL file in a temporary folder, runs

    python -m audit score big.jsonl -o out.parquet --quiet [--workers N]

as a subprocess and reports its wall time and peak memory:

* ``ru_maxrss`` of the children (``resource.getrusage(RUSAGE_CHILDREN)``): the peak resident
  set of the largest single process (the CLI or one of its workers);
* the peak of the whole process tree (CLI plus workers), sampled from /proc every 0.1 s on
  Linux, as the sum of each process's proportional set size (PSS: a page shared by the forked
  workers is split between them, not counted once per process).

The temporary folder (a few hundred MB) is removed at the end.

With ``--dask local`` the workers are a LocalCluster's (its worker processes are children of
the command, so they are in the sampled tree); ``--cache`` adds the SQLite result cache.

Usage:
    python benchmarks/bench_memory.py [--articles 100000] [--workers N] [--data DIR] [--cache] [--dask local]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_speed import articles  # noqa: E402

LIMIT_MB = 1024


def tree_pss_kb(pid: int) -> int:
    """Proportional memory of a process and all its descendants, in KB (Linux /proc; 0 elsewhere)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend(int(c) for c in children)
        except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
            continue
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--workers", type=int, help="passed to news-audit score (default: every CPU)")
    parser.add_argument("--data", help="the gold corpora folder (default: $NEWS_AUDIT_EVAL or ../shared/eval)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--cache", action="store_true", help="also pass --cache (an SQLite file in the temp folder)")
    parser.add_argument("--dask", metavar="ADDRESS", help="also pass --dask ADDRESS (e.g. local)")
    args = parser.parse_args()

    texts, where = articles(args.data, None)
    picker = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="news-audit-bench-") as folder:
        big = Path(folder) / "big.jsonl"
        out = Path(folder) / "out.parquet"
        with open(big, "w", encoding="utf-8") as handle:
            for i in range(args.articles):
                record = {"id": f"a{i:06d}", "outlet": f"outlet-{i % 17}", "text": picker.choice(texts)}
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        size_mb = big.stat().st_size / 2**20
        print(f"source: {where}")
        print(f"generated {args.articles} articles by resampling -> {size_mb:.0f} MB of JSONL")

        command = [sys.executable, "-m", "audit", "score", str(big), "-o", str(out), "--quiet"]
        if args.workers:
            command += ["--workers", str(args.workers)]
        if args.cache:
            command += ["--cache", str(Path(folder) / "audits.sqlite")]
        if args.dask:
            command += ["--dask", args.dask]
        peak_tree = 0
        done = threading.Event()
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env={**os.environ, "CI": "1"})

        def sample() -> None:
            nonlocal peak_tree
            while not done.is_set():
                peak_tree = max(peak_tree, tree_pss_kb(process.pid))
                time.sleep(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        stdout, stderr = process.communicate()
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        maxrss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if sys.platform == "darwin":  # bytes there, KB on Linux
            maxrss_kb //= 1024
        print(f"command: {' '.join(command[1:])}")
        print(stdout.strip())
        if process.returncode:
            print(f"exit status {process.returncode}: {stderr.strip()[-2000:]}")
        out_mb = out.stat().st_size / 2**20 if out.exists() else 0
        print(f"wall time {seconds:.1f} s ({args.articles / seconds:.0f} articles/s), output {out_mb:.1f} MB")
        print(f"peak RSS, largest process (ru_maxrss): {maxrss_kb / 1024:.0f} MB")
        if peak_tree:
            print(f"peak PSS, CLI + workers (sampled):     {peak_tree / 1024:.0f} MB")
        worst = max(maxrss_kb, peak_tree) / 1024
        print(f"target < {LIMIT_MB} MB: {'met' if worst < LIMIT_MB else 'NOT met'}")


if __name__ == "__main__":
    main()
