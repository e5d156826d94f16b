"""The PDF: the book as print, rendered by WeasyPrint from Sphinx's XHTML pages.

:func:`build_pdf` assembles each volume as HTML (:mod:`.assemble`: title
page, table of contents, years, issues, appendices), renders it in parts with
the print stylesheet and the book's own fonts (:mod:`.render`), only the parts
that changed, and joins them (:mod:`.parts`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from functools import partial
from importlib.metadata import version
from pathlib import Path

from letter_book import processes
from letter_book.config import Config
from letter_book.files import write_bytes, write_text
from letter_book.publish.pdf.assemble import Volume, assemble
from letter_book.publish.pdf.parts import Cache, VolumeParts, cut, join, paginate_all
from letter_book.publish.pdf.render import font_folder, render_part, stylesheet
from letter_book.publish.xhtml import Book, Group, Page, issue_dates, read_book
from letter_book.writers.layout import slugify


def _when(dates: list[dt.date]) -> dt.datetime:
    """Date of the PDF: ``SOURCE_DATE_EPOCH`` when set, else the newest issue's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    newest = max(dates, default=dt.date(2000, 1, 1))
    return dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.UTC)


SINGLE_VOLUME_MAX = 100
"""Issues ``pdf.volumes = "auto"`` puts in one PDF: some 500 to 1000 A5 pages, about what
binds as one book. Past that, one PDF a year (a thousand issues in one volume are some
9000 pages, take 13 minutes of CPU to render, and no printer binds them)."""


def volumes(config: Config, book: Book) -> tuple[Volume, ...]:
    name = slugify(config.book.title)
    setting = config.pdf.volumes
    issues = sum(len(part.children) for part in book.parts)
    if setting == "year" or (setting == "auto" and issues > SINGLE_VOLUME_MAX):
        # Each volume's appendices keep what is about its issues (pdf.assemble), so that
        # this week's issue changes its year's volume only.
        return tuple(
            Volume(
                f"{name}-{_year(part.page)}",
                part.page.title,
                (part,),
                tuple(a for a in (_of_year(g, _year(part.page)) for g in book.appendices) if a),
            )
            for part in book.parts
        )
    return (Volume(name, "", book.parts, book.appendices),)


def _year(page: Page) -> str:
    """``2024`` for ``parts/2024`` and ``appendices/quotes/2024``."""
    return page.docname.rsplit("/", 1)[-1]


def _of_year(appendix: Group, year: str) -> Group | None:
    """An appendix with only its page of ``year`` when it has a page a year (a volume reads
    no other year's pages), None when it has none for ``year``."""
    if not appendix.children:
        return appendix
    own = tuple(page for page in appendix.children if _year(page) == year)
    return Group(appendix.page, own) if own else None


def build_pdf(xhtml_dir: Path, config: Config, out: Path) -> list[Path]:
    """Render the book's volumes into ``out`` (``<book>.pdf``, or one per year); return them."""
    book = read_book(xhtml_dir)
    fonts = font_folder()
    css = stylesheet(fonts, config.pdf.page_size)
    made = volumes(config, book)
    targets = _files(made, out)
    with parts_cache(xhtml_dir, css, fonts, out, jobs(config)) as cache:
        pending = []
        for volume in made:
            document = assemble(book.home, volume, xhtml_dir, config)
            known, earlier = cache.known_pages(volume.name), cache.earlier_parts(volume.name)
            pending.append(VolumeParts(document.head, cut(document.sections), known, earlier))
        label = f"PDF {targets[0].name}" if len(made) == 1 else f"PDF, {len(made)} volumes"
        layouts = paginate_all(pending, cache, label)
    written = []
    for volume, target, layout in zip(made, targets, layouts, strict=True):
        cache.keep(volume.name, layout)
        # Joining takes a second or two: a volume made of the same parts is not joined again.
        when = _when(issue_dates(Book(book.home, volume.parts)))  # a volume's own dates
        made_of = [(p.key, p.blank_before) for p in layout.placed]
        digest = hashlib.sha256(repr([when, layout.digits[0], *made_of]).encode())
        stamp = target.with_suffix(".pdf.sha256")
        if not (target.is_file() and stamp.is_file() and stamp.read_text() == digest.hexdigest()):
            write_bytes(target, join(layout, cache, when, f"PDF {target.name}"))
            write_text(stamp, digest.hexdigest())
        stamp.touch()  # when this build found it current: the site's notes of old downloads
        written.append(target)
    cache.prune()
    # A volume of an earlier build that this one does not make (the book split by year, a
    # year gone): its PDF, which the site would offer, goes with its stamp.
    for stamp in out.glob("*.pdf.sha256"):
        if stamp.with_suffix("") not in written:
            stamp.with_suffix("").unlink(missing_ok=True)
            stamp.unlink()
    return written


def targets(xhtml_dir: Path, config: Config, out: Path) -> list[Path]:
    """The files :func:`build_pdf` writes, before it writes them."""
    return _files(volumes(config, read_book(xhtml_dir)), out)


def _files(made: tuple[Volume, ...], out: Path) -> list[Path]:
    return [out / f"{volume.name}.pdf" for volume in made]


def parts_cache(
    xhtml_dir: Path, css: str, fonts: Path, out: Path, jobs: int, variant: str | None = None
) -> Cache:
    """The rendered parts in ``out``, for pages from ``xhtml_dir``, rendered in ``jobs``
    processes. Besides its HTML and its images, a part depends on the stylesheet (with the
    fonts' paths, named after the font package's version) and on the packages that lay it
    out, hyphenate it and make the fonts' instances."""
    packages = " ".join(f"{name} {version(name)}" for name in _RENDERING)
    salt = hashlib.sha256(f"{packages}\n{variant}\n{css}".encode()).hexdigest()
    renderer = partial(render_part, css=css, fonts=fonts, base=xhtml_dir, variant=variant)
    return Cache(out / ".parts", salt, renderer, jobs)


def jobs(config: Config) -> int:
    """The processes to render in: ``pdf.jobs``, or as many as this process may use cores."""
    return config.pdf.jobs or processes.cores()


_RENDERING = ("weasyprint", "pydyf", "pyphen", "fonttools")
