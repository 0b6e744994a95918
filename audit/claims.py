"""Claims: which sentences assert something a fact-checker could check, and on whose authority.

Every body sentence is scored for check-worthiness with a small, readable model: a logistic
function of interpretable features, each a hand-written word list or pattern kept as data in
``audit/rules``::

    score = 1 / (1 + exp(-(bias + sum(weight[f] * value[f]))))

* ``claim_lexicon.tsv``: phrases feeding a feature (``stat.unit``: "percent"; ``causal.marker``:
  "led to"; ``opinion.first_person``: "i think"), matched on whole words.
* ``claim_patterns.tsv``: patterns feeding a feature (figures, years, money, past-tense "-ed" verbs,
  "-est" superlatives, capitalised names). Two shape features are measured in code: length
  (``shape.length``, tens of words) and a closing question mark (``shape.question``).
* ``claim_features.tsv``: one row per feature with its weight, its cap (``value = min(count, cap)``)
  and the claim kind it shows (statistic, comparison, causal, event, prediction). Figures,
  comparisons, causes, public records and named entities raise the score; first-person opinion,
  promises, what "should" be, conditions, debate talk and questions lower it. The weights were
  fitted once by logistic regression on the tune half of ClaimBuster (``benchmarks/eval_claims.py
  --fit``); no word list was mined from a corpus.

A sentence is a claim when it is a statement (not a question) and shows at least one kind, or
scores check-worthy anyway. It is ``checkworthy`` when ``score >= config.claim_threshold``
(0.5 by default; the fitted bias puts 0.5 where F1 of the check-worthy class was best on the tune half). A claim links to the
attribution whose content or statement covers it (the source's authority) or to None (the
reporter's own voice), and is ``hedged`` when a hedge cue of kind "hedge" stands in it.

Example:
    >>> claim = find_claims("Unemployment fell to 4.1 percent in 2017 because factories hired 200,000 workers.")[0]
    >>> claim.checkworthy, claim.kinds
    (True, ('statistic', 'comparison', 'causal', 'event'))
"""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any, Iterable, Mapping

import re._parser as _sre_parser  # the regex parser, read to find a text every match of a pattern holds

from .config import DEFAULT_CONFIG, AuditConfig, require_config
from .lexicon import load_rules, overlay_stamp
from .hedges import hedges_in
from .segment import Document, require_document, segment
from .sources import attributions_in
from .spans import Sentence, require_findings

RULE_FILES = ("claim_features.tsv", "claim_lexicon.tsv", "claim_patterns.tsv")
# Kinds in the order a Claim lists them; "quotation" comes from the quotation spans, not from a feature.
CLAIM_KINDS = ("statistic", "comparison", "causal", "event", "prediction", "quotation")
_CONTENT_KINDS = frozenset(CLAIM_KINDS) - {"quotation"}
# Scoring gathers the kinds of the fired features as bits of a mask (statistic = 1, comparison = 2, ...);
# _KINDS_BY_MASK[mask] lists those kinds in the order of CLAIM_KINDS.
_KIND_BIT = {kind: 1 << i for i, kind in enumerate(k for k in CLAIM_KINDS if k in _CONTENT_KINDS)}
_KINDS_BY_MASK = tuple(tuple(kind for kind, bit in _KIND_BIT.items() if mask & bit)
                       for mask in range(1 << len(_KIND_BIT)))
_TOKEN = re.compile(r"[a-z0-9]++(?:'[a-z0-9]++)*+")
_LENGTH_FEATURE = "shape.length"
_QUESTION_FEATURE = "shape.question"
_SHAPE_FEATURES = frozenset({_LENGTH_FEATURE})
# A sentence that ends in a question mark (closing quotes and brackets may follow).
_QUESTION = re.compile(r"\?[\s\"”’')\]]*+$")
_FIRST_WORD = re.compile(r"\w++")
_DIGIT = re.compile(r"\d")
_BIAS = "bias"


