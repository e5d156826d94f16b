"""Shared fixtures: the project's paths, its configuration, and a one-call reader."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from letter_book import progress
from letter_book.config import Config, load_config
from letter_book.diagnostics import Diagnostics
from letter_book.model import Issue
from letter_book.readers import Hints, ReadContext, plaintext
from letter_book.transforms import TransformContext, apply_transforms
from letter_book.transforms.boilerplate import Matcher, Recurrence

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = ROOT / "archive"
GOLDEN = Path(__file__).resolve().parent / "golden"
DATA = Path(__file__).resolve().parent / "data"
SAMPLES = DATA / "samples"
"""Three issues in the plain-text format: a regular one, one with CRLF and markup, one in cp1252."""
FIXTURES = DATA / "fixtures"
"""A Substack and a Buttondown export (TryGhost/migrate's test fixtures, MIT: see its README)."""
MAKE_ARCHIVE = ROOT / "bench" / "make_archive.py"
"""The benchmark's generator of synthetic plain-text archives: ``MAKE_ARCHIVE N OUTDIR``."""
ARTIFACTS = ROOT / "build" / "test-artifacts"
"""Screenshots the browser tests keep for a person to look at (git-ignored, as build/ is)."""
SCREENSHOTS: list[Path] = []
"""The screenshots taken in this session, listed at the end of the run."""

# Tests never reach the network nor the user's image cache, in this process and in the
# letter-book commands they run: the tests of downloads serve images themselves and say so.
os.environ["LETTER_BOOK_OFFLINE"] = "1"
os.environ["LETTER_BOOK_CACHE"] = str(ROOT / "build" / "test-cache")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen", action="store_true", help="rewrite the golden files instead of comparing"
    )


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if SCREENSHOTS:
        names = ", ".join(sorted(p.name for p in SCREENSHOTS))
        terminalreporter.write_line(f"screenshots of the HTML book in {ARTIFACTS}/: {names}")


@pytest.fixture(autouse=True)
def _progress_as_found() -> Iterator[None]:
    """Each test leaves progress as it found it: ``-q`` given to the CLI, or a script run
    in the test's process (the trainer), silences it process-wide."""
    quiet = progress.is_quiet()
    yield
    progress.set_quiet(quiet)


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


WARNINGS_AS_ERRORS = (
    *("-W", "error"),
    # Other packages' deprecations are theirs to mend (myst-parser's of Sphinx 9's API, for
    # one): a user never sees them. letter-book's own are errors.
    *("-W", "ignore::DeprecationWarning", "-W", "ignore::PendingDeprecationWarning"),
    *(
        "-W",
        "error::DeprecationWarning:letter_book",
        "-W",
        "error::PendingDeprecationWarning:letter_book",
    ),
)
"""Python's options that make any other warning a library prints (pikepdf's, WeasyPrint's,
ebooklib's...) fail the command: a normal build prints none."""


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``letter-book ARGS`` in ``cwd``, with :data:`WARNINGS_AS_ERRORS`; it must succeed."""
    command = [sys.executable, *WARNINGS_AS_ERRORS, "-m", "letter_book", *map(str, args)]
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def make_project(tmp: Path, archive: Path) -> Path:
    """A book project in ``tmp``: the repository's conf.py and configuration, another archive."""
    shutil.copy(ROOT / "conf.py", tmp / "conf.py")
    config = (ROOT / "letter-book.toml").read_text(encoding="utf-8")
    config = config.replace('path = "archive"', f"path = {str(archive)!r}")
    (tmp / "letter-book.toml").write_text(config, encoding="utf-8")
    return tmp


def converted_project(tmp: Path, archive: Path = ARCHIVE) -> Path:
    """:func:`make_project`, its archive converted into ``book/``."""
    project = make_project(tmp, archive)
    run("convert", cwd=project)
    return project


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample archive's site, with its EPUB and PDF: built once for every test that reads it."""
    tmp = converted_project(tmp_path_factory.mktemp("sample"))
    run("build", cwd=tmp)  # all: the EPUB and the PDF, then the site that links them
    return tmp / "build" / "html"
