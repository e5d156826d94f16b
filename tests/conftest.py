"""Shared fixtures: the project's paths, its configuration, and a one-call reader."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import pytest

from letter_book.config import Config, load_config
from letter_book.diagnostics import Diagnostics
from letter_book.model import Issue
from letter_book.readers import Hints, ReadContext, plaintext
from letter_book.transforms import TransformContext, apply_transforms
from letter_book.transforms.boilerplate import Matcher, Recurrence

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = ROOT / "archive"
SHARED = ROOT.parent / "shared"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen", action="store_true", help="rewrite the golden files instead of comparing"
    )


@pytest.fixture
def regen(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen")) or os.environ.get("LETTER_BOOK_REGEN") == "1"


@pytest.fixture(scope="session")
def config() -> Config:
    return load_config(ROOT / "letter-book.toml")


def read_text(
    text: str | bytes,
    config: Config | None = None,
    *,
    roles: Mapping[int, str] | None = None,
    diagnostics: Diagnostics | None = None,
    hints: Hints | None = None,
) -> Issue:
    """Read ``text`` as one plain-text issue and clean it as an issue read alone."""
    config = config or Config()
    data = text.encode("utf-8") if isinstance(text, str) else text
    diagnostics = Diagnostics() if diagnostics is None else diagnostics
    transforms = TransformContext(config, Matcher(config), Recurrence.empty())
    ctx = ReadContext(
        "issue.txt", config, diagnostics, roles or {}, hints or Hints(),
        transforms.matcher.is_boilerplate,
    )  # fmt: skip
    return apply_transforms(plaintext.read(data, ctx), transforms)


def requires_shared() -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        not SHARED.is_dir(),
        reason="../shared (the team's shared samples) is not beside the checkout",
    )