@dataclass(frozen=True, slots=True)
class Claim:
    """One sentence that asserts something checkable.

    Attributes:
        start: where the sentence starts (an index into the article text, or into the title
            string for a headline that is not in the text).
        end: where it ends.
        text: the sentence, ``text == source[start:end]``.
        score: check-worthiness, 0..1 (the logistic model in ``claim_features.tsv``); use it to rank.
        checkworthy: ``score >= config.claim_threshold`` (0.5 by default).
        kinds: what makes it checkable, in the order of ``CLAIM_KINDS`` (statistic, comparison,
            causal, event, prediction, quotation).
        attribution: index into the article's attributions of the one whose statement covers the
            sentence, or None when the reporter asserts it in their own voice.
        hedged: a hedge cue (kind "hedge") stands in the sentence.
        in_title: the sentence is (part of) the headline; kept out of the body metrics.
        sentence: the body sentence index (-1 in the headline).
        rule: the ids of the features that fired, joined by "+" (e.g. "stat.number+causal.marker").

    Example:
        >>> claim = find_claims("Police arrested 12 protesters on Friday.")[0]
        >>> claim.kinds, claim.attribution, claim.rule.split("+")[:2]
        (('statistic', 'event'), None, ['stat.number', 'event.past_ed'])
    """

    start: int
    end: int
    text: str
    score: float
    checkworthy: bool
    kinds: tuple[str, ...]
    attribution: int | None
    hedged: bool
    in_title: bool
    sentence: int
    rule: str

    def to_dict(self) -> dict:
        row = asdict(self)
        row["kinds"] = ",".join(self.kinds)  # as in the evidence table's type column
        return row


@dataclass(frozen=True, slots=True)
class _Feature:
    id: str
    kind: str
    weight: float
    cap: float


@dataclass(frozen=True, slots=True)
class _Pattern:
    id: str
    feature: str
    regex: re.Pattern
    unless: frozenset
    whole_word: bool
    not_first: bool
    digits: bool  # only tried on a sentence that holds a digit (most do not: one search saves several)
    # a piece of text every match holds ("ed" for "ed\\b", "ing" for the ongoing pattern's "(?<=[a-z]ing)"),
    # "" when none is known: the pattern is skipped on a sentence without it (an `in` test costs less than a search)
    needs: str


@dataclass(frozen=True, slots=True)
class _Model:
    features: Mapping[str, _Feature]
    # feature id -> (weight, cap, bit of its kind in _KIND_BIT or 0, row in claim_features.tsv or -1 for the
    # shape features a Claim's rule does not list): one lookup per fired feature when scoring
    terms: Mapping[str, tuple[float, float, int, int]]
    feature_ids: tuple[str, ...]  # row in claim_features.tsv -> feature id
    bias: float
    words: Mapping[str, tuple[str, ...]]  # one-word phrase -> feature ids
    word_keys: frozenset  # the keys of ``words``, to intersect with a sentence's words
    # first two words of a longer phrase -> ((phrase words, feature ids), ...)
    pairs: Mapping[tuple[str, str], tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]
    pair_keys: frozenset
    patterns: tuple[_Pattern, ...]
    patterns_without_digits: tuple[_Pattern, ...]  # those to try on a sentence with no digit


_PATTERN_FLAGS = frozenset({"word", "not_first", "digits"})


