"""Who is quoted: the sources table, one row per person or organisation per article, and the most quoted.

Three views of the same attributions, from the narrowest to the widest:

* :func:`sources_table`: one row per body attribution, with the article id, the source as written, its
  canonical name (one person in an article is one name: "Secretary Ana Ruiz", "Ruiz" and a "she" resolved
  to her are all "Ana Ruiz"), title, type, official, channel, direct, inferred gender and its rule and
  evidence, the cue, the statement's start and end and the rule that found it;
* :func:`distinct_sources`: one row per source per article, with the number of attributions;
* :func:`most_quoted`: across a corpus, the people and organisations quoted in the most articles, per
  outlet (or any column). A person named in full is one person in every article ("Ana Ruiz" in ten
  articles); a bare surname ("Ruiz") counts only within its own article, since two articles' Ruiz may be
  two people;
* :func:`women_quoted_table`: per outlet (or any column) of a corpus table, the share of women among the
  quoted people whose gender was inferred, with its interval and the unknown share.

Gender here is *inferred* (see :mod:`audit.gender`): report the share of women with the unknown share beside it.

Example:
    >>> import audit
    >>> result = audit.audit_text("Ana Ruiz said the bridge would close. Tom Hale said it would not.")
    >>> sources_table(result)[["source_name", "source_type", "gender"]].values.tolist()
    [['Ana Ruiz', 'named_person', 'female'], ['Tom Hale', 'named_person', 'male']]
"""
from __future__ import annotations

from typing import Iterable, Mapping

from .article import ArticleAudit
from .evidence import audits_table
from .gender import people_keys
from .schema import METADATA_COLUMNS, SOURCES_COLUMNS

# Source types that count as a "who" in most_quoted (documents are what, not who).
WHO_TYPES = ("named_person", "named_organization", "unnamed_person", "unnamed_group", "anonymous")


def sources_records(audited: ArticleAudit, article_id) -> list[tuple]:
    """One article's body attributions as tuples in :data:`audit.schema.SOURCES_COLUMNS` order.

    Example:
        >>> import audit
        >>> row = sources_records(audit.audit_text("“No,” said Mayor Ana Ruiz on Monday."), "a1")[0]
        >>> row[:6]
        ('a1', 'Mayor Ana Ruiz', 'Ana Ruiz', 'Mayor', 'named_person', True)
    """
    attributions = audited.attributions
    keys = people_keys(attributions)
    rows = []
    for attribution, key in zip(attributions, keys):
        if attribution.in_title:
            continue
        rows.append((
            str(article_id),
            attribution.source.text if attribution.source is not None else None,
            key[1] if key is not None else None,
            attribution.source_title,
            attribution.source_type,
            bool(attribution.official),
            attribution.channel,
            bool(attribution.direct),
            attribution.source_gender,
            attribution.gender_rule,
            attribution.gender_evidence,
            attribution.cue.text if attribution.cue is not None else None,
            int(attribution.statement.start),
            int(attribution.statement.end),
            attribution.rule,
        ))
    return rows


def sources_frame(records: Iterable[tuple]):
    """A DataFrame of sources tuples with the columns and dtypes of :data:`audit.schema.SOURCES_COLUMNS`."""
    return _frame(records, SOURCES_COLUMNS)


# Article metadata copied onto every row of a sources table of a corpus, so it can be grouped by outlet or date.
_SOURCES_METADATA = ("outlet", "date", "section")


def _frame(records: Iterable[tuple], columns):
    import pandas as pd

    records = list(records)
    values = list(zip(*records)) if records else [()] * len(columns)
    return pd.DataFrame({name: pd.Series(list(v), dtype=dtype) for (name, dtype), v in zip(columns, values)})


def sources_table(results, ids: Iterable | None = None, *, text_col: str = "text", config=None):
    """One row per body attribution of one or many articles: who is quoted, how, and their inferred gender.

    Args:
        results: an :class:`~audit.article.ArticleAudit`, a sequence of them, a mapping id -> audit, or a
            corpus DataFrame (as :func:`audit.load_corpus` returns: it is audited here, in this process, and
            its ``outlet``, ``date`` and ``section`` are copied onto each row; for a large corpus,
            ``audit.stream_corpus(corpus, "scores.parquet", sources_output="sources.parquet")`` does the same in
            worker processes).
        ids: the article ids, in the order of ``results`` (a mapping's keys, the frame's ``id`` column,
            or 0, 1, ... when None).
        text_col: the text column of a corpus DataFrame.
        config: an :class:`~audit.config.AuditConfig` for auditing a corpus DataFrame.

    Returns:
        A DataFrame with columns id, source, source_name, source_title, source_type, official, channel,
        direct, gender, gender_rule, gender_evidence, cue, start, end, rule (and the corpus metadata
        columns after id, for a corpus). ``start``/``end`` are the statement's offsets in the article text.

    Raises:
        TypeError: ``results`` is none of the above.
        ValueError: ``ids`` and ``results`` differ in length.

    Example:
        >>> import audit
        >>> table = sources_table({"n1": audit.audit_text("Ana Ruiz said yes. “Maybe,” she said.")})
        >>> table[["id", "source", "source_name", "gender", "gender_rule"]].values.tolist()
        [['n1', 'Ana Ruiz', 'Ana Ruiz', 'female', 'pron.she'], ['n1', 'she', 'Ana Ruiz', 'female', 'pron.she']]
    """
    import pandas as pd

    if isinstance(results, pd.DataFrame):
        return _corpus_sources(results, text_col=text_col, config=config)
    return audits_table(results, ids, sources_records, sources_frame, "sources_table()",
                        "an ArticleAudit, a list of them, a mapping id -> ArticleAudit or a corpus DataFrame")


