"""The EPUB's package: metadata, manifest, navigation and spine, assembled with ebooklib.

ebooklib is kept behind this module: it is told everything explicitly (no
"Cover", "Guide" or "en" defaults reach the book), its failures raise, and
its zip is rewritten for reproducible bytes (:mod:`.reproducible`).
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path, PurePosixPath
from typing import Any

from ebooklib import epub
from lxml import etree

from letter_book.config import Config
from letter_book.errors import BuildError
from letter_book.publish.epub.content import XML_LANG, Document, new_document, serialize
from letter_book.publish.epub.images import for_ereaders
from letter_book.publish.epub.reproducible import rezip
from letter_book.publish.xhtml import title_under
from letter_book.writers.labels import label

OPF = "EPUB/content.opf"
STYLESHEET = "styles/book.css"
EMOJI_FONT = "fonts/emoji.ttf"
_XHTML = "application/xhtml+xml"
_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                ".gif": "image/gif", ".webp": "image/webp", ".svg": "image/svg+xml"}  # fmt: skip
_FONT_FACE = b'@font-face { font-family: "letter-book emoji"; src: url("../fonts/emoji.ttf"); }\n'


@dataclass(frozen=True, slots=True)
class DocumentGroup:
    """A page and the pages its table of contents lists, in reading order: a year and its
    issues, an appendix and its years (none for an appendix of one page)."""

    document: Document
    pages: tuple[Document, ...]


@dataclass(frozen=True, slots=True)
class Contents:
    """Everything that goes into the EPUB, ready to package."""

    home: Document
    parts: tuple[DocumentGroup, ...]
    cover: bytes
    cover_type: str
    """Media type of the cover image: ``image/png`` or ``image/jpeg``."""
    emoji_font: bytes | None
    date: dt.date | None
    """The newest issue's date."""
    folder: Path
    """The XHTML build the documents come from (their images are read there)."""
    appendices: tuple[DocumentGroup, ...] = ()
    """Quotes, links, the index of names, after the parts."""

    @property
    def documents(self) -> list[Document]:
        """Every content document, in reading order."""
        return [
            self.home,
            *(
                d
                for group in (*self.parts, *self.appendices)
                for d in (group.document, *group.pages)
            ),
        ]