@lru_cache(maxsize=16)
def _compiled_model(rules_dir: str | None, stamp: tuple) -> _Model:
    features: dict[str, _Feature] = {}
    bias = 0.0
    for row in load_rules("claim_features.tsv", rules_dir):
        try:
            weight, cap = float(row["weight"]), float(row["cap"])
        except ValueError as exc:
            raise ValueError(f"claim feature {row['id']}: weight and cap must be numbers") from exc
        if row["kind"] and row["kind"] not in _CONTENT_KINDS:
            raise ValueError(f"claim feature {row['id']}: kind must be empty or one of {sorted(_CONTENT_KINDS)}")
        if row["id"] == _BIAS:
            bias = weight
        else:
            features[row["id"]] = _Feature(row["id"], row["kind"], weight, cap)

    by_phrase: dict[tuple[str, ...], list[str]] = {}
    word_lists: dict[str, set[str]] = {}
    for row in load_rules("claim_lexicon.tsv", rules_dir):
        phrase = row["phrase"].casefold().replace("’", "'")
        if row["feature"].startswith("except."):
            word_lists.setdefault(row["feature"], set()).add(phrase.strip())
            continue
        # the phrase is cut into words the way sentences are ("co-sponsored" -> "co", "sponsored")
        words = tuple(_TOKEN.findall(phrase))
        if not words:
            raise ValueError(f"claim lexicon {row['id']}: empty phrase")
        if row["feature"] not in features:
            raise ValueError(f"claim lexicon {row['id']}: unknown feature {row['feature']!r}")
        by_phrase.setdefault(words, []).append(row["feature"])
    single = {words[0]: tuple(dict.fromkeys(feats)) for words, feats in by_phrase.items() if len(words) == 1}
    pairs: dict[tuple[str, str], list] = {}
    for words, feats in by_phrase.items():
        if len(words) > 1:
            pairs.setdefault(words[:2], []).append((words, tuple(dict.fromkeys(feats))))
    frozen_pairs = {pair: tuple(entries) for pair, entries in pairs.items()}

    patterns = []
    for row in load_rules("claim_patterns.tsv", rules_dir):
        if row["feature"] not in features:
            raise ValueError(f"claim pattern {row['id']}: unknown feature {row['feature']!r}")
        flags = {f.strip() for f in row["flags"].split(",") if f.strip()}
        if flags - _PATTERN_FLAGS:
            raise ValueError(f"claim pattern {row['id']}: unknown flags {sorted(flags - _PATTERN_FLAGS)}")
        if row["unless"] and row["unless"] not in word_lists:
            raise ValueError(f"claim pattern {row['id']}: unknown word list {row['unless']!r}")
        try:
            regex = re.compile(row["pattern"])
        except re.error as exc:
            raise ValueError(f"claim pattern {row['id']}: bad pattern: {exc}") from exc
        patterns.append(_Pattern(row["id"], row["feature"], regex, frozenset(word_lists.get(row["unless"], ())),
                                 "word" in flags, "not_first" in flags, "digits" in flags, _needed_text(regex)))
    # Plain dicts: the model is built once per rules folder and only read afterwards (a mapping proxy
    # costs a third more per lookup in the word loop).
    terms = {f.id: (f.weight, f.cap, _KIND_BIT.get(f.kind, 0), -1 if f.id in _SHAPE_FEATURES else i)
             for i, f in enumerate(features.values())}
    return _Model(features, terms, tuple(features), bias, single, frozenset(single), frozen_pairs,
                  frozenset(frozen_pairs), tuple(patterns),
                  tuple(p for p in patterns if not p.digits))


def _needed_text(regex: re.Pattern) -> str:
    """The longest run of plain characters that every match of ``regex`` holds, "" when none is known.

    Only what the pattern must match in sequence counts: its top-level literal characters and those of its
    lookarounds that must hold (a lookbehind's text stands in the searched string too); branches, groups and
    repeats are not looked into, and a case-insensitive pattern has none.

    Example: ``ed\\b`` -> "ed"; ``[$£€]\\s?\\d`` -> "".
    """
    if regex.flags & re.IGNORECASE:
        return ""
    try:
        items = list(_sre_parser.parse(regex.pattern).data)
    except Exception:  # a parser from another Python version: no pre-check, the pattern is always tried
        return ""
    runs = []

    def walk(items: list) -> None:
        run = ""
        for op, av in items:
            name = str(op)
            if name == "LITERAL":
                run += chr(av)
                continue
            runs.append(run)
            run = ""
            if name == "ASSERT":  # (?=...) or (?<=...): its text must stand in the sentence
                walk(list(av[1]))
        runs.append(run)

    walk(items)
    return max(runs, key=len)


def _model(rules_dir: str | None) -> _Model:
    return _compiled_model(rules_dir, overlay_stamp(RULE_FILES, rules_dir))


def _word_around(text: str, start: int, end: int) -> str:
    """The whole word holding ``text[start:end]`` (a suffix match such as "ed" -> "hundred")."""
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'’-"):
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end]


def _positions(items: list, item: Any) -> list[int]:
    """Every index of ``item`` in ``items`` (list.index runs in C)."""
    found, i = [], -1
    try:
        while True:
            i = items.index(item, i + 1)
            found.append(i)
    except ValueError:
        return found


