"""Segmentation: body sentences, paragraphs, quotations and set-aside page furniture."""
from __future__ import annotations

import pytest

from audit import segment, split_sentences
from conftest import line_of

BODY_LINES_OF_SEED = {8, 10, 12, 14, 16, 18, 22, 24, 26, 28, 30, 32, 34}


def texts(spans):
    return [s.text for s in spans]


def assert_offsets(source, spans):
    for span in spans:
        assert source[span.start:span.end] == span.text


# --- the worked example -------------------------------------------------------------------

def test_seed_article_body_is_exactly_the_body_lines(seed_text):
    doc = segment(seed_text)
    body_lines = {line_of(seed_text, s.start) for s in doc.sentences}
    assert body_lines == BODY_LINES_OF_SEED
    # every character of every body line is covered by sentences, nothing else is
    for line_no in BODY_LINES_OF_SEED:
        line = seed_text.splitlines()[line_no - 1].strip()
        covered = " ".join(s.text for s in doc.sentences if line_of(seed_text, s.start) == line_no)
        assert covered.replace("\u00a0", " ") == line.replace("\u00a0", " ")


def test_seed_article_headline_is_the_title(seed_text):
    doc = segment(seed_text)
    assert doc.title == ("US-Led Coalition Halts Training for Iraqi Military to Focus on Protecting "
                         "Iraqi Bases: Pentagon")
    assert doc.title_span is not None and doc.title_span.start == 0
    assert [s.in_title for s in doc.title_sentences] == [True]


def test_seed_article_furniture_is_set_aside_with_sensible_kinds(seed_text):
    doc = segment(seed_text)
    kinds = {line_of(seed_text, e.start): e.kind for e in doc.excluded}
    assert kinds == {
        1: "title", 3: "title", 4: "caption", 5: "byline", 6: "dateline",
        19: "caption", 20: "caption",
        36: "byline", 37: "byline", 38: "byline", 39: "bio", 40: "social", 41: "navigation",
    }
    assert all(e.rule.startswith("seg.") for e in doc.excluded)
    assert_offsets(seed_text, doc.excluded)


def test_seed_article_quotations(seed_text):
    doc = segment(seed_text)
    assert len(doc.quotes) == 6
    assert all(q.closed for q in doc.quotes)
    assert doc.quotes[0].text.startswith("“Our first priority")
    assert_offsets(seed_text, doc.quotes)


def test_seed_article_with_windows_line_endings_finds_the_same(seed_text):
    crlf = seed_text.replace("\n", "\r\n")
    a, b = segment(seed_text), segment(crlf)
    assert texts(a.sentences) == texts(b.sentences)
    assert [e.kind for e in a.excluded] == [e.kind for e in b.excluded]
    assert_offsets(crlf, b.sentences)
    assert_offsets(crlf, b.excluded)


# --- sentence boundaries --------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Gen. Mark Milley spoke Tuesday. He left at 3 p.m. Wednesday.",
     ["Gen. Mark Milley spoke Tuesday.", "He left at 3 p.m. Wednesday."]),
    ("The U.S. Army said nothing. Lt. Col. Ray Ames declined to comment.",
     ["The U.S. Army said nothing.", "Lt. Col. Ray Ames declined to comment."]),
    ("Troops will leave the U.S. The move surprised allies.",
     ["Troops will leave the U.S.", "The move surprised allies."]),
    ("A letter from William H. Seely III was leaked. It was a draft.",
     ["A letter from William H. Seely III was leaked.", "It was a draft."]),
    ("Revenue rose 3.5 percent to $1.2 billion. Profit fell.",
     ["Revenue rose 3.5 percent to $1.2 billion.", "Profit fell."]),
    ("Sen. Ana Ruiz (D-Calif.) objected. Rep. Bo Dunn agreed.",
     ["Sen. Ana Ruiz (D-Calif.) objected.", "Rep. Bo Dunn agreed."]),
    ("The vote is set for Sept. 14 at St. Mark's Church. No. 3 seed Acme Inc. won.",
     ["The vote is set for Sept. 14 at St. Mark's Church.", "No. 3 seed Acme Inc. won."]),
    ("“We are done.” The crowd left.", ["“We are done.”", "The crowd left."]),
    ("“Why now?” she asked. Nobody answered.", ["“Why now?” she asked.", "Nobody answered."]),
    ("He said 'no!' Then he left.", ["He said 'no!'", "Then he left."]),
    ("“There is no decision ... to leave Iraq, period,” he said.",
     ["“There is no decision ... to leave Iraq, period,” he said."]),
    ("She paused... Then she spoke.", ["She paused...", "Then she spoke."]),
    # a run of marks ends the sentence once, at its last mark
    ("Did they really vote?! Nobody knew.", ["Did they really vote?!", "Nobody knew."]),
    ("He waited.... Then the doors opened.", ["He waited....", "Then the doors opened."]),
    ("It was over!!! Fans ran onto the field.", ["It was over!!!", "Fans ran onto the field."]),
    ("Dr. Ivy Tran and Mrs. Ong met Mr. Bell and Ms. Roe. They agreed.",
     ["Dr. Ivy Tran and Mrs. Ong met Mr. Bell and Ms. Roe.", "They agreed."]),
    ("Acme Corp. and Beta Co. merged on Jan. 5. Shares rose.",
     ["Acme Corp. and Beta Co. merged on Jan. 5.", "Shares rose."]),
    ("Sgt. Lee Park Jr. testified at 9 a.m. The hearing ended at noon.",
     ["Sgt. Lee Park Jr. testified at 9 a.m.", "The hearing ended at noon."]),
    ("Gov. Ray Ito visited the U.N. headquarters.", ["Gov. Ray Ito visited the U.N. headquarters."]),
])
def test_news_aware_sentence_boundaries(text, expected):
    assert texts(split_sentences(text)) == expected


