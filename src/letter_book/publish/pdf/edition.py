"""The print edition: an interior PDF and a wrap-around cover PDF a volume, for a printer.

The interior is the screen PDF's book (:mod:`letter_book.publish.pdf.assemble`) laid out
again for paper, by the same part-by-part rendering (:mod:`.parts`), with the rules of
``print.profile`` (:mod:`.printing`):

- the page is the trim; the margins are mirrored, the inside one (the gutter) as wide as
  the profile asks for the volume's page count. The count is known once the volume is
  laid out: it is laid out with the gutter of the previous build's count (the thinnest
  band the first time) and once more when the count lands in another band;
- every issue opens on a right-hand page (a blank page before it when needed);
- the text is black and links are not shown as links: each web address is a footnote;
- in a black-and-white interior each image is shown from a grey copy (:func:`grey_images`);
- no bleed: nothing of the interior reaches the edge of the page (its images stay inside
  the margins), so the printer is told "no bleed" and TrimBox is the page;
- PDF/X-4 with a CMYK output intent where the profile asks for it;
- a book longer than the profile's page limit is cut into volumes at issue boundaries: one
  a year when each year fits, else runs of issues within a year (``-1``, ``-2``).

The cover (:func:`cover_html`) is one page: back, spine and front side by side, with the
bleed all round; its width comes from the interior's page count and the paper.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from lxml import etree

from letter_book.config import Config
from letter_book.diagnostics import Code
from letter_book.files import write_bytes
from letter_book.publish.epub.cover import ACCENT, INK, PAPER
from letter_book.publish.pdf import _when, jobs, parts_cache
from letter_book.publish.pdf.assemble import Volume, assemble, page_id
from letter_book.publish.pdf.parts import RECTO, Cache, Layout, cut, join, paginate, stamp_xmp
from letter_book.publish.pdf.printing import PROFILES as PRINTERS
from letter_book.publish.pdf.printing import (
    Profile,
    Trim,
    band,
    cover_size,
    gutter,
    spine_width,
    trim,
)
from letter_book.publish.pdf.render import font_faces, font_folder, render, stylesheet
from letter_book.publish.xhtml import Book, Group, issue_dates, read_book
from letter_book.writers.labels import issue_count
from letter_book.writers.layout import slugify

PRINT_RECTO = RECTO | {"issue", "appendix-year"}
LOW_RESOLUTION = 300
"""Pixels an inch under which an image is reported (``image.low-resolution``)."""
PROFILE_FILE = files("letter_book.publish").joinpath("data/FOGRA39L-letter-book.icc")


@dataclass(frozen=True, slots=True)
class Printed:
    """A volume of the print edition, as written."""

    interior: Path
    cover: Path
    pages: int
    spine: float
    """Width of the spine, in inches."""


@dataclass(frozen=True, slots=True)
class Settings:
    trim: Trim
    profile: Profile
    paper: str
    color: bool

    @classmethod
    def of(cls, config: Config) -> Settings:
        settings = config.print
        return cls(
            trim(settings.trim),
            PRINTERS[settings.profile],
            settings.paper,
            settings.interior == "color",
        )


def interior_css(fonts: Path, settings: Settings, pages: int) -> str:
    """The screen stylesheet with the trim, mirrored margins for ``pages`` pages, black
    text, issues on right-hand pages, and the output intent when the profile asks for it."""
    profile, size = settings.profile, settings.trim
    inside = gutter(profile, pages)
    outside = max(profile.margin, 0.5)
    top, bottom = max(profile.margin, 0.55), profile.margin + 0.4  # the folio sits below
    rules = [
        f"@page {{ margin: {top}in {outside}in {bottom}in; }}",
        f"@page :right {{ margin-left: {inside}in; margin-right: {outside}in; }}",
        f"@page :left {{ margin-left: {outside}in; margin-right: {inside}in; }}",
        "article.issue, article.appendix-year { break-before: right; }",
        "article.appendix + article.appendix-year { break-before: auto; }",
        # Black text: no grey, no coloured link (the address is in a footnote).
        "* { color: #000 !important; }",
        "@page { @top-center { color: #000; } }",
        "a.external { text-decoration: none; }",
    ]
    page = f"{size.width:.4f}in {size.height:.4f}in"
    return _output_intent(profile) + stylesheet(fonts, page) + "\n".join(rules) + "\n"


def _output_intent(profile: Profile) -> str:
    """The CMYK profile as WeasyPrint's output intent, for a profile that asks for PDF/X."""
    if not profile.pdf_x:
        return ""
    uri = Path(str(PROFILE_FILE)).resolve().as_uri()
    return f"@color-profile device-cmyk {{ src: url({uri}); components: c, m, y, k; }}\n"


