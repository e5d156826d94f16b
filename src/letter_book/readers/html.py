"""HTML to the issue model: the reader of saved web pages and platform post bodies, and the
last step of the Markdown, export, email and feed readers.

The HTML is sanitised first (nh3: scripts, styles, event handlers, frames,
forms and unsafe addresses are gone), then only its content is kept: the
``<article>`` or ``<main>`` of a whole page, without navigation, headers,
footers, subscribe boxes and share buttons, which are set aside and reported.
What remains maps onto the model: headings (renumbered from the top level
found, so an issue's own headings never outrank the book's), paragraphs,
lists, block quotes, figures, code, tables, and inline links and styles.

Each block keeps the line of the file it starts on: before sanitising, every element
is marked with its line (lxml's ``sourceline``) in a ``data-line`` attribute, which
survives sanitising and is read by the converter; readers that make HTML from another
source (Markdown, a Mailchimp campaign) mark the lines themselves. The lines are what
warnings name and what an override's ``[lines]`` table points at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

import nh3
from lxml import etree
from lxml import html as lxml_html

from letter_book.diagnostics import Code as Diagnostic
from letter_book.errors import InputError
from letter_book.model import (
    Block,
    Code,
    Dropped,
    Figure,
    Heading,
    Inline,
    Issue,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Section,
    Source,
    Span,
    Table,
    flatten,
)
from letter_book.readers.base import Metadata, ReadContext
from letter_book.readers.decode import BinaryFileError, decode, remove_controls
from letter_book.readers.html_inline import (
    BLOCK_TAGS,
    SPACE,
    flat_text,
    inline,
    paragraphs_of,
    remove,
    source_line,
    text_content,
    trim,
)
from letter_book.reasons import LineReason
from letter_book.urls import is_tracking

_ALLOWED_TAGS = BLOCK_TAGS | {
    "a", "em", "i", "strong", "b", "code", "kbd", "samp", "tt", "br", "span", "sup", "sub",
    "u", "s", "del", "ins", "mark", "small", "abbr", "cite", "q", "li", "dt", "dd",
    "figcaption", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "summary",
    "body", "time",
}  # fmt: skip
LINE = "data-line"
"""The attribute that carries an element's line in the file (:func:`mark_lines`)."""
_ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", LINE},
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},  # sizes tell tracking pixels
    "code": {"class"},
    "pre": {"class"},
}
# Class names (or parts of them) that mark the page's chrome rather than the issue.
_CHROME = re.compile(
    r"subscri|button-wrapper|share|social|footer|header|navbar|nav-|sidebar|"
    r"comments?-|newsletter-signup|signup|paywall|promo|unsubscribe|preferences",
    re.IGNORECASE,
)
_CHROME_TAGS = {"nav", "header", "footer", "aside", "form", "button"}
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)


@dataclass
class Converted:
    """What the HTML of an issue became."""

    title: str | None
    """The text of a leading ``<h1>``, taken out of the content, if there was one."""
    sections: list[Section] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    controls: bool = False
    """Control characters (written as character references) were removed."""
    unapplied: dict[int, str] = field(default_factory=dict)
    """The override's roles that no block of the HTML could take, by line."""


def sanitise(html: str) -> str:
    """The HTML with only harmless tags and attributes, and only http(s)/mailto links."""
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
        # Tags whose text is not the page's: the <title> is read apart (page_title).
        clean_content_tags={"script", "style", "title", "noscript", "template"},
    )


def _classes(element: etree._Element) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"


def _is_chrome(element: etree._Element) -> bool:
    return element.tag in _CHROME_TAGS or bool(_CHROME.search(_classes(element)))


def _content_root(document: etree._Element) -> etree._Element:
    for tag in ("article", "main"):
        found = document.find(f".//{tag}")
        if found is not None:
            return found
    body = document.find(".//body")
    return body if body is not None else document


_ICON = re.compile(r"emoji|smiley|icon", re.IGNORECASE)
ICON_SIZE = 48
"""Pixels: an image this narrow or less, by its attributes, is an icon in the text, not a
picture of its own."""


