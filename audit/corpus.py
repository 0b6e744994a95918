"""Corpora: audit every row of a corpus (a DataFrame, files, a Dask DataFrame) into one scorecard table.

``audit_corpus`` maps :func:`audit.article.audit_text` over the rows in worker processes and
returns one row per input row, in the same order and with the same index, with the metadata
kept, every scorecard column added (dtypes from :mod:`audit.schema`) and an ``error`` column.
A row that cannot be audited (its text is None, NaN, a number, bytes) keeps its place with a
message in ``error`` and empty metrics; nothing is dropped.

Scaling up: ``stream_corpus(path, "scores.parquet")`` reads, audits
and writes in chunks, so memory stays flat whatever the corpus size; ``cache="audits.sqlite"``
reuses every article audited before with the same rules and settings (:mod:`audit.cache`), so a
rerun or an interrupted run redoes nothing finished; ``client=`` sends the work to a Dask
cluster; and a ``dask.dataframe.DataFrame`` gets a lazy Dask scorecard (:mod:`audit.cluster`).

Where the parts live: reading files, folders and tables is :mod:`audit.reading` (``load_corpus``,
``iter_corpus``, ``corpus_files``, re-exported here); the worker pool, Dask tasks and cache
lookups are :mod:`audit.engine` (``audit_chunks``, ``provenance``); this module puts them together.

Example:
    >>> import pandas as pd
    >>> articles = pd.DataFrame({"id": ["a1", "a2"],
    ...                          "text": ["The council met on Monday, the clerk said.", float("nan")]})
    >>> scores = audit_corpus(articles, workers=1, progress=False)
    >>> scores.loc[0, "words"], scores.loc[1, "error"]
    (np.int64(8), 'text is float (NaN): expected a str; the row was kept with empty metrics')
"""

from __future__ import annotations

import sys
import warnings
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pandas as pd

from .config import DEFAULT_CONFIG, AuditConfig
from .engine import _assemble, _open_cache, audit_chunks, provenance
from .evidence import evidence_frame
from .quoted import _SOURCES_METADATA
from .reading import (  # noqa: F401 (re-exported: `from audit.corpus import load_corpus` keeps working)
    DEFAULT_CHUNKSIZE,
    LOAD_ERROR_COLUMN,
    LOAD_WARNINGS_COLUMN,
    STANDARD_COLUMNS,
    SUPPORTED_SUFFIXES,
    CorpusNotFoundError,
    corpus_files,
    iter_corpus,
    load_corpus,
)
from .schema import ERROR_COLUMN, WARNINGS_COLUMN
from .stopping import stop_on_signals

__all__ = [
    "CorpusAudit",
    "CorpusNotFoundError",
    "CorpusRun",
    "DEFAULT_CHUNKSIZE",
    "LOAD_ERROR_COLUMN",
    "STANDARD_COLUMNS",
    "SUPPORTED_SUFFIXES",
    "audit_chunks",
    "audit_corpus",
    "audit_corpus_with_evidence",
    "corpus_files",
    "iter_corpus",
    "load_corpus",
    "provenance",
    "stream_corpus",
]


