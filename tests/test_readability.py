"""audit.readability must return exactly what textstat 0.7.8 returns, only faster."""

from __future__ import annotations

import doctest
import importlib.metadata
import json
import math
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import textstat
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import audit.readability
from audit.readability import READABILITY_METRICS, TEXTSTAT_VERSION, readability, textstat_reference

REPO = Path(__file__).resolve().parents[1]




def assert_same_as_textstat(text: str) -> None:
    ours = readability(text)
    assert tuple(ours) == READABILITY_METRICS
    ref = textstat_reference(text)
    problems = [
        f"  {name}: ours={ours[name]!r} textstat={ref[name]!r}"
        for name in READABILITY_METRICS
        if not (type(ours[name]) is float and ours[name] == ref[name])
    ]
    assert not problems, "readability() differs from textstat for text {!r}:\n{}".format(
        text[:300], "\n".join(problems)
    )


# Realistic news paragraphs, written for these tests.
NEWS_TEXTS = {
    "budget": (
        "The city council voted 7-2 on Tuesday to approve a $1.2 billion budget that "
        "raises property taxes by 3.5% and sets aside money for 40 new police officers. "
        "Supporters said the plan was long overdue. Critics called it reckless."
    ),
    "quotes_curly": (
        "\u201cWe\u2019re not going anywhere,\u201d said Maria Lopez, a nurse who has lived "
        "in the neighborhood for 22 years. \u201cThey can\u2019t just push us out because "
        "the land got expensive.\u201d The developer didn\u2019t respond to requests for comment."
    ),
    "abbreviations": (
        "Dr. Anthony Reyes, who directs the U.S. Centers for Disease Control and "
        "Prevention\u2019s field office in St. Louis, told reporters the outbreak was "
        "contained. Mr. Reyes and Ms. Chen, of the N.Y. health department, will brief "
        "lawmakers at 9 a.m. on Friday."
    ),
    "hyphens_contractions": (
        "It's a well-known, long-running dispute: the state-owned utility says it won't "
        "renegotiate, and the union's leaders say they'd rather strike than accept a "
        "two-year freeze. Neither side has said what it'll do if talks collapse, and "
        "they've traded barbs in op-eds all week."
    ),
    "single_sentence": (
        "Authorities evacuated more than 12,000 residents from low-lying coastal towns "
        "on Sunday as the hurricane, now a Category 4 storm with sustained winds of 130 "
        "mph, churned toward the Gulf Coast."
    ),
    "one_word": "Breaking",
    "only_numbers": "2024 1,250 3.5 17 99.9 $4.7 42%",
    "markets": (
        "Stocks fell sharply on Wall Street on Thursday. The Dow Jones Industrial Average "
        "dropped 1.8%, or 612 points, while the S&P 500 slid 2.1% and the Nasdaq "
        "Composite lost 2.6%. Treasury yields rose to 4.85%, their highest level since "
        "2007, as investors bet the Federal Reserve would keep interest rates elevated "
        "into next year. \"The market is repricing everything,\" said one strategist."
    ),
    "exclamations_questions": (
        "Is the bridge safe? Engineers say yes. Residents aren't so sure! After two "
        "inspections in three months, the county has closed one lane and lowered the "
        "weight limit to 10 tons. What happens next? Nobody knows."
    ),
    "long_report": (
        "The investigation, which spanned 18 months and involved more than 200 interviews, "
        "found that the agency repeatedly ignored warnings from its own inspectors about "
        "structural deficiencies at the dam. Internal emails obtained by reporters show "
        "that supervisors delayed repairs to avoid budget overruns, even after a 2019 "
        "assessment rated the spillway as \u201cunsatisfactory.\u201d In a statement, the "
        "agency said it \u201cwelcomes scrutiny\u201d and has since hired an independent "
        "consultant. State legislators from both parties have called for hearings, and "
        "the governor's office said it would review the findings. Environmental groups, "
        "meanwhile, argued that the failures reflect decades of underinvestment in public "
        "infrastructure across the region. According to federal data, nearly one in five "
        "dams in the state is classified as high hazard, meaning a failure would probably "
        "cause loss of life. Officials estimate the repairs will cost between $48 million "
        "and $75 million and take at least three years to complete. Some residents "
        "downstream have already moved away; others say they cannot afford to leave."
    ),
    "dashes_parentheses": (
        "The senator \u2014 who faces a tough re-election fight in November \u2014 declined "
        "to say whether she would support the bill (H.R. 1234) when it reaches the floor. "
        "Her spokesman, James O'Neill, said only that she was \u201creviewing the text.\u201d"
    ),
    "sports": (
        "Rodr\u00edguez scored twice in the second half as Atl\u00e9tico beat Real Sociedad "
        "3-1 on Saturday, moving within four points of the leaders. The Argentine forward "
        "has now scored 14 goals in 19 matches. \u201cHe's unstoppable right now,\u201d his "
        "coach said. It was the club's fifth straight win."
    ),
    "shouting_and_lists": (
        "DON'T PANIC, the headline read. Officials listed three priorities: water, power "
        "and roads. They said 1) shelters are open, 2) schools are closed and 3) curfews "
        "begin at 8 p.m.; ... residents should stay indoors!!! More updates at 5:30."
    ),
    "science": (
        "Researchers at the university reported that the experimental vaccine produced "
        "antibodies in 94.6% of participants, according to a peer-reviewed study published "
        "Wednesday in the New England Journal of Medicine. The phase-three trial enrolled "
        "30,420 volunteers across 99 sites. Independent epidemiologists cautioned that the "
        "results, while encouraging, did not establish how long immunity would last."
    ),
    "multi_paragraph": (
        "WASHINGTON \u2014 The Supreme Court on Monday agreed to hear a challenge to the "
        "state's congressional map.\n\nThe case, Smith v. Jones, could reshape how courts "
        "evaluate claims of racial gerrymandering.\n\n\u201cThis is the most important "
        "voting-rights case in a decade,\u201d said Prof. Linda Park of Georgetown.\n\n"
        "Arguments are expected in October."
    ),
    "foreign_names": (
        "\u0130stanbul's mayor met \u00c9douard Philippe and Jos\u00e9 Mar\u00eda Aznar in "
        "Z\u00fcrich on Tuesday. The \u039f\u0394\u03a5\u03a3\u03a3\u0395\u03a5\u03a3 "
        "shipping group, na\u00efvely described as a start-up, reported a 12% rise in "
        "revenue; the caf\u00e9 owners' association welcomed the news. \u0130brahim "
        "Yilmaz, an \u0130raqi-born economist, disagreed."
    ),
    "short_fragments": "Fire. Rain. Floods. Then silence.",
    "interjections": (
        "\"Hmm,\" the witness said, pausing. \"Shh, listen.\" The courtroom fell "
        "quiet, and the judge said hmm before adjourning until Monday morning."
    ),
    "punctuation_only": "\u2014 ... !!! ?",
}

