"""One printable HTML document per volume, from Sphinx's XHTML pages.

The pages are the ones the EPUB is made of (:mod:`letter_book.publish.xhtml`). Here
they are put one after the other in a single document, behind a title page
and a table of contents; ids are prefixed by their page's name so they stay
unique, links between pages become links inside the document (and page
references on paper), links to pages of another volume lose their address,
and each external address gets a footnote so it can be read on paper.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from letter_book.config import Config
from letter_book.publish.xhtml import Group, Page, main_content, title_under, wrap_emoji
from letter_book.writers.escape import SAFE_SCHEMES
from letter_book.writers.labels import label


@dataclass(frozen=True, slots=True)
class Volume:
    """What one PDF holds: a title, parts with their issues, appendices with their years."""

    name: str
    """File name without suffix: ``octet`` or ``octet-2023``."""
    title: str
    """Shown on the title page under the book's title (a year), or empty."""
    parts: tuple[Group, ...]
    appendices: tuple[Group, ...] = ()


def page_id(docname: str) -> str:
    return docname.replace("/", "-")


def _strip_namespaces(root: etree._Element) -> None:
    for element in root.iter():
        if isinstance(element.tag, str):
            element.tag = etree.QName(element).localname


def _element(tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.Element(tag, {k.rstrip("_"): v for k, v in attributes.items()})
    element.text = text
    return element


class _Pages:
    """The pages of a volume, read from the XHTML build, with ids and links rewritten."""

    def __init__(self, folder: Path, docnames: set[str]) -> None:
        self.folder = folder
        self.docnames = docnames

    def article(self, page: Page, kind: str) -> etree._Element:
        main = main_content(self.folder / page.file)
        _strip_namespaces(main)
        article = _element("article", id=page_id(page.docname), class_=kind)
        article.text = main.text
        article.extend(list(main))
        for wrapper in article.findall(".//div[@class]"):
            if "toctree-wrapper" in wrapper.get("class", "").split():
                wrapper.getparent().remove(wrapper)  # type: ignore[union-attr]
        prefix = page_id(page.docname)
        for element in article.iter():
            if element is not article and element.get("id"):
                element.set("id", f"{prefix}--{element.get('id')}")
        for link in article.iter("a"):
            self._relink(link, page)
        for image in article.iter("img"):
            source = image.get("src", "")
            if source and not urlsplit(source).scheme:
                path = posixpath.normpath(posixpath.join(posixpath.dirname(page.file), source))
                image.set("src", (self.folder / path).resolve().as_uri())
        return article

    def _relink(self, link: etree._Element, page: Page) -> None:
        href = link.get("href")
        if href is None:
            return
        parts = urlsplit(href)
        if parts.scheme:
            if parts.scheme in SAFE_SCHEMES:
                link.set("class", "external")
                note = _element("span", href, class_="url-note")
                note.tail, link.tail = link.tail, None
                link.addnext(note)
            return
        if parts.path:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page.file), parts.path))
            docname = target.removesuffix(".xhtml")
        else:
            docname = page.docname
        if docname not in self.docnames:
            # A page of another volume: the text stays, as text (no page number to give).
            del link.attrib["href"]
            link.tag = "span"
            return
        anchor = page_id(docname) + (f"--{parts.fragment}" if parts.fragment else "")
        link.set("href", f"#{anchor}")
        link.set("class", "internal")


def _links_inside(element: etree._Element) -> bool:
    """Does ``element`` link to a page of its volume (links elsewhere became text)?"""
    return any(a.get("href", "").startswith("#") for a in element.iter("a"))


def _remove(element: etree._Element | None) -> None:
    if element is not None and element.getparent() is not None:
        element.getparent().remove(element)  # type: ignore[union-attr]


def _own(article: etree._Element) -> etree._Element:
    """An appendix in a volume of some issues (one a year) keeps what is about them: the
    quotes from them, their recommended links, the index's entries for them."""
    for source in list(article.iterfind(".//p[@class='quote-source']")):
        if not _links_inside(source):
            quote = source.getprevious()
            if quote is not None and quote.tag == "blockquote":
                _remove(quote)
            _remove(source)
    for section in list(article.iterfind(".//section/section")):
        heading = section.find("h2")
        if heading is not None and not _links_inside(heading):
            _remove(section)
    index = article.find(".//ul[@class='index-entries']") is not None
    for entries in list(article.iterfind(".//ul[@class='index-entries']")):
        for entry in list(entries.iterfind("./li/ul/li")):
            if not _links_inside(entry):
                _remove(entry)
        for entry in list(entries.iterfind("./li")):
            if not _links_inside(entry):
                _remove(entry)
        if not len(entries):
            _remove(entries)
    for letter in list(article.iter("h2")) if index else []:
        following = letter.getnext()
        if following is None or following.tag != "ul":
            _remove(letter)  # an index letter left without entries
    return article


