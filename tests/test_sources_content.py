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
