"""The conversion: an archive folder to the MyST sources of the book, and the report.

:func:`convert` is the one driver: :mod:`.archive` discovers the files, reads each with
its reader, learns from the whole archive and cleans every issue with the transforms;
:mod:`letter_book.writers` writes the chapters into the book folder; :mod:`.report`
writes what every issue became and every line set aside; :mod:`.inputs` records the
stamp that lets the next build skip a conversion when nothing changed.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from letter_book.config import Config
from letter_book.convert import inputs
from letter_book.convert.archive import Archive, read_archive
from letter_book.files import write_text

if TYPE_CHECKING:
    from letter_book.writers import WriteStats
    from letter_book.writers.layout import Part

REPORT_TEXT = "conversion-report.txt"
REPORT_JSON = "conversion-report.json"


@dataclass(frozen=True, slots=True)
class Conversion:
    """What a conversion read and wrote."""

    archive: Archive
    parts: tuple[Part, ...]
    stats: WriteStats


def convert(
    root: Path, config: Config, out: Path, report: Path, *, offline: bool = False
) -> Conversion:
    """Convert the archive under ``root`` into the book folder ``out``, the report into
    the folder ``report``; ``offline``, remote images from the cache only. The inputs'
    stamp is forgotten until the caller records it (:func:`.inputs.record`) for a
    conversion it accepts."""
    # The writers and the report read the archive's classes: imported here, not when
    # this package is (which the writers' own import of it would make circular).
    from letter_book.convert.report import render_json, render_text
    from letter_book.writers import check_book_folder, convert_book

    check_book_folder(out)
    inputs.forget(out)
    # The conversion makes millions of objects and next to no cycles: the collector's
    # passes over them took a tenth of its time.
    gc.disable()
    try:
        # The issues read before are kept beside the report, unless it is in the book
        # folder, whose files are the chapters only.
        inside = report.resolve().is_relative_to(out.resolve())
        archive = read_archive(root, config, offline=offline, cache=None if inside else report)
        parts, stats = convert_book(archive, config, out)
        write_text(report / REPORT_TEXT, render_text(archive, parts))
        write_text(report / REPORT_JSON, render_json(archive, parts))
    finally:
        gc.enable()
    return Conversion(archive, parts, stats)
