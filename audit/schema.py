"""The scorecard schema: every column of ``ArticleAudit.metrics``, defined once.

Each :class:`Column` says what a number is (its meaning), how it is computed (its formula)
and from which findings it is counted, so a reader can trace any cell of a corpus table back
to spans of an article. The same tuple drives the pandas dtypes of :func:`audit.audit_corpus`,
the ``meta`` a Dask map needs, the Parquet schema and the README table
(:func:`markdown_table`), so they cannot drift apart.

Counts are nullable integers (``Int64``) so that a row that could not be audited holds
``<NA>`` instead of a made-up 0; shares, rates and scores are ``float64``, NaN when their
denominator is 0 (an article with no attributions has no share of anonymous ones).

Example:
    >>> [c.name for c in SCHEMA[:3]]
    ['words', 'words_quoted', 'words_reporter']
    >>> pandas_dtypes()["share_anonymous"]
    'float64'
"""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

SCHEMA_VERSION = "1"

COUNT = "Int64"  # pandas nullable integer: <NA> for rows that could not be audited
RATIO = "float64"

# Columns a corpus table carries besides the metrics: what load_corpus produces (the text is
# the input, kept in DataFrames and left out of files the CLI writes) and the audit's error.
METADATA_COLUMNS = ("id", "title", "text", "outlet", "date", "url", "author", "section", "source_file")
ERROR_COLUMN = "error"
ENCODING_COLUMN = "encoding_error"
# Reasons to distrust a row (audit.warnings): "id: message" items joined by " | ", None when there are none.
WARNINGS_COLUMN = "warnings"


@dataclass(frozen=True, slots=True)
class Column:
    """One metric of the scorecard.

    Attributes:
        name: the key in ``ArticleAudit.metrics`` and the column name in corpus tables.
        dtype: the pandas dtype (``Int64`` for counts, ``float64`` for shares, rates, scores).
        group: base, sourcing, hedging, claims, scorecard or readability.
        meaning: what the number tells a reader, in plain words.
        formula: how it is computed from other columns or findings.
        finding: which findings it is counted from (what to look at in the evidence table).

    Example:
        >>> column("share_named").formula
        '(attributions_named_person + attributions_named_organization) / attributions'
    """

    name: str
    dtype: str
    group: str
    meaning: str
    formula: str
    finding: str


def _c(name: str, dtype: str, group: str, meaning: str, formula: str, finding: str) -> Column:
    return Column(name, dtype, group, meaning, formula, finding)


_BODY = "body sentences (segment)"
_ATTR = "attributions (kind=attribution in the evidence table)"
_HEDGE = "hedge cues (kind=hedge)"
_CLAIM = "claims (kind=claim)"
_READ = "body text (readability, equal to textstat 0.7.8)"
_PEOPLE = "people quoted (audit.sources_table; gender_rule says why)"


def _share(source_type: str, label: str) -> Column:
    return _c(f"share_{source_type}", RATIO, "sourcing", f"Share of body attributions to {label}.",
              f"attributions_{source_type} / attributions", _ATTR)


