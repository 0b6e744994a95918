"""The Python floor declared in pyproject.toml, environment.yml and the README is the one the code needs.

Python 3.10 cannot compile possessive quantifiers (``a++``) or atomic groups (``(?>...)``) and has no
``tomllib``; ``ast.parse(..., feature_version=...)`` refuses syntax newer than the floor. A fresh
interpreter records every regular expression the package compiles (at import and when the rule files
are loaded) and the test reads the parsed patterns for the features that need 3.11.
"""
from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tomllib

from conftest import REPO

# Standard-library modules newer than some supported Python: module -> first version that has it.
_NEW_MODULES = {"tomllib": (3, 11), "zoneinfo": (3, 9), "graphlib": (3, 9)}
_SOURCE_FOLDERS = ("audit", "tests", "benchmarks", "scripts")

# Runs in a fresh interpreter: wraps the regex parser, imports the package, audits one article (which
# loads and compiles every packaged rule file), and prints the patterns that use a 3.11 feature.
_RECORD_PATTERNS = r'''
import json, re, re._parser as parser, re._constants as constants
newer = {constants.POSSESSIVE_REPEAT: "possessive quantifier", constants.ATOMIC_GROUP: "atomic group"}
found, parse = {}, parser.parse

def walk(node, pattern):
    if isinstance(node, parser.SubPattern):
        node = node.data
    if isinstance(node, (list, tuple)):
        for item in node:
            if isinstance(item, tuple) and len(item) == 2 and item[0] in newer:
                found.setdefault(str(pattern), newer[item[0]])
            walk(item, pattern)

def recording_parse(pattern, *args, **kwargs):
    tree = parse(pattern, *args, **kwargs)
    walk(tree, pattern)
    return tree

parser.parse = recording_parse
import audit
audit.audit_text("Storm Hits Coast\n\nThe mayor said on Tuesday that 1,200 homes may have flooded, "
                 "according to a county report. \"We are clearly not done,\" she told reporters.")
print(json.dumps(found))
'''


def declared_floor() -> tuple[int, int]:
    spec = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["requires-python"]
    match = re.fullmatch(r">=\s*3\.(\d+)", spec.strip())
    assert match, f"requires-python should be a plain floor like '>=3.11', got {spec!r}"
    return 3, int(match.group(1))


def python_files():
    for folder in _SOURCE_FOLDERS:
        yield from sorted((REPO / folder).rglob("*.py"))


def test_every_module_parses_with_the_floors_grammar():
    floor = declared_floor()
    refused = []
    for path in python_files():
        try:
            ast.parse(path.read_text(encoding="utf-8"), str(path), feature_version=floor)
        except SyntaxError as error:
            refused.append(f"{path.relative_to(REPO)}:{error.lineno}: {error.msg}")
    assert not refused, f"syntax newer than Python {floor[0]}.{floor[1]}:\n" + "\n".join(refused)


def test_no_standard_module_newer_than_the_floor():
    floor = declared_floor()
    too_new = []
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            for name in names:
                needs = _NEW_MODULES.get(name.split(".")[0])
                if needs and needs > floor:
                    too_new.append(f"{path.relative_to(REPO)}:{node.lineno}: {name} needs {needs}")
    assert not too_new, "\n".join(too_new)


def test_regular_expressions_need_no_newer_python_than_the_floor():
    result = subprocess.run([sys.executable, "-c", _RECORD_PATTERNS], capture_output=True, text=True,
                            cwd=REPO, timeout=300)
    assert result.returncode == 0, result.stderr
    newer = json.loads(result.stdout.strip().splitlines()[-1])
    assert newer, "the recorder saw no 3.11 regex feature: is it still hooked into re's parser?"
    if declared_floor() < (3, 11):
        sample = "\n".join(f"  {kind}: {pattern[:80]!r}" for pattern, kind in list(newer.items())[:5])
        raise AssertionError(f"{len(newer)} compiled patterns need Python 3.11, the declared floor is "
                             f"{declared_floor()}:\n{sample}")


def test_the_floor_is_the_same_everywhere():
    major, minor = declared_floor()
    version = f"{major}.{minor}"
    environment = (REPO / "environment.yml").read_text()
    assert re.search(rf"^\s*-\s*python\s*>=\s*{re.escape(version)}\s*$", environment, re.M), \
        f"environment.yml should ask for python>={version}"
    readme = (REPO / "README.md").read_text()
    assert f"Python {version}+" in readme
    stated = set(re.findall(r"Python 3\.(\d+)\+", readme))
    assert stated == {str(minor)}, f"the README states other floors: {sorted(stated)}"
    classifiers = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["classifiers"]
    versions = [tuple(map(int, c.rsplit(" ", 1)[1].split("."))) for c in classifiers
                if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)]
    assert versions and min(versions) == (major, minor)
    assert sys.version_info[:2] >= (major, minor), "the tests run on a Python below the declared floor"
