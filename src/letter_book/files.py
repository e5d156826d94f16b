"""Writing output files: atomically, and only when their content changed.

Every file letter-book writes (chapters, report, EPUB, PDF, cached images)
goes through a temporary file renamed into place, so a failed build never
leaves half a file and a good earlier file survives; a file that already
holds exactly the new content is not touched, so tools that watch
modification times (Sphinx, make) see only real changes.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_UMASK = os.umask(0o022)
os.umask(_UMASK)  # only way to read the umask: set it and put it back at once


def write_text(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` atomically, unless it already holds exactly that.

    Returns True when the file was written.
    """
    return write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file renamed into place, so a failed
    build never leaves half a file; unless ``path`` already holds exactly that.

    Returns True when the file was written.
    """
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)  # mkstemp makes it private; published files are not
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