def _corpus_sources(corpus, *, text_col: str, config):
    """Audit each row of a corpus frame here (one process; for big corpora, stream_corpus(..., sources_output=...))."""
    from .article import audit_text

    if text_col not in corpus.columns:
        raise ValueError(f"no text column {text_col!r} in the corpus (columns: {', '.join(map(str, corpus.columns))})")
    ids = corpus["id"].tolist() if "id" in corpus.columns else list(corpus.index)
    titles = corpus["title"].tolist() if "title" in corpus.columns and text_col != "title" else [None] * len(corpus)
    meta = [c for c in _SOURCES_METADATA if c in corpus.columns]
    records = []
    for position, (article_id, text, title) in enumerate(zip(ids, corpus[text_col].tolist(), titles)):
        if not isinstance(text, str):
            continue  # audit_corpus keeps such a row with its error; it has no sources to list
        audited = audit_text(text, title=title if isinstance(title, str) and title.strip() else None, config=config)
        extra = tuple(corpus[c].iloc[position] for c in meta)
        records.extend(row[:1] + extra + row[1:] for row in sources_records(audited, article_id))
    columns = [("id", "str"), *((c, "object") for c in meta), *SOURCES_COLUMNS[1:]]
    return _frame(records, columns)


def distinct_sources(sources):
    """One row per source per article (a person, an organisation, a described source), with its counts.

    Args:
        sources: a table from :func:`sources_table`.

    Returns:
        A DataFrame: id (and the metadata columns of ``sources``), source_name, source_type, attributions
        (how many times the article attributes to it), direct (how many of those are direct quotes),
        official (any attribution official), source_title (the first given), gender, gender_rule.
        Attributions with no source at all are left out.

    Example:
        >>> import audit
        >>> table = sources_table(audit.audit_text("Ana Ruiz said yes. Tom Hale said no. Ruiz said it again."))
        >>> distinct_sources(table)[["source_name", "attributions", "gender"]].values.tolist()
        [['Ana Ruiz', 2, 'female'], ['Tom Hale', 1, 'male']]
    """
    _require(sources, ("id", "source_name", "source_type", "official", "direct", "gender", "gender_rule",
                       "source_title"))
    meta = [c for c in METADATA_COLUMNS if c in sources.columns and c not in ("id", "text")]
    named = sources[sources["source_name"].notna()]
    keys = ["id", "source_name", "source_type"]
    grouped = named.groupby(keys, sort=False, dropna=False)
    table = grouped.agg(
        **{m: (m, "first") for m in meta},
        attributions=("source_type", "size"),
        direct=("direct", "sum"),
        official=("official", "any"),
        source_title=("source_title", "first"),
        gender=("gender", "first"),
        gender_rule=("gender_rule", "first"),
    ).reset_index()
    table["attributions"] = table["attributions"].astype("int64")
    table["direct"] = table["direct"].astype("int64")
    return table[["id", *meta, "source_name", "source_type", "attributions", "direct", "official", "source_title",
                  "gender", "gender_rule"]]


