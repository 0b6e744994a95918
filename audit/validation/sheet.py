"""The annotation spreadsheet: one row per finding, the tool's answer filled in, a column for the verdict.

An annotator opens the sheet (CSV, or XLSX with the ``xlsx`` extra) and, row by row:

* writes ``yes`` or ``no`` in ``verdict``: is this really an attribution / hedge / weasel / booster /
  check-worthy claim? (``no`` for a false find);
* for an attribution the tool got right but typed wrong, writes the right type in ``source_type``
  (named_person, named_organization, unnamed_person, unnamed_group, anonymous, document) and/or
  ``yes``/``no`` in ``official``; a blank cell keeps the tool's answer;
* when the tool found the right place but the wrong words (the source is "a senior official", not
  "official"), may correct ``text``: it is looked up near the tool's span;
* on the blank rows under each article (``row_id`` ending in ``:missed:N``), adds what the tool
  missed: ``kind``, ``text`` copied from the article and, for an attribution, ``source_type``.

:func:`read_sheet` reads it back and checks it whole before anything is computed: a missing column,
an unknown label, a verdict left blank, an article that is not in the sample or words that are not in
the article each give a ``ValueError`` naming every such row (spreadsheet row numbers), and nothing
is dropped silently.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd

from ..io import neutralise_formula
from ..sources import SOURCE_TYPES
from .units import (FINDING_COLUMNS, KINDS, Annotations, _check_kinds, locate, normalise_kind,
                    normalise_source_type, tool_findings)

SHEET_COLUMNS = ("row_id", "article_id", "kind", "start", "end", "text", "context", "tool_detail",
                 "tool_source_type", "tool_official", "verdict", "source_type", "official", "note")
# The columns read back; the others only help the annotator.
REQUIRED_COLUMNS = ("row_id", "article_id", "kind", "start", "end", "text", "tool_source_type", "tool_official",
                    "verdict", "source_type", "official")
YES = frozenset({"yes", "y", "true", "1", "correct", "ok", "right"})
NO = frozenset({"no", "n", "false", "0", "wrong", "incorrect"})
_MISSED = ":missed:"
_FORMULA_START = ("=", "+", "-", "@")
INSTRUCTIONS = __doc__.split("\n\n", 1)[1].split(":func:")[0].strip()


def audit_articles(articles: pd.DataFrame, config=None) -> dict:
    """Audit each article of a sample: a mapping article id -> :class:`~audit.article.ArticleAudit`.

    Raises:
        ValueError: an article has no text (the message names it).
    """
    from ..article import audit_text

    out = {}
    for row in articles.itertuples(index=False):
        text = getattr(row, "text", None)
        if not isinstance(text, str):
            raise ValueError(f"article {row.id!r} has no text to audit ({type(text).__name__})")
        title = getattr(row, "title", None)
        out[str(row.id)] = audit_text(text, title=title if isinstance(title, str) else None, config=config)
    return out


def _texts(articles) -> dict[str, str]:
    if isinstance(articles, pd.DataFrame):
        if "id" not in articles.columns or "text" not in articles.columns:
            raise KeyError("the articles need 'id' and 'text' columns (audit.load_corpus makes them)")
        return {str(i): t for i, t in zip(articles["id"], articles["text"])}
    if isinstance(articles, Mapping):
        return {str(k): (v.text if hasattr(v, "document") else v) for k, v in articles.items()}
    raise TypeError(f"articles must be the sample DataFrame or a mapping id -> text or audit, "
                    f"got {type(articles).__name__}")


def make_sheet(sample: pd.DataFrame, results: Mapping | None = None, *, kinds: Iterable[str] = KINDS,
               blank_rows: int = 3) -> pd.DataFrame:
    """The annotation sheet as a DataFrame (see :func:`export_sheet`)."""
    kinds = _check_kinds(kinds)
    results = audit_articles(sample) if results is None else {str(k): v for k, v in results.items()}
    ids = [str(i) for i in sample["id"]]
    missing = [i for i in ids if i not in results]
    if missing:
        raise KeyError(f"no audit for articles {missing[:5]}: pass results for every article of the sample")
    found = tool_findings({i: results[i] for i in ids}, kinds)
    rows = []
    for article_id in ids:
        here = found[found["article_id"] == article_id]
        numbers: dict[str, int] = {}
        for f in here.itertuples(index=False):
            numbers[f.kind] = n = numbers.get(f.kind, 0) + 1
            rows.append({"row_id": f"{article_id}:{f.kind}:{n}", "article_id": article_id, "kind": f.kind,
                         "start": int(f.start), "end": int(f.end), "text": f.text, "context": f.context,
                         "tool_detail": f.detail, "tool_source_type": f.source_type if isinstance(f.source_type, str) else "",
                         "tool_official": "" if pd.isna(f.official) else ("yes" if f.official else "no"),
                         "verdict": "", "source_type": "", "official": "", "note": ""})
        for n in range(1, blank_rows + 1):
            rows.append({"row_id": f"{article_id}{_MISSED}{n}", "article_id": article_id, "kind": "",
                         "start": None, "end": None, "text": "", "context": "", "tool_detail": "",
                         "tool_source_type": "", "tool_official": "", "verdict": "", "source_type": "",
                         "official": "", "note": ""})
    sheet = pd.DataFrame(rows, columns=list(SHEET_COLUMNS))
    sheet["start"] = sheet["start"].astype("Int64")
    sheet["end"] = sheet["end"].astype("Int64")
    return sheet


def export_sheet(sample: pd.DataFrame, path: str | os.PathLike | None = None, *, results: Mapping | None = None,
                 kinds: Iterable[str] = KINDS, blank_rows: int = 3) -> pd.DataFrame:
    """Write the annotation spreadsheet for a sample: one row per finding, and blank rows for misses.

    Args:
        sample: the articles (:func:`~audit.validation.sample`), with ``id`` and ``text``.
        path: a ``.csv`` file (UTF-8 with a byte-order mark, so spreadsheet programs read the accents)
            or ``.xlsx`` (needs ``pip install 'news-audit[xlsx]'``); None to only return the table.
        results: the audits, id -> ArticleAudit; audited here when None.
        kinds: which kinds of finding to review (all by default).
        blank_rows: empty rows per article for what the tool missed.

    Returns:
        The sheet as written (columns :data:`SHEET_COLUMNS`).

    Example:
        >>> sample = pd.DataFrame({"id": ["n1"], "text": ["Prices may rise, a trader said."]})
        >>> sheet = export_sheet(sample, kinds=["attribution", "hedge"], blank_rows=1)
        >>> sheet[["row_id", "kind", "text", "tool_source_type"]].values.tolist()
        [['n1:attribution:1', 'attribution', 'a trader', 'unnamed_person'], ['n1:hedge:1', 'hedge', 'may', ''], ['n1:missed:1', '', '', '']]
    """
    sheet = make_sheet(sample, results, kinds=kinds, blank_rows=blank_rows)
    if path is not None:
        write_sheet(sheet, path)
    return sheet


def write_sheet(sheet: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write a sheet to ``.csv`` or ``.xlsx``, text that a spreadsheet would run as a formula neutralised."""
    path = Path(path)
    suffix = path.suffix.lower()
    safe = sheet.copy()
    for column in ("text", "context", "note", "tool_detail"):
        if column in safe.columns:
            safe[column] = safe[column].map(neutralise_formula)
    if suffix == ".csv":
        safe.to_csv(path, index=False, encoding="utf-8-sig")
    elif suffix == ".xlsx":
        openpyxl = _openpyxl()
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            safe.to_excel(writer, sheet_name="findings", index=False)
            pd.DataFrame({"how to fill in this sheet": INSTRUCTIONS.splitlines()}).to_excel(
                writer, sheet_name="how to fill in", index=False)
            _add_dropdowns(writer.sheets["findings"], len(safe), openpyxl)
    else:
        raise ValueError(f"{path.name}: write the sheet as .csv or .xlsx")


