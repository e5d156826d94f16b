"""Readers: one module per input format, all registered in :data:`FORMATS`.

Two kinds of reader share the table. A reader of **one issue** turns the
bytes of a file into an :class:`~letter_book.model.Issue` (plain text,
Markdown, HTML, an email). A reader of a **collection** turns a folder, a zip
or a file holding many issues into a :class:`~letter_book.readers.base.Result`:
the issues, and the entries it set aside with why (drafts, pages...).

Each format declares what it recognises: the suffixes it may have (``/`` for
a folder) and, where a suffix is shared (``.xml``, ``.json``, ``.csv``,
``.zip``, ``.html``, folders), a test of the file's first bytes or of the
names a folder or zip holds. :func:`identify` tries the formats in the
table's order and takes the first that claims the path. Readers raise
:class:`~letter_book.errors.InputError` for what they cannot read and report
smaller problems through ``ctx.diagnostics``.

Adding a format is one new module and one line in :data:`FORMATS`; the
modules are imported when first used, so an archive of plain text never loads
the other readers and their libraries.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from importlib import import_module
from pathlib import Path

from letter_book.errors import InputError
from letter_book.model import Issue
from letter_book.readers.base import Hints, ReadContext, Result, SetAside
from letter_book.reasons import SkipReason

__all__ = [
    "FORMATS", "Format", "Hints", "Probe", "ReadContext", "Result", "SetAside",
    "identify", "is_wxr", "unclaimed",
]  # fmt: skip

HEAD = 65_536
"""Bytes of a file's start that formats sharing a suffix are told apart by."""
FOLDER = "/"
"""The "suffix" of a folder, in :attr:`Format.suffixes`."""


class Probe:
    """What a format is recognised by: the path, its first bytes, the names it holds.

    Each is read when first asked for, and once: most files are told by their suffix.
    """

    def __init__(self, path: Path, data: bytes | None = None) -> None:
        """``data``: the file's bytes, when they are read already."""
        self.path = path
        self.suffix = FOLDER if data is None and path.is_dir() else path.suffix.lower()
        self._head = None if data is None else data[:HEAD]

    @property
    def head(self) -> bytes:
        """The first :data:`HEAD` bytes of a file (empty for a folder or on error)."""
        if self._head is None:
            self._head = b""
            if self.suffix != FOLDER:
                try:
                    with self.path.open("rb") as file:
                        self._head = file.read(HEAD)
                except OSError:
                    pass
        return self._head

    @cached_property
    def names(self) -> frozenset[str]:
        """The files a folder or a zip holds, relative to its root (``posts/1.html``)."""
        from letter_book.readers.collections import Files

        if self.suffix != FOLDER and not zipfile.is_zipfile(self.path):
            return frozenset()
        try:
            return frozenset(Files(self.path).names())
        except (OSError, zipfile.BadZipFile, InputError):
            return frozenset()

    def member_head(self, name: str) -> bytes:
        """The first :data:`HEAD` bytes of one file of a folder or zip."""
        from letter_book.readers.collections import Files

        try:
            return (Files(self.path).read(name) or b"")[:HEAD]
        except (OSError, zipfile.BadZipFile, InputError):
            return b""


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    """The reader's name, as in messages and ``inspect``."""
    label: str
    """What it reads, as the report says it (``a WordPress export (WXR)``)."""
    suffixes: tuple[str, ...]
    """Suffixes (lower case) of the paths it may read; :data:`FOLDER` for a folder."""
    claims: Callable[[Probe], bool]
    """Whether a path with one of those suffixes is of this format."""
    reader: str
    """``module:function`` in this package: ``function(data: bytes, ctx) -> Issue`` for a
    file of one issue, ``function(path: Path, ctx) -> Result`` for a collection."""
    is_collection: bool = False

    def function(self) -> Callable[..., object]:
        """The reader's function, its module imported on first use."""
        module, function = self.reader.split(":")
        found: Callable[..., object] = getattr(import_module(f"{__name__}.{module}"), function)
        return found

    def read_issue(self, data: bytes, ctx: ReadContext) -> Issue:
        issue = self.function()(data, ctx)
        assert isinstance(issue, Issue)
        return issue

    def read_issues(self, path: Path, ctx: ReadContext) -> Result:
        result = self.function()(path, ctx)
        assert isinstance(result, Result)
        return result


def _any(probe: Probe) -> bool:
    return True


def _has(*names: str) -> Callable[[Probe], bool]:
    def claims(probe: Probe) -> bool:
        return any(name in probe.names for name in names)

    return claims


def _csv_header(*columns: str) -> Callable[[Probe], bool]:
    """Whether the first line of a CSV file names all of ``columns``."""

    def claims(probe: Probe) -> bool:
        header = probe.head.split(b"\n", 1)[0].lstrip(b"\xef\xbb\xbf").decode("utf-8", "replace")
        fields = {field.strip().strip('"').lower() for field in header.split(",")}
        return all(column in fields for column in columns)

    return claims


