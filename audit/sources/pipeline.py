"""The sourcing audit's order of stages: cues, source, type, channel, content, for every sentence of a Document."""
from __future__ import annotations

import bisect
import re
from dataclasses import replace
from itertools import chain

from ..config import AuditConfig, DEFAULT_CONFIG, require_config
from ..gender import infer_genders
from ..segment import Document, require_document, segment
from ..spans import Sentence, Span
from .attribution import Attribution
from .rules import _Rules, _rules
from .grammar import _agentive
from .words import _BEFORE, _skip_space, _span_of, _words, _words_near
from .phrases import _Found
from .memory import _Memory, _Typed, _anonymity_stated_after, _remember, _surname_index
from .classify import _body_in_appositive, _classify, _org_or_person, _title_is_official
from .cues import _MAX_CUES_PER_SENTENCE, _CueReading, _passive_agent, _read_cue
from .locate import _source_of_cue
from .content import (_INTRODUCTION, _THAT_NEAR, _content, _continued_quotes, _extend_statements, _floating_quotes,
                      _quote_near, _statement_bounds)
from .channel import _channel

_NOT_SPEAKERS = frozenset(("you",))
# A verb that makes a document's finding a clause ("found that costs rose", "showed the car speeding away").
_CLAUSE_VERB = re.compile(r"\b(?:is|are|was|were|be|been|has|have|had|will|would|could|can|may|might|should|must|"
                          r"did|does|do|\w{3,}ed|\w{2,}ing)\b", re.IGNORECASE)
_TITLE_COLON_END = re.compile(r"^(?P<content>.{8,}?)\s*:\s*(?P<source>(?:[A-Z][\w.’'\-]*\s?){1,4})\s*$")


def attributions_in(doc: Document, config: AuditConfig = DEFAULT_CONFIG) -> tuple[Attribution, ...]:
    """Every attribution in a segmented article, in text order; headline findings have ``in_title=True``.

    Reads the body sentences, quotations and headline sentences of ``doc``; page furniture in
    ``doc.excluded`` (bylines, captions, bios) is never read.

    Example:
        >>> doc = segment("Officials Weigh Bridge Repairs\\n\\nThe bridge will close in May, the city said.")
        >>> [(a.source.text, a.source_type, a.in_title) for a in attributions_in(doc, DEFAULT_CONFIG)]
        [('the city', 'named_organization', False)]
    """
    require_document(doc, "attributions_in()", "audit.find_attributions(text)")
    config = require_config(config)
    rules = _rules(config.rules_dir)
    text = doc.text
    memory = _Memory(surnames={}, mentions=[], people=[], groups=[], statements=[], known={},
                     paragraph_starts=[p.start for p in doc.paragraphs])
    if doc.paragraphs:
        memory.surnames, memory.mentions = _surname_index(text, doc.paragraphs[0].start, doc.paragraphs[-1].end, rules,
                                                        doc.in_quote)
        # "Yuni, a resident of Lampung, was watching television when she heard it. “...,” she said.": a person a
        # paragraph opens on, with an appositive, is a mention a later "she" points to, even with one name
        introduced = [(p.start, match.group(1), "") for p in doc.paragraphs for match in (_INTRODUCTION.match(p.text),)
                      if match is not None and match.group(1).split()[0].lower() not in rules.not_first_names]
        if introduced:
            memory.mentions = sorted(set(memory.mentions) | set(introduced))
    found: list[Attribution] = []
    title_source = text if doc.title_span is not None else (doc.title or "")
    for sentence in doc.title_sentences:
        found.extend(_sentence_attributions(doc, title_source, sentence, rules, memory, title=True))
    body: list[Attribution] = []
    cue_body = rules.cue_body
    for sentence in doc.sentences:
        first = cue_body.search(text, sentence.start, sentence.end)
        if first is not None:  # most body sentences hold no cue, and then give nothing
            body.extend(_sentence_attributions(doc, text, sentence, rules, memory, title=False, first=first))
    body = _anonymity_stated_after(doc, body, rules)
    body = _floating_quotes(doc, _continued_quotes(doc, _extend_statements(doc, body)))
    found.extend(body)
    if config.infer_gender and found:
        # One cheap pass over the finished attributions: a person's gender comes from the whole article.
        calls = infer_genders(found, text, rules_dir=config.rules_dir, quotes=doc.quotes)
        found = [replace(a, source_gender=c.gender, gender_rule=c.rule, gender_evidence=c.evidence)
                 if c.gender else a for a, c in zip(found, calls)]
    return tuple(found)


