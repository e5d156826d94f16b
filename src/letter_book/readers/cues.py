"""Line-shape cues of the plain-text format (ISSUE-FORMAT.md), one predicate each.

Each cue looks at one line, never at its neighbours: the reader
(:mod:`letter_book.readers.plaintext`) decides from the cues of a line and its
neighbours what the line is. Cues are deliberately loose: real archives are
messier than any sample.
"""

from __future__ import annotations

import re
import unicodedata

# The issue number at the end of the teaser: "#237", "n°237", "N° 237", "No. 237", "№237".
_NUMBER_AT_END = re.compile(
    r"\s*[(\[]?(?:#|\b[nN]\s?[°º]|\bNo\.?|\bno\.|№)\s?(\d{1,5})[)\]]?\s*[.!]?\s*$"
)
# The number in a title: "#237 : Titre", "Lettre n°237 - Titre", "Issue 42: Title".
_NUMBER_IN_TITLE = re.compile(
    r"^(?:(?:lettre|issue|newsletter|édition|edition|numéro)\s*)?"
    r"(?:#|[nN]\s?[°º]\s?|No\.?\s?|№\s?)(\d{1,5})\s*[:.–—-]\s+",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^[•·▪◦‣●○■□►▸➤✓✔*+\-–—]\s+(?=\S)")
_NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+(?=\S)")
# A dash between spaces separates a caption from its credit, a link from its site.
_DASH = re.compile(r"\s[-–—]\s")
_BIO = re.compile(r"^(?i:je suis|moi,? c[’']est|i[’']m|i am|my name is|hi,? i[’']m)\s+[A-ZÀ-ÖØ-Þ]")
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ’'.-]*"
_NAME = re.compile(rf"^{_NAME_WORD}(?:[ -]{_NAME_WORD}){{0,2}}[.,]?$")
_OPEN_QUOTES = '“«"„‘'
_CLOSE_QUOTES = '”»"“’'
_SENTENCE_END = ".!?…"


def words(text: str) -> int:
    return len(text.split())


def is_emoji(char: str) -> bool:
    """True for pictographic characters (not ©, ®, °, arrows or letters)."""
    code = ord(char)
    if 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF:
        return True
    return code >= 0x2190 and unicodedata.category(char) == "So"


def starts_with_emoji(text: str) -> bool:
    return bool(text) and is_emoji(text[0])


_WORDS = re.compile(r"[^\W_]+")


def heading_key(text: str) -> str:
    """A section name without its emoji, spacing and case: ``🧭 Au sommaire`` -> ``au sommaire``."""
    return " ".join(_WORDS.findall(text.casefold()))


HEADING_MAX = 80
"""The longest line (in characters) that can be a section heading without a pattern."""


def is_section_heading(
    text: str, patterns: tuple[re.Pattern[str], ...] = (), known: frozenset[str] = frozenset()
) -> bool:
    """A short line that starts with an emoji, a configured pattern matches whole,
    or that bears the name of a section the archive knows."""
    if patterns and any(p.fullmatch(text) for p in patterns):
        return True
    if len(text) > HEADING_MAX or text.endswith((".", ":", ",", ";")):
        return False
    if is_bracketed(text):
        return True
    emoji = starts_with_emoji(text)
    if not emoji and not known:
        return False  # most lines: decided without counting their words
    if words(text) > 10:
        return False
    if not emoji:
        return heading_key(text) in known
    return any(c.isalpha() for c in text)


def is_bracketed(text: str) -> bool:
    """A short name wholly in square brackets, as some writers head their sections:
    ``[Streaming]``, ``[Replay // Audio // Video]``; not ``[1]``, ``[…]`` nor a placeholder
    the copy left for an image, ``[image: Logo]``."""
    if not (text.startswith("[") and text.endswith("]")) or len(text) > 50:
        return False
    inside = text[1:-1]
    if "[" in inside or "]" in inside or ":" in inside:  # not ``[image: …]``
        return False
    return any(c.isalpha() for c in inside)


def has_address(text: str) -> bool:
    """Whether a web address stands in the line (``https://…``, ``www.…``)."""
    return "://" in text or "www." in text.lower()


def split_number(teaser: str) -> tuple[str, int | None]:
    """The teaser without its trailing issue number, and the number (or None)."""
    match = _NUMBER_AT_END.search(teaser)
    if not match or match.start() == 0:
        return teaser, None
    return teaser[: match.start()].rstrip(" \u00a0\u202f-–—:,"), int(match.group(1))


def title_number(title: str) -> tuple[str, int | None]:
    """A title that starts with its number ("#237 : Titre"), split; else unchanged."""
    match = _NUMBER_IN_TITLE.match(title)
    if not match or match.end() == len(title):
        return title, None
    return title[match.end() :], int(match.group(1))


def bullet(text: str) -> str | None:
    """The item text of a bullet line (``• item``, ``- item``), else None."""
    match = _BULLET.match(text)
    return text[match.end() :] if match else None


def numbered(text: str) -> tuple[int, str] | None:
    """Number and item text of a numbered line (``1. item``, ``2) item``), else None."""
    match = _NUMBERED.match(text)
    return (int(match.group(1)), text[match.end() :]) if match else None


def _after_last_dash(text: str) -> tuple[str, str] | None:
    if "-" not in text and "–" not in text and "—" not in text:
        return None  # most lines: no dash, no split (three scans cost less than the search)
    parts = _DASH.split(text)
    if len(parts) < 2:
        return None
    last = parts[-1]
    return text[: len(text) - len(last)].rstrip(" -–—"), last


def caption_credit(text: str) -> str | None:
    """The credit of an image caption (``... - Photo AFP.``), else None.

    The credit is short, capitalised and ends the line with a period.
    """
    split = _after_last_dash(text) if len(text) <= 300 and text.endswith(".") else None
    if split is None:
        return None
    credit = split[1][:-1]
    if not credit[:1].isupper() and not credit[:1].isdigit() and credit[:1] != "©":
        return None
    return credit if 0 < len(credit) <= 50 and words(credit) <= 6 else None


_SOURCE = re.compile(r"\(([^()]{2,60})\)[.]?$")
"""A parenthesis closing the line: where a press review names its source."""


def cites_source(text: str) -> bool:
    """Whether the line ends by naming its source, as press reviews cite them: ``… (Korben)``,
    ``… (site.fr, 8 mars 2021).``, ``… (@someone)``; not a parenthesis alone on its line,
    nor an aside in lower case."""
    match = _SOURCE.search(text) if text.endswith((")", ").")) else None
    if match is None or match.start() == 0:
        return False
    inside = match.group(1)
    return words(inside) <= 6 and (inside[:1].isupper() or "." in inside or "@" in inside)


REVIEW_ITEM_MAX = 1000
"""The longest line (in characters) that can be an item of a press review."""


def cites(text: str) -> bool:
    """Whether the line cites its source or gives its address, as a press review's items
    do (:func:`cites_source`, :func:`has_address`); not a line announcing a list."""
    if len(text) > REVIEW_ITEM_MAX or is_list_intro(text):
        return False
    return cites_source(text) or has_address(text)


def link_site(text: str) -> tuple[str, str] | None:
    """``(text, site)`` of a recommended link (``<why> <Title> - <Site>``), else None.

    No final punctuation; at least four words before the dash, a short site name after.
    """
    if len(text) > 400 or text.endswith((*_SENTENCE_END, ":", ";", ",")):
        return None
    split = _after_last_dash(text)
    if split is None or words(split[0]) < 4:
        return None
    site = split[1]
    return (split[0], site) if len(site) <= 50 and words(site) <= 6 and ":" not in site else None


def is_bio(text: str) -> bool:
    """The author's presentation: ``Je suis <Name>, ...``, ``I'm <Name> ...``."""
    return bool(_BIO.match(text)) and words(text) >= 4


def is_name(text: str) -> bool:
    """One to three capitalised words and nothing else: a signature."""
    return len(text) <= 40 and bool(_NAME.match(text))


def ends_sentence(text: str) -> bool:
    return text.rstrip('»”"’)').endswith(tuple(_SENTENCE_END))


_INLINE_ATTRIBUTION = re.compile(r"^([“«\"„].+[”»\"])\s*[-–—]\s*([^“«”»\"]{2,80})$")


def inline_attribution(text: str) -> tuple[str, str] | None:
    """``(quote, author)`` of a quote followed by its author on the same line, else None."""
    match = _INLINE_ATTRIBUTION.match(text)
    return (match.group(1), match.group(2)) if match else None


_DASH_ATTRIBUTION = re.compile(r"^[—―]\s?(\S.{0,79})$")


def dash_attribution(text: str) -> str | None:
    """Who said it, on a line of its own after a quote: ``—Tim Sneath on Twitter``,
    ``― @someone on Mastodon`` (an em dash or a horizontal bar); not a line of dialogue,
    which ends with its punctuation (``— Bonjour, dit-il.``)."""
    match = _DASH_ATTRIBUTION.match(text)
    if match is None or text.endswith((*_SENTENCE_END, ":", ";", ",")):
        return None
    return match.group(1) if words(text) <= 12 else None


def opens_quote(text: str) -> bool:
    return text[:1] in _OPEN_QUOTES


def closes_inside(text: str) -> bool:
    """A quote mark closes before the end of the line: ``« Non », a-t-elle dit.``"""
    return any(mark in text[1:-1].rstrip(" .") for mark in "”»")


def closes_quote(text: str) -> bool:
    return text.rstrip(" .\u00a0\u202f")[-1:] in _CLOSE_QUOTES


def starts_lower(text: str) -> bool:
    return text[:1].islower()


def is_list_intro(text: str) -> bool:
    """A line that announces a list: it ends with a colon."""
    return text.rstrip(" \u00a0\u202f").endswith(":")


def is_short_item(text: str) -> bool:
    """A line that can be an item of a list announced by a colon."""
    if len(text) > 160 or starts_with_emoji(text):
        return False
    return starts_lower(text) or not ends_sentence(text)


def is_prose(text: str) -> bool:
    """A line that reads as a paragraph: long, or a whole sentence (or one announcing a list)."""
    return len(text) >= 100 or ((ends_sentence(text) or is_list_intro(text)) and words(text) >= 4)


_NUMBER_FIRST = re.compile(r"#\d")
"""A change's or an issue's number first: ``#113542: Set singular names``."""


def is_subheading(text: str) -> bool:
    """A short standalone line with no final period, or a short question."""
    if not text[:1].isupper() and not text[:1].isdigit() and not _NUMBER_FIRST.match(text):
        return False
    if text.endswith("?"):
        return len(text) <= 100 and words(text) <= 16
    return (
        len(text) <= 80 and words(text) <= 12 and not text.endswith((*_SENTENCE_END, ":", ";", ","))
    )
