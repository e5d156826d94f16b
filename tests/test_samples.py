"""The three sample issues of tests/data/samples, read in their archive: extra cases."""

from __future__ import annotations

import pytest

from letter_book.config import Config
from letter_book.convert.archive import Archive, read_archive
from letter_book.convert.dump import issue_json

from .conftest import SAMPLES


@pytest.fixture(scope="module")
def samples() -> dict[str, dict]:  # type: ignore[type-arg]
    archive: Archive = read_archive(SAMPLES, Config())
    assert archive.diagnostics == ()
    return {e.issue.source.path[:10]: issue_json(e.issue) for e in archive.entries}


def test_regular_issue(samples: dict[str, dict]) -> None:  # type: ignore[type-arg]
    issue = samples["2024-03-12"]
    assert (issue["number"], issue["title"], issue["author"]) == (
        112,
        "Le retour des trains de nuit",
        "Claire",
    )
    assert issue["subtitle"].endswith("vraie révolution des mobilités ?")
    assert [s["title"] for s in issue["sections"]] == [
        "🧭 Au programme", "🎯 Le sujet de la semaine", "🧐 Pour aller plus loin",
        "🤩 Nos coups de cœur", "💬 La citation",
    ]  # fmt: skip
    topic = issue["sections"][1]
    assert topic["topic"] == "les nuits sur les rails"
    assert [b["text"] for b in topic["blocks"] if b["type"] == "heading"] == [
        "D comme demande", "N comme numérique", "Et demain, que restera-t-il de cet engouement ?",
    ]  # fmt: skip
    [ingredients] = [b for b in issue["sections"][0]["blocks"] if b["type"] == "list"]
    assert len(ingredients["items"]) == 3
    [quote] = issue["sections"][4]["blocks"]
    assert quote["attribution"] == "Paul Théroux - Le Grand Bazar ferroviaire."
    links = [b for s in issue["sections"][2:4] for b in s["blocks"] if b["type"] == "list"]
    assert [len(b["links"]) for b in links] == [2, 2]
    assert len(issue["comments"]) == 2
    reasons = [d["reason"] for d in issue["dropped"]]
    assert reasons.count("boilerplate.pattern") == 6 and "author.bio" in reasons


def test_crlf_issue_with_markup(samples: dict[str, dict]) -> None:  # type: ignore[type-arg]
    issue = samples["2024-03-19"]
    assert (issue["number"], issue["source"]["newline"]) == (113, "CRLF")
    texts = [b.get("text") for s in issue["sections"] for b in s["blocks"]]
    assert "```{include} /etc/passwd" in texts
    assert any(t and "<b>réglages</b>" in t for t in texts)
    lists = [b for s in issue["sections"] for b in s["blocks"] if b["type"] == "list"]
    assert [(b["ordered"], len(b["items"])) for b in lists] == [(True, 3), (False, 3), (False, 1)]
    assert issue["comments"] == []


def test_special_issue_in_windows_1252(samples: dict[str, dict]) -> None:  # type: ignore[type-arg]
    issue = samples["2024-07-30"]
    assert (issue["number"], issue["author"], issue["source"]["encoding"]) == (
        None,
        "Claire",
        "cp1252",
    )
    assert issue["title"] == "Hors-série : nos lectures de l'été"
    assert [s["title"] for s in issue["sections"]] == [None]
