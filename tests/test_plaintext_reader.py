"""The plain-text reader, element by element (README: "The plain-text format"), on small hand-written cases."""

from __future__ import annotations

import pytest

from letter_book.config import Config, StructureConfig
from letter_book.convert.dump import block_json
from letter_book.diagnostics import Code, Diagnostics
from letter_book.errors import InputError
from letter_book.model import Quote
from letter_book.readers import Hints

from .conftest import read_text
from .helpers import PARA, issue_of, outline

# -- title, teaser and number -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("teaser", "subtitle", "number"),
    [
        (
            "Simple nostalgie ou vraie révolution ? #112",
            "Simple nostalgie ou vraie révolution ?",
            112,
        ),
        ("Une enquête sur le cloud. n°113", "Une enquête sur le cloud.", 113),
        ("Une enquête sur le cloud. N° 114", "Une enquête sur le cloud.", 114),
        ("Une enquête sur le cloud. N°\u00a0115", "Une enquête sur le cloud.", 115),
        ("What the week brought. No. 89", "What the week brought.", 89),
        ("What the week brought (#90)", "What the week brought", 90),
        ("Une sélection de livres, sans numéro.", "Une sélection de livres, sans numéro.", None),
        (
            "Le ticket #4521 reste ouvert, comme la question.",
            "Le ticket #4521 reste ouvert, comme la question.",
            None,
        ),
    ],
)
def test_teaser_gives_subtitle_and_number(teaser: str, subtitle: str, number: int | None) -> None:
    issue = issue_of("Le titre", teaser, "🧭 Au programme", PARA)
    assert (issue.title, issue.subtitle, issue.number) == ("Le titre", subtitle, number)


def test_number_can_lead_the_title() -> None:
    issue = issue_of("#12 : Le titre", "Un teaser sans numéro.", PARA)
    assert (issue.title, issue.number) == ("Le titre", 12)


def test_second_line_that_is_a_heading_is_no_teaser() -> None:
    issue = issue_of("Le titre", "🧭 Au programme", PARA)
    assert issue.subtitle is None
    assert outline(issue) == [("🧭 Au programme", [("paragraph", PARA)])]


RULES = Config(structure=StructureConfig(reader="rules"))
"""The rules alone, for the cases where the line labeller would have its say."""

# -- sections and headings ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "heading",
    [
        "🧭 De quoi allons-nous parler",
        "👨‍🚀 Le sujet",
        "👨🚀 Le sujet",
        "❤️ On a aimé",
        "💬 La phrase",
    ],
)
def test_emoji_line_is_a_section(heading: str) -> None:
    issue = issue_of("Titre", "Teaser #1", heading, PARA)
    assert [title for title, _ in outline(issue)] == [heading.replace("👨🚀", "👨‍🚀")]


@pytest.mark.parametrize(
    "line",
    [
        "👨‍🚀 Tous les mardis, Claire décrypte la technologie et ses effets sur nos vies... "
        "En savoir plus sur cette lettre : À propos",
        "🎉 Merci à toutes et à tous pour vos messages.",
    ],
)
def test_long_or_finished_emoji_line_is_not_a_section(line: str) -> None:
    issue = issue_of("Titre", "Teaser #1", "🧭 Au programme", line)
    assert len(issue.sections) == 1


def test_configured_section_pattern() -> None:
    config = Config(structure=StructureConfig(section_patterns=("This week", "Links")))
    issue = issue_of("Title", "Teaser #1", "This week", PARA, "Links", PARA, config=config)
    assert [title for title, _ in outline(issue)] == ["This week", "Links"]


def test_known_section_name_without_its_emoji() -> None:
    issue = read_text(
        "Titre\nTeaser #1\nAu sommaire\n" + PARA + "\n",
        hints=Hints(headings=frozenset({"au sommaire"})),
    )
    assert [title for title, _ in outline(issue)] == ["Au sommaire"]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("A comme Altman", "heading"),
        ("#113542: Set singular names for core types", "heading"),  # a change's number
        ("Et maintenant, que va pouvoir faire l’Europe ?", "heading"),
        ("Trois scénarios se dessinent pour la décennie qui vient.", "paragraph"),
        ("Bonnes vacances à toutes et à tous !", "paragraph"),
    ],
)
def test_short_line_before_a_paragraph(line: str, kind: str) -> None:
    issue = issue_of("Titre", "Teaser #1", "🎯 Le sujet", line, PARA)
    assert outline(issue)[0][1] == [(kind, line), ("paragraph", PARA)]


