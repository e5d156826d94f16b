"""The output steps: Sphinx builds of the book's sources.

Sphinx always runs with warnings as errors (``-W --keep-going``): a book with
a broken reference or a bad page does not get published. ``conf.py`` sits in
the folder of ``letter-book.toml`` and reads the book's settings from it.
"""

from __future__ import annotations

import os
from pathlib import Path

from .config import CONFIG_FILE, Config
from .errors import BuildError

CONFIG_ENV = "LETTER_BOOK_CONFIG"
"""Environment variable that tells ``conf.py`` which configuration file to read."""


def sphinx_build(
    builder: str, book: Path, out: Path, config: Config, *, quiet: bool = True
) -> Path:
    """Run Sphinx's ``builder`` on ``book`` into ``out/<builder>``; return that folder."""
    from sphinx.cmd.build import build_main  # Sphinx is slow to import: only when building

    conf_dir = config.root.resolve()
    if not (conf_dir / "conf.py").is_file():
        raise BuildError(f"{conf_dir}: no conf.py (it belongs beside {CONFIG_FILE})")
    if not (book / "index.md").is_file():
        raise BuildError(f"{book}: no index.md; run `letter-book convert` first")
    target = out / builder
    args = ["-b", builder, "-c", str(conf_dir), "-d", str(out / "doctrees"), "-W", "--keep-going"]
    if quiet:
        args.append("-q")
    previous = os.environ.get(CONFIG_ENV)
    if config.source is not None:
        os.environ[CONFIG_ENV] = str(config.source.resolve())
    try:
        status = build_main([*args, str(book), str(target)])
    finally:
        if previous is None:
            os.environ.pop(CONFIG_ENV, None)
        else:
            os.environ[CONFIG_ENV] = previous
    if status != 0:
        raise BuildError(f"Sphinx {builder} build failed (status {status}); see the messages above")
    _remove_stale_pages(book, target)
    return target


def _remove_stale_pages(book: Path, target: Path) -> None:
    """Remove the pages of issues and parts that left the book: Sphinx never deletes outputs."""
    for folder in ("issues", "parts"):
        for page in (target / folder).glob("*.html"):
            if not (book / folder / page.with_suffix(".md").name).is_file():
                page.unlink()
