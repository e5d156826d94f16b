"""The MyST writer: one issue to one chapter.

Every piece of issue text goes through :mod:`.escape`; the only markup in a
chapter is the markup written here. A hand-written override chapter
(:mod:`letter_book.overrides`) replaces the converted body, under the same
front matter, label and title.
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


def meta_line(issue: Issue, language: str) -> str | None:
    """``n° 112 · 12 mars 2024 · par Claire``: what identifies the issue, under its title."""
    parts = []
    if issue.number is not None:
        parts.append(escape(label(language, "number", n=issue.number)))
    if issue.date is not None:
        parts.append(escape(long_date(issue.date, language)))
    if issue.author:
        parts.append(escape(label(language, "by", author=issue.author)))
    return " · ".join(parts) or None


def render_chapter(chapter: Chapter, config: Config) -> str:
    """The whole chapter file for ``chapter``."""
    issue, language = chapter.issue, config.book.language
    lines = [
        *front_matter(issue, chapter),
        "",
        f"({chapter.label})=",
        f"# {escape(issue.title)}",
        "",
    ]
    meta = meta_line(issue, language)
    if meta:
        lines += ["{.issue-meta}", meta, ""]
    if issue.subtitle:
        lines += ["{.issue-subtitle}", escape(issue.subtitle), ""]
    if chapter.entry.chapter is not None:
        lines += [chapter.entry.chapter.strip(), ""]
    else:
        for section in issue.sections:
            lines += _section(section, language)
    if config.book.comments and issue.comments:
        lines += [f"## {escape(label(language, 'comments'))}", "", "{.reader-comments}"]
        lines += [f"- {inline(c.content)}" for c in issue.comments]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _section(section: Section, language: str) -> list[str]:
    lines = []
    if section.title:
        lines += [f"## {inline(section.title)}", ""]
    if section.topic:
        lines += ["{.section-topic}", escape(label(language, "topic", topic=section.topic)), ""]
    # Headings go down one level at a time (Sphinx warns of a jump): under the issue's
    # title (level 1) and a section's (level 2), a heading is at most one level deeper
    # than the one before it.
    level = 2 if section.title else 1
    for block in section.blocks:
        if isinstance(block, Heading) and block.level > level + 1:
            block = replace(block, level=level + 1)
        if isinstance(block, Heading):
            level = block.level
        lines += _block(block)
        lines.append("")
    return lines


def _block(block: Block) -> list[str]:
    match block:
        case Paragraph():
            return [inline(block.content)]
        case Heading():
            return [f"{'#' * block.level} {inline(block.content)}"]
        case ListBlock():
            return list(_list(block))
        case Figure():
            lines = []
            if block.image is not None:
                lines += ["{.figure-image}", f"![{escape(block.alt)}](/{image_name(block.image)})"]
            if block.caption:
                # Plain-text copies have lost their images: the caption stands alone.
                lines += ([""] if lines else []) + ["{.figure-caption}", inline(block.caption)]
            return lines
        case Code():
            return list(_code(block))
        case Table():
            return list(_table(block))
        case Quote():
            lines = []
            for i, paragraph in enumerate(block.paragraphs):
                lines += [">"] if i else []
                lines.append(f"> {inline(paragraph)}")
            if block.attribution:
                lines += [">", "> {.attribution}", f"> — {inline(block.attribution)}"]
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


def _table(block: Table) -> Iterator[str]:
    """A GFM table; every ``|`` in a cell is escaped by :func:`inline`."""
    width = max(len(row) for row in block.rows)
    rows = [
        [inline(cell, in_table=True) for cell in row] + [""] * (width - len(row))
        for row in block.rows
    ]
    if not block.header:
        rows.insert(0, [""] * width)
    yield "| " + " | ".join(rows[0]) + " |"
    yield "|" + " --- |" * width
    for row in rows[1:]:
        yield "| " + " | ".join(row) + " |"


def _list(block: ListBlock) -> Iterator[str]:
    for offset, item in enumerate(block.items):
        marker = f"{block.start + offset}." if block.ordered else "-"
        content = item.content
        if item.site:
            content += (Span(" - "), Span(item.site, frozenset({Mark.EMPHASIS})))
        yield f"{marker} {inline(content)}"
