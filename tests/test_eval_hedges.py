"""Gate: hedge cues against the Szeged (Wikipedia and FactBank news) and CoNLL-2010 annotations stay above floors.

Runs a fast subset (the first 3,000 Szeged sentences, 3,000 CoNLL sentences) of ``benchmarks/eval_hedges.py``;
skipped when the gold corpora (../shared/eval or $NEWS_AUDIT_EVAL) are absent. The floors sit a little
below the figures the lexicons reach, so a change that loses accuracy fails here.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.eval

REPO = Path(__file__).resolve().parents[1]
# Floors on the subset; README quotes the full-corpus figures.
# Subset figures when set: Szeged sentence 0.832, cue 0.821; CoNLL 0.543 (were 0.828, 0.815, 0.511).
FLOORS = {
    ("szeged", "sentence"): 0.81,
    ("szeged", "cue"): 0.80,
    ("conll2010_wiki", None): 0.52,
}
# FactBank news (szeged/factbank_dev.xml, all 1,565 sentences, conditional-only ones skipped), uncertain sentences.
# When set: all 0.887, tune 0.926, check 0.842 (issue 17 round; before it 0.867, 0.907, 0.823; before the news
# rows: 0.807, 0.815, 0.798).
FACTBANK_FLOORS = {"all": 0.87, "check": 0.82}


def _eval_module():
    spec = importlib.util.spec_from_file_location("eval_hedges", REPO / "benchmarks" / "eval_hedges.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_hedges"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def figures(eval_root):
    module = _eval_module()
    szeged = module.load_szeged(eval_root)[:3000]
    conll = module.load_conll(eval_root)
    conll = conll[:1500] + conll[-1500:]
    return {"szeged": module.eval_szeged(szeged)["all"], "conll2010_wiki": module.eval_conll(conll)["all"]}


def test_szeged_hedged_sentence_f1_above_floor(figures):
    assert figures["szeged"]["sentence"]["f1"] >= FLOORS[("szeged", "sentence")], figures["szeged"]


def test_szeged_cue_overlap_f1_above_floor(figures):
    assert figures["szeged"]["cue"]["f1"] >= FLOORS[("szeged", "cue")], figures["szeged"]


def test_conll_wikipedia_uncertain_sentence_f1_above_floor(figures):
    assert figures["conll2010_wiki"]["f1"] >= FLOORS[("conll2010_wiki", None)], figures["conll2010_wiki"]


def test_conditions_are_left_out_of_the_gold(eval_root, figures):
    assert figures["szeged"]["skipped_condition_only"] > 0


@pytest.mark.parametrize("sentence, counted", [
    ("It is believed that the ship sank in a storm.", True),   # doxastic: Szeged annotates "believed"
    ("Many economists think rates will fall.", True),
    ("The ship may have sunk in a storm.", True),
    ("It is said that the ship sank in a storm.", False),      # hearsay: vague attribution, not speculation
    ("Critics argue that the plan favors developers.", False),
    ("Many historians trace the custom to the 1800s.", False),
])
def test_szeged_counts_hedges_and_belief_weasels_only(sentence, counted):
    module = _eval_module()
    assert bool(module._uncertain_cues(sentence))  # CoNLL counts every one of them
    assert bool(module._speculation_cues(sentence)) == counted


@pytest.fixture(scope="module")
def factbank(eval_root):
    module = _eval_module()
    if not (eval_root / "szeged" / module.FACTBANK).is_file():
        pytest.skip(f"szeged/{module.FACTBANK} not found under {eval_root}")
    return module.eval_szeged(module.load_szeged(eval_root, module.FACTBANK))


@pytest.mark.parametrize("which", sorted(FACTBANK_FLOORS))
def test_factbank_news_uncertain_sentence_f1_above_floor(factbank, which):
    assert factbank[which]["sentence"]["f1"] >= FACTBANK_FLOORS[which], factbank[which]


def test_factbank_halves_are_split_by_document(eval_root, factbank):
    module = _eval_module()
    sentences = module.load_szeged(eval_root, module.FACTBANK)
    assert {s.half for s in sentences} == {"tune", "check"}
    assert factbank["all"]["sentences"] == factbank["tune"]["sentences"] + factbank["check"]["sentences"]
    assert factbank["all"]["skipped_condition_only"] > 0


@pytest.mark.parametrize("sentence, counted", [
    ("The plant is expected to reopen in May.", True),           # a forecast nobody is named for
    ("Analysts expect the bank to cut rates.", True),
    ("The bank expects to hire 200 workers.", True),
    ("Analysts said the bank cut rates.", False),                # hearsay: vague sourcing, not doubt
    ("Some 200 workers were hired.", False),                     # an approximator
])
def test_news_uncertainty_counts_hedges_and_weasels_of_belief_or_forecast(sentence, counted):
    module = _eval_module()
    assert bool(module._speculation_cues(sentence)) == counted
