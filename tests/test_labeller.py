"""The plain-text reader's line labeller (readers/labeller.py): structure the rules miss
recovered, the rules' reading kept where the writer marked it, the same model from the
same corpus."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from letter_book.config import Config, ConfigError, parse_config
from letter_book.convert.archive import read_archive
from letter_book.convert.dump import issue_json
from letter_book.readers import cues, labeller, plaintext
from letter_book.readers.base import ReadContext

from .conftest import ARCHIVE, ROOT

# A French "veille" copied from its web page: section names alone on their lines, each
# followed by links written as sentences, one a line; no bullet, source or address left.
VEILLE = """Veille du mois de mai
Le plus difficile dans la rédaction d'une lettre, c'est le tri du contenu. Bonne lecture !
Logiciels
RadioDroid, une application libre pour écouter des radios du monde entier
Geometric Weather, une application météo pour Android
Fairphone, un téléphone plus libre que les autres
Un site internet qui va vous permettre de vérifier si votre PC peut lancer un jeu vidéo
Transports
Paris va dépenser 70 millions d'euros pour pérenniser les coronapistes
Le trottoir vaut de l'or
Tutoriel pour flouter sa maison sur Google Street View
"""


def _read(text: str, reader: str, roles: dict[int, str] | None = None) -> dict[str, Any]:
    config = Config(structure=replace(Config().structure, reader=reader))
    issue = plaintext.read(text.encode(), ReadContext("veille.txt", config, roles=roles or {}))
    return issue_json(issue)


def _shape(data: dict[str, Any]) -> list[tuple[str | None, list[str]]]:
    return [(s["title"], [b["type"] for b in s["blocks"]]) for s in data["sections"]]


def test_the_labeller_finds_the_sections_and_lists_the_rules_miss() -> None:
    assert _shape(_read(VEILLE, "rules")) == [(None, ["paragraph"] * 9)]
    data = _read(VEILLE, "crf")
    assert _shape(data) == [("Logiciels", ["list"]), ("Transports", ["list"])]
    assert data["sections"][1]["blocks"][0]["items"][1] == "Le trottoir vaut de l'or"


def test_an_override_s_role_wins_over_the_labeller() -> None:
    data = _read(VEILLE, "crf", {3: "paragraph", 11: "paragraph"})
    assert data["sections"][0]["title"] is None  # line 3 stays a paragraph
    assert data["sections"][-1]["blocks"][-1] == {
        "type": "paragraph", "line": 11,
        "text": "Tutoriel pour flouter sa maison sur Google Street View",
    }  # fmt: skip


def test_the_house_format_reads_as_the_rules_read_it() -> None:
    """The first user's format, which the rules read right (the golden files say so)."""
    by_reader = {}
    for reader in ("rules", "crf"):
        config = Config(structure=replace(Config().structure, reader=reader))
        by_reader[reader] = [issue_json(e.issue) for e in read_archive(ARCHIVE, config).entries]
    assert by_reader["crf"] == by_reader["rules"]


