"""Writing corpus tables: Parquet, CSV and JSONL, streamed chunk by chunk, always with provenance.

Every file written carries what produced it (package and textstat versions, rules hash,
config, schema version): Parquet in its key-value metadata under ``news_audit``, CSV and JSONL
in a sidecar ``<file>.provenance.json``. A file is written under a temporary name and moved
into place when complete, so a failed run never leaves a half-written table that looks whole.

CSV cells that a spreadsheet would run as a formula (text starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return, and not a number) get a leading apostrophe: a corpus of
scraped pages is untrusted input, and ``=HYPERLINK(...)`` in a headline must stay text.

Example:
    >>> import pandas as pd, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "scores.csv")
    >>> write_table(pd.DataFrame({"title": ["=1+2"]}), path, {"schema_version": "1"})
    >>> open(path).read().splitlines()[1]
    "'=1+2"
"""
from __future__ import annotations

import json
import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .schema import COUNT, ENCODING_COLUMN, ERROR_COLUMN, EVIDENCE_COLUMNS, METADATA_COLUMNS, SCHEMA, WARNINGS_COLUMN

PROVENANCE_KEY = "news_audit"
FORMATS = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def output_format(path: str | os.PathLike) -> str:
    """``parquet``, ``csv`` or ``jsonl``, from the file's extension.

    Raises:
        ValueError: the extension is not one the project writes.

    Example:
        >>> output_format("out/scores.parquet")
        'parquet'
    """
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"cannot write {Path(path).name!r}: the output must end in "
                         f"{', '.join(sorted(FORMATS))}")
    return FORMATS[suffix]


def sidecar_path(path: str | os.PathLike) -> Path:
    """Where the provenance of a CSV or JSONL file is written: ``<file>.provenance.json``."""
    path = Path(path)
    return path.with_name(path.name + ".provenance.json")


