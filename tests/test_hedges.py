"""Hedges, weasels and boosters: the seed article, the news disambiguations, every lexicon row."""
from __future__ import annotations

import math

import pytest

from audit.config import AuditConfig
from audit.hedges import METRIC_KEYS, Cue, find_hedges, hedges_in, hedging_metrics
from audit.lexicon import load_rules
from audit.segment import segment

from conftest import line_of


def cues_of(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(c.text, c.kind) for c in find_hedges(text, **kwargs)]


def texts(text: str, kind: str | None = None) -> list[str]:
    return [c.text for c in find_hedges(text) if kind is None or c.kind == kind]


# --- the seed article -------------------------------------------------------------------------------


def test_seed_reporter_hedges_are_outside_quotes(seed_text):
    cues = find_hedges(seed_text)
    by_text = {(c.text, line_of(seed_text, c.start)): c for c in cues}
    for text, line in [("purportedly", 24), ("appeared to suggest", 24), ("reports Monday claiming", 22)]:
        cue = by_text[(text, line)]
        assert cue.kind == "hedge" and cue.in_quote is False and cue.in_title is False
    could = [c for c in cues if c.text == "could" and line_of(seed_text, c.start) == 32]
    assert len(could) == 1 and could[0].in_quote is False
    assert seed_text[could[0].start:could[0].start + len("could be hit")] == "could be hit"
    assert by_text[("purportedly", 24)].category == "distancing"


def test_seed_source_hedges_are_inside_esper_quote(seed_text):
    cues = [c for c in find_hedges(seed_text) if line_of(seed_text, c.start) == 16]
    think = [c for c in cues if c.text == "I think"]
    some = [c for c in cues if c.text == "some have categorized"]
    assert think and all(c.in_quote for c in think)
    assert len(some) == 1 and some[0].in_quote and some[0].kind == "weasel"


def test_seed_spans_index_the_text_and_stay_out_of_furniture(seed_text):
    doc = segment(seed_text)
    cues = hedges_in(doc, AuditConfig())
    assert cues, "the seed article is full of hedges"
    for cue in cues:
        assert seed_text[cue.start:cue.end] == cue.text
        assert doc.sentences[cue.sentence].start <= cue.start < doc.sentences[cue.sentence].end
    assert [c.start for c in cues] == sorted(c.start for c in cues)
    # "some American forces are being repositioned" counts forces, it does not invoke vague authority
    assert not any(c.kind == "weasel" and line_of(seed_text, c.start) == 14 for c in cues)


# --- disambiguation that matters in news -------------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "The new bus line opens in May.",
    "May 5 is the filing deadline.",
    "Early voting ran from late April through mid-May.",
    "Prime Minister Theresa May met the mayor on Friday.",
    "May said the talks would continue next week.",
])
def test_may_as_month_or_name_is_not_a_hedge(sentence):
    assert texts(sentence) == []


def test_may_as_modal_is_a_hedge():
    assert cues_of("Shares may fall when the market opens in May.") == [("may", "hedge")]


def test_headline_in_title_case_keeps_modal_may():
    cues = find_hedges("Storm May Hit Coast\n\nForecasters tracked the storm through Tuesday night.")
    assert [(c.text, c.in_title, c.sentence) for c in cues] == [("May", True, -1)]


@pytest.mark.parametrize("sentence", [
    "The council will vote on the budget Tuesday.",
    "The bridge will reopen next week, the county said.",
])
def test_will_as_plain_future_is_not_a_hedge(sentence):
    assert texts(sentence) == []


@pytest.mark.parametrize("sentence", [
    "The mayor could not be reached for comment.",
    "From the roof she could see the flames.",
    "Rescuers dug as fast as they could.",
    "When he was ten he could already fly a small plane.",
    "He couldn't afford the rent.",
])
def test_could_as_past_ability_is_not_a_hedge(sentence):
    assert texts(sentence) == []


def test_could_as_possibility_is_a_hedge():
    assert cues_of("The strike could spread to other ports.") == [("could", "hedge")]


