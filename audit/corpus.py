"""Corpora: load articles from files into a DataFrame, and audit every row of one.

``load_corpus`` reads what researchers have: a folder of .txt files (one article each),
CSV/TSV, JSONL/JSON, Parquet, and saved web pages (.html, through trafilatura). ``iter_corpus``
reads the same inputs in chunks, so a million-article JSONL never sits in memory at once.
``audit_corpus`` maps :func:`audit.article.audit_text` over the rows in worker processes and
returns one row per input row, in the same order and with the same index, with the metadata
kept, every scorecard column added (dtypes from :mod:`audit.schema`) and an ``error`` column.
A row that cannot be audited (its text is None, NaN, a number, bytes) keeps its place with a
message in ``error`` and empty metrics; nothing is dropped.

Scaling up: ``audit_corpus(path, output="scores.parquet")`` (:func:`stream_corpus`) reads, audits
and writes in chunks, so memory stays flat whatever the corpus size; ``cache="audits.sqlite"``
reuses every article audited before with the same rules and settings (:mod:`audit.cache`), so a
rerun or an interrupted run redoes nothing finished; ``client=`` sends the work to a Dask
cluster; and a ``dask.dataframe.DataFrame`` gets a lazy Dask scorecard (:mod:`audit.cluster`).

Example:
    >>> import pandas as pd
    >>> articles = pd.DataFrame({"id": ["a1", "a2"],
    ...                          "text": ["The council met on Monday, the clerk said.", float("nan")]})
    >>> scores = audit_corpus(articles, workers=1, progress=False)
    >>> scores.loc[0, "words"], scores.loc[1, "error"]
    (np.int64(8), 'text is float (NaN): expected a str; the row was kept with empty metrics')
"""
from __future__ import annotations

import codecs
import gc
import json
import math
import multiprocessing
import os
import sys
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd

from . import __version__
from .article import audit_text
from .config import DEFAULT_CONFIG, AuditConfig
from .evidence import evidence_frame, evidence_records
from .quoted import sources_frame, sources_records
from .lexicon import rules_hash
from .readability import TEXTSTAT_VERSION
from .schema import ENCODING_COLUMN, ERROR_COLUMN, METRIC_COLUMNS, SCHEMA_VERSION, metrics_frame

SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".json", ".csv", ".tsv", ".parquet")
# The columns load_corpus always produces (None where a source does not say), in this order.
STANDARD_COLUMNS = ("id", "title", "text", "outlet", "date", "url", "author")
LOAD_ERROR_COLUMN = "load_error"
DEFAULT_CHUNKSIZE = 1000
# Articles per task sent to a worker: big enough that pickling is noise, small enough that the
# last tasks of a run spread over all workers.
_BATCH = 16
_READ_BLOCK = 1 << 20


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


def _supported() -> str:
    return ", ".join(SUPPORTED_SUFFIXES)


class CorpusNotFoundError(FileNotFoundError, ValueError):
    """A corpus path that does not exist (a FileNotFoundError that is also a ValueError)."""


