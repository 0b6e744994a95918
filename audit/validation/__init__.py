"""Validate the audit on your own corpus: sample, annotate, measure agreement, correct the shares.

The workflow a researcher follows before publishing "outlet A relies on anonymous sources twice as
often as outlet B", and a class follows in small:

1. :func:`sample`: a stratified, reproducible sample of articles to annotate.
2. :func:`export_sheet` (CSV, or XLSX with the ``xlsx`` extra) or :func:`to_label_studio`: the tool's
   findings pre-filled, for a person to confirm, correct, or add what the tool missed.
3. :func:`read_sheet` / :func:`read_label_studio`: the filled-in annotations back, every row checked.
4. :func:`agreement`: precision, recall and F1 per kind and source type with bootstrap intervals
   over articles, Cohen's kappa on source types, a confusion table.
5. :func:`corrected`: a corpus share corrected for the measured errors (Rogan-Gladen, extended to
   missed and spurious attributions), with an interval that includes the validation's own
   uncertainty; refused when the validation sample is too small.
6. :func:`read_class` (the JSONL of ``data/classroom/``) or :func:`combine` (each student's filled-in
   sheet) and :func:`compare_class`: several students' annotations of one article against the tool and
   each other (Krippendorff's alpha), and the spans they disagree on.

Example:
    >>> import pandas as pd
    >>> from audit import validation
    >>> corpus = pd.DataFrame({"id": ["n1", "n2"], "outlet": ["A", "B"],
    ...                        "text": ["Prices may rise, a trader said.", "The mayor said no."]})
    >>> picked = validation.sample(corpus, 2, by="outlet", seed=0)
    >>> sheet = validation.export_sheet(picked, kinds=["attribution", "hedge"], blank_rows=0)
    >>> sheet["verdict"] = "yes"
    >>> result = validation.agreement(validation.audit_articles(picked), validation.read_sheet(sheet, picked))
    >>> result.table.loc[result.table.label == "all", ["kind", "precision", "recall"]].values.tolist()
    [['attribution', 1.0, 1.0], ['hedge', 1.0, 1.0]]
"""
from .agreement import Agreement, agreement, cohen_kappa, prf
from .classroom import ClassComparison, combine, compare_class, krippendorff_alpha, read_class
from .correction import corrected
from .labelstudio import label_studio_config, read_label_studio, to_label_studio
from .sampling import sample
from .sheet import SHEET_COLUMNS, audit_articles, export_sheet, make_sheet, read_sheet, write_sheet
from .units import KINDS, Annotations, locate, match, tool_findings

__all__ = [
    "Agreement",
    "Annotations",
    "ClassComparison",
    "KINDS",
    "SHEET_COLUMNS",
    "agreement",
    "audit_articles",
    "cohen_kappa",
    "combine",
    "compare_class",
    "corrected",
    "export_sheet",
    "krippendorff_alpha",
    "label_studio_config",
    "locate",
    "make_sheet",
    "match",
    "prf",
    "read_class",
    "read_label_studio",
    "read_sheet",
    "sample",
    "to_label_studio",
    "tool_findings",
    "write_sheet",
]