# More than 100 whitespace tokens, with punctuation-only tokens and short
# "sentences" around the 100th word, so Linsear Write (inside text_standard)
# must count sentences on the truncated prefix exactly as textstat does.
LINSEAR_TEXTS = {
    "linsear_truncation": (
        " ".join(["The mayor said the new park would open next spring."] * 9)
        + " \u2014 Yes. No. Maybe so. The end came later, after a long and expensive "
        "investigation by federal authorities. " * 3
    ),
    "exactly_100_words": " ".join(["word"] * 99) + " last. \u2014 \u2014 !",
}


@pytest.mark.parametrize("text", list(NEWS_TEXTS.values()), ids=list(NEWS_TEXTS))
def test_equals_textstat_on_news_paragraphs(text):
    assert_same_as_textstat(text)


@pytest.mark.parametrize("text", list(LINSEAR_TEXTS.values()), ids=list(LINSEAR_TEXTS))
def test_equals_textstat_on_linsear_edge_cases(text):
    assert len(text.split()) > 100
    assert_same_as_textstat(text)


def test_equals_textstat_on_all_paragraphs_joined():
    assert_same_as_textstat("\n\n".join(NEWS_TEXTS.values()))


# --- property test: random texts from real words, punctuation and numbers ---------

WORDS = (
    "the a an of to and in on for with said says will would could may might not is was "
    "were be been has have had it its they their we our you he she his her who which "
    "that this these those from by at as but or if than then about after before over "
    "under between during government president minister officials police court judge "
    "election campaign voters senator congress parliament economy inflation percent "
    "million billion dollars market investors company companies employees workers "
    "strike union hospital patients vaccine researchers university study evidence "
    "investigation allegations spokesperson statement interview reporters according "
    "approximately significantly unprecedented infrastructure administration "
    "responsibility international environmental constitutional representatives "
    "controversial opportunity communities neighborhood residents city state county "
    "Washington London Beijing Moscow Biden Trump Merkel Macron Ukraine Brussels "
    "Tuesday Wednesday January September Reuters NATO FBI EU UN CEO GDP "
    "eel queue rhythm strengths idea area poem create fire hour our "
    "xylophonic zqxv blorptastic floccinaucinihilipilification"
).split()
CONTRACTIONS = "don't can't won't isn't it's they're we've I'll she'd didn't DON'T O'Neill".split()
HYPHENATED = "well-known long-term state-owned re-election 7-2 two-year op-ed".split()
NUMBERS = "$1.2 3.5% 2024 1,000 12,000 0.75 42 9 a.m. $48 100%".split()
ABBREVIATIONS = "U.S. Dr. Mr. Mrs. St. Jan. Inc. U.N. H.R. vs.".split()
PUNCTUATION = [
    ".", ",", "!", "?", ";", ":", "...", "\u2014", "-", "(", ")", '"', "'",
    "\u201c", "\u201d", "\u2018", "\u2019", "?!", "!!!",
]
# "\u0130".lower() adds a combining dot that textstat strips on one code path
# (Gunning Fog) but not on the others; "hmm"/"shh" have zero CMUdict syllables.
NON_ASCII = [
    "caf\u00e9", "Z\u00fcrich", "\u0130stanbul", "\u0130brahim", "\u0130raqi", "na\u00efve",
    "\u039f\u0394\u03a5\u03a3\u03a3\u0395\u03a5\u03a3", "\u00c9DOUARD",
]
INTERJECTIONS = ["hmm", "Hmm", "shh", "mm"]
VOCABULARY = (
    WORDS + CONTRACTIONS + HYPHENATED + NUMBERS + ABBREVIATIONS + PUNCTUATION + NON_ASCII
    + INTERJECTIONS
)
SEPARATORS = [" ", " ", " ", " ", "", "\n", "\n\n", "  ", "\t"]

