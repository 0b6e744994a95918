"""Hedges, weasels and boosters: how sure a story sounds, and on whose authority.

Three lexicons of cue patterns, kept as data in ``audit/rules``:

- ``hedge_cues.tsv`` (kind ``hedge``): modals ("may", "could"), epistemic verbs ("appeared to suggest"),
  adverbs and adjectives ("probably", "unclear"), belief ("I think"), distancing ("reportedly",
  "purportedly", "claimed that") and approximators ("some 50 people").
- ``hedge_weasels.tsv`` (kind ``weasel``): vague, unattributed authority ("some say", "critics argue",
  "it is believed", "is widely seen as", "has been called", "some historians"). Categories tell belief
  ("it is believed": ``passive_belief``, "many think": ``vague_belief``) from hearsay and vague groups
  (``passive_authority``, ``vague_authority``).
- ``hedge_boosters.tsv`` (kind ``booster``): words that close down doubt ("clearly", "there is no doubt").

``hedge_contexts.tsv`` holds the negative contexts that matter in news ("May" the month or a name, "could
not be reached", "as soon as possible", "critics, including Sen. X, argue"), and ``hedge_macros.tsv`` the
pieces of pattern the lexicons share. Conditionals ("if", "unless", "would" in a conditional) are
conditionality, not hedging: no lexicon has them, and plain "will" and "would" are never cues.

A cue inside a direct quotation has ``in_quote=True``: the source hedges, not the reporter. Cues in the
headline have ``in_title=True`` and stay out of :func:`hedging_metrics`.

Example:
    >>> [(c.text, c.kind) for c in find_hedges("The letter was purportedly leaked, critics say.")]
    [('purportedly', 'hedge'), ('critics say', 'weasel')]
"""
from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from itertools import chain
from types import MappingProxyType
from typing import Iterable, Mapping

import re._parser as _sre_parser  # the regex parser, read to find the letters each rule can start with

from .config import DEFAULT_CONFIG, AuditConfig, require_config
from .lexicon import load_rules, overlay_stamp
from .segment import Document, require_document, segment
from .spans import Sentence, require_findings

# The category of hedges that blur a quantity ("some 50", "about $2 million"), kept out of hedge rates.
APPROXIMATOR = "approximator"
# Lexicon file -> the kind of every cue it holds.
LEXICONS = (("hedge_cues.tsv", "hedge"), ("hedge_weasels.tsv", "weasel"), ("hedge_boosters.tsv", "booster"))
RULE_FILES = ("hedge_macros.tsv", *(name for name, _ in LEXICONS), "hedge_contexts.tsv")
METRIC_KEYS = (
    "hedges",
    "hedges_reporter",
    "hedges_quoted",
    "hedges_per_100_words_reporter",
    "hedges_per_100_words_quoted",
    "weasels",
    "boosters",
    "weasels_per_100_words",
    "boosters_per_100_words",
)
# How far a context test looks before and after a cue: enough for "as soon as", "could not be", and
# bounded so each test costs the same whatever the sentence length.
_WINDOW = 80
_MACRO = re.compile(r"\{([A-Z][A-Z_]*+)\}")
_TITLE_WORD = re.compile(r"[^\W\d_]{4,}+")
_GAP = "\x00"  # stands for \\s+ in the letter sequences a rule can start with
_ESCAPE = re.compile(r"\\.|\(\?P<\w+>")
_UPPER_LITERAL = re.compile(r"[A-Z]")


@dataclass(frozen=True, slots=True)
class Cue:
    """One hedge, weasel or booster cue.

    Attributes:
        start, end, text: the cue's characters (``text == source[start:end]``; the source is the article
            text, or the ``title`` string for a headline given apart from the text).
        kind: ``hedge``, ``weasel`` or ``booster``.
        category: what sort of cue (modal, epistemic_verb, distancing, approximator, vague_authority, ...).
        in_quote: True inside a direct quotation (the source hedges, not the reporter).
        sentence: index of the body sentence, -1 in the headline.
        in_title: True in the headline.
        rule: id of the lexicon row that found it.

    Example:
        >>> cue = find_hedges("The minister reportedly resigned.")[0]
        >>> cue.text, cue.category, cue.rule
        ('reportedly', 'distancing', 'hedge.distancing.reportedly')
    """

    start: int
    end: int
    text: str
    kind: str
    category: str
    in_quote: bool
    sentence: int
    in_title: bool
    rule: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class _Rule:
    id: str
    kind: str
    category: str