def _head_matches(pattern: str) -> Callable[[Probe], bool]:
    compiled = re.compile(pattern.encode(), re.DOTALL)

    def claims(probe: Probe) -> bool:
        return compiled.search(probe.head) is not None

    return claims


def _substack_export(probe: Probe) -> bool:
    """A ``posts.csv`` of Substack's columns (beehiiv's posts export has that name too)."""
    if "posts.csv" not in probe.names:
        return False
    return _csv_header("post_id", "is_published")(
        Probe(Path("posts.csv"), probe.member_head("posts.csv"))
    )


def _medium_export(probe: Probe) -> bool:
    posts = sorted(n for n in probe.names if n.startswith("posts/") and n.endswith(".html"))
    return bool(posts) and _is_medium_post(probe.member_head(posts[0]))


def _mailchimp_export(probe: Probe) -> bool:
    """Mailchimp's account export: its ``campaigns.csv`` or its ``campaigns_content/``."""
    return "campaigns.csv" in probe.names or any(
        n.startswith("campaigns_content/") for n in probe.names
    )


def is_wxr(head: bytes) -> bool:
    """Whether a file's first bytes declare WordPress's export namespace (a WXR file)."""
    return b'xmlns:wp="http://wordpress.org/export/' in head


def _wxr_zip(probe: Probe) -> bool:
    """A zip of WordPress exports: wordpress.com's "Export all"."""
    xml = [n for n in sorted(probe.names) if n.lower().endswith(".xml")]
    return bool(xml) and is_wxr(probe.member_head(xml[0]))


_MEDIUM_POST = re.compile(rb'<section data-field="body"|class="p-name".*data-field="body"', re.S)


def _is_medium_post(head: bytes) -> bool:
    """Medium's export page: its story section, and a link to medium.com in the footer."""
    return _MEDIUM_POST.search(head) is not None and b"medium.com" in head


_EXPORT = (FOLDER, ".zip")

FORMATS: tuple[Format, ...] = (
    # Exports: folders and zips, told apart by the files they hold.
    Format("substack", "a Substack export", _EXPORT, _substack_export,
           "collections:substack", True),
    Format("buttondown", "a Buttondown export", _EXPORT, _has("emails.json", "emails.csv"),
           "collections:buttondown", True),
    Format("medium", "a Medium export", _EXPORT, _medium_export, "medium:export", True),
    Format("mailchimp", "a Mailchimp campaign export", _EXPORT, _mailchimp_export,
           "mailchimp:export", True),
    Format("wordpress-zip", "a zip of WordPress exports", (".zip",), _wxr_zip, "wxr:export",
           True),
    # Files of many issues, told apart by their first bytes where the suffix is shared.
    Format("ghost", "a Ghost JSON export", (".json",),
           _head_matches(r'^\s*\{\s*"(?:db"\s*:\s*\[\s*\{\s*")?meta"'), "ghost:read", True),
    Format("wordpress", "a WordPress export (WXR)", (".xml",),
           lambda probe: is_wxr(probe.head), "wxr:read", True),
    Format("feed", "an RSS or Atom feed", (".xml", ".rss", ".atom"), _any,
           "collections:feed", True),
    Format("beehiiv", "a beehiiv posts export", (".csv",),
           _csv_header("web_title", "content_html"), "beehiiv:read", True),
    Format("mbox", "a mailbox", (".mbox",), _any, "collections:mbox", True),
    # Files of one issue.
    Format("plaintext", "plain text", (".txt", ".text"), _any, "plaintext:read"),
    Format("markdown", "Markdown", (".md", ".markdown"), _any, "markdown:read"),
    Format("medium-post", "a Medium story", (".html", ".htm"),
           lambda probe: _is_medium_post(probe.head), "medium:read"),
    Format("html", "a web page", (".html", ".htm", ".xhtml"), _any, "html:read"),
    Format("email", "an email", (".eml",), _any, "email:read"),
)  # fmt: skip
"""Every format, in the order they are tried: the first that claims a path reads it."""


def identify(path: Path, probe: Probe | None = None) -> Format | None:
    """The format of ``path`` (a file or a folder), or None when no reader claims it."""
    probe = probe or Probe(path)
    return next(
        (f for f in FORMATS if probe.suffix in f.suffixes and f.claims(probe)),
        None,
    )


def unclaimed(path: Path) -> tuple[str, SkipReason]:
    """Why no reader reads the file ``path``, as the report says it, and its code."""
    suffix = path.suffix.lower()
    labels = [f.label for f in FORMATS if suffix in f.suffixes]
    if not labels:
        return f"no reader for {path.suffix or 'files without suffix'}", SkipReason.NO_READER
    if suffix == ".zip":
        return f"a zip that is not {' or '.join(labels)}", SkipReason.NOT_AN_EXPORT
    return f"a {suffix} file that is not {' or '.join(labels)}", SkipReason.UNRECOGNISED
