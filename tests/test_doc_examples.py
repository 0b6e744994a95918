"""Every example in the package's docstrings runs and prints what it says (the examples are documentation)."""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import audit

MODULES = ["audit"] + sorted(info.name for info in pkgutil.walk_packages(audit.__path__, prefix="audit.")
                 if not info.name.endswith("__main__"))


def test_every_module_is_found():
    assert {"audit.article", "audit.sources.attribution", "audit.display", "audit.claims"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_the_examples_of_each_module_hold(name):
    try:
        module = importlib.import_module(name)
    except ImportError as exc:  # an optional extra that is not installed (e.g. dask for audit.cluster)
        pytest.skip(f"{name} needs an extra: {exc}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed (run pytest " \
                               f"--doctest-modules {module.__file__} to see them)"
