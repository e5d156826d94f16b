"""The PDF rendered part by part: the same book as one rendering, and cheap to extend."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pymupdf
import pytest

from letter_book.config import load_config
from letter_book.pdf import parts_cache, volumes
from letter_book.pdf.assemble import assemble, page_id
from letter_book.pdf.parts import ISSUES_PER_PART, cut, paginate
from letter_book.pdf.render import Part, font_folder, render, stylesheet
from letter_book.xhtml import read_book

from .conftest import ARCHIVE
from .test_pdf import EPOCH, build
from .test_sphinx_build import make_project, run

pytestmark = pytest.mark.sphinx


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("parts")
    archive = tmp / "archive"
    shutil.copytree(ARCHIVE, archive)
    project = make_project(tmp, archive)
    run("convert", cwd=project)
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project


def _internal_links(page: pymupdf.Page) -> list[int]:
    return sorted(link["page"] for link in page.get_links() if link["kind"] != pymupdf.LINK_URI)


def test_the_joined_parts_read_as_one_rendering(project: Path) -> None:
    """Same pages, same text on each (page numbers, running heads, page references),
    same outline and links as WeasyPrint rendering the volume as one document."""
    config = load_config(project / "letter-book.toml")
    xhtml = project / "build" / "xhtml"
    book = read_book(xhtml)
    [volume] = volumes(config, book)
    document = assemble(book.home, volume, xhtml, config)
    fonts = font_folder()
    css = stylesheet(fonts, config.pdf.page_size)

    cache = parts_cache(xhtml, css, fonts, project / "build" / "pdf")

    def fail(html: str) -> Part:
        raise AssertionError("the build left every part in the cache")

    cache.render = fail
    known = cache.known_pages(volume.name)
    placed, pages = paginate(document.head, cut(document.sections), cache, known)
    assert len(placed) > 3
    # paginate left the page references written in the sections: render them as one
    whole = render(document.html(), css, fonts, xhtml)
    with (
        pymupdf.open(stream=whole.pdf) as one,
        pymupdf.open(project / "build" / "pdf" / "octet.pdf") as joined,
    ):
        assert (
            joined.page_count
            == one.page_count
            == sum(p.part.pages + p.blank_before for p in placed)
        )
        for number in range(one.page_count):
            assert joined[number].get_text() == one[number].get_text(), number + 1
            assert _internal_links(joined[number]) == _internal_links(one[number]), number + 1
        assert joined.get_toc() == one.get_toc()
    assert pages == {name: index + 1 for name, index in whole.anchors.items()}


def test_this_weeks_issue_renders_its_part_the_contents_and_the_appendices(
    tmp_path: Path,
) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(ARCHIVE, archive)
    project = make_project(tmp_path, archive)
    run("convert", cwd=project)
    assert build(project, epoch=EPOCH).returncode == 0
    parts = project / "build" / "pdf" / ".parts"
    before = {path.name for path in parts.glob("*.pdf")}
    (archive / "2024-12-03-nouvelle.txt").write_text(
        "Nouvelle\nLe teaser. #52\n🧭 Au sommaire\nComme dans la lettre #42, une phrase.\n"
        "🧐 Pour aller plus loin\nDes ressources utiles.\n"
        "Pour tout savoir des ports Le guide des ports - Octet Labs\n",
        encoding="utf-8",
    )
    run("convert", cwd=project)
    assert build(project, epoch=EPOCH).returncode == 0

    def first_id(path: Path) -> str:
        anchors = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["anchors"]
        return min(anchors, key=anchors.get)  # type: ignore[arg-type]

    rendered = sorted(first_id(p) for p in parts.glob("*.pdf") if p.name not in before)
    [(year, issues)] = [
        (part, issues)
        for part, issues in read_book(project / "build" / "xhtml").parts
        if issues[-1].title == "Nouvelle"
    ]
    # runs of issues are counted from their year's page, which opens the first one
    start = (len(issues) - 1) // ISSUES_PER_PART * ISSUES_PER_PART
    last_run = page_id((issues[start] if start else year).docname)
    # the contents, the new issue's run of issues, and the appendix that lists its link:
    # the quotes and the index did not change, nor did their first pages
    assert rendered == sorted(["index", last_run, "appendices-links"]), (rendered, last_run)
    # The cache keeps what this build used, and the PDF is the one a build from nothing gives.
    assert len(list(parts.glob("*.pdf"))) == len(before)  # one more issue, in the last run
    incremental = (project / "build" / "pdf" / "octet.pdf").read_bytes()
    shutil.rmtree(parts)
    assert build(project, epoch=EPOCH).returncode == 0
    assert (project / "build" / "pdf" / "octet.pdf").read_bytes() == incremental
