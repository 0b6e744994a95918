"""news-audit: audit news articles for how they are sourced and how they are written.

Example:
    >>> import audit
    >>> result = audit.audit_text("The mayor said the bridge would reopen in May.")
    >>> result.metrics["sentences"]
    1
"""
from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("news-audit")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+unknown"

from .config import AuditConfig  # noqa: E402
from .segment import Document, segment, split_sentences  # noqa: E402
from .spans import Excluded, Quote, Sentence, Span  # noqa: E402
from .sources import SOURCE_TYPES, Attribution, attributions_in, find_attributions, sourcing_metrics  # noqa: E402
from .hedges import Cue, find_hedges, hedges_in, hedging_metrics  # noqa: E402
from .claims import Claim, claims_in, claims_metrics, find_claims  # noqa: E402
from .readability import READABILITY_METRICS, TEXTSTAT_VERSION  # noqa: E402
from .article import ArticleAudit, audit_text  # noqa: E402
from .corpus import (  # noqa: E402
    CorpusAudit,
    CorpusRun,
    audit_corpus,
    audit_corpus_with_evidence,
    iter_corpus,
    load_corpus,
    stream_corpus,
)
from .cache import ResultCache  # noqa: E402
from .evidence import evidence  # noqa: E402
from .display import render_html, show_evidence  # noqa: E402

__all__ = [
    "ArticleAudit",
    "Attribution",
    "AuditConfig",
    "Claim",
    "CorpusAudit",
    "CorpusRun",
    "Cue",
    "READABILITY_METRICS",
    "ResultCache",
    "SOURCE_TYPES",
    "TEXTSTAT_VERSION",
    "attributions_in",
    "audit_corpus",
    "audit_corpus_with_evidence",
    "claims_in",
    "claims_metrics",
    "evidence",
    "find_attributions",
    "find_claims",
    "find_hedges",
    "hedges_in",
    "hedging_metrics",
    "iter_corpus",
    "load_corpus",
    "render_html",
    "show_evidence",
    "sourcing_metrics",
    "stream_corpus",
    "Document",
    "Excluded",
    "Quote",
    "Sentence",
    "Span",
    "audit_text",
    "segment",
    "split_sentences",
]
