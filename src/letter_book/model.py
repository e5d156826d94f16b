"""The model of an issue: what readers produce and writers consume.

Every class is a frozen, slotted dataclass without behaviour. Readers build it,
transforms return modified copies (``dataclasses.replace``), writers only read
it. Text is always plain Unicode: nothing in the model is markup, and writers
escape everything they emit.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from letter_book.reasons import LineReason


class Mark(enum.Enum):
    """An inline style applied to a span of text."""

    EMPHASIS = "emphasis"
    STRONG = "strong"
    CODE = "code"


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text sharing one style."""

    text: str
    """The characters, exactly as they should be shown."""
    marks: frozenset[Mark] = frozenset()
    """Styles of the run; empty for plain text."""
    href: str | None = None
    """Address the run links to, if it is (part of) a link."""


Inline = tuple[Span, ...]
"""Rich text: a sequence of spans. Plain-text readers produce one plain span."""


def plain(text: str) -> Inline:
    """Rich text made of one unstyled span (the empty tuple for empty text)."""
    return (Span(text),) if text else ()


def flatten(content: Inline) -> str:
    """The plain text of rich text, styles dropped."""
    if len(content) == 1:
        return content[0].text  # most text is one span: no join to make
    return "".join(span.text for span in content)


@dataclass(frozen=True, slots=True)
class Paragraph:
    content: Inline
    line: int
    """1-based line of the source where the block starts (0 when unknown)."""


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading inside a section (the section's own title is not a block)."""

    content: Inline
    line: int
    level: int = 3
    """3 for a sub-heading of a section, 4 and more below it."""


@dataclass(frozen=True, slots=True)
class ListItem:
    content: Inline
    line: int
    site: str | None = None
    """For a recommended link: the name of the site it points to."""
    children: tuple[ListBlock, ...] = ()
    """Lists nested in the item, after its text."""


@dataclass(frozen=True, slots=True)
class ListBlock:
    items: tuple[ListItem, ...]
    line: int
    ordered: bool = False
    start: int = 1
    """Number of the first item of an ordered list."""
    links: bool = False
    """True when the items are recommended links (``<why> <title> - <site>``)."""


@dataclass(frozen=True, slots=True)
class Figure:
    """An image, or what is left of it: its caption."""

    caption: Inline
    line: int
    image: str | None = None
    """The image file: relative to the issue's file as a reader gives it, relative to the
    archive once the archive has checked it; None when there is no image (gone, or remote)."""
    alt: str = ""
    """The image's text alternative."""
    remote: str | None = None
    """The address of a remote image (never fetched unless ``images.download`` is on)."""
    credit: str | None = None
    """Who the image is from (``Wikipedia``, ``Photo AFP``), when the caption says."""


@dataclass(frozen=True, slots=True)
class Quote:
    paragraphs: tuple[Inline, ...]
    line: int
    attribution: Inline | None = None
    attribution_line: int = 0


@dataclass(frozen=True, slots=True)
class Code:
    """Preformatted text (a code listing), shown exactly as written, line breaks included."""

    text: str
    line: int
    language: str | None = None
    """The language it is written in, when the source says (``python``, ``css``)."""


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[tuple[Inline, ...], ...]
    line: int
    header: bool = True
    """True when the first row holds the column headings."""


Block = Paragraph | Heading | ListBlock | Figure | Quote | Code | Table


@dataclass(frozen=True, slots=True)
class Section:
    title: Inline | None
    """The section heading (an emoji and a few words), or None for text before any heading."""
    blocks: tuple[Block, ...]
    line: int = 0
    topic: str | None = None
    """The subject a recurring section intro announces (``... décrypté : <topic>``)."""


@dataclass(frozen=True, slots=True)
class Comment:
    """A reader's message published under the issue, kept apart from the author's text."""

    content: Inline
    line: int


@dataclass(frozen=True, slots=True)
class Dropped:
    """An input line set aside, with the reason, for the conversion report."""

    line: int
    text: str
    reason: LineReason
    """Why it is set aside: a stable code of :class:`letter_book.reasons.LineReason`."""


@dataclass(frozen=True, slots=True)
class Source:
    """Where an issue was read from and how."""

    path: str
    """Path of the file relative to the archive's folder, with '/' separators."""
    reader: str
    """Name of the reader that produced the issue (``plaintext``, ...)."""
    encoding: str = "utf-8"
    newline: str = "\n"
    entry: str | None = None
    """For an issue of a collection, its name in the export: Ghost's slug, WordPress's
    ``post_id``, Substack's ``post_id``, Buttondown's and beehiiv's slugs, a Medium story's
    file name, an entry's or a message's index in a feed or a mailbox, from 1 (``inspect
    --post``)."""


@dataclass(frozen=True, slots=True)
class Decision:
    """A line of a plain-text issue that the line labeller reads otherwise than the rules
    (:mod:`letter_book.readers.labeller`)."""

    line: int
    rules: str
    """The rules' role (``paragraph``, ``heading``, ``item``...)."""
    label: str
    """The labeller's (``heading``, ``item``, ``quote``, ``caption``, ``paragraph``)."""
    confidence: float
    """The labeller's probability for its label, from 0 to 1."""
    taken: bool
    """Whether the book reads the line as the labeller does (its confidence reaches
    ``structure.confidence``); else the rules' reading stays."""


@dataclass(frozen=True, slots=True)
class Issue:
    source: Source
    title: str
    subtitle: str | None = None
    number: int | None = None
    date: dt.date | None = None
    author: str | None = None
    sections: tuple[Section, ...] = ()
    comments: tuple[Comment, ...] = ()
    tags: tuple[str, ...] = ()
    """The export's tags or categories of the issue, in its order."""
    dropped: tuple[Dropped, ...] = field(default=())
    title_line: int = 0
    """Line of the title in the source (0 when it came from metadata)."""
    subtitle_line: int = 0
    """Line of the subtitle (the teaser) in the source (0 when none or from metadata)."""
    decisions: tuple[Decision, ...] = ()
    """The lines the line labeller reads otherwise than the rules, taken or not."""
