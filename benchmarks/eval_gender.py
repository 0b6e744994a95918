"""The gender of quoted people against the Gender Gap Tracker's gold lists (``ggt/ggt_dev.jsonl``).

The gold is read at run time from ``../shared/eval`` (or the folder given, or ``$NEWS_AUDIT_EVAL``);
nothing from it is stored in the repository. ``benchmarks/eval_sources.py`` prints the same figures.

Protocol (GGT's own: people, not attributions, matched by surname within an article):
    The prediction for an article is the set of distinct *named* people it quotes in the body with an
    inferred gender (``source_type == "named_person"``). A predicted woman is right when a gold
    ``sources_female`` name of the same article has the same surname (last word, case and accents kept,
    one gold name matched once); the same for men. F1 per gender from those matches. Unnamed people are
    not scored (the gold lists names only).
    Also printed: gender precision (of the predicted people whose surname is in either gold list, the share
    given the gold's gender), the unknown share (of the named people quoted, the share left unknown) and the
    detection ceiling (recall of gold quoted people by any predicted named person, gender aside).
    Articles are split into halves by a hash of their id: ``tune`` (read while writing the rules) and
    ``check`` (read only for these figures).

Usage:
    python benchmarks/eval_gender.py [EVAL_DIR] [--errors tune|check]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

import audit
from audit.gender import infer_genders, people_keys

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _eval_path import eval_root  # noqa: E402

# Floors for the gated test (a little below the figures in the README).
TARGETS = {"female_f1": 0.85, "male_f1": 0.88}


def half(key: str) -> str:
    """"tune" or "check", stable across runs and machines (as eval_hedges.py splits)."""
    return "tune" if int(hashlib.md5(key.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "check"


def surname(name: str) -> str:
    words = [w.strip(".,’'\"") for w in name.replace("’s", "").split()]
    words = [w for w in words if w and w not in ("Jr", "Sr", "II", "III")]
    return words[-1].lower() if words else ""


def predicted_people(text: str) -> dict[str, str | None]:
    """Named people quoted in the body -> inferred gender ("female", "male" or None)."""
    result = audit.audit_text(text)
    people: dict[str, str | None] = {}
    keys = people_keys(result.attributions)
    calls = infer_genders(result.attributions, result.text, keys=keys)
    for attribution, key, call in zip(result.attributions, keys, calls):
        if attribution.in_title or key is None or key[0] != "named_person":
            continue
        people[key[1]] = people.get(key[1]) or call.gender
    return people


def _match(predicted: list[str], gold: list[str]) -> int:
    left = Counter(surname(g) for g in gold)
    hits = 0
    for name in predicted:
        s = surname(name)
        if left[s] > 0:
            left[s] -= 1
            hits += 1
    return hits


def _f1(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(rows: list[dict], errors: bool = False) -> dict:
    counts = Counter()
    for row in rows:
        people = predicted_people(row["text"])
        female = [n for n, g in people.items() if g == "female"]
        male = [n for n, g in people.items() if g == "male"]
        unknown = [n for n, g in people.items() if g is None]
        gold_f, gold_m = row["sources_female"], row["sources_male"]
        gold_all = gold_f + gold_m + row.get("sources_unknown", [])
        tp_f, tp_m = _match(female, gold_f), _match(male, gold_m)
        counts.update(tp_f=tp_f, pred_f=len(female), gold_f=len(gold_f), tp_m=tp_m, pred_m=len(male),
                      gold_m=len(gold_m), people=len(people), unknown=len(unknown),
                      found=_match(list(people), gold_all), gold=len(gold_all))
        # gender precision over predicted people whose surname the gold lists with a gender
        gold_sex = {surname(g): "female" for g in gold_f}
        gold_sex.update({surname(g): "male" for g in gold_m if surname(g) not in gold_sex})
        for name, gender in people.items():
            truth = gold_sex.get(surname(name))
            if truth is not None and gender is not None:
                counts.update(judged=1, right=int(gender == truth))
                if errors and gender != truth:
                    print(f"  wrong  {row['id']}: {name!r} called {gender}, gold {truth}")
            if errors and truth is not None and gender is None:
                print(f"  unknown {row['id']}: {name!r} (gold {truth})")
        if errors:
            for g, sex in ((gold_f, "female"), (gold_m, "male")):
                predicted_surnames = {surname(n) for n in people}
                for name in g:
                    if surname(name) not in predicted_surnames:
                        print(f"  missed {row['id']}: {name!r} ({sex}) not found as a quoted named person")
    pf, rf, ff = _f1(counts["tp_f"], counts["pred_f"], counts["gold_f"])
    pm, rm, fm = _f1(counts["tp_m"], counts["pred_m"], counts["gold_m"])
    return {
        "articles": len(rows),
        "female_p": pf, "female_r": rf, "female_f1": ff,
        "male_p": pm, "male_r": rm, "male_f1": fm,
        "gender_precision": counts["right"] / counts["judged"] if counts["judged"] else float("nan"),
        "judged": counts["judged"],
        "unknown_share": counts["unknown"] / counts["people"] if counts["people"] else float("nan"),
        "people": counts["people"],
        "detection_recall": counts["found"] / counts["gold"] if counts["gold"] else float("nan"),
        "gold_people": counts["gold"],
    }


def load(root: Path) -> list[dict]:
    path = root / "ggt" / "ggt_dev.jsonl"
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: pass the folder holding ggt/ggt_dev.jsonl")
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def ggt_gender(root: Path, errors: str | None = None) -> dict[str, dict]:
    """Figures per half ("tune", "check") and for all articles."""
    rows = load(root)
    out = {}
    for which in ("tune", "check", "all"):
        chosen = [r for r in rows if which == "all" or half(r["id"]) == which]
        out[which] = score(chosen, errors=errors == which)
    return out


def report(figures: dict[str, dict]) -> str:
    lines = ["GGT gender of quoted people (surname match within an article; GGT's own pipeline: F1 0.768 women, "
             "0.820 men)", f"{'half':6} {'articles':>8} {'female P/R/F1':>20} {'male P/R/F1':>20} {'gender P':>9} "
             f"{'unknown':>8} {'found':>6}"]
    for which, f in figures.items():
        lines.append(f"{which:6} {f['articles']:8d} {f['female_p']:6.3f}/{f['female_r']:.3f}/{f['female_f1']:.3f} "
                     f"{f['male_p']:6.3f}/{f['male_r']:.3f}/{f['male_f1']:.3f} {f['gender_precision']:9.3f} "
                     f"{f['unknown_share']:8.3f} {f['detection_recall']:6.3f}")
    lines.append("gender P: share right among predicted people the gold gives a gender; unknown: share of predicted "
                 "named people left unknown; found: gold quoted people found as quoted named people (any gender)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", nargs="?", default=None, help="folder holding ggt/ (default ../shared/eval)")
    parser.add_argument("--errors", choices=("tune", "check"), default=None, help="print the errors of one half")
    args = parser.parse_args(argv)
    try:
        figures = ggt_gender(eval_root(args.eval_dir), errors=args.errors)
    except FileNotFoundError as exc:
        print(f"eval_gender: {exc}", file=sys.stderr)
        return 1
    print(report(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
