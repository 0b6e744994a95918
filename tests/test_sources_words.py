"""Words and windows before a cue: the shortcuts taken for speed give what the plain computation gives (audit/sources/words.py)."""
from __future__ import annotations

import re



# The shortcuts taken for speed must give what the plain computation gives.
_PROSE = ("In a statement on Tuesday -- hours after the vote -- the agency’s chief, Maria Ortiz, who has long argued "
          "that the bridge (built in 1962) is safe, and several engineers who inspected it (D-Calif.) said the repairs "
          "could wait; critics, though, warned that rust—visible from the road—was spreading, as residents noted. "
          "The count rose again -- the county health office on Tuesday released new figures showing it, officials said.")


def test_the_last_boundary_is_the_one_a_scan_from_the_start_ends_with():
    from audit.sources import _last_boundary, _rules

    rules = _rules(None)
    for start in (0, 7, 50, 200):
        for end in range(start, len(_PROSE) + 1):
            matches = list(rules.grammar.boundary.finditer(_PROSE, start, end))
            expected = (matches[-1].span(), matches[-1].group()) if matches else None
            found = _last_boundary(_PROSE, start, end, rules)
            assert ((found.span(), found.group()) if found else None) == expected, (start, end)


def test_words_of_a_stretch_read_off_a_wider_window_are_its_own_tokens():
    from audit.sources import _Stretch, _words, _words_within

    window = _Stretch(5, _words(_PROSE, 5, len(_PROSE) - 4))
    for start in range(0, 90, 2):
        for end in range(start, len(_PROSE) - 4, 5):
            assert _words_within(_PROSE, window, start, end) == _words(_PROSE, start, end), (start, end)


def test_the_words_near_a_cue_are_the_last_words_of_its_window():
    from audit.sources import _words, _words_near

    for lo in (0, 3, 40):
        for hi in range(lo, len(_PROSE) + 1):
            near = _words_near(_PROSE, lo, hi)
            whole = _words(_PROSE, lo, hi)
            assert lo <= near.start <= max(lo, hi - 80)
            assert near.words == whole[len(whole) - len(near.words):], (lo, hi)


def test_clause_boundary_words_are_found_as_whole_words_in_any_case():
    from audit.sources import _rules

    boundary = _rules(None).grammar.boundary
    text = ("Whom the council chose, who knows; Although late, though, the mayor -- whose aide asked how and "
            "whether -- said so, unless the vote failed, Whomever ANDERSON thanked, sonar-maker, whoever.")
    plain = re.compile(r"[,;:()\[\]“”\"«»—–]|(?<!\w)-{1,2}(?!\w)|(?<![\w’'\-])(?:that|and|but|or|as|when|while|"
                       r"because|after|before|since|if|although|though|where|so|which|what|how|whether|who|whom|"
                       r"than|until|unless)(?![\w’'\-])", re.IGNORECASE)
    found = [(m.span(), m.group()) for m in boundary.finditer(text)]
    assert found == [(m.span(), m.group()) for m in plain.finditer(text)]
    assert [g for _, g in found if g[0].isalpha()] == ["Whom", "who", "Although", "though", "how", "and", "whether",
                                                      "so", "unless"]
