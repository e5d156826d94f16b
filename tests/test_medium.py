"""The Medium export reader (readers/medium.py): stories, not drafts or responses."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import pytest

from letter_book.config import Config
from letter_book.convert.archive import read_archive
from letter_book.convert.dump import issue_json
from letter_book.publish.check import run_epubcheck
from letter_book.readers import identify
from letter_book.reasons import SkipReason

from .conftest import FIXTURES, make_project, run

EXPORT = FIXTURES / "medium-export"
STORY = "2021-03-08_La-lettre-de-mars-a1b2c3"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    shutil.copytree(EXPORT, folder / "medium")
    return folder


def test_stories_are_issues_and_drafts_and_responses_say_why(archive: Path) -> None:
    assert getattr(identify(archive / "medium"), "name", None) == "medium"
    read = read_archive(archive, Config())
    [entry] = read.entries
    issue = entry.issue
    assert (issue.title, issue.subtitle, issue.date, issue.author, issue.source.entry) == (
        "La lettre de mars", "Ce qui a changé", dt.date(2021, 3, 8), "Claire Martin", STORY,
    )  # fmt: skip
    assert sorted((s.path, s.code) for s in read.skipped) == [
        ("medium: 2021-04-02_Merci-pour-cet-article-d4e5f6", SkipReason.NOT_A_POST),
        ("medium: draft_Une-idee-g7h8i9", SkipReason.DRAFT),
    ]


def test_the_story_is_its_body_without_its_repeated_title_or_medium_s_footer(
    archive: Path,
) -> None:
    data = issue_json(read_archive(archive, Config()).entries[0].issue)
    blocks = [(b["type"], b.get("text") or b.get("caption") or b.get("items"))
              for s in data["sections"] for b in s["blocks"]]  # fmt: skip
    assert blocks[0] == ("paragraph", "Bonjour, voici un lien et du gras.")
    assert ("list", ["Premier", "Second"]) in blocks
    assert [s["title"] for s in data["sections"]] == [None, "Au sommaire"]
    text = str(data)
    assert "Exported from" not in text and "Canonical link" not in text
    assert "Ce qui a changé" not in str(data["sections"])


def test_a_zipped_export_and_a_story_alone_read_the_same(tmp_path: Path, archive: Path) -> None:
    zipped = tmp_path / "zipped" / "medium-export.zip"
    zipped.parent.mkdir()
    with zipfile.ZipFile(zipped, "w") as out:
        for path in sorted(EXPORT.rglob("*.html")):
            out.write(path, f"medium-export/{path.relative_to(EXPORT).as_posix()}")
    from_zip = read_archive(zipped.parent, Config())
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(EXPORT / "posts" / f"{STORY}.html", alone / f"{STORY}.html")
    [single] = read_archive(alone, Config()).entries
    assert single.issue.source.reader == "medium"
    from_folder = read_archive(archive, Config()).entries[0].issue
    assert from_zip.entries[0].issue.sections == from_folder.sections == single.issue.sections


@pytest.mark.sphinx
def test_a_medium_export_builds_a_valid_epub(tmp_path: Path, archive: Path) -> None:
    project = make_project(tmp_path, archive)
    run("convert", cwd=project)
    run("build", "epub", cwd=project)
    [epub] = (project / "build" / "epub").glob("*.epub")
    result = run_epubcheck(epub)
    assert result.ok, result.findings