def neutralise_formula(value):
    """``value`` made safe to open in a spreadsheet: a leading apostrophe when it would run as a formula.

    Example:
        >>> neutralise_formula("=SUM(A1:A9)"), neutralise_formula("-3.5"), neutralise_formula("Mayor")
        ("'=SUM(A1:A9)", '-3.5', 'Mayor')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def _neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    text_columns = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])
                    and not pd.api.types.is_bool_dtype(frame[c])]
    if not text_columns:
        return frame
    frame = frame.copy()
    for c in text_columns:
        frame[c] = frame[c].map(neutralise_formula)
    return frame


def read_provenance(path: str | os.PathLike) -> dict | None:
    """The provenance recorded with a file this project wrote, or None when it has none.

    Example:
        >>> read_provenance("no/such/file.csv") is None
        True
    """
    path = Path(path)
    if output_format(path) == "parquet":
        if not path.is_file():
            return None
        meta = pq.read_schema(path).metadata or {}
        raw = meta.get(PROVENANCE_KEY.encode())
        return json.loads(raw) if raw else None
    side = sidecar_path(path)
    return json.loads(side.read_text(encoding="utf-8")) if side.is_file() else None


_ARROW = {COUNT: pa.int64(), "int64": pa.int64(), "float64": pa.float64(), "str": pa.string(),
          "bool": pa.bool_(), "boolean": pa.bool_()}


def _known_types() -> dict[str, pa.DataType]:
    """Columns whose type the project defines, whatever the first chunk happens to hold."""
    known = {name: _ARROW[dtype] for name, dtype in EVIDENCE_COLUMNS}
    known.update({name: pa.string() for name in METADATA_COLUMNS})
    known.update({ERROR_COLUMN: pa.string(), WARNINGS_COLUMN: pa.string(), ENCODING_COLUMN: pa.bool_()})
    known.update({c.name: _ARROW[c.dtype] for c in SCHEMA})
    return known


def _arrow_type_for(name: str, series: pd.Series) -> pa.DataType:
    """A stable Arrow type for one column, from its first chunk (later chunks are cast to it)."""
    known = _known_types().get(name)
    if known is not None:
        return known
    if series.isna().all():  # nothing to infer from: text accepts anything that comes later
        return pa.string()
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return pa.bool_()
    if pd.api.types.is_integer_dtype(dtype):
        return pa.int64()
    if pd.api.types.is_float_dtype(dtype):
        return pa.float64()
    if isinstance(dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_any_dtype(dtype):
        return pa.string()  # dates are written as text: sources disagree on their formats
    return pa.string()


def _pandas_dtype(name: str, arrow_type: pa.DataType) -> str:
    known = {c.name: c.dtype for c in SCHEMA}
    known.update(dict(EVIDENCE_COLUMNS))
    known[ENCODING_COLUMN] = "bool"
    if name in known:
        return known[name]
    if pa.types.is_integer(arrow_type):
        return "Int64"
    if pa.types.is_floating(arrow_type):
        return "float64"
    if pa.types.is_boolean(arrow_type):
        return "boolean"
    return "object"


def _as_strings(series: pd.Series) -> list:
    return [None if _is_null(v) else (v if isinstance(v, str) else _to_text(v)) for v in series]


def _to_text(value) -> str:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", errors="replace")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _is_null(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and value != value


class TableWriter:
    """Writes a corpus table chunk by chunk (Parquet row groups, CSV or JSONL appends).

    The columns and their types are fixed by the first chunk: later chunks are reordered to
    them, a column they lack is written empty, a column they add is dropped with a warning,
    and values that do not fit a numeric column become missing (so one odd row cannot
    abort a run over a million). Use as a context manager; the file appears on success only.

    Example:
        >>> import pandas as pd, tempfile, os
        >>> path = os.path.join(tempfile.mkdtemp(), "scores.jsonl")
        >>> with TableWriter(path, {"schema_version": "1"}) as out:
        ...     out.write(pd.DataFrame({"id": ["a"], "words": [3]}))
        >>> open(path).read()
        '{"id":"a","words":3}\\n'
    """

    def __init__(self, path: str | os.PathLike, provenance: Mapping, *, warn=None) -> None:
        self.path = Path(path)
        self.format = output_format(self.path)
        self.provenance = dict(provenance)
        self.rows = 0
        self._warn = warn or (lambda message: None)
        self._partial = self.path.with_name(f".{self.path.name}.partial")
        self._schema: pa.Schema | None = None
        self._parquet: pq.ParquetWriter | None = None
        self._handle = None
        self._dropped: set[str] = set()

    def __enter__(self) -> "TableWriter":
        # An output that cannot be written fails here, before any article is audited.
        with self._writing():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._partial.touch()
        return self

    @contextmanager
    def _writing(self):
        """A failed write (disk full, no permission) named by the file the user asked for, not the temporary one."""
        try:
            yield
        except OSError as exc:
            error = OSError(f"{self.path}: cannot write ({exc.strerror or exc})")
            error.errno = exc.errno  # ENOSPC, EACCES, EROFS, ... as the system said
            raise error from exc

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self._abort()

    def _fix_schema(self, frame: pd.DataFrame) -> None:
        fields = [pa.field(str(c), _arrow_type_for(str(c), frame[c])) for c in frame.columns]
        metadata = {PROVENANCE_KEY: json.dumps(self.provenance, default=str)}
        # pandas' own metadata, so that read_parquet gives back the schema's dtypes (Int64 counts
        # stay integers even where a row failed).
        empty = pd.DataFrame({f.name: pd.Series([], dtype=_pandas_dtype(f.name, f.type)) for f in fields})
        pandas_meta = pa.Schema.from_pandas(empty, preserve_index=False).metadata or {}
        metadata.update({k.decode(): v.decode() for k, v in pandas_meta.items()})
        self._schema = pa.schema(fields, metadata=metadata)

    def _conform(self, frame: pd.DataFrame) -> pa.Table:
        """The chunk as an Arrow table with exactly the schema fixed by the first chunk."""
        extra = [c for c in frame.columns if c not in self._schema.names and c not in self._dropped]
        if extra:
            self._dropped.update(extra)
            self._warn(f"columns {extra} first appear after the first chunk and are not written")
        arrays = []
        for field in self._schema:
            if field.name in frame.columns:
                series = frame[field.name]
            else:
                series = pd.Series([None] * len(frame), dtype=object)
            arrays.append(self._column(series, field))
        return pa.Table.from_arrays(arrays, schema=self._schema)

    def _column(self, series: pd.Series, field: pa.Field) -> pa.Array:
        if pa.types.is_string(field.type):
            return pa.array(_as_strings(series), type=pa.string())
        if pa.types.is_boolean(field.type):
            return pa.array([None if _is_null(v) else bool(v) for v in series], type=pa.bool_())
        numbers = pd.to_numeric(series, errors="coerce") if not pd.api.types.is_numeric_dtype(series) else series
        if pa.types.is_integer(field.type):
            values = [None if _is_null(v) else v for v in numbers.astype(object)]
            clean = [int(v) if v is not None and float(v).is_integer() else None for v in values]
            return pa.array(clean, type=pa.int64())
        return pa.array(numbers.to_numpy(dtype="float64", na_value=np.nan), type=pa.float64(), from_pandas=True)

    def write(self, frame: pd.DataFrame) -> None:
        """Append one chunk of rows."""
        with self._writing():
            self._write(frame)

    def _write(self, frame: pd.DataFrame) -> None:
        if self._schema is None:
            self._fix_schema(frame)
        table = self._conform(frame)
        if self.format == "parquet":
            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self._partial, self._schema)
            self._parquet.write_table(table)
        else:
            if self._handle is None:
                self._handle = open(self._partial, "w", encoding="utf-8", newline="")
            chunk = table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
            if self.format == "csv":
                _neutralised(chunk).to_csv(self._handle, index=False, header=self.rows == 0, lineterminator="\n")
            else:
                for record in chunk.to_dict(orient="records"):
                    self._handle.write(json.dumps({k: _json_value(v) for k, v in record.items()},
                                                  ensure_ascii=False, separators=(",", ":"), allow_nan=False))
                    self._handle.write("\n")
        self.rows += len(frame)

    def close(self) -> None:
        """Finish the file, move it into place and write the provenance sidecar (CSV, JSONL)."""
        try:
            with self._writing():
                self._close()
        except BaseException:
            self._abort()
            raise

    def _close(self) -> None:
        if self._schema is None:  # nothing was written: still leave a valid, empty table
            self._fix_schema(pd.DataFrame())
            if self.format == "parquet":
                self._parquet = pq.ParquetWriter(self._partial, self._schema)
            else:
                self._handle = open(self._partial, "w", encoding="utf-8", newline="")
        if self._parquet is not None:
            self._parquet.close()
        if self._handle is not None:
            self._handle.close()
        os.replace(self._partial, self.path)
        if self.format != "parquet":
            sidecar_path(self.path).write_text(json.dumps(self.provenance, indent=2, default=str) + "\n",
                                               encoding="utf-8")

    def _abort(self) -> None:
        for writer in (self._parquet, self._handle):
            try:
                if writer is not None:
                    writer.close()
            except Exception:  # the write already failed (a full disk fails the close too): the file goes anyway
                pass
        self._partial.unlink(missing_ok=True)


def _json_value(value):
    if _is_null(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def write_table(frame: pd.DataFrame, path: str | os.PathLike, provenance: Mapping | None = None) -> None:
    """Write a whole DataFrame to Parquet, CSV or JSONL (by extension), with provenance.

    Args:
        frame: the table; its ``attrs["news_audit"]`` is used when ``provenance`` is None.
        path: the output file (``.parquet``, ``.csv`` or ``.jsonl``).
        provenance: what produced the table.

    Example:
        >>> import pandas as pd, tempfile, os
        >>> path = os.path.join(tempfile.mkdtemp(), "t.parquet")
        >>> write_table(pd.DataFrame({"words": [1]}), path, {"schema_version": "1"})
        >>> read_provenance(path)
        {'schema_version': '1'}
    """
    provenance = provenance if provenance is not None else frame.attrs.get(PROVENANCE_KEY, {})
    with TableWriter(path, provenance) as out:
        if len(frame.columns):
            out.write(frame.reset_index(drop=True))
