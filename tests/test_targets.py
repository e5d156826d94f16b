"""Targets build what they name: `letter-book build` converts first when the inputs changed."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from letter_book import cli
from letter_book.cli import main
from letter_book.config import load_config
from letter_book.convert import inputs
from letter_book.publish import build

from .conftest import ARCHIVE, ROOT, run

SAMPLE = "2023-11-07-intelligence-artificielle-l-europe-ecrit-les-regles.txt"
NEW = "2024-09-03-le-grand-retour-du-minitel.txt"
NEW_ISSUE = """Le grand retour du Minitel
Octet n° 52 · 3 septembre 2024

Bonjour à toutes et à tous,

Cette semaine, un objet que l'on croyait disparu revient dans les brocantes.

Le terminal beige
Des collectionneurs remettent en service des Minitel et leurs serveurs d'antan.
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the repository's book project (configuration and archive), as the cwd."""
    shutil.copy(ROOT / "letter-book.toml", tmp_path)
    shutil.copy(ROOT / "conf.py", tmp_path)
    shutil.copytree(ARCHIVE, tmp_path / "archive")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The outputs `letter-book build` asks for, in order, without running Sphinx."""
    calls: list[str] = []
    monkeypatch.setattr(cli, "build_epub", lambda *a: calls.append("epub") or Path("x.epub"))
    monkeypatch.setattr(cli, "build_pdf", lambda *a: calls.append("pdf") or [])
    monkeypatch.setattr(cli, "build_html", lambda *a: calls.append("html") or Path("index.html"))

    def build_all(*args: object) -> tuple[Path, list[Path], Path]:
        calls.extend(["epub", "pdf", "html"])
        return Path("x.epub"), [], Path("index.html")

    monkeypatch.setattr(cli, "build_all", build_all)
    return calls


def digest(project: Path) -> str:
    config = load_config(project / "letter-book.toml")
    return inputs.digest(project / "archive", project / "book", config)


def test_the_digest_follows_the_archive_the_overrides_and_the_configuration(
    project: Path,
) -> None:
    first = digest(project)
    assert digest(project) == first
    (project / "archive" / NEW).write_text(NEW_ISSUE, encoding="utf-8")
    added = digest(project)
    assert added != first
    stat = (project / "archive" / SAMPLE).stat()
    os.utime(project / "archive" / SAMPLE, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    touched = digest(project)
    assert touched != added
    (project / "archive" / "2023-11-07-intelligence-artificielle.override.toml").write_text(
        "[lines]\n", encoding="utf-8"
    )
    overridden = digest(project)
    assert overridden != touched
    config = project / "letter-book.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert digest(project) != overridden


def test_build_converts_once_then_not_until_the_archive_changes(
    project: Path, built: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build"]) == 0  # no book/ yet: converted first
    out = capsys.readouterr().out
    assert "11 issues" in out and "files written" in out
    assert built == ["epub", "pdf", "html"]  # one conversion for every output
    assert inputs.is_current(project / "book", digest(project))

    assert main(["build", "html"]) == 0
    out = capsys.readouterr().out
    assert "book: up to date with archive" in out and "files written" not in out

    (project / "archive" / NEW).write_text(NEW_ISSUE, encoding="utf-8")
    assert main(["build", "epub"]) == 0
    assert "12 issues" in capsys.readouterr().out
    assert any("minitel" in p.name for p in (project / "book" / "issues").iterdir())


def test_no_convert_builds_the_book_as_it_stands(
    project: Path, built: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["convert"]) == 0  # records its inputs too: a build after it converts nothing
    capsys.readouterr()
    (project / "archive" / NEW).write_text(NEW_ISSUE, encoding="utf-8")
    assert main(["build", "pdf", "--no-convert"]) == 0
    assert "files written" not in capsys.readouterr().out
    assert not any("minitel" in p.name for p in (project / "book" / "issues").iterdir())
    assert built == ["pdf"]


def test_a_failed_conversion_leaves_the_book_to_convert_again(
    project: Path, built: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "epub"]) == 0
    (project / "archive" / "2024-02-30-bad.txt").write_bytes(b"\x00\x01")
    assert main(["build", "epub", "--strict"]) == 1  # its warning fails it
    assert not (project / "book" / inputs.STAMP).exists()
    capsys.readouterr()
    assert main(["build", "epub"]) == 0
    assert "files written" in capsys.readouterr().out


def test_the_site_says_which_downloads_are_older_than_the_chapters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book, out = tmp_path / "book", tmp_path / "build"
    (book / "issues").mkdir(parents=True)
    (out / "epub").mkdir(parents=True)
    (out / "pdf").mkdir(parents=True)
    epub, pdf = out / "epub" / "octet.epub", out / "pdf" / "octet.pdf"
    chapter = book / "issues" / "1.md"
    for path in (epub, chapter, pdf):
        path.write_text("x", encoding="utf-8")
    os.utime(epub, ns=(0, 1_000_000_000))
    os.utime(chapter, ns=(0, 2_000_000_000))
    os.utime(pdf, ns=(0, 3_000_000_000))
    build._note_stale_downloads(book, [epub, pdf])
    err = capsys.readouterr().err
    assert f"{epub} is older than the chapters" in err and "make epub" in err
    assert str(pdf) not in err


@pytest.mark.sphinx
def test_a_new_issue_is_in_the_site_a_bare_build_html_makes(project: Path) -> None:
    """The newcomer's path: `make html` on a fresh clone, then again with a new issue."""
    run("build", "html", cwd=project)
    (project / "archive" / NEW).write_text(NEW_ISSUE, encoding="utf-8")
    run("build", "html", cwd=project)
    pages = list((project / "build" / "html" / "issues").glob("*minitel*.html"))
    assert len(pages) == 1
    assert "Des collectionneurs remettent en service" in pages[0].read_text(encoding="utf-8")


