"""An archive folder to cleaned issues: find the files, read each, learn from all, transform.

Reading is per file; some knowledge needs the whole archive: which section
names the newsletter uses (so a heading whose emoji was lost is still found)
and which paragraphs recur (boilerplate). Bad files are reported and skipped;
the rest of the archive always goes through.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from fnmatch import fnmatch
from pathlib import Path

from .config import Config
from .diagnostics import Code, Diagnostic, Diagnostics
from .errors import ArchiveError, InputError
from .images import check_images, download_images
from .model import Heading, Issue, Paragraph, flatten
from .overrides import Override, apply_override, is_override, load_override, override_stem
from .readers import Hints, ReadContext, reader_for
from .readers.collections import EXPORTS, Collection, export_kind
from .readers.collections import FILES as COLLECTION_FILES
from .readers.cues import HEADING_MAX, heading_key
from .team import SOLO, Team
from .transforms import TransformContext, apply_transforms
from .transforms.boilerplate import Keys, Matcher, Recurrence

_DATE_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?!\d)")


@dataclass(frozen=True, slots=True)
class Entry:
    """One issue of the archive and the hand-written chapter that replaces it, if any."""

    issue: Issue
    chapter: str | None = None
    remote: bool = False
    """Read by the other process of a :class:`~letter_book.team.Team`, which writes its
    chapter: here without its sections (what the plan and the report need)."""


@dataclass(frozen=True, slots=True)
class Skipped:
    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Knowledge:
    """What the whole archive teaches about each of its issues."""

    hints: Hints
    recurrence: Recurrence

    @classmethod
    def none(cls) -> Knowledge:
        return cls(Hints(), Recurrence.empty())


@dataclass(frozen=True, slots=True)
class Archive:
    root: Path
    entries: tuple[Entry, ...]
    skipped: tuple[Skipped, ...]
    diagnostics: tuple[Diagnostic, ...]
    knowledge: Knowledge


def shown_path(path: Path) -> str:
    """How a path appears in messages: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass(frozen=True, slots=True)
class Found:
    """What an archive folder holds."""

    files: list[Path]
    """Files of one issue each."""
    collections: list[tuple[Path, Collection]]
    """Exports (folders or zips), feeds and mailboxes: many issues each."""
    skipped: list[Skipped]


def discover(root: Path, config: Config) -> Found:
    """Issue files and collections under ``root`` (recursively, sorted), and the files set
    aside with why.

    Hidden folders are not entered and links are not followed (an archive
    cannot reach outside itself). An export folder is read as a whole.
    """
    if not root.is_dir():
        raise ArchiveError(f"{root}: no such archive folder")
    found = Found([], [], [])
    overrides: list[Path] = []
    excluded = [pattern.casefold() for pattern in config.archive.exclude]
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if kind := export_kind(Path(folder)):
            found.collections.append((Path(folder), EXPORTS[kind]))
            dirs[:] = []
            continue
        for name in sorted(files):
            path = Path(folder) / name
            if is_override(path):
                overrides.append(path)
            elif any(fnmatch(name.casefold(), pattern) for pattern in excluded):
                found.skipped.append(Skipped(shown_path(path), "excluded by archive.exclude"))
            elif path.is_symlink():
                found.skipped.append(Skipped(shown_path(path), "a link; links are not followed"))
            elif path.suffix.lower() in COLLECTION_FILES:
                found.collections.append((path, COLLECTION_FILES[path.suffix.lower()]))
            elif path.suffix.lower() == ".zip":
                if kind := export_kind(path):
                    found.collections.append((path, EXPORTS[kind]))
                else:
                    reason = "a zip that is not a Substack or Buttondown export"
                    found.skipped.append(Skipped(shown_path(path), reason))
            elif reader_for(path) is None:
                found.skipped.append(Skipped(shown_path(path), _no_reader(path)))
            else:
                found.files.append(path)
    stems = {override_stem(path) for path in found.files}
    for path in overrides:
        if override_stem(path) not in stems:
            reason = "an override with no issue of that name"
            found.skipped.append(Skipped(shown_path(path), reason))
    return found


