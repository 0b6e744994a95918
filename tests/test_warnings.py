"""Warnings: each check fires on the input it describes, and stays quiet on an ordinary article."""
from __future__ import annotations

import pytest

from audit import audit_text
from audit.lexicon import load_rules
from audit.warnings import (AuditWarning, article_warnings, format_warnings, headline_problem, looks_like_a_path,
                            make_warning, page_warnings, warning_ids)
from audit.segment import segment

ARTICLE = """Ferry Fares to Rise in Spring

Ferry fares between Lakeport and Gull Island will rise 8 per cent in April, the transport minister said on Tuesday.

The minister, Ruth Okafor, said fuel costs had doubled since 2021 and the operator could no longer absorb them.

"We held fares for four years," Okafor told reporters at the terminal. "That is no longer possible."

Islanders said the increase would hit commuters hardest. A public meeting is planned for March 3 at the Gull
Island community hall, where the operator will answer questions.
"""


def ids(text, **kwargs):
    return [w.id for w in audit_text(text, **kwargs).warnings]


def test_an_ordinary_article_has_no_warning():
    assert ids(ARTICLE) == []


def test_a_body_under_50_words_warns_with_the_count():
    result = audit_text("Ferry Fares to Rise\n\nFerry fares will rise 8 per cent in April, the minister said.")
    assert [w.id for w in result.warnings] == ["warn.short_body"]
    assert "12 words (under 50)" in result.warnings[0].message


def test_an_empty_text_warns_and_still_audits():
    result = audit_text("   \n")
    assert [w.id for w in result.warnings] == ["warn.short_body"]
    assert result.metrics["words"] == 0


def test_a_page_that_is_mostly_furniture_warns():
    furniture = "\n".join(["Share this article", "Advertisement", "Sign up for the Island Bulletin newsletter today",
                           "Follow us on Instagram for more island news", "Related Topics", "Most Read",
                           "2942 CONNECT 132 TWEET 2 LINKEDIN 32 COMMENTEMAILMORE", "https://example.org/ferry-fares",
                           "Comments", "Print", "Story continues below advertisement"] * 2)
    text = "Ferry Fares to Rise\n\nFerry fares will rise 8 per cent in April, the minister said.\n\n" + furniture
    found = ids(text)
    assert "warn.mostly_furniture" in found and "warn.short_body" in found


@pytest.mark.parametrize("text", [
    "article.txt", "data/articles/ferry_fares.txt", "C:\\Users\\ana\\Documents\\ferry.html", "~/corpus/2024/ferry.json",
    "https://www.example.org/news/ferry-fares-rise", "www.example.org/ferry", "./ferry fares.txt",
])
def test_a_file_path_or_url_instead_of_an_article_warns(text):
    assert "warn.path_or_url" in ids(text)
    assert looks_like_a_path(text)


@pytest.mark.parametrize("text", [
    "The fares rise in April.", "Fares rose 8 per cent, to $4.50, the operator said.", "See page 3.",
    "The file was named report.pdf and ran to forty pages, the clerk said in a statement on Monday.",
])
def test_prose_is_not_a_path(text):
    assert not looks_like_a_path(text)


def test_a_table_or_transcript_without_sentence_punctuation_warns():
    rows = "\n".join(f"Route {n} Lakeport Gull Island departs {n} 15 arrives {n} 55 fare 4 50 adults 2 25 children"
                     for n in range(1, 8))
    assert "warn.no_punctuation" in ids("Ferry Timetable\n\n" + rows)
    assert "warn.no_punctuation" not in ids(ARTICLE)


def test_html_left_in_the_text_warns_with_an_example():
    text = ARTICLE.replace("the transport minister said", "the <b>transport minister</b> said&nbsp;<br/>")
    result = audit_text(text)
    html = [w for w in result.warnings if w.id == "warn.html"]
    assert html and "'<b>'" in html[0].message
    assert "warn.html" not in ids(ARTICLE.replace("8 per cent", "8 < 9 per cent"))


