"""The Mailchimp export reader (readers/mailchimp.py): sent campaigns, without Mailchimp's
preheader, footer and merge tags."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import pytest

from letter_book.config import Config
from letter_book.convert.archive import read_archive
from letter_book.convert.dump import issue_json
from letter_book.model import Issue
from letter_book.publish.check import run_epubcheck
from letter_book.readers import identify
from letter_book.reasons import LineReason, SkipReason

from .conftest import FIXTURES, make_project, run

EXPORT = FIXTURES / "mailchimp"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    shutil.copytree(EXPORT, folder / "mailchimp")
    return folder


def _issues(archive: Path) -> dict[str, Issue]:
    return {e.issue.source.entry or "": e.issue for e in read_archive(archive, Config()).entries}


def test_sent_campaigns_are_issues_and_the_others_say_why(archive: Path) -> None:
    assert getattr(identify(archive / "mailchimp"), "name", None) == "mailchimp"
    read = read_archive(archive, Config())
    issues = {e.issue.source.entry: e.issue for e in read.entries}
    assert sorted(issues) == ["4a1c9e2b7f", "7b7b7b7b7b", "field-notes-12"]
    notes = issues["field-notes-12"]  # its record found by its title, as a file name
    assert (notes.title, notes.date, notes.author) == (
        "Field notes #12: soil, seeds and *patience*", dt.date(2020, 3, 10), "Lena Ortiz",
    )  # fmt: skip
    assert issues["4a1c9e2b7f"].date == dt.date(2020, 3, 3)  # "Mar 03, 2020 09:15 am"
    assert sorted((s.path, s.code) for s in read.skipped) == [
        ("mailchimp: 3c3c3c3c3c", SkipReason.DUPLICATE),
        ("mailchimp: 5e5e5e5e5e", SkipReason.SCHEDULED),
        ("mailchimp: campaigns_content/4a1c9e2b7f.txt", SkipReason.ALTERNATIVE),
        ("mailchimp: d0d0d0d0d0", SkipReason.DRAFT),
    ]
    duplicate = next(s for s in read.skipped if s.code == SkipReason.DUPLICATE)
    assert "field-notes-12" in duplicate.reason  # which campaign it copies


def test_no_merge_tag_preheader_or_footer_is_shown_and_each_is_reported(archive: Path) -> None:
    notes = _issues(archive)["field-notes-12"]
    data = issue_json(notes)
    text = str(data["sections"])
    assert "*|" not in text and "|*" not in text
    for chrome in ("garden wakes up", "unsubscribe", "Copyright"):
        assert chrome not in text
    blocks = [b.get("text") or b.get("items") for s in data["sections"] for b in s["blocks"]]
    assert blocks[0] == "Hi, welcome back to notes."
    # A link to a merge tag inside a sentence keeps its words; a lone asterisk is text.
    assert "Pass it on: forward. See you next Tuesday, 1 * 2 = 2." in blocks
    assert "Thank you for opening every issue." in blocks  # a conditional's content stays
    assert [s["title"] for s in data["sections"]] == [None, "What I read"]  # title not repeated
    reported = {(d.reason, d.text) for d in notes.dropped}
    assert (LineReason.MERGE_TAG, "*|FNAME|*") in reported
    assert (LineReason.HTML_CHROME, "This week: the garden wakes up.") in reported
    assert (LineReason.MERGE_TAG, "*|FORWARD|*") in reported
    assert any("unsubscribe" in t for r, t in reported if r == LineReason.HTML_CHROME)
    fname = next(d for d in notes.dropped if d.text == "*|FNAME|*")
    assert fname.line == 18  # the line of the campaign's file it was on
    assert all("list-manage.com" not in str(b) for b in blocks)  # the open-tracking pixel
    assert any(d.reason == LineReason.TRACKING_PIXEL for d in notes.dropped)


def test_the_blueprint_template_s_chrome_is_set_aside(archive: Path) -> None:
    blueprint = _issues(archive)["4a1c9e2b7f"]
    data = issue_json(blueprint)
    text = str(data["sections"])
    assert blueprint.title == "Designing Your Template"
    assert "Styling Your Content" in text and "get rid of styling" in text
    for chrome in ("View it in your browser", "short teaser", "Twitter", "mailing address"):
        assert chrome not in text, chrome


def test_a_plain_text_campaign_is_read_as_plain_text(archive: Path) -> None:
    plain = _issues(archive)["7b7b7b7b7b"]
    assert plain.title == "A plain-text letter"
    assert plain.date == dt.date(2020, 3, 24)
    text = str(issue_json(plain)["sections"])
    assert "the pond froze" in text and "*|" not in text


def test_without_campaigns_csv_the_title_is_the_first_heading(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(EXPORT, archive / "mailchimp")
    (archive / "mailchimp" / "campaigns.csv").unlink()
    issues = _issues(archive)
    assert issues["3c3c3c3c3c"].title == "Field notes #12: soil, seeds and *patience*"
    assert {"d0d0d0d0d0", "5e5e5e5e5e"} <= set(issues)  # no record says they were not sent
    assert "field-notes-12" not in issues  # the copy, once


def test_a_zipped_export_reads_as_the_folder(tmp_path: Path, archive: Path) -> None:
    zipped = tmp_path / "zipped" / "mailchimp-export.zip"
    zipped.parent.mkdir()
    with zipfile.ZipFile(zipped, "w") as out:
        for path in sorted(EXPORT.rglob("*")):
            if path.is_file():
                out.write(path, f"export/{path.relative_to(EXPORT).as_posix()}")
    from_zip = {
        e.issue.source.entry: e.issue.sections
        for e in read_archive(zipped.parent, Config()).entries
    }
    from_folder = {k: v.sections for k, v in _issues(archive).items()}
    assert from_zip == from_folder


@pytest.mark.sphinx
def test_a_mailchimp_export_builds_a_valid_epub(tmp_path: Path, archive: Path) -> None:
    project = make_project(tmp_path, archive)
    run("convert", "--strict", cwd=project)
    run("build", "epub", cwd=project)
    [epub] = (project / "build" / "epub").glob("*.epub")
    result = run_epubcheck(epub)
    assert result.ok, result.findings