def test_short_line_before_a_list_is_a_subheading() -> None:
    issue = issue_of(
        "Titre",
        "Teaser #1",
        "🎯 Le sujet",
        "Qui se partage le gâteau",
        "– les banques",
        "– les réseaux",
    )
    assert outline(issue)[0][1] == [
        ("heading", "Qui se partage le gâteau"),
        ("list", "les banques | les réseaux"),
    ]


@pytest.mark.parametrize("name", ["[Streaming]", "[Jeux Vidéos]", "[Replay // Audio // Video]"])
def test_a_name_in_square_brackets_is_a_section(name: str) -> None:
    issue = issue_of("Titre", "Teaser #1", name, PARA, config=RULES)
    assert [title for title, _ in outline(issue)] == [name]


@pytest.mark.parametrize("line", ["[1]", "[…]", "[" + "a" * 60 + "]", "[Un] et [deux]"])
def test_other_lines_in_square_brackets_are_not_sections(line: str) -> None:
    issue = issue_of("Titre", "Teaser #1", "🎯 Le sujet", line, PARA, config=RULES)
    assert [title for title, _ in outline(issue)] == ["🎯 Le sujet"]


# -- lists ----------------------------------------------------------------------------------------


def test_colon_then_short_lines_is_a_list() -> None:
    issue = issue_of(
        "Titre", "Teaser #1", "🧭 Au programme",
        "Le phénomène tient en trois ingrédients :",
        "une clientèle qui veut voyager sans prendre l’avion",
        "des opérateurs qui ont appris à remplir des voitures",
        "des États qui subventionnent à nouveau le rail de nuit",
        "Reste à savoir si le modèle économique tiendra quand l’effet de mode sera passé.",
    )  # fmt: skip
    blocks = outline(issue)[0][1]
    assert [kind for kind, _ in blocks] == ["paragraph", "list", "paragraph"]
    assert len(issue.sections[0].blocks[1].items) == 3  # type: ignore[union-attr]


def test_colon_then_whole_sentences_in_lower_case_is_a_list() -> None:
    items = [
        "d'abord l'ascension fulgurante, portée par des investisseurs qui croyaient tenir la "
        "prochaine grande plateforme et par une presse qui n'a rien vu venir ;",
        "ensuite l'hubris, quand les dirigeants ont cru pouvoir tout racheter, tout intégrer "
        "et tout contrôler, sans jamais écouter les alertes de leurs ingénieurs ;",
        "enfin la chute, brutale, lorsque les régulateurs et les clients ont découvert en "
        "même temps ce que cachaient les comptes, et que plus personne n'a voulu payer.",
    ]
    intro = "L'histoire de cette entreprise a tout d'une tragédie antique :"
    issue = issue_of("Titre", "Teaser #1", "🎯 Le sujet", intro, *items, PARA, config=RULES)
    assert outline(issue)[0][1] == [
        ("paragraph", intro), ("list", " | ".join(items)), ("paragraph", PARA),
    ]  # fmt: skip


def test_colon_then_a_single_line_is_not_a_list() -> None:
    issue = issue_of(
        "Titre", "Teaser #1", "🧭 Au programme", "Voici la question :", "une seule ligne"
    )
    assert [kind for kind, _ in outline(issue)[0][1]] == ["paragraph", "paragraph"]


@pytest.mark.parametrize("marker", ["•", "-", "–", "*"])
def test_bullets(marker: str) -> None:
    issue = issue_of(
        "Titre", "Teaser #1", "🧭 Au programme", f"{marker} un", f"{marker} deux", PARA
    )
    assert outline(issue)[0][1] == [("list", "un | deux"), ("paragraph", PARA)]


@pytest.mark.parametrize(("first", "second"), [("1.", "2."), ("1)", "2)"), ("3.", "4.")])
def test_numbered_lists(first: str, second: str) -> None:
    issue = issue_of("Titre", "Teaser #1", "🧭 Au programme", f"{first} un", f"{second} deux")
    block = issue.sections[0].blocks[0]
    assert block_json(block) | {"line": 0} == {
        "type": "list", "ordered": True, "items": ["un", "deux"], "start": int(first[0]), "line": 0,
    }  # fmt: skip


