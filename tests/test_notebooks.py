"""The notebooks as files: committed clean, parameterised, importing the installed package.

Running them is nbval's job (``pytest --nbval-lax notebooks/``); these tests check what a reader
of the repository gets: no stale outputs, a ``parameters`` cell near the top whose paths exist,
``import audit`` without path hacks, and plotting cells that end with ``plt.show()``.
"""
from __future__ import annotations

import ast
import configparser
import re
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
EXPECTED = (
    "00_quickstart",
    "01_sources_walkthrough",
    "02_hedges_and_claims_walkthrough",
    "03_corpus_overview",
    "04_compare_outlets",
    "05_bring_your_own_corpus",
    "06_customize_rules",
    "07_scale_out",
    "09_validate_on_your_corpus",
    "10_check_the_checker",
)
CHECKED = "nbval-check-output"
PATHS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def load(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def code_cells(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code"]


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def test_every_numbered_notebook_is_there():
    assert [p.stem for p in PATHS] == list(EXPECTED)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_notebook_is_valid_nbformat(path):
    nbformat.validate(load(path))


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_committed_without_outputs_except_checked_facts(path):
    """Only cells tagged nbval-check-output keep an output: it is the expected value nbval compares.

    nbval ignores the output of a cell without an execution count, so a checked cell carries its
    position among the code cells as its count (fixed, not the count of some past run).
    """
    for number, cell in enumerate(code_cells(load(path)), start=1):
        assert "execution" not in cell.metadata, f"{path.name}: a cell keeps timing metadata"
        if CHECKED in tags(cell):
            assert cell.execution_count == number, f"{path.name}: checked cell {number} needs execution_count {number}"
            assert cell.outputs, f"{path.name}: a checked cell has no expected output"
            for output in cell.outputs:
                assert output.output_type == "stream" and output.name == "stdout", \
                    f"{path.name}: a checked cell should compare printed text only, not {output.output_type}"
        else:
            assert cell.execution_count is None, f"{path.name}: a cell has an execution count (run, then saved)"
            assert not cell.outputs, f"{path.name}: outputs committed in cell {cell.source[:60]!r}"


def test_a_notebook_with_outputs_would_fail(tmp_path):
    """The check above is not vacuous: a saved-after-running cell is caught."""
    nb = load(NOTEBOOKS / "00_quickstart.ipynb")
    cell = next(c for c in code_cells(nb) if CHECKED not in tags(c) and "parameters" not in tags(c))
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="stale\n")]
    cell.execution_count = 3
    target = tmp_path / "00_quickstart.ipynb"
    nbformat.write(nb, target)
    with pytest.raises(AssertionError):
        test_committed_without_outputs_except_checked_facts(target)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_parameters_cell_near_the_top_with_paths_that_exist(path):
    cells = code_cells(load(path))
    tagged = [i for i, c in enumerate(cells) if "parameters" in tags(c)]
    assert len(tagged) == 1, f"{path.name}: needs exactly one cell tagged 'parameters'"
    assert tagged[0] <= 1, f"{path.name}: the parameters cell should be one of the first two code cells"
    source = cells[tagged[0]].source
    tree = ast.parse(source)
    assert all(isinstance(node, ast.Assign) for node in tree.body), "parameters cell: assignments only"
    namespace: dict = {}
    exec(compile(tree, path.name, "exec"), namespace)  # noqa: S102 - our own literal assignments
    for name, value in namespace.items():
        if isinstance(value, str) and value.startswith(".."):
            assert not Path(value).is_absolute()
            target = (NOTEBOOKS / value).resolve()
            if not value.startswith("../out"):
                assert target.exists(), f"{path.name}: {name} = {value!r} does not exist relative to notebooks/"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_imports_the_installed_package_without_path_hacks(path):
    sources = "\n".join(c.source for c in code_cells(load(path)))
    assert re.search(r"^import audit$", sources, re.MULTILINE), f"{path.name}: should `import audit`"
    for forbidden in ("sys.path", "PYTHONPATH", "os.chdir", "%cd ", "/work/", "/home/", "pip install"):
        assert forbidden not in sources, f"{path.name}: contains {forbidden!r}"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_plotting_cells_end_with_plt_show(path):
    for cell in code_cells(load(path)):
        draws = re.search(r"\bplots\.\w+\(|\bplt\.subplots\(", cell.source)
        if draws:
            assert cell.source.rstrip().endswith("plt.show()"), f"{path.name}: {cell.source[:60]!r}"


@pytest.mark.parametrize("name", ["01_sources_walkthrough", "02_hedges_and_claims_walkthrough"])
def test_class_walkthroughs_fold_answers_and_use_the_hand_annotations(name):
    nb = load(NOTEBOOKS / f"{name}.ipynb")
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert markdown.count("<details>") >= 2 and markdown.count("</details>") == markdown.count("<details>")
    assert "Try it yourself" in markdown
    assert "ANNOTATIONS" in "\n".join(c.source for c in code_cells(nb))


def test_sanitize_file_rules_compile_and_clean_what_varies():
    parser = configparser.ConfigParser()
    parser.read(NOTEBOOKS / "nbval_sanitize.cfg", encoding="utf-8")
    rules = [(re.compile(parser[s]["regex"]), parser[s]["replace"]) for s in parser.sections()]
    assert rules

    def clean(text: str) -> str:
        for pattern, replacement in rules:
            text = pattern.sub(replacement, text)
        return text

    varying = "<Figure at 0x7f3a2b1c9d00> saved /tmp/news-audit-k2j3/out.csv at 2024-05-01T10:22:33.123+00:00 in 1.25s"
    cleaned = clean(varying)
    assert "0x7f3a" not in cleaned and "/tmp/news-audit" not in cleaned and "10:22" not in cleaned
    assert "1.25s" not in cleaned
    fact = "4 pages: ['civic-lens', 'x'] | body sentences: 7 | words: 91 | hedges: 1 -> 2"
    assert clean(fact) == fact
