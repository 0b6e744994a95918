"""Spans: every finding points back to characters of the text the caller passed in.

A span's ``text`` always equals ``source[start:end]`` for the string it indexes, so a
reader can check any number the audit reports against the words on the page.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Iterable


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the article text.

    Example:
        >>> text = "Esper said it was real."
        >>> Span(0, 5, text[0:5])
        Span(start=0, end=5, text='Esper')
    """

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, source: str, start: int, end: int) -> "Span":
        """The span ``source[start:end]``."""
        return cls(start, end, source[start:end])

    def to_dict(self) -> dict:
        return asdict(self)

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Sentence(Span):
    """One sentence (or one unpunctuated line such as a headline) of the article.

    ``index`` counts body sentences from 0; ``paragraph`` is the index of the body
    paragraph it belongs to. Title sentences have ``in_title=True`` and ``index`` -1.
    """

    index: int = 0
    paragraph: int = 0
    in_title: bool = False


@dataclass(frozen=True, slots=True)
class Excluded(Span):
    """A stretch of pasted page furniture set aside from the body.

    ``kind`` is one of: title, byline, dateline, caption, credit, bio, social,
    navigation, url, metadata, promotion (a link to another story, an advertisement's
    trace), gallery (a photo gallery appended to the page). ``rule`` names the boilerplate
    rule that matched (README, "Page furniture").
    """

    kind: str = ""
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Quote(Span):
    """A quotation, from its opening mark to its closing mark (inclusive).

    A quote left open at the end of a paragraph ends there with ``closed=False``; when the
    next paragraph reopens it, that quote has ``continues=True`` (the newsroom convention
    for a quotation that runs over several paragraphs). ``group`` is shared by all the
    paragraphs of one such quotation.
    """

    closed: bool = True
    continues: bool = False
    group: int = 0
    paragraph: int = 0


def require_findings(findings: Any, kind: type, where: str, source: str) -> tuple:
    """``findings`` as a tuple when it is an iterable of ``kind``; otherwise a TypeError saying what to pass.

    Example:
        >>> require_findings("text", Span, "f()", "audit.split_sentences(text)")
        Traceback (most recent call last):
        TypeError: f() needs Span objects (from audit.split_sentences(text)), got str
    """
    if isinstance(findings, (str, bytes, bytearray)) or not isinstance(findings, Iterable):
        raise TypeError(f"{where} needs {kind.__name__} objects (from {source}), got {type(findings).__name__}")
    findings = tuple(findings)
    for finding in findings:
        if not isinstance(finding, kind):
            raise TypeError(f"{where} needs {kind.__name__} objects (from {source}), got a {type(finding).__name__} "
                            "among them")
    return findings