def volumes(config: Config, book: Book, pages_of: dict[str, int], total: int) -> list[Volume]:
    """The book in volumes under the profile's page limit, cut at issue boundaries: one
    if it fits, else one a year where each year fits, else runs of issues within a year.
    ``pages_of``: the page each issue's id starts on in the whole book laid out as one."""
    name = slugify(config.book.title)
    limit = PRINTERS[config.print.profile].max_pages
    if total <= limit:
        return [Volume(name, "", book.parts, book.appendices)]
    front = min(pages_of.get(page_id(p.page.docname), 1) for p in book.parts) - 1
    out = []
    for part in book.parts:
        starts = [pages_of[page_id(issue.docname)] for issue in part.children]
        ends = [*starts[1:], _end(part, book, pages_of, total)]
        runs: list[list[int]] = [[]]
        used = front
        for index, (start, end) in enumerate(zip(starts, ends, strict=True)):
            length = end - start
            if runs[-1] and used + length > limit * 0.95:  # room for what moves
                runs.append([])
                used = front
            runs[-1].append(index)
            used += length
        year = part.page.docname.rsplit("/", 1)[-1]
        for number, run in enumerate(runs, 1):
            suffix = f"-{number}" if len(runs) > 1 else ""
            group = Group(part.page, tuple(part.children[i] for i in run))
            out.append(Volume(f"{name}-{year}{suffix}", f"{part.page.title}{suffix}", (group,)))
    return out


def _end(part: Group, book: Book, pages_of: dict[str, int], total: int) -> int:
    """The page after ``part``'s last issue: the next year's page, else the appendices'."""
    index = book.parts.index(part)
    following = [p.page for p in book.parts[index + 1 :]] + [a.page for a in book.appendices]
    return next(
        (pages_of[page_id(p.docname)] for p in following if page_id(p.docname) in pages_of), total
    )


def build_print(xhtml_dir: Path, config: Config, out: Path) -> list[Printed]:
    """Render the print edition into ``out``: ``<volume>-interior.pdf`` and
    ``<volume>-cover.pdf`` for each volume; return them."""
    book = read_book(xhtml_dir)
    settings = Settings.of(config)
    fonts = font_folder()
    whole = Volume(slugify(config.book.title), "", book.parts, book.appendices)
    layout, cache, greys = _lay_out(book, whole, xhtml_dir, config, settings, fonts, out)
    used = set(cache.used)  # the caches (one a gutter band) share a folder: pruned once
    written = []
    for volume in volumes(config, book, layout.pages, layout.count):
        if volume != whole:
            layout, cache, greys = _lay_out(book, volume, xhtml_dir, config, settings, fonts, out)
            used |= cache.used
        count = layout.count
        when = _when(issue_dates(Book(book.home, volume.parts)))
        interior = out / f"{volume.name}-interior.pdf"
        label = f"print {interior.name}"
        write_bytes(interior, join(layout, cache, when, label, pdf_x=settings.profile.pdf_x))
        cover = out / f"{volume.name}-cover.pdf"
        html = cover_html(config, settings, volume, book, count)
        data, _part = render(
            html, _cover_css(fonts, settings, count), fonts, xhtml_dir, _x(settings)
        )
        write_bytes(cover, _dated(data, when, settings))
        _report_images(layout, greys)
        spine = spine_width(settings.profile, settings.paper, settings.color, count)
        written.append(Printed(interior, cover, count, spine))
    cache.used = used
    cache.prune()
    return written


def _x(settings: Settings) -> str | None:
    return "pdf/x-4" if settings.profile.pdf_x else None


def _lay_out(
    book: Book,
    volume: Volume,
    xhtml_dir: Path,
    config: Config,
    settings: Settings,
    fonts: Path,
    out: Path,
) -> tuple[Layout, Cache, dict[str, Path]]:
    """The volume laid out with the gutter of its page count: with that of the previous
    build's count first, once more when the count lands in another band; its images in
    grey for a black-and-white interior (:func:`grey_images`, whose copies it returns)."""
    document = assemble(book.home, volume, xhtml_dir, config)
    greys = {} if settings.color else grey_images(document.sections, out / ".parts")
    sections = cut(document.sections)
    memory = out / ".parts" / f"{volume.name}.count.json"  # Cache.prune keeps it by its stem
    count = int(memory.read_text()) if memory.is_file() else settings.profile.min_pages
    for _ in range(3):
        css = interior_css(fonts, settings, count)
        with parts_cache(xhtml_dir, css, fonts, out, jobs(config), _x(settings)) as cache:
            layout = paginate(
                document.head,
                sections,
                cache,
                cache.known_pages(volume.name),
                f"print {volume.name}",
                PRINT_RECTO,
                cache.earlier_parts(volume.name),
            )
        laid_out = layout.count
        settled = band(settings.profile, laid_out) == band(settings.profile, count)
        count = laid_out
        if settled:
            break
    cache.keep(volume.name, layout)
    cache.used |= {f"{volume.name}.count", *greys}
    write_bytes(memory, str(count).encode())
    return layout, cache, greys


