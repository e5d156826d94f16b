"""The PDF of the sample archive: a book, with every glyph from the book's own fonts."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pymupdf
import pytest

from letter_book.config import Config
from letter_book.convert.archive import read_archive
from letter_book.publish.build import _note_stale_downloads
from letter_book.publish.fonts import (
    EMOJI_FONT,
    FALLBACK_FONT,
    SANS_FONT,
    SANS_ITALIC_FONT,
    SYMBOLS_FONT,
    cmap,
)
from letter_book.writers.microtypography import typeset_text

from .conftest import ARCHIVE, converted_project, make_project, run
from .helpers import EPOCH, build_pdf

pytestmark = pytest.mark.sphinx


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = converted_project(tmp_path_factory.mktemp("pdf"))
    result = build_pdf(tmp)
    assert result.returncode == 0, result.stderr
    return tmp


@pytest.fixture(scope="module")
def pdf(project: Path) -> pymupdf.Document:
    return pymupdf.open(project / "build" / "pdf" / "octet.pdf")


@pytest.fixture(scope="module")
def titles(config: Config) -> list[str]:
    # as the chapters show them, with French spacing
    return [typeset_text(e.issue.title, french=True) for e in read_archive(ARCHIVE, config).entries]


def test_metadata_and_page_size(pdf: pymupdf.Document) -> None:
    assert pdf.metadata["title"] == "Octet"
    assert pdf.metadata["author"] == "Inès Garnier"
    assert pdf.xref_get_key(pdf.pdf_catalog(), "Lang") == ("string", "fr")
    width, height = pdf[0].rect.width, pdf[0].rect.height
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (148, 210)  # A5


def test_every_issue_title_and_a_plausible_page_count(
    pdf: pymupdf.Document, titles: list[str]
) -> None:
    text = " ".join(" ".join(page.get_text().split()) for page in pdf)
    for title in titles:
        assert " ".join(title.split()) in text
    # Title page, contents, three year pages, then two or three pages an issue.
    assert len(titles) * 2 + 5 <= pdf.page_count <= len(titles) * 5 + 8


def test_outline_year_issue_section(pdf: pymupdf.Document, titles: list[str]) -> None:
    toc = pdf.get_toc()
    assert [t for level, t, _page in toc if level == 1] == [
        "Table des matières",
        "2023",
        "2024",
        "Sans date",
        "Citations",
        "Liens recommandés",
        "Index",
    ]
    start = [t for _level, t, _page in toc].index("Citations")
    issues, appendices = toc[:start], toc[start:]
    assert sorted(t for level, t, _page in issues if level == 2) == sorted(titles)
    assert "🧭 Au sommaire" in {t for level, t, _page in issues if level == 3}
    # Each issue starts on a page of its own, after the page of its year.
    pages = [page for level, _t, page in issues if level == 2]
    assert len(set(pages)) == len(pages)
    # The appendices have their years, each but the first on a new page.
    assert [(level, t) for level, t, _page in appendices] == [
        (1, "Citations"), (2, "Citations · 2023"), (2, "Citations · 2024"),
        (1, "Liens recommandés"), (2, "Liens recommandés · 2023"),
        (2, "Liens recommandés · 2024"), (2, "Liens recommandés · Sans date"),
        (1, "Index"),
    ]  # fmt: skip
    pages = [page for _level, _t, page in appendices]
    assert pages[0] == pages[1] < pages[2] < pages[3] == pages[4] < pages[5] < pages[6]


def test_contents_give_page_numbers(pdf: pymupdf.Document) -> None:
    contents = " ".join(pdf[1].get_text().split())
    toc = {t: page for level, t, page in pdf.get_toc() if level == 2}
    title = "Payer en ligne sans y penser"
    assert contents.startswith("Table des matières")
    after = contents[contents.index(title) + len(title) :].lstrip(". ")
    assert after.startswith(f"{toc[title]} ")


def test_running_heads_and_page_numbers(pdf: pymupdf.Document) -> None:
    toc = {t: page for level, t, page in pdf.get_toc() if level == 2}
    page = pdf[toc["Batteries\u00a0: la course au lithium"]]  # the issue's second page (0-based)
    top = page.get_text(clip=pymupdf.Rect(0, 0, page.rect.width, 40))
    bottom = page.get_text(
        clip=pymupdf.Rect(0, page.rect.height - 45, page.rect.width, page.rect.height)
    )
    assert "Batteries\u00a0: la course au lithium" in top
    assert bottom.strip() == str(toc["Batteries\u00a0: la course au lithium"] + 1)
    # A further year of an appendix, rendered on its own, keeps the appendix's running head.
    year = {t: page for level, t, page in pdf.get_toc() if level == 2}["Citations · 2024"]
    page = pdf[year - 1]
    assert page.get_text(clip=pymupdf.Rect(0, 0, page.rect.width, 40)).strip() == "Citations"


def test_only_the_books_fonts_and_they_have_every_glyph(pdf: pymupdf.Document) -> None:
    names = {font[3] for page in pdf for font in page.get_fonts()}
    assert names and all("letter-book" in n or "Noto" in n for n in names), names
    covered = (
        cmap(SANS_FONT)
        | cmap(SANS_ITALIC_FONT)
        | cmap(SYMBOLS_FONT)
        | cmap(EMOJI_FONT)
        | cmap(FALLBACK_FONT)
    )
    used = {ord(c) for page in pdf for c in page.get_text() if not c.isspace()}
    assert used - covered == set()
    text = "".join(page.get_text() for page in pdf)
    assert "n°\u00a043" in text and "«" in text and "’" in text and "🎯" in text
    # French spacing: its no-break spaces are drawn from the book's font, not a fallback
    assert "jamais\u202f?" in text and "«\u00a0dans" in text and "minutes\u00a0»" in text
    assert {0x202F, 0x00A0} <= cmap(SANS_FONT) & cmap(SANS_ITALIC_FONT)


def test_same_bytes_with_source_date_epoch(project: Path) -> None:
    first = build_pdf(project, epoch=EPOCH)
    data = (project / "build" / "pdf" / "octet.pdf").read_bytes()
    (project / "build" / "pdf" / "octet.pdf").unlink()  # render again, not reuse:
    shutil.rmtree(project / "build" / "pdf" / ".parts")
    second = build_pdf(project, epoch=EPOCH)
    assert first.returncode == second.returncode == 0
    assert (project / "build" / "pdf" / "octet.pdf").read_bytes() == data
    for step in (r"rendering \d+ parts?", "joining the parts"):  # its progress shown
        assert re.search(rf"^letter-book: PDF octet\.pdf: {step}: done", second.stderr, re.M)
    with pymupdf.open(project / "build" / "pdf" / "octet.pdf") as built:
        assert built.metadata["creationDate"].startswith("D:20231114221320")


def test_symbols_noto_lacks_come_from_the_fallback(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "2024-01-02-maths.txt").write_text(
        "Des maths\nLe teaser. #1\n🧭 Au sommaire\nEnviron ≈ 30 %, x ≤ 2 ⇒ ✓ ★ ∞ √2 ≠ 1.\n",
        encoding="utf-8",
    )
    project = converted_project(tmp_path, archive)
    result = build_pdf(project)
    assert result.returncode == 0, result.stderr
    with pymupdf.open(project / "build" / "pdf" / "octet.pdf") as document:
        assert "≈ 30 %, x ≤ 2 ⇒ ✓ ★ ∞ √2 ≠ 1" in " ".join(document[2].get_text().split()) or any(
            "≤ 2 ⇒" in page.get_text() for page in document
        )
        names = {font[3] for page in document for font in page.get_fonts()}
        assert any("fallback" in n or "DejaVu" in n for n in names), names


def test_an_unchanged_volume_is_not_rendered_again(project: Path) -> None:
    pdf = project / "build" / "pdf" / "octet.pdf"
    assert build_pdf(project).returncode == 0
    before = pdf.stat().st_mtime_ns
    assert build_pdf(project).returncode == 0
    assert pdf.stat().st_mtime_ns == before


def test_a_character_without_glyph_fails_the_build(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "2024-01-02-chinois.txt").write_text(
        "Une lettre en chinois\nLe teaser. #1\n🧭 Au sommaire\nUn mot : 中文.\n", encoding="utf-8"
    )
    project = converted_project(tmp_path, archive)
    result = build_pdf(project)
    assert result.returncode == 1
    assert ".notdef glyph rendered" in result.stderr and "中" in result.stderr
    assert not (project / "build" / "pdf" / "une-lettre-en-chinois.pdf").exists()


def test_one_volume_a_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(ARCHIVE, archive)
    project = make_project(tmp_path, archive)
    run("convert", cwd=project)
    assert build_pdf(project).returncode == 0  # one volume, the default for a small book
    config = project / "letter-book.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + '\n[pdf]\nvolumes = "year"\npage_size = "A4"\n',
        encoding="utf-8",
    )
    assert build_pdf(project).returncode == 0
    # The single volume, which the site would otherwise offer still, is gone.
    volumes = sorted(p.name for p in (project / "build" / "pdf").glob("*.pdf*"))
    assert volumes == [
        "octet-2023.pdf", "octet-2023.pdf.sha256", "octet-2024.pdf", "octet-2024.pdf.sha256",
        "octet-undated.pdf", "octet-undated.pdf.sha256",
    ]  # fmt: skip
    with pymupdf.open(project / "build" / "pdf" / "octet-2023.pdf") as volume:
        assert round(volume[0].rect.width / 72 * 25.4) == 210  # A4
        toc = volume.get_toc()
        assert [t for level, t, _p in toc if level == 1] == [
            "Table des matières",
            "2023",
            "Citations",
            "Liens recommandés",
            "Index",
        ]
        # The appendices hold its year only: no year under them, in the outline, the
        # contents or the pages.
        appendices = [t for _level, t, _p in toc[[t for _l, t, _p in toc].index("Citations") :]]
        assert appendices == ["Citations", "Liens recommandés", "Index"]
        text = "".join(page.get_text() for page in volume)
        assert "· 2023" not in text
        # Its appendices are about its own issues only.
        text = "".join(page.get_text() for page in volume).replace("\n", " ")
        assert "Alfred Korzybski" in text and "Iris Murdoch" not in text  # 2023, 2024
        assert "OpenDataFrance" in text and "TeleGeography" not in text  # links: 2023, 2024
        start = next(page for level, t, page in volume.get_toc() if t == "Index")
        index = "".join(volume[i].get_text() for i in range(start - 1, len(volume)))
        assert "Bruxelles" in index and "Google" not in index  # in a 2023 issue; in 2024 ones
    # This week's issue renders its year's volume again, and no other.
    built = {p.name: p.stat().st_mtime_ns for p in (project / "build" / "pdf").glob("*.pdf")}
    (archive / "2024-12-03-nouvelle.txt").write_text(
        "Nouvelle\nLe teaser. #52\n🧭 Au sommaire\nUne phrase.\n", encoding="utf-8"
    )
    run("convert", cwd=project)
    assert build_pdf(project).returncode == 0
    pdfs = (project / "build" / "pdf").glob("*.pdf")
    changed = sorted(p.name for p in pdfs if p.stat().st_mtime_ns != built[p.name])
    assert changed == ["octet-2024.pdf"]
    # The others were found current: the site does not call them older than the chapters.
    downloads = sorted((project / "build" / "pdf").glob("*.pdf"))
    capsys.readouterr()
    _note_stale_downloads(project / "book", downloads)
    assert capsys.readouterr().err == ""


def test_a_mention_of_another_issue_links_to_its_page(pdf: pymupdf.Document) -> None:
    def start(title: str) -> int:
        return next(i for i, page in enumerate(pdf) if title in page.get_text() and i > 3)

    source = start("Comme dans la lettre #42")
    target = start("Batteries\u00a0: la course au lithium")
    links = [
        link
        for link in pdf[source].get_links()
        if "la lettre #42" in pdf[source].get_textbox(link["from"]).replace("\n", " ")
    ]
    assert links, "no link on the mention"  # one a line the mention is set on
    assert {link["kind"] for link in links} <= {pymupdf.LINK_GOTO, pymupdf.LINK_NAMED}
    assert {link["page"] for link in links} == {target}


def test_the_index_of_names_gives_pages(pdf: pymupdf.Document) -> None:
    # The appendices are in the outline: test_outline_year_issue_section.
    last = "".join(pdf[i].get_text() for i in range(len(pdf) - 3, len(pdf)))
    assert "Google" in last and "(p. " in last  # index entries give their page
