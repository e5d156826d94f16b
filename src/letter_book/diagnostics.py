"""Warnings about the input, each with a stable code.

Every problem letter-book finds in an archive is a :class:`Diagnostic`: the
file, the line, a message and a :class:`Code`. They are printed as
``path:line: message [letter_book.code]`` and collected so that the whole
archive is read before anything fails; ``--strict`` turns them into failure.
The catalogue of codes is this enum, which the documentation's reference lists.
A code named in ``diagnostics.ignore`` is :func:`ignored`: not printed, not failing
``--strict``, but still in the conversion report, marked as ignored.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, replace


class Code(enum.Enum):
    """The catalogue of diagnostic codes. Values are stable: ``diagnostics.ignore`` in the
    configuration silences them by value."""

    CONFIG_INVALID = "config.invalid"
    """The configuration file has a wrong key or value."""
    FILE_UNREADABLE = "file.unreadable"
    """The file could not be read (permissions, vanished)."""
    FILE_BINARY = "file.binary"
    """The file holds binary data, not text."""
    FILE_UNSAFE = "file.unsafe"
    """The file is refused for safety (an XML feed declaring entities or a DTD)."""
    FILE_TOO_LARGE = "file.too-large"
    """The file is over the size limit for one issue."""
    ENCODING_GUESSED = "encoding.guessed"
    """Undecodable bytes were replaced by U+FFFD after the best guess of the encoding."""
    GHOST_CARD = "ghost.card"
    """A Ghost post holds a card of a kind the reader does not know; its text is kept."""
    SITE_URL_MISSING = "site-url.missing"
    """A Ghost export links to its own site (``__GHOST_URL__``) and ``archive.site_url`` is
    not set: those links are made relative."""
    WORDPRESS_SHORTCODE = "wordpress.shortcode"
    """A WordPress post holds a shortcode other than ``[caption]``: what it shows is made
    by the site's plugins, so it stays as typed."""
    METADATA_INVALID = "metadata.invalid"
    """An issue's front matter (or export row) could not be read; the rest of it is kept."""
    ISSUE_EMPTY = "issue.empty"
    """The file has no text: there is no issue to make of it."""
    NUMBER_DUPLICATE = "number.duplicate"
    """Two issues carry the same number; both are kept under distinct names."""
    DATE_INVALID = "date.invalid"
    """The file name starts with a date that does not exist (2024-02-30)."""
    TEXT_CONTROL = "text.control-char"
    """Control characters that cannot appear in a book were removed."""
    IMAGE_MISSING = "image.missing"
    """A local image is not in the archive (or not a PNG, JPEG, GIF or WebP), or a remote
    one cannot be had (not in the cache offline, or its download failed); its caption
    or alt text stays, with a link to the remote image."""
    IMAGE_OFFLINE = "image.offline"
    """The first image download found no network: the rest of the build takes images
    from the cache only (said once, not for every image)."""
    IMAGE_LOW_RESOLUTION = "image.low-resolution"
    """An image of the print edition is printed at under 300 pixels an inch at its printed
    size (said by ``letter-book build print``): it will look soft on paper."""
    OVERRIDE_INVALID = "override.invalid"
    """A per-issue override file has a wrong key or value; it is ignored."""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    path: str
    line: int
    """1-based line, or 0 when the problem concerns the whole file."""
    message: str
    code: Code
    ignored: bool = False
    """Named in ``diagnostics.ignore``: kept in the report, neither printed nor failing."""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message} [letter_book.{self.code.value}]"


class Diagnostics:
    """Collects diagnostics in the order they are found."""

    def __init__(self) -> None:
        self._items: list[Diagnostic] = []

    def warn(self, path: str, line: int, message: str, code: Code) -> None:
        self._items.append(Diagnostic(path, line, message, code))

    def extend(self, items: list[Diagnostic] | tuple[Diagnostic, ...]) -> None:
        self._items.extend(items)

    @property
    def items(self) -> tuple[Diagnostic, ...]:
        return tuple(self._items)

    def __len__(self) -> int:
        return len(self._items)


def ignored(items: tuple[Diagnostic, ...], codes: frozenset[Code]) -> tuple[Diagnostic, ...]:
    """``items``, those of ``codes`` marked as ignored."""
    return tuple(replace(d, ignored=True) if d.code in codes else d for d in items)


def shown(items: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics to print, and to count against ``--strict``: those not ignored."""
    return [d for d in items if not d.ignored]
