"""The evaluation corpus: plain-text copies and their truth, rebuilt from ``corpus/sources/``.

Each source file (Markdown or HTML, published by a public newsletter under a licence
that allows redistribution: ``corpus/SOURCES.json``) becomes two files in
``corpus/build/<newsletter>/``:

- ``copy/<stem>.txt``, the issue as a reader copies its web page: the title, then each
  block element (paragraph, heading, list item, table cell, block quote, caption, code
  line) on its own line, list bullets and numbers dropped, a link's text kept and its
  address dropped, images dropped, figure captions kept;
- ``truth/<stem>.json``, what the markup says of it: the title, the headings with their
  levels, the lists (which items form one list), the captions and the quotes, and a label
  for every line of the copy (the material a learned labeller would train on).

    python scripts/corpus.py            # rebuild corpus/build/ (offline, deterministic)
    python scripts/corpus.py --table    # print the sources table of corpus/SOURCES.md

Nothing here reads the network, and the output depends only on the sources.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml
from lxml import html as lxml_html
from lxml.etree import _Comment, _Element, _ProcessingInstruction
from markdown_it import MarkdownIt
from markdown_it.token import Token

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SOURCES = CORPUS / "sources"
BUILD = CORPUS / "build"
RECORD = CORPUS / "SOURCES.json"

# Labels of the lines of a copy (and of the blocks of the truth).
TITLE, HEADING, PARAGRAPH, ITEM, QUOTE, CAPTION, CELL, CODE = (
    "title", "heading", "paragraph", "item", "quote", "caption", "cell", "code",
)  # fmt: skip


@dataclass(slots=True)
class Line:
    """One line of the copy, with what the markup says it is."""

    text: str
    label: str
    level: int | None = None
    """A heading's level (1-6)."""
    list_id: int | None = None
    """For an item, which list of the issue it belongs to (0, 1, ...)."""


@dataclass(slots=True)
class Page:
    """An issue as its markup gives it: the title and the lines, in order."""

    title: str | None = None
    lines: list[Line] = field(default_factory=list)
    lists: int = 0

    def add(self, text: str, label: str, **extra: Any) -> None:
        for part in text.split("\n"):
            part = " ".join(part.split())
            if part:
                self.lines.append(Line(part, label, **extra))

    def new_list(self) -> int:
        self.lists += 1
        return self.lists - 1


# ---------------------------------------------------------------------------------------
# Front matter


_PELICAN = re.compile(r"^(?P<key>[A-Za-z][\w-]*):\s*(?P<value>.*)$")


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """The metadata at the top of a Markdown file (YAML between ``---`` lines, TOML
    between ``+++`` lines, or Pelican's ``Key: value`` lines up to the first blank line)
    and the body."""
    if text.startswith("+++"):
        end = re.search(r"^\+\+\+\s*$", text[3:], re.MULTILINE)
        if end is not None:
            try:
                return tomllib.loads(text[3 : 3 + end.start()]), text[3 + end.end() :]
            except tomllib.TOMLDecodeError:
                return {}, text[3 + end.end() :]
    if text.startswith("---"):
        end = re.search(r"^---\s*$", text[3:], re.MULTILINE)
        if end is not None:
            try:
                meta = yaml.safe_load(text[3 : 3 + end.start()])
            except yaml.YAMLError:
                meta = None
            return (meta if isinstance(meta, dict) else {}), text[3 + end.end() :]
    head, sep, rest = text.partition("\n\n")
    lines = head.splitlines()
    if sep and lines and all(_PELICAN.match(line) for line in lines):
        meta = {}
        for line in lines:
            m = _PELICAN.match(line)
            assert m is not None
            meta[m["key"].lower()] = m["value"].strip()
        return meta, rest
    return {}, text


def meta_title(meta: dict[str, Any]) -> str | None:
    """``title``, or ``data.title`` (the Dart newsletter's layout), as text."""
    title = meta.get("title")
    if title is None and isinstance(meta.get("data"), dict):
        title = meta["data"].get("title")
    return " ".join(str(title).split()) or None if title is not None else None


# ---------------------------------------------------------------------------------------
# Markdown


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def inline_text(tokens: list[Token]) -> str:
    """The text a browser shows of inline tokens: link text without the address, no
    images, inline HTML tags dropped (their text kept), a hard break a new line."""
    out: list[str] = []
    for tok in tokens:
        match tok.type:
            case "text" | "code_inline":
                out.append(tok.content)
            case "softbreak":
                out.append(" ")
            case "hardbreak":
                out.append("\n")
            case "html_inline":
                if re.match(r"<br\s*/?>", tok.content, re.IGNORECASE):
                    out.append("\n")
            case _:
                pass  # link_open/close, em, strong, image...
    return "".join(out)


