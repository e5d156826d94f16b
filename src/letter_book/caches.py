"""Results kept from one build to the next: a pickled file of entries by key.

A :class:`Store` keeps what a step made from an input, under a key that digests the input
and everything else the result depends on; the next build asks for the same key and
does not make it again. The conversion keeps the issues it read
(:mod:`letter_book.convert.cache`), the EPUB the content documents it made from Sphinx's
pages (:mod:`letter_book.publish.epub`).

A store is one file: its salt (letter-book's version and code, and whatever the step's
results depend on as a whole), then the entries, each pickled on its own, so that a build
unpickles only those it asks for. It keeps the entries the last build used, no others. A
file that cannot be read, or whose salt differs, is ignored: everything is made again.
"""

from __future__ import annotations

import hashlib
import pickle
from functools import cache
from pathlib import Path
from typing import Generic, TypeVar

import letter_book

T = TypeVar("T")


@cache
def code_digest() -> str:
    """A digest of letter-book: its version and its own files (code, model), so that a
    change to either, released or in a working copy, makes everything again."""
    package = Path(letter_book.__file__).parent
    sha = hashlib.sha256(f"{letter_book.__version__}\n".encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".crfsuite", ".toml") and path.is_file():
            sha.update(f"{path.relative_to(package).as_posix()}\n".encode())
            sha.update(path.read_bytes())
    return sha.hexdigest()


class Store(Generic[T]):
    """The entries the last build kept in the file ``path`` (None: keep nothing), and those
    this build uses."""

    def __init__(self, path: Path | None, salt: str) -> None:
        self.path = path
        self.salt = salt
        self.before = self._load()
        self.now: dict[str, bytes] = {}

    def _load(self) -> dict[str, bytes]:
        if self.path is None or not self.path.is_file():
            return {}
        try:
            with self.path.open("rb") as stream:
                if pickle.load(stream) != self.salt:
                    return {}
                entries: dict[str, bytes] = pickle.load(stream)
        except Exception:  # whatever stops the reading, everything is made again
            return {}
        return entries

    def get(self, key: str) -> T | None:
        blob = self.now.get(key) or self.before.get(key)
        if blob is None:
            return None
        try:
            value: T = pickle.loads(blob)
        except Exception:  # an entry that cannot be unpickled is made again
            return None
        self.now[key] = blob
        return value

    def put(self, key: str, value: T) -> None:
        self.now[key] = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)

    def save(self) -> None:
        """Write the entries this build used, unless they are those of the file already
        (in one step: a build stopped half way leaves the file as it was)."""
        if self.path is None or self.now.keys() == self.before.keys():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".partial")
        with partial.open("wb") as stream:
            pickle.dump(self.salt, stream, pickle.HIGHEST_PROTOCOL)
            pickle.dump(self.now, stream, pickle.HIGHEST_PROTOCOL)
        partial.replace(self.path)
