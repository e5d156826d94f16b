"""The EPUB of the sample archive (and of a larger generated one): valid, complete, reproducible.

As in Sphinx's own EPUB tests, the package and navigation documents are parsed
and their content checked, rather than compared byte for byte.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from letter_book.config import load_config
from letter_book.publish import epub as epub_module
from letter_book.publish.check import run_epubcheck
from letter_book.publish.epub.package import identifier
from letter_book.publish.fonts import cached_emoji_subset, emoji_subset
from letter_book.publish.xhtml import _EMOJI_RUN, _split

from .conftest import ARCHIVE, MAKE_ARCHIVE, converted_project, make_project, run
from .helpers import EPOCH

pytestmark = pytest.mark.sphinx

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}


def build(project: Path, *, epoch: str | None = None) -> Path:
    env_args = [f"SOURCE_DATE_EPOCH={epoch}"] if epoch else []
    command = ["env", *env_args, sys.executable, "-m", "letter_book", "build", "epub"]
    subprocess.run(command, cwd=project, check=True, capture_output=True)
    [epub] = (project / "build" / "epub").glob("*.epub")
    return epub


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return converted_project(tmp_path_factory.mktemp("epub"))


@pytest.fixture(scope="module")
def epub(project: Path) -> Path:
    return build(project)


def xml(epub: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(epub) as book:
        return etree.fromstring(book.read(name))


def test_epubcheck_finds_nothing(epub: Path) -> None:
    result = run_epubcheck(epub)
    assert result.findings == (), result.summary()


def test_container_layout(epub: Path) -> None:
    with zipfile.ZipFile(epub) as book:
        first = book.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert book.read("mimetype") == b"application/epub+zip"
        assert len({info.date_time for info in book.infolist()}) == 1


def test_metadata(epub: Path, project: Path) -> None:
    opf = xml(epub, "EPUB/content.opf")
    assert opf.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    meta = opf.find("opf:metadata", NS)
    assert meta is not None
    assert meta.findtext("dc:title", namespaces=NS) == "Octet"
    assert meta.findtext("dc:creator", namespaces=NS) == "Inès Garnier"
    assert meta.findtext("dc:language", namespaces=NS) == "fr"
    config = load_config(project / "letter-book.toml")
    assert meta.findtext("dc:identifier", namespaces=NS) == identifier(config)
    assert identifier(config).startswith("urn:uuid:")
    # Without SOURCE_DATE_EPOCH, dates come from the newest issue.
    assert meta.findtext("dc:date", namespaces=NS) == "2024-07-23"
    assert (
        meta.findtext("opf:meta[@property='dcterms:modified']", namespaces=NS)
        == "2024-07-23T00:00:00Z"
    )
    properties = {m.get("property") for m in meta.iterfind("opf:meta", NS)}
    assert {
        "schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
        "schema:accessibilityHazard", "schema:accessibilitySummary",
    } <= properties  # fmt: skip
    cover = opf.find("opf:manifest/opf:item[@properties='cover-image']", NS)
    assert cover is not None and cover.get("media-type") == "image/png"


def test_spine_is_the_reading_order(epub: Path) -> None:
    opf = xml(epub, "EPUB/content.opf")
    hrefs = {i.get("id"): i.get("href") for i in opf.iterfind("opf:manifest/opf:item", NS)}
    spine = [hrefs[ref.get("idref")] for ref in opf.iterfind("opf:spine/opf:itemref", NS)]
    assert spine[:3] == ["cover.xhtml", "nav.xhtml", "index.xhtml"]
    assert spine.index("parts/2023.xhtml") < spine.index(
        "issues/41-les-donnees-publiques-un-tresor-mal-partage.xhtml"
    )
    assert spine.index("issues/44-payer-en-ligne-sans-y-penser.xhtml") < spine.index(
        "parts/2024.xhtml"
    )
    assert spine[-10:] == [
        "parts/undated.xhtml",
        "issues/45-les-mairies-qui-passent-au-logiciel-libre.xhtml",
        "appendices/quotes.xhtml",
        "appendices/quotes/2023.xhtml",
        "appendices/quotes/2024.xhtml",
        "appendices/links.xhtml",
        "appendices/links/2023.xhtml",
        "appendices/links/2024.xhtml",
        "appendices/links/undated.xhtml",
        "genindex.xhtml",
    ]
    issues = [s for s in spine if s.startswith("issues/")]
    assert len(issues) == len(list(ARCHIVE.glob("*.txt")))


def test_navigation_year_issue_section(epub: Path) -> None:
    nav = xml(epub, "EPUB/nav.xhtml")
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    assert toc is not None
    assert toc.findtext("x:h2", namespaces=NS) == "Table des matières"
    entries = toc.findall("x:ol/x:li", NS)
    assert [y.findtext("x:a", namespaces=NS) for y in entries] == [
        "2023", "2024", "Sans date", "Citations", "Liens recommandés", "Index des noms",
    ]  # fmt: skip
    years = entries[:3]
    issues = [li for year in years for li in year.findall("x:ol/x:li", NS)]
    assert len(issues) == len(list(ARCHIVE.glob("*.txt")))
    appendix_years = [[a.text for a in e.iterfind("x:ol/x:li/x:a", NS)] for e in entries[3:]]
    assert appendix_years == [["2023", "2024"], ["2023", "2024", "Sans date"], []]
    first = issues[0]
    assert first.findtext("x:a", namespaces=NS) == "Les données publiques, un trésor mal partagé"
    sections = [a.text for a in first.iterfind("x:ol/x:li/x:a", NS)]
    assert sections[0] == "🧭 Au sommaire" and len(sections) == 5
    landmarks = nav.find(".//x:nav[@epub:type='landmarks']", NS)
    assert landmarks is not None and landmarks.findtext("x:h2", namespaces=NS) == "Repères"
    types = [a.get(f"{{{NS['epub']}}}type") for a in landmarks.iterfind(".//x:a", NS)]
    assert types == ["cover", "toc", "bodymatter"]


def test_labels_in_the_books_language(epub: Path) -> None:
    with zipfile.ZipFile(epub) as book:
        generated = b"".join(
            book.read(n) for n in ("EPUB/nav.xhtml", "EPUB/toc.ncx", "EPUB/cover.xhtml")
        )
    for english in (b"Table of Contents", b"Guide", b">Cover<", b'lang="en"'):
        assert english not in generated


def test_text_keeps_french_spacing_and_emoji_get_their_font(epub: Path) -> None:
    with zipfile.ZipFile(epub) as book:
        chapter = book.read(
            "EPUB/issues/43-intelligence-artificielle-l-europe-ecrit-les-regles.xhtml"
        ).decode()
        font = TTFont(io.BytesIO(book.read("EPUB/fonts/emoji.ttf")))
    assert "n°\u00a043 · 7 novembre 2023" in chapter
    assert '<h2><span class="emoji">🧭</span> Au sommaire</h2>' in chapter
    cmap = font.getBestCmap()
    assert all(ord(e) in cmap for e in "🧭🎯🧐💬")
    assert len(cmap) < 100  # a subset, not the whole font


def test_same_input_same_bytes(project: Path, epub: Path) -> None:
    first = epub.read_bytes()
    shutil.rmtree(project / "build" / "xhtml")
    assert build(project).read_bytes() == first


def test_same_bytes_over_the_sites_doctrees_and_with_the_font_kept(project: Path) -> None:
    """The EPUB built over the chapters the site's build read (the two share Sphinx's
    doctrees), and with its emoji font from the last build, is the EPUB built from nothing."""
    first = build(project).read_bytes()
    shutil.rmtree(project / "build")
    run("build", "html", cwd=project)  # reads every chapter into build/doctrees
    assert not (project / "build" / "xhtml").exists()
    assert build(project).read_bytes() == first  # the emoji font cut again
    assert (project / "build" / "emoji" / "epub-emoji.ttf").is_file()
    assert build(project).read_bytes() == first  # the font from the last build


def test_a_page_sphinx_did_not_change_is_not_made_again(
    project: Path, epub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The content documents are kept from build to build, by the bytes of their page:
    the next build makes only those of the pages that changed, and the same EPUB."""
    xhtml = tmp_path / "xhtml"
    shutil.copytree(project / "build" / "xhtml", xhtml)
    config = load_config(project / "letter-book.toml")
    kept = tmp_path / "documents.pickle"
    fresh, again = tmp_path / "fresh.epub", tmp_path / "again.epub"
    epub_module.build_epub(xhtml, config, fresh, documents_cache=kept)
    assert fresh.read_bytes() == epub.read_bytes()
    made: list[str] = []
    real = epub_module.from_sphinx

    def from_sphinx(source: Path, *args: Any) -> Any:
        made.append(source.name)
        return real(source, *args)

    monkeypatch.setattr(epub_module, "from_sphinx", from_sphinx)
    epub_module.build_epub(xhtml, config, again, documents_cache=kept)
    assert made == [] and again.read_bytes() == fresh.read_bytes()
    [page] = sorted((xhtml / "issues").glob("*.xhtml"))[:1]
    page.write_text(page.read_text("utf-8").replace("</h1>", " (revised)</h1>", 1), "utf-8")
    epub_module.build_epub(xhtml, config, again, documents_cache=kept)
    assert made == [page.name]
    assert b"(revised)" in zipfile.ZipFile(again).read(f"EPUB/issues/{page.name}")


