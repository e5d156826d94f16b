"""The conversion report: what every issue became, and every line set aside and why.

Written as text for people and JSON for tools, next to the build outputs.
Nothing is lost silently: each input line is in the book, in the comments, in
the metadata, or in this report.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from letter_book.convert.archive import Archive
from letter_book.convert.dump import comments_json, dropped_json
from letter_book.diagnostics import shown
from letter_book.readers.labeller import explain
from letter_book.writers.layout import Part


def summary(archive: Archive, parts: tuple[Part, ...]) -> str:
    """A few lines for the terminal."""
    issues = [e.issue for e in archive.entries]
    dropped = Counter(d.reason for issue in issues for d in issue.dropped)
    warned = len(shown(archive.diagnostics))
    ignored = len(archive.diagnostics) - warned
    lines = [
        f"{len(issues)} issues in {len(parts)} parts; "
        f"{sum(len(i.comments) for i in issues)} reader comments kept apart; "
        f"{len(archive.skipped)} files skipped; {warned} warnings"
        + (f" ({ignored} more ignored: diagnostics.ignore)" if ignored else ""),
    ]
    if dropped:
        reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(dropped.items()))
        lines.append(f"lines set aside: {reasons}")
    return "\n".join(lines)


def render_text(archive: Archive, parts: tuple[Part, ...]) -> str:
    lines = ["letter-book conversion report", "", summary(archive, parts), ""]
    for diagnostic in archive.diagnostics:
        lines.append(f"{'ignored' if diagnostic.ignored else 'warning'}: {diagnostic}")
    for skipped in archive.skipped:
        lines.append(f"skipped: {skipped.path}: {skipped.reason}")
    lines += [f"image fetched: {url}" for url in archive.fetched]
    lines += [f"image not had: {url}" for url in archive.wanting]
    for part in parts:
        for chapter in part.chapters:
            issue = chapter.issue
            number = f"#{issue.number}" if issue.number is not None else "no number"
            date = issue.date.isoformat() if issue.date else "undated"
            lines += ["", f"{issue.source.path} -> {chapter.docname}.md ({number}, {date})"]
            lines.append(f"  title: {issue.title}")
            lines += [f"  {d.line}: [{d.reason}] {d.text}" for d in issue.dropped]
            # Notes, not warnings: the author checks them, and corrects with an override.
            lines += [f"  note: {d.line}: {explain(d)}" for d in issue.decisions]
            if issue.comments:
                lines.append(f"  {len(issue.comments)} reader comments kept apart")
    return "\n".join(lines) + "\n"


def render_json(archive: Archive, parts: tuple[Part, ...]) -> str:
    """The report as JSON: an object of four lists, with one warning, file set aside,
    remote image or issue a line (readable, and encoded by json's C encoder, which an
    indent turns off)."""
    data: dict[str, list[dict[str, Any]]] = {
        "warnings": [
            {
                "path": d.path,
                "line": d.line,
                "message": d.message,
                "code": d.code.value,
                "ignored": d.ignored,
            }
            for d in archive.diagnostics
        ],
        "skipped": [
            {"path": s.path, "reason": s.reason, "code": s.code.value} for s in archive.skipped
        ],
        "images": [
            *({"url": url, "fetched": True} for url in archive.fetched),
            *({"url": url, "fetched": False} for url in archive.wanting),
        ],
        "issues": [
            {
                "source": c.issue.source.path,
                "chapter": f"{c.docname}.md",
                "label": c.label,
                "number": c.issue.number,
                "date": c.issue.date.isoformat() if c.issue.date else None,
                "title": c.issue.title,
                "dropped": dropped_json(c.issue),
                "comments": comments_json(c.issue),
                "notes": [
                    {
                        "line": d.line,
                        "rules": d.rules,
                        "label": d.label,
                        "confidence": d.confidence,
                        "taken": d.taken,
                    }
                    for d in c.issue.decisions
                ],
            }
            for part in parts
            for c in part.chapters
        ],
    }
    lists = (f" {_encode(key)}: {_lines(items)}" for key, items in data.items())
    return "{\n" + ",\n".join(lists) + "\n}\n"


def _lines(items: list[dict[str, Any]]) -> str:
    if not items:
        return "[]"
    return "[\n  " + ",\n  ".join(map(_encode, items)) + "\n ]"


_encode = json.JSONEncoder(ensure_ascii=False).encode