def test_appeared_in_court_is_not_a_hedge_but_appeared_to_is():
    assert texts("The defendant appeared in court on Monday.") == []
    assert texts("The defendant appeared to be calm.") == ["appeared to"]


@pytest.mark.parametrize("sentence", [
    "Deputy editor Rhea Lund will assume Mr. Falkner's duties in January.",
    "She assumed her new post at the port authority last spring.",
    "The interim board will assume control of the water utility.",
    "Mayor Ortiz said Brenn is not fit to assume the highest office in the county.",
])
def test_assuming_a_role_is_taking_it_on_not_supposing(sentence):
    assert texts(sentence) == []


def test_assuming_that_something_is_so_is_still_a_hedge():
    assert texts("Planners assumed the levee would hold through the spring floods.") == ["assumed"]


def test_on_suspicion_of_is_the_grounds_of_an_arrest_not_a_doubt():
    assert texts("Police detained two teenagers on suspicion of arson at the boathouse.") == []
    assert texts("Residents voiced suspicions that the fire at the boathouse was set.") == ["suspicions"]


def test_insurance_claims_are_not_distancing():
    assert texts("Insurance claims rose sharply after the hail storm.") == []
    assert texts("Homeowners filed 3,000 claims last month.") == []
    assert cues_of("The company claimed that its filters removed the toxin.") == [("claimed that", "hedge")]


def test_some_with_a_number_is_an_approximator_not_a_weasel():
    cues = find_hedges("Some 50 people were evacuated from the block.")
    assert [(c.text, c.kind, c.category) for c in cues] == [("Some 50", "hedge", "approximator")]


@pytest.mark.parametrize("sentence", [
    "If the levee fails, the town would flood.",
    "The plant will close unless a buyer is found.",
    "Had the alarm sounded, the crew would have left.",
])
def test_conditionals_are_not_hedges(sentence):
    assert [c for c in find_hedges(sentence) if c.kind == "hedge"] == []


def test_weasel_with_named_critics_is_not_a_weasel():
    assert texts("Critics, including Sen. Ann Ruiz, argue that the bill is rushed.", "weasel") == []
    assert texts("Critics argue that the bill is rushed.", "weasel") == ["Critics argue"]


@pytest.mark.parametrize("sentence, cue", [
    ("Some say the stadium will never be built.", "Some say"),
    ("Critics argue that the plan favors developers.", "Critics argue"),
    ("It is believed that the ship sank in a storm.", "It is believed"),
    ("Experts warn that the dam is aging.", "Experts warn"),
    ("Many people think the tax is too high.", "Many people think"),
    ("It has been suggested that the fund was mismanaged.", "It has been suggested"),
    ("The coach is widely seen as a reformer.", "widely seen as"),
])
def test_issue_weasels(sentence, cue):
    weasels = texts(sentence, "weasel")
    assert len(weasels) == 1 and cue in weasels[0] or weasels[0] in cue, weasels


@pytest.mark.parametrize("sentence, category", [
    ("It is thought that the well is poisoned.", "passive_belief"),
    ("The senator is believed to favor the bill.", "passive_belief"),
    ("Many economists believe rates will fall.", "vague_belief"),
    ("It is said that the well is poisoned.", "passive_authority"),
    ("The senator is said to favor the bill.", "passive_authority"),
    ("Some sources said the deal was close.", "vague_authority"),
])
def test_weasels_of_belief_and_of_hearsay_are_told_apart(sentence, category):
    assert [c.category for c in find_hedges(sentence) if c.kind == "weasel"] == [category]


@pytest.mark.parametrize("sentence, cue", [
    ("Most scientists now accept the findings.", "Most scientists"),
    ("Some reports put the toll at forty.", "Some reports"),
    ("The bill has been criticized as costly.", "has been criticized"),
    ("The inlet is often called the jewel of the coast.", "is often called"),
    ("The plan was widely criticized as rushed.", "was widely criticized"),
])
def test_vague_groups_and_agentless_characterisations_are_weasels(sentence, cue):
    assert texts(sentence, "weasel") == [cue]


