"""Show an audit on the article itself: highlighted HTML for Jupyter, and a styled evidence table.

``render_html`` draws the article with every finding marked where it stands: sources
coloured by type (with a legend), attribution cues, quotations, hedges, weasels and
boosters, unattributed check-worthy claims, and the page furniture that was set aside,
greyed out. Hovering over any mark shows what it is and the id of the rule that found it.

Articles are untrusted input (a pasted page can hold ``<script>``), so every piece of
article text, metadata, rule id and label is escaped with ``html.escape(..., quote=True)``;
dollar signs are written as ``&#36;`` inside a ``tex2jax_ignore``/``mathjax_ignore``
wrapper so that Jupyter's MathJax leaves prices alone (the displaCy approach). The HTML
uses inline ``style`` attributes only, no ``<style>`` block and no JavaScript, so it looks
the same in JupyterLab, in nbconvert's HTML and in a sanitised (untrusted) notebook. The
article sits on its own light "paper" card with explicit text and background colours, so
it reads the same under JupyterLab's light and dark themes.

Display holds no analysis logic: it reads the findings (by attribute name, so it works
with any object that has ``document``, ``attributions``, ``hedges`` and ``claims``). It does not
import :mod:`audit.article` (whose ``ArticleAudit`` shows itself through this module), so the
two never import each other.

Example:
    >>> from audit.article import audit_text
    >>> html_out = render_html(audit_text("Prices rose to $5 <b>today</b>, the board said."))
    >>> "&lt;b&gt;today&lt;/b&gt;" in html_out, "&#36;5" in html_out
    (True, True)
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Iterable, Mapping


__all__ = [
    "SOURCE_TYPES",
    "SOURCE_STYLES",
    "Mark",
    "marks_of",
    "render_html",
    "findings_table",
    "show_evidence",
]

_FINDINGS = ("document", "attributions", "hedges", "claims")


def _require_audit(value: Any, where: str) -> Any:
    """``value`` when it has an audit's findings (as an ArticleAudit has); otherwise a TypeError saying how to get one."""
    if not all(hasattr(value, name) for name in _FINDINGS):
        raise TypeError(f"{where} needs an ArticleAudit (from audit.audit_text(text)), got {type(value).__name__}")
    return value


# The colours come from the Okabe-Ito palette (safe for the common colour-vision
# deficiencies). Named sources are the blue family, unnamed ones the orange/yellow
# family, anonymous vermillion, documents green; each source also gets a text label
# after it, so nothing depends on telling two hues apart.
SOURCE_TYPES = ("named_person", "named_organization", "unnamed_person", "unnamed_group", "anonymous", "document")
SOURCE_STYLES: Mapping[str, tuple[str, str, str]] = {
    # type: (label, pale background behind the words, full-strength edge colour)
    "named_person": ("named person", "#cfe8f7", "#56B4E9"),
    "named_organization": ("named organization", "#b4d3ea", "#0072B2"),
    "unnamed_person": ("unnamed person", "#f8dda0", "#E69F00"),
    "unnamed_group": ("unnamed group", "#f4eea0", "#C4B200"),
    "anonymous": ("anonymous", "#f6c4a5", "#D55E00"),
    "document": ("document", "#b9e4d4", "#009E73"),
}
_UNKNOWN_SOURCE = ("source", "#e4e4e4", "#666666")

INK = "#1b1b1b"  # text colour on the card and on every mark
PAPER = "#fdfcf8"  # the card's background: explicit, so the theme's colours never reach the text
_GREY_INK = "#767676"  # set-aside furniture: still 4.5:1 on the paper, but clearly "not the article"
_QUOTE_BG = "#ebe7dd"
# Hedge family: told apart by line style first (wavy / dashed / double) and colour second.
_CUE_LINES: Mapping[str, tuple[str, str, str]] = {
    "hedge": ("hedge", "wavy", "#CC79A7"),
    "weasel": ("weasel", "dashed", "#D55E00"),
    "booster": ("booster", "double", "#0072B2"),
}
_CLAIM_LINE = ("dotted", "#000000")

_FONT = "Georgia, 'Times New Roman', serif"
_UI_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
_CHIP = (f"display:inline-block;font:600 0.68em/1.3 {_UI_FONT};letter-spacing:0.02em;"
         f"padding:0 0.35em;margin:0 0.15em;border-radius:0.6em;vertical-align:0.12em;"
         f"color:{INK};background:#ffffff;user-select:none;white-space:nowrap;")