def _overlaps_any(starts: list[int], ends: list[int], span: Span) -> bool:
    """Whether ``span`` overlaps one of the sorted, disjoint intervals ``starts[i]:ends[i]``."""
    i = bisect.bisect_right(ends, span.start)
    return i < len(starts) and starts[i] < span.end


def _sentence_attributions(doc: Document, text: str, sentence: Sentence, rules: _Rules, memory: _Memory,
                           title: bool, first: re.Match | None = None) -> list[Attribution]:
    """The attributions of one sentence; ``first``: the sentence's first cue when the caller has searched for it.

    For each cue: is it one (``_read_cue``), where is its source (``_source_of_cue``), what kind of source
    (``_source_and_type``), then how it reached the reporter and what was said (``_attribution``).
    """
    results: list[Attribution] = []
    pattern = rules.cue_title if title else rules.cue_body
    # The scan goes on where the first cue ends, as a scan of the whole sentence would (a cue is never empty).
    matches = pattern.finditer(text, sentence.start, sentence.end) if first is None else chain(
        (first,), pattern.finditer(text, first.end(), sentence.end))
    taken_until = sentence.start
    cue_starts: list[int] = []  # the cues already used in this sentence, in order and disjoint,
    cue_ends: list[int] = []  # so an overlap test is a bisection, not a scan (linear time)
    for examined, match in enumerate(matches):
        if examined == _MAX_CUES_PER_SENTENCE:
            break
        if match.start() < taken_until:
            continue
        reading = _read_cue(doc, text, sentence, match, rules, title, bool(cue_starts))
        if reading is None:
            continue
        cue = reading.cue
        # The words in front of the cue, tokenised once for the passive test and the search for the source.
        near = None if cue.participle or cue.kind == "prep" or cue.id == "cue.ask" else _words_near(
            text, max(sentence.start, reading.start - _BEFORE), reading.start)
        agent = _passive_agent(text, sentence, reading, rules, near)
        if agent is not None and not agent:
            continue  # "they were not warned", "he was told": the subject is not the source
        found = _source_of_cue(text, sentence, reading, agent, results[-1] if results else None, rules, near)
        if found is None and title:
            continue
        sourced = _source_and_type(text, sentence, reading, found, rules, memory, cue_starts, cue_ends)
        if sourced is None:
            continue
        made = _attribution(doc, text, sentence, reading, found, *sourced, rules, memory, title)
        if made is None:
            continue
        attribution, final = made
        results.append(attribution)
        _remember(memory, final, attribution.channel, reading.start)
        cue_starts.append(reading.start)
        cue_ends.append(reading.end)
        source_span = attribution.source
        taken_until = max(reading.end, source_span.end if source_span is not None else reading.end)
    if title and not results:
        results.extend(_title_colon(text, sentence, rules, memory))
    return results