texts = st.lists(
    st.tuples(st.sampled_from(VOCABULARY), st.sampled_from(SEPARATORS)),
    min_size=1,
    max_size=260,
).map(lambda parts: "".join(token + sep for token, sep in parts))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_equals_textstat_on_random_texts(text):
    if not text.strip():  # cannot happen with non-empty tokens, but be explicit
        return
    assert_same_as_textstat(text)


# --- real articles, when the evaluation corpus is available ------------------------

POLNEAR_DEV = REPO.parent / "shared" / "eval" / "polnear" / "dev" / "text"


@pytest.mark.eval
@pytest.mark.skipif(not POLNEAR_DEV.is_dir(), reason="PolNeAR corpus not available")
def test_equals_textstat_on_polnear_dev_articles():
    paths = sorted(POLNEAR_DEV.glob("*.txt"))
    assert paths
    for path in paths:
        assert_same_as_textstat(path.read_text(encoding="utf-8"))


# --- API details ---------------------------------------------------------------------


def test_metric_names_and_order():
    assert READABILITY_METRICS == (
        "flesch_reading_ease",
        "flesch_kincaid_grade",
        "gunning_fog",
        "smog_index",
        "coleman_liau_index",
        "automated_readability_index",
        "dale_chall_readability_score",
        "text_standard",
    )


@pytest.mark.parametrize("body", ["", " ", "\n\t  \n", "\u00a0\u2003"])
def test_blank_text_gives_nan(body):
    scores = readability(body)
    assert tuple(scores) == READABILITY_METRICS
    assert all(math.isnan(v) for v in scores.values())


