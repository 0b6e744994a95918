"""Reading corpora: files, folders, tables, JSONL and saved web pages into DataFrames of articles.

``load_corpus`` reads what researchers have: a folder of .txt files (one article each),
CSV/TSV, JSONL/JSON, Parquet, and saved web pages (.html, through trafilatura).
``iter_corpus`` reads the same inputs in chunks, so a million-article JSONL never sits in
memory at once. Nothing here audits: :mod:`audit.corpus` runs the audit over what this reads.

Example:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a1.txt").write_text("The ferry was late, the operator said.")
    >>> load_corpus(folder)[["id", "text"]].values.tolist()
    [['a1', 'The ferry was late, the operator said.']]
"""
from __future__ import annotations

import codecs
import json
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Mapping

import pandas as pd

from .extras import import_extra
from .schema import ENCODING_COLUMN

__all__ = [
    "CorpusNotFoundError",
    "DEFAULT_CHUNKSIZE",
    "LOAD_ERROR_COLUMN",
    "LOAD_WARNINGS_COLUMN",
    "STANDARD_COLUMNS",
    "TextColumnError",
    "SUPPORTED_SUFFIXES",
    "corpus_files",
    "iter_corpus",
    "load_corpus",
]

SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".json", ".csv", ".tsv", ".parquet")
# The columns load_corpus always produces (None where a source does not say), in this order.
STANDARD_COLUMNS = ("id", "title", "text", "outlet", "date", "url", "author")
LOAD_ERROR_COLUMN = "load_error"
# Warnings found while reading (a saved page that kept little text, a folder mixing articles and tables): a
# column present only when some row has one; the audit merges it into the `warnings` column.
LOAD_WARNINGS_COLUMN = "load_warnings"
_ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
DEFAULT_CHUNKSIZE = 1000
_READ_BLOCK = 1 << 20


def _supported() -> str:
    return ", ".join(SUPPORTED_SUFFIXES)


class CorpusNotFoundError(FileNotFoundError, ValueError):
    """A corpus path that does not exist (a FileNotFoundError that is also a ValueError)."""


class TextColumnError(ValueError):
    """A table without the column that holds the article text (the command line says to use ``--text-col``).

    Attributes:
        path: the table; wanted: the column looked for; columns: the columns it has.
    """

    def __init__(self, path: Path, wanted: str, columns: list[str]) -> None:
        self.path, self.wanted, self.columns = path, wanted, columns
        listed = ", ".join(columns) or "none"
        super().__init__(f"{path}: no text column {wanted!r} (columns: {listed}); name it with text='COLUMN'")


def _as_paths(path_or_paths) -> list[Path]:
    if isinstance(path_or_paths, (str, os.PathLike)):
        return [Path(path_or_paths)]
    if isinstance(path_or_paths, pd.DataFrame):  # iterating it would give its column names as "paths"
        raise TypeError("expected a path (str or pathlib.Path) or a list of paths, got a DataFrame: it is "
                        "already loaded, so pass it to audit_corpus(frame) as it is")
    if isinstance(path_or_paths, (Mapping, pd.Series)):
        raise TypeError("expected a path (str or pathlib.Path) or a list of paths, "
                        f"got {type(path_or_paths).__name__}")
    items = list(path_or_paths) if isinstance(path_or_paths, Iterable) and not isinstance(path_or_paths, bytes) else None
    if items is None or not all(isinstance(p, (str, os.PathLike)) for p in items):
        raise TypeError("expected a path (str or pathlib.Path), a list of paths or a DataFrame, "
                        f"got {type(path_or_paths).__name__}")
    paths = [Path(p) for p in items]
    if not paths:
        raise ValueError("no input given: pass a file, a folder or a list of them")
    return paths


def corpus_files(path_or_paths) -> list[Path]:
    """The files ``load_corpus`` would read, in order: a folder contributes its supported files by name.

    Raises:
        FileNotFoundError: a path does not exist.
        ValueError: a file named explicitly has an unsupported extension, or a folder holds no
            supported file.

    Example:
        >>> corpus_files("no/such/folder")
        Traceback (most recent call last):
        ...
        audit.reading.CorpusNotFoundError: no/such/folder: no such file or folder
    """
    files: list[Path] = []
    for path in _as_paths(path_or_paths):
        if path.is_dir():
            found = sorted((p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")
                            and p.suffix.lower() in SUPPORTED_SUFFIXES), key=lambda p: p.name)
            if not found:
                raise ValueError(f"{path}: no supported files in this folder (supported: {_supported()})")
            files.extend(found)
        elif path.is_file():
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                raise ValueError(f"{path}: unsupported file type {path.suffix or '(no extension)'!r}; "
                                 f"supported: {_supported()}")
            files.append(path)
        elif path.exists():
            raise ValueError(f"{path}: not a regular file or folder")
        else:
            raise CorpusNotFoundError(f"{path}: no such file or folder")
    return files


