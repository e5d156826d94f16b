"""The MyST writer: one issue to one chapter.

Every piece of issue text goes through :mod:`.escape`; the only markup in a
chapter is the markup written here. A hand-written override chapter
(:mod:`letter_book.convert.overrides`) replaces the converted body, under the same
front matter, label and title.

Issue text is typeset on its way out (:mod:`.microtypography`, through the
chapter's ``text`` function): French spacing in a French book, in the chapter
only; the front matter keeps the text as read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import assert_never

from letter_book.config import Config
from letter_book.model import (
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
    flatten,
)
from letter_book.writers.crosslinks import IssueLinks
from letter_book.writers.escape import escape, inline
from letter_book.writers.labels import issue_name, label, long_date
from letter_book.writers.layout import Chapter, image_name
from letter_book.writers.microtypography import typeset, typeset_text

Text = Callable[..., str]
"""Issue text (rich text, or a plain string) to one line of MyST, keyword ``in_table`` as
for :func:`.escape.inline`; a chapter's also typesets it and makes its cross-issue links."""


def plain_text(content: str | Inline, *, in_table: bool = False) -> str:
    """The :data:`Text` that only escapes."""
    if isinstance(content, str):
        return escape(content)
    return inline(content, in_table=in_table)


WORDS_PER_MINUTE = 230
"""Reading speed for the reading time: a common estimate for adults reading silently."""


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
        "issue_subtitle": issue.subtitle,
        "issue_author": issue.author,
        "issue_source": issue.source.path,
        "issue_label": chapter.label,
        "issue_tags": list(issue.tags) or None,
    }
    yield "---"
    for key, value in fields.items():
        if value is not None:
            yield f"{key}: {_scalar(value)}"
    yield "---"


def meta_line(issue: Issue, language: str, words: int = 0, french: bool = False) -> str | None:
    """``n° 112 · 12 mars 2024 · par Claire · 4 min de lecture``: what identifies the
    issue, and how long it takes to read its ``words``, under its title."""
    parts = []
    if issue.number is not None:
        parts.append(escape(label(language, "number", n=issue.number)))
    if issue.date is not None:
        parts.append(escape(long_date(issue.date, language)))
    if issue.author:
        by = label(language, "by", author=issue.author)
        parts.append(escape(typeset_text(by, french=french)))
    if words:
        minutes = max(1, round(words / WORDS_PER_MINUTE))
        parts.append(escape(label(language, "reading_time", n=minutes)))
    return " · ".join(parts) or None


def word_count(issue: Issue, override: str | None = None) -> int:
    """Words of the chapter's text: the override's if there is one, else the issue's."""
    if override is not None:
        return len(override.split())
    texts: list[str] = []
    for section in issue.sections:
        texts.append(flatten(section.title or ()))
        for block in section.blocks:
            texts.extend(block_texts(block))
    return sum(len(text.split()) for text in texts)


def block_texts(block: Block, *, prose: bool = False) -> Iterator[str]:
    """The text of ``block``, styles dropped. ``prose``: only what the author writes as
    running text, where names are written (no code, no tables, no recommended link's
    site, no figure's credit such as ``Photo AFP``)."""
    match block:
        case Paragraph() | Heading():
            yield flatten(block.content)
        case ListBlock():
            for item in block.items:
                content = flatten(item.content)
                yield content if prose else f"{content} {item.site or ''}"
                for child in item.children:
                    yield from block_texts(child, prose=prose)
        case Figure():
            caption = flatten(block.caption)
            yield caption.removesuffix(block.credit) if prose and block.credit else caption
        case Code():
            if not prose:
                yield block.text
        case Table():
            if not prose:
                yield from (flatten(cell) for row in block.rows for cell in row)
        case Quote():
            yield from (flatten(paragraph) for paragraph in block.paragraphs)
            yield flatten(block.attribution or ())
        case _:
            assert_never(block)


