"""Typography: small, documented repairs of the characters of an issue.

Emoji sequences whose zero-width joiner was lost in a copy (``👩💻`` for
``👩‍💻``) are joined again. Nothing else changes: French spacing rules are
applied by the writers' output, never by rewriting the text.
"""

from __future__ import annotations

import re
from dataclasses import replace

from letter_book.model import Inline, Issue
from letter_book.transforms.walk import map_inline

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


def repair_emoji(issue: Issue) -> Issue:
    issue = map_inline(issue, _inline)
    title = join_emoji(issue.title)
    subtitle = join_emoji(issue.subtitle) if issue.subtitle else None
    if title == issue.title and subtitle == issue.subtitle:
        return issue
    return replace(issue, title=title, subtitle=subtitle)
