"""The beehiiv posts export reader (readers/beehiiv.py)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from letter_book.config import ArchiveConfig, Config
from letter_book.convert.archive import read_archive
from letter_book.convert.dump import issue_json
from letter_book.diagnostics import Code
from letter_book.publish.check import run_epubcheck
from letter_book.reasons import SkipReason

from .conftest import FIXTURES, make_project, run

POSTS = FIXTURES / "beehiiv" / "posts.csv"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    shutil.copy(POSTS, folder / "posts.csv")
    return folder


def test_published_posts_for_everyone_are_issues_and_the_rest_says_why(archive: Path) -> None:
    read = read_archive(archive, Config())
    issues = sorted((e.issue for e in read.entries), key=lambda i: i.source.entry or "")
    assert [i.source.entry for i in issues] == ["la-lettre-du-lundi", "pour-tous"]
    first = issues[0]
    assert (first.title, first.subtitle, first.date, first.author, first.tags) == (
        "La lettre du lundi", "Ce qui change", dt.date(2024, 5, 6), "Claire Martin",
        ("Politique", "Lundi"),
    )  # fmt: skip
    assert issues[1].date == dt.date(2024, 5, 1)  # from seconds since 1970
    assert sorted((s.path, s.code) for s in read.skipped) == [
        ("posts.csv: brouillon", SkipReason.DRAFT),
        ("posts.csv: plus-tard", SkipReason.SCHEDULED),
        ("posts.csv: pour-les-abonnes", SkipReason.PAID),
    ]
    paid = read_archive(archive, Config(archive=ArchiveConfig(paid_posts=True)))
    assert len(paid.entries) == 3


def test_the_email_layout_is_flattened_and_records_span_lines(archive: Path) -> None:
    [issue] = [e.issue for e in read_archive(archive, Config()).entries if e.issue.date and
               e.issue.date.day == 6]  # fmt: skip
    data = issue_json(issue)
    assert data["sections"][-1]["title"] == "Le point"
    kinds = [(b["type"], b.get("text") or b.get("items")) for s in data["sections"]
             for b in s["blocks"]]  # fmt: skip
    assert kinds == [("paragraph", "Un paragraphe sur deux lignes."), ("list", ["Un", "Deux"])]


def test_a_broken_record_is_reported_with_the_line_it_starts_on(archive: Path) -> None:
    text = POSTS.read_text("utf-8").rstrip("\n") + '\npost_6,"Une autre\nligne",confirmed\n'
    (archive / "posts.csv").write_text(text, "utf-8")
    read = read_archive(archive, Config())
    [warning] = [d for d in read.diagnostics if d.code is Code.METADATA_INVALID]
    assert warning.line == text.count("\n") - 1 and "wrong number of fields" in warning.message
    assert len(read.entries) == 2


@pytest.mark.sphinx
def test_a_beehiiv_export_builds_a_valid_epub(tmp_path: Path, archive: Path) -> None:
    project = make_project(tmp_path, archive)
    run("convert", cwd=project)
    run("build", "epub", cwd=project)
    [epub] = (project / "build" / "epub").glob("*.epub")
    result = run_epubcheck(epub)
    assert result.ok, result.findings