def test_the_downloads_sizes_follow_the_files_even_on_a_home_page_sphinx_kept(
    tmp_path: Path,
) -> None:
    """The home page is written with a place for each download's size; the sizes are
    written once the files are made, and again when a file changed but the page did not."""
    from letter_book.sphinxext import link_downloads

    site, epub, pdf = tmp_path / "html", tmp_path / "a <b>.epub", tmp_path / "a.pdf"
    site.mkdir()
    epub.write_bytes(b"e" * 1500)
    pdf.write_bytes(b"p" * 2_400_000)
    home = (
        '<li><a href="_downloads/a.pdf">PDF</a> <span class="download-size" data-file="a.pdf">'
        '</span></li><li><span class="download-size" data-file="a &lt;b&gt;.epub"></span></li>'
    )
    (site / "index.html").write_text(home, encoding="utf-8")
    link_downloads(site, [epub, pdf], "en")
    text = (site / "index.html").read_text(encoding="utf-8")
    assert 'data-file="a.pdf">(2.4 MB)</span>' in text
    assert 'data-file="a &lt;b&gt;.epub">(2 kB)</span>' in text
    assert (site / "_downloads" / "a.pdf").read_bytes() == pdf.read_bytes()
    pdf.write_bytes(b"p" * 900_000)
    link_downloads(site, [epub, pdf], "en")
    text = (site / "index.html").read_text(encoding="utf-8")
    assert 'data-file="a.pdf">(900 kB)</span>' in text
    assert (site / "_downloads" / "a.pdf").stat().st_size == 900_000


@pytest.fixture
def stand_ins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Any]:
    """build_all with two jobs, its steps replaced: what each did, and what each raises."""
    from letter_book.errors import BuildError
    from letter_book.publish import pdf

    steps: dict[str, Any] = {"done": [], "fail": set()}

    def step(name: str, result: Any, wait: float = 0.0) -> Any:
        def stand_in(*args: object) -> Any:
            time.sleep(wait)
            if name in steps["fail"]:
                raise BuildError(f"{name} failed")
            steps["done"].append(name)
            return result

        return stand_in

    monkeypatch.setattr(build, "build_epub", step("epub", tmp_path / "b.epub"))
    monkeypatch.setattr(build, "build_xhtml", step("xhtml", tmp_path))
    monkeypatch.setattr(build, "_link_downloads", step("link", None))
    monkeypatch.setattr(build, "_build_site", step("site", tmp_path / "index.html", 0.2))
    monkeypatch.setattr(pdf, "jobs", lambda config: 2)
    monkeypatch.setattr(pdf, "targets", lambda *args: [tmp_path / "b.pdf"])
    monkeypatch.setattr(pdf, "build_pdf", step("pdf", [tmp_path / "b.pdf"]))
    return steps


def test_build_all_builds_the_site_beside_the_pdf_and_links_the_files_last(
    stand_ins: dict[str, Any], tmp_path: Path
) -> None:
    from letter_book.config import Config

    made = build.build_all(tmp_path / "book", tmp_path, Config())
    assert made == (tmp_path / "b.epub", [tmp_path / "b.pdf"], tmp_path / "index.html")
    assert stand_ins["done"] == ["epub", "xhtml", "pdf", "site", "link"]  # the site took longer


@pytest.mark.parametrize("failing", ["site", "pdf"])
def test_a_failure_beside_the_other_step_is_told_once_that_step_is_over(
    stand_ins: dict[str, Any], tmp_path: Path, failing: str
) -> None:
    from letter_book.config import Config
    from letter_book.errors import BuildError

    stand_ins["fail"].add(failing)
    with pytest.raises(BuildError, match=f"{failing} failed"):
        build.build_all(tmp_path / "book", tmp_path, Config())
    assert stand_ins["done"] == ["epub", "xhtml", *({"site", "pdf"} - {failing})]
