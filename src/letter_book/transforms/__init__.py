"""Transforms: the cleaning steps between readers and writers, in one ordered table.

Each transform takes an issue and returns a cleaned copy; none does I/O.
What the whole archive teaches (recurring lines) comes in through
:class:`TransformContext`, built once per archive.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from letter_book.config import Config
from letter_book.model import Issue
from letter_book.transforms.boilerplate import Matcher, Recurrence, remove_boilerplate
from letter_book.transforms.links import link_addresses
from letter_book.transforms.typography import repair_emoji


@dataclass(frozen=True, slots=True)
class TransformContext:
    config: Config
    matcher: Matcher
    recurrence: Recurrence


Transform = Callable[[Issue, TransformContext], Issue]

TRANSFORMS: tuple[tuple[str, Transform], ...] = (
    ("boilerplate", lambda issue, ctx: remove_boilerplate(issue, ctx.matcher, ctx.recurrence)),
    ("typography", lambda issue, ctx: repair_emoji(issue)),
    ("links", lambda issue, ctx: link_addresses(issue)),
)


def apply_transforms(issue: Issue, ctx: TransformContext) -> Issue:
    for _name, transform in TRANSFORMS:
        issue = transform(issue, ctx)
    return issue
