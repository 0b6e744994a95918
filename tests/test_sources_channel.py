"""How a statement reached the reporter (audit/sources/channel.py)."""
from __future__ import annotations

import re

from conftest import only
from audit.config import AuditConfig
from audit.sources import find_attributions


def test_statement_of_an_organization_has_statement_channel():
    a = only("The ferry company said in a statement that sailings would resume Friday.")
    assert a.source_type == "named_organization"
    assert a.channel == "statement"


def test_every_channel_phrase_match_holds_one_of_its_keywords():
    """The keyword gate in front of the channel search may skip a search only when no phrase could match."""
    import json
    from pathlib import Path

    from audit.lexicon import load_rules

    sample = Path(__file__).resolve().parents[1] / "data" / "sample" / "articles.jsonl"
    texts = [json.loads(line)["text"] for line in sample.read_text(encoding="utf-8").splitlines()]
    texts.append("In a lengthy statement, the ministry said. He told CNN on Tuesday. Via X, she said. In a Facebook post, "
                 "he wrote. At a news conference, the mayor said. In an e-mail, the firm said. Through his spokesman, "
                 "Ruiz said. In an interview with the Gazette, she said. He told The Daily Ledger. On Fox News Sunday.")
    matched = 0
    for row in load_rules("attribution_channels.tsv"):
        keywords = [k for k in row["keywords"].split("|") if k]
        assert keywords, f"{row['id']} has no keywords: the channel search would never be skipped"
        for text in texts:
            for match in re.finditer(row["phrase"], text, re.IGNORECASE):
                matched += 1
                assert any(k in match.group().casefold() for k in keywords), (row["id"], match.group())
    assert matched >= 9


def test_channel_rows_without_keywords_are_always_searched(tmp_path):
    text = "Speaking by satellite link, the envoy said the talks would resume."
    assert only(text).channel == "speech"
    (tmp_path / "attribution_channels.tsv").write_text(
        "id\tphrase\tchannel\nchan.satellite\\tby satellite link\tbroadcast\n".replace("\\t", "\t"), encoding="utf-8")
    found = find_attributions(text, config=AuditConfig(rules_dir=str(tmp_path)))
    assert [a.channel for a in found] == ["broadcast"]
