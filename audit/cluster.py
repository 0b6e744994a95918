"""Corpus audits on Dask: a lazy scorecard for a ``dask.dataframe.DataFrame``, and cluster helpers.

The audit is pure Python and holds the GIL, so it scales with processes: run Dask workers
with one thread each (``LocalCluster(processes=True, threads_per_worker=1)``, or
``dask worker --nthreads 1`` on a cluster). :func:`audit_dask` maps the same per-chunk code as
:func:`audit.audit_corpus` over each partition, so a Dask run gives the rows a pandas run gives,
with the same columns and dtypes (the ``meta`` comes from :func:`audit.schema.meta`).

Each worker process reads and compiles the rule files once, the first time it audits an
article (they are cached per process and rules folder), not once per row or per partition;
:func:`rule_file_loads` counts the loads on a worker, for ``client.run``.

This module imports Dask lazily: ``import audit`` never needs it.

Example:
    >>> import pandas as pd, dask.dataframe as dd
    >>> articles = dd.from_pandas(pd.DataFrame({"id": ["n1", "n2"], "text": [
    ...     "The port reopened on Friday, officials said.", "Rain is expected, forecasters said."]}),
    ...     npartitions=2)
    >>> scores = audit_dask(articles)          # lazy: nothing is audited yet
    >>> scores.compute(scheduler="sync")["words"].tolist()
    [7, 5]
"""
from __future__ import annotations

import os

import pandas as pd

from .config import DEFAULT_CONFIG, AuditConfig
from .schema import ERROR_COLUMN, METRIC_COLUMNS, WARNINGS_COLUMN, meta


def output_meta(columns) -> pd.DataFrame:
    """The empty frame a Dask audit returns: the input's other columns, the metrics, ``warnings``, ``error``.

    Args:
        columns: the input's column name -> dtype mapping (``ddf.dtypes``).

    Example:
        >>> list(output_meta({"id": "object", "words": "int64"}).columns)[:2]
        ['id', 'words']
    """
    kept = {str(name): dtype for name, dtype in dict(columns).items()
            if name not in METRIC_COLUMNS and name not in (ERROR_COLUMN, WARNINGS_COLUMN)}
    return meta(kept)


def audit_partition(partition: pd.DataFrame, text_col: str, config: AuditConfig,
                    dtypes: dict | None = None) -> pd.DataFrame:
    """Audit one partition in the calling process (what every Dask task runs).

    Args:
        partition: rows with a text column (and optionally ``title`` and ``id``).
        text_col: the text column.
        config: the audit settings.
        dtypes: cast the result to these dtypes (the ``meta``'s), so each partition matches it.

    Example:
        >>> part = pd.DataFrame({"text": ["Fares rose, the agency said."]}, index=[7])
        >>> audit_partition(part, "text", AuditConfig()).loc[7, "sentences"]
        np.int64(1)
    """
    from .engine import audit_chunks

    # One chunk, audited here: a Dask worker is already one of many processes.
    [(scores, _)] = list(audit_chunks([partition], text_col=text_col, workers=1, progress=False, config=config))
    if dtypes:
        scores = scores.astype({name: dtype for name, dtype in dtypes.items() if name in scores.columns})
    return scores


def audit_dask(ddf, *, text_col: str = "text", config: AuditConfig | None = None):
    """The scorecard of every row of a Dask DataFrame, as a lazy Dask DataFrame.

    Nothing runs until ``.compute()``, ``.to_parquet(...)`` or ``.persist()``; then each
    partition is audited by whatever Dask scheduler is active (a ``distributed.Client`` to a
    cluster, a ``LocalCluster``, or Dask's local schedulers). Rows keep their partition, order
    and index; the columns are the input's (minus any stale metric columns) followed by
    :data:`audit.schema.METRIC_COLUMNS`, ``warnings`` and ``error``, with the pandas path's dtypes. Duplicate
    ids and texts are looked for within each partition only.

    Args:
        ddf: a ``dask.dataframe.DataFrame`` with a text column (and optionally ``title``, ``id``).
        text_col: the column holding the article text.
        config: an :class:`AuditConfig`; the defaults when None.

    Raises:
        ValueError: ``ddf`` has no ``text_col`` column.

    Example:
        >>> import dask.dataframe as dd
        >>> lazy = audit_dask(dd.from_pandas(pd.DataFrame({"text": ["It rained."]}), npartitions=1))
        >>> str(lazy["words"].dtype), list(lazy.columns)[-1]
        ('Int64', 'error')
    """
    config = config or DEFAULT_CONFIG
    if not isinstance(config, AuditConfig):
        raise TypeError(f"config must be an AuditConfig, got {type(config).__name__}")
    if text_col not in ddf.columns:
        columns = ", ".join(map(str, ddf.columns)) or "none"
        raise ValueError(f"no text column {text_col!r} (columns: {columns}); pass text_col=NAME")
    empty = output_meta(ddf.dtypes)
    dtypes = {name: empty[name].dtype for name in empty.columns}
    return ddf.map_partitions(audit_partition, text_col, config, dtypes, meta=empty)