def _feature_counts(sentence: str, model: _Model) -> dict[str, float]:
    """How often each feature fires in one sentence (before caps and weights)."""
    counts: dict[str, float] = {}
    words = _TOKEN.findall(sentence.casefold().replace("’", "'"))
    n = len(words)
    # Set intersections and list.count run in C: most words of a sentence are in no list.
    features_of = model.words
    for word in model.word_keys.intersection(words):
        hits = words.count(word)
        for feat in features_of[word]:
            counts[feat] = counts.get(feat, 0) + hits
    pairs = list(zip(words, words[1:]))
    for pair in model.pair_keys.intersection(pairs):
        where = None  # positions of the pair, found once for all its longer phrases
        for phrase, feats in model.pairs[pair]:
            size = len(phrase)
            if size == 2:
                hits = pairs.count(pair)
            else:
                where = _positions(pairs, pair) if where is None else where
                hits = sum(1 for i in where if tuple(words[i:i + size]) == phrase)
            if hits:
                for feat in feats:
                    counts[feat] = counts.get(feat, 0) + hits
    first = _FIRST_WORD.search(sentence)
    first_word_end = first.end() if first else len(sentence)  # for not_first patterns (capitals start sentences)
    for rule in model.patterns if _DIGIT.search(sentence) else model.patterns_without_digits:
        if rule.needs not in sentence:
            continue  # no match can stand in a sentence without that text ("" is in every sentence)
        if not rule.unless:
            # every match counts but, for not_first, those inside the first word: count in C, subtract those
            hits = len(rule.regex.findall(sentence))
            if hits and rule.not_first:
                for match in rule.regex.finditer(sentence):
                    if match.start() >= first_word_end:
                        break
                    hits -= 1
            if hits:
                counts[rule.feature] = counts.get(rule.feature, 0) + hits
            continue
        for match in rule.regex.finditer(sentence):
            if rule.not_first and match.start() < first_word_end:
                continue
            found = _word_around(sentence, *match.span()) if rule.whole_word else match.group()
            if found.casefold().replace("’", "'") not in rule.unless:
                counts[rule.feature] = counts.get(rule.feature, 0) + 1
    counts[_LENGTH_FEATURE] = n / 10
    if "?" in sentence and _QUESTION.search(sentence):  # the `in` test first: few sentences hold a "?"
        counts[_QUESTION_FEATURE] = 1
    return counts


def _score(counts: Mapping[str, float], model: _Model) -> tuple[float, tuple[str, ...], tuple[str, ...]]:
    """The score, the kinds shown and the ids of the features that fired (in rule-file order)."""
    parts = [model.bias]
    kinds = 0  # a mask of _KIND_BIT
    fired = []  # rows in claim_features.tsv
    terms = model.terms
    for feature_id, value in counts.items():
        term = terms.get(feature_id)
        if term is None:
            continue
        weight, cap, kind_bit, order = term
        parts.append(weight * (value if value < cap else cap))
        kinds |= kind_bit
        if order >= 0:
            fired.append(order)
    fired.sort()
    # fsum is exact, so the score does not depend on the order the features were counted in (a set's order
    # changes from one process to the next with string hashing: a plain sum could then differ in its last bit
    # and flip a sentence sitting on the threshold between two runs)
    total = math.fsum(parts)
    # exp overflows past about 709; a sum that large is certain either way
    total = -50.0 if total < -50.0 else 50.0 if total > 50.0 else total
    score = 1.0 / (1.0 + math.exp(-total))
    return score, _KINDS_BY_MASK[kinds], tuple(map(model.feature_ids.__getitem__, fired))


def sentence_features(text: str, *, config: AuditConfig | None = None) -> dict[str, float]:
    """The feature values the score of one sentence is built from (after caps), for explaining a score.

    Example:
        >>> sentence_features("Taxes rose 3 percent.")["stat.number"]
        1
    """
    model = _model((config or DEFAULT_CONFIG).rules_dir)
    counts = _feature_counts(text, model)
    values = {}
    for feature in model.features.values():
        if counts.get(feature.id):
            values[feature.id] = min(counts[feature.id], feature.cap)
    return values


