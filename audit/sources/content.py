"""What was said: the quotation near a cue, the extent of a statement, and quotations continued over paragraphs."""
from __future__ import annotations

import bisect
import re

from ..segment import Document
from ..spans import Quote, Sentence, Span
from .attribution import Attribution

_THAT = re.compile(r"\s*(?:that\b|:|,)\s*", re.IGNORECASE)

_THAT_NEAR = re.compile(r"(?<![\w’'])that\s+")


def _quote_near(doc: Document, text: str, sentence: Sentence, cue_start: int, cue_end: int) -> Quote | None:
    """The quotation this cue introduces or closes, if any."""
    if doc.text is not text or not doc.quotes:
        return None
    starts = doc._quote_starts
    i = bisect.bisect_left(starts, sentence.start)
    # a quote that opened before the sentence and runs into it
    candidates = []
    if i > 0 and doc.quotes[i - 1].end > sentence.start:
        candidates.append(doc.quotes[i - 1])
    j = i
    while j < len(doc.quotes) and doc.quotes[j].start < sentence.end:
        candidates.append(doc.quotes[j])
        j += 1
    best, best_gap = None, 10**9
    for quote in candidates:
        if quote.end <= cue_start:
            gap = len(text[quote.end:cue_start].strip())
        elif quote.start >= cue_end:
            gap = len(text[cue_end:quote.start].strip())
        else:
            continue
        if gap < best_gap:
            best, best_gap = quote, gap
    return best if best is not None and best_gap <= 90 else None


def _statement_bounds(doc: Document, sentence: Sentence, quote: Quote | None) -> tuple[int, int]:
    start, end = sentence.start, sentence.end
    if quote is not None and not sentence.in_title:
        if quote.start < start:
            first = doc.sentence_at(quote.start)
            if first is not None and first.paragraph == sentence.paragraph:
                start = first.start
        if quote.end > end:
            last = doc.sentence_at(quote.end - 1)
            if last is not None and last.paragraph == sentence.paragraph:
                end = last.end
    return start, end


def _content(text: str, sentence: Sentence, cue_start: int, cue_end: int, source: Span | None,
             quote: Quote | None) -> tuple[Span | None, bool]:
    if quote is not None:
        return Span.of(text, quote.start, quote.end), True
    after = max(cue_end, source.end if source is not None and source.start >= cue_end else cue_end)
    s_end = sentence.end
    while s_end > after and text[s_end - 1] in ".!?\"”’ ":
        s_end -= 1
    gap = text[after:s_end]
    connector = _THAT.match(gap)
    begin = after + (connector.end() if connector else len(gap) - len(gap.lstrip()))
    that = _THAT_NEAR.search(text, after, min(s_end, after + 80))
    if that is not None and not connector:
        begin = that.end()
    if s_end - begin >= 12:
        return Span.of(text, begin, s_end), False
    # "The bridge is safe, the mayor said." -> the clause in front
    first_end = min(cue_start, source.start if source is not None else cue_start)
    head = text[sentence.start:first_end].rstrip(" ,—–")
    if len(head) >= 12:
        return Span.of(text, sentence.start, sentence.start + len(head)), False
    return None, False


def _extend_statements(doc: Document, body: list[Attribution]) -> list[Attribution]:
    """A statement runs on over the next sentences of its paragraph that carry no attribution of their own.

    Reporters attribute the first sentence of a paragraph and let the rest lean on it ("..., said Nicole
    Porter. That includes 7,072 who ..."); the codebook counts those sentences as one sourced statement.
    """
    if not body:
        return body
    sentences = doc.sentences
    starts = doc._sentence_starts
    taken = {bisect.bisect_right(starts, a.statement.start) - 1 for a in body}
    extended = []
    for attribution in body:
        i = bisect.bisect_right(starts, attribution.statement.end - 1) - 1
        if i < 0:
            extended.append(attribution)
            continue
        paragraph = sentences[i].paragraph
        end = attribution.statement.end
        j = i + 1
        while j < len(sentences) and sentences[j].paragraph == paragraph and j not in taken:
            end = sentences[j].end
            j += 1
        if end != attribution.statement.end:
            attribution = _replace_statement(attribution, Span.of(doc.text, attribution.statement.start, end))
        extended.append(attribution)
    return extended


def _replace_statement(attribution: Attribution, statement: Span) -> Attribution:
    fields = {name: getattr(attribution, name) for name in Attribution.__dataclass_fields__}
    fields["statement"] = statement
    return Attribution(**fields)


def _continued_quotes(doc: Document, body: list[Attribution]) -> list[Attribution]:
    """A quotation paragraph without a cue of its own continues the previous paragraph's speaker."""
    if not doc.quotes or not body:
        return body
    text = doc.text
    by_paragraph: dict[int, list[Attribution]] = {}
    for attribution in body:
        sentence = doc.sentence_at(attribution.statement.start)
        if sentence is not None:
            by_paragraph.setdefault(sentence.paragraph, []).append(attribution)
    paragraph_sentences: dict[int, list[Sentence]] = {}
    for sentence in doc.sentences:
        paragraph_sentences.setdefault(sentence.paragraph, []).append(sentence)
    added: list[Attribution] = []
    last_speaker: Attribution | None = None
    for p_index, paragraph in enumerate(doc.paragraphs):
        own = by_paragraph.get(p_index)
        if own:
            last_speaker = own[-1]
            continue
        if last_speaker is None:
            continue
        quote = doc.quote_at(paragraph.start)
        previous_paragraph = p_index - 1
        if quote is None or (previous_paragraph not in by_paragraph and not quote.continues):
            last_speaker = None if quote is None else last_speaker
            continue
        sentences = paragraph_sentences.get(p_index, [])
        if not sentences:
            continue
        inherited = Attribution(
            statement=Span.of(text, sentences[0].start, sentences[-1].end),
            source=None,
            cue=None,
            content=Span.of(text, quote.start, quote.end),
            source_name=last_speaker.source_name,
            source_title=last_speaker.source_title,
            source_type=last_speaker.source_type,
            official=last_speaker.official,
            channel=last_speaker.channel,
            direct=True,
            rule="attr.continue.quote",
        )
        added.append(inherited)
        by_paragraph[p_index] = [inherited]
    if not added:
        return body
    return sorted(body + added, key=lambda a: (a.statement.start, a.cue.start if a.cue else -1))
