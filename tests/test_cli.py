"""The command line: convert (incremental, strict, stale pages), inspect (the JSON contract), config errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from letter_book.cli import main

from .conftest import ARCHIVE, ROOT

SAMPLE = "2023-11-07-intelligence-artificielle-l-europe-ecrit-les-regles.txt"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the repository's book project (configuration and archive), as the cwd."""
    shutil.copy(ROOT / "letter-book.toml", tmp_path)
    shutil.copytree(ARCHIVE, tmp_path / "archive")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def inspect_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    assert main(["inspect", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


# -- inspect: the public JSON contract (README, `inspect --json`) ---------------------------------

BLOCK_KEYS = {
    "paragraph": {"text"},
    "heading": {"text"},
    "list": {"ordered", "items"},
    "figure": {"caption", "image"},
    "quote": {"text", "attribution"},
}


def test_inspect_json_schema(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = inspect_json(capsys, f"archive/{SAMPLE}")
    assert {
        "number",
        "title",
        "subtitle",
        "date",
        "author",
        "sections",
        "comments",
        "dropped",
    } <= set(data)
    assert (data["number"], data["date"], data["author"]) == (43, "2023-11-07", "Inès")
    assert isinstance(data["title"], str) and isinstance(data["subtitle"], str)
    assert "#" not in data["subtitle"] and "43" not in data["subtitle"]
    for section in data["sections"]:
        assert {"title", "blocks"} <= set(section)
        assert section["title"] is None or isinstance(section["title"], str)
        for block in section["blocks"]:
            assert BLOCK_KEYS[block["type"]] <= set(block), block
            if block["type"] == "list":
                assert all(isinstance(item, str) for item in block["items"])
    assert all(set(c) >= {"text"} for c in data["comments"])
    assert all({"line", "text", "reason"} <= set(d) for d in data["dropped"])
    assert {d["reason"] for d in data["dropped"]} <= {
        "boilerplate.pattern", "boilerplate.recurring", "section.intro", "author.bio", "override",
    }  # fmt: skip


def test_inspect_uses_the_archive_a_file_belongs_to(
    project: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    recurring = "Des ressources utiles en lien avec le sujet traité cette semaine."
    in_archive = inspect_json(capsys, f"archive/{SAMPLE}")
    assert recurring in [d["text"] for d in in_archive["dropped"]]
    alone = tmp_path_factory.mktemp("alone") / SAMPLE
    shutil.copy(project / "archive" / SAMPLE, alone)
    read_alone = inspect_json(capsys, str(alone))
    assert recurring not in [d["text"] for d in read_alone["dropped"]]
    with_archive = inspect_json(capsys, str(alone), "--archive", "archive")
    assert recurring in [d["text"] for d in with_archive["dropped"]]


def test_inspect_outline(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", f"archive/{SAMPLE}"]) == 0
    out = capsys.readouterr().out
    assert "§ 🎯 Le sujet de la semaine  [topic: la régulation de l’IA]" in out
    assert "[author.bio]" in out


# -- convert ----------------------------------------------------------------------------------------


def test_convert_writes_book_and_report(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert"]) == 0
    out = capsys.readouterr().out
    assert "11 issues in 3 parts" in out
    assert (project / "book" / "index.md").is_file()
    report = json.loads((project / "build" / "conversion-report.json").read_text(encoding="utf-8"))
    assert len(report["issues"]) == 11 and report["warnings"] == []
    assert report["skipped"] == [
        {"path": "archive/README.md", "reason": "excluded by archive.exclude", "code": "excluded"}
    ]
    text = (project / "build" / "conversion-report.txt").read_text(encoding="utf-8")
    assert "[boilerplate.pattern] C’est terminé pour aujourd’hui !" in text


def test_an_archive_with_no_issue_is_an_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = project / "empty"
    archive.mkdir()
    assert main(["convert", str(archive)]) == 1
    assert "empty: no issue to make a book of: it is empty" in capsys.readouterr().err
    (archive / "photo.png").write_bytes(b"\x89PNG\r\n")
    assert main(["build", "epub", "--archive", str(archive)]) == 1  # no book of nothing
    err = capsys.readouterr().err
    assert "no issue to make a book of: the file it holds is skipped (see the report)" in err
    assert not list((project / "build" / "epub").glob("*.epub"))


def test_convert_again_touches_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert"]) == 0
    chapters = sorted((project / "book").rglob("*.md"))
    before = {p: p.stat().st_mtime_ns for p in chapters}
    assert main(["convert"]) == 0
    assert f"0 files written, {len(chapters)} unchanged, 0 removed" in capsys.readouterr().out
    assert {p: p.stat().st_mtime_ns for p in chapters} == before


def test_removed_issue_removes_its_page(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert"]) == 0
    page = project / "book" / "issues" / "43-intelligence-artificielle-l-europe-ecrit-les-regles.md"
    assert page.is_file()
    (project / "archive" / SAMPLE).unlink()
    assert main(["convert"]) == 0
    assert not page.exists()
    assert "1 removed" in capsys.readouterr().out


def test_pages_keep_their_names_when_issues_are_added(project: Path) -> None:
    assert main(["convert"]) == 0
    before = sorted(p.name for p in (project / "book" / "issues").iterdir())
    (project / "archive" / "2024-12-03-une-nouvelle-lettre.txt").write_text(
        "Une nouvelle lettre\nQuoi de neuf ? #52\n🧭 Au sommaire\nUne phrase de la nouvelle lettre.\n",
        encoding="utf-8",
    )
    assert main(["convert"]) == 0
    after = sorted(p.name for p in (project / "book" / "issues").iterdir())
    assert sorted(set(after) - set(before)) == ["52-une-nouvelle-lettre.md"]


def test_strict_fails_on_warnings(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "archive" / "2024-02-30-bad.txt").write_bytes(b"\x00\x01")
    assert main(["convert"]) == 0
    assert main(["convert", "--strict"]) == 1
    err = capsys.readouterr().err
    assert (
        "archive/2024-02-30-bad.txt: NUL bytes: this is not a text file; skipped [letter_book.file.binary]"
        in err
    )
    assert "1 warnings and --strict" in err


def test_ignored_warnings_are_not_printed_nor_fail_strict_but_are_reported(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "archive" / "2024-02-30-bad.txt").write_bytes(b"\x00\x01")
    config = project / "letter-book.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + '\n[diagnostics]\nignore = ["file.binary"]\n', encoding="utf-8")
    assert main(["convert", "--strict"]) == 0
    printed = capsys.readouterr()
    assert "letter_book.file.binary" not in printed.err
    assert "0 warnings (1 more ignored: diagnostics.ignore)" in printed.out
    report = project / "build" / "conversion-report"
    assert (
        "ignored: archive/2024-02-30-bad.txt: NUL bytes" in report.with_suffix(".txt").read_text()
    )
    (warning,) = json.loads(report.with_suffix(".json").read_text())["warnings"]
    assert warning["code"] == "file.binary" and warning["ignored"] is True
    # The full name, as printed, is accepted too; other warnings still fail.
    config.write_text(text + '\n[diagnostics]\nignore = ["letter_book.image.missing"]\n', "utf-8")
    assert main(["convert", "--strict"]) == 1
    assert "[letter_book.file.binary]" in capsys.readouterr().err


def test_an_unknown_warning_code_to_ignore_is_a_configuration_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = project / "letter-book.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + '\n[diagnostics]\nignore = ["image.mising"]\n', encoding="utf-8")
    assert main(["convert"]) == 1
    err = capsys.readouterr().err
    assert "diagnostics.ignore: 'image.mising' is no warning code (known: " in err
    assert "image.missing" in err and "[letter_book.config.invalid]" in err


def test_convert_refuses_a_folder_it_did_not_make(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "mine").mkdir()
    (project / "mine" / "notes.md").write_text("# mes notes", encoding="utf-8")
    # Without an index the chapters are the first files written: the folder must be
    # refused before any is.
    config = project / "letter-book.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("[appendices]\n", "[appendices]\nindex = false\n"), "utf-8")
    assert main(["convert", "--out", "mine"]) == 1
    assert "not made by letter-book" in capsys.readouterr().err
    assert [p.name for p in (project / "mine").iterdir()] == ["notes.md"]


def test_config_errors_are_all_reported(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "bad.toml").write_text(
        '[book]\ntitel = "x"\nlanguage = 3\n[boilerplate]\npatterns = ["("]\n[extra]\n'
        '[pdf]\nvolumes = "yearly"\njobs = -2\n',
        encoding="utf-8",
    )
    assert main(["--config", "bad.toml", "convert"]) == 1
    err = capsys.readouterr().err
    assert err.count("[letter_book.config.invalid]") == 6
    for fragment in (
        'pdf.volumes must be "auto", "single" or "year", not \'yearly\'',
        "pdf.jobs must be 0 (one process a core) or more, not -2",
        "unknown key book.titel",
        "book.language must be of type str",
        "unknown table [extra]",
        "invalid regular expression",
    ):
        assert fragment in err


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_build_jobs_must_be_a_number_of_processes(
    project: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["build", "pdf", "--jobs", jobs])
    assert exit_.value.code == 2
    assert f"{jobs!r} is no number of processes (1 or more)" in capsys.readouterr().err


# -- inspect: the posts of an export -------------------------------------------------------------

FIXTURES = ROOT / "tests" / "data" / "fixtures"


@pytest.fixture
def export(project: Path) -> Path:
    """The Substack export fixture, in the project's archive."""
    shutil.copytree(FIXTURES / "substack-export", project / "archive" / "substack")
    return project / "archive" / "substack"


def test_inspect_lists_the_posts_of_an_export_and_what_it_set_aside(
    export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = inspect_json(capsys, str(export), "--list")
    assert [(i["id"], i["name"]) for i in data["issues"]] == [
        ("123401.plain-text", "2019-07-26-plain-text")
    ]
    assert {(a["entry"], a["code"]) for a in data["set_aside"]} == {
        ("substack: 123402.podcast", "not-a-newsletter"),
        ("substack: 123403.thread", "not-a-newsletter"),
        ("substack: 123404.draft-text", "draft"),
        ("substack: 123405.about-us", "not-a-newsletter"),
    }
    assert main(["inspect", str(export), "--list"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("123401.plain-text  2019-07-26  2019-07-26-plain-text\n")
    assert "substack: 123404.draft-text: a draft (not published) [draft]" in out


def test_inspect_shows_one_post_by_its_id_or_its_output_name(
    export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    by_id = inspect_json(capsys, str(export), "--post", "123401.plain-text")
    assert by_id["title"] == "Plain Text" and by_id["source"]["entry"] == "123401.plain-text"
    assert inspect_json(capsys, str(export), "--post", "2019-07-26-plain-text") == by_id


def test_inspect_says_why_a_post_is_not_there(
    export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["inspect", str(export), "--post", "123404.draft-text"]) != 0
    assert "post 123404.draft-text: set aside: a draft (not published)" in capsys.readouterr().err
    assert main(["inspect", str(export), "--post", "nope"]) != 0
    assert "post nope: no post of that ID (--list)" in capsys.readouterr().err
    assert main(["inspect", str(export)]) != 0
    assert "an export of 1 issues: --list lists them, --post ID shows one" in (
        capsys.readouterr().err
    )
    assert main(["inspect", f"archive/{SAMPLE}", "--post", "1"]) != 0
    assert "--post is for exports" in capsys.readouterr().err


def test_a_post_of_an_export_is_overridden_by_its_output_name(
    export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = export.parent
    (archive / "2019-07-26-plain-text.override.toml").write_text(
        'title = "Le texte seul"\n[lines]\n3 = "heading"\n', encoding="utf-8"
    )
    (archive / "2019-07-26-plain-text.override.md").write_text("Écrit à la main.\n", "utf-8")
    (archive / "2019-07-27-nothing.override.toml").write_text('title = "X"\n', "utf-8")
    assert main(["convert"]) == 0
    err = capsys.readouterr().err
    assert "2019-07-26-plain-text.override.toml: [lines] not applied" in err
    chapters = {p.name: p.read_text("utf-8") for p in (Path("book") / "issues").glob("*.md")}
    # Named by the pinned title now.
    chapter = chapters["2019-07-26-le-texte-seul.md"]
    assert "Écrit à la main." in chapter
    report = json.loads(Path("build/conversion-report.json").read_text("utf-8"))
    orphans = [s["path"] for s in report["skipped"] if s["code"] == "override.orphan"]
    assert orphans == ["archive/2019-07-27-nothing.override.toml"]


# -- the command's exit ----------------------------------------------------------------------------


def test_the_command_returns_mains_status_with_its_objects_frozen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`letter-book` (and `python -m letter_book`) exits without collecting the build's
    objects: they are frozen once main has returned, not before."""
    from letter_book import cli

    events: list[str] = []
    monkeypatch.setattr(cli, "main", lambda: events.append("main") or 3)
    monkeypatch.setattr(cli.gc, "freeze", lambda: events.append("freeze"))
    assert cli.run() == 3
    assert events == ["main", "freeze"]


def test_ctrl_c_says_interrupted_with_the_shell_s_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from letter_book import cli

    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setitem(cli.COMMANDS, "convert", interrupted)
    assert main(["convert", str(tmp_path)]) == 130
    assert capsys.readouterr().err.strip().splitlines()[-1] == "letter-book: interrupted"


def test_python_dash_m_runs_the_command(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "letter_book", "convert", str(tmp_path / "nothing")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 1
    assert "nothing" in done.stderr


def test_library_info_records_stay_quiet_after_the_site_theme_is_imported(tmp_path: Path) -> None:
    """a11y-pygments, which the site's theme imports, sets the root logger to print INFO
    records when no handler is there; the command has one, so only warnings show."""
    import subprocess
    import sys

    script = (
        "import logging; from letter_book import cli; cli.main(['convert', 'nothing']); "
        "import a11y_pygments; logging.getLogger('pikepdf._core').info('bridge initialized'); "
        "logging.getLogger('fontTools').warning('kept')"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path
    )
    assert "bridge initialized" not in done.stderr
    assert "kept" in done.stderr
