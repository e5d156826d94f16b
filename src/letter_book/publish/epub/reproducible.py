"""The same input, the same bytes: an EPUB's zip rewritten with fixed metadata.

ebooklib stamps every entry with the current time. Here every entry gets the
same timestamp (``SOURCE_DATE_EPOCH`` or the book's date), the same
permissions and system, in ebooklib's (deterministic) order with ``mimetype``
first and uncompressed, as the EPUB container format requires.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Mapping

_EARLIEST = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # the zip format's first date


def rezip(
    data: bytes, when: dt.datetime, edits: Mapping[str, Callable[[bytes], bytes]] | None = None
) -> bytes:
    """``data`` (a zip) with fixed entry metadata; ``edits`` maps entry names to a function
    that rewrites that entry's bytes."""
    edits = edits or {}
    stamp = max(when, _EARLIEST).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = source.namelist()
        names.sort(key=lambda name: name != "mimetype")  # stable: keeps the rest in order
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3  # Unix
            info.external_attr = 0o100644 << 16
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(name)
            if name in edits:
                content = edits[name](content)
            target.writestr(info, content, compresslevel=9)
    return out.getvalue()
