"""audit/tokens.py: what a word is, and a part of a stretch read off the stretch's words; Document.lowered."""
from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from audit.segment import segment
from audit.tokens import words_between, words_in

ARTICLE = ("Bridge Talks Stall\n\nSen. Ana Ruiz (D-Calif.) said Tuesday the U.S. plan — drafted in May — was "
           "“dead on arrival,” according to two aides. Ruiz’s office, which declined to comment, has 12,000 "
           "letters.\n\n“We will not back down,” said Mayor Tomas Okafor, a Democrat.")


def test_words_keep_their_full_stops_possessives_and_offsets():
    words = words_in(ARTICLE, 0, len(ARTICLE))
    assert [w.text for w in words[3:10]] == ["Sen.", "Ana", "Ruiz", "D-Calif.", "said", "Tuesday", "the"]
    assert "Ruiz’s" in [w.text for w in words] and "12,000" not in [w.text for w in words]
    assert all(ARTICLE[w.start:w.end] == w.text and w.lower == w.text.lower() for w in words)


def test_every_stretch_of_a_sentence_reads_the_words_it_would_tokenise():
    for start in range(0, 120):
        stretch = tuple(words_in(ARTICLE, start, 140))
        for end in range(start, 141, 3):
            assert words_between(stretch, ARTICLE, start, end) == words_in(ARTICLE, start, end), (start, end)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,;—“”\"'’(-\n")), max_size=60), st.data())
def test_words_between_equals_tokenising_the_part_for_any_text(text, data):
    words = tuple(words_in(text, 0, len(text)))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert words_between(words, text, start, end) == words_in(text, start, end)


def test_a_pickled_document_leaves_its_lowered_text_behind_and_makes_it_again():
    doc = segment(ARTICLE)
    assert doc.lowered is doc.lowered == ARTICLE.lower()  # made once, then read
    copy = pickle.loads(pickle.dumps(doc))
    assert "lowered" not in copy.__dict__ and copy == doc and copy.lowered == doc.lowered


def test_lowered_is_none_when_lower_case_would_move_offsets():
    assert segment("İstanbul votes today, officials said.").lowered is None
    assert segment("Ankara votes today, officials said.").lowered == "ankara votes today, officials said."