# A press review as a French "veille" copies it: each item cites its source at its end, or
# gives its address; some have neither, and the long ones are whole sentences.
REVIEW = [
    "Le CNLL publie l'annuaire des entreprises du logiciel libre (Next INpact)",
    "NocoDB, l'alternative libre d'Airtable",
    "Umami, une solution de mesure d'audience simple, libre et plus respectueuse de la vie "
    "privée que Google Analytics. Pas mal non ? (Korben)",
    "Le point de Janus : le temps s'écoulerait dans deux directions https://exemple.fr/janus",
]


def test_a_press_review_is_a_list() -> None:
    issue = issue_of("Titre", "Teaser #1", "[Logiciels]", *REVIEW, config=RULES)
    assert outline(issue) == [("[Logiciels]", [("list", " | ".join(REVIEW))])]


def test_a_press_review_ends_before_a_sub_heading_and_its_paragraph() -> None:
    lines = [REVIEW[0], REVIEW[2], "A comme Altman", PARA, REVIEW[3], REVIEW[0]]
    issue = issue_of("Titre", "Teaser #1", "🎯 Le sujet", *lines, config=RULES)
    assert outline(issue)[0][1] == [
        ("list", f"{REVIEW[0]} | {REVIEW[2]}"), ("heading", "A comme Altman"),
        ("paragraph", PARA), ("list", f"{REVIEW[3]} | {REVIEW[0]}"),
    ]  # fmt: skip


def test_a_press_review_ends_before_a_bulleted_list() -> None:
    lines = [REVIEW[0], REVIEW[2], "- Un article (Le Monde)", "- Un autre (Libération)"]
    issue = issue_of("Titre", "Teaser #1", "🎯 Le sujet", *lines, config=RULES)
    assert outline(issue)[0][1] == [
        ("list", f"{REVIEW[0]} | {REVIEW[2]}"),
        ("list", "Un article (Le Monde) | Un autre (Libération)"),
    ]


def test_footer_lines_with_an_address_are_no_review() -> None:
    footer = ["Se désinscrire https://exemple.fr/unsub", "Abonnez-vous sur www.exemple.fr"]
    issue = issue_of("Titre", "Teaser #1", "🎯 Le sujet", PARA, *footer, config=RULES)
    assert outline(issue) == [("🎯 Le sujet", [("paragraph", PARA)])]
    assert [d.text for d in issue.dropped] == footer


@pytest.mark.parametrize(
    "lines",
    [
        # One line citing its source is no review.
        [PARA, "Une phrase qui cite sa source à la fin, comme on le fait (Korben)", PARA],
        # Fewer than half of the lines cite one: paragraphs that happen to.
        [REVIEW[0], PARA, PARA, PARA, REVIEW[2]],
    ],
)
def test_paragraphs_that_cite_a_source_are_no_review(lines: list[str]) -> None:
    issue = issue_of("Titre", "Teaser #1", "🎯 Le sujet", *lines, config=RULES)
    assert "list" not in {kind for kind, _ in outline(issue)[0][1]}


EMOJI_ITEMS = [
    "🐋 Dokploy, une alternative libre à Vercel, Netlify et Heroku",
    "🦊 Firefox prépare une révision de ses onglets",
    "📂 Superfile, un gestionnaire de fichiers élégant pour votre terminal",
]


def test_lines_each_behind_an_emoji_are_a_list_not_headings() -> None:
    lines = [PARA, *EMOJI_ITEMS, PARA, "💬 La phrase", PARA]
    issue = issue_of("Titre", "Teaser #1", "🎯 Le sujet", *lines, config=RULES)
    assert outline(issue) == [
        ("🎯 Le sujet", [("paragraph", PARA), ("list", " | ".join(EMOJI_ITEMS)),
                        ("paragraph", PARA)]),
        ("💬 La phrase", [("paragraph", PARA)]),
    ]  # fmt: skip


@pytest.mark.parametrize("before", [[], [PARA]])  # right after the title, or in the body
def test_a_short_emoji_line_before_emoji_items_heads_them(before: list[str]) -> None:
    lines = [*before, "🎯 Les outils", *EMOJI_ITEMS]
    issue = issue_of("Titre", *lines, PARA, config=RULES)
    assert outline(issue)[-1] == (
        "🎯 Les outils",
        [("list", " | ".join(EMOJI_ITEMS)), ("paragraph", PARA)],
    )