@dataclass(frozen=True, slots=True)
class CorpusRun:
    """What a streamed :func:`audit_corpus` run wrote.

    Attributes:
        output: the scores file.
        evidence_output: the findings file, or None.
        rows: rows written (one per input row).
        failed: rows with an ``error``.
        warned: rows with ``warnings`` (reasons to distrust them; they are audited all the same).
        cache_hits: articles taken from the cache (0 without a cache).
        cache_misses: articles audited in this run and stored in the cache (0 without a cache).
    """

    output: Path
    evidence_output: Path | None
    rows: int
    failed: int
    cache_hits: int = 0
    cache_misses: int = 0
    warned: int = 0
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
            attribution, with its article's id, outlet, date and section). With a ``cache``, every article is
            audited again for it.
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
    rows = failed = warned = 0
    evidence_out = TableWriter(evidence_output, record, warn=warn) if evidence_output is not None else None
    sources_out = TableWriter(sources_output, record, warn=warn) if sources_output is not None else None
    try:
        with TableWriter(output, record, warn=warn) as scores_out:
            try:
                chunks = audit_chunks(frames, text_col=text_col, workers=workers, progress=progress, config=config,
                                      evidence=evidence_out is not None, total=total, cache=results, client=client,
                                      sources=sources_out is not None)
                # Interrupted (Ctrl-C, SIGTERM, SIGHUP) even while writing: the workers are gone before we leave.
                with stop_on_signals(), closing(chunks):
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
                        warned += int(scores[WARNINGS_COLUMN].notna().sum())
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
    return CorpusRun(output, evidence_output, rows, failed, hits, misses, warned, sources_output)


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
                 chunksize: int = DEFAULT_CHUNKSIZE, cache=None, client=None, output=None, evidence_output=None):
    """Audit every article of a corpus: one scorecard row per input row.

    One result shape per function: this one returns the scorecard (a DataFrame, or a lazy Dask
    DataFrame for a Dask input); :func:`audit_corpus_with_evidence` returns the scorecard and the
    findings as a :class:`CorpusAudit`; :func:`stream_corpus` writes files and returns a
    :class:`CorpusRun`.

    Args:
        data: a pandas DataFrame, a ``dask.dataframe.DataFrame``, or anything :func:`load_corpus`
            takes (a path, a folder, a list).
        text_col: the column holding the article text (for files: the column of the tables
            that holds it, read into ``text``).
        workers: worker processes; None uses every CPU, 1 audits in this process.
        progress: show a progress bar (only on a terminal or in a notebook, never under CI).
        config: an :class:`AuditConfig`; the defaults when None.
        evidence: deprecated: use :func:`audit_corpus_with_evidence`. Still returns the tuple
            ``(scores, evidence)``, with a DeprecationWarning.
        chunksize: rows handed to the workers at a time.
        cache: an :class:`audit.cache.ResultCache` or the path of its SQLite file: articles
            already audited with the same rules and settings are taken from it, the others
            are audited and added (see :mod:`audit.cache`).
        client: a ``distributed.Client`` or a scheduler address (``"tcp://host:8786"``): audit on
            a Dask cluster instead of local worker processes.
        output, evidence_output: deprecated: use :func:`stream_corpus`. Still stream the results
            into these files and return its :class:`CorpusRun`, with a DeprecationWarning.

    Returns:
        For a pandas DataFrame or files: the input rows in the same order and with the same
        index, metadata columns kept, every column of :data:`audit.schema.METRIC_COLUMNS` added
        with its schema dtype, and ``error`` (None when the row was audited).
        ``attrs["news_audit"]`` holds the provenance (and ``attrs["news_audit_cache"]`` the
        cache hits and misses when a cache was used).
        For a Dask DataFrame: a lazy Dask DataFrame of the same columns (see
        :func:`audit.cluster.audit_dask`).

    Example:
        >>> import pandas as pd
        >>> scores = audit_corpus(pd.DataFrame({"text": ["", 3.5]}), workers=1, progress=False)
        >>> scores["error"].tolist()
        [None, 'text is float: expected a str; the row was kept with empty metrics']
    """
    config = config or DEFAULT_CONFIG
    if _is_dask_frame(data):
        if output is not None or cache is not None or evidence:
            raise ValueError("a Dask DataFrame is audited lazily: write the result with .to_parquet(...); "
                             "cache=, output= and evidence=True apply to pandas DataFrames and files")
        from .cluster import audit_dask

        return audit_dask(data, text_col=text_col, config=config)
    if output is not None:
        if evidence and evidence_output is None:
            raise ValueError("with output=, name the findings file with evidence_output=")
        warnings.warn("audit_corpus(..., output=...) is deprecated: call stream_corpus(data, output, ...), "
                      "which returns the same CorpusRun", DeprecationWarning, stacklevel=2)
        return stream_corpus(data, output, evidence_output=evidence_output, text_col=text_col, workers=workers,
                             progress=progress, config=config, chunksize=chunksize, cache=cache, client=client)
    if evidence_output is not None:
        raise ValueError("evidence_output= goes with output=; without a file, pass evidence=True")
    if evidence:
        warnings.warn("audit_corpus(..., evidence=True) is deprecated: call audit_corpus_with_evidence(...), "
                      "which returns a CorpusAudit with .scores and .evidence", DeprecationWarning, stacklevel=2)
    scores, table = _audit_in_memory(data, text_col, workers, progress, config, evidence, chunksize, cache, client)
    return (scores, table) if evidence else scores