def _as_paths(path_or_paths) -> list[Path]:
    if isinstance(path_or_paths, (str, os.PathLike)):
        return [Path(path_or_paths)]
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
        audit.corpus.CorpusNotFoundError: no/such/folder: no such file or folder
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
        columns = ", ".join(map(str, frame.columns)) or "none"
        raise ValueError(f"{path}: no text column {text_source!r} (columns: {columns}); "
                         f"name it with text='COLUMN'")
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
    """Main text and metadata of a saved web page, through trafilatura."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as exc:  # trafilatura raises a variety of parser errors on broken pages
        doc = None
        reason = f"trafilatura could not parse the page ({type(exc).__name__})"
    else:
        reason = "trafilatura found no article text in the page"
    if doc is None or not getattr(doc, "text", None):
        return {"id": path.stem, "text": None, LOAD_ERROR_COLUMN: reason}
    return {
        "id": path.stem,
        "title": doc.title,
        "text": doc.text,
        "outlet": doc.sitename or doc.hostname,
        "date": doc.date,
        "url": doc.url,
        "author": doc.author,
    }


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

    for path in files:
        if path.suffix.lower() in (".txt", ".html", ".htm"):
            singles.append((path, _single_article(path)))
            if chunksize is not None and len(singles) >= chunksize:
                yield from flush_singles()
            continue
        yield from flush_singles()
        yield from _file_chunks(path, chunksize, mapping)
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
    if LOAD_ERROR_COLUMN in corpus.columns:
        errors = corpus.pop(LOAD_ERROR_COLUMN)
        if errors.notna().any():
            corpus[LOAD_ERROR_COLUMN] = errors.astype(object).where(errors.notna(), None)
    corpus[ENCODING_COLUMN] = corpus[ENCODING_COLUMN].astype(bool)
    return corpus


# ---------------------------------------------------------------------------------------------
# Auditing
# ---------------------------------------------------------------------------------------------


def provenance(config: AuditConfig | None = None) -> dict:
    """What produced a table: versions, rules hash, config and schema version.

    Example:
        >>> sorted(provenance())
        ['config', 'news_audit', 'rules_hash', 'schema_version', 'textstat']
    """
    config = config or DEFAULT_CONFIG
    return {
        "news_audit": __version__,
        "textstat": TEXTSTAT_VERSION,
        "rules_hash": rules_hash(config.rules_dir),
        "config": config.to_dict(),
        "schema_version": SCHEMA_VERSION,
    }


def _text_problem(value) -> str | None:
    """Why a cell cannot be audited as an article, or None when it can."""
    if isinstance(value, str):
        return None
    tail = "; the row was kept with empty metrics"
    if value is None:
        return "text is None: expected a str" + tail
    if value is pd.NA or value is pd.NaT:
        return "text is missing (pd.NA): expected a str" + tail
    if isinstance(value, float) and math.isnan(value):
        return "text is float (NaN): expected a str" + tail
    if isinstance(value, (bytes, bytearray)):
        return (f"text is {type(value).__name__}: expected a str (decode it first, "
                "e.g. errors='replace')" + tail)
    return f"text is {type(value).__name__}: expected a str" + tail


def _audit_batch(batch: list[tuple], config: AuditConfig, with_evidence: bool,
                 with_sources: bool = False) -> list[tuple]:
    """Audit a few articles (runs in a worker process): (position, metric values, error, evidence, sources)."""
    results = []
    for position, article_id, text, title in batch:
        try:
            audited = audit_text(text, title=title, config=config)
        except Exception as exc:  # a detector bug on one article must not stop a corpus run
            results.append((position, None, f"audit failed: {type(exc).__name__}: {exc}", (), ()))
            continue
        metrics = audited.metrics
        values = tuple(metrics.get(name) for name in METRIC_COLUMNS)
        found = evidence_records(audited, article_id) if with_evidence else ()
        sources = sources_records(audited, article_id) if with_sources else ()
        results.append((position, values, None, found, sources))
    return results


def _warm_worker(config: AuditConfig) -> None:
    """Load and compile the rule files and dictionaries, before the first article."""
    audit_text("Warm up.", config=config)


def _start_worker(config: AuditConfig) -> None:
    """Worker start-up: Ctrl-C is the parent's to handle (it stops the pool cleanly), then warm up."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _warm_worker(config)


def _pool_context():
    # Linux: fork, so workers inherit the rules and dictionaries already loaded here and a script
    # without an `if __name__ == "__main__":` guard still works. The workers run pure-Python
    # audit code only (no pyarrow, no threads), which is what makes forking safe here.
    # Elsewhere (macOS, Windows) fork is unsafe or missing: spawn, which needs that guard.
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _show_progress(progress: bool) -> bool:
    if not progress or os.environ.get("CI"):
        return False
    shell = sys.modules.get("IPython")
    if shell is not None:
        get_ipython = getattr(shell, "get_ipython", None)
        ipython = get_ipython() if get_ipython else None
        if ipython is not None and type(ipython).__name__ == "ZMQInteractiveShell":
            return True
    return bool(getattr(sys.stderr, "isatty", lambda: False)())


