"""Readers of sources that hold many issues: platform exports, feeds, mailboxes.

A collection reader takes a folder or a file and returns its issues, each
with the metadata the source has (CSV rows, feed entries, email headers),
and the entries it set aside with why (drafts, podcasts, pages...). The
issue bodies go through the HTML, Markdown and email readers.

- **Substack export** (folder or ``.zip``): ``posts.csv`` and
  ``posts/<post_id>.html``. Published newsletters only, by default those for
  everyone (``archive.paid_posts`` to include paid-only ones). Subscriber
  lists, which exports contain, are never opened.
- **Buttondown export** (folder or ``.zip``): ``emails.json`` or ``emails.csv``,
  and ``emails/<slug>.md`` (Markdown, or HTML in a ``.md``).
- **Feed** (``.xml``, ``.rss``, ``.atom``): one issue per entry; refused if it
  declares entities or a DTD (defusedxml), then read by feedparser.
- **Mailbox** (``.mbox``): one issue per message.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import os
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

from letter_book.diagnostics import Code
from letter_book.errors import InputError
from letter_book.model import Issue, Source
from letter_book.readers.base import Metadata, ReadContext, Result, SetAside
from letter_book.readers.decode import decode
from letter_book.reasons import SkipReason

MAX_ZIP_MEMBER = 20_000_000
"""Bytes: a larger member of an export's zip is refused (zip bombs)."""
MAX_ZIP_TOTAL = 500_000_000


class Files:
    """The files of an export, in a folder or in a zip, by name relative to its root.

    A zip whose members all sit in one folder (``substack-export/posts.csv``) is read
    from inside that folder. Members are read into memory, never extracted: a ``../``
    member cannot be written anywhere, and sizes are checked first (zip bombs).
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.zip: zipfile.ZipFile | None = None
        self.prefix = ""
        if not root.is_dir():
            self.zip = zipfile.ZipFile(root)
            total = sum(info.file_size for info in self.zip.infolist())
            if total > MAX_ZIP_TOTAL:
                raise InputError(Code.FILE_TOO_LARGE, f"the zip holds {total} bytes once extracted")
            names = [n for n in self.zip.namelist() if _is_member(n)]
            tops = {n.split("/", 1)[0] for n in names}
            if len(tops) == 1 and all("/" in n for n in names):
                self.prefix = tops.pop() + "/"

    def names(self, limit: int = 10_000) -> list[str]:
        """The files' names (``posts/1.html``), sorted, at most ``limit``; hidden ones and
        links left out."""
        if self.zip is not None:
            names = sorted(
                n.removeprefix(self.prefix)
                for n in self.zip.namelist()
                if n.startswith(self.prefix) and _is_member(n)
            )
            return names[:limit]
        found: list[str] = []
        for folder, dirs, files in os.walk(self.root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                path = Path(folder) / name
                if not name.startswith(".") and not path.is_symlink():
                    found.append(path.relative_to(self.root).as_posix())
                    if len(found) >= limit:
                        return found
        return found

    def read(self, name: str) -> bytes | None:
        if self.zip is None:
            path = (self.root / name).resolve()
            inside = self.root.resolve() in path.parents
            return (
                path.read_bytes() if inside and path.is_file() and not path.is_symlink() else None
            )
        try:
            info = self.zip.getinfo(self.prefix + name)
        except KeyError:
            return None
        if info.file_size > MAX_ZIP_MEMBER:
            raise InputError(Code.FILE_TOO_LARGE, f"{name} is {info.file_size} bytes in the zip")
        return self.zip.read(info)

    def has(self, name: str) -> bool:
        if self.zip is None:
            path = self.root / name
            inside = self.root.resolve() in path.resolve().parents
            return inside and path.is_file() and not path.is_symlink()
        return self.prefix + name in self.zip.namelist()


def _is_member(name: str) -> bool:
    """Whether a zip member is a file of the export: not a folder, not a name that climbs
    out (``../``) or starts at the root, not macOS's ``__MACOSX/`` copies."""
    parts = name.split("/")
    return (
        not name.endswith("/")
        and not name.startswith("/")
        and ".." not in parts
        and parts[0] != "__MACOSX"
    )


