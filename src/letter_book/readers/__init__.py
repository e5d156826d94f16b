"""Readers: one module per input format, registered in :data:`READERS`.

A reader turns the bytes of one file into an :class:`~letter_book.model.Issue`.
It raises :class:`~letter_book.errors.InputError` for a file it cannot make an
issue of, and reports smaller problems through ``ctx.diagnostics``. Adding a
format is one new module and one line in :data:`READERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import PurePath

from letter_book.model import Issue
from letter_book.readers.base import Hints, ReadContext

__all__ = ["READERS", "Hints", "ReadContext", "Reader", "reader_for"]


@dataclass(frozen=True, slots=True)
class Reader:
    name: str
    suffixes: tuple[str, ...]
    """File suffixes (lower case) this reader handles."""
    read: Callable[[bytes, ReadContext], Issue]


def _on_first_use(module: str) -> Callable[[bytes, ReadContext], Issue]:
    """The ``read`` function of ``module``, imported when first called: an archive of plain
    text never loads the Markdown, HTML and email readers and their libraries."""

    def read(data: bytes, ctx: ReadContext) -> Issue:
        reader: Callable[[bytes, ReadContext], Issue] = import_module(f"{__name__}.{module}").read
        return reader(data, ctx)

    return read


READERS: tuple[Reader, ...] = (
    Reader("plaintext", (".txt", ".text"), _on_first_use("plaintext")),
    Reader("markdown", (".md", ".markdown"), _on_first_use("markdown")),
    Reader("html", (".html", ".htm", ".xhtml"), _on_first_use("html")),
    Reader("email", (".eml",), _on_first_use("email")),
)


def reader_for(path: PurePath) -> Reader | None:
    """The reader that handles ``path``, by suffix, or None."""
    suffix = path.suffix.lower()
    return next((r for r in READERS if suffix in r.suffixes), None)