def test_two_emoji_lines_in_a_row_stay_headings() -> None:
    lines = [PARA, *EMOJI_ITEMS[:2], PARA]
    issue = issue_of("Titre", "Teaser #1", "🎯 Le sujet", *lines, config=RULES)
    assert [title for title, _ in outline(issue)] == ["🎯 Le sujet", *EMOJI_ITEMS[:2]]


def test_a_known_section_name_breaks_a_run_of_emoji_lines() -> None:
    lines = ["🎯 Le sujet", "🧭 Au sommaire", "💬 La phrase"]
    issue = read_text(
        "Titre\nTeaser #1\n" + "\n".join(lines) + "\n" + PARA + "\n",
        RULES,
        hints=Hints(headings=frozenset({"au sommaire"})),
    )
    assert [title for title, _ in outline(issue)] == lines


# -- captions, links, quotes --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("Sam Altman, à droite, en 2016 - Wikipedia.", "Wikipedia"),
        ("Une tour de refroidissement par temps de canicule - Photo AFP.", "Photo AFP"),
        ("Un portrait de l’auteur - © Jean-Pierre Dupont.", "© Jean-Pierre Dupont"),
    ],
)
def test_caption_with_credit(line: str, credit: str) -> None:
    issue = issue_of("Titre", "Teaser #1", "🧭 Au programme", PARA, line)
    assert block_json(issue.sections[0].blocks[1]) | {"line": 0} == {
        "type": "figure", "caption": line, "image": None, "alt": "", "credit": credit, "line": 0,
    }  # fmt: skip


def test_recommended_links_keep_their_site() -> None:
    issue = issue_of(
        "Titre", "Teaser #1", "🧐 Pour aller plus loin",
        "Des ressources utiles en lien avec le sujet traité cette semaine.",
        "L’étude qui a lancé l’alerte Water footprint of data centres - Nature Climate Change",
        "Le guide officiel pour les communes Payer en ligne en toute sécurité - Service-public.fr",
    )  # fmt: skip
    data = block_json(issue.sections[0].blocks[1])
    assert data["links"] == [
        {"text": "L’étude qui a lancé l’alerte Water footprint of data centres", "site": "Nature Climate Change"},
        {"text": "Le guide officiel pour les communes Payer en ligne en toute sécurité", "site": "Service-public.fr"},
    ]  # fmt: skip


def test_a_lone_sentence_with_a_dash_is_not_a_link() -> None:
    line = "Le projet avance bien dans toutes les villes - enfin presque"
    issue = issue_of("Titre", "Teaser #1", "🎯 Le sujet", PARA, line, "Une autre phrase.")
    assert [kind for kind, _ in outline(issue)[0][1]] == ["paragraph"] * 3


@pytest.mark.parametrize(
    ("lines", "text", "attribution"),
    [
        (["“Le train est la seule façon de voyager.”", "Paul Théroux - Le Grand Bazar ferroviaire."],
         "“Le train est la seule façon de voyager.”", "Paul Théroux - Le Grand Bazar ferroviaire."),
        (["« Il n’y a pas de nuage. »", "Proverbe d’informaticien"], "« Il n’y a pas de nuage. »",
         "Proverbe d’informaticien"),
        (["« Deux lignes", "pour une citation. »", "— Simone Weil"], "« Deux lignes\npour une citation. »",
         "Simone Weil"),
        (["« Tout sur une ligne. » - Victor Hugo"], "« Tout sur une ligne. »", "Victor Hugo"),
    ],
)  # fmt: skip
def test_quote_and_attribution(lines: list[str], text: str, attribution: str) -> None:
    issue = issue_of("Titre", "Teaser #1", "💬 La citation", *lines)
    data = block_json(issue.sections[0].blocks[0])
    assert (data["type"], data["text"], data["attribution"]) == ("quote", text, attribution)


def test_a_line_then_its_author_after_a_dash_is_a_quote() -> None:
    lines = ["Love to see how the language evolves!", "—MoistCaterpillar8063 on /r/dartlang"]
    issue = issue_of("Title", "Teaser #1", "💬 Quotes", PARA, *lines, PARA, config=RULES)
    quote = issue.sections[0].blocks[1]
    assert isinstance(quote, Quote) and (quote.line, quote.attribution_line) == (5, 6)
    assert outline(issue)[0][1][1] == ("quote", lines[0])
    assert block_json(quote)["attribution"] == "MoistCaterpillar8063 on /r/dartlang"