def _is_picture(image: etree._Element) -> bool:
    """Whether an image inside text is a picture to show (not an emoji, an icon or a
    tracking pixel, which stay in the text as their alternative text or are set aside)."""
    source = image.get("src") or ""
    width, height = image.get("width") or "", image.get("height") or ""
    if not source or is_tracking(source, width, height) or _ICON.search(_classes(image)):
        return False
    return not any(size.isdigit() and int(size) <= ICON_SIZE for size in (width, height))


def _lift(image: etree._Element, paragraph: etree._Element) -> None:
    """Make ``image`` a child of ``paragraph`` where only inline elements that hold nothing
    else (``<a href><img></a>``, a link to the image itself) stand between them."""
    holder = image
    while (parent := holder.getparent()) is not None and parent is not paragraph:
        if (parent.text or "").strip() or len(parent) != 1 or (holder.tail or "").strip():
            return  # the link or the style holds text too: the image stays in it
        holder = parent
    if holder is image:
        return
    image.tail = holder.tail
    holder.addprevious(image)
    paragraph.remove(holder)


def _is_local(source: str) -> bool:
    """A relative address: an image beside the issue (absolute paths never are)."""
    return bool(source) and not urlsplit(source).scheme and not source.startswith(("/", "\\"))


def mark_lines(document: etree._Element, first_line: int = 1, one_line: bool = False) -> None:
    """Mark each element of ``document`` with the line of the file it starts on
    (:data:`LINE`), for a document whose first line is ``first_line`` of its file; with
    ``one_line``, a document that is one line of its file (a string of a JSON record, an
    encoded email part): every element is on ``first_line``."""
    for element in document.iter():
        if isinstance(element.tag, str) and (line := source_line(element)):
            element.set(LINE, str(first_line if one_line else line + first_line - 1))


def _marked(html: str, first_line: int, one_line: bool) -> str:
    """``html`` with each element marked with its line (:func:`mark_lines`)."""
    try:
        document = lxml_html.document_fromstring(_DECLARATION.sub("", html, count=1))
    except (etree.ParserError, ValueError):
        return html  # nothing to parse: no lines to mark
    mark_lines(document, first_line, one_line)
    return str(lxml_html.tostring(document, encoding="unicode"))


def _text_of(block: Block) -> str:
    """The plain text of a block, for the report."""
    match block:
        case Paragraph() | Heading():
            return flatten(block.content)
        case Figure():
            return flatten(block.caption) or block.alt
        case ListBlock():
            return " / ".join(flatten(item.content) for item in block.items)
        case Quote():
            return " ".join(flatten(p) for p in block.paragraphs)
        case Code():
            return block.text
        case Table():
            return " | ".join(flatten(cell) for row in block.rows for cell in row)
    return ""


_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")  # lxml refuses it in a str