def rule_file_loads() -> int:
    """How many times this process has read a rule file (packaged or overlay) so far.

    Run it on every worker with ``client.run(rule_file_loads)``: after a corpus run the count
    is at most the number of rule files, whatever the number of rows, and a second run adds
    nothing (the files are read once per process).

    Example:
        >>> from audit.article import audit_text
        >>> _ = audit_text("The mayor said so.")
        >>> before = rule_file_loads(); _ = audit_text("The chief said so."); rule_file_loads() - before
        0
    """
    from .lexicon import _packaged, _user

    return _packaged.cache_info().misses + _user.cache_info().misses


def local_cluster(workers: int | None = None, **options):
    """A ``distributed.LocalCluster`` sized for the audit: one single-threaded process per worker.

    Args:
        workers: worker processes (every CPU when None).
        **options: passed to ``LocalCluster`` (e.g. ``memory_limit``).

    Example:
        >>> cluster = local_cluster(1)  # doctest: +SKIP
    """
    from distributed import LocalCluster

    # Loopback only, and the scheduler's small HTTP server (health checks) on a free port rather
    # than 8787, which another cluster on the machine may hold.
    settings = dict(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                    dashboard_address=None, host="127.0.0.1", scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})
    settings.update(options)
    return LocalCluster(**settings)


def write_dataset(scores, path, *, config: AuditConfig | None = None, keep_text: bool = False, **options) -> None:
    """Write a lazy Dask scorecard as a Parquet dataset: one file per partition, written by the workers.

    Every file carries the schema's types (an ``error`` column of nothing but None is still
    text, not Arrow's null type) and the provenance under ``news_audit`` in its metadata, like
    the files :mod:`audit.io` writes. ``pandas.read_parquet(path)`` reads the folder back.

    Args:
        scores: the result of :func:`audit_dask` (or ``audit_corpus`` on a Dask DataFrame).
        path: the dataset folder (local, or any fsspec URL the workers can write, e.g. ``s3://...``).
        config: the configuration the scores were made with (for the provenance).
        keep_text: also write the article text (left out by default, as the command line does).
        **options: passed to ``dask.dataframe.DataFrame.to_parquet``.

    Example:
        >>> import dask.dataframe as dd, tempfile, os
        >>> articles = dd.from_pandas(pd.DataFrame({"text": ["It rained, forecasters said."]}), npartitions=1)
        >>> folder = os.path.join(tempfile.mkdtemp(), "scores")
        >>> write_dataset(audit_dask(articles), folder)
        >>> pd.read_parquet(folder)["words"].tolist()
        [4]
    """
    import json

    import pyarrow as pa

    from .engine import provenance
    from .io import PROVENANCE_KEY

    if not keep_text and "text" in scores.columns:
        scores = scores.drop(columns="text")
    empty = scores._meta
    schema = pa.Schema.from_pandas(empty, preserve_index=False)
    for position, name in enumerate(schema.names):
        if empty[name].dtype == object:  # nothing to infer from an empty column: these hold text
            schema = schema.set(position, pa.field(name, pa.string()))
    record = json.dumps(provenance(config), default=str)
    settings = dict(schema=schema, write_index=False, custom_metadata={PROVENANCE_KEY: record})
    settings.update(options)
    scores.to_parquet(path, **settings)
