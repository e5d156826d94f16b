"""The PDF rendered part by part: the same book as one rendering, and cheap to extend."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

import pymupdf
import pytest
from lxml import etree
from lxml import html as lxml_html

from letter_book.config import load_config
from letter_book.errors import BuildError
from letter_book.publish.pdf import parts_cache, volumes
from letter_book.publish.pdf.assemble import assemble, page_id
from letter_book.publish.pdf.parts import (
    ISSUES_PER_PART,
    Cache,
    VolumeParts,
    _html,
    cut,
    paginate,
    paginate_all,
)
from letter_book.publish.pdf.render import Part, font_folder, render, stylesheet
from letter_book.publish.xhtml import read_book

from .conftest import ARCHIVE, converted_project, run
from .helpers import EPOCH, build_pdf

pytestmark = pytest.mark.sphinx


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = converted_project(tmp_path_factory.mktemp("parts"))
    result = build_pdf(project)
    assert result.returncode == 0, result.stderr
    return project


def _section(kind: str, name: str, pages: int, *links: str) -> etree._Element:
    section = etree.Element("article", {"class": kind, "id": name, "data-pages": str(pages)})
    for target in links:
        etree.SubElement(section, "a", href=f"#{target}")
    return section


def _render(html: str) -> tuple[bytes, Part, list[str]]:
    """A stand-in for WeasyPrint: each section takes the pages it says, and one more when
    it shows a page number of two digits or more."""
    number, anchors = 0, {}
    for section in lxml_html.document_fromstring(html).iter("article"):
        anchors[section.get("id", "")] = number
        wide = any(len(link.get("data-page", "")) > 1 for link in section.iter("a"))
        number += int(section.get("data-pages", "")) + wide
    return b"", Part(number, anchors, (), (), (420.0, 595.0)), []


def test_cut_into_runs_of_issues_and_parts_opening_on_the_right(tmp_path: Path) -> None:
    sections = [
        _section("title-page", "home", 1),
        _section("toc", "toc", 1),
        _section("part", "y1", 1),
        *(_section("issue", f"i{n}", 1) for n in range(6)),
        _section("part", "y2", 1),
        _section("issue", "i6", 1),
        _section("appendix", "quotes", 1),
        _section("appendix", "links", 1),
    ]
    assert [[s.get("id") for s in part] for part in cut(sections)] == [
        ["home", "toc"],
        ["y1", "i0", "i1", "i2", "i3"],
        ["i4", "i5"],
        ["y2", "i6"],
        ["quotes"],
        ["links"],
    ]


def test_page_numbers_settle_when_a_reference_moves_what_it_refers_to(tmp_path: Path) -> None:
    # The contents refer to the appendix, beyond ten pages: once its number is known the
    # contents take two pages, which moves the appendix, so the contents are rendered again.
    sections = [
        _section("title-page", "home", 1),
        _section("toc", "toc", 1, "y", "far"),
        _section("part", "y", 1),
        *(_section("issue", f"i{n}", 2, "far") for n in range(6)),
        _section("appendix", "far", 3, "i0"),
    ]
    cache = Cache(tmp_path, "", _render)
    layout = paginate("<html><head></head>", cut(sections), cache, {})
    assert layout.pages == {
        "home": 1,
        "toc": 2,
        "y": 5,
        **{f"i{n}": 6 + 3 * n for n in range(6)},
        "far": 25,
    }
    # the contents are pages 2 and 3; the year opens on page 5, after a blank page 4
    assert [(p.part.pages, p.blank_before) for p in layout.placed][:2] == [(3, False), (13, True)]
    shown = {(s.get("id"), a.get("href")): a.get("data-page") for s in sections for a in s}
    assert shown[("toc", "#far")] == shown[("i5", "#far")] == "25"
    assert shown[("far", "#i0")] == "6"
    # The next build starts from these numbers and renders nothing again.
    cache.render = lambda html: pytest.fail("rendered again")
    assert paginate("<html><head></head>", cut(sections), cache, layout.pages) == layout


def _volume(year: str, issues: int) -> list[etree._Element]:
    return [
        _section("title-page", f"home{year}", 1),
        _section("toc", f"toc{year}", 1, f"y{year}", f"far{year}"),
        _section("part", f"y{year}", 1),
        *(_section("issue", f"i{year}-{n}", 2, f"far{year}") for n in range(issues)),
        _section("appendix", f"far{year}", 3),
    ]


def test_the_volumes_of_a_build_render_together(tmp_path: Path) -> None:
    # Each round renders what every volume still lacks at once (one pool for all), and
    # each volume is laid out as it would be alone.
    calls: list[int] = []

    class Counting(Cache):
        def get(self, htmls: Sequence[str], label: str) -> list[tuple[str, Part]]:
            calls.append(len(htmls))
            return super().get(htmls, label)

    head = "<html><head></head>"
    alone = [
        paginate(head, cut(_volume(y, n)), Cache(tmp_path / y, "", _render), {})
        for y, n in (("a", 2), ("b", 6))
    ]
    together = Counting(tmp_path / "both", "", _render)
    volumes = [VolumeParts(head, cut(_volume(y, n)), {}) for y, n in (("a", 2), ("b", 6))]
    assert paginate_all(volumes, together) == alone
    # A first build asks for the digits and the parts of both volumes in each round until
    # their page references stop moving: all of them in the first round ("?" for every
    # number); in the second, the digits and the appendices first, then the parts that
    # link forward (the contents, the issues), taking the length of those not yet
    # rendered from the first; volume b alone in the third (its contents grew past page 9).
    assert calls == [1 + 3 + 4, 1 + 1 + 1, 2 + 3, 1 + 1, 3]


def test_a_part_that_refers_back_renders_once_the_pages_it_shows_are_known(
    tmp_path: Path,
) -> None:
    # The appendix links to issues before it: it waits for them, and renders once, with
    # its numbers, in a first build too. The contents link forward: written "?" first,
    # rendered again with the numbers.
    sections = [
        _section("title-page", "home", 1),
        _section("toc", "toc", 1, "y", "far"),
        _section("part", "y", 1),
        *(_section("issue", f"i{n}", 2) for n in range(2)),
        _section("appendix", "far", 3, "i0", "i1"),
    ]
    rendered: list[str] = []

    def counting(html: str) -> tuple[bytes, Part, list[str]]:
        rendered.append(html)
        return _render(html)

    layout = paginate("<html><head></head>", cut(sections), Cache(tmp_path, "", counting), {})
    assert layout.pages == {"home": 1, "toc": 2, "y": 3, "i0": 4, "i1": 6, "far": 9}
    shown = {(s.get("id"), a.get("href")): a.get("data-page") for s in sections for a in s}
    assert shown == {
        ("toc", "#y"): "3",
        ("toc", "#far"): "9",
        ("far", "#i0"): "4",
        ("far", "#i1"): "6",
    }
    assert sum('id="far"' in html and 'id="toc"' not in html for html in rendered) == 1
    assert sum('id="toc"' in html for html in rendered) == 2


def test_this_weeks_contents_render_once_beside_the_appendices(tmp_path: Path) -> None:
    # The contents take the length of the appendix (and their own) from the last build:
    # adding an issue renders its run of issues, then the contents and the appendix
    # together, each once, with the right numbers.
    def volume(issues: int) -> list[list[etree._Element]]:
        names = [f"i{n}" for n in range(issues)]
        return cut(
            [
                _section("title-page", "home", 1),
                _section("toc", "toc", 1, "y", *names, "far"),
                _section("part", "y", 1),
                *(_section("issue", name, 2) for name in names),
                _section("appendix", "far", 3, *names),
            ]
        )

    waves: list[list[str]] = []

    class Waves(Cache):
        def get(self, htmls: Sequence[str], label: str) -> list[tuple[str, Part]]:
            waves.append([h for h in htmls if not self.has(self.key(h))])
            return super().get(htmls, label)

    cache = Waves(tmp_path, "", _render)
    head = "<html><head></head>"
    cache.keep("v", paginate(head, volume(6), cache, {}))
    waves.clear()
    parts = volume(7)
    earlier = cache.earlier_parts("v")
    layout = paginate(head, parts, cache, cache.known_pages("v"), earlier=earlier)
    assert layout == paginate(head, volume(7), Cache(tmp_path / "new", "", _render), {})
    ids = [[re.findall(r'<article[^>]* id="([^"]+)"', html) for html in wave] for wave in waves]
    assert ids == [[["i4", "i5", "i6"]], [["home", "toc"], ["far"]]]
    shown = {(s.get("id"), a.get("href")): a.get("data-page") for p in parts for s in p for a in s}
    assert shown[("toc", "#i6")] == shown[("far", "#i6")] == str(layout.pages["i6"]) == "18"
    assert shown[("toc", "#far")] == str(layout.pages["far"]) == "21"  # a right-hand page


def test_a_link_to_an_id_no_page_has_fails_the_build(tmp_path: Path) -> None:
    sections = [_section("title-page", "home", 1, "nowhere")]
    with pytest.raises(BuildError, match="#nowhere"):
        paginate("<html><head></head>", cut(sections), Cache(tmp_path, "", _render), {})


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

    cache = parts_cache(xhtml, css, fonts, project / "build" / "pdf", jobs=1)

    def fail(html: str) -> tuple[bytes, Part, list[str]]:
        raise AssertionError("the build left every part in the cache")

    cache.render = fail
    known = cache.known_pages(volume.name)
    layout = paginate(document.head, cut(document.sections), cache, known)
    assert len(layout.placed) > 3
    # paginate left the page references written in the sections: render them as one
    whole_pdf, whole = render(document.html(), css, fonts, xhtml)
    with (
        pymupdf.open(stream=whole_pdf) as one,
        pymupdf.open(project / "build" / "pdf" / "octet.pdf") as joined,
    ):
        assert joined.page_count == one.page_count == layout.count
        for number in range(one.page_count):
            assert joined[number].get_text() == one[number].get_text(), number + 1
            assert _internal_links(joined[number]) == _internal_links(one[number]), number + 1
        assert joined.get_toc() == one.get_toc()
    assert layout.pages == {name: index + 1 for name, index in whole.anchors.items()}


def test_this_weeks_issue_renders_its_part_the_contents_and_the_appendices(
    tmp_path: Path,
) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(ARCHIVE, archive)
    project = converted_project(tmp_path, archive)
    assert build_pdf(project, epoch=EPOCH).returncode == 0
    parts = project / "build" / "pdf" / ".parts"
    before = {path.name for path in parts.glob("*.pdf")}
    pages_before = json.loads((parts / "octet.pages.json").read_text())
    long = "Une phrase de plus, pour que la lettre prenne des pages. " * 150
    (archive / "2024-12-03-nouvelle.txt").write_text(
        "Nouvelle\nLe teaser. #52\n🧭 Au sommaire\nComme dans la lettre #42, une phrase.\n"
        f"{long}\n🧐 Pour aller plus loin\nDes ressources utiles.\n"
        "Pour tout savoir des ports Le guide des ports - Octet Labs\n",
        encoding="utf-8",
    )
    run("convert", cwd=project)
    assert build_pdf(project, epoch=EPOCH).returncode == 0

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
    # the contents, the new issue's run of issues, the year of the appendix that lists its
    # link, and the links without a date, which show the page of the undated issue that
    # now comes later; the quotes, the other years' links and the index did not change:
    # they open pages later, and a part renders the same wherever it falls
    expected = ["index", last_run, "appendices-links-2024", "appendices-links-undated"]
    assert rendered == sorted(expected), (rendered, last_run)
    pages_after = json.loads((parts / "octet.pages.json").read_text())
    assert pages_after["appendices-quotes"] >= pages_before["appendices-quotes"] + 2
    # The cache keeps what this build used, and the PDF is the one a build from nothing gives.
    assert len(list(parts.glob("*.pdf"))) == len(before)  # one more issue, in the last run
    incremental = (project / "build" / "pdf" / "octet.pdf").read_bytes()
    shutil.rmtree(parts)
    assert build_pdf(project, epoch=EPOCH).returncode == 0
    assert (project / "build" / "pdf" / "octet.pdf").read_bytes() == incremental


def test_one_process_or_a_pool_give_the_same_bytes(project: Path, tmp_path: Path) -> None:
    """The fixture's PDF is rendered with the default (one process a core); rendered again
    from nothing in one process and in a pool of three, it is the same file."""
    default = (project / "build" / "pdf" / "octet.pdf").read_bytes()
    for jobs in ("1", "3"):
        copy = tmp_path / jobs
        shutil.copytree(project, copy, ignore=shutil.ignore_patterns("pdf"))
        result = build_pdf(copy, "--jobs", jobs)
        assert result.returncode == 0, result.stderr
        assert ": rendering " in result.stderr  # from nothing: no cache was copied
        assert (copy / "build" / "pdf" / "octet.pdf").read_bytes() == default, jobs


def test_a_part_is_rendered_again_when_an_image_it_shows_changes(tmp_path: Path) -> None:
    image, other = tmp_path / "a b.png", tmp_path / "other.png"
    image.write_bytes(b"one")
    other.write_bytes(b"one")
    rendered: list[str] = []

    def counting(html: str) -> tuple[bytes, Part, list[str]]:
        rendered.append(html)
        return _render(html)

    cache = Cache(tmp_path / "parts", "", counting)
    with_image = _section("issue", "i", 1)
    etree.SubElement(with_image, "img", src=image.as_uri())
    parts = [[with_image], [_section("issue", "j", 1)]]
    for part in parts:
        cache.get([_html("<html><head></head>", part, {})], "test")
    other.write_bytes(b"two")  # an image no part shows
    for part in parts:
        cache.get([_html("<html><head></head>", part, {})], "test")
    assert len(rendered) == 2
    image.write_bytes(b"two")
    for part in parts:
        cache.get([_html("<html><head></head>", part, {})], "test")
    assert len(rendered) == 3 and 'id="i"' in rendered[-1]
