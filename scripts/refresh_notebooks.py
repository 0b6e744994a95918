"""Run the notebooks and save them the way they are committed: no outputs, except the checked facts.

nbval (``pytest --nbval-lax``) compares only cells tagged ``nbval-check-output``, against the output
stored in the notebook. After editing a notebook in JupyterLab, run ``make notebooks-refresh``
(this script): it executes every notebook from ``notebooks/``, keeps the printed output of the
tagged cells as the new expected value (with a fixed execution count, which nbval needs), and
drops every other output, execution count and timing. Review the diff before committing: a changed
expected value means the tool's behaviour changed.

Example:
    python scripts/refresh_notebooks.py                      # all of notebooks/NN_*.ipynb
    python scripts/refresh_notebooks.py 00_quickstart.ipynb  # one notebook
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
CHECKED = "nbval-check-output"


def refresh(path: Path) -> float:
    """Execute one notebook in its folder and strip it; returns the seconds it took to run."""
    nb = nbformat.read(path, as_version=4)
    started = time.monotonic()
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    elapsed = time.monotonic() - started
    for number, cell in enumerate((c for c in nb.cells if c.cell_type == "code"), start=1):
        cell.metadata.pop("execution", None)
        if CHECKED in cell.metadata.get("tags", []):
            cell.execution_count = number  # nbval skips a cell that looks never run
            for output in cell.outputs:
                if output.get("output_type") == "execute_result":
                    output["execution_count"] = number
        else:
            cell.execution_count = None
            cell.outputs = []
    nbformat.write(nb, path)
    return elapsed


def main(names: list[str]) -> None:
    paths = [NOTEBOOKS / n for n in names] if names else sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    for path in paths:
        print(f"{path.name}: ran in {refresh(path):.1f}s")


if __name__ == "__main__":
    main(sys.argv[1:])
