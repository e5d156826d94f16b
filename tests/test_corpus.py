"""The evaluation corpus's builder (scripts/corpus.py) and scorer (scripts/evaluate.py), on
small hand-made inputs: nothing outside the repository is read."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from .conftest import ROOT


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        f"_corpus_{name}", ROOT / "scripts" / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


corpus = _script("corpus")
evaluate = _script("evaluate")

MARKDOWN = """---
title: "Issue 7: links"
date: 2024-01-02
---

Hello **readers**, see [the site](https://example.org/a) today.

## News

- [First link](https://example.org/1) - a tool
- Second item
  with a soft break

1. numbered one
2. numbered two

![a picture](pic.png)

> A quote
> on two lines

| a | b |
| --- | --- |
| c | d |

<figure><img src="x.png" alt="x"><figcaption>The caption</figcaption></figure>
"""


def test_markdown_copy_rules() -> None:
    page = corpus.markdown_page(MARKDOWN)
    assert corpus.copy(page).splitlines() == [
        "Issue 7: links",
        "Hello readers, see the site today.",
        "News",
        "First link - a tool",
        "Second item with a soft break",
        "numbered one",
        "numbered two",
        "A quote on two lines",
        "a",
        "b",
        "c",
        "d",
        "The caption",
    ]


def test_markdown_truth() -> None:
    truth = corpus.truth(corpus.markdown_page(MARKDOWN))
    assert truth["title"] == "Issue 7: links"
    assert truth["headings"] == [{"level": 2, "text": "News"}]
    assert truth["lists"] == [
        ["First link - a tool", "Second item with a soft break"],
        ["numbered one", "numbered two"],
    ]
    assert truth["captions"] == ["The caption"]
    assert truth["quotes"] == ["A quote on two lines"]
    assert [line["label"] for line in truth["lines"]][:4] == [
        "title",
        "paragraph",
        "heading",
        "item",
    ]


def test_markdown_title_from_the_first_h1_and_nested_lists() -> None:
    page = corpus.markdown_page("# The title\n\n### Part\n\n* outer\n  * inner\n* last\n")
    truth = corpus.truth(page)
    assert truth["title"] == "The title"
    assert truth["headings"] == [{"level": 3, "text": "Part"}]
    assert truth["lists"] == [["outer", "last"], ["inner"]]
    assert corpus.copy(page).splitlines() == ["The title", "Part", "outer", "inner", "last"]


def test_toml_front_matter() -> None:
    meta, body = corpus.split_front_matter('+++\ntitle = "This Month"\n+++\n\nText\n')
    assert corpus.meta_title(meta) == "This Month"
    assert body.strip() == "Text"


def test_pelican_front_matter() -> None:
    meta, body = corpus.split_front_matter("Title: #05 - Weekly\nDate: 2020-05-27\n\n# News\n")
    assert corpus.meta_title(meta) == "#05 - Weekly"
    assert body == "# News\n"


HTML = """<html><head><title>Lettre n°3</title></head><body>
<h1>Lettre n°3</h1>
<p>Bonjour <a href="https://example.org">à tous</a>,<br>bonne lecture.</p>
<h2>Liens</h2>
<ul><li><a href="https://a.example">Premier</a> lien</li><li>Second <img src="i.png"> lien</li></ul>
<figure><img src="p.jpg"><figcaption>Une légende</figcaption></figure>
<blockquote><p>Une citation</p></blockquote>
<table><tr><td>x</td><td>y</td></tr></table>
</body></html>"""


def test_html_copy_rules() -> None:
    page = corpus.html_page(HTML)
    assert corpus.copy(page).splitlines() == [
        "Lettre n°3",
        "Bonjour à tous,",
        "bonne lecture.",
        "Liens",
        "Premier lien",
        "Second lien",
        "Une légende",
        "Une citation",
        "x",
        "y",
    ]


def test_html_truth() -> None:
    truth = corpus.truth(corpus.html_page(HTML))
    assert truth["title"] == "Lettre n°3"
    assert truth["headings"] == [{"level": 2, "text": "Liens"}]
    assert truth["lists"] == [["Premier lien", "Second lien"]]
    assert truth["captions"] == ["Une légende"]
    assert truth["quotes"] == ["Une citation"]


def test_normalise() -> None:
    assert evaluate.normalise("L’été\u00a0 arrive 🎉\n ici\u202f!") == "L'été arrive ici !"
    assert evaluate.normalise("e\u0301") == "é"  # NFC
    assert evaluate.normalise("👍🏽 ok ❤️") == "ok"


def _truth(**parts: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"title": "T", "headings": [], "lists": [], "captions": [], "quotes": []}
    return base | parts


def test_scorer_counts() -> None:
    truth = _truth(
        headings=[{"level": 2, "text": "News"}, {"level": 2, "text": "Links"}],
        lists=[["a", "b"], ["c"]],
    )
    model = {
        "title": "T",
        "sections": [
            {"title": "T", "blocks": []},  # the title, found as a section: not counted
            {"title": "News", "blocks": [
                {"type": "heading", "text": "Extra", "level": 3},
                {"type": "list", "items": ["a", "b"]},
                {"type": "paragraph", "text": "c"},
            ]},
        ],
    }  # fmt: skip
    counts = evaluate.score_issue(truth, model)
    assert (counts["headings"].tp, counts["headings"].fp, counts["headings"].fn) == (1, 1, 1)
    assert counts["headings"].precision == 0.5 and counts["headings"].recall == 0.5
    assert counts["items"].precision == 1.0 and counts["items"].recall == pytest.approx(2 / 3)
    assert (counts["lists"].tp, counts["lists"].fn) == (1, 1)
    assert counts["titles"].tp == 1
    missing = evaluate.score_issue(truth, None)
    assert missing["items"].recall == 0.0 and missing["items"].precision is None


def test_a_quote_s_attribution_is_its_figure_s_caption() -> None:
    truth = _truth(captions=["—Tim Sneath on Twitter", "A photo"])
    quote = {"type": "quote", "text": "Fast.", "attribution": "Tim Sneath on Twitter"}
    model = {"title": "T", "sections": [{"title": "", "blocks": [quote]}]}
    captions = evaluate.score_issue(truth, model)["captions"]
    assert (captions.tp, captions.fp, captions.fn) == (1, 0, 1)


def test_pooled_scores_and_cross_validation(tmp_path: Path) -> None:
    for name in ("one", "two"):
        (tmp_path / name / "truth").mkdir(parents=True)
        data = _truth(lists=[["x", "y"]])
        (tmp_path / name / "truth" / "i.json").write_text(json.dumps(data), encoding="utf-8")
    seen: list[list[str]] = []

    def factory(training: list[str]) -> Any:
        seen.append(list(training))
        return lambda folder, language: {
            "i": {"title": "T", "sections": [{"title": None, "blocks": [
                {"type": "list", "items": ["x"] if folder.parent.name == "one" else ["x", "y"]},
            ]}]},
        }  # fmt: skip

    scores = evaluate.cross_validate(factory, ["one"], ["two"], build=tmp_path)
    assert seen == [["one"]] and scores.overall()["items"].recall == 1.0
    pooled = evaluate.leave_one_out(factory, ["one", "two"], build=tmp_path)
    assert seen[1:] == [["two"], ["one"]]
    assert pooled.overall()["items"].recall == 0.75
    with pytest.raises(ValueError):
        evaluate.cross_validate(factory, ["one"], ["one"], build=tmp_path)
    text = evaluate.report({"rules": pooled}, {"one": "en", "two": "fr"})
    assert "| **all** | 2 | 4 | 100.0 / 75.0 / 85.7 |" in text


def test_every_source_is_recorded_with_its_licence() -> None:
    record = corpus.load_record()
    folders = {p.name for p in corpus.SOURCES.iterdir() if p.is_dir()}
    assert {s["name"] for s in record} == folders
    for source in record:
        assert (corpus.SOURCES / source["licence_file"]).is_file()
        assert len(source["commit"]) == 40 and source["language"] in ("en", "fr")
        assert any(corpus.issues(corpus.SOURCES / source["name"]))
