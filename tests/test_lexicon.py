"""Rule files: parsed with ids, overlaid, and re-read when they change (in the same process)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from audit.lexicon import load_rules, rules_hash, rules_pinned, rules_stamp
from conftest import REPO

# Runs in a fresh interpreter on a copy of the package: audits, edits one packaged rule file per detector
# (sources, hedges, claims, segmentation), audits again, and reports what it saw before and after.
_EDIT_AND_AUDIT = textwrap.dedent(r'''
    import json, os, sys
    import audit
    from pathlib import Path
    rules = Path(audit.__file__).parent / "rules"
    said = "The harbour master grumbled that the ferry was late again."
    hedged = "The plant will zorbly close next spring, union leaders said."
    claim = "Water prices rose 9 percent last year in the valley."
    split = "Insp. Zq. Marlow arrived at noon on Friday. He left an hour later."

    def look():
        result = audit.audit_text(said + " " + hedged)
        return {
            "cues": [a.cue.text for a in audit.find_attributions(said)],
            "hedges": [c.text for c in audit.find_hedges(hedged)],
            "score": audit.find_claims(claim)[0].score,
            "sentences": len(audit.split_sentences(split)),
            "hash": result.versions["rules"],
        }

    def append(name, row):
        with open(rules / name, "a", encoding="utf-8") as fh:
            fh.write(row + "\n")

    seen = [look()]
    append("attribution_cues.tsv", "cue.grumble\tgrumbled|grumbles|grumbling\tspeech\tspeech\t")
    seen.append(look())
    append("hedge_cues.tsv", "hedge.test.zorbly\tdistancing\tzorbly\tThe plant will zorbly close.")
    seen.append(look())
    features = (rules / "claim_features.tsv").read_text(encoding="utf-8")
    tmp = rules / "claim_features.tsv.new"  # saved the way editors do: a new file renamed over the old one
    tmp.write_text(features.replace("bias\t\t-1.61\t", "bias\t\t-4.61\t"), encoding="utf-8")
    os.replace(tmp, rules / "claim_features.tsv")
    seen.append(look())
    append("abbreviations.tsv", "abbr.title.zq\tZq.\ttitle")
    seen.append(look())
    print(json.dumps({"where": audit.__file__, "seen": seen}))
''')


def test_an_edited_packaged_rule_file_takes_effect_in_the_same_process(tmp_path):
    package = tmp_path / "site" / "audit"
    shutil.copytree(REPO / "audit", package, ignore=shutil.ignore_patterns("__pycache__"))
    assert "bias\t\t-1.61\t" in (package / "rules" / "claim_features.tsv").read_text(encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    out = subprocess.run([sys.executable, "-c", _EDIT_AND_AUDIT], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["where"].startswith(str(tmp_path)), "the copy of the package was not the one imported"
    before, cue, hedge, bias, abbreviation = report["seen"]
    assert before["cues"] == [] and cue["cues"] == ["grumbled"]
    assert cue["hedges"] == [] and hedge["hedges"] == ["zorbly"]
    assert bias["score"] < hedge["score"]
    assert bias["sentences"] == 3 and abbreviation["sentences"] == 2
    hashes = [seen["hash"] for seen in report["seen"]]
    assert len(set(hashes)) == len(hashes), f"the rules hash did not follow every edit: {hashes}"


def test_an_overlay_file_edited_in_place_takes_effect(tmp_path):
    overlay = tmp_path / "my_rules"
    overlay.mkdir()
    header = next(line for line in (REPO / "audit/rules/attribution_cues.tsv").read_text().splitlines()
                  if line.startswith("id\t"))
    (overlay / "attribution_cues.tsv").write_text(header + "\n", encoding="utf-8")
    before_hash = rules_hash(overlay)
    with open(overlay / "attribution_cues.tsv", "a", encoding="utf-8") as fh:
        fh.write("cue.grumble\tgrumbled|grumbles|grumbling\tspeech\tspeech\t\n")
    assert any(r["id"] == "cue.grumble" for r in load_rules("attribution_cues.tsv", overlay))
    assert rules_hash(overlay) != before_hash


def test_the_stamp_names_each_file_and_changes_with_it(tmp_path):
    overlay = tmp_path / "my_rules"
    overlay.mkdir()
    empty = rules_stamp(["abbreviations.tsv"], overlay)
    assert [name for name, _, _ in empty] == ["abbreviations.tsv"] and empty[0][1] is not None
    assert empty[0][2] is None  # no overlay file
    (overlay / "abbreviations.tsv").write_text("id\ttext\tkind\n", encoding="utf-8")
    assert rules_stamp(["abbreviations.tsv"], overlay) != empty


def test_one_audit_reads_one_state_of_the_rules_and_the_next_audit_sees_an_edit(tmp_path):
    overlay = tmp_path / "my_rules"
    overlay.mkdir()
    with rules_pinned():  # what audit_text does around one article
        before = rules_stamp(["abbreviations.tsv"], overlay)
        (overlay / "abbreviations.tsv").write_text("id\ttext\tkind\n", encoding="utf-8")
        assert rules_stamp(["abbreviations.tsv"], overlay) == before  # mid-audit: unchanged
        with rules_pinned():  # nested: the outer block decides
            assert rules_stamp(["abbreviations.tsv"], overlay) == before
    assert rules_stamp(["abbreviations.tsv"], overlay) != before  # the next audit sees the edit


def test_a_rule_file_without_an_id_column_is_refused(tmp_path):
    (tmp_path / "abbreviations.tsv").write_text("text\tkind\nZq.\ttitle\n", encoding="utf-8")
    with pytest.raises(ValueError, match="'id' column"):
        load_rules("abbreviations.tsv", tmp_path)
