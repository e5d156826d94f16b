"""Lines that point into the source, for every reader: what warnings and an override's
``[lines]`` table name (readers/html.py marks them; Markdown, email and exports say where
their HTML sits in the file)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from letter_book.config import Config
from letter_book.convert.archive import read_archive
from letter_book.convert.dump import issue_json
from letter_book.diagnostics import Code
from letter_book.reasons import LineReason

from .helpers import write


def _lines(data: dict[str, Any]) -> list[tuple[str, int]]:
    """(text, line) of each section title and block, in order."""
    found = []
    for section in data["sections"]:
        if section["title"]:
            found.append((section["title"], section["line"]))
        for block in section["blocks"]:
            found.append((block.get("text") or " | ".join(block.get("items", [])), block["line"]))
    return found


def _issue(folder: Path) -> dict[str, Any]:
    [entry] = read_archive(folder, Config()).entries
    return issue_json(entry.issue)


MARKDOWN = """---
title: Les semis
date: 2024-03-12
---

Premier paragraphe.

## Au jardin

- tomates
- poivrons

```
code
```

> Une citation.
"""


def test_markdown_blocks_are_on_their_lines_counted_with_the_front_matter(
    tmp_path: Path,
) -> None:
    write(tmp_path, "2024-03-12-semis.md", MARKDOWN)
    assert _lines(_issue(tmp_path)) == [
        ("Premier paragraphe.", 6),
        ("Au jardin", 8),
        ("tomates | poivrons", 10),
        ("code\n", 13),
        ("Une citation.", 17),
    ]


PAGE = """<!DOCTYPE html>
<html><head><title>Lettre 12</title></head>
<body>
<article>
<p>Bonjour.</p>
<p>Le potager</p>
<h2>Lectures</h2>
<p><img src="https://example.org/open.gif" width="1" height="1"></p>
<ul>
  <li>un</li>
  <li>deux</li>
</ul>
</article>
</body></html>
"""


def test_html_blocks_are_on_their_lines_and_lines_overrides_apply(tmp_path: Path) -> None:
    write(tmp_path, "lettre-12.html", PAGE)
    assert _lines(_issue(tmp_path)) == [
        ("Bonjour.", 5), ("Le potager", 6), ("Lectures", 7), ("un | deux", 9),
    ]  # fmt: skip
    assert [d["line"] for d in _issue(tmp_path)["dropped"]] == [8]  # a tracking pixel
    write(
        tmp_path, "lettre-12.override.toml",
        '[lines]\n5 = "boilerplate"\n6 = "heading"\n7 = "paragraph"\n10 = "caption"\n',
    )  # fmt: skip
    read = read_archive(tmp_path, Config())
    data = issue_json(read.entries[0].issue)
    assert [s["title"] for s in data["sections"]] == ["Le potager"]
    assert _lines(data) == [("Le potager", 6), ("Lectures", 7), ("un | deux", 9)]
    assert data["sections"][0]["blocks"][0]["type"] == "paragraph"  # no longer a heading
    assert {"line": 5, "text": "Bonjour.", "reason": LineReason.OVERRIDE} in data["dropped"]
    [unapplied] = [d for d in read.diagnostics if d.code == Code.OVERRIDE_INVALID]
    assert unapplied.line == 10 and "'caption'" in unapplied.message


EMAIL = b"""From: Claire <claire@example.org>
Subject: Lettre 3
Date: Tue, 12 Mar 2024 07:00:00 +0100
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b"

--b
Content-Type: text/plain; charset=utf-8

Texte brut.

--b
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: 8bit

<p>Premier.</p>

<p>Second.</p>
--b--
"""


def test_email_blocks_are_on_the_lines_of_the_message(tmp_path: Path) -> None:
    write(tmp_path, "lettre-3.eml", EMAIL)
    assert _lines(_issue(tmp_path)) == [("Premier.", 16), ("Second.", 18)]
    write(tmp_path, "lettre-3.override.toml", '[lines]\n18 = "boilerplate"\n')
    data = _issue(tmp_path)  # an email's override applies, by the message's lines
    assert _lines(data) == [("Premier.", 16)]
    assert {"line": 18, "text": "Second.", "reason": LineReason.OVERRIDE} in data["dropped"]
    (tmp_path / "lettre-3.override.toml").unlink()
    encoded = EMAIL.replace(b"8bit", b"quoted-printable").replace(b"Second.", b"Sec=\nond.")
    write(tmp_path, "lettre-3.eml", encoded)  # encoded lines are not the text's
    assert _lines(_issue(tmp_path)) == [("Premier.", 16), ("Second.", 16)]


def test_a_post_of_a_json_export_is_on_the_line_its_record_starts(tmp_path: Path) -> None:
    posts = [
        {"id": f"p{n}", "uuid": f"u{n}", "slug": f"post-{n}", "title": f"Post {n}",
         "status": "published", "type": "post", "visibility": "public",
         "published_at": f"2024-01-0{n}T08:00:00.000Z", "html": "<p>One.</p>\n<p>Two.</p>"}
        for n in (1, 2)
    ]  # fmt: skip
    export = {"db": [{"meta": {"version": "5.0.0"}, "data": {"posts": posts}}]}
    write(tmp_path, "ghost.json", json.dumps(export, indent=1))
    lines = (tmp_path / "ghost.json").read_text().split("\n")
    for entry in read_archive(tmp_path, Config()).entries:
        record = f'"id": "p{entry.issue.title[-1]}",'
        start = next(n for n, line in enumerate(lines, 1) if line.strip() == record)
        assert {line for _text, line in _lines(issue_json(entry.issue))} == {start}
