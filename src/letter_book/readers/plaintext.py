"""Reader for plain-text copies of issue web pages (ISSUE-FORMAT.md).

There is no markup: structure is recovered from the shape of the lines, top
to bottom. The file is cut into zones first (title, teaser, header, sections,
tail), then each section's lines are grouped into blocks. Boilerplate is
mostly not decided here: header and closing lines come out as paragraphs and
the boilerplate transform sets them aside, so every reader gets the same
rules. The reader only asks the boilerplate patterns where they hide
structure: a line above the title, a sign-off on the last line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache
from unicodedata import is_normalized

from letter_book.diagnostics import Code
from letter_book.errors import InputError
from letter_book.model import (
    Block,
    Comment,
    Decision,
    Dropped,
    Figure,
    Heading,
    Issue,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Section,
    Source,
    plain,
)
from letter_book.readers import cues, labeller
from letter_book.readers.base import ReadContext
from letter_book.readers.decode import (
    BinaryFileError,
    clean_line,
    decode,
    has_controls,
    split_lines,
)
from letter_book.reasons import LineReason

_SPACES = re.compile(r" {2,}")
_ITEM_ROLES = frozenset(("list-item", "list-start", "list-end"))
_MAX_QUOTE_LINES = 12
_VERSE_MAX = 80
"""The longest line (in characters) of a quote of several lines without quotation marks:
a short text broken by hand, as a post or a poem is (``—Its Author`` after it)."""
_VERSE_HEADING_WORDS = 6
"""A line of so many words or fewer, shaped as a heading and followed by a capital, is
the name of a section, not a line of a quote."""
_MAX_LOWER_ITEM = 400
"""The longest line (in characters) in lower case that can be an item after a colon."""
_EMOJI_HEADING_WORDS = 5
"""The most words (its emoji counted) of the first line of a run of emoji-led lines that
heads the run rather than opens it: ``🧭 De quoi allons-nous parler``."""
_EMOJI_RUN = 3
"""The fewest lines in a row, each behind an emoji, that make a list rather than
headings: a section heading is followed by its content, not by another heading."""
_MAX_REVIEW_LINES = 200
"""The most lines a press review is looked for in."""


@dataclass(frozen=True, slots=True)
class Line:
    n: int
    """1-based line number in the file."""
    text: str


def read(data: bytes, ctx: ReadContext) -> Issue:
    """The issue of a plain-text file: read by the rules, then, with ``structure.reader =
    "crf"``, read again where the line labeller disagrees with them."""
    lines, issue = read_by_rules(data, ctx)
    if ctx.config.structure.reader != "crf":
        return issue
    found = labelled(lines, issue, ctx)
    if not found:
        return issue
    taken = labeller.forced(found)
    if taken:
        # The labeller's roles where it is sure the rules are wrong; the override's win.
        issue = _Parser(lines, replace(ctx, roles={**taken, **ctx.roles})).issue(issue.source)
    return replace(issue, decisions=tuple(found))


def read_by_rules(data: bytes, ctx: ReadContext) -> tuple[list[Line], Issue]:
    """The file's non-blank lines, and its issue as the rules read it."""
    try:
        decoded = decode(data, ctx.config.archive.encodings)
    except BinaryFileError as exc:
        raise InputError(Code.FILE_BINARY, str(exc)) from exc
    if decoded.replaced:
        ctx.diagnostics.warn(
            ctx.path, 0,
            f"not valid UTF-8; decoded as {decoded.encoding}, undecodable bytes replaced by �",
            Code.ENCODING_GUESSED,
        )  # fmt: skip
    lines = list(_lines(decoded.text, ctx))
    if not lines:
        raise InputError(Code.ISSUE_EMPTY, "the file has no text")
    source = Source(ctx.path, "plaintext", decoded.encoding, decoded.newline)
    return lines, _Parser(lines, ctx).issue(source)


def labelled(lines: list[Line], issue: Issue, ctx: ReadContext) -> list[Decision]:
    """Where the line labeller reads ``lines`` otherwise than the rules (which read them
    as ``issue``); none on the lines the override gives a role or a configured section
    pattern names."""
    # A model of the book's own, relative to its configuration file; else letter-book's.
    own = ctx.config.structure.model
    model = ctx.config.root / own if own else labeller.MODEL
    numbers = [ln.n for ln in lines]
    found = labeller.decisions(
        numbers, [ln.text for ln in lines], labeller.line_roles(numbers, issue),
        ctx.hints.headings, model, threshold=ctx.config.structure.confidence,
    )  # fmt: skip
    # A line that a configured section pattern names is a heading, as the book says.
    patterns = _compiled(ctx.config.structure.section_patterns)
    texts = {ln.n: ln.text for ln in lines} if patterns else {}
    return [
        d for d in found
        if d.line not in ctx.roles and not any(p.fullmatch(texts.get(d.line, "")) for p in patterns)
    ]  # fmt: skip


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """``structure.section_patterns``, compiled once per configuration."""
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