def markdown_page(text: str) -> Page:
    meta, body = split_front_matter(text)
    page = Page(title=meta_title(meta))
    if page.title:
        page.add(page.title, TITLE)
    tokens = _markdown().parse(body)
    lists: list[int] = []  # the list ids open, innermost last
    quote = 0
    item_open: list[bool] = []  # per open item: its first paragraph not seen yet
    heading: tuple[int, str] | None = None
    cell = False
    for tok in tokens:
        t = tok.type
        if t == "heading_open":
            heading = (int(tok.tag[1]), "")
        elif t in ("bullet_list_open", "ordered_list_open"):
            lists.append(page.new_list())
        elif t in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif t == "list_item_open":
            item_open.append(True)
        elif t == "list_item_close":
            item_open.pop()
        elif t == "blockquote_open":
            quote += 1
        elif t == "blockquote_close":
            quote -= 1
        elif t in ("th_open", "td_open"):
            cell = True
        elif t in ("th_close", "td_close"):
            cell = False
        elif t == "inline":
            content = inline_text(tok.children or [])
            if heading is not None:
                _heading(page, heading[0], content)
                heading = None
            elif cell:
                page.add(content, CELL)
            elif item_open and item_open[-1]:
                item_open[-1] = False
                page.add(" ".join(content.split()), ITEM, list_id=lists[-1])
            elif quote:
                page.add(content, QUOTE)
            else:
                page.add(content, PARAGRAPH)
        elif t in ("fence", "code_block"):
            page.add(tok.content, CODE)
        elif t == "html_block":
            html_blocks(tok.content, page, quoted=bool(quote))
    return page


def _heading(page: Page, level: int, text: str) -> None:
    text = " ".join(text.split())
    if not text:
        return
    if page.title is None and level == 1:
        page.title = text
        page.add(text, TITLE)
    elif page.title is not None and level == 1 and text == page.title and len(page.lines) <= 1:
        return  # the page's title repeated at the top of the body: one line of the copy
    else:
        page.add(text, HEADING, level=level)


# ---------------------------------------------------------------------------------------
# HTML

_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section",
        "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
_SKIPPED = frozenset(
    {"script", "style", "img", "picture", "video", "audio", "iframe", "svg", "noscript"}
)
_LEAF_LABEL = {"td": CELL, "th": CELL, "figcaption": CAPTION, "caption": CAPTION, "pre": CODE}


@dataclass(slots=True)
class _HtmlState:
    page: Page
    lists: list[int] = field(default_factory=list)
    quote: int = 0
    label: str | None = None
    """The label of the leaf block whose text is being gathered (cell, caption...)."""
    level: int | None = None
    item: bool = False
    buffer: list[str] = field(default_factory=list)

    def flush(self) -> None:
        text = "".join(self.buffer)
        self.buffer.clear()
        if not text.strip():
            return
        if self.label == HEADING:
            assert self.level is not None
            _heading(self.page, self.level, text)
        elif self.item and self.lists:
            self.page.add(" ".join(text.split()), ITEM, list_id=self.lists[-1])
            self.item = False  # an item's later blocks are paragraphs
        elif self.label is not None:
            self.page.add(text, self.label)
        else:
            self.page.add(text, QUOTE if self.quote else PARAGRAPH)


def html_blocks(source: str, page: Page, quoted: bool = False) -> None:
    """Add the blocks of an HTML fragment (or document) to ``page``."""
    if not source.strip():
        return
    try:
        root = lxml_html.fragment_fromstring(source, create_parent="div")
    except Exception:  # lxml raises several kinds on broken input; keep its text then
        page.add(re.sub(r"<[^>]+>", " ", source), QUOTE if quoted else PARAGRAPH)
        return
    state = _HtmlState(page, quote=int(quoted))
    _walk(root, state)
    state.flush()