def _no_reader(path: Path) -> str:
    return f"no reader for {path.suffix or 'files without suffix'}"


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
    """The files of an archive, loaded once, and how to read each."""

    def __init__(self, root: Path, config: Config, diagnostics: Diagnostics) -> None:
        self.root = root
        self.config = config
        self.diagnostics = diagnostics
        self.matcher = Matcher(config)
        self.data: dict[Path, bytes] = {}
        self.overrides: dict[Path, Override] = {}
        self.shown: dict[Path, str] = {}

    def restart_diagnostics(self, items: list[Diagnostic]) -> Diagnostics:
        """New diagnostics holding ``items`` (those every process of a team found), where
        reading goes on recording."""
        self.diagnostics = Diagnostics()
        self.diagnostics.extend(items)
        return self.diagnostics

    def shown_path(self, path: Path) -> str:
        """:func:`shown_path`, resolved once per file (it is asked when loading and reading)."""
        shown = self.shown.get(path)
        if shown is None:
            shown = self.shown[path] = shown_path(path)
        return shown

    def load(self, path: Path) -> bool:
        shown = self.shown_path(path)
        limit = self.config.archive.max_file_size
        try:
            size = path.stat().st_size
            if size > limit:
                message = (
                    f"{size} bytes, over the limit of {limit} (archive.max_file_size); skipped"
                )
                self.diagnostics.warn(shown, 0, message, Code.FILE_TOO_LARGE)
                return False
            self.data[path] = path.read_bytes()
        except OSError as exc:
            self.diagnostics.warn(shown, 0, f"cannot read: {exc.strerror}", Code.FILE_UNREADABLE)
            return False
        self.overrides[path] = load_override(path, shown, self.diagnostics)
        return True

    def read(self, path: Path, hints: Hints, *, quiet: bool = False) -> Issue | None:
        """The issue in ``path`` (loaded before), dated and overridden; None if it has none.

        ``quiet`` reads again a file whose diagnostics were already reported.
        """
        shown = self.shown_path(path)
        reader = reader_for(path)
        assert reader is not None
        diagnostics = Diagnostics() if quiet else self.diagnostics
        ctx = ReadContext(
            shown, self.config, Diagnostics(), self.overrides[path].roles, hints,
            self.matcher.is_boilerplate,
        )  # fmt: skip
        try:
            issue = reader.read(self.data[path], ctx)
        except InputError as exc:
            diagnostics.warn(shown, exc.line, f"{exc.message}; skipped", exc.code)
            return None
        finally:
            diagnostics.extend(ctx.diagnostics.items)
        if issue.date is None:
            issue = replace(issue, date=date_from_name(path, diagnostics, shown))
        # The model names its file relative to the archive: the same wherever the tool runs.
        source = replace(issue.source, path=path.relative_to(self.root).as_posix())
        issue = check_images(replace(issue, source=source), path, self.root, diagnostics, shown)
        return apply_override(issue, self.overrides[path])

    def collect(self, path: Path, collection: Collection, skipped: list[Skipped]) -> list[Issue]:
        """The issues of an export, feed or mailbox; entries it sets aside go to ``skipped``."""
        name = path.relative_to(self.root).as_posix() if path != self.root else path.name
        ctx = ReadContext(
            name, self.config, Diagnostics(), {}, Hints(), self.matcher.is_boilerplate
        )
        try:
            result = collection.read(path, ctx)
        except InputError as exc:
            self.diagnostics.warn(shown_path(path), exc.line, f"{exc.message}; skipped", exc.code)
            return []
        except (OSError, zipfile.BadZipFile) as exc:
            self.diagnostics.warn(shown_path(path), 0, f"cannot read: {exc}", Code.FILE_UNREADABLE)
            return []
        finally:
            self.diagnostics.extend(ctx.diagnostics.items)
        skipped += [Skipped(f"{name}: {aside.entry}", aside.reason) for aside in result.set_aside]
        shown = shown_path(path)
        return [check_images(i, None, self.root, self.diagnostics, shown) for i in result.issues]


Lessons = tuple[set[str], Counter[str]]
"""What issues teach: the section names they use, and how many are signed by each name."""


def _lessons(issues: Iterable[Issue]) -> Lessons:
    names = {
        heading_key(flatten(section.title))
        for issue in issues
        for section in issue.sections
        if section.title
    }
    return names, Counter(issue.author.casefold() for issue in issues if issue.author)


def _together(a: Lessons, b: Lessons) -> Lessons:
    return a[0] | b[0], a[1] + b[1]


def _learn(lessons: Lessons) -> Hints:
    """Section names used with an emoji, and signatures found in at least two issues."""
    names, authors = lessons
    signatures = {name for name, count in authors.items() if count >= 2}
    return Hints(frozenset(n for n in names if n), frozenset(signatures))


def _hints_apply(issue: Issue, hints: Hints) -> bool:
    """Could the hints change how the issue reads? True if it holds, not as a section
    heading, a known section name (in a line short enough to be a heading); or, not
    signed by a known name, a line with one."""
    signed = issue.author is not None and issue.author.casefold() in hints.signatures
    for section in issue.sections:
        for block in section.blocks:
            if isinstance(block, Paragraph | Heading):
                text = flatten(block.content)
                if len(text) <= HEADING_MAX and heading_key(text) in hints.headings:
                    return True
                if not signed and text.rstrip(".,!").casefold() in hints.signatures:
                    return True
    return False


