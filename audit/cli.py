"""The ``news-audit`` command (also ``python -m audit``): score a corpus, or show one article.

``score`` streams the corpus: it reads the inputs in chunks, audits each chunk in worker
processes (or on a Dask cluster with ``--dask``) and appends it to the output (Parquet row
groups, CSV or JSONL lines), so memory stays flat however many articles there are. With
``--cache FILE`` it keeps every audited article in an SQLite file and a rerun (after an
interruption, or on a grown corpus) audits only what is not in it yet. It prints a short table
of the first articles and a one-line summary. ``show`` audits one article and prints its
scorecard, then its evidence.

Exit status: 0 on success, 2 on a usage error, 1 when an input is missing or unreadable or
any article could not be audited (the output is still written, with the reason in ``error``).

Example:
    >>> main(["score", "no/such/file.jsonl", "-o", "out.csv"])  # doctest: +SKIP
    news-audit: error: no/such/file.jsonl: no such file or folder
    1
"""
from __future__ import annotations

import argparse
import math
import os
import sys
import traceback
from contextlib import contextmanager
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from . import __version__

_EXAMPLES = """\
examples:
  news-audit score data/sample/articles.jsonl -o out/sample_scores.csv --evidence out/sample_evidence.csv
  news-audit score articles/ feeds/*.csv -o out/scores.parquet --workers 4
  news-audit score data/sample/articles.jsonl -o out/scores.csv --sources out/sources.csv   # who is quoted
  news-audit score export.csv --text-col body -o out/scores.jsonl --quiet
  news-audit score big.jsonl -o out/big.parquet --cache out/audits.sqlite   # rerun: only new articles
  news-audit score big.jsonl -o out/big.parquet --dask tcp://scheduler:8786  # on a Dask cluster
  news-audit score big.jsonl -o out/big.parquet --dask local --workers 8     # a LocalCluster here
  news-audit show articles/0001.txt
  news-audit show saved_page.html
  news-audit validate export articles.jsonl -n 30 --by outlet -o sheet.csv   # or .xlsx, or tasks.json (Label Studio)
  news-audit validate report articles.jsonl sheet.csv --correct share_anonymous --by outlet

inputs: .txt and .html/.htm files (one article each; a folder is read by its supported files,
sorted by name), .jsonl/.json, .csv/.tsv and .parquet tables with a text column.
outputs: .parquet, .csv or .jsonl by extension; provenance (versions, rules hash, config) in the
Parquet metadata, or beside a CSV/JSONL file in <OUT>.provenance.json.
exit status: 0 success, 2 usage error, 1 a missing/unreadable input or an article that failed.
"""

# The per-article table printed by `score`: (column, header, width).
_TABLE = (
    ("id", "id", 16),
    ("title", "title", 36),
    ("words", "words", 6),
    ("attributions", "attrib", 6),
    ("share_anonymous", "anon", 5),
    ("hedges", "hedges", 6),
    ("claims_checkworthy", "check", 5),
    ("flesch_reading_ease", "FRE", 6),
    ("warnings", "warn", 4),
)
_TABLE_ROWS = 60
# What the short headers of that table mean, printed under it.
_TABLE_LEGEND = ("attrib: attributions; anon: share of them to anonymous sources; hedges: hedge cues; "
                 "check: check-worthy claims; FRE: Flesch reading ease (higher is easier); warn: warnings "
                 "(the warnings column says which)")
_EVIDENCE_SHOWN = 200
_KINDS = ("attribution", "hedge", "weasel", "booster", "claim")
_ERRORS_SHOWN = 10
_CHUNKSIZE = 1000

