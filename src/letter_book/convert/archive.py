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
import zipfile
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from dataclasses import dataclass, replace
from fnmatch import fnmatch
from pathlib import Path

from letter_book import processes, progress
from letter_book.config import Config
from letter_book.convert.cache import Read, ReadCache, hints_digest
from letter_book.convert.images import check_images, fetch_images
from letter_book.convert.overrides import (
    SUFFIX_TOML,
    Override,
    apply_override,
    is_override,
    load_override,
    override_stem,
)
from letter_book.diagnostics import Code, Diagnostic, Diagnostics, ignored
from letter_book.errors import ArchiveError, InputError
from letter_book.model import Heading, Issue, ListBlock, Paragraph, flatten
from letter_book.readers import Format, Hints, Probe, ReadContext, identify, unclaimed
from letter_book.readers.cues import HEADING_MAX, heading_key
from letter_book.reasons import SkipReason
from letter_book.transforms import TransformContext, apply_transforms
from letter_book.transforms.boilerplate import Keys, Matcher, Recurrence

_DATE_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?!\d)")


@dataclass(frozen=True, slots=True)
class Entry:
    """One issue of the archive and the hand-written chapter that replaces it, if any."""

    issue: Issue
    chapter: str | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file, or a post of an export, that is not an issue of the book."""

    path: str
    reason: str
    """What the report says of it."""
    code: SkipReason
    """Why, as a stable code."""


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
    fetched: tuple[str, ...] = ()
    """Addresses of the remote images this conversion downloaded into the cache."""
    wanting: tuple[str, ...] = ()
    """Addresses of the remote images it could not have (offline, or failed): a later
    conversion with the network tries them again."""
    read_before: int = 0
    """Files of one issue the first pass took as read before (:mod:`.cache`)."""


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
    collections: list[tuple[Path, Format]]
    """Exports (folders or zips), feeds and mailboxes: many issues each."""
    skipped: list[Skipped]
    overrides: list[Path]
    """Override files with no issue file of their name: each is for a post of an export
    beside it, or an orphan (known once the exports are read)."""


def discover(root: Path, config: Config) -> Found:
    """Issue files and collections under ``root`` (recursively, sorted), and the files set
    aside with why.

    Hidden folders are not entered and links are not followed (an archive
    cannot reach outside itself). An export folder is read as a whole.
    """
    if not root.is_dir():
        raise ArchiveError(f"{root}: no such archive folder")
    found = Found([], [], [], [])
    overrides: list[Path] = []
    excluded = [pattern.casefold() for pattern in config.archive.exclude]
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        kind = identify(Path(folder))
        if kind is not None:
            found.collections.append((Path(folder), kind))
            dirs[:] = []
            continue
        for name in sorted(files):
            path = Path(folder) / name
            if is_override(path):
                overrides.append(path)
            elif any(fnmatch(name.casefold(), pattern) for pattern in excluded):
                found.skipped.append(
                    Skipped(shown_path(path), "excluded by archive.exclude", SkipReason.EXCLUDED)
                )
            elif path.is_symlink():
                found.skipped.append(
                    Skipped(shown_path(path), "a link; links are not followed", SkipReason.LINK)
                )
            elif (kind := identify(path)) is None:
                found.skipped.append(Skipped(shown_path(path), *unclaimed(path)))
            elif kind.is_collection:
                found.collections.append((path, kind))
            else:
                found.files.append(path)
    stems = {override_stem(path) for path in found.files}
    found.overrides.extend(path for path in overrides if override_stem(path) not in stems)
    return found


def _orphans(overrides: list[Path], used: set[Path]) -> list[Skipped]:
    reason = "an override with no issue of that name"
    return [
        Skipped(shown_path(path), reason, SkipReason.ORPHAN_OVERRIDE)
        for path in overrides
        if override_stem(path) not in used
    ]


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

    def __init__(
        self, root: Path, config: Config, diagnostics: Diagnostics, cache: ReadCache | None = None
    ) -> None:
        self.root = root
        self.config = config
        self.diagnostics = diagnostics
        self.matcher = Matcher(config)
        self.data: dict[Path, bytes] = {}
        self.overrides: dict[Path, Override] = {}
        self.shown: dict[Path, str] = {}
        self.used: set[Path] = set()
        """Stems of the overrides that named a post of an export."""
        self.cache = cache
        self.hits = 0
        """Readings taken from the cache."""
        self.held: dict[Path, Diagnostics] = {}
        """What :meth:`load` found wrong with each file, until :meth:`read_all` reports it."""

    def shown_path(self, path: Path) -> str:
        """:func:`shown_path`, resolved once per file (it is asked when loading and reading)."""
        shown = self.shown.get(path)
        if shown is None:
            shown = self.shown[path] = shown_path(path)
        return shown

    def load(self, path: Path) -> bool:
        """Load the file and its override; False if it cannot be. What is wrong with them
        is reported by :meth:`read_all`, in the order of the files, with what their
        reading reports."""
        shown = self.shown_path(path)
        limit = self.config.archive.max_file_size
        held = Diagnostics()
        self.held[path] = held
        try:
            size = path.stat().st_size
            if size > limit:
                message = (
                    f"{size} bytes, over the limit of {limit} (archive.max_file_size); skipped"
                )
                held.warn(shown, 0, message, Code.FILE_TOO_LARGE)
                return False
            self.data[path] = path.read_bytes()
        except OSError as exc:
            held.warn(shown, 0, f"cannot read: {exc.strerror}", Code.FILE_UNREADABLE)
            return False
        self.overrides[path] = load_override(path, shown, held)
        return True

    def read(self, path: Path, hints: Hints, *, quiet: bool = False) -> Issue | None:
        """The issue in ``path`` (loaded before), dated and overridden; None if it has none
        or could not be loaded.

        ``quiet`` reads again a file whose diagnostics were already reported.
        """
        return self.read_all([path], hints, quiet=quiet)[0]

    def read_all(
        self,
        paths: Sequence[Path],
        hints: Hints,
        *,
        quiet: bool = False,
        advance: Callable[[], None] = lambda: None,
    ) -> list[Issue | None]:
        """:meth:`read` of each of ``paths`` (None for one that could not be loaded), in
        order; those the cache does not hold are read in a pool of processes, one a core,
        when there are :data:`POOL_MIN` or more for each of two processes or more.
        ``advance`` is called once a file is read."""
        keys = [self._key(path, hints) if path in self.data else None for path in paths]
        found: list[Read | _Failed | None] = [self._cached(key) for key in keys]
        missing = [i for i, read in enumerate(found) if read is None and paths[i] in self.data]
        for _ in range(len(paths) - len(missing)):
            advance()
        tasks = [(self.shown_path(paths[i]), paths[i], self.data[paths[i]],
                  self.overrides[paths[i]].roles) for i in missing]  # fmt: skip
        # closing: the pool stops as soon as the loop is left, by an exception too.
        with closing(self._parse_all(tasks, hints)) as parsed_all:
            for i, parsed in zip(missing, parsed_all, strict=True):
                found[i] = parsed
                key = keys[i]
                if key is not None and self.cache is not None and not isinstance(parsed, _Failed):
                    self.cache.put(key, parsed)
                advance()
        diagnostics = Diagnostics() if quiet else self.diagnostics
        issues: list[Issue | None] = []
        for path, read in zip(paths, found, strict=True):
            held = self.held.pop(path, None)
            if held is not None:
                diagnostics.extend(held.items)
            issues.append(None if read is None else self._finish(path, read, diagnostics))
        return issues

    def _key(self, path: Path, hints: Hints) -> str | None:
        if self.cache is None:
            return None
        roles = self.overrides[path].roles
        return self.cache.key(self.shown_path(path), self.data[path], roles, hints_digest(hints))

    def _cached(self, key: str | None) -> Read | None:
        found = self.cache.get(key) if key is not None and self.cache is not None else None
        self.hits += found is not None
        return found

    def _parse_all(
        self, tasks: Sequence[_Task], hints: Hints
    ) -> Generator[Read | _Failed, None, None]:
        jobs = min(processes.cores(), len(tasks) // POOL_MIN)
        if jobs < 2:
            for task in tasks:
                yield _parse(task, self.config, hints, self.matcher)
            return
        pool = ProcessPoolExecutor(
            jobs, processes.spawned(), initializer=_start_worker, initargs=(self.config, hints)
        )
        # Small chunks: the progress moves, and Ctrl-C waits for little (processes.stop).
        with processes.stopping(pool):
            yield from pool.map(_parse_in_worker, tasks, chunksize=max(1, len(tasks) // (8 * jobs)))

    def _finish(self, path: Path, read: Read | _Failed, diagnostics: Diagnostics) -> Issue | None:
        """The issue read, dated, with its images checked and its override applied."""
        shown = self.shown_path(path)
        if isinstance(read, _Failed):
            diagnostics.warn(shown, read.line, f"{read.message}; skipped", read.code)
            diagnostics.extend(read.diagnostics)
            return None
        issue, warned = read
        diagnostics.extend(warned)
        if issue.date is None:
            issue = replace(issue, date=date_from_name(path, diagnostics, shown))
        # The model names its file relative to the archive: the same wherever the tool runs.
        source = replace(issue.source, path=path.relative_to(self.root).as_posix())
        issue = check_images(replace(issue, source=source), path, self.root, diagnostics, shown)
        return apply_override(issue, self.overrides[path])

    def collect(
        self, path: Path, collection: Format, skipped: list[Skipped]
    ) -> list[tuple[Issue, str | None]]:
        """The issues of an export, feed or mailbox, each overridden by the files beside the
        export named by its output name, and its hand-written chapter if it has one;
        entries the export sets aside go to ``skipped``."""
        name = path.relative_to(self.root).as_posix() if path != self.root else path.name
        ctx = ReadContext(
            name, self.config, Diagnostics(), {}, Hints(), self.matcher.is_boilerplate
        )
        try:
            result = collection.read_issues(path, ctx)
        except InputError as exc:
            self.diagnostics.warn(shown_path(path), exc.line, f"{exc.message}; skipped", exc.code)
            return []
        except (OSError, zipfile.BadZipFile) as exc:
            self.diagnostics.warn(shown_path(path), 0, f"cannot read: {exc}", Code.FILE_UNREADABLE)
            return []
        finally:
            self.diagnostics.extend(ctx.diagnostics.items)
        skipped += [
            Skipped(f"{name}: {aside.entry}", aside.reason, aside.code)
            for aside in result.set_aside
        ]
        shown = shown_path(path)
        collected = []
        for issue in result.issues:
            issue = check_images(issue, None, self.root, self.diagnostics, shown)
            override = self._override_of_post(path, issue)
            collected.append((apply_override(issue, override), override.chapter))
        return collected

    def _override_of_post(self, export: Path, issue: Issue) -> Override:
        """``<output name>.override.toml`` (and ``.md``) beside the export; their ``[lines]``
        are for files of one issue, and are reported as not applied."""
        from letter_book.writers.layout import base_name

        # Beside the export; inside it when the export is the archive itself.
        stem = (export if export == self.root else export.parent) / base_name(issue)
        shown = shown_path(stem)
        override = load_override(stem, shown, self.diagnostics)
        if override.fields or override.roles or override.chapter is not None:
            self.used.add(stem)
        if override.roles:
            self.diagnostics.warn(
                f"{shown}{SUFFIX_TOML}", 0,
                f"[lines] not applied: {issue.source.entry or issue.title} is a post of an "
                "export, whose lines are not its own (title, subtitle, number, date and "
                "author apply)", Code.OVERRIDE_INVALID,
            )  # fmt: skip
        return override


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


def _learn(lessons: Lessons) -> Hints:
    """The section names the issues use (found from an emoji, square brackets, a pattern
    or the line labeller), and signatures found in at least two issues."""
    names, authors = lessons
    signatures = {name for name, count in authors.items() if count >= 2}
    return Hints(frozenset(n for n in names if n), frozenset(signatures))


def _hints_apply(issue: Issue, hints: Hints) -> bool:
    """Could the hints change how the issue reads? True if it holds, not as a section
    heading, a known section name (in a line short enough to be a heading; a list item
    too); or, not signed by a known name, a line with one."""
    signed = issue.author is not None and issue.author.casefold() in hints.signatures

    def known(text: str) -> bool:
        return len(text) <= HEADING_MAX and heading_key(text) in hints.headings

    for section in issue.sections:
        for block in section.blocks:
            if isinstance(block, ListBlock) and any(known(flatten(i.content)) for i in block.items):
                return True  # a run of emoji-led lines that a known name cuts
            if isinstance(block, Paragraph | Heading):
                text = flatten(block.content)
                if known(text):
                    return True
                if not signed and text.rstrip(".,!").casefold() in hints.signatures:
                    return True
    return False


POOL_MIN = 150
"""The fewest files to read for each process of a pool: a process costs about a quarter
of a second to start, the time to read some 60 issues."""

_Task = tuple[str, Path, bytes, Mapping[int, str]]
"""A file to read: its name as shown, its path, its bytes, the roles its override gives."""


@dataclass(frozen=True, slots=True)
class _Failed:
    """A file that holds no issue: why (an :class:`InputError`, which does not cross
    processes as it is), and what its reader reported before giving up."""

    code: Code
    message: str
    line: int
    diagnostics: tuple[Diagnostic, ...]


def _parse(task: _Task, config: Config, hints: Hints, matcher: Matcher) -> Read | _Failed:
    """What the reader of a file makes of it: the issue and its diagnostics."""
    shown, path, data, roles = task
    reader = identify(path, Probe(path, data))
    assert reader is not None
    ctx = ReadContext(shown, config, Diagnostics(), roles, hints, matcher.is_boilerplate)
    try:
        return reader.read_issue(data, ctx), tuple(ctx.diagnostics.items)
    except InputError as exc:
        return _Failed(exc.code, exc.message, exc.line, tuple(ctx.diagnostics.items))


_worker: tuple[Config, Hints, Matcher] | None = None
"""In a pool's process: the configuration, the hints and the patterns of every task."""


