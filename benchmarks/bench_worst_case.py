"""Worst-case speed: characters per second of the whole audit on hostile inputs, and a 5 MB article.

Every rule must stay linear in the text: a run of quotation marks, dots or capitalised words must
not make a regular expression backtrack. This prints each case's time and characters/second; the
slowest case is the figure quoted in the README.

Usage:
    python benchmarks/bench_worst_case.py [--size 200000]
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from audit import audit_text

REPO = Path(__file__).resolve().parents[1]


def cases(size: int) -> dict[str, str]:
    return {
        "quotation marks": '"' * size,
        "curly quotes": "“" * (size // 2) + "”" * (size // 2),
        "dots": "." * size,
        "dashes": "—" * size,
        "opening brackets": "(" * size,
        "newlines": "\n" * size,
        "CRLF": "\r\n" * (size // 2),
        "capitalised words": "Word " * (size // 5),
        "titles": "Mr. " * (size // 4),
        "said said said": "said " * (size // 5),
        "according to": "according to " * (size // 13),
        "one long word": "x" * size,
        "name lines": "Jack Phillips\n" * (size // 14),
        "short sentences": "He said it. " * (size // 12),
        "quoted sentences": "“It may rain,” she said. " * (size // 25),
    }


def five_megabyte_article() -> str:
    sample = REPO / "data" / "sample" / "articles.jsonl"
    bodies = [json.loads(line)["text"] for line in sample.read_text(encoding="utf-8").splitlines()]
    text, i = [], 0
    while sum(map(len, text)) < 5_000_000:
        text.append(bodies[i % len(bodies)])
        i += 1
    return "\n\n".join(text)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=200_000, help="characters per hostile input")
    args = parser.parse_args(argv)
    slowest = None
    for name, text in [*cases(args.size).items(), ("5 MB article (sample corpus repeated)", five_megabyte_article())]:
        started = time.perf_counter()
        audit_text(text)
        elapsed = time.perf_counter() - started
        speed = len(text) / elapsed
        print(f"{name:40} {len(text):>9,} chars  {elapsed:7.2f} s  {speed / 1e6:6.2f} M chars/s", flush=True)
        if slowest is None or speed < slowest[1]:
            slowest = (name, speed)
    print(f"worst case: {slowest[0]} at {slowest[1] / 1e6:.2f} M characters/second")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
