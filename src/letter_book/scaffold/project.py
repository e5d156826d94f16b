"""A new book project: ``letter-book init DIR``.

A book project is the author's own repository: the archive, ``letter-book.toml``,
a two-line ``conf.py``, a Makefile that installs letter-book into ``.venv`` from
``requirements.txt``, and a GitHub Actions workflow that builds and publishes the
book. The files are templates shipped with the package (``templates/project/``).
Existing files are never overwritten.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from letter_book import __version__
from letter_book.config import BookConfig, parse_config
from letter_book.errors import LetterBookError

TEMPLATES = Path(__file__).parent / "templates" / "project"

FILES: tuple[tuple[str, str], ...] = (
    ("letter-book.toml", "letter-book.toml"),
    ("conf.py", "conf.py"),
    ("requirements.txt", "requirements.txt"),
    ("Makefile", "Makefile"),
    ("README.md", "README.md"),
    ("gitignore", ".gitignore"),
    ("archive-README.md", "archive/README.md"),
    ("book.yml", ".github/workflows/book.yml"),
)
"""Each template of ``templates/project/`` and where it goes in the project."""

DISTRIBUTION = "letter-book"


@dataclass(frozen=True, slots=True)
class Settings:
    """What ``init`` writes into the templates."""

    title: str = BookConfig().title
    author: str | None = None
    language: str = BookConfig().language
    requirement: str = ""
    """The requirements.txt line that installs letter-book (default: :func:`requirement`)."""


@dataclass(frozen=True, slots=True)
class Created:
    root: Path
    written: tuple[str, ...]
    """Project-relative paths of the files written."""
    kept: tuple[str, ...]
    """Project-relative paths of the files that existed and were left as they were."""


def requirement() -> str:
    """The requirements.txt line for the letter-book running now.

    Installed from a git repository: that repository at this commit; from a local
    folder: that folder (reachable from this machine only); otherwise (an index):
    the compatible range of this version.
    """
    from importlib import metadata  # here: its import is a tenth of every command's start

    try:
        direct = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        direct = None
    if direct:
        data = json.loads(direct)
        url = data.get("url", "")
        vcs = data.get("vcs_info")
        if vcs and vcs.get("vcs") == "git" and url:
            return f"{DISTRIBUTION} @ git+{url}@{vcs.get('commit_id', 'HEAD')}"
        if url.startswith("file:") and "dir_info" in data:
            return f"{DISTRIBUTION} @ {url}"
    return compatible_range(__version__)


def compatible_range(version: str) -> str:
    """``letter-book>=X.Y.Z,<X+1`` (``<0.Y+1`` before 1.0: minor versions may break)."""
    parts = [int(p) for p in version.split(".")[:3] if p.isdigit()]
    major, minor = [*parts, 0, 0][:2]
    upper = f"{major + 1}" if major else f"0.{minor + 1}"
    return f"{DISTRIBUTION}>={version},<{upper}"


def is_local(line: str) -> bool:
    """Whether the requirement points at a folder of this machine (CI cannot install it)."""
    return "@ file:" in line


def _toml_string(value: str) -> str:
    # A JSON string is a TOML basic string: the same quotes and backslash escapes.
    return json.dumps(value, ensure_ascii=False)


def render(template: str, settings: Settings) -> str:
    """The text of one template with ``settings`` in place of its ``{{name}}`` fields."""
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    author = settings.author
    fields = {
        "title": _toml_string(settings.title) if template == "letter-book.toml" else settings.title,
        "author": f"author = {_toml_string(author)}" if author else '# author = "Your Name"',
        "language": _toml_string(settings.language),
        "requirement": settings.requirement or requirement(),
    }
    return re.sub(r"\{\{(\w+)\}\}", lambda match: fields[match[1]], text)


def init_project(root: Path, settings: Settings, *, force: bool = False) -> Created:
    """Write a book project into ``root``.

    ``root`` must be missing or empty, unless ``force``: then the missing files are
    written and every existing file is kept as it is.
    """
    if root.exists() and not root.is_dir():
        raise LetterBookError(f"{root}: not a folder")
    if root.is_dir() and any(root.iterdir()) and not force:
        raise LetterBookError(
            f"{root}: not empty; use --force to add the missing files (existing files are kept)"
        )
    texts = {target: render(template, settings) for template, target in FILES}
    config = texts["letter-book.toml"]
    parse_config(tomllib.loads(config), root / "letter-book.toml")  # raises on a bad value
    written: list[str] = []
    kept: list[str] = []
    for target, text in texts.items():
        path = root / target
        if path.exists():
            kept.append(target)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
        written.append(target)
    return Created(root, tuple(written), tuple(kept))
