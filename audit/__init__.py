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
from .article import ArticleAudit, audit_text  # noqa: E402

__all__ = [
    "ArticleAudit",
    "AuditConfig",
    "Document",
    "Excluded",
    "Quote",
    "Sentence",
    "Span",
    "audit_text",
    "segment",
    "split_sentences",
]
