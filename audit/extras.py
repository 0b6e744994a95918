"""Optional dependencies, installed with extras: a missing one is named with the command that installs it.

An API-only user (audit_text, audit_corpus to CSV) does not need matplotlib or trafilatura; ``pip install
'news-audit[plots,html]'`` (or the Makefile, which installs every extra) brings them.
"""
from __future__ import annotations

import importlib
from types import ModuleType

# module -> (extra that installs it, what needs it)
EXTRAS = {
    "matplotlib": ("plots", "audit.plots (charts)"),
    "trafilatura": ("html", "reading saved web pages (.html files)"),
}


def import_extra(module: str) -> ModuleType:
    """``module`` imported, or an ImportError naming the extra to install.

    Example:
        >>> import_extra("matplotlib.pyplot").__name__
        'matplotlib.pyplot'
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        package = module.split(".")[0]
        extra, needed_for = EXTRAS[package]
        raise ImportError(f"{needed_for} needs {package}, which is not installed: pip install "
                          f"'news-audit[{extra}]' (or make install, which installs every extra)") from error
