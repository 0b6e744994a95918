"""Snapshot every finding and every metric of a fixed set of texts, so two commits can be compared.

A refactoring that claims "same audits" is checked with this script: write a snapshot on the old
commit, write one on the new commit, compare them. The set of texts is fixed:

- the PolNeAR train articles (``<eval>/polnear/train/text/*.txt``; ``<eval>`` is ``--data``, else
  ``$NEWS_AUDIT_EVAL``, else ``../shared/eval``), skipped with a message when absent;
- the shipped sample corpus ``data/sample/articles.jsonl`` (audited with its titles);
- the seed article (``--seed-article``, default ``../shared/articles/000_d8c398a1fbd80f3e.txt``), skipped
  when absent;
- ``--hostile`` random hostile texts (3,000 by default) generated from ``--seed``: news fragments, quotation
  marks of every kind, stray unicode, control characters, long runs of one character or word.

Each line of the snapshot is one text: its id and every field of every attribution, hedge and claim, the
segmentation (title, sentences, paragraphs, quotes, set-aside spans), readability and every metric. The
first line records the versions that made it; versions are not compared (the rules hash changes when a
rule file is added even if nothing it finds changes). Snapshots hold article text: keep them outside the
repository (e.g. in /tmp), never commit them.

Usage:
    python scripts/snapshot_audits.py write /tmp/before.jsonl [--data EVAL] [--hostile 3000] [--seed 12]
    python scripts/snapshot_audits.py compare /tmp/before.jsonl /tmp/after.jsonl [--show 10]

``compare`` prints the first differences (text id and the path of the field) and exits 1 when there is
any difference, 0 when the two snapshots are identical.
"""
from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import math
import os
import random
import sys
import time
from pathlib import Path
from typing import Any, Iterator

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SEED_ARTICLE = REPO.parent / "shared" / "articles" / "000_d8c398a1fbd80f3e.txt"


def eval_root(argument: str | None) -> Path:
    if argument:
        return Path(argument)
    if os.environ.get("NEWS_AUDIT_EVAL"):
        return Path(os.environ["NEWS_AUDIT_EVAL"])
    return REPO.parent / "shared" / "eval"


# --- hostile texts ---------------------------------------------------------------------------------

FRAGMENTS = [
    "Gen. Mark Milley", "said", "told reporters", "according to", "“", "”", '"', "‘", "’", "...", "…", "«", "»",
    "U.S.", "Sen. Ana Ruiz (D-Calif.)", "a senior official who spoke on condition of anonymity",
    "people familiar with the matter", "may", "May", "reportedly", "appeared to", "could", "some 50 people",
    "critics say", "clearly", "$1.2 billion", "3.5%", "Updated:", "By Jo Smith", "Photo by Lee Wu",
    "(Ann Bo/AFP via Getty Images)", "Related Topics", "https://example.com/x", "\n", "\n\n", "\r\n", "\r",
    "\t", "\ufeff", "\u200b", "e\u0301", "🙂", "𝔘", " ", ". ", ", ", ": ", " — ", "-", "(", ")", "said.",
    "The mayor", "he said", "she said", "Iran said", "a letter from", "the report", "if", "unless",
    "Mr.", "Mrs. Okafor", "the ministry", "a spokeswoman for the Harbor Authority", "in a statement",
    "wrote on Twitter", "who declined to be named", "officials", "experts say", "it is believed",
    "according to a report by the Tessaly Institute", "Dr. Ivo Brant, a virologist at Norrland University,",
    "she told The Valdoria Herald", "he added", "“We will not back down,”", "the poll found", "Jan.", "Dec. 3",
]

NAMES = ["Ana Ruiz", "Ivo Brant", "Lena Varga", "Tomas Okafor", "Mira Chen", "Jo Smith", "Pell Arden",
         "Dalia Brenner", "Kofi Mensah", "Rosa Lindqvist"]
TITLES = ["Sen.", "Gov.", "Dr.", "Mayor", "spokeswoman", "Interior Minister", "Police Chief", "", "", ""]
ORGS = ["the Harbor Authority", "Norrland University", "the Tessaly Institute", "the ministry",
        "the county", "the Valdoria Herald", "Continental Wire", "the White House", "the agency"]
CUES = ["said", "says", "told reporters", "added", "wrote", "argued", "warned", "claimed", "noted",
        "said in a statement", "told the Herald", "posted on social media", "insisted", "confirmed"]
CLAUSES = ["the bridge would reopen in May", "prices may rise sharply", "the river fell two feet overnight",
           "at least nine people have died", "the plan is clearly too costly", "some 50 people were arrested",
           "the vote could be delayed", "it appeared to be an accident", "the report was wrong"]
OPEN_CLOSE = [("“", "”"), ('"', '"'), ("‘", "’"), ("«", "»"), ("“", ""), ("", "”"), ("'", "'")]
RUN_UNITS = ['"', "“", "”", ".", "—", "(", "\n", "\r\n", "Word ", "Mr. ", "said ", "according to ", "x",
             "Jack Phillips\n", "He said it. ", "“It may rain,” she said. ", "U.S. ", ", ", "A. ", "\u200b"]
