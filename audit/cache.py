"""A content-hash cache of audit results (SQLite, standard library), so a rerun skips finished articles.

Each cached row is one article's scorecard values (and, when a run asked for them, its
findings), stored under:

* ``content``: sha256 of the article's headline and text, so the same story under another id,
  in another file or in a later export is found again;
* ``rules_hash``: the rule files in force (:func:`audit.lexicon.rules_hash`, packaged rules plus
  the user's overlay). Any rule change gives a new hash and so invalidates every cached row,
  on purpose: one new cue verb can change any article's counts, and the cache cannot tell
  which ones, so it redoes them all;
* ``config_hash``: the :class:`~audit.config.AuditConfig` settings that change numbers (claim
  threshold, transparency weights). The overlay folder's *path* is left out: its content is
  in the rules hash, and moving the same rules elsewhere changes nothing;
* ``version``: package, schema and textstat versions (a new release may count differently).

Rows of other setups stay in the file (switching back to the old rules finds them again) until
:meth:`ResultCache.prune` removes them. Articles that could not be audited are not cached.

The file is opened in WAL mode and written one transaction per chunk: a reader (another
terminal, a notebook) can query it while a run writes, and a run killed midway loses at
most the chunk in flight. A connection belongs to the process that opened it: worker processes
never touch the cache, the parent looks articles up before sending them out and stores the
results when they come back.

Example:
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "audits.sqlite")
    >>> with ResultCache(path) as cache:
    ...     key = content_key("The bridge reopened, the mayor said.", None)
    ...     _ = cache.store([(key, (7, 0.5), None)])
    ...     cache.lookup([key])[key].metrics
    (7, 0.5)
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from . import __version__
from .config import DEFAULT_CONFIG, AuditConfig
from .lexicon import rules_hash
from .readability import TEXTSTAT_VERSION
from .schema import METRIC_COLUMNS, SCHEMA_VERSION

# What a cached row holds after the metric values: the article's warnings and the headline found in its text.
CACHED_EXTRAS = ("warnings", "title_found")

# The layout of the SQLite file; bump when the table changes (an old file is then refused
# with a clear message instead of being misread).
CACHE_FORMAT = "1"
# SQLite limits the number of ? parameters in one statement (999 in old builds).
_LOOKUP_BATCH = 500

_SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audits (
    content TEXT NOT NULL,
    rules_hash TEXT NOT NULL,
    config_hash TEXT NOT NULL,
    version TEXT NOT NULL,
    metrics TEXT NOT NULL,
    evidence TEXT,
    created REAL NOT NULL,
    PRIMARY KEY (content, rules_hash, config_hash, version)
) WITHOUT ROWID;
"""


def content_key(text: str, title: str | None) -> str:
    """The sha256 of an article's headline and text, as the cache stores it.

    A missing headline and an empty one are the same article (the audit treats them alike).

    Example:
        >>> content_key("Rain is due.", None) == content_key("Rain is due.", "")
        True
        >>> content_key("Rain is due.", "Weather") == content_key("Rain is due.", None)
        False
    """
    digest = hashlib.sha256()
    # Length-prefixed so that a headline can never run into the text ("ab" + "c" vs "a" + "bc").
    head = (title or "").encode("utf-8", "surrogatepass")
    digest.update(f"{len(head)}:".encode())
    digest.update(head)
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def config_hash(config: AuditConfig) -> str:
    """A short hash of the settings that change the numbers (everything but the rules folder's path).

    Example:
        >>> config_hash(AuditConfig()) == config_hash(AuditConfig(claim_threshold=0.6))
        False
    """
    settings = config.to_dict()
    settings.pop("rules_dir", None)  # its content is in the rules hash
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class CacheSetup:
    """What produced a cached row besides the article: rules, settings and versions.

    Example:
        >>> CacheSetup.of().version.startswith("news-audit ")
        True
    """

    rules_hash: str
    config_hash: str
    version: str

    @classmethod
    def of(cls, config: AuditConfig | None = None) -> "CacheSetup":
        config = config or DEFAULT_CONFIG
        # The metric column names are part of the version: a row of values is only readable
        # against the same columns in the same order.
        columns = hashlib.sha256("\t".join((*METRIC_COLUMNS, *CACHED_EXTRAS)).encode()).hexdigest()[:8]
        version = f"news-audit {__version__}; schema {SCHEMA_VERSION}/{columns}; textstat {TEXTSTAT_VERSION}"
        return cls(rules_hash(config.rules_dir), config_hash(config), version)


