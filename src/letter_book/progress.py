"""How far a long step is, on standard error: a live line on a terminal, a few lines in a log.

Every step that can take more than a few seconds counts its work through :func:`task`::

    with progress.task("reading the archive", total=len(files)) as step:
        for path in files:
            ...
            step.advance()

On a terminal, rich draws one live line per step (label, bar, count, elapsed time) that
stays when the step ends. Elsewhere (CI, a log file, a pipe) a line is printed when the
step starts, each time it passes another tenth of its total (at most one line every
:data:`LOG_GAP` seconds, so a quick step prints two), and when it ends; a step whose
total is unknown prints a line every :data:`LOG_EVERY` seconds instead. ``-q``
(:func:`set_quiet`) silences all of it; the summary and the warnings stay.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

LOG_EVERY = 10.0
"""Seconds between two log lines of a step whose total is unknown."""
LOG_GAP = 1.0
"""Seconds at least between two log lines of a step."""

_state = {"quiet": False}


def set_quiet(quiet: bool) -> None:
    """Silence (or not) the progress of every step that follows."""
    _state["quiet"] = quiet


def is_quiet() -> bool:
    return _state["quiet"]


class Task:
    """One step's count: :meth:`advance` as its work gets done."""

    def advance(self, done: int = 1) -> None:
        """Count ``done`` more units of work."""

    def end(self, *, stopped: bool = False) -> None:
        """Say the step is over: done, or ``stopped`` before the end (Ctrl-C, a failure)."""


class _LogTask(Task):
    def __init__(self, label: str, total: int | None, stream: TextIO) -> None:
        self.label, self.total, self.stream = label, total, stream
        self.done = 0
        self.start = self.last = time.monotonic()
        self.tenths = 0
        todo = f": {total} to do" if total is not None else ""
        self._print(f"started{todo}")

    def _print(self, text: str) -> None:
        print(f"letter-book: {self.label}: {text}", file=self.stream, flush=True)

    def advance(self, done: int = 1) -> None:
        self.done += done
        now = time.monotonic()
        if self.total:
            tenths = min(10, self.done * 10 // self.total)
            if tenths > self.tenths and self.done < self.total and now - self.last >= LOG_GAP:
                self.tenths, self.last = tenths, now
                self._print(f"{self._count()} ({tenths * 10} %), {now - self.start:.1f} s")
        elif now - self.last >= LOG_EVERY:
            self.last = now
            self._print(f"{self.done} so far, {now - self.start:.1f} s")

    def _count(self) -> str:
        return f"{self.done}/{self.total}" if self.total is not None else str(self.done)

    def end(self, *, stopped: bool = False) -> None:
        count = f", {self._count()}" if self.total is not None or self.done else ""
        outcome = "stopped" if stopped else "done"
        self._print(f"{outcome}{count} in {time.monotonic() - self.start:.1f} s")


class _LiveTask(Task):
    """A line of the terminal's live display. Steps that run at the same time (the site
    is built while the PDF renders, in another thread) share one display, a line each;
    it is drawn from the first one's start to the last one's end."""

    def __init__(self, label: str, total: int | None, stream: TextIO) -> None:
        with _LIVE_LOCK:
            if _live_display.progress is None:
                _live_display.progress = _display(stream)
                _live_display.progress.start()
            _live_display.running += 1
            self.progress = _live_display.progress
            self.label = label
            self.id = self.progress.add_task(label, total=total)

    def advance(self, done: int = 1) -> None:
        self.progress.advance(self.id, done)

    def end(self, *, stopped: bool = False) -> None:
        if stopped:
            self.progress.update(self.id, description=f"{self.label}: stopped")
        with _LIVE_LOCK:
            _live_display.running -= 1
            if _live_display.running == 0:
                self.progress.stop()
                _live_display.progress = None


class _Shown:
    progress: Any = None
    """rich's Progress, while a step is drawn"""
    running = 0


_live_display = _Shown()
_LIVE_LOCK = threading.Lock()


def _display(stream: TextIO) -> Any:
    """rich's live display of steps: label, bar, count (of the total, when known), time."""
    # rich is imported only on a terminal: a log never pays for it.
    from rich.console import Console
    from rich.progress import BarColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn
    from rich.text import Text

    class Count(ProgressColumn):
        def render(self, task: Any) -> Text:
            done = int(task.completed)
            return Text(f"{done}/{int(task.total)}" if task.total is not None else str(done))

    columns = [
        TextColumn("letter-book: {task.description}"),
        BarColumn(),
        Count(),
        TimeElapsedColumn(),
    ]
    return Progress(*columns, console=Console(file=stream))


def _live(stream: TextIO) -> bool:
    return stream.isatty() and os.environ.get("TERM") != "dumb"


def start(label: str, total: int | None = None) -> Task:
    """A step of ``total`` units of work (None: not known in advance), shown until its
    :meth:`Task.end`; nothing is shown when quiet, or of a step with nothing to do."""
    if is_quiet() or total == 0:
        return Task()
    stream = sys.stderr
    # While a live display is drawn, standard error is rich's stand-in (which is no
    # terminal): a step started then joins the display.
    live = _live_display.progress is not None or _live(stream)
    return (_LiveTask if live else _LogTask)(label, total, stream)


@contextmanager
def task(label: str, total: int | None = None) -> Iterator[Task]:
    """:func:`start` a step, and end it when the block ends (stopped, if by an exception)."""
    shown = start(label, total)
    try:
        yield shown
    except BaseException:
        shown.end(stopped=True)
        raise
    shown.end()