UNICODE_RANGES = [(0x20, 0x7E), (0xA0, 0x17F), (0x2000, 0x206F), (0x300, 0x36F), (0x400, 0x4FF),
                  (0x600, 0x6FF), (0x4E00, 0x4E80), (0x1F600, 0x1F64F), (0x1D400, 0x1D4FF), (0x0, 0x1F)]


def _news_sentence(rng: random.Random) -> str:
    name = rng.choice(NAMES)
    title = rng.choice(TITLES)
    who = rng.choice([f"{title} {name}".strip(), name, rng.choice(ORGS), "he", "she", "they", name.split()[1],
                      f"{name}, {title or 'an adviser'} at {rng.choice(ORGS)},", "officials", "a senior official"])
    clause = rng.choice(CLAUSES)
    cue = rng.choice(CUES)
    opening, closing = rng.choice(OPEN_CLOSE)
    shapes = [
        f"{who} {cue} {clause}.",
        f"{who} {cue} that {clause}.",
        f"{opening}{clause[0].upper()}{clause[1:]},{closing} {who} {cue}.",
        f"{opening}{clause[0].upper()}{clause[1:]},{closing} {cue} {who}.",
        f"{clause[0].upper()}{clause[1:]}, according to {who}.",
        f"{who} {cue}: {opening}{clause[0].upper()}{clause[1:]}.{closing}",
        f"{clause[0].upper()}{clause[1:]}.",
        f"{opening}{clause[0].upper()}{clause[1:]}.",
    ]
    return rng.choice(shapes)


def hostile_text(rng: random.Random) -> str:
    """One hostile text; which kind is chosen by ``rng`` so the same seed gives the same texts."""
    kind = rng.randrange(6)
    if kind == 0:  # news fragments with spaces between them
        return " ".join(rng.choice(FRAGMENTS) for _ in range(rng.randrange(0, 80)))
    if kind == 1:  # news fragments glued together
        return "".join(rng.choice(FRAGMENTS) for _ in range(rng.randrange(0, 60)))
    if kind == 2:  # random unicode from scripts, punctuation, combining marks, emoji, control characters
        chars = []
        for _ in range(rng.randrange(0, 400)):
            lo, hi = rng.choice(UNICODE_RANGES)
            chars.append(chr(rng.randint(lo, hi)))
        return "".join(chars)
    if kind == 3:  # a long run of one unit, sometimes inside an article-like text
        run = rng.choice(RUN_UNITS) * rng.randrange(1, rng.choice((50, 500, 5000)))
        if rng.random() < 0.5:
            return run
        return f"{_news_sentence(rng)} {run} {_news_sentence(rng)}"
    if kind == 4:  # article-like paragraphs of attributed sentences, with mismatched quotation marks
        paragraphs = []
        for _ in range(rng.randrange(1, 8)):
            paragraphs.append(" ".join(_news_sentence(rng) for _ in range(rng.randrange(1, 5))))
        separator = rng.choice(["\n\n", "\n", "\r\n\r\n", " "])
        head = rng.choice(["", "Storm Cuts Power\n\n", "By Jo Smith\n", "UPDATED: Jan. 3, 2024\n\n"])
        return head + separator.join(paragraphs)
    # article-like text with fragments and random characters spliced in
    text = list(" ".join(_news_sentence(rng) for _ in range(rng.randrange(1, 12))))
    for _ in range(rng.randrange(1, 20)):
        at = rng.randrange(0, len(text) + 1)
        if rng.random() < 0.5:
            text.insert(at, rng.choice(FRAGMENTS))
        else:
            lo, hi = rng.choice(UNICODE_RANGES)
            text.insert(at, chr(rng.randint(lo, hi)))
    return "".join(text)


# --- the fixed set of texts ------------------------------------------------------------------------

def texts(args: argparse.Namespace) -> Iterator[tuple[str, str, str | None]]:
    """(id, text, title) for every text of the snapshot, in a fixed order."""
    polnear = eval_root(args.data) / "polnear" / "train" / "text"
    if polnear.is_dir():
        files = sorted(polnear.glob("*.txt"))
        print(f"PolNeAR train: {len(files)} articles from {polnear}", file=sys.stderr)
        for path in files:
            yield f"polnear/{path.stem}", path.read_text(encoding="utf-8"), None
    else:
        print(f"PolNeAR train not found at {polnear}: skipped (give --data or set NEWS_AUDIT_EVAL)", file=sys.stderr)
    sample = REPO / "data" / "sample" / "articles.jsonl"
    rows = [json.loads(line) for line in sample.read_text(encoding="utf-8").splitlines() if line.strip()]
    print(f"sample corpus: {len(rows)} articles", file=sys.stderr)
    for row in rows:
        yield f"sample/{row['id']}", row["text"], row.get("title")
    seed_article = Path(args.seed_article)
    if seed_article.is_file():
        print(f"seed article: {seed_article}", file=sys.stderr)
        yield f"seed/{seed_article.stem}", seed_article.read_text(encoding="utf-8"), None
    else:
        print(f"seed article not found at {seed_article}: skipped", file=sys.stderr)
    rng = random.Random(args.seed)
    print(f"hostile texts: {args.hostile} from seed {args.seed}", file=sys.stderr)
    for i in range(args.hostile):
        yield f"hostile/{i:05d}", hostile_text(rng), None