def _start_worker(config: Config, hints: Hints) -> None:
    global _worker
    _worker = config, hints, Matcher(config)
    processes.ignore_interrupts()


def _parse_in_worker(task: _Task) -> Read | _Failed:
    assert _worker is not None
    return _parse(task, *_worker)


def read_archive(
    root: Path, config: Config, *, offline: bool = False, cache: Path | None = None
) -> Archive:
    """Read every issue under ``root``, learn from the whole archive, and clean each issue;
    remote images fetched into the cache, or ``offline`` taken from it only. ``cache``,
    the folder of the issues read before (:mod:`.cache`): the files that did not change
    are not read again."""
    diagnostics = Diagnostics()
    found = discover(root, config)
    skipped = list(found.skipped)
    reading = _Reading(root, config, diagnostics, ReadCache(cache, config) if cache else None)
    issues: dict[Path, Issue] = {}
    with progress.task("reading the archive", len(found.files)) as step:
        for path in found.files:
            reading.load(path)
        read = reading.read_all(found.files, Hints(), advance=step.advance)
        for path, issue in zip(found.files, read, strict=True):
            if issue is not None:
                issues[path] = issue
            else:
                skipped.append(
                    Skipped(
                        shown_path(path), "not an issue (see the warnings)", SkipReason.NOT_AN_ISSUE
                    )
                )
    read_before = reading.hits
    hints = _learn(_lessons(issues.values()))
    # Second pass, only over the issues that what the archive teaches would change.
    again = [path for path, issue in issues.items() if _hints_apply(issue, hints)]
    for path, issue in zip(again, reading.read_all(again, hints, quiet=True), strict=True):
        issues[path] = issue or issues[path]
    if reading.cache is not None:
        reading.cache.save()
    collected = []
    with progress.task("reading the exports", len(found.collections)) as step:
        for path, collection in found.collections:
            collected += reading.collect(path, collection, skipped)
            step.advance()
    keys = Keys()
    counted = Recurrence.count([*issues.values(), *(issue for issue, _ in collected)], keys)
    knowledge = Knowledge(hints, Recurrence.of_counts(*counted, config, keys))
    ctx = TransformContext(config, reading.matcher, knowledge.recurrence)
    entries = [
        Entry(apply_transforms(issue, ctx), reading.overrides[path].chapter)
        for path, issue in issues.items()
    ]
    entries += [Entry(apply_transforms(issue, ctx), chapter) for issue, chapter in collected]
    skipped += _orphans(found.overrides, reading.used)
    shown = [(e.issue, shown_path(root / e.issue.source.path)) for e in entries]
    with_images, fetched, wanting = fetch_images(shown, config, diagnostics, offline=offline)
    entries = [replace(e, issue=i) for e, i in zip(entries, with_images, strict=True)]
    _report_duplicates(root, entries, diagnostics)
    warned = ignored(diagnostics.items, config.diagnostics.ignored)
    return Archive(
        root, tuple(entries), tuple(skipped), warned, knowledge, fetched, wanting, read_before
    )


