"""Golden files: the sample archive as models (inspect --json) and as MyST chapters.

A change in what the reader recovers or the writer emits shows up here as a
diff to review. Regenerate after an intended change with ``pytest --regen``
(or LETTER_BOOK_REGEN=1) and commit the new files with the change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from letter_book.config import Config
from letter_book.convert.archive import Archive, read_archive
from letter_book.convert.dump import issue_json
from letter_book.writers import render_book

from .conftest import ARCHIVE, GOLDEN


@pytest.fixture(scope="module")
def archive(config: Config) -> Archive:
    return read_archive(ARCHIVE, config)


def check(path: Path, text: str, regen: bool) -> None:
    if regen:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"{path} is missing: run pytest --regen"
    assert text == path.read_text(encoding="utf-8"), f"{path} differs: review, then pytest --regen"


def test_models(archive: Archive, regen: bool) -> None:
    names = set()
    for entry in archive.entries:
        name = Path(entry.issue.source.path).stem + ".json"
        names.add(name)
        text = json.dumps(issue_json(entry.issue), ensure_ascii=False, indent=2) + "\n"
        check(GOLDEN / "models" / name, text, regen)
    assert {p.name for p in (GOLDEN / "models").iterdir()} == names, "stale golden files"


def test_chapters(archive: Archive, config: Config, regen: bool) -> None:
    _parts, files = render_book(archive, config)
    for name, text in files.items():
        check(GOLDEN / "book" / name, text, regen)
    written = {str(p.relative_to(GOLDEN / "book")) for p in (GOLDEN / "book").rglob("*.md")}
    assert written == set(files), "stale golden files"