def read_archive(root: Path, config: Config, team: Team = SOLO) -> Archive:
    """Read every issue under ``root``, learn from the whole archive, and clean each issue.

    In a team of processes each reads and cleans its share of the files; the archive then
    holds the other's issues without their sections (:attr:`Entry.remote`).
    """
    diagnostics = Diagnostics()
    found = discover(root, config)
    skipped: list[Skipped] = []
    reading = _Reading(root, config, diagnostics)
    issues: dict[Path, Issue] = {}
    for path in team.mine(found.files):
        if reading.load(path) and (issue := reading.read(path, Hints())) is not None:
            issues[path] = issue
        else:
            skipped.append(Skipped(shown_path(path), "not an issue (see the warnings)"))
    # The warnings and files set aside of every process, in the order of the files, and
    # what all their issues teach.
    warned, skipped, lessons = team.merge(
        (list(diagnostics.items), skipped, _lessons(issues.values())), _joined
    )
    diagnostics = reading.restart_diagnostics(warned)
    skipped = found.skipped + skipped
    hints = _learn(lessons)
    # Second pass, only over the issues that what the archive teaches would change.
    for path, issue in issues.items():
        if _hints_apply(issue, hints):
            issues[path] = reading.read(path, hints, quiet=True) or issue
    collected = [
        issue
        for path, collection in (found.collections if team.leads else ())
        for issue in reading.collect(path, collection, skipped)
    ]
    keys = Keys()
    counted = team.merge(
        Recurrence.count([*issues.values(), *collected], keys),
        functools.partial(Recurrence.add, config=config),
    )
    knowledge = Knowledge(hints, Recurrence.of_counts(*counted, config, keys))
    ctx = TransformContext(config, reading.matcher, knowledge.recurrence)
    entries = [
        Entry(apply_transforms(issue, ctx), reading.overrides[path].chapter)
        for path, issue in issues.items()
    ]
    extra = [Entry(apply_transforms(issue, ctx)) for issue in collected]
    if team.size > 1:
        # Past the first pass only the main process finds anything to warn of (in the
        # collections): the second one's warnings are all in the first exchange.
        assert team.leads or len(diagnostics.items) == len(warned), "a warning would be lost"
        entries, extra, warned, skipped = _shared(
            team, entries, extra, list(diagnostics.items), skipped
        )
        diagnostics = reading.restart_diagnostics(warned)
    entries += extra
    if config.images.download:
        assert team.size == 1, "images are downloaded in one process"
        entries = [
            replace(
                e,
                issue=download_images(
                    e.issue, config, diagnostics, shown_path(root / e.issue.source.path)
                ),
            )
            for e in entries
        ]
    _report_duplicates(root, entries, diagnostics)
    return Archive(root, tuple(entries), tuple(skipped), diagnostics.items, knowledge)


_FirstPass = tuple[list[Diagnostic], list[Skipped], Lessons]


def _joined(a: _FirstPass, b: _FirstPass) -> _FirstPass:
    return a[0] + b[0], a[1] + b[1], _together(a[2], b[2])


_Share = tuple[list[Entry], list[Entry], list[Diagnostic], list[Skipped]]


def _shared(
    team: Team,
    files: list[Entry],
    collected: list[Entry],
    warned: list[Diagnostic],
    skipped: list[Skipped],
) -> _Share:
    """Every process's entries, in the order of the files, then the collections' (which
    only the main process reads): its own as they are, the other's without sections; and
    the main process's warnings and files set aside, the collections' included."""

    def remote(entries: list[Entry]) -> list[Entry]:
        return [replace(e, issue=replace(e.issue, sections=()), remote=True) for e in entries]

    other = team.swap((remote(files), remote(collected), warned, skipped))
    if team.leads:
        return files + other[0], collected, warned, skipped
    return other[0] + files, *other[1:]


def read_single(
    path: Path, config: Config, knowledge: Knowledge | None = None
) -> tuple[Issue | None, tuple[Diagnostic, ...]]:
    """One issue read by the built-in and configured rules, and what ``knowledge`` (learnt
    from an archive) teaches, if given."""
    knowledge = knowledge or Knowledge.none()
    diagnostics = Diagnostics()
    if reader_for(path) is None:
        raise ArchiveError(f"{path}: {_no_reader(path)}")
    reading = _Reading(path.parent, config, diagnostics)
    issue = reading.read(path, knowledge.hints) if reading.load(path) else None
    if issue is not None:
        ctx = TransformContext(config, reading.matcher, knowledge.recurrence)
        issue = apply_transforms(issue, ctx)
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