@dataclass(frozen=True, slots=True)
class _Lexicon:
    kind: str
    rules: tuple[_Rule, ...]
    # The lexicon's alternation, split by the first letter a rule can start with: at a word starting with "m"
    # only the rules that can start with "m" are tried (in file order). Each branch ends in an empty named
    # group r0, r1, ... that says which rule matched. Run on the lower-cased text.
    by_letter: Mapping[str, re.Pattern]
    # Split further by the first two letters, for the letters whose every rule starts with two known letters: at
    # "ma" only the rules that can start with "ma" are tried (fewer branches to fail than at "m").
    by_pair: Mapping[str, re.Pattern]
    anywhere: re.Pattern | None  # rules whose first letter is not known (a user's "\\w+ish"), tried at every word
    # The whole alternation, case-insensitive, for the rare text whose lower-casing changes its length.
    any_case: re.Pattern

    def at(self, first: str) -> re.Pattern | None:
        return self.by_letter.get(first, self.anywhere)


@dataclass(frozen=True, slots=True)
class _Context:
    id: str
    before: re.Pattern | None
    self_: re.Pattern | None
    after: re.Pattern | None
    sentence: re.Pattern | None
    in_title_case: bool  # whether the row also applies to a Headline In Title Case

    def sets_aside(self, source: str, sentence: Sentence, start: int, end: int, title_case: bool) -> bool:
        if title_case and not self.in_title_case:
            return False
        if self.self_ is not None and not self.self_.fullmatch(source, start, end):
            return False
        if self.before is not None and not self.before.search(source[max(sentence.start, start - _WINDOW):start]):
            return False
        if self.after is not None and not self.after.match(source, end, min(sentence.end, end + _WINDOW)):
            return False
        if self.sentence is not None and not self.sentence.search(source, sentence.start, sentence.end):
            return False
        return True


@dataclass(frozen=True, slots=True)
class _Rules:
    lexicons: tuple[_Lexicon, ...]
    contexts: Mapping[str, tuple[_Context, ...]]  # rule id -> the negative contexts that apply to it
    # First two letters (for the letters in pair_letters), else first letter -> the (lexicon, alternation)
    # pairs to try at a word starting with them.
    by_start: Mapping[str, tuple[tuple[_Lexicon, re.Pattern], ...]]
    pair_letters: frozenset  # the first letters looked up with the letter after them
    anywhere: tuple[tuple[_Lexicon, re.Pattern], ...]
    # Word starts where some rule of some lexicon can match: a trie of the rules' first letters (up to
    # three). Python's regex engine tries an alternation branch by branch at every position, so scanning for
    # these few letter sequences first, then trying only the rules for that letter, keeps the cost per word
    # small whatever the size of the lexicons. The gate matches the non-word character before such a word
    # start (the word starts where the match ends): a pattern that starts with a character class lets the
    # engine skip the letters inside words quickly, where "(?<!\w)" would be tried at each of them.
    gate: re.Pattern


def _expand(pattern: str, macros: Mapping[str, str], origin: str) -> str:
    def piece(match: re.Match) -> str:
        name = match.group(1)
        if name not in macros:
            raise ValueError(f"{origin}: unknown macro {{{name}}} (hedge_macros.tsv)")
        return macros[name]

    return _MACRO.sub(piece, pattern)


def _starts(pattern: str, depth: int = 10) -> frozenset[str] | None:
    """The letter sequences (up to ``depth`` long) that a match of ``pattern`` can begin with, or None.

    Example: ``(?:un)?likely`` -> {"unl", "lik"}. None when the first letter is open (``\\w+ish``): such a
    rule is tried at every word. Reads the parsed pattern, so it agrees with what ``re`` will match.
    """
    try:
        items = list(_sre_parser.parse(pattern).data)
    except Exception:  # a parser from another Python version: fall back to trying the rule everywhere
        return None
    for budget in range(depth, 0, -1):
        found = _prefixes(items, budget)
        if found is not None and len(found) <= 3000:
            return frozenset(found) if "" not in found else None
    return None


