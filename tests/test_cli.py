"""The news-audit command line: score a corpus, show one article, exit statuses, no tracebacks."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from audit.cli import main
from audit.io import read_provenance
from audit.schema import METRIC_COLUMNS

ARTICLES = [
    {"id": "ferry-1", "outlet": "Harbor Times", "title": "Ferry Fares to Rise",
     "text": "Ferry Fares to Rise\n\nFares on the island ferry will rise by 50 cents in July, the transit "
             "authority said on Wednesday.\n\n\"Fuel costs have doubled,\" said board chair Ruth Ames. "
             "Some riders said the increase could push them back into their cars."},
    {"id": "zoo-2", "outlet": "=HYPERLINK(\"http://example.invalid\")", "title": "Zoo Welcomes Twin Cubs",
     "text": "The city zoo announced the birth of twin snow leopard cubs, the first in its 40-year history. "
             "Keepers said both cubs were healthy and nursing well."},
]


def write_jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path) -> Path:
    return write_jsonl(tmp_path / "articles.jsonl", ARTICLES)


def test_score_writes_csv_with_provenance_and_prints_table_and_summary(tmp_path, corpus, capsys):
    out = tmp_path / "out" / "scores.csv"
    assert main(["score", str(corpus), "-o", str(out), "--workers", "1"]) == 0
    stdout = capsys.readouterr().out.splitlines()
    assert stdout[0].split() == ["id", "title", "words", "attrib", "anon", "hedges", "check", "FRE", "warn"]
    assert stdout[-2].startswith("attrib: attributions; anon: share of them to anonymous sources")
    assert stdout[1].startswith("ferry-1") and "Ferry Fares to Rise" in stdout[1]
    assert stdout[-1] == f"audited 2 articles, 0 failed, 2 with warnings (see the warnings column) -> {out}"
    table = pd.read_csv(out)
    assert table["id"].tolist() == ["ferry-1", "zoo-2"]
    assert "text" not in table.columns  # the input is not copied into the scores
    assert list(table.columns[-len(METRIC_COLUMNS) - 2:]) == [*METRIC_COLUMNS, "warnings", "error"]
    assert table["warnings"].str.startswith("warn.short_body").all()  # both test articles are short
    assert table.loc[1, "outlet"].startswith("'=HYPERLINK")  # spreadsheet-safe
    assert read_provenance(out)["schema_version"] == "1"


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl"])
def test_score_writes_parquet_and_jsonl_with_provenance(tmp_path, corpus, suffix):
    out = tmp_path / f"scores{suffix}"
    assert main(["score", str(corpus), "-o", str(out), "--workers", "1", "--quiet"]) == 0
    provenance = read_provenance(out)
    assert provenance["inputs"] == [str(corpus)] and provenance["textstat"] == "0.7.8"
    if suffix == ".parquet":
        assert b"news_audit" in pq.read_schema(out).metadata
        assert pd.read_parquet(out)["words"].gt(10).all()
    else:
        assert len(out.read_text().splitlines()) == 2


def test_evidence_file_is_written_from_the_same_run(tmp_path, corpus):
    out, found = tmp_path / "s.parquet", tmp_path / "e.csv"
    assert main(["score", str(corpus), "-o", str(out), "--evidence", str(found), "-q", "--workers", "1"]) == 0
    table = pd.read_csv(found)
    assert {"id", "kind", "type", "start", "end", "text", "rule", "in_title"} <= set(table.columns)
    assert "Ferry Fares to Rise" in table.loc[table["type"] == "title", "text"].tolist()
    assert read_provenance(found) == read_provenance(out)


def test_sources_file_lists_who_is_quoted_with_outlet_and_inferred_gender(tmp_path, corpus, capsys):
    out, sources = tmp_path / "s.csv", tmp_path / "who.jsonl"
    assert main(["score", str(corpus), "-o", str(out), "--sources", str(sources), "--workers", "1", "-q"]) == 0
    assert capsys.readouterr().out.strip().endswith(f"-> {out} and {sources}")
    table = pd.read_json(sources, lines=True)
    ruth = table[table["source_name"] == "Ruth Ames"].iloc[0]
    assert (ruth["id"], ruth["outlet"], ruth["source_type"], ruth["gender"], ruth["gender_rule"]) == \
        ("ferry-1", "Harbor Times", "named_person", "female", "name.ruth")
    assert set(table["id"]) == {"ferry-1", "zoo-2"}
    assert read_provenance(sources) == read_provenance(out)


def test_sources_file_must_differ_from_the_other_outputs(tmp_path, corpus, capsys):
    out = tmp_path / "s.csv"
    assert main(["score", str(corpus), "-o", str(out), "--sources", str(out)]) == 2
    assert "--sources must name a different file" in capsys.readouterr().err


def test_a_bad_row_is_kept_with_its_error_and_the_exit_status_is_1(tmp_path, capsys):
    corpus = write_jsonl(tmp_path / "a.jsonl", [ARTICLES[0], {"id": "blank", "text": None}])
    out = tmp_path / "s.csv"
    assert main(["score", str(corpus), "-o", str(out), "--workers", "1"]) == 1
    captured = capsys.readouterr()
    assert "audited 2 articles, 1 failed" in captured.out
    assert "blank: text is" in captured.err
    assert pd.read_csv(out)["error"].notna().tolist() == [False, True]


def test_missing_input_is_one_clear_line_and_exit_1(tmp_path, capsys):
    out = tmp_path / "s.csv"
    assert main(["score", str(tmp_path / "nope.jsonl"), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [f"news-audit: error: {tmp_path / 'nope.jsonl'}: no such file or folder"]
    assert not out.exists()


def test_unreadable_table_is_one_line_and_no_half_written_output(tmp_path, capsys):
    bad = tmp_path / "feed.csv"
    bad.write_text("id,body\n1,no text column here\n")
    out = tmp_path / "s.parquet"
    assert main(["score", str(bad), "-o", str(out), "-q"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "no text column 'text' (columns: id, body)" in err
    assert "--text-col COLUMN" in err
    assert not out.exists()


def test_text_col_option_names_the_column(tmp_path):
    bad = tmp_path / "feed.csv"
    pd.DataFrame({"id": ["x"], "body": [ARTICLES[1]["text"]]}).to_csv(bad, index=False)
    out = tmp_path / "s.csv"
    assert main(["score", str(bad), "-o", str(out), "--text-col", "body", "-q", "--workers", "1"]) == 0
    assert pd.read_csv(out).loc[0, "words"] > 10


@pytest.mark.parametrize("argv", [
    [],
    ["score", "a.jsonl"],  # no -o
    ["score", "a.jsonl", "-o", "scores.xlsx"],
    ["score", "a.jsonl", "-o", "s.csv", "--workers", "0"],
    ["score", "a.jsonl", "-o", "s.csv", "--evidence", "e.txt"],
    ["frobnicate"],
])
def test_usage_errors_exit_2(argv, capsys):
    assert main(argv) == 2
    assert "error" in capsys.readouterr().err


def test_help_has_examples(capsys):
    assert main(["--help"]) == 0
    assert "examples:" in capsys.readouterr().out
    assert main(["score", "--help"]) == 0
    assert "news-audit score data/sample/articles.jsonl" in capsys.readouterr().out


def test_table_stops_after_60_rows(tmp_path, capsys):
    many = [{"id": f"n{i}", "text": "The park reopened on Saturday, the city said."} for i in range(63)]
    corpus = write_jsonl(tmp_path / "many.jsonl", many)
    assert main(["score", str(corpus), "-o", str(tmp_path / "s.csv"), "--workers", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-3] == "... 3 more" and len(lines) == 1 + 60 + 3


def test_show_prints_scorecard_then_evidence_without_colour_off_a_terminal(tmp_path, capsys):
    page = tmp_path / "ferry.txt"
    page.write_text(ARTICLES[0]["text"], encoding="utf-8")
    assert main(["show", str(page)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Ferry Fares to Rise\n")
    assert out.index("words") < out.index("evidence (")
    assert "flesch_reading_ease" in out and "\x1b[" not in out
    assert "excluded:title" in out


def test_show_prints_the_warnings_under_the_headline(tmp_path, capsys):
    page = tmp_path / "ferry.txt"
    page.write_text(ARTICLES[0]["text"], encoding="utf-8")
    assert main(["show", str(page)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("warning: warn.short_body: the body has 39 words (under 50)")


def test_show_limit_caps_the_evidence_list(tmp_path, capsys):
    page = tmp_path / "ferry.txt"
    page.write_text(ARTICLES[0]["text"], encoding="utf-8")
    assert main(["show", str(page), "--limit", "0"]) == 0
    everything = capsys.readouterr().out
    total = int(everything.split("evidence (")[1].split()[0])
    assert total > 3 and "more findings" not in everything
    assert main(["show", str(page), "--limit", "2"]) == 0
    out = capsys.readouterr().out
    findings = out.split("findings)\n")[1].splitlines()
    assert len(findings) == 3 and findings[-1].strip() == (
        f"... {total - 2} more findings (--limit N prints N, --limit 0 all of them)")
    assert main(["show", str(page), "--limit", "-1"]) == 2


def test_show_reads_a_saved_web_page(tmp_path, capsys):
    page = tmp_path / "cubs.html"
    page.write_text("<html><head><title>Zoo Welcomes Twin Cubs</title></head><body><article>"
                    "<h1>Zoo Welcomes Twin Cubs</h1><p>" + ARTICLES[1]["text"] + "</p></article></body></html>")
    assert main(["show", str(page)]) == 0
    assert capsys.readouterr().out.startswith("Zoo Welcomes Twin Cubs")


def test_show_colours_on_a_terminal_unless_no_color(tmp_path, capsys, monkeypatch):
    page = tmp_path / "ferry.txt"
    page.write_text(ARTICLES[0]["text"], encoding="utf-8")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    main(["show", str(page)])
    assert "\x1b[" in capsys.readouterr().out
    monkeypatch.setenv("NO_COLOR", "1")
    main(["show", str(page)])
    assert "\x1b[" not in capsys.readouterr().out


def test_show_rejects_tables_and_reports_missing_files(tmp_path, capsys):
    assert main(["show", "corpus.jsonl"]) == 2
    assert main(["show", str(tmp_path / "gone.txt")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_python_dash_m_audit_runs_the_same_command(tmp_path, corpus):
    env = {**os.environ, "NO_COLOR": "1"}
    result = subprocess.run([sys.executable, "-m", "audit", "score", str(corpus), "-o", str(tmp_path / "s.csv"),
                             "--workers", "1"], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("audited 2 articles, 0 failed")
    missing = subprocess.run([sys.executable, "-m", "audit", "show", "gone.txt"], capture_output=True, text=True)
    assert missing.returncode == 1 and "Traceback" not in missing.stderr


def test_cache_option_reuses_articles_on_a_rerun_and_says_so(tmp_path, corpus, capsys):
    cache, out = tmp_path / "audits.sqlite", tmp_path / "s.parquet"
    assert main(["score", str(corpus), "-o", str(out), "--cache", str(cache), "-q", "--workers", "1"]) == 0
    assert capsys.readouterr().out.strip().endswith("(cache: 0 reused, 2 audited)")
    first = pd.read_parquet(out)
    assert main(["score", str(corpus), "-o", str(out), "--cache", str(cache), "-q", "--workers", "1"]) == 0
    assert capsys.readouterr().out.strip().endswith("(cache: 2 reused, 0 audited)")
    pd.testing.assert_frame_equal(pd.read_parquet(out), first)


def test_chunk_size_sets_the_rows_per_parquet_row_group(tmp_path):
    many = [{"id": f"n{i}", "text": f"The park reopened on day {i}, the city said."} for i in range(7)]
    corpus = write_jsonl(tmp_path / "many.jsonl", many)
    out = tmp_path / "s.parquet"
    assert main(["score", str(corpus), "-o", str(out), "--chunk-size", "3", "-q", "--workers", "1"]) == 0
    assert pq.ParquetFile(out).metadata.num_row_groups == 3
    assert pd.read_parquet(out)["id"].tolist() == [f"n{i}" for i in range(7)]


@pytest.mark.parametrize("argv", [
    ["score", "a.jsonl", "-o", "s.csv", "--cache", "s.csv"],
    ["score", "a.jsonl", "-o", "s.csv", "--chunk-size", "0"],
    ["score", "a.jsonl", "-o", "s.csv", "--dask", "scheduler"],
])
def test_scaling_options_usage_errors_exit_2(argv, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "a.jsonl", ARTICLES)
    assert main(argv) == 2
    assert "error" in capsys.readouterr().err
    assert not (tmp_path / "s.csv").exists()


def test_validate_export_writes_a_sheet_and_label_studio_tasks(tmp_path, corpus, capsys):
    sheet = tmp_path / "sheet.csv"
    assert main(["validate", "export", str(corpus), "-n", "2", "--seed", "1", "-o", str(sheet)]) == 0
    out = capsys.readouterr().out
    assert f"-> {sheet}" in out and "sample: " in out and "ferry-1" in out
    table = pd.read_csv(sheet, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert {"row_id", "verdict", "tool_source_type"} <= set(table.columns)
    assert set(table["article_id"]) == {"ferry-1", "zoo-2"}
    tasks = tmp_path / "tasks.json"
    assert main(["validate", "export", str(corpus), "-n", "1", "--by", "none", "--kinds", "attribution",
                 "-o", str(tasks)]) == 0
    assert len(json.loads(tasks.read_text(encoding="utf-8"))) == 1
    assert (tmp_path / "tasks.json.config.xml").read_text(encoding="utf-8").startswith("<View>")


def test_validate_report_prints_agreement_and_refuses_a_correction_it_cannot_make(tmp_path, corpus, capsys):
    sheet = tmp_path / "sheet.csv"
    assert main(["validate", "export", str(corpus), "-n", "2", "-o", str(sheet), "--kinds", "attribution,hedge"]) == 0
    table = pd.read_csv(sheet, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    table.loc[table["kind"] != "", "verdict"] = "yes"
    table.to_csv(sheet, index=False, encoding="utf-8-sig")
    capsys.readouterr()
    out_table = tmp_path / "agreement.csv"
    assert main(["validate", "report", str(corpus), str(sheet), "-o", str(out_table)]) == 0
    out = capsys.readouterr().out
    assert "agreement with sheet.csv: 2 articles" in out
    assert any(line.split()[:2] == ["attribution", "all"] and "1.00" in line for line in out.splitlines())
    assert pd.read_csv(out_table)["kind"].tolist()[0] == "attribution"
    assert main(["validate", "report", str(corpus), str(sheet), "--correct", "share_anonymous"]) == 1
    assert "no corrected share_anonymous" in capsys.readouterr().err  # two articles cannot say anything


def test_validate_report_names_bad_rows_without_a_traceback(tmp_path, corpus, capsys):
    sheet = tmp_path / "sheet.csv"
    main(["validate", "export", str(corpus), "-n", "2", "-o", str(sheet)])
    table = pd.read_csv(sheet, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    table.loc[0, "verdict"] = "perhaps"
    table.to_csv(sheet, index=False, encoding="utf-8-sig")
    assert main(["validate", "report", str(corpus), str(sheet)]) == 1
    err = capsys.readouterr().err
    assert "verdict 'perhaps' is neither yes nor no" in err and "Traceback" not in err
    assert main(["validate", "export", str(corpus), "-o", str(tmp_path / "sheet.txt")]) == 2


@pytest.mark.parametrize("bug", [TypeError("'NoneType' object is not subscriptable"), KeyError("words")])
def test_an_internal_bug_shows_its_traceback_when_news_audit_debug_is_set(tmp_path, corpus, capsys, monkeypatch, bug):
    """A TypeError from a bug looks like a user error to an except clause; the debug switch shows where it came from."""
    def broken(*args, **kwargs):
        raise bug

    monkeypatch.setattr("audit.cli._score", broken)
    argv = ["score", str(corpus), "-o", str(tmp_path / "s.csv")]
    monkeypatch.delenv("NEWS_AUDIT_DEBUG", raising=False)
    assert main(argv) == 1
    quiet = capsys.readouterr().err
    assert len(quiet.strip().splitlines()) == 1 and "Traceback" not in quiet
    monkeypatch.setenv("NEWS_AUDIT_DEBUG", "1")
    if isinstance(bug, KeyError):
        with pytest.raises(KeyError):
            main(argv)
    else:
        assert main(argv) == 1
        loud = capsys.readouterr().err
        assert "Traceback (most recent call last)" in loud and "in broken" in loud
        assert loud.strip().splitlines()[-1].startswith("news-audit: error:")
    monkeypatch.setenv("NEWS_AUDIT_DEBUG", "0")  # "0" switches it off
    assert main(argv) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_a_user_error_stays_one_line_without_the_debug_switch(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("NEWS_AUDIT_DEBUG", raising=False)
    assert main(["score", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "s.csv")]) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_show_says_when_a_saved_page_kept_little_text(tmp_path, capsys):
    links = " ".join(f"<li><a href='/s{k}'>Island ferry timetable changes for the winter season number {k}</a></li>"
                     for k in range(60))
    page = tmp_path / "fares.html"
    page.write_text(f"<html><body><nav><ul>{links}</ul></nav><article><h1>Ferry Fares to Rise</h1><p>"
                    "Ferry fares between Lakeport and Gull Island will rise 8 per cent in April, the transport "
                    "minister said on Tuesday.</p></article></body></html>", encoding="utf-8")
    assert main(["show", str(page)]) == 0
    out = capsys.readouterr().out
    assert "warning: warn.page_little_text: the saved page has" in out


def test_with_news_audit_debug_a_failed_row_prints_its_traceback(tmp_path, corpus, capsys, monkeypatch):
    import logging

    import audit.engine

    def unlucky_detector(text, **kwargs):
        raise RuntimeError("detector bug")

    handlers = list(logging.getLogger("audit").handlers)
    monkeypatch.setattr(audit.engine, "audit_text", unlucky_detector)
    monkeypatch.setenv("NEWS_AUDIT_DEBUG", "1")
    assert main(["score", str(corpus), "-o", str(tmp_path / "s.csv"), "--workers", "1", "-q"]) == 1
    err = capsys.readouterr().err
    assert "news-audit: ferry-1: audit failed: RuntimeError: detector bug" in err  # the row's message, as before
    assert "news-audit: debug: audit failed on article 'ferry-1': Traceback" in err
    assert "in unlucky_detector" in err
    assert logging.getLogger("audit").handlers == handlers  # the command's handler is gone with it