def test_the_emoji_font_is_cut_again_only_when_its_emoji_change(tmp_path: Path) -> None:
    font = tmp_path / "emoji.ttf"
    made = cached_emoji_subset(frozenset("🧭🎯"), font)
    assert made == emoji_subset(frozenset("🧭🎯")) and font.read_bytes() == made
    font.write_bytes(b"kept")  # what the cache holds is what is used
    assert cached_emoji_subset(frozenset("🎯🧭"), font) == b"kept"
    assert cached_emoji_subset(frozenset("🧭"), font) == emoji_subset(frozenset("🧭"))
    assert cached_emoji_subset(frozenset("abc"), font) is None  # no emoji: no font
    assert not font.exists()
    # Another font of the folder, made from the same emoji (the site's), is taken.
    site = tmp_path / "site.ttf"
    cached_emoji_subset(frozenset("🧭"), site)
    site.write_bytes(b"the site's")
    assert cached_emoji_subset(frozenset("🧭"), font) == b"the site's" == font.read_bytes()


def test_source_date_epoch(project: Path) -> None:
    epub = build(project, epoch=EPOCH)
    modified = xml(epub, "EPUB/content.opf").findtext(
        ".//opf:meta[@property='dcterms:modified']", namespaces=NS
    )
    assert modified == "2023-11-14T22:13:20Z"
    with zipfile.ZipFile(epub) as book:
        assert book.infolist()[0].date_time == dt.datetime(2023, 11, 14, 22, 13, 20).timetuple()[:6]
    assert build(project, epoch=EPOCH).read_bytes() == epub.read_bytes()