# --- writing a snapshot ----------------------------------------------------------------------------

def plain(value: Any) -> Any:
    """``value`` as JSON: dataclasses and named tuples field by field, NaN and infinities as strings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"_type": type(value).__name__,
                **{f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value) if not f.name.startswith("_")}}
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return {name: plain(getattr(value, name)) for name in value._fields}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(plain(v) for v in value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


def record(text_id: str, result) -> dict:
    doc = result.document
    return {
        "id": text_id,
        "document": {
            "title": doc.title,
            "title_span": plain(doc.title_span),
            "title_sentences": plain(doc.title_sentences),
            "sentences": plain(doc.sentences),
            "paragraphs": plain(doc.paragraphs),
            "quotes": plain(doc.quotes),
            "excluded": plain(doc.excluded),
        },
        "attributions": plain(result.attributions),
        "hedges": plain(result.hedges),
        "claims": plain(result.claims),
        "readability": plain(result.readability),
        "metrics": plain(result.metrics),
    }


def _open(path: str, mode: str):
    if path.endswith(".gz"):
        return gzip.open(path, mode + "t", encoding="utf-8")
    return open(path, mode, encoding="utf-8")


def write(args: argparse.Namespace) -> int:
    from audit import audit_text

    started = time.perf_counter()
    count = 0
    versions = None
    with _open(args.snapshot, "w") as out:
        for text_id, text, title in texts(args):
            result = audit_text(text, title=title)
            if versions is None:
                versions = result.versions
                out.write(json.dumps({"id": "#versions", "versions": versions, "hostile": args.hostile,
                                      "seed": args.seed}, ensure_ascii=False) + "\n")
            out.write(json.dumps(record(text_id, result), ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    print(f"wrote {count} audits to {args.snapshot} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


# --- comparing two snapshots -----------------------------------------------------------------------

def _read(path: str) -> tuple[dict, dict[str, str]]:
    header, lines = {}, {}
    with _open(path, "r") as handle:
        for line in handle:
            row = json.loads(line)
            if row.get("id") == "#versions":
                header = row
            else:
                lines[row["id"]] = line
    return header, lines


def differences(a: Any, b: Any, path: str = "") -> Iterator[str]:
    """Paths where ``a`` and ``b`` differ, with the two values."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b), key=str):
            if key not in a or key not in b:
                yield f"{path}/{key}: {'missing' if key not in a else 'present'} before, " \
                      f"{'missing' if key not in b else 'present'} after"
            else:
                yield from differences(a[key], b[key], f"{path}/{key}")
    elif isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b)):
            yield from differences(x, y, f"{path}[{i}]")
        if len(a) != len(b):
            yield f"{path}: {len(a)} items before, {len(b)} after"
    elif a != b:
        yield f"{path}: {json.dumps(a, ensure_ascii=False)[:200]} before, {json.dumps(b, ensure_ascii=False)[:200]} after"


def compare(args: argparse.Namespace) -> int:
    header_a, before = _read(args.before)
    header_b, after = _read(args.after)
    if header_a.get("versions") != header_b.get("versions"):
        print(f"versions (not compared): {header_a.get('versions')} before, {header_b.get('versions')} after")
    shown, differing = 0, 0
    for text_id in [*before, *(k for k in after if k not in before)]:
        if text_id not in after or text_id not in before:
            differing += 1
            if shown < args.show:
                print(f"{text_id}: only in {'before' if text_id in before else 'after'}")
                shown += 1
            continue
        if before[text_id] == after[text_id]:
            continue
        differing += 1
        for line in differences(json.loads(before[text_id]), json.loads(after[text_id])):
            if shown >= args.show:
                break
            print(f"{text_id}{line}")
            shown += 1
    print(f"compared {len(before)} texts before with {len(after)} after: {differing} differ")
    return 1 if differing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    writing = commands.add_parser("write", help="audit the fixed set of texts and write the snapshot")
    writing.add_argument("snapshot", help="output file (.jsonl, or .jsonl.gz to compress); keep it out of the repository")
    writing.add_argument("--data", help="folder of the gold corpora (default $NEWS_AUDIT_EVAL, else ../shared/eval)")
    writing.add_argument("--seed-article", default=str(DEFAULT_SEED_ARTICLE), help="the seed article's path")
    writing.add_argument("--hostile", type=int, default=3000, help="how many random hostile texts (default 3000)")
    writing.add_argument("--seed", type=int, default=12, help="random seed of the hostile texts (default 12)")
    comparing = commands.add_parser("compare", help="compare two snapshots; exit 1 when they differ")
    comparing.add_argument("before")
    comparing.add_argument("after")
    comparing.add_argument("--show", type=int, default=10, help="how many differences to print (default 10)")
    args = parser.parse_args(argv)
    return write(args) if args.command == "write" else compare(args)


if __name__ == "__main__":
    raise SystemExit(main())
