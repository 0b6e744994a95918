"""The highlighted article and the evidence table: every finding shown, nothing executable, nothing lost."""
from __future__ import annotations

import html
import re
from dataclasses import replace
from html.parser import HTMLParser

import pandas as pd
import pytest

from audit.article import ArticleAudit
from audit.claims import Claim
from audit.display import SOURCE_STYLES, SOURCE_TYPES, findings_table, marks_of, render_html, show_evidence
from audit.hedges import Cue
from audit.segment import segment
from audit.sources import Attribution
from audit.spans import Span


# Findings are built by hand with the detectors' own record types, so each test controls exactly
# what is drawn (display reads them by attribute name; ``statement`` is not drawn, so it stays None).
ARTICLE = (
    "Council Delays Vote on Harbor Tunnel\n"
    "\n"
    "By Mara Quill\n"
    "\n"
    "The city council may delay its vote on the $410 million harbor tunnel, officials said Tuesday.\n"
    "\n"
    "\u201cWe are clearly not ready,\u201d Mayor Ines Okafor said.\n"
    "\n"
    "Construction costs have doubled since 2021.\n"
)


def span_of(text: str, phrase: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Span(start, start + len(phrase), phrase)


def cue_of(text: str, phrase: str, kind: str, rule: str) -> Cue:
    s = span_of(text, phrase)
    return Cue(s.start, s.end, s.text, kind, "epistemic", False, 0, False, rule)


@pytest.fixture()
def council() -> ArticleAudit:
    doc = segment(ARTICLE)
    officials = Attribution(None, span_of(ARTICLE, "officials"), span_of(ARTICLE, "said"), None, None, None,
                                "unnamed_group", True, None, False, "src.unnamed.officials")
    mayor = Attribution(None, span_of(ARTICLE, "Mayor Ines Okafor"), span_of(ARTICLE, "said", 1), None,
                            "Ines Okafor", "Mayor", "named_person", True, None, True, "src.named.title_name")
    hedges = (cue_of(ARTICLE, "may", "hedge", "hedge.modal.may"),
              cue_of(ARTICLE, "clearly", "booster", "boost.adverb.clearly"))
    sentence = span_of(ARTICLE, "Construction costs have doubled since 2021.")
    claim = Claim(sentence.start, sentence.end, sentence.text, 0.81, True, ("statistic", "comparison"), None,
                      False, False, 2, "stat.number+compare.doubled")
    return ArticleAudit(document=doc, attributions=(officials, mayor), hedges=hedges, claims=(claim,))


class _Collector(HTMLParser):
    """Parses the output like a browser would: tags, attributes and visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.depth = 0
        self.max_depth = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.depth += 1
        self.max_depth = max(self.max_depth, self.depth)

    def handle_endtag(self, tag):
        self.depth -= 1

    def handle_data(self, data):
        self.text.append(data)


def parse(markup: str) -> _Collector:
    parser = _Collector()
    parser.feed(markup)
    parser.close()
    assert parser.depth == 0, "unbalanced tags"
    return parser


def article_text_of(markup: str) -> str:
    """The article text as displayed, without the legend, chips and header."""
    body = markup[markup.index('class="na-text"'):]
    body = re.sub(r'<span class="na-chip".*?</span>', "", body)
    return html.unescape(re.sub(r"<[^>]+>", "", body[body.index(">") + 1:]))


def test_article_text_is_shown_whole_and_in_order(council):
    assert article_text_of(render_html(council)) == ARTICLE


def test_every_mark_has_a_hover_title_naming_its_rule(council):
    marks = [attrs for tag, attrs in parse(render_html(council)).tags if "na-mark" in attrs.get("class", "")]
    assert marks
    for attrs in marks:
        assert "[rule: " in attrs["title"]
    titles = "\n".join(a["title"] for a in marks)
    for rule in ("src.unnamed.officials", "src.named.title_name", "hedge.modal.may", "boost.adverb.clearly",
                 "stat.number+compare.doubled", "seg.byline.by", "segment.quotation"):
        assert rule in titles


def test_sources_are_coloured_by_their_type(council):
    markup = render_html(council)
    tags = parse(markup).tags
    officials = [a for t, a in tags if "na-source" in a.get("class", "") and "unnamed_group" in a.get("data-kind", "")]
    mayor = [a for t, a in tags if "na-source" in a.get("class", "") and "named_person" in a.get("data-kind", "")]
    assert officials and mayor
    assert SOURCE_STYLES["unnamed_group"][1] in officials[0]["style"]
    assert SOURCE_STYLES["named_person"][1] in mayor[0]["style"]
    assert "unnamed group · official" in parse(markup).text


def test_legend_names_every_source_type_with_counts(council):
    legend = render_html(council)
    legend = legend[legend.index('class="na-legend"'):legend.index('class="na-text"')]
    text = html.unescape(re.sub(r"<[^>]+>", " ", legend))
    for kind in SOURCE_TYPES:
        assert SOURCE_STYLES[kind][0] in text
    assert re.search(r"named person\s+1\b", text)
    assert re.search(r"anonymous\s+0\b", text)
    assert re.search(r"booster\s+1\b", text)


def test_script_and_event_handlers_in_the_article_show_as_text():
    hostile = ('Breaking <script>alert("x")</script>\n\n'
               'A photo <img src=x onerror="alert(1)"> was posted, the \'agency\' said & left.\n')
    doc = segment(hostile)
    src = span_of(hostile, "the 'agency'")
    att = Attribution(None, src, span_of(hostile, "said"), None, '<b onmouseover="x()">', None,
                          "named_organization", False, None, False, 'rule"><script>')
    markup = render_html(ArticleAudit(document=doc, attributions=(att,)),
                         meta={"outlet": "<script>evil()</script>", "author": 'a" onclick="x'})
    collected = parse(markup)
    assert {tag for tag, _ in collected.tags} <= {"div", "span"}
    for _, attrs in collected.tags:
        assert not any(name.startswith("on") for name in attrs)
    assert "<script>alert(\"x\")</script>" in "".join(collected.text)
    assert '<img src=x onerror="alert(1)">' in "".join(collected.text)
    assert "<script>evil()</script>" in "".join(collected.text)
    assert "<script" not in markup and "<img" not in markup and "<b " not in markup


def test_dollar_signs_never_reach_mathjax(council):
    markup = render_html(council, meta={"headline": "A $5 fee and a $6 fee"})
    assert "$" not in markup
    assert "&#36;410 million" in markup
    outer = parse(markup).tags[0][1]["class"].split()
    assert "tex2jax_ignore" in outer and "mathjax_ignore" in outer


def test_overlapping_marks_split_into_flat_pieces_without_crossing_tags():
    text = "Sources close to the talks said the deal may collapse.\n"
    doc = segment(text)
    # a source that overlaps a hedge that overlaps a claim: three partial overlaps
    att = Attribution(None, Span(0, 26, text[0:26]), span_of(text, "said"), None, None, None,
                          "anonymous", False, None, False, "src.anon.close_to")
    cue = Cue(21, 35, text[21:35], "weasel", "vague", False, 0, False, "weasel.test")
    claim = Claim(31, len(text) - 1, text[31:len(text) - 1], 0.7, True, ("prediction",), None, True, False,
                      0, "pred.may")
    markup = render_html(ArticleAudit(document=doc, attributions=(att,), hedges=(cue,), claims=(claim,)))
    collected = parse(markup)
    assert article_text_of(markup) == text
    pieces = [(a["class"], a["title"]) for t, a in collected.tags if "na-mark" in a.get("class", "")]
    # "talks" is both source and weasel; "the" after "said" is weasel and claim
    assert any("na-source" in c and "na-hedge" in c for c, _ in pieces)
    assert any("na-hedge" in c and "na-claim" in c for c, _ in pieces)
    assert all(title.count("[rule:") == len(set(c.split()) - {"na-mark"}) for c, title in pieces)


def test_attributed_or_low_scoring_claims_are_not_flagged(council):
    claim = council.claims[0]
    for quiet in (replace(claim, attribution=0), replace(claim, checkworthy=False, score=0.2)):
        audit = replace(council, claims=(quiet,))
        assert not [m for m in marks_of(audit) if m.layer == "claim"]
    assert [m.layer for m in marks_of(council) if m.layer == "claim"] == ["claim"]


def test_set_aside_furniture_is_greyed(council):
    tags = parse(render_html(council)).tags
    byline = [a for t, a in tags if "na-excluded" in a.get("class", "") and "byline" in a.get("data-kind", "")]
    assert byline and "color:#767676" in byline[0]["style"]


def test_headline_kept_apart_from_the_text_is_drawn_with_its_own_findings():
    body = "The bridge will reopen in May, the agency said.\n"
    title = "Bridge may reopen"
    doc = segment(body, title)
    assert doc.title_span is None
    hedge = Cue(7, 10, "may", "hedge", "modal", False, -1, True, "hedge.modal.may")
    markup = render_html(ArticleAudit(document=doc, hedges=(hedge,)))
    heading = markup[markup.index('class="na-title"'):markup.index('class="na-legend"')]
    assert 'title="hedge (modal) [rule: hedge.modal.may]"' in heading
    assert ">may</span>" in heading
    assert article_text_of(markup) == body


def test_marks_outside_the_text_are_ignored_not_crashing():
    doc = segment("Short text.\n")
    bad = Cue(5, 500, "x", "hedge", "", False, 0, False, "hedge.bad")
    empty = Cue(3, 3, "", "hedge", "", False, 0, False, "hedge.empty")
    markup = render_html(ArticleAudit(document=doc, hedges=(bad, empty)))
    assert "hedge.bad" not in markup and article_text_of(markup) == "Short text.\n"


def test_real_audit_renders_on_an_empty_article():
    from audit.article import audit_text

    markup = render_html(audit_text(""))
    assert 'class="na-article' in markup and article_text_of(markup) == ""


def test_findings_table_lists_every_finding_in_text_order(council):
    table = findings_table(council)
    assert list(table["finding"]) == ["set aside", "set aside", "hedge", "source", "cue", "quotation", "booster",
                                      "source", "cue", "claim"]
    for row in table.itertuples():
        assert ARTICLE[row.start:row.end] == row.text
    assert table.loc[table["finding"] == "booster", "in_quote"].item()
    assert table.loc[table["finding"] == "claim", "detail"].item() == "score 0.81; no source"


def test_show_evidence_is_an_escaped_styler():
    text = 'Fees rose to $9 <img src=x onerror="boom()">, the <i>agency</i> said.\n'
    doc = segment(text)
    att = Attribution(None, span_of(text, "the <i>agency</i>"), span_of(text, "said"), None, None, None,
                          "named_organization", True, None, False, "src.org")
    styler = show_evidence(ArticleAudit(document=doc, attributions=(att,)))
    assert isinstance(styler, pd.io.formats.style.Styler)
    markup = styler.to_html()
    assert "<img" not in markup and "<i>" not in markup
    assert "the &lt;i&gt;agency&lt;/i&gt;" in markup
    assert "$" not in markup.split("<table", 1)[1]
    assert SOURCE_STYLES["named_organization"][1] in markup


def test_every_finding_of_the_real_detectors_is_drawn_with_its_rule():
    from audit.claims import claims_in
    from audit.hedges import hedges_in
    from audit.sources import attributions_in

    text = ("Ferry Fares Rise\n\nBy Lee Park\n\n"
            "Fares will probably rise $2 in May, transit director Owen Mbeki said on Tuesday.\n\n"
            "Some riders say the ferry is clearly too expensive. A person familiar with the budget, who spoke on "
            "condition of anonymity, said the route could be sold.\n\n"
            "Ridership fell 12% last year.\n")
    doc = segment(text)
    attributions = attributions_in(doc)
    cues = hedges_in(doc)
    claims = claims_in(doc, attributions, cues)
    assert attributions and cues and claims  # the fixture exercises every detector
    markup = render_html(ArticleAudit(document=doc, attributions=attributions, hedges=cues, claims=claims))
    titles = "\n".join(a["title"] for t, a in parse(markup).tags if "na-mark" in a.get("class", ""))
    for attribution in attributions:
        if attribution.source is not None or attribution.cue is not None:
            assert f"[rule: {attribution.rule}]" in titles
    for cue in cues:
        assert f"[rule: {cue.rule}]" in titles
    for claim in claims:
        if claim.checkworthy and claim.attribution is None:
            assert f"[rule: {claim.rule}]" in titles
    assert article_text_of(markup) == text
    assert "&#36;2" in markup and "$" not in markup