@dataclass
class _Job:
    """One input chunk on its way through the workers."""

    frame: pd.DataFrame
    errors: list
    values: list
    evidence: list  # per row: its findings (a list), or None
    sources: list  # per row: its sources table rows (a list), or None
    futures: list
    keys: dict  # row position -> content key, for rows to store in the cache once audited


class _DaskPool:
    """A Dask client seen as an executor: ``submit`` and futures with ``result()``, like the process pool."""

    def __init__(self, client) -> None:
        self.client = client
        threads = sum(client.nthreads().values()) if hasattr(client, "nthreads") else 1
        self.threads = max(1, threads)
        self._workers: list[str] = []
        self._sent = 0

    def submit(self, function, batch, *args):
        # The articles go to a worker as data (scatter), not inside the task: the scheduler keeps
        # what it was sent with a task after the task is gone, and a long run's texts would pile
        # up in its memory (measured: +6 MB per 1,000 articles, flat with scatter).
        # hash=False, pure=False: a batch repeating earlier articles is still its own task, and
        # Dask need not hash every text to name it.
        # Workers in turn: left to itself, scatter puts every single batch on the same worker.
        if self._sent % 64 == 0 or not self._workers:
            self._workers = sorted(self.client.nthreads())  # refreshed: workers come and go
        target = self._workers[self._sent % len(self._workers)] if self._workers else None
        self._sent += 1
        [articles] = self.client.scatter([batch], hash=False, workers=[target] if target else None)
        return self.client.submit(function, articles, *args, pure=False)

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        """The client belongs to the caller: nothing to stop here (unfinished tasks are cancelled)."""


