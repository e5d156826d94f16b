"""Text to MyST that can only ever render as that text.

Issue text is data, never markup. Every character with a meaning anywhere in
CommonMark or MyST (emphasis, code, roles, directives, targets, comments,
HTML, math, substitutions, links, tables, block quotes) is backslash-escaped,
and so is any ASCII punctuation that starts a line or ends a leading number
(``1.``: an ordered list). CommonMark renders an escaped ASCII punctuation
character as the character itself, so the rendered text is the input text.
Line ends and tabs become spaces: a block of text is always one line.
"""

from __future__ import annotations

import re
import string
import unicodedata
from urllib.parse import urlsplit

from letter_book.model import Inline, Mark, Span
from letter_book.urls import normalise

# Characters with a meaning anywhere in a line: escaped wherever they are.
_ALWAYS = frozenset("\\`*_{}[]<>#&|$~")
# "1." or "1)" at the start of a line opens an ordered list.
_LEADING_NUMBER = re.compile(r"^(\d+)([.)])")
_BREAK_CHARS = "\r\n\t\v\f\u2028\u2029"
_BREAKS = re.compile(f"[{_BREAK_CHARS}]+")
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


_ESCAPED = re.compile("([" + re.escape("".join(sorted(_ALWAYS))) + "])")
# Any character _chars changes: most text has none, and one search tells.
_TO_CHANGE = re.compile("[" + re.escape(_BREAK_CHARS + "".join(sorted(_ALWAYS))) + "]")


def _chars(text: str) -> str:
    if not _TO_CHANGE.search(text):
        return text
    return _ESCAPED.sub(r"\\\1", _BREAKS.sub(" ", text))


def _line_start(line: str) -> str:
    """Escape what would open a block at the start of a line (``-``, ``>``, ``1.``, ``(``...).

    Characters of :data:`_ALWAYS` are left alone: in escaped text they are
    preceded by a backslash, so one that starts a line is markup of the writer's own.
    """
    line = line.lstrip(" ")
    # Other white space (a no-break space) is text, kept; MyST's block rules may skip it.
    text = line.lstrip()
    lead = line[: len(line) - len(text)]
    if text and text[0] in string.punctuation and text[0] not in _ALWAYS:
        text = "\\" + text
    if not text[:1].isdigit():  # isdigit() holds for every \d: no number here
        return lead + text
    return lead + _LEADING_NUMBER.sub(r"\1\\\2", text, count=1)


def escape(text: str) -> str:
    """``text`` as one line of MyST that renders as exactly ``text``."""
    return _line_start(_chars(text))


def code_span(text: str, *, in_table: bool = False) -> str:
    """A code span holding ``text`` literally, fenced by more backticks than it contains.

    In a table cell a ``|`` would end the cell even inside code, so it is escaped
    there (GFM removes that backslash again)."""
    text = _BREAKS.sub(" ", text)
    if in_table:
        text = text.replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def safe_href(href: str) -> str | None:
    """The address, normalised (:func:`letter_book.urls.normalise`: nothing left to escape
    in a ``<...>`` link destination), if its scheme is safe."""
    scheme = urlsplit(href.strip()).scheme.lower()
    if scheme not in SAFE_SCHEMES:
        return None
    return normalise(href)


def _merge(content: Inline) -> list[Span]:
    merged: list[Span] = []
    for span in content:
        if merged and (merged[-1].marks, merged[-1].href) == (span.marks, span.href):
            merged[-1] = Span(merged[-1].text + span.text, span.marks, span.href)
        elif span.text:
            merged.append(span)
    return merged


def _is_punctuation(char: str) -> bool:
    return bool(char) and unicodedata.category(char)[0] in "PS"


def _flanking(span: Span, before: str, after: str) -> bool:
    """Can ``*`` around the span open and close emphasis, given the characters around it?

    CommonMark will not open emphasis on punctuation right after a letter
    (``foo*(bar)*``), nor close it on punctuation right before one."""
    core = span.text.strip()
    opens = span.text[:1].isspace() or not (_is_punctuation(core[:1]) and before[-1:].isalnum())
    closes = span.text[-1:].isspace() or not (_is_punctuation(core[-1:]) and after[:1].isalnum())
    return opens and closes


def _span(span: Span, *, in_table: bool = False, internal: frozenset[str] = frozenset()) -> str:
    core = span.text.strip()
    if not core:
        return _chars(span.text)
    lead = span.text[: len(span.text) - len(span.text.lstrip())]
    trail = span.text[len(span.text.rstrip()) :]
    if Mark.CODE in span.marks:
        body = code_span(core, in_table=in_table)
    else:
        body = _chars(core)
        if Mark.EMPHASIS in span.marks:
            body = f"*{body}*"
        if Mark.STRONG in span.marks:
            body = f"**{body}**"
    if span.href in internal:
        body = f"[{body}]({span.href})"  # a label of the book's own: [a-z0-9-] only
    elif href := safe_href(span.href) if span.href else None:
        body = f"[{body}](<{href}>)"
    return f"{_chars(lead)}{body}{_chars(trail)}"


def inline(
    content: Inline, *, in_table: bool = False, internal: frozenset[str] = frozenset()
) -> str:
    """Rich text as one line of MyST: styles and safe links kept, everything else literal.
    Links to the addresses in ``internal`` (``#issue-236``: labels of the book, which
    Sphinx resolves) are kept too.

    Where CommonMark could not read emphasis or strong around a span (see
    :func:`_flanking`), the span loses that style rather than show asterisks."""
    if len(content) == 1 and not content[0].marks and content[0].href is None:
        return _line_start(_chars(content[0].text).strip())  # most text: one plain span
    spans = _merge(content)
    rendered = []
    for index, span in enumerate(spans):
        if not span.marks and span.href is None:
            rendered.append(_chars(span.text))  # what _span makes of plain text
            continue
        styled = span.marks & {Mark.EMPHASIS, Mark.STRONG}
        if styled and span.href is None and Mark.CODE not in span.marks:
            before = spans[index - 1].text if index else ""
            after = spans[index + 1].text if index + 1 < len(spans) else ""
            if not _flanking(span, before, after):
                span = Span(span.text, span.marks - styled, span.href)
        rendered.append(_span(span, in_table=in_table, internal=internal))
    return _line_start("".join(rendered).strip())