def _covering(spans: Iterable[tuple[int, int, int]], starts: list[int],
              ends: list[int]) -> dict[int, list[tuple[int, int]]]:
    """For each sentence position, the (overlap, item) pairs of the items whose span overlaps it.

    ``starts`` and ``ends`` hold the sentences' bounds (listed once per article for the four uses).
    """
    found: dict[int, list[tuple[int, int]]] = {}
    count = len(starts)
    for item, start, end in spans:
        k = max(0, bisect.bisect_right(starts, start) - 1)
        while k < count and starts[k] < end:
            overlap = min(end, ends[k]) - max(start, starts[k])
            if overlap > 0:
                found.setdefault(k, []).append((overlap, item))
            k += 1
    return found


def _span(obj: Any, name: str) -> tuple[int, int] | None:
    span = getattr(obj, name, None)
    if span is None:
        return None
    start, end = getattr(span, "start", None), getattr(span, "end", None)
    return (start, end) if isinstance(start, int) and isinstance(end, int) and end > start else None


def _attribution_links(sentences: tuple[Sentence, ...], starts: list[int], ends: list[int], attributions: tuple,
                       in_title: bool) -> dict[int, int]:
    """Sentence position -> index of the attribution covering it.

    An attribution covers a sentence when its content (the words attributed) overlaps the sentence,
    or when its statement (source, cue and content) spans at least half of it; with several
    candidates the largest overlap of content wins ("He said the plan was dead" and the sentence
    after it in the same quotation both belong to "he").
    """
    content_spans, statement_spans = [], []
    for index, attribution in enumerate(attributions):
        if bool(getattr(attribution, "in_title", False)) != in_title:
            continue
        content, statement = _span(attribution, "content"), _span(attribution, "statement")
        if content:
            content_spans.append((index, *content))
        if statement:
            statement_spans.append((index, *statement))
    by_content = _covering(content_spans, starts, ends)
    by_statement = _covering(statement_spans, starts, ends)
    links = {}
    # a content overlap beats any statement overlap: the largest content overlap (then the earliest
    # attribution) wins, else the largest statement overlap of at least half the sentence
    for k, found in by_content.items():
        links[k] = -max((overlap, -index) for overlap, index in found)[1]
    for k, found in by_statement.items():
        if k in links:
            continue
        half = (sentences[k].end - sentences[k].start) / 2
        candidates = [(overlap, -index) for overlap, index in found if overlap >= half]
        if candidates:
            links[k] = -max(candidates)[1]
    return links


def _hedged(starts: list[int], ends: list[int], cues: tuple, in_title: bool) -> set[int]:
    """Positions of the sentences holding a cue of kind "hedge"."""
    spans = []
    for index, cue in enumerate(cues):
        if getattr(cue, "kind", None) != "hedge" or bool(getattr(cue, "in_title", False)) != in_title:
            continue
        start, end = getattr(cue, "start", None), getattr(cue, "end", None)
        if isinstance(start, int) and isinstance(end, int):
            spans.append((index, start, max(end, start + 1)))
    return set(_covering(spans, starts, ends))


def _quoted(starts: list[int], ends: list[int], doc: Document) -> set[int]:
    """Positions of the body sentences of which a third or more lies inside quotation marks."""
    overlaps = _covering(((i, q.start, q.end) for i, q in enumerate(doc.quotes)), starts, ends)
    return {k for k, found in overlaps.items() if sum(o for o, _ in found) * 3 >= ends[k] - starts[k]}


