"""Every piece of rich text of an issue, rewritten by one function: the walk the inline
transforms share. A function returns the very tuple it was given when it changes nothing
(most text), so that unchanged blocks, sections and issues are not copied."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import assert_never

from letter_book.model import (
    Block,
    Code,
    Comment,
    Figure,
    Heading,
    Inline,
    Issue,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Section,
    Table,
)

Rewrite = Callable[[Inline], Inline]


def map_inline(issue: Issue, rewrite: Rewrite, *, headings: bool = True) -> Issue:
    """``issue`` with ``rewrite`` applied to the rich text of its blocks and comments, and
    with ``headings``, to its headings and section titles too (code is never rewritten)."""
    sections = tuple(_section(s, rewrite, headings) for s in issue.sections)
    comments = tuple(_comment(c, rewrite) for c in issue.comments)
    unchanged = all(new is old for new, old in zip(sections, issue.sections, strict=True))
    if unchanged and all(new is old for new, old in zip(comments, issue.comments, strict=True)):
        return issue
    return replace(issue, sections=sections, comments=comments)


def _comment(comment: Comment, rewrite: Rewrite) -> Comment:
    content = rewrite(comment.content)
    return comment if content is comment.content else replace(comment, content=content)


def _section(section: Section, rewrite: Rewrite, headings: bool) -> Section:
    title = section.title
    if headings and title:
        title = rewrite(title)
    blocks = tuple(_block(b, rewrite, headings) for b in section.blocks)
    unchanged = all(new is old for new, old in zip(blocks, section.blocks, strict=True))
    if unchanged and title is section.title:
        return section
    return replace(section, title=title, blocks=blocks)


def _block(block: Block, rewrite: Rewrite, headings: bool) -> Block:
    match block:
        case Heading() if not headings:
            return block
        case Paragraph() | Heading():
            content = rewrite(block.content)
            return block if content is block.content else replace(block, content=content)
        case ListBlock():
            return _nested(block, rewrite)
        case Figure():
            caption = rewrite(block.caption)
            return block if caption is block.caption else replace(block, caption=caption)
        case Quote():
            paragraphs = tuple(rewrite(p) for p in block.paragraphs)
            attribution = rewrite(block.attribution) if block.attribution else None
            same = all(new is old for new, old in zip(paragraphs, block.paragraphs, strict=True))
            if same and attribution is block.attribution:
                return block
            return replace(block, paragraphs=paragraphs, attribution=attribution)
        case Table():
            rows = tuple(tuple(rewrite(cell) for cell in row) for row in block.rows)
            return block if rows == block.rows else replace(block, rows=rows)
        case Code():
            return block  # code is shown exactly as written
        case _:
            assert_never(block)


def _item(item: ListItem, rewrite: Rewrite) -> ListItem:
    content = rewrite(item.content)
    children = tuple(_nested(c, rewrite) for c in item.children)
    same = all(new is old for new, old in zip(children, item.children, strict=True))
    if same and content is item.content:
        return item
    return replace(item, content=content, children=children)


def _nested(block: ListBlock, rewrite: Rewrite) -> ListBlock:
    items = tuple(_item(i, rewrite) for i in block.items)
    unchanged = all(new is old for new, old in zip(items, block.items, strict=True))
    return block if unchanged else replace(block, items=items)