_COLOURS = {
    "attribution": "36", "source": "1;36", "cue": "35", "content": "2;36",
    "hedge": "33", "weasel": "1;33", "booster": "32", "claim": "1;34", "excluded": "2",
}


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's exit status 2, without the exception escaping main()
        self.print_usage(sys.stderr)
        raise _UsageError(f"{self.prog}: error: {message}")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="news-audit", description="Audit news articles for sourcing, hedging, claims and "
                     "readability.", epilog=_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"news-audit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="{score,show,validate}", parser_class=_Parser)
    commands.required = True

    score = commands.add_parser("score", help="audit a corpus and write one scorecard row per article",
                                epilog=_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    score.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders of articles")
    score.add_argument("-o", "--output", required=True, metavar="OUT",
                       help="the scores file: .parquet, .csv or .jsonl")
    score.add_argument("--evidence", metavar="EVIDENCE", help="also write the findings table (.parquet, .csv, .jsonl)")
    score.add_argument("--sources", metavar="SOURCES",
                       help="also write the sources table: one row per attribution with the source's canonical "
                            "name, type, official, inferred gender (.parquet, .csv, .jsonl)")
    score.add_argument("--workers", type=_positive_int, default=None, metavar="N",
                       help="worker processes (default: every CPU; 1 audits in this process)")
    score.add_argument("--text-col", default="text", metavar="NAME",
                       help="the column of CSV/JSONL/Parquet inputs holding the article text (default: text)")
    score.add_argument("--rules-dir", metavar="DIR", help="a folder of rule files overlaying the packaged ones")
    score.add_argument("--cache", metavar="FILE",
                       help="an SQLite file of audited articles: reuse the ones audited before with the same "
                            "rules and settings, add the others (an interrupted run resumes from it)")
    score.add_argument("--dask", metavar="ADDRESS",
                       help="audit on a Dask cluster: a scheduler address (tcp://host:8786), or 'local' to start "
                            "a LocalCluster of --workers single-threaded processes")
    score.add_argument("--dask-timeout", type=_positive_int, default=30, metavar="S",
                       help="seconds to wait for the Dask scheduler to answer (default: 30)")
    score.add_argument("--chunk-size", type=_positive_int, default=_CHUNKSIZE, metavar="N",
                       help=f"articles read, audited and written at a time (default: {_CHUNKSIZE})")
    score.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no per-article table")

    show = commands.add_parser("show", help="audit one article (.txt or .html) and print its scorecard and evidence",
                               epilog=_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    show.add_argument("file", metavar="FILE", help="one article: a .txt file or a saved .html page")
    show.add_argument("--rules-dir", metavar="DIR", help="a folder of rule files overlaying the packaged ones")
    show.add_argument("--limit", type=_count, default=_EVIDENCE_SHOWN, metavar="N",
                      help=f"print at most N findings of the evidence (default: {_EVIDENCE_SHOWN}; 0: all of them)")

    validate = commands.add_parser("validate", help="check the audit against people's annotations of a sample",
                                   epilog=_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    steps = validate.add_subparsers(dest="step", metavar="{export,report}", parser_class=_Parser)
    steps.required = True
    export = steps.add_parser("export", help="draw a sample and write it for annotation, the tool's answers filled in")
    export.add_argument("inputs", nargs="+", metavar="INPUT", help="the corpus: files or folders of articles")
    export.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="a spreadsheet (.csv, .xlsx) or Label Studio tasks (.json; the labelling interface "
                             "is written beside it as OUT.config.xml)")
    export.add_argument("-n", "--articles", type=_positive_int, default=30, metavar="N",
                        help="how many articles to sample (default: 30)")
    export.add_argument("--by", default="outlet", metavar="COLUMN",
                        help="stratify the sample by this column (default: outlet; 'none' for a simple sample)")
    export.add_argument("--seed", type=int, default=0, help="the sampling seed (default: 0)")
    export.add_argument("--kinds", default=",".join(_KINDS), metavar="LIST",
                        help=f"kinds of finding to review, comma-separated (default: {','.join(_KINDS)})")
    export.add_argument("--blank-rows", type=int, default=3, metavar="N",
                        help="empty rows per article for what the tool missed (spreadsheets; default: 3)")
    export.add_argument("--text-col", default="text", metavar="NAME", help="the text column of table inputs")
    export.add_argument("--rules-dir", metavar="DIR", help="a folder of rule files overlaying the packaged ones")
    report = steps.add_parser("report", help="agreement of the tool with the annotations, and corrected shares")
    report.add_argument("inputs", nargs="+", metavar="INPUT", help="the corpus the sample was drawn from")
    report.add_argument("annotations", metavar="ANNOTATIONS",
                        help="the filled-in sheet (.csv, .xlsx) or Label Studio's JSON export (.json)")
    report.add_argument("--annotator", metavar="NAME", help="with a Label Studio export of several users: whose")
    report.add_argument("--correct", metavar="SHARE",
                        help="also correct this share of the whole corpus (share_anonymous, share_named, ...)")
    report.add_argument("--by", metavar="COLUMN", help="with --correct: one corrected share per group")
    report.add_argument("--seed", type=int, default=0, help="the bootstrap seed (default: 0)")
    report.add_argument("-o", "--output", metavar="OUT", help="also write the agreement table (.csv)")
    report.add_argument("--text-col", default="text", metavar="NAME", help="the text column of table inputs")
    report.add_argument("--rules-dir", metavar="DIR", help="a folder of rule files overlaying the packaged ones")
    return parser


def _whole_number(value: str, minimum: int) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < minimum:
        raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {number}")
    return number


def _positive_int(value: str) -> int:
    return _whole_number(value, 1)


def _count(value: str) -> int:
    return _whole_number(value, 0)


def _debug() -> bool:
    """NEWS_AUDIT_DEBUG is set to something other than "", "0", "false" or "no": show tracebacks."""
    return os.environ.get("NEWS_AUDIT_DEBUG", "").strip().lower() not in ("", "0", "false", "no")


def _fail(message: str) -> int:
    print(f"news-audit: error: {message}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Example:
        >>> main(["--version"])  # doctest: +SKIP
        news-audit 0.1.0
        0
    """
    try:
        args = _parser().parse_args(argv)
    except _UsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help and --version exit 0 through argparse
        return int(exc.code or 0)
    from .engine import WorkersLost
    from .stopping import RunStopped, stop_on_signals

    try:
        # SIGTERM and SIGHUP stop a run the way Ctrl-C does; NEWS_AUDIT_DEBUG prints each failed row's traceback.
        with stop_on_signals(), _row_tracebacks():
            if args.command == "score":
                return _score(args)
            if args.command == "validate":
                return _validate(args)
            return _show(args)
    except _UsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"news-audit: interrupted{_resume_hint(args)}", file=sys.stderr)
        return 130
    except RunStopped as exc:
        print(f"news-audit: {exc}{_resume_hint(args)}", file=sys.stderr)
        return exc.code
    except WorkersLost as exc:
        return _fail(str(exc))
    except BrokenProcessPool:
        return _fail("a worker process died (out of memory?); try fewer --workers")
    except BrokenPipeError:  # `news-audit score ... | head`: the reader left, nothing to report
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except (OSError, ValueError, TypeError, ImportError) as exc:
        # Missing or unreadable inputs and malformed files: one clear line. The same exceptions can come from a
        # bug, so with NEWS_AUDIT_DEBUG set the traceback comes first.
        if _debug():
            traceback.print_exc()
        return _fail(str(exc))
    except Exception as exc:  # a bug: still one line, the traceback on request
        if type(exc).__name__ == "KilledWorker":  # distributed's, named without importing it
            return _fail(f"Dask workers kept dying on one task (out of memory?): {exc}")
        if _debug():
            raise
        return _fail(f"internal error ({type(exc).__name__}: {exc}); rerun with NEWS_AUDIT_DEBUG=1 "
                     "for the traceback and please report it")


@contextmanager
def _row_tracebacks():
    """With NEWS_AUDIT_DEBUG, the traceback of every row that failed goes to stderr while the command runs."""
    if not _debug():
        yield
        return
    import logging

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("news-audit: debug: %(message)s"))
    logger = logging.getLogger("audit")
    level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _resume_hint(args) -> str:
    """What a stopped ``score`` left: no output file, and (with a cache) the finished articles to reuse."""
    if getattr(args, "command", None) != "score":
        return ""
    if args.cache:
        return f"; no output written, finished articles kept in {args.cache}: rerun the same command to resume"
    return "; no output written"


def _config(args):
    from .config import AuditConfig

    if args.rules_dir is not None and not Path(args.rules_dir).is_dir():
        raise OSError(f"{args.rules_dir}: no such rules folder")
    return AuditConfig(rules_dir=args.rules_dir)


def _score(args) -> int:
    from .corpus import corpus_files, stream_corpus
    from .io import output_format
    from .reading import TextColumnError

    for option, path in (("-o", args.output), ("--evidence", args.evidence), ("--sources", args.sources)):
        if path is not None:
            try:
                output_format(path)
            except ValueError as exc:
                raise _UsageError(f"news-audit score: error: {option}: {exc}") from None
    if args.evidence and Path(args.evidence).resolve() == Path(args.output).resolve():
        raise _UsageError("news-audit score: error: --evidence must name a different file than -o")
    if args.sources and Path(args.sources).resolve() in {Path(p).resolve() for p in (args.output, args.evidence) if p}:
        raise _UsageError("news-audit score: error: --sources must name a different file than -o and --evidence")
    outputs = (args.output, args.evidence, args.sources)
    if args.cache and Path(args.cache).resolve() in {Path(p).resolve() for p in outputs if p}:
        raise _UsageError("news-audit score: error: --cache must name a different file than -o, --evidence "
                          "and --sources")
    config = _config(args)
    files = corpus_files(args.inputs)  # every input checked before anything is written or started

    def warn(message: str) -> None:
        print(f"news-audit: warning: {message}", file=sys.stderr)

    shown, errors = [], []

    def on_chunk(scores) -> None:
        bad = scores["error"].notna()
        if len(errors) < _ERRORS_SHOWN and bad.any():
            errors.extend(zip(scores.loc[bad, "id"], scores.loc[bad, "error"]))
        if len(shown) < _TABLE_ROWS:
            shown.extend(scores.head(_TABLE_ROWS - len(shown)).to_dict("records"))

    try:
        with _dask_client(args, warn) as client:
            run = stream_corpus(files, args.output, evidence_output=args.evidence, text_col=args.text_col,
                                workers=args.workers, progress=not args.quiet, config=config,
                                chunksize=args.chunk_size, cache=args.cache, client=client,
                                provenance_extra={"inputs": [str(p) for p in args.inputs]}, on_chunk=on_chunk,
                                warn=warn, sources_output=args.sources)
    except TextColumnError as exc:
        listed = ", ".join(exc.columns) or "none"
        return _fail(f"{exc.path}: no text column {exc.wanted!r} (columns: {listed}); "
                     f"name the column that holds the article text with --text-col COLUMN")
    if not args.quiet:
        _print_table(shown, run.rows)
    for article_id, message in errors[:_ERRORS_SHOWN]:
        print(f"news-audit: {article_id}: {message}", file=sys.stderr)
    if run.failed > len(errors[:_ERRORS_SHOWN]):
        print(f"news-audit: ... {run.failed - _ERRORS_SHOWN} more failed rows (see the error column)",
              file=sys.stderr)
    noun = "article" if run.rows == 1 else "articles"
    also = "".join(f" and {p}" for p in (args.evidence, args.sources) if p)
    cached = f" (cache: {run.cache_hits} reused, {run.cache_misses} audited)" if args.cache else ""
    warned = f", {run.warned} with warnings (see the warnings column)" if run.warned else ""
    print(f"audited {run.rows} {noun}, {run.failed} failed{warned} -> {args.output}{also}{cached}")
    return 1 if run.failed else 0


class _dask_client:
    """The Dask client ``--dask`` asks for (None without it), closed with whatever it started."""

    def __init__(self, args, warn) -> None:
        self.args, self.warn = args, warn
        self.cluster = self.client = None

    def __enter__(self):
        address = self.args.dask
        if address is None:
            return None
        try:
            from distributed import Client
        except ImportError:
            raise OSError("--dask needs Dask: pip install 'news-audit[dask]'") from None
        if address == "local":
            from .cluster import local_cluster

            self.cluster = local_cluster(self.args.workers)
            self.client = Client(self.cluster)
            return self.client
        if "://" not in address and ":" not in address:
            raise _UsageError(f"news-audit score: error: --dask: expected a scheduler address such as "
                              f"tcp://host:8786, or 'local', got {address!r}")
        if self.args.workers is not None:
            self.warn("--workers is ignored with a cluster address: the cluster's workers do the work")
        try:
            self.client = Client(address, timeout=self.args.dask_timeout)
        except (OSError, TimeoutError) as exc:
            raise OSError(f"--dask {address}: cannot reach the Dask scheduler ({exc})") from None
        return self.client

    def __exit__(self, *exc) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _cell(value, width: int, column: str) -> str:
    if column == "warnings":
        from .warnings import warning_ids

        value = len(warning_ids(value)) or None
    if value is None or value is _NA() or (isinstance(value, float) and math.isnan(value)):
        text = "-"
    elif isinstance(value, float):
        text = f"{value:.2f}"
    else:
        text = " ".join(str(value).split())
    if len(text) > width:
        text = text[: width - 1] + "…"
    numeric = column not in ("id", "title")
    return text.rjust(width) if numeric else text.ljust(width)


def _NA():
    import pandas as pd

    return pd.NA


def _print_table(rows: list[dict], total: int) -> None:
    if not rows:
        return
    print("  ".join(header.rjust(w) if col not in ("id", "title") else header.ljust(w) for col, header, w in _TABLE))
    for row in rows:
        if row.get("error") is not None:
            title = f"ERROR: {row['error']}"
            cells = [_cell(row.get("id"), 16, "id"), _cell(title, 36, "title")]
            print("  ".join(cells))
            continue
        print("  ".join(_cell(row.get(col), w, col) for col, _, w in _TABLE))
    if total > len(rows):
        print(f"... {total - len(rows)} more")
    print(_TABLE_LEGEND)


def _show(args) -> int:
    from .article import audit_text
    from .corpus import LOAD_ERROR_COLUMN, load_corpus
    from .evidence import evidence
    from .schema import GROUPS, SCHEMA

    path = Path(args.file)
    if path.suffix.lower() not in (".txt", ".html", ".htm"):
        raise _UsageError(f"news-audit show: error: {path.name}: show takes one article, a .txt or .html file "
                          "(use `news-audit score` for tables)")
    if path.is_dir():
        raise _UsageError(f"news-audit show: error: {path}: is a folder; show takes one article")
    config = _config(args)
    row = load_corpus(path).iloc[0]
    if LOAD_ERROR_COLUMN in row.index and isinstance(row[LOAD_ERROR_COLUMN], str):
        return _fail(f"{path}: {row[LOAD_ERROR_COLUMN]}")
    audited = audit_text(row["text"], title=row["title"], config=config)
    colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")

    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if colour else text

    heading = audited.title or row["id"]
    print(paint(heading, "1"))
    if row.get("encoding_error"):
        print(paint("note: invalid UTF-8 in the file was replaced with U+FFFD", "33"))
    for warning in (*audited.warnings, *_row_warnings(row)):
        print(paint(f"warning: {warning}", "33"))
    for group in GROUPS:
        columns = [c for c in SCHEMA if c.group == group]
        print(paint(f"\n{group}", "1"))
        for c in columns:
            value = audited.metrics.get(c.name)
            shown = "(not computed)" if value is None else _cell(value, 12, c.name).strip()
            print(f"  {c.name:<34} {shown}")
    table = evidence([audited], ids=[row["id"]])
    print(paint(f"\nevidence ({len(table)} findings)", "1"))
    shown = table if not args.limit else table.head(args.limit)
    for finding in shown.itertuples(index=False):
        where = f"{finding.start}-{finding.end}"
        label = f"{finding.kind}:{finding.type}" if finding.type else finding.kind
        title_mark = " [title]" if finding.in_title and finding.kind != "excluded" else ""
        text = " ".join(finding.text.split())
        if len(text) > 100:
            text = text[:99] + "…"
        print(f"  {where:>11}  {paint(label.ljust(28), _COLOURS.get(finding.kind, '0'))} {text}"
              f"  ({finding.rule}){title_mark}")
    if len(shown) < len(table):
        print(f"  ... {len(table) - len(shown)} more findings (--limit N prints N, --limit 0 all of them)")
    return 0


def _row_warnings(row) -> list[str]:
    """Warnings found when the file was read (a saved page whose extraction kept little text), as printed."""
    from .reading import LOAD_WARNINGS_COLUMN
    from .warnings import SEPARATOR

    cell = row.get(LOAD_WARNINGS_COLUMN)
    return cell.split(SEPARATOR) if isinstance(cell, str) and cell else []


def _corpus_for_validation(args):
    from .corpus import LOAD_ERROR_COLUMN, load_corpus

    column_map = {} if args.text_col == "text" else {"text": args.text_col}
    corpus = load_corpus(list(args.inputs), **column_map)
    if LOAD_ERROR_COLUMN in corpus.columns and corpus[LOAD_ERROR_COLUMN].notna().any():
        bad = corpus.loc[corpus[LOAD_ERROR_COLUMN].notna(), "id"].astype(str).tolist()
        print(f"news-audit: warning: {len(bad)} article(s) could not be read and are left out of the sample: "
              f"{bad[:5]}", file=sys.stderr)
        corpus = corpus[corpus[LOAD_ERROR_COLUMN].isna()]
    return corpus


def _validate(args) -> int:
    if args.step == "export":
        return _validate_export(args)
    return _validate_report(args)


def _validate_export(args) -> int:
    from . import validation

    suffix = Path(args.output).suffix.lower()
    if suffix not in (".csv", ".xlsx", ".json"):
        raise _UsageError("news-audit validate export: error: -o must end in .csv, .xlsx (a spreadsheet) or .json "
                          "(Label Studio tasks)")
    kinds = tuple(k.strip() for k in args.kinds.split(",") if k.strip())
    config = _config(args)
    corpus = _corpus_for_validation(args)
    by = None if args.by.lower() == "none" else args.by
    picked = validation.sample(corpus, min(args.articles, len(corpus)), by=by, seed=args.seed)
    results = validation.audit_articles(picked, config=config)
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".json":
        tasks = validation.to_label_studio(picked, args.output, results=results, kinds=kinds)
        config_path = Path(args.output).with_name(Path(args.output).name + ".config.xml")
        config_path.write_text(validation.label_studio_config(), encoding="utf-8")
        regions = sum(len(t["predictions"][0]["result"]) for t in tasks)
        print(f"{len(tasks)} Label Studio tasks with {regions} pre-annotations -> {args.output}; "
              f"labelling interface -> {config_path}")
    else:
        sheet = validation.export_sheet(picked, args.output, results=results, kinds=kinds,
                                        blank_rows=args.blank_rows)
        findings = int(sheet["kind"].astype(bool).sum())
        print(f"{len(picked)} articles, {findings} findings to review -> {args.output}")
    strata = picked["stratum"].value_counts().sort_index()
    print("sample: " + ", ".join(f"{name} {count}" for name, count in strata.items())
          + f" (seed {args.seed}; ids: {', '.join(picked['id'].astype(str))})")
    return 0


def _validate_report(args) -> int:
    import pandas as pd

    from . import validation

    config = _config(args)
    corpus = _corpus_for_validation(args)
    path = Path(args.annotations)
    if path.suffix.lower() == ".json":
        annotations = validation.read_label_studio(path, corpus)
        if args.annotator:
            annotations = annotations.only(args.annotator)
    else:
        annotations = validation.read_sheet(path, corpus)
    annotated = corpus[corpus["id"].astype(str).isin(annotations.articles)]
    results = validation.audit_articles(annotated, config=config)
    agreed = validation.agreement(results, annotations, seed=args.seed)
    table = agreed.table
    print(f"agreement with {path.name}: {len(agreed.articles)} articles, 95% intervals resample articles")
    print(f"  {'kind':<12} {'label':<19} {'tool':>5} {'annot':>5} {'both':>5}  {'precision':<17} {'recall':<17} "
          f"{'F1':<17}")

    def show(value, low, high) -> str:
        if pd.isna(value):
            return "-".ljust(17)
        interval = "" if pd.isna(low) else f" ({low:.2f}-{high:.2f})"
        return f"{value:.2f}{interval}".ljust(17)

    for row in table.itertuples(index=False):
        if row.label != "all" and row.tool == 0 and row.annotated == 0:
            continue
        print(f"  {row.kind:<12} {row.label:<19} {row.tool:>5} {row.annotated:>5} {row.both:>5}  "
              f"{show(row.precision, row.precision_low, row.precision_high)} "
              f"{show(row.recall, row.recall_low, row.recall_high)} {show(row.f1, row.f1_low, row.f1_high)}")
    if not pd.isna(agreed.kappa):
        print(f"source types of attributions both found: Cohen's kappa {agreed.kappa:.2f}")
    if len(agreed.confusion):
        print("confusion of source types (rows: tool, columns: annotator):")
        print("\n".join("  " + line for line in agreed.confusion.to_string().splitlines()))
    if args.output:
        table.to_csv(args.output, index=False)
        print(f"agreement table -> {args.output}")
    if args.correct:
        from .corpus import audit_corpus

        scores = audit_corpus(corpus, config=config, progress=False)
        try:
            fixed = validation.corrected(scores, agreed, args.correct, by=args.by, seed=args.seed)
        except ValueError as exc:
            return _fail(f"no corrected {args.correct}: {exc}")
        print(f"{args.correct} corrected for the tool's errors ({fixed['method'].iloc[0]}):")
        for group, row in fixed.iterrows():
            print(f"  {group}: observed {row.observed:.3f} ({row.observed_low:.3f}-{row.observed_high:.3f}), "
                  f"corrected {row.estimate:.3f} ({row.low:.3f}-{row.high:.3f})" + (f"; {row.note}" if row.note else ""))
    return 0