def test_a_headline_that_is_a_photo_caption_warns():
    # a saved page's metadata often gives the lead photo's caption as the title
    body = ARTICLE.split("\n\n", 1)[1]
    assert ids(body, title="Passengers queue for the morning ferry at the Lakeport terminal on a grey Tuesday.") == [
        "warn.headline_caption"]
    assert ids(body, title="Ferry at dawn (Ana Ruiz/Island Bulletin)") == ["warn.headline_caption"]


def test_a_one_word_headline_warns():
    assert ids(ARTICLE.replace("Ferry Fares to Rise in Spring", "Ferries")) == ["warn.headline_one_word"]
    assert ids(ARTICLE, title="Ferries") == ["warn.headline_one_word"]


@pytest.mark.parametrize("title, problem", [
    ("Ferry Fares to Rise in Spring", None),
    ("Long-Time Island Leaders Unite in Support of the New Ferry Plan.", None),  # Title Case, full stop: a headline
    ("Ferry fares to rise 8 per cent in spring, minister says", None),  # sentence case without a full stop
    ("A crew loads cars onto the MV Heron at the Lakeport terminal on Tuesday.", "caption"),
    ("Ferry at dawn (Ana Ruiz/Island Bulletin)", "caption"),
    ("Image", "one_word"),
    (None, None),
])
def test_headline_problem(title, problem):
    assert headline_problem(title) == problem


def test_a_saved_page_whose_extraction_kept_little_text_warns_with_both_counts():
    (warning,) = page_warnings(page_words=1800, body_words=24)
    assert warning.id == "warn.page_little_text"
    assert "1800 words" in warning.message and "only 24" in warning.message
    assert page_warnings(page_words=1800, body_words=900) == ()
    assert page_warnings(page_words=120, body_words=10) == ()  # a short page: nothing to compare


def test_every_warning_id_has_a_row_and_every_message_fills_in():
    rows = {row["id"]: row for row in load_rules("warnings.tsv")}
    fields = dict(words=1, share=0.9, kept=1, ends=0, count=2, example="'<p>'", title="'x'", page_words=9,
                  id="'a1'", rows="1, 2", first=1, folder="f", articles="2 .txt", tables="1 .csv")
    for warning_id in rows:
        warning = make_warning(warning_id, **fields)
        assert warning.message and "{" not in warning.message
    assert {"warn.short_body", "warn.mostly_furniture", "warn.path_or_url", "warn.no_punctuation", "warn.html",
            "warn.headline_caption", "warn.headline_one_word", "warn.page_little_text", "warn.duplicate_id",
            "warn.duplicate_text", "warn.mixed_folder"} <= set(rows)


def test_warnings_read_as_one_cell_and_back():
    warnings = [AuditWarning("warn.short_body", "the body has 12 words (under 50)"),
                AuditWarning("warn.html", "HTML left in the text (3 tags)")]
    cell = format_warnings(warnings)
    assert warning_ids(cell) == ["warn.short_body", "warn.html"]
    assert format_warnings([]) is None and warning_ids(None) == []


def test_a_rules_folder_can_change_a_threshold(tmp_path):
    (tmp_path / "warnings.tsv").write_text(
        "id\tscope\tthreshold\tmessage\nwarn.short_body\tarticle\t500\tthe body has {words} words (under {threshold})\n",
        encoding="utf-8")
    doc = segment(ARTICLE)
    assert [w.message for w in article_warnings(doc, str(tmp_path))] == [
        f"the body has {doc.word_count} words (under 500)"]


# --- warnings in corpus tables ----------------------------------------------------------------

def _audit(frame_or_path, **kwargs):
    from audit import audit_corpus

    return audit_corpus(frame_or_path, workers=1, progress=False, **kwargs)


def test_every_corpus_row_has_a_warnings_cell_and_none_is_dropped():
    import pandas as pd

    frame = pd.DataFrame({"id": ["ferry", "short", "path"],
                          "text": [ARTICLE, "Fares rise in April, the minister said.", "exports/ferry.txt"]})
    scores = _audit(frame)
    assert len(scores) == 3 and "warnings" in scores.columns
    assert scores.loc[0, "warnings"] is None
    assert warning_ids(scores.loc[1, "warnings"]) == ["warn.short_body"]
    assert warning_ids(scores.loc[2, "warnings"]) == ["warn.short_body", "warn.path_or_url"]
    assert list(scores.columns[-2:]) == ["warnings", "error"]


