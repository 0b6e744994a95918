"""``audit_text``: one article in, one :class:`ArticleAudit` out.

The article is segmented once; every detector reads that same :class:`~audit.segment.Document`,
and every number in ``metrics`` is computed from the findings, so each traces back to spans.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from . import __version__
from .claims import claims_in, claims_metrics
from .config import AuditConfig, require_config
from .gender import gender_metrics
from .hedges import hedges_in, hedging_metrics
from .lexicon import rules_hash, rules_pinned
from .readability import TEXTSTAT_VERSION, readability
from .scorecard import transparency_metrics
from .segment import Document, count_words, segment
from .sources import attributions_in, sourcing_metrics
from .spans import Excluded, Quote, Sentence, Span
from .warnings import AuditWarning, article_warnings


class ReadOnlyDict(dict):
    """A dict that refuses changes after it is made; reading, ``json.dumps``, pickling and ``dict(...)`` work as
    for any dict (a read-only view, ``MappingProxyType``, would not serialise).

    Example:
        >>> scores = ReadOnlyDict(words=120)
        >>> scores["words"] = 0
        Traceback (most recent call last):
        TypeError: this mapping is read-only: change a copy, dict(result.metrics)
    """

    __slots__ = ()

    def _refuse(self, *args, **kwargs):
        raise TypeError("this mapping is read-only: change a copy, dict(result.metrics)")

    __setitem__ = __delitem__ = __ior__ = clear = pop = popitem = setdefault = update = _refuse

    def __reduce__(self):
        return (type(self), (dict(self),))


@dataclass(frozen=True)
class ArticleAudit:
    """Everything the audit found in one article.

    Attributes:
        document: the segmented article (title, body sentences, paragraphs, quotes, set-aside furniture).
        attributions: every attribution (sourcing audit), in text order.
        hedges: hedge, weasel and booster cues, in text order.
        claims: one per body sentence that asserts something checkable.
        readability: textstat's standard metrics on the body only.
        metrics: one flat row of numbers describing the body (the scorecard).
        versions: package, textstat and rules versions that produced this audit.
        warnings: reasons to distrust this result (:class:`~audit.warnings.AuditWarning`, each with the id of
            its check in ``audit/rules/warnings.tsv``): a short body, mostly page furniture, a file path instead
            of an article, no sentence punctuation, HTML left in, a headline that is a caption or one word.

    Example:
        >>> a = audit_text("Flood Waters Recede\\n\\nThe river fell two feet overnight, the county said.")
        >>> a.title, a.metrics["sentences"]
        ('Flood Waters Recede', 1)
    """

    document: Document
    attributions: tuple = ()
    hedges: tuple = ()
    claims: tuple = ()
    readability: Mapping[str, float] = field(default_factory=dict)
    metrics: Mapping[str, Any] = field(default_factory=dict)
    versions: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[AuditWarning, ...] = ()

    def __post_init__(self) -> None:
        # The audit is a record: its mappings are read-only copies (``dict(a.metrics)`` for one to change), so a
        # result cached or shared between notebook cells cannot be altered in place.
        for name in _MAPPINGS:
            object.__setattr__(self, name, ReadOnlyDict(getattr(self, name)))

    def to_dict(self) -> dict[str, Any]:
        """Everything the audit found as plain dicts and lists (spans as dicts), ready for JSON.

        Example:
            >>> d = audit_text("The river fell two feet overnight, the county said.").to_dict()
            >>> d["metrics"]["sentences"], d["attributions"][0]["source"]["text"]
            (1, 'the county')
        """
        return {
            "title": self.title,
            "text": self.text,
            "sentences": [s.to_dict() for s in self.sentences],
            "excluded": [e.to_dict() for e in self.excluded],
            "attributions": [a.to_dict() for a in self.attributions],
            "hedges": [c.to_dict() for c in self.hedges],
            "claims": [c.to_dict() for c in self.claims],
            "readability": dict(self.readability),
            "metrics": dict(self.metrics),
            "versions": dict(self.versions),
            "warnings": [w.to_dict() for w in self.warnings],
        }

    def to_frame(self):
        """The scorecard as a one-row DataFrame: the columns, order and dtypes of an ``audit_corpus`` row.

        Example:
            >>> audit_text("The river fell two feet overnight, the county said.").to_frame().loc[0, "attributions"]
            np.int64(1)
        """
        from .schema import metrics_frame

        return metrics_frame([self.metrics])

    def _repr_html_(self) -> str:
        """The article with its findings highlighted (JupyterLab shows this)."""
        from .display import render_html

        return render_html(self)

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def title(self) -> str | None:
        return self.document.title

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return self.document.sentences

    @property
    def paragraphs(self) -> tuple[Span, ...]:
        return self.document.paragraphs

    @property
    def quotes(self) -> tuple[Quote, ...]:
        return self.document.quotes

    @property
    def excluded(self) -> tuple[Excluded, ...]:
        return self.document.excluded


_MAPPINGS = ("readability", "metrics", "versions")


def require_audit(value: Any, where: str) -> ArticleAudit:
    """``value`` when it is an :class:`ArticleAudit`; otherwise a TypeError saying how to get one."""
    if not isinstance(value, ArticleAudit):
        raise TypeError(f"{where} needs an ArticleAudit (from audit.audit_text(text)), got {type(value).__name__}")
    return value


def _base_metrics(doc: Document) -> dict[str, Any]:
    words = doc.word_count
    quoted = sum(count_words(q.text) for q in doc.quotes)
    return {
        "words": words,
        "words_quoted": quoted,
        "words_reporter": words - quoted,
        "sentences": len(doc.sentences),
        "paragraphs": len(doc.paragraphs),
        "quotes": len(doc.quotes),
        "excluded_segments": len(doc.excluded),
    }


def audit_text(text: str, *, title: str | None = None, config: AuditConfig | None = None) -> ArticleAudit:
    """Audit one article: segmentation, sourcing, hedging, claims and readability.

    Args:
        text: the article, as plain text (a pasted web page is fine: furniture is set aside).
        title: the headline when known from metadata.
        config: an :class:`AuditConfig`; the defaults when None.

    Raises:
        TypeError: ``text`` is not a str (None, bytes, a number), or ``title`` is neither str nor None.

    Example:
        >>> audit_text("").metrics["words"]
        0
    """
    if not isinstance(text, str):
        hint = " (decode bytes first, e.g. data.decode('utf-8', errors='replace'))" if isinstance(text, (bytes, bytearray)) else ""
        raise TypeError(f"audit_text() needs the article text as a str, got {type(text).__name__}{hint}")
    config = require_config(config)
    with rules_pinned():  # every detector of this audit reads one state of the rule files
        return _audit(text, title, config)


def _audit(text: str, title: str | None, config: AuditConfig) -> ArticleAudit:
    doc = segment(text, title, rules_dir=config.rules_dir)
    attributions = attributions_in(doc, config)
    hedges = hedges_in(doc, config)
    claims = claims_in(doc, attributions, hedges, config)
    metrics = _base_metrics(doc)
    metrics.update(sourcing_metrics(attributions, metrics["words"]))
    metrics.update(gender_metrics(attributions))  # from each attribution's source_gender
    metrics.update(hedging_metrics(hedges, metrics["words_reporter"], metrics["words_quoted"]))
    metrics.update(claims_metrics(claims))
    metrics.update(transparency_metrics(metrics, config.transparency_weights))
    scores = readability(doc.body_text)
    metrics.update(scores)
    return ArticleAudit(
        document=doc,
        attributions=attributions,
        hedges=hedges,
        claims=claims,
        readability=scores,
        metrics=metrics,
        versions={"news_audit": __version__, "textstat": TEXTSTAT_VERSION, "rules": rules_hash(config.rules_dir)},
        warnings=article_warnings(doc, config.rules_dir),
    )
