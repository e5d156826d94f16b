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
pickled, as Sphinx keeps its environment, in a folder that is the user's own
(:class:`letter_book.caches.Store`: it keeps the entries the last conversion used, and
one that cannot be read is ignored).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from letter_book.caches import Store, code_digest
from letter_book.config import Config
from letter_book.diagnostics import Diagnostic
from letter_book.model import Issue
from letter_book.readers.base import Hints

FILE = Path(".cache") / "issues.pickle"
"""The cache's file, relative to the report folder."""

Read = tuple[Issue, tuple[Diagnostic, ...]]
"""What a reader made of one file: the issue and the warnings it gave."""


def salt(config: Config) -> str:
    """What every key depends on: letter-book and the configuration (with the bytes of
    a model of the book's own, ``structure.model``)."""
    sha = hashlib.sha256(f"{code_digest()}\n{config!r}\n".encode())
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


class ReadCache(Store[Read]):
    """The issues read by the last conversion, and those this one reads
    (:class:`letter_book.caches.Store`)."""

    def __init__(self, folder: Path | None, config: Config) -> None:
        """The cache in the report folder ``folder``; None keeps nothing."""
        super().__init__(folder / FILE if folder is not None else None, salt(config))

    def key(self, shown: str, data: bytes, roles: Mapping[int, str], hints: str) -> str:
        """The key of the file shown as ``shown``, holding ``data``, read with its
        override's ``roles`` and the hints whose digest is ``hints``."""
        sha = hashlib.sha256(data)
        sha.update(f"\0{shown}\0{sorted(roles.items())!r}\0{hints}".encode())
        return sha.hexdigest()
