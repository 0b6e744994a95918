"""Page furniture: which lines and inline runs of a pasted page are not the article (headlines, bylines, captions,
credits, galleries, bios, share links), by the rules in boilerplate.tsv and a few steps that read the lines around."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import load_rules, overlay_stamp, row_keywords
from .sentences import _QUOTE_MARK, _TERMINAL, _WORD, _split_sentences, count_words
from .sentences import _Rules as _SentenceRules

# Characters treated as blank at the edges of a line: Unicode spaces, BOM and zero-width marks.
_EDGE_BLANKS = frozenset(" \t\f\v\u00a0\u1680\u180e\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                         "\u2007\u2008\u2009\u200a\u200b\u200c\u200d\u2060\u202f\u205f\u3000\ufeff")
# A line break: \r\n, or one of \n \r \u2028 \u2029 \x85 \v \f. Written to start with the set of break
# characters, so the regex engine skips ahead to the next one (twice as fast as "\r\n|[...]").
_LINE_BREAK = re.compile(r"[\n\r\u2028\u2029\x85\x0b\x0c](?:(?<=\r)\n)?")
# The first eight words of a line, one after another as count_words finds them (stops reading there).
_EIGHT_WORDS = re.compile(rf"(?:[\W_]*+{_WORD.pattern}){{8}}")
_NAME_TOKEN = re.compile(r"(?:[A-Z][\w'’\-]*\.?|[A-Z]\.|de|da|van|von|la|le|del|di|bin|al|and|&)")
BOILERPLATE_KINDS = ("title", "byline", "dateline", "caption", "credit", "bio", "social",
                     "navigation", "url", "metadata", "promotion", "gallery")
# Where two blocks of a page were pasted together without a space: a full stop after a lowercase word, then a
# capital ("...on Monday.Image Palestinians ..."). A caption found before a credit starts no earlier than this.
_GLUE = re.compile(r"(?<=[a-z][.!?])(?=[A-Z])")
_HAS_WORD = re.compile(r"\w")
# A photo gallery: photos at most this many characters (a caption) or 3 lines apart belong to one run.
_GALLERY_GAP = 600
_CAPTION_MAX_WORDS = 80


@dataclass(frozen=True, slots=True)
class _Line:
    start: int  # first non-blank character
    end: int  # one past the last non-blank character
    block: int  # lines separated by blank lines belong to different blocks

    @property
    def blank(self) -> bool:
        return self.start >= self.end


@dataclass(frozen=True, slots=True)
class _BoilerplateRule:
    id: str
    kind: str
    zone: str
    tail: bool
    pattern: re.Pattern
    max_chars: float  # longer lines are not tested (page furniture is short)
    keywords: tuple[str, ...] = ()  # tail rules: one of these is in every match (case-folded); empty: always tested
    inline: bool = False  # searched inside lines (the match alone is set aside), not matched against whole lines


@dataclass(frozen=True, slots=True)
class _ZoneMatcher:
    """The first rule of a zone (in file order) that matches a whole line, in one or two regex calls.

    Rules are joined into one alternation per line-length band (a rule only applies to lines up
    to its max_chars); the few rules read on a line's last 240 characters are tried apart, and the
    earlier of the two winners in file order is the answer, as if every rule were tried in turn.
    """

    rules: tuple[_BoilerplateRule, ...]
    band_limits: tuple[float, ...]  # the longest line of each band, ascending
    bands: tuple[re.Pattern | None, ...]  # the alternation of the rules that apply to the lines of each band
    tail: re.Pattern | None
    tail_keywords: tuple[str, ...] | None  # a line end holding none of these matches no tail rule; None: no gate

    def first_match(self, line: str) -> _BoilerplateRule | None:
        best = None
        band = bisect.bisect_left(self.band_limits, len(line))  # the first band whose lines are this long
        if band < len(self.bands) and self.bands[band] is not None:
            hit = self.bands[band].fullmatch(line)
            best = int(hit.lastgroup[1:]) if hit else None
        if self.tail is not None:
            end = line[-240:]
            hit = self.tail.fullmatch(end) if self._tail_may_match(end) else None
            if hit and len(line) <= self.rules[int(hit.lastgroup[1:])].max_chars:
                index = int(hit.lastgroup[1:])
                best = index if best is None else min(best, index)
        return None if best is None else self.rules[best]

    def _tail_may_match(self, end: str) -> bool:
        """Whether a tail rule can match the line end ``end``: it holds one of the keywords (or there is no gate)."""
        if self.tail_keywords is None:
            return True
        lowered = end.casefold()
        for keyword in self.tail_keywords:  # a plain loop: a few `in` tests, most lines hold none
            if keyword in lowered:
                return True
        return False


def _zone_matcher(rules: list[_BoilerplateRule]) -> _ZoneMatcher:
    def alternation(indices: list[int]) -> re.Pattern | None:
        if not indices:
            return None
        return re.compile("|".join(
            f"(?P<r{i}>{'(?i:' if rules[i].pattern.flags & re.IGNORECASE else '(?:'}{rules[i].pattern.pattern}))"
            for i in indices))

    whole = [i for i, r in enumerate(rules) if not r.tail]
    limits = sorted({rules[i].max_chars for i in whole})
    bands = tuple(alternation([i for i in whole if rules[i].max_chars >= limit]) for limit in limits)
    tails = [i for i, r in enumerate(rules) if r.tail]
    keywords = None if any(not rules[i].keywords for i in tails) else tuple(
        dict.fromkeys(k for i in tails for k in rules[i].keywords))
    return _ZoneMatcher(tuple(rules), tuple(limits), bands, alternation(tails), keywords)

@dataclass(frozen=True, slots=True)
class _Rules:
    any_zone: _ZoneMatcher
    edge_zone: _ZoneMatcher
    head_zone: _ZoneMatcher
    inline: tuple[_BoilerplateRule, ...] = ()  # searched inside lines, in file order
    inline_keywords: tuple[str, ...] | None = None  # a line holding none of them is not searched (None: all are)


@lru_cache(maxsize=16)
def _compiled_rules(rules_dir: str | None, stamp: tuple) -> _Rules:
    boilerplate = []
    for row in load_rules("boilerplate.tsv", rules_dir):
        flags = {f.strip() for f in row["flags"].split(",") if f.strip()}
        try:
            pattern = re.compile(row["pattern"], re.IGNORECASE if "i" in flags else 0)
        except re.error as exc:
            raise ValueError(f"boilerplate rule {row['id']}: bad pattern: {exc}") from exc
        if row["zone"] not in ("any", "edge", "head"):
            raise ValueError(f"boilerplate rule {row['id']}: zone must be 'any', 'edge' or 'head'")
        if row["kind"] not in BOILERPLATE_KINDS:
            raise ValueError(f"boilerplate rule {row['id']}: kind must be one of {BOILERPLATE_KINDS}")
        max_chars = float(row["max_chars"]) if row["max_chars"] else float("inf")
        keywords = row_keywords(row)
        inline = "inline" in flags
        if inline and (row["zone"] != "any" or "tail" in flags):
            raise ValueError(f"boilerplate rule {row['id']}: an inline rule has zone 'any' and no 'tail' flag")
        boilerplate.append(_BoilerplateRule(row["id"], row["kind"], row["zone"], "tail" in flags, pattern, max_chars,
                                            keywords, inline))
    whole = [r for r in boilerplate if not r.inline]
    zone = {z: _zone_matcher([r for r in whole if r.zone == z]) for z in ("any", "edge", "head")}
    inline = tuple(r for r in boilerplate if r.inline)
    keywords = tuple(dict.fromkeys(k for r in inline for k in r.keywords)) if all(r.keywords for r in inline) else None
    return _Rules(zone["any"], zone["edge"], zone["head"], inline, keywords)


def _rules(rules_dir: str | None) -> _Rules:
    return _compiled_rules(rules_dir, overlay_stamp(("boilerplate.tsv",), rules_dir))


def _lines(text: str) -> list[_Line]:
    lines = []
    block = 0
    position = 0
    for match in [*_LINE_BREAK.finditer(text), None]:
        raw_end = match.start() if match else len(text)
        start, end = position, raw_end
        while start < end and text[start] in _EDGE_BLANKS:
            start += 1
        while end > start and text[end - 1] in _EDGE_BLANKS:
            end -= 1
        if start >= end:
            block += 1
        lines.append(_Line(start, end, block))
        if match:
            position = match.end()
    return lines


def _normal(s: str) -> str:
    return " ".join(s.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').split()).casefold()


def _is_body_like(line_text: str) -> bool:
    # at least 8 words (the match stops reading at the eighth: paragraphs are long), and a sentence's end
    return (_EIGHT_WORDS.match(line_text) is not None
            and (bool(_TERMINAL.search(line_text)) or line_text.count(". ") >= 2))


def _is_headline_like(line_text: str) -> bool:
    words = line_text.split()
    if not words or len(words) > 30:
        return False
    if not _TERMINAL.search(line_text):
        return True
    long_words = [w for w in words if sum(c.isalpha() for c in w) >= 4]
    capitalised = sum(1 for w in long_words if w[:1].isupper())
    return len(words) <= 20 and bool(long_words) and capitalised / len(long_words) >= 0.6


def _is_name_line(line_text: str) -> bool:
    tokens = line_text.split()
    if not 2 <= len(tokens) <= 6 or len(line_text) > 60 or any(c.isdigit() for c in line_text):
        return False
    return all(_NAME_TOKEN.fullmatch(t.rstrip(",")) for t in tokens) and tokens[0][:1].isupper()


def _inline_matches(text: str, line: _Line, rules: _Rules,
                    sentence_rules: _SentenceRules) -> list[tuple[int, int, str, str]]:
    """Furniture inside one line: (start, end, kind, rule id), in text order, not overlapping (the earlier wins)."""
    lowered = text[line.start:line.end].lower()
    found = []
    for rule in rules.inline:
        if rule.keywords and not any(k in lowered for k in rule.keywords):
            continue
        for match in rule.pattern.finditer(text, line.start, line.end):
            end = match.end()
            while end > match.start() and text[end - 1] in _EDGE_BLANKS:
                end -= 1
            if end > match.start():
                found.append((match.start(), end, rule.kind, rule.id))
    found.sort(key=lambda f: (f[0], -f[1]))
    kept: list[tuple[int, int, str, str]] = []
    for item in found:
        if not kept or item[0] >= kept[-1][1]:
            kept.append(item)
    return _with_captions(text, line, _with_galleries(text, line, kept, sentence_rules), sentence_rules)


def _is_gallery_item(text: str, item: tuple[int, int, str, str]) -> bool:
    """A photo's credit and "Fullscreen" marker in one line ("Ana Ruiz, Valley Ledger Fullscreen")."""
    marker = text[item[0]:item[1]]
    return item[3] == "seg.nav.fullscreen" and "," in marker and "screen" in marker.lower()


