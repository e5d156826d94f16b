"""What a conversion is made from, and whether the book folder is up to date with it.

``letter-book convert`` records a digest of its inputs in the book folder
(:data:`STAMP`): the name, size and modification time of every file of the
archive (overrides included: they live there), the configuration file's bytes,
the options that choose the archive and the book, and letter-book's version.
``letter-book build`` converts again only when that digest changed, which costs
a walk of the archive, not a conversion: a target builds what it names from
what it depends on, as ``make`` users expect, without paying for a conversion
when nothing changed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from stat import S_ISREG

from letter_book import __version__
from letter_book.config import Config
from letter_book.files import write_text

STAMP = ".letterbook-inputs"
"""The file of the book folder that holds the digest of the conversion's inputs."""


def digest(archive: Path, book: Path, config: Config) -> str:
    """The digest of what converting ``archive`` into ``book`` with ``config`` reads."""
    sha = hashlib.sha256()
    sha.update(f"letter-book {__version__}\n".encode())
    sha.update(f"archive {archive.resolve()}\nbook {book.resolve()}\n".encode())
    if config.source is not None and config.source.is_file():
        sha.update(b"config\n" + config.source.read_bytes() + b"\n")
    for path in sorted(archive.rglob("*")):
        status = path.stat()
        if S_ISREG(status.st_mode):
            relative = path.relative_to(archive).as_posix()
            sha.update(f"{relative} {status.st_size} {status.st_mtime_ns}\n".encode())
    return sha.hexdigest()


def is_current(book: Path, inputs: str) -> bool:
    """Was ``book`` converted from these ``inputs`` (and is it still there)?"""
    stamp = book / STAMP
    return (
        (book / "index.md").is_file()
        and stamp.is_file()
        and stamp.read_text(encoding="utf-8").strip() == inputs
    )


def record(book: Path, inputs: str) -> None:
    """Remember that ``book`` was converted from ``inputs``."""
    write_text(book / STAMP, inputs + "\n")


def forget(book: Path) -> None:
    """Forget ``book``'s inputs, while a conversion rewrites it (one that fails leaves it
    to be converted again)."""
    (book / STAMP).unlink(missing_ok=True)