@pytest.mark.parametrize("sentence", [
    "Several scientists were laid off in March.",        # the group is acted on
    "Several hundred people were evacuated.",            # a count of people, not an authority
    "Many homes were flooded.",
    "The many critics of the plan were not invited.",    # people the story has already introduced
    "Many critics, including Sen. Ann Ruiz, dislike the plan.",
    "The stadium has been called a waste of money by Mayor Reyes.",  # the passive names who
])
def test_groups_acted_on_counted_or_named_are_not_weasels(sentence):
    assert texts(sentence, "weasel") == []


@pytest.mark.parametrize("sentence, cue, category", [
    ("Many longtime residents believe the plant should stay open.", "Many longtime residents believe", "vague_belief"),
    ("Some parents say the new start time is too early.", "Some parents say", "vague_authority"),
    ("Several shop owners complained that the detour hurt trade.", "Several shop owners complained that",
     "vague_authority"),
    ("The new bus routes were sharply criticized.", "were sharply criticized", "passive_authority"),
    ("As has been argued, the levy falls hardest on renters.", "has been argued", "passive_authority"),
    ("A link to the old mine has been suggested.", "has been suggested", "passive_belief"),
    ("Often described as the heart of the valley, the market draws crowds.", "Often described as",
     "passive_authority"),
    ("The levy is regarded by many as unfair.", "regarded by many", "passive_belief"),
    ("The law was described by some as a mistake.", "described by some", "passive_authority"),
    ("The widely assumed cause of the fire was faulty wiring.", "widely assumed", "passive_belief"),
    ("Opponents of the dam believe it will flood the valley.", "Opponents of the dam believe", "vague_belief"),
    ("Critics of the new tax argue that it hurts renters.", "Critics of the new tax argue", "vague_authority"),
    ("The plan has drawn sharp criticism.", "drawn sharp criticism", "vague_authority"),
    ("The remarks, criticized as careless, were withdrawn.", "criticized as", "passive_authority"),
    ("It is a well-known fact that the bridge needs repairs.", "It is a well-known fact that", "passive_authority"),
    ("The renowned chef opened a second restaurant downtown.", "renowned", "reputation"),
    ("The team's legendary coach retired on Friday.", "legendary", "reputation"),
    ("The album was praised by critics on release.", "praised by critics", "passive_authority"),
    ("The film was described by other reviewers as tender.", "described by other reviewers", "passive_authority"),
    ("Before the flood, many engineers thought the levee was safe.", "many engineers thought", "vague_belief"),
    ("Some styles that are today considered old-fashioned came back.", "are today considered", "passive_belief"),
])
def test_unsourced_groups_and_agentless_judgements_are_weasels(sentence, cue, category):
    assert [(c.text, c.category) for c in find_hedges(sentence) if c.kind == "weasel"] == [(cue, category)]


@pytest.mark.parametrize("sentence", [
    "Most stores held sales on Monday.",                      # a quantified group that acts, not an authority
    "Many teams called timeouts late in the game.",
    "Several hundred commuters were stranded.",
    "Some of the parents, including Ana Ruiz, say the start time is too early.",  # named
    "The verdict was disputed by the defense.",               # the passive names who
    "The ruling was criticized by Judge Alvarez.",
    "A vigil was held to remember the victims.",              # an event staged for a purpose
    "Supporters of the team held a rally outside the arena.",
    "The plan drew criticism from Mayor Reyes.",
    "The appeal was dismissed as untimely by Judge Ortiz.",
    "The mayor dismissed the report as a smear.",             # the speaker is named
    "Many fans thought about leaving early.",                 # thinking about, not a view
])
def test_groups_that_act_or_are_named_and_staged_events_are_not_weasels(sentence):
    assert texts(sentence, "weasel") == []


def test_held_to_be_is_still_a_view():
    assert texts("The rule is held to be unfair.", "weasel") == ["is held to"]


