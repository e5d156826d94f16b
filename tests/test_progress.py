"""Progress of long steps: the lines a log gets, the live line a terminal gets, ``-q``."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from letter_book import progress

from .conftest import ARCHIVE, make_project, run


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """A clock that the test moves: ``clock[0]`` is the time."""
    now = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(progress, "_live", lambda stream: False)
    yield now
    progress.set_quiet(False)


def _lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return capsys.readouterr().err.splitlines()


def test_a_log_gets_the_start_each_tenth_and_the_end(
    clock: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    with progress.task("reading the archive", 250) as step:
        for _ in range(250):
            clock[0] += 2.0
            step.advance()
    lines = _lines(capsys)
    assert lines[0] == "letter-book: reading the archive: started: 250 to do"
    assert lines[1] == "letter-book: reading the archive: 25/250 (10 %), 50.0 s"
    assert [re.search(r"\((\d+) %\)", line)[1] for line in lines[1:-1]] == [  # type: ignore[index]
        str(n) for n in range(10, 100, 10)
    ]
    assert lines[-1] == "letter-book: reading the archive: done, 250/250 in 500.0 s"


def test_a_quick_step_prints_no_more_than_a_line_a_second(
    clock: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    with progress.task("writing book", 100) as step:
        for _ in range(100):
            clock[0] += 0.01
            step.advance()
    assert _lines(capsys) == [
        "letter-book: writing book: started: 100 to do",
        "letter-book: writing book: done, 100/100 in 1.0 s",
    ]


def test_a_step_of_unknown_length_prints_every_ten_seconds(
    clock: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    with progress.task("Sphinx html: writing the pages") as step:
        for _ in range(30):
            clock[0] += 1.0
            step.advance()
    assert _lines(capsys) == [
        "letter-book: Sphinx html: writing the pages: started",
        "letter-book: Sphinx html: writing the pages: 10 so far, 10.0 s",
        "letter-book: Sphinx html: writing the pages: 20 so far, 20.0 s",
        "letter-book: Sphinx html: writing the pages: 30 so far, 30.0 s",
        "letter-book: Sphinx html: writing the pages: done, 30 in 30.0 s",
    ]


def test_quiet_and_empty_steps_print_nothing(
    clock: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    with progress.task("nothing to do", 0) as step:
        step.advance()
    progress.set_quiet(True)
    with progress.task("reading the archive", 3) as step:
        step.advance(3)
    assert _lines(capsys) == []


def test_a_terminal_gets_a_live_line_with_the_count_and_the_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    screen = io.StringIO()
    screen.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr(progress.sys, "stderr", screen)
    monkeypatch.setenv("TERM", "xterm")
    with progress.task("EPUB: reading the pages", 3) as step:
        step.advance(3)
    drawn = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    assert "letter-book: EPUB: reading the pages" in drawn
    assert re.search(r"3/3 +0:00:0\d", drawn), drawn


def test_ctrl_c_leaves_the_live_line_saying_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = io.StringIO()
    screen.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr(progress.sys, "stderr", screen)
    monkeypatch.setenv("TERM", "xterm")
    with pytest.raises(KeyboardInterrupt), progress.task("reading the archive", 3) as step:
        step.advance()
        raise KeyboardInterrupt
    drawn = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    assert re.search(r"letter-book: reading the archive: stopped .*1/3", drawn), drawn


@pytest.mark.parametrize("error", [KeyError("a bug"), KeyboardInterrupt()])
def test_an_error_or_ctrl_c_stops_the_step(
    error: BaseException, clock: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(type(error)), progress.task("reading the archive", 2) as step:
        step.advance()
        raise error
    assert _lines(capsys)[-1] == "letter-book: reading the archive: stopped, 1/2 in 0.0 s"


@pytest.mark.sphinx
def test_every_long_step_of_a_build_shows_its_progress_and_q_silences_it(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path, ARCHIVE)
    shown = run("build", "epub", cwd=project).stderr  # converts first
    for step in (
        "reading the archive",
        "writing book",
        "Sphinx letterbook-xhtml: reading",
        "Sphinx letterbook-xhtml: writing the pages",
        "EPUB: reading the pages",
        "EPUB: packaging",
    ):
        for state in ("started", "done"):
            assert re.search(rf"letter-book: {re.escape(step)}[^:]*: {state}", shown), step
    (project / "build" / "epub").rename(project / "epub-before")
    quiet = run("-q", "build", "epub", cwd=project)
    assert "letter-book: " not in quiet.stderr
    assert "epub: " in quiet.stdout  # what was built is still said


def test_steps_at_the_same_time_share_the_terminals_display(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The site is built while the PDF renders: two live lines, one display, which ends
    with the last of them."""
    screen = io.StringIO()
    screen.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr(progress.sys, "stderr", screen)
    monkeypatch.setenv("TERM", "xterm")
    pdf = progress.start("PDF: rendering 3 parts", 3)
    site = progress.start("Sphinx html: writing the pages")
    assert site.progress is pdf.progress  # type: ignore[attr-defined]
    pdf.advance(3)
    pdf.end()
    assert site.progress.live.is_started  # type: ignore[attr-defined]
    site.advance(12)
    site.end()
    assert not pdf.progress.live.is_started  # type: ignore[attr-defined]
    drawn = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    assert re.search(r"letter-book: PDF: rendering 3 parts .*3/3 +0:00:0\d", drawn), drawn
    assert re.search(r"letter-book: Sphinx html: writing the pages .* 12 +0:00:0\d", drawn)
    with progress.task("EPUB: packaging", 1) as again:
        assert again.progress is not pdf.progress  # type: ignore[attr-defined]