def _decode(data: bytes) -> tuple[str, bool]:
    """UTF-8 text (BOM dropped) and whether invalid bytes had to be replaced."""
    try:
        return data.decode("utf-8-sig"), False
    except UnicodeDecodeError:
        return data.decode("utf-8-sig", errors="replace"), True


def _has_invalid_utf8(path: Path) -> bool:
    """True when the file is not valid UTF-8 (read in blocks: the file need not fit in memory)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as handle:
            while block := handle.read(_READ_BLOCK):
                decoder.decode(block)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return True
    return False


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise OSError(f"{path}: cannot read ({exc.strerror or exc})") from exc


@dataclass(frozen=True, slots=True)
class _Mapping:
    """Which column of the source holds each standard column (``text="body"``)."""

    columns: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, column_map: dict) -> "_Mapping":
        unknown = sorted(set(column_map) - set(STANDARD_COLUMNS))
        if unknown:
            raise TypeError(f"unknown column mapping {unknown}: map any of {', '.join(STANDARD_COLUMNS)} "
                            "to a column of your files, e.g. text='body'")
        return cls(tuple((name, str(col)) for name, col in column_map.items()))

    def source(self, name: str) -> str:
        return dict(self.columns).get(name, name)


def _text_or_none(value) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", errors="replace")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an id read as 7.0 is the id "7"
    return str(value)


def _normalise(frame: pd.DataFrame, path: Path, mapping: _Mapping, first_row: int,
               encoding_error) -> pd.DataFrame:
    """A chunk of one source file in load_corpus's shape."""
    text_source = mapping.source("text")
    if text_source not in frame.columns:
        raise TextColumnError(path, text_source, [str(c) for c in frame.columns])
    renames = {}
    for name in STANDARD_COLUMNS:
        source = mapping.source(name)
        if source != name and source in frame.columns:
            if name in frame.columns:  # keep the user's unmapped column under another name
                renames[name] = f"original_{name}"
            renames[source] = name
    if renames:
        frame = frame.rename(columns=renames)
    n = len(frame)
    out: dict[str, object] = {}
    for name in STANDARD_COLUMNS:
        if name == "text":
            out[name] = frame["text"].tolist()  # raw: a non-str text becomes an error row, not "nan"
        elif name in frame.columns:
            out[name] = [_text_or_none(v) for v in frame[name]]
        else:
            out[name] = [None] * n
    # A row without an id is named after its file and its 1-based position in it.
    stem = path.stem
    out["id"] = [i if i is not None else f"{stem}:{first_row + k + 1}" for k, i in enumerate(out["id"])]
    for name in frame.columns:
        if name not in out and name not in (ENCODING_COLUMN, "source_file"):
            out[name] = frame[name].tolist()
    out["source_file"] = [str(path)] * n
    out[ENCODING_COLUMN] = list(encoding_error) if not isinstance(encoding_error, bool) else [encoding_error] * n
    result = pd.DataFrame(out, index=pd.RangeIndex(n))
    for name in STANDARD_COLUMNS:
        if name != "text":
            result[name] = result[name].astype(object).where(result[name].notna(), None)
    result["text"] = pd.Series(out["text"], dtype=object)
    return result


def _single_article(path: Path) -> dict:
    text, bad = _decode(_read_bytes(path))
    if path.suffix.lower() in (".html", ".htm"):
        record = _from_html(text, path)
    else:
        record = {"id": path.stem, "text": text}
    record[ENCODING_COLUMN] = bad
    return record


def _from_html(html: str, path: Path) -> dict:
    """Main text and metadata of a saved web page, through trafilatura (the ``html`` extra)."""
    trafilatura = import_extra("trafilatura")

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as exc:  # trafilatura raises a variety of parser errors on broken pages
        doc = None
        reason = f"trafilatura could not parse the page ({type(exc).__name__})"
    else:
        reason = "trafilatura found no article text in the page"
    if doc is None or not getattr(doc, "text", None):
        return {"id": path.stem, "text": None, LOAD_ERROR_COLUMN: reason}
    record = {
        "id": path.stem,
        "title": doc.title,
        "text": doc.text,
        "outlet": doc.sitename or doc.hostname,
        "date": doc.date,
        "url": doc.url,
        "author": doc.author,
    }
    page_words = _page_words(html)
    if page_words is not None:
        from .segment import count_words
        from .warnings import format_warnings, page_warnings

        cell = format_warnings(page_warnings(page_words, count_words(doc.text)))
        if cell:
            record[LOAD_WARNINGS_COLUMN] = cell
    return record


