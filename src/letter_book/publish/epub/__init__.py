"""The EPUB: Sphinx's XHTML chapters packaged with ebooklib.

:func:`build_epub` reads what the ``letterbook-xhtml`` builder wrote
(:mod:`letter_book.sphinxext`), makes each page an EPUB content document
(:mod:`.content`), draws the cover unless the configuration names one
(:mod:`.cover`), embeds an emoji font cut to the emoji used (:mod:`letter_book.publish.fonts`),
and packages everything (:mod:`.package`) into reproducible bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sys
from pathlib import Path

from letter_book import progress
from letter_book.caches import Store, code_digest
from letter_book.config import Config
from letter_book.errors import BuildError
from letter_book.files import write_bytes
from letter_book.publish.epub.content import Document, from_sphinx
from letter_book.publish.epub.cover import CoverText, draw_cover
from letter_book.publish.epub.images import LARGE_EPUB
from letter_book.publish.epub.package import STYLESHEET, Contents, DocumentGroup, modified, package
from letter_book.publish.fonts import cached_emoji_subset, emoji_subset
from letter_book.publish.xhtml import Group, Page, issue_dates, read_book
from letter_book.writers.labels import issue_count
from letter_book.writers.layout import slugify

_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def epub_name(config: Config) -> str:
    return f"{slugify(config.book.title)}.epub"


def _document(xhtml_dir: Path, page: Page, language: str, kept: Store[Document]) -> Document:
    """The content document of ``page``: the one the last build made, if the page and
    what the document is made with did not change, else made from the page."""
    source = xhtml_dir / page.file
    sha = hashlib.sha256(source.read_bytes())
    sha.update(f"\0{page.file}\0{page.title}\0{language}\0{STYLESHEET}".encode())
    key = sha.hexdigest()
    document = kept.get(key)
    if document is None:
        document = from_sphinx(source, page.file, page.title, language, STYLESHEET)
        kept.put(key, document)
    return document


def _cover(config: Config, dates: list[dt.date], count: int) -> tuple[bytes, str]:
    book = config.book
    if book.cover:
        path = config.root / book.cover
        media_type = _IMAGE_TYPES.get(path.suffix.lower())
        if media_type is None:
            raise BuildError(f"{path}: the cover must be a PNG or JPEG image")
        try:
            return path.read_bytes(), media_type
        except OSError as exc:
            raise BuildError(f"{path}: cannot read the cover: {exc.strerror}") from exc
    years = sorted({d.year for d in dates})
    count_text = issue_count(book.language, count, years)
    text = CoverText(book.title, book.subtitle, book.author, count_text)
    return draw_cover(text), "image/png"


def build_epub(
    xhtml_dir: Path,
    config: Config,
    target: Path,
    emoji_cache: Path | None = None,
    documents_cache: Path | None = None,
) -> Path:
    """Package the XHTML build in ``xhtml_dir`` as the EPUB file ``target``; the emoji font
    is kept in the file ``emoji_cache`` for the next build, and the content documents in
    ``documents_cache`` (:class:`letter_book.caches.Store`), if given."""
    book = read_book(xhtml_dir)
    language = config.book.language
    groups = (*book.parts, *book.appendices)
    pages = 1 + sum(1 + len(g.children) for g in groups)
    kept = Store[Document](documents_cache, code_digest())
    with progress.task("EPUB: reading the pages", pages) as step:

        def document(page: Page) -> Document:
            step.advance()
            return _document(xhtml_dir, page, language, kept)

        def documents(group: Group) -> DocumentGroup:
            return DocumentGroup(document(group.page), tuple(map(document, group.children)))

        parts = tuple(documents(g) for g in book.parts)
        home = document(book.home)
        appendices = tuple(documents(g) for g in book.appendices)
    kept.save()
    dates = issue_dates(book)
    count = sum(len(p.pages) for p in parts)
    emoji = frozenset().union(
        home.emoji, *(d.emoji for p in (*parts, *appendices) for d in (p.document, *p.pages))
    )
    cover, cover_type = _cover(config, dates, count)
    contents = Contents(
        home,
        parts,
        cover,
        cover_type,
        emoji_subset(emoji) if emoji_cache is None else cached_emoji_subset(emoji, emoji_cache),
        max(dates, default=None),
        xhtml_dir,
        appendices,
    )
    when = modified(contents, os.environ.get("SOURCE_DATE_EPOCH"))
    with progress.task(f"EPUB: packaging {target.name}"):
        data = package(contents, config, when)
        write_bytes(target, data)
    if len(data) > LARGE_EPUB:
        print(
            f"letter-book: warning: {target.name} is {len(data) // 1_000_000} MB, over "
            f"{LARGE_EPUB // 1_000_000} MB: some e-readers and stores refuse books this large; "
            "make volumes (a book project for each span of years, ARCHIVE=...) or fewer images",
            file=sys.stderr,
        )
    return target
