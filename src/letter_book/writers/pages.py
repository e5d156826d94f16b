"""The pages around the chapters: the home page and one part page per year."""

from __future__ import annotations

from letter_book.config import Config
from letter_book.writers.escape import escape
from letter_book.writers.labels import issue_count, label
from letter_book.writers.layout import UNDATED, Part


def part_title(part: Part, language: str) -> str:
    return label(language, "undated") if part.key == UNDATED else part.key


def toctree(entries: list[str], caption: str | None = None) -> list[str]:
    lines = ["```{toctree}", ":maxdepth: 1"]
    if caption:
        lines.append(f":caption: {caption}")
    return [*lines, "", *entries, "```"]


def render_index(parts: tuple[Part, ...], config: Config, appendices: tuple[str, ...] = ()) -> str:
    book, language = config.book, config.book.language
    lines = [f"# {escape(book.title)}", ""]
    if book.subtitle:
        lines += ["{.book-subtitle}", escape(book.subtitle), ""]
    if book.author:
        lines += ["{.book-author}", escape(label(language, "by", author=book.author)), ""]
    if book.description:
        lines += [escape(book.description), ""]
    count = sum(len(p.chapters) for p in parts)
    years = [p.key for p in parts if p.key != UNDATED]
    if count and years:
        text = issue_count(language, count, [int(year) for year in years])
        lines += ["{.book-count}", escape(text), ""]
    # The caption is ours (a fixed label), so it needs no escaping beyond being one line.
    lines += toctree([f"/{p.docname}" for p in parts], label(language, "issues"))
    if appendices:
        index = label(language, "index").replace("<", "")
        entries = [f"{index} <genindex>" if n == "genindex" else f"/{n}" for n in appendices]
        lines += ["", *toctree(entries, label(language, "appendices"))]
    return "\n".join(lines) + "\n"


def render_part(part: Part, config: Config) -> str:
    lines = [f"(part-{part.key})=", f"# {escape(part_title(part, config.book.language))}", ""]
    lines += toctree([f"/{c.docname}" for c in part.chapters])
    return "\n".join(lines) + "\n"
