"""Assembling a volume: ids made unique, links kept inside the document, addresses footnoted."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from lxml import html as lxml_html

from letter_book.config import Config, PdfConfig
from letter_book.publish.pdf import SINGLE_VOLUME_MAX, volumes
from letter_book.publish.pdf.assemble import Volume, assemble
from letter_book.publish.xhtml import Book, Group, Page, read_book

PAGE = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body>
<div class="body" role="main">{body}</div></body></html>"""


def write_build(folder: Path, pages: dict[str, tuple[str, list[str], str]]) -> None:
    order = []
    for docname, (title, children, body) in pages.items():
        path = folder / f"{docname}.xhtml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(body=body), encoding="utf-8")
        order.append(
            {
                "docname": docname,
                "file": f"{docname}.xhtml",
                "title": title,
                "metadata": {},
                "children": children,
            }
        )
    (folder / "reading-order.json").write_text(json.dumps(order), encoding="utf-8")


def test_links_and_ids(tmp_path: Path) -> None:
    write_build(
        tmp_path,
        {
            "index": ("Book", ["parts/2023", "parts/2024"], "<h1>Book</h1>"),
            "parts/2023": ("2023", ["issues/1-a"], "<h1>2023</h1>"),
            "issues/1-a": (
                "A",
                [],
                '<section id="s"><h1>A</h1>'
                '<p>See <a href="https://example.org/a b">the report</a> and '
                '<a href="2-b.xhtml#s">issue 2</a> and <a href="#s">above</a>.</p></section>',
            ),
            "parts/2024": ("2024", ["issues/2-b"], "<h1>2024</h1>"),
            "issues/2-b": (
                "B",
                [],
                '<section id="s"><h1>B</h1><p>🧭 Same id as in A.</p></section>',
            ),
        },
    )
    book = read_book(tmp_path)
    volume = Volume("book-2023", "2023", book.parts[:1])
    assembled = assemble(book.home, volume, tmp_path, Config())
    emoji = assembled.emoji
    document = lxml_html.fromstring(assembled.html())
    assert [a.get("id") for a in document.iter("article")] == ["index", "parts-2023", "issues-1-a"]
    assert document.get_element_by_id("issues-1-a--s") is not None
    links = {a.text_content(): (a.get("href"), a.get("class")) for a in document.iter("a")}
    assert links["the report"] == ("https://example.org/a%20b", "external")
    assert "issue 2" not in links  # in another volume: the text stays, as a span
    assert [span.text_content() for span in document.iter("span")][-1:] == ["issue 2"]
    assert links["above"] == ("#issues-1-a--s", "internal")
    [note] = document.find_class("url-note")
    assert note.text == "https://example.org/a b" and note.tail == " and "
    assert emoji == frozenset()  # issue B, with its emoji, is not in this volume
    assert "2023" in [p.text for p in document.find_class("volume")]


