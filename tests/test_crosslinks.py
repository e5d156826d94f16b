"""Cross-issue links: which mentions become links, and that their text is kept exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from letter_book.model import Mark, Span, flatten
from letter_book.writers.crosslinks import DEFAULT_PATTERNS, IssueLinks
from letter_book.writers.escape import inline

LINKS = IssueLinks.build({41: "issue-41", 42: "issue-42", 236: "issue-236"}, DEFAULT_PATTERNS)


def linked(text: str, own: int | None = None) -> list[tuple[str, str | None]]:
    return [(s.text, s.href) for s in LINKS.link((Span(text),), own) if s.href]


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Comme dans la lettre #42 sur les batteries", "la lettre #42"),
        ("voir #236.", "#236"),
        ("voir le n°236, puis", "n°236"),
        ("voir le N° 236", "N° 236"),
        ("voir le n°\u00a0236", "n°\u00a0236"),
        ("dans la lettre 236 déjà", "la lettre 236"),
        ("dans cette lettre n°41,", "cette lettre n°41"),
        ("as said in issue #236", "issue #236"),
        ("see No. 236", "No. 236"),
        ("le numéro 41 parlait", "numéro 41"),
        ("(#41)", "#41"),
    ],
)
def test_mentions_become_links_keeping_their_text(text: str, mention: str) -> None:
    spans = LINKS.link((Span(text),))
    assert flatten(spans) == text
    assert [s.text for s in spans if s.href] == [mention]


@pytest.mark.parametrize(
    "text",
    [
        "le ticket #318 du projet",  # no issue 318 in the archive
        "&#236; est une entité",  # an HTML character reference
        "https://example.org/page#41",  # a URL fragment
        "C#41 et ##41",
        "#41.5 %, #42h, n°2360",
        "lettre de 41 mots",
        "no 41",  # "no" without a period is a word
    ],
)
def test_what_is_not_a_mention(text: str) -> None:
    assert linked(text) == []


def test_own_number_code_and_existing_links_stay_as_they_are() -> None:
    assert linked("cette lettre #41", own=41) == []
    code = (Span("voir #41", frozenset({Mark.CODE})),)
    assert LINKS.link(code) == code
    link = (Span("#41", href="https://example.org/"),)
    assert LINKS.link(link) == link


def test_several_mentions_and_styles() -> None:
    spans = LINKS.link((Span("#41 et #42 ; ", frozenset({Mark.EMPHASIS})), Span("n°236")))
    assert [(s.text, s.href, s.marks) for s in spans if s.href] == [
        ("#41", "#issue-41", frozenset({Mark.EMPHASIS})),
        ("#42", "#issue-42", frozenset({Mark.EMPHASIS})),
        ("n°236", "#issue-236", frozenset()),
    ]


def test_overlapping_patterns_give_one_link() -> None:
    assert linked("la lettre n°41") == [("la lettre n°41", "#issue-41")]


def test_a_custom_pattern() -> None:
    custom = IssueLinks.build({7: "issue-7"}, (r"\bépisode (?P<number>\d+)",))
    assert [s.text for s in custom.link((Span("un épisode 7 ; #7"),)) if s.href] == ["épisode 7"]


def test_written_as_a_reference_to_the_label_and_only_to_known_labels() -> None:
    spans = LINKS.link((Span("voir #41 [x]"),))
    assert inline(spans, internal=LINKS.hrefs) == r"voir [\#41](#issue-41) \[x\]"
    # The same address from an issue's own link is not one of ours unless it is a label.
    foreign = (Span("x", href="#issue-99"),)
    assert inline(foreign, internal=LINKS.hrefs) == "x"


def test_configuration_of_mentions(tmp_path: Path) -> None:
    from letter_book.config import load_config
    from letter_book.errors import ConfigError

    path = tmp_path / "letter-book.toml"
    path.write_text('[structure]\nissue_mentions = ["épisode \\\\d+", "(x"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert "no (?P<number>...) group" in str(error.value)
    assert "invalid regular expression '(x'" in str(error.value)
    path.write_text("[structure]\nissue_links = false\n", encoding="utf-8")
    assert load_config(path).structure.issue_links is False