def _claims_over(sentences: tuple[Sentence, ...], doc: Document, attributions: tuple, cues: tuple,
                 config: AuditConfig, model: _Model, in_title: bool) -> list[Claim]:
    if not sentences:
        return []
    starts, ends = [s.start for s in sentences], [s.end for s in sentences]
    links = _attribution_links(sentences, starts, ends, attributions, in_title)
    hedged = _hedged(starts, ends, cues, in_title)
    quoted = set() if in_title else _quoted(starts, ends, doc)
    claims = []
    for k, sentence in enumerate(sentences):
        counts = _feature_counts(sentence.text, model)
        if counts.get(_QUESTION_FEATURE):
            continue  # a question asks; it asserts nothing to check
        score, kinds, fired = _score(counts, model)
        checkworthy = score >= config.claim_threshold
        if not kinds and not checkworthy:
            continue
        if k in quoted:
            kinds = (*kinds, "quotation")
        claims.append(Claim(
            start=sentence.start, end=sentence.end, text=sentence.text, score=round(score, 4),
            checkworthy=checkworthy, kinds=kinds, attribution=links.get(k), hedged=k in hedged,
            in_title=in_title, sentence=sentence.index, rule="+".join(fired),
        ))
    return claims


def claims_in(doc: Document, attributions: Iterable = (), cues: Iterable = (),
              config: AuditConfig | None = None) -> tuple[Claim, ...]:
    """The claims of a segmented article: headline claims first (``in_title=True``), then the body's.

    Args:
        doc: the article as :func:`audit.segment.segment` built it (sentences are read, never re-split).
        attributions: the article's attributions in order; anything with ``statement`` and
            ``content`` spans (``start``/``end``) and ``in_title``. A claim's ``attribution`` indexes it.
        cues: the article's hedge cues; anything with ``start``, ``end``, ``kind`` and ``in_title``.
        config: the :class:`AuditConfig` (rules folder, ``claim_threshold``); defaults when None.

    Example:
        >>> doc = segment("Sales Slump\\n\\nCar sales fell 8 percent in March. We hope that changes.")
        >>> [(c.text, c.in_title) for c in claims_in(doc)]
        [('Car sales fell 8 percent in March.', False)]
    """
    require_document(doc, "claims_in()", "audit.find_claims(text)")
    config = require_config(config)
    attributions, cues = tuple(attributions), tuple(cues)
    model = _model(config.rules_dir)
    title = _claims_over(doc.title_sentences, doc, attributions, cues, config, model, in_title=True)
    body = _claims_over(doc.sentences, doc, attributions, cues, config, model, in_title=False)
    return tuple(title + body)


def find_claims(text: str, *, title: str | None = None, config: AuditConfig | None = None) -> list[Claim]:
    """Claims of one article (or one sentence, audited whole), linked to attributions and hedges.

    The article is segmented once; its attributions (``audit.sources``) and hedge cues (``audit.hedges``)
    are found on that segmentation; then :func:`claims_in` scores every sentence.

    Args:
        text: the article, or a single sentence.
        title: the headline when known from metadata.
        config: an :class:`AuditConfig`; the defaults when None.

    Example:
        >>> [c.kinds for c in find_claims("The bridge collapsed after the storm caused a flood.")]
        [('causal', 'event')]
    """
    if not isinstance(text, str):
        raise TypeError(f"find_claims() needs the text as a str, got {type(text).__name__}")
    config = require_config(config)
    doc = segment(text, title, rules_dir=config.rules_dir)
    attributions = attributions_in(doc, config)
    cues = hedges_in(doc, config)
    return list(claims_in(doc, attributions, cues, config))


def claims_metrics(claims: Iterable[Claim]) -> dict[str, float]:
    """Claim counts for the body of one article (headline claims are left out).

    Keys: ``claims``, ``claims_checkworthy``, ``claims_checkworthy_unattributed`` (check-worthy
    claims the reporter makes in their own voice) and ``share_checkworthy_unattributed`` (NaN when
    there is no check-worthy claim).

    Example:
        >>> claims_metrics(find_claims("Prices rose 9 percent last year. We hope so."))["claims_checkworthy"]
        1
    """
    claims = require_findings(claims, Claim, "claims_metrics()", "audit.find_claims(text) or claims_in(doc)")
    body = [c for c in claims if not c.in_title]
    checkworthy = [c for c in body if c.checkworthy]
    unattributed = sum(1 for c in checkworthy if c.attribution is None)
    return {
        "claims": len(body),
        "claims_checkworthy": len(checkworthy),
        "claims_checkworthy_unattributed": unattributed,
        "share_checkworthy_unattributed": unattributed / len(checkworthy) if checkworthy else float("nan"),
    }
