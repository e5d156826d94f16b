"""The Ghost export reader (readers/ghost.py): published posts of every schema
generation, their editor's documents, members-only posts, the site's own links."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from letter_book.config import ArchiveConfig, Config
from letter_book.convert.archive import Archive, read_archive
from letter_book.convert.dump import issue_json
from letter_book.diagnostics import Code
from letter_book.publish.check import run_epubcheck
from letter_book.readers import identify
from letter_book.reasons import SkipReason

from .conftest import FIXTURES, make_project, run

GHOST = FIXTURES / "ghost"


def read(tmp_path: Path, name: str, config: Config | None = None) -> Archive:
    folder = tmp_path / "archive"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(GHOST / name, folder / name)
    return read_archive(folder, config or Config())


def blocks(issue: object) -> list[dict[str, object]]:
    data = issue_json(issue)  # type: ignore[arg-type]
    return [b for s in data["sections"] for b in s["blocks"]]


@pytest.mark.parametrize("name", ["migrate-ghost.json", "migrate-ghost-flat.json"])
def test_a_real_export_is_recognised_in_both_forms(tmp_path: Path, name: str) -> None:
    assert getattr(identify(GHOST / name), "name", None) == "ghost"
    archive = read(tmp_path, name)
    titles = sorted(e.issue.title for e in archive.entries)
    expected = ["Flat Format Post"] if "flat" in name else ["Post 1", "Post 2", "Post 3 - Lexical"]
    assert titles == expected
    assert all(e.issue.source.reader == "ghost" and e.issue.source.entry for e in archive.entries)
    assert all(blocks(e.issue) for e in archive.entries), "every post has its body"


def test_published_and_sent_posts_are_issues_and_the_rest_says_why(tmp_path: Path) -> None:
    archive = read(tmp_path, "synthetic-5.json")
    assert sorted(e.issue.source.entry or "" for e in archive.entries) == [
        "email-only", "lexical-post", "mobiledoc-post",
    ]  # fmt: skip
    assert sorted((s.path.split(": ")[1], s.code) for s in archive.skipped) == [
        ("about", SkipReason.PAGE),
        ("draft-post", SkipReason.DRAFT),
        ("members-post", SkipReason.PAID),
        ("paid-post", SkipReason.PAID),
        ("scheduled-post", SkipReason.SCHEDULED),
    ]
    paid = read(tmp_path, "synthetic-5.json", Config(archive=ArchiveConfig(paid_posts=True)))
    assert len(paid.entries) == 5


def test_a_lexical_post_with_its_authors_tags_and_feature_image(tmp_path: Path) -> None:
    config = Config(archive=ArchiveConfig(site_url="https://lettre.example.org/"))
    archive = read(tmp_path, "synthetic-5.json", config)
    issue = next(e.issue for e in archive.entries if e.issue.source.entry == "lexical-post")
    assert (issue.subtitle, issue.date, issue.author, issue.tags) == (
        "Le chapeau", dt.date(2024, 1, 1), "Claire Martin, Paul", ("Jardin",),
    )  # fmt: skip
    found = blocks(issue)
    assert found[0]["type"] == "figure" and found[0]["image"] is None  # offline in tests
    assert ("list", ["Premier", "Second"]) in [(b["type"], b.get("items")) for b in found]
    paragraph = next(b for b in found if str(b.get("text", "")).startswith("Un texte"))
    assert paragraph["text"] == "Un texte gras et <b>pas du HTML</b> avec un lien"
    assert issue_json(issue)["sections"][-1]["title"] == "Au sommaire"
    assert any("https://lettre.example.org/a-propos/" in str(s) for s in issue.sections)
    assert not any(d.code is Code.SITE_URL_MISSING for d in archive.diagnostics)
    [card] = [d for d in archive.diagnostics if d.code is Code.GHOST_CARD]
    assert "'product'" in card.message and card.line > 1
    assert "Un produit inconnu" in str(found)


def test_without_the_site_url_its_links_are_relative_and_said_once(tmp_path: Path) -> None:
    archive = read(tmp_path, "synthetic-5.json")
    issue = next(e.issue for e in archive.entries if e.issue.source.entry == "lexical-post")
    assert "__GHOST_URL__" not in str(issue)
    assert [d.code for d in archive.diagnostics].count(Code.SITE_URL_MISSING) == 1


def test_a_mobiledoc_post_and_a_0x_markdown_post(tmp_path: Path) -> None:
    archive = read(tmp_path, "synthetic-5.json")
    issue = next(e.issue for e in archive.entries if e.issue.source.entry == "mobiledoc-post")
    kinds = [(b["type"], b.get("text") or b.get("items")) for b in blocks(issue)]
    assert ("paragraph", "Voir le site vite") in kinds
    assert ("list", ["un", "deux"]) in kinds
    assert ("paragraph", "Un paragraphe en Markdown.") in kinds
    old = read(tmp_path / "old", "synthetic-0.x.json")
    [entry] = old.entries
    assert (entry.issue.title, entry.issue.date, entry.issue.author) == (
        "Une lettre de 2014", dt.date(2014, 1, 1), "Claire",
    )  # fmt: skip
    assert ("list", ["un", "deux"]) in [(b["type"], b.get("items")) for b in blocks(entry.issue)]
    assert [s.code for s in old.skipped] == [SkipReason.PAGE]


def test_a_broken_export_is_reported_and_the_rest_builds(tmp_path: Path) -> None:
    (tmp_path / "export.json").write_text('{"db": [{"meta": {}, "data": {"posts": [', "utf-8")
    (tmp_path / "2024-01-02-lettre.txt").write_text("Une lettre\n\nDu texte.\n", "utf-8")
    archive = read_archive(tmp_path, Config())
    assert [e.issue.title for e in archive.entries] == ["Une lettre"]
    [warning] = archive.diagnostics
    assert warning.code is Code.METADATA_INVALID and "not a Ghost export" in warning.message


@pytest.mark.sphinx
def test_a_ghost_export_builds_a_valid_epub(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(GHOST / "synthetic-5.json", archive / "ghost.json")
    project = make_project(tmp_path, archive)
    run("convert", cwd=project)
    run("build", "epub", cwd=project)
    [epub] = (project / "build" / "epub").glob("*.epub")
    result = run_epubcheck(epub)
    assert result.ok, result.findings
