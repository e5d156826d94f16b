"""French microtypography and the cleanup of spaces (writers/microtypography.py)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from letter_book.config import parse_config
from letter_book.errors import ConfigError
from letter_book.model import Inline, Mark, Span, flatten, plain
from letter_book.writers.microtypography import NBSP, NNBSP, typeset, typeset_text

N, F = NBSP, NNBSP  # "~" and "_" in the tables below, for legibility


def spaced(text: str) -> str:
    return text.replace("~", N).replace("_", F)


def fr(text: str) -> str:
    return typeset_text(text, french=True)


def en(text: str) -> str:
    return typeset_text(text, french=False)


def show(text: str) -> str:
    return text.replace(N, "~").replace(F, "_")


FRENCH = [
    # ; ! ? take a narrow no-break space, whatever was there before
    ("Vraiment ? Oui !", "Vraiment_? Oui_!"),
    ("Vraiment? Oui!", "Vraiment_? Oui_!"),
    ("Vraiment~? Oui~!", "Vraiment_? Oui_!"),
    ("Vraiment   ?", "Vraiment_?"),
    ("Vraiment ~ ?", "Vraiment_?"),
    ("Je pars ; tu restes", "Je pars_; tu restes"),
    ("Je pars; tu restes", "Je pars_; tu restes"),
    # runs: one space before the first sign, none between
    ("Quoi?!", "Quoi_?!"),
    ("Quoi ?!", "Quoi_?!"),
    ("Non!!!", "Non_!!!"),
    ("Hein ?? Quoi ?", "Hein_?? Quoi_?"),
    # : takes a no-break space, also at the end of a heading or a list label
    ("Le phénomène tient en trois ingrédients :", "Le phénomène tient en trois ingrédients~:"),
    ("Batteries: la course au lithium", "Batteries~: la course au lithium"),
    ("Batteries_: la course", "Batteries~: la course"),
    ("Note :", "Note~:"),
    ("Le signe ? seul", "Le signe_? seul"),
    # « » take a no-break space inside, with or without one already
    ("« Bonjour »", "«~Bonjour~»"),
    ("«Bonjour»", "«~Bonjour~»"),
    ("«  Bonjour»", "«~Bonjour~»"),
    ("«~Bonjour~»", "«~Bonjour~»"),
    ("«_Bonjour_»", "«~Bonjour~»"),
    ("«…et après ?»", "«~…et après_?~»"),
    ("«1984» est un roman", "«~1984~» est un roman"),
    ("« Rien ne se perd. »", "«~Rien ne se perd.~»"),
    ("« Non », a-t-elle dit.", "«~Non~», a-t-elle dit."),
    ("Il a dit « oui » : c’est fait !", "Il a dit «~oui~»~: c’est fait_!"),
    ("«»", "«»"),
    # after a closing sign, an ellipsis, a digit, an emoji
    ("(voir plus haut)?", "(voir plus haut)_?"),
    ("Et alors…?", "Et alors…_?"),
    ("En 2023: rien", "En 2023~: rien"),
    ("Bravo 🎉!", "Bravo 🎉_!"),
    # digit groups
    ("Vous êtes 4 212 abonnés", "Vous êtes 4_212 abonnés"),
    ("1 500 000 km", "1_500_000 km"),
    ("4_212 abonnés", "4_212 abonnés"),
]

UNCHANGED = [
    # times, ratios, scores, numbers
    "Rendez-vous à 12:30 ou à 9h30.",
    "Un score de 3:2, un écran 16:9.",
    "Il pèse 3,5 kg, soit 3.5 kg.",
    "En 2023 2024 et 12 345678.",
    # addresses, paths, emoticons
    "Voir https://example.org/a?b=1;c=2#x:y ou http://example.org!",
    "Voir www.example.org/page?id=3.",
    "Écrivez à ines.dupont@example.org.",
    "Ouvrez C:\\Users\\ines:dossier",
    "Super :) et ;-) et :D et :-(",
    "mailto:ines@example.org",
    # text between backticks is code
    "La ligne `feed_url: https://x.example/a.zip` et `a ; b` et `x  y`",
    # things that are not punctuation of a sentence
    "a;b, x!=y, page?id=3, std::vector, ::",
    "Un point .NET et un fichier .txt",
    "Les points de suspension ... restent.",
    "[ ] une case à cocher",
]


@pytest.mark.parametrize(("text", "expected"), FRENCH)
def test_french_spacing(text: str, expected: str) -> None:
    assert show(fr(spaced(text))) == expected


@pytest.mark.parametrize("text", UNCHANGED)
def test_french_spacing_leaves_alone(text: str) -> None:
    assert fr(text) == text


@pytest.mark.parametrize("text", [expected for _, expected in FRENCH])
def test_already_correct_text_is_unchanged(text: str) -> None:
    assert fr(spaced(text)) == spaced(text)


CLEANUP = [
    ("Le  double   espace", "Le double espace"),
    ("Le~ double", "Le~double"),
    ("mot , suite .", "mot, suite."),
    ("( voir ici )", "(voir ici)"),
    ("[ note ]", "[note]"),
    ("( « citation » )", "(« citation »)"),
]


@pytest.mark.parametrize(("text", "expected"), CLEANUP)
def test_cleanup_in_every_language(text: str, expected: str) -> None:
    assert show(en(spaced(text))) == expected
    assert show(en(spaced(expected))) == expected


def test_english_keeps_its_spacing() -> None:
    for text in ("What? Now!", "Note: yes; no", "press the ? key", "« quoted »", "It is 4 212"):
        assert en(text) == text
    # a space before the sign is left: "What ?" cannot be told from "the ? key"
    assert en("What ? Now !") == "What ? Now !"


def test_what_comes_after_a_sign_decides() -> None:
    assert show(fr("«Quoi?»")) == "«~Quoi_?~»"
    assert show(fr("(vraiment?)")) == "(vraiment_?)"
    assert show(fr("Quoi?, dit-il")) == "Quoi_?, dit-il"
    assert fr("Quoi?x") == "Quoi?x"  # not the end of a word
    assert fr("Liste:(voir)") == "Liste:(voir)"


def test_no_space_inside_or_against_protected_text() -> None:
    # a missing space is never added against an address: its end is uncertain
    assert fr("Voir https://example.org/?") == "Voir https://example.org/?"
    # a space already there is set
    assert show(fr("Voir https://example.org ?")) == "Voir https://example.org_?"
    assert show(fr("Écrivez à ines@example.org : merci")) == "Écrivez à ines@example.org~: merci"


def spans(content: Inline) -> list[tuple[str, frozenset[Mark], str | None]]:
    return [(s.text, s.marks, s.href) for s in content]


CODE = frozenset({Mark.CODE})
EM = frozenset({Mark.EMPHASIS})


def test_code_spans_are_never_touched() -> None:
    content = (Span("Lancez "), Span("ls ; pwd  -a", CODE), Span(" ?"))
    assert spans(typeset(content, french=True)) == [
        ("Lancez ", frozenset(), None),
        ("ls ; pwd  -a", CODE, None),
        (F + "?", frozenset(), None),
    ]
    # no space is added against code either
    content = (Span("la commande "), Span("ls", CODE), Span("?"))
    assert typeset(content, french=True) == content


def test_link_addresses_are_never_touched_but_link_text_is() -> None:
    href = "https://example.org/a?b:c;d!"
    content = (Span("Lisez "), Span("« ce texte »", href=href), Span(" !"))
    out = typeset(content, french=True)
    assert spans(out) == [
        ("Lisez ", frozenset(), None),
        (f"«{N}ce texte{N}»", frozenset(), href),
        (F + "!", frozenset(), None),
    ]


def test_spaces_across_spans_go_to_the_plain_span() -> None:
    content = (Span("«"), Span("Titre", EM), Span("»"))
    assert flatten(typeset(content, french=True)) == f"«{N}Titre{N}»"
    content = (Span("Prix", frozenset({Mark.STRONG})), Span(": 3 €"))
    out = typeset(content, french=True)
    assert spans(out)[1] == (f"{N}: 3 €", frozenset(), None)


def test_italics_keep_their_own_spacing() -> None:
    """Italics hold titles of works and foreign words: a missing space is not added there."""
    content = (Span("Le film "), Span("What? Now!", EM), Span(" est sorti"))
    assert typeset(content, french=True) == content
    # a space already there is set
    content = (Span("Le roman "), Span("Pourquoi ?", EM))
    assert flatten(typeset(content, french=True)) == f"Le roman Pourquoi{F}?"


def test_plain_text_never_gets_markup() -> None:
    # the writer escapes after typesetting: a space removed before "." never makes "1."
    assert fr("1 .") == "1 ."


ZS = "".join(chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Zs")
alphabet = st.sampled_from(
    [
        *"aé1 :;!?«»,.()[]`/@\\-*'’\"…#h",
        N,
        F,
        "\u2009",
        "\t",
        "\n",
        "http://",
        "www.",
        ":)",
        "🎉",
        "&amp;",
        "a@b.fr",
    ]
)
texts = st.lists(alphabet, max_size=30).map("".join)
rich = st.lists(
    st.builds(
        Span,
        texts,
        st.sampled_from([frozenset(), CODE, EM, frozenset({Mark.STRONG})]),
        st.sampled_from([None, "https://example.org/?a=1 ; b"]),
    ),
    max_size=5,
).map(tuple)


def no_spaces(text: str) -> str:
    return "".join(c for c in text if c not in ZS)


@given(rich, st.booleans())
@example((Span("a ?"), Span("?", CODE)), True)
@example((Span("x"), Span(" ", EM), Span("?")), True)
def test_only_spaces_change_and_twice_is_once(content: Inline, french: bool) -> None:
    once = typeset(content, french=french)
    assert no_spaces(flatten(once)) == no_spaces(flatten(content))
    assert typeset(once, french=french) == once
    # styles, links and code are kept, and code exactly
    assert [s.text for s in once if Mark.CODE in s.marks] == [
        s.text for s in content if Mark.CODE in s.marks and s.text
    ]
    for span in once:
        assert any((span.marks, span.href) == (s.marks, s.href) for s in content)


@given(texts, st.booleans())
def test_plain_text_only_spaces_change_and_twice_is_once(text: str, french: bool) -> None:
    once = typeset_text(text, french=french)
    assert no_spaces(once) == no_spaces(text)
    assert typeset_text(once, french=french) == once
    assert typeset(plain(text), french=french) == plain(once)


@pytest.mark.parametrize(
    ("book", "on"),
    [
        ({}, True),
        ({"language": "fr"}, True),
        ({"language": "fr-CA"}, True),
        ({"language": "fr_BE"}, True),
        ({"language": "en"}, False),
        ({"language": "en", "french_spacing": True}, True),
        ({"language": "fr", "french_spacing": False}, False),
    ],
)
def test_french_spacing_setting(book: dict[str, object], on: bool) -> None:
    assert parse_config({"book": book}, Path("c.toml")).french_spacing is on


def test_french_spacing_setting_is_a_boolean() -> None:
    with pytest.raises(ConfigError, match=r"book\.french_spacing must be of type bool"):
        parse_config({"book": {"french_spacing": "yes"}}, Path("c.toml"))


def test_html_entities_spelt_out_are_left() -> None:
    assert fr("AT&amp; T et &#35; et &eacute;") == "AT&amp; T et &#35; et &eacute;"