def read_single(
    path: Path, config: Config, knowledge: Knowledge | None = None
) -> tuple[Issue | None, tuple[Diagnostic, ...]]:
    """One issue read by the built-in and configured rules, and what ``knowledge`` (learnt
    from an archive) teaches, if given."""
    knowledge = knowledge or Knowledge.none()
    diagnostics = Diagnostics()
    kind = identify(path)
    if kind is None:
        raise ArchiveError(f"{path}: {unclaimed(path)[0]}")
    if kind.is_collection:
        raise ArchiveError(
            f"{path}: {kind.label}, which holds many issues: inspect --list, --post ID"
        )
    reading = _Reading(path.parent, config, diagnostics)
    reading.load(path)
    issue = reading.read(path, knowledge.hints)  # None, reported, if it could not be loaded
    if issue is not None:
        ctx = TransformContext(config, reading.matcher, knowledge.recurrence)
        issue = apply_transforms(issue, ctx)
    return issue, ignored(diagnostics.items, config.diagnostics.ignored)


@dataclass(frozen=True, slots=True)
class Collection:
    """The issues of one export, feed or mailbox, and the entries it set aside."""

    issues: tuple[Issue, ...]
    skipped: tuple[Skipped, ...]
    diagnostics: tuple[Diagnostic, ...]