SCHEMA: tuple[Column, ...] = (
    # base
    _c("words", COUNT, "base", "Words in the body (headline and set-aside page furniture excluded).",
       "count of words in body sentences", _BODY),
    _c("words_quoted", COUNT, "base", "Body words inside quotation marks.",
       "count of words in quotation spans", "quotes (segment)"),
    _c("words_reporter", COUNT, "base", "Body words in the reporter's own voice.",
       "words - words_quoted", _BODY),
    _c("sentences", COUNT, "base", "Body sentences.", "count of body sentences", _BODY),
    _c("paragraphs", COUNT, "base", "Body paragraphs.", "count of body paragraphs", "paragraphs (segment)"),
    _c("quotes", COUNT, "base", "Quotation spans in the body (a quote running over n paragraphs counts n).",
       "count of quotation spans", "quotes (segment)"),
    _c("excluded_segments", COUNT, "base", "Stretches set aside as page furniture (headline, byline, caption, ...).",
       "count of excluded spans", "excluded (kind=excluded)"),
    # sourcing
    _c("attributions", COUNT, "sourcing", "Statements the article attributes to a source, in the body.",
       "count of body attributions", _ATTR),
    _c("sources_unique", COUNT, "sourcing", "Distinct sources cited in the body.",
       "count of distinct normalised source names", "sources (kind=source)"),
    _c("attributions_named_person", COUNT, "sourcing", "Attributions to a person named in the article.",
       "count where source_type = named_person", _ATTR),
    _c("attributions_named_organization", COUNT, "sourcing", "Attributions to a named organisation.",
       "count where source_type = named_organization", _ATTR),
    _c("attributions_unnamed_person", COUNT, "sourcing",
       "Attributions to a described but unnamed person (\"a police spokesman\").",
       "count where source_type = unnamed_person", _ATTR),
    _c("attributions_unnamed_group", COUNT, "sourcing",
       "Attributions to a described but unnamed group (\"officials\", \"experts\").",
       "count where source_type = unnamed_group", _ATTR),
    _c("attributions_anonymous", COUNT, "sourcing",
       "Attributions to sources kept anonymous (\"sources familiar with the matter\").",
       "count where source_type = anonymous", _ATTR),
    _c("attributions_document", COUNT, "sourcing", "Attributions to a document (a report, a filing, a statement).",
       "count where source_type = document", _ATTR),
    _share("named_person", "named people"),
    _share("named_organization", "named organisations"),
    _share("unnamed_person", "unnamed people"),
    _share("unnamed_group", "unnamed groups"),
    _share("anonymous", "anonymous sources"),
    _share("document", "documents"),
    _c("share_named", RATIO, "sourcing", "Share of body attributions to a named person or organisation.",
       "(attributions_named_person + attributions_named_organization) / attributions", _ATTR),
    _c("share_official", RATIO, "sourcing", "Share of body attributions to an official source (named or not).",
       "attributions whose source is official / attributions", _ATTR),
    _c("share_direct", RATIO, "sourcing", "Share of body attributions whose content is a direct quotation.",
       "attributions with quoted content / attributions", _ATTR),
    _c("attributions_per_100_words", RATIO, "sourcing", "How densely the body is sourced.",
       "100 * attributions / words", _ATTR),
    _c("sources_female", COUNT, "sourcing",
       "Distinct people quoted in the body whose inferred gender is female (inferred, not declared; see audit.gender).",
       "count of distinct named or unnamed people with source_gender = female", _PEOPLE),
    _c("sources_male", COUNT, "sourcing",
       "Distinct people quoted in the body whose inferred gender is male (inferred, not declared; see audit.gender).",
       "count of distinct named or unnamed people with source_gender = male", _PEOPLE),
    _c("sources_gender_unknown", COUNT, "sourcing",
       "Distinct people quoted in the body whose gender the text and the name table do not settle.",
       "count of distinct named or unnamed people with no source_gender", _PEOPLE),
    _c("share_female_sources", RATIO, "sourcing",
       "Share of women among the quoted people whose gender was inferred; read it with sources_gender_unknown.",
       "sources_female / (sources_female + sources_male)", _PEOPLE),
    # hedging
    _c("hedges", COUNT, "hedging", "Hedge cues in the body (\"may\", \"reportedly\", \"appears to\").",
       "count of body cues with kind = hedge, approximators aside", _HEDGE),
    _c("hedges_reporter", COUNT, "hedging", "Hedge cues in the reporter's own voice.",
       "hedge cues outside quotation spans", _HEDGE),
    _c("hedges_quoted", COUNT, "hedging", "Hedge cues inside quotations (the source hedges).",
       "hedge cues inside quotation spans", _HEDGE),
    _c("hedges_per_100_words_reporter", RATIO, "hedging", "How much the reporter hedges.",
       "100 * hedges_reporter / words_reporter", _HEDGE),
    _c("hedges_per_100_words_quoted", RATIO, "hedging", "How much quoted sources hedge.",
       "100 * hedges_quoted / words_quoted", _HEDGE),
    _c("weasels", COUNT, "hedging", "Weasel cues in the body (\"some say\", \"it is believed\").",
       "count of body cues with kind = weasel", "weasel cues (kind=weasel)"),
    _c("boosters", COUNT, "hedging", "Booster cues in the body (\"clearly\", \"undoubtedly\").",
       "count of body cues with kind = booster", "booster cues (kind=booster)"),
    _c("weasels_per_100_words", RATIO, "hedging", "Density of weasel cues.", "100 * weasels / words",
       "weasel cues (kind=weasel)"),
    _c("boosters_per_100_words", RATIO, "hedging", "Density of booster cues.", "100 * boosters / words",
       "booster cues (kind=booster)"),
    # claims
    _c("claims", COUNT, "claims", "Body sentences that assert something checkable.", "count of body claims", _CLAIM),
    _c("claims_checkworthy", COUNT, "claims", "Claims worth checking (score at or above the config threshold).",
       "count of claims with score >= claim_threshold", _CLAIM),
    _c("claims_checkworthy_unattributed", COUNT, "claims", "Check-worthy claims that no source is cited for.",
       "count of check-worthy claims with no attribution", _CLAIM),
    _c("share_checkworthy_unattributed", RATIO, "claims", "Share of check-worthy claims left unattributed.",
       "claims_checkworthy_unattributed / claims_checkworthy", _CLAIM),
    # scorecard
    _c("transparency_index", RATIO, "scorecard",
       "Sourcing transparency, 0 (opaque) to 1 (every source on the record); see audit.scorecard.",
       "weighted mean of the credit of the sources (named, document, official vs unnamed, anonymous) "
       "and 1 - share_checkworthy_unattributed, clipped to 0..1",
       "the share_* columns"),
    # readability
    _c("flesch_reading_ease", RATIO, "readability", "Flesch reading ease (higher is easier).",
       "206.835 - 1.015 * words/sentence - 84.6 * syllables/word", _READ),
    _c("flesch_kincaid_grade", RATIO, "readability", "Flesch-Kincaid US grade level.",
       "0.39 * words/sentence + 11.8 * syllables/word - 15.59", _READ),
    _c("gunning_fog", RATIO, "readability", "Gunning fog index (years of schooling).",
       "0.4 * (words/sentence + 100 * hard words/words)", _READ),
    _c("smog_index", RATIO, "readability", "SMOG grade.",
       "1.043 * sqrt(30 * polysyllables/sentences) + 3.1291", _READ),
    _c("coleman_liau_index", RATIO, "readability", "Coleman-Liau grade.",
       "0.058 * letters per 100 words - 0.296 * sentences per 100 words - 15.8", _READ),
    _c("automated_readability_index", RATIO, "readability", "Automated readability index (grade).",
       "4.71 * characters/word + 0.5 * words/sentence - 21.43", _READ),
    _c("dale_chall_readability_score", RATIO, "readability", "Dale-Chall score.",
       "0.1579 * % difficult words + 0.0496 * words/sentence (+ 3.6365 when > 5% difficult)", _READ),
    _c("text_standard", RATIO, "readability", "textstat's consensus grade, as a number.",
       "most common grade among the formulas above and Linsear Write", _READ),
)

