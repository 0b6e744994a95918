"""A class checks the checker: several students' annotations of one article, compared with the tool
and with each other.

Every place anyone marked (a student or the tool) becomes a *unit*: overlapping marks of the same
family (sources; hedging) are one unit. Each coder's value for a unit is the label they gave it (the
source type; hedge, weasel or booster), or "(none)" when they did not mark it: every student read the
whole article, so not marking is a judgement too. Agreement among the students is Krippendorff's
alpha for nominal data (Krippendorff 2004, ch. 11; 2011): 1 is perfect agreement, 0 is what chance
would give, and values below about 0.67 are too low to draw conclusions from. The same alpha with the
tool as one more coder shows whether the tool pulls the class's agreement up or down.

References:
    Krippendorff, K. (2004). Content Analysis: An Introduction to Its Methodology (2nd ed.). Sage.
    Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
    Communication, University of Pennsylvania.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import pandas as pd

from .agreement import prf
from .units import (FINDING_COLUMNS, HEDGE_KINDS, NONE, Annotations, locate, normalise_kind, normalise_source_type,
                    tool_findings)

__all__ = ["ClassComparison", "combine", "compare_class", "krippendorff_alpha", "read_class"]

FAMILIES = {"sources": ("attribution",), "hedging": HEDGE_KINDS, "claims": ("claim",)}
TOOL = "tool"


def krippendorff_alpha(values) -> float:
    """Krippendorff's alpha for nominal data.

    Args:
        values: a units x coders table (list of rows or DataFrame); None/NaN for a missing value.

    Returns:
        Alpha; NaN when fewer than two values are pairable or every value is the same.

    Example:
        >>> krippendorff_alpha([["a", "a"], ["b", "b"], ["a", "b"]])
        0.4444444444444444
    """
    rows = values.to_numpy(dtype=object).tolist() if isinstance(values, pd.DataFrame) else [list(r) for r in values]
    coincidence: Counter = Counter()
    for row in rows:
        present = [v for v in row if v is not None and not (isinstance(v, float) and math.isnan(v))]
        m = len(present)
        if m < 2:
            continue
        counts = Counter(present)
        for c, n_c in counts.items():
            for k, n_k in counts.items():
                pairs = n_c * (n_k - 1) if c == k else n_c * n_k
                coincidence[(c, k)] += pairs / (m - 1)
    n_c = Counter()
    for (c, _), v in coincidence.items():
        n_c[c] += v
    n = sum(n_c.values())
    if n <= 1:
        return math.nan
    observed = sum(v for (c, k), v in coincidence.items() if c != k)
    expected = sum(n_c[c] * n_c[k] for c in n_c for k in n_c if c != k) / (n - 1)
    if expected == 0:
        return math.nan
    return 1 - observed / expected


def read_class(path_or_frame, articles, *, default_annotator: str | None = None) -> Annotations:
    """Read students' annotations (the JSONL format of ``data/classroom/``) and find them in the articles.

    Each line: ``article_id``, ``kind`` (source, hedge, weasel, booster, claim), ``text`` (the words as
    in the article), ``source_type`` and ``official`` for sources, ``note``, and ``annotator`` (the
    student; when absent, every line is one annotator's, named ``default_annotator`` or the file name).

    Raises:
        ValueError: naming every line whose article is not given, whose kind or source type is
            unknown, or whose words are not in the article.
    """
    from .sheet import _texts

    if isinstance(path_or_frame, pd.DataFrame):
        frame, origin = path_or_frame, "the annotations"
    else:
        path = Path(path_or_frame)
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no such annotations file")
        records = []
        for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                try:
                    records.append({**json.loads(line), "_line": line_number})
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path.name}, line {line_number}: not JSON ({exc})") from None
        frame, origin = pd.DataFrame(records), path.name
        default_annotator = default_annotator or path.stem
    missing = [c for c in ("article_id", "kind", "text") if c not in frame.columns]
    if missing:
        raise ValueError(f"{origin}: missing column(s) {missing}")
    texts = _texts(articles)
    problems, spans, taken = [], [], {}
    for position, row in enumerate(frame.to_dict("records")):
        where = f"line {row.get('_line', position + 1)}"
        article_id = str(row["article_id"])
        who = row.get("annotator")
        who = str(who) if isinstance(who, str) or (who is not None and not pd.isna(who)) else \
            (default_annotator or "annotator")
        if article_id not in texts:
            problems.append(f"{where}: article {article_id!r} is not among the articles given")
            continue
        kind = normalise_kind(row["kind"])
        if kind is None:
            problems.append(f"{where}: unknown kind {row['kind']!r}")
            continue
        source_type = None
        if kind == "attribution":
            source_type = normalise_source_type(row.get("source_type"))
            if source_type is None:
                problems.append(f"{where}: unknown source_type {row.get('source_type')!r}")
                continue
        span = locate(texts[article_id], row["text"], taken=taken.setdefault((who, article_id), set()))
        if span is None:
            problems.append(f"{where}: {row['text']!r} is not in article {article_id}")
            continue
        taken[(who, article_id)].add(span)
        official = row.get("official")
        spans.append({"article_id": article_id, "kind": kind, "start": span[0], "end": span[1],
                      "text": texts[article_id][span[0]:span[1]], "source_type": source_type,
                      "official": bool(official) if kind == "attribution" and isinstance(official, bool) else None,
                      "annotator": who, "note": row.get("note") or ""})
    if problems:
        raise ValueError(f"{origin}: {len(problems)} line(s) to fix, nothing was read:\n  " + "\n  ".join(problems))
    out = pd.DataFrame(spans, columns=list(FINDING_COLUMNS) + ["annotator", "note"])
    out["official"] = out["official"].astype("boolean")
    return Annotations(out, tuple(dict.fromkeys(out["article_id"])), origin,
                       tuple(dict.fromkeys(out["annotator"])))


def combine(per_student: Mapping[str, Annotations]) -> Annotations:
    """One set of annotations from several students' own (e.g. each student's filled-in sheet).

    Example:
        >>> # combine({"ana": read_sheet("ana.csv", sample), "ben": read_sheet("ben.csv", sample)})
    """
    if not per_student:
        raise ValueError("combine() needs at least one student's annotations")
    frames, articles, kinds = [], [], []
    for name, annotations in per_student.items():
        frames.append(annotations.spans.assign(annotator=str(name)))
        articles.extend(annotations.articles)
        kinds.extend(annotations.kinds)
    spans = pd.concat(frames, ignore_index=True)
    spans["official"] = spans["official"].astype("boolean")
    return Annotations(spans, tuple(dict.fromkeys(articles)), "the class", tuple(str(n) for n in per_student),
                       tuple(dict.fromkeys(kinds)))


@dataclass(frozen=True)
class ClassComparison:
    """Students and the tool on one article.

    Attributes:
        units: one row per unit (family, start, end, text) with one column per student and ``tool``.
        alpha: Krippendorff's alpha among the students, per family.
        alpha_with_tool: the same with the tool as one more coder.
        students: one row per student: how many marks, F1 against the tool, and how often they agree
            with the majority of the other students.
        disagreements: the units where the class's majority and the tool differ, to discuss.
    """

    units: pd.DataFrame
    alpha: dict
    alpha_with_tool: dict
    students: pd.DataFrame
    disagreements: pd.DataFrame


def _clusters(marks: list[tuple[int, int]]) -> list[list[int]]:
    """Indices of ``marks`` grouped into chains of overlapping spans (sorted by start)."""
    order = sorted(range(len(marks)), key=lambda i: (marks[i][0], marks[i][1]))
    groups, end = [], -1
    for i in order:
        start, stop = marks[i]
        if groups and start < end:
            groups[-1].append(i)
            end = max(end, stop)
        else:
            groups.append([i])
            end = stop
    return groups


def _majority(values: list[str]) -> str:
    counts = Counter(values).most_common()
    if len(counts) > 1 and counts[0][1] == counts[1][1]:
        return "split"
    return counts[0][0]


def compare_class(annotations: Annotations, results: Mapping, *, article_id: str | None = None,
                  families=("sources", "hedging")) -> ClassComparison:
    """Compare a class's annotations of one article with the tool and with each other.

    Args:
        annotations: several students' annotations (:func:`read_class`, or Label Studio with one
            user per student).
        results: the tool's audit of the article, as a mapping id -> ArticleAudit.
        article_id: which article (needed when the annotations cover several).
        families: "sources" (label: source type), "hedging" (hedge, weasel, booster), "claims".

    Returns:
        :class:`ClassComparison`.

    Raises:
        ValueError: fewer than two students, or no article chosen among several.
    """
    spans = annotations.spans
    articles = list(dict.fromkeys(spans["article_id"]))
    if article_id is None:
        if len(articles) != 1:
            raise ValueError(f"the annotations cover {len(articles)} articles; choose one with article_id=")
        article_id = articles[0]
    spans = spans[spans["article_id"] == str(article_id)]
    students = list(dict.fromkeys(spans["annotator"].astype(str)))
    if len(students) < 2:
        raise ValueError(f"compare_class() needs at least two students; article {article_id} has {students}")
    if TOOL in students:
        raise ValueError(f"a student is named {TOOL!r}: rename them, the tool's column has that name")
    unknown = [f for f in families if f not in FAMILIES]
    if unknown:
        raise ValueError(f"unknown families {unknown}; choose among {list(FAMILIES)}")
    kinds = [k for f in families for k in FAMILIES[f]]
    tool = tool_findings({str(article_id): results[str(article_id)]}, kinds)
    text = results[str(article_id)].text
    coders = students + [TOOL]
    unit_rows = []
    for family in families:
        members = FAMILIES[family]
        marks = []
        for who, frame in [(s, spans[spans["annotator"].astype(str) == s]) for s in students] + [(TOOL, tool)]:
            for row in frame[frame["kind"].isin(members)].itertuples(index=False):
                label = row.source_type if family == "sources" else row.kind
                marks.append((who, int(row.start), int(row.end), label))
        for group in _clusters([(m[1], m[2]) for m in marks]):
            start = min(marks[i][1] for i in group)
            end = max(marks[i][2] for i in group)
            labels = {}
            for who in coders:
                given = [marks[i][3] for i in group if marks[i][0] == who]
                labels[who] = Counter(given).most_common(1)[0][0] if given else NONE
            unit_rows.append({"family": family, "start": start, "end": end, "text": text[start:end], **labels})
    units = pd.DataFrame(unit_rows, columns=["family", "start", "end", "text", *coders])
    alpha, alpha_tool = {}, {}
    for family in families:
        here = units[units["family"] == family]
        alpha[family] = krippendorff_alpha(here[students])
        alpha_tool[family] = krippendorff_alpha(here[coders])
    student_rows = []
    for s in students:
        others = [o for o in students if o != s]
        marked = units[s] != NONE
        tool_marked = units[TOOL] != NONE
        same = (units[s] == units[TOOL]) & marked
        precision, recall, f1 = prf(int(same.sum()), int((marked & ~same).sum()), int((tool_marked & ~same).sum()))
        majority_of_others = units[others].apply(lambda r: _majority(list(r)), axis=1)
        student_rows.append({"student": s, "marks": int(marked.sum()), "same as tool": int(same.sum()),
                             "F1 vs tool": f1,
                             "agrees with the others' majority": float((units[s] == majority_of_others).mean())
                             if len(units) else math.nan})
    students_table = pd.DataFrame(student_rows).set_index("student")
    units["class"] = units[students].apply(lambda r: _majority(list(r)), axis=1)
    units["votes"] = units[students].apply(
        lambda r: ", ".join(f"{label} x{n}" for label, n in Counter(r).most_common()), axis=1)
    differ = units[units["class"] != units[TOOL]]
    disagreements = differ[["family", "text", "class", "votes", TOOL, "start", "end"]].reset_index(drop=True)
    return ClassComparison(units, alpha, alpha_tool, students_table, disagreements)
