"""The printers' rules of the print edition: trims, gutters, spine and cover sizes."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pikepdf
import pymupdf
import pytest

from letter_book.config import Config
from letter_book.convert.archive import read_archive
from letter_book.publish.pdf.assemble import Volume, page_id
from letter_book.publish.pdf.edition import Settings, cover_html, volumes
from letter_book.publish.pdf.printing import PROFILES, cover_size, gutter, spine_width, trim
from letter_book.publish.xhtml import Book, Group, Page
from letter_book.writers.microtypography import typeset_text

from .conftest import ARCHIVE, converted_project, run


def test_trims_by_name_and_by_size() -> None:
    assert (trim("6x9in").width, trim("6x9in").height) == (6, 9)
    assert trim("A5").width == pytest.approx(148 / 25.4)
    assert trim("150x230mm").height == pytest.approx(230 / 25.4)
    with pytest.raises(ValueError, match="no trim size"):
        trim("huge")


@pytest.mark.parametrize(
    ("pages", "inches"), [(24, 0.375), (150, 0.375), (151, 0.5), (500, 0.625), (828, 0.875)]
)
def test_the_kdp_gutter_grows_with_the_page_count(pages: int, inches: float) -> None:
    assert gutter(PROFILES["kdp"], pages) == inches


def test_the_cover_is_bleed_back_spine_front_bleed() -> None:
    kdp = PROFILES["kdp"]
    assert spine_width(kdp, "white", False, 300) == pytest.approx(300 * 0.002252)
    assert spine_width(kdp, "cream", False, 300) == pytest.approx(0.75)
    width, height = cover_size(kdp, trim("6x9in"), "white", False, 300)
    assert width == pytest.approx(0.125 + 6 + 300 * 0.002252 + 6 + 0.125)
    assert height == pytest.approx(9.25)


def _page(docname: str, date: str = "") -> Page:
    return Page(
        docname,
        f"{docname}.xhtml",
        docname.rsplit("/", 1)[-1],
        {"issue_date": date} if date else {},
        (),
    )


def _book(years: dict[int, int]) -> Book:
    """A book of ``years[year]`` issues a year, one a week."""
    parts = tuple(
        Group(
            _page(f"parts/{year}"),
            tuple(_page(f"issues/{year}-{n}", f"{year}-01-{n + 1:02d}") for n in range(count)),
        )
        for year, count in years.items()
    )
    return Book(_page("index"), parts, (Group(_page("quotes"), ()),))


def _ids(book: Book, lengths: dict[str, int]) -> tuple[dict[str, int], int]:
    """Where each page of ``book`` starts when each issue is ``lengths[year]`` pages long."""
    pages, page = {}, 1
    for part in book.parts:
        pages[page_id(part.page.docname)] = page
        page += 1
        for issue in part.children:
            pages[page_id(issue.docname)] = page
            page += lengths[part.page.title]
    pages["quotes"] = page
    return pages, page + 20


def test_a_book_over_the_page_limit_is_cut_at_issues_by_year_then_within_a_year() -> None:
    """KDP's 828 pages: a book that fits is one volume; a longer one is a volume a year,
    and a year too long for one is cut between two issues (-1, -2), never inside one."""
    config = replace(Config(), book=replace(Config().book, title="Octet"))
    book = _book({2023: 3, 2024: 2})
    small, total = _ids(book, {"2023": 100, "2024": 100})
    assert [v.name for v in volumes(config, book, small, total)] == ["octet"]
    large, total = _ids(book, {"2023": 300, "2024": 200})  # 900 pages in 2023
    cut = volumes(config, book, large, total)
    assert [(v.name, v.title) for v in cut] == [
        ("octet-2023-1", "2023-1"), ("octet-2023-2", "2023-2"), ("octet-2024", "2024")
    ]  # fmt: skip
    assert [[i.docname for g in v.parts for i in g.children] for v in cut] == [
        ["issues/2023-0", "issues/2023-1"], ["issues/2023-2"], ["issues/2024-0", "issues/2024-1"]
    ]  # fmt: skip
    lengths = {"2023": 300, "2024": 200}
    for volume in cut:  # each under the limit
        assert sum(lengths[g.page.title] * len(g.children) for g in volume.parts) < 828


@pytest.mark.parametrize(
    ("language", "pages", "spine"),
    [("en", 79, None), ("en", 80, "down"), ("fr", 300, "up"), ("en-GB", 300, "down")],
)
def test_the_spine_has_words_above_the_printers_page_count(
    language: str, pages: int, spine: str | None
) -> None:
    """KDP: no text on a spine under 80 pages; English spines read top to bottom (the text
    turned clockwise), French ones bottom to top."""
    base = Config()
    config = replace(
        base, book=replace(base.book, title="Octet", author="A. Auteur", language=language)
    )
    book = _book({2023: 3})
    html = cover_html(config, Settings.of(config), Volume("octet", "", book.parts), book, pages)
    found = re.search(r'<div class="spine"><p class="(\w+)">([^<]*)</p>', html)
    if spine is None:
        assert found is None
    else:
        assert found is not None and found.groups() == (spine, "Octet · A. Auteur")
    assert '<div class="barcode"></div>' in html  # the area kept clear, on the back


@pytest.mark.sphinx
def test_the_print_edition_of_the_sample(tmp_path: Path) -> None:
    """IngramSpark's profile (PDF/X-4): output intent, version, boxes on every page, each
    issue on a right-hand page, the book's fonts embedded, the cover as wide as the formula
    for the interior's page count; the same bytes from nothing."""
    project = converted_project(tmp_path)
    config = project / "letter-book.toml"
    config.write_text(config.read_text() + '\n[print]\nprofile = "ingramspark"\n')
    run("build", "print", cwd=project)
    out = project / "build" / "print"
    interior = pikepdf.open(out / "octet-interior.pdf")
    assert interior.pdf_version == "1.6"
    assert interior.Root.OutputIntents[0].S == "/GTS_PDFX"
    with interior.open_metadata() as xmp:
        assert xmp["pdfx:GTS_PDFXVersion"] == "PDF/X-4"
    for page in interior.pages:
        assert list(page.TrimBox) == list(page.MediaBox) == [0, 0, 432, 648]  # 6x9 in
        assert "/BleedBox" in page.obj
    text = pymupdf.open(out / "octet-interior.pdf")
    titles = {
        typeset_text(entry.issue.title, french=True)
        for entry in read_archive(ARCHIVE, Config()).entries
    }
    issues = [(title, page) for level, title, page in text.get_toc() if title in titles]
    assert len(issues) == len(titles)
    for title, page in issues:  # the outline's pages count from 1
        assert page % 2 == 1, f"{title} opens on page {page}, a left-hand page"
    fonts = {font[3].split("+")[-1] for page in text for font in page.get_fonts()}
    assert fonts and all(name.startswith(("letter-book", "Noto")) for name in fonts)
    _check_cover(out / "octet-cover.pdf", len(interior.pages))
    run("build", "pdf", cwd=project)  # the screen PDF: its issues' every word is printed
    screen = _words(pymupdf.open(project / "build" / "pdf" / "octet.pdf"))
    assert len(screen) > 500
    assert screen - _words(text) == set()
    before = {path.name: path.read_bytes() for path in out.glob("*.pdf")}
    shutil.rmtree(out)
    run("build", "print", cwd=project)
    assert {path.name: path.read_bytes() for path in out.glob("*.pdf")} == before


