"""Sphinx's XHTML chapters made into EPUB content documents.

The body Sphinx rendered is kept as it is; around it goes a head of our own
(language, title, the e-reader stylesheet), and every run of emoji is put in a
``<span class="emoji">`` so the stylesheet can give it the embedded emoji font
(e-ink readers have none of their own).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lxml import etree

from letter_book.publish.xhtml import main_content, wrap_emoji

XHTML = "http://www.w3.org/1999/xhtml"
EPUB = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True, slots=True)
class Document:
    """One content document of the EPUB."""

    file: str
    """Path inside the EPUB's content folder: ``issues/43-titre.xhtml``."""
    title: str
    xhtml: bytes
    sections: tuple[tuple[str, str], ...] = ()
    """``(id, title)`` of each level-2 section, for the navigation."""
    emoji: frozenset[str] = field(default_factory=frozenset)
    """Every character inside the document's emoji runs."""
    images: frozenset[str] = field(default_factory=frozenset)
    """The images it shows, relative to the EPUB's content folder (``_images/x.png``)."""


def _q(tag: str) -> str:
    return f"{{{XHTML}}}{tag}"


def new_document(
    title: str, language: str, stylesheet: str
) -> tuple[etree._Element, etree._Element]:
    """An empty XHTML document: its root and its body."""
    html = etree.Element(
        _q("html"),
        {"lang": language, XML_LANG: language},
        nsmap={None: XHTML, "epub": EPUB},  # type: ignore[dict-item]
    )
    head = etree.SubElement(html, _q("head"))
    etree.SubElement(head, _q("meta"), {"charset": "utf-8"})
    etree.SubElement(head, _q("title")).text = title
    etree.SubElement(
        head, _q("link"), {"rel": "stylesheet", "type": "text/css", "href": stylesheet}
    )
    return html, etree.SubElement(html, _q("body"))


def serialize(html: etree._Element) -> bytes:
    return etree.tostring(html, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>")


def from_sphinx(source: Path, file: str, title: str, language: str, stylesheet: str) -> Document:
    """The document Sphinx wrote at ``source``, as the EPUB's ``file``."""
    main = main_content(source)
    depth = len(PurePosixPath(file).parts) - 1
    html, body = new_document(title, language, "../" * depth + stylesheet)
    body.text = main.text
    body.extend(list(main))
    emoji = wrap_emoji(body)
    sections = tuple(
        (section.get("id", ""), "".join(str(t) for t in heading.itertext()).strip())
        for section in body.iter(_q("section"))
        if (heading := section.find(_q("h2"))) is not None and section.get("id")
    )
    folder = PurePosixPath(file).parent
    images = frozenset(
        posixpath.normpath((folder / img.get("src", "")).as_posix())
        for img in body.iter(_q("img"))
        if img.get("src") and "://" not in img.get("src", "")
    )
    return Document(file, title, serialize(html), sections, emoji, images)
