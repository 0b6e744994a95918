"""Optional dependencies: an API-only install works without them, and a missing one names its extra."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import tomllib

from conftest import REPO

# Runs in a fresh interpreter where matplotlib and trafilatura cannot be imported (as after a plain
# `pip install news-audit`): the audit works, and each feature that needs one says which extra installs it.
_WITHOUT_EXTRAS = textwrap.dedent(r'''
    import json, sys
    for name in ("matplotlib", "matplotlib.pyplot", "trafilatura"):
        sys.modules[name] = None  # importing it now raises ImportError
    import audit, pandas as pd
    from pathlib import Path
    report = {"words": audit.audit_text("The mayor said the bridge would reopen in May.").metrics["words"]}
    scores = audit.audit_corpus(pd.DataFrame({"text": ["The mayor said the bridge would reopen."], "outlet": ["Bay Courier"]}),
                                workers=1,
                                progress=False)
    report["rows"] = len(scores)
    from audit import plots
    try:
        plots.sourcing_mix(scores)
    except ImportError as error:
        report["plots"] = str(error)
    page = Path(sys.argv[1])
    try:
        audit.load_corpus(page)
    except ImportError as error:
        report["html"] = str(error)
    from audit.cli import main
    report["show_status"] = main(["show", str(page)])
    print(json.dumps(report))
''')


def test_the_audit_runs_without_the_extras_and_a_missing_one_is_named(tmp_path, capfd):
    page = tmp_path / "story.html"
    page.write_text("<html><body><article><h1>Ferry Fares Rise</h1><p>Fares on the island ferry will rise by "
                    "50 cents in July, the transit authority said.</p></article></body></html>", encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", _WITHOUT_EXTRAS, str(page)], capture_output=True, text=True,
                         cwd=tmp_path, timeout=300)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["words"] == 9 and report["rows"] == 1
    assert "news-audit[plots]" in report["plots"] and "matplotlib" in report["plots"]
    assert "news-audit[html]" in report["html"] and "trafilatura" in report["html"]
    assert report["show_status"] == 1
    error_lines = [line for line in out.stderr.splitlines() if line.startswith("news-audit: error:")]
    assert len(error_lines) == 1 and "news-audit[html]" in error_lines[0] and "Traceback" not in out.stderr


def test_charts_and_web_pages_are_extras_and_the_makefile_installs_them():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    core = " ".join(project["dependencies"])
    assert "matplotlib" not in core and "trafilatura" not in core
    extras = project["optional-dependencies"]
    assert any(r.startswith("matplotlib") for r in extras["plots"])
    assert any(r.startswith("trafilatura") for r in extras["html"])
    makefile = (REPO / "Makefile").read_text()
    installed = next(line for line in makefile.splitlines() if line.startswith("EXTRAS"))
    assert "plots" in installed and "html" in installed  # make demo / make test install everything, as before
