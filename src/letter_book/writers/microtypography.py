"""Microtypography: the spaces of the book's text, as its language sets them.

The model keeps the text as read; the MyST writer passes every piece of issue
text through :func:`typeset` on its way out, so the HTML, the EPUB and the PDF
all show it. Only spaces change: a space may be added, removed or replaced by
another space, never any other character (a property test checks it), and a
second pass changes nothing.

French spacing (``book.french_spacing``, on for French books):

- a narrow no-break space (U+202F) before ``;``, ``!``, ``?`` (once before a
  run such as ``?!``), a no-break space (U+00A0) before ``:``, after ``«`` and
  before ``»``; whatever was there (a space, several, a no-break space of the
  wrong width, or none) becomes that one space;
- a narrow no-break space between the groups of digits of a number written
  ``4 212``;
- a missing space is added only where the sign ends a word (it is followed by
  a space, the end of the text or closing punctuation; for ``:`` a space or the
  end), so ``12:30``, ``3:2``, ``http://``, ``C:\\``, ``page?id=3`` and ``a;b``
  stay; and not in italics, which hold titles of works and foreign words
  (``*What? Now!*`` keeps its English spacing).

In every book, the cleanup of spaces that are wrong in any language: several
spaces become one (a no-break one if any was), and a space is removed before a
``,`` or a ``.`` that ends a word, after an opening and before a closing
parenthesis or bracket.

Never touched: code spans, text between backticks, link addresses (only span
text is ever seen), web addresses, e-mail addresses, Windows paths, HTML
entities spelt out (``&amp;``) and emoticons (``:)``, ``;-)``); no space is
added against them either.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator
from itertools import accumulate

from letter_book.model import Inline, Mark, Span

NBSP = "\u00a0"
NNBSP = "\u202f"

_SPACE = " \u00a0\u2000-\u200a\u202f\u205f"
_SPACES = frozenset(" \u00a0\u202f\u205f") | frozenset(map(chr, range(0x2000, 0x200B)))
# The runs of spaces a rule may change (all but a lone space between two words: they are
# most of the text's spaces), and the empty gaps where a space may be missing.
_GAP_RULES = rf"""
    (?<![{_SPACE}])
    (?: [{_SPACE}]{{2,}} | [{_SPACE[1:]}] | (?<=[«(\[\d])\x20 | \x20(?=[?!‽;:»,.)\]\d]) )
    (?![{_SPACE}])
  | (?<=[«(\[])(?![{_SPACE}])
  | (?<![{_SPACE}])(?=[?!‽;:»,.)\]])
    """
# Every gap starts at a space, at a sign, or after an opening sign: checking that first
# lets the search pass over the letters in two tests rather than trying each rule there.
_GAP_START = rf"(?=[{_SPACE}?!‽;:»,.)\]])|(?<=[«(\[])"
_GAP = re.compile(rf"(?:{_GAP_START})(?:{_GAP_RULES})", re.VERBOSE)
# Where gaps may be: the runs of spaces, signs and digits that hold something other than a
# lone space (every gap starts at a space or a sign of such a run, or right after it, and
# looks no further than one character either side). Searched for gaps one by one, with
# the character after each, they give the gaps of the whole text: the search for a run
# skips from space to space, the search for gaps tries every letter.
_HOT = rf"{_SPACE[1:]}?!‽;:»,.)\]«(\[\d"
_RUN = re.compile(rf"[{_HOT}\x20](?:(?<=[{_HOT}])|(?=[{_HOT}\x20]))[{_HOT}\x20]*")


# Runs whose only gap is the empty one before their first sign, after a letter, which no
# rule fills: a full stop or a comma and the space after it, most of the text's runs.
_QUIET_RUNS = frozenset({".", ". ", ",", ", "})


def _gaps(text: str) -> Iterator[re.Match[str]]:
    """The gaps of ``text`` that a rule may change: what ``_GAP.finditer(text)`` finds, but
    in the runs of :data:`_QUIET_RUNS` (searching them was a third of the time)."""
    for start, end in _runs(text):
        yield from _GAP.finditer(text, start, end + 1)


# A run from its first sign or digit (the search skips over the spaces between words too),
# unless it is a quiet one after a letter: a full stop or a comma, and a space.
_SIGN_RUN = re.compile(
    rf"[{_HOT}](?:(?<![,.])|(?<=\x20.)|(?=[{_HOT}]|\x20[{_HOT}\x20]))[{_HOT}\x20]*"
)


def _runs(text: str) -> Iterator[tuple[int, int]]:
    """The spans of ``_RUN.finditer(text)`` but the :data:`_QUIET_RUNS`."""
    if "  " in text:  # a run may be spaces alone: the search that finds them
        for run in _RUN.finditer(text):
            if run.group() not in _QUIET_RUNS:
                yield run.span()
        return
    for run in _SIGN_RUN.finditer(text):
        start = run.start()  # the run starts at the one space before its first sign, if any
        yield (start - 1 if start and text[start - 1] == " " else start), run.end()


# What the model's text must not have altered: found in the joined text of a block, each
# pattern only in a text holding one of its signs (the search is most of the work otherwise).
_PROTECTED = (  # (signs, pattern, whether trailing punctuation is left out of a match)
    (("`",), re.compile(r"`[^`\n]+`"), False),  # text between backticks (plain-text code)
    (("/",), re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s<>«»\"“”]*", re.I), True),  # an address
    # an address without scheme, www. at a word start (the letter first: the search skips to it)
    (("ww", "wW", "Ww", "WW"), re.compile(r"w(?<=\bw)ww\.\w[^\s<>«»\"“”]*", re.I), True),
    ((":",), re.compile(r"\b(?:mailto|tel|urn|data):[^\s<>«»\"“”]+", re.I), True),  # no //
    (("@",), re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), True),  # an e-mail address
    (("\\",), re.compile(r"\b[A-Za-z]:\\\S*"), True),  # a Windows path
    (("&",), re.compile(r"&#?\w+;"), False),  # an HTML entity, spelt out (&amp;)
    # an emoticon, not after another :;= (the sign first: the search skips to it)
    ((":", ";", "="), re.compile(r"[:;=](?<![:;=][:;=])[-'^]?[()DPpOo3/\\|\]\[*]+(?!\w)"), False),
)
# Punctuation that may end an address but rarely belongs to it: left outside it.
_TRAILING = ".,;:!?)]}'’\"”»…"

_CLOSING = frozenset("»)]}\"”’'…")
_RUN_SIGNS = frozenset("?!‽")
# After a sign that ends a word: a space, the end of the text, or these.
_AFTER_SIGN = _CLOSING | frozenset(".,;:?!‽«")


def typeset(content: Inline, *, french: bool) -> Inline:
    """``content`` with its spaces set: French spacing if ``french``, the cleanup always."""
    # Most spans have no marks: looking at that first spares hashing a Mark (a Python call).
    if len(content) == 1 and (not content[0].marks or Mark.CODE not in content[0].marks):
        return _typeset_span(content[0], french=french)
    return _typeset_spans(content, french=french)


def _typeset_span(span: Span, *, french: bool) -> Inline:
    """:func:`typeset` of one span that is not code (most text): each gap and space is
    its own, so there is no span to find for them (a third faster)."""
    text = span.text
    if not text:
        return ()
    protected = _protected((span,), text)
    italic = bool(span.marks) and Mark.EMPHASIS in span.marks
    pieces: list[str] = []
    position = 0
    for match in _gaps(text):
        start, end = match.span()
        if protected and _is_protected(protected, start, end):
            continue
        free = end == len(text) or not protected or protected[end] == -1
        old = text[start:end]
        new = _gap(
            text, start, end, french=french and free, italic=italic and end < len(text), free=free
        )
        if new != old:
            pieces += (text[position:start], new)
            position = end
    if not pieces:
        return (span,)
    pieces.append(text[position:])
    result = "".join(pieces)
    return (Span(result, span.marks, span.href),) if result else ()


def _typeset_spans(content: Inline, *, french: bool) -> Inline:
    """:func:`typeset` of any spans: each change goes into the span it belongs to."""
    text = "".join(span.text for span in content)
    if not text:
        return ()
    starts = list(accumulate((len(span.text) for span in content[:-1]), initial=0))

    def owner(k: int) -> int:  # the span holding text[k]
        return bisect_right(starts, k) - 1

    protected = _protected(content, text)
    edits = []  # (start, end, new text, span it goes into)
    for match in _gaps(text):
        start, end = match.span()
        if _is_protected(protected, start, end):
            continue
        free = end == len(text) or not protected or protected[end] == -1
        italic = end < len(text) and Mark.EMPHASIS in content[owner(end)].marks
        old = text[start:end]
        new = _gap(text, start, end, french=french and free, italic=italic, free=free)
        if new != old:
            edits.append((start, end, new, _home(content, owner, start, end)))
    if not edits:
        return tuple(span for span in content if span.text)
    texts: list[list[str]] = [[] for _ in content]

    def copy(a: int, b: int) -> None:  # text[a:b] into the spans it belongs to
        for i in range(owner(a) if a < len(text) else len(content), len(content)):
            if starts[i] >= b:
                break
            texts[i].append(text[max(a, starts[i]) : min(b, starts[i] + len(content[i].text))])

    position = 0
    for start, end, new, home in edits:
        copy(position, start)
        texts[home].append(new)
        position = end
    copy(position, len(text))
    return tuple(
        Span("".join(parts), span.marks, span.href)
        for span, parts in zip(content, texts, strict=True)
        if "".join(parts)
    )


def typeset_text(text: str, *, french: bool) -> str:
    """Plain text through :func:`typeset`."""
    return "".join(span.text for span in typeset((Span(text),) if text else (), french=french))


def _protected(content: Inline, text: str) -> list[int]:
    """For each character, the number of the protected run it belongs to, or -1; an empty
    list when the text has no protected run (most text: the list is then not made)."""
    if not any(span.marks and Mark.CODE in span.marks for span in content) and not any(
        pattern.search(text) for pattern, _ in _candidates(text)
    ):
        return []
    region = [-1] * len(text)
    number = 0
    offset = 0
    for span in content:
        if Mark.CODE in span.marks:
            region[offset : offset + len(span.text)] = [number] * len(span.text)
            number += 1
        offset += len(span.text)
    for pattern, strip in _candidates(text):
        for match in pattern.finditer(text):
            start, end = match.span()
            while strip and end > start + 1 and text[end - 1] in _TRAILING:
                end -= 1
            for k in range(start, end):
                region[k] = number if region[k] == -1 else region[k]
            number += 1
    return region


def _candidates(text: str) -> Iterator[tuple[re.Pattern[str], bool]]:
    """The patterns of :data:`_PROTECTED` whose signs ``text`` holds, each with whether
    trailing punctuation is left out of its matches (plain loops: this is asked of every
    span of the book)."""
    for signs, pattern, strip in _PROTECTED:
        for sign in signs:
            if sign in text:
                yield pattern, strip
                break


def _is_protected(region: list[int], start: int, end: int) -> bool:
    """No space is changed inside a protected run, nor added against one."""
    if not region:
        return False
    if start == end:
        return region[start - 1] != -1 or (end < len(region) and region[end] != -1)
    return any(region[k] != -1 for k in range(start, end))


def _word_end(char: str) -> bool:
    """Can a sign follow ``char`` directly (a letter, a digit, a closing sign)?"""
    return char.isalnum() or char in _CLOSING or char == "." or _is_symbol(char)


def _is_symbol(char: str) -> bool:
    return unicodedata.category(char) in ("So", "Sc")  # an emoji, a currency sign


def _ends_word(text: str, k: int, *, colon: bool = False) -> bool:
    """Is the character at ``k`` a space, the end, or closing punctuation (only ``»`` after
    ``:``)?"""
    if k >= len(text) or text[k].isspace() or text[k] == "»":
        return True
    return not colon and text[k] in _AFTER_SIGN


def _gap(text: str, start: int, end: int, *, french: bool, italic: bool, free: bool) -> str:
    """The space the gap ``text[start:end]`` should hold (``free``: what follows it is not
    protected, so its punctuation is the text's; ``italic``: what follows it is in italics)."""
    old = text[start:end]
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if not before or not after:
        return old  # the writer strips the ends of a line
    if french:
        french_space = _french(text, start, end, before, after, italic)
        if french_space is not None:
            return french_space
    if old and free and _is_cleanup(text, end, before, after):
        return ""
    if len(old) > 1:
        return next((c for c in old if c in (NBSP, NNBSP)), old[0] if old[0] in _SPACES else " ")
    return old


def _french(text: str, start: int, end: int, before: str, after: str, italic: bool) -> str | None:
    old = text[start:end]
    if before == "«" and after == "»":
        return None
    if after == "»" or before == "«":
        return NBSP
    if after in _RUN_SIGNS or after in ";:":
        if before in _RUN_SIGNS or before in ";:«([":
            return None
        k = end
        while k < len(text) and text[k] in _RUN_SIGNS and after in _RUN_SIGNS:
            k += 1
        if not _ends_word(text, max(k, end + 1), colon=after == ":"):
            return None
        if not old and (italic or not _word_end(before)):
            return None
        return NBSP if after == ":" else NNBSP
    if old and before.isdigit() and re.match(r"\d{3}(?!\d)", text[end:]):
        # digit groups: 4 212, 1 500 000
        return NNBSP
    return None


def _is_cleanup(text: str, end: int, before: str, after: str) -> bool:
    """Is the gap before ``after`` a space that no language wants?"""
    if after in ",." and (before.isalpha() or before in _CLOSING):
        # followed by a space, or by a sign French spacing puts one before
        following = text[end + 1 : end + 2]
        return (_ends_word(text, end + 1, colon=True) or following in ";:!?‽") and not (
            after == "." and before == "."
        )
    if before in "([" and (after.isalnum() or after in "«\"“‘'"):
        return True
    return after in ")]" and (before.isalnum() or before in _CLOSING or before in ".!?‽")


def _home(content: Inline, owner: Callable[[int], int], start: int, end: int) -> int:
    """The span a replaced or added space goes into: the gap's own, else the one after it
    (or before it, when that one is code)."""
    if end > start:
        return owner(start)
    after = owner(end)
    if Mark.CODE in content[after].marks:
        return owner(start - 1)
    return after