def _source_and_type(text: str, sentence: Sentence, reading: _CueReading, found: _Found | None, rules: _Rules,
                     memory: _Memory, cue_starts: list[int], cue_ends: list[int]) -> tuple[Span | None, _Typed] | None:
    """The source's span and type; None when the cue turns out to attribute nothing ("lengthy remarks")."""
    cue = reading.cue
    source_span = _span_of(text, found.source_words) if found else None
    if source_span is not None and _overlaps_any(cue_starts, cue_ends, source_span):
        source_span = None  # a source cannot swallow an earlier cue
    typed = None
    if source_span is not None:
        words = [w for w in found.source_words if w.start < source_span.end]
        if found.rule == "attr.participle.shared" and memory.last is not None:
            typed = memory.last  # "..., adding that": the same source, typed as it was for the cue before
        else:
            typed = _classify(text, words, sentence.text, rules, memory, words[0].start == sentence.start)
        if found.written is not None:
            source_span = Span.of(text, found.written.start, found.written.end)
            if typed.name is None and typed.source_type in ("unnamed_group", "unnamed_person"):
                typed = _Typed(typed.source_type, " ".join(w.text for w in words), typed.title, typed.official,
                               typed.rule, typed.gender)
    if source_span is not None and source_span.text.lower() in _NOT_SPEAKERS:
        return None  # "you say you hate it": the reader addressed, not someone quoted
    if cue.kind == "document" and (typed is None or typed.source_type != "document" and not typed.rule.startswith(
            "doc.")):  # "the poll found" counts, also when the poll speaks for its pollster
        return None
    if cue.noun_too and typed is not None and typed.rule in ("attr.type.plural", "attr.type.default"):
        return None  # "lengthy remarks", "fundraising reports": a noun, not a verb
    if cue.kind == "view" and not _group_view(text, found, typed, rules):
        return None  # "residents fear" reports a group's view; "he believes" is a thought, not a source
    if typed is None:
        if cue.participle or cue.noun_too:
            return None
        typed = _Typed("unnamed_person", None, None, False, "attr.no_source")
    return source_span, typed


def _attribution(doc: Document, text: str, sentence: Sentence, reading: _CueReading, found: _Found | None,
                 source_span: Span | None, typed: _Typed, rules: _Rules, memory: _Memory,
                 title: bool) -> tuple[Attribution, _Typed] | None:
    """The attribution of a sourced cue with its channel, statement and content, and the source as remembered.

    None for a subheading such as "What residents say", which attributes nothing.
    """
    cue, cue_start, cue_end = reading.cue, reading.start, reading.end
    quote = None if title else _quote_near(doc, text, sentence, cue_start, cue_end)
    lo = min(cue_start, source_span.start if source_span else cue_start)
    hi = min(sentence.end, max(cue_end, source_span.end if source_span else cue_end) + 60)
    channel = _channel(text, max(sentence.start, lo - 40), hi, cue, rules)
    if typed.rule.startswith(("doc.statement", "doc.release", "doc.press_release")):
        channel = "statement"
    if typed.source_type == "document" and channel == "speech":
        channel = "document"
    if channel == "statement" and typed.rule == "attr.type.name" and typed.name and " " not in typed.name \
            and typed.name not in memory.surnames and not typed.title:
        # "In a statement, Anthropic added": a single name never given in full that issues statements is a body
        typed = _Typed("named_organization", typed.name, None, typed.official, "attr.type.single_name.statement")
    start, end = _statement_bounds(doc, sentence, quote)
    content, direct = _content(text, sentence, cue_start, cue_end, source_span, quote, cue)
    if content is None and not title and not sentence.text.rstrip("”’\"' ").endswith((".", "!", "?", ":")):
        return None  # a subheading such as "What residents say" attributes nothing
    if cue.kind == "document" and not title and not direct and (content is None and not any(
            c.isalnum() for c in text[sentence.start:min(cue_start, source_span.start if source_span else cue_start)])
            or content is not None and content.start > cue_start and not (
                _THAT_NEAR.match(text, _skip_space(text, cue_end, sentence.end)) or _CLAUSE_VERB.search(content.text)
                or len(content.text.split()) > 3)):
        return None  # "the video showed the car": a document shows something said only as a clause
    title_text = " ".join(w.text for w in found.title_words).rstrip(",") if found and found.title_words else None
    if title_text and typed.rule == "attr.type.name" and typed.name and typed.name not in memory.surnames and (
            " " not in typed.name or typed.name.split()[0].lower() not in rules.name_genders):
        # "Unison, the union representing council workers, said": an appositive headed by a word for a body says
        # the name is an organisation's (a person's name with no known first name would be read as a person)
        body = _body_in_appositive(found.title_words, rules)
        if body is not None:
            typed = _Typed("named_organization", typed.name, None, body[1], f"attr.type.name.{body[0]}")
    source_title = title_text or typed.title
    official = typed.official or bool(title_text and _title_is_official(title_text, rules))
    if official and source_span is not None and source_span.text.lower().startswith(("its ", "their ")):
        # "Its president, Marco Bellini": an office of the body named just before, official only when that body is
        body = next((entry for entry in reversed(memory.groups[-4:]) if entry[1] == "named_organization"), None)
        if body is not None and not body[3]:
            official = False
    rule = f"{cue.id}+{found.rule if found else 'attr.no_source'}+{typed.rule}"
    attribution = Attribution(
        statement=Span.of(text, start, end),
        source=source_span,
        cue=Span.of(text, cue_start, cue_end),
        content=content,
        source_name=typed.name,
        source_title=source_title,
        source_type=typed.source_type,
        official=official,
        channel=channel,
        direct=direct,
        rule=rule,
        in_title=title,
    )
    return attribution, _Typed(typed.source_type, typed.name, source_title, official, typed.rule, typed.gender)


