"""Two processes converting one archive: each reads, cleans and writes its share of the
issues; they meet only where the whole archive is needed.

The main process forks a second one before anything is read, and both then run the same
conversion over their own share of the files (:meth:`Team.mine`). Where a step needs
what every issue teaches (the section names, the recurring paragraphs, the names of the
index), each process computes its part and :meth:`Team.merge` joins the parts: the
second process sends its part, the main one combines both and sends the result back.
:meth:`Team.swap` gives each the other's issues without their sections, from which
both make the same plan of the book. The issues themselves never cross, which is what
made a process pool cost as much as it saved. :data:`SOLO` is the one process of a
plain conversion, which merges nothing.
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import operator
import os
import pickle
import traceback
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any, TypeVar

from .errors import LetterBookError
from .model import Comment, Dropped, Issue, Source, Span

T = TypeVar("T")

SHARE = 0.5
"""The main process's share of the issue files. It also reads the exports, feeds and
mailboxes (none in most archives) and writes the pages around the chapters, while the
second one writes the report."""


class _Pipe:
    """This process's ends of the pipes to the other: values pickled, each after its size
    (lighter to import than multiprocessing, which start-up would wait for)."""

    def __init__(self, read: int, write: int) -> None:
        self.read = read
        self.write = write

    def send(self, value: object) -> None:
        self.send_packed(_pack(value))

    def send_packed(self, data: bytes) -> None:
        """Send what :func:`_pack` made."""
        view = memoryview(data)
        while view:
            view = view[os.write(self.write, view) :]

    def recv(self) -> Any:
        return pickle.loads(self._read(int.from_bytes(self._read(8), "big")))

    def _read(self, size: int) -> bytes:
        chunks = []
        while size:
            chunk = os.read(self.read, min(size, 1 << 20))
            if not chunk:
                raise EOFError("the other process closed its pipe")
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        os.close(self.read)
        os.close(self.write)


def _pack(value: object) -> bytes:
    """``value`` pickled, after its size."""
    data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    return len(data).to_bytes(8, "big") + data


class _Left(BaseException):
    """Raised in the second process when the main one has gone (it failed): leave quietly."""


class Team:
    """The processes of one conversion, seen from one of them."""

    def __init__(self, rank: int = 0, size: int = 1, pipe: _Pipe | None = None) -> None:
        self.rank = rank
        """0 in the main process, 1 in the forked one."""
        self.size = size
        self.pipe = pipe
        self.pid = 0
        """The forked process, in the main one."""

    @property
    def leads(self) -> bool:
        """Is this the main process (the one that prints and writes the pages around)?"""
        return self.rank == 0

    def mine(self, items: Sequence[T]) -> list[T]:
        """This process's share of ``items``: a run of them, the main process's first."""
        if self.size == 1:
            return list(items)
        cut = round(len(items) * SHARE)
        return list(items[cut:] if self.rank else items[:cut])

    def merge(self, value: T, combine: Callable[[T, T], T]) -> T:
        """``combine(main's value, second's value)``, in both processes."""
        if self.pipe is None:
            return value
        if self.rank:
            self.pipe.send((True, value))
            return self._receive()  # type: ignore[no-any-return]
        other = self._receive()
        merged = combine(value, other)
        self.pipe.send((True, merged))
        return merged

    def swap(self, value: T) -> T:
        """The other process's ``value`` (in a team of two), for this one's."""
        assert self.pipe is not None, "a process alone has no other"
        data = _pack((True, value))  # both pickle at once, before either waits for the other
        if self.rank:
            self.pipe.send_packed(data)
            return self._receive()  # type: ignore[no-any-return]
        other = self._receive()
        self.pipe.send_packed(data)
        return other  # type: ignore[no-any-return]

    def _receive(self) -> Any:
        assert self.pipe is not None
        try:
            ok, value = self.pipe.recv()
        except EOFError:
            if self.rank:
                raise _Left from None
            raise LetterBookError("the second conversion process ended early") from None
        if not ok:
            raise value
        return value

    def __enter__(self) -> Team:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.pipe is None:
            return
        if self.rank:  # the forked process ends here, and never goes on to print
            if not isinstance(error, _Left):
                # The main process raises the error (unless it is gone).
                with contextlib.suppress(BaseException):
                    self.pipe.send((error is None, _portable(error)))
            os._exit(0 if error is None else 1)
        try:
            if error is None:
                self._receive()  # how the other process ended: its error is raised here
        finally:
            self.pipe.close()
            os.waitpid(self.pid, 0)


class SecondProcessError(Exception):
    """An error of the second process that cannot cross as it is, raised in the main one
    with the second one's traceback in its message."""


def _portable(error: BaseException | None) -> BaseException | None:
    """``error`` as the main process can take and raise it: a :class:`LetterBookError`
    (which the command line prints without a traceback) with its message; another error
    as it is, with the second process's traceback as a note, if it survives pickling (some
    do not: their class takes other arguments than they keep), else a
    :class:`SecondProcessError`."""
    if error is None:
        return None
    if isinstance(error, LetterBookError):
        return LetterBookError(str(error))
    trace = "in the second conversion process:\n" + "".join(traceback.format_exception(error))
    try:
        copy: BaseException = pickle.loads(pickle.dumps(error))
    except Exception:
        return SecondProcessError(trace)
    copy.add_note(trace)
    return copy


def _reducer(cls: type) -> Callable[[Any], tuple[type, tuple[Any, ...]]]:
    get = operator.attrgetter(*(f.name for f in dataclasses.fields(cls)))
    if len(dataclasses.fields(cls)) == 1:
        return lambda obj: (cls, (get(obj),))
    return lambda obj: (cls, get(obj))


# What crosses is pickled (issues without their sections): the model's classes as a call
# of the class with their fields; dataclasses' own way (getstate, setstate) took twice as
# long.
for _class in (Span, Comment, Dropped, Source, Issue):
    copyreg.pickle(_class, _reducer(_class))

SOLO = Team()
"""A conversion in one process."""


def start(parallel: bool) -> Team:
    """A team of two processes if ``parallel`` and this system can fork, else :data:`SOLO`.

    Use it as a context manager: the forked process leaves at its end.
    """
    if not parallel or not hasattr(os, "fork"):
        return SOLO
    (down_read, down_write), (up_read, up_write) = os.pipe(), os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(down_write)
        os.close(up_read)
        return Team(1, 2, _Pipe(down_read, up_write))
    os.close(down_read)
    os.close(up_write)
    team = Team(0, 2, _Pipe(up_read, down_write))
    team.pid = pid
    return team