def _title_page(home: Page, folder: Path, volume: Volume) -> etree._Element:
    """The home page (title, subtitle, author, description, span), links removed."""
    article = _Pages(folder, set()).article(home, "title-page")
    heading = article.find(".//h1")
    if volume.title and heading is not None:
        heading.addnext(_element("p", volume.title, class_="volume"))
        # The whole book's count would change every volume's title page, and so every
        # volume's PDF, whenever an issue is added: a volume's title page leaves it out.
        for count in article.findall(".//p[@class='book-count']"):
            count.getparent().remove(count)  # type: ignore[union-attr]
    return article


def _contents(volume: Volume, language: str) -> etree._Element:
    nav = _element("nav", class_="toc", id="toc")
    nav.append(_element("h1", label(language, "toc")))
    items = etree.SubElement(nav, "ul")
    for part, issues in volume.parts:
        entry = etree.SubElement(items, "li", {"class": "toc-part"})
        entry.append(_element("a", part.title, href=f"#{page_id(part.docname)}"))
        for issue in issues:
            entry = etree.SubElement(items, "li", {"class": "toc-issue"})
            number = issue.metadata.get("issue_number")
            text = issue.title
            if number:
                text = f"{label(language, 'number', n=number)} · {text}"
            entry.append(_element("a", text, href=f"#{page_id(issue.docname)}"))
    for appendix, years in volume.appendices:
        entry = etree.SubElement(items, "li", {"class": "toc-part"})
        entry.append(_element("a", appendix.title, href=f"#{page_id(appendix.docname)}"))
        for year in years if len(volume.parts) > 1 else ():  # a year's volume: unsaid
            entry = etree.SubElement(items, "li", {"class": "toc-issue"})
            entry.append(
                _element(
                    "a", title_under(year.title, appendix.title), href=f"#{page_id(year.docname)}"
                )
            )
    return nav


@dataclass(frozen=True, slots=True)
class Document:
    """A volume as HTML: what every part of it starts with, and its sections in order."""

    head: str
    """From the doctype to the end of ``<head>``."""
    sections: tuple[etree._Element, ...]
    """Title page, contents, then a year's page, its issues..., then the appendices."""
    emoji: frozenset[str]

    def html(self) -> str:
        """The whole volume as one document."""
        body = "".join(etree.tostring(s, method="html", encoding="unicode") for s in self.sections)
        return f"{self.head}<body>{body}</body></html>"


def assemble(home: Page, volume: Volume, folder: Path, config: Config) -> Document:
    """The volume as HTML, from the XHTML pages in ``folder``.

    Its date is not in it (:func:`letter_book.publish.pdf.parts.join` writes it): this week's issue
    would change every part of its year's volume.
    """
    language = config.book.language
    head = _element("head")
    etree.SubElement(head, "meta", {"charset": "utf-8"})
    head.append(
        _element("title", config.book.title + (f" — {volume.title}" if volume.title else ""))
    )
    if config.book.author:
        etree.SubElement(head, "meta", {"name": "author", "content": config.book.author})
    if config.book.description:
        etree.SubElement(head, "meta", {"name": "description", "content": config.book.description})
    etree.SubElement(head, "meta", {"name": "generator", "content": "letter-book"})
    body = _element("body")
    groups = (*volume.parts, *volume.appendices)
    pages = _Pages(folder, {p.docname for page, children in groups for p in (page, *children)})
    articles = []
    for part, issues in volume.parts:
        articles.append(pages.article(part, "part"))
        articles.extend(pages.article(issue, "issue") for issue in issues)
    appendices = []
    for appendix, years in volume.appendices:
        # An appendix, or each year of one, keeps what is about this volume's issues;
        # one with nothing left is left out.
        own = [(year, _own(pages.article(year, "appendix-year"))) for year in years]
        own = [(year, article) for year, article in own if _links_inside(article)]
        article = _own(pages.article(appendix, "appendix"))
        if own or (not years and _links_inside(article)):
            appendices.append(Group(appendix, tuple(year for year, _article in own)))
            articles.append(article)
            for _year, year_article in own:
                year_article.set("data-running", appendix.title)
                if len(volume.parts) == 1:  # a year's volume: its appendix is of that year
                    _remove(year_article.find(".//h1"))
                articles.append(year_article)
    body.append(_title_page(home, folder, volume))
    body.append(_contents(replace(volume, appendices=tuple(appendices)), language))
    body.extend(articles)
    emoji = wrap_emoji(body)
    opening = f'<!DOCTYPE html>\n<html lang="{escape(language, quote=True)}">'
    return Document(
        opening + etree.tostring(head, method="html", encoding="unicode"), tuple(body), emoji
    )
