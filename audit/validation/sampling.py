"""A stratified, reproducible sample of articles to annotate."""
from __future__ import annotations

import numpy as np
import pandas as pd


def _allocate(sizes: pd.Series, n: int) -> pd.Series:
    """Proportional allocation by largest remainder, at least one per stratum when ``n`` allows."""
    strata = len(sizes)
    if n >= strata:
        base = pd.Series(1, index=sizes.index)
        rest = n - strata
        weights = (sizes - 1).clip(lower=0)
    else:
        base = pd.Series(0, index=sizes.index)
        rest = n
        weights = sizes
    if rest and weights.sum():
        exact = weights / weights.sum() * rest
        floor = np.floor(exact).astype(int)
        floor = floor.clip(upper=sizes - base)
        left = rest - int(floor.sum())
        remainder = (exact - floor).where(base + floor < sizes, -1.0)
        # Largest remainders first; ties broken by stratum name so the allocation is reproducible.
        order = sorted(remainder.index, key=lambda s: (-remainder[s], str(s)))
        for stratum in order:
            if left <= 0:
                break
            if base[stratum] + floor[stratum] < sizes[stratum]:
                floor[stratum] += 1
                left -= 1
        base = base + floor
    return base.astype(int)


def sample(corpus: pd.DataFrame, n: int, by: str | None = "outlet", seed: int = 0) -> pd.DataFrame:
    """A stratified random sample of ``n`` articles, the same for the same corpus and seed.

    Each stratum (outlet, section, year ...) gets a share of ``n`` proportional to its size, and at
    least one article when ``n`` is at least the number of strata, so a small outlet is not left
    out. Within a stratum the articles are drawn at random with ``seed``; the draw depends on the
    articles' ids, not on the order of the rows, so a reshuffled corpus gives the same sample.

    Args:
        corpus: the articles (``load_corpus``), with an ``id`` column and the ``by`` column.
        n: how many articles.
        by: the column to stratify on; None for a simple random sample.
        seed: the random seed (write it down with the sample).

    Returns:
        The sampled rows in corpus order, with two added columns: ``stratum`` and
        ``sample_weight`` (articles in the stratum per sampled article, for weighted estimates).

    Raises:
        KeyError: ``by`` or ``id`` is not a column.
        ValueError: ``n`` is not between 1 and the number of articles, or ids repeat.

    Example:
        >>> corpus = pd.DataFrame({"id": [f"a{i}" for i in range(6)], "outlet": list("AAAABB")})
        >>> sample(corpus, 3, seed=1)[["id", "outlet", "sample_weight"]].values.tolist()
        [['a1', 'A', 2.0], ['a2', 'A', 2.0], ['a5', 'B', 2.0]]
    """
    if not isinstance(corpus, pd.DataFrame):
        raise TypeError(f"sample() needs the corpus as a DataFrame (audit.load_corpus), got {type(corpus).__name__}")
    if "id" not in corpus.columns:
        raise KeyError("sample() needs an 'id' column to identify the articles (audit.load_corpus makes one)")
    if by is not None and by not in corpus.columns:
        raise KeyError(f"sample(): no column {by!r} to stratify by; columns are {list(corpus.columns)}")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= len(corpus):
        raise ValueError(f"sample(): n must be a whole number from 1 to {len(corpus)} (the articles), got {n!r}")
    ids = corpus["id"].astype(str)
    if ids.duplicated().any():
        raise ValueError(f"sample(): article ids repeat ({sorted(set(ids[ids.duplicated()]))[:5]}); "
                         "each article needs its own id")
    strata = corpus[by].astype("string").fillna("(none)") if by else pd.Series("all", index=corpus.index)
    sizes = strata.value_counts().sort_index()
    quota = _allocate(sizes, int(n))
    rng = np.random.default_rng(seed)
    chosen = []
    for stratum in sizes.index:  # sorted, so the random stream is used in a fixed order
        members = sorted(ids[strata == stratum].index, key=lambda i: ids[i])
        k = int(quota[stratum])
        if k:
            picked = rng.choice(len(members), size=k, replace=False)
            chosen.extend(members[j] for j in picked)
    out = corpus.loc[sorted(chosen, key=corpus.index.get_loc)].copy()
    out["stratum"] = strata.loc[out.index].astype(str)
    out["sample_weight"] = out["stratum"].map(lambda s: float(sizes[s]) / float(quota[s]))
    return out