def _prefixes(items: list, budget: int) -> set[str] | None:
    """Literal prefixes of the sequence ``items`` of parsed regex nodes; "" when one may start anywhere."""
    if budget == 0 or not items:
        return {""}
    (op, av), rest = items[0], items[1:]
    name = str(op)
    if name == "LITERAL":
        tails = _prefixes(rest, budget - 1)
        return {chr(av) + t for t in tails}
    if name == "IN" and _is_space((op, av)):
        return {_GAP + t for t in _prefixes(rest, budget - 1)}
    if name == "IN":
        chars = _charset(av)
        if chars is None:
            return {""}
        tails = _prefixes(rest, budget - 1)
        return {c + t for c in chars for t in tails}
    if name == "BRANCH":
        out: set[str] = set()
        for branch in av[1]:
            out |= _prefixes(list(branch.data if hasattr(branch, "data") else branch) + rest, budget)
        return out
    if name in ("SUBPATTERN", "ATOMIC_GROUP"):
        inner = av[-1] if name == "SUBPATTERN" else av
        return _prefixes(list(inner.data if hasattr(inner, "data") else inner) + rest, budget)
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, _, inner = av
        inner = list(inner.data if hasattr(inner, "data") else inner)
        if low and len(inner) == 1 and _is_space(inner[0]):  # \s+ between words: one gap token, then go on
            return {_GAP + t for t in _prefixes(rest, budget - 1)}
        once = _prefixes(inner, budget)  # stop after one copy: a shorter prefix is still a necessary start
        return once if low else once | _prefixes(rest, budget)
    if name in ("AT", "ASSERT", "ASSERT_NOT"):
        return _prefixes(rest, budget)
    return {""}


def _is_space(node) -> bool:
    op, av = node
    return str(op) == "IN" and len(av) == 1 and str(av[0][0]) == "CATEGORY" and str(av[0][1]) == "CATEGORY_SPACE"


def _charset(items) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            chars.add(chr(av))
        elif name == "RANGE" and av[1] - av[0] < 64:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        elif name == "CATEGORY" and str(av) == "CATEGORY_DIGIT":
            chars.update("0123456789")
        else:
            return None
    return chars


def _trie(prefixes: set[str]) -> str:
    """One regular expression matching any of ``prefixes``, nested by letter so it is tried letter by letter."""
    if not prefixes:
        return "(?!)"
    groups: dict[str, set[str]] = {}
    ends = False
    for p in prefixes:
        if p:
            groups.setdefault(p[0], set()).add(p[1:])
        else:
            ends = True
    if ends:
        return ""  # a prefix ends here: anything may follow
    parts = []
    for letter in sorted(groups):
        tail = _trie(groups[letter])
        parts.append((r"\s++" if letter == _GAP else re.escape(letter)) + tail)
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def _compile(pattern: str, flags: int, origin: str) -> re.Pattern:
    try:
        compiled = re.compile(pattern, flags)
    except re.error as exc:
        raise ValueError(f"{origin}: bad pattern: {exc}") from exc
    if compiled.groups:
        raise ValueError(f"{origin}: use (?:...) groups only; capturing groups are reserved")
    return compiled


