"""Where each issue goes in the book: its stable name, label, part and place.

Names come from what identifies an issue (its number, else its date, and its
title), never from its position, so a page keeps its URL and label as issues
are added. Order: parts by year, oldest first; in a part, issues by date then
number. Undated issues go to a last part, by number then title.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePosixPath

from letter_book.convert.archive import Entry
from letter_book.model import Issue

UNDATED = "undated"
_MAX_SLUG = 60


def slugify(text: str) -> str:
    """ASCII, lower case, words joined by '-', at most 60 characters cut at a word."""
    text = text.replace("’", " ").replace("'", " ")  # l’Europe -> l-europe
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > _MAX_SLUG:
        slug = slug[:_MAX_SLUG].rsplit("-", 1)[0]
    return slug or "issue"


@dataclass(frozen=True, slots=True)
class Chapter:
    entry: Entry
    name: str
    """Stable file name without suffix: ``112-le-retour-des-trains-de-nuit``."""
    label: str
    """Stable cross-reference target: ``issue-112`` (``issue-<name>`` for a shared number)."""
    part: str
    """The year (``2024``) or :data:`UNDATED`."""

    @property
    def issue(self) -> Issue:
        return self.entry.issue

    @property
    def docname(self) -> str:
        return f"issues/{self.name}"


@dataclass(frozen=True, slots=True)
class Part:
    key: str
    chapters: tuple[Chapter, ...]

    @property
    def docname(self) -> str:
        return f"parts/{self.key}"


def image_name(path: str) -> str:
    """The book's name for an archive's image (``2024/img/Photo 1.JPG`` ->
    ``images/3f2a9c0b1e-photo-1.jpg``): stable, unique, and safe in any link."""
    pure = PurePosixPath(path)
    digest = hashlib.sha256(path.encode()).hexdigest()[:10]
    return f"images/{digest}-{slugify(pure.stem)}{pure.suffix.lower()}"


def base_name(issue: Issue) -> str:
    """The issue's output name before any ``-2`` that tells same-named issues apart
    (``12-le-titre``, ``2024-03-12-le-titre``): what an override of a post of an export is
    named by."""
    slug = slugify(issue.title)
    if issue.number is not None:
        return f"{issue.number}-{slug}"
    if issue.date is not None:
        return f"{issue.date.isoformat()}-{slug}"
    return slug


def _order(chapter: Chapter) -> tuple[bool, int, int, str, str]:
    issue = chapter.issue
    number = issue.number if issue.number is not None else 1 << 30
    day = issue.date.toordinal() if issue.date else 0
    return (issue.date is None, day, number, chapter.name, issue.source.path)


def plan(entries: tuple[Entry, ...]) -> tuple[Part, ...]:
    """The book's parts, each with its chapters in reading order."""
    numbers = Counter(e.issue.number for e in entries if e.issue.number is not None)
    taken: set[str] = set()
    chapters = []
    for entry in sorted(entries, key=lambda e: e.issue.source.path):
        issue = entry.issue
        name = base = base_name(issue)
        suffix = 1
        while name in taken:  # two issues with the same number (or date) and title
            suffix += 1
            name = f"{base}-{suffix}"
        taken.add(name)
        unique = issue.number is not None and numbers[issue.number] == 1
        label = f"issue-{issue.number}" if unique else f"issue-{name}"
        part = str(issue.date.year) if issue.date else UNDATED
        chapters.append(Chapter(entry, name, label, part))
    parts: dict[str, list[Chapter]] = {}
    for chapter in sorted(chapters, key=_order):
        parts.setdefault(chapter.part, []).append(chapter)
    return tuple(Part(key, tuple(chs)) for key, chs in parts.items())