# Which mark paints the background of a stretch that several marks cover: the most
# specific one. Line styles and weight from the other marks still show.
_BACKGROUND_ORDER = ("source", "quote", "excluded")


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted stretch of a string, with what it is and which rule produced it.

    Attributes:
        start: first character (index into the string being drawn).
        end: one past the last character.
        layer: source, cue, quote, hedge, claim or excluded.
        kind: the finer kind: a source type, hedge/weasel/booster, a furniture kind.
        label: the words shown in the hover title and legend.
        rule: id of the rule that produced the finding.
        official: for a source, whether it speaks for an official body.

    Example:
        >>> Mark(0, 5, "cue", "cue", "attribution cue", "cue_verbs.said").layer
        'cue'
    """

    start: int
    end: int
    layer: str
    kind: str
    label: str
    rule: str
    official: bool = False


def _esc(value: Any) -> str:
    """Escape anything for HTML text or a quoted attribute; ``$`` becomes ``&#36;`` (no math)."""
    return html.escape("" if value is None else str(value), quote=True).replace("$", "&#36;")


def _bounds(span: Any) -> tuple[int, int] | None:
    """``(start, end)`` of a Span-like object or None when it is missing or empty."""
    if span is None:
        return None
    start, end = getattr(span, "start", None), getattr(span, "end", None)
    if not isinstance(start, int) or not isinstance(end, int) or end <= start:
        return None
    return start, end


def _source_label(kind: str) -> str:
    return SOURCE_STYLES.get(kind, _UNKNOWN_SOURCE)[0]


def marks_of(audit: Any, *, in_title: bool = False) -> list[Mark]:
    """Every mark to draw, for the body (``in_title=False``) or for a headline kept apart from the text.

    Findings with ``in_title=True`` index the ``title`` string when the headline is not part
    of the text (``document.title_span`` is None); they are drawn on the heading then.

    Example:
        >>> from audit.article import audit_text
        >>> [m.layer for m in marks_of(audit_text('Rain fell. "It is wet," she said.'))]
        ['quote', 'source', 'cue']
    """
    doc = audit.document
    headline_apart = doc.title_span is None
    marks: list[Mark] = []

    def wanted(finding: Any) -> bool:
        return not headline_apart or bool(getattr(finding, "in_title", False)) == in_title

    if not in_title:
        for q in doc.quotes:
            marks.append(Mark(q.start, q.end, "quote", "quote", "quotation", "segment.quotation"))
        for ex in doc.excluded:
            label = f"set aside: {ex.kind}"
            marks.append(Mark(ex.start, ex.end, "excluded", ex.kind, label, ex.rule or "segment.boilerplate"))

    for att in getattr(audit, "attributions", ()) or ():
        if not wanted(att):
            continue
        rule = getattr(att, "rule", "") or ""
        kind = getattr(att, "source_type", "") or ""
        official = bool(getattr(att, "official", False))
        src = _bounds(getattr(att, "source", None))
        if src:
            label = f"source: {_source_label(kind)}" + (", official" if official else "")
            name = getattr(att, "source_name", None)
            if name:
                label += f" ({name})"
            marks.append(Mark(*src, "source", kind, label, rule, official))
        cue = _bounds(getattr(att, "cue", None))
        if cue:
            marks.append(Mark(*cue, "cue", "cue", "attribution cue", rule))

    for cue in getattr(audit, "hedges", ()) or ():
        if not wanted(cue):
            continue
        bounds = _bounds(cue)
        kind = getattr(cue, "kind", "hedge") or "hedge"
        if bounds:
            category = getattr(cue, "category", "") or ""
            label = kind + (f" ({category})" if category else "")
            marks.append(Mark(*bounds, "hedge", kind, label, getattr(cue, "rule", "") or ""))

    for claim in getattr(audit, "claims", ()) or ():
        if not wanted(claim) or not getattr(claim, "checkworthy", False):
            continue
        if getattr(claim, "attribution", None) is not None:
            continue  # attributed claims are fine: the mark is for claims nobody stands behind
        bounds = _bounds(claim)
        if bounds:
            score = getattr(claim, "score", None)
            label = "check-worthy claim with no source"
            if isinstance(score, (int, float)):
                label += f" (score {score:.2f})"
            marks.append(Mark(*bounds, "claim", "claim", label, getattr(claim, "rule", "") or ""))
    return marks


