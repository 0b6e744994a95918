"""Hostile and broken input: no unexpected exception, exact offsets, finite metrics, same result twice."""
from __future__ import annotations

import math
import re
import signal
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit import audit_text, split_sentences

FRAGMENTS = [
    "Gen. Mark Milley", "said", "told reporters", "according to", "“", "”", '"', "‘", "’", "...", "…",
    "U.S.", "Sen. Ana Ruiz (D-Calif.)", "a senior official who spoke on condition of anonymity",
    "people familiar with the matter", "may", "May", "reportedly", "appeared to", "could", "some 50 people",
    "critics say", "clearly", "$1.2 billion", "3.5%", "Updated:", "By Jo Smith", "Photo by Lee Wu",
    "(Ann Bo/AFP via Getty Images)", "Related Topics", "https://example.com/x", "\n", "\n\n", "\r\n", "\r",
    "\t", "\ufeff", "\u200b", "e\u0301", "🙂", "𝔘", " ", ". ", ", ", ": ", " — ", "-", "(", ")", "said.",
    "The mayor", "he said", "she said", "Iran said", "a letter from", "the report", "if", "unless",
]


def spans_of(result):
    """Every span-like object an audit reports, with the string it must index."""
    doc = result.document
    for group in (doc.sentences, doc.paragraphs, doc.quotes, doc.excluded):
        for span in group:
            yield span
    for finding in (*result.attributions, *result.hedges, *result.claims):
        if getattr(finding, "in_title", False) and doc.title_span is None:
            continue  # indexes the separately given title
        parts = [getattr(finding, name, None) for name in ("statement", "source", "cue", "content")]
        if any(p is not None for p in parts):
            yield from (p for p in parts if p is not None)
        else:
            yield finding


def check(text: str) -> None:
    first = audit_text(text)
    for span in spans_of(first):
        assert 0 <= span.start <= span.end <= len(text)
        assert text[span.start:span.end] == span.text
    for name, value in first.metrics.items():
        if isinstance(value, float):
            assert not math.isinf(value), name
    second = audit_text(text)
    assert first.metrics.keys() == second.metrics.keys()
    for key in first.metrics:
        a, b = first.metrics[key], second.metrics[key]
        assert a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b)), key
    assert first.attributions == second.attributions
    assert first.hedges == second.hedges
    assert first.claims == second.claims


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_unicode_text(text):
    check(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60).map(" ".join))
def test_article_like_text_built_from_news_fragments(text):
    check(text)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
def test_split_sentences_offsets_are_exact(text):
    for span in split_sentences(text):
        assert text[span.start:span.end] == span.text


PATHOLOGICAL = {
    "quotation marks": '"' * 100_000,
    "curly quotes": "“" * 50_000 + "”" * 50_000,
    "dots": "." * 100_000,
    "dashes": "—" * 100_000,
    "opening brackets": "(" * 100_000,
    "newlines": "\n" * 100_000,
    "capitalised words": "Word " * 25_000,
    "titles": "Mr. " * 25_000,
    "said said said": "said " * 25_000,
    "according to": "according to " * 10_000,
    "one long word": "x" * 100_000,
    "sentences": "He said it. " * 10_000,
}


# Not a speed test (speed is measured in benchmarks/bench_worst_case.py): a hang guard. Each input takes under
# 2 s on the project's loaded 2-core machine; a rule that backtracks catastrophically takes hours, and re's
# matching loop checks for signals, so the alarm stops it and the test fails instead of hanging.
HANG_GUARD_SECONDS = 120


@contextmanager
def hang_guard(seconds: int = HANG_GUARD_SECONDS):
    def stop(signum, frame):
        raise TimeoutError(f"still running after {seconds} s: a rule backtracks catastrophically on this input?")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_the_hang_guard_stops_catastrophic_backtracking():
    catastrophic = re.compile(r"(?:a+)+b")  # nested unbounded quantifiers: 2**n steps on a run of a's
    with pytest.raises(TimeoutError, match="backtracks catastrophically"):
        with hang_guard(1):
            catastrophic.match("a" * 60)


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_inputs_finish_and_keep_offsets(name):
    text = PATHOLOGICAL[name]
    with hang_guard():
        result = audit_text(text)
    for span in spans_of(result):
        assert text[span.start:span.end] == span.text


