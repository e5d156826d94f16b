"""The PDF: the book as print, rendered by WeasyPrint from Sphinx's XHTML pages.

:func:`build_pdf` assembles each volume into one HTML document
(:mod:`.assemble`: title page, table of contents, years, issues) and renders
it with the print stylesheet and the book's own fonts (:mod:`.render`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

from ..config import Config
from ..files import write_bytes, write_text
from ..writers.layout import slugify
from ..xhtml import Book, issue_dates, read_book
from .assemble import Volume, assemble
from .render import font_folder, render, stylesheet


def _when(dates: list[dt.date]) -> str:
    """W3C date of the PDF: ``SOURCE_DATE_EPOCH`` when set, else the newest issue's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{max(dates, default=dt.date(2000, 1, 1)).isoformat()}T00:00:00Z"


def volumes(config: Config, book: Book) -> tuple[Volume, ...]:
    name = slugify(config.book.title)
    if config.pdf.volumes == "year":
        # Each volume's appendices keep what is about its issues (pdf.assemble), so that
        # this week's issue changes its year's volume only.
        return tuple(
            Volume(
                f"{name}-{part.docname.rsplit('/', 1)[-1]}",
                part.title,
                ((part, issues),),
                book.appendices,
            )
            for part, issues in book.parts
        )
    return (Volume(name, "", book.parts, book.appendices),)


def build_pdf(xhtml_dir: Path, config: Config, out: Path) -> list[Path]:
    """Render the book's volumes into ``out`` (``<book>.pdf``, or one per year); return them."""
    book = read_book(xhtml_dir)
    fonts = font_folder()
    css = stylesheet(fonts, config.pdf.page_size)
    written = []
    for volume in volumes(config, book):
        dates = issue_dates(Book(book.home, volume.parts))  # a volume's own dates
        html, _emoji = assemble(book.home, volume, xhtml_dir, config, _when(dates))
        target = out / f"{volume.name}.pdf"
        # Rendering is the slow part, and the same document gives the same PDF: a volume
        # whose document, stylesheet and images did not change is not rendered again.
        digest = _digest(html, css, xhtml_dir)
        stamp = target.with_suffix(".pdf.sha256")
        if not (target.is_file() and stamp.is_file() and stamp.read_text() == digest):
            write_bytes(target, render(html, css, fonts, xhtml_dir))
            write_text(stamp, digest)
        written.append(target)
    return written


def _digest(html: str, css: str, xhtml_dir: Path) -> str:
    """What a volume's PDF depends on: its document, the stylesheet, and the images."""
    digest = hashlib.sha256(html.encode() + css.encode())
    for image in sorted((xhtml_dir / "_images").glob("*")):
        digest.update(image.name.encode() + image.read_bytes())
    return digest.hexdigest()