def _with_galleries(text: str, line: _Line, kept: list, sentence_rules: _SentenceRules) -> list:
    """Two or more photos of a gallery close together in one line ("Name, Agency Fullscreen Caption ...") are a
    photo gallery: everything from the first credit to the last marker, and the caption after the last (its first
    sentence), is set aside as one stretch. A lone "Fullscreen" button is only itself."""
    markers = [k for k, item in enumerate(kept) if _is_gallery_item(text, item)]
    if len(markers) < 2:
        return kept
    runs, run = [], [markers[0]]
    for k in markers[1:]:
        if kept[k][0] - kept[run[-1]][1] <= _GALLERY_GAP:
            run.append(k)
        else:
            runs.append(run)
            run = [k]
    runs.append(run)
    out, position = [], 0
    for run in (r for r in runs if len(r) >= 2):
        first, last = run[0], run[-1]
        end = kept[last][1]
        limit = kept[last + 1][0] if last + 1 < len(kept) else line.end
        caption = _split_sentences(text, _skip_blanks(text, end, limit), limit, sentence_rules, [], [])
        if caption and count_words(text[caption[0][0]:caption[0][1]]) <= _CAPTION_MAX_WORDS:
            end = caption[0][1]
        out.extend(item for item in kept[position:first])
        out.append((kept[first][0], end, "gallery", "seg.gallery.run"))
        position = last + 1
        while position < len(kept) and kept[position][0] < end:
            position += 1
    out.extend(kept[position:])
    return out


