"""``python -m audit``: the same command line as ``news-audit``."""
import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
