"""Warnings: which results to distrust, and why.

A researcher auditing 50,000 articles cannot read them all. When an input looks wrong (a body of
24 words, a file name passed instead of its contents, a page that is mostly share bars, a table
instead of prose, HTML left in), the audit still runs, and says so: ``ArticleAudit.warnings`` holds
an :class:`AuditWarning` for each problem, and corpus tables carry them in a ``warnings`` column.
A warning never drops a row or stops a run.

The ids, thresholds and messages are data (``audit/rules/warnings.tsv``); this module holds the
checks that fill them in. Page warnings (a saved web page whose extraction kept little text) come
from reading the page; corpus warnings (duplicate ids or texts, a folder mixing article files and
tables) from reading a whole input.

Example:
    >>> from audit.segment import segment
    >>> [w.id for w in article_warnings(segment("notes/article.txt"))]
    ['warn.short_body', 'warn.path_or_url']
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from .lexicon import load_rules, rules_stamp
from .segment import Document, count_words

SCOPES = ("article", "page", "corpus")
# A separator no message uses: the warnings of a row are joined with it in the `warnings` column.
SEPARATOR = " | "

_URL = re.compile(r"(?:https?://|ftp://|file://|www\.)\S+", re.IGNORECASE)
# A path: a drive, a root, ~ or ./, folders with slashes, or a name ending in a file extension.
_PATH = re.compile(r"(?:[A-Za-z]:[\\/]|\\\\|~?/|\.{1,2}[\\/])[^\n\r]{0,300}"
                   r"|[^\n\r]{0,300}\.(?:txt|html?|csv|tsv|jsonl?|parquet|xml|pdf|docx?|md|rtf)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…](?=[\"”’')\]]*(?:\s|$))")
_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,15}(?:\s[^<>\n]{0,200})?/?>|&(?:nbsp|amp|lt|gt|quot|apos|mdash|ndash|"
                   r"rsquo|lsquo|rdquo|ldquo|hellip|#\d{1,6}|#x[0-9A-Fa-f]{1,6});")
_CREDIT_IN_HEADLINE = re.compile(r"Credit(?:\.{2,}|…|:)|\((?:[^()]{0,60}/[^()]{1,60}|(?:photo|image)s?\s*:[^()]{0,60})\)"
                                 r"|\b(?:photo|photograph|image)s?\s+(?:by|courtesy)\b|\b(?:via|for) Getty Images\b",
                                 re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class AuditWarning:
    """One reason to distrust a result: the id of the check (a row of ``warnings.tsv``) and what it found.

    Example:
        >>> str(AuditWarning("warn.short_body", "the body has 24 words (under 50)"))
        'warn.short_body: the body has 24 words (under 50)'
    """

    id: str
    message: str

    def __str__(self) -> str:
        return f"{self.id}: {self.message}"

    def to_dict(self) -> dict:
        return {"id": self.id, "message": self.message}


@dataclass(frozen=True, slots=True)
class _Check:
    id: str
    scope: str
    threshold: float | None
    message: str


@lru_cache(maxsize=16)
def _checks(rules_dir: str | None, stamp: tuple) -> dict[str, _Check]:
    checks = {}
    for row in load_rules("warnings.tsv", rules_dir):
        if row["scope"] not in SCOPES:
            raise ValueError(f"warning {row['id']}: scope must be one of {SCOPES}")
        threshold = float(row["threshold"]) if row["threshold"] else None
        checks[row["id"]] = _Check(row["id"], row["scope"], threshold, row["message"])
    return checks


def warning_checks(rules_dir: str | None = None) -> dict[str, _Check]:
    """Every warning id -> its scope, threshold and message template (``warnings.tsv`` with any overlay)."""
    return _checks(rules_dir, rules_stamp(("warnings.tsv",), rules_dir))


def make_warning(warning_id: str, rules_dir: str | None = None, **fields) -> AuditWarning:
    """The warning ``warning_id`` with its message filled in from ``fields`` (and its threshold).

    Example:
        >>> make_warning("warn.duplicate_text", first=3).message
        'the same text as row 3: counted twice in any average'
    """
    check = warning_checks(rules_dir)[warning_id]
    threshold = check.threshold
    if threshold is not None and threshold.is_integer():
        threshold = int(threshold)
    return AuditWarning(warning_id, check.message.format(threshold=threshold, **fields))


def _threshold(warning_id: str, rules_dir: str | None) -> float:
    return warning_checks(rules_dir)[warning_id].threshold


def _quoted(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[:limit - 1] + "…")


def looks_like_a_path(text: str) -> bool:
    """True when ``text`` is one short line that reads as a file path or a URL, not prose.

    Example:
        >>> looks_like_a_path("data/articles/storm.txt"), looks_like_a_path("The storm hit at 5 p.m.")
        (True, False)
    """
    stripped = text.strip()
    if not stripped or len(stripped) > 300 or "\n" in stripped or "\r" in stripped:
        return False
    if _URL.fullmatch(stripped):
        return True
    return _PATH.fullmatch(stripped) is not None and len(stripped.split()) <= 4


def headline_problem(title: str | None) -> str | None:
    """``"caption"`` when the headline reads as a photo caption (a sentence ending in a full stop, or a credit
    in it), ``"one_word"`` when it is a single word, else None.

    Example:
        >>> headline_problem("Firefighters battle a blaze on Elm Street on Tuesday night."), headline_problem("Image")
        ('caption', 'one_word')
    """
    if not title or not title.strip():
        return None
    words = count_words(title)
    if words == 1:
        return "one_word"
    stripped = title.strip()
    if _CREDIT_IN_HEADLINE.search(stripped):
        return "caption"
    if words >= 8 and stripped.endswith(".") and not stripped.endswith("..."):
        # a sentence in sentence case ("Firefighters battle a blaze on Elm Street on Tuesday night."); a headline
        # ending in a full stop is still in Title Case ("Long-Time Leaders Unite in Support of Cruz.")
        long_words = [w for w in stripped.split() if sum(c.isalpha() for c in w) >= 4]
        capitalised = sum(1 for w in long_words if w.lstrip("\"'‘“(")[:1].isupper())
        if long_words and capitalised / len(long_words) <= 0.5:
            return "caption"
    return None


def article_warnings(doc: Document, rules_dir: str | None = None) -> tuple[AuditWarning, ...]:
    """What looks wrong with one segmented article, in the order of ``warnings.tsv``.

    Example:
        >>> from audit.segment import segment
        >>> [w.id for w in article_warnings(segment("Storm\\n\\nThe storm hit at 5 p.m., officials said."))]
        ['warn.short_body', 'warn.headline_one_word']
    """
    text = doc.text
    words = doc.word_count
    found: list[AuditWarning] = []
    if not text.strip():
        return (make_warning("warn.short_body", rules_dir, words=0),)
    if words < _threshold("warn.short_body", rules_dir):
        found.append(make_warning("warn.short_body", rules_dir, words=words))
    furniture = sum(e.end - e.start for e in doc.excluded if e.kind != "title")
    body = sum(p.end - p.start for p in doc.paragraphs)
    share = furniture / (furniture + body) if furniture + body else 0.0
    if share > _threshold("warn.mostly_furniture", rules_dir) and furniture >= 200:
        found.append(make_warning("warn.mostly_furniture", rules_dir, share=share, kept=words))
    if looks_like_a_path(text):
        found.append(make_warning("warn.path_or_url", rules_dir))
    ends = sum(len(_SENTENCE_END.findall(text, p.start, p.end)) for p in doc.paragraphs)
    per_end = _threshold("warn.no_punctuation", rules_dir)
    if words >= per_end and words > per_end * max(ends, 1):
        found.append(make_warning("warn.no_punctuation", rules_dir, ends=ends, words=words))
    # Every tag starts with "<" and every entity with "&": a text with neither (most articles) is not scanned.
    tags = _HTML.findall(text) if "<" in text or "&" in text else []
    if len(tags) >= _threshold("warn.html", rules_dir):
        found.append(make_warning("warn.html", rules_dir, count=len(tags), example=_quoted(tags[0], 40)))
    problem = headline_problem(doc.title)
    if problem is not None:
        found.append(make_warning(f"warn.headline_{problem}", rules_dir, title=_quoted(doc.title)))
    return tuple(found)


def page_warnings(page_words: int, body_words: int, rules_dir: str | None = None) -> tuple[AuditWarning, ...]:
    """A saved page whose extracted article keeps little of the page's words.

    Example:
        >>> [w.message for w in page_warnings(1800, 24)]
        ['the saved page has 1800 words but the extracted article only 24: the extraction may have missed the body']
    """
    if page_words >= 200 and body_words < page_words * _threshold("warn.page_little_text", rules_dir):
        return (make_warning("warn.page_little_text", rules_dir, page_words=page_words, words=body_words),)
    return ()


def format_warnings(warnings: Iterable[AuditWarning | str]) -> str | None:
    """The warnings of one row as one cell of a table (None when there are none).

    Example:
        >>> format_warnings([AuditWarning("warn.html", "HTML left in the text")])
        'warn.html: HTML left in the text'
    """
    cells = [str(w) for w in warnings]
    return SEPARATOR.join(cells) if cells else None


def warning_ids(cell: str | None) -> list[str]:
    """The warning ids in one cell of a ``warnings`` column.

    Example:
        >>> warning_ids("warn.short_body: the body has 24 words | warn.html: HTML left in the text")
        ['warn.short_body', 'warn.html']
    """
    if not isinstance(cell, str) or not cell:
        return []
    return [part.split(":", 1)[0].strip() for part in cell.split(SEPARATOR)]
