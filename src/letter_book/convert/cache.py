"""Issues read before: a file that did not change since the last conversion is not read
again.

Reading is most of a conversion (the plain-text reader's rules, then its line labeller),
and a conversion reads the whole archive, since what the archive teaches (recurring
lines, section names) can change any chapter. But what one file reads as depends only on
that file and on what letter-book is: its bytes, the name it is shown by, its override's
``[lines]``, the hints of the pass, the configuration, and letter-book's own code and
model. A digest of those is the key of the issue the reader returned, and of the warnings
it gave; what comes after the reader (the date from the file name, the check of local
images, the override's fields, the transforms) runs again on every conversion, as before.

The cache is one file, ``.cache/issues.pickle`` in the report folder (``build/``):
pickled, as Sphinx keeps its environment, in a folder that is the user's own. It keeps
the entries the last conversion used, no others. A cache that cannot be read (another
version of Python, a file cut short) is ignored: the files are read again.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path

import letter_book
from letter_book.config import Config
from letter_book.diagnostics import Diagnostic
from letter_book.model import Issue
from letter_book.readers.base import Hints

FILE = Path(".cache") / "issues.pickle"
"""The cache's file, relative to the report folder."""

Read = tuple[Issue, tuple[Diagnostic, ...]]
"""What a reader made of one file: the issue and the warnings it gave."""


@cache
def _code_digest() -> str:
    """A digest of letter-book's own files (its code, its model): a change to either, a
    released one or one in a working copy, reads every file again."""
    package = Path(letter_book.__file__).parent
    sha = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".crfsuite", ".toml") and path.is_file():
            sha.update(f"{path.relative_to(package).as_posix()}\n".encode())
            sha.update(path.read_bytes())
    return sha.hexdigest()


def salt(config: Config) -> str:
    """What every key depends on: letter-book and the configuration (with the bytes of
    a model of the book's own, ``structure.model``)."""
    sha = hashlib.sha256(f"{letter_book.__version__}\n{_code_digest()}\n{config!r}\n".encode())
    if config.structure.model:
        model = config.root / config.structure.model
        sha.update(model.read_bytes() if model.is_file() else b"no model")
    return sha.hexdigest()


@lru_cache(maxsize=8)  # asked for each file of a pass, with the pass's hints
def hints_digest(hints: Hints) -> str:
    """A digest of what the archive teaches, for the keys of a pass that uses it."""
    sha = hashlib.sha256()
    for names in (hints.headings, hints.signatures):
        sha.update("\0".join(sorted(names)).encode() + b"\1")
    return sha.hexdigest()


class ReadCache:
    """The issues read by the last conversion, and those this one reads. Each entry is
    kept pickled on its own: one conversion unpickles only the entries it asks for, and
    writes again only those it read."""

    def __init__(self, folder: Path | None, config: Config) -> None:
        """The cache in the report folder ``folder``; None keeps nothing."""
        self.path = folder / FILE if folder is not None else None
        self.salt = salt(config)
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
        except Exception:  # whatever stops the reading, the files are read again
            return {}
        return entries

    def key(self, shown: str, data: bytes, roles: Mapping[int, str], hints: str) -> str:
        """The key of the file shown as ``shown``, holding ``data``, read with its
        override's ``roles`` and the hints whose digest is ``hints``."""
        sha = hashlib.sha256(data)
        sha.update(f"\0{shown}\0{sorted(roles.items())!r}\0{hints}".encode())
        return sha.hexdigest()

    def get(self, key: str) -> Read | None:
        blob = self.now.get(key) or self.before.get(key)
        if blob is None:
            return None
        try:
            read: Read = pickle.loads(blob)
        except Exception:  # an entry that cannot be unpickled: its file is read again
            return None
        self.now[key] = blob
        return read

    def put(self, key: str, read: Read) -> None:
        self.now[key] = pickle.dumps(read, pickle.HIGHEST_PROTOCOL)

    def save(self) -> None:
        """Write the entries this conversion used, unless they are those of the file
        already (in one step: a conversion stopped half way leaves the file as it was)."""
        if self.path is None or self.now.keys() == self.before.keys():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".partial")
        with partial.open("wb") as stream:
            pickle.dump(self.salt, stream, pickle.HIGHEST_PROTOCOL)
            pickle.dump(self.now, stream, pickle.HIGHEST_PROTOCOL)
        partial.replace(self.path)