def _page_words(html: str) -> int | None:
    """Words of a page's visible text (scripts, styles and the head left out), or None when it cannot be parsed."""
    from lxml import etree
    from lxml import html as lxml_html

    from .segment import count_words

    try:
        tree = lxml_html.fromstring(html)
    except (etree.ParserError, ValueError):
        return None
    for hidden in tree.xpath("//script|//style|//noscript|//template|//head"):
        hidden.drop_tree()
    return count_words(tree.text_content())


def _mixed_folders(path_or_paths, files: list[Path]) -> dict[Path, str]:
    """Table file -> the warning for its rows, for each folder given that holds both article files and tables."""
    from .warnings import make_warning

    notes: dict[Path, str] = {}
    for folder in (p for p in _as_paths(path_or_paths) if p.is_dir()):
        inside = [f for f in files if f.parent == folder]
        articles = [f for f in inside if f.suffix.lower() in _ARTICLE_SUFFIXES]
        tables = [f for f in inside if f.suffix.lower() not in _ARTICLE_SUFFIXES]
        if articles and tables:
            counts: dict[str, int] = {}
            for f in articles:
                counts[f.suffix.lower()] = counts.get(f.suffix.lower(), 0) + 1
            warning = make_warning("warn.mixed_folder", folder=str(folder),
                                   articles=", ".join(f"{n} {suffix}" for suffix, n in counts.items()),
                                   tables=", ".join(f.name for f in tables[:5]) + (" ..." if len(tables) > 5 else ""))
            notes.update((table, str(warning)) for table in tables)
    return notes


def _flag_replaced(frame: pd.DataFrame) -> list[bool]:
    """Rows of a file with invalid UTF-8 that hold a replacement character (U+FFFD)."""
    flags = [False] * len(frame)
    for column in frame.columns:
        for k, value in enumerate(frame[column]):
            if isinstance(value, str) and "\ufffd" in value:
                flags[k] = True
    return flags


def _csv_chunks(path: Path, chunksize: int | None) -> Iterator[tuple[pd.DataFrame, object]]:
    sep = "\t" if path.suffix.lower() == ".tsv" else ","
    bad = _has_invalid_utf8(path)
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        try:
            header = pd.read_csv(handle, sep=sep, nrows=0).columns
        except pd.errors.EmptyDataError:
            return
        handle.seek(0)
        # Text-like columns are read as text: an id "007" stays "007" and an article "2024" is
        # still an article. Only an empty cell is missing ("NA" can be a word).
        options = dict(sep=sep, dtype={c: str for c in header}, keep_default_na=False, na_values=[""])
        try:
            if chunksize is None:
                frames = [pd.read_csv(handle, **options)]
            else:
                frames = pd.read_csv(handle, chunksize=chunksize, **options)
            for frame in frames:
                yield frame, (_flag_replaced(frame) if bad else False)
        except (pd.errors.ParserError, ValueError) as exc:
            raise ValueError(f"{path}: not a readable {'TSV' if sep == chr(9) else 'CSV'} file ({exc})") from exc


def _jsonl_records(path: Path) -> Iterator[dict]:
    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise OSError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    with handle:
        for lineno, raw in enumerate(handle, start=1):
            line, bad = _decode(raw)
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                record = {"id": f"{path.stem}:{lineno}", "text": None,
                          LOAD_ERROR_COLUMN: f"line {lineno} is not valid JSON ({exc.msg})"}
            if not isinstance(record, dict):
                record = {"id": f"{path.stem}:{lineno}", "text": None,
                          LOAD_ERROR_COLUMN: f"line {lineno} is a JSON {type(record).__name__}, not an object"}
            record.setdefault("id", f"{path.stem}:{lineno}")
            record[ENCODING_COLUMN] = bad
            yield record


def _json_records(path: Path) -> list[dict]:
    text, bad = _decode(_read_bytes(path))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno}); "
                         "a file of one JSON object per line should be named .jsonl") from exc
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise ValueError(f"{path}: expected a JSON object or a list of objects (one per article)")
    for record in data:
        record[ENCODING_COLUMN] = bad
    return data


def _records_frame(records: list[dict]) -> tuple[pd.DataFrame, list[bool]]:
    flags = [bool(r.pop(ENCODING_COLUMN, False)) for r in records]
    return pd.DataFrame.from_records(records) if records else pd.DataFrame(), flags