def most_quoted(sources, by: str | None = "outlet", top: int = 20, *, types: Iterable[str] = WHO_TYPES):
    """The people and organisations quoted in the most articles, per outlet (or per any column).

    A person named in full ("Ana Ruiz") and a named organisation ("Harbor City Council") are the same in
    every article; a bare surname or a single name ("Ruiz", "Cher"), an organisation described in lower case
    ("company") and an unnamed source ("resident") count only within their article, so they are listed with
    the article's id.

    Args:
        sources: a table from :func:`sources_table` (or :func:`distinct_sources`), with the ``by`` column.
        by: the column to group by ("outlet", "section", ...), or None for the whole corpus.
        top: how many to list per group.
        types: the source types to list (by default every type but documents).

    Returns:
        A DataFrame: ``by`` (when given), source_name, source_type, articles, attributions, official,
        gender, ranked by articles and then attributions within each group.

    Raises:
        ValueError: ``by`` is not a column of ``sources``, or ``top`` is not a positive number.

    Example:
        >>> import pandas as pd
        >>> corpus = pd.DataFrame({"id": ["a", "b"], "outlet": ["Ledger", "Ledger"],
        ...                        "text": ["Ana Ruiz said yes.", "Mayor Ana Ruiz said no. Tom Hale said yes."]})
        >>> most_quoted(sources_table(corpus))[["outlet", "source_name", "articles"]].values.tolist()
        [['Ledger', 'Ana Ruiz', 2], ['Ledger', 'Tom Hale', 1]]
    """
    if not isinstance(top, int) or top < 1:
        raise ValueError(f"top must be a positive whole number, got {top!r}")
    _require(sources, ["id", "source_name", "source_type"])
    if "attributions" not in sources.columns:
        sources = distinct_sources(sources)
    _require(sources, ["id", "source_name", "source_type", "attributions"] + ([by] if by else []))
    table = sources[sources["source_type"].isin(list(types))].copy()
    named = table["source_name"].astype(str)
    across = ((table["source_type"] == "named_person") & named.str.contains(" ", regex=False)) | (
        (table["source_type"] == "named_organization") & named.str[:1].str.isupper())
    # a single name or a described source is one source only within its article
    table["who"] = table["source_name"].where(across, table["source_name"] + " (" + table["id"].astype(str) + ")")
    groups = ([by] if by else []) + ["who", "source_type"]
    summary = table.groupby(groups, sort=False, dropna=False).agg(
        source_name=("source_name", "first"),
        articles=("id", "nunique"),
        attributions=("attributions", "sum"),
        official=("official", "any"),
        gender=("gender", lambda g: _agreed(g)),
    ).reset_index()
    summary["source_name"] = summary["who"]
    summary = summary.drop(columns="who")
    order = ([by] if by else []) + ["articles", "attributions", "source_name"]
    ascending = ([True] if by else []) + [False, False, True]
    summary = summary.sort_values(order, ascending=ascending, kind="stable")
    if by:
        summary = summary.groupby(by, sort=False, dropna=False).head(top)
    else:
        summary = summary.head(top)
    columns = ([by] if by else []) + ["source_name", "source_type", "articles", "attributions", "official", "gender"]
    return summary[columns].reset_index(drop=True)


def _women_counts(df):
    import pandas as pd

    _require_frame(df, ["sources_female", "sources_male", "sources_gender_unknown"], "audit.audit_corpus()")
    female = pd.to_numeric(df["sources_female"], errors="coerce").astype("float64")
    male = pd.to_numeric(df["sources_male"], errors="coerce").astype("float64")
    unknown = pd.to_numeric(df["sources_gender_unknown"], errors="coerce").astype("float64")
    return female, female + male, unknown


def women_quoted_table(df, by: str | None = "outlet", *, confidence: float = 0.95):
    """One row per group: the share of women among quoted people whose gender was inferred, with its interval.

    The share is pooled over people (the group's women over its women and men); the interval is the
    cluster-adjusted Wilson interval of :func:`audit.intervals.share_interval` (people quoted in one article
    are not independent). ``unknown`` is the share of the group's quoted people whose gender was not
    inferred: report it beside the estimate.

    Example:
        >>> import pandas as pd
        >>> df = pd.DataFrame({"outlet": ["A", "A", "B"], "sources_female": [1, 2, 0],
        ...                    "sources_male": [3, 2, 1], "sources_gender_unknown": [1, 0, 0]})
        >>> t = women_quoted_table(df)
        >>> t.loc["A", "estimate"], t.loc["A", "people"], round(t.loc["A", "unknown"], 3)
        (np.float64(0.375), np.int64(9), np.float64(0.111))
    """
    import numpy as np
    import pandas as pd

    from .intervals import share_interval

    female, gendered, unknown = _women_counts(df)
    groups = df[by].astype("string").fillna("(none)") if by else pd.Series("all", index=df.index)
    rows = {}
    for group, index in groups.groupby(groups, sort=True).groups.items():
        interval = share_interval(female.loc[index].fillna(0), gendered.loc[index].fillna(0), confidence=confidence)
        people = float(np.nansum(gendered.loc[index]) + np.nansum(unknown.loc[index]))
        rows[group] = {"estimate": interval.estimate, "low": interval.low, "high": interval.high,
                       "articles": int(len(index)), "people": int(people),
                       "unknown": float(np.nansum(unknown.loc[index]) / people) if people else float("nan"),
                       "degenerate": bool(interval.degenerate), "note": interval.note}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = by or "group"
    return table


def _agreed(genders):
    """The gender the articles agree on (one person's articles may infer it or not), else None."""
    seen = {g for g in genders if isinstance(g, str)}
    return seen.pop() if len(seen) == 1 else None


def _require(frame, columns) -> None:
    _require_frame(frame, columns, "audit.sources_table()")


def _require_frame(frame, columns, maker: str) -> None:
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"needs a DataFrame from {maker}, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"missing column(s) {', '.join(missing)}: pass a table from {maker}")
