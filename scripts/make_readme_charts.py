"""Draw the README's "who is quoted" chart from the sample corpus: docs/who_is_quoted.png.

Usage:
    python scripts/make_readme_charts.py [--data data/sample/articles.jsonl] [-o docs/who_is_quoted.png]
"""
from __future__ import annotations

import argparse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(REPO / "data" / "sample" / "articles.jsonl"))
    parser.add_argument("-o", "--output", default=str(REPO / "docs" / "who_is_quoted.png"))
    args = parser.parse_args(argv)

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import audit
    from audit import plots

    corpus = audit.load_corpus(args.data)
    scores = audit.audit_corpus(corpus, workers=1, progress=False)
    sources = audit.sources_table(corpus)
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 6.5), layout="constrained",
                                      gridspec_kw={"width_ratios": [1.1, 1]})
    plots.women_quoted(scores, by="outlet", ax=left)
    plots.most_quoted(sources, by="outlet", top=3, ax=right)
    fig.suptitle("Who is quoted in the sample corpus (60 fictional articles, 6 outlets)")
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.output, dpi=90, metadata={"Software": None})
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