def _chunked(items: Iterable, size: int | None) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if size is not None and len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _file_chunks(path: Path, chunksize: int | None, mapping: _Mapping) -> Iterator[pd.DataFrame]:
    suffix = path.suffix.lower()
    first_row = 0
    if suffix in (".csv", ".tsv"):
        for frame, flags in _csv_chunks(path, chunksize):
            yield _normalise(frame, path, mapping, first_row, flags)
            first_row += len(frame)
    elif suffix in (".jsonl", ".json"):
        records = _jsonl_records(path) if suffix == ".jsonl" else _json_records(path)
        for batch in _chunked(records, chunksize):
            frame, flags = _records_frame(batch)
            yield _normalise(frame, path, mapping, first_row, flags)
            first_row += len(frame)
    elif suffix == ".parquet":
        import pyarrow.parquet as pq

        try:
            parquet = pq.ParquetFile(path)
        except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ... for a bad file
            raise ValueError(f"{path}: not a readable Parquet file ({exc})") from exc
        for batch in parquet.iter_batches(batch_size=chunksize or 65536):
            frame = batch.to_pandas()
            yield _normalise(frame, path, mapping, first_row, False)
            first_row += len(frame)
    else:
        raise ValueError(f"{path}: unsupported file type {path.suffix!r}; supported: {_supported()}")


def iter_corpus(path_or_paths, chunksize: int = DEFAULT_CHUNKSIZE, **column_map) -> Iterator[pd.DataFrame]:
    """The corpus as a stream of DataFrame chunks of at most ``chunksize`` rows (see :func:`load_corpus`).

    One-article files (.txt, .html) are gathered into chunks; CSV, JSONL and Parquet files are
    read ``chunksize`` rows at a time. A chunk never mixes rows of two table files.

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "a.txt").write_text("The fire was out by noon, the chief said.")
        >>> [len(chunk) for chunk in iter_corpus(folder)]
        [1]
    """
    if chunksize is not None and chunksize < 1:
        raise ValueError("chunksize must be at least 1")
    mapping = _Mapping.of(column_map)
    files = corpus_files(path_or_paths)
    singles: list[tuple[Path, dict]] = []

    def flush_singles() -> Iterator[pd.DataFrame]:
        for batch in _chunked(singles, chunksize):
            frames = []
            for path, record in batch:
                frame, flags = _records_frame([dict(record)])
                frames.append(_normalise(frame, path, _Mapping(()), 0, flags))
            yield pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        singles.clear()

    mixed = _mixed_folders(path_or_paths, files)
    for path in files:
        if path.suffix.lower() in _ARTICLE_SUFFIXES:
            singles.append((path, _single_article(path)))
            if chunksize is not None and len(singles) >= chunksize:
                yield from flush_singles()
            continue
        yield from flush_singles()
        for chunk in _file_chunks(path, chunksize, mapping):
            if path in mixed:
                chunk[LOAD_WARNINGS_COLUMN] = mixed[path]
            yield chunk
    yield from flush_singles()


def load_corpus(path_or_paths, **column_map) -> pd.DataFrame:
    """Read articles from files into one DataFrame, one row per article.

    Args:
        path_or_paths: a file or folder, or a list of them. Folders contribute their supported
            files (.txt, .html/.htm, .jsonl/.json, .csv/.tsv, .parquet) sorted by name; each .txt
            or .html file is one article whose id is the file name without extension; saved web
            pages go through trafilatura (main text, title, outlet, date, url, author).
        **column_map: which column of your files holds each standard column, when the names
            differ: ``load_corpus("feed.csv", text="body", id="story_id")``.

    Returns:
        Columns id, title, text, outlet, date, url, author (None where the source does not say),
        any other columns of the files, ``source_file`` and ``encoding_error`` (True when invalid
        UTF-8 was replaced by U+FFFD). A row that could not be read (a line of a JSONL file that
        is not JSON, a page trafilatura finds no text in) has text None and a ``load_error``
        message, a column present only when some row has one; audit_corpus reports it as the
        row's error.

    Raises:
        FileNotFoundError: a path does not exist.
        ValueError: an unsupported file type, a table without the text column, a file that is not
            CSV/JSON/Parquet.
        OSError: a file that cannot be read.

    Example:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "feed.csv"
        >>> _ = path.write_text("story,body\\n7,Rain is expected Friday the forecaster said.\\n")
        >>> load_corpus(path, id="story", text="body")[["id", "text"]].values.tolist()
        [['7', 'Rain is expected Friday the forecaster said.']]
    """
    frames = list(iter_corpus(path_or_paths, chunksize=None, **column_map))
    if not frames:
        columns = list(STANDARD_COLUMNS) + ["source_file", ENCODING_COLUMN]
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
    corpus = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    for column in (LOAD_ERROR_COLUMN, LOAD_WARNINGS_COLUMN):
        if column in corpus.columns:
            cells = corpus.pop(column)
            if cells.notna().any():
                corpus[column] = cells.astype(object).where(cells.notna(), None)
    corpus[ENCODING_COLUMN] = corpus[ENCODING_COLUMN].astype(bool)
    return corpus
