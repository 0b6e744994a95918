"""Label Studio: tasks with pre-annotations, and an export with an annotator's edits read back."""
from __future__ import annotations

import copy
import json

import pandas as pd
import pytest

from audit.validation import label_studio_config, read_label_studio, to_label_studio
from audit.validation.labelstudio import LABELS


def regions(task, kind="labels"):
    return [r for r in task["predictions"][0]["result"] if r["type"] == kind]


def test_tasks_carry_the_text_and_the_findings_as_labelled_spans(tmp_path, articles, results):
    path = tmp_path / "tasks.json"
    tasks = to_label_studio(articles, path, results=results)
    assert json.loads(path.read_text(encoding="utf-8")) == tasks
    ferry = tasks[0]
    assert ferry["data"]["article_id"] == "lh-01" and ferry["data"]["outlet"] == "Lakeshore Herald"
    labelled = regions(ferry)
    for region in labelled:
        value = region["value"]
        assert ferry["data"]["text"][value["start"]:value["end"]] == value["text"]
        assert value["labels"][0] in LABELS
    assert ["anonymous"] in [r["value"]["labels"] for r in labelled]
    official = {r["id"]: r["value"]["choices"] for r in regions(ferry, "choices")}
    authority = next(r for r in labelled if r["value"]["text"] == "the Harbor Transit Authority")
    assert official[authority["id"]] == ["official"]


def test_the_labelling_interface_names_every_label_the_tasks_use():
    config = label_studio_config()
    for label in LABELS:
        assert f'<Label value="{label}"' in config
    assert 'name="official"' in config and 'perRegion="true"' in config and 'value="$text"' in config


def export_with_edits(tasks):
    """What Label Studio exports after two people worked on the ferry story, one of them cancelling."""
    exported = copy.deepcopy(tasks)
    ferry = exported[0]
    text = ferry["data"]["text"]
    result = copy.deepcopy(ferry["predictions"][0]["result"])
    kept = []
    for item in result:
        value = item["value"]
        if value["text"] == "Critics" and item["from_name"] == "label":
            continue  # deleted: not a source
        if value["text"] == "speak":  # moved to the right words
            start = text.index("A deckhand")
            value.update(start=start, end=start + len("A deckhand who asked not to be named"),
                         text="A deckhand who asked not to be named")
        if value["text"] == "Carla Denning" and item["type"] == "choices":
            value["choices"] = ["official"]
        item.pop("origin", None)
        kept.append(item)
    start = text.index("the Ledger")
    kept.append({"id": "new1", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": start, "end": start + 10, "text": "the Ledger", "labels": ["named_organization"]}})
    ferry["id"] = 101
    ferry["annotations"] = [
        {"id": 1, "completed_by": {"id": 3, "email": "rosa@example.org"}, "was_cancelled": False, "result": kept},
        {"id": 2, "completed_by": 4, "was_cancelled": True, "result": []},
    ]
    library = exported[1]
    library["id"] = 102
    library["annotations"] = [{"id": 3, "completed_by": {"id": 3, "email": "rosa@example.org"},
                               "result": copy.deepcopy(library["predictions"][0]["result"])}]
    return exported


def test_an_export_with_edits_is_read_as_the_annotator_left_it(tmp_path, articles, results):
    tasks = to_label_studio(articles, results=results, kinds=["attribution", "hedge"])
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export_with_edits(tasks)), encoding="utf-8")
    annotations = read_label_studio(path, articles, kinds=["attribution", "hedge"])
    assert annotations.annotators == ("rosa@example.org",)  # the cancelled one is not an annotation
    assert annotations.articles == ("lh-01", "cv-02")
    ferry = annotations.spans[annotations.spans.article_id == "lh-01"].set_index("text")
    assert "Critics" not in ferry.index and "speak" not in ferry.index
    assert ferry.loc["A deckhand who asked not to be named", "source_type"] == "anonymous"
    assert ferry.loc["the Ledger", "source_type"] == "named_organization"
    assert pd.isna(ferry.loc["the Ledger", "official"])  # no choice made for the new region
    assert bool(ferry.loc["Carla Denning", "official"]) is True
    assert ferry.loc["may", "kind"] == "hedge"
    library = annotations.spans[annotations.spans.article_id == "cv-02"]
    assert len(library) == len([r for r in regions(tasks[1]) if r["value"]["labels"][0] != "claim"])


def test_offsets_count_utf16_units_as_label_studio_does():
    text = "Rents rose 🏠🏠 again, a tenant said. Prices may fall."
    article = pd.DataFrame({"id": ["e1"], "text": [text]})
    tasks = to_label_studio(article, kinds=["attribution", "hedge"])
    tenant = next(r for r in regions(tasks[0]) if r["value"]["text"] == "a tenant")
    assert tenant["value"]["start"] == text.index("a tenant") + 2  # two emoji, two extra UTF-16 units
    tasks[0]["annotations"] = [{"completed_by": 1, "result": tasks[0]["predictions"][0]["result"]}]
    spans = read_label_studio(tasks, article).spans
    assert set(spans.text) == {"a tenant", "may"}
    assert all(text[r.start:r.end] == r.text for r in spans.itertuples())


def test_a_bad_export_names_every_problem(articles, results):
    tasks = export_with_edits(to_label_studio(articles, results=results))
    tasks[0]["annotations"][0]["result"][0]["value"]["labels"] = ["rumour"]
    tasks[1]["data"]["article_id"] = "zz-99"
    tasks.append({"id": 103, "data": {"text": "no id"}})
    with pytest.raises(ValueError) as caught:
        read_label_studio(tasks, articles)
    message = str(caught.value)
    assert "3 problem(s), nothing was read" in message
    assert "label ['rumour'] is not one of" in message
    assert "article 'zz-99' is not in the sample" in message
    assert "task 103: no data.article_id" in message


def test_a_task_whose_text_changed_is_refused(articles, results):
    tasks = to_label_studio(articles, results=results, kinds=["hedge"])
    tasks[0]["data"]["text"] = tasks[0]["data"]["text"].replace("Ferry", "Bus")
    with pytest.raises(ValueError, match="text differs"):
        read_label_studio(tasks, articles)


def test_not_json_says_what_to_export(tmp_path):
    path = tmp_path / "export.json"
    path.write_text("id,text\n1,a\n", encoding="utf-8")
    with pytest.raises(ValueError, match="Export > JSON"):
        read_label_studio(path)