def _check_cover(path: Path, pages: int) -> None:
    """One page: the trim as wide as back, spine (IngramSpark's formula for ``pages``) and
    front, the bleed all round it, and the barcode area (bottom right of the back) clear:
    white, with no text."""
    profile = PROFILES["ingramspark"]
    cover = pikepdf.open(path)
    assert len(cover.pages) == 1
    page = cover.pages[0]
    trim_box, media = [float(x) for x in page.TrimBox], [float(x) for x in page.MediaBox]
    spine = spine_width(profile, "white", False, pages)
    assert (trim_box[2] - trim_box[0]) / 72 == pytest.approx(2 * 6 + spine, abs=0.01)
    assert (trim_box[3] - trim_box[1]) / 72 == pytest.approx(9, abs=0.01)
    bleed = profile.bleed * 72
    assert media == pytest.approx(
        [trim_box[0] - bleed, trim_box[1] - bleed, trim_box[2] + bleed, trim_box[3] + bleed],
        abs=0.1,
    )
    assert [float(x) for x in page.BleedBox] == pytest.approx(media, abs=0.1)
    width, height, margin = profile.barcode
    drawn = pymupdf.open(path)[0]
    # PyMuPDF measures from the top left corner of the bleed, downwards.
    area = pymupdf.Rect(
        (profile.bleed + 6 - margin - width) * 72,
        (profile.bleed + 9 - margin - height) * 72,
        (profile.bleed + 6 - margin) * 72,
        (profile.bleed + 9 - margin) * 72,
    )
    assert not [w for w in drawn.get_text("words") if pymupdf.Rect(w[:4]).intersects(area)]
    # Its edges' pixels blend with the colours around it.
    inside = pymupdf.Rect(area.x0 + 2, area.y0 + 2, area.x1 - 2, area.y1 - 2)
    pixels = drawn.get_pixmap(clip=inside, dpi=36, colorspace=pymupdf.csGRAY)
    assert set(pixels.samples) == {255}


