"""Throughput of the sourcing audit: articles per second of ``find_attributions`` on one core.

Reads ``../shared/eval/polnear/train/text`` when present (or the folder in ``$NEWS_AUDIT_EVAL``),
else any ``.txt`` files or folders given on the command line. Segmentation is timed separately, so
the cost of the attribution pass itself is visible.

Usage:
    python benchmarks/bench_sources.py [FILES_OR_FOLDERS ...] [--repeat N]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from audit.config import DEFAULT_CONFIG
from audit.segment import segment
from audit.sources import attributions_in, find_attributions

REPO = Path(__file__).resolve().parents[1]


def _texts(arguments: list[str]) -> list[str]:
    paths: list[Path] = []
    if arguments:
        for argument in arguments:
            path = Path(argument)
            paths.extend(sorted(path.glob("*.txt")) if path.is_dir() else [path])
    else:
        root = Path(os.environ.get("NEWS_AUDIT_EVAL") or REPO / ".." / "shared" / "eval")
        paths = sorted((root / "polnear" / "train" / "text").glob("*.txt"))
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help=".txt files or folders (default: PolNeAR train texts)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; the best is reported")
    args = parser.parse_args(argv)
    texts = _texts(args.paths)
    if not texts:
        print("no articles found: pass .txt files or folders, or provide ../shared/eval", file=sys.stderr)
        return 2
    words = statistics.mean(len(t.split()) for t in texts)
    for text in texts[:20]:  # warm the rule caches
        find_attributions(text)
    full, attribution_only = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        docs = [segment(t) for t in texts]
        t1 = time.perf_counter()
        found = sum(len(attributions_in(d, DEFAULT_CONFIG)) for d in docs)
        t2 = time.perf_counter()
        full.append(len(texts) / (t2 - t0))
        attribution_only.append(len(texts) / (t2 - t1))
    print(f"{len(texts)} articles, {words:.0f} words on average, {found} attributions")
    print(f"find_attributions (segment + attributions): {max(full):.0f} articles/second "
          f"({1000 / max(full):.2f} ms per article)")
    print(f"attributions_in on a segmented Document:   {max(attribution_only):.0f} articles/second "
          f"({1000 / max(attribution_only):.2f} ms per article)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
