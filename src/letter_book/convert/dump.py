"""The model as JSON: ``letter-book inspect --json``, a public contract.

The documented keys (PRODUCT.md) keep their meaning; keys are only ever added.
``text`` is always the plain text of a block, inline styles flattened.
"""

from __future__ import annotations

from typing import Any, assert_never

from letter_book.model import (
    Block,
    Code,
    Figure,
    Heading,
    Issue,
    ListBlock,
    Paragraph,
    Quote,
    Table,
    flatten,
)


def block_json(block: Block) -> dict[str, Any]:
    match block:
        case Paragraph():
            return {"type": "paragraph", "text": flatten(block.content), "line": block.line}
        case Heading():
            return {
                "type": "heading", "text": flatten(block.content),
                "level": block.level, "line": block.line,
            }  # fmt: skip
        case ListBlock():
            items = [flatten(i.content) + (f" - {i.site}" if i.site else "") for i in block.items]
            data: dict[str, Any] = {
                "type": "list", "ordered": block.ordered, "items": items, "line": block.line,
            }  # fmt: skip
            if block.ordered:
                data["start"] = block.start
            if block.links:
                data["links"] = [{"text": flatten(i.content), "site": i.site} for i in block.items]
            if any(i.children for i in block.items):
                data["nested"] = [[block_json(c) for c in i.children] for i in block.items]
            return data
        case Figure():
            return {
                "type": "figure", "caption": flatten(block.caption), "image": block.image,
                "alt": block.alt, "credit": block.credit, "line": block.line,
            }  # fmt: skip
        case Quote():
            return {
                "type": "quote",
                "text": "\n".join(flatten(p) for p in block.paragraphs),
                "attribution": flatten(block.attribution) if block.attribution else None,
                "line": block.line,
            }
        case Code():
            return {
                "type": "code",
                "text": block.text,
                "language": block.language,
                "line": block.line,
            }
        case Table():
            rows = [[flatten(cell) for cell in row] for row in block.rows]
            return {"type": "table", "rows": rows, "header": block.header, "line": block.line}
        case _:
            assert_never(block)


def comments_json(issue: Issue) -> list[dict[str, Any]]:
    return [{"text": flatten(c.content), "line": c.line} for c in issue.comments]


def dropped_json(issue: Issue) -> list[dict[str, Any]]:
    return [{"line": d.line, "text": d.text, "reason": d.reason} for d in issue.dropped]


def issue_json(issue: Issue) -> dict[str, Any]:
    """The issue as the JSON document PRODUCT.md describes (plus ``source`` and line numbers)."""
    return {
        "number": issue.number,
        "title": issue.title,
        "subtitle": issue.subtitle,
        "date": issue.date.isoformat() if issue.date else None,
        "author": issue.author,
        "tags": list(issue.tags),
        "sections": [
            {
                "title": flatten(s.title) if s.title else None,
                "topic": s.topic,
                "line": s.line,
                "blocks": [block_json(b) for b in s.blocks],
            }
            for s in issue.sections
        ],
        "comments": comments_json(issue),
        "dropped": dropped_json(issue),
        "source": {
            "path": issue.source.path,
            "reader": issue.source.reader,
            "entry": issue.source.entry,
            "encoding": issue.source.encoding,
            "newline": {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}[issue.source.newline],
        },
    }
