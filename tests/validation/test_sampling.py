"""The sample to annotate: stratified, reproducible, the same whatever the order of the rows."""
from __future__ import annotations

import pandas as pd
import pytest

from audit.validation import sample


def corpus() -> pd.DataFrame:
    sizes = {"Bay Courier": 30, "Granite Times": 12, "Tiny Tribune": 2}
    return pd.DataFrame([{"id": f"{outlet[:3]}-{i:02d}", "outlet": outlet, "text": "x"}
                         for outlet, n in sizes.items() for i in range(n)])


def test_each_outlet_gets_a_share_in_proportion_and_a_small_one_is_not_left_out():
    picked = sample(corpus(), 11, by="outlet", seed=4)
    counts = picked["outlet"].value_counts().to_dict()
    assert counts == {"Bay Courier": 7, "Granite Times": 3, "Tiny Tribune": 1}
    assert picked.loc[picked.outlet == "Tiny Tribune", "sample_weight"].item() == 2.0
    assert picked.loc[picked.outlet == "Bay Courier", "sample_weight"].iloc[0] == pytest.approx(30 / 7)
    assert picked["id"].is_unique


def test_same_seed_same_sample_in_any_row_order_and_another_seed_differs():
    data = corpus()
    first = sample(data, 10, seed=1)
    shuffled = sample(data.sample(frac=1, random_state=9), 10, seed=1)
    assert sorted(first["id"]) == sorted(shuffled["id"])
    assert sorted(sample(data, 10, seed=2)["id"]) != sorted(first["id"])
    assert list(first.index) == sorted(first.index)  # corpus order


def test_simple_random_sample_and_whole_corpus():
    data = corpus()
    assert len(sample(data, 5, by=None)) == 5
    assert sorted(sample(data, len(data))["id"]) == sorted(data["id"])


def test_bad_requests_are_explained():
    data = corpus()
    with pytest.raises(ValueError, match="from 1 to 44"):
        sample(data, 45)
    with pytest.raises(KeyError, match="'section'"):
        sample(data, 3, by="section")
    with pytest.raises(ValueError, match="ids repeat"):
        sample(pd.concat([data, data.head(1)]), 3)