class _Engine:
    """Maps audit_text over chunks of rows: in-process, in a pool kept for the whole run, or on Dask."""

    def __init__(self, workers: int | None, config: AuditConfig, text_col: str, with_evidence: bool,
                 total: int | None, progress: bool, cache=None, client=None, with_sources: bool = False) -> None:
        workers = (os.cpu_count() or 1) if workers is None else int(workers)
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self.workers = workers
        self.config = config
        self.text_col = text_col
        self.with_evidence = with_evidence
        self.with_sources = with_sources
        self.total = total
        self.cache = cache
        self.pool = _DaskPool(client) if client is not None else None
        # Rows kept queued beyond the chunk being collected, so that no worker waits while the
        # parent assembles and writes: one chunk for the local pool; for a cluster, a few tasks
        # per worker thread, however small the chunks.
        self.ahead = 4 * self.pool.threads * _BATCH if self.pool is not None else 1
        self._outstanding: set = set()
        self._started = False  # whether the pool has been given work (and so has its processes)
        from tqdm.auto import tqdm

        self.bar = tqdm(total=total, unit="article", desc="auditing", disable=not _show_progress(progress))

    def __enter__(self) -> "_Engine":
        return self

    def __exit__(self, *exc) -> None:
        self.bar.close()
        if isinstance(self.pool, _DaskPool):
            unfinished = [f for f in self._outstanding if not f.done()]
            if unfinished:
                self.pool.client.cancel(unfinished)
        elif self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def _want_pool(self, rows: int) -> bool:
        if self.pool is not None:
            return True
        if self.workers == 1:
            return False
        # A handful of articles is faster in-process than starting workers.
        return (self.total if self.total is not None else rows) > 2 * _BATCH

    def _prepare(self, frame: pd.DataFrame) -> _Job:
        if self.text_col not in frame.columns:
            columns = ", ".join(map(str, frame.columns))
            raise ValueError(f"no text column {self.text_col!r} (columns: {columns}); pass text_col=NAME")
        n = len(frame)
        texts = frame[self.text_col].tolist()
        titles = frame["title"].tolist() if "title" in frame.columns and self.text_col != "title" else [None] * n
        ids = frame["id"].tolist() if "id" in frame.columns else list(frame.index)
        load_errors = frame[LOAD_ERROR_COLUMN].tolist() if LOAD_ERROR_COLUMN in frame.columns else [None] * n
        job = _Job(frame, [None] * n, [None] * n, [None] * n, [None] * n, [], {})
        todo = []
        for k in range(n):
            load_error = load_errors[k]
            if isinstance(load_error, str) and load_error:
                job.errors[k] = load_error
                continue
            problem = _text_problem(texts[k])
            if problem:
                job.errors[k] = problem
                continue
            title = titles[k] if isinstance(titles[k], str) and titles[k].strip() else None
            todo.append((k, ids[k], texts[k], title))
        if self.cache is not None and todo and not self.with_sources:
            # the cache keeps scores and findings, not sources rows: a run that lists sources audits every
            # article again (and refreshes the cache)
            todo = self._reuse_cached(job, todo)
        elif self.cache is not None:
            from .cache import content_key

            job.keys = {position: content_key(text, title) for position, _, text, title in todo}
        batches = [todo[i:i + _BATCH] for i in range(0, len(todo), _BATCH)]
        if self._want_pool(n):
            if self.pool is None:
                _warm_worker(self.config)  # forked workers start with the rules compiled
                self.pool = ProcessPoolExecutor(self.workers, mp_context=_pool_context(),
                                                initializer=_start_worker, initargs=(self.config,))
            # The local pool forks its workers at the first submission. Frozen, the objects made so
            # far (rules, dictionaries) are never visited by the workers' garbage collector, so the
            # memory pages they share with this process stay shared instead of being copied.
            freeze = not self._started and not isinstance(self.pool, _DaskPool)
            if freeze:
                gc.freeze()
            try:
                job.futures = [(len(b), self.pool.submit(_audit_batch, b, self.config, self.with_evidence,
                                                         self.with_sources))
                               for b in batches]
            finally:
                if freeze:
                    gc.unfreeze()
            self._started = self._started or bool(batches)
            self._outstanding.update(f for _, f in job.futures)
        else:
            job.futures = [(len(b), b) for b in batches]
        return job

    def _reuse_cached(self, job: _Job, todo: list[tuple]) -> list[tuple]:
        """Fill the rows the cache knows (same article, same rules and settings); the rest is to audit."""
        from .cache import content_key

        keys = [content_key(text, title) for _, _, text, title in todo]
        found = self.cache.lookup(keys, with_evidence=self.with_evidence)
        remaining = []
        for (position, article_id, text, title), key in zip(todo, keys):
            cached = found.get(key)
            if cached is None:
                job.keys[position] = key
                remaining.append((position, article_id, text, title))
                continue
            job.values[position] = cached.metrics
            if self.with_evidence:
                job.evidence[position] = [(str(article_id), *record) for record in cached.evidence]
        self.bar.update(len(todo) - len(remaining))
        return remaining

    def _finish(self, job: _Job) -> tuple[pd.DataFrame, pd.DataFrame | None]:
        skipped = sum(e is not None for e in job.errors)
        self.bar.update(skipped)
        for size, pending in job.futures:
            if isinstance(pending, list):
                results = _audit_batch(pending, self.config, self.with_evidence, self.with_sources)
            else:
                results = pending.result()
                self._outstanding.discard(pending)
            for position, values, error, found, sources in results:
                job.values[position] = values
                job.errors[position] = error
                job.evidence[position] = found
                job.sources[position] = sources
            self.bar.update(size)
        if self.cache is not None and job.keys:
            # One transaction per chunk: a run killed midway keeps every chunk finished before it.
            # Findings are stored without the article id: the same story may come back under another.
            self.cache.store((key, job.values[p], [r[1:] for r in job.evidence[p]] if self.with_evidence else None)
                             for p, key in job.keys.items() if job.errors[p] is None)
        found = None
        if self.with_evidence:
            found = evidence_frame(record for rows in job.evidence if rows for record in rows)
        if self.with_sources:
            return (_assemble(job.frame, job.values, job.errors), found,
                    sources_frame(record for rows in job.sources if rows for record in rows))
        return _assemble(job.frame, job.values, job.errors), found

    def run(self, frames: Iterable[pd.DataFrame]) -> Iterator[tuple[pd.DataFrame, pd.DataFrame | None]]:
        """Audited chunks, in input order; later chunks are in the workers while one is assembled."""
        pending: deque[_Job] = deque()
        for frame in frames:
            pending.append(self._prepare(frame))
            # Collect the oldest chunk once the chunks behind it keep the workers busy.
            while len(pending) > 1 and sum(len(j.frame) for j in list(pending)[1:]) >= self.ahead:
                yield self._finish(pending.popleft())
        while pending:
            yield self._finish(pending.popleft())