@lru_cache(maxsize=16)
def _compiled_rules(rules_dir: str | None, stamp: tuple) -> _Rules:
    macros: dict[str, str] = {}
    for row in load_rules("hedge_macros.tsv", rules_dir):
        macros[row["name"]] = _expand(row["pattern"], macros, f"hedge macro {row['id']}")

    lexicons = []
    short_letters: set[str] = set()  # first letters some rule follows with no known second letter
    known_ids: list[str] = []
    all_starts: set[str] = set()
    unknown_start = False
    for name, kind in LEXICONS:
        rules: list[_Rule] = []
        branches: list[str] = []
        starts: list[frozenset[str] | None] = []
        for row in load_rules(name, rules_dir):
            origin = f"{name} rule {row['id']}"
            body = _expand(row["pattern"], macros, origin)
            if _UPPER_LITERAL.search(_ESCAPE.sub("", body)):
                raise ValueError(f"{origin}: write the pattern in lower case (it is matched against lower-cased text)")
            _compile(body, 0, origin)
            # Each branch must end at the end of a word, so a failed ending lets the next row try.
            branches.append(f"(?:{body})(?!\\w)(?P<r{len(rules)}>)")
            rules.append(_Rule(row["id"], kind, row["category"]))
            known_ids.append(row["id"])
            prefixes = _starts(body)
            starts.append(prefixes)
            if prefixes is None:
                unknown_start = True
            else:
                all_starts |= prefixes
        letters = sorted({p[0] for st in starts if st for p in st})
        if _GAP in letters:
            raise ValueError(f"{name}: a pattern cannot start with a space")

        def alternation(indices: list[int]) -> re.Pattern | None:
            return re.compile("(?:" + "|".join(branches[i] for i in indices) + ")") if indices else None

        unknown = [i for i, st in enumerate(starts) if st is None]
        by_letter = {
            letter: alternation([i for i, st in enumerate(starts) if st is None or any(p[0] == letter for p in st)])
            for letter in letters
        }
        pairs = {p[:2] for st in starts if st for p in st if len(p) >= 2 and p[1] != _GAP}
        by_pair = {pair: alternation([i for i, st in enumerate(starts) if st and any(p[:2] == pair for p in st)])
                   for pair in pairs}
        any_case = re.compile(r"(?<!\w)(?:" + "|".join(branches) + ")" if branches else r"(?!)", re.IGNORECASE)
        lexicons.append(_Lexicon(kind, tuple(rules), MappingProxyType(by_letter), MappingProxyType(by_pair),
                                 alternation(unknown), any_case))
        # a letter can be told by its first two letters when every rule of this lexicon starting with it has them
        short_letters |= {p[0] for st in starts if st for p in st if len(p) < 2 or p[1] == _GAP}
    can_start = r"(?=\S)" if unknown_start else r"(?=" + _trie(all_starts) + ")"

    contexts: dict[str, list[_Context]] = {}
    for row in load_rules("hedge_contexts.tsv", rules_dir):
        origin = f"hedge_contexts.tsv row {row['id']}"
        flags = {f.strip() for f in row["flags"].split(",") if f.strip()}
        re_flags = re.IGNORECASE if "i" in flags else 0

        def test(column: str, suffix: str = "") -> re.Pattern | None:
            text = row[column]
            return _compile(f"(?:{_expand(text, macros, origin)}){suffix}", re_flags, origin) if text else None

        context = _Context(row["id"], test("before", r"\Z"), test("self"), test("after"), test("sentence"),
                           "notitlecase" not in flags)
        selectors = [s.strip() for s in row["cues"].split(",") if s.strip()]
        if not selectors:
            raise ValueError(f"{origin}: the cues column names no rule")
        for selector in selectors:
            matched = [i for i in known_ids if i == selector or (selector.endswith("*") and i.startswith(selector[:-1]))]
            if not matched:
                raise ValueError(f"{origin}: no hedge rule matches {selector!r}")
            for rule_id in matched:
                contexts.setdefault(rule_id, []).append(context)
    letters = {letter for lexicon in lexicons for letter in lexicon.by_letter}
    anywhere = tuple((lx, lx.anywhere) for lx in lexicons if lx.anywhere is not None)
    # The key a word start is looked up by: its first two letters where they decide, else its first letter.
    by_start: dict[str, tuple] = {}
    for letter in letters:
        if anywhere or letter in short_letters:
            by_start[letter] = tuple((lx, lx.at(letter)) for lx in lexicons if lx.at(letter) is not None)
    pair_letters = frozenset() if anywhere else frozenset(letters - short_letters)
    for pair in {pair for lx in lexicons for pair in lx.by_pair if pair[0] in pair_letters}:
        by_start[pair] = tuple((lx, lx.by_pair[pair]) for lx in lexicons if pair in lx.by_pair)
    return _Rules(tuple(lexicons), MappingProxyType({k: tuple(v) for k, v in contexts.items()}),
                  MappingProxyType(by_start), pair_letters, anywhere, re.compile(r"\W" + can_start))


