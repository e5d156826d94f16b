"""Safe with any input: arbitrary text in every kind of block builds a book that shows it
literally; HTML inputs are sanitised; an export's text is all accounted for."""

from __future__ import annotations

import html as html_module
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letter_book.config import Config
from letter_book.convert.archive import read_archive
from letter_book.convert.dump import issue_json
from letter_book.model import Figure, Heading, ListBlock, Paragraph, Quote, Span, Table
from letter_book.readers.html import sanitise

from .conftest import FIXTURES, make_project, run
from .helpers import MARKUP, page_text

# Text as an issue line can hold it: no line ends (a line is a line), no control characters
# (removed with a warning, tested elsewhere), no leading or trailing white space.
line_text = (
    st.text(
        # Cn: unassigned code points, among them U+FFFE and U+FFFF, which XHTML cannot hold.
        st.characters(
            exclude_categories=("Cs", "Cc", "Cn", "Zl", "Zp"), exclude_characters="\ufeff"
        ),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)
texts = st.lists(
    st.one_of(line_text, st.sampled_from(MARKUP).filter(str.strip)), min_size=7, max_size=7
)


def no_spaces(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c) != "Zs")


def fold(text: str) -> str:
    """The text as the reader keeps it: NFC, runs of spaces folded."""
    return re.sub(r"[ \t]+", " ", unicodedata.normalize("NFC", text)).strip()


@pytest.mark.sphinx
# Each example is a real Sphinx build (seconds): a fixed set of examples keeps CI steady.
@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(texts)
def test_any_text_in_any_block_shows_literally(
    tmp_path_factory: pytest.TempPathFactory, values: list[str]
) -> None:
    tmp = tmp_path_factory.mktemp("property")
    archive = tmp / "archive"
    archive.mkdir()
    title, heading, item, quote, caption, paragraph, comment = values
    lines = [
        f"T {title}",
        "Teaser #1",
        "🧭 Au programme",
        f"S {heading}",
        f"Un paragraphe assez long pour en être un, puis le texte : {paragraph}.",
        "Une liste :",
        f"a {item}",
        f"b {item}",
        f"« {quote} »",
        f"Légende {caption} - Photo AFP.",
        "Claire",
        "Je suis Claire Martin, de Quai 9.",
        f"C {comment}",
    ]
    (archive / "2024-01-02-x.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    project = make_project(tmp, archive)
    config = project / "letter-book.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'language = "fr"', 'language = "fr"\ncomments = true'
        ),
        encoding="utf-8",
    )
    run("convert", cwd=project)
    run("build", "html", cwd=project)  # -W: zero warnings
    [page] = (project / "build" / "html" / "issues").glob("*.html")
    shown = page_text(page)
    # Literally, but for the spaces French typography sets (tested in test_microtypography.py).
    for value in (title, heading, item, quote, caption, paragraph, comment):
        assert no_spaces(fold(value)) in no_spaces(shown), value


@pytest.mark.parametrize(
    ("dirty", "gone"),
    [
        ('<a href="javascript:alert(1)">x</a>', "javascript"),
        ('<a href="data:text/html,<script>">x</a>', "data:"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ("<iframe src=https://example.org></iframe>", "iframe"),
        ("<form action=/x><input name=q></form>", "form"),
        ('<p style="position:fixed;top:0">x</p>', "style"),
        ('<base href="https://evil.example/">', "base"),
        ("<script>alert(1)</script>", "script"),
        ("<svg><script>alert(1)</script></svg>", "script"),
        ('<object data="x.swf"></object>', "object"),
    ],
)
def test_sanitiser_removes(dirty: str, gone: str) -> None:
    assert gone not in sanitise(dirty).lower()


def _contents(block: object) -> list[tuple[Span, ...]]:
    match block:
        case Paragraph() | Heading():
            return [block.content]
        case ListBlock():
            return [item.content for item in block.items]
        case Quote():
            return [*block.paragraphs, *([block.attribution] if block.attribution else [])]
        case Figure():
            return [block.caption]
        case Table():
            return [cell for row in block.rows for cell in row]
    return []


def words(text: str) -> set[str]:
    return set(re.findall(r"\w{4,}", text.lower()))


@pytest.mark.parametrize("export", ["substack-export", "buttondown-export"])
def test_every_word_of_an_export_is_accounted_for(tmp_path: Path, export: str) -> None:
    """The text of every included post is in the model (content, metadata) or the report."""
    shutil.copytree(FIXTURES / export, tmp_path / export)
    archive = read_archive(tmp_path, Config())
    for entry in archive.entries:
        source = tmp_path / entry.issue.source.path
        raw = source.read_text(encoding="utf-8")
        raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.DOTALL | re.IGNORECASE)
        raw = re.sub(r"<[^>]*>", " ", raw)  # tags are structure; their text is what counts
        expected = words(html_module.unescape(raw)) - {
            "editor",
            "mode",
            "fancy",
            "plaintext",
            "buttondown",
        }
        hrefs = [
            span.href or ""
            for section in entry.issue.sections
            for block in section.blocks
            for content in _contents(block)
            for span in content
        ]
        kept = words(str(issue_json(entry.issue))) | words(" ".join(hrefs))
        assert expected - kept == set(), entry.issue.source.path


def test_files_stay_in_the_archive(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n secret")
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "link.png").symlink_to(secret)
    (archive / "a.md").write_text(
        f"# A\n\n![abs]({secret})\n\n![up](../secret.png)\n\n![file](file://{secret})\n\n![link](link.png)\n",
        encoding="utf-8",
    )
    result = read_archive(archive, Config())
    figures = [b for s in result.entries[0].issue.sections for b in s.blocks]
    assert all(getattr(f, "image", None) is None for f in figures)
    reported = [d.message for d in result.diagnostics]
    assert len(reported) == 2  # ../ and the link; the absolute and file: ones are never local


def test_zip_members_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    from letter_book.readers import collections

    monkeypatch.setattr(collections, "MAX_ZIP_MEMBER", 1000)
    with zipfile.ZipFile(tmp_path / "export.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "posts.csv",
            "post_id,post_date,is_published,type,audience,title,subtitle\n1,2024-01-02,TRUE,newsletter,everyone,A,\n",
        )
        archive.writestr(
            "posts/1.html", "<p>" + "a" * 100_000 + "</p>"
        )  # compresses to almost nothing
    result = read_archive(tmp_path, Config())
    assert result.entries == ()
    assert [d.code.value for d in result.diagnostics] == ["file.too-large"]