def _group_view(text: str, found: _Found | None, typed: _Typed | None, rules: _Rules) -> bool:
    """Whether a view verb ("believe", "fear") reports what an unnamed group thinks.

    The codebook counts a group's expressed attitudes as sourced ("Residents fear the plant will close").
    Left out: named people and pronouns (their views are nearly always inside their own reported words),
    a restrictive relative clause that only says which people are meant ("voters who believe taxes are too
    high"; with a comma, ", who believe ...", it reports their view), a verb sharing a subject across "and",
    and a plural read by default that is not a noun for people ("these things you thought").
    """
    if typed is None or found is None or typed.source_type != "unnamed_group" or typed.rule.startswith("pron."):
        return False
    if found.rule.startswith("attr.coordinated"):
        return False
    if found.written is not None and not text[:found.written.start].rstrip().endswith(","):
        return False
    if typed.rule == "attr.type.plural":
        return _agentive(found.source_words[-1].lower, rules)
    return True


def _title_colon(text: str, sentence: Sentence, rules: _Rules, memory: _Memory) -> list[Attribution]:
    """A headline that ends in its source: "Coalition halts training: Pentagon"."""
    match = _TITLE_COLON_END.match(sentence.text)
    if not match:
        return []
    offset = sentence.start
    s0, s1 = offset + match.start("source"), offset + match.end("source")
    while s1 > s0 and text[s1 - 1] in " .":
        s1 -= 1
    words = _words(text, s0, s1)
    typed = _org_or_person(words, rules, memory) if words else None
    if typed is None:
        return []
    colon = text.rfind(":", offset, s0)
    return [Attribution(Span.of(text, sentence.start, sentence.end), Span.of(text, s0, s1), Span.of(text, colon, colon + 1),
                        Span.of(text, offset + match.start("content"), offset + match.end("content")), typed.name,
                        typed.title, typed.source_type, typed.official, "speech", False,
                        f"attr.title.colon_source+{typed.rule}", True)]


def find_attributions(text: str, *, title: str | None = None, config: AuditConfig | None = None) -> list[Attribution]:
    """Segment an article and return every attribution in it, in text order.

    Args:
        text: the article as plain text (a pasted web page is fine: bylines and captions are set aside).
        title: the headline when known from metadata.
        config: an :class:`~audit.config.AuditConfig` (its ``rules_dir`` overlays the rule files).

    Raises:
        TypeError: ``text`` is not a str.

    Example:
        >>> [a.source.text for a in find_attributions("Prices will rise, according to the central bank.")]
        ['the central bank']
    """
    if not isinstance(text, str):
        raise TypeError(f"find_attributions() needs the article text as a str, got {type(text).__name__}")
    config = require_config(config)
    return list(attributions_in(segment(text, title, rules_dir=config.rules_dir), config))