def test_a_quote_broken_by_hand_is_one_quote_up_to_its_author() -> None:
    """A post quoted line by line, under its section's name and before another quote; the
    paragraph and the name above it are not the quote's (the rules leave the name a
    paragraph: no prose follows it; the labeller reads it as a heading)."""
    verse = ["Oh dang. That super parameters feature fixes",
             "one of my biggest annoyances when using Flutter.",
             "Thanks devs. That is very much appreciated."]  # fmt: skip
    lines = ["Let us know about other future events on the events discussion board.",
             "Quotes and notes", *verse, "—DeedleFake on /r/dartlang",
             "Writing apps in #Flutter is like meditation for me.", "—Flutter Carl on Twitter",
             PARA]  # fmt: skip
    issue = issue_of("Title", "Teaser #1", "💬 Events", *lines, config=RULES)
    kinds = outline(issue)[0][1]
    assert kinds[:2] == [("paragraph", lines[0]), ("paragraph", "Quotes and notes")]
    assert kinds[2] == ("quote", "\n".join(verse))
    assert kinds[3] == ("quote", lines[6])
    first = issue.sections[0].blocks[2]
    assert isinstance(first, Quote) and (first.line, first.attribution_line) == (6, 9)


def test_long_lines_before_an_author_are_no_quote_of_several_lines() -> None:
    long = "A paragraph that goes on and on, far longer than a line of a post quoted by hand."
    lines = [long, "A short line quoted.", "—Someone on Twitter"]
    issue = issue_of("Title", "Teaser #1", "💬 Quotes", *lines, PARA, config=RULES)
    assert outline(issue)[0][1][:2] == [("paragraph", long), ("quote", lines[1])]


@pytest.mark.parametrize(
    "lines",
    [["— Bonjour, dit-il.", "— Bonsoir, répondit-elle."],  # dialogue
     ["Les invités :", "—Claire Dupont"],  # a list's intro
     ["Trois noms", "—Claire Dupont", "—Jean Martin"],  # a list of dashes
     ["Trois noms", "―Claire Dupont", "―Jean Martin"]],  # of horizontal bars
)  # fmt: skip
def test_dashes_that_name_no_quote_s_author(lines: list[str]) -> None:
    issue = issue_of("Titre", "Teaser #1", "🎯 Le sujet", PARA, *lines, PARA, config=RULES)
    assert "quote" not in {kind for kind, _ in outline(issue)[0][1]}


def test_a_heading_over_prose_after_a_quote_is_not_its_attribution() -> None:
    lines = ["Quoting his description:", '"This reduces the load a lot."',
             "PCI Improvements and Cleanup",
             "Continuing his work on drivers, he cleaned up the PCI driver at length."]  # fmt: skip
    issue = issue_of("Title", "Teaser #1", "💬 News", *lines, config=RULES)
    kinds = [kind for kind, _ in outline(issue)[0][1]]
    assert kinds == ["paragraph", "quote", "heading", "paragraph"]
    assert block_json(issue.sections[0].blocks[1])["attribution"] is None


@pytest.mark.parametrize("author", ["Voltaire", "Victor Hugo", "Marie-Anne Dupont"])
def test_a_name_over_prose_after_a_quote_is_its_attribution(author: str) -> None:
    lines = ["« Il faut cultiver notre jardin. »", author, PARA]
    issue = issue_of("Titre", "Teaser #1", "💬 La citation", *lines, config=RULES)
    assert [kind for kind, _ in outline(issue)[0][1]] == ["quote", "paragraph"]
    assert block_json(issue.sections[0].blocks[0])["attribution"] == author


def test_a_name_over_prose_after_a_quote_under_a_heading_is_the_next_heading() -> None:
    """Under a heading, the quote is the heading's content; the name-shaped line after it
    is the next heading, as the one above it was."""
    lines = ["AI Policy", '"We do not accept contributions generated by language models."',
             "Contribution Terms", "When making a contribution you agree to these terms."]  # fmt: skip
    issue = issue_of("Title", "Teaser #1", "💬 News", PARA, *lines, config=RULES)
    kinds = [kind for kind, _ in outline(issue)[0][1]]
    assert kinds == ["paragraph", "heading", "quote", "heading", "paragraph"]
    assert block_json(issue.sections[0].blocks[2])["attribution"] is None


