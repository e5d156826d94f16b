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
from urllib.parse import quote, urlsplit

from ..model import Inline, Mark, Span

# Characters with a meaning anywhere in a line: escaped wherever they are.
_ALWAYS = frozenset("\\`*_{}[]<>#&|$~")
# "1." or "1)" at the start of a line opens an ordered list.
_LEADING_NUMBER = re.compile(r"^(\d+)([.)])")
_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029]+")
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


_ESCAPED = re.compile("([" + re.escape("".join(sorted(_ALWAYS))) + "])")


def _chars(text: str) -> str:
    return _ESCAPED.sub(r"\\\1", _BREAKS.sub(" ", text))


def _line_start(line: str) -> str:
    """Escape what would open a block at the start of a line (``-``, ``>``, ``1.``, ``(``...).

    Characters of :data:`_ALWAYS` are left alone: in escaped text they are
    preceded by a backslash, so one that starts a line is markup of the writer's own.
    """
    line = line.lstrip(" ")
    if line and line[0] in string.punctuation and line[0] not in _ALWAYS:
        line = "\\" + line
    return _LEADING_NUMBER.sub(r"\1\\\2", line, count=1)


def escape(text: str) -> str:
    """``text`` as one line of MyST that renders as exactly ``text``."""
    return _line_start(_chars(text))


def code_span(text: str) -> str:
    """A code span holding ``text`` literally, fenced by more backticks than it contains."""
    text = _BREAKS.sub(" ", text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def safe_href(href: str) -> str | None:
    """The address, percent-encoded for a ``<...>`` link destination, if its scheme is safe."""
    scheme = urlsplit(href.strip()).scheme.lower()
    if scheme not in SAFE_SCHEMES:
        return None
    return quote(href.strip(), safe="/:?#[]@!$&'*+,;=%~")


def _merge(content: Inline) -> list[Span]:
    merged: list[Span] = []
    for span in content:
        if merged and (merged[-1].marks, merged[-1].href) == (span.marks, span.href):
            merged[-1] = Span(merged[-1].text + span.text, span.marks, span.href)
        elif span.text:
            merged.append(span)
    return merged


def _span(span: Span) -> str:
    core = span.text.strip()
    if not core:
        return _chars(span.text)
    lead = span.text[: len(span.text) - len(span.text.lstrip())]
    trail = span.text[len(span.text.rstrip()) :]
    if Mark.CODE in span.marks:
        body = code_span(core)
    else:
        body = _chars(core)
        if Mark.EMPHASIS in span.marks:
            body = f"*{body}*"
        if Mark.STRONG in span.marks:
            body = f"**{body}**"
    href = safe_href(span.href) if span.href else None
    if href:
        body = f"[{body}](<{href}>)"
    return f"{_chars(lead)}{body}{_chars(trail)}"


def inline(content: Inline) -> str:
    """Rich text as one line of MyST: styles and safe links kept, everything else literal."""
    return _line_start("".join(_span(span) for span in _merge(content)).strip())