CSV_MAX_BYTES = 200_000_000
"""A larger CSV file of an export is refused."""


def csv_records(data: bytes, where: str, ctx: ReadContext) -> Iterator[tuple[int, dict[str, str]]]:
    """The records of an export's CSV file (``where``, as messages name it), each with
    the line it starts on (a record's HTML may span many); column names stripped and in
    lower case, fields stripped. A record with the wrong number of fields is skipped
    with a warning."""
    if len(data) > CSV_MAX_BYTES:
        limit = CSV_MAX_BYTES // 1_000_000
        raise InputError(Code.FILE_TOO_LARGE, f"{where}: over {limit} MB, the limit for a CSV file")
    text = decode(data, ctx.config.archive.encodings).text.lstrip("\ufeff")
    csv.field_size_limit(min(sys.maxsize, CSV_MAX_BYTES))  # a post's HTML is one field
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [column.strip().lower() for column in next(reader, [])]
    start = reader.line_num + 1
    for record in reader:
        if len(record) == len(header):
            yield start, {c: field.strip() for c, field in zip(header, record, strict=True)}
        elif any(field.strip() for field in record):
            ctx.diagnostics.warn(
                where, start,
                "a record with the wrong number of fields; skipped", Code.METADATA_INVALID,
            )  # fmt: skip
        start = reader.line_num + 1