def read_collection(path: Path, config: Config, archive_root: Path | None = None) -> Collection:
    """The issues of the export at ``path``, cleaned as in the book: with what the whole
    archive at ``archive_root`` teaches when given, else what the export alone teaches."""
    if archive_root is not None:
        archive = read_archive(archive_root, config)
        name = path.resolve().relative_to(archive_root.resolve()).as_posix()
        return Collection(
            tuple(e.issue for e in archive.entries if _is_of(e.issue.source.path, name)),
            tuple(s for s in archive.skipped if s.path.startswith(f"{name}: ")),
            archive.diagnostics,
        )
    kind = identify(path)
    if kind is None or not kind.is_collection:
        raise ArchiveError(f"{path}: not an export, feed or mailbox")
    diagnostics = Diagnostics()
    reading = _Reading(path.parent, config, diagnostics)
    skipped: list[Skipped] = []
    collected = [issue for issue, _ in reading.collect(path, kind, skipped)]
    keys = Keys()
    recurrence = Recurrence.of_counts(*Recurrence.count(collected, keys), config, keys)
    ctx = TransformContext(config, reading.matcher, recurrence)
    issues = tuple(apply_transforms(issue, ctx) for issue in collected)
    warned = ignored(diagnostics.items, config.diagnostics.ignored)
    return Collection(issues, tuple(skipped), warned)


def _is_of(source: str, export: str) -> bool:
    return source == export or source.startswith((f"{export}/", f"{export}#"))


def _report_duplicates(root: Path, entries: list[Entry], diagnostics: Diagnostics) -> None:
    counts = Counter(e.issue.number for e in entries if e.issue.number is not None)
    for entry in entries:
        issue = entry.issue
        if issue.number is not None and counts[issue.number] > 1:
            message = f"issue number {issue.number} is used by {counts[issue.number]} issues"
            line = issue.subtitle_line or issue.title_line
            shown = shown_path(root / issue.source.path)
            diagnostics.warn(shown, line, f"{message}; all are kept", Code.NUMBER_DUPLICATE)