def test_closing_line_after_a_quote_is_not_its_attribution() -> None:
    issue = issue_of(
        "Titre", "Teaser #1", "💬 La citation", "« Une phrase. »", "À la semaine prochaine."
    )
    assert block_json(issue.sections[0].blocks[0])["attribution"] is None
    assert [d.reason for d in issue.dropped] == ["boilerplate.pattern"]


# -- the tail: signature, bio, comments ---------------------------------------------------------


def test_signature_bio_and_comments() -> None:
    issue = issue_of(
        "Titre", "Teaser #1", "💬 La citation", "« Une phrase. »", "Quelqu’un",
        "C’est fini pour cette semaine !", "Claire",
        "Je suis Claire Martin, de Quai 9. Le jour j’aide les villes.",
        "Merci pour cette lettre @claire !", "Très intéressant.",
    )  # fmt: skip
    assert issue.author == "Claire"
    assert [c.content[0].text for c in issue.comments] == [
        "Merci pour cette lettre @claire !",
        "Très intéressant.",
    ]
    assert [(d.line, d.reason) for d in issue.dropped] == [
        (6, "boilerplate.pattern"),
        (8, "author.bio"),
    ]


def test_known_signature_without_bio() -> None:
    config = Config(structure=StructureConfig(signatures=("Inès",)))
    issue = issue_of(
        "Titre", "Teaser #1", "🎯 Le sujet", PARA, "Inès", "Bravo pour ce numéro", config=config
    )
    assert issue.author == "Inès"
    assert [c.content[0].text for c in issue.comments] == ["Bravo pour ce numéro"]


def test_name_on_the_last_line_is_the_signature() -> None:
    issue = issue_of("Hors-série : nos lectures", "Une sélection de livres.", PARA, "Claire")
    assert (issue.author, issue.number, issue.comments) == ("Claire", None, ())
    assert outline(issue) == [(None, [("paragraph", PARA)])]


def test_without_signature_nothing_becomes_a_comment() -> None:
    issue = issue_of(
        "Titre", "Teaser #1", "🎯 Le sujet", PARA, "Une dernière phrase sans signature."
    )
    assert issue.author is None and issue.comments == ()


# -- boilerplate ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Vous êtes 7 826 abonnés à recevoir cette lettre.",
        "Vous êtes 7\u202f826 abonnés à recevoir cette lettre.",
        "👨‍🚀 Tous les mardis, X décrypte ... En savoir plus sur cette lettre : À propos",
        "Vous avez découvert cette lettre par un autre canal ? Abonnez-vous pour la recevoir :",
        "View this email in your browser",
        "Join 5,432 other subscribers",
    ],
)
def test_header_boilerplate_is_set_aside(line: str) -> None:
    issue = issue_of("Titre", "Teaser #1", line, "🧭 Au programme", PARA)
    assert [(d.line, d.text, d.reason) for d in issue.dropped] == [(3, line, "boilerplate.pattern")]
    assert outline(issue) == [("🧭 Au programme", [("paragraph", PARA)])]


def test_subscribe_inside_the_text_is_kept() -> None:
    line = (
        "Abonnez-vous à ce podcast : il raconte l’histoire des trains de nuit mieux que personne."
    )
    issue = issue_of("Titre", "Teaser #1", "🎯 Le sujet", line, "🧐 Et aussi", PARA)
    assert outline(issue)[0] == ("🎯 Le sujet", [("paragraph", line)])


def test_configured_boilerplate_pattern() -> None:
    from letter_book.config import BoilerplateConfig

    config = Config(boilerplate=BoilerplateConfig(patterns=(r"^Octet est une lettre",)))
    issue = issue_of(
        "Titre",
        "Teaser #1",
        "🎯 Le sujet",
        "Octet est une lettre indépendante.",
        PARA,
        config=config,
    )
    assert [d.text for d in issue.dropped] == ["Octet est une lettre indépendante."]


