"""Typography: small, documented repairs of the characters of an issue.

Emoji sequences whose zero-width joiner was lost in a copy (``👩💻`` for
``👩‍💻``) are joined again. Nothing else changes: French spacing rules are
applied by the writers' output, never by rewriting the text.
"""

from __future__ import annotations

import re
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

_PEOPLE = "\U0001f468\U0001f469\U0001f9d1"  # man, woman, person
_SKIN = "\U0001f3fb-\U0001f3ff"
# The second halves of the profession sequences (RGI emoji ZWJ sequences).
_ROLES = "🚀💻🔬🎨🍳🌾🏫🏭💼🔧🎓🎤🚒🦯🦼🦽🍼🎄"
_LOST_JOINER = re.compile(f"([{_PEOPLE}][{_SKIN}]?)([{_ROLES}])")


def join_emoji(text: str) -> str:
    """Restore the zero-width joiner between a person and a role emoji."""
    return _LOST_JOINER.sub("\\1\u200d\\2", text)


def _needs_joiner(text: str) -> bool:
    # Without a person emoji there is nothing to join: ``in`` tells at once for text
    # without characters beyond the BMP (most text), where the search would scan it.
    return any(person in text for person in _PEOPLE) and _LOST_JOINER.search(text) is not None


def _inline(content: Inline) -> Inline:
    """``content`` repaired; the same tuple when there is nothing to repair (most text)."""
    if not any(_needs_joiner(span.text) for span in content):
        return content
    return tuple(replace(span, text=join_emoji(span.text)) for span in content)


def _block(block: Block) -> Block:
    """``block`` repaired; the same block when there is nothing to repair."""
    match block:
        case Paragraph() | Heading():
            content = _inline(block.content)
            return block if content is block.content else replace(block, content=content)
        case ListBlock():
            items = tuple(_item(i) for i in block.items)
            unchanged = all(new is old for new, old in zip(items, block.items, strict=True))
            return block if unchanged else replace(block, items=items)
        case Figure():
            caption = _inline(block.caption)
            return block if caption is block.caption else replace(block, caption=caption)
        case Quote():
            paragraphs = tuple(_inline(p) for p in block.paragraphs)
            attribution = _inline(block.attribution) if block.attribution else None
            if attribution == block.attribution and paragraphs == block.paragraphs:
                return block
            return replace(block, paragraphs=paragraphs, attribution=attribution)
        case Table():
            return replace(block, rows=tuple(tuple(_inline(c) for c in row) for row in block.rows))
        case Code():
            return block  # code is shown exactly as written
        case _:
            assert_never(block)


def _item(item: ListItem) -> ListItem:
    content = _inline(item.content)
    return item if content is item.content else replace(item, content=content)


def _section(section: Section) -> Section:
    title = _inline(section.title) if section.title else None
    blocks = tuple(_block(b) for b in section.blocks)
    unchanged = all(new is old for new, old in zip(blocks, section.blocks, strict=True))
    if unchanged and title == section.title:
        return section
    return replace(section, title=title, blocks=blocks)


def repair_emoji(issue: Issue) -> Issue:
    sections = tuple(_section(s) for s in issue.sections)
    comments = tuple(Comment(_inline(c.content), c.line) for c in issue.comments)
    return replace(
        issue,
        title=join_emoji(issue.title),
        subtitle=join_emoji(issue.subtitle) if issue.subtitle else None,
        sections=sections,
        comments=comments,
    )
