"""Reader for received issues saved as email: ``.eml`` files.

The HTML part is read when there is one (through the HTML reader), else the
text part, one paragraph per block of lines. Subject, date and sender come
from the headers; quoted-printable, base64 and declared charsets are decoded
by Python's ``email`` package. List footers ("unsubscribe", "view in browser")
are set aside by the boilerplate rules like any other.
"""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage, MIMEPart
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import PurePosixPath

from letter_book.diagnostics import Code
from letter_book.errors import InputError
from letter_book.model import Issue, Paragraph, Section, Source, plain
from letter_book.readers.base import Metadata, ReadContext
from letter_book.readers.decode import remove_controls
from letter_book.readers.html import issue_from_html

_PREFIX = re.compile(r"^\s*((re|fwd?|tr)\s*:\s*)+", re.IGNORECASE)
_BLANK = re.compile(r"\n\s*\n")


def _header(message: EmailMessage, name: str) -> str:
    """A header's text; a malformed header (which the email package may fail to parse)
    gives its raw value, or nothing."""
    try:
        return str(message.get(name, ""))
    except (IndexError, AttributeError, ValueError, TypeError):
        raw = dict(message.raw_items()).get(name.capitalize(), "")
        return str(raw)


def metadata_of(message: EmailMessage) -> Metadata:
    subject = remove_controls(" ".join(_header(message, "subject").split()))
    name, address = parseaddr(remove_controls(_header(message, "from")))
    date = None
    if raw_date := _header(message, "date"):
        try:
            date = parsedate_to_datetime(raw_date).date()
        except (TypeError, ValueError, IndexError):
            date = None
    return Metadata(
        title=_PREFIX.sub("", subject) or None, date=date, author=name or address or None
    )


def _body_line(raw: bytes, part: MIMEPart) -> int:
    """The line of the message ``raw`` the body of ``part`` starts on (1 if not found)."""
    payload = part.get_payload(decode=False)
    start = payload.lstrip()[:200] if isinstance(payload, str) else ""
    text = raw.decode("latin-1")
    found = text.find(start) if start else -1
    return text.count("\n", 0, found) + 1 if found >= 0 else 1


def issue_from_message(
    message: EmailMessage,
    source: Source,
    fallback: str,
    raw: bytes = b"",
    ctx: ReadContext | None = None,
) -> Issue:
    """The issue of an email; ``raw``, its bytes, for its blocks' lines: the lines of the
    file where the part is not encoded, else the line the part starts on. ``ctx``: for
    an email file of its own (its override's roles, its warnings)."""
    metadata = metadata_of(message)
    part = message.get_body(preferencelist=("html", "plain"))
    if part is None:
        raise InputError(Code.ISSUE_EMPTY, "no text or HTML part")
    try:
        content = part.get_content()
    except (LookupError, UnicodeError) as exc:
        raise InputError(Code.ENCODING_GUESSED, f"cannot decode the message: {exc}") from exc
    first = _body_line(raw, part) if raw else 1
    encoded = part.get("content-transfer-encoding", "7bit").lower() in (
        "base64",
        "quoted-printable",
    )
    if part.get_content_type() == "text/html":
        return issue_from_html(content, source, fallback, metadata, ctx, first, one_line=encoded)
    content = remove_controls(content).replace("\r\n", "\n")
    blocks = tuple(
        Paragraph(plain(" ".join(text.split())), first if encoded else first + line)
        for line, text in _paragraphs(content)
    )
    return Issue(
        source=source,
        title=metadata.title or fallback,
        date=metadata.date,
        author=metadata.author,
        sections=(Section(None, blocks),) if blocks else (),
    )


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """The blocks of lines of ``text``, each with the line it starts on, from 0."""
    found = []
    start = 0
    for match in [*_BLANK.finditer(text), None]:
        end = match.start() if match else len(text)
        if text[start:end].strip():
            leading = len(text[start:end]) - len(text[start:end].lstrip("\n "))
            found.append((text.count("\n", 0, start + leading), text[start:end]))
        start = match.end() if match else end
    return found


def read(data: bytes, ctx: ReadContext) -> Issue:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    if not message.keys():
        raise InputError(Code.ISSUE_EMPTY, "not an email message (no headers)")
    return issue_from_message(
        message, Source(ctx.path, "email"), PurePosixPath(ctx.path).stem, data, ctx
    )
