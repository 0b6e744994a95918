"""Running audits over rows: ``audit_text`` mapped over DataFrame chunks in this process, a worker pool or Dask.

:func:`audit_chunks` is the engine every corpus run goes through (:func:`audit.corpus.audit_corpus`,
:func:`audit.corpus.stream_corpus`, each Dask partition in :mod:`audit.cluster`): it checks each
row's text, takes what the result cache already knows, sends the rest to the workers in small
batches, and gives back each chunk in input order with the metric and ``error`` columns added.

Example:
    >>> import pandas as pd
    >>> chunks = [pd.DataFrame({"text": ["Prices rose 3% in May, the agency said."]})]
    >>> [int(s.loc[0, "words"]) for s, _ in audit_chunks(chunks, workers=1, progress=False)]
    [8]
"""
from __future__ import annotations

import gc
import hashlib
import logging
import math
import multiprocessing
import os
import sys
import traceback
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Iterable, Iterator

import pandas as pd

from . import __version__
from .article import audit_text
from .config import DEFAULT_CONFIG, AuditConfig
from .evidence import evidence_frame, evidence_records
from .lexicon import rules_hash
from .quoted import sources_frame, sources_records
from .readability import TEXTSTAT_VERSION
from .reading import LOAD_ERROR_COLUMN, LOAD_WARNINGS_COLUMN
from .schema import ERROR_COLUMN, METRIC_COLUMNS, SCHEMA_VERSION, WARNINGS_COLUMN, metrics_frame
from .stopping import check_parent, guard_worker, stop_on_signals
from .warnings import SEPARATOR, format_warnings, make_warning

__all__ = ["WorkersLost", "audit_chunks", "provenance"]

# A row that fails keeps a one-line message in its ``error`` column; the traceback is logged here at
# DEBUG level (``NEWS_AUDIT_DEBUG=1 news-audit ...`` prints it, as does ``logging.basicConfig(level="DEBUG")``).
_LOG = logging.getLogger("audit")
# Articles per task sent to a worker: big enough that pickling is noise, small enough that the
# last tasks of a run spread over all workers.
_BATCH = 16
# How many times a batch is sent to a Dask cluster before its run fails (a worker that dies
# loses the batch it held; the next attempt goes to another worker).
_DASK_ATTEMPTS = 3


class WorkersLost(RuntimeError):
    """The Dask workers died under the same batch of articles again and again: the run failed, nothing was dropped."""


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
                 parent_pid: int | None = None, with_sources: bool = False) -> list[tuple]:
    """Audit a few articles (runs in a worker process): (position, values, error, evidence, traceback, sources
    table rows). The values are the metrics in schema order, then the article's warnings (one cell) and the
    headline found in its text.

    ``parent_pid``: in a local pool's worker, the process that started the pool; the worker ends
    before the batch if that process has died (the portable half of :func:`audit.stopping.guard_worker`).
    """
    check_parent(parent_pid)
    results = []
    for position, article_id, text, title in batch:
        try:
            audited = audit_text(text, title=title, config=config)
        except Exception as exc:  # a detector bug on one article must not stop a corpus run
            # The row gets the message; the traceback goes back to the parent, which logs it.
            trace = f"article {article_id!r}: {traceback.format_exc()}"
            results.append((position, None, f"audit failed: {type(exc).__name__}: {exc}", (), trace, ()))
            continue
        metrics = audited.metrics
        found_title = audited.document.title if audited.document.title_span is not None else None
        values = (*(metrics.get(name) for name in METRIC_COLUMNS), format_warnings(audited.warnings), found_title)
        found = evidence_records(audited, article_id) if with_evidence else ()
        sources = sources_records(audited, article_id) if with_sources else ()
        results.append((position, values, None, found, None, sources))
    return results


def _warm_worker(config: AuditConfig) -> None:
    """Load and compile the rule files and dictionaries, before the first article."""
    audit_text("Warm up.", config=config)