def _skip_blanks(text: str, start: int, end: int) -> int:
    while start < end and text[start] in _EDGE_BLANKS:
        start += 1
    return start


def _with_captions(text: str, line: _Line, kept: list, sentence_rules: _SentenceRules) -> list:
    """A photo credit follows its caption: the sentence right before a credit found inside a line (glued to it,
    or a space away after a full stop) is set aside as a caption, unless it is long or quotes someone."""
    out = []
    for k, item in enumerate(kept):
        start = item[0]
        floor = kept[k - 1][1] if k else line.start
        before = start - 1 if start - 1 > floor and text[start - 1] in " \t" else start
        if item[2] == "credit" and before > floor and text[before - 1] in ".!?\"”’)":
            bounds = _split_sentences(text, _skip_blanks(text, floor, before), before, sentence_rules, [], [])
            if bounds:
                a, b = bounds[-1]
                for glue in _GLUE.finditer(text, a, b):
                    a = glue.start()
                caption = text[a:b]
                if count_words(caption) <= _CAPTION_MAX_WORDS and not _QUOTE_MARK.search(caption):
                    out.append((a, b, "caption", "seg.caption.before_credit"))
        out.append(item)
    return out


def _lines_with_keywords(text: str, lines: list[_Line], keywords: tuple[str, ...] | None) -> set[int] | None:
    """Indices of the lines holding one of ``keywords`` (case aside); None when every line must be searched."""
    lowered = text.lower()
    if keywords is None or len(lowered) != len(text):  # lower() changed some lengths: offsets would not match
        return None
    starts = [ln.start for ln in lines]
    found: set[int] = set()
    for keyword in keywords:  # str.find runs at C speed; one hit per line is enough
        position = lowered.find(keyword)
        while position >= 0:
            index = bisect.bisect_right(starts, position) - 1
            found.add(index)
            position = lowered.find(keyword, max(lines[index].end, position + 1))
    return found