def _assemble(frame: pd.DataFrame, values: list, errors: list) -> pd.DataFrame:
    """The input chunk (same index) with the metric columns and the error column added."""
    metrics = metrics_frame([v if v is not None else (None,) * len(METRIC_COLUMNS) for v in values])
    kept = frame.drop(columns=[c for c in frame.columns if c in METRIC_COLUMNS or c == ERROR_COLUMN])
    out = pd.concat([kept.reset_index(drop=True), metrics], axis=1)
    out[ERROR_COLUMN] = pd.Series(errors, dtype=object)
    out.index = frame.index
    return out


def _open_cache(cache, config: AuditConfig):
    """(the cache to use, whether this call opened it and must close it)."""
    if cache is None:
        return None, False
    from .cache import CacheSetup, ResultCache

    if isinstance(cache, ResultCache):
        if cache.setup != CacheSetup.of(config):
            raise ValueError("the cache was opened with other rules or settings than this run's config; "
                             "open it with the same config, or pass its path")
        return cache, False
    return ResultCache(cache, config), True


def _client(client):
    """A distributed.Client from a client, a scheduler address, or None."""
    if client is None or not isinstance(client, (str, os.PathLike)):
        return client
    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - the dask extra is installed for the tests
        raise ImportError("Dask is not installed: pip install 'news-audit[dask]'") from exc
    return Client(str(client))


def audit_chunks(frames: Iterable[pd.DataFrame], *, text_col: str = "text", workers: int | None = None,
                 progress: bool = True, config: AuditConfig | None = None, evidence: bool = False,
                 total: int | None = None, cache=None, client=None, sources: bool = False
                 ) -> Iterator[tuple]:
    """Audit a stream of DataFrame chunks (from :func:`iter_corpus`), yielding each audited chunk in order.

    The workers live for the whole stream and only a bounded number of chunks is in flight, so
    memory stays flat however long the corpus is. Each item is ``(scores, evidence)``;
    ``evidence`` is None unless asked for. With ``sources=True`` each item is
    ``(scores, evidence, sources)``, ``sources`` the chunk's rows of :func:`audit.sources_table`.

    Args:
        frames: DataFrame chunks with a text column.
        text_col, workers, progress, config, evidence: as in :func:`audit_corpus`.
        total: the number of rows to expect (for the progress bar), when known.
        cache: an :class:`audit.cache.ResultCache` or the path of its SQLite file: articles
            audited before with the same rules and settings are taken from it, the others are
            audited and stored, one transaction per chunk.
        client: a ``distributed.Client`` (or a scheduler address such as ``tcp://host:8786``):
            the articles are audited on its workers instead of a local pool (``workers`` is
            then ignored).

    Example:
        >>> import pandas as pd
        >>> chunks = [pd.DataFrame({"text": ["Prices rose 3% in May, the agency said."]})]
        >>> [int(s.loc[0, "sentences"]) for s, _ in audit_chunks(chunks, workers=1, progress=False)]
        [1]
    """
    config = config or DEFAULT_CONFIG
    if not isinstance(config, AuditConfig):
        raise TypeError(f"config must be an AuditConfig, got {type(config).__name__}")
    results, close_cache = _open_cache(cache, config)
    own_client = isinstance(client, (str, os.PathLike))
    client = _client(client)
    try:
        with _Engine(workers, config, text_col, evidence, total, progress, results, client,
                     with_sources=sources) as engine:
            yield from engine.run(frames)
    finally:
        if close_cache:
            results.close()
        if own_client:
            client.close()


