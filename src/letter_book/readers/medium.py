"""Medium's "Download your information" export: ``posts/*.html``, one story a file.

Each file is a whole page: an ``<article class="h-entry">`` with the title
(``h1.p-name``), the subtitle (``section[data-field="subtitle"]``), the story
(``section[data-field="body"]``) and Medium's footer (the author ``a.p-author``, the
date ``time.dt-published``, the canonical link, "Exported from Medium"), which gives
the metadata and is not part of the story. The story repeats its title and subtitle as
its first paragraphs (``graf--title``, ``graf--subtitle``): they are taken out.

The export holds every draft (files named ``draft_…``, with no publication date) and
every response (a reply to someone else's story, published like a story but without a
title of its own: no ``graf--title``); both are set aside with why. The other files of
the export (profile, claps, lists) are not posts and are not read.

:func:`read` reads one such file alone (a story saved from the export).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path, PurePosixPath

from lxml import etree
from lxml import html as lxml_html

from letter_book.diagnostics import Code
from letter_book.errors import InputError
from letter_book.model import Issue, Source
from letter_book.readers.base import Metadata, ReadContext, Result, SetAside
from letter_book.readers.decode import BinaryFileError, decode
from letter_book.reasons import SkipReason


def export(path: Path, ctx: ReadContext) -> Result:
    """The published stories of a Medium export (a folder or a zip), drafts and responses
    set aside."""
    from letter_book.readers.collections import Files

    files = Files(path)
    issues: list[Issue] = []
    aside: list[SetAside] = []
    for name in files.names():
        if not (name.startswith("posts/") and name.endswith(".html")):
            continue
        entry = PurePosixPath(name).stem
        data = files.read(name) or b""
        where = f"{ctx.path}/{name}"
        try:
            page = _page(data, ctx)
        except InputError as exc:
            ctx.diagnostics.warn(where, exc.line, f"{exc.message}; skipped", exc.code)
            continue
        published = _published(page)
        if PurePosixPath(name).name.startswith("draft") or published is None:
            aside.append(SetAside(entry, "a draft (not published)", SkipReason.DRAFT))
        elif _is_response(page):
            why = "a response to another story, not a story of its own"
            aside.append(SetAside(entry, why, SkipReason.NOT_A_POST))
        else:
            story = _story(page, Source(where, "medium", entry=entry), entry, ctx)
            if story is not None:
                issues.append(story)
    return Result(tuple(issues), tuple(aside))


def read(data: bytes, ctx: ReadContext) -> Issue:
    """One story of a Medium export, as a file of its own."""
    page = _page(data, ctx)
    story = _story(page, Source(ctx.path, "medium"), PurePosixPath(ctx.path).stem, ctx)
    if story is None:
        raise InputError(Code.ISSUE_EMPTY, "a Medium story without a body")
    return story


def _page(data: bytes, ctx: ReadContext) -> etree._Element:
    try:
        text = decode(data, ctx.config.archive.encodings).text
    except BinaryFileError as exc:
        raise InputError(Code.FILE_BINARY, str(exc)) from exc
    try:
        return lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(Code.METADATA_INVALID, f"not a Medium story: {exc}") from exc


def _all(element: etree._Element, path: str) -> list[etree._Element]:
    found = element.xpath(path)
    return [e for e in found if isinstance(e, etree._Element)] if isinstance(found, list) else []


def _first(element: etree._Element, path: str) -> etree._Element | None:
    return next(iter(_all(element, path)), None)


def _text(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    text = "".join(str(piece) for piece in element.itertext())
    return " ".join(text.split()) or None


def _published(page: etree._Element) -> dt.date | None:
    time = _first(page, "//time[contains(@class, 'dt-published')]")
    value = time.get("datetime", "") if time is not None else ""
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _is_response(page: etree._Element) -> bool:
    body = _first(page, "//section[@data-field='body']")
    return body is not None and _first(body, ".//*[contains(@class, 'graf--title')]") is None


def _story(page: etree._Element, source: Source, entry: str, ctx: ReadContext) -> Issue | None:
    from letter_book.readers.html import issue_from_html, mark_lines

    body = _first(page, "//section[@data-field='body']")
    if body is None:
        return None
    repeats = ".//*[contains(@class, 'graf--title') or contains(@class, 'graf--subtitle')]"
    for repeated in _all(body, repeats):
        parent = repeated.getparent()
        if parent is not None:
            parent.remove(repeated)
    metadata = Metadata(
        title=_text(_first(page, "//h1[contains(@class, 'p-name')]"))
        or _text(_first(page, "//title")),
        subtitle=_text(_first(page, "//section[@data-field='subtitle']")),
        date=_published(page),
        author=_text(_first(page, "//a[contains(@class, 'p-author')]")),
    )
    mark_lines(body)  # the lines of the page, before the story is cut out of it
    html = etree.tostring(body, encoding="unicode", method="html")
    try:
        return issue_from_html(html, source, entry, metadata, ctx, None)
    except InputError as exc:
        ctx.diagnostics.warn(source.path, 0, f"{exc.message}; skipped", exc.code)
        return None