@pytest.mark.parametrize("sentence", [
    "Crews will reopen the road where possible.",
    "Officials are studying all possible options.",
    "The school will stay open if possible.",
])
def test_possible_as_a_matter_of_means_is_not_a_hedge(sentence):
    assert texts(sentence, "hedge") == []


@pytest.mark.parametrize("sentence, hedged", [
    ("A red light is used to indicate that the lane is closed.", False),   # marking, not inferring
    ("As indicated in the filing, the firm owes $2 million.", False),      # stating
    ("Early returns indicate a close race.", True),
    ("Polls had indicated a narrow win for the mayor.", True),
    ("Tests may indicate a leak in the main pipe.", True),
    ("The Harlow mill's accounts indicate that it lost money for years.", True),
    ("Senator Vale indicated she would vote against the bill.", True),     # a hint about what will happen
    ("The ceremony indicated the end of the mission in Tarsk.", False),    # signalled, marked
    ("The first digit indicates the year of the permit.", False),
    ("Several councillors have indicated a lack of patience with the contractor.", False),
])
def test_indicate_as_a_signal_is_not_a_hedge(sentence, hedged):
    assert bool(texts(sentence, "hedge")) == hedged


def test_counted_or_named_groups_are_not_weasels():
    assert texts("Two experts said the wall was sound.", "weasel") == []
    assert texts("The critics said the play ran long.", "weasel") == []


@pytest.mark.parametrize("sentence, cue", [
    ("The data clearly show a decline.", "clearly"),
    ("The storm was undoubtedly the worst in years.", "undoubtedly"),
    ("The cuts will certainly hurt schools.", "certainly"),
    ("There is no doubt the levee held.", "There is no doubt"),
    ("The receipt proves that he was in town.", "proves that"),
    ("The plant will definitely close.", "definitely"),
])
def test_issue_boosters(sentence, cue):
    assert cues_of(sentence) == [(cue, "booster")]


def test_negated_or_manner_boosters_are_not_boosters():
    assert texts("The map does not clearly mark the border.", "booster") == []
    assert texts("The exits were clearly marked.", "booster") == []


def test_almost_certainly_is_a_hedge_not_a_booster():
    assert cues_of("The ship is almost certainly lost.") == [("almost certainly", "hedge")]


# --- what news hedging looks like: forecasts, beliefs, rejected hedges, modals that are not doubt ---------


def kinds_of(text: str) -> list[tuple[str, str, str]]:
    return [(c.text, c.kind, c.category) for c in find_hedges(text)]


@pytest.mark.parametrize("sentence, cue", [
    # a named forecaster: the statement about the future is someone's expectation, so a hedge
    ("The Harbor Bank expects profits to fall this year.", ("expects", "hedge", "forecast")),
    ("Dunmore Foods anticipates a drop in orders after the holidays.", ("anticipates", "hedge", "forecast")),
    ("The port authority forecasts record traffic next summer.", ("forecasts", "hedge", "forecast")),
    ("The county projects that enrolment will shrink by 2030.", ("projects", "hedge", "forecast")),
    ("Coach Ferris predicted a close game.", ("predicted", "hedge", "forecast")),
    ("Shares of Velcor rose in anticipation of a buyout.", ("in anticipation of", "hedge", "forecast")),
    # nobody named: the reader cannot tell whose forecast it is, so a weasel
    ("The new bridge is expected to open in March.", ("is expected", "weasel", "passive_forecast")),
    ("The sale is expected in December.", ("is expected", "weasel", "passive_forecast")),
    ("It is widely expected that the council will raise fares.", ("It is widely expected that", "weasel",
                                                                 "passive_forecast")),
    ("The widely anticipated merger collapsed.", ("widely anticipated", "weasel", "passive_forecast")),
    ("Many analysts expect the fund to close.", ("Many analysts expect", "weasel", "vague_forecast")),
    ("Economists predict a mild recession.", ("Economists predict", "weasel", "vague_forecast")),
])
def test_forecasts_are_hedges_when_someone_is_named_and_weasels_when_nobody_is(sentence, cue):
    assert kinds_of(sentence) == [cue]


