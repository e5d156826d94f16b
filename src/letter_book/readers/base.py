"""What every reader is given."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..config import Config
from ..diagnostics import Diagnostics


@dataclass(frozen=True, slots=True)
class ReadContext:
    path: str
    """The file's path as shown in messages."""
    config: Config
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    roles: Mapping[int, str] = field(default_factory=dict)
    """Line number -> role forced by the issue's override file (:mod:`letter_book.overrides`)."""
    headings: frozenset[str] = frozenset()
    """Section names the archive uses with an emoji (:func:`cues.heading_key`): a line with
    one of these names is a section heading even where its emoji was lost."""