def identifier(config: Config) -> str:
    """The configured identifier, else a UUID derived from title, author and language."""
    book = config.book
    if book.identifier:
        return book.identifier
    name = "\n".join(["letter-book", book.title, book.author or "", book.language])
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def modified(contents: Contents, source_date_epoch: str | None) -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` when set, else midnight of the newest issue's date."""
    if source_date_epoch:
        return dt.datetime.fromtimestamp(int(source_date_epoch), tz=dt.UTC)
    day = contents.date or dt.date(2000, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _item(uid: str, document: Document) -> epub.EpubItem:
    return epub.EpubItem(
        uid=uid, file_name=document.file, media_type=_XHTML, content=document.xhtml
    )


def _cover_page(config: Config, image: str) -> epub.EpubItem:
    language = config.book.language
    html, body = new_document(label(language, "cover"), language, STYLESHEET)
    body.set("class", "cover")
    body.set("{http://www.idpf.org/2007/ops}type", "cover")
    alt = label(language, "cover_alt", title=config.book.title)
    body.append(
        body.makeelement(
            f"{{{html.nsmap[None]}}}img", {"src": image, "alt": alt, "role": "doc-cover"}
        )
    )
    return epub.EpubItem(
        uid="cover", file_name="cover.xhtml", media_type=_XHTML, content=serialize(html)
    )


def _metadata(book: epub.EpubBook, config: Config, contents: Contents, when: dt.datetime) -> None:
    meta = config.book
    book.set_identifier(identifier(config))
    book.set_title(meta.title)
    book.set_language(meta.language)
    if meta.author:
        book.add_author(meta.author)
    if meta.description:
        book.add_metadata("DC", "description", meta.description)
    book.add_metadata("DC", "date", (contents.date or when.date()).isoformat())
    accessibility: Sequence[tuple[str, str]] = (
        ("schema:accessMode", "textual"),
        ("schema:accessMode", "visual"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityFeature", "alternativeText"),
        ("schema:accessibilityFeature", "displayTransformability"),
        ("schema:accessibilityHazard", "none"),
        ("schema:accessibilitySummary", label(meta.language, "a11y_summary")),
    )
    for prop, value in accessibility:
        book.add_metadata(None, "meta", value, {"property": prop})


def _toc(contents: Contents) -> list[Any]:
    """Year > issue > section, then appendix > year, as ebooklib's nested tuples; every
    entry has its own id."""
    counter = iter(range(1, 1 << 30))
    toc: list[Any] = []
    for part in contents.parts:
        issues: list[Any] = []
        for issue in part.pages:
            link = epub.Link(issue.file, issue.title, f"nav-{next(counter)}")
            sections = [
                epub.Link(f"{issue.file}#{sid}", title, f"nav-{next(counter)}")
                for sid, title in issue.sections
            ]
            issues.append((link, sections) if sections else link)
        toc.append((epub.Section(part.document.title, part.document.file), issues))
    for appendix in contents.appendices:
        page = appendix.document
        if appendix.pages:
            years = [
                epub.Link(y.file, title_under(y.title, page.title), f"nav-{next(counter)}")
                for y in appendix.pages
            ]
            toc.append((epub.Section(page.title, page.file), years))
        else:
            toc.append(epub.Link(page.file, page.title, f"nav-{next(counter)}"))
    return toc


def package(contents: Contents, config: Config, when: dt.datetime) -> bytes:
    """The EPUB file's bytes."""
    language = config.book.language
    book = epub.EpubBook()
    _metadata(book, config, contents, when)

    cover_name = "images/cover." + ("png" if contents.cover_type == "image/png" else "jpg")
    cover_image = epub.EpubCover(file_name=cover_name)
    cover_image.content = contents.cover
    cover_image.media_type = contents.cover_type
    book.add_item(cover_image)
    book.add_metadata(None, "meta", "", {"name": "cover", "content": cover_image.id})
    cover_page = _cover_page(config, cover_name)

    css = files("letter_book.publish.epub").joinpath("style.css").read_bytes()
    if contents.emoji_font is not None:
        css = _FONT_FACE + css
    book.add_item(
        epub.EpubItem(uid="style", file_name=STYLESHEET, media_type="text/css", content=css)
    )
    if contents.emoji_font is not None:
        book.add_item(
            epub.EpubItem(
                uid="font-emoji",
                file_name=EMOJI_FONT,
                media_type="font/ttf",
                content=contents.emoji_font,
            )
        )

    documents = contents.documents
    for index, image in enumerate(sorted(set().union(*(d.images for d in documents))), start=1):
        media_type = _IMAGE_TYPES.get(PurePosixPath(image).suffix.lower())
        if media_type is None:
            raise BuildError(f"{image}: not an image type an EPUB may hold")
        data = for_ereaders((contents.folder / image).read_bytes())
        book.add_item(
            epub.EpubItem(
                uid=f"image-{index}", file_name=image, media_type=media_type, content=data
            )
        )
    items = [cover_page] + [_item(f"doc-{i}", d) for i, d in enumerate(documents, start=1)]
    for item in items:
        book.add_item(item)
    book.toc = _toc(contents)
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav(title=label(language, "toc")))
    # The landmarks link to the navigation document: it must be in the spine, out of
    # the reading order (the home page already lists the years).
    book.spine = [items[0].id, ("nav", "no"), *(item.id for item in items[1:])]
    start = contents.parts[0].document.file if contents.parts else contents.home.file
    book.guide = [
        {"type": "cover", "href": "cover.xhtml", "title": label(language, "cover")},
        {"type": "toc", "href": "nav.xhtml", "title": label(language, "toc")},
        {"type": "text", "href": start, "title": label(language, "start")},
    ]
    options = {
        "mtime": when,
        "landmark_title": label(language, "landmarks"),
        "epub3_pages": False,
        "raise_exceptions": True,
    }
    out = io.BytesIO()
    try:
        epub.write_epub(out, book, options)
    except Exception as exc:  # ebooklib raises whatever its parts raise
        raise BuildError(f"packaging the EPUB failed: {exc}") from exc
    return rezip(out.getvalue(), when, {OPF: lambda opf: _package_language(opf, language)})


def _package_language(opf: bytes, language: str) -> bytes:
    """The package document with ``xml:lang`` on its root, which ebooklib leaves out."""
    root = etree.fromstring(opf, etree.XMLParser(resolve_entities=False, no_network=True))
    root.set(XML_LANG, language)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")
