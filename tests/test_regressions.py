"""Inputs that once crashed letter-book or were misread: each stays a permanent case."""

from __future__ import annotations

import re
import runpy
import shutil
from pathlib import Path

import pytest

from letter_book.config import Config, parse_config
from letter_book.convert.archive import read_archive
from letter_book.convert.dump import block_json, issue_json
from letter_book.convert.report import render_text
from letter_book.errors import ConfigError
from letter_book.model import ListBlock, ListItem, plain
from letter_book.publish.build import _remove_stale_pages
from letter_book.writers.myst import _list

from .conftest import ROOT, read_text
from .helpers import MD, PARA, issue_of, issue_text, outline, para, write


def test_every_line_forced_to_boilerplate(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Une seule ligne\n")
    write(tmp_path, "a.override.toml", '[lines]\n1 = "boilerplate"\n')
    archive = read_archive(tmp_path, Config())
    assert archive.entries == ()
    assert [d.code.value for d in archive.diagnostics] == ["issue.empty"]


def test_override_chapter_not_in_utf8(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", issue_text(1, PARA))
    write(tmp_path, "a.override.md", "Réécrit".encode("cp1252"))
    archive = read_archive(tmp_path, Config())
    assert archive.entries[0].chapter is None
    assert [d.code.value for d in archive.diagnostics] == ["override.invalid"]


@pytest.mark.parametrize("key", ["²", "44-40", "0", "x"])
def test_bad_line_keys_in_overrides(tmp_path: Path, key: str) -> None:
    write(tmp_path, "a.txt", issue_text(1, PARA))
    write(tmp_path, "a.override.toml", f'[lines]\n"{key}" = "heading"\n')
    archive = read_archive(tmp_path, Config())
    assert [d.code.value for d in archive.diagnostics] == ["override.invalid"]


def test_orphan_override_and_readme_in_any_case(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", issue_text(1, PARA))
    write(tmp_path, "b.override.toml", 'title = "x"\n')
    write(tmp_path, "Readme.txt", "Notes")
    reasons = {Path(s.path).name: s.reason for s in read_archive(tmp_path, Config()).skipped}
    assert reasons == {
        "b.override.toml": "an override with no issue of that name",
        "Readme.txt": "excluded by archive.exclude",
    }


def test_blank_author_and_unknown_language() -> None:
    assert parse_config({"book": {"author": " "}}, Path("c.toml")).signatures == ()
    with pytest.raises(
        ConfigError, match=re.escape("book.language 'français' is not a language code")
    ):
        parse_config({"book": {"language": "français"}}, Path("c.toml"))


def test_same_title_without_number_or_date(tmp_path: Path) -> None:
    from letter_book.writers.layout import plan

    for name, title in [("a", "Hors-série"), ("b", "Hors-série"), ("c", "Hors-série 2")]:
        write(tmp_path, f"{name}.txt", f"{title}\nSans numéro.\n{PARA}\n")
    parts = plan(read_archive(tmp_path, Config()).entries)
    names = [c.name for p in parts for c in p.chapters]
    assert sorted(names) == ["hors-serie", "hors-serie-2", "hors-serie-2-2"]


def test_je_suis_in_a_sentence_is_no_bio() -> None:
    line = "Je suis allée à Vienne en train de nuit, et je ne le regrette pas."
    issue = issue_of("Titre", "Teaser #1", "💬 La phrase", line, "Une autre phrase du texte.")
    assert issue.dropped == () and issue.comments == ()


def test_unsubscribe_in_a_title_or_in_the_text() -> None:
    text = "Une loi pour qu’il soit aussi simple de se désabonner d’un service en ligne que de s’y abonner."
    issue = issue_of(
        "Désinscription : la loi des trois clics",
        "Le teaser. n°13",
        "🎯 Le sujet",
        text,
        "🧐 Et aussi",
        PARA,
    )
    assert (issue.title, issue.number) == ("Désinscription : la loi des trois clics", 13)
    assert outline(issue)[0] == ("🎯 Le sujet", [("paragraph", text)])


@pytest.mark.parametrize(
    "line",
    [
        "« Nous ne reculerons pas », a déclaré la ministre mardi.",
        "« Nous ne reculerons pas » : la ministre l’a répété mardi devant les députés.",
    ],
)
def test_sentence_quoting_someone_is_a_paragraph(line: str) -> None:
    issue = issue_of("Titre", "Teaser #1", "🎯 Le sujet", line, "B comme Billets", PARA)
    assert [kind for kind, _ in outline(issue)[0][1]] == ["paragraph", "heading", "paragraph"]


def test_forced_comment_beside_signature_and_bio() -> None:
    text = (
        "Titre\nTeaser #1\n🎯 Le sujet\n@paul : super lettre\n"
        + PARA
        + "\nClaire\nJe suis Claire Martin, de Quai 9.\n"
    )
    issue = read_text(text, roles={4: "comment"})
    assert [(c.line, c.content[0].text) for c in issue.comments] == [(4, "@paul : super lettre")]
    assert outline(issue) == [("🎯 Le sujet", [("paragraph", PARA)])]


def test_same_colon_opening_in_different_sections_is_no_intro(tmp_path: Path) -> None:
    for n, section in [(1, "🎯 Le sujet"), (2, "🧐 Et aussi")]:
        write(
            tmp_path,
            f"{n}.txt",
            issue_text(n, section, "La question est simple : faut-il tout changer ?", para(n)),
        )
    assert all(e.issue.dropped == () for e in read_archive(tmp_path, Config()).entries)


def test_countdown_keeps_its_numbers() -> None:
    issue = issue_of(
        "Titre", "Teaser #1", "🎯 Le podium", "3) l’Argentine", "2) le Chili", "1) l’Australie"
    )
    assert block_json(issue.sections[0].blocks[0]) == {
        "type": "list", "ordered": False, "items": ["3) l’Argentine", "2) le Chili", "1) l’Australie"], "line": 4,
    }  # fmt: skip


def test_sign_off_on_the_last_line_is_no_signature() -> None:
    issue = issue_of("Titre", "Teaser #1", "🎯 Le sujet", PARA, "Bonne Lecture")
    assert issue.author is None


def test_site_starting_with_a_no_break_space_is_emphasised() -> None:
    block = ListBlock(
        (ListItem(plain("Une étude qui compte beaucoup"), 1, site="\u00a0Nature"),), 1, links=True
    )
    [line] = _list(block)
    assert line == "- Une étude qui compte beaucoup - \u00a0*Nature*"
    assert "<em>Nature</em>" in MD.render(line)


def test_pages_of_removed_issues_leave_the_site(tmp_path: Path) -> None:
    write(tmp_path, "book/issues/1-a.md", "# A")
    write(tmp_path, "html/issues/1-a.html", "<p>A</p>")
    write(tmp_path, "html/issues/2-b.html", "<p>B</p>")
    _remove_stale_pages(tmp_path / "book", tmp_path / "html")
    assert sorted(p.name for p in (tmp_path / "html" / "issues").iterdir()) == ["1-a.html"]


def test_conf_py_without_configuration_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(ROOT / "conf.py", tmp_path / "conf.py")
    monkeypatch.delenv("LETTER_BOOK_CONFIG", raising=False)
    settings = runpy.run_path(str(tmp_path / "conf.py"))
    assert (settings["project"], settings["language"]) == ("Newsletter", "fr")


def test_written_files_follow_the_umask(tmp_path: Path) -> None:
    import os

    from letter_book.files import write_bytes

    write_bytes(tmp_path / "book.epub", b"x")
    mode = (tmp_path / "book.epub").stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask


# -- readers of many formats (found in review) -----------------------------------------------


@pytest.mark.parametrize("sender", ["a@", '"', "<", "x@["])
def test_malformed_sender(tmp_path: Path, sender: str) -> None:
    write(
        tmp_path,
        "one.eml",
        f"From: {sender}\nSubject: Hello\nContent-Type: text/plain\n\nBody text.\n",
    )
    [entry] = read_archive(tmp_path, Config()).entries
    assert entry.issue.title == "Hello"


def test_impossible_date_in_front_matter(tmp_path: Path) -> None:
    write(tmp_path, "leap.md", "---\ntitle: Leap\ndate: 2023-02-29\n---\nBody.\n")
    archive = read_archive(tmp_path, Config())
    assert [d.code.value for d in archive.diagnostics] == ["metadata.invalid"]
    assert len(archive.entries) == 1


def test_control_characters_in_html(tmp_path: Path) -> None:
    write(tmp_path, "a.html", "<h1>T</h1><p>p</p>z&#x1;z<pre>a\x0cb</pre>")
    archive = read_archive(tmp_path, Config())
    assert [d.code.value for d in archive.diagnostics] == ["text.control-char"]
    text = str(issue_json(archive.entries[0].issue))
    assert "\x0c" not in text and "\x01" not in text


def test_one_empty_post_does_not_drop_the_export(tmp_path: Path) -> None:
    write(
        tmp_path,
        "sub/posts.csv",
        "post_id,post_date,is_published,type,audience,title,subtitle\n1.a,2024-01-02,TRUE,newsletter,everyone,Good,\n2.b,2024-01-09,TRUE,newsletter,everyone,,\n",
    )
    write(tmp_path, "sub/posts/1.a.html", "<p>Good post.</p>")
    write(tmp_path, "sub/posts/2.b.html", "<!-- nothing -->")
    archive = read_archive(tmp_path, Config())
    assert [e.issue.title for e in archive.entries] == ["Good"]
    assert [d.code.value for d in archive.diagnostics] == ["issue.empty"]


def test_symlinked_export_index_is_not_followed(tmp_path: Path) -> None:
    write(
        tmp_path,
        "outside/posts.csv",
        "post_id,post_date,is_published,type,audience,title,subtitle\n"
        "1.a,2024-01-02,TRUE,newsletter,everyone,Titre du dehors,Sous-titre du dehors\n",
    )
    write(tmp_path, "archive/sub/posts/1.a.html", "<p>x</p>")
    link = tmp_path / "archive" / "sub" / "posts.csv"
    link.symlink_to(tmp_path / "outside" / "posts.csv")
    archive = read_archive(tmp_path / "archive", Config())
    # The folder is no export without its index: the post is a page of its own, with
    # nothing from the row the link points to (title, subtitle, date).
    [entry] = archive.entries
    assert (entry.issue.title, entry.issue.subtitle, entry.issue.date) == ("1.a", None, None)
    assert (entry.issue.source.path, entry.issue.source.reader) == ("sub/posts/1.a.html", "html")
    assert "dehors" not in str(issue_json(entry.issue))
    # The link is set aside, and the report says so; nothing failed to read.
    assert [(Path(s.path).parts[-2:], s.reason) for s in archive.skipped] == [
        (("sub", "posts.csv"), "a link; links are not followed")
    ]
    assert f"skipped: {archive.skipped[0].path}: a link; links are not followed" in (
        render_text(archive, ())
    )
    assert archive.diagnostics == ()


def test_html_words_stay_apart_and_cite_in_text_stays(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.html",
        "<h1>T</h1><dl><dt>Term</dt><dd>Definition</dd></dl>"
        "<ul><li><p>first para</p><p>second para</p></li></ul>"
        "<blockquote><p>As <cite>Hamlet</cite> says, to be.</p></blockquote>"
        "<pre>line one<br>line two</pre>",
    )
    text = str(issue_json(read_archive(tmp_path, Config()).entries[0].issue))
    assert "Term Definition" in text and "first para second para" in text
    assert "As Hamlet says, to be." in text and "line one\\nline two" in text


def test_fake_image_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "fake.png", "not an image")
    write(tmp_path, "a.md", "# A\n\n![alt](fake.png)\n")
    archive = read_archive(tmp_path, Config())
    assert [d.code.value for d in archive.diagnostics] == ["image.missing"]


def test_heading_levels_never_jump() -> None:
    from letter_book.model import Heading, Section
    from letter_book.writers.myst import _section

    section = Section(
        None, (Heading(plain("Deep"), 1, level=4), Heading(plain("Deeper"), 2, level=6))
    )
    assert [line for line in _section(section, "fr") if line.startswith("#")] == [
        "## Deep",
        "### Deeper",
    ]


def test_code_with_a_pipe_in_a_table_and_emphasis_after_a_letter() -> None:
    from letter_book.model import Mark, Span, Table
    from letter_book.writers.myst import _table

    code = (Span("a|b", frozenset({Mark.CODE})),)
    rows = list(_table(Table(((plain("h1"), plain("h2")), (code, plain("c"))), 1)))
    html = MD.render("\n".join(rows))
    assert "<code>a|b</code>" in html and "<td>c</td>" in html
    from letter_book.writers.escape import inline

    assert inline((Span("foo"), Span("(bar)", frozenset({Mark.EMPHASIS})))) == "foo(bar)"