def _cut_inline(text: str, lines: list[_Line], rules: _Rules,
                sentence_rules: _SentenceRules) -> tuple[list[_Line], dict[int, tuple[str, str]], set[int]]:
    """Lines with the furniture found inside them cut out.

    Returns the pieces (a line stays whole when nothing is cut from it), what is known of them (the cut
    furniture, and the lines a whole-line rule of zone "any" matched: piece index -> (kind, rule id)), and the
    pieces already tested against those whole-line rules. A text of one line is not tested whole (it is audited
    whole, as before) but its inline furniture is cut: a page pasted as one long line. ``sentence_rules`` split
    the text beside a credit or a gallery, to find the caption sentence.
    """
    nonblank = sum(1 for ln in lines if not ln.blank)
    gated = _lines_with_keywords(text, lines, rules.inline_keywords) if rules.inline else set()
    pieces: list[_Line] = []
    known: dict[int, tuple[str, str]] = {}
    tested: set[int] = set()
    for index, line in enumerate(lines):
        if line.blank:
            pieces.append(line)
            continue
        if nonblank > 1:
            rule = rules.any_zone.first_match(text[line.start:line.end])
            if rule is not None:
                known[len(pieces)] = (rule.kind, rule.id)
                tested.add(len(pieces))
                pieces.append(line)
                continue
        cuts = _inline_matches(text, line, rules, sentence_rules) if gated is None or index in gated else []
        if not cuts:
            if nonblank > 1:
                tested.add(len(pieces))
            pieces.append(line)
            continue
        position = line.start
        for start, end, kind, rule_id in _absorb_residue(text, line, cuts):
            a, b = _skip_blanks(text, position, start), start
            while b > a and text[b - 1] in _EDGE_BLANKS:
                b -= 1
            if b > a:
                pieces.append(_Line(a, b, line.block))
            known[len(pieces)] = (kind, rule_id)
            pieces.append(_Line(start, end, line.block))
            position = end
        a = _skip_blanks(text, position, line.end)
        if line.end > a:
            pieces.append(_Line(a, line.end, line.block))
    return pieces, known, tested


def _absorb_residue(text: str, line: _Line, cuts: list) -> list:
    """Cuts widened over what they leave without a letter or digit (the quotes or brackets around a cut-out
    "(Article continues after graphic.)", a full stop): that is furniture too, not a body sentence."""
    out = [list(cut) for cut in cuts]
    for k, cut in enumerate(out):
        floor = out[k - 1][1] if k else line.start
        if _HAS_WORD.search(text, floor, cut[0]) is None:
            cut[0] = _skip_blanks(text, floor, cut[0])
        ceiling = out[k + 1][0] if k + 1 < len(out) else line.end
        if _HAS_WORD.search(text, cut[1], ceiling) is None:
            cut[1] = ceiling
            while cut[1] > cut[0] and text[cut[1] - 1] in _EDGE_BLANKS:
                cut[1] -= 1
    return [tuple(cut) for cut in out]