def _rules(rules_dir: str | None) -> _Rules:
    return _compiled_rules(rules_dir, overlay_stamp(RULE_FILES, rules_dir))


def _is_title_case(source: str, sentence: Sentence) -> bool:
    """A Headline Written In Title Case, where a capital letter says nothing about "May"."""
    words = _TITLE_WORD.findall(source, sentence.start, sentence.end)
    return len(words) >= 2 and sum(w[0].isupper() for w in words) * 10 >= len(words) * 7


def _cues_over(doc: Document, source: str, lowered: str | None, sentences: tuple[Sentence, ...],
               rules: _Rules) -> list[Cue]:
    """The cues of ``sentences`` (which index ``source``), in text order."""
    cues: list[Cue] = []
    by_start, pair_letters, anywhere, gate = rules.by_start, rules.pair_letters, rules.anywhere, rules.gate
    for sentence in sentences:
        # the loop over the words of every sentence, kept here rather than in a function called per sentence
        if lowered is not None:
            matches = []
            start, end = sentence.start, sentence.end
            # the word starts where a rule can match, in text order: the sentence's start when the character
            # before it is no word character (or there is none: a space stands for it), then those inside
            at_start = gate.match(lowered, start - 1, end) if start else gate.match(" " + lowered[:end])
            positions = (word.end() for word in gate.finditer(lowered, start, end))
            for position in chain((start,), positions) if at_start is not None else positions:
                first = lowered[position]
                key = lowered[position:position + 2] if first in pair_letters else first
                for lexicon, alternation in by_start.get(key, anywhere):
                    match = alternation.match(lowered, position, end)
                    if match is not None:
                        matches.append((match, lexicon))
        else:
            matches = [(m, lexicon) for lexicon in rules.lexicons
                       for m in lexicon.any_case.finditer(source, sentence.start, sentence.end)]
        if matches:
            cues.extend(_sentence_cues(doc, source, sentence, matches, rules))
    return cues


def _sentence_cues(doc: Document, source: str, sentence: Sentence, matches: list[tuple[re.Match, _Lexicon]],
                   rules: _Rules) -> list[Cue]:
    """The cues of one sentence from its lexicon matches: those no context sets aside, overlaps resolved."""
    title_case = sentence.in_title and _is_title_case(source, sentence)
    found: list[tuple[int, int, _Rule]] = []
    for match, lexicon in matches:
        rule = lexicon.rules[int(match.lastgroup[1:])]
        start, end = match.span()
        contexts = rules.contexts.get(rule.id, ())
        if any(c.sets_aside(source, sentence, start, end, title_case) for c in contexts):
            continue
        found.append((start, end, rule))
    if not found:
        return []
    # Overlapping cues from different lexicons: the longer one says more ("almost certainly" is a hedge,
    # not the booster "certainly"; "studies show" is one weasel, not a weasel and a hedge).
    found.sort(key=lambda f: (f[0] - f[1], f[0]))
    kept: list[tuple[int, int, _Rule]] = []
    for start, end, rule in found:
        if all(end <= k_start or start >= k_end for k_start, k_end, _ in kept):
            kept.append((start, end, rule))
    kept.sort(key=lambda f: f[0])
    return [
        Cue(start, end, source[start:end], rule.kind, rule.category,
            (not sentence.in_title) and doc.in_quote(start, end),
            sentence.index if not sentence.in_title else -1, sentence.in_title, rule.id)
        for start, end, rule in kept
    ]


