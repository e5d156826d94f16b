"""Every input line ends up somewhere: chapter, comments, metadata, or the report of what was set aside."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from letter_book.config import Config
from letter_book.convert.archive import read_archive
from letter_book.model import (
    Code,
    Figure,
    Heading,
    Issue,
    ListBlock,
    Paragraph,
    Quote,
    Table,
    flatten,
)
from letter_book.readers.decode import clean_line, decode, split_lines

from .conftest import ARCHIVE, MAKE_ARCHIVE, SAMPLES


def accounted(issue: Issue) -> tuple[set[int], set[str]]:
    """Line numbers the model keeps, and texts it keeps without a line number."""
    lines = {issue.title_line, issue.subtitle_line}
    texts = {issue.author} if issue.author else set()
    lines |= {d.line for d in issue.dropped} | {c.line for c in issue.comments}
    for section in issue.sections:
        lines.add(section.line)
        for block in section.blocks:
            match block:
                case Paragraph() | Heading() | Figure() | Code() | Table():
                    lines.add(block.line)
                case ListBlock():
                    lines |= {item.line for item in block.items}
                case Quote():
                    lines |= {block.line, block.attribution_line}
                    texts |= {flatten(p) for p in block.paragraphs}
    return lines, texts


def check_archive(root: Path, config: Config) -> int:
    """Assert every non-empty line of every issue of ``root`` is accounted for; return the count."""
    archive = read_archive(root, config)
    checked = 0
    for entry in archive.entries:
        lines, texts = accounted(entry.issue)
        raw = decode((root / entry.issue.source.path).read_bytes(), config.archive.encodings).text
        for n, line in enumerate(split_lines(raw), start=1):
            text = " ".join(clean_line(line)[0].split(" ")).strip()
            if text:
                assert n in lines or text in texts or text.rstrip(".,") in texts, (
                    f"{entry.issue.source.path}:{n} lost: {text!r}"
                )
                checked += 1
    return checked


def test_sample_archive(config: Config) -> None:
    assert check_archive(ARCHIVE, config) > 400


def test_data_samples() -> None:
    assert check_archive(SAMPLES, Config()) > 50


def test_synthetic_archive(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(MAKE_ARCHIVE), "30", str(tmp_path)], check=True)
    assert check_archive(tmp_path, Config()) > 30 * 40


@pytest.mark.parametrize(
    "text",
    [
        "Titre\n\nTeaser #1\n\n\n🧭 Section\n« Une citation\n\nsur deux lignes. »\nAuteur\n",
        "Titre seul\n",
        "Titre\nTeaser\nClaire\nJe suis Claire Martin, de Quai 9.\nUn commentaire\n",
    ],
)
def test_edge_cases(tmp_path: Path, text: str) -> None:
    (tmp_path / "issue.txt").write_text(text, encoding="utf-8")
    assert check_archive(tmp_path, Config()) == len([ln for ln in text.splitlines() if ln.strip()])
