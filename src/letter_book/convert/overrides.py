"""Per-issue corrections kept next to the archive, so generated files are never hand-edited.

Beside ``2024-03-12-slug.txt`` a maintainer may put:

``2024-03-12-slug.override.toml``
    pins metadata (``title``, ``subtitle``, ``number``, ``date``, ``author``) and
    forces the role of lines in a ``[lines]`` table (``12 = "heading"``,
    ``"40-44" = "comment"``; roles in :data:`letter_book.readers.base.ROLES`).

``2024-03-12-slug.override.md``
    a hand-written MyST chapter body that replaces the converted one (the
    maintainer's own text: trusted, not escaped). Title, number and date still
    come from the issue and its ``.toml`` override.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from letter_book.diagnostics import Code, Diagnostics
from letter_book.model import Issue
from letter_book.readers.base import ROLES

_LINES = re.compile(r"([0-9]+)(?:-([0-9]+))?")
SUFFIX_TOML = ".override.toml"
SUFFIX_MD = ".override.md"
_FIELDS: dict[str, type[Any]] = {
    "title": str, "subtitle": str, "number": int, "date": dt.date, "author": str,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Override:
    fields: dict[str, Any] = field(default_factory=dict)
    """Metadata to pin: a subset of ``title subtitle number date author``."""
    roles: dict[int, str] = field(default_factory=dict)
    chapter: str | None = None
    """A hand-written chapter body, or None."""


def is_override(path: Path) -> bool:
    return path.name.endswith((SUFFIX_TOML, SUFFIX_MD))


def override_stem(path: Path) -> Path:
    """What an issue and its override files share: ``2024-03-12-slug`` in their folder."""
    for suffix in (SUFFIX_TOML, SUFFIX_MD):
        if path.name.endswith(suffix):
            return path.with_name(path.name[: -len(suffix)])
    return path.with_name(path.name[: -len(path.suffix)] if path.suffix else path.name)


def load_override(issue_path: Path, shown: str, diagnostics: Diagnostics) -> Override:
    """The override of the issue at ``issue_path`` (empty if it has none).

    ``shown`` is how the issue's path appears in messages. A bad key is
    reported (``override.invalid``) and ignored; the rest still applies.
    """
    stem = override_stem(issue_path)
    toml_path = stem.with_name(stem.name + SUFFIX_TOML)
    md_path = stem.with_name(stem.name + SUFFIX_MD)
    chapter = None
    if md_path.is_file():
        try:
            chapter = md_path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            where = str(Path(shown).with_name(md_path.name))
            diagnostics.warn(where, 0, f"ignored: not UTF-8 ({exc})", Code.OVERRIDE_INVALID)
    if not toml_path.is_file():
        return Override(chapter=chapter)
    where = str(Path(shown).with_name(toml_path.name))

    def bad(message: str) -> None:
        diagnostics.warn(where, 0, message, Code.OVERRIDE_INVALID)

    try:
        data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        bad(f"ignored: {exc}")
        return Override(chapter=chapter)

    pins: dict[str, Any] = {}
    roles: dict[int, str] = {}
    for key, value in data.items():
        if key == "lines" and isinstance(value, dict):
            roles.update(_roles(value, bad))
        elif key not in _FIELDS:
            bad(f"unknown key {key!r} (known: {', '.join([*_FIELDS, 'lines'])})")
        elif not isinstance(value, _FIELDS[key]) or isinstance(value, bool | dt.datetime):
            bad(f"{key} must be a {_FIELDS[key].__name__}")
        else:
            pins[key] = value
    return Override(pins, roles, chapter)


def _roles(table: dict[str, Any], bad: Callable[[str], None]) -> dict[int, str]:
    roles: dict[int, str] = {}
    for key, role in table.items():
        match = _LINES.fullmatch(key)
        first = int(match.group(1)) if match else 0
        last = int(match.group(2) or first) if match else 0
        if not match or first < 1 or last < first or role not in ROLES:
            expected = f"a line (12) or a range (12-15), and one of {', '.join(ROLES)}"
            bad(f"[lines] {key} = {role!r}: expected {expected}")
            continue
        roles.update(dict.fromkeys(range(first, last + 1), role))
    return roles


def apply_override(issue: Issue, override: Override) -> Issue:
    """The issue with its pinned metadata (an empty subtitle removes it)."""
    pins = dict(override.fields)
    if pins.get("subtitle") == "":
        pins["subtitle"] = None
    return replace(issue, **pins) if pins else issue
