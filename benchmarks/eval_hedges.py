"""Hedge and weasel cues against annotated uncertainty corpora (Wikipedia and news), and the cost per article.

* Szeged Uncertainty Corpus, Wikipedia part (``szeged/wiki.xml``). Each gold ``<Sentence>`` is audited
  alone: ``find_hedges`` on its plain text (tags stripped); gold cue offsets come from its ``<ccue>``
  elements. Gold cues of type ``speculation_hypo_condition`` (if, unless, would) are conditionality, not
  hedging: they are dropped, and a sentence whose only cues are conditions is skipped.
  - sentence level: a sentence is hedged when it holds a gold cue; the audit says so when it finds a cue of
    kind hedge, or a weasel built on a verb of belief (categories ``passive_belief``, ``vague_belief``: the
    corpus types the "believed" of "it is believed", "is considered", "many think" as doxastic uncertainty),
    approximators aside (see below). Weasels of speech and consensus ("it is said", "critics argue",
    "widely accepted") are vague attribution, which this corpus does not annotate, so they are not counted;
  - cue level: a found cue is right when it overlaps a gold cue, a gold cue is found when a found cue
    overlaps it.
  Documents are split into two halves by a hash of the DocID: ``tune`` (looked at while writing the
  lexicons) and ``check`` (looked at only for these figures).
* Szeged Uncertainty Corpus, news part (``szeged/factbank_dev.xml``: FactBank newswire, 1989-98), read and
  halved by document the same way, conditional-only sentences skipped. A sentence is uncertain when it holds a
  gold cue; the audit says so when it finds a hedge (approximators aside) or a weasel of belief or forecast
  (``passive_belief``, ``vague_belief``, ``passive_forecast``: "is expected to", ``vague_forecast``: "analysts
  expect"). Weasels of hearsay ("analysts said", "some say") are vague sourcing, which the corpus does not
  annotate (the sources audit reports them as unnamed groups); the figure with every weasel counted is printed
  beside it. ``--factbank FILE`` reads another file of the same format under ``szeged/`` (a held-back half).
* CoNLL-2010 Task 1, Wikipedia training sentences (``conll2010-wiki/``): a sentence is uncertain when it holds
  a weasel or hedge cue; the audit says so when it finds a hedge or a weasel. PTB tokens are detokenised
  first (-LRB- -> "(", `` -> ", n't joined). Halves by a hash of the sentence.

Usage:
    python benchmarks/eval_hedges.py [EVAL_DIR]        # default $NEWS_AUDIT_EVAL, else ../shared/eval
    python benchmarks/eval_hedges.py --json            # figures as one JSON object (used by the gated test)
    python benchmarks/eval_hedges.py --limit 2000      # a fast subset (first N sentences of each corpus)
    python benchmarks/eval_hedges.py --errors tune     # print misses and false alarms of the tune half
    python benchmarks/eval_hedges.py --errors news-tune   # ... of FactBank's tune half
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from audit.hedges import find_hedges, hedges_in
from audit.segment import segment

REPO = Path(__file__).resolve().parents[1]
CONDITION = "speculation_hypo_condition"
FACTBANK = "factbank_dev.xml"
UNCERTAIN_KINDS = frozenset({"hedge", "weasel"})
# Szeged annotates speculation (modal, doxastic, investigation), not vague attribution: of the weasels, only
# those whose verb is one of belief carry a cue it annotates.
SZEGED_WEASEL_CATEGORIES = frozenset({"passive_belief", "vague_belief", "passive_forecast", "vague_forecast"})


def default_eval_dir() -> Path:
    return Path(os.environ.get("NEWS_AUDIT_EVAL") or (REPO / ".." / "shared" / "eval")).resolve()


def half(key: str) -> str:
    """"tune" or "check", stable across runs and machines."""
    return "tune" if int(hashlib.md5(key.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "check"


@dataclass(frozen=True, slots=True)
class GoldSentence:
    text: str
    cues: tuple[tuple[int, int, str], ...]  # start, end, type (conditions already dropped)
    had_condition: bool
    half: str


def load_szeged(eval_dir: Path, part: str = "wiki.xml") -> list[GoldSentence]:
    """The gold sentences of one part of the Szeged corpus (``wiki.xml``, ``factbank_dev.xml``), halved by document."""
    path = eval_dir / "szeged" / part
    root = ET.parse(path).getroot()
    sentences = []
    for document in root.iter("Document"):
        doc_id = document.findtext("DocID") or ""
        doc_half = half(doc_id)
        for element in document.iter("Sentence"):
            parts, cues, had_condition = [element.text or ""], [], False
            position = len(parts[0])
            for child in element:
                cue_text = "".join(child.itertext())
                kind = child.get("type", "")
                if child.tag == "ccue":
                    if kind.startswith(CONDITION):
                        had_condition = True
                    else:
                        cues.append((position, position + len(cue_text), kind.strip()))
                parts.append(cue_text)
                position += len(cue_text)
                parts.append(child.tail or "")
                position += len(child.tail or "")
            text = "".join(parts)
            # The audit sees the stripped sentence; shift the gold offsets with it.
            lead = len(text) - len(text.lstrip())
            stripped = text.strip()
            cues = [(a - lead, b - lead, k) for a, b, k in cues]
            if stripped:
                sentences.append(GoldSentence(stripped, tuple(cues), had_condition, doc_half))
    return sentences


_PTB = [
    (re.compile(r"-LRB-"), "("), (re.compile(r"-RRB-"), ")"), (re.compile(r"-LSB-"), "["),
    (re.compile(r"-RSB-"), "]"), (re.compile(r"-LCB-"), "{"), (re.compile(r"-RCB-"), "}"),
    (re.compile(r"``\s?"), '"'), (re.compile(r"\s?''"), '"'),
    (re.compile(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b", re.IGNORECASE), r"\1"),
    (re.compile(r"\s+([,.;:!?%)\]}])"), r"\1"), (re.compile(r"([(\[{$])\s+"), r"\1"),
]


def detokenise(line: str) -> str:
    """Penn Treebank tokens back to plain text: ``-LRB- a -RRB- do n't`` -> ``(a) don't``."""
    text = line.strip()
    for pattern, replacement in _PTB:
        text = pattern.sub(replacement, text)
    return text


def load_conll(eval_dir: Path) -> list[tuple[str, bool, str]]:
    folder = eval_dir / "conll2010-wiki"
    rows = []
    for name, uncertain in (("train_wikiweasel_uncertain_sentences.txt", True),
                            ("train_wikiweasel_certain_sentences.txt", False)):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append((detokenise(line), uncertain, half(line)))
    return rows


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp, "fp": fp, "fn": fn}


# Approximators ("about 50", "some 200") are Hyland hedges the audit reports, but they blur a quantity, not the
# truth of a statement: neither corpus annotates them (none of the Szeged sentences' "approximately/roughly +
# number" phrases is a cue), so by default they are left out of the comparison. --with-approximators keeps them.
_SKIPPED_CATEGORIES = {"approximator"}
# Weasel categories that are not doubt about a statement: reputation words praise ("renowned", "legendary").
_NOT_DOUBT = frozenset({"reputation"})


def _uncertain_cues(text: str):
    return [c for c in find_hedges(text) if c.kind in UNCERTAIN_KINDS and c.category not in _SKIPPED_CATEGORIES]


def _speculation_cues(text: str):
    """The cues of the kinds Szeged annotates: hedges, and weasels built on a verb of belief."""
    return [c for c in _uncertain_cues(text) if c.kind == "hedge" or c.category in SZEGED_WEASEL_CATEGORIES]


def _news_cues(text: str):
    """The cues a news reader takes as doubt: hedges and weasels (vague or passive authority), approximators and
    reputation words ("renowned": puffery, not doubt) aside."""
    return [c for c in _uncertain_cues(text) if c.category not in _NOT_DOUBT]


def eval_szeged(sentences: list[GoldSentence], errors: str | None = None, cues_of=None) -> dict:
    """Sentence- and cue-level figures per half; ``cues_of`` says which cues count (Szeged's speculation kinds
    by default)."""
    cues_of = cues_of or _speculation_cues
    out = {}
    for which in ("tune", "check", "all"):
        chosen = [s for s in sentences if which == "all" or s.half == which]
        st = sf = sn = 0
        ct = cf = cn = 0
        skipped = 0
        for s in chosen:
            if s.had_condition and not s.cues:
                skipped += 1
                continue
            found = cues_of(s.text)
            gold = bool(s.cues)
            predicted = bool(found)
            st += gold and predicted
            sf += predicted and not gold
            sn += gold and not predicted
            ct += sum(1 for c in found if any(c.start < b and a < c.end for a, b, _ in s.cues))
            cf += sum(1 for c in found if not any(c.start < b and a < c.end for a, b, _ in s.cues))
            cn += sum(1 for a, b, _ in s.cues if not any(c.start < b and a < c.end for c in found))
            if errors == which and gold != predicted:
                label = "MISS" if gold else "FALSE"
                shown = [s.text[a:b] for a, b, _ in s.cues] if gold else [f"{c.text}:{c.rule}" for c in found]
                print(f"{label}\t{shown}\t{s.text}")
        out[which] = {"sentences": len(chosen) - skipped, "skipped_condition_only": skipped,
                      "sentence": prf(st, sf, sn), "cue": prf(ct, cf, cn)}
    return out


def eval_conll(rows: list[tuple[str, bool, str]], errors: str | None = None) -> dict:
    out = {}
    for which in ("tune", "check", "all"):
        tp = fp = fn = 0
        chosen = [r for r in rows if which == "all" or r[2] == which]
        for text, gold, _ in chosen:
            found = _uncertain_cues(text)
            predicted = bool(found)
            tp += gold and predicted
            fp += predicted and not gold
            fn += gold and not predicted
            if errors == f"conll-{which}" and gold != predicted:
                print(f"{'MISS' if gold else 'FALSE'}\t{[f'{c.text}:{c.rule}' for c in found]}\t{text}")
        out[which] = {"sentences": len(chosen), **prf(tp, fp, fn)}
    return out


def bench_articles(repeat: int = 20) -> dict:
    """Milliseconds per article for hedges_in alone, over the packaged sample corpus."""
    path = REPO / "data" / "sample" / "articles.jsonl"
    if not path.is_file():
        return {}
    articles = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs = [segment(a["text"], a.get("title")) for a in articles]
    words = sum(d.word_count for d in docs) / len(docs)
    for d in docs:  # warm the rule cache
        hedges_in(d)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for d in docs:
            hedges_in(d)
        best = min(best, time.perf_counter() - t0)
    return {"articles": len(docs), "mean_words": round(words), "ms_per_article": round(1000 * best / len(docs), 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", nargs="?", default=None)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--limit", type=int, default=0, help="only the first N sentences of each corpus")
    parser.add_argument("--errors", choices=("tune", "check", "conll-tune", "conll-check", "news-tune", "news-check"),
                        default=None, help="print the misses and false alarms of one half (news-: FactBank)")
    parser.add_argument("--factbank", default=FACTBANK, help=f"the news file under szeged/ (default {FACTBANK})")
    parser.add_argument("--no-bench", action="store_true")
    parser.add_argument("--with-approximators", action="store_true", help="count approximators as uncertainty cues")
    args = parser.parse_args(argv)
    if args.with_approximators:
        _SKIPPED_CATEGORIES.clear()
    eval_dir = Path(args.eval_dir).resolve() if args.eval_dir else default_eval_dir()
    if not (eval_dir / "szeged" / "wiki.xml").is_file():
        print(f"gold corpora not found at {eval_dir} (pass a path or set NEWS_AUDIT_EVAL)", file=sys.stderr)
        return 2
    szeged = load_szeged(eval_dir)
    conll = load_conll(eval_dir)
    news_path = eval_dir / "szeged" / args.factbank
    news = load_szeged(eval_dir, args.factbank) if news_path.is_file() else []
    if args.limit:
        szeged, conll = szeged[: args.limit], conll[: args.limit // 2] + conll[-(args.limit // 2):]
        news = news[: args.limit]
    news_errors = args.errors[len("news-"):] if args.errors and args.errors.startswith("news-") else None
    results = {"szeged": eval_szeged(szeged, args.errors), "conll2010_wiki": eval_conll(conll, args.errors)}
    if news:
        results["factbank"] = eval_szeged(news, news_errors)
        results["factbank_every_weasel"] = eval_szeged(news, cues_of=_news_cues)
    else:
        print(f"note: {news_path} not found; the FactBank news row is left out", file=sys.stderr)
    if not args.no_bench:
        results["speed"] = bench_articles()
    if args.json:
        print(json.dumps(results, indent=1))
    elif not args.errors:
        for which in ("tune", "check", "all"):
            z = results["szeged"][which]
            print(f"Szeged wiki {which:5} ({z['sentences']} sentences): sentence P/R/F1 "
                  f"{z['sentence']['precision']:.3f}/{z['sentence']['recall']:.3f}/{z['sentence']['f1']:.3f}   "
                  f"cue P/R/F1 {z['cue']['precision']:.3f}/{z['cue']['recall']:.3f}/{z['cue']['f1']:.3f}")
        for which in ("tune", "check", "all") if "factbank" in results else ():
            z, w = results["factbank"][which], results["factbank_every_weasel"][which]
            print(f"FactBank news {which:5} ({z['sentences']} sentences): uncertain sentence P/R/F1 "
                  f"{z['sentence']['precision']:.3f}/{z['sentence']['recall']:.3f}/{z['sentence']['f1']:.3f}   "
                  f"cue P/R/F1 {z['cue']['precision']:.3f}/{z['cue']['recall']:.3f}/{z['cue']['f1']:.3f}   "
                  f"(every weasel counted: F1 {w['sentence']['f1']:.3f})")
        for which in ("tune", "check", "all"):
            c = results["conll2010_wiki"][which]
            print(f"CoNLL-2010 wiki {which:5} ({c['sentences']} sentences): P/R/F1 "
                  f"{c['precision']:.3f}/{c['recall']:.3f}/{c['f1']:.3f}")
        if results.get("speed"):
            s = results["speed"]
            print(f"hedges_in: {s['ms_per_article']} ms per article ({s['articles']} sample articles, "
                  f"{s['mean_words']} words on average)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
