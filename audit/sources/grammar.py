"""The little grammar's word lists: determiners, prepositions by role, heads that take "to" or "with", and word tests."""
from __future__ import annotations

import re

_FUNCTION = frozenset("""is are was were be been being has have had do does did will would can could may might should
must shall also not never from by to with about against into over under than after before during through without
within between among toward towards upon like unlike across around there here which who whom that what when where why
how then so just even only if as at on in for of and or but nor yet because since while although though""".split())


# Words between a source and its cue that belong to neither ("Esper also said Monday").
_SKIP_BEFORE_CUE = frozenset("""also has have had previously later earlier then once again recently repeatedly publicly
privately reportedly separately similarly simply further finally first initially subsequently quickly immediately
frequently often always never not n't did does do would will could can may might should must shall is are was were been
be just even only still already now today yesterday tonight last this next early late on in at monday tuesday wednesday
thursday friday saturday sunday week month year morning afternoon evening night weekend openly flatly bluntly angrily
sharply quietly proudly loudly firmly calmly directly ultimately clearly explicitly specifically emphatically
correctly falsely wrongly rightly famously memorably infamously has've more less most slightly much far yet since even""".split())

_VERB_BEFORE_TO = frozenset("""declined refused went continued wanted wants want seemed seems seem appeared appears appear
tried tries try needs need has have had got going went began begins begin expected is are was were able unable
likely unlikely set ready willing quick prepared decided plans plan planned hopes hoped agreed chose went
threatened promised vowed asked urged pressed going on wants""".split())

_DETERMINERS = frozenset("the a an this that these those his her its their our my your some many several one two three "
                         "four five six seven eight nine ten other another each every both few most all no".split())

_QUANTIFIERS = frozenset("some many several others both most few all".split())

_ARTICLES = frozenset("the a an this that these those his her its their our my your each every no".split())

_OPENERS = frozenset("but and so yet still however meanwhile also then now later earlier instead indeed moreover "
                     "separately similarly thus or nor plus".split())

_SUBORDINATE = frozenset("following after before when while as although though if since because despite in on at "
                         "during asked speaking writing responding amid with without under unlike like by for "
                         "according upon given".split())

_PREP_IN_NP = frozenset({"of", "for", "in", "at", "from", "on", "with"})

_ACRONYM = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]{2,}(?:[’']?s)?")

_SUFFIX = frozenset({"Jr.", "Sr.", "II", "III", "IV", "Jr", "Sr"})

_GENDER_WORDS = {"mr.": "m", "mrs.": "f", "ms.": "f", "mr": "m", "mrs": "f", "ms": "f", "spokesman": "m", "spokeswoman": "f", "congressman": "m",
                 "congresswoman": "f", "chairman": "m", "chairwoman": "f", "councilman": "m", "councilwoman": "f"}

_BE = frozenset("is are was were be been being am".split())

_POSSESSIVE = re.compile(r"[’']s?$")

_PARTY_TAG = re.compile(r"[DRI]-[A-Z][\w.]*|\([DRI]-[A-Z][\w.]*\)")

_SUBJECT_PRONOUNS = frozenset("he she they I we it He She They We It".split())

_MONTHS = frozenset("january february march april may june july august september october november december jan. feb. "
                    "mar. apr. jun. jul. aug. sept. sep. oct. nov. dec.".split())


# Nouns that end like adverbs: "some at the rally said" must keep "rally".
_LY_NOUNS = frozenset("rally family assembly supply monopoly anomaly bully reply ally homily".split())

_REACHED_BY_REPORTER = frozenset("interviewed surveyed polled contacted reached questioned".split())


# "involved in", "familiar with", "close to": the words that describe an unnamed source by its access.
_LINK_ADJECTIVES = frozenset("involved familiar briefed close knowledgeable privy present".split())

_LINK_PREPOSITIONS = frozenset("in with on to about at".split())


# Endings of nouns for people by what they do or hold ("hawks" aside): "organizers", "economists", "politicians".
_AGENT_ENDINGS = ("ers", "ors", "ists", "ians", "ants", "ents", "ees")


def _agentive(word: str) -> bool:
    """A plural noun for people by what they do ("organizers", "residents"), not "comments" or "statements"."""
    return word.endswith(_AGENT_ENDINGS) and not word.endswith("ments")


# People described by what they have ("tenants with eviction notices", "those with knowledge of").
_WITH_HEADS = frozenset("people those officials sources witnesses residents voters someone tenants workers students "
                        "members families patients parents anyone one person".split())


# Roles held towards someone: "an aide to the senator", "an adviser to the campaign".
_TO_HEADS = frozenset("aide aides adviser advisers advisor advisors assistant assistants consultant consultants "
                      "counselor counselors spokesman spokeswoman spokesperson ambassador heir successor".split())

_INNER_PREPOSITIONS = frozenset("in at during on after before from with for".split())

_MODIFIER_PREPOSITIONS = frozenset("in by against on at for from with near about over to since during outside "
                                   "inside across".split())


# Past participles that commonly hang a phrase on a noun ("a lawsuit filed against", "a poll conducted in").
_MODIFIER_PARTICIPLES = frozenset("released published filed conducted compiled obtained issued commissioned prepared "
                                  "sponsored funded posted signed submitted reviewed credited cited quoted interviewed "
                                  "polled surveyed arrested charged accused detained evicted displaced affected elected "
                                  "appointed hired employed based gathered named identified involved dated leaked "
                                  "addressed delivered introduced unveiled drafted authored produced aired broadcast "
                                  "uploaded shared circulated distributed presented".split())

_IRREGULAR_PARTICIPLES = frozenset("written seen taken given chosen shown drawn held sent made led paid brought "
                                   "kept left known done run".split())


# -ing nouns that are not participles ("At the hearing Smith said").
_ING_NOUNS = frozenset("morning evening meeting hearing building briefing spring king thing something anything nothing "
                       "everything wedding ruling funding training housing spending timing opening offering ceiling "
                       "feeling setting reading during according including regarding following evening".split())

_NAME_MODIFIERS = frozenset("former state federal then late top senior chief deputy acting interim longtime veteran "
                            "fellow rival incumbent freshman junior republican democratic conservative liberal "
                            "independent billionaire businessman businesswoman entrepreneur author".split())

_ISSUING = frozenset("issued released sent posted published put".split())

_ISSUED = frozenset("statement release letter post message".split())

_POLL_WORDS = frozenset(("poll", "polls", "survey", "surveys"))

_ANAPHORIC = frozenset(("the", "that", "this", "these", "those", "its"))

_PLACE_PREPOSITIONS = frozenset("in at on near along across around from throughout outside inside".split())