METRIC_COLUMNS: tuple[str, ...] = tuple(c.name for c in SCHEMA)
GROUPS: tuple[str, ...] = ("base", "sourcing", "hedging", "claims", "scorecard", "readability")

# The long table of findings (audit.evidence): one row per span.
EVIDENCE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "str"),
    ("kind", "str"),  # attribution, source, cue, content, hedge, weasel, booster, claim, excluded
    ("type", "str"),  # source type, cue category, claim kinds, excluded kind
    ("start", "int64"),
    ("end", "int64"),
    ("text", "str"),
    ("rule", "str"),
    ("in_title", "bool"),
    ("score", "float64"),  # claims only: the check-worthiness score
    ("checkworthy", "boolean"),  # claims only
)

# The sources table (audit.sources_table): one row per body attribution.
SOURCES_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "str"),
    ("source", "object"),  # the source as written ("Mayor Ana Ruiz", "she"), None for a continued quotation
    ("source_name", "object"),  # canonical: one person in an article is one name ("Ana Ruiz")
    ("source_title", "object"),
    ("source_type", "str"),
    ("official", "bool"),
    ("channel", "str"),
    ("direct", "bool"),
    ("gender", "object"),  # inferred: female, male or None (unknown); see audit.gender
    ("gender_rule", "object"),  # the id of the rule that decided it (pron.she, gender.ms, name.ana)
    ("gender_evidence", "object"),  # the words that decided it ("she", "Ms.", "Ana")
    ("cue", "object"),
    ("start", "int64"),  # the statement's offsets in the article text
    ("end", "int64"),
    ("rule", "str"),
)

