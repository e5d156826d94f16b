"""An archive folder to cleaned issues: find the files, read each, learn from all, transform.

Reading is per file; some knowledge needs the whole archive: which section
names the newsletter uses (so a heading whose emoji was lost is still found)
and which paragraphs recur (boilerplate). Bad files are reported and skipped;
the rest of the archive always goes through.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from dataclasses import dataclass, replace
from fnmatch import fnmatch
from pathlib import Path

from .config import Config
from .diagnostics import Code, Diagnostic, Diagnostics
from .errors import ArchiveError, InputError
from .model import Heading, Issue, Paragraph, flatten
from .overrides import Override, apply_override, is_override, load_override
from .readers import ReadContext, reader_for
from .readers.cues import heading_key
from .transforms import TransformContext, apply_transforms
from .transforms.boilerplate import Matcher, Recurrence

_DATE_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?!\d)")


@dataclass(frozen=True, slots=True)
class Entry:
    """One issue of the archive and the hand-written chapter that replaces it, if any."""

    issue: Issue
    chapter: str | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Archive:
    root: Path
    entries: tuple[Entry, ...]
    skipped: tuple[Skipped, ...]
    diagnostics: tuple[Diagnostic, ...]


def shown_path(path: Path) -> str:
    """How a path appears in messages: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def discover(root: Path, config: Config) -> tuple[list[Path], list[Skipped]]:
    """Issue files under ``root`` (recursively, sorted), and the files set aside with why.

    Hidden folders are not entered and links are not followed (an archive
    cannot reach outside itself).
    """
    if not root.is_dir():
        raise ArchiveError(f"{root}: no such archive folder")
    found: list[Path] = []
    skipped: list[Skipped] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            if is_override(path):
                continue
            if any(fnmatch(name, pattern) for pattern in config.archive.exclude):
                skipped.append(Skipped(shown_path(path), "excluded by archive.exclude"))
            elif path.is_symlink():
                skipped.append(Skipped(shown_path(path), "a link; links are not followed"))
            elif reader_for(path) is None:
                skipped.append(
                    Skipped(
                        shown_path(path), f"no reader for {path.suffix or 'files without suffix'}"
                    )
                )
            else:
                found.append(path)
    return found, skipped


def date_from_name(path: Path, diagnostics: Diagnostics, shown: str) -> dt.date | None:
    """The date a file name starts with (``2024-03-12-slug.txt``), else None: never invented."""
    match = _DATE_PREFIX.match(path.name)
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        diagnostics.warn(
            shown, 0, f"{match.group(0)} is not a date; the issue is undated", Code.DATE_INVALID
        )
        return None


class _Reading:
    """The state of one pass over the archive's files."""

    def __init__(self, root: Path, config: Config, diagnostics: Diagnostics) -> None:
        self.root = root
        self.config = config
        self.diagnostics = diagnostics
        self.data: dict[Path, bytes] = {}
        self.overrides: dict[Path, Override] = {}

    def load(self, path: Path) -> bool:
        shown = shown_path(path)
        try:
            size = path.stat().st_size
            if size > self.config.archive.max_file_size:
                limit = self.config.archive.max_file_size
                self.diagnostics.warn(
                    shown,
                    0,
                    f"{size} bytes, over the limit of {limit} (archive.max_file_size); skipped",
                    Code.FILE_TOO_LARGE,
                )
                return False
            self.data[path] = path.read_bytes()
        except OSError as exc:
            self.diagnostics.warn(shown, 0, f"cannot read: {exc.strerror}", Code.FILE_UNREADABLE)
            return False
        self.overrides[path] = load_override(path, shown, self.diagnostics)
        return True

    def read(self, path: Path, headings: frozenset[str]) -> Issue | None:
        shown = shown_path(path)
        reader = reader_for(path)
        assert reader is not None
        ctx = ReadContext(shown, self.config, Diagnostics(), self.overrides[path].roles, headings)
        try:
            issue = reader.read(self.data[path], ctx)
        except InputError as exc:
            self.diagnostics.warn(shown, exc.line, f"{exc.message}; skipped", exc.code)
            return None
        finally:
            self.diagnostics.extend(ctx.diagnostics.items)
        if issue.date is None:
            issue = replace(issue, date=date_from_name(path, self.diagnostics, shown))
        # The model names its file relative to the archive: the same wherever the tool runs.
        source = replace(issue.source, path=path.relative_to(self.root).as_posix())
        return apply_override(replace(issue, source=source), self.overrides[path])


def _section_names(issues: list[Issue]) -> frozenset[str]:
    names = set()
    for issue in issues:
        for section in issue.sections:
            if section.title:
                names.add(heading_key(flatten(section.title)))
    return frozenset(n for n in names if n)


def _needs_heading_pass(issue: Issue, names: frozenset[str]) -> bool:
    """Does the issue hold a line that names a known section but was not read as one?"""
    return any(
        isinstance(block, Paragraph | Heading) and heading_key(flatten(block.content)) in names
        for section in issue.sections
        for block in section.blocks
    )


def read_archive(root: Path, config: Config) -> Archive:
    """Read every issue under ``root``, learn from the whole archive, and clean each issue."""
    diagnostics = Diagnostics()
    paths, skipped = discover(root, config)
    reading = _Reading(root, config, diagnostics)
    issues: dict[Path, Issue] = {}
    for path in paths:
        if reading.load(path) and (issue := reading.read(path, frozenset())) is not None:
            issues[path] = issue
        else:
            skipped.append(Skipped(shown_path(path), "not an issue (see the warnings)"))
    names = _section_names(list(issues.values()))
    for path, issue in issues.items():
        if _needs_heading_pass(issue, names):
            quiet = _Reading(root, config, Diagnostics())
            quiet.data, quiet.overrides = reading.data, reading.overrides
            issues[path] = quiet.read(path, names) or issue
    ctx = TransformContext(config, Matcher(config), Recurrence.of(issues.values(), config))
    entries = [
        Entry(apply_transforms(issue, ctx), reading.overrides[path].chapter)
        for path, issue in issues.items()
    ]
    _report_duplicates(root, entries, diagnostics)
    return Archive(root, tuple(entries), tuple(skipped), diagnostics.items)


def read_single(path: Path, config: Config) -> tuple[Issue | None, tuple[Diagnostic, ...]]:
    """One issue read on its own: built-in and configured rules, nothing learnt from an archive."""
    diagnostics = Diagnostics()
    if reader_for(path) is None:
        raise ArchiveError(f"{path}: no reader for {path.suffix or 'files without suffix'}")
    reading = _Reading(path.parent, config, diagnostics)
    issue = reading.read(path, frozenset()) if reading.load(path) else None
    if issue is not None:
        issue = apply_transforms(issue, TransformContext.alone(config))
    return issue, diagnostics.items


def _report_duplicates(root: Path, entries: list[Entry], diagnostics: Diagnostics) -> None:
    counts = Counter(e.issue.number for e in entries if e.issue.number is not None)
    for entry in entries:
        issue = entry.issue
        if issue.number is not None and counts[issue.number] > 1:
            message = f"issue number {issue.number} is used by {counts[issue.number]} issues"
            line = issue.subtitle_line or issue.title_line
            shown = shown_path(root / issue.source.path)
            diagnostics.warn(shown, line, f"{message}; all are kept", Code.NUMBER_DUPLICATE)