def _iso_date(value: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        return None


def substack(root: Path, ctx: ReadContext) -> Result:
    from letter_book.readers.html import (
        issue_from_html,  # the readers load when an export needs them
    )

    files = Files(root)
    data = files.read("posts.csv")
    if data is None:
        raise InputError(Code.FILE_UNREADABLE, "posts.csv cannot be read")
    issues: list[Issue] = []
    aside: list[SetAside] = []
    for line, row in csv_records(data, f"{ctx.path}/posts.csv", ctx):
        post = row.get("post_id", "").strip()
        kind = row.get("type", "newsletter").strip() or "newsletter"
        if row.get("is_published", "").strip().upper() != "TRUE":
            aside.append(SetAside(post, "a draft (not published)", SkipReason.DRAFT))
        elif kind != "newsletter":
            aside.append(SetAside(post, f"a {kind}, not a newsletter", SkipReason.NOT_A_NEWSLETTER))
        elif (
            row.get("audience", "everyone").strip() not in ("everyone", "")
            and not ctx.config.archive.paid_posts
        ):
            aside.append(
                SetAside(post, "for paid subscribers only (archive.paid_posts)", SkipReason.PAID)
            )
        elif (body := files.read(f"posts/{post}.html")) is None:
            ctx.diagnostics.warn(
                f"{ctx.path}/posts.csv",
                line,
                f"posts/{post}.html is missing; skipped",
                Code.FILE_UNREADABLE,
            )
        else:
            metadata = Metadata(
                title=html.unescape(row.get("title", "")).strip() or None,
                subtitle=html.unescape(row.get("subtitle", "")).strip() or None,
                date=_iso_date(row.get("post_date", "")),
            )
            source = Source(f"{ctx.path}/posts/{post}.html", "substack", entry=post)
            text = decode(body, ctx.config.archive.encodings).text
            try:
                issues.append(issue_from_html(text, source, post, metadata, ctx))
            except InputError as exc:
                ctx.diagnostics.warn(
                    f"{ctx.path}/posts.csv", line, f"post {post}: {exc.message}; skipped", exc.code
                )
    return Result(tuple(issues), tuple(aside))


def buttondown(root: Path, ctx: ReadContext) -> Result:
    from letter_book.readers.markdown import issue_from_markdown, metadata_of, split_metadata

    files = Files(root)
    entries: list[dict[str, Any]] = []
    if (data := files.read("emails.json")) is not None:
        try:
            loaded = json.loads(decode(data).text)
        except json.JSONDecodeError as exc:
            raise InputError(Code.METADATA_INVALID, f"emails.json: {exc}", exc.lineno) from exc
        entries = [e for e in loaded if isinstance(e, dict)] if isinstance(loaded, list) else []
    elif (data := files.read("emails.csv")) is not None:
        entries = [row for _line, row in csv_records(data, f"{ctx.path}/emails.csv", ctx)]
    issues: list[Issue] = []
    aside: list[SetAside] = []
    for entry in entries:
        slug = str(entry.get("slug") or entry.get("id") or "").strip()
        status = str(entry.get("status", "sent")).lower()
        if status not in ("sent", "imported", "published", "about_to_send"):
            aside.append(SetAside(slug, f"status {status}", SkipReason.STATUS))
            continue
        body = files.read(f"emails/{slug}.md") or files.read(f"emails/{slug}.html")
        if body is None:
            ctx.diagnostics.warn(
                ctx.path, 0, f"emails/{slug}.md is missing; skipped", Code.FILE_UNREADABLE
            )
            continue
        text = decode(body, ctx.config.archive.encodings).text.replace("\r\n", "\n")
        front, _body, _problem = split_metadata(text)
        row = metadata_of({**front, "title": entry.get("subject") or front.get("title")}, slug)
        date = _iso_date(str(entry.get("publish_date", ""))) or row.date
        source = Source(f"{ctx.path}/emails/{slug}.md", "buttondown", entry=slug)
        try:
            issue = issue_from_markdown(text, source, ctx)
        except InputError as exc:
            ctx.diagnostics.warn(ctx.path, 0, f"email {slug}: {exc.message}; skipped", exc.code)
            continue
        issues.append(_with(issue, row, date))
    return Result(tuple(issues), tuple(aside))


def _with(issue: Issue, metadata: Metadata, date: dt.date | None) -> Issue:
    return replace(issue, title=metadata.title or issue.title, date=date or issue.date)


def feed(path: Path, ctx: ReadContext) -> Result:
    import defusedxml.ElementTree
    import feedparser

    from letter_book.readers.html import issue_from_html

    data = path.read_bytes()
    try:
        defusedxml.ElementTree.fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException as exc:
        raise InputError(
            Code.FILE_UNSAFE, f"the feed declares {type(exc).__name__}; refused"
        ) from exc
    except Exception as exc:  # ParseError and the like: not XML
        raise InputError(Code.METADATA_INVALID, f"not a well-formed feed: {exc}") from exc
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    issues = []
    for index, entry in enumerate(parsed.entries, start=1):
        content = entry.get("content") or []
        body = content[0].get("value", "") if content else entry.get("summary", "")
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        metadata = Metadata(
            title=(entry.get("title") or "").strip() or None,
            date=dt.date(*when[:3]) if when else None,
            author=(entry.get("author") or "").strip() or None,
        )
        source = Source(f"{ctx.path}#{index}", "feed", entry=str(index))
        try:
            issues.append(
                issue_from_html(
                    body, source, f"{PurePosixPath(ctx.path).stem} {index}", metadata, ctx
                )
            )
        except InputError as exc:
            ctx.diagnostics.warn(ctx.path, 0, f"entry {index}: {exc.message}; skipped", exc.code)
    return Result(tuple(issues), ())


def mbox(path: Path, ctx: ReadContext) -> Result:
    import email
    import email.policy
    import mailbox
    from email.message import EmailMessage

    from letter_book.readers.email import issue_from_message

    issues = []
    box = mailbox.mbox(path, create=False)
    for index, stored in enumerate(box, start=1):
        source = Source(f"{ctx.path}#{index}", "email", entry=str(index))
        message = email.message_from_bytes(stored.as_bytes(), policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        try:
            issues.append(
                issue_from_message(message, source, f"{PurePosixPath(ctx.path).stem} {index}")
            )
        except InputError as exc:
            ctx.diagnostics.warn(ctx.path, 0, f"message {index}: {exc.message}; skipped", exc.code)
    return Result(tuple(issues), ())