def _walk(el: _Element, state: _HtmlState) -> None:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if isinstance(el, _Comment | _ProcessingInstruction) or tag in _SKIPPED:
        if el.tail:
            state.buffer.append(el.tail)
        return
    if tag == "br":
        state.buffer.append("\n")
    elif tag in _BLOCKS:
        state.flush()
        saved = (state.label, state.level, state.item)
        if tag in ("ul", "ol"):
            state.lists.append(state.page.new_list())
        elif tag == "li":
            state.item, state.label = True, None
        elif tag == "blockquote":
            state.quote += 1
        elif re.fullmatch(r"h[1-6]", tag):
            state.label, state.level = HEADING, int(tag[1])
        elif tag in _LEAF_LABEL:
            state.label = _LEAF_LABEL[tag]
        if el.text:
            state.buffer.append(el.text)
        for child in el:
            _walk(child, state)
        state.flush()
        if tag in ("ul", "ol"):
            state.lists.pop()
        elif tag == "blockquote":
            state.quote -= 1
        state.label, state.level, state.item = saved
        if tag == "li":
            state.item = False
    else:
        if el.text:
            state.buffer.append(el.text)
        for child in el:
            _walk(child, state)
    if el.tail:
        if tag in _BLOCKS:
            state.flush()
        state.buffer.append(el.tail)


def html_page(text: str) -> Page:
    page = Page()
    try:
        doc = lxml_html.document_fromstring(text)
    except Exception:
        return page
    title = doc.find(".//title")
    if title is not None and (words := " ".join("".join(str(t) for t in title.itertext()).split())):
        page.title = words
        page.add(words, TITLE)
    body = doc.find(".//body")
    state = _HtmlState(page)
    _walk(body if body is not None else doc, state)
    state.flush()
    return page


# ---------------------------------------------------------------------------------------
# Truth and copy


def page_of(path: Path) -> Page:
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() in (".html", ".htm"):
        return html_page(text)
    return markdown_page(text)


def truth(page: Page) -> dict[str, Any]:
    """The truth file of a page: what the scorer compares the reader with."""
    lists: dict[int, list[str]] = {}
    for line in page.lines:
        if line.label == ITEM and line.list_id is not None:
            lists.setdefault(line.list_id, []).append(line.text)
    quotes: list[str] = []
    previous: str | None = None
    for line in page.lines:  # consecutive quote lines are one quote
        if line.label == QUOTE:
            if previous == QUOTE:
                quotes[-1] += "\n" + line.text
            else:
                quotes.append(line.text)
        previous = line.label
    return {
        "title": page.title,
        "headings": [
            {"level": line.level, "text": line.text} for line in page.lines if line.label == HEADING
        ],
        "lists": [items for _, items in sorted(lists.items())],
        "captions": [line.text for line in page.lines if line.label == CAPTION],
        "quotes": quotes,
        "lines": [{k: v for k, v in asdict(line).items() if v is not None} for line in page.lines],
    }


def copy(page: Page) -> str:
    return "".join(line.text + "\n" for line in page.lines)


def load_record() -> list[dict[str, Any]]:
    return cast(list[dict[str, Any]], json.loads(RECORD.read_text(encoding="utf-8")))


def issues(folder: Path) -> Iterator[Path]:
    """The issue files of one newsletter's sources, in name order."""
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in (".md", ".markdown", ".html", ".htm"):
            yield path


def build(out: Path = BUILD) -> dict[str, int]:
    """Rebuild ``out`` from the sources; the number of issues of each newsletter."""
    if out.exists():
        shutil.rmtree(out)
    counts: dict[str, int] = {}
    for source in load_record():
        name = source["name"]
        (out / name / "copy").mkdir(parents=True)
        (out / name / "truth").mkdir(parents=True)
        count = 0
        for path in issues(SOURCES / name):
            page = page_of(path)
            if not page.lines:
                continue
            (out / name / "copy" / f"{path.stem}.txt").write_text(copy(page), encoding="utf-8")
            data = json.dumps(truth(page), ensure_ascii=False, indent=1) + "\n"
            (out / name / "truth" / f"{path.stem}.json").write_text(data, encoding="utf-8")
            count += 1
        counts[name] = count
    return counts


def table() -> str:
    """The Markdown table of the sources, with their issue counts."""
    rows = [
        "| newsletter | language | issues | licence | repository | commit | path |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in load_record():
        n = sum(1 for _ in issues(SOURCES / s["name"]))
        rows.append(
            f"| {s['title']} (`{s['name']}`) | {s['language']} | {n} | {s['licence']} "
            f"| [{s['repository']}](https://github.com/{s['repository']}) "
            f"| `{s['commit'][:12]}` | `{s['path']}` |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--table", action="store_true", help="print the sources table")
    args = parser.parse_args(argv)
    if args.table:
        print(table())
        return 0
    counts = build()
    total = sum(counts.values())
    print(f"{BUILD.relative_to(ROOT)}: {total} issues from {len(counts)} newsletters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
