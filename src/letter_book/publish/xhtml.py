"""Reading what the ``letterbook-xhtml`` Sphinx builder wrote: the shared input of the
EPUB and the PDF.

The builder (:mod:`letter_book.sphinxext`) writes one XHTML page per document and
``reading-order.json``; here they are read back: the reading order, each page's
main content, and the emoji runs that need the emoji font.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from lxml import etree

from letter_book.errors import BuildError

READING_ORDER = "reading-order.json"

# A pictograph, then what may modify it (variation selectors, skin tones, keycap,
# tags), then more pictographs joined by ZWJ: one emoji as readers see it.
_PICTO = "\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff"
_MOD = "\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\u20e3\U000e0020-\U000e007f"
_EMOJI_RUN = re.compile(f"(?:[{_PICTO}][{_MOD}]*(?:\u200d[{_PICTO}][{_MOD}]*)*)+")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


@dataclass(frozen=True, slots=True)
class Page:
    """One document of the book, as the builder listed it."""

    docname: str
    """``issues/43-titre``, ``parts/2023``, ``index``."""
    file: str
    """The XHTML file, relative to the build folder: ``issues/43-titre.xhtml``."""
    title: str
    metadata: dict[str, Any]
    """The chapter's front matter (``issue_number``, ``issue_date``...), as strings."""
    children: tuple[str, ...]
    """Docnames its table of contents includes, in order."""


class Group(NamedTuple):
    """A page and the pages its table of contents lists: a year and its issues, an appendix
    and its years (none for an appendix of one page)."""

    page: Page
    children: tuple[Page, ...]


def title_under(title: str, parent: str) -> str:
    """A page's title as its parent's contents list it: without the parent's title before
    a ``·`` (``2024`` for the page ``Citations · 2024`` of the appendix ``Citations``)."""
    return title.removeprefix(f"{parent} · ")


@dataclass(frozen=True, slots=True)
class Book:
    """The home page, then each part with its issues, then the appendices, in reading order."""

    home: Page
    parts: tuple[Group, ...]
    appendices: tuple[Group, ...] = ()
    """Quotes, links, the index of names: the home page's other entries."""


def read_book(folder: Path) -> Book:
    path = folder / READING_ORDER
    if not path.is_file():
        raise BuildError(f"{folder}: no {READING_ORDER}; the XHTML build did not run")
    pages = {
        e["docname"]: Page(e["docname"], e["file"], e["title"], e["metadata"], tuple(e["children"]))
        for e in json.loads(path.read_text(encoding="utf-8"))
    }
    home = next(iter(pages.values()))
    groups = [Group(pages[p], tuple(pages[c] for c in pages[p].children)) for p in home.children]
    parts = tuple(g for g in groups if g.page.docname.startswith("parts/"))
    appendices = tuple(g for g in groups if not g.page.docname.startswith("parts/"))
    return Book(home, parts, appendices)


def issue_dates(book: Book) -> list[dt.date]:
    """The dates of the book's dated issues."""
    return [
        dt.date.fromisoformat(issue.metadata["issue_date"])
        for _part, issues in book.parts
        for issue in issues
        if "issue_date" in issue.metadata
    ]


def main_content(source: Path) -> etree._Element:
    """The ``<div role="main">`` of a page Sphinx wrote, made ready for a book."""
    root = etree.parse(str(source), _PARSER).getroot()
    main = root.find(".//{*}div[@role='main']")
    if main is None:
        raise BuildError(f"{source}: no <div role='main'>: not an XHTML page from Sphinx")
    for element in main.iterfind(".//*[@role='heading']"):
        # Sphinx marks toctree captions role="heading"; ARIA requires their level.
        if element.get("aria-level") is None:
            element.set("aria-level", "2")
    _simplify_index(main)
    return main


def _simplify_index(main: etree._Element) -> None:
    """Sphinx's index page, made a book's index: its letters' jump links removed, and its
    layout tables (columns for a screen) replaced by the lists they hold."""
    for box in main.iterfind(".//{*}div[@class='genindex-jumpbox']"):
        box.getparent().remove(box)  # type: ignore[union-attr]
    for table in main.iterfind(".//{*}table"):
        if "genindextable" not in table.get("class", "").split():
            continue
        lists = [
            ul for ul in table.iterfind("./{*}tr/{*}td/{*}ul") if ul.find("./{*}li") is not None
        ]
        for ul in lists:
            ul.set("class", "index-entries")
        parent = table.getparent()
        assert parent is not None
        position = parent.index(table)
        if lists:
            lists[-1].tail = table.tail
        parent[position : position + 1] = lists


def emoji_in(text: str) -> frozenset[str]:
    """The characters of the emoji runs in ``text``."""
    return frozenset("".join(_EMOJI_RUN.findall(text)))


def _split(text: str) -> tuple[str, list[tuple[str, str]]]:
    """``text`` as the part before the first emoji run, then (run, text after it) pairs."""
    if _EMOJI_RUN.search(text) is None:  # most text nodes: one scan, not two
        return text, []
    pieces = _EMOJI_RUN.split(text)
    runs = _EMOJI_RUN.findall(text)
    return pieces[0], list(zip(runs, pieces[1:], strict=True))


def wrap_emoji(root: etree._Element) -> frozenset[str]:
    """Put each run of emoji under ``root`` in a ``span.emoji`` (in ``root``'s namespace),
    so a stylesheet can give emoji their font; return the characters of the runs."""
    namespace = etree.QName(root).namespace
    tag = f"{{{namespace}}}span" if namespace else "span"
    found: set[str] = set()

    def span(run: str, tail: str) -> etree._Element:
        found.update(run)
        element = etree.Element(tag, {"class": "emoji"})
        element.text, element.tail = run, tail
        return element

    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue  # comments, processing instructions
        if element.text:
            lead, pairs = _split(element.text)
            if pairs:
                element.text = lead
                for index, (run, tail) in enumerate(pairs):
                    element.insert(index, span(run, tail))
        parent = element.getparent()
        if element.tail and parent is not None and element is not root:
            lead, pairs = _split(element.tail)
            if pairs:
                element.tail = lead
                position = parent.index(element)
                for offset, (run, tail) in enumerate(pairs, start=1):
                    parent.insert(position + offset, span(run, tail))
    return frozenset(found)
