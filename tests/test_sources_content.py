"""What was said: the quotation, the statement's extent, continued quotations (audit/sources/content.py)."""
from __future__ import annotations

from conftest import only
from audit.sources import find_attributions


def test_quotation_paragraph_without_cue_continues_previous_speaker():
    text = ("Mayor Ines Roth said the budget was tight. “We cannot hire anyone this year,” she said.\n\n"
            "“Next year may be different. We will see.”")
    found = find_attributions(text)
    last = found[-1]
    assert last.cue is None and last.source is None
    assert last.source_name == "Ines Roth"
    assert last.rule == "attr.continue.quote"
    assert last.direct


def test_single_sentence_is_audited_whole():
    a = only("Storm damage is worse than feared, the governor said.")
    assert not a.in_title


def test_a_floating_quote_after_a_person_introduced_with_an_appositive_is_theirs():
    text = ("Tsunami hits coast\n\nWaves hit the coast on Saturday night, officials said.\n\n"
            "Yuna Sari, a resident of Lampung, was watching television at home when the water came.\n\n"
            "“I heard a rumbling sound and I thought it was the wind. Then the water dragged me out.”\n\n"
            "Rescuers searched the beach on Sunday.")
    floating = [a for a in find_attributions(text) if a.rule == "attr.floating.introduced"]
    assert [(a.source_type, a.source_name) for a in floating] == [("named_person", "Yuna Sari")]


def test_she_after_a_quote_goes_to_the_one_name_a_paragraph_introduced():
    text = ("Tsunami hits coast\n\nPresident Joko Widodo will visit the area on Monday.\n\n"
            "Yuni, a resident of Lampung, was watching television at home when she heard the water coming.\n\n"
            "“I heard a rumbling sound and I thought it was the wind,” she said.")
    assert find_attributions(text)[-1].source_name == "Yuni"
