"""Measure the sourcing audit against three hand-annotated corpora (PolNeAR, MCAE and the Gender Gap Tracker's gold).

The gold data is read at run time from ``../shared/eval`` (or the folder given as an argument, or
``$NEWS_AUDIT_EVAL``); nothing from it is stored in the repository.

PolNeAR (brat standoff, one ``.ann`` per annotator; the first annotator's file in name order is used):
    The recall base is the gold attributions whose cue is a speech or writing cue (``SPEECH_CUE``
    below). Our attributions are matched one-to-one to gold attributions by overlapping cues (a gold
    cue longer than 40 characters is not a cue and cannot be matched). Any gold attribution, speech
    or not, makes a prediction correct. A matched source is right when it covers 30% of the gold
    source's characters or lies 80% inside it, and is at most twice as long; when the gold has no
    source, ours must be None. Predictions without a cue (continued quotations) are not scored.

MCAE (one CSV of sourced statements per article, no offsets):
    Each gold statement is located in the article after normalising quotes and whitespace (the
    headline and subtitle header lines are skipped: the annotators were told to ignore them). A gold
    statement is found when our ``statement`` spans cover half of its characters; one of our
    statements is right when half of it lies inside gold statements (identical statement spans are
    counted once). Source types are compared per found gold statement against our attribution whose
    statement overlaps it most. Unnamed/anonymous recall: gold statements of those three types that
    are found and given exactly their type.

GGT (``ggt/ggt_dev.jsonl``: quotes, speakers and verbs as character offsets), scored with GGT's own
protocol (its ``evaluate_quotes.py``):
    Gold quotes are taken in text order; each one matches the remaining (not yet matched) prediction that
    covers the largest share of its characters, when that share is above the threshold (0.3, and the
    stricter 0.8). Quote precision is matches / predictions, recall matches / gold quotes. The speaker of a
    matched quote is right when our speaker span overlaps the gold speaker span; speaker accuracy is
    counted over the matched quotes whose gold speaker has a span (a "floating" gold quote, whose speaker
    the annotators left to context, has none and is counted apart).
    Our quote is the attribution's ``content`` (the quotation or the reported clause), or its ``statement``
    when it has no content; our speaker span is its ``source`` (for a resolved pronoun that is the pronoun,
    as in the gold). A continued or floating quotation we hand to an earlier speaker has no source span of
    its own, so its speaker counts as wrong when the gold gives one. Headline findings are scored too: the
    GGT texts have no headline line. The articles are split into halves by a hash of their id:
    ``tune`` (looked at while writing rules) and ``check`` (looked at only for these figures).

GGT gender of quoted people (GGT's own measure: people, not attributions, matched by surname in an article):
    Our prediction for an article is the set of distinct *named* people quoted in the body with an inferred
    gender (``source_gender`` of ``named_person`` attributions, one person per canonical name). A predicted
    woman is right when a gold ``sources_female`` name of the same article has the same surname (last word,
    each gold name matched once); the same for men; F1 per gender. Unnamed people are not scored (the gold
    lists names). Also printed: gender precision (of our gendered people whose surname the gold lists with a
    gender, the share given the gold's gender), the unknown share (of our named people quoted, the share left
    unknown) and "found" (gold quoted people found as quoted named people, whatever their gender: the ceiling
    the sourcing audit sets for both F1s).

Usage:
    python benchmarks/eval_sources.py [EVAL_DIR] [--split train|dev|both] [--misses N] [--ggt-errors tune|check]
                                      [--gender-errors tune|check]
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _eval_path import eval_root as _eval_root  # noqa: E402

import audit  # noqa: E402
from audit.sources import find_attributions  # noqa: E402

# Speech and writing cues: verbs and phrases whose meaning is to communicate a message. Stances and
# thoughts ("believes", "wants", "backs") are left out of the recall base on purpose.
SPEECH_CUE = re.compile(
    r"\b(?:s[ae]ys?|said|saying|tells?|told|telling|according|wr[io]tes?|written|writing|add(?:s|ed|ing)?"
    r"|announc\w*|argu\w*|not(?:e|es|ed|ing)|report\w*|ask(?:s|ed|ing)?|explain\w*|declar\w*"
    r"|stat(?:e|es|ed|ing|ement)|claim\w*|insist\w*|warn\w*|tweet\w*|post(?:s|ed|ing)?|respon\w*"
    r"|repl\w*|answer\w*|acknowledg\w*|admit\w*|confirm\w*|den(?:y|ies|ied|ying)|recall\w*|comment\w*"
    r"|remark\w*|testif\w*|mention\w*|point(?:s|ed|ing)? out|stress\w*|emphasi[sz]\w*|repeat\w*"
    r"|assert\w*|contend\w*|alleg\w*|complain\w*|conced\w*|quipp?\w*|jok\w*|boast\w*|reveal\w*"
    r"|predict\w*|promis\w*|vow\w*|pledg\w*|urg(?:e|es|ed|ing)|cit(?:e|es|ed|ing)|describ\w*"
    r"|call(?:s|ed|ing)?|accus\w*|criticiz\w*|prais\w*|blam\w*|disclos\w*|interview\w*|suggest\w*"
    r"|conclud\w*|continu\w*|read(?:s)?|publish\w*|email\w*|wrote)\b",
    re.IGNORECASE,
)
MAX_CUE_CHARS = 40


# --------------------------------------------------------------------------- PolNeAR

@dataclass
class GoldAttribution:
    cue: list[tuple[int, int]]
    source: list[tuple[int, int]]
    cue_text: str
    speech: bool


def _spans(field: str) -> list[tuple[int, int]]:
    out = []
    for part in field.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def read_ann(path: Path) -> list[GoldAttribution]:
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            kind, _, where = cols[1].partition(" ")
            try:
                spans[cols[0]] = (kind, _spans(where), cols[2] if len(cols) > 2 else "")
            except ValueError:
                continue
        elif line.startswith("E") and len(cols) >= 2:
            events.append(dict(part.split(":", 1) for part in cols[1].split() if ":" in part))
    gold = []
    for event in events:
        cue = spans.get(event.get("Cue", ""))
        if cue is None:
            continue
        source = spans.get(event.get("Source", ""))
        cue_len = sum(b - a for a, b in cue[1])
        gold.append(GoldAttribution(
            cue=cue[1] if cue_len <= MAX_CUE_CHARS else [],
            source=source[1] if source else [],
            cue_text=cue[2],
            speech=cue_len <= MAX_CUE_CHARS and bool(SPEECH_CUE.search(cue[2])),
        ))
    return gold


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    return sum(max(0, min(y, d) - max(x, c)) for x, y in a for c, d in b)


def _length(a: list[tuple[int, int]]) -> int:
    return sum(b - a_ for a_, b in a)


def source_right(pred, gold: GoldAttribution) -> bool:
    if not gold.source:
        return pred is None
    if pred is None:
        return False
    ours = [(pred.start, pred.end)]
    shared = _overlap(ours, gold.source)
    gold_len, our_len = _length(gold.source), len(pred)
    if our_len > 2 * gold_len:
        return False
    return shared >= 0.3 * gold_len or shared >= 0.8 * our_len


def polnear_split(root: Path, split: str, misses: int = 0) -> dict:
    folder = root / "polnear" / split
    ann_by_text: dict[str, Path] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        stem = re.sub(r"_[0-9a-f]{4}$", "", ann.stem)
        ann_by_text.setdefault(stem, ann)
    counts = Counter()
    examples = {"fp": [], "fn": [], "src": []}
    seconds = 0.0
    for stem, ann in sorted(ann_by_text.items()):
        text_path = folder / "text" / f"{stem}.txt"
        if not text_path.is_file():
            continue
        text = text_path.read_text(encoding="utf-8")
        gold = read_ann(ann)
        t0 = time.perf_counter()
        predicted = [a for a in find_attributions(text) if a.cue is not None]
        seconds += time.perf_counter() - t0
        counts["articles"] += 1
        counts["gold_speech"] += sum(g.speech for g in gold)
        counts["predicted"] += len(predicted)
        taken: set[int] = set()
        for attribution in predicted:
            ours = [(attribution.cue.start, attribution.cue.end)]
            best, best_overlap = None, 0
            for i, g in enumerate(gold):
                if i in taken or not g.cue:
                    continue
                shared = _overlap(ours, g.cue)
                if shared > best_overlap or (shared == best_overlap and shared and best is not None
                                             and g.speech and not gold[best].speech):
                    best, best_overlap = i, shared
            if best is None:
                if len(examples["fp"]) < misses:
                    examples["fp"].append((stem, attribution.cue.text, _context(text, attribution.statement)))
                continue
            taken.add(best)
            g = gold[best]
            counts["correct"] += 1
            right = source_right(attribution.source, g)
            counts["correct_source"] += right
            if g.speech:
                counts["found_speech"] += 1
                counts["found_speech_source"] += right
            if not right and len(examples["src"]) < misses:
                gold_source = " / ".join(text[a:b] for a, b in g.source) or None
                examples["src"].append((stem, attribution.source.text if attribution.source else None, gold_source,
                                        _context(text, attribution.statement)))
        for i, g in enumerate(gold):
            if g.speech and i not in taken and len(examples["fn"]) < misses:
                a, b = g.cue[0]
                examples["fn"].append((stem, g.cue_text, _context(text, None, a, b)))
    p = counts["correct"] / counts["predicted"] if counts["predicted"] else 0.0
    r = counts["found_speech"] / counts["gold_speech"] if counts["gold_speech"] else 0.0
    ps = counts["correct_source"] / counts["predicted"] if counts["predicted"] else 0.0
    rs = counts["found_speech_source"] / counts["gold_speech"] if counts["gold_speech"] else 0.0
    return {
        "articles": counts["articles"], "gold_speech": counts["gold_speech"], "predicted": counts["predicted"],
        "cue_precision": p, "cue_recall": r, "cue_f1": _f1(p, r),
        "source_precision": ps, "source_recall": rs, "source_f1": _f1(ps, rs),
        "articles_per_second": counts["articles"] / seconds if seconds else float("nan"),
        "examples": examples,
    }


def _context(text: str, span, start: int | None = None, end: int | None = None, width: int = 110) -> str:
    if span is not None:
        start, end = span.start, span.end
    lo, hi = max(0, start - 60), min(len(text), max(end, start + width))
    return " ".join(text[lo:hi].split())


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


# --------------------------------------------------------------------------- MCAE

MCAE_TYPES = {
    "named person": "named_person", "named individual": "named_person",
    "named organization": "named_organization", "named organisation": "named_organization",
    "unnamed person": "unnamed_person", "unnamed individual": "unnamed_person",
    "unnamed group of people": "unnamed_group", "unamed group of people": "unnamed_group",
    "anonymous source": "anonymous", "anonymous": "anonymous", "document": "document",
}
_QUOTE_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "ʼ": "'", "\u00a0": " "})
_HEADER = re.compile(r"(?:headline|subtitle|title|date|publisher|author|url)\s*:", re.IGNORECASE)


def _normalised(text: str) -> tuple[str, list[int]]:
    """Text with quotes folded and whitespace runs collapsed, and each character's original offset."""
    out, where = [], []
    previous_space = True
    for i, c in enumerate(text.translate(_QUOTE_FOLD)):
        if c.isspace():
            if previous_space:
                continue
            c = " "
            previous_space = True
        else:
            previous_space = False
        out.append(c)
        where.append(i)
    return "".join(out), where


