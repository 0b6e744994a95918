"""Label Studio: tasks with the tool's findings as pre-annotations, and its JSON export read back.

The labelling interface (:func:`label_studio_config`, paste it under Settings > Labeling Interface)
has one ``Labels`` control named ``label`` over the article text ``text``: the six source types for an
attribution's source words, and ``hedge``, ``weasel``, ``booster`` and ``claim``; and a per-region
``Choices`` control named ``official`` (official / not official) for sources. :func:`to_label_studio`
writes one task per article (``data.text``, ``data.article_id``, ...) whose ``predictions`` hold the
tool's findings; annotators accept, move, relabel, delete or add regions, then Export > JSON, and
:func:`read_label_studio` turns that file back into :class:`~audit.validation.units.Annotations`,
one annotator per Label Studio user.

Label Studio counts offsets in UTF-16 code units (as JavaScript does); Python counts code points. The
two differ after an emoji or another character outside the Basic Multilingual Plane, so offsets are
converted both ways.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd

from .. import __version__
from ..sources import SOURCE_TYPES
from .sheet import audit_articles
from .units import FINDING_COLUMNS, HEDGE_KINDS, KINDS, Annotations, _check_kinds, tool_findings

LABELS = SOURCE_TYPES + HEDGE_KINDS + ("claim",)
_COLOURS = {"named_person": "#56B4E9", "named_organization": "#0072B2", "unnamed_person": "#E69F00",
            "unnamed_group": "#C4B200", "anonymous": "#D55E00", "document": "#009E73", "hedge": "#CC79A7",
            "weasel": "#F0E442", "booster": "#999999", "claim": "#BBBBBB"}
OFFICIAL_CHOICES = ("official", "not official")


def label_studio_config() -> str:
    """The labelling interface (XML) that matches the tasks :func:`to_label_studio` writes.

    Example:
        >>> '<Label value="anonymous"' in label_studio_config()
        True
    """
    labels = "\n".join(f'    <Label value="{label}" background="{_COLOURS[label]}"/>' for label in LABELS)
    choices = "\n".join(f'    <Choice value="{choice}"/>' for choice in OFFICIAL_CHOICES)
    return (f'<View>\n  <Labels name="label" toName="text">\n{labels}\n  </Labels>\n'
            f'  <Text name="text" value="$text"/>\n'
            f'  <Choices name="official" toName="text" perRegion="true" choice="single" showInline="true">\n'
            f'{choices}\n  </Choices>\n</View>\n')


def _utf16_offsets(text: str) -> list[int]:
    """For each code-point index 0..len(text), its UTF-16 offset."""
    offsets, position = [0], 0
    for ch in text:
        position += 2 if ord(ch) > 0xFFFF else 1
        offsets.append(position)
    return offsets


def _to_utf16(text: str, index: int, table: list[int] | None) -> int:
    return index if table is None else table[index]


def _from_utf16(text: str, offset: int, table: list[int] | None) -> int | None:
    if table is None:
        return offset
    import bisect

    index = bisect.bisect_left(table, offset)
    return index if index < len(table) and table[index] == offset else None


def _needs_table(text: str) -> bool:
    return any(ord(ch) > 0xFFFF for ch in text)


def to_label_studio(sample: pd.DataFrame, path: str | os.PathLike | None = None, *, results: Mapping | None = None,
                    kinds: Iterable[str] = KINDS) -> list[dict]:
    """Label Studio tasks for a sample, the tool's findings as pre-annotations (``predictions``).

    Args:
        sample: the articles (``id``, ``text``; ``title``, ``outlet``, ``date`` are copied when present).
        path: a ``.json`` file to write (import it in Label Studio); None to only return the tasks.
        results: the audits, id -> ArticleAudit; audited here when None.
        kinds: which kinds of finding to pre-annotate.

    Returns:
        The tasks, a list of dicts in Label Studio's import format.

    Example:
        >>> article = pd.DataFrame({"id": ["n1"], "text": ["Prices may rise, a trader said."]})
        >>> tasks = to_label_studio(article, kinds=["attribution", "hedge"])
        >>> [r["value"]["labels"] for r in tasks[0]["predictions"][0]["result"] if r["type"] == "labels"]
        [['unnamed_person'], ['hedge']]
    """
    kinds = _check_kinds(kinds)
    results = audit_articles(sample) if results is None else {str(k): v for k, v in results.items()}
    tasks = []
    for row in sample.to_dict("records"):
        article_id = str(row["id"])
        text = results[article_id].text
        table = _utf16_offsets(text) if _needs_table(text) else None
        found = tool_findings({article_id: results[article_id]}, kinds)
        regions = []
        for n, f in enumerate(found.itertuples(index=False), start=1):
            region = f"{article_id}-{n}"
            label = f.source_type if f.kind == "attribution" else f.kind
            value = {"start": _to_utf16(text, int(f.start), table), "end": _to_utf16(text, int(f.end), table),
                     "text": f.text}
            regions.append({"id": region, "from_name": "label", "to_name": "text", "type": "labels",
                            "origin": "prediction", "value": {**value, "labels": [label]}})
            if f.kind == "attribution":
                choice = OFFICIAL_CHOICES[0] if f.official else OFFICIAL_CHOICES[1]
                regions.append({"id": region, "from_name": "official", "to_name": "text", "type": "choices",
                                "origin": "prediction", "value": {**value, "choices": [choice]}})
        data = {"article_id": article_id, "text": text}
        for extra in ("title", "outlet", "date"):
            value = row.get(extra)
            if isinstance(value, str):
                data[extra] = value
        tasks.append({"data": data, "predictions": [{"model_version": f"news-audit {__version__}",
                                                     "result": regions}]})
    if path is not None:
        Path(path).write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
    return tasks


def _annotator(annotation: dict) -> str:
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        who = who.get("email") or who.get("username") or who.get("id")
    return str(who) if who is not None else "annotator"


def read_label_studio(path_or_tasks, articles=None, *, kinds: Iterable[str] = KINDS) -> Annotations:
    """Read Label Studio's JSON export (Export > JSON) back as annotations, one annotator per user.

    Args:
        path_or_tasks: the exported ``.json`` file, or its parsed list of tasks.
        articles: optionally the sample (DataFrame with ``id``/``text``, or a mapping id -> text or
            audit): each task's article must be in it with the same text.
        kinds: the kinds the annotators were asked to mark (all by default).

    Returns:
        :class:`Annotations` of every completed (not cancelled) annotation; each region's
        ``text`` is the article's own characters.

    Raises:
        ValueError: naming every problem at once: a task without ``article_id`` or ``text``, an
            article not in the sample or whose text differs, an unknown label, a region whose offsets
            do not fit the text.

    Example:
        >>> article = pd.DataFrame({"id": ["n1"], "text": ["Prices may rise, a trader said."]})
        >>> tasks = to_label_studio(article, kinds=["attribution", "hedge"])
        >>> tasks[0]["annotations"] = [{"completed_by": 7, "result": tasks[0]["predictions"][0]["result"][:2]}]
        >>> read_label_studio(tasks).spans[["annotator", "text", "source_type", "official"]].values.tolist()
        [['7', 'a trader', 'unnamed_person', False]]
    """
    from .sheet import _texts

    if isinstance(path_or_tasks, (str, os.PathLike)):
        path = Path(path_or_tasks)
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no such Label Studio export")
        try:
            tasks = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path.name}: not a JSON export ({exc}); use Export > JSON in Label Studio") from None
        origin = path.name
    else:
        tasks, origin = path_or_tasks, "the Label Studio tasks"
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list):
        raise ValueError(f"{origin}: expected a list of tasks (Export > JSON), got {type(tasks).__name__}")
    kinds = _check_kinds(kinds)
    texts = _texts(articles) if articles is not None else None
    problems, spans, ids, annotators = [], [], [], []
    for number, task in enumerate(tasks, start=1):
        data = task.get("data", {}) if isinstance(task, dict) else {}
        article_id, text = data.get("article_id"), data.get("text")
        where = f"task {task.get('id', number) if isinstance(task, dict) else number}"
        if article_id is None or not isinstance(text, str):
            problems.append(f"{where}: no data.article_id or data.text (were the tasks made by to_label_studio?)")
            continue
        article_id = str(article_id)
        where += f" (article {article_id})"
        if texts is not None:
            if article_id not in texts:
                problems.append(f"{where}: article {article_id!r} is not in the sample")
                continue
            if texts[article_id] != text:
                problems.append(f"{where}: the task's text differs from the article's in the sample")
                continue
        ids.append(article_id)
        table = _utf16_offsets(text) if _needs_table(text) else None
        for annotation in task.get("annotations", []) or []:
            if annotation.get("was_cancelled"):
                continue
            who = _annotator(annotation)
            if who not in annotators:
                annotators.append(who)
            regions, official = {}, {}
            for item in annotation.get("result", []) or []:
                value = item.get("value", {})
                if item.get("type") == "labels":
                    regions[item.get("id")] = value
                elif item.get("type") == "choices" and item.get("from_name") == "official":
                    choices = value.get("choices") or []
                    official[item.get("id")] = (choices[0] == OFFICIAL_CHOICES[0]) if choices else None
            for region_id, value in regions.items():
                labels = value.get("labels") or []
                if len(labels) != 1 or labels[0] not in LABELS:
                    problems.append(f"{where}, region {region_id}: label {labels!r} is not one of {list(LABELS)}")
                    continue
                start = _from_utf16(text, int(value.get("start", -1)), table)
                end = _from_utf16(text, int(value.get("end", -1)), table)
                if start is None or end is None or not 0 <= start < end <= len(text):
                    problems.append(f"{where}, region {region_id}: offsets {value.get('start')}-{value.get('end')} "
                                    "do not fit the text")
                    continue
                label = labels[0]
                kind = "attribution" if label in SOURCE_TYPES else label
                if kind not in kinds:
                    continue
                spans.append({"article_id": article_id, "kind": kind, "start": start, "end": end,
                              "text": text[start:end], "source_type": label if kind == "attribution" else None,
                              "official": official.get(region_id) if kind == "attribution" else None,
                              "annotator": who, "note": ""})
    if problems:
        shown = "\n  ".join(problems[:25])
        more = f"\n  ... and {len(problems) - 25} more" if len(problems) > 25 else ""
        raise ValueError(f"{origin}: {len(problems)} problem(s), nothing was read:\n  {shown}{more}")
    frame = pd.DataFrame(spans, columns=list(FINDING_COLUMNS) + ["annotator", "note"])
    frame["official"] = frame["official"].astype("boolean")
    return Annotations(frame, tuple(dict.fromkeys(ids)), origin, tuple(annotators), kinds)