# -- encodings, line ends, bad files ------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding", "newline"),
    [
        (b"Titre\nTeaser #1\n", "utf-8", "LF"),
        (b"Titre\r\nTeaser #1\r\n", "utf-8", "CRLF"),
        (b"Titre\rTeaser #1\r", "utf-8", "CR"),
        (b"\xef\xbb\xbfTitre\nTeaser #1\n", "utf-8-sig", "LF"),
        ("Lettre d’été\r\nÀ lire « en vacances »… #1\r\n".encode("cp1252"), "cp1252", "CRLF"),
    ],
)
def test_encodings_and_line_ends(data: bytes, encoding: str, newline: str) -> None:
    from letter_book.convert.dump import issue_json

    source = issue_json(read_text(data))["source"]
    assert (source["encoding"], source["newline"]) == (encoding, newline)


def test_windows_1252_ellipsis_is_not_a_line_break() -> None:
    issue = read_text("Titre\r\nAttendez\x85 la suite #3\r\n".encode("latin-1"))
    assert issue.subtitle == "Attendez… la suite"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", Code.ISSUE_EMPTY),
        (b"\n  \n\t\n", Code.ISSUE_EMPTY),
        (b"\x89PNG\r\n\x1a\n\x00\x00", Code.FILE_BINARY),
    ],
)
def test_files_that_are_no_issue(data: bytes, code: Code) -> None:
    with pytest.raises(InputError) as caught:
        read_text(data)
    assert caught.value.code is code


def test_control_characters_are_removed_and_reported() -> None:
    diagnostics = Diagnostics()
    issue = read_text("Titre\x07\nTeaser #1\n", diagnostics=diagnostics)
    assert issue.title == "Titre"
    assert [str(d) for d in diagnostics.items] == [
        "issue.txt:1: control characters removed [letter_book.text.control-char]"
    ]


# -- overrides: roles forced on lines -----------------------------------------------------------


def test_forced_roles() -> None:
    text = "Titre\nTeaser #1\nPas un vrai titre de section\n" + PARA + "\nUne ligne de pub\n"
    issue = read_text(text, roles={3: "heading", 5: "boilerplate"})
    assert outline(issue) == [("Pas un vrai titre de section", [("paragraph", PARA)])]
    assert [(d.line, d.reason) for d in issue.dropped] == [(5, "override")]


@pytest.mark.parametrize(
    "line",
    [
        "Nous sommes 12 304 à lire cette lettre. Bienvenue aux 117 personnes arrivées cette semaine !",
        "🔭 Chaque jeudi, Nadia passe au crible une politique publique. Découvrir Boussole : À propos",
        "👋 Hi, I’m Sam and every Friday I write about the tools that run the internet.",
    ],
)
def test_more_header_boilerplate(line: str) -> None:
    issue = issue_of("Titre", "Teaser #1", line, "🧭 Au programme", PARA)
    assert [d.reason for d in issue.dropped] == ["boilerplate.pattern"]


@pytest.mark.parametrize(
    "line",
    [
        "On se retrouve jeudi prochain, avec un nouveau sujet.",
        "Bonne semaine à toutes et à tous !",
        "Et si la lettre vous a été utile, parlez-en autour de vous.",
        "Merci de m’avoir lu jusqu’ici 🙏",
        "Bon appétit, et à jeudi !",
        "Si Boussole vous a plu, laissez un ❤️ en bas de page : ça m’aide beaucoup.",
        "That’s all for this week!",
        "See you next Friday,",
    ],
)
def test_closing_boilerplate(line: str) -> None:
    issue = issue_of("Titre", "Teaser #1", "🎯 Le sujet", PARA, "💬 La phrase", "« Oui. »", line)
    assert [d.text for d in issue.dropped] == [line]


def test_boilerplate_above_the_title() -> None:
    issue = issue_of(
        "View this email in your browser",
        "The tiny tools",
        "A single maintainer. #93",
        "📰 This week",
        PARA,
    )
    assert (issue.title, issue.subtitle, issue.number) == (
        "The tiny tools",
        "A single maintainer.",
        93,
    )
    assert [(d.line, d.reason) for d in issue.dropped] == [(1, "boilerplate.pattern")]


def test_subheading_before_a_list_intro() -> None:
    issue = issue_of(
        "Title",
        "Teaser #1",
        "🎯 This week",
        "The catch",
        "Recovery is the hard part. Each vendor has its own answer:",
        "backups in another region",
        "a second provider",
    )
    assert [kind for kind, _ in outline(issue)[0][1]] == ["heading", "paragraph", "list"]
