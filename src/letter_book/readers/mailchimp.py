"""Mailchimp's account export (Account → Settings → Manage my data → Export data).

The zip holds, among the audience lists and reports, a ``campaigns.csv`` (one record per
campaign) and a ``campaigns_content/`` folder with each campaign's HTML and plain text.
Each HTML file is an issue; its record in ``campaigns.csv``, when one matches (a field,
the campaign's id or title, equal to the file's name as written or as a slug), gives its
subject (the issue's title), send date, sender's name (its author) and status: campaigns
that were not sent (``save``, ``schedule``, ``paused``, ``canceled``) are set aside with
why. Without a record, the title is the page's ``<title>``, else its first heading; a
first heading that repeats the title is taken out of the text. The other files of
the export (templates, lists, reports) are not issues and are not read.

What Mailchimp puts around the newsletter is set aside and reported, never shown:

- the preheader (the hidden preview text, "view this email in your browser") and the
  footer (address, unsubscribe and preference links, the referral badge);
- merge tags (``*|FNAME|*``, ``*|ARCHIVE|*``, ``*|IF:...|*``): ``*|MC:SUBJECT|*`` becomes
  the subject; a link to the sender's own pages (unsubscribe, archive, forward) that is
  a line of its own is set aside with its text, one inside a sentence keeps its words
  and loses its address; the other merge tags are taken out of the text and listed in
  the report (``mailchimp.merge-tag``).

A campaign sent twice (to two audiences, or again) is in the export twice: a file of the
same bytes as one already read is built once and the copy set aside. A campaign's
plain-text version is set aside when its HTML is read; alone (a plain-text campaign), it
is read as a plain-text issue.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import re
from dataclasses import replace
from pathlib import Path, PurePosixPath

from lxml import etree
from lxml import html as lxml_html

from letter_book.diagnostics import Code
from letter_book.errors import InputError
from letter_book.model import Dropped, Issue, Source
from letter_book.readers.base import Metadata, ReadContext, Result, SetAside
from letter_book.readers.decode import BinaryFileError, decode
from letter_book.readers.html_inline import BLOCK_TAGS, flat_text, remove, source_line
from letter_book.reasons import LineReason, SkipReason
from letter_book.urls import is_tracking
from letter_book.writers.layout import slugify

CAMPAIGNS = "campaigns.csv"
"""The export's index of campaigns, at its root; the registry recognises the export by it
or by :data:`CONTENT` (:func:`letter_book.readers._mailchimp_export`)."""
CONTENT = "campaigns_content"
"""The folder of the campaigns' HTML and text files, at the export's root."""

_MERGE_TAG = re.compile(r"\*(?:\||%7C)([^|*%<>]{1,200}?)(?:\||%7C)\*", re.IGNORECASE)
# Merge tags that stand for the sender's own pages: a link to one is Mailchimp's chrome.
_CHROME_TAGS = re.compile(
    r"^(?:ARCHIVE|ARCHIVE_LINK_SHORT|UNSUB|UPDATE_PROFILE|FORWARD|EMAIL|ABOUT_LIST|REWARDS|"
    r"REWARDS_TEXT|LIST:.*|HTML:.*|MC:(?!SUBJECT).*|TRANSLATE:.*|FACEBOOK:.*|TWITTER:.*)$",
    re.IGNORECASE,
)
# Mailchimp's templates name their preheader and footer (classic and new builder).
_AROUND = re.compile(
    r"preheader|previewtext|preview-text|templatefooter|footercontainer|mcnfooter|mcefooter|"
    r"monkeyrewards|canspambar|mc-footer",
    re.IGNORECASE,
)
_HIDDEN = re.compile(r"display\s*:\s*none|max-height\s*:\s*0|mso-hide\s*:\s*all", re.I)
_NOT_SENT = {
    "save": ("a draft (never sent)", SkipReason.DRAFT),
    "draft": ("a draft (never sent)", SkipReason.DRAFT),
    "schedule": ("scheduled, not yet sent", SkipReason.SCHEDULED),
    "scheduled": ("scheduled, not yet sent", SkipReason.SCHEDULED),
}
_COLUMNS = {
    "subject": ("subject", "subject line", "subject_line", "email subject"),
    "title": ("title", "campaign name", "campaign title", "name"),
    "date": ("send date", "send time", "send_time", "sent date", "date sent", "sent", "date"),
    "author": ("from name", "from_name", "sender"),
    "status": ("status",),
}
_DATE_FORMATS = (
    "%b %d, %Y %I:%M %p", "%b %d, %Y %H:%M", "%b %d, %Y", "%B %d, %Y %I:%M %p", "%B %d, %Y",
    "%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M", "%m/%d/%Y", "%m/%d/%y %H:%M", "%m/%d/%y",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y",
)  # fmt: skip


def export(path: Path, ctx: ReadContext) -> Result:
    """The sent campaigns of a Mailchimp export (a folder or a zip), the rest set aside."""
    from letter_book.readers.collections import Files, csv_records

    files = Files(path)
    names = files.names(limit=100_000)
    records: dict[str, dict[str, str]] = {}
    if (index := files.read(CAMPAIGNS)) is not None:
        rows = csv_records(index, f"{ctx.path}/{CAMPAIGNS}", ctx)
        records = _by_name([row for _line, row in rows])
    # Those with a record first: of two copies of a campaign, the one it describes is read.
    campaigns = sorted(
        (n for n in names if n.startswith(f"{CONTENT}/")),
        key=lambda n: (_key(PurePosixPath(n).stem) not in records, n),
    )
    htmls = {PurePosixPath(n).stem for n in campaigns if _is_html(n)}
    issues: list[Issue] = []
    aside: list[SetAside] = []
    seen: dict[str, str] = {}
    for name in campaigns:
        entry = PurePosixPath(name).stem
        is_html = _is_html(name)
        if not is_html and not name.lower().endswith(".txt"):
            continue
        if not is_html and entry in htmls:
            why = "the plain-text version of a campaign whose HTML is read"
            aside.append(SetAside(name, why, SkipReason.ALTERNATIVE))
            continue
        row = records.get(_key(entry), {})
        status = _field(row, "status").lower()
        if status and status not in ("sent", "sending"):
            why, code = _NOT_SENT.get(status, (f"status {status}", SkipReason.STATUS))
            aside.append(SetAside(entry, why, code))
            continue
        data = files.read(name) or b""
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen:
            why = f"the same bytes as campaign {seen[digest]}, built once"
            aside.append(SetAside(entry, why, SkipReason.DUPLICATE))
            continue
        seen[digest] = entry
        source = Source(f"{ctx.path}/{name}", "mailchimp", entry=entry)
        try:
            if is_html:
                issues.append(_campaign(data, row, source, ctx))
            else:
                issues.append(_plain_campaign(data, row, source, ctx))
        except InputError as exc:
            ctx.diagnostics.warn(source.path, exc.line, f"{exc.message}; skipped", exc.code)
    return Result(tuple(issues), tuple(aside))


def _is_html(name: str) -> bool:
    return name.lower().endswith((".html", ".htm"))


def _key(value: str) -> str:
    return " ".join(value.split()).casefold()


def _by_name(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    """Each record under every name a campaign's file may have: its id, its title, as
    written or as a file name (slug); ids win over the other fields."""
    found: dict[str, dict[str, str]] = {}
    for pass_ids in (True, False):
        for row in rows:
            for column, value in row.items():
                if value and len(value) <= 200 and ("id" in column.split()) == pass_ids:
                    found.setdefault(_key(value), row)
                    found.setdefault(slugify(value), row)
    return found


def _field(row: dict[str, str], name: str) -> str:
    return next((row[c] for c in _COLUMNS[name] if row.get(c)), "")


def _date(value: str) -> dt.date | None:
    value = " ".join(value.split())
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    without_zone = re.sub(r"\s+(?:[A-Z]{2,5}|[+-]\d{2}:?\d{2})$", "", value)
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(without_zone, pattern).date()
        except ValueError:
            continue
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError):
        return None


def _metadata(row: dict[str, str], title: str | None) -> Metadata:
    return Metadata(
        title=title,
        date=_date(_field(row, "date")),
        author=_field(row, "author") or None,
    )


def _text(data: bytes, ctx: ReadContext) -> str:
    try:
        return decode(data, ctx.config.archive.encodings).text
    except BinaryFileError as exc:
        raise InputError(Code.FILE_BINARY, str(exc)) from exc


def _campaign(data: bytes, row: dict[str, str], source: Source, ctx: ReadContext) -> Issue:
    from letter_book.readers.html import issue_from_html, mark_lines

    subject = _field(row, "subject") or None
    try:
        page = lxml_html.document_fromstring(_text(data, ctx))
    except (etree.ParserError, ValueError) as exc:
        raise InputError(Code.METADATA_INVALID, f"not a campaign's HTML: {exc}") from exc
    mark_lines(page)  # the lines of the file, before the page is changed
    dropped = _set_aside_around(page) + _replace_merge_tags(page, subject or "")
    title = subject or _page_title(page)
    # The first heading is the title when nothing else gives one, or when it repeats it.
    heading = next(iter(page.iter("h1", "h2", "h3")), None)
    text = flat_text(heading) if heading is not None else ""
    if heading is not None and text and (title is None or _key(text) == _key(title)):
        title = text
        remove(heading)
    title = title or _field(row, "title") or None
    html = etree.tostring(page, encoding="unicode", method="html")
    metadata = _metadata(row, title)
    issue = issue_from_html(html, source, source.entry or "", metadata, ctx, None)
    return replace(issue, dropped=tuple(dropped) + issue.dropped)


def _page_title(page: etree._Element) -> str | None:
    element = page.find(".//title")
    text = flat_text(element) if element is not None else ""
    return text or None


def _set_aside_around(page: etree._Element) -> list[Dropped]:
    """Take out the preheader, the footer and hidden text; what they said, for the report."""
    dropped: list[Dropped] = []
    body = page.find(".//body")
    around = [
        element
        for element in (body if body is not None else page).iter()
        if isinstance(element.tag, str)
        and (
            _AROUND.search(f"{element.get('class', '')} {element.get('id', '')}")
            or _HIDDEN.search(element.get("style", ""))
        )
    ]
    inside = set(around)
    # The outermost of them: the others go with them.
    for element in [e for e in around if not any(a in inside for a in e.iterancestors())]:
        if text := flat_text(element):
            dropped.append(Dropped(source_line(element), text, LineReason.HTML_CHROME))
        remove(element)
    return dropped


def _replace_merge_tags(page: etree._Element, subject: str) -> list[Dropped]:
    """``*|MC:SUBJECT|*`` by the subject, the other merge tags out; what was taken out,
    for the report."""
    dropped: list[Dropped] = []

    def note(line: int, text: str, reason: LineReason = LineReason.MERGE_TAG) -> None:
        dropped.append(Dropped(line, text, reason))

    for link in list(page.iter("a")):
        match = _MERGE_TAG.fullmatch((link.get("href") or "").strip())
        if match is None:
            continue
        block = next((a for a in link.iterancestors() if a.tag in BLOCK_TAGS), None)
        alone = block is None or flat_text(block) == flat_text(link)
        if _CHROME_TAGS.match(match.group(1).strip()) and alone:
            # "Forward to a friend", "Unsubscribe" as a line of their own: Mailchimp's.
            note(source_line(link), flat_text(link) or match.group(0), LineReason.HTML_CHROME)
            remove(link)
        else:  # the words are the author's sentence: they stay, the address goes
            note(source_line(link), match.group(0))
            del link.attrib["href"]
    for image in list(page.iter("img")):
        source = image.get("src") or ""
        if is_tracking(source, image.get("width"), image.get("height")):
            continue  # set aside by the HTML reader as a tracking pixel
        if _MERGE_TAG.search(source):
            note(source_line(image), source)
            remove(image)

    def clean(text: str, line: int) -> str:
        cleaned = _fill(text, subject, line, dropped)
        if cleaned == text:
            return text
        return re.sub(r"[ \t]+([,.;:!?])", r"\1", re.sub(r"[ \t]{2,}", " ", cleaned))

    for element in page.iter():
        if not isinstance(element.tag, str):
            continue
        if element.text:
            element.text = clean(element.text, source_line(element))
        if element.tail:
            element.tail = clean(element.tail, source_line(element))
        for attribute in ("alt", "title"):
            if value := element.get(attribute):
                element.set(attribute, clean(value, source_line(element)))
    return dropped


def _fill(text: str, subject: str, line: int, dropped: list[Dropped]) -> str:
    """``text`` with ``*|MC:SUBJECT|*`` as ``subject`` (when known) and the other merge
    tags taken out, each added to ``dropped`` on ``line``."""

    def one(match: re.Match[str]) -> str:
        if match.group(1).strip().upper() == "MC:SUBJECT" and subject:
            return subject
        dropped.append(Dropped(line, match.group(0), LineReason.MERGE_TAG))
        return ""

    return _MERGE_TAG.sub(one, text)


def _plain_campaign(data: bytes, row: dict[str, str], source: Source, ctx: ReadContext) -> Issue:
    """A plain-text campaign, its merge tags out, read by the plain-text reader."""
    from letter_book.readers.plaintext import read as read_plaintext

    subject = _field(row, "subject")
    dropped: list[Dropped] = []
    lines = []
    for number, line in enumerate(_text(data, ctx).splitlines(), 1):
        lines.append(_fill(line, subject, number, dropped))
    text = "\n".join(lines) + "\n"
    issue = read_plaintext(text.encode(), replace(ctx, path=source.path))
    metadata = _metadata(row, subject or None)
    return replace(
        issue,
        source=source,
        title=metadata.title or issue.title,
        date=metadata.date or issue.date,
        author=metadata.author or issue.author,
        dropped=tuple(dropped) + issue.dropped,
    )
