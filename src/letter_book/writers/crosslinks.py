"""Cross-issue links: a mention of another issue of the archive becomes a link to it.

``#236``, ``n°236``, ``N° 236``, ``la lettre 236``, ``issue #236``, ``No. 236``
(the default patterns, :data:`DEFAULT_PATTERNS`; ``structure.issue_mentions``
replaces them) link to issue 236's chapter when the archive has exactly one
issue 236, keeping the mention's text exactly. A number the archive does not
have, a mention inside code or inside a link, and an issue's mention of itself
stay plain text. The link is the chapter's label (``#issue-236``), which Sphinx
resolves in every output: the HTML page, the EPUB chapter, the PDF page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from letter_book.model import Inline, Mark, Span

DEFAULT_PATTERNS: tuple[str, ...] = (
    # #236, but not an HTML character reference (&#236;) nor C#2 or a URL fragment.
    r"(?<![\w&/#])#\s?(?P<number>\d{1,6})(?!\w|[.,]\d)",
    # n°236, N° 236, nº236
    r"(?<!\w)[nN][°º]\s?(?P<number>\d{1,6})(?!\w|[.,]\d)",
    # la lettre 236, lettre n°236, the issue #236, issue No. 236, numéro 236, édition 236
    r"(?i:\b(?:(?:la|cette|the|this)\s+)?(?:lettre|num[ée]ro|[ée]dition|issue)\s+"
    r"(?:n[°º]\s?|#\s?|no\.\s?)?)(?P<number>\d{1,6})(?!\w|[.,]\d)",
    # No. 236
    r"\bN[oO]\.\s?(?P<number>\d{1,6})(?!\w|[.,]\d)",
)
"""What a mention of another issue looks like; each has a group named ``number``.
A mention ends where the number does: ``#23`` in ``#2.5`` or ``#12h`` is no mention."""

_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class IssueLinks:
    """The issues mentions can link to, and the patterns that find the mentions."""

    labels: Mapping[int, str]
    """Issue number to chapter label, for the numbers exactly one issue has."""
    patterns: Sequence[re.Pattern[str]]
    hrefs: frozenset[str] = field(init=False)
    """The internal addresses the links use (``#issue-236``), made once: every piece of
    text an issue writes is rendered with them."""

    def __post_init__(self) -> None:
        hrefs = frozenset(f"#{label}" for label in self.labels.values())
        object.__setattr__(self, "hrefs", hrefs)

    @classmethod
    def build(cls, labels: Mapping[int, str], patterns: Sequence[str]) -> IssueLinks:
        return cls(labels, tuple(re.compile(pattern) for pattern in patterns))

    def link(self, content: Inline, own: int | None = None) -> Inline:
        """``content`` with every mention of an issue other than ``own`` made a link."""
        if not self.labels:
            return content
        out: list[Span] = []
        for span in content:
            if span.href is not None or (span.marks and Mark.CODE in span.marks):
                out.append(span)
            else:
                out.extend(self._split(span, own))
        return tuple(out)

    def _mentions(self, text: str, own: int | None) -> list[tuple[int, int, str]]:
        """(start, end, label) of each mention, leftmost-longest, not overlapping."""
        found: list[tuple[int, int, str]] = []
        for pattern in self.patterns:
            for match in pattern.finditer(text):
                number = int(match.group("number"))
                if number != own and number in self.labels:
                    found.append((match.start(), match.end(), self.labels[number]))
        found.sort(key=lambda m: (m[0], -m[1]))
        kept: list[tuple[int, int, str]] = []
        for mention in found:
            if not kept or mention[0] >= kept[-1][1]:
                kept.append(mention)
        return kept

    def _split(self, span: Span, own: int | None) -> list[Span]:
        if not _DIGIT.search(span.text):
            return [span]  # no number, no mention (``int`` reads only what ``\d`` finds)
        pieces: list[Span] = []
        position = 0
        for start, end, label in self._mentions(span.text, own):
            if start > position:
                pieces.append(Span(span.text[position:start], span.marks))
            pieces.append(Span(span.text[start:end], span.marks, f"#{label}"))
            position = end
        if position < len(span.text):
            pieces.append(Span(span.text[position:], span.marks))
        return pieces or [span]
