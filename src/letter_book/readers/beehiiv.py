"""beehiiv's posts export (Settings → Export data → Posts): one CSV, a post a record.

The columns that matter are ``web_title`` and ``content_html`` (what the registry
recognises the file by), with ``id``, ``slug``, ``web_subtitle``, ``status``,
``audience``, a date (``displayed_date``, ``publish_date``, ``created_at``, the first
one set), ``authors`` and ``content_tags``; a missing column is read as empty.

Issues are the published posts (``confirmed``, ``published`` or ``sent``) for every
reader (``free``, ``all``, ``both`` or empty); premium ones only with
``archive.paid_posts``; drafts, scheduled and archived posts are set aside with why.
The body is beehiiv's email-ready HTML, read by the HTML reader (layout tables
flattened). A post's line is the line its record starts on: the body of a record may
span many.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from letter_book.diagnostics import Code
from letter_book.errors import InputError
from letter_book.model import Issue, Source
from letter_book.readers.base import Metadata, ReadContext, Result, SetAside
from letter_book.reasons import SkipReason

_PUBLISHED = frozenset(("confirmed", "published", "sent"))
_FOR_EVERYONE = frozenset(("", "free", "all", "both", "everyone"))
_SKIPPED = {
    "draft": ("a draft (not published)", SkipReason.DRAFT),
    "scheduled": ("scheduled, not yet published", SkipReason.SCHEDULED),
    "archived": ("archived by its author", SkipReason.STATUS),
}
_DATES = ("displayed_date", "publish_date", "published_at", "scheduled_at", "created_at")


def read(path: Path, ctx: ReadContext) -> Result:
    """The published posts of the beehiiv CSV at ``path``, and the posts set aside."""
    from letter_book.readers.collections import CSV_MAX_BYTES, csv_records

    if path.stat().st_size > CSV_MAX_BYTES:  # before reading it
        limit = CSV_MAX_BYTES // 1_000_000
        raise InputError(Code.FILE_TOO_LARGE, f"over {limit} MB, the limit for a CSV file")
    issues: list[Issue] = []
    aside: list[SetAside] = []
    for line, row in csv_records(path.read_bytes(), ctx.path, ctx):
        post = row.get("slug") or row.get("id") or f"line {line}"
        status = row.get("status", "").lower()
        audience = row.get("audience", "").lower()
        if status not in _PUBLISHED:
            why, code = _SKIPPED.get(status, (f"status {status or 'empty'}", SkipReason.STATUS))
            aside.append(SetAside(post, why, code))
        elif audience not in _FOR_EVERYONE and not ctx.config.archive.paid_posts:
            why = f"for {audience} subscribers only (archive.paid_posts)"
            aside.append(SetAside(post, why, SkipReason.PAID))
        else:
            issue = _issue(row, post, line, ctx)
            if issue is not None:
                issues.append(issue)
    return Result(tuple(issues), tuple(aside))


def _issue(row: dict[str, str], post: str, line: int, ctx: ReadContext) -> Issue | None:
    from letter_book.readers.html import issue_from_html

    metadata = Metadata(
        title=" ".join(row.get("web_title", "").split()) or None,
        subtitle=" ".join(row.get("web_subtitle", "").split()) or None,
        date=next((d for d in map(_date, (row.get(k, "") for k in _DATES)) if d), None),
        author=", ".join(_list(row.get("authors", ""))) or None,
        tags=tuple(_list(row.get("content_tags", ""))),
    )
    source = Source(f"{ctx.path}#{post}", "beehiiv", entry=post)
    try:
        # The HTML's lines are the file's, from the record's: a CSV field keeps its newlines.
        return issue_from_html(row.get("content_html", ""), source, post, metadata, ctx, line)
    except InputError as exc:
        ctx.diagnostics.warn(ctx.path, line, f"post {post}: {exc.message}; skipped", exc.code)
        return None


def _date(value: str) -> dt.date | None:
    if not value:
        return None
    if value.isdigit():  # seconds since 1970
        return dt.datetime.fromtimestamp(int(value), dt.UTC).date()
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace(" UTC", "")).date()
    except ValueError:
        return None


def _list(value: str) -> list[str]:
    """``a, b`` or ``["a", "b"]`` as names."""
    cleaned = value.strip().strip("[]")
    return [name.strip().strip("\"'") for name in cleaned.split(",") if name.strip().strip("\"'")]