def _openpyxl():
    try:
        import openpyxl
    except ImportError:
        raise ImportError("XLSX sheets need openpyxl: pip install 'news-audit[xlsx]' (or use a .csv file)") from None
    return openpyxl


def _add_dropdowns(worksheet, rows: int, openpyxl) -> None:
    """Lists to pick from in the verdict, source_type and official columns (typing stays allowed)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    letters = {name: openpyxl.utils.get_column_letter(i + 1) for i, name in enumerate(SHEET_COLUMNS)}
    choices = {"verdict": "yes,no", "official": "yes,no", "source_type": ",".join(SOURCE_TYPES),
               "kind": ",".join(KINDS)}
    for column, allowed in choices.items():
        rule = DataValidation(type="list", formula1=f'"{allowed}"', allow_blank=True, showErrorMessage=False)
        rule.add(f"{letters[column]}2:{letters[column]}{rows + 1}")
        worksheet.add_data_validation(rule)
    worksheet.freeze_panes = "A2"


def _read_table(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such sheet")
    if suffix == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if suffix in (".xlsx", ".xlsm"):
        _openpyxl()
        return pd.read_excel(path, sheet_name=0, dtype=str, keep_default_na=False, engine="openpyxl")
    raise ValueError(f"{path.name}: read a .csv or .xlsx sheet")


def _cell(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    text = str(value)
    if text.startswith("'") and text[1:2] in _FORMULA_START:  # our own formula guard, undone
        text = text[1:]
    return text.strip()


def _flag(value: str):
    lowered = value.lower()
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    return None


def read_sheet(path_or_frame, articles, *, annotator: str = "annotator") -> Annotations:
    """Read a filled-in annotation sheet back, checking every row.

    Args:
        path_or_frame: the ``.csv``/``.xlsx`` file, or the sheet as a DataFrame.
        articles: the sample (DataFrame with ``id`` and ``text``) or a mapping id -> text or audit:
            what the sheet's articles must be, and the texts added rows are looked up in.
        annotator: a name for the person who filled it in.

    Returns:
        :class:`Annotations`: the findings the annotator confirms, corrects or adds, as spans, and
        every article of the sheet (one where all the tool's finds were wrong still counts).

    Raises:
        ValueError: naming every bad row at once: missing columns, repeated row ids, articles not in
            the sample, unknown kinds, verdicts, source types or official values, blank verdicts,
            added rows with no kind or no text, and words not found in the article.

    Example:
        >>> sample = pd.DataFrame({"id": ["n1"], "text": ["Prices may rise, a trader said."]})
        >>> sheet = export_sheet(sample, kinds=["attribution", "hedge"], blank_rows=1)
        >>> sheet.loc[0, "verdict"], sheet.loc[1, "verdict"] = "yes", "no"
        >>> read_sheet(sheet, sample).spans[["kind", "text", "source_type"]].values.tolist()
        [['attribution', 'a trader', 'unnamed_person']]
    """
    if isinstance(path_or_frame, pd.DataFrame):
        table, origin = path_or_frame.astype(object), "the sheet"
    else:
        path = Path(path_or_frame)
        table, origin = _read_table(path), path.name
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"{origin}: missing column(s) {missing}; the sheet needs the columns export_sheet writes "
                         f"({', '.join(REQUIRED_COLUMNS)}). Was a column renamed or deleted?")
    texts = _texts(articles)
    problems: list[str] = []
    spans: list[dict] = []
    seen_ids: dict[str, int] = {}
    sheet_articles: list[str] = []
    sheet_kinds: set[str] = set()
    taken: dict[str, set] = {}
    for position, raw in enumerate(table.to_dict("records")):
        line = position + 2  # the spreadsheet's row number (row 1 is the header)
        row = {k: _cell(raw.get(k)) for k in REQUIRED_COLUMNS + ("note",)}
        row_id, article_id = row["row_id"], row["article_id"]
        added = _MISSED in row_id or not row_id
        # A verdict alone on a blank row (a "yes" filled all the way down) names no finding.
        filled = any(row[k] for k in ("kind", "text", "source_type", "official"))
        if added and not filled:
            if article_id and article_id in texts and article_id not in sheet_articles:
                sheet_articles.append(article_id)
            continue  # a blank row left blank
        where = f"row {line}" + (f" ({row_id})" if row_id else "")
        if row_id:
            if row_id in seen_ids:
                problems.append(f"{where}: row_id repeats row {seen_ids[row_id]}")
            seen_ids[row_id] = line
        if article_id not in texts:
            problems.append(f"{where}: article {article_id!r} is not in the sample")
            continue
        if article_id not in sheet_articles:
            sheet_articles.append(article_id)
        text = texts[article_id]
        kind = normalise_kind(row["kind"])
        if kind is None:
            problems.append(f"{where}: unknown kind {row['kind']!r}; use one of {list(KINDS)}"
                            if row["kind"] else f"{where}: kind is blank; use one of {list(KINDS)}")
            continue
        sheet_kinds.add(kind)
        verdict = _flag(row["verdict"]) if row["verdict"] else None
        if row["verdict"] and verdict is None:
            problems.append(f"{where}: verdict {row['verdict']!r} is neither yes nor no")
            continue
        official = _flag(row["official"]) if row["official"] else None
        if row["official"] and official is None:
            problems.append(f"{where}: official {row['official']!r} is neither yes nor no")
        source_type = normalise_source_type(row["source_type"]) if row["source_type"] else None
        if row["source_type"] and source_type is None:
            problems.append(f"{where}: unknown source_type {row['source_type']!r}; use one of {list(SOURCE_TYPES)}")
        if row["source_type"] and kind != "attribution":
            problems.append(f"{where}: source_type is only for attributions, this row is a {kind}")
        if added:
            if verdict is False:
                continue  # an added row marked "no": the annotator withdrew it
            if not row["text"]:
                problems.append(f"{where}: an added {kind} needs the words from the article in 'text'")
                continue
            if kind == "attribution" and source_type is None and not row["source_type"]:
                problems.append(f"{where}: an added attribution needs a source_type")
                continue
            span = locate(text, row["text"], taken=taken.setdefault(article_id, set()))
            if span is None:
                problems.append(f"{where}: {row['text']!r} is not in article {article_id}")
                continue
            taken[article_id].add(span)
            spans.append(_span(article_id, kind, text, span, source_type, official, annotator, row["note"]))
            continue
        # a row of the tool's
        try:
            start, end = int(float(row["start"])), int(float(row["end"]))
        except ValueError:
            problems.append(f"{where}: start/end {row['start']!r}, {row['end']!r} are not numbers; "
                            "leave the tool's columns as they were")
            continue
        if verdict is None:
            problems.append(f"{where}: verdict is blank; write yes or no")
            continue
        if not verdict:
            continue
        span = (start, end)
        if not (0 <= start < end <= len(text)):
            problems.append(f"{where}: start/end {start}-{end} are outside article {article_id}")
            continue
        if row["text"] and row["text"] != text[start:end].strip() and " ".join(row["text"].split()) != \
                " ".join(text[start:end].split()):
            span = locate(text, row["text"], near=start)  # the annotator corrected the words
            if span is None:
                problems.append(f"{where}: corrected text {row['text']!r} is not in article {article_id}")
                continue
        tool_type = normalise_source_type(row["tool_source_type"]) if kind == "attribution" else None
        tool_official = _flag(row["tool_official"]) if row["tool_official"] else None
        spans.append(_span(article_id, kind, text, span, source_type or tool_type,
                           official if official is not None else tool_official, annotator, row["note"]))
    if problems:
        shown = "\n  ".join(problems[:25])
        more = f"\n  ... and {len(problems) - 25} more" if len(problems) > 25 else ""
        raise ValueError(f"{origin}: {len(problems)} row(s) to fix before the sheet can be read "
                         f"(nothing was read):\n  {shown}{more}")
    frame = pd.DataFrame(spans, columns=list(FINDING_COLUMNS) + ["annotator", "note"])
    frame["official"] = frame["official"].astype("boolean")
    return Annotations(frame, tuple(sheet_articles), origin, (annotator,), tuple(k for k in KINDS if k in sheet_kinds))


def _span(article_id, kind, text, span, source_type, official, annotator, note) -> dict:
    start, end = span
    return {"article_id": article_id, "kind": kind, "start": start, "end": end, "text": text[start:end],
            "source_type": source_type if kind == "attribution" else None,
            "official": official if kind == "attribution" else None, "annotator": annotator, "note": note}
