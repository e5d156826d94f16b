"""Sphinx's XHTML chapters made into EPUB content documents.

The body Sphinx rendered is kept as it is; around it goes a head of our own
(language, title, the e-reader stylesheet), and every run of emoji is put in a
``<span class="emoji">`` so the stylesheet can give it the embedded emoji font
(e-ink readers have none of their own).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lxml import etree

XHTML = "http://www.w3.org/1999/xhtml"
EPUB = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# A pictograph, then what may modify it (variation selectors, skin tones, keycap,
# tags), then more pictographs joined by ZWJ: one emoji as readers see it.
_PICTO = "\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff"
_MOD = "\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\u20e3\U000e0020-\U000e007f"
_EMOJI_RUN = re.compile(f"(?:[{_PICTO}][{_MOD}]*(?:\u200d[{_PICTO}][{_MOD}]*)*)+")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)


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


def _q(tag: str) -> str:
    return f"{{{XHTML}}}{tag}"


def _split(text: str) -> tuple[str, list[tuple[str, str]]]:
    """``text`` as the part before the first emoji run, then (run, text after it) pairs."""
    pieces = _EMOJI_RUN.split(text)
    runs = _EMOJI_RUN.findall(text)
    return pieces[0], list(zip(runs, pieces[1:], strict=True))


def _span(run: str, tail: str) -> etree._Element:
    span = etree.Element(_q("span"), {"class": "emoji"})
    span.text, span.tail = run, tail
    return span


def wrap_emoji(root: etree._Element) -> frozenset[str]:
    """Put each run of emoji under ``root`` in a ``span.emoji``; return their characters."""
    found: set[str] = set()
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue  # comments, processing instructions
        if element.text:
            lead, pairs = _split(element.text)
            if pairs:
                element.text = lead
                for index, (run, tail) in enumerate(pairs):
                    element.insert(index, _span(run, tail))
                    found.update(run)
        parent = element.getparent()
        if element.tail and parent is not None and element is not root:
            lead, pairs = _split(element.tail)
            if pairs:
                element.tail = lead
                position = parent.index(element)
                for offset, (run, tail) in enumerate(pairs, start=1):
                    parent.insert(position + offset, _span(run, tail))
                    found.update(run)
    return frozenset(found)


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
    tree = etree.parse(str(source), _PARSER)
    main = tree.find(f".//{_q('div')}[@role='main']")
    if main is None:
        raise ValueError(f"{source}: no <div role='main'>: not an XHTML page from Sphinx")
    depth = len(PurePosixPath(file).parts) - 1
    html, body = new_document(title, language, "../" * depth + stylesheet)
    body.text = main.text
    body.extend(list(main))
    for element in body.iterfind(".//*[@role='heading']"):
        # Sphinx marks toctree captions role="heading"; ARIA requires their level.
        if element.get("aria-level") is None:
            element.set("aria-level", "2")
    emoji = wrap_emoji(body)
    sections = tuple(
        (section.get("id", ""), "".join(str(t) for t in heading.itertext()).strip())
        for section in body.iter(_q("section"))
        if (heading := section.find(_q("h2"))) is not None and section.get("id")
    )
    return Document(file, title, serialize(html), sections, emoji)
