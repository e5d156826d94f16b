"""Bare web and e-mail addresses in the text become links.

A copy of a web page keeps the addresses written out in its text (``>> L'annuaire :
https://annuaire.cnll.fr``) but loses the links; so may Markdown, HTML and e-mail text.
Each address found by linkify-it-py (the detector markdown-it-py itself uses), trailing
punctuation left out, becomes a span linking to it; the text around it is unchanged. Only
``http``, ``https``, ``www.`` and e-mail addresses are taken (``www.`` ones as ``http://``,
e-mail ones as ``mailto:``): a word that merely ends in a domain (``example.com``) stays
text. Text that is a link already, and code, is left as it is; so are headings.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from linkify_it import LinkifyIt

from letter_book.model import Inline, Issue, Mark, Span
from letter_book.transforms.walk import map_inline

_SCHEMAS = ("http:", "https:", "mailto:")
_CLOSING = "…»”’"
"""Punctuation that ends a sentence or a quotation, never an address, which the detector
(ASCII punctuation aside) would take into one: ``https://exemple.fr…``."""


@cache
def _linkify() -> LinkifyIt:
    return LinkifyIt()


_EMAIL = re.compile(r"@[^\s@]+\.")
"""An e-mail address's host: ``@`` then a dot before any space (an ``@handle`` has none)."""


def _could_hold_address(text: str) -> bool:
    """What every address the detector is asked for holds: a cheap test before it runs
    (``in`` costs next to nothing; a search, the detector far more)."""
    if "://" in text or "ww." in text or "WW." in text or "Ww." in text:
        return True
    return "@" in text and _EMAIL.search(text) is not None


def _links(text: str) -> list[tuple[int, int, str]]:
    """The addresses in ``text`` to link: (start, end, address)."""
    if not _could_hold_address(text):
        return []
    found = _linkify().match(text) or []
    links = []
    for match in found:
        if match.schema in _SCHEMAS or (not match.schema and match.text.lower().startswith("www.")):
            kept = len(match.text.rstrip(_CLOSING))
            cut = len(match.text) - kept
            address = match.url[: len(match.url) - cut] if cut else match.url
            links.append((match.index, match.last_index - cut, address))
    return links


def _span(span: Span) -> tuple[Span, ...]:
    if span.href is not None or Mark.CODE in span.marks:
        return (span,)
    links = _links(span.text)
    if not links:
        return (span,)
    pieces: list[Span] = []
    at = 0
    for start, end, address in links:
        if start > at:
            pieces.append(replace(span, text=span.text[at:start]))
        pieces.append(replace(span, text=span.text[start:end], href=address))
        at = end
    if at < len(span.text):
        pieces.append(replace(span, text=span.text[at:]))
    return tuple(pieces)


def _inline(content: Inline) -> Inline:
    if not any(span.href is None and _could_hold_address(span.text) for span in content):
        return content
    linked = tuple(piece for span in content for piece in _span(span))
    return content if len(linked) == len(content) else linked


def link_addresses(issue: Issue) -> Issue:
    """``issue`` with the bare addresses of its text as links (headings aside)."""
    return map_inline(issue, _inline, headings=False)
