"""What was said: the quotation near a cue, the extent of a statement, and quotations continued over paragraphs."""
from __future__ import annotations

import bisect
import re

from ..segment import Document
from ..spans import Quote, Sentence, Span
from .attribution import Attribution
from .rules import _Cue

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


def _quote_is_content(text: str, sentence: Sentence, cue_start: int, after: int, source: Span | None,
                      quote: Quote) -> bool:
    """Whether a quotation near a cue is the whole of what was said, not a quoted word inside a reported clause.

    ``Park said: “It is silly.”`` and ``“It is silly,” Park said`` quote the content; in ``Park said the idea
    was “silly.”`` or ``The idea was “silly,” Park said`` the content is the clause around the quoted word.
    """
    if quote.start >= after:
        gap = _TIME_ONLY.sub(" ", text[after:quote.start])
        rest = _THAT_WORD.sub(" ", gap)
        # nothing but "that", a day or a short phrase ending in a colon or comma ("wrote on Twitter:", "told
        # reporters,") between the cue and the quotation
        return not any(c.isalnum() for c in rest) or (
            not _THAT_WORD.search(gap) and bool(_LEAD_IN.fullmatch(gap.strip())))
    front = min(cue_start, source.start if source is not None else cue_start)
    if quote.end <= front:
        # "“It is silly,” Park said": the quotation opens the sentence and a comma or dash closes it
        closed = quote.text.rstrip("”\"")[-1:] in (",", ".", "!", "?", "—", "–") or \
            text[quote.end:front].strip()[:1] in (",", "—", "–")
        return closed and not any(c.isalnum() for c in text[sentence.start:quote.start]) and \
            not any(c.isalnum() for c in text[quote.end:front])
    return True  # the cue sits inside the quotation's sentences ("“We won,” she said, “and we earned it.”")


# What may stand between a cue and its quotation: "said Tuesday", "said on Friday night", "said in 2019".
_TIME_ONLY = re.compile(r"\b(?:on|in|at|late|early|last|this|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
                        r"Sunday|morning|afternoon|evening|night|week|month|year|today|yesterday|tonight|\d{4})\b",
                        re.IGNORECASE)
_PREPOSITION_FIRST = re.compile(r"\s*(?:in|on|at|during|to|via|from|after|before|with|by|while|when|as)\s", re.IGNORECASE)
_LEAD_IN = re.compile(r"(?:[\w’'.\-]+\s+){0,5}[\w’'.\-]+\s*[:,]")
_THAT_WORD = re.compile(r"\bthat\b", re.IGNORECASE)
_RECIPIENT = re.compile(r"\s*(?:(?:him|her|them|us|me|you|reporters|journalists|lawmakers)\s+|the\s+(?:[A-Z][\w.’'&-]*\s+){1,4}|"
                        r"(?:[A-Z][\w.’'&-]*\s+){1,4})(?=[a-z])")


def _content(text: str, sentence: Sentence, cue_start: int, cue_end: int, source: Span | None,
             quote: Quote | None, cue: _Cue | None = None) -> tuple[Span | None, bool]:
    after = max(cue_end, source.end if source is not None and source.start >= cue_end else cue_end)
    if quote is not None and _quote_is_content(text, sentence, cue_start, after, source, quote):
        return Span.of(text, quote.start, quote.end), True
    if cue is not None and cue.id == "cue.tell" and after == cue_end:
        recipient = _RECIPIENT.match(text, cue_end, sentence.end)
        if recipient is not None:
            after = recipient.end() - 1  # "told City Radio the reports were speculation": past the one told
    s_end = sentence.end
    while s_end > after and text[s_end - 1] in ".!?\"”’ ":
        s_end -= 1
    if quote is not None and after <= quote.start < s_end < quote.end <= sentence.end:
        s_end = quote.end  # the reported clause ends in its quoted words: 'the idea was “silly.”'
    gap = text[after:s_end]
    first_end = min(cue_start, source.start if source is not None else cue_start)
    head = text[sentence.start:first_end].rstrip()
    if head.rstrip("”’\"'").endswith((",", "—", "–")) and len(head) >= 14 and not _THAT_NEAR.search(
            text, after, min(s_end, after + 80)) and (
            cue is not None and cue.kind == "prep" or not gap.strip() or gap.lstrip()[:1] in (",", "(", "—", "–")
            or _PREPOSITION_FIRST.match(gap)):
        # "The toll rose to 280, officials said, as ...", "..., said Ana Ruiz, a spokeswoman", "..., according to
        # the agency": an attribution set off after its clause reports the clause in front of it
        head = head.rstrip(" ,—–") if head[-1:] in ",—–" else head
        return Span.of(text, sentence.start, sentence.start + len(head)), False
    connector = _THAT.match(gap)
    begin = after + (connector.end() if connector else len(gap) - len(gap.lstrip()))
    that = _THAT_NEAR.search(text, after, min(s_end, after + 80))
    if that is not None and not connector:
        begin = that.end()
    if s_end - begin >= 12:
        return Span.of(text, begin, s_end), False
    # "The bridge is safe, the mayor said." -> the clause in front
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


_FLOATING_EDGE = frozenset(" \t\n.,;:!?’'-—–()")


def _stands_alone(text: str, quote: Quote, sentence_start: int, sentence_end: int) -> bool:
    """A quotation that makes up its sentences: nothing but punctuation before it and after it."""
    return all(c in _FLOATING_EDGE for c in text[sentence_start:quote.start]) and all(
        c in _FLOATING_EDGE or c in "”\"" for c in text[quote.end:sentence_end])


