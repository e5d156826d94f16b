"""WeasyPrint, with the book's fonts only, and every warning a failure but the harmless.

Fonts are static instances of the Noto fonts of :mod:`letter_book.publish.fonts`,
made once per font-package version into a cache folder
(``$LETTER_BOOK_CACHE``, default ``~/.cache/letter-book``): making them takes
seconds, and they are the same for every book. Fontconfig is
pointed at that folder alone while rendering, so a character none of them
has cannot silently borrow a font that happens to be installed: WeasyPrint
draws an empty box, warns ".notdef glyph rendered", and the build fails.

A few messages of WeasyPrint's say something of the machine, not of the book:
:data:`HARMLESS` lists them, each with why. Each is shown once, as a note, and
the PDF is written; any other warning fails the build.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
import sys
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

from letter_book.errors import BuildError
from letter_book.files import write_bytes, write_text
from letter_book.publish.fonts import (
    EMOJI_FONT,
    FALLBACK_FONT,
    FONTS,
    SANS_FONT,
    SANS_ITALIC_FONT,
    SYMBOLS_FONT,
    static_instance,
)

# (family, file, variable font, weight, style) of each face the stylesheet uses.
_FACES = (
    ("letter-book sans", "sans-400.ttf", SANS_FONT, 400, "normal"),
    ("letter-book sans", "sans-700.ttf", SANS_FONT, 700, "normal"),
    ("letter-book sans", "sans-italic-400.ttf", SANS_ITALIC_FONT, 400, "italic"),
    ("letter-book sans", "sans-italic-700.ttf", SANS_ITALIC_FONT, 700, "italic"),
    ("letter-book symbols", "symbols-400.ttf", SYMBOLS_FONT, 400, "normal"),
    ("letter-book emoji", "emoji-400.ttf", EMOJI_FONT, 400, "normal"),
    ("letter-book fallback", "fallback.ttf", FALLBACK_FONT, 0, "normal"),  # 0: not variable
)
_PT = 0.75  # PDF points in a CSS pixel
PAGE_SIZES = {"A4": "A4", "A5": "A5", "LETTER": "letter", "US-LETTER": "letter"}


class Link(NamedTuple):
    """A link to an id in another part: on which page of its part, where (PDF points)."""

    page: int
    target: str
    rectangle: tuple[float, float, float, float]


class Bookmark(NamedTuple):
    """An outline entry (``bookmark-level`` in the stylesheet), at a point of a page."""

    level: int
    title: str
    page: int
    left: float
    top: float
    open: bool


@dataclass(frozen=True, slots=True)
class Part:
    """Pages rendered on their own: what joining them to the other parts needs."""

    pages: int
    anchors: dict[str, int]
    """Each id in the part, and the page (from 0) it is on."""
    links: tuple[Link, ...]
    bookmarks: tuple[Bookmark, ...]
    size: tuple[float, float]
    """Width and height of its pages, in PDF points."""
    images: tuple[tuple[str, int], ...] = ()
    """Each raster image the part shows (its address) and the least resolution it is
    printed at, in pixels per inch."""
    folios: tuple[Folio, ...] = ()
    """The pages that carry a page number, and where it is (:data:`FOLIO_BOX`)."""


class Folio(NamedTuple):
    """A page number as the stylesheet places it: on which page of its part, where its
    text starts (PDF points from the page's bottom left, on its baseline), how wide."""

    page: int
    x: float
    baseline: float
    width: float


FOLIO_BOX = "@bottom-center"
"""The page margin box that shows the page number (style.css). A part is rendered with it
hidden (:data:`HIDE_FOLIOS`), so that it renders the same wherever it falls in its
volume; the numbers are drawn when the parts are joined
(:func:`letter_book.publish.pdf.parts.join`)."""
HIDE_FOLIOS = f"@page {{ {FOLIO_BOX} {{ visibility: hidden; }} }}"


def font_folder() -> Path:
    """The static fonts, made on first use for these font files."""
    cache = Path(os.environ.get("LETTER_BOOK_CACHE") or Path.home() / ".cache" / "letter-book")
    fonts = hashlib.sha256((FONTS / "SOURCES.json").read_bytes())
    fonts.update(FALLBACK_FONT.read_bytes())
    folder = cache / "fonts" / f"noto-{fonts.hexdigest()[:12]}"
    for _family, name, source, weight, _style in _FACES:
        if not (folder / name).is_file():
            write_bytes(
                folder / name, static_instance(source, weight) if weight else source.read_bytes()
            )
    write_text(
        folder / "fonts.conf",
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{folder.resolve()}</dir>"
        f"<cachedir>{(folder / 'cache').resolve()}</cachedir></fontconfig>\n",
    )
    return folder


def font_faces(fonts: Path) -> str:
    """The ``@font-face`` rules of the book's fonts in ``fonts``."""
    return "".join(
        f'@font-face {{ font-family: "{family}"; src: url("{(fonts / name).resolve().as_uri()}"); '
        f"font-weight: {weight or 400}; font-style: {style}; }}\n"
        for family, name, _source, weight, style in _FACES
    )


def stylesheet(fonts: Path, page_size: str) -> str:
    size = PAGE_SIZES.get(page_size.upper(), page_size)
    css = files("letter_book.publish.pdf").joinpath("style.css").read_text(encoding="utf-8")
    return f"{font_faces(fonts)}@page {{ size: {size}; }}\n{css}"


class Harmless(NamedTuple):
    """A WeasyPrint message that does not make the PDF wrong, and the note shown instead."""

    pattern: re.Pattern[str]
    note: str


HARMLESS = (
    # WeasyPrint cuts each font to the glyphs the book uses, with HarfBuzz's subsetter
    # library when it finds it, else with fontTools: the same glyphs in the PDF, made more
    # slowly. Debian and Ubuntu ship the library as its own package, which few machines have.
    Harmless(
        re.compile(r"Using fontTools instead of HarfBuzz-Subset for font "),
        "HarfBuzz-Subset is not installed, so WeasyPrint cuts the fonts with fontTools: the "
        "same PDF, made more slowly (Debian/Ubuntu: apt-get install libharfbuzz-subset0; "
        "`letter-book doctor` tells more)",
    ),
)
"""The WeasyPrint messages that are notes, not failures."""

_NOTED: set[str] = set()
"""The notes of :data:`HARMLESS` shown by this process: each is shown once."""


def note(text: str) -> None:
    """Show ``text`` as a note, once in this process."""
    if text not in _NOTED:
        _NOTED.add(text)
        print(f"letter-book: note: {text}", file=sys.stderr)


class _Collect(logging.Handler):
    """WeasyPrint's warnings: the harmless shown as notes, the others kept to fail on."""

    def __init__(self, notes: list[str] | None) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.notes = notes

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        for harmless in HARMLESS:
            if harmless.pattern.match(message):
                if self.notes is None:
                    note(harmless.note)
                elif harmless.note not in self.notes:
                    self.notes.append(harmless.note)
                return
        self.messages.append(message)


def import_weasyprint() -> ModuleType:
    """WeasyPrint, imported without its warning that a future version will need
    HarfBuzz-Subset (the note of :data:`HARMLESS` says it when it matters)."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", "HarfBuzz-Subset will be required", category=DeprecationWarning
        )
        try:
            import weasyprint  # slow to import: only when a PDF is made
        except OSError as error:  # a system library it loads is missing
            from letter_book.doctor import missing_message

            message = missing_message("pango")
            raise BuildError(f"WeasyPrint cannot start ({error}).\n{message}") from None
    module: ModuleType = weasyprint
    return module


@contextlib.contextmanager
def _rendering_environment(fonts: Path) -> Iterator[None]:
    """Fontconfig pointed at ``fonts`` alone, fontTools' clock stopped, and WeasyPrint's
    temporary files in a folder of ours, removed at the end.

    fontTools stamps the fonts it saves with ``SOURCE_DATE_EPOCH``, else the time of
    day; WeasyPrint saves with it when HarfBuzz-Subset is missing. A part cached by one
    build is joined by the next: its fonts must not hold when it was made.

    WeasyPrint copies the ``@font-face`` fonts (3 MB) into a temporary folder that only
    its font configuration's finaliser removes, and that finaliser never runs in a
    process of a pool, nor for a configuration caught in a reference cycle: every part
    rendered would leave its folder behind. So :mod:`tempfile` makes its folders in one
    of ours while a part renders (this process renders one part at a time).
    """
    settings = {"FONTCONFIG_FILE": str((fonts / "fonts.conf").resolve()), "SOURCE_DATE_EPOCH": "0"}
    previous = {name: os.environ.get(name) for name in settings}
    previous_folder = tempfile.tempdir
    folder = tempfile.mkdtemp(prefix="letter-book-render-")
    os.environ.update(settings)
    tempfile.tempdir = folder
    try:
        yield
    finally:
        tempfile.tempdir = previous_folder
        shutil.rmtree(folder, ignore_errors=True)
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _point(x: float, y: float, height: float) -> tuple[float, float]:
    """WeasyPrint's CSS pixels, y downwards, as PDF points, y upwards."""
    return round(x * _PT, 3), round((height - y) * _PT, 3)


def render(
    html: str,
    css: str,
    fonts: Path,
    base: Path,
    variant: str | None = None,
    notes: list[str] | None = None,
) -> tuple[bytes, Part]:
    """``html`` rendered as a part of a volume: its PDF and what joining it needs; raises
    :class:`BuildError` on any WeasyPrint warning. ``variant``: WeasyPrint's PDF variant
    (``pdf/x-4`` for the print edition), if any. The notes of :data:`HARMLESS` are shown,
    or added to ``notes`` when it is given (by a process of a pool, for the build's own
    process to show them once).

    Links to ids the part does not hold are taken out before the PDF is written
    (WeasyPrint would drop them, warning) and kept in :attr:`Part.links` for
    :func:`letter_book.publish.pdf.parts.join` to put back.
    """
    weasyprint = import_weasyprint()
    collect = _Collect(notes)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        with _rendering_environment(fonts):
            font_config = weasyprint.text.fonts.FontConfiguration()
            profiles: dict[str, object] = {}  # @color-profile rules: the output intent
            style = weasyprint.CSS(string=css, font_config=font_config, color_profiles=profiles)
            document = weasyprint.HTML(string=html, base_url=str(base)).render(
                stylesheets=[style], font_config=font_config, color_profiles=profiles
            )
            anchors: dict[str, int] = {}
            for number, page in enumerate(document.pages):
                for name in page.anchors:
                    anchors.setdefault(name, number)
            links, bookmarks, folios = [], [], []
            for number, page in enumerate(document.pages):
                folio = _folio(number, page)
                if folio:
                    folios.append(folio)
                inside = []
                for link in page.links:
                    kind, target, rectangle, _box = link
                    if kind == "internal" and target not in anchors:
                        x1, y1 = _point(rectangle[0], rectangle[1], page.height)
                        x2, y2 = _point(rectangle[2], rectangle[3], page.height)
                        links.append(Link(number, target, (x1, y1, x2, y2)))
                    else:
                        inside.append(link)
                page.links[:] = inside
                for level, title, (x, y), state in page.bookmarks:
                    left, top = _point(x, y, page.height)
                    bookmarks.append(Bookmark(level, title, number, left, top, state == "open"))
            identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
            pdf = document.write_pdf(pdf_identifier=identifier, pdf_variant=variant)
            size = (document.pages[0].width * _PT, document.pages[0].height * _PT)
    finally:
        logger.removeHandler(collect)
    if collect.messages:
        shown = "\n  ".join(dict.fromkeys(collect.messages))
        raise BuildError(f"WeasyPrint warned, so the PDF is not written:\n  {shown}")
    assert isinstance(pdf, bytes)
    images = _resolutions(document)
    return pdf, Part(
        len(document.pages), anchors, tuple(links), tuple(bookmarks), size, images, tuple(folios)
    )


def render_part(
    html: str, css: str, fonts: Path, base: Path, variant: str | None
) -> tuple[bytes, Part, list[str]]:
    """:func:`render` in a process of a pool: the notes are returned, not shown."""
    notes: list[str] = []
    pdf, part = render(html, css, fonts, base, variant, notes)
    return pdf, part, notes


def _folio(number: int, page: object) -> Folio | None:
    """Where ``page`` shows its number (:data:`FOLIO_BOX`), if it does, drawn or hidden."""
    for box in page._page_box.children:  # type: ignore[attr-defined]
        if getattr(box, "at_keyword", None) != FOLIO_BOX:
            continue
        for text in box.descendants():
            if getattr(text, "text", None):  # the text box of the number
                height = page.height  # type: ignore[attr-defined]
                x, baseline = _point(text.position_x, text.position_y + text.baseline, height)
                return Folio(number, x, baseline, round(text.width * _PT, 3))
    return None


def _resolutions(document: object) -> tuple[tuple[str, int], ...]:
    """Each raster image of ``document`` (its ``src``) and the least resolution it is laid
    out at: its pixels over its printed width in inches."""
    least: dict[str, int] = {}
    for page in document.pages:  # type: ignore[attr-defined]
        for box in page._page_box.descendants():
            image = getattr(box, "replacement", None)
            width = getattr(image, "width", None)  # pixels: raster images only
            if not isinstance(width, int) or not box.width or box.element is None:
                continue
            source = box.element.get("src", "")
            ppi = round(width / (box.width / 96))  # CSS pixels: 96 an inch
            least[source] = min(ppi, least.get(source, ppi))
    return tuple(sorted(least.items()))
