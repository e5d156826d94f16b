"""The MyST writer: one issue to one chapter.

Every piece of issue text goes through :mod:`.escape`; the only markup in a
chapter is the markup written here. A hand-written override chapter
(:mod:`letter_book.overrides`) replaces the converted body, under the same
front matter, label and title.

Issue text is typeset on its way out (:mod:`.microtypography`, through
:func:`_text`): French spacing in a French book, in the chapter only; the front
matter keeps the text as read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import assert_never

from ..config import Config
from ..model import (
    Block,
    Code,
    Figure,
    Heading,
    Inline,
    Issue,
    ListBlock,
    Mark,
    Paragraph,
    Quote,
    Section,
    Span,
    Table,
)
from .escape import escape, inline
from .labels import label, long_date
from .layout import Chapter, image_name
from .microtypography import typeset, typeset_text


def _scalar(value: object) -> str:
    """A JSON scalar, which YAML reads as it is, with the characters YAML takes for line
    breaks (and JSON does not) escaped too."""
    text = json.dumps(value, ensure_ascii=False)
    for char in "\u0085\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def front_matter(issue: Issue, chapter: Chapter) -> Iterator[str]:
    """YAML front matter, one JSON scalar a key."""
    fields = {
        "issue_number": issue.number,
        "issue_date": issue.date.isoformat() if issue.date else None,
        "issue_title": issue.title,
        "issue_author": issue.author,
        "issue_source": issue.source.path,
        "issue_label": chapter.label,
    }
    yield "---"
    for key, value in fields.items():
        if value is not None:
            yield f"{key}: {_scalar(value)}"
    yield "---"


def _text(content: str | Inline, french: bool, *, in_table: bool = False) -> str:
    """Issue text as MyST: typeset (:func:`.microtypography.typeset`), then escaped."""
    if isinstance(content, str):
        return escape(typeset_text(content, french=french))
    return inline(typeset(content, french=french), in_table=in_table)


def meta_line(issue: Issue, language: str, french: bool = False) -> str | None:
    """``n° 112 · 12 mars 2024 · par Claire``: what identifies the issue, under its title."""
    parts = []
    if issue.number is not None:
        parts.append(escape(label(language, "number", n=issue.number)))
    if issue.date is not None:
        parts.append(escape(long_date(issue.date, language)))
    if issue.author:
        parts.append(_text(label(language, "by", author=issue.author), french))
    return " · ".join(parts) or None


def render_chapter(chapter: Chapter, config: Config) -> str:
    """The whole chapter file for ``chapter``."""
    issue, language, french = chapter.issue, config.book.language, config.french_spacing
    lines = [
        *front_matter(issue, chapter),
        "",
        f"({chapter.label})=",
        f"# {_text(issue.title, french)}",
        "",
    ]
    meta = meta_line(issue, language, french)
    if meta:
        lines += ["{.issue-meta}", meta, ""]
    if issue.subtitle:
        lines += ["{.issue-subtitle}", _text(issue.subtitle, french), ""]
    if chapter.entry.chapter is not None:
        lines += [chapter.entry.chapter.strip(), ""]
    else:
        for section in issue.sections:
            lines += _section(section, language, french)
    if config.book.comments and issue.comments:
        lines += [f"## {escape(label(language, 'comments'))}", "", "{.reader-comments}"]
        lines += [f"- {_text(c.content, french)}" for c in issue.comments]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _section(section: Section, language: str, french: bool) -> list[str]:
    lines = []
    if section.title:
        lines += [f"## {_text(section.title, french)}", ""]
    if section.topic:
        topic = label(language, "topic", topic=section.topic)
        lines += ["{.section-topic}", _text(topic, french), ""]
    # Headings go down one level at a time (Sphinx warns of a jump): under the issue's
    # title (level 1) and a section's (level 2), a heading is at most one level deeper
    # than the one before it.
    level = 2 if section.title else 1
    for block in section.blocks:
        if isinstance(block, Heading) and block.level > level + 1:
            block = replace(block, level=level + 1)
        if isinstance(block, Heading):
            level = block.level
        lines += _block(block, french)
        lines.append("")
    return lines


def _block(block: Block, french: bool) -> list[str]:
    match block:
        case Paragraph():
            return [_text(block.content, french)]
        case Heading():
            return [f"{'#' * block.level} {_text(block.content, french)}"]
        case ListBlock():
            return list(_list(block, french))
        case Figure():
            lines = []
            if block.image is not None:
                image = f"![{_text(block.alt, french)}](/{image_name(block.image)})"
                lines += ["{.figure-image}", image]
            if block.caption:
                # Plain-text copies have lost their images: the caption stands alone.
                caption = _text(block.caption, french)
                lines += ([""] if lines else []) + ["{.figure-caption}", caption]
            return lines
        case Code():
            return list(_code(block))
        case Table():
            return list(_table(block, french))
        case Quote():
            lines = []
            for i, paragraph in enumerate(block.paragraphs):
                lines += [">"] if i else []
                lines.append(f"> {_text(paragraph, french)}")
            if block.attribution:
                lines += [">", "> {.attribution}", f"> — {_text(block.attribution, french)}"]
            return lines
        case _:
            assert_never(block)


def _code(block: Code) -> Iterator[str]:
    """A fenced block: longer fence than any run of backticks inside, a bare-word info string
    (never ``{...}``, which would make it a directive)."""
    longest = max((len(run) for run in re.findall(r"`+", block.text)), default=0)
    fence = "`" * max(3, longest + 1)
    language = re.sub(r"[^A-Za-z0-9_+-]", "", block.language or "")[:30]
    yield fence + language
    yield from block.text.rstrip("\n").split("\n")
    yield fence


def _table(block: Table, french: bool) -> Iterator[str]:
    """A GFM table; every ``|`` in a cell is escaped by :func:`inline`."""
    width = max(len(row) for row in block.rows)
    rows = [
        [_text(cell, french, in_table=True) for cell in row] + [""] * (width - len(row))
        for row in block.rows
    ]
    if not block.header:
        rows.insert(0, [""] * width)
    yield "| " + " | ".join(rows[0]) + " |"
    yield "|" + " --- |" * width
    for row in rows[1:]:
        yield "| " + " | ".join(row) + " |"


def _list(block: ListBlock, french: bool) -> Iterator[str]:
    for offset, item in enumerate(block.items):
        marker = f"{block.start + offset}." if block.ordered else "-"
        content = item.content
        if item.site:
            content += (Span(" - "), Span(item.site, frozenset({Mark.EMPHASIS})))
        yield f"{marker} {_text(content, french)}"
