"""Bare addresses in the text become links, in the model and in every output."""

from __future__ import annotations

import re
import zipfile
from html import unescape
from pathlib import Path
from urllib.parse import unquote

import pymupdf
import pytest

from letter_book.model import Mark, Paragraph, Span
from letter_book.publish.check import run_epubcheck
from letter_book.transforms.links import _inline

from .conftest import make_project, run
from .helpers import PARA, issue_text, write


def _linked(text: str, marks: frozenset[Mark] = frozenset()) -> list[tuple[str, str | None]]:
    return [(s.text, s.href) for s in _inline((Span(text, marks),))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            ">> L'annuaire : https://annuaire.cnll.fr",
            [(">> L'annuaire : ", None), ("https://annuaire.cnll.fr", "https://annuaire.cnll.fr")],
        ),
        (
            "« https://exemple.fr/a… »",
            [("« ", None), ("https://exemple.fr/a", "https://exemple.fr/a"), ("… »", None)],
        ),
        (
            "Voir Www.Example.org ici",
            [("Voir ", None), ("Www.Example.org", "http://Www.Example.org"), (" ici", None)],
        ),
        (
            "Voir www.example.org.",
            [("Voir ", None), ("www.example.org", "http://www.example.org"), (".", None)],
        ),
        (
            "Écrivez à ines@example.fr !",
            [("Écrivez à ", None), ("ines@example.fr", "mailto:ines@example.fr"), (" !", None)],
        ),
        (
            "(https://fr.wikipedia.org/wiki/Test_(x)), puis http://a.example/b?c=1&d=2…",
            [
                ("(", None),
                (
                    "https://fr.wikipedia.org/wiki/Test_(x)",
                    "https://fr.wikipedia.org/wiki/Test_(x)",
                ),
                ("), puis ", None),
                ("http://a.example/b?c=1&d=2", "http://a.example/b?c=1&d=2"),
                ("…", None),
            ],
        ),
    ],
)
def test_bare_addresses_become_links_and_the_text_around_stays(
    text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert _linked(text) == expected
    assert "".join(piece for piece, _ in expected) == text


@pytest.mark.parametrize(
    "text",
    [
        "Le fichier rapport.pdf et example.com ne sont pas des adresses écrites.",
        "ftp://files.example.org/a et //cdn.example.org/b ne sont pas pris.",
        "Une phrase sans adresse, avec un arobase @ seul.",
    ],
)
def test_what_is_no_web_or_mail_address_stays_text(text: str) -> None:
    assert _linked(text) == [(text, None)]


def test_code_and_links_already_are_left_alone() -> None:
    code = Span("https://example.org/api", frozenset({Mark.CODE}))
    link = Span("le site https://example.org", href="https://example.org/autre")
    assert _inline((code, link)) == (code, link)


def test_the_plain_text_reader_links_addresses_in_paragraphs_not_in_headings(
    tmp_path: Path,
) -> None:
    from letter_book.config import Config
    from letter_book.convert.archive import read_archive

    write(
        tmp_path,
        "2024-03-12-liens.txt",
        issue_text(
            12,
            PARA,
            "🔗 Les liens de https://exemple.fr",
            f"{PARA} Tout est sur https://exemple.fr/a.",
        ),
    )
    [entry] = read_archive(tmp_path, Config()).entries
    blocks = [b for s in entry.issue.sections for b in s.blocks]
    hrefs = [s.href for b in blocks if isinstance(b, Paragraph) for s in b.content if s.href]
    assert hrefs == ["https://exemple.fr/a"]
    titles = [s.title for s in entry.issue.sections if s.title]
    assert all(span.href is None for title in titles for span in title)


def test_markdown_text_gets_links_where_it_has_none(tmp_path: Path) -> None:
    from letter_book.config import Config
    from letter_book.convert.archive import read_archive

    write(
        tmp_path,
        "2024-03-12-liens.md",
        "# Titre\n\nLe site https://exemple.fr/a et [le lien](https://exemple.fr/b) déjà fait.\n",
    )
    [entry] = read_archive(tmp_path, Config()).entries
    spans = [s for sec in entry.issue.sections for b in sec.blocks for s in b.content]  # type: ignore[attr-defined]
    assert [(s.text, s.href) for s in spans if s.href] == [
        ("https://exemple.fr/a", "https://exemple.fr/a"),
        ("le lien", "https://exemple.fr/b"),
    ]


@pytest.mark.sphinx
def test_addresses_are_links_in_the_site_the_epub_and_the_pdf(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    body = (
        f"{PARA}",
        ">> L'annuaire : https://annuaire.cnll.fr",
        f"{PARA} Le rapport est sur www.example.org/rapport, écrivez à ines@example.fr : merci.",
        f"{PARA} Le salon : https://riot.im/app/#/room/#etalab:matrix.org et https://école.fr/été.",
    )
    write(archive, "2024-03-12-liens.txt", issue_text(12, *body))
    write(archive, "2024-03-19-autre.txt", issue_text(13, PARA))
    (tmp_path / "project").mkdir()
    project = make_project(tmp_path / "project", archive)
    run("build", cwd=project)
    chapter = (project / "book" / "issues" / "12-titre-12.md").read_text(encoding="utf-8")
    # The address as written, and French spacing before the colon after it, not inside it.
    assert "[ines@example.fr](<mailto:ines@example.fr>)\xa0: merci." in chapter
    assert "[https://annuaire.cnll.fr](<https://annuaire.cnll.fr>)" in chapter
    wanted = {
        "https://annuaire.cnll.fr",
        "http://www.example.org/rapport",
        "mailto:ines@example.fr",
    }
    html = next((project / "build" / "html" / "issues").glob("*12*.html")).read_text("utf-8")
    # Sphinx writes e-mail addresses cloaked (entities, %40): the same address.
    hrefs = {unquote(unescape(href)) for href in re.findall(r'href="([^"]+)"', html)}
    assert wanted <= hrefs
    # As a URL may hold them: the second "#" escaped, the host in IDNA, the path encoded.
    normalised = {
        "https://riot.im/app/#/room/%23etalab:matrix.org",
        "https://xn--cole-9oa.fr/%C3%A9t%C3%A9",
    }
    assert normalised <= {unescape(href) for href in re.findall(r'href="([^"]+)"', html)}
    assert "https://annuaire.cnll.fr</a>" in html  # the address shown as written
    assert "riot.im/app/#/room/#etalab:matrix.org</a>" in html  # shown as written
    [epub] = (project / "build" / "epub").glob("*.epub")
    result = run_epubcheck(epub)
    assert result.findings == (), result.summary()
    with zipfile.ZipFile(epub) as book:
        xhtml = "".join(
            book.read(name).decode() for name in book.namelist() if name.endswith(".xhtml")
        )
    assert wanted <= {unquote(unescape(h)) for h in re.findall(r'href="([^"]+)"', xhtml)}
    assert normalised <= {unescape(h) for h in re.findall(r'href="([^"]+)"', xhtml)}
    [pdf] = (project / "build" / "pdf").glob("*.pdf")
    with pymupdf.open(pdf) as document:
        raw = {link.get("uri", "") for page in document for link in page.get_links()}
    assert wanted <= {unquote(uri) for uri in raw}
    assert normalised <= raw