def grey_images(sections: Sequence[etree._Element], folder: Path) -> dict[str, Path]:
    """Each raster image of ``sections`` in shades of grey, for a black-and-white interior:
    a copy in ``folder``, named by its source's digest (so made once), that the image then
    shows. Return the copies' names without suffix (for the parts' cache to keep them),
    each with the image it is a copy of.

    A printer turns colour into grey its own way, often darker than a screen shows it; so
    the proof shows what will be printed. Vector images (SVG) and files Pillow cannot read
    stay as they are."""
    from PIL import Image, UnidentifiedImageError

    made: dict[str, Path] = {}
    for section in sections:
        for image in section.iter("img"):
            source = image.get("src", "")
            if not source.startswith("file:") or source.lower().endswith(".svg"):
                continue
            path = Path(url2pathname(urlsplit(source).path))
            try:
                data = path.read_bytes()
                picture = Image.open(io.BytesIO(data))
            except (OSError, UnidentifiedImageError):
                continue
            with picture:
                form = "JPEG" if picture.format == "JPEG" else "PNG"
                name = f"grey-{hashlib.sha256(data).hexdigest()[:20]}"
                grey = folder / f"{name}.{form.lower()}"
                if not grey.is_file():
                    write_bytes(grey, _in_grey(picture, form))
            image.set("src", grey.resolve().as_uri())
            made[name] = path
    return made


def _in_grey(picture: Any, form: str) -> bytes:
    """``picture`` in shades of grey (its transparency kept), encoded as ``form``."""
    from PIL import ImageOps

    alpha = picture.mode in {"RGBA", "LA", "PA"} or "transparency" in picture.info
    colour = picture.convert("RGBA" if alpha else "RGB")
    shades = ImageOps.grayscale(colour)
    if alpha:
        shades.putalpha(colour.getchannel("A"))
    buffer = io.BytesIO()
    shades.save(buffer, form, **({"quality": 92} if form == "JPEG" else {}))
    return buffer.getvalue()


def _report_images(layout: Layout, originals: dict[str, Path]) -> None:
    """``image.low-resolution`` for each image printed at under 300 pixels an inch (named
    by its own file, not by its grey copy's)."""
    least: dict[str, int] = {}
    for item in layout.placed:
        for source, ppi in item.part.images:
            least[source] = min(ppi, least.get(source, ppi))
    for source, ppi in sorted(least.items()):
        if ppi < LOW_RESOLUTION:
            path = Path(url2pathname(urlsplit(source).path))
            shown = originals.get(path.stem, path)
            code = Code.IMAGE_LOW_RESOLUTION.value
            print(
                f"{shown}: printed at {ppi} pixels an inch, under {LOW_RESOLUTION}: it will "
                f"look soft on paper [letter_book.{code}]",
                file=sys.stderr,
            )


def _dated(data: bytes, when: dt.datetime, settings: Settings) -> bytes:
    """The cover's PDF with ``when`` as its dates and an id of its own bytes (WeasyPrint
    writes the time of day and a random id into PDF/X metadata)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.docinfo.CreationDate = pdf.docinfo.ModDate = when.strftime("D:%Y%m%d%H%M%SZ")
        if settings.profile.pdf_x:
            stamp_xmp(pdf, when, data[:2048])
        buffer = io.BytesIO()
        pdf.save(buffer, deterministic_id=True, min_version="1.6" if settings.profile.pdf_x else "")
    return buffer.getvalue()


# -- The cover ----------------------------------------------------------------------------


def _rgb(color: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*color)


def _cover_css(fonts: Path, settings: Settings, pages: int) -> str:
    profile, size = settings.profile, settings.trim
    width, height = cover_size(profile, size, settings.paper, settings.color, pages)
    spine = spine_width(profile, settings.paper, settings.color, pages)
    bleed = profile.bleed
    barcode_w, barcode_h, barcode_at = profile.barcode
    return (
        _output_intent(profile)
        + font_faces(fonts)
        + f"""
