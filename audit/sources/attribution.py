"""The Attribution record every stage builds towards, and the per-article sourcing metrics."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterable

from ..spans import Span, require_findings

SOURCE_TYPES = ("named_person", "named_organization", "unnamed_person", "unnamed_group", "anonymous", "document")

CHANNELS = ("speech", "statement", "interview", "social_media", "document", "writing", "broadcast", "unspecified")


@dataclass(frozen=True, slots=True)
class Attribution:
    """One sourced statement.

    Attributes:
        statement: the whole sourced statement (the sentence, or the sentences of a multi-sentence quote).
        source: the source as written ("Gen. Mark Milley", "he", "people familiar with the matter"), or None.
        cue: the attribution cue ("said", "according to", "wrote"), or None for a continued quotation.
        content: what is attributed (the quotation or the reported clause), or None.
        source_name: canonical name ("Mark Milley" for "Gen. Mark Milley", for "Milley" and for a later "he").
        source_title: the role when given ("chairman of the Joint Chiefs of Staff"), or None.
        source_type: one of :data:`SOURCE_TYPES`.
        official: True for government, military, police, courts, public agencies and their spokespeople.
        channel: how it reached the reporter: speech, statement, interview, social_media, document, writing, broadcast.
        direct: True when the content is quoted verbatim.
        rule: id of the rule that produced the attribution (``+`` joins the rules that typed it).
        in_title: True for a finding in the headline (kept out of the per-article metrics).
        source_gender: the *inferred* gender of a person source, "female" or "male", or None when unknown,
            not a person, or ``AuditConfig(infer_gender=False)`` (see :mod:`audit.gender`: from pronouns resolved
            to the person, honorifics and gendered titles, then a table of first names; never a declared gender).
        gender_rule: the id of the rule that decided ``source_gender`` ("pron.she", "gender.ms", "name.ana").
        gender_evidence: the words that decided it ("she", "Ms.", "Ana").

    Example:
        >>> from audit.sources import find_attributions
        >>> a = find_attributions("“It was a draft,” he said.")[0]
        >>> a.cue.text, a.direct, a.content.text
        ('said', True, '“It was a draft,”')
    """

    statement: Span
    source: Span | None
    cue: Span | None
    content: Span | None
    source_name: str | None
    source_title: str | None
    source_type: str
    official: bool
    channel: str
    direct: bool
    rule: str
    in_title: bool = False
    source_gender: str | None = None
    gender_rule: str | None = None
    gender_evidence: str | None = None

    def to_dict(self) -> dict:
        """A plain dict (spans as dicts), ready for JSON or a DataFrame row."""
        return asdict(self)

METRIC_KEYS = (
    "attributions", "sources_unique",
    *(f"attributions_{kind}" for kind in SOURCE_TYPES),
    *(f"share_{kind}" for kind in SOURCE_TYPES),
    "share_named", "share_official", "share_direct", "attributions_per_100_words",
)


def sourcing_metrics(attributions: Iterable[Attribution], words: int) -> dict:
    """Per-article sourcing figures over the body (headline findings are left out).

    Shares are fractions of the body attributions (NaN when there are none); ``sources_unique`` counts
    distinct canonical source names (unnamed sources count once per distinct wording).

    Example:
        >>> from audit.sources import find_attributions
        >>> found = find_attributions("The mayor said the bridge was safe. Critics said it was not.")
        >>> m = sourcing_metrics(found, words=12)
        >>> m["attributions"], m["share_unnamed_group"], m["attributions_per_100_words"]
        (2, 0.5, 16.666666666666668)
    """
    attributions = require_findings(attributions, Attribution, "sourcing_metrics()",
                                    "audit.find_attributions(text) or attributions_in(doc)")
    body = [a for a in attributions if not a.in_title]
    n = len(body)
    counts = {kind: 0 for kind in SOURCE_TYPES}
    for a in body:
        counts[a.source_type] += 1
    sources = {(a.source_name or (a.source.text.lower() if a.source is not None else None), a.source_type)
               for a in body if a.source_name or a.source is not None}
    nan = float("nan")

    def share(k: int) -> float:
        return k / n if n else nan

    metrics = {"attributions": n, "sources_unique": len(sources)}
    metrics.update({f"attributions_{kind}": counts[kind] for kind in SOURCE_TYPES})
    metrics.update({f"share_{kind}": share(counts[kind]) for kind in SOURCE_TYPES})
    metrics["share_named"] = share(counts["named_person"] + counts["named_organization"])
    metrics["share_official"] = share(sum(a.official for a in body))
    metrics["share_direct"] = share(sum(a.direct for a in body))
    metrics["attributions_per_100_words"] = 100.0 * n / words if words else nan
    return metrics