class _Converter:
    def __init__(self, top_level: int, roles: Mapping[int, str]) -> None:
        self.top = top_level
        self.roles = roles
        self.sections: list[Section] = []
        self.title: Inline | None = None
        self.title_line = 0
        self.blocks: list[Block] = []
        self.dropped: list[Dropped] = []
        self.applied: set[int] = set()
        """The lines whose role the override forced."""
        self.line = 0

    def _line(self, element: etree._Element | None) -> int:
        """The line ``element`` starts on: its own mark, else its first marked descendant's
        (a ``<pre>`` around a marked ``<code>``), else its nearest marked ancestor's; else
        the last line seen."""
        if element is not None:
            marked = element if element.get(LINE) else element.find(f".//*[@{LINE}]")
            if marked is None:
                marked = next((a for a in element.iterancestors() if a.get(LINE)), None)
            value = marked.get(LINE, "") if marked is not None else ""
            if value.isdigit():
                self.line = int(value)
        return self.line

    def close_section(self) -> None:
        if self.blocks or self.title is not None:
            self.sections.append(Section(self.title, tuple(self.blocks), self.title_line))
        self.blocks = []

    def add(self, block: Block) -> None:
        """Add ``block``, with the role the override forces on its line, if any: set aside
        (``boilerplate``), a section's title (``heading``), a sub-heading (``subheading``)
        or a paragraph (``paragraph``)."""
        role = self.roles.get(block.line)
        if role == "boilerplate":
            self.applied.add(block.line)
            self.dropped.append(Dropped(block.line, _text_of(block), LineReason.OVERRIDE))
        elif role == "heading" and isinstance(block, Paragraph | Heading):
            self.applied.add(block.line)
            self.section_title(block.content, block.line)
        elif role == "subheading" and isinstance(block, Paragraph):
            self.applied.add(block.line)
            self.blocks.append(Heading(block.content, block.line))
        elif role == "paragraph" and isinstance(block, Heading):
            self.applied.add(block.line)
            self.blocks.append(Paragraph(block.content, block.line))
        else:
            self.blocks.append(block)

    def section_title(self, content: Inline, line: int) -> None:
        if self.roles.get(line) == "paragraph":
            self.applied.add(line)
            self.blocks.append(Paragraph(content, line))
            return
        self.close_section()
        self.title = content
        self.title_line = line

    def container(self, element: etree._Element) -> None:
        """Convert the children of a block container, loose text becoming paragraphs."""
        loose: list[etree._Element | str] = []

        def flush() -> None:
            holder = lxml_html.Element("p")
            first = next((p for p in loose if not isinstance(p, str)), element)
            for piece in loose:
                if isinstance(piece, str):
                    if len(holder):
                        holder[-1].tail = (holder[-1].tail or "") + piece
                    else:
                        holder.text = (holder.text or "") + piece
                else:
                    holder.append(piece)
            content = inline(holder)
            if content:
                self.add(Paragraph(content, self._line(first)))
            loose.clear()

        if element.text and element.text.strip():
            loose.append(element.text)
        for child in list(element):
            tail = child.tail
            child.tail = None
            if isinstance(child.tag, str) and child.tag in BLOCK_TAGS:
                flush()
                self.block(child)
            elif isinstance(child.tag, str):
                loose.append(child)
            if tail and tail.strip():
                loose.append(tail)
        flush()

    def block(self, element: etree._Element) -> None:
        tag = element.tag
        if _is_chrome(element):
            text = flat_text(element)
            if text:
                self.dropped.append(Dropped(self._line(element), text, LineReason.HTML_CHROME))
            return
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading(int(tag[1]), inline(element), self._line(element))
        elif tag == "p":
            images = element.findall(".//img")
            if images and not flat_text(element):
                for picture in images:
                    self.figure(picture, None)
                return
            pictures = [image for image in images if _is_picture(image)]
            if pictures:
                # Pictures between lines of text (a caption written after its image, as
                # WordPress and Ghost posts do): the text runs around them become paragraphs
                # and each picture a figure, in order.
                for picture in pictures:
                    _lift(picture, element)
                self.container(element)
            elif content := inline(element):
                self.add(Paragraph(content, self._line(element)))
        elif tag in ("ul", "ol"):
            self.list(element)
        elif tag == "blockquote":
            self.quote(element)
        elif tag == "pre":
            code = element.find("code")
            source = code if code is not None else element
            for line_break in source.iter("br"):
                line_break.tail = "\n" + (line_break.tail or "")
            language = re.search(r"(?:lang|language)-([\w+-]+)", _classes(source))
            self.add(
                Code(
                    text_content(source),
                    self._line(element),
                    language.group(1) if language else None,
                )
            )
        elif tag == "table" and _is_layout(element):
            # An email's layout: the cells hold the text, read in order.
            for cell in element.iter("td", "th"):
                if next(cell.iterancestors("table"), None) is element:
                    self.container(cell)
        elif tag == "table":
            self.table(element)
        elif tag in ("figure", "img"):
            images = [element] if tag == "img" else element.findall(".//img")
            caption = element.find(".//figcaption") if tag == "figure" else None
            for index, image in enumerate(images):  # the caption goes with the last image
                self.figure(image, caption if index == len(images) - 1 else None)
            if not images and caption is not None and (content := inline(caption)):
                self.add(Figure(content, self._line(caption)))
        elif tag == "hr":
            return
        else:  # div, section, dl, details...: their children carry the content
            self.container(element)

    def heading(self, level: int, content: Inline, line: int) -> None:
        if not content:
            return
        if level <= self.top:
            self.section_title(content, line)
        else:
            self.add(Heading(content, line, min(6, 3 + level - self.top - 1)))

    def list(self, element: etree._Element) -> None:
        if (block := self._list(element, 0)) is not None:
            self.add(block)

    def _list(self, element: etree._Element, depth: int) -> ListBlock | None:
        """The list ``element``, its nested lists kept nested (deeper than
        :data:`LIST_DEPTH`, they are items of the deepest)."""
        items: list[ListItem] = []
        line = self._line(element)
        for item in element.findall("li"):
            nested = [n for n in item if n.tag in ("ul", "ol")]
            for n in nested:
                remove(n)
            content = inline(item)
            item_line = self._line(item)
            children = [self._list(n, depth + 1) for n in nested]
            lists = tuple(c for c in children if c is not None)
            if depth >= LIST_DEPTH:  # too deep: the nested items follow as siblings
                items += [ListItem(content, item_line)] if content else []
                items += [i for c in lists for i in c.items]
            elif content or lists:
                items.append(ListItem(content, item_line, children=lists))
        if not items:
            return None
        start = int(element.get("start", "1")) if element.get("start", "1").isdigit() else 1
        return ListBlock(tuple(items), line, element.tag == "ol", start)

    def quote(self, element: etree._Element) -> None:
        attribution: Inline | None = None
        for tag in ("footer", "cite"):
            found = element.find(tag)  # a child of the quote; a <cite> in its text stays
            if found is not None:  # a <footer> in a quote is its attribution, not chrome
                attribution = inline(found)
                remove(found)
                break
        paragraphs = paragraphs_of(element)
        if paragraphs and attribution is None:
            last = flatten(paragraphs[-1])
            if last[:1] in "—–-" and len(paragraphs) > 1:
                attribution = trim((Span(last.lstrip("—–- ")),))
                paragraphs.pop()
        if paragraphs:
            line = self._line(element)
            self.add(Quote(tuple(paragraphs), line, attribution, line if attribution else 0))

    def figure(self, image: etree._Element, caption: etree._Element | None) -> None:
        source = image.get("src") or ""
        alt = image.get("alt") or ""
        if caption is None and is_tracking(source, image.get("width"), image.get("height")):
            self.dropped.append(Dropped(self._line(image), source, LineReason.TRACKING_PIXEL))
            return
        text = inline(caption) if caption is not None else ()
        if _is_local(source):
            # A local image, beside the issue: the archive checks and copies it.
            self.add(Figure(text, self._line(image), image=unquote(source), alt=alt))
            return
        # A remote image is a link to it with its alt text until the archive fetches it.
        label = (Span(alt or source, href=source or None),) if source else ()
        content = trim((*label, *((Span(" — "),) if label and text else ()), *text))
        if content:
            remote = source if urlsplit(source).scheme in ("http", "https") else None
            self.add(Figure(content, self._line(image), alt=alt, remote=remote))

    def table(self, element: etree._Element) -> None:
        rows = []
        header = False
        for index, row in enumerate(element.iter("tr")):
            cells = [c for c in row if c.tag in ("td", "th")]
            if index == 0:
                header = all(c.tag == "th" for c in cells) and bool(cells)
            rows.append(tuple(inline(c) for c in cells))
        if rows and any(rows):
            self.add(Table(tuple(rows), self._line(element), header))


