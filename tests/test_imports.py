"""The package's import graph: no module imports one that imports it back (directly or through others)."""
from __future__ import annotations

import ast
from pathlib import Path

import audit

PACKAGE = Path(audit.__file__).resolve().parent


def _module_name(path: Path) -> str:
    parts = ["audit", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The package modules ``path`` imports, at the top or inside a function (a lazy import is still an edge)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:  # `from . import segment` names a module when one has that name
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in modules else base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    # `from . import __version__` reaches the package itself, which imports everything by design.
    return {m for m in found if m in modules and m != "audit"}


def _graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {_module_name(p) for p in paths}
    return {_module_name(p): _imports(p, modules) for p in paths if _module_name(p) != "audit"}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (found := visit(module)):
            return found
    return None


def test_no_module_imports_one_that_imports_it_back():
    cycle = _cycle(_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle)


def test_the_graph_reader_sees_lazy_imports_and_would_report_a_circle():
    graph = _graph()
    assert "audit.display" in graph["audit.article"]  # imported inside ArticleAudit._repr_html_
    assert _cycle({**graph, "audit.display": graph["audit.display"] | {"audit.article"}}) is not None


def test_reading_corpora_does_not_import_the_audit():
    graph = _graph()
    assert not graph["audit.reading"] & {"audit.article", "audit.engine", "audit.corpus", "audit.cluster"}
    assert "audit.corpus" not in graph["audit.cluster"]
