"""The sourcing audit: every attribution in an article, who it comes from, and what kind of source that is.

An attribution ties a statement to a source through a cue ("said", "according to", "wrote"). The audit
reads the already segmented :class:`~audit.segment.Document` sentence by sentence, finds cues with one
compiled alternation built from ``audit/rules/attribution_cues.tsv``, and looks for the source in a
bounded window around each cue: before it ("Esper noted"), after it ("said Gen. Mark Milley"), behind an
appositive ("Milley, chairman of the Joint Chiefs, told") or at the head of the clause (", saying ...").
The source is then typed with the codebook journalism researchers use (named person, named organisation,
unnamed person, unnamed group, anonymous, document), its title split off, pronouns and bare surnames
resolved to earlier sources, and quotation paragraphs without a cue of their own handed to the last speaker.

Each stage is one module; :mod:`~audit.sources.pipeline` only orders them:

- :mod:`~audit.sources.cues`: the cues of a sentence, and words that only look like one;
- :mod:`~audit.sources.locate`: where the source of a cue stands;
- :mod:`~audit.sources.phrases` and :mod:`~audit.sources.words`: the little grammar that reads a source phrase;
- :mod:`~audit.sources.classify`: what kind of source it is (with :mod:`~audit.sources.memory`, what the
  article has said so far: surnames, pronouns, earlier statements);
- :mod:`~audit.sources.content`: what was said (the quotation, the statement's extent, continued quotations);
- :mod:`~audit.sources.channel`: how it reached the reporter;
- :mod:`~audit.sources.rules` and :mod:`~audit.sources.grammar`: the rule files and word lists they read;
- :mod:`~audit.sources.attribution`: the :class:`Attribution` record and the per-article metrics.

Every list of words lives in ``audit/rules/attribution_*.tsv``; each finding carries the id of the rule
that produced it (``Attribution.rule``), so a reader can ask why a source was called anonymous.

Example:
    >>> found = find_attributions("The bridge will reopen in May, Mayor Ana Ruiz said on Tuesday.")
    >>> [(a.source.text, a.source_name, a.source_type, a.official) for a in found]
    [('Mayor Ana Ruiz', 'Ana Ruiz', 'named_person', True)]
"""
from __future__ import annotations

from .attribution import CHANNELS, METRIC_KEYS, SOURCE_TYPES, Attribution, sourcing_metrics
from .memory import _NAME_PAIR  # noqa: F401 (tests read the private helpers here)
from .pipeline import attributions_in, find_attributions
from .rules import RULE_FILES, _rules  # noqa: F401
from .words import _Stretch, _last_boundary, _words, _words_near, _words_within  # noqa: F401

__all__ = ["Attribution", "SOURCE_TYPES", "CHANNELS", "METRIC_KEYS", "attributions_in", "find_attributions",
           "sourcing_metrics"]