def _lines(text: str, ctx: ReadContext) -> Iterator[Line]:
    # Most files are clean: then each line is too (a line end never composes with a
    # neighbour in NFC), and clean_line would leave every line as it is.
    clean = "\t" not in text and not has_controls(text) and is_normalized("NFC", text)
    for n, raw in enumerate(split_lines(text), start=1):
        line, had_controls = (raw, False) if clean else clean_line(raw)
        if had_controls:
            ctx.diagnostics.warn(ctx.path, n, "control characters removed", Code.TEXT_CONTROL)
        line = line.strip()
        if "  " in line:
            line = _SPACES.sub(" ", line)
        if line:
            yield Line(n, line)


class _Parser:
    """One issue's lines, cut into zones, then grouped into blocks."""

    def __init__(self, lines: list[Line], ctx: ReadContext) -> None:
        self.ctx = ctx
        self.roles = ctx.roles
        self.dropped: list[Dropped] = []
        self.lines = [ln for ln in lines if not self._has_role(ln, "boilerplate")]
        self.dropped += [
            Dropped(ln.n, ln.text, LineReason.OVERRIDE)
            for ln in lines
            if self._has_role(ln, "boilerplate")
        ]
        self.section_patterns = _compiled(ctx.config.structure.section_patterns)
        self.headings: dict[int, bool] = {}
        """Line number -> whether the line is a section heading, decided once per line."""
        self.emoji_items: frozenset[int] = frozenset()
        """The line numbers of the items of lists whose items start with an emoji (found
        once the title is)."""

    def _has_role(self, line: Line, role: str) -> bool:
        return self.roles.get(line.n) == role

    def _is_heading(self, line: Line) -> bool:
        known = self.headings.get(line.n)
        if known is None:
            known = self.headings[line.n] = self._heading(line)
        return known

    def _heading(self, line: Line) -> bool:
        role = self.roles.get(line.n)
        if role is not None:
            return role == "heading"
        if line.n in self.emoji_items:
            return False
        return cues.is_section_heading(line.text, self.section_patterns, self.ctx.hints.headings)

    def _emoji_items(self, body: list[Line]) -> frozenset[int]:
        """The lines of each run of :data:`_EMOJI_RUN` lines or more of ``body`` (the
        lines after the title) that start with an emoji, none a section name the archive
        knows or a pattern names: a list whose writer put an emoji before each item. A
        run's first line stays out of it, a heading, where it opens the body or is short
        (:data:`_EMOJI_HEADING_WORDS`) before a longer line."""
        found: set[int] = set()
        run: list[Line] = []
        for line in [*body, None]:
            if line is not None and self._emoji_item(line):
                run.append(line)
                continue
            if len(run) > 1 and (
                run[0] is body[0]
                or cues.words(run[0].text) <= _EMOJI_HEADING_WORDS < cues.words(run[1].text)
            ):
                run = run[1:]
            if len(run) >= _EMOJI_RUN:
                found.update(ln.n for ln in run)
            run = []
        return frozenset(found)

    def _emoji_item(self, line: Line) -> bool:
        text = line.text
        if self.roles.get(line.n) is not None or not cues.starts_with_emoji(text):
            return False
        if any(p.fullmatch(text) for p in self.section_patterns):
            return False
        return cues.heading_key(text) not in self.ctx.hints.headings

    def issue(self, source: Source) -> Issue:
        # A "view in browser" line or the like may stand above the title.
        while len(self.lines) > 1 and self.roles.get(self.lines[0].n) is None:
            if not self.ctx.is_boilerplate(self.lines[0].text, False):
                break
            first = self.lines.pop(0)
            self.dropped.append(Dropped(first.n, first.text, LineReason.BOILERPLATE_PATTERN))
        if not self.lines:
            raise InputError(Code.ISSUE_EMPTY, "every line is set aside by the override")
        # The title and the teaser are the first lines, unless the override says which.
        forced_title = next((ln for ln in self.lines if self._has_role(ln, "title")), None)
        title_line = forced_title or self.lines[0]
        rest = [ln for ln in self.lines if ln is not title_line]
        self.emoji_items = self._emoji_items(rest)
        forced_teaser = next((ln for ln in rest if self._has_role(ln, "subtitle")), None)
        title, number = cues.title_number(title_line.text)
        subtitle, subtitle_line = None, 0
        if forced_teaser is not None or (
            rest and not self._is_heading(rest[0]) and self.roles.get(rest[0].n) is None
        ):
            teaser = forced_teaser or rest[0]
            rest = [ln for ln in rest if ln is not teaser]
            subtitle_line = teaser.n
            subtitle, teaser_number = cues.split_number(teaser.text)
            number = teaser_number if teaser_number is not None else number
        forced_comments = [ln for ln in rest if self._has_role(ln, "comment")]
        body, author, comments = self._tail([ln for ln in rest if ln not in forced_comments])
        comments = sorted(comments + forced_comments, key=lambda ln: ln.n)
        return Issue(
            source=source,
            title=title,
            subtitle=subtitle or None,
            number=number,
            author=author,
            sections=tuple(self._sections(body)),
            comments=tuple(Comment(plain(ln.text), ln.n) for ln in comments),
            dropped=tuple(sorted(self.dropped, key=lambda d: d.line)),
            title_line=title_line.n,
            subtitle_line=subtitle_line if subtitle else 0,
        )

    # -- tail: signature, bio and reader comments --------------------------------------------

    def _tail(self, lines: list[Line]) -> tuple[list[Line], str | None, list[Line]]:
        """Split off signature, bio and comments; return (body, author, comments).

        They are looked for after the last section heading (anywhere for a line
        an override gives the role). Comments are everything after the bio, or
        after the signature when there is no bio.
        """
        last_heading = max((i for i, ln in enumerate(lines) if self._is_heading(ln)), default=-1)
        start = last_heading + 1
        bio = self._find(lines, start, "bio", cues.is_bio)
        signature = None
        if bio is not None and bio > 0 and self._signature_like(lines[bio - 1]):
            signature = bio - 1
        elif bio is None:
            signature = self._find(lines, start, "signature", self._is_known_signature)
            if signature is None and start < len(lines) and self._last_line_signs(lines[-1]):
                signature = len(lines) - 1
        author = None
        if signature is not None:
            author = lines[signature].text.rstrip(".,!")
        if bio is not None:
            self.dropped.append(Dropped(lines[bio].n, lines[bio].text, LineReason.AUTHOR_BIO))
        cut = [i for i in (signature, bio) if i is not None]
        if not cut:
            return lines, author, []
        return lines[: min(cut)], author, lines[max(cut) + 1 :]

    def _find(
        self, lines: list[Line], start: int, role: str, cue: Callable[[str], bool]
    ) -> int | None:
        """The first line given ``role`` by the override, else the first from ``start``
        that ``cue`` recognises (and no override gives another role)."""
        for i, line in enumerate(lines):
            if self._has_role(line, role):
                return i
        for i in range(start, len(lines)):
            if self.roles.get(lines[i].n) is None and cue(lines[i].text):
                return i
        return None

    def _signature_like(self, line: Line) -> bool:
        return self._has_role(line, "signature") or cues.is_name(line.text)

    def _last_line_signs(self, line: Line) -> bool:
        """A name alone on the last line signs the issue, unless it is a sign-off
        ("Bonne Lecture") rather than a name."""
        return cues.is_name(line.text) and not self.ctx.is_boilerplate(line.text, True)

    def _is_known_signature(self, text: str) -> bool:
        name = text.rstrip(".,!").casefold()
        return name in self.ctx.hints.signatures or any(
            name == s.casefold() for s in self.ctx.config.signatures
        )

    # -- sections ----------------------------------------------------------------------------

    def _sections(self, lines: list[Line]) -> Iterator[Section]:
        heading: Line | None = None
        chunk: list[Line] = []
        for line in lines:
            if self._is_heading(line):
                if heading is not None or chunk:
                    yield self._section(heading, chunk)
                heading, chunk = line, []
            else:
                chunk.append(line)
        if heading is not None or chunk:
            yield self._section(heading, chunk)

    def _section(self, heading: Line | None, lines: list[Line]) -> Section:
        reader = _Blocks(lines, self.roles, self.emoji_items, self.ctx.is_boilerplate)
        blocks = tuple(reader.parse())
        if heading is None:
            return Section(None, blocks, lines[0].n if lines else 0)
        return Section(plain(heading.text), blocks, heading.n)


