"""The printers' rules of the print edition: trims, gutters, spine and cover sizes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pymupdf
import pytest

from letter_book.config import Config
from letter_book.convert.archive import read_archive
from letter_book.publish.pdf.printing import PROFILES, cover_size, gutter, spine_width, trim
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
    cover = pikepdf.open(out / "octet-cover.pdf")
    trim_width = float(cover.pages[0].TrimBox[2] - cover.pages[0].TrimBox[0])
    spine = spine_width(PROFILES["ingramspark"], "white", False, len(interior.pages))
    assert trim_width / 72 == pytest.approx(2 * 6 + spine, abs=0.01)
    before = {path.name: path.read_bytes() for path in out.glob("*.pdf")}
    shutil.rmtree(out)
    run("build", "print", cwd=project)
    assert {path.name: path.read_bytes() for path in out.glob("*.pdf")} == before
