"""Assembling a volume: ids made unique, links kept inside the document, addresses footnoted."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import html as lxml_html

from letter_book.config import Config
from letter_book.pdf.assemble import Volume, assemble
from letter_book.xhtml import read_book

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