def _floating_quotes(doc: Document, body: list[Attribution]) -> list[Attribution]:
    """A quotation standing as its own sentence, with no cue, is still an attribution (a "floating" quote).

    Its speaker is the one the context makes clear: the speaker of the attribution just before it in the
    same paragraph, else of the paragraph before (punctuation-only paragraphs between are skipped), else
    of the paragraph's first attribution after it. With none of these it is kept with no source
    (``attr.floating.no_speaker``), typed as an unnamed person: a reader cannot tell who said it.
    """
    if not doc.quotes:
        return body
    text = doc.text
    contents = sorted((a.content.start, a.content.end) for a in body if a.content is not None)
    content_starts = [c[0] for c in contents]
    ordered = sorted(body, key=lambda a: a.statement.start)
    statement_starts = [a.statement.start for a in ordered]
    added: list[Attribution] = []
    for quote in doc.quotes:
        i = bisect.bisect_right(content_starts, quote.end - 1) - 1
        if i >= 0 and contents[i][1] > quote.start:
            continue  # some attribution's content already holds it
        first = doc.sentence_at(quote.start)
        last = doc.sentence_at(max(quote.start, quote.end - 1))
        if first is None or last is None or not _stands_alone(text, quote, first.start, last.end):
            continue
        if len(quote.text.split()) < 3:
            continue  # a quoted word or title on its own line is not a statement
        k = bisect.bisect_right(statement_starts, quote.start) - 1
        speaker = None
        while k >= 0:
            candidate = ordered[k]
            if candidate.statement.end <= quote.start or candidate.statement.start < quote.start:
                speaker = candidate
                break
            k -= 1
        rule = "attr.floating.previous"
        if speaker is not None:
            between = doc.sentence_at(speaker.statement.start)
            if between is None or not _near_paragraph(doc, between.paragraph, first.paragraph):
                speaker = None
        if speaker is None:
            after = bisect.bisect_left(statement_starts, quote.end)
            if after < len(ordered):
                nxt = doc.sentence_at(ordered[after].statement.start)
                if nxt is not None and nxt.paragraph == first.paragraph:
                    speaker, rule = ordered[after], "attr.floating.next"
        introduced = None
        if speaker is None:
            # "Yuni, a resident of Lampung, was watching television when she heard the water.\n\n“I heard ...”":
            # the person the paragraph before introduces, with an appositive and no cue, is the one quoted
            introduced = _introduced_person(doc, first.paragraph)
            if introduced is not None:
                added.append(Attribution(
                    statement=Span.of(text, first.start, last.end), source=None, cue=None,
                    content=Span.of(text, quote.start, quote.end), source_name=introduced, source_title=None,
                    source_type="named_person", official=False, channel="unspecified", direct=True,
                    rule="attr.floating.introduced"))
                continue
        if speaker is None:
            # a profile: one named person quoted in the whole article so far is the one being interviewed
            named = {a.source_name for a in ordered[:k + 1] if a.source_type == "named_person" and a.source_name}
            if len(named) == 1:
                speaker, rule = next(a for a in reversed(ordered[:k + 1]) if a.source_name in named), \
                    "attr.floating.profile"
        statement = Span.of(text, first.start, last.end)
        if speaker is None:
            added.append(Attribution(statement, None, None, Span.of(text, quote.start, quote.end), None, None,
                                     "unnamed_person", False, "unspecified", True, "attr.floating.no_speaker"))
            continue
        added.append(Attribution(
            statement=statement, source=None, cue=None, content=Span.of(text, quote.start, quote.end),
            source_name=speaker.source_name, source_title=speaker.source_title, source_type=speaker.source_type,
            official=speaker.official, channel=speaker.channel, direct=True, rule=rule))
    if not added:
        return body
    return sorted(body + added, key=lambda a: (a.statement.start, a.cue.start if a.cue else -1))


# A paragraph opening on a person's name and an appositive that says who they are: "Yuni, a resident of Lampung,",
# "Ana Ruiz, 34, ...", "Tom Hale, the owner of ...".
_INTRODUCTION = re.compile(r"((?:Mc|Mac|O’|O')?[A-Z][a-z’'\-]+(?:[ \t]+(?:Mc|Mac|O’|O')?[A-Z][a-z’'\-]+){0,2}),[ \t]+"
                           r"(?:an?[ \t]|the[ \t]|\d{1,3},)")


def _introduced_person(doc: Document, paragraph: int) -> str | None:
    """The name a paragraph opens on with an appositive ("Yuni, a resident of Lampung, ..."), for the paragraph
    after it; None when the paragraph before is not such an introduction or holds a quotation or a cue."""
    k = paragraph - 1
    while k >= 0 and not any(c.isalnum() for c in doc.paragraphs[k].text):
        k -= 1
    if k < 0:
        return None
    before = doc.paragraphs[k]
    match = _INTRODUCTION.match(before.text)
    if match is None or any(q.start < before.end and q.end > before.start for q in doc.quotes):
        return None
    return match.group(1)


def _near_paragraph(doc: Document, earlier: int, later: int) -> bool:
    """Whether paragraph ``earlier`` is ``later`` or the one before it, punctuation-only paragraphs aside."""
    k = later
    while k > earlier:
        k -= 1
        if any(c.isalnum() for c in doc.paragraphs[k].text):
            return k == earlier
    return k == earlier