def test_duplicate_ids_and_duplicate_texts_warn_on_the_later_rows():
    import pandas as pd

    other = ARTICLE.replace("8 per cent", "12 per cent")
    frame = pd.DataFrame({"id": ["a1", "a2", "a1", "a3"], "text": [ARTICLE, other, other.replace("12", "14"), ARTICLE]})
    scores = _audit(frame)
    assert [warning_ids(cell) for cell in scores["warnings"]] == [
        [], [], ["warn.duplicate_id"], ["warn.duplicate_text"]]
    assert "id 'a1' was already used by row 1" in scores.loc[2, "warnings"]
    assert "the same text as row 1" in scores.loc[3, "warnings"]
    assert scores["words"].notna().all()  # warned rows are audited all the same


def test_duplicates_are_found_across_the_chunks_of_a_stream(tmp_path):
    import pandas as pd

    from audit.corpus import stream_corpus

    path = tmp_path / "feed.jsonl"
    rows = [{"id": f"n{k}", "text": ARTICLE.replace("8 per cent", f"{k} per cent")} for k in range(5)]
    rows.append({"id": "n0", "text": ARTICLE})
    pd.DataFrame(rows).to_json(path, orient="records", lines=True)
    out = tmp_path / "scores.csv"
    run = stream_corpus(path, out, workers=1, progress=False, chunksize=2)
    table = pd.read_csv(out)
    assert warning_ids(table.loc[5, "warnings"]) == ["warn.duplicate_id"]
    assert run.warned == 1


def test_a_folder_mixing_article_files_and_a_table_warns_on_the_table_rows(tmp_path):
    import pandas as pd

    (tmp_path / "ferry.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "bridge.txt").write_text(ARTICLE.replace("Ferry", "Bridge"), encoding="utf-8")
    pd.DataFrame({"id": ["m1"], "text": [ARTICLE.replace("Ferry", "Tram")]}).to_csv(tmp_path / "meta.csv", index=False)
    scores = _audit(tmp_path)
    assert len(scores) == 3
    by_id = dict(zip(scores["id"], scores["warnings"]))
    assert warning_ids(by_id["m1"]) == ["warn.mixed_folder"]
    assert "2 .txt" in by_id["m1"] and "meta.csv" in by_id["m1"]
    assert by_id["ferry"] is None and by_id["bridge"] is None


def test_the_title_column_is_filled_from_the_headline_found_in_the_text(tmp_path):
    import pandas as pd

    (tmp_path / "ferry.txt").write_text(ARTICLE, encoding="utf-8")
    assert _audit(tmp_path).loc[0, "title"] == "Ferry Fares to Rise in Spring"
    frame = pd.DataFrame({"id": ["a", "b"], "title": [None, "Given Headline"], "text": [ARTICLE, ARTICLE]})
    scores = _audit(frame)
    assert scores["title"].tolist() == ["Ferry Fares to Rise in Spring", "Given Headline"]
    plain = _audit(pd.DataFrame({"text": ["Fares rose in April, the minister said. Riders objected."]}))
    assert "title" not in plain.columns or plain.loc[0, "title"] is None


def test_a_saved_page_whose_extraction_keeps_little_text_warns(tmp_path):
    links = " ".join(f"<li><a href='/s{k}'>Island ferry timetable changes for the winter season number {k}</a></li>"
                     for k in range(60))
    page = tmp_path / "ferry.html"
    page.write_text("<html><head><title>Ferry Fares to Rise</title></head><body>"
                    f"<nav><ul>{links}</ul></nav><article><h1>Ferry Fares to Rise</h1>"
                    "<p>Ferry fares between Lakeport and Gull Island will rise 8 per cent in April, the transport "
                    "minister said on Tuesday.</p></article>"
                    f"<footer><ul>{links}</ul></footer></body></html>", encoding="utf-8")
    scores = _audit(page)
    ids_found = warning_ids(scores.loc[0, "warnings"])
    assert "warn.page_little_text" in ids_found
    assert "only" in scores.loc[0, "warnings"]