@dataclass(frozen=True, slots=True)
class CorpusRun:
    """What a streamed :func:`audit_corpus` run wrote.

    Attributes:
        output: the scores file.
        evidence_output: the findings file, or None.
        rows: rows written (one per input row).
        failed: rows with an ``error``.
        cache_hits: articles taken from the cache (0 without a cache).
        cache_misses: articles audited in this run and stored in the cache (0 without a cache).
    """

    output: Path
    evidence_output: Path | None
    rows: int
    failed: int
    cache_hits: int = 0
    cache_misses: int = 0
    sources_output: Path | None = None


def _input_frames(data, text_col: str, chunksize: int) -> tuple[Iterable[pd.DataFrame], int | None, str, list]:
    """(chunks, row count when known, the text column in the chunks, the input files) of a frame or paths."""
    if isinstance(data, pd.DataFrame):
        frames = (data.iloc[i:i + chunksize] for i in range(0, len(data), chunksize))
        return frames, len(data), text_col, []
    files = corpus_files(data)
    text_map = {} if text_col == "text" else {"text": text_col}
    return iter_corpus(files, chunksize=chunksize, **text_map), None, "text", files


def stream_corpus(data, output, *, evidence_output=None, text_col: str = "text", workers: int | None = None,
                  progress: bool = True, config: AuditConfig | None = None, chunksize: int = DEFAULT_CHUNKSIZE,
                  cache=None, client=None, provenance_extra: dict | None = None, on_chunk=None,
                  warn=None, sources_output=None) -> CorpusRun:
    """Audit a corpus chunk by chunk straight into files; memory stays flat whatever the corpus size.

    Reads ``chunksize`` rows at a time, audits them, and appends them to ``output`` (Parquet row
    groups, CSV or JSONL lines, by extension) before reading on. The article text is not copied
    into the output (the id, title and other metadata are). The file appears when the run is
    complete: an interrupted run leaves no half-written table, and with a ``cache`` the rerun
    reuses every article finished before the interruption.

    Args:
        data: a DataFrame, or anything :func:`load_corpus` takes (a path, a folder, a list).
        output: the scores file (``.parquet``, ``.csv`` or ``.jsonl``).
        evidence_output: also write the findings table there.
        sources_output: also write the sources table there (:func:`audit.sources_table`: one row per body
            attribution, with its article's id). With a ``cache``, every article is audited again for it.
        text_col, workers, progress, config, chunksize, cache, client: as in :func:`audit_corpus`.
        provenance_extra: more keys for the provenance written with the files.
        on_chunk: called with each written chunk of scores (the command line prints from it).
        warn: called with a message when a chunk brings columns the first one lacked.

    Returns:
        A :class:`CorpusRun` (rows written, failed rows, cache hits and misses).

    Example:
        >>> import pandas as pd, tempfile, os
        >>> out = os.path.join(tempfile.mkdtemp(), "scores.csv")
        >>> run = stream_corpus(pd.DataFrame({"id": ["n1"], "text": ["Rain is due, forecasters said."]}),
        ...                     out, workers=1, progress=False)
        >>> run.rows, pd.read_csv(out)["words"].tolist()
        (1, [5])
    """
    from .io import TableWriter, output_format

    config = config or DEFAULT_CONFIG
    if chunksize < 1:
        raise ValueError("chunksize must be at least 1")
    output = Path(output)
    output_format(output)  # an unwritable extension fails before any work
    if evidence_output is not None:
        evidence_output = Path(evidence_output)
        output_format(evidence_output)
        if evidence_output.resolve() == output.resolve():
            raise ValueError("the evidence file must differ from the scores file")
    if sources_output is not None:
        sources_output = Path(sources_output)
        output_format(sources_output)
        taken = {output.resolve()} | ({evidence_output.resolve()} if evidence_output is not None else set())
        if sources_output.resolve() in taken:
            raise ValueError("the sources file must differ from the scores and evidence files")
    frames, total, text_col, files = _input_frames(data, text_col, chunksize)
    record = provenance(config) | {"inputs": [str(p) for p in files]} | dict(provenance_extra or {})
    results, close_cache = _open_cache(cache, config)
    hits0, misses0 = (results.hits, results.misses) if results is not None else (0, 0)
    rows = failed = 0
    evidence_out = TableWriter(evidence_output, record, warn=warn) if evidence_output is not None else None
    sources_out = TableWriter(sources_output, record, warn=warn) if sources_output is not None else None
    try:
        with TableWriter(output, record, warn=warn) as scores_out:
            try:
                chunks = audit_chunks(frames, text_col=text_col, workers=workers, progress=progress, config=config,
                                      evidence=evidence_out is not None, total=total, cache=results, client=client,
                                      sources=sources_out is not None)
                for scores, found, *listed in chunks:
                    # The text is the input, not a result: the scores file keeps only its metadata.
                    scores = scores.drop(columns=[c for c in (text_col, LOAD_ERROR_COLUMN) if c in scores.columns])
                    scores_out.write(scores)
                    if evidence_out is not None:
                        evidence_out.write(found)
                    if sources_out is not None:
                        sources_out.write(_with_metadata(listed[0], scores))
                    rows += len(scores)
                    failed += int(scores[ERROR_COLUMN].notna().sum())
                    if on_chunk is not None:
                        on_chunk(scores)
            except BaseException:
                for table_out in (evidence_out, sources_out):
                    if table_out is not None:
                        table_out._abort()
                raise
            for table_out in (evidence_out, sources_out):
                if table_out is not None:
                    table_out.close()
    finally:
        hits, misses = (results.hits - hits0, results.misses - misses0) if results is not None else (0, 0)
        if close_cache:
            results.close()
    return CorpusRun(output, evidence_output, rows, failed, hits, misses, sources_output)