class _Blocks:
    """Groups the lines of one section into blocks."""

    def __init__(
        self,
        lines: list[Line],
        roles: Mapping[int, str],
        emoji_items: frozenset[int],
        is_boilerplate: Callable[[str, bool], bool],
    ) -> None:
        self.lines = lines
        self.roles = roles
        self.emoji_items = emoji_items
        self.sites = [cues.link_site(ln.text) for ln in lines]
        """:func:`cues.link_site` of each line, looked at up to three times."""
        link_lines = sum(1 for site in self.sites if site)
        # In a links section (most lines are links, or an intro and one link) a lone
        # "<why> <title> - <site>" line is a link; elsewhere it takes two in a row, so
        # that a sentence with a dash is not mistaken for one.
        self.links_section = (link_lines >= 2 and link_lines * 2 >= len(lines) - 1) or (
            link_lines == 1 and len(lines) <= 2
        )
        self.is_boilerplate = is_boilerplate
        self.reviews = [cues.cites(ln.text) and not is_boilerplate(ln.text, True) for ln in lines]
        """Whether each line cites its source or gives its address, as a press review's
        items do (not a footer's ``Se désinscrire https://…``, which is set aside later)."""
        self.i = 0
        self.last: Block | None = None
        """The block before the current line (None at the section's start)."""

    def role(self, k: int) -> str | None:
        return self.roles.get(self.lines[k].n) if k < len(self.lines) else None

    def text(self, k: int) -> str:
        return self.lines[k].text if k < len(self.lines) else ""

    def parse(self) -> Iterator[Block]:
        while self.i < len(self.lines):
            blocks = self._next()
            self.last = blocks[-1]
            yield from blocks

    def _next(self) -> tuple[Block, ...]:
        """The block(s) that start at the current line; advances past them."""
        line, role = self.lines[self.i], self.role(self.i)
        if role is not None:
            return (self._forced_block(line, role),)
        text = line.text
        if line.n in self.emoji_items:
            count = 1
            while (
                self.i + count < len(self.lines)
                and self.lines[self.i + count].n in self.emoji_items
            ):
                count += 1
            return (self._take_list(count),)
        if cues.bullet(text) is not None:
            return (self._list(ordered=False),)
        if cues.numbered(text) is not None:
            return (self._list(ordered=True),)
        if cues.opens_quote(text):
            quote = self._quote()
            if quote is not None:
                return (quote,)
        attributed = self._attributed(self.i)
        if attributed is not None:
            count, author = attributed
            paragraphs = tuple(plain(self.text(k)) for k in range(self.i, self.i + count))
            self.i += count + 1
            return (Quote(paragraphs, line.n, plain(author), self.lines[self.i - 1].n),)
        if cues.is_list_intro(text):
            items = self._colon_items(self.i + 1)
            if len(items) >= 2:
                self.i += 1
                return Paragraph(plain(text), line.n), self._take_list(len(items))
        if self._is_link(self.i):
            return (self._links(),)
        review = self._review(self.i)
        if review:
            return (self._take_list(review),)
        self.i += 1
        credit = cues.caption_credit(text)
        if credit is not None:
            return (Figure(plain(text), line.n, credit=credit),)
        if cues.is_subheading(text) and self._content_follows(self.i):
            return (Heading(plain(text), line.n),)
        return (Paragraph(plain(text), line.n),)

    def _forced_block(self, line: Line, role: str) -> Block:
        if role in _ITEM_ROLES:
            start, items = self.i, list[ListItem]()
            while self.role(self.i) in _ITEM_ROLES:
                if items and self.role(self.i) == "list-start":
                    break  # the next list starts here
                items.append(ListItem(plain(self.text(self.i)), self.lines[self.i].n))
                self.i += 1
                if self.role(self.i - 1) == "list-end":
                    break
            return ListBlock(tuple(items), self.lines[start].n)
        if role == "quote":
            quote = self._quote(forced=True)
            assert quote is not None
            return quote
        self.i += 1
        if role == "subheading":
            return Heading(plain(line.text), line.n)
        if role == "caption":
            return Figure(plain(line.text), line.n, credit=cues.caption_credit(line.text))
        return Paragraph(plain(line.text), line.n)

    # -- lists -------------------------------------------------------------------------------

    def _list(self, *, ordered: bool) -> ListBlock:
        start_line = self.lines[self.i].n
        items: list[ListItem] = []
        numbers: list[int] = []
        raw: list[ListItem] = []
        while self.i < len(self.lines) and self.role(self.i) is None:
            line = self.lines[self.i]
            if ordered:
                hit = cues.numbered(line.text)
                if hit is None:
                    break
                numbers.append(hit[0])
                item = hit[1]
            else:
                bullet = cues.bullet(line.text)
                if bullet is None:
                    break
                item = bullet
            items.append(ListItem(plain(item), line.n))
            raw.append(ListItem(plain(line.text), line.n))
            self.i += 1
        if ordered and numbers != list(range(numbers[0], numbers[0] + len(numbers))):
            # A countdown (3, 2, 1) or a gap: a book's ordered list would renumber it,
            # so the items keep their own numbers as text.
            return ListBlock(tuple(raw), start_line)
        return ListBlock(
            tuple(items), start_line, ordered=ordered, start=numbers[0] if numbers else 1
        )

    def _take_list(self, count: int) -> ListBlock:
        """The next ``count`` lines, each an item of one list as it stands."""
        lines = self.lines[self.i : self.i + count]
        self.i += count
        return ListBlock(tuple(ListItem(plain(ln.text), ln.n) for ln in lines), lines[0].n)

    def _colon_items(self, k: int) -> list[Line]:
        """The short lines after a line ending with ':' that form its list."""
        items: list[Line] = []
        while k < len(self.lines) and self.role(k) is None:
            text = self.text(k)
            # A whole sentence in lower case continues the intro's sentence: an item too.
            long_item = cues.starts_lower(text) and len(text) <= _MAX_LOWER_ITEM
            if not (cues.is_short_item(text) or long_item) or cues.bullet(text) is not None:
                break
            if cues.numbered(text) is not None or cues.caption_credit(text) is not None:
                break
            # An upper-case short line followed by prose, after a list, is a sub-heading.
            if items and not cues.starts_lower(text) and self._prose_follows(k + 1):
                break
            items.append(self.lines[k])
            k += 1
        return items

    def _review(self, k: int) -> int:
        """How many lines from line k make a press review, 0 if none: a run that starts
        with a line citing its source or giving its address (``… (Korben)``,
        ``… https://…``), and of which such lines make two or more and at least half; the
        run stops at a line that announces a list or is marked as one, or at a sub-heading
        (a short line before a paragraph that is no item of the review)."""
        if not self._reviewed(k):
            return 0
        length, reviewed, j = 0, 0, k
        while j < len(self.lines) and self.role(j) is None and j - k < _MAX_REVIEW_LINES:
            text = self.text(j)
            if cues.bullet(text) is not None or cues.numbered(text) is not None:
                break  # a list of its own
            if self._reviewed(j):
                reviewed += 1
                if 2 * reviewed >= j - k + 1 and reviewed >= 2:
                    length = j - k + 1
            elif cues.is_list_intro(text) or (
                cues.is_subheading(text)
                and self._prose_follows(j + 1)
                and not self._reviewed(j + 1)
            ):
                break
            j += 1
        return length

    def _reviewed(self, k: int) -> bool:
        return k < len(self.lines) and self.reviews[k] and self.role(k) is None

    # -- links, quotes -----------------------------------------------------------------------

    def _is_link(self, k: int) -> bool:
        if k >= len(self.lines) or self.role(k) is not None or self.sites[k] is None:
            return False
        if self.links_section:
            return True
        neighbours = (k - 1, k + 1)
        return any(0 <= j < len(self.lines) and self.sites[j] is not None for j in neighbours)

    def _links(self) -> ListBlock:
        start_line, items = self.lines[self.i].n, []
        while self._is_link(self.i):
            hit = self.sites[self.i]
            assert hit is not None
            items.append(ListItem(plain(hit[0]), self.lines[self.i].n, site=hit[1]))
            self.i += 1
        return ListBlock(tuple(items), start_line, links=True)

    def _quote(self, *, forced: bool = False) -> Quote | None:
        """A quote (one or more lines from an opening to a closing mark) and its attribution."""
        start_line = self.lines[self.i].n
        inline = cues.inline_attribution(self.text(self.i))
        if inline is not None:
            self.i += 1
            return Quote((plain(inline[0]),), start_line, plain(inline[1]), start_line)
        if not forced and not self._closes(self.i) and cues.closes_inside(self.text(self.i)):
            return None  # « Non », a-t-elle dit : a sentence that quotes, not a quote
        end = self.i
        while not self._closes(end):
            end += 1
            if end >= len(self.lines) or end - self.i >= _MAX_QUOTE_LINES or self.role(end):
                if not forced:
                    return None
                end = self.i
                break
        paragraphs = tuple(plain(self.text(k)) for k in range(self.i, end + 1))
        introduced = self._introduced(self.i)
        self.i = end + 1
        attribution, attribution_line = None, 0
        if self.i < len(self.lines) and self._is_attribution(self.i, introduced):
            attribution = plain(self.text(self.i).lstrip("—–- "))
            attribution_line = self.lines[self.i].n
            self.i += 1
        return Quote(paragraphs, start_line, attribution, attribution_line)

    def _attributed(self, k: int) -> tuple[int, str] | None:
        """How many lines the quote at line k has, and its author, when the quote has no
        quotation marks and its author follows after a dash (``—Tim Sneath on Twitter``).
        One line of any length, or up to :data:`_MAX_QUOTE_LINES` lines of at most
        :data:`_VERSE_MAX` characters. Not after a list's intro; not when one more dash
        follows the author, as in a list of them."""
        text = self.text(k)
        if cues.is_list_intro(text) or cues.dash_attribution(text) is not None:
            return None
        for end in range(k + 1, min(k + 1 + _MAX_QUOTE_LINES, len(self.lines))):
            author = cues.dash_attribution(self.text(end)) if self.role(end) is None else None
            if author is not None:
                after = self.text(end + 1)
                if cues.dash_attribution(after) is not None or cues.bullet(after) is not None:
                    return None
                return end - k, author
            if (end == k + 1 and not self._verse(k)) or not self._verse(end):
                return None  # (line k may be of any length when its author is next)
        return None

    def _introduced(self, k: int) -> bool:
        """Whether the block before line k is a heading, or a paragraph shaped as one."""
        last = self.last
        if isinstance(last, Heading):
            return True
        return isinstance(last, Paragraph) and cues.is_subheading(self.text(k - 1))

    def _verse(self, k: int) -> bool:
        """Whether line k can be a line of a quote of several lines: short, unmarked, and
        not shaped as a heading before a new sentence (``Quotes and notes`` above the
        quote is its section's name)."""
        text = self.text(k)
        if self.role(k) is not None or len(text) > _VERSE_MAX:
            return False
        if cues.bullet(text) is not None or cues.numbered(text) is not None:
            return False
        heading = cues.is_subheading(text) and cues.words(text) <= _VERSE_HEADING_WORDS
        return not (heading and self.text(k + 1)[:1].isupper())

    def _closes(self, k: int) -> bool:
        """Line k ends the quote opened at the current line (a lone mark does not close)."""
        text = self.text(k)
        return cues.closes_quote(text) and (k > self.i or len(text) > 1)

    def _is_attribution(self, k: int, introduced: bool) -> bool:
        """Whether line k names the author of the quote above it (``introduced``: the
        quote is under a heading, or a line shaped as one: :meth:`_introduced`)."""
        role = self.role(k)
        if role is not None:
            return role == "attribution"
        text = self.text(k)
        if len(text) > 120 or cues.words(text) > 12 or cues.opens_quote(text):
            return False
        if text.endswith(("!", "?", ":")):
            return False
        # A heading-shaped line over a paragraph heads what follows, unless it reads
        # "Author - Work", or is a name (``Voltaire``) after a quote that no heading
        # introduces (the sign-off, "C'est terminé pour aujourd'hui !", is no paragraph).
        if " - " in text or not cues.is_subheading(text):
            return True
        if cues.is_name(text) and not introduced:
            return True
        if not self._prose_follows(k + 1):
            return True
        return self.is_boilerplate(self.text(k + 1), True)

    def _prose_follows(self, k: int) -> bool:
        """Does a paragraph start at line k (what a sub-heading introduces)?"""
        if k >= len(self.lines) or self.role(k) not in (None, "paragraph"):
            return False
        text = self.text(k)
        if cues.bullet(text) is not None or cues.numbered(text) is not None:
            return False
        if self._is_link(k) or cues.caption_credit(text) is not None:
            return False
        return cues.is_prose(text)

    def _content_follows(self, k: int) -> bool:
        """Does a paragraph or a marked list start at line k?"""
        if k < len(self.lines) and self.role(k) is None:
            text = self.text(k)
            if cues.bullet(text) is not None or cues.numbered(text) is not None:
                return True
        return self._prose_follows(k)
