"""Markdown, HTML, email, export, feed and mailbox readers: fixture cases, then one mixed
archive built end to end."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from letter_book.config import Config
from letter_book.convert.archive import Archive, read_archive
from letter_book.convert.dump import issue_json
from letter_book.model import Mark, Paragraph
from letter_book.publish.check import run_epubcheck
from letter_book.writers import render_book

from .conftest import FIXTURES, make_project, run
from .helpers import page_text


def archive_of(tmp_path: Path, files: dict[str, str | bytes]) -> Archive:
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
    return read_archive(tmp_path, Config())


def one(archive: Archive) -> dict[str, Any]:
    [entry] = archive.entries
    return issue_json(entry.issue)


def blocks(data: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (b["type"], b.get("text") or b.get("caption") or " | ".join(b.get("items", [])))
        for s in data["sections"]
        for b in s["blocks"]
    ]


# -- Markdown -----------------------------------------------------------------------------------

MARKDOWN = """--- \t
title: "Le retour des trains de nuit"
date: 2024-03-12
number: 112
author: Claire
---

# Un titre de premier niveau

Du texte avec *emphase*, **gras**, `code` et [un lien](https://example.org/page) et [un piège](javascript:alert(1)).

## Un sous-titre

| a | b |
|---|---|
| 1 | 2 |

<script>alert(1)</script><b>gras en HTML</b>

<!-- une note pour moi -->

![Une photo](https://example.org/photo.jpg)

Une note[^1].

* Trains de nuit
  * Paris-Vienne
    1. le lundi
    2. le jeudi
  * Paris-Berlin
* Trains de jour

[^1]: Le texte de la note.
"""


def test_markdown_with_front_matter(tmp_path: Path) -> None:
    archive = archive_of(tmp_path, {"2024/lettre.md": MARKDOWN})
    data = one(archive)
    assert (data["title"], data["number"], data["date"], data["author"]) == (
        "Le retour des trains de nuit", 112, "2024-03-12", "Claire",
    )  # fmt: skip
    assert [s["title"] for s in data["sections"]] == ["Un titre de premier niveau"]
    kinds = [kind for kind, _ in blocks(data)]
    assert kinds[:3] == ["paragraph", "heading", "table"]
    assert "figure" in kinds
    assert [d["reason"] for d in data["dropped"]] == ["html.comment"]
    text = " ".join(t for _k, t in blocks(data))
    # <script> is gone; a javascript: link is no link (CommonMark refuses it): its text shows as written.
    assert (
        "alert(1)</script>" not in text
        and "gras en HTML" in text
        and "Le texte de la note." in text
    )
    assert "[un piège](javascript:alert(1))" in text
    [paragraph] = [
        b for b in archive.entries[0].issue.sections[0].blocks if isinstance(b, Paragraph)
    ][:1]
    styles = {span.text: (span.marks, span.href) for span in paragraph.content}
    assert styles["emphase"] == (frozenset({Mark.EMPHASIS}), None)
    assert styles["gras"] == (frozenset({Mark.STRONG}), None)
    assert styles["code"] == (frozenset({Mark.CODE}), None)
    assert styles["un lien"] == (frozenset(), "https://example.org/page")
    assert all(span.href is None or span.href.startswith("https:") for span in paragraph.content)


def test_nested_lists_stay_nested(tmp_path: Path) -> None:
    archive = archive_of(tmp_path, {"2024/lettre.md": MARKDOWN})
    [listed] = [b for k, b in _blocks_json(one(archive)) if "Trains de jour" in b.get("items", ())]
    assert listed["items"] == ["Trains de nuit", "Trains de jour"]
    [[vienna_berlin], []] = listed["nested"]
    assert vienna_berlin["items"] == ["Paris-Vienne", "Paris-Berlin"]
    [[days], []] = vienna_berlin["nested"]
    assert (days["ordered"], days["items"]) == (True, ["le lundi", "le jeudi"])
    chapter = render_book(archive, Config())[1]
    [text] = [t for name, t in chapter.items() if "Trains de jour" in t]
    assert "- Trains de nuit\n  - Paris-Vienne\n    1. le lundi\n    2. le jeudi\n" in text


def _blocks_json(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(b["type"], b) for s in data["sections"] for b in s["blocks"]]


def test_markdown_pelican_header_and_number_from_the_path(tmp_path: Path) -> None:
    data = one(
        archive_of(tmp_path, {"2019/issue-42.md": "Title: Hello\nDate: 2019-05-01\n\nSome text.\n"})
    )
    assert (data["title"], data["number"], data["date"]) == ("Hello", 42, "2019-05-01")
    data = one(archive_of(tmp_path / "b", {"issue-43.md": "# Just a heading\n\nText.\n"}))
    assert (data["title"], data["number"], data["date"]) == ("Just a heading", 43, None)


def test_markdown_bad_front_matter_is_reported(tmp_path: Path) -> None:
    archive = archive_of(tmp_path, {"a.md": "---\ntitle: [unclosed\n---\nText.\n"})
    assert [d.code.value for d in archive.diagnostics] == ["metadata.invalid"]
    assert len(archive.entries) == 1


# -- HTML -----------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><title>Issue 9 — My Letter</title>
<script>alert(1)</script><style>p{}</style></head><body>
<nav><a href="/">Home</a> <a href="/archive">Archive</a></nav>
<header class="site-header">My Letter</header>
<article>
<h1>The week in review</h1>
<p onclick="alert(1)">First <em>paragraph</em> with a <a href="https://example.org">link</a>.</p>
<div class="subscription-widget"><p>Subscribe to get every issue</p><form><input></form></div>
<h2>Part one</h2><p>Text.</p>
<blockquote><p>A quote.</p><footer>Someone</footer></blockquote>
<pre><code class="language-python">print("hi")  # &lt;not a tag&gt;</code></pre>
<figure><img src="https://example.org/a.png" alt="A chart"><figcaption>Sales in 2023</figcaption></figure>
<iframe src="https://evil.example"></iframe>
</article>
<footer>© 2024 · <a href="/unsubscribe">Unsubscribe</a></footer>
</body></html>"""


def test_html_page_keeps_the_article_only(tmp_path: Path) -> None:
    data = one(archive_of(tmp_path, {"page.html": PAGE}))
    assert data["title"] == "The week in review"
    assert [s["title"] for s in data["sections"]] == [None, "Part one"]
    assert blocks(data) == [
        ("paragraph", "First paragraph with a link."),
        ("paragraph", "Text."),
        ("quote", "A quote."),
        ("code", 'print("hi")  # <not a tag>'),
        ("figure", "A chart — Sales in 2023"),
    ]
    [quote] = [b for s in data["sections"] for b in s["blocks"] if b["type"] == "quote"]
    assert quote["attribution"] == "Someone"
    assert [(d["reason"], d["text"]) for d in data["dropped"]] == [
        ("html.chrome", "Subscribe to get every issue")
    ]


def test_html_fragment_title_from_the_file(tmp_path: Path) -> None:
    data = one(archive_of(tmp_path, {"post-7.html": "<p>Only a paragraph.</p>"}))
    assert data["title"] == "post-7"


def test_html_page_title_is_not_text_of_the_page(tmp_path: Path) -> None:
    page = "<html><head><title>Issue 9 - My Letter</title></head><body><p>Body.</p></body></html>"
    data = one(archive_of(tmp_path, {"page.html": page}))
    assert data["title"] == "Issue 9 - My Letter"
    assert blocks(data) == [("paragraph", "Body.")]


def test_pictures_between_lines_of_text_are_figures_in_place(tmp_path: Path) -> None:
    """A caption typed after its image in the same paragraph, as blogs do."""
    page = (
        '<p><a href="https://example.org/a.jpg"><img alt="Jiufen" src="https://example.org/a.jpg"'
        ' width="720" height="720"></a>Walking through Jiufen<a href="https://example.org/b.jpg">'
        '<img alt="Tea" src="https://example.org/b.jpg"></a>Drinking tea</p>'
        '<p>Bravo <img class="wp-smiley" alt="🙂" src="https://example.org/s.png"> and'
        ' <img src="https://example.org/o.gif" width="1" height="1"> more.</p>'
    )
    data = one(archive_of(tmp_path, {"post.html": page}))
    assert blocks(data) == [
        ("figure", "Jiufen"),
        ("paragraph", "Walking through Jiufen"),
        ("figure", "Tea"),
        ("paragraph", "Drinking tea"),
        ("paragraph", "Bravo 🙂 and more."),  # an emoji stays in the text, a pixel too
    ]


# -- Email ------------------------------------------------------------------------------------------

EML = b"""From: Claire Martin <claire@example.org>
To: reader@example.org
Subject: Fwd: =?utf-8?q?Le_retour_des_trains_de_nuit?=
Date: Tue, 12 Mar 2024 07:00:00 +0100
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b"

--b
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Texte brut.

--b
Content-Type: text/html; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

<p>Le texte de la lettre, avec des =E9 accents.</p><p><a href=3D"https://example.org/u">Se d=E9sinscrire</a></p>
--b--
"""


def test_email_prefers_html_and_reads_headers(tmp_path: Path) -> None:
    data = one(archive_of(tmp_path, {"lettre.eml": EML}))
    assert (data["title"], data["date"], data["author"]) == (
        "Le retour des trains de nuit",
        "2024-03-12",
        "Claire Martin",
    )
    assert blocks(data) == [("paragraph", "Le texte de la lettre, avec des é accents.")]
    assert [d["reason"] for d in data["dropped"]] == ["boilerplate.pattern"]  # the unsubscribe link


def test_mailbox_gives_one_issue_a_message(tmp_path: Path) -> None:
    message = EML.decode()
    mbox = f"From claire@example.org Tue Mar 12 07:00:00 2024\n{message}\nFrom claire@example.org Tue Mar 19 07:00:00 2024\n{message.replace('12 Mar', '19 Mar')}\n"
    archive = archive_of(tmp_path, {"lettres.mbox": mbox})
    assert sorted(e.issue.date.isoformat() for e in archive.entries if e.issue.date) == [
        "2024-03-12",
        "2024-03-19",
    ]


# -- Feeds -------------------------------------------------------------------------------------------

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>My Letter</title>
<entry><title>Issue one</title><published>2024-01-02T08:00:00Z</published>
<content type="html">&lt;p&gt;First &lt;strong&gt;issue&lt;/strong&gt;.&lt;/p&gt;</content></entry>
<entry><title>Issue two</title><updated>2024-01-09T08:00:00Z</updated><summary>Second issue.</summary></entry>
</feed>"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<rss version="2.0"><channel><title>&lol2;</title></channel></rss>"""


def test_feed_entries_become_issues(tmp_path: Path) -> None:
    archive = archive_of(tmp_path, {"feed.atom": ATOM})
    issues = sorted(
        (e.issue.title, e.issue.date.isoformat()) for e in archive.entries if e.issue.date
    )
    assert issues == [("Issue one", "2024-01-02"), ("Issue two", "2024-01-09")]


def test_feed_with_entities_is_refused(tmp_path: Path) -> None:
    archive = archive_of(tmp_path, {"feed.xml": BILLION_LAUGHS})
    assert archive.entries == ()
    assert [d.code.value for d in archive.diagnostics] == ["file.unsafe"]


# -- Exports ------------------------------------------------------------------------------------------


def test_substack_export_folder_and_zip(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "substack-export", tmp_path / "folder" / "substack-export")
    folder = read_archive(tmp_path / "folder", Config())
    [entry] = folder.entries
    assert (entry.issue.title, entry.issue.subtitle, entry.issue.date.isoformat()) == (  # type: ignore[union-attr]
        "Plain Text", "“This quote’s rather short”", "2019-07-26",
    )  # fmt: skip
    assert sorted(s.reason for s in folder.skipped) == [
        "a draft (not published)", "a page, not a newsletter", "a podcast, not a newsletter",
        "a thread, not a newsletter",
    ]  # fmt: skip
    assert [d.reason for d in entry.issue.dropped] == [
        "html.chrome",
        "html.chrome",
    ]  # "Sign up" buttons
    zipped = tmp_path / "zip" / "export.zip"
    zipped.parent.mkdir()
    with zipfile.ZipFile(zipped, "w") as archive:
        for path in sorted((FIXTURES / "substack-export").rglob("*")):
            if path.is_file():
                archive.write(path, f"export-2024/{path.relative_to(FIXTURES / 'substack-export')}")
        archive.writestr("../../evil.txt", "never written anywhere")
    from_zip = read_archive(tmp_path / "zip", Config())
    assert [e.issue.title for e in from_zip.entries] == ["Plain Text"]
    assert not (tmp_path / "evil.txt").exists()


def test_buttondown_export(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "buttondown-export", tmp_path / "buttondown")
    archive = read_archive(tmp_path, Config())
    titles = sorted(
        (e.issue.title, e.issue.date.isoformat()) for e in archive.entries if e.issue.date
    )
    assert titles == [
        ("This is a Fancy Post", "2023-01-05"),
        ("This is a Plain Post", "2023-01-02"),
    ]


def test_broken_csv_row_is_reported(tmp_path: Path) -> None:
    csv = "post_id,post_date,is_published,type,audience,title,subtitle\n1,2024-01-02,TRUE,newsletter,everyone,A,\n2,broken\n"
    archive = archive_of(tmp_path, {"export/posts.csv": csv, "export/posts/1.html": "<p>One.</p>"})
    assert [e.issue.title for e in archive.entries] == ["A"]
    assert [(d.line, d.code.value) for d in archive.diagnostics] == [(3, "metadata.invalid")]


# -- End to end ----------------------------------------------------------------------------------------


@pytest.mark.sphinx
def test_mixed_archive_builds_every_output(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(FIXTURES / "substack-export", archive / "substack")
    shutil.copytree(FIXTURES / "buttondown-export", archive / "buttondown")
    (archive / "2024-03-12-lettre.md").write_text(MARKDOWN, encoding="utf-8")
    (archive / "page.html").write_text(PAGE, encoding="utf-8")
    (archive / "lettre.eml").write_bytes(EML)
    (archive / "feed.atom").write_text(ATOM, encoding="utf-8")
    project = make_project(tmp_path, archive)
    converted = run("convert", cwd=project)
    # The fixtures' pictures are on example.org and the tests are offline: each is said
    # once, and nothing else is wrong with the archive.
    warnings = [line for line in converted.stderr.splitlines() if "[letter_book." in line]
    assert warnings and all(line.endswith("[letter_book.image.missing]") for line in warnings)
    run("build", cwd=project)
    html = project / "build" / "html"
    pages = sorted((html / "issues").glob("*.html"))
    assert len(pages) == 8
    page = next(p for p in pages if "le-retour" in p.name)
    source = page.read_text(encoding="utf-8")
    assert 'href="https://example.org/page"' in source and "<em>emphase</em>" in source
    assert 'href="javascript' not in source and "<script>alert" not in source
    assert "Le texte de la note." in page_text(page)
    assert re.search(r"<li><p>Paris-Vienne</p>\s*<ol", source) or re.search(
        r"<li>Paris-Vienne\s*<ol", source
    ), "the nested list is nested in the site"
    [epub] = (project / "build" / "epub").glob("*.epub")
    result = run_epubcheck(epub)
    assert result.ok, result.findings


@pytest.mark.sphinx
def test_local_images_reach_every_output(tmp_path: Path) -> None:
    import io

    import pymupdf
    from PIL import Image

    archive = tmp_path / "archive"
    (archive / "img").mkdir(parents=True)
    picture = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 60, 40)).save(picture, format="PNG")
    (archive / "img" / "Photo 1.png").write_bytes(picture.getvalue())
    (tmp_path / "outside.png").write_bytes(picture.getvalue())
    (archive / "2024-01-02-photos.md").write_text(
        "# Des photos\n\n![Un carré rouge](img/Photo%201.png)\n\n![Dehors](../outside.png)\n\nFin.\n",
        encoding="utf-8",
    )
    project = make_project(tmp_path, archive)
    result = run("convert", cwd=project)
    assert (
        "image '../outside.png' is not in the archive; its caption is kept [letter_book.image.missing]"
        in result.stderr
    )
    [image] = (project / "book" / "images").iterdir()
    assert image.name.endswith("-photo-1.png") and image.read_bytes() == picture.getvalue()
    run("build", cwd=project)
    [page] = (project / "build" / "html" / "issues").glob("*.html")
    assert 'alt="Un carré rouge"' in page.read_text(encoding="utf-8")
    assert len(list((project / "build" / "html" / "_images").iterdir())) == 1
    [epub] = (project / "build" / "epub").glob("*.epub")
    assert run_epubcheck(epub).ok
    with zipfile.ZipFile(epub) as book:
        assert any(name.startswith("EPUB/_images/") for name in book.namelist())
    [pdf] = (project / "build" / "pdf").glob("*.pdf")
    with pymupdf.open(pdf) as document:
        assert len({image[0] for page in document for image in page.get_images()}) == 1


def test_remote_images_are_fetched_once_into_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import http.server
    import io
    import json
    import threading

    from PIL import Image

    from letter_book.config import ImagesConfig
    from letter_book.convert import convert
    from letter_book.writers import render_book

    monkeypatch.delenv("LETTER_BOOK_OFFLINE")
    picture = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 90, 200)).save(picture, format="PNG")
    served = {"/pic.png": picture.getvalue(), "/page.png": b"<html>not an image</html>"}
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            body = served.get(self.path)
            self.send_response(200 if body else 404)
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "a.md").write_text(
        f"# A\n\n![Bleu]({base}/pic.png)\n\n![Page]({base}/page.png)\n\n"
        f'<img src="{base}/spacer.png" width="1" height="1">\n\n'
        f'<img src="{base}/list-manage.com/track/open.php?u=1">\n',
        encoding="utf-8",
    )
    config = Config(images=ImagesConfig(cache=str(tmp_path / "cache"), timeout=5))
    offline = read_archive(tmp_path / "archive", config, offline=True)
    assert [b.image for s in offline.entries[0].issue.sections for b in s.blocks] == [None, None]
    assert (offline.fetched, len(offline.wanting)) == ((), 2) and asked == []
    try:
        online = convert(tmp_path / "archive", config, tmp_path / "book", tmp_path / "report")
    finally:
        server.shutdown()
        server.server_close()
    issue = online.archive.entries[0].issue
    [figure, kept] = [b for s in issue.sections for b in s.blocks]
    assert figure.image is not None and figure.image.startswith("cache:")  # type: ignore[union-attr]
    assert kept.image is None  # type: ignore[union-attr]
    assert [d.code.value for d in online.archive.diagnostics] == ["image.missing"]
    # Tracking pixels and spacers are set aside, never asked for.
    assert sorted(asked) == ["/page.png", "/pic.png"]
    assert [d.reason.value for d in issue.dropped] == ["image.tracking", "image.tracking"]
    report = json.loads((tmp_path / "report" / "conversion-report.json").read_text())
    assert report["images"] == [
        {"url": f"{base}/pic.png", "fetched": True},
        {"url": f"{base}/page.png", "fetched": False},
    ]
    _parts, files = render_book(online.archive, config)
    [image] = [v for k, v in files.items() if k.startswith("images/")]
    assert isinstance(image, Path) and image.read_bytes() == picture.getvalue()
    # The server is gone: the cache still serves the image, offline too.
    for again in (
        read_archive(tmp_path / "archive", config),
        read_archive(tmp_path / "archive", config, offline=True),
    ):
        blocks = [b for s in again.entries[0].issue.sections for b in s.blocks]
        assert blocks[0].image == figure.image  # type: ignore[union-attr]


def test_no_network_is_said_once_and_the_build_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from letter_book.config import ImagesConfig

    monkeypatch.delenv("LETTER_BOOK_OFFLINE")
    # .invalid never resolves (RFC 2606): what a machine with no network sees of any host.
    images = "".join(f"![{n}](http://images.invalid/{n}.png)\n\n" for n in range(5))
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "a.md").write_text(f"# A\n\nText.\n\n{images}", encoding="utf-8")
    config = Config(images=ImagesConfig(cache=str(tmp_path / "cache"), timeout=5))
    archive = read_archive(tmp_path / "archive", config)
    codes = [d.code.value for d in archive.diagnostics]
    assert codes == ["image.offline"] + ["image.missing"] * 5
    assert "there is no network" in archive.diagnostics[-1].message
    assert [e.issue.title for e in archive.entries] == ["A"] and len(archive.wanting) == 5