def test_generated_archive_of_60_issues(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    subprocess.run([sys.executable, str(MAKE_ARCHIVE), "60", str(archive)], check=True)
    project = make_project(tmp_path, archive)
    run("convert", "--strict", cwd=project)
    epub = build(project)
    result = run_epubcheck(epub)
    assert result.findings == (), result.summary()
    nav = xml(epub, "EPUB/nav.xhtml")
    entries = nav.findall(".//x:nav[@epub:type='toc']/x:ol/x:li/x:ol/x:li/x:a", NS)
    hrefs = [a.get("href", "") for a in entries]
    assert sum(href.startswith("issues/") for href in hrefs) == 60
    # The appendices have a page a year: two years of quotes, two of links.
    assert sum(href.startswith("appendices/") for href in hrefs) == 4


def test_a_mention_of_another_issue_links_to_its_chapter(epub: Path) -> None:
    page = xml(epub, "EPUB/issues/48-velo-electrique-le-casse-tete-de-l-occasion.xhtml")
    links = page.xpath("//*[local-name()='a'][normalize-space()='la lettre #42']/@href")
    assert links == ["42-batteries-la-course-au-lithium.xhtml#issue-42"]


def test_appendices_and_the_index_of_names(epub: Path) -> None:
    # In the spine and the navigation: test_spine_is_the_reading_order and the test above.
    index = xml(epub, "EPUB/genindex.xhtml")
    assert not index.xpath("//*[local-name()='table']")  # the screen's columns are gone
    entries = index.xpath("//*[local-name()='ul'][@class='index-entries']/*/text()")
    assert "Google" in [e.strip() for e in entries]


@given(st.text(alphabet=st.sampled_from(list("ab \u200d\ufe0f🧭🎯👩💻\u2764"))))
def test_emoji_split_skips_text_without_emoji_only(text: str) -> None:
    pieces, runs = _EMOJI_RUN.split(text), _EMOJI_RUN.findall(text)
    assert _split(text) == (pieces[0], list(zip(runs, pieces[1:], strict=True)))


def test_a_renamed_book_leaves_no_old_epub(tmp_path: Path) -> None:
    """The site offers every EPUB in build/epub: the old name's goes."""
    project = converted_project(tmp_path)
    first = build(project)
    config = project / "letter-book.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('title = "Octet"', 'title = "Octet, le livre"'), "utf-8")
    assert build(project).name == "octet-le-livre.epub"  # build() finds one EPUB only
    assert not first.exists()