@pytest.mark.parametrize("sentence", [
    "Sales at Orrin Mills grew faster than expected.",
    "Turnout was higher than analysts had predicted.",
    "As expected, the board named Lina Ortiz chair.",
    "The sale was expected.",                    # an outcome that surprised nobody, not a forecast
    "The city's building projects ran late.",    # the noun
    "Forecasting demand is hard for small shops.",
    "The 12,000 jobs forecast by economists did not appear.",
    "Orrin Mills posted better-than-forecast profits.",   # hyphenated comparison: measured against a forecast
    "The levy raised worse-than-predicted sums.",
])
def test_measured_against_a_forecast_or_a_noun_is_not_a_forecast(sentence):
    assert [c for c in find_hedges(sentence) if c.category.endswith("forecast")] == []


@pytest.mark.parametrize("sentence, cue", [
    ("Detective Ames believes the fire was set.", "believes"),
    ("The mayor thinks the budget is too tight.", "thinks"),
    ("Okafor feels it was the right call.", "feels"),
    ("The union sees it as a betrayal.", "sees it as"),
    ("Growers see the new tariff as a threat.", "see the new tariff as a"),
    ("The board considers it a fair offer.", "considers it a"),
    ("The coroner considers that the death was accidental.", "considers that"),
    ("Lenders were left with the impression that the loan was safe.", "impression that"),
])
def test_beliefs_in_reported_speech_are_hedges(sentence, cue):
    assert kinds_of(sentence) == [(cue, "hedge", "belief")]


@pytest.mark.parametrize("sentence", [
    "Voters in Linden believe in public schools.",     # conviction, not a view on a claim
    "The question is who the jurors will believe.",    # trust
    "Nobody believes it any more.",
    "Fans could not believe the score.",                # astonishment
    "Not all villagers believe, but the priest invited everyone.",   # faith: believe with nothing believed
    "The museum considers the loan today.",             # deliberation
])
def test_believe_of_trust_or_astonishment_is_not_a_hedge(sentence):
    assert [c for c in find_hedges(sentence) if c.category == "belief"] == []


def test_believe_but_cannot_prove_is_still_a_belief():
    assert kinds_of("Investigators believe, but cannot prove, that the fire was set.") == [
        ("believe", "hedge", "belief")]


def test_a_negated_belief_is_still_a_belief():
    assert kinds_of("Hale said she did not believe he was serious.") == [("believe", "hedge", "belief")]


@pytest.mark.parametrize("sentence", [
    "It was wholly wrong to suggest that the council hid the report.",
    "It is false to claim that the clinic turned patients away.",
    "The club dismissed the reports as speculation.",
    "The minister denied rumors that she would resign.",
    "Police rejected claims that the march was banned.",
    "The insurer brushed aside speculation about a sale.",
    "There is no evidence that the ballots were altered.",
    "The club downplayed speculation about a sale.",
    "The minister ruled out rumors of an early vote.",
    "Officials dispelled rumours that the Kell bridge would close.",
    "The mayor shot down speculation that she would run again.",
])
def test_a_rejected_hedge_is_not_a_hedge(sentence):
    assert find_hedges(sentence) == []


@pytest.mark.parametrize("sentence, cue", [
    ("Reports suggest that the council hid the report.", "suggest"),
    ("Rumors that the minister would resign swept the capital.", "Rumors"),
    ("There is little evidence that the ballots were altered.", "little evidence"),
    ("There is no guarantee the plant will reopen.", "no guarantee"),
])
def test_the_same_hedges_unrejected_still_count(sentence, cue):
    assert [c.text for c in find_hedges(sentence)] == [cue]


def test_that_should_help_is_an_expectation():
    assert [(c.text, c.category) for c in find_hedges("Corvel said that should help it save $5 million a year.")] == [
        ("that should help", "modal")]


