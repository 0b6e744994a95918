"""Two short articles written for these tests (invented outlets, people and figures), audited once."""
from __future__ import annotations

import pandas as pd
import pytest

FERRY = """Ferry fares on the Marlow line will rise by 12 percent in March, the Harbor Transit Authority said on Tuesday.

"We have held prices for four years and fuel has doubled," said Carla Denning, the authority's finance director.

A deckhand who asked not to be named because he was not authorized to speak said crews were told to expect cuts. Critics say the increase may push commuters back onto the bridge.

According to a budget memo seen by the Ledger, the line lost $3.1 million last year."""

LIBRARY = """The city library will open on Sundays starting next month, Mayor Ines Okafor said.

Some residents argue the change is clearly overdue. Officials said the extra hours would cost about $80,000 a year, according to a council report."""


@pytest.fixture(scope="session")
def articles() -> pd.DataFrame:
    return pd.DataFrame({"id": ["lh-01", "cv-02"], "outlet": ["Lakeshore Herald", "The Civic Lens"],
                         "title": [None, None], "text": [FERRY, LIBRARY]})


@pytest.fixture(scope="session")
def results(articles):
    from audit.validation import audit_articles

    return audit_articles(articles)