def _segment_style(active: list[Mark]) -> str:
    """Inline CSS for a stretch covered by ``active`` marks (one background, every line style)."""
    layers = {m.layer: m for m in active}
    parts = [f"color:{INK};"]
    for layer in _BACKGROUND_ORDER:
        if layer in layers:
            m = layers[layer]
            if layer == "source":
                _, bg, edge = SOURCE_STYLES.get(m.kind, _UNKNOWN_SOURCE)
                parts.append(f"background:{bg};border-bottom:2px solid {edge};")
                if m.kind == "named_organization":
                    parts.append(f"border-bottom:3px double {edge};")
            elif layer == "quote":
                parts.append(f"background:{_QUOTE_BG};")
            elif m.kind == "title":  # a set-aside headline still reads as a headline, only greyed
                parts.append(f"color:#5e5e5e;background:transparent;font-weight:700;font-size:1.12em;")
            else:
                parts.append(f"color:{_GREY_INK};background:transparent;font-size:0.92em;")
            break
    if "source" in layers and layers["source"].official:
        parts.append("font-weight:700;")
    if "cue" in layers:
        parts.append(f"font-weight:700;text-decoration:underline solid {INK} 2px;text-underline-offset:3px;")
    elif "hedge" in layers:
        _, style, colour = _CUE_LINES.get(layers["hedge"].kind, _CUE_LINES["hedge"])
        width = "3px" if style == "double" else "2px"
        parts.append(f"text-decoration:underline {style} {colour} {width};text-underline-offset:3px;"
                     "text-decoration-skip-ink:none;")
    elif "claim" in layers:
        parts.append(f"text-decoration:underline {_CLAIM_LINE[0]} {_CLAIM_LINE[1]} 2px;"
                     "text-underline-offset:4px;text-decoration-skip-ink:none;")
    if "source" in layers or "cue" in layers:
        parts.append("padding:0 1px;border-radius:2px;")
    return "".join(parts)


def _title_of(active: list[Mark]) -> str:
    return "\n".join(f"{m.label} [rule: {m.rule or 'n/a'}]" for m in active)


def _chip(text: str, edge: str, title: str) -> str:
    return (f'<span class="na-chip" aria-hidden="true" title="{_esc(title)}" '
            f'style="{_CHIP}border:1px solid {edge};">{_esc(text)}</span>')


def _draw(source: str, marks: Iterable[Mark]) -> str:
    """HTML for ``source`` with ``marks`` applied.

    Overlapping marks are handled by cutting the string at every mark boundary (a flat list
    of boundaries): each piece is one ``<span>`` whose style combines every mark covering it,
    so any overlap draws correctly and the output never has crossing tags.
    """
    n = len(source)
    kept = [m for m in marks if 0 <= m.start < m.end <= n]
    kept.sort(key=lambda m: (m.start, -m.end))
    cuts = sorted({0, n, *(m.start for m in kept), *(m.end for m in kept)})
    starting: dict[int, list[Mark]] = {}
    for m in kept:
        starting.setdefault(m.start, []).append(m)
    active: list[Mark] = []
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        active = [m for m in active if m.end > a]
        for m in starting.get(a, ()):
            active.append(m)
            if m.layer == "claim":
                out.append(_chip("⚑ check", "#000000", m.label))
            elif m.layer == "excluded":
                out.append(_chip(m.kind, "#b0b0b0", m.label))
        piece = _esc(source[a:b])
        if active:
            kinds = " ".join(sorted({f"na-{m.layer}" for m in active}))
            data = " ".join(sorted({m.kind for m in active}))
            out.append(f'<span class="na-mark {kinds}" data-kind="{_esc(data)}" title="{_esc(_title_of(active))}" '
                       f'style="{_segment_style(active)}">{piece}</span>')
        else:
            out.append(piece)
        for m in active:
            if m.end == b and m.layer == "source":
                label, _, edge = SOURCE_STYLES.get(m.kind, _UNKNOWN_SOURCE)
                out.append(_chip(label + (" · official" if m.official else ""), edge, m.label))
    return "".join(out)


