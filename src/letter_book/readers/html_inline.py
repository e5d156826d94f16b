"""HTML elements to the model's rich text: inline styles, links, and paragraphs.

The HTML reader (:mod:`.html`) maps an issue's blocks; the text inside them is
flattened here: white space folded as a browser shows it (no-break spaces
kept), emphasis, strong and code kept as marks, link addresses kept, and the
words of neighbouring blocks never run together.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from letter_book.model import Inline, Mark, Span

BLOCK_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "table",
    "figure", "img", "hr", "div", "section", "article", "main", "header", "footer",
    "nav", "aside", "dl", "details", "center",
}  # fmt: skip
# Elements whose text must not run into their neighbours' when flattened into one line.
_SEPARATED = (BLOCK_TAGS - {"img"}) | {"li", "dt", "dd", "summary", "tr", "td", "th", "figcaption"}
SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML white space; never the no-break spaces
_STYLE = {"em": Mark.EMPHASIS, "i": Mark.EMPHASIS, "cite": Mark.EMPHASIS,
          "strong": Mark.STRONG, "b": Mark.STRONG,
          "code": Mark.CODE, "kbd": Mark.CODE, "samp": Mark.CODE, "tt": Mark.CODE}  # fmt: skip


def text_content(element: etree._Element) -> str:
    """All the text under ``element``, tags ignored."""
    return "".join(str(t) for t in element.itertext())


def source_line(element: etree._Element) -> int:
    """The line of its file ``element`` starts on (lxml's ``sourceline``; 0 where lxml
    does not know it)."""
    line = element.sourceline
    return line if isinstance(line, int) else 0


def flat_text(element: etree._Element) -> str:
    return SPACE.sub(" ", text_content(element)).strip(" ")


def remove(element: etree._Element) -> None:
    """Take ``element`` out of its parent, keeping the text that follows it (its tail)."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + " " + element.tail
        else:
            parent.text = (parent.text or "") + " " + element.tail
    parent.remove(element)


def paragraphs_of(element: etree._Element) -> list[Inline]:
    """The content of ``element`` as paragraphs: one per block child, and one for each run
    of text and inline elements between them."""
    paragraphs: list[Inline] = []
    holder = lxml_html.Element("p")

    def flush() -> None:
        nonlocal holder
        if content := inline(holder):
            paragraphs.append(content)
        holder = lxml_html.Element("p")

    holder.text = element.text
    for child in list(element):
        tail, child.tail = child.tail, None
        if isinstance(child.tag, str) and child.tag in BLOCK_TAGS:
            flush()
            paragraphs.extend(
                paragraphs_of(child) if child.tag in ("div", "section") else [inline(child)]
            )
        else:
            holder.append(child)
        if tail:
            if len(holder):
                holder[-1].tail = (holder[-1].tail or "") + tail
            else:
                holder.text = (holder.text or "") + tail
    flush()
    return [p for p in paragraphs if p]


def inline(element: etree._Element) -> Inline:
    """The rich text of an element: styles and link addresses kept, white space folded."""
    spans: list[Span] = []

    def add(text: str | None, marks: frozenset[Mark], href: str | None) -> None:
        text = SPACE.sub(" ", text or "")
        if spans and spans[-1].text.endswith(" ") and text.startswith(" "):
            text = text[1:]  # white space between words folds to one space, as HTML shows it
        if text:
            spans.append(Span(text, marks, href))

    def walk(node: etree._Element, marks: frozenset[Mark], href: str | None) -> None:
        add(node.text, marks, href)
        for child in node:
            if not isinstance(child.tag, str):
                add(child.tail, marks, href)
                continue
            if child.tag == "br":
                add(" ", marks, href)
            elif child.tag in _SEPARATED:  # a block inside text: keep the words apart
                add(" ", marks, href)
                walk(child, marks, href)
                add(" ", marks, href)
            elif child.tag == "img":
                add(child.get("alt") or "", marks, href or child.get("src"))
            else:
                style = _STYLE.get(child.tag)
                link = child.get("href") if child.tag == "a" else None
                walk(child, marks | {style} if style else marks, link or href)
            add(child.tail, marks, href)

    walk(element, frozenset(), None)
    return trim(tuple(spans))


def trim(content: Inline) -> Inline:
    """Rich text without white space at either end."""
    spans = list(content)
    while spans and not spans[0].text.strip(" "):
        spans.pop(0)
    while spans and not spans[-1].text.strip(" "):
        spans.pop()
    if spans:
        spans[0] = Span(spans[0].text.lstrip(" "), spans[0].marks, spans[0].href)
        spans[-1] = Span(spans[-1].text.rstrip(" "), spans[-1].marks, spans[-1].href)
    return tuple(spans)
