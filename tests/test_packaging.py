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


def test_textstat_is_pinned_to_the_release_that_works_offline():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert "textstat==0.7.8" in project["dependencies"]
    assert "textstat==0.7.8" in (REPO / "environment.yml").read_text()


def test_console_script_and_distribution_name():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["name"] == "news-audit"
    assert project["scripts"]["news-audit"] == "audit.cli:main"
