"""The examples in audit.validation's docstrings run and print what they say."""
from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ("audit.validation", "audit.validation.units", "audit.validation.sampling", "audit.validation.sheet",
           "audit.validation.labelstudio", "audit.validation.agreement", "audit.validation.correction",
           "audit.validation.classroom")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), verbose=False)
    assert result.failed == 0