def hedges_in(doc: Document, config: AuditConfig = DEFAULT_CONFIG) -> tuple[Cue, ...]:
    """Hedge, weasel and booster cues of a segmented article, headline first, then the body in text order.

    Args:
        doc: the article as segmented by :func:`audit.segment.segment` (its sentences are read, not re-split).
        config: the audit configuration (its ``rules_dir`` may overlay the packaged lexicons).

    Example:
        >>> doc = segment("Storm May Hit Coast\\n\\nForecasters said the storm could reach the coast in May.")
        >>> [(c.text, c.in_title) for c in hedges_in(doc, DEFAULT_CONFIG)]
        [('May', True), ('could', False)]
    """
    require_document(doc, "hedges_in()", "audit.find_hedges(text)")
    config = require_config(config)
    rules = _rules(config.rules_dir)
    cues: list[Cue] = []
    title_source = doc.text if doc.title_span is not None else (doc.title or "")
    if doc.title_sentences:
        lowered = doc.lowered if title_source is doc.text else _lowered(title_source)
        cues.extend(_cues_over(doc, title_source, lowered, doc.title_sentences, rules))
    cues.extend(_cues_over(doc, doc.text, doc.lowered, doc.sentences, rules))
    return tuple(cues)


def _lowered(source: str) -> str | None:
    """The lower-cased text when its offsets are the source's (a few characters, like "İ", grow)."""
    lowered = source.lower()
    return lowered if len(lowered) == len(source) else None


def find_hedges(text: str, *, title: str | None = None, config: AuditConfig | None = None) -> list[Cue]:
    """Segment ``text`` and return its hedge, weasel and booster cues.

    A single sentence (or one line) is audited whole, as the evaluation corpora need.

    Args:
        text: the article or sentence.
        title: the headline when it is known from metadata.
        config: an :class:`AuditConfig`; the defaults when None.

    Raises:
        TypeError: ``text`` is not a str.

    Example:
        >>> [c.text for c in find_hedges('"I think it is real," he said. It appeared to suggest a pullout.')]
        ['I think', 'appeared to suggest']
    """
    if not isinstance(text, str):
        raise TypeError(f"find_hedges() needs the text as a str, got {type(text).__name__}")
    config = require_config(config)
    doc = segment(text, title, rules_dir=config.rules_dir)
    return list(hedges_in(doc, config))


def _rate(count: int, words: int) -> float:
    return 100.0 * count / words if words else math.nan


def hedging_metrics(cues: Iterable[Cue], words_reporter: int, words_quoted: int, *,
                    approximators: bool = False) -> dict:
    """Per-article hedging figures for the body (headline cues left out).

    ``hedges`` counts kind ``hedge`` only; the reporter's hedges are those outside quotations. Approximators
    ("some 50 people", "about $2 million") blur a quantity, not the truth of a statement: they stay out of the
    hedge counts and rates unless ``approximators=True``. Rates are per 100 words of the same voice (weasels and
    boosters per 100 body words), NaN when there are no words.

    Example:
        >>> cues = find_hedges('Prices may rise by about 5 percent. "It could be worse," she said.')
        >>> m = hedging_metrics(cues, words_reporter=7, words_quoted=4)
        >>> m["hedges_reporter"], m["hedges_quoted"], hedging_metrics(cues, 7, 4, approximators=True)["hedges"]
        (1, 1, 3)
    """
    cues = require_findings(cues, Cue, "hedging_metrics()", "audit.find_hedges(text) or hedges_in(doc)")
    body = [c for c in cues if not c.in_title]
    hedges = [c for c in body if c.kind == "hedge" and (approximators or c.category != APPROXIMATOR)]
    quoted = sum(1 for c in hedges if c.in_quote)
    reporter = len(hedges) - quoted
    weasels = sum(1 for c in body if c.kind == "weasel")
    boosters = sum(1 for c in body if c.kind == "booster")
    words = words_reporter + words_quoted
    return {
        "hedges": len(hedges),
        "hedges_reporter": reporter,
        "hedges_quoted": quoted,
        "hedges_per_100_words_reporter": _rate(reporter, words_reporter),
        "hedges_per_100_words_quoted": _rate(quoted, words_quoted),
        "weasels": weasels,
        "boosters": boosters,
        "weasels_per_100_words": _rate(weasels, words),
        "boosters_per_100_words": _rate(boosters, words),
    }
