"""scripts/snapshot_audits.py: two snapshots of the same code are identical; a changed finding is reported."""
from __future__ import annotations

import importlib.util
import json
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def load_script():
    spec = importlib.util.spec_from_file_location("snapshot_audits", REPO / "scripts" / "snapshot_audits.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("snapshot_audits", module)
    spec.loader.exec_module(module)
    return module


def write(script, path: Path, tmp_path: Path) -> None:
    # No gold corpus and no seed article here: the sample corpus and a few hostile texts only.
    assert script.main(["write", str(path), "--data", str(tmp_path / "no-eval"), "--seed-article",
                        str(tmp_path / "none.txt"), "--hostile", "25", "--seed", "3"]) == 0


def test_same_code_gives_identical_snapshots_and_compare_exits_0(tmp_path, capsys):
    script = load_script()
    write(script, tmp_path / "a.jsonl", tmp_path)
    write(script, tmp_path / "b.jsonl", tmp_path)
    assert script.main(["compare", str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")]) == 0
    out = capsys.readouterr()
    assert "compared 85 texts before with 85 after: 0 differ" in out.out
    assert "PolNeAR train not found" in out.err


def test_a_changed_source_type_is_printed_with_its_path_and_compare_exits_1(tmp_path, capsys):
    script = load_script()
    write(script, tmp_path / "a.jsonl", tmp_path)
    lines = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        row = json.loads(line)
        if row.get("attributions"):
            row["attributions"][0]["source_type"] = "anonymous_changed"
            lines[i] = json.dumps(row, ensure_ascii=False, sort_keys=True)
            changed = row["id"]
            break
    (tmp_path / "b.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert script.main(["compare", str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")]) == 1
    out = capsys.readouterr().out
    assert f"{changed}/attributions[0]/source_type:" in out
    assert "1 differ" in out


def test_hostile_texts_are_the_same_for_the_same_seed_and_differ_for_another():
    script = load_script()
    same_a, same_b, other = random.Random(7), random.Random(7), random.Random(8)
    texts = [script.hostile_text(same_a) for _ in range(50)]
    assert texts == [script.hostile_text(same_b) for _ in range(50)]
    assert texts != [script.hostile_text(other) for _ in range(50)]