def _start_worker(config: AuditConfig, parent_pid: int) -> None:
    """Worker start-up: signals are the parent's to handle, the worker dies with its parent, then warm up."""
    guard_worker(parent_pid)
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
    futures: list  # per batch: (rows, the batch itself or its future, the batch)
    keys: dict  # row position -> content key, for rows to store in the cache once audited
    notes: list = None  # per row: the corpus warnings found while reading the stream (duplicate ids or texts)


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
        try:
            [articles] = self.client.scatter([batch], hash=False, workers=[target] if target else None)
        except Exception:  # the worker left since the list was made: let the scheduler choose
            self._workers = []
            [articles] = self.client.scatter([batch], hash=False)
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
        # Duplicates across the whole stream: the first row (1-based) of each id and of each text's digest.
        self._ids: dict = {}
        self._texts: dict[bytes, int] = {}
        self._rows = 0
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
            # On Ctrl-C or SIGTERM too: queued batches are dropped, the workers finish the batch
            # in hand and exit, and the call returns with no process left behind.
            processes = list((getattr(self.pool, "_processes", None) or {}).values())
            try:
                self.pool.shutdown(wait=True, cancel_futures=True)
            except BaseException:  # interrupted again while waiting: stop the workers now
                for process in processes:
                    process.kill()
                raise

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
        job = _Job(frame, [None] * n, [None] * n, [None] * n, [None] * n, [], {}, self._duplicates(frame, ids, texts))
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
            todo = self._reuse_cached(job, todo)
        elif self.cache is not None:
            # the cache keeps scores and findings, not sources rows: a run that lists sources audits every
            # article again (and refreshes the cache)
            from .cache import content_key

            job.keys = {position: content_key(text, title) for position, _, text, title in todo}
        batches = [todo[i:i + _BATCH] for i in range(0, len(todo), _BATCH)]
        if self._want_pool(n):
            if self.pool is None:
                _warm_worker(self.config)  # forked workers start with the rules compiled
                self.pool = ProcessPoolExecutor(self.workers, mp_context=_pool_context(),
                                                initializer=_start_worker, initargs=(self.config, os.getpid()))
            # The local pool forks its workers at the first submission. Frozen, the objects made so
            # far (rules, dictionaries) are never visited by the workers' garbage collector, so the
            # memory pages they share with this process stay shared instead of being copied.
            freeze = not self._started and not isinstance(self.pool, _DaskPool)
            if freeze:
                gc.freeze()
            try:
                job.futures = [(len(b), self._submit(b), b) for b in batches]
            finally:
                if freeze:
                    gc.unfreeze()
            self._started = self._started or bool(batches)
        else:
            job.futures = [(len(b), b, b) for b in batches]
        return job

    def _duplicates(self, frame: pd.DataFrame, ids: list, texts: list) -> list:
        """Per row: warnings for an id or a text seen earlier in the stream (rows numbered from 1)."""
        notes: list = [None] * len(texts)
        check_ids = "id" in frame.columns
        rules_dir = self.config.rules_dir
        for k, text in enumerate(texts):
            row = self._rows + k + 1
            found = []
            article_id = ids[k]
            if check_ids and _is_an_id(article_id):
                first = self._ids.setdefault(article_id, row)
                if first != row:
                    found.append(make_warning("warn.duplicate_id", rules_dir, id=repr(article_id), first=first))
            if isinstance(text, str) and text.strip():
                digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).digest()
                first = self._texts.setdefault(digest, row)
                if first != row:
                    found.append(make_warning("warn.duplicate_text", rules_dir, first=first))
            notes[k] = found or None
        self._rows += len(texts)
        return notes

    def _submit(self, batch: list[tuple]):
        # A local worker is told its parent's pid (it stops when the parent is gone); a Dask
        # worker's life is its nanny's business.
        parent = None if isinstance(self.pool, _DaskPool) else os.getpid()
        future = self.pool.submit(_audit_batch, batch, self.config, self.with_evidence, parent, self.with_sources)
        self._outstanding.add(future)
        return future

    def _result(self, future, batch: list[tuple]) -> list[tuple]:
        """A batch's results; on Dask, a batch lost with its worker is sent again (same articles, same results)."""
        attempt = 1
        while True:
            try:
                results = future.result()
            except Exception as exc:
                self._outstanding.discard(future)
                if not isinstance(self.pool, _DaskPool):
                    raise  # a local worker that died breaks the pool: BrokenProcessPool, reported as such
                if attempt == _DASK_ATTEMPTS:
                    first = batch[0][1] if batch else "?"
                    raise WorkersLost(f"a batch of {len(batch)} articles (the first: {first}) failed on the Dask "
                                      f"workers {attempt} times, last with {type(exc).__name__}: {exc} "
                                      "(workers running out of memory?)") from exc
                attempt += 1
                future = self._submit(batch)
            else:
                self._outstanding.discard(future)
                return results

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
        for size, pending, batch in job.futures:
            if isinstance(pending, list):
                results = _audit_batch(pending, self.config, self.with_evidence, None, self.with_sources)
            else:
                results = self._result(pending, batch)
            for position, values, error, found, trace, sources in results:
                job.values[position] = values
                job.errors[position] = error
                job.evidence[position] = found
                job.sources[position] = sources
                if trace is not None:
                    _LOG.debug("audit failed on %s", trace)
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
            return (_assemble(job.frame, job.values, job.errors, job.notes), found,
                    sources_frame(record for rows in job.sources if rows for record in rows))
        return _assemble(job.frame, job.values, job.errors, job.notes), found

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


