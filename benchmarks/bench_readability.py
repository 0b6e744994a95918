"""Readability speed: textstat's own functions vs ``audit.readability.readability``.

For every article it times (a) textstat 0.7.8 called the normal way (the seven
standard formulas plus ``text_standard(text, float_output=True)``, one public
call each) and (b) one ``readability(text)`` call, reports articles/second for
both and the speed-up, and checks that every metric of every article is equal
(``==``). Each article is different text, so textstat's per-text caches cannot help
it; the loop over the articles is run ``--passes`` times (default 2; textstat's
per-text caches are emptied before each pass, so it never replays an earlier
result) and each pass is reported. ``readability()`` starts pass 1 with a cold
per-word syllable cache and pass 2 with a warm one.

Articles: ``*.txt`` files in the directory given as argument (default
``../shared/eval/polnear/train/text`` relative to the repository root, or
``$NEWS_AUDIT_EVAL/polnear/train/text``); if that directory is absent,
``data/sample`` (``*.jsonl`` records with a "text" field, and ``*.txt`` files).

Usage:
    python benchmarks/bench_readability.py [DIR] [--passes 2] [--limit N]
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _eval_path import REPO, eval_root  # noqa: E402

import textstat  # noqa: E402

from audit.readability import READABILITY_METRICS, TEXTSTAT_VERSION, readability, textstat_reference  # noqa: E402

SAMPLE_DIR = REPO / "data" / "sample"




def read_articles(directory: Path) -> list[str]:
    texts: list[str] = []
    for path in sorted(directory.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    body = record.get("text") or record.get("body") or ""
                    texts.append(body)
    for path in sorted(directory.glob("*.txt")):
        texts.append(path.read_text(encoding="utf-8"))
    return texts


def clear_textstat_text_caches() -> None:
    """Empty textstat's per-call caches (not its CMUdict/pyphen/easy-word loaders).

    A real corpus never shows textstat the same article twice, so a second
    pass must not be served from the first pass's cached results (which
    happens when there are fewer than 128 articles).
    """
    for module in (
        textstat.backend.counts,
        textstat.backend.metrics,
        textstat.backend.selections,
        textstat.backend.transformations,
        textstat.backend.validations,
    ):
        for name in module.__all__:
            cache_clear = getattr(getattr(module, name), "cache_clear", None)
            if cache_clear is not None:
                cache_clear()


def time_pass(function, texts: list[str]) -> tuple[float, list[dict[str, float]]]:
    started = time.perf_counter()
    results = [function(text) for text in texts]
    return time.perf_counter() - started, results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", nargs="?", help="directory of article .txt/.jsonl files")
    parser.add_argument("--passes", type=int, default=2, choices=(1, 2, 3))
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    args = parser.parse_args(argv)

    if args.directory:
        candidates = [Path(args.directory)]
    else:
        candidates = [eval_root() / "polnear" / "train" / "text", SAMPLE_DIR]
    directory = next((d for d in candidates if d.is_dir() and read_articles(d)), None)
    if directory is None:
        tried = ", ".join(str(d) for d in candidates)
        print(f"bench_readability: no articles found (tried {tried}); nothing to benchmark.")
        return 0

    texts = read_articles(directory)[: args.limit]
    blank = sum(1 for t in texts if not t.strip())
    print(f"textstat {TEXTSTAT_VERSION}, Python {sys.version.split()[0]}")
    print(
        f"{len(texts)} articles from {directory} "
        f"(mean {sum(map(len, texts)) / len(texts):,.0f} characters, "
        f"mean {sum(len(t.split()) for t in texts) / len(texts):,.0f} tokens)"
    )

    # Load CMUdict, pyphen and the easy-word list once before timing; both
    # implementations share textstat's loaded copies.
    warm_up = "The committee approved the proposal on Tuesday after a long debate."
    textstat_reference(warm_up)
    readability(warm_up)

    mismatched_articles = 0
    mismatched_values = 0
    examples: list[str] = []
    for n in range(1, args.passes + 1):
        clear_textstat_text_caches()
        textstat_seconds, reference = time_pass(textstat_reference, texts)
        ours_seconds, ours = time_pass(readability, texts)
        textstat_rate = len(texts) / textstat_seconds
        ours_rate = len(texts) / ours_seconds
        print(
            f"pass {n}: textstat {textstat_rate:8.1f} articles/s | "
            f"readability() {ours_rate:8.1f} articles/s | "
            f"speed-up {textstat_seconds / ours_seconds:5.1f}x"
        )
        if n == 1:
            for index, (text, ref, got) in enumerate(zip(texts, reference, ours)):
                if not text.strip():  # documented: readability() gives NaN here
                    if not all(math.isnan(v) for v in got.values()):
                        mismatched_articles += 1
                    continue
                bad = [m for m in READABILITY_METRICS if not got[m] == ref[m]]
                if bad:
                    mismatched_articles += 1
                    mismatched_values += len(bad)
                    if len(examples) < 5:
                        examples.append(
                            f"  article {index}: "
                            + ", ".join(f"{m} ours={got[m]!r} textstat={ref[m]!r}" for m in bad)
                        )

    checked = len(texts) - blank
    print(
        f"mismatches: {mismatched_articles} of {len(texts)} articles "
        f"({mismatched_values} of {checked * len(READABILITY_METRICS)} metric values compared with ==)"
        + (f"; {blank} blank articles give NaN by design" if blank else "")
    )
    for line in examples:
        print(line)
    return 1 if mismatched_articles else 0


if __name__ == "__main__":
    sys.exit(main())