def _classify_lines(text: str, lines: list[_Line], title: str | None, rules: _Rules,
                    known: dict[int, tuple[str, str]] | None = None,
                    tested: set[int] = frozenset()) -> dict[int, tuple[str, str]]:
    """Which lines are page furniture: line index -> (kind, rule id).

    ``known`` holds what is already known (furniture cut from inside lines, lines a whole-line rule of zone
    "any" matched); the rules of zone "any" are not tried again on the lines in ``tested``.
    """
    nonblank = [i for i, ln in enumerate(lines) if not ln.blank]
    kinds: dict[int, tuple[str, str]] = dict(known or {})
    if len(nonblank) <= 1:
        return kinds  # a single sentence or paragraph is audited whole
    line_text = {i: text[lines[i].start:lines[i].end] for i in nonblank}

    if title:
        wanted = _normal(title)
        for i in nonblank:
            if _normal(line_text[i]) == wanted:
                kinds[i] = ("title", "seg.title.given")
    # A metadata header ("Headline: ...", "Subtitle: ...", "Date: ...") at the very top.
    for i in nonblank:
        header = rules.head_zone.first_match(line_text[i])
        if header is None:
            break
        if kinds.get(i, ("",))[0] != "title":
            kinds[i] = (header.kind, header.id)
    for i in nonblank:
        if i in kinds or i in tested:
            continue
        rule = rules.any_zone.first_match(line_text[i])
        if rule is not None:
            kinds[i] = (rule.kind, rule.id)
    _mark_galleries(lines, nonblank, kinds, line_text)
    # A line set right above a photo credit is its caption (unless it quotes someone: captions rarely do).
    for a, b in zip(nonblank, nonblank[1:]):
        if (a not in kinds and kinds.get(b, ("",))[0] == "credit" and lines[a].block == lines[b].block
                and count_words(line_text[a]) <= 80 and not _QUOTE_MARK.search(line_text[a])):
            kinds[a] = ("caption", "seg.caption.above_credit")
    # A bare agency credit with no caption above it has its caption right below (the BBC's order: "Getty Images",
    # then "Council leaders say the settlement leaves them short"), before the first body paragraph.
    for above, credit, below in zip([None, *nonblank], nonblank, nonblank[1:]):
        if (kinds.get(credit, ("", ""))[1] == "seg.credit.agency_alone" and below not in kinds
                and (above is None or kinds.get(above, ("",))[0] != "caption")
                and count_words(line_text[below]) <= 30 and not _QUOTE_MARK.search(line_text[below])
                and not line_text[below].rstrip().endswith((".", "?", "!", ":"))):
            kinds[below] = ("caption", "seg.caption.below_agency_credit")

    is_body_like = {i: _is_body_like(line_text[i]) for i in nonblank}
    tested_at_edge: set[int] = set()
    found_title = any(kind == "title" for kind, _ in kinds.values())
    for _ in range(4):  # zones move as furniture is found; a few rounds settle them
        before = len(kinds)
        body_like = [i for i in nonblank if i not in kinds and is_body_like[i]]
        if not found_title:
            first = _headline_below_menu(nonblank, kinds, line_text, body_like)
            if first is None:
                first = next((i for i in nonblank if i not in kinds), None)
            if (first is not None and _is_headline_like(line_text[first])
                    and (not body_like or first < body_like[0] or (first == body_like[0] and len(body_like) > 1))):
                for i in nonblank:  # the site's name, its menu, a section label above the headline
                    if i >= first:
                        break
                    if i not in kinds:
                        kinds[i] = ("navigation", "seg.nav.above_title")
                kinds[first] = ("title", "seg.title.first_line")
                title = line_text[first]
                found_title = True
                wanted = _normal(title)
                for i in nonblank:
                    if i not in kinds and _normal(line_text[i]) == wanted:
                        kinds[i] = ("title", "seg.title.repeat")
                body_like = [i for i in body_like if i not in kinds]
        if not body_like:
            break
        edge = [i for i in nonblank if i not in kinds and i not in tested_at_edge
                and (i < body_like[0] or i > body_like[-1])]
        for i in edge:
            tested_at_edge.add(i)  # a line that is not furniture at the edge stays so in later rounds
            s = line_text[i]
            rule = rules.edge_zone.first_match(s)
            if rule is not None:
                kinds[i] = (rule.kind, rule.id)
            else:
                if _is_name_line(s):
                    after_links = any(kinds.get(k, ("", ""))[0] == "navigation" and kinds[k][1] != "seg.nav.above_title"
                                      for k in (i - 1, i - 2))
                    kinds[i] = ("navigation", "seg.nav.topic_tag") if after_links else ("byline", "seg.byline.name_line")
        if len(kinds) == before:
            break
    if body_like:
        _mark_page_foot(nonblank, kinds, line_text, body_like[-1])
    return kinds