def _is_an_id(value) -> bool:
    """A cell that names a row: not missing, and hashable (a list read from JSON is not an id)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return False
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _assemble(frame: pd.DataFrame, values: list, errors: list, notes: list | None = None) -> pd.DataFrame:
    """The input chunk (same index) with the metric, ``warnings`` and ``error`` columns added.

    The warnings of a row are those found when it was read (``load_warnings``: a saved page that kept little
    text, a folder mixing articles and tables), its audit's, and the stream's (``notes``: a duplicate id or
    text). An empty ``title`` is filled with the headline the audit found in the text.
    """
    width = len(METRIC_COLUMNS)
    metrics = metrics_frame([v[:width] if v is not None else (None,) * width for v in values])
    stale = (*METRIC_COLUMNS, ERROR_COLUMN, WARNINGS_COLUMN, LOAD_WARNINGS_COLUMN)
    kept = frame.drop(columns=[c for c in frame.columns if c in stale])
    loaded = frame[LOAD_WARNINGS_COLUMN].tolist() if LOAD_WARNINGS_COLUMN in frame.columns else [None] * len(frame)
    cells = []
    for k in range(len(frame)):
        parts = [loaded[k]] if isinstance(loaded[k], str) and loaded[k] else []
        audited = values[k][width] if k < len(values) and values[k] is not None and len(values[k]) > width else None
        if audited:
            parts.append(audited)
        if notes is not None and notes[k]:
            parts.append(format_warnings(notes[k]))
        cells.append(SEPARATOR.join(parts) if parts else None)
    if "title" in kept.columns and values:
        titles = kept["title"].tolist()
        for k, value in enumerate(values):
            found = value[width + 1] if value is not None and len(value) > width + 1 else None
            if found and not (isinstance(titles[k], str) and titles[k].strip()):
                titles[k] = found
        kept = kept.assign(title=pd.Series(titles, index=kept.index, dtype=object))
    out = pd.concat([kept.reset_index(drop=True), metrics], axis=1)
    out[WARNINGS_COLUMN] = pd.Series(cells, dtype=object)
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
    """Audit a stream of DataFrame chunks (from :func:`audit.reading.iter_corpus`), yielding each audited chunk in order.

    The workers live for the whole stream and only a bounded number of chunks is in flight, so
    memory stays flat however long the corpus is. Each item is ``(scores, evidence)``;
    ``evidence`` is None unless asked for. With ``sources=True`` each item is
    ``(scores, evidence, sources)``, ``sources`` the chunk's rows of :func:`audit.sources_table`.

    Args:
        frames: DataFrame chunks with a text column.
        text_col, workers, progress, config, evidence: as in :func:`audit.corpus.audit_corpus`.
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
        # SIGTERM and SIGHUP unwind the run like Ctrl-C: the workers are stopped before the error leaves.
        with stop_on_signals(), _Engine(workers, config, text_col, evidence, total, progress, results,
                                        client, with_sources=sources) as engine:
            yield from engine.run(frames)
    finally:
        if close_cache:
            results.close()
        if own_client:
            client.close()