@dataclass(frozen=True, slots=True)
class CachedAudit:
    """One article's cached result.

    Attributes:
        metrics: the scorecard values in :data:`audit.schema.METRIC_COLUMNS` order, then the article's
            warnings (the cell of the ``warnings`` column) and the headline found in its text (or None).
        evidence: the findings as evidence tuples without their article id (None when the run
            that stored the row did not ask for findings).
    """

    metrics: tuple
    evidence: tuple | None


def _plain(value):
    """numpy scalars and other number-likes as plain JSON values."""
    item = getattr(value, "item", None)
    if item is not None:
        return item()
    raise TypeError(f"cannot store {type(value).__name__} in the audit cache")


def _dump(values) -> str:
    # NaN is a real value here (a share with no denominator), and json reads back what it writes.
    return json.dumps(list(values), default=_plain, allow_nan=True, separators=(",", ":"))


class ResultCache:
    """Audit results keyed by article content and the setup that produced them, in one SQLite file.

    Args:
        path: the SQLite file (created with its folder when missing).
        config: the setup of this run (rules folder, settings); the defaults when None.

    Attributes:
        hits: articles found in the cache since the cache was opened.
        misses: articles looked up and not found (they are audited, then stored).

    Raises:
        ValueError: the file is not an audit cache of this format.

    Example:
        >>> import tempfile, os
        >>> with ResultCache(os.path.join(tempfile.mkdtemp(), "c.sqlite")) as cache:
        ...     cache.lookup(["0" * 64]), cache.misses
        ({}, 1)
    """

    def __init__(self, path: str | os.PathLike, config: AuditConfig | None = None) -> None:
        self.path = Path(path)
        self.setup = CacheSetup.of(config)
        self.hits = 0
        self.misses = 0
        self._pid = os.getpid()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        try:
            self._set_up()
        except sqlite3.OperationalError as exc:  # a full disk, a read-only folder, a file held too long
            self._db.close()
            raise OSError(f"{self.path}: cannot open the audit cache ({exc})") from exc
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise ValueError(f"{self.path}: not an audit cache ({exc})") from exc
        except ValueError:
            self._db.close()
            raise

    def _check_format(self) -> None:
        row = self._db.execute("SELECT value FROM info WHERE key = 'format'").fetchone()
        if row is None:
            self._db.execute("INSERT OR IGNORE INTO info VALUES ('format', ?)", (CACHE_FORMAT,))
        elif row[0] != CACHE_FORMAT:
            raise ValueError(f"{self.path}: audit cache format {row[0]}, this version reads format "
                             f"{CACHE_FORMAT}; use a new cache file")

    def _own(self) -> sqlite3.Connection:
        # An SQLite connection copied into another process (fork) corrupts the file's locks.
        if os.getpid() != self._pid:
            raise RuntimeError("an audit cache connection cannot be used from another process; "
                               "open the cache in the process that uses it")
        return self._db

    def lookup(self, keys: Sequence[str], *, with_evidence: bool = False) -> dict[str, CachedAudit]:
        """The cached results of these content keys under this setup (missing keys are left out).

        Args:
            keys: content keys from :func:`content_key`.
            with_evidence: count a row stored without findings as missing.

        Example:
            >>> import tempfile, os
            >>> with ResultCache(os.path.join(tempfile.mkdtemp(), "c.sqlite")) as cache:
            ...     _ = cache.store([("k1", (3,), None)])
            ...     sorted(cache.lookup(["k1", "k2"])), cache.hits, cache.misses
            (['k1'], 1, 1)
        """
        db = self._own()
        wanted = list(dict.fromkeys(keys))
        found: dict[str, CachedAudit] = {}
        setup = (self.setup.rules_hash, self.setup.config_hash, self.setup.version)
        for i in range(0, len(wanted), _LOOKUP_BATCH):
            part = wanted[i:i + _LOOKUP_BATCH]
            marks = ",".join("?" * len(part))
            rows = db.execute(
                "SELECT content, metrics, evidence FROM audits WHERE rules_hash = ? AND config_hash = ? "
                f"AND version = ? AND content IN ({marks})", (*setup, *part))
            for content, metrics, evidence in rows:
                if with_evidence and evidence is None:
                    continue
                found[content] = CachedAudit(
                    tuple(json.loads(metrics)),
                    None if evidence is None else tuple(tuple(r) for r in json.loads(evidence)))
        hits = sum(k in found for k in keys)
        self.hits += hits
        self.misses += len(keys) - hits
        return found

    def store(self, entries: Iterable[tuple[str, Sequence, Sequence | None]]) -> int:
        """Store results in one transaction: ``(content key, metric values, evidence or None)``.

        Evidence tuples are stored without their article id. A row stored earlier without
        findings gains them; a row's findings are never dropped by a later run without them.

        Returns:
            The number of rows written.
        """
        db = self._own()
        now = time.time()
        setup = (self.setup.rules_hash, self.setup.config_hash, self.setup.version)
        rows = [(key, *setup, _dump(values), None if evidence is None else _dump([list(r) for r in evidence]), now)
                for key, values, evidence in entries]
        if not rows:
            return 0
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany(
                    "INSERT INTO audits (content, rules_hash, config_hash, version, metrics, evidence, created) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (content, rules_hash, config_hash, version) DO UPDATE "
                    "SET metrics = excluded.metrics, evidence = coalesce(excluded.evidence, audits.evidence)", rows)
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    try:
                        db.execute("ROLLBACK")
                    except sqlite3.Error:  # the connection is going anyway; SQLite undoes it on close
                        pass
                raise
        except sqlite3.OperationalError as exc:  # a full disk, or another run holding the file too long
            raise OSError(f"{self.path}: cannot write to the audit cache ({exc}); the articles stored "
                          "before are kept") from exc
        return len(rows)

    def _set_up(self) -> None:
        """WAL mode and the schema. Two runs opening one new cache at the same moment can meet SQLite's
        "database is locked" while one of them switches the journal mode (that step does not wait for the busy
        timeout), so it is tried again for a few seconds before giving up."""
        for attempt in range(100):
            try:
                # WAL: readers never block the writer and a crash never corrupts committed chunks.
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._db.executescript(_SCHEMA_SQL)
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or attempt == 99:
                    raise
                time.sleep(0.05)
        self._check_format()

    def __len__(self) -> int:
        """Rows cached under this run's setup."""
        return self._own().execute(
            "SELECT count(*) FROM audits WHERE rules_hash = ? AND config_hash = ? AND version = ?",
            (self.setup.rules_hash, self.setup.config_hash, self.setup.version)).fetchone()[0]

    def stale(self) -> int:
        """Rows cached under other rules, settings or versions (what :meth:`prune` would remove)."""
        total = self._own().execute("SELECT count(*) FROM audits").fetchone()[0]
        return total - len(self)

    def prune(self) -> int:
        """Remove the rows of every other setup; returns how many were removed."""
        db = self._own()
        cursor = db.execute("DELETE FROM audits WHERE NOT (rules_hash = ? AND config_hash = ? AND version = ?)",
                            (self.setup.rules_hash, self.setup.config_hash, self.setup.version))
        return cursor.rowcount

    def close(self) -> None:
        if os.getpid() == self._pid:
            self._db.close()

    def __enter__(self) -> "ResultCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __getstate__(self):
        raise TypeError("an audit cache cannot be sent to another process: look articles up in the parent "
                        "and send only the ones to audit")


def count_rows(path: str | os.PathLike) -> int:
    """Rows in a cache file, whatever their setup, read without writing (safe while a run writes).

    Example:
        >>> count_rows("no/such/cache.sqlite")
        0
    """
    path = Path(path)
    if not path.is_file():
        return 0
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30.0)
    try:
        return db.execute("SELECT count(*) FROM audits").fetchone()[0]
    except sqlite3.OperationalError:  # the table is not created yet
        return 0
    finally:
        db.close()

