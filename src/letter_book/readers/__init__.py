"""Readers: one module per input format, registered in :data:`READERS`.

A reader turns the bytes of one file into an :class:`~letter_book.model.Issue`.
It raises :class:`~letter_book.errors.InputError` for a file it cannot make an
issue of, and reports smaller problems through ``ctx.diagnostics``. Adding a
format is one new module and one line in :data:`READERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from ..model import Issue
from . import email, html, markdown, plaintext
from .base import Hints, ReadContext

__all__ = ["READERS", "Hints", "ReadContext", "Reader", "reader_for"]


@dataclass(frozen=True, slots=True)
class Reader:
    name: str
    suffixes: tuple[str, ...]
    """File suffixes (lower case) this reader handles."""
    read: Callable[[bytes, ReadContext], Issue]


READERS: tuple[Reader, ...] = (
    Reader("plaintext", (".txt", ".text"), plaintext.read),
    Reader("markdown", (".md", ".markdown"), markdown.read),
    Reader("html", (".html", ".htm", ".xhtml"), html.read),
    Reader("email", (".eml",), email.read),
)


def reader_for(path: PurePath) -> Reader | None:
    """The reader that handles ``path``, by suffix, or None."""
    suffix = path.suffix.lower()
    return next((r for r in READERS if suffix in r.suffixes), None)
