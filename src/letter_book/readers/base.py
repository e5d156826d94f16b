"""What every reader is given."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from letter_book.config import Config
from letter_book.diagnostics import Diagnostics
from letter_book.model import Issue
from letter_book.reasons import SkipReason

ROLES = (
    "title", "subtitle", "heading", "subheading", "paragraph", "list-item", "list-start",
    "list-end", "caption", "quote", "attribution", "boilerplate", "signature", "bio",
    "comment",
)  # fmt: skip
"""Roles an override file may force on a line (``[lines]`` table); readers honour them.
``list-start`` and ``list-end`` are list items that open and close a list (two lists in
a row, or a list that stops before a line the rules would add to it)."""


def _never(text: str, edge: bool) -> bool:
    return False


@dataclass(frozen=True, slots=True)
class Hints:
    """What the whole archive teaches a reader about one of its issues."""

    headings: frozenset[str] = frozenset()
    """Section names the archive uses with an emoji (:func:`cues.heading_key`): a line with
    one of these names is a section heading even where its emoji was lost."""
    signatures: frozenset[str] = frozenset()
    """Names (case-folded) the archive's issues are signed with: a line with one of these
    names, after the last section, is the signature even without a bio after it."""


@dataclass(frozen=True, slots=True)
class ReadContext:
    path: str
    """The file's path as shown in messages."""
    config: Config
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    roles: Mapping[int, str] = field(default_factory=dict)
    """Line number -> role forced by the issue's override file
    (:mod:`letter_book.convert.overrides`)."""
    hints: Hints = field(default_factory=Hints)
    is_boilerplate: Callable[[str, bool], bool] = _never
    """``is_boilerplate(line, edge)``: whether the built-in and configured patterns make a
    line boilerplate, counting the header and sign-off patterns when ``edge`` is true.
    Readers use it where boilerplate hides structure (a line above the title)."""


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a source says about an issue besides its content (front matter, a CSV row,
    email headers, a feed entry); None where it says nothing."""

    title: str | None = None
    subtitle: str | None = None
    number: int | None = None
    date: dt.date | None = None
    author: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SetAside:
    """An entry of a collection that is not an issue of the book (a draft, a page...)."""

    entry: str
    """The entry's name in the export (its slug, post id, file name or index)."""
    reason: str
    """What the report says of it."""
    code: SkipReason


@dataclass(frozen=True, slots=True)
class Result:
    """What a reader of a collection (an export, a feed, a mailbox) found in it."""

    issues: tuple[Issue, ...]
    set_aside: tuple[SetAside, ...]
