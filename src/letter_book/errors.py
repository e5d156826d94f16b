"""The exceptions letter-book raises. Each says who raises it.

Problems in the *input* are not exceptions: they are diagnostics
(:mod:`letter_book.diagnostics`) and the rest of the archive still builds.
Exceptions are for what stops a command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from letter_book.diagnostics import Code


class LetterBookError(Exception):
    """Base class: the CLI prints these without a traceback and exits 1."""


class ConfigError(LetterBookError):
    """Raised by :mod:`letter_book.config` with every problem of the file at once."""


class ArchiveError(LetterBookError):
    """Raised by :mod:`letter_book.convert.archive` when the archive itself cannot be read."""


class StrictModeError(LetterBookError):
    """Raised by the CLI under ``--strict`` when the conversion produced warnings."""


class BuildError(LetterBookError):
    """Raised by :mod:`letter_book.publish.build` when Sphinx fails."""


class InputError(LetterBookError):
    """Raised by a reader for a file it cannot make an issue of.

    The archive reports it (``path:line: message [letter_book.code]``) and goes on.
    """

    def __init__(self, code: Code, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