def test_windows_line_endings_do_not_change_what_is_found():
    text = ("Storm Cuts Power\n\nThe storm cut power to 40,000 homes, the utility said Monday.\n\n"
            "“Crews may need days,” said spokeswoman Ana Lee. Critics say the grid is clearly too old.\n")
    unix, windows = audit_text(text), audit_text(text.replace("\n", "\r\n"))
    assert [s.text for s in unix.sentences] == [s.text for s in windows.sentences]
    assert [type(f).__name__ + getattr(f, "text", "") for f in unix.hedges] == \
           [type(f).__name__ + getattr(f, "text", "") for f in windows.hedges]
    assert len(unix.attributions) == len(windows.attributions)
    assert len(unix.claims) == len(windows.claims)


# --- every public entry point: a result, or a TypeError/ValueError that says what to do ---------

@pytest.mark.parametrize("call, error, message", [
    (lambda: __import__("audit").evidence(None), TypeError, "ArticleAudit"),
    (lambda: __import__("audit").evidence(["not an audit"]), TypeError, "got str"),
    (lambda: __import__("audit").render_html(1), TypeError, "audit_text"),
    (lambda: __import__("audit").show_evidence(None), TypeError, "got NoneType"),
    (lambda: __import__("audit").AuditConfig(rules_dir="/no/such/folder"), ValueError, "not a folder"),
    (lambda: __import__("audit").AuditConfig(claim_threshold=-1), ValueError, "between 0 and 1"),
    (lambda: __import__("audit").find_hedges(None), TypeError, "got NoneType"),
    (lambda: __import__("audit").find_claims(b"x"), TypeError, "got bytes"),
    (lambda: __import__("audit").find_attributions(7), TypeError, "got int"),
    (lambda: __import__("audit").hedges_in("text"), TypeError, r"needs a Document .*find_hedges"),
    (lambda: __import__("audit").claims_in("text"), TypeError, r"needs a Document .*find_claims"),
    (lambda: __import__("audit").hedging_metrics("text", 1, 1), TypeError, "Cue objects"),
    (lambda: __import__("audit").claims_metrics(["text"]), TypeError, "Claim objects"),
    (lambda: __import__("audit").AuditConfig(claim_threshold="high"), TypeError, "number between 0 and 1"),
    (lambda: __import__("audit").AuditConfig(claim_threshold=True), TypeError, "number between 0 and 1"),
    (lambda: __import__("audit").AuditConfig(transparency_weights={"named": "a lot"}), TypeError, "'named'"),
    (lambda: __import__("audit").AuditConfig(transparency_weights={"nammed": 1.0}), ValueError, "unknown"),
    (lambda: __import__("audit").AuditConfig(rules_dir=42), TypeError, "folder path"),
    (lambda: __import__("audit").find_hedges("It may rain.", config={"claim_threshold": 0.6}), TypeError, "AuditConfig"),
    (lambda: __import__("audit").find_claims("It rose 9%.", config="strict"), TypeError, "AuditConfig"),
    (lambda: __import__("audit").find_attributions("He said so.", config=0.6), TypeError, "AuditConfig"),
    (lambda: __import__("audit").attributions_in("text"), TypeError, r"needs a Document .*find_attributions"),
    (lambda: __import__("audit").sourcing_metrics("text", 10), TypeError, "Attribution objects"),
])
def test_bad_arguments_get_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()


# Arguments that are wrong for every public function: the README promises a TypeError/ValueError for each.
_WRONG = ("some text", 42, None, ["some text"])
_TAKES_TEXT = {"audit_text", "find_attributions", "find_hedges", "find_claims", "segment", "split_sentences"}
_LAZY = {"iter_corpus"}  # a generator: the error comes with the first chunk


def _public_functions():
    import inspect

    import audit

    return [name for name in audit.__all__ if inspect.isfunction(getattr(audit, name))]


@pytest.mark.parametrize("name", _public_functions())
def test_every_public_function_refuses_wrong_arguments_with_type_or_value_error(name, tmp_path, monkeypatch):
    import inspect

    import audit

    monkeypatch.chdir(tmp_path)  # "some text" must not name a file that happens to exist
    function = getattr(audit, name)
    required = [p for p in inspect.signature(function).parameters.values()
                if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    for wrong in _WRONG:
        if name in _TAKES_TEXT and isinstance(wrong, str):
            continue  # text is what they take
        rest = [tmp_path / "out.csv" if p.name == "output" else 0 for p in required[1:]]
        with pytest.raises((TypeError, ValueError)) as caught:
            result = function(wrong, *rest)
            if name in _LAZY:
                next(iter(result))
        message = str(caught.value)
        assert message and not message.startswith("'"), f"{name}({wrong!r}): unclear message {message!r}"
