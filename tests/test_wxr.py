"""The WordPress export reader (readers/wxr.py): published posts only, WordPress's
paragraphs, shortcodes, comments, and the rest set aside with why."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import pytest

from letter_book.config import Config
from letter_book.convert.archive import read_archive
from letter_book.convert.dump import issue_json
from letter_book.diagnostics import Code
from letter_book.publish.check import run_epubcheck
from letter_book.readers import identify
from letter_book.readers.wxr import autop
from letter_book.reasons import SkipReason

from .conftest import FIXTURES as EXPORTS
from .conftest import make_project, run
from .helpers import write

FIXTURES = EXPORTS / "wordpress"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    shutil.copy(FIXTURES / "site-wxr-1.2.xml", folder / "jardin.xml")
    return folder


def test_only_the_published_post_is_an_issue_and_the_rest_says_why(archive: Path) -> None:
    assert getattr(identify(archive / "jardin.xml"), "name", None) == "wordpress"
    read = read_archive(archive, Config())
    [entry] = read.entries
    issue = entry.issue
    assert (issue.title, issue.subtitle, issue.date, issue.author) == (
        "Les semis de mars", "Ce qui se sème en mars.", dt.date(2024, 3, 12), "Claire Martin",
    )  # fmt: skip
    assert issue.tags == ("Potager", "semis") and issue.source.entry == "42"
    assert sorted((s.path, s.code) for s in read.skipped) == [
        ("jardin.xml: 2", SkipReason.PAGE),
        ("jardin.xml: 43", SkipReason.DRAFT),
        ("jardin.xml: 44", SkipReason.SCHEDULED),
        ("jardin.xml: 45", SkipReason.TRASHED),
        ("jardin.xml: 7", SkipReason.ATTACHMENT),
        ("jardin.xml: 9", SkipReason.NOT_A_POST),
    ]


def test_the_body_reads_as_wordpress_shows_it(archive: Path) -> None:
    read = read_archive(archive, Config())
    data = issue_json(read.entries[0].issue)
    blocks = [b for s in data["sections"] for b in s["blocks"]]
    kinds = [(b["type"], b.get("text") or b.get("caption") or b.get("items")) for b in blocks]
    assert ("list", ["Tomates", "Poivrons"]) in kinds
    [figure] = [b for b in blocks if b["type"] == "figure"]
    assert figure["alt"] == "Des semis"
    assert str(figure["caption"]).endswith("Des semis sur le rebord de la fenêtre")
    assert [s["title"] for s in data["sections"]][-1] == "Au potager"
    text = " ".join(str(k[1]) for k in kinds)
    assert "Bonjour à toutes et à tous," in text and "[caption" not in text
    assert "[gallery ids=" in text, "a shortcode only plugins can show stays as typed"
    [comment] = data["comments"]
    assert comment["text"] == "Paul : Merci pour les conseils."
    [warning] = [d for d in read.diagnostics if d.code is Code.WORDPRESS_SHORTCODE]
    assert "[gallery]" in warning.message and warning.line > 1


def test_a_reserialised_wxr_1_0_file_reads_the_same(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "reserialised-wxr-1.0.xml", tmp_path / "notes.xml")
    [entry] = read_archive(tmp_path, Config()).entries
    issue = entry.issue
    assert (issue.title, issue.date, issue.author, issue.tags) == (
        "An old post", dt.date(2009, 1, 5), "admin", (),
    )  # fmt: skip
    data = issue_json(issue)
    texts = [b.get("text") for s in data["sections"] for b in s["blocks"]]
    # A single newline is a line break, which the model reads as a space.
    assert texts == ["First paragraph, second line of it.", "Second paragraph."]


def test_a_wordpress_com_zip_of_exports_reads_as_its_files(tmp_path: Path) -> None:
    """wordpress.com's "Export all" zips the WXR files (several for a large site)."""
    with zipfile.ZipFile(tmp_path / "jardin.wordpress.2024-03-31.zip", "w") as out:
        out.write(FIXTURES / "site-wxr-1.2.xml", "jardin.wordpress.2024-03-31.000.xml")
        out.write(FIXTURES / "reserialised-wxr-1.0.xml", "jardin.wordpress.2024-03-31.001.xml")
        out.writestr("README.txt", "Exported from WordPress.com")
    read = read_archive(tmp_path, Config())
    assert sorted(e.issue.title for e in read.entries) == ["An old post", "Les semis de mars"]
    [semis] = [e.issue for e in read.entries if e.issue.source.entry == "42"]
    assert semis.source.path.endswith(".zip/jardin.wordpress.2024-03-31.000.xml#42")
    skipped = sorted((Path(s.path).name, s.code) for s in read.skipped)
    assert ("jardin.wordpress.2024-03-31.zip: 43", SkipReason.DRAFT) in skipped
    assert ("jardin.wordpress.2024-03-31.zip: README.txt", SkipReason.UNRECOGNISED) in skipped


def test_autop_makes_paragraphs_and_leaves_blocks_alone() -> None:
    assert autop("One\ntwo\n\nThree") == "<p>One<br />\ntwo</p>\n<p>Three</p>"
    assert autop("<pre>a\n\nb</pre>\n\nText") == "<pre>a\n\nb</pre>\n<p>Text</p>"
    assert autop("<h2>Title</h2>\nText") == "<h2>Title</h2>\nText"
    assert autop("<ul>\n<li>a</li>\n\n<li>b</li>\n</ul>") == "<ul>\n<li>a</li>\n\n<li>b</li>\n</ul>"


def test_a_hostile_or_broken_export_is_refused_and_the_rest_builds(tmp_path: Path) -> None:
    write(tmp_path, "bomb.xml", (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaa">]>'
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&a;</title>'
        "</item></channel></rss>"
    ))  # fmt: skip
    write(tmp_path, "broken.xml", '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>')
    write(tmp_path, "2024-01-02-lettre.txt", "Une lettre\n\nDu texte.\n")
    read = read_archive(tmp_path, Config())
    assert [e.issue.title for e in read.entries] == ["Une lettre"]
    codes = {(Path(d.path).name, d.code) for d in read.diagnostics}
    assert codes == {("bomb.xml", Code.FILE_UNSAFE), ("broken.xml", Code.METADATA_INVALID)}


@pytest.mark.sphinx
def test_a_wordpress_export_builds_a_valid_epub(tmp_path: Path, archive: Path) -> None:
    project = make_project(tmp_path, archive)
    run("convert", cwd=project)
    run("build", "epub", cwd=project)
    [epub] = (project / "build" / "epub").glob("*.epub")
    result = run_epubcheck(epub)
    assert result.ok, result.findings
