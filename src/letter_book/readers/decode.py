"""Bytes to lines: encoding detection and line ends, shared by the text-based readers."""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

_NEWLINE = re.compile(r"\r\n|\r|\n")
# C0/C1 controls other than tab, and the non-characters XML forbids: never valid in a book.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


class BinaryFileError(ValueError):
    """The bytes are not text in any encoding we accept."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    """Python codec name, such as ``utf-8``, ``utf-8-sig`` or ``cp1252``."""
    newline: str
    """The dominant line end: ``\\n``, ``\\r\\n`` or ``\\r`` (``\\n`` when the text has none)."""
    replaced: bool
    """True when undecodable bytes were replaced by U+FFFD."""


def decode(data: bytes, candidates: tuple[str, ...] = ("cp1252",)) -> Decoded:
    """Decode ``data``: a BOM wins, then strict UTF-8, then charset-normalizer's best
    guess among ``candidates`` (on short texts an open guess is often an exotic code page).

    Raises :class:`BinaryFileError` for data that is not text (NUL bytes outside UTF-16).
    """
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            return Decoded(text, codec, _newline(text), "\ufffd" in text)
    if b"\x00" in data:
        raise BinaryFileError("NUL bytes: this is not a text file")
    try:
        text = data.decode("utf-8")
        return Decoded(text, "utf-8", _newline(text), False)
    except UnicodeDecodeError:
        pass
    import charset_normalizer  # loaded only for text that is not UTF-8

    guess = charset_normalizer.from_bytes(data, cp_isolation=list(candidates)).best()
    if guess is None:
        # No candidate fits every byte: take the first, and report the replaced bytes.
        encoding = codecs.lookup(candidates[0] if candidates else "cp1252").name
        text = data.decode(encoding, errors="replace")
        return Decoded(text, encoding, _newline(text), True)
    encoding = codecs.lookup(guess.encoding).name
    text = data.decode(encoding, errors="replace")
    return Decoded(text, encoding, _newline(text), "\ufffd" in text)


def _newline(text: str) -> str:
    counts = {"\r\n": text.count("\r\n")}
    counts["\r"] = text.count("\r") - counts["\r\n"]
    counts["\n"] = text.count("\n") - counts["\r\n"]
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else "\n"


def split_lines(text: str) -> list[str]:
    """Split on any line end (``\\r\\n``, ``\\r``, ``\\n``), never on other separators."""
    lines = _NEWLINE.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def remove_controls(text: str) -> str:
    """``text`` without the control characters XHTML cannot hold (tab and line ends stay)."""
    return _CONTROL.sub("", text)


def has_controls(text: str) -> bool:
    """Does ``text`` hold a character :func:`remove_controls` and :func:`clean_line` remove?"""
    return _CONTROL.search(text) is not None


def clean_line(line: str) -> tuple[str, bool]:
    """NFC-normalise a line, turn tabs into spaces, remove control characters.

    Returns the line and whether control characters were removed.
    """
    cleaned = _CONTROL.sub("", line)
    return unicodedata.normalize("NFC", cleaned.replace("\t", " ")), cleaned != line