_BY_NAME = MappingProxyType({c.name: c for c in SCHEMA})


def column(name: str) -> Column:
    """The schema entry of one metric.

    Raises:
        KeyError: ``name`` is not a metric of the scorecard.

    Example:
        >>> column("words").dtype
        'Int64'
    """
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"{name!r} is not a scorecard column; see audit.schema.METRIC_COLUMNS") from None


def pandas_dtypes() -> dict[str, str]:
    """Metric name -> pandas dtype, in schema order.

    Example:
        >>> pandas_dtypes()["words"]
        'Int64'
    """
    return {c.name: c.dtype for c in SCHEMA}


def metrics_frame(rows, index=None):
    """A DataFrame of metric rows with the schema's columns, order and dtypes.

    Args:
        rows: a sequence of tuples in ``METRIC_COLUMNS`` order (None for a missing value) or of
            metric dicts (missing keys become missing values).
        index: the index of the result; a RangeIndex when None.

    Example:
        >>> metrics_frame([{"words": 3}]).loc[0, "words"]
        np.int64(3)
    """
    import numpy as np
    import pandas as pd

    rows = [tuple(r.get(name) for name in METRIC_COLUMNS) if isinstance(r, Mapping) else r for r in rows]
    columns = list(zip(*rows)) if rows else [()] * len(SCHEMA)
    data = {}
    for col, values in zip(SCHEMA, columns):
        if col.dtype == COUNT:
            data[col.name] = pd.array([None if _missing(v) else int(v) for v in values], dtype=COUNT)
        else:
            data[col.name] = np.array([np.nan if v is None else v for v in values], dtype=col.dtype)
    frame = pd.DataFrame(data, index=index if index is not None else pd.RangeIndex(len(rows)))
    return frame


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def meta(metadata: dict[str, str] | None = None):
    """An empty DataFrame with the output columns and dtypes (Dask's ``meta``).

    Args:
        metadata: the metadata columns kept from the input, name -> dtype, placed first.

    Example:
        >>> list(meta({"id": "str"}).columns[:2])
        ['id', 'words']
    """
    import pandas as pd

    columns = {name: pd.Series([], dtype=dtype) for name, dtype in (metadata or {}).items()}
    columns.update({c.name: pd.Series([], dtype=c.dtype) for c in SCHEMA})
    # object, as audit_corpus returns them: None for a row without (a "str" column would say NaN).
    columns[WARNINGS_COLUMN] = pd.Series([], dtype=object)
    columns[ERROR_COLUMN] = pd.Series([], dtype=object)
    return pd.DataFrame(columns)


def arrow_schema(metadata=None):
    """The pyarrow schema of the metric columns, optionally after some metadata fields.

    Args:
        metadata: pyarrow fields (or (name, type) pairs) to put first.

    Example:
        >>> str(arrow_schema().field("words").type)
        'int64'
    """
    import pyarrow as pa

    to_arrow = {COUNT: pa.int64(), RATIO: pa.float64()}
    fields = [pa.field(*f) if isinstance(f, tuple) else f for f in (metadata or [])]
    fields += [pa.field(c.name, to_arrow[c.dtype]) for c in SCHEMA]
    return pa.schema(fields)


def markdown_table() -> str:
    """The README's schema table, generated from :data:`SCHEMA` (paste it between the README markers).

    Example:
        >>> markdown_table().splitlines()[0]
        '| column | type | meaning | formula | counted from |'
    """
    kinds = {COUNT: "count", RATIO: "float"}
    lines = ["| column | type | meaning | formula | counted from |", "|---|---|---|---|---|"]
    for c in SCHEMA:
        cells = (f"`{c.name}`", kinds[c.dtype], c.meaning, c.formula, c.finding)
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"