@pytest.mark.parametrize("sentence", [
    "The Ruiz campaign is already claiming victory in the north.",
    "A group claiming allegiance to the rebels set fire to the depot.",
    "Lund won the primary, claiming the nomination outright.",
    "The flood, claiming the lives of six people, struck at night.",
    "Families are claiming refunds for the cancelled trips.",
])
def test_claiming_a_thing_is_taking_it_not_asserting(sentence):
    assert [c for c in find_hedges(sentence) if c.category == "distancing"] == []


@pytest.mark.parametrize("sentence, cue", [
    ("Posts claiming fraud spread quickly.", "claiming"),
    ("The builder sued, claiming the council had broken the contract.", "claiming"),
])
def test_claiming_that_something_is_so_is_distancing(sentence, cue):
    assert [c.text for c in find_hedges(sentence)] == [cue]


@pytest.mark.parametrize("sentence, cue", [
    ("Police suspect a link between the two fires.", "suspect"),
    ("The police suspect foul play in the death of the ferry captain.", "suspect"),
    ("Investigators also suspect that the alarm was switched off.", "suspect that"),
])
def test_suspect_as_a_verb_of_belief_is_a_hedge(sentence, cue):
    assert [c.text for c in find_hedges(sentence) if c.kind == "hedge"] == [cue]


@pytest.mark.parametrize("sentence", [
    "The suspect he described was never found.",
    "Two suspects they named in court fled to Vellor.",
    "The suspects were arrested on Monday.",
    "Among likely voters, Ruiz leads by four points.",           # a polling category
    "Likely Republican voters favour the levy.",
    "The port agency is not known for its candour.",              # a reputation denied
])
def test_nouns_and_categories_that_look_like_hedges_are_not(sentence):
    assert [c for c in find_hedges(sentence) if c.kind == "hedge"] == []


@pytest.mark.parametrize("sentence", [
    '"I feel good about our chances in Tarrow," she said.',          # a feeling, not a view on a claim
    '"I feel strongly about this," the mayor said.',
    '"I hope they settle soon," Okafor said.',                       # a wish
    '"I understand their anger," the chief said.',                   # acknowledging
])
def test_first_person_feelings_wishes_and_sympathy_are_not_hedges(sentence):
    assert [c for c in find_hedges(sentence) if c.kind == "hedge"] == []


@pytest.mark.parametrize("sentence, cue", [
    ('"I feel it was the right call," Okafor said.', "I feel"),
    ('"We suspect the pump failed," the engineer said.', "We suspect"),
    ('"I guess the price will hold," she said.', "I guess"),
    ('"I understand her lead is slipping," the strategist said.', "I understand"),   # hearsay, not sympathy
    ("As I understand it, the gate opens at noon.", "As I understand it"),
])
def test_first_person_beliefs_are_hedges(sentence, cue):
    assert [c.text for c in find_hedges(sentence)] == [cue]


@pytest.mark.parametrize("sentence, hedged", [
    ("A levy on land speculation funds the new parks in Orvel.", False),   # trading, not guessing
    ("The tax is aimed at Wall Street speculation.", False),
    ("Okafor made his fortune speculating in land.", False),
    ("The pension fund holds speculative-grade bonds.", False),
    ("Speculation that the mayor will resign grew on Friday.", True),
    ("Traders speculated about a rate cut.", True),
    ("The link between the two fires remains speculative.", True),
])
def test_speculation_as_trading_is_not_a_hedge(sentence, hedged):
    assert bool([c for c in find_hedges(sentence) if c.kind == "hedge"]) == hedged


@pytest.mark.parametrize("sentence, hedged", [
    ("The Brennan school teaches critical thinking.", False),               # the noun: a way of reasoning
    ("Aides described the senator's thinking on the levy.", False),
    ("The thinking behind the plan was never explained.", False),
    ("Voters are thinking the levy will pass.", True),
    ("The board is still thinking that the offer is too low.", True),
])
def test_thinking_as_a_noun_is_not_a_hedge(sentence, hedged):
    assert bool([c for c in find_hedges(sentence) if c.kind == "hedge"]) == hedged