def _words(document: pymupdf.Document) -> set[str]:
    """The words of a PDF's text, without its running heads and page numbers, a word cut
    at the end of a line or a page joined again; numbers aside (a book's page references
    differ from the other's)."""
    mm = 72 / 25.4  # the running heads and page numbers sit in the margins: left out
    body = [
        pymupdf.Rect(0, 12 * mm, page.rect.width, page.rect.height - 16 * mm) for page in document
    ]
    text = "\n".join(page.get_text(clip=clip) for page, clip in zip(document, body, strict=True))
    # WeasyPrint cuts a word with U+2010; a list's bullets may come between the two halves.
    text = re.sub(r"(\w)[-\u2010]\n(?:\W*\n)*(\w)", r"\1\2", text)
    return {word for word in re.findall(r"\w+", text) if not word.isdigit()}


def test_a_black_and_white_interior_prints_its_images_in_grey(tmp_path: Path) -> None:
    """Each raster image is shown through a grey copy (its transparency and format kept,
    made once); SVG and unreadable files are left as they are."""
    from lxml import etree
    from PIL import Image

    from letter_book.publish.pdf.edition import grey_images

    photo, logo = tmp_path / "photo.jpg", tmp_path / "logo.png"
    Image.new("RGB", (40, 30), (200, 30, 30)).save(photo, "JPEG")
    Image.new("RGBA", (20, 20), (30, 30, 200, 128)).save(logo, "PNG")
    (tmp_path / "plan.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (tmp_path / "broken.png").write_bytes(b"not an image")
    names = ("photo.jpg", "logo.png", "plan.svg", "broken.png")
    images = "".join(f'<img src="{(tmp_path / n).as_uri()}"/>' for n in names)
    section = etree.fromstring(f"<article>{images}</article>")
    copies = tmp_path / "parts"
    made = grey_images([section], copies)
    assert sorted(made.values()) == [logo, photo]
    shown = [Path(image.get("src").removeprefix("file://")) for image in section.iter("img")]
    assert shown[2:] == [tmp_path / "plan.svg", tmp_path / "broken.png"]
    with Image.open(shown[0]) as grey:
        assert (grey.format, grey.mode, grey.size) == ("JPEG", "L", (40, 30))
        assert abs(grey.getpixel((20, 15)) - (200 * 299 + 30 * 587 + 30 * 114) // 1000) <= 3
    with Image.open(shown[1]) as grey:
        assert (grey.format, grey.mode) == ("PNG", "LA") and grey.getpixel((5, 5))[1] == 128
    assert {path.stem for path in shown[:2]} == set(made)
    before = {path: path.read_bytes() for path in copies.iterdir()}
    again = etree.fromstring(f"<article>{images}</article>")
    assert grey_images([again], copies) == made
    assert {path: path.read_bytes() for path in copies.iterdir()} == before
