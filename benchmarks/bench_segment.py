"""Sentence-boundary precision, recall and F1 against the Szeged uncertainty corpus (Wikipedia part).

Each gold ``<Sentence>`` is one sentence. For every document part (title and text are separate
parts), the gold sentences are joined with one space; ``audit.split_sentences`` splits that string
and its boundaries (the end offsets of all sentences but the last) are compared with the gold ones.

Usage:
    python benchmarks/bench_segment.py [--data ../shared/eval] [--show-errors 20]
"""
from __future__ import annotations

import argparse
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _eval_path import eval_root  # noqa: E402

from audit import split_sentences  # noqa: E402


def gold_parts(wiki_xml: Path):
    """Yield (doc_id, [sentence texts]) for every document part with at least one sentence."""
    root = ET.parse(wiki_xml).getroot()
    for document in root.iter("Document"):
        doc_id = (document.findtext("DocID") or "").strip()
        for part in document.iter("DocumentPart"):
            sentences = [" ".join("".join(s.itertext()).split()) for s in part.iter("Sentence")]
            sentences = [s for s in sentences if s]
            if sentences:
                yield doc_id, part.get("type", ""), sentences


def score(parts):
    tp = fp = fn = 0
    errors = []
    n_chars = 0
    started = time.perf_counter()
    for doc_id, _, sentences in parts:
        text = " ".join(sentences)
        n_chars += len(text)
        gold, offset = set(), 0
        for s in sentences[:-1]:
            offset += len(s)
            gold.add(offset)
            offset += 1
        predicted = {span.end for span in split_sentences(text)[:-1]}
        tp += len(gold & predicted)
        fp += len(predicted - gold)
        fn += len(gold - predicted)
        for b in sorted(predicted ^ gold):
            errors.append(("extra" if b in predicted else "missed", doc_id, text[max(0, b - 60):b] + " ‖ " + text[b:b + 40]))
    elapsed = time.perf_counter() - started
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, tp, fp, fn, n_chars / elapsed, errors


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", help="folder holding szeged/wiki.xml (default ../shared/eval)")
    parser.add_argument("--show-errors", type=int, default=0, help="print this many boundary errors")
    args = parser.parse_args(argv)
    wiki = eval_root(args.data) / "szeged" / "wiki.xml"
    if not wiki.is_file():
        print(f"skipped: {wiki} not found (the gold corpora are not shipped with news-audit)")
        return 0
    parts = list(gold_parts(wiki))
    p, r, f, tp, fp, fn, speed, errors = score(parts)
    print(f"Szeged wiki sentence boundaries: {len(parts)} document parts, {tp + fn} gold boundaries")
    print(f"precision {p:.4f}  recall {r:.4f}  F1 {f:.4f}  (tp {tp}, fp {fp}, fn {fn})")
    print(f"speed: {speed / 1e6:.2f} M characters/second")
    for kind, doc_id, context in errors[: args.show_errors]:
        print(f"  {kind:6} {doc_id[:30]:30} {context!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