def _legend(marks: list[Mark]) -> str:
    counts: dict[tuple[str, str], int] = {}
    for m in marks:
        counts[(m.layer, m.kind)] = counts.get((m.layer, m.kind), 0) + 1

    def item(sample_marks: list[Mark], text: str, n: int) -> str:
        sample = (f'<span style="{_segment_style(sample_marks)}padding:0 0.3em;">{_esc(text)}</span>')
        return (f'<span class="na-legend-item" style="display:inline-block;margin:0.15em 0.9em 0.15em 0;'
                f'white-space:nowrap;">{sample} <span style="color:#444;">{n}</span></span>')

    items = []
    for kind in SOURCE_TYPES:
        sample = [Mark(0, 1, "source", kind, "", "")]
        items.append(item(sample, SOURCE_STYLES[kind][0], counts.get(("source", kind), 0)))
    items.append(item([Mark(0, 1, "cue", "cue", "", "")], "said (cue)", counts.get(("cue", "cue"), 0)))
    items.append(item([Mark(0, 1, "quote", "quote", "", "")], "“quotation”", counts.get(("quote", "quote"), 0)))
    for kind in ("hedge", "weasel", "booster"):
        items.append(item([Mark(0, 1, "hedge", kind, "", "")], kind, counts.get(("hedge", kind), 0)))
    items.append(item([Mark(0, 1, "claim", "claim", "", "")], "claim with no source",
                      counts.get(("claim", "claim"), 0)))
    n_excluded = sum(v for (layer, _), v in counts.items() if layer == "excluded")
    items.append(item([Mark(0, 1, "excluded", "byline", "", "")], "set aside", n_excluded))
    return (f'<div class="na-legend" style="font:0.8em/1.5 {_UI_FONT};color:{INK};border-bottom:1px solid #ddd;'
            f'padding-bottom:0.5em;margin-bottom:0.8em;">'
            f'<span style="font-weight:700;margin-right:0.6em;">Key (count):</span>{"".join(items)}'
            f'<div style="color:#555;margin-top:0.2em;">Bold source = official. Hover over any mark to see '
            f'the rule that found it.</div></div>')


def render_html(audit: Any, *, meta: Mapping[str, Any] | None = None, legend: bool = True) -> str:
    """The article as HTML, with every finding marked and the set-aside furniture greyed.

    Args:
        audit: an :class:`~audit.article.ArticleAudit` (anything with ``document``,
            ``attributions``, ``hedges`` and ``claims``).
        meta: optional metadata shown above the article (e.g. outlet, date, author); escaped.
        legend: show the colour key with counts.

    Returns:
        One ``<div class="na-article">`` of HTML with inline styles and no script.

    Example:
        >>> from audit.article import audit_text
        >>> out = render_html(audit_text("Cost: $3 <script>alert(1)</script>"), legend=False)
        >>> "<script>" in out, "&lt;script&gt;" in out
        (False, True)
    """
    _require_audit(audit, "render_html()")
    doc = audit.document
    body_marks = marks_of(audit)
    parts = [
        f'<div class="na-article tex2jax_ignore mathjax_ignore" style="background:{PAPER};color:{INK};'
        f'border:1px solid #d8d4c8;border-radius:6px;padding:1em 1.3em;max-width:52em;'
        f'box-shadow:0 1px 3px rgba(0,0,0,0.12);">'
    ]
    if meta:
        fields = " · ".join(f'<span title="{_esc(k)}">{_esc(v)}</span>' for k, v in meta.items()
                            if v is not None and str(v) != "")
        parts.append(f'<div class="na-meta" style="font:0.8em/1.4 {_UI_FONT};color:#555;margin-bottom:0.4em;">'
                     f'{fields}</div>')
    if doc.title and doc.title_span is None:
        title_marks = marks_of(audit, in_title=True)
        parts.append(f'<div class="na-title" style="font:700 1.25em/1.3 {_FONT};color:{INK};margin:0 0 0.6em 0;">'
                     f'{_draw(doc.title, title_marks)}</div>')
        body_marks_all = body_marks + title_marks
    else:
        body_marks_all = body_marks
    if legend:
        parts.append(_legend(body_marks_all))
    parts.append(f'<div class="na-text" style="font:1em/1.75 {_FONT};color:{INK};white-space:pre-wrap;'
                 f'overflow-wrap:break-word;">{_draw(doc.text, body_marks)}</div></div>')
    return "".join(parts)


_TABLE_COLUMNS = ("finding", "type", "text", "start", "end", "in_title", "in_quote", "detail", "rule")