@page {{ size: {width - 2 * bleed:.4f}in {height - 2 * bleed:.4f}in; margin: 0;
  bleed: {bleed:.4f}in; }}
html {{ font-family: "letter-book sans", "letter-book symbols", "letter-book fallback";
  color: {_rgb(INK)}; }}
body {{ margin: 0; }}
.cover {{ position: absolute; left: -{bleed:.4f}in; top: -{bleed:.4f}in;
  width: {width:.4f}in; height: {height:.4f}in; background: {_rgb(PAPER)}; }}
.band {{ position: absolute; left: 0; width: 100%; height: {bleed + 0.25:.4f}in;
  background: {_rgb(ACCENT)}; }}
.band.top {{ top: 0; }} .band.bottom {{ bottom: 0; }}
.panel {{ position: absolute; top: {bleed + 0.9:.4f}in; width: {size.width - 1.0:.4f}in;
  text-align: center; }}
.back {{ left: {bleed + 0.5:.4f}in; text-align: left; font-size: 11pt; line-height: 1.45; }}
.front {{ left: {bleed + size.width + spine + 0.5:.4f}in; }}
.front h1 {{ font-size: 30pt; font-weight: 700; margin: 1.2in 0 0.3in; line-height: 1.15; }}
.front .subtitle {{ font-size: 14pt; margin: 0 0 0.3in; }}
.front .rule {{ width: 0.8in; height: 2pt; background: {_rgb(ACCENT)}; margin: 0 auto 0.3in; }}
.front .span {{ font-size: 12pt; font-weight: 500; }}
.front .author {{ position: absolute; top: {size.height - 2.3:.4f}in; width: 100%;
  font-size: 15pt; font-weight: 600; }}
.barcode {{ position: absolute; left: {bleed + size.width - barcode_at - barcode_w:.4f}in;
  top: {bleed + size.height - barcode_at - barcode_h:.4f}in;
  width: {barcode_w}in; height: {barcode_h}in; background: #fff; }}
.spine {{ position: absolute; left: {bleed + size.width:.4f}in; top: {bleed:.4f}in;
  width: {spine:.4f}in; height: {size.height:.4f}in; }}
.spine p {{ position: absolute; left: 50%; top: 50%; width: {size.height - 1.0:.4f}in;
  margin: 0; font-size: {min(10.0, spine * 72 * 0.55):.2f}pt; font-weight: 700;
  text-align: center; white-space: nowrap; line-height: 1; }}
.spine p.down {{ transform: translate(-50%, -50%) rotate(90deg); }}
.spine p.up {{ transform: translate(-50%, -50%) rotate(-90deg); }}
"""
    )


def cover_html(config: Config, settings: Settings, volume: Volume, book: Book, pages: int) -> str:
    """The wrap-around cover: the back with the book's description (the barcode area
    left clear, in white, for the printer's barcode), the spine with the title and the
    author when the book is thick enough, the front as the EPUB's cover draws it."""
    meta = config.book
    dates = issue_dates(Book(book.home, volume.parts))
    count = sum(len(part.children) for part in volume.parts)
    span = issue_count(meta.language, count, sorted({d.year for d in dates}))
    title = meta.title + (f" — {volume.title}" if volume.title else "")
    front = [f"<h1>{escape(title)}</h1>"]
    if meta.subtitle:
        front.append(f'<p class="subtitle">{escape(meta.subtitle)}</p>')
    front += ['<div class="rule"></div>', f'<p class="span">{escape(span)}</p>']
    if meta.author:
        front.append(f'<p class="author">{escape(meta.author)}</p>')
    spine = ""
    if pages >= settings.profile.spine_text_min_pages:
        # English spines read top to bottom, French (and most of Europe's) bottom to top.
        direction = "up" if meta.language.split("-")[0].lower() in _UPWARD else "down"
        words = " · ".join(escape(w) for w in (title, meta.author or "") if w)
        spine = f'<div class="spine"><p class="{direction}">{words}</p></div>'
    back = f'<div class="panel back"><p>{escape(meta.description or "")}</p></div>'
    return (
        f'<!DOCTYPE html><html lang="{escape(meta.language, quote=True)}"><head>'
        f'<meta charset="utf-8"><title>{escape(title)}</title></head><body>'
        '<div class="cover"><div class="band top"></div><div class="band bottom"></div>'
        f'{back}<div class="barcode"></div>{spine}'
        f'<div class="panel front">{"".join(front)}</div></div></body></html>'
    )


_UPWARD = frozenset({"fr", "de", "it", "es", "pt", "nl", "sv", "da", "no", "nb", "fi", "pl", "cs"})
"""Languages whose spines read from the bottom up (continental European usage)."""
