"""Three short articles written for the corpus tests, as a folder of .txt files or a DataFrame."""
from __future__ import annotations

import pandas as pd

# Three short articles written for these tests.
ARTICLES = {
    "budget": (
        "Council Approves Budget\n\n"
        "The city council voted 7-2 on Tuesday to approve a $48 million budget, Mayor Dana Ortiz said.\n\n"
        "\"This budget keeps every library open,\" Ortiz said at a news conference. Critics said the plan "
        "relied on optimistic sales tax forecasts.\n\n"
        "According to a report by the county auditor, reserves fell by 12 percent last year."
    ),
    "power": (
        "Storm Knocks Out Power to Thousands\n\n"
        "More than 20,000 homes lost power overnight as high winds swept through the valley, the utility "
        "said in a statement.\n\n"
        "Crews were expected to restore service by Friday, a spokesman said. Some residents may face longer "
        "outages, officials warned.\n\n"
        "\"We are working around the clock,\" said Lena Park, the utility's operations director."
    ),
    "schools": (
        "School District Weighs Later Start\n\n"
        "The school board is considering pushing back the start of the school day by 45 minutes, according "
        "to two people familiar with the discussions.\n\n"
        "Research suggests that teenagers who sleep longer perform better in class. The change could cost "
        "the district about $2 million a year in extra bus routes, a budget document shows."
    ),
}


def write_folder(folder):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def frame():
    return pd.DataFrame({"id": list(ARTICLES), "text": list(ARTICLES.values())})