# Article metadata copied onto every row of a sources table, so it can be grouped by outlet or date.
_SOURCES_METADATA = ("outlet", "date", "section")


def _with_metadata(sources: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    """The sources rows of a chunk with its articles' outlet, date and section (when the corpus has them)."""
    meta = [c for c in _SOURCES_METADATA if c in scores.columns]
    if not meta or "id" not in scores.columns:
        return sources
    lookup = scores[["id", *meta]].astype({"id": str}).drop_duplicates("id").set_index("id")
    out = sources.copy()
    for position, column in enumerate(meta, start=1):
        out.insert(position, column, out["id"].map(lookup[column]).astype(object))
    return out


def audit_corpus(data, *, text_col: str = "text", workers: int | None = None, progress: bool = True,
                 config: AuditConfig | None = None, evidence: bool = False,
                 chunksize: int = DEFAULT_CHUNKSIZE, cache=None, client=None, output=None, evidence_output=None,
                 sources: bool = False, sources_output=None):
    """Audit every article of a corpus: one scorecard row per input row.

    Args:
        data: a pandas DataFrame, a ``dask.dataframe.DataFrame``, or anything :func:`load_corpus`
            takes (a path, a folder, a list).
        text_col: the column holding the article text (for files: the column of the tables
            that holds it, read into ``text``).
        workers: worker processes; None uses every CPU, 1 audits in this process.
        progress: show a progress bar (only on a terminal or in a notebook, never under CI).
        config: an :class:`AuditConfig`; the defaults when None.
        evidence: also return the long table of findings (see :func:`audit.evidence`).
        chunksize: rows handed to the workers (and, when streaming, read and written) at a time.
        cache: an :class:`audit.cache.ResultCache` or the path of its SQLite file: articles
            already audited with the same rules and settings are taken from it, the others
            are audited and added (see :mod:`audit.cache`).
        client: a ``distributed.Client`` or a scheduler address (``"tcp://host:8786"``): audit on
            a Dask cluster instead of local worker processes.
        output: stream the results into this file (``.parquet``, ``.csv``, ``.jsonl``) chunk by
            chunk instead of returning a DataFrame; see :func:`stream_corpus`.
        evidence_output: with ``output``, write the findings table to this file.
        sources: also return the sources table (see :func:`audit.sources_table`), one row per body attribution
            with the article's id, outlet, date and section.
        sources_output: with ``output``, write the sources table to this file.

    Returns:
        For a pandas DataFrame or files: the input rows in the same order and with the same
        index, metadata columns kept, every column of :data:`audit.schema.METRIC_COLUMNS` added
        with its schema dtype, and ``error`` (None when the row was audited).
        ``attrs["news_audit"]`` holds the provenance (and ``attrs["news_audit_cache"]`` the
        cache hits and misses when a cache was used). With ``evidence=True``, a tuple
        ``(scores, evidence)``; with ``sources=True``, ``(scores, sources)``; with both,
        ``(scores, evidence, sources)``.
        For a Dask DataFrame: a lazy Dask DataFrame of the same columns (see
        :func:`audit.cluster.audit_dask`). With ``output``: a :class:`CorpusRun`.

    Example:
        >>> import pandas as pd
        >>> scores = audit_corpus(pd.DataFrame({"text": ["", 3.5]}), workers=1, progress=False)
        >>> scores["error"].tolist()
        [None, 'text is float: expected a str; the row was kept with empty metrics']
    """
    config = config or DEFAULT_CONFIG
    if _is_dask_frame(data):
        if output is not None or cache is not None or evidence or sources:
            raise ValueError("a Dask DataFrame is audited lazily: write the result with .to_parquet(...); "
                             "cache=, output=, evidence=True and sources=True apply to pandas DataFrames and files")
        from .cluster import audit_dask

        return audit_dask(data, text_col=text_col, config=config)
    if output is not None:
        if evidence and evidence_output is None:
            raise ValueError("with output=, name the findings file with evidence_output=")
        if sources and sources_output is None:
            raise ValueError("with output=, name the sources file with sources_output=")
        return stream_corpus(data, output, evidence_output=evidence_output, text_col=text_col, workers=workers,
                             progress=progress, config=config, chunksize=chunksize, cache=cache, client=client,
                             sources_output=sources_output)
    if evidence_output is not None:
        raise ValueError("evidence_output= goes with output=; without a file, pass evidence=True")
    if sources_output is not None:
        raise ValueError("sources_output= goes with output=; without a file, pass sources=True")
    if not isinstance(data, pd.DataFrame):
        data = load_corpus(data) if text_col == "text" else load_corpus(data, text=text_col)
        text_col = "text"
    if chunksize < 1:
        raise ValueError("chunksize must be at least 1")
    if text_col not in data.columns:
        columns = ", ".join(map(str, data.columns)) or "none"
        raise ValueError(f"no text column {text_col!r} (columns: {columns}); pass text_col=NAME")
    frames = (data.iloc[i:i + chunksize] for i in range(0, len(data), chunksize))
    results, close_cache = _open_cache(cache, config)
    hits0, misses0 = (results.hits, results.misses) if results is not None else (0, 0)
    scored, found, listed = [], [], []
    try:
        for scores, evidence_chunk, *sources_chunk in audit_chunks(
                frames, text_col=text_col, workers=workers, progress=progress, config=config, evidence=evidence,
                total=len(data), cache=results, client=client, sources=sources):
            scored.append(scores)
            if evidence_chunk is not None:
                found.append(evidence_chunk)
            if sources_chunk:
                listed.append(_with_metadata(sources_chunk[0], scores))
    finally:
        if close_cache:
            results.close()
    if scored:
        result = pd.concat(scored) if len(scored) > 1 else scored[0]
    else:
        result = _assemble(data, [], [])
    result.attrs = {"news_audit": provenance(config)}
    if results is not None:
        result.attrs["news_audit_cache"] = {"path": str(results.path), "hits": results.hits - hits0,
                                            "misses": results.misses - misses0}
    out = [result]
    if evidence:
        table = pd.concat(found, ignore_index=True) if len(found) > 1 else (found[0] if found else evidence_frame([]))
        table.attrs = {"news_audit": provenance(config)}
        out.append(table)
    if sources:
        table = pd.concat(listed, ignore_index=True) if len(listed) > 1 else (listed[0] if listed else
                                                                               sources_frame([]))
        table.attrs = {"news_audit": provenance(config)}
        out.append(table)
    return out[0] if len(out) == 1 else tuple(out)


def _is_dask_frame(data) -> bool:
    """True for a dask.dataframe.DataFrame, without importing Dask when it is not in use."""
    if "dask.dataframe" not in sys.modules:
        return False
    import dask.dataframe as dd

    return isinstance(data, dd.DataFrame)