@dataclass(frozen=True)
class CorpusAudit:
    """The scorecard and the findings of a corpus, from :func:`audit_corpus_with_evidence`.

    Attributes:
        scores: one row per input row, as :func:`audit_corpus` returns it.
        evidence: one row per finding (the columns of :data:`audit.schema.EVIDENCE_COLUMNS`),
            linked to the scores by ``id``.
    """

    scores: pd.DataFrame
    evidence: pd.DataFrame


def audit_corpus_with_evidence(data, *, text_col: str = "text", workers: int | None = None, progress: bool = True,
                               config: AuditConfig | None = None, chunksize: int = DEFAULT_CHUNKSIZE, cache=None,
                               client=None) -> CorpusAudit:
    """Audit every article of a corpus and keep every finding: the scorecard and the long table of evidence.

    Args:
        data: a pandas DataFrame, or anything :func:`load_corpus` takes (a path, a folder, a list).
            (A Dask DataFrame's findings are per partition: use :func:`audit.cluster.audit_dask`.)
        text_col, workers, progress, config, chunksize, cache, client: as in :func:`audit_corpus`.

    Returns:
        A :class:`CorpusAudit`; both tables carry the provenance in ``attrs["news_audit"]``.

    Example:
        >>> import pandas as pd
        >>> found = audit_corpus_with_evidence(pd.DataFrame({"id": ["n1"], "text": [
        ...     "Rain is due on Friday, forecasters said."]}), workers=1, progress=False)
        >>> len(found.scores), sorted(set(found.evidence["kind"]))[:1]
        (1, ['attribution'])
    """
    config = config or DEFAULT_CONFIG
    if _is_dask_frame(data):
        raise ValueError("a Dask DataFrame is audited lazily, without a findings table: use audit_corpus(dask_frame) "
                         "for the scores, or audit the rows you need with audit_corpus_with_evidence(pandas_frame)")
    return CorpusAudit(*_audit_in_memory(data, text_col, workers, progress, config, True, chunksize, cache, client))


def _audit_in_memory(data, text_col: str, workers, progress: bool, config: AuditConfig, evidence: bool,
                     chunksize: int, cache, client) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """(scores, findings or None) of a pandas DataFrame or files, held in memory."""
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
    scored, found = [], []
    try:
        chunks = audit_chunks(frames, text_col=text_col, workers=workers, progress=progress, config=config,
                              evidence=evidence, total=len(data), cache=results, client=client)
        with stop_on_signals(), closing(chunks):  # interrupted: the workers are gone before we leave
            for scores, evidence_chunk in chunks:
                scored.append(scores)
                if evidence_chunk is not None:
                    found.append(evidence_chunk)
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
    if not evidence:
        return result, None
    table = pd.concat(found, ignore_index=True) if len(found) > 1 else (found[0] if found else evidence_frame([]))
    table.attrs = {"news_audit": provenance(config)}
    return result, table


def _is_dask_frame(data) -> bool:
    """True for a dask.dataframe.DataFrame, without importing Dask when it is not in use."""
    if "dask.dataframe" not in sys.modules:
        return False
    import dask.dataframe as dd

    return isinstance(data, dd.DataFrame)
