"""The reader registry: which format claims a path, and why a path no reader claims is
set aside."""

from __future__ import annotations

import inspect
import zipfile
from pathlib import Path

import pytest

from letter_book.config import Config
from letter_book.convert.archive import read_archive
from letter_book.readers import FOLDER, FORMATS, Probe, identify, unclaimed
from letter_book.reasons import SkipReason

from .helpers import write

WXR = b"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Site</title></channel></rss>
"""
RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title></channel></rss>"""


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.xml", WXR, "wordpress"),
        ("a.xml", RSS, "feed"),
        ("a.rss", RSS, "feed"),
        (
            "export.json",
            b'{"db":[{"meta":{"exported_on":1,"version":"5.0.0"},"data":{}}]}',
            "ghost",
        ),
        ("export.json", b' \n{ "db" : [ { "meta": {}}]}', "ghost"),
        ("export.json", b'{\n  "meta": {"version": "2.0.0"},\n  "data": {}}', "ghost"),
        ("posts.csv", b"id,web_title,status,content_html\n1,A,confirmed,<p>x</p>\n", "beehiiv"),
        ("posts.csv", b'\xef\xbb\xbf"web_title","content_html"\n', "beehiiv"),
        ("page.html", b"<html><body><article><h1>A</h1></article></body></html>", "html"),
        ("issue.txt", b"Title\n\nText.\n", "plaintext"),
        ("issue.md", b"# Title\n", "markdown"),
        ("message.eml", b"Subject: A\n\nText\n", "email"),
        ("box.mbox", b"From a@b Thu Jan  1 00:00:00 2024\nSubject: A\n\nText\n", "mbox"),
    ],
)
def test_files_are_claimed_by_suffix_and_first_bytes(
    tmp_path: Path, name: str, data: bytes, expected: str
) -> None:
    path = write(tmp_path, name, data)
    found = identify(path)
    assert found is not None and found.name == expected


def test_folders_and_zips_are_claimed_by_the_names_they_hold(tmp_path: Path) -> None:
    write(tmp_path, "substack/posts.csv", b"post_id,is_published\n")
    write(tmp_path, "buttondown/emails.json", b"[]")
    write(tmp_path, "plain/issue.txt", b"Title\n")
    names = {d: getattr(identify(tmp_path / d), "name", None) for d in
             ("substack", "buttondown", "plain")}  # fmt: skip
    assert names == {"substack": "substack", "buttondown": "buttondown", "plain": None}
    zipped = tmp_path / "export.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("substack-export/posts.csv", "post_id,is_published\n")
        archive.writestr("substack-export/posts/1.html", "<p>One.</p>")
    assert getattr(identify(zipped), "name", None) == "substack"
    assert Probe(zipped).names == {"posts.csv", "posts/1.html"}


def test_paths_no_reader_claims_are_listed_with_why(tmp_path: Path) -> None:
    write(tmp_path, "data.json", b'{"posts": []}')
    write(tmp_path, "list.csv", b"name,email\n")
    write(tmp_path, "photo.png", b"\x89PNG\r\n")
    with zipfile.ZipFile(tmp_path / "photos.zip", "w") as archive:
        archive.writestr("a.jpg", b"\xff\xd8")
    write(tmp_path, "2024-01-02-issue.txt", "Title\n\nText of the issue.\n")
    archive_ = read_archive(tmp_path, Config())
    assert [e.issue.title for e in archive_.entries] == ["Title"]
    assert sorted((Path(s.path).name, s.reason, s.code) for s in archive_.skipped) == [
        ("data.json", "a .json file that is not a Ghost JSON export", SkipReason.UNRECOGNISED),
        ("list.csv", "a .csv file that is not a beehiiv posts export", SkipReason.UNRECOGNISED),
        ("photo.png", "no reader for .png", SkipReason.NO_READER),
        ("photos.zip", "a zip that is not a Substack export or a Buttondown export or a Medium "
         "export or a Mailchimp campaign export or a zip of WordPress exports",
         SkipReason.NOT_AN_EXPORT),
    ]  # fmt: skip
    assert unclaimed(tmp_path / "notes") == ("no reader for files without suffix",
                                             SkipReason.NO_READER)  # fmt: skip


def test_every_format_names_a_reader_that_exists() -> None:
    """Each line of the table points to a function of the right shape: one issue from
    bytes, or a collection from a path."""
    assert len({f.name for f in FORMATS}) == len(FORMATS)
    for format_ in FORMATS:
        assert format_.suffixes and all(s == FOLDER or s.startswith(".") for s in format_.suffixes)
        parameters = list(inspect.signature(format_.function()).parameters.values())
        assert [p.name for p in parameters][1:] == ["ctx"], format_.name
        first = "path" if format_.is_collection else "data"
        assert parameters[0].name in (first, "root"), format_.name