# A headline has at least this many words; shorter lines above it are a site's name, its menu or a section label.
_HEADLINE_MIN_WORDS = 4
# A menu item or a topic link is a short line: at most this many words, no sentence end, no quotation.
_MENU_MAX_WORDS = 4
_LINK_MAX_WORDS = 16
_SENTENCE_END = re.compile(r"[.!?\"”’]$")


def _is_link_line(line: str, max_words: int) -> bool:
    """A line that reads as a link or a menu item: short, no sentence end, nothing quoted."""
    return count_words(line) <= max_words and _SENTENCE_END.search(line) is None and not _QUOTE_MARK.search(line)


def _headline_below_menu(nonblank: list[int], kinds: dict, line_text: dict, body_like: list[int]) -> int | None:
    """The headline of a page pasted from its top: the first headline-like line of at least four words above the
    body, when the lines above it that no rule has classified are all short ("British Broadcasting Corporation",
    "Home", "News", "U.S.", "NEWS"). None when there are no such short lines (the first line is the headline, as
    before) or no such headline."""
    skipped = False
    for i in nonblank:
        if body_like and i >= body_like[0]:
            return None
        if i in kinds:
            continue
        line = line_text[i]
        words = count_words(line)
        if words >= _HEADLINE_MIN_WORDS and _is_headline_like(line):
            return i if skipped else None
        if words >= _HEADLINE_MIN_WORDS:
            return None  # a longer line that is no headline: the page does not start with a menu
        skipped = True
    return None


def _mark_page_foot(nonblank: list[int], kinds: dict, line_text: dict, last_body: int) -> None:
    """Below the last body paragraph: a run of three or more short lines is the site's footer menu ("Contact Us",
    "Privacy Policy", "Site Map"), and the short lines under a "Related topics" or "More on this story" heading
    are links to other pages, up to the next line that reads as a sentence."""
    below = [i for i in nonblank if i > last_body]
    run: list[int] = []
    for i in [*below, None]:
        if i is not None and (i in kinds or _is_link_line(line_text[i], _MENU_MAX_WORDS)):
            run.append(i)
            continue
        if sum(1 for k in run if k not in kinds) >= 3 or len(run) >= 5:
            for k in run:
                kinds.setdefault(k, ("navigation", "seg.nav.menu"))
        run = []
    under_heading = False
    for i in below:
        rule = kinds.get(i, ("", ""))[1]
        if rule == "seg.nav.related":
            under_heading = True
        elif i not in kinds and under_heading and _is_link_line(line_text[i], _LINK_MAX_WORDS):
            kinds[i] = ("promotion", "seg.promo.link_list")
        elif i not in kinds:
            under_heading = False


def _mark_galleries(lines: list[_Line], nonblank: list[int], kinds: dict, line_text: dict) -> None:
    """A photo gallery pasted line by line: "Fullscreen" marker lines at most 3 lines apart. The lines between
    the first and the last marker, the credit line just above the first and the caption line just below the last
    are set aside as the gallery (rule seg.gallery.run)."""
    markers = [n for n, i in enumerate(nonblank) if kinds.get(i, ("", ""))[1] == "seg.nav.fullscreen"
               and "ull" in line_text[i].lower()]
    runs, run = [], markers[:1]
    for n in markers[1:]:
        if n - run[-1] <= 4:
            run.append(n)
        else:
            runs.append(run)
            run = [n]
    runs.append(run)
    for run in (r for r in runs if len(r) >= 2):
        first, last = run[0], run[-1]
        if first > 0:
            above = nonblank[first - 1]
            if above not in kinds and count_words(line_text[above]) <= 12 and not _TERMINAL.search(line_text[above]):
                first -= 1
        if last + 1 < len(nonblank):
            below = nonblank[last + 1]
            if below not in kinds and count_words(line_text[below]) <= _CAPTION_MAX_WORDS:
                last += 1
        for n in range(first, last + 1):
            if nonblank[n] not in kinds:
                kinds[nonblank[n]] = ("gallery", "seg.gallery.run")