@pytest.mark.parametrize(
    "body",
    ["🎯 Le sujet\n- un\n- deux\n",
     "[Logiciels]\nRadioDroid, des radios du monde (F-Droid)\nUn téléphone libre (LinuxFR)\n",
     "🎯 Le sujet\n🐋 Dokploy, une alternative\n🦊 Firefox et ses onglets\n📂 Superfile\n",
     "💬 Quotes\nLove to see how the language evolves!\n—MoistCaterpillar8063 on /r/dartlang\n"],
)  # fmt: skip
def test_a_line_read_from_a_typed_mark_keeps_the_rules_role(
    body: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Marks: an emoji or brackets around a section's name; a bullet, the source, an
    emoji before an item; a quote's author after a dash. Whatever the labeller says."""
    text = f"Titre\nTeaser #1\n{body}Une phrase assez longue pour finir ici.\n"
    rules = _read(text, "rules")
    assert len(rules["sections"][-1]["blocks"]) >= 2  # the rules read structure there
    monkeypatch.setattr(labeller, "label", lambda texts, *_: [("paragraph", 1.0)] * len(texts))
    assert _shape(_read(text, "crf")) == _shape(rules)


def test_the_teaser_is_read_as_a_heading_or_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    for said in ("item", "caption", "paragraph"):
        monkeypatch.setattr(labeller, "label", lambda texts, *_, s=said: [(s, 1.0)] * len(texts))
        assert _read(NEWS, "crf")["subtitle"] == "Developer News"


@pytest.mark.parametrize(
    ("line", "cites"),
    [("Le CNLL publie son annuaire (Next INpact)", True),
     ("Un logiciel libre pour les mairies (site.fr, 8 mars 2021).", True),
     ("Un fil à lire (@quelquun)", True),
     ("(Korben)", False),  # nothing before: not a cited item
     ("Deux choses à retenir (voir plus bas)", False),  # lower case: an aside
     ("Un titre (et une parenthèse bien trop longue pour nommer la source d'un article)",
      False)],
)  # fmt: skip
def test_a_line_ending_on_its_source_is_told_apart(line: str, cites: bool) -> None:
    """Press reviews cite the source of each item at its end; the feature sees it."""
    assert cues.cites_source(line) is cites
    assert ("source=1" in labeller.features([line], ["paragraph"])[0]) is cites


@pytest.mark.parametrize(
    ("structure", "message"),
    [({"reader": "ml"}, 'structure.reader must be "crf" or "rules"'),
     ({"confidence": 1.5}, "structure.confidence must be a number from 0 to 1")],
)  # fmt: skip
def test_bad_structure_settings_are_refused(structure: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_config({"structure": structure}, Path("letter-book.toml"))


def test_make_train_writes_the_model_that_ships(tmp_path: Path) -> None:
    """The same corpus gives the same model, byte for byte: the shipped one."""
    subprocess.run([sys.executable, str(ROOT / "scripts" / "corpus.py")], check=True,
                   capture_output=True)  # fmt: skip
    spec = importlib.util.spec_from_file_location("_train", ROOT / "scripts" / "train.py")
    assert spec is not None and spec.loader is not None
    train = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train)
    out = train.train(list(train.newsletters()), tmp_path / "model.crfsuite")
    assert labeller.model_digest(out) == labeller.model_digest(labeller.MODEL)


def test_each_decision_is_shown_with_its_confidence_and_below_the_threshold_kept() -> None:
    config = Config(structure=replace(Config().structure, confidence=1.01))  # none reaches
    issue = plaintext.read(VEILLE.encode(), ReadContext("veille.txt", config))
    assert _shape(issue_json(issue)) == _shape(_read(VEILLE, "rules"))
    assert issue.decisions and not any(d.taken for d in issue.decisions)
    heading = next(d for d in issue.decisions if d.line == 3)
    assert (heading.rules, heading.label) == ("paragraph", "heading")
    assert labeller.explain(heading) == (
        f"the labeller reads a heading ({heading.confidence:.2f}), the rules a paragraph: "
        "the rules' reading kept"
    )
    taken = plaintext.read(VEILLE.encode(), ReadContext("veille.txt", Config())).decisions
    assert all(d.taken for d in taken if d.line == 3)


def test_overrides_name_the_title_the_teaser_and_where_lists_start_and_end() -> None:
    text = (
        "Voir cette lettre dans le navigateur de votre choix, avec ses images\n"
        "La lettre du mardi\nCe qui change cette semaine #12\n"
        "un\ndeux\ntrois\nquatre\nUne phrase de fin, assez longue pour être un paragraphe.\n"
    )
    roles = {2: "title", 3: "subtitle", 4: "list-item", 5: "list-end", 6: "list-start",
             7: "list-item"}  # fmt: skip
    data = _read(text, "rules", roles)
    assert (data["title"], data["subtitle"], data["number"]) == (
        "La lettre du mardi", "Ce qui change cette semaine", 12,
    )  # fmt: skip
    blocks = data["sections"][0]["blocks"]
    assert [(b["type"], b.get("items") or b.get("text")) for b in blocks] == [
        ("paragraph", "Voir cette lettre dans le navigateur de votre choix, avec ses images"),
        ("list", ["un", "deux"]),
        ("list", ["trois", "quatre"]),
        ("paragraph", "Une phrase de fin, assez longue pour être un paragraphe."),
    ]


NEWS = """Week Ending January 8, 2023
Developer News
Happy new year! This is the first issue of the new year, so it covers merges and events from over the holidays.
Release Schedule
Patch releases are due out this Wednesday, including a backported update to Go, plus many other backports.
"""


def test_the_line_after_the_title_may_be_the_first_section_s_heading() -> None:
    """The rules take the line after the title for the teaser; the labeller reads it as
    the heading it is, unless the issue's number ends it."""
    assert _read(NEWS, "rules")["subtitle"] == "Developer News"
    data = _read(NEWS, "crf")
    assert (data["subtitle"], data["sections"][0]["title"]) == (None, "Developer News")
    numbered = _read(NEWS.replace("Developer News", "Developer News #12"), "crf")
    assert (numbered["subtitle"], numbered["number"]) == ("Developer News", 12)


def test_a_heading_read_between_a_heading_and_a_list_is_not_taken(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``Notable additions`` then ``Simon Sapin implemented sideways text`` then items: the
    second line opens the list far more often than it heads a sub-section."""
    said = [("heading", 0.99), ("heading", 0.99), ("item", 0.99), ("item", 0.99)]
    monkeypatch.setattr(labeller, "label", lambda *_args: said)
    texts = ["Notable additions", "Simon Sapin implemented sideways text",
             "Glenn turned on HTTPS support", "Matt Brubeck fixed rendering"]  # fmt: skip
    found = labeller.decisions([3, 4, 5, 6], texts, ["paragraph"] * 4, threshold=0.8)
    assert [(d.line, d.label, d.taken) for d in found] == [
        (3, "heading", True), (4, "heading", False), (5, "item", True), (6, "item", True),
    ]  # fmt: skip


def test_a_heading_between_two_lists_is_not_taken_for_an_unsure_item(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    said = [("item", 0.95), ("item", 0.95), ("item", 0.6), ("item", 0.95), ("item", 0.95)]
    monkeypatch.setattr(labeller, "label", lambda *_args: said)
    texts = ["kind 1.27 released", "etcd 3.5.9 released", "Subprojects and Dependency Updates",
             "gateway-api 0.8.0 released", "cri-o 1.28 released"]  # fmt: skip
    roles = ["paragraph", "paragraph", "subheading", "paragraph", "paragraph"]
    found = labeller.decisions([3, 4, 5, 6, 7], texts, roles, threshold=0.8)
    assert [(d.line, d.taken) for d in found] == [
        (3, True), (4, True), (5, False), (6, True), (7, True),
    ]  # fmt: skip


def test_a_list_goes_on_through_items_the_labeller_is_less_sure_of(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``New contributors`` then names: the first and third are sure items, the second
    not quite (0.6), the fourth is no item (0.4): the list is the first three; a lone
    unsure item, and one beside a lone sure item, stay paragraphs."""
    said = [("heading", 0.99), ("item", 0.95), ("item", 0.6), ("item", 0.99),
            ("item", 0.4), ("paragraph", 0.9), ("item", 0.9), ("item", 0.6)]  # fmt: skip
    monkeypatch.setattr(labeller, "label", lambda *_args: said)
    texts = ["New contributors", "Thiago Pontes", "Andrew Hobden", "Davidjz", "Meeting",
             "A paragraph between them.", "A sure item alone", "and one unsure"]  # fmt: skip
    found = labeller.decisions(list(range(3, 11)), texts, ["paragraph"] * 8, threshold=0.8)
    assert [(d.line, d.taken) for d in found if d.label == "item"] == [
        (4, True), (5, True), (6, True), (7, False), (9, False), (10, False),
    ]  # fmt: skip


def test_a_configured_section_and_a_recommended_link_keep_the_rules_reading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Whatever the labeller says: the book's configuration names the heading, and the
    site after the dash marks the link."""
    monkeypatch.setattr(labeller, "label", lambda texts, *_: [("paragraph", 1.0)] * len(texts))
    text = (
        "Title\nTeaser #1\nThis week\nA paragraph long enough to be one, with its full stop.\n"
        "Why read it: the whole story of the batteries - Arte\n"
        "Another reason to read this long report on the metals - Le Monde\n"
    )
    config = Config(structure=replace(Config().structure, section_patterns=("This week",)))
    issue = plaintext.read(text.encode(), ReadContext("links.txt", config))
    assert [d.line for d in issue.decisions] == []
    assert _shape(issue_json(issue)) == [("This week", ["paragraph", "list"])]