def findings_table(audit: Any):
    """Every finding of one audit as a pandas DataFrame, one row each, in text order.

    Example:
        >>> from audit.article import audit_text
        >>> findings_table(audit_text('"It is wet," she said.'))["finding"].tolist()
        ['quotation', 'source', 'cue']
    """
    import pandas as pd

    _require_audit(audit, "findings_table()")

    doc = audit.document
    rows: list[dict[str, Any]] = []

    def add(finding: str, kind: str, span: Any, bounds: tuple[int, int], detail: str, rule: str) -> None:
        in_title = bool(getattr(span, "in_title", False))
        source = doc.title if in_title and doc.title_span is None and doc.title else doc.text
        rows.append({
            "finding": finding, "type": kind, "text": source[bounds[0]:bounds[1]],
            "start": bounds[0], "end": bounds[1], "in_title": in_title,
            "in_quote": bool(getattr(span, "in_quote", False)) or (not in_title and doc.in_quote(*bounds)),
            "detail": detail, "rule": rule,
        })

    for att in getattr(audit, "attributions", ()) or ():
        rule = getattr(att, "rule", "") or ""
        kind = getattr(att, "source_type", "") or ""
        src = _bounds(getattr(att, "source", None))
        detail = ", ".join(x for x in (getattr(att, "source_name", None), getattr(att, "source_title", None),
                                       "official" if getattr(att, "official", False) else None,
                                       getattr(att, "channel", None)) if x)
        if src:
            add("source", kind, att, src, detail, rule)
        cue = _bounds(getattr(att, "cue", None))
        if cue:
            add("cue", kind, att, cue, "direct quote" if getattr(att, "direct", False) else "", rule)
    for cue in getattr(audit, "hedges", ()) or ():
        bounds = _bounds(cue)
        if bounds:
            add(getattr(cue, "kind", "hedge"), getattr(cue, "category", "") or "", cue, bounds, "",
                getattr(cue, "rule", "") or "")
    for claim in getattr(audit, "claims", ()) or ():
        bounds = _bounds(claim)
        if bounds and getattr(claim, "checkworthy", False):
            who = getattr(claim, "attribution", None)
            detail = f"score {getattr(claim, 'score', float('nan')):.2f}; " + (
                "no source" if who is None else f"attribution #{who}")
            add("claim", ",".join(getattr(claim, "kinds", ()) or ()), claim, bounds, detail,
                getattr(claim, "rule", "") or "")
    for q in doc.quotes:
        add("quotation", "open" if not q.closed else "", q, (q.start, q.end), "", "segment.quotation")
    for ex in doc.excluded:
        add("set aside", ex.kind, ex, (ex.start, ex.end), "", ex.rule)
    frame = pd.DataFrame(rows, columns=list(_TABLE_COLUMNS))
    return frame.sort_values(["in_title", "start", "end"], ascending=[False, True, False], kind="stable",
                             ignore_index=True)


def _row_colour(finding: str, kind: str) -> str:
    if finding == "source":
        return SOURCE_STYLES.get(kind, _UNKNOWN_SOURCE)[1]
    if finding == "quotation":
        return _QUOTE_BG
    if finding in _CUE_LINES:
        return {"hedge": "#f2d9e7", "weasel": "#f9d8c3", "booster": "#cfe2f1"}[finding]
    if finding == "set aside":
        return "#eeeeee"
    return "#ffffff"


def _cell(value: Any) -> str:
    # Styler escapes the value before this runs; the dollar sign is then kept out of MathJax's reach.
    return str(value).replace("$", "&#36;")


def show_evidence(audit: Any):
    """A styled table of every finding (pandas Styler): what, where, and which rule.

    Cells are HTML-escaped (article text is untrusted) and coloured like the highlighted
    article, with explicit text colours so the table reads in light and dark themes.

    Example:
        >>> from audit.article import audit_text
        >>> styler = show_evidence(audit_text('"It is <b>wet</b>," she said.'))
        >>> "&lt;b&gt;wet&lt;/b&gt;" in styler.to_html()
        True
    """
    _require_audit(audit, "show_evidence()")
    frame = findings_table(audit)

    def paint(row):
        colour = _row_colour(row["finding"], row["type"])
        return [f"background-color:{colour};color:{INK};"] * len(row)

    text_col, rule_col = _TABLE_COLUMNS.index("text"), _TABLE_COLUMNS.index("rule")
    # Headers get explicit colours too: the theme's text colour may be light (dark theme).
    table_styles = [
        {"selector": "th", "props": f"background-color:#e9e6dc;color:{INK};text-align:left;"},
        {"selector": "td", "props": "text-align:left;vertical-align:top;padding:2px 8px;"},
        {"selector": f"td.col{text_col}", "props": "min-width:18em;max-width:34em;"},
        {"selector": f"td.col{rule_col}", "props": "font-family:monospace;font-size:0.85em;min-width:12em;max-width:22em;overflow-wrap:anywhere;"},
    ]
    return (frame.style
            .apply(paint, axis=1)
            .format(_cell, escape="html")
            .hide(axis="index")
            .set_table_styles(table_styles)
            .set_table_attributes('class="na-evidence tex2jax_ignore mathjax_ignore"')
            .set_caption(f"{len(frame)} findings: hover an article mark to see the same rule ids"))