def index_entry(text: str) -> str:
    """Text made safe for one entry of Sphinx's index directive: one line, no ``;`` (which
    would start a sub-entry), no ``!`` in front (which marks a main entry), no backquote."""
    text = re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029`;]+", " ", text).strip(" !")
    return re.sub(r" {2,}", " ", text)


def index_directive(
    names: list[str], issue: Issue, language: str, french: bool = False
) -> list[str]:
    """The chapter's index entries: each name, with the issue as sub-entry."""
    if not names:
        return []
    where = index_entry(
        typeset_text(issue_name(language, issue.number, issue.title), french=french)
    )
    lines = []
    for name in names:  # one directive an entry: MyST gives a directive one line of arguments
        lines += [f"```{{index}} single: {index_entry(name)}; {where}", "```"]
    return [*lines, ""]


def render_chapter(
    chapter: Chapter,
    config: Config,
    links: IssueLinks | None = None,
    index_names: list[str] | None = None,
) -> str:
    """The whole chapter file for ``chapter``; ``links`` makes mentions of other issues
    links; ``index_names`` are the names of the book's index the issue writes."""
    issue, language, french = chapter.issue, config.book.language, config.french_spacing

    def text(content: str | Inline, *, in_table: bool = False) -> str:
        if isinstance(content, str):
            return escape(typeset_text(content, french=french))
        content = typeset(content, french=french)
        if links is None:
            return inline(content, in_table=in_table)
        content = links.link(content, own=issue.number)
        return inline(content, in_table=in_table, internal=links.hrefs)

    lines = [
        *front_matter(issue, chapter),
        "",
        f"({chapter.label})=",
        f"# {text(issue.title)}",
        "",
        *index_directive(index_names or [], issue, language, french),
    ]
    meta = meta_line(issue, language, word_count(issue, chapter.entry.chapter), french)
    if meta:
        lines += ["{.issue-meta}", meta, ""]
    if issue.subtitle:
        lines += ["{.issue-subtitle}", text(issue.subtitle), ""]
    if chapter.entry.chapter is not None:
        lines += [chapter.entry.chapter.strip(), ""]
    else:
        for section in issue.sections:
            lines += _section(section, language, text)
    if config.book.comments and issue.comments:
        lines += [f"## {escape(label(language, 'comments'))}", "", "{.reader-comments}"]
        lines += [f"- {text(c.content)}" for c in issue.comments]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _section(section: Section, language: str, text: Text = plain_text) -> list[str]:
    lines = []
    if section.title:
        lines += [f"## {text(section.title)}", ""]
    if section.topic:
        lines += ["{.section-topic}", text(label(language, "topic", topic=section.topic)), ""]
    # Headings go down one level at a time (Sphinx warns of a jump): under the issue's
    # title (level 1) and a section's (level 2), a heading is at most one level deeper
    # than the one before it.
    level = 2 if section.title else 1
    for block in section.blocks:
        if isinstance(block, Heading) and block.level > level + 1:
            block = replace(block, level=level + 1)
        if isinstance(block, Heading):
            level = block.level
        lines += block_lines(block, text)
        lines.append("")
    return lines


def block_lines(block: Block, text: Text = plain_text) -> list[str]:
    """A block's MyST lines, its text written by ``text``."""
    match block:
        case Paragraph():
            return [text(block.content)]
        case Heading():
            return [f"{'#' * block.level} {text(block.content)}"]
        case ListBlock():
            return list(_list(block, text))
        case Figure():
            lines = []
            if block.image is not None:
                lines += ["{.figure-image}", f"![{text(block.alt)}](/{image_name(block.image)})"]
            if block.caption:
                # Plain-text copies have lost their images: the caption stands alone.
                lines += ([""] if lines else []) + ["{.figure-caption}", text(block.caption)]
            return lines
        case Code():
            return list(_code(block))
        case Table():
            return list(_table(block, text))
        case Quote():
            lines = []
            for i, paragraph in enumerate(block.paragraphs):
                lines += [">"] if i else []
                lines.append(f"> {text(paragraph)}")
            if block.attribution:
                lines += [">", "> {.attribution}", f"> — {text(block.attribution)}"]
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


def _table(block: Table, text: Text = plain_text) -> Iterator[str]:
    """A GFM table; every ``|`` in a cell is escaped by :func:`inline`."""
    width = max(len(row) for row in block.rows)
    rows = [
        [text(cell, in_table=True) for cell in row] + [""] * (width - len(row))
        for row in block.rows
    ]
    if not block.header:
        rows.insert(0, [""] * width)
    yield "| " + " | ".join(rows[0]) + " |"
    yield "|" + " --- |" * width
    for row in rows[1:]:
        yield "| " + " | ".join(row) + " |"


def _list(block: ListBlock, text: Text = plain_text) -> Iterator[str]:
    """A list's MyST lines; a nested list indented to its item's text."""
    for offset, item in enumerate(block.items):
        marker = f"{block.start + offset}." if block.ordered else "-"
        content = item.content
        if item.site:
            content += (Span(" - "), Span(item.site, frozenset({Mark.EMPHASIS})))
        yield f"{marker} {text(content)}".rstrip()
        indent = " " * (len(marker) + 1)
        for child in item.children:
            yield from (indent + line for line in _list(child, text))