def test_rejects_non_string():
    with pytest.raises(TypeError):
        readability(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        readability(b"bytes are not text")  # type: ignore[arg-type]


def test_docstring_example():
    result = doctest.testmod(audit.readability, verbose=False)
    assert result.attempted > 0
    assert result.failed == 0


def test_textstat_version():
    """TEXTSTAT_VERSION names the release the values equal; the reference the tests compare with is that release."""
    assert TEXTSTAT_VERSION == importlib.metadata.version("textstat") == "0.7.8"


def test_no_module_of_the_package_imports_textstat_at_import_time():
    import ast

    for path in sorted((REPO / "audit").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:  # module level only: textstat_reference() imports it on call, for comparisons
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(name.split(".")[0] == "textstat" for name in names), f"{path.name} imports {names}"


def test_the_shipped_dale_chall_list_is_textstats_word_for_word():
    import hashlib

    text = (REPO / "audit" / "data" / "dale_chall_easy_words.txt").read_text(encoding="utf-8")
    words = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#")).rstrip("\n")
    provenance = (REPO / "audit" / "data" / "README.md").read_text(encoding="utf-8")
    assert hashlib.sha256(words.encode("utf-8")).hexdigest() in provenance
    from textstat.backend.utils import get_lang_easy_words  # the reference's own list, in the tests only

    assert audit.readability._easy_words() == get_lang_easy_words("en_US")


def test_the_hyphenation_fast_path_is_used_only_when_it_agrees_with_pyphen(monkeypatch):
    """pyphen documents positions(), not its pattern table: a table that disagrees sends every word to positions()."""
    readability_module = audit.readability
    assert readability_module._hyphenation() is not None  # today's pyphen: the fast path is on
    real_positions = readability_module._pyphen().positions
    readability_module._hyphenation.cache_clear()
    try:
        monkeypatch.setattr(readability_module._pyphen(), "positions", lambda word: real_positions(word) + [99])
        assert readability_module._hyphenation() is None
    finally:
        monkeypatch.undo()
        readability_module._hyphenation.cache_clear()
    assert readability_module._hyphenation() is not None


def test_works_offline_without_nltk_or_textstat(tmp_path):
    """readability stands on cmudict, pyphen and the shipped word list: textstat cannot even be imported here."""
    nltk_data = tmp_path / "nltk_data"
    home = tmp_path / "home"
    nltk_data.mkdir()
    home.mkdir()
    script = textwrap.dedent(
        """
        import socket

        def _no_network(*args, **kwargs):
            raise OSError("network access is disabled in this test")

        socket.socket.connect = _no_network
        socket.socket.connect_ex = _no_network
        socket.create_connection = _no_network

        import json, math, sys
        sys.modules["textstat"] = None  # any import of textstat now raises ImportError
        import audit
        from audit.readability import readability

        scores = readability(
            "The council approved the budget on Tuesday. Officials said the plan "
            "would raise taxes by 3.5% to pay for schools, roads and new buses."
        )
        assert all(math.isfinite(v) for v in scores.values()), scores
        assert "nltk" not in sys.modules
        assert sys.modules["textstat"] is None  # nothing imported it
        assert audit.audit_text("The mayor said the bridge would reopen in May.").versions["textstat"] == "0.7.8"
        print(json.dumps(scores))
        """
    )
    env = dict(os.environ, NLTK_DATA=str(nltk_data), HOME=str(home))
    proc = subprocess.run(
        [sys.executable, "-c", script],  # the interpreter running pytest: the venv's python
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    scores = json.loads(proc.stdout.strip().splitlines()[-1])
    assert list(scores) == list(READABILITY_METRICS)
    assert all(math.isfinite(v) for v in scores.values())
    assert list(nltk_data.iterdir()) == []  # nothing was downloaded


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCXYZ'’-.éüßİıǅ0123456789", max_size=30))
def test_hyphenation_points_equal_pyphen(word):
    """Words outside CMUdict get pyphen's hyphenation points + 1 syllables: our pruned scan must find the same points."""
    import pyphen

    reference = pyphen.Pyphen(lang="en_US", cache=False)
    assert audit.readability._hyphenation_points(word) == len(reference.positions(word))


@pytest.mark.parametrize("word", ["teterboro", "antitransgender", "shoutout", "nonanswer", "watchlist", "prerecession",
                                  "saudisponsored", "illadvised", "cubanamerican", "1061", "x", "", "straße",
                                  "counterintelligence", "supercalifragilistic", "hyphenation", "Pyphen"])
def test_hyphenation_points_equal_pyphen_on_words_outside_cmudict(word):
    import pyphen

    assert audit.readability._hyphenation_points(word) == len(pyphen.Pyphen(lang="en_US", cache=False).positions(word))