def test_a_line_without_final_punctuation_ends_a_unit():
    text = "Flood Warning Issued\nThe river rose overnight. Roads closed"
    assert texts(split_sentences(text)) == ["Flood Warning Issued", "The river rose overnight.", "Roads closed"]


def test_hard_wrapped_paragraph_is_joined_and_split_on_sentences():
    text = ("The council met on Tuesday to discuss the budget for the coming\n"
            "year, which faces a shortfall of $4 million. Members argued for\n"
            "three hours before voting.\n\nThe mayor said he would veto it.")
    doc = segment(text)
    assert len(doc.paragraphs) == 2
    assert len(doc.sentences) == 3
    assert doc.sentences[1].text.startswith("Members argued for\nthree hours")
    assert_offsets(text, doc.sentences)


def test_offsets_hold_with_bom_crlf_tabs_and_odd_spaces():
    text = "\ufeffCity Hall Closes\r\n\r\n\u00a0The hall closed.\tIt will reopen in May.\u200b\r\rOfficials said so.\r\n"
    doc = segment(text)
    assert doc.title == "City Hall Closes"
    assert texts(doc.sentences) == ["The hall closed.", "It will reopen in May.", "Officials said so."]
    assert_offsets(text, doc.sentences)
    assert_offsets(text, doc.paragraphs)


# --- quotations -----------------------------------------------------------------------------

def test_multi_paragraph_quotation_continues_into_the_next_paragraph():
    text = ("“We will rebuild the pier,” the mayor said. “It will take two years.\n\n"
            "“And it will cost more than anyone wants,” she added.")
    doc = segment(text)
    assert [q.closed for q in doc.quotes] == [True, False, True]
    assert [q.continues for q in doc.quotes] == [False, False, True]
    assert doc.quotes[1].group == doc.quotes[2].group != doc.quotes[0].group
    assert doc.in_quote(text.index("two years"))
    assert not doc.in_quote(text.index("she added"))


def test_straight_quotes_pair_up():
    text = 'Residents said "enough is enough" and left. "We tried," one said.'
    doc = segment(text)
    assert texts(doc.quotes) == ['"enough is enough"', '"We tried,"']


# --- the headline -------------------------------------------------------------------------

def test_a_title_not_in_the_text_is_audited_from_the_title_string():
    doc = segment("Dockworkers returned to work on Friday.", title="Strike over, union says")
    assert doc.title_span is None
    assert [s.text for s in doc.title_sentences] == ["Strike over, union says"]
    assert doc.title_sentences[0].in_title


# --- bad input ------------------------------------------------------------------------------

@pytest.mark.parametrize("bad", [None, b"bytes", 42, 3.5, ["a list"]])
def test_non_string_input_raises_type_error_naming_the_type(bad):
    with pytest.raises(TypeError, match=type(bad).__name__):
        segment(bad)
    with pytest.raises(TypeError, match=type(bad).__name__):
        split_sentences(bad)


@pytest.mark.parametrize("blank", ["", "   ", "\n\n\r\n", "\ufeff", "\u200b \t"])
def test_empty_or_blank_text_gives_an_empty_document(blank):
    doc = segment(blank)
    assert doc.sentences == () and doc.paragraphs == () and doc.excluded == () and doc.title is None


def test_word_count_is_the_words_of_the_body_sentences():
    # counted per paragraph; the same as counting sentence by sentence (only space lies between sentences)
    from audit.segment import count_words

    text = ("Council Delays Vote\n\n"
            "The U.S. Senate's vote on the re-zoning plan slipped to Jan. 5, officials said.  "
            "\u201cWe need more time,\u201d said Sen. Ana Ruiz (D-Calif.). It was the third delay...\n\n"
            "Critics called it a stall. Supporters disagreed!\tThe vote is now set for 9 a.m.\n"
            "Residents\u2019 groups plan a rally on the steps of City Hall.")
    doc = segment(text)
    assert len(doc.sentences) >= 6
    assert doc.word_count == sum(count_words(s.text) for s in doc.sentences) == 54
