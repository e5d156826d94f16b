"""Reader for Markdown issues (an archive kept in git, a Buttondown export's bodies).

Metadata comes from YAML front matter (``---`` lines, trailing blanks
tolerated), or a Pelican-style header block (``Title: ...`` lines up to the
first blank line), or nothing. The body is parsed by markdown-it-py
(CommonMark, with tables and footnotes) and its HTML, raw HTML included,
goes through the HTML reader's sanitiser and mapping, so a Markdown issue
becomes the same model as any other.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath
from typing import Any

import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from letter_book.diagnostics import Code
from letter_book.errors import InputError
from letter_book.model import Issue, Source
from letter_book.readers.base import Metadata, ReadContext
from letter_book.readers.decode import BinaryFileError, decode
from letter_book.readers.html import LINE, issue_from_html

_FENCE = re.compile(r"^---[ \t]*$")
_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_PELICAN = re.compile(r"^([A-Za-z][\w -]{0,30}):[ \t]*(.*)$")
_PELICAN_KEYS = {"title", "date", "subtitle", "summary", "author", "authors", "number", "issue",
                 "slug", "tags", "category", "modified", "status", "lang"}  # fmt: skip
_NUMBER_IN_NAME = re.compile(
    r"(?:^|[^0-9])(?:issue|lettre|letter|n|no|numero|num|#)?[-_ ]?(\d{1,5})(?:[^0-9]|$)", re.I
)
_DATE_IN_TEXT = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table").use(footnote_plugin)


_MD = _parser()


def render(text: str) -> str:
    """Markdown as HTML, by the parser Markdown files are read with."""
    rendered: str = _MD.render(text)
    return rendered


def split_metadata(text: str) -> tuple[dict[str, Any], str, str | None]:
    """(metadata, body, problem): the front matter or header block, and the rest."""
    lines = text.split("\n")
    if lines and _FENCE.match(lines[0]):
        for end in range(1, len(lines)):
            if _END.match(lines[end]):
                block = "\n".join(lines[1:end])
                try:
                    data = yaml.safe_load(block) or {}
                except (yaml.YAMLError, ValueError, TypeError) as exc:  # 2023-02-29, too
                    return {}, "\n".join(lines[end + 1 :]), f"front matter is not valid YAML: {exc}"
                if not isinstance(data, dict):
                    return {}, "\n".join(lines[end + 1 :]), "front matter is not a mapping"
                return (
                    {str(k).lower(): v for k, v in data.items()},
                    "\n".join(lines[end + 1 :]),
                    None,
                )
    header: dict[str, Any] = {}
    for index, line in enumerate(lines):
        match = _PELICAN.match(line)
        if not line.strip():
            if header:
                return header, "\n".join(lines[index + 1 :]), None
            break
        if not match or match.group(1).strip().lower() not in _PELICAN_KEYS:
            break
        header[match.group(1).strip().lower()] = match.group(2).strip()
    return {}, text, None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE_IN_TEXT.search(str(value or ""))
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            return None
    return None


def _number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    match = re.search(r"\d{1,5}", str(value or ""))
    return int(match.group(0)) if match else None


def metadata_of(data: dict[str, Any], path: str) -> Metadata:
    """Metadata from front matter, completed by the file's path (``2019/issue-42.md``)."""
    name = PurePosixPath(path).stem
    number = _number(data.get("number", data.get("issue")))
    if number is None and not _DATE_IN_TEXT.match(name):
        match = _NUMBER_IN_NAME.search(name)
        number = int(match.group(1)) if match else None
    author = data.get("author", data.get("authors"))
    if isinstance(author, list):
        author = ", ".join(str(a) for a in author)

    def text(key: str) -> str | None:
        value = data.get(key)
        return " ".join(str(value).split()) or None if value is not None else None

    return Metadata(
        title=text("title"),
        subtitle=text("subtitle") or text("summary") or text("description"),
        number=number,
        date=_date(data.get("date")),
        author=str(author).strip() or None if author else None,
    )


def issue_from_markdown(text: str, source: Source, ctx: ReadContext) -> Issue:
    data, body, problem = split_metadata(text)
    if problem:
        ctx.diagnostics.warn(ctx.path, 1, f"{problem}; read as text", Code.METADATA_INVALID)
        body = text
    metadata = metadata_of(data, ctx.path)
    first_line = len(text.split("\n")) - len(body.split("\n")) + 1  # after the front matter
    html = _marked(body, first_line)
    return issue_from_html(html, source, PurePosixPath(ctx.path).stem, metadata, ctx, None)


def _marked(body: str, first_line: int) -> str:
    """``body`` as HTML, each block marked with the line of the file it starts on
    (markdown-it's ``map``, from 0, counted from ``first_line``): what warnings and an
    override's ``[lines]`` name."""
    tokens = _MD.parse(body)
    for token in tokens:
        if token.map is not None and (token.nesting == 1 or token.type in _LEAVES):
            token.attrSet(LINE, str(token.map[0] + first_line))
    rendered: str = _MD.renderer.render(tokens, _MD.options, {})
    return rendered


_LEAVES = frozenset(("fence", "code_block", "hr"))  # blocks with no opening token


def read(data: bytes, ctx: ReadContext) -> Issue:
    try:
        decoded = decode(data, ctx.config.archive.encodings)
    except BinaryFileError as exc:
        raise InputError(Code.FILE_BINARY, str(exc)) from exc
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    return issue_from_markdown(
        text, Source(ctx.path, "markdown", decoded.encoding, decoded.newline), ctx
    )