@pytest.mark.parametrize("sentence", [
    "Many residents believe in public transit.",              # an attitude to a thing, not a claim
    "What voters think of the mayor will decide the race.",
    "The anger that fans feel about the club is real.",
    "The two rivals share some views on schools.",           # a noun after "some", not the verb
])
def test_vague_groups_with_an_attitude_or_a_noun_are_not_weasels(sentence):
    assert [c for c in find_hedges(sentence) if c.kind == "weasel"] == []


def test_a_parenthetical_vague_belief_is_still_a_weasel():
    assert [c.text for c in find_hedges("Ruiz would be hard to stop, many strategists think.")] == [
        "many strategists think"]


def test_not_known_for_certain_is_still_a_hedge():
    assert [c.text for c in find_hedges("The cause of the fire is not known for certain.")] == ["not known"]


@pytest.mark.parametrize("sentence", [
    "As a girl she could swim across the lake.",                 # past ability
    "The mayor could not be reached for comment.",
    "Neither the owner nor his lawyer could be reached on Sunday.",
    "The builder could  n't   be  reached.",                      # text split into tokens
    "Residents can apply for the grant online.",                 # permission
    "The council should publish the audit.",                     # obligation
    "Visitors may not park on the lawn during the fair.",         # prohibition
    "Under the new rules, council members may not accept gifts.",
    "Under the lease, tenants may keep one cat.",
    "The festival starts in May.",
    "Nobody could explain why the alarm at the Delmar depot failed.",   # an ability denied, like "could not"
    "Little could be done to save the old barn.",
    "No buyer could be found for the ferry.",
])
def test_modals_that_are_not_uncertainty(sentence):
    assert [c for c in find_hedges(sentence) if c.category == "modal"] == []


@pytest.mark.parametrize("sentence, cue", [
    ("The merger may not survive the review.", "may"),
    ("Residents may face higher bills next year.", "may"),
    ("The repairs should be finished by June.", "should be finished"),
    ("The rate cut should ease pressure on borrowers.", "should ease"),
    ("The strike could spread to other ports.", "could"),
    ("The new kiln should increase output by a fifth.", "should increase"),   # an expectation about a quantity
    ("Prices should fall once the harvest is in.", "should fall"),
    ("Nobody knows if the strike could spread.", "could"),                 # "nobody" is not the subject of could
])
def test_modals_of_possibility_and_expectation_are_hedges(sentence, cue):
    assert [(c.text, c.category) for c in find_hedges(sentence)] == [(cue, "modal")]


def test_approximators_are_their_own_category_and_stay_out_of_hedge_rates():
    cues = find_hedges("Some 40 families left the valley, and the river may rise again.")
    assert [(c.text, c.category) for c in cues] == [("Some 40", "approximator"), ("may", "modal")]
    assert hedging_metrics(cues, words_reporter=13, words_quoted=0)["hedges"] == 1
    with_them = hedging_metrics(cues, words_reporter=13, words_quoted=0, approximators=True)
    assert with_them["hedges"] == 2 and with_them["hedges_per_100_words_reporter"] == pytest.approx(200 / 13)


# --- every lexicon row fires on its own example -------------------------------------------------------


def _rows(name):
    return [(name, r["id"], r["example"]) for r in load_rules(name)]


@pytest.mark.parametrize("name, rule, example", [
    *_rows("hedge_cues.tsv"), *_rows("hedge_weasels.tsv"), *_rows("hedge_boosters.tsv")])
def test_every_lexicon_row_finds_its_example(name, rule, example):
    assert rule in [c.rule for c in find_hedges(example)]


@pytest.mark.parametrize("rule, cues, example", [
    (r["id"], r["cues"], r["example"]) for r in load_rules("hedge_contexts.tsv")])
def test_every_negative_context_sets_aside_its_example(rule, cues, example):
    selectors = [s.strip() for s in cues.split(",")]
    found = [c.rule for c in find_hedges(example)]
    assert not any(f == s or (s.endswith("*") and f.startswith(s[:-1])) for f in found for s in selectors), found