def test_a_years_volume_reads_its_years_appendix_pages_only(tmp_path: Path) -> None:
    """``pdf.volumes = "year"``: each volume takes its own year of an appendix split by
    year, none when that year has nothing in it, and a one-page appendix as it is."""
    quote = (
        '<blockquote><p>Q{n}</p></blockquote><p class="quote-source"><a href="{href}">{n}</a></p>'
    )
    write_build(
        tmp_path,
        {
            "index": (
                "Book",
                ["parts/2023", "parts/2024", "parts/undated", "appendices/quotes", "genindex"],
                "",
            ),
            "parts/2023": ("2023", ["issues/1-a"], "<h1>2023</h1>"),
            "issues/1-a": ("A", [], '<section id="issue-1"><h1>A</h1></section>'),
            "parts/2024": ("2024", ["issues/2-c"], "<h1>2024</h1>"),
            "issues/2-c": ("C", [], '<section id="issue-2"><h1>C</h1></section>'),
            "parts/undated": ("Sans date", ["issues/b"], "<h1>Sans date</h1>"),
            "issues/b": ("B", [], '<section id="issue-b"><h1>B</h1></section>'),
            "appendices/quotes": (
                "Citations",
                ["appendices/quotes/2023", "appendices/quotes/undated"],
                "<h1>Citations</h1>",
            ),
            "appendices/quotes/2023": (
                "Citations · 2023",
                [],
                "<section><h1>Citations · 2023</h1>"
                + quote.format(n=1, href="../../issues/1-a.xhtml#issue-1")
                + "</section>",
            ),
            "appendices/quotes/undated": (
                "Citations · Sans date",
                [],
                "<section><h1>Citations · Sans date</h1>"
                + quote.format(n=2, href="../../issues/b.xhtml#issue-b")
                + "</section>",
            ),
            "genindex": ("Index", [], '<h1>Index</h1><p><a href="issues/b.xhtml">B</a></p>'),
        },
    )
    config = replace(Config(), pdf=PdfConfig(volumes="year"))
    book = read_book(tmp_path)
    in_2023, in_2024, undated = volumes(config, book)

    def appendices(volume: Volume) -> list[tuple[str, list[str]]]:
        return [(g.page.docname, [c.docname for c in g.children]) for g in volume.appendices]

    assert appendices(in_2023) == [
        ("appendices/quotes", ["appendices/quotes/2023"]),
        ("genindex", []),
    ]
    assert appendices(in_2024) == [("genindex", [])]  # no quote in 2024
    assert appendices(undated) == [
        ("appendices/quotes", ["appendices/quotes/undated"]),
        ("genindex", []),
    ]
    # In its year's volume, the appendix's year goes unsaid: the appendix's title and running
    # head are enough.
    document = lxml_html.fromstring(assemble(book.home, in_2023, tmp_path, config).html())
    [year] = [a for a in document.iter("article") if a.get("class") == "appendix-year"]
    assert year.find(".//h1") is None and year.get("data-running") == "Citations"
    assert "Q1" in year.text_content()
    contents = [a.text_content() for a in document.get_element_by_id("toc").iter("a")]
    assert contents == ["2023", "A", "Citations"]  # the index has nothing about issue A
    # In the whole book's volume, the year is a heading and an entry of the contents (under
    # the appendix: its title without the appendix's).
    whole = replace(config, pdf=PdfConfig(volumes="single"))
    [volume] = volumes(whole, book)
    document = lxml_html.fromstring(assemble(book.home, volume, tmp_path, whole).html())
    contents = [a.text_content() for a in document.get_element_by_id("toc").iter("a")]
    assert contents == [
        "2023", "A", "2024", "C", "Sans date", "B",
        "Citations", "2023", "Sans date", "Index",
    ]  # fmt: skip


def test_auto_volumes_are_one_pdf_up_to_a_hundred_issues(tmp_path: Path) -> None:
    """``pdf.volumes = "auto"``, the default: past :data:`SINGLE_VOLUME_MAX` issues, a
    single PDF would be thousands of pages: one a year."""

    def page(docname: str) -> Page:
        return Page(docname, f"{docname}.xhtml", docname, {}, ())

    def book(issues: int) -> Book:
        first = tuple(page(f"issues/{n}") for n in range(issues - 1))
        return Book(
            page("index"),
            (Group(page("parts/2023"), first), Group(page("parts/2024"), (page("issues/z"),))),
        )

    assert Config().pdf.volumes == "auto"
    names = {n: [v.name for v in volumes(Config(), book(n))] for n in (1, 100, 101)}
    assert names == {
        1: ["newsletter"],
        100: ["newsletter"],
        101: ["newsletter-2023", "newsletter-2024"],
    }
    assert SINGLE_VOLUME_MAX == 100
    # Said outright, either way at any size.
    for setting, expected in (
        ("single", ["newsletter"]),
        ("year", ["newsletter-2023", "newsletter-2024"]),
    ):
        config = replace(Config(), pdf=PdfConfig(volumes=setting))
        assert [v.name for v in volumes(config, book(1))] == expected
        assert [v.name for v in volumes(config, book(101))] == expected