_LAYOUT_CONTENT = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote")


def _is_layout(table: etree._Element) -> bool:
    """Whether a table lays out a page (an email's columns) rather than holding data: it
    says so (``role="presentation"``), or its cells hold paragraphs, headings, lists or
    tables."""
    if (table.get("role") or "").lower() in ("presentation", "none"):
        return True
    return any(
        child.tag in _LAYOUT_CONTENT for cell in table.iter("td", "th") for child in cell.iter()
        if child is not cell
    )  # fmt: skip


def comments_of(html: str) -> Iterator[str]:
    """The text of the HTML comments, which sanitising drops (they are reported)."""
    for match in _COMMENT.finditer(html):
        text = " ".join(match.group(1).split())
        if text:
            yield text


def convert(
    html: str,
    *,
    title_from_h1: bool = True,
    first_line: int | None = 1,
    one_line: bool = False,
    roles: Mapping[int, str] | None = None,
) -> Converted:
    """The sections of an HTML page or fragment, and what was set aside.

    With ``title_from_h1``, a first ``<h1>`` before any other content is the
    issue's title and leaves the content. ``first_line``: the line of its file the HTML
    starts on, for the blocks' lines (with ``one_line``, the line all of it is on);
    None when the caller marked the lines itself (:func:`mark_lines`). ``roles``: the
    roles an override forces on lines (:meth:`_Converter.add` says which apply to HTML).
    """
    dropped = [Dropped(0, text, LineReason.HTML_COMMENT) for text in comments_of(html)]
    clean = sanitise(html if first_line is None else _marked(html, first_line, one_line))
    if not clean.strip():
        return Converted(None, [], dropped)
    document = lxml_html.document_fromstring(f"<html><body>{clean}</body></html>")
    controls = False
    for node in document.iter():  # character references (&#x1;) parse into control characters
        for attribute in ("text", "tail"):
            value = getattr(node, attribute)
            if value and (cleaned := remove_controls(value)) != value:
                setattr(node, attribute, cleaned)
                controls = True
    root = _content_root(document)
    title = None
    first = next((e for e in root.iter() if isinstance(e.tag, str) and e is not root), None)
    if title_from_h1 and first is not None and first.tag == "h1":
        title = flat_text(first) or None
        remove(first)
    levels = [int(h.tag[1]) for h in root.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    converter = _Converter(min(levels, default=2), roles or {})
    converter.container(root)
    converter.close_section()
    unapplied = {n: role for n, role in (roles or {}).items() if n not in converter.applied}
    return Converted(title, converter.sections, dropped + converter.dropped, controls, unapplied)


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def page_title(html: str) -> str | None:
    """The text of the page's ``<title>``, if any."""
    match = _TITLE.search(html)
    if not match:
        return None
    text = text_content(lxml_html.fromstring(f"<p>{match.group(1)}</p>"))
    return SPACE.sub(" ", text).strip(" ") or None


LIST_DEPTH = 4
"""Lists nested deeper than this are flattened into the deepest (EPUB readers and print
indent each level: past four, the text column becomes too narrow)."""


def issue_from_html(
    html: str,
    source: Source,
    fallback_title: str,
    metadata: Metadata | None = None,
    ctx: ReadContext | None = None,
    first_line: int | None = 1,
    one_line: bool = False,
) -> Issue:
    """An issue from HTML and what is known besides (an export's CSV row, email headers).
    ``first_line`` and ``one_line``: where the HTML is in its file (:func:`convert`)."""
    metadata = metadata or Metadata()
    roles = ctx.roles if ctx is not None else {}
    converted = convert(
        remove_controls(html),
        title_from_h1=metadata.title is None,
        first_line=first_line,
        one_line=one_line,
        roles=roles,
    )
    if ctx is not None and (remove_controls(html) != html or converted.controls):
        ctx.diagnostics.warn(ctx.path, 0, "control characters removed", Diagnostic.TEXT_CONTROL)
    if ctx is not None:
        for line, role in sorted(converted.unapplied.items()):
            ctx.diagnostics.warn(
                ctx.path, line,
                f"[lines] role {role!r} not applied: no block starts on this line, or the "
                "role does not apply to HTML (boilerplate, heading, subheading and paragraph "
                "do)", Diagnostic.OVERRIDE_INVALID,
            )  # fmt: skip
    if not converted.sections and metadata.title is None and converted.title is None:
        raise InputError(Diagnostic.ISSUE_EMPTY, "no content")
    title = remove_controls(metadata.title or converted.title or page_title(html) or fallback_title)
    return Issue(
        source=source,
        title=title,
        subtitle=remove_controls(metadata.subtitle) if metadata.subtitle else None,
        number=metadata.number,
        date=metadata.date,
        author=remove_controls(metadata.author) if metadata.author else None,
        tags=tuple(remove_controls(tag) for tag in metadata.tags),
        sections=tuple(converted.sections),
        dropped=tuple(converted.dropped),
    )


def read(data: bytes, ctx: ReadContext) -> Issue:
    """A saved web page, or a post body (an HTML fragment)."""
    try:
        decoded = decode(data, ctx.config.archive.encodings)
    except BinaryFileError as exc:
        raise InputError(Diagnostic.FILE_BINARY, str(exc)) from exc
    source = Source(ctx.path, "html", decoded.encoding, decoded.newline)
    return issue_from_html(decoded.text, source, PurePosixPath(ctx.path).stem, None, ctx)
