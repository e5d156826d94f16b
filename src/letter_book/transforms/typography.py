"""Typography: small, documented repairs of the characters of an issue.

Emoji sequences whose zero-width joiner was lost in a copy (``👩💻`` for
``👩‍💻``) are joined again. Nothing else changes: French spacing rules are
applied by the writers' output, never by rewriting the text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import assert_never

from ..model import (
    Block,
    Code,
    Comment,
    Figure,
    Heading,
    Inline,
    Issue,
    ListBlock,
    Paragraph,
    Quote,
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


def _inline(content: Inline) -> Inline:
    return tuple(replace(span, text=join_emoji(span.text)) for span in content)


def _block(block: Block) -> Block:
    match block:
        case Paragraph() | Heading():
            return replace(block, content=_inline(block.content))
        case ListBlock():
            items = tuple(replace(i, content=_inline(i.content)) for i in block.items)
            return replace(block, items=items)
        case Figure():
            return replace(block, caption=_inline(block.caption))
        case Quote():
            paragraphs = tuple(_inline(p) for p in block.paragraphs)
            attribution = _inline(block.attribution) if block.attribution else None
            return replace(block, paragraphs=paragraphs, attribution=attribution)
        case Table():
            return replace(block, rows=tuple(tuple(_inline(c) for c in row) for row in block.rows))
        case Code():
            return block  # code is shown exactly as written
        case _:
            assert_never(block)


def repair_emoji(issue: Issue) -> Issue:
    sections = tuple(
        replace(
            s,
            title=_inline(s.title) if s.title else None,
            blocks=tuple(_block(b) for b in s.blocks),
        )
        for s in issue.sections
    )
    comments = tuple(Comment(_inline(c.content), c.line) for c in issue.comments)
    return replace(
        issue,
        title=join_emoji(issue.title),
        subtitle=join_emoji(issue.subtitle) if issue.subtitle else None,
        sections=sections,
        comments=comments,
    )
