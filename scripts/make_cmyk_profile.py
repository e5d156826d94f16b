"""Make the CMYK colour profile of the print edition's PDF/X-4 output intent.

The profile is built from FOGRA39L, the measured characterisation of offset printing on
coated paper (ISO 12647-2), as Debian's ``icc-profiles-free`` ships it (``FOGRA39L.ti3``,
zlib licence, Kai-Uwe Behrmann), with ArgyllCMS's ``colprof`` (Debian ``argyll``). The
result is committed as ``src/letter_book/publish/data/FOGRA39L-letter-book.icc`` (an
altered version of the data, marked as such in its description) and listed with its
source in ``src/letter_book/publish/data/ICC-SOURCES.txt``.

colprof writes the time of day into the profile's header: the date is set to the
characterisation's own (December 2006) so that the script gives the same bytes each run.

    apt-get install icc-profiles-free argyll
    python scripts/make_cmyk_profile.py
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

SOURCE = Path("/usr/share/color/icc/FOGRA39L.ti3")
TARGET = Path(__file__).resolve().parent.parent / "src/letter_book/publish/data"
NAME = "FOGRA39L-letter-book.icc"
DESCRIPTION = "FOGRA39L coated, altered: made by letter-book with ArgyllCMS colprof"
COPYRIGHT = "Data: Fogra/Kai-Uwe Behrmann, zlib licence (icc-profiles-free)"
DATE = (2006, 12, 1, 0, 0, 0)


def main() -> int:
    if not SOURCE.is_file() or shutil.which("colprof") is None:
        print("needs Debian's icc-profiles-free and argyll", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(SOURCE, Path(tmp) / "FOGRA39L.ti3")
        # -ql: low quality tables (155 KB, not 1.5 MB): an output intent describes the
        # printing condition; it is not used to separate colours here.
        command = ["colprof", "-ql", "-D", DESCRIPTION, "-C", COPYRIGHT, "FOGRA39L"]
        subprocess.run(command, cwd=tmp, check=True, capture_output=True)
        data = bytearray((Path(tmp) / "FOGRA39L.icc").read_bytes())
    data[24:36] = struct.pack(">6H", *DATE)  # ICC header: date and time of creation
    data[84:100] = bytes(16)  # profile ID (an MD5 of the header): 0 means "not computed"
    (TARGET / NAME).write_bytes(bytes(data))
    print(f"{TARGET / NAME}: {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