def _body_start(text: str) -> int:
    """Offset after the header block (Headline:/Subtitle:/Date:... lines) that annotators ignored."""
    position = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip().lstrip("\ufeff")
        if stripped and not _HEADER.match(stripped) and not set(stripped) <= set("=-"):
            break
        position += len(line)
    return position


def locate(statement: str, norm: str, where: list[int], body_at: int) -> tuple[int, int] | None:
    wanted, _ = _normalised(statement.strip())
    wanted = wanted.strip()
    if len(wanted) < 8:
        return None
    body_norm = next((k for k, w in enumerate(where) if w >= body_at), 0)
    for attempt in (wanted, wanted.rstrip(".\"' "), wanted[:80], wanted[-80:]):
        if len(attempt) < 20 and attempt is not wanted:
            continue
        k = norm.find(attempt, body_norm)
        if k < 0:
            k = norm.find(attempt)
        if k >= 0:
            if attempt == wanted[-80:] and attempt != wanted:
                k = max(0, k + len(attempt) - len(wanted))
                end = k + len(wanted)
            elif attempt == wanted[:80] and attempt != wanted:
                end = k + len(wanted)
            else:
                end = k + len(attempt)
            end = min(end, len(where))
            return where[k], where[end - 1] + 1
    return None


def _read_mcae_gold(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = [h.strip().lower() for h in rows[0]]
    s_col = next(i for i, h in enumerate(header) if h.startswith("sourced statement"))
    t_col = next(i for i, h in enumerate(header) if h.startswith("type of source"))
    gold = []
    for row in rows[1:]:
        if len(row) <= max(s_col, t_col) or not row[s_col].strip():
            continue
        gold.append((row[s_col], MCAE_TYPES.get(row[t_col].strip().lower(), "unresolved")))
    return gold


def _covered(intervals: list[tuple[int, int]], a: int, b: int) -> int:
    """Characters of [a, b) covered by the union of intervals."""
    total, cursor = 0, a
    for x, y in sorted(intervals):
        x, y = max(x, cursor), min(y, b)
        if y > x:
            total += y - x
            cursor = y
    return total


def mcae(root: Path, misses: int = 0) -> dict:
    folder = root / "mcae"
    manifest = list(csv.DictReader((folder / "manifest.tsv").open(encoding="utf-8"), delimiter="\t"))
    counts = Counter()
    examples = {"fp": [], "fn": [], "type": []}
    confusion = Counter()
    for entry in manifest:
        text = (folder / entry["article_file"]).read_text(encoding="utf-8")
        norm, where = _normalised(text)
        body_at = _body_start(text)
        located: dict[tuple[int, int], set[str]] = {}
        for statement, kind in _read_mcae_gold(folder / entry["gt_file"]):
            span = locate(statement, norm, where, body_at)
            counts["gold_rows"] += 1
            if span is None:
                counts["gold_unlocated"] += 1
                continue
            located.setdefault(span, set()).add(kind)
        attributions = [a for a in find_attributions(text) if not a.in_title and a.statement.start >= body_at]
        ours = sorted({(a.statement.start, a.statement.end) for a in attributions})
        gold_spans = list(located)
        counts["predicted"] += len(ours)
        for a, b in ours:
            if _covered(gold_spans, a, b) * 2 >= b - a:
                counts["correct"] += 1
            elif len(examples["fp"]) < misses:
                examples["fp"].append((entry["id"], " ".join(text[a:b].split())[:200]))
        for (a, b), kinds in located.items():
            counts["gold"] += 1
            special = kinds & {"unnamed_person", "unnamed_group", "anonymous"}
            counts["gold_special"] += bool(special)
            if _covered(ours, a, b) * 2 < b - a:
                if len(examples["fn"]) < misses:
                    examples["fn"].append((entry["id"], sorted(kinds), " ".join(text[a:b].split())[:200]))
                continue
            counts["found"] += 1
            best = max(attributions, key=lambda t: min(b, t.statement.end) - max(a, t.statement.start))
            confusion[(tuple(sorted(kinds)), best.source_type)] += 1
            if best.source_type in kinds:
                counts["type_right"] += 1
                counts["special_right"] += bool(special)
            elif len(examples["type"]) < misses:
                examples["type"].append((entry["id"], sorted(kinds), best.source_type,
                                         best.source.text if best.source else None, best.rule,
                                         " ".join(text[a:b].split())[:160]))
    p = counts["correct"] / counts["predicted"] if counts["predicted"] else 0.0
    r = counts["found"] / counts["gold"] if counts["gold"] else 0.0
    return {
        "articles": len(manifest), "gold_statements": counts["gold"], "gold_unlocated": counts["gold_unlocated"],
        "predicted": counts["predicted"], "statement_precision": p, "statement_recall": r,
        "statement_f1": _f1(p, r),
        "type_accuracy": counts["type_right"] / counts["found"] if counts["found"] else 0.0,
        "unnamed_anonymous_recall": counts["special_right"] / counts["gold_special"] if counts["gold_special"] else 0.0,
        "unnamed_anonymous_gold": counts["gold_special"],
        "examples": examples, "confusion": confusion,
    }


_SHORT = {"named_person": "n_pers", "named_organization": "n_org", "unnamed_person": "u_pers",
          "unnamed_group": "u_group", "anonymous": "anon", "document": "doc", "unresolved": "unres"}


def confusion_table(confusion: Counter) -> str:
    """Gold source type (rows) x predicted type (columns), counted over found gold statements.

    A gold statement the annotators gave several types (one sentence, several sources) is a row of its own
    ("n_pers/u_group"); it counts as right when the prediction is any of them.
    """
    from audit.sources import SOURCE_TYPES
    rows = sorted({gold for gold, _ in confusion}, key=lambda g: (len(g), [SOURCE_TYPES.index(k) if k in SOURCE_TYPES
                                                                         else 9 for k in g]))
    header = "  gold \\ ours       " + "".join(f"{_SHORT[t]:>8}" for t in SOURCE_TYPES) + "   total"
    lines = ["  source type confusion (gold rows x predicted columns):", header]
    for gold in rows:
        counts = [confusion.get((gold, t), 0) for t in SOURCE_TYPES]
        label = "/".join(_SHORT.get(k, k) for k in gold)
        lines.append(f"  {label:<18}" + "".join(f"{n:>8}" for n in counts) + f"{sum(counts):>8}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- GGT

GGT_THRESHOLDS = (0.3, 0.8)
HALVES = ("tune", "check", "all")


def half(key: str) -> str:
    """"tune" or "check", stable across runs and machines (as the other eval scripts)."""
    return "tune" if int(hashlib.md5(key.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "check"


def read_ggt(root: Path) -> list[dict]:
    path = root / "ggt" / "ggt_dev.jsonl"
    articles = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                article = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not a JSON object ({exc})") from exc
            article["half"] = half(article["id"])
            articles.append(article)
    return articles


def _ggt_prediction(attribution) -> tuple[tuple[int, int], tuple[int, int] | None]:
    quote = attribution.content if attribution.content is not None else attribution.statement
    source = attribution.source
    return (quote.start, quote.end), (source.start, source.end) if source is not None else None


def _shared(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def ggt_article(text: str, gold: list[dict], predicted: list, threshold: float) -> dict:
    """GGT's matching for one article: counts, and the unmatched gold quotes and predictions."""
    remaining = list(range(len(predicted)))
    counts = Counter(gold=len(gold), predicted=len(predicted))
    missed, wrong_speaker = [], []
    for quote in sorted(gold, key=lambda q: q["quote"][0]):
        g = tuple(quote["quote"])
        length = max(1, g[1] - g[0])
        best = max(remaining, key=lambda i: _shared(predicted[i][0], g), default=None)
        if best is None or _shared(predicted[best][0], g) / length <= threshold:
            missed.append(quote)
            continue
        remaining.remove(best)
        counts["matched"] += 1
        ours = predicted[best][1]
        if quote.get("speaker"):
            counts["speaker_gold"] += 1
            if ours is not None and _shared(ours, tuple(quote["speaker"])) > 0:
                counts["speaker_right"] += 1
            else:
                wrong_speaker.append((quote, best))
        else:
            counts["floating_matched"] += 1
    return {"counts": counts, "missed": missed, "unmatched": remaining, "wrong_speaker": wrong_speaker}


def ggt(root: Path, errors: str | None = None, limit: int = 0) -> dict:
    """Quote P/R/F1 at each threshold and speaker accuracy, per half (tune, check) and over all articles."""
    articles = read_ggt(root)
    totals = {(which, t): Counter() for which in HALVES for t in GGT_THRESHOLDS}
    seconds = 0.0
    shown = 0
    for article in articles:
        text = article["text"]
        gold = [q for q in article["quotes"] if q.get("quote")]
        t0 = time.perf_counter()
        attributions = find_attributions(text)
        seconds += time.perf_counter() - t0
        predicted = [_ggt_prediction(a) for a in attributions]
        for threshold in GGT_THRESHOLDS:
            result = ggt_article(text, gold, predicted, threshold)
            for which in (article["half"], "all"):
                totals[(which, threshold)].update(result["counts"])
                totals[(which, threshold)]["articles"] += 1
            if errors == article["half"] and threshold == GGT_THRESHOLDS[0] and (not limit or shown < limit):
                shown += _print_ggt_errors(article, result, attributions)
    out: dict = {"articles_per_second": len(articles) / seconds if seconds else float("nan")}
    for (which, threshold), c in totals.items():
        p = c["matched"] / c["predicted"] if c["predicted"] else 0.0
        r = c["matched"] / c["gold"] if c["gold"] else 0.0
        out[(which, threshold)] = {
            "articles": c["articles"], "gold": c["gold"], "predicted": c["predicted"], "matched": c["matched"],
            "precision": p, "recall": r, "f1": _f1(p, r),
            "speaker_accuracy": c["speaker_right"] / c["speaker_gold"] if c["speaker_gold"] else 0.0,
            "speaker_scored": c["speaker_gold"], "floating_matched": c["floating_matched"],
        }
    return out


def _print_ggt_errors(article: dict, result: dict, attributions: list) -> int:
    text = article["text"]
    lines = 0
    for quote in result["missed"]:
        a, b = quote["quote"]
        print(f"  [miss] {article['id'][-6:]} | speaker {quote.get('speaker_text')!r} verb {quote.get('verb_text')!r}"
              f" | {' '.join(text[a:b].split())[:220]}")
        lines += 1
    for i in result["unmatched"]:
        found = attributions[i]
        print(f"  [fp] {article['id'][-6:]} | {found.rule} | source {found.source.text if found.source else None!r}"
              f" | content {' '.join((found.content or found.statement).text.split())[:200]}")
        lines += 1
    for quote, i in result["wrong_speaker"]:
        found = attributions[i]
        a, b = quote["quote"]
        print(f"  [speaker] {article['id'][-6:]} | gold {quote.get('speaker_text')!r} ours "
              f"{found.source.text if found.source else found.source_name!r} ({found.rule}) | "
              f"{' '.join(text[a:b].split())[:160]}")
        lines += 1
    return lines


def print_ggt(result: dict) -> None:
    first = result[("all", GGT_THRESHOLDS[0])]
    print(f"GGT dev (GGT's protocol): {first['articles']} articles, {first['gold']} gold quotes, "
          f"{first['predicted']} predicted")
    for threshold in GGT_THRESHOLDS:
        cells = []
        for which in HALVES:
            r = result[(which, threshold)]
            cells.append(f"{which} P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f}")
        print(f"  quotes @{threshold}   " + "   ".join(cells))
    cells = []
    for which in HALVES:
        r = result[(which, GGT_THRESHOLDS[0])]
        cells.append(f"{which} {r['speaker_accuracy']:.3f} (of {r['speaker_scored']})")
    print("  speaker @0.3   " + "   ".join(cells))
    print(f"  floating gold quotes matched (no gold speaker span, not scored for speaker): "
          f"{result[('all', GGT_THRESHOLDS[0])]['floating_matched']}")
    print(f"  find_attributions: {result['articles_per_second']:.0f} articles/second")


def eval_root(argument: str | None) -> Path:
    return _eval_root(argument).resolve()


# --------------------------------------------------------------------------- GGT gender of quoted people

def _surname(name: str) -> str:
    words = [w.strip(".,’'\"") for w in name.replace("’s", "").split()]
    words = [w for w in words if w and w not in ("Jr", "Sr", "II", "III")]
    return words[-1].lower() if words else ""


def quoted_people(text: str) -> dict[str, str | None]:
    """Named people quoted in the body of ``text`` -> inferred gender ("female", "male" or None)."""
    table = audit.sources_table(audit.audit_text(text))  # body attributions, one canonical name per person
    people: dict[str, str | None] = {}
    for name, gender in table.loc[table["source_type"] == "named_person", ["source_name", "gender"]].values:
        people[name] = people.get(name) or (gender if isinstance(gender, str) else None)
    return people


def _surname_matches(predicted: list[str], gold: list[str]) -> int:
    left = Counter(_surname(g) for g in gold)
    hits = 0
    for name in predicted:
        if left[_surname(name)] > 0:
            left[_surname(name)] -= 1
            hits += 1
    return hits


def _gender_figures(counts: Counter, articles: int) -> dict:
    def prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
        p = tp / predicted if predicted else 0.0
        r = tp / gold if gold else 0.0
        return p, r, _f1(p, r)

    pf, rf, ff = prf(counts["tp_f"], counts["pred_f"], counts["gold_f"])
    pm, rm, fm = prf(counts["tp_m"], counts["pred_m"], counts["gold_m"])
    nan = float("nan")
    return {"articles": articles, "female_p": pf, "female_r": rf, "female_f1": ff, "male_p": pm, "male_r": rm,
            "male_f1": fm, "gender_precision": counts["right"] / counts["judged"] if counts["judged"] else nan,
            "judged": counts["judged"], "unknown_share": counts["unknown"] / counts["people"] if counts["people"]
            else nan, "people": counts["people"], "found": counts["found"] / counts["gold"] if counts["gold"] else nan,
            "gold_people": counts["gold"]}


def ggt_gender(root: Path, errors: str | None = None) -> dict[str, dict]:
    """Female and male source F1 (surname match), gender precision and unknown share, per half and in all."""
    counts = {"tune": Counter(), "check": Counter(), "all": Counter()}
    articles = Counter()
    for article in read_ggt(root):
        people = quoted_people(article["text"])
        female = [n for n, g in people.items() if g == "female"]
        male = [n for n, g in people.items() if g == "male"]
        gold_f, gold_m = article["sources_female"], article["sources_male"]
        gold_all = gold_f + gold_m + article.get("sources_unknown", [])
        gold_sex = {_surname(g): "male" for g in gold_m}
        gold_sex.update({_surname(g): "female" for g in gold_f})
        # a surname the gold gives to a woman and a man (Mary and Trevor Nicholson) is judged by the full name
        shared = {_surname(g) for g in gold_m} & {_surname(g) for g in gold_f}
        gold_full = {" ".join(g.split()).lower(): sex for names, sex in ((gold_m, "male"), (gold_f, "female"))
                     for g in names}
        row = Counter(tp_f=_surname_matches(female, gold_f), pred_f=len(female), gold_f=len(gold_f),
                      tp_m=_surname_matches(male, gold_m), pred_m=len(male), gold_m=len(gold_m),
                      people=len(people), unknown=sum(g is None for g in people.values()),
                      found=_surname_matches(list(people), gold_all), gold=len(gold_all))
        for name, gender in people.items():
            truth = gold_full.get(" ".join(name.split()).lower()) if _surname(name) in shared else \
                gold_sex.get(_surname(name))
            if truth is not None and gender is not None:
                row.update(judged=1, right=int(gender == truth))
            if errors == article["half"] and truth is not None and gender != truth:
                print(f"  [gender] {article['id']}: {name!r} called {gender}, gold {truth}")
        if errors == article["half"]:
            ours = {_surname(n) for n in people}
            for name in gold_all:
                if _surname(name) not in ours:
                    print(f"  [gender] {article['id']}: {name!r} not found as a quoted named person")
        for which in (article["half"], "all"):
            counts[which].update(row)
            articles[which] += 1
    return {which: _gender_figures(counts[which], articles[which]) for which in ("tune", "check", "all")}


def print_ggt_gender(figures: dict[str, dict]) -> None:
    print("GGT gender of quoted people (surname match within an article; GGT's own pipeline: F1 0.768 women, "
          "0.820 men)")
    print(f"  {'half':6} {'articles':>8} {'female P/R/F1':>19} {'male P/R/F1':>19} {'gender P':>9} {'unknown':>8} "
          f"{'found':>6}")
    for which, f in figures.items():
        print(f"  {which:6} {f['articles']:8d}  {f['female_p']:.3f}/{f['female_r']:.3f}/{f['female_f1']:.3f}"
              f"  {f['male_p']:.3f}/{f['male_r']:.3f}/{f['male_f1']:.3f} {f['gender_precision']:9.3f}"
              f" {f['unknown_share']:8.3f} {f['found']:6.3f}")
    print("  gender P: right among our gendered people the gold gives a gender; unknown: share of our named people "
          "left unknown; found: gold quoted people we quote as named people (the ceiling of both F1s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", nargs="?", default=None, help="folder holding polnear/ and mcae/ (default ../shared/eval)")
    parser.add_argument("--split", default="both", choices=["train", "dev", "both"], help="PolNeAR split(s)")
    parser.add_argument("--misses", type=int, default=0, help="print up to N misses of each kind")
    parser.add_argument("--skip-mcae", action="store_true")
    parser.add_argument("--skip-polnear", action="store_true")
    parser.add_argument("--skip-ggt", action="store_true")
    parser.add_argument("--ggt-errors", choices=("tune", "check"), default=None,
                        help="print GGT misses, false positives and wrong speakers of one half (at 0.3)")
    parser.add_argument("--gender-errors", choices=("tune", "check"), default=None,
                        help="print the GGT quoted people of one half given the wrong gender or not found")
    args = parser.parse_args(argv)
    root = eval_root(args.eval_dir)
    if not any((root / corpus).is_dir() for corpus in ("polnear", "mcae", "ggt")):
        print(f"no evaluation data at {root} (pass a path or set NEWS_AUDIT_EVAL)", file=sys.stderr)
        return 2
    splits = ["train", "dev"] if args.split == "both" else [args.split]
    if args.skip_polnear or not (root / "polnear").is_dir():
        splits = []
    for split in splits:
        result = polnear_split(root, split, args.misses)
        print(f"PolNeAR {split}: {result['articles']} articles, {result['gold_speech']} gold speech attributions, "
              f"{result['predicted']} predicted")
        print(f"  speech cue   P {result['cue_precision']:.3f}  R {result['cue_recall']:.3f}  F1 {result['cue_f1']:.3f}")
        print(f"  + source     P {result['source_precision']:.3f}  R {result['source_recall']:.3f}  F1 {result['source_f1']:.3f}")
        print(f"  find_attributions: {result['articles_per_second']:.0f} articles/second")
        for kind, rows in result["examples"].items():
            for row in rows:
                print(f"  [{kind}]", *row, sep=" | ")
    if not args.skip_mcae and (root / "mcae").is_dir():
        result = mcae(root, args.misses)
        print(f"MCAE: {result['articles']} articles, {result['gold_statements']} gold statements located "
              f"({result['gold_unlocated']} rows not found in the text), {result['predicted']} predicted")
        print(f"  statements   P {result['statement_precision']:.3f}  R {result['statement_recall']:.3f}  "
              f"F1 {result['statement_f1']:.3f}")
        print(f"  source type accuracy {result['type_accuracy']:.3f}; unnamed/anonymous recall "
              f"{result['unnamed_anonymous_recall']:.3f} (of {result['unnamed_anonymous_gold']})")
        print(confusion_table(result["confusion"]))
        if args.misses:
            for kind, rows in result["examples"].items():
                for row in rows:
                    print(f"  [{kind}]", *row, sep=" | ")
    if not args.skip_ggt and (root / "ggt" / "ggt_dev.jsonl").is_file():
        print_ggt(ggt(root, args.ggt_errors))
        print_ggt_gender(ggt_gender(root, args.gender_errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
