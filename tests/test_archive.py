"""The whole archive: discovery, bad files, what the archive teaches, overrides, dates, numbers."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from letter_book import processes
from letter_book.config import ArchiveConfig, Config
from letter_book.convert import archive
from letter_book.convert.archive import read_archive
from letter_book.convert.dump import issue_json
from letter_book.model import Paragraph, flatten

from .conftest import ARCHIVE
from .helpers import SUBJECTS, issue_text, para, write

INTRO = "Des ressources utiles en lien avec le sujet traité cette semaine."
PARA = "Un paragraphe qui raconte quelque chose de précis, avec une phrase complète et un point."


def test_files_found_recursively_and_others_listed(tmp_path: Path) -> None:
    write(tmp_path, "2024/2024-01-02-a.txt", issue_text(1, PARA))
    write(tmp_path, "2024-01-09-b.TXT", issue_text(2, PARA))
    write(tmp_path, "README.md", "# notes")
    write(tmp_path, "cover.png", b"\x89PNG\r\n")
    write(tmp_path, ".git/config", "[core]")
    archive = read_archive(tmp_path, Config())
    assert sorted(e.issue.number for e in archive.entries) == [1, 2]  # type: ignore[type-var]
    assert [(Path(s.path).name, s.reason) for s in archive.skipped] == [
        ("README.md", "excluded by archive.exclude"),
        ("cover.png", "no reader for .png"),
    ]
    assert archive.diagnostics == ()


def test_bad_files_are_reported_and_the_rest_builds(tmp_path: Path) -> None:
    write(tmp_path, "2024-01-02-good.txt", issue_text(1, PARA))
    write(tmp_path, "2024-01-09-empty.txt", "\n\n")
    write(tmp_path, "2024-01-16-binary.txt", b"\x00\x01\x02binary")
    write(tmp_path, "2024-02-30-bad-date.txt", issue_text(3, PARA))
    write(tmp_path, "2024-03-05-huge.txt", issue_text(4, PARA * 50))
    config = Config(archive=ArchiveConfig(max_file_size=2000))
    archive = read_archive(tmp_path, config)
    assert sorted(e.issue.number for e in archive.entries) == [1, 3]  # type: ignore[type-var]
    messages = sorted(str(d).split("/")[-1] for d in archive.diagnostics)
    assert messages == [
        "2024-01-09-empty.txt: the file has no text; skipped [letter_book.issue.empty]",
        "2024-01-16-binary.txt: NUL bytes: this is not a text file; skipped [letter_book.file.binary]",
        "2024-02-30-bad-date.txt: 2024-02-30 is not a date; the issue is undated [letter_book.date.invalid]",
        f"2024-03-05-huge.txt: {len(issue_text(4, PARA * 50).encode())} bytes, over the limit of 2000 "
        "(archive.max_file_size); skipped [letter_book.file.too-large]",
    ]


def test_a_pool_of_processes_reads_the_archive_as_one_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ARCHIVE, tmp_path, dirs_exist_ok=True)
    write(tmp_path, "2024-01-09-empty.txt", "\n\n")  # no issue: reported from the pool
    write(tmp_path, "2024-02-30-bad-date.txt", issue_text(3, PARA))
    write(tmp_path, "2024-03-05-control.txt", issue_text(4, "Un caractère\x07 de contrôle."))
    config = Config()
    one = read_archive(tmp_path, config)
    monkeypatch.setattr(archive, "POOL_MIN", 1)
    monkeypatch.setattr(processes, "cores", lambda: 2)

    here: list[str] = []  # the files read in this process; the pool's import their own
    parse = archive._parse

    def spied(task: archive._Task, *rest: Any) -> Any:
        here.append(task[0])
        return parse(task, *rest)

    monkeypatch.setattr(archive, "_parse", spied)
    pooled = read_archive(tmp_path, config)
    assert len(here) <= 1  # the first pass in the pool; one file read again, here
    assert [issue_json(e.issue) for e in pooled.entries] == [
        issue_json(e.issue) for e in one.entries
    ]
    assert pooled.skipped == one.skipped and pooled.diagnostics == one.diagnostics
    assert len(one.diagnostics) >= 3


def test_section_names_the_archive_uses_cut_a_run_of_emoji_lines(tmp_path: Path) -> None:
    write(tmp_path, "2024-01-01-a.txt", issue_text(1, "🧭 Au sommaire", PARA, "🎯 Le sujet", PARA))
    write(tmp_path, "2024-01-08-b.txt", issue_text(2, PARA, "🎯 Le sujet", "🧭 Au sommaire",
                                                   "💬 La phrase", PARA))  # fmt: skip
    second = read_archive(tmp_path, Config()).entries[1].issue
    titles = [flatten(s.title) if s.title else None for s in second.sections]
    assert titles == [None, "🎯 Le sujet", "🧭 Au sommaire", "💬 La phrase"]


def test_warnings_come_file_by_file(tmp_path: Path) -> None:
    write(tmp_path, "2024-01-01-a.txt", issue_text(1, "Un caractère\x07 de contrôle."))
    write(tmp_path, "2024-01-08-b.txt", issue_text(2, PARA))
    write(tmp_path, "2024-01-08-b.override.toml", "bogus = 1\n")
    write(tmp_path, "2024-01-15-c.txt", issue_text(3, "Un autre\x07 caractère."))
    codes = [
        (Path(d.path).name, d.code.value) for d in read_archive(tmp_path, Config()).diagnostics
    ]
    assert codes == [
        ("2024-01-01-a.txt", "text.control-char"),
        ("2024-01-08-b.override.toml", "override.invalid"),
        ("2024-01-15-c.txt", "text.control-char"),
    ]


def test_dates_come_from_file_names_only(tmp_path: Path) -> None:
    write(tmp_path, "2024-03-12-dated.txt", issue_text(1, PARA))
    write(tmp_path, "undated.txt", issue_text(2, PARA))
    dates = {e.issue.number: e.issue.date for e in read_archive(tmp_path, Config()).entries}
    assert dates == {1: dt.date(2024, 3, 12), 2: None}


def test_duplicate_numbers_are_kept_and_reported(tmp_path: Path) -> None:
    write(tmp_path, "2024-01-02-a.txt", issue_text(7, PARA))
    write(tmp_path, "2024-01-09-b.txt", issue_text(7, PARA))
    archive = read_archive(tmp_path, Config())
    assert len(archive.entries) == 2
    assert [d.code.value for d in archive.diagnostics] == ["number.duplicate"] * 2


def test_recurring_paragraphs_are_boilerplate_but_headings_keep_their_role(tmp_path: Path) -> None:
    for n in range(1, 5):
        write(
            tmp_path,
            f"2024-01-0{n}-x.txt",
            issue_text(n, "🧐 Pour aller plus loin", INTRO, para(n)),
        )
    write(tmp_path, "2024-01-05-x.txt", issue_text(5, "🧐 Pour aller plus loin", para(5)))
    entries = read_archive(tmp_path, Config()).entries
    for entry in entries:
        assert [flatten(s.title or ()) for s in entry.issue.sections] == ["🧐 Pour aller plus loin"]
        texts = [
            flatten(b.content) for b in entry.issue.sections[0].blocks if isinstance(b, Paragraph)
        ]
        assert INTRO not in texts
    reasons = [d.reason for e in entries for d in e.issue.dropped]
    assert reasons == ["boilerplate.recurring"] * 4


def test_a_line_in_two_issues_of_many_is_not_boilerplate(tmp_path: Path) -> None:
    for n in range(1, 5):
        body = [INTRO] if n <= 2 else []
        write(tmp_path, f"2024-01-0{n}-x.txt", issue_text(n, "🧐 Et aussi", *body, para(n)))
    dropped = [d for e in read_archive(tmp_path, Config()).entries for d in e.issue.dropped]
    assert dropped == []


def test_section_intro_keeps_its_topic(tmp_path: Path) -> None:
    topics = SUBJECTS[:4]
    for n, topic in enumerate(topics, 1):
        intro = f"À chaque lettre un sujet décrypté : {topic}"
        write(tmp_path, f"2024-01-0{n}-x.txt", issue_text(n, "🎯 Le sujet", intro, para(n)))
    entries = read_archive(tmp_path, Config()).entries
    assert [e.issue.sections[0].topic for e in entries] == topics
    assert {d.reason for e in entries for d in e.issue.dropped} == {"section.intro"}


def test_section_name_learnt_from_other_issues(tmp_path: Path) -> None:
    write(
        tmp_path,
        "2024-01-02-a.txt",
        issue_text(1, "🧭 Au sommaire", PARA, "💬 La citation", "« Oui. »"),
    )
    write(
        tmp_path, "2024-01-09-b.txt", issue_text(2, "Au sommaire", PARA, "La citation", "« Non. »")
    )
    entries = read_archive(tmp_path, Config()).entries
    titles = [[flatten(s.title or ()) for s in e.issue.sections] for e in entries]
    assert titles == [["🧭 Au sommaire", "💬 La citation"], ["Au sommaire", "La citation"]]


def test_override_pins_metadata_and_roles(tmp_path: Path) -> None:
    write(
        tmp_path,
        "2024-01-02-a.txt",
        issue_text(1, "Une fausse rubrique", PARA, "Publicité du partenaire"),
    )
    write(
        tmp_path,
        "2024-01-02-a.override.toml",
        'title = "Le vrai titre"\nnumber = 101\ndate = 2024-01-03\n\n[lines]\n3 = "heading"\n5 = "boilerplate"\n',
    )
    [entry] = read_archive(tmp_path, Config()).entries
    issue = entry.issue
    assert (issue.title, issue.number, issue.date) == ("Le vrai titre", 101, dt.date(2024, 1, 3))
    assert [flatten(s.title or ()) for s in issue.sections] == ["Une fausse rubrique"]
    assert [(d.line, d.reason) for d in issue.dropped] == [(5, "override")]


def test_bad_override_is_reported_and_the_rest_applies(tmp_path: Path) -> None:
    write(tmp_path, "2024-01-02-a.txt", issue_text(1, PARA))
    write(
        tmp_path,
        "2024-01-02-a.override.toml",
        'title = "Bon"\nnumero = 3\nnumber = "trois"\n[lines]\nx = "heading"\n',
    )
    archive = read_archive(tmp_path, Config())
    assert archive.entries[0].issue.title == "Bon"
    assert [d.code.value for d in archive.diagnostics] == ["override.invalid"] * 3


def test_hand_written_chapter_override(tmp_path: Path) -> None:
    write(tmp_path, "2024-01-02-a.txt", issue_text(1, PARA))
    write(tmp_path, "2024-01-02-a.override.md", "## Réécrit à la main\n\nTexte corrigé.\n")
    [entry] = read_archive(tmp_path, Config()).entries
    assert entry.chapter == "## Réécrit à la main\n\nTexte corrigé.\n"


def test_missing_archive_is_an_error(tmp_path: Path) -> None:
    from letter_book.errors import ArchiveError

    with pytest.raises(ArchiveError, match="no such archive folder"):
        read_archive(tmp_path / "nope", Config())


def test_sample_archive_reads_without_warnings(config: Config) -> None:
    archive = read_archive(ARCHIVE, config)
    assert archive.diagnostics == ()
    assert len(archive.entries) >= 8
    years = {e.issue.date.year for e in archive.entries if e.issue.date}
    assert len(years) >= 2


def test_signature_learnt_from_other_issues(tmp_path: Path) -> None:
    bio = "Je suis Nadia Cherif, de Boussole. Le jour je suis urbaniste."
    for n in (1, 2):
        write(
            tmp_path,
            f"2024-01-0{n}-x.txt",
            issue_text(n, "🎯 Le sujet", para(n), "Nadia", bio, "Merci !"),
        )
    write(
        tmp_path,
        "2024-01-03-x.txt",
        issue_text(3, "🎯 Le sujet", para(3), "Nadia", "Bravo pour ce numéro.", "Merci"),
    )
    entries = read_archive(tmp_path, Config()).entries
    assert [e.issue.author for e in entries] == ["Nadia"] * 3
    assert [len(e.issue.comments) for e in entries] == [1, 1, 2]
