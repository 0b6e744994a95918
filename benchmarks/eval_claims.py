"""Check-worthy claims against two annotated debate corpora.

* ClaimBuster (``claimbuster/crowdsourced.csv``): a sentence is check-worthy when its Verdict is 1;
  the audit says so when ``find_claims(sentence)`` returns a claim with ``checkworthy=True``.
  Reported: precision, recall and F1 of the check-worthy class, and the "has a figure" rule.
* CLEF CheckThat! 2019 (``checkthat2019/training/*.tsv``): each transcript's lines are ranked by
  ``score`` (0 for a line with no claim); reported: MAP, the mean over transcripts of average precision.

Each corpus is split in two halves by a hash of the debate (ClaimBuster's ``File_id``) or the transcript name
(CheckThat!), so that no debate has sentences in both: weights are fitted on ``tune`` only; ``check`` shows how
well they carry over to debates they never saw. ClaimBuster's older split by a hash of the sentence id (a debate's
sentences in both halves) is printed too. CheckThat! MAP is also given for the debates and for the speeches and
press conferences apart. Every sentence is audited alone, as a one-sentence text.

Usage:
    python benchmarks/eval_claims.py [EVAL_DIR]          # default ../shared/eval or $NEWS_AUDIT_EVAL
    python benchmarks/eval_claims.py --fit               # fit feature weights on the tune halves, print them
    python benchmarks/eval_claims.py --fit --write       # ... and write them into audit/rules/claim_features.tsv
    python benchmarks/eval_claims.py --sweep             # refit at several L2 penalties: does shrinkage carry over?
    python benchmarks/eval_claims.py --stability         # fit each half apart: which weights flip sign; F1 by threshold
    python benchmarks/eval_claims.py --json              # figures as one JSON object (used by tests)
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import sys
import time
from pathlib import Path

import numpy as np

from audit.claims import _model, claims_in, find_claims, sentence_features
from audit.segment import segment

REPO = Path(__file__).resolve().parents[1]
FEATURES_TSV = REPO / "audit" / "rules" / "claim_features.tsv"


def default_eval_dir() -> Path:
    return Path(os.environ.get("NEWS_AUDIT_EVAL") or (REPO / ".." / "shared" / "eval")).resolve()


def half(key: str) -> str:
    """"tune" or "check", stable across runs and machines."""
    return "tune" if int(hashlib.md5(key.encode()).hexdigest(), 16) % 2 == 0 else "check"


def load_claimbuster(eval_dir: Path) -> list[dict]:
    path = eval_dir / "claimbuster" / "crowdsourced.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return [{"id": row["Sentence_id"], "text": row["Text"], "gold": row["Verdict"].strip() == "1",
                 "file": row["File_id"], "half": half("cbf" + row["File_id"]), "sentence_half": half("cb" + row["Sentence_id"])}
                for row in csv.DictReader(fh)]


_DEBATE = re.compile(r"_(?:\w+_)?\d*(?:pres|dem|gop)$")


def is_debate(transcript: str) -> bool:
    """CheckThat! 2019 transcript names say what they are: ``20160926_1pres``, ``20160209_msnbc_dem`` are debates."""
    return _DEBATE.search(transcript) is not None


# The CheckThat! 2019 transcripts each figure is averaged over, by the transcript's name.
CHECKTHAT_GROUPS = {"tune": lambda stem: half("ct" + stem) == "tune", "check": lambda stem: half("ct" + stem) == "check",
                    "all": lambda stem: True, "debates": is_debate, "speeches": lambda stem: not is_debate(stem)}


def load_checkthat(eval_dir: Path) -> dict[str, list[dict]]:
    transcripts = {}
    for path in sorted((eval_dir / "checkthat2019" / "training").glob("*.tsv")):
        lines = []
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) >= 4:
                    lines.append({"text": row[2], "gold": row[3].strip() == "1"})
        transcripts[path.stem] = lines
    return transcripts


def audit_sentence(text: str) -> tuple[bool, float]:
    claims = find_claims(text)
    return any(c.checkworthy for c in claims), max((c.score for c in claims), default=0.0)


def prf(pairs: list[tuple[bool, bool]]) -> dict[str, float]:
    tp = sum(1 for gold, pred in pairs if gold and pred)
    fp = sum(1 for gold, pred in pairs if pred and not gold)
    fn = sum(1 for gold, pred in pairs if gold and not pred)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "n": len(pairs)}


def average_precision(scored: list[tuple[float, bool]]) -> float:
    """Average precision of lines ranked by score (ties keep transcript order, as a stable sort does)."""
    ranked = sorted(scored, key=lambda x: -x[0])
    hits, total = 0, 0.0
    for rank, (_, gold) in enumerate(ranked, start=1):
        if gold:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


_FIGURE = re.compile(r"\d")


def evaluate(eval_dir: Path) -> dict:
    results: dict = {"claimbuster": {}, "checkthat": {}}
    started = time.perf_counter()
    sentences = 0
    rows = load_claimbuster(eval_dir)
    verdicts = [audit_sentence(r["text"])[0] for r in rows]
    sentences += len(rows)
    results["claimbuster_by_sentence"] = {}
    for name in ("tune", "check"):
        part = [(r, v) for r, v in zip(rows, verdicts) if r["half"] == name]
        results["claimbuster"][name] = prf([(r["gold"], v) for r, v in part])
        results["claimbuster"][name + "_has_figure"] = prf([(r["gold"], bool(_FIGURE.search(r["text"]))) for r, _ in part])
        results["claimbuster"][name]["debates"] = len({r["file"] for r, _ in part})
        results["claimbuster_by_sentence"][name] = prf([(r["gold"], v) for r, v in zip(rows, verdicts)
                                                        if r["sentence_half"] == name])
    results["claimbuster"]["all"] = prf([(r["gold"], v) for r, v in zip(rows, verdicts)])
    transcripts = load_checkthat(eval_dir)
    aps = {}
    for stem, lines in transcripts.items():
        aps[stem] = average_precision([(audit_sentence(line["text"])[1], line["gold"]) for line in lines])
        sentences += len(lines)
    for name, member in CHECKTHAT_GROUPS.items():
        chosen = [ap for stem, ap in aps.items() if member(stem)]
        results["checkthat"][name] = {"map": sum(chosen) / len(chosen) if chosen else float("nan"),
                                      "transcripts": len(chosen)}
    results["seconds_per_sentence"] = (time.perf_counter() - started) / max(1, sentences)
    results["claims_ms_per_700_words"] = claims_speed([r["text"] for r in rows[:3000]])
    return results


def claims_speed(texts: list[str]) -> float:
    """Milliseconds that claims_in alone (segmenting, sources and hedges done beforehand) takes per 700 words."""
    docs = [segment(text) for text in texts]
    words = sum(doc.word_count for doc in docs)
    best = float("inf")
    for _ in range(3):  # the quickest of three runs: the machine's other work only ever adds time
        started = time.perf_counter()
        for doc in docs:
            claims_in(doc)
        best = min(best, time.perf_counter() - started)
    return best * 1000 * 700 / max(1, words)


def _design(texts: list[str], feature_ids: list[str]) -> np.ndarray:
    matrix = np.zeros((len(texts), len(feature_ids)))
    column = {f: j for j, f in enumerate(feature_ids)}
    for i, text in enumerate(texts):
        for feature, value in sentence_features(text).items():
            if feature in column:
                matrix[i, column[feature]] = value
    return matrix


def _fit_rows(x: np.ndarray, gold: np.ndarray, l2: float) -> np.ndarray:
    """Logistic regression (Newton's method, L2 penalty on all but the bias column 0); then the bias is moved so
    that 0 on the margin (a score of 0.5) sits where F1 of the check-worthy class is best on these rows."""
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-(x @ w)))
        gradient = x.T @ (p - gold) + penalty * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    margin = x @ w
    best_shift, best_f1 = 0.0, -1.0
    for shift in np.arange(-2.0, 2.0, 0.02):
        f1 = _f1(margin + shift >= 0, gold)
        if f1 > best_f1:
            best_shift, best_f1 = float(shift), f1
    w[0] += best_shift
    return w


def _f1(predicted: np.ndarray, gold: np.ndarray) -> float:
    tp = float((predicted & (gold == 1)).sum())
    return 2 * tp / (predicted.sum() + gold.sum()) if predicted.sum() + gold.sum() else 0.0


def _claimbuster_design(eval_dir: Path) -> tuple[list[str], list[dict], np.ndarray, np.ndarray]:
    feature_ids = list(_model(None).features)
    rows = load_claimbuster(eval_dir)
    x = np.hstack([np.ones((len(rows), 1)), _design([r["text"] for r in rows], feature_ids)])
    return feature_ids, rows, x, np.array([r["gold"] for r in rows], dtype=float)


def fit(eval_dir: Path, l2: float = 1.0) -> dict[str, float]:
    """Feature weights by L2-penalised logistic regression on the tune half of ClaimBuster (debates apart).

    Afterwards the bias is moved so that a score of 0.5 sits where F1 of the check-worthy class
    is best on that half (the threshold in AuditConfig stays 0.5).
    """
    feature_ids, rows, x, gold = _claimbuster_design(eval_dir)
    tune = np.array([r["half"] == "tune" for r in rows])
    w = _fit_rows(x[tune], gold[tune], l2)
    return {"bias": float(w[0]), **{f: float(v) for f, v in zip(feature_ids, w[1:])}}


def penalty_sweep(eval_dir: Path, penalties=(0.1, 1.0, 10.0, 30.0, 100.0, 300.0, 1000.0)) -> list[dict]:
    """Refit on the tune half at each L2 penalty, and score each fit on both halves of both corpora.

    Whether stronger shrinkage (weights that hinge less on one debate's wording) carries over better:
    ClaimBuster F1 of the check-worthy class (score >= 0.5) and CheckThat! 2019 MAP, ranked by each
    fitted score (every line scored, not only those holding a claim). The weights in force are the
    last row, "in force".
    """
    feature_ids, rows, x, gold = _claimbuster_design(eval_dir)
    tune = np.array([r["half"] == "tune" for r in rows])
    transcripts = {stem: (np.hstack([np.ones((len(lines), 1)), _design([ln["text"] for ln in lines], feature_ids)]),
                          [ln["gold"] for ln in lines]) for stem, lines in load_checkthat(eval_dir).items()}

    def scores(w: np.ndarray, label) -> dict:
        row = {"l2": label, "claimbuster_tune": _f1(x[tune] @ w >= 0, gold[tune]),
               "claimbuster_check": _f1(x[~tune] @ w >= 0, gold[~tune])}
        aps = {stem: average_precision(list(zip((tx @ w).tolist(), tg))) for stem, (tx, tg) in transcripts.items()}
        for name in ("tune", "check", "debates"):
            chosen = [ap for stem, ap in aps.items() if CHECKTHAT_GROUPS[name](stem)]
            row[f"checkthat_{name}"] = sum(chosen) / len(chosen) if chosen else float("nan")
        return row

    table = [scores(_fit_rows(x[tune], gold[tune], l2), l2) for l2 in penalties]
    model = _model(None)
    in_force = np.array([model.bias] + [model.features[f].weight for f in feature_ids])
    return table + [scores(in_force, "in force")]


def half_fits(eval_dir: Path, l2: float = 1.0) -> dict:
    """Fit the weights on each ClaimBuster half apart, to see which features hinge on one half's debates.

    Returns ``weights``: feature id -> (in force, fitted on tune, fitted on check), the bias first; and
    ``thresholds``: for each half, (threshold, F1 of the check-worthy class) with the weights in force, so that
    one sees whether the threshold chosen on the tune half is also the best on the check half.
    """
    feature_ids, rows, x, gold = _claimbuster_design(eval_dir)
    model = _model(None)
    caps = np.array([np.inf] + [model.features[f].cap for f in feature_ids])
    x = np.minimum(x, caps)  # the values the score sees (sentence_features caps them already; kept for safety)
    tune = np.array([r["half"] == "tune" for r in rows])
    in_force = np.array([model.bias] + [model.features[f].weight for f in feature_ids])
    on_tune, on_check = _fit_rows(x[tune], gold[tune], l2), _fit_rows(x[~tune], gold[~tune], l2)
    weights = {f: (float(a), float(b), float(c)) for f, a, b, c in zip([_BIAS_ID] + feature_ids, in_force, on_tune, on_check)}
    thresholds = {}
    for name, part in (("tune", tune), ("check", ~tune)):
        margin = x[part] @ in_force
        thresholds[name] = [(t, _f1(margin >= np.log(t / (1 - t)), gold[part])) for t in np.arange(0.30, 0.71, 0.05)]
    return {"weights": weights, "thresholds": thresholds}


_BIAS_ID = "bias"


def write_weights(weights: dict[str, float]) -> None:
    lines = FEATURES_TSV.read_text(encoding="utf-8").splitlines()
    out = []
    for line in lines:
        cells = line.split("\t")
        if not line.startswith("#") and len(cells) >= 5 and cells[0] in weights:
            cells[2] = f"{weights[cells[0]]:.2f}"
            line = "\t".join(cells)
        out.append(line)
    FEATURES_TSV.write_text("\n".join(out) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", nargs="?", type=Path, default=None)
    parser.add_argument("--fit", action="store_true", help="fit feature weights on the tune halves")
    parser.add_argument("--write", action="store_true", help="with --fit: write the weights into claim_features.tsv")
    parser.add_argument("--l2", type=float, default=1.0, help="with --fit: the L2 penalty (default 1)")
    parser.add_argument("--sweep", action="store_true",
                        help="refit at several L2 penalties and print how each carries over to the check halves")
    parser.add_argument("--stability", action="store_true",
                        help="fit each ClaimBuster half apart and compare the weights; F1 by threshold on each half")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    eval_dir = (args.eval_dir or default_eval_dir()).resolve()
    if not (eval_dir / "claimbuster").is_dir():
        print(f"no evaluation data in {eval_dir} (pass a path or set NEWS_AUDIT_EVAL)", file=sys.stderr)
        return 2
    if args.fit:
        weights = fit(eval_dir, l2=args.l2)
        for feature, weight in weights.items():
            print(f"{feature}\t{weight:+.2f}")
        if args.write:
            write_weights(weights)
        return 0
    if args.sweep:
        print("L2 penalty | ClaimBuster F1 tune / check | CheckThat! 2019 MAP tune / check / debates")
        for row in penalty_sweep(eval_dir):
            print(f"{row['l2']!s:>10} | {row['claimbuster_tune']:.3f} / {row['claimbuster_check']:.3f} | "
                  f"{row['checkthat_tune']:.3f} / {row['checkthat_check']:.3f} / {row['checkthat_debates']:.3f}")
        return 0
    if args.stability:
        found = half_fits(eval_dir, l2=args.l2)
        print("feature                  in force   fit on tune   fit on check")
        for feature, (now, on_tune, on_check) in found["weights"].items():
            flag = "  sign differs" if on_tune * on_check < 0 else ""
            print(f"{feature:24s} {now:+8.2f} {on_tune:+13.2f} {on_check:+14.2f}{flag}")
        for name, curve in found["thresholds"].items():
            print(f"ClaimBuster {name:5s} F1 by threshold: " + "  ".join(f"{t:.2f}: {f:.3f}" for t, f in curve))
        return 0
    results = evaluate(eval_dir)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"evaluation data: {eval_dir}")
    for name in ("tune", "check"):
        cb, base = results["claimbuster"][name], results["claimbuster"][name + "_has_figure"]
        by_sentence = results["claimbuster_by_sentence"][name]
        print(f"ClaimBuster {name:5s} (debates apart, n={cb['n']}): check-worthy P {cb['precision']:.3f} "
              f"R {cb['recall']:.3f} F1 {cb['f1']:.3f}   (has a figure: F1 {base['f1']:.3f}; "
              f"halves by sentence: F1 {by_sentence['f1']:.3f})")
    cb = results["claimbuster"]["all"]
    print(f"ClaimBuster all   (n={cb['n']}): check-worthy P {cb['precision']:.3f} R {cb['recall']:.3f} F1 {cb['f1']:.3f}")
    for name in ("tune", "check", "all", "debates", "speeches"):
        ct = results["checkthat"][name]
        print(f"CheckThat! 2019 {name:8s} ({ct['transcripts']} transcripts): MAP {ct['map']:.4f}")
    print(f"{results['seconds_per_sentence'] * 1e6:.0f} µs per sentence (segment + sources + hedges + claims); "
          f"claims_in alone: {results['claims_ms_per_700_words']:.2f} ms per 700 words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