# --- API ------------------------------------------------------------------------------------------------


def test_cue_is_frozen_and_serialisable():
    cue = find_hedges("The minister reportedly resigned.")[0]
    assert isinstance(cue, Cue)
    with pytest.raises(AttributeError):
        cue.kind = "booster"
    assert cue.to_dict() == {"start": 13, "end": 23, "text": "reportedly", "kind": "hedge", "category": "distancing",
                             "in_quote": False, "sentence": 0, "in_title": False, "rule": "hedge.distancing.reportedly"}


@pytest.mark.parametrize("bad", [None, b"may", 3])
def test_find_hedges_needs_a_str(bad):
    with pytest.raises(TypeError):
        find_hedges(bad)


def test_quotes_split_source_hedges_from_reporter_hedges():
    text = 'The mayor said the bridge may reopen. "I think it could take a year," she said.'
    assert [(c.text, c.in_quote) for c in find_hedges(text)] == [("may", False), ("I think", True), ("could", True)]


def test_headline_given_apart_from_the_text_indexes_the_title():
    title = "Talks Could Collapse, Officials Fear"
    cues = find_hedges("Negotiators met for a third day.", title=title)
    assert [(c.text, c.in_title, c.sentence) for c in cues] == [("Could", True, -1)]
    assert title[cues[0].start:cues[0].end] == "Could"


def test_rules_dir_overlay_adds_a_hedge(tmp_path):
    (tmp_path / "hedge_cues.tsv").write_text(
        "id\tcategory\tpattern\texample\nclass.hedge.ish\tapproximator\t\\d+ish\tWe met at 5ish.\n", encoding="utf-8")
    config = AuditConfig(rules_dir=str(tmp_path))
    assert [c.rule for c in find_hedges("We met at 5ish.", config=config)] == ["class.hedge.ish"]
    assert find_hedges("We met at 5ish.") == []


def test_overlay_with_upper_case_pattern_is_refused(tmp_path):
    (tmp_path / "hedge_cues.tsv").write_text(
        "id\tcategory\tpattern\texample\nclass.bad\tmodal\tMaybe\tMaybe.\n", encoding="utf-8")
    with pytest.raises(ValueError, match="lower case"):
        find_hedges("Maybe.", config=AuditConfig(rules_dir=str(tmp_path)))


# --- metrics -----------------------------------------------------------------------------------------


def test_metrics_split_voices_and_leave_out_the_headline():
    cues = find_hedges('Prices may rise, critics say. "It could be worse," she said. It clearly is.',
                       title="Prices Might Rise")
    metrics = hedging_metrics(cues, words_reporter=10, words_quoted=4)
    assert tuple(metrics) == METRIC_KEYS
    assert metrics["hedges"] == 2 and metrics["hedges_reporter"] == 1 and metrics["hedges_quoted"] == 1
    assert metrics["hedges_per_100_words_reporter"] == 10.0
    assert metrics["hedges_per_100_words_quoted"] == 25.0
    assert metrics["weasels"] == 1 and metrics["boosters"] == 1
    assert metrics["weasels_per_100_words"] == pytest.approx(100 / 14)


def test_metrics_with_no_words_are_nan_not_zero():
    metrics = hedging_metrics([], words_reporter=0, words_quoted=0)
    assert metrics["hedges"] == 0
    assert all(math.isnan(metrics[k]) for k in METRIC_KEYS if "per_100" in k)


# --- known failures stay known -----------------------------------------------------------------------


def _known_failures():
    import csv
    from pathlib import Path

    path = Path(__file__).parent / "known_failures" / "hedges.tsv"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.mark.parametrize("row", _known_failures(), ids=lambda r: r["id"])
def test_known_failure_still_behaves_as_recorded(row):
    found = [c.text for c in find_hedges(row["sentence"], title=row["title"] or None)]
    recorded = [part.split('"')[1] for part in row["found"].split(";") if '"' in part]
    assert found == recorded, f"{row['id']} changed: update tests/known_failures/hedges.tsv"
