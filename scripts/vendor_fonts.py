"""The Noto fonts letter-book ships: copy them in from where they were taken, or check them.

The book is set in Noto (SIL Open Font License 1.1), from files kept in the package
(``src/letter_book/publish/data/fonts/``), never from the machine. ``SOURCES.json`` beside
them records, for each file, the font's own project and version, where the file was taken
from and its sha256.

    python scripts/vendor_fonts.py --check          # the files are the ones recorded
    python scripts/vendor_fonts.py WHEEL            # copy them in from that wheel, record them

The files were taken unmodified from the wheel of the PyPI package ``manimgx-fonts``
(the only source of these variable TrueType files this project's registries reach: Debian
ships Noto as static faces and the monochrome Noto Emoji not at all, npm as WOFF2).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import zipfile
from pathlib import Path

FONTS = Path(__file__).resolve().parents[1] / "src" / "letter_book" / "publish" / "data" / "fonts"
RECORD = FONTS / "SOURCES.json"
LICENCE = "OFL.txt"

UPSTREAM = {
    "NotoSans[wght].ttf": "Noto Sans 2.015, https://github.com/notofonts/latin-greek-cyrillic",
    "NotoSans-Italic[wght].ttf": "Noto Sans Italic 2.015, https://github.com/notofonts/latin-greek-cyrillic",
    "NotoSansSymbols[wght].ttf": "Noto Sans Symbols 2.003, https://github.com/notofonts/symbols",
    "NotoEmoji[wght].ttf": "Noto Emoji 3.002, https://github.com/googlefonts/noto-emoji",
}
"""Each file, and the font project that publishes it."""

NOTICE = """The fonts in this folder are Noto, unmodified, with the copyright notices they carry:

- Noto Sans, Noto Sans Italic and Noto Sans Symbols: Copyright 2022 The Noto Project
  Authors (https://github.com/notofonts).
- Noto Emoji: Copyright 2013 Google LLC.

SOURCES.json says where each file was taken from, with its sha256.
"""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def vendor(wheel: Path) -> None:
    """Copy the fonts and the licence out of ``wheel`` and record them."""
    FONTS.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        source = wheel.name.removesuffix("-py3-none-any.whl").replace("_", "-", 1)
        files = []
        for name in UPSTREAM:
            (FONTS / name).write_bytes(archive.read(f"manimgx_fonts/{name}"))
            files.append(
                {
                    "file": name,
                    "font": UPSTREAM[name],
                    "taken from": f"PyPI {source}: manimgx_fonts/{name}",
                    "sha256": sha256(FONTS / name),
                }
            )
        [licence] = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
        text = archive.read(licence).decode("utf-8")
        ofl = text[text.index("This Font Software is licensed under the SIL Open Font License") :]
        (FONTS / LICENCE).write_text(NOTICE + "\n" + ofl, encoding="utf-8")
    RECORD.write_text(json.dumps({"licence": LICENCE, "files": files}, indent=2) + "\n")


def check() -> list[str]:
    """What differs between the fonts and their record (nothing: an empty list)."""
    record = json.loads(RECORD.read_text(encoding="utf-8"))
    problems = []
    if not (FONTS / record["licence"]).is_file():
        problems.append(f"{record['licence']}: missing")
    recorded = {entry["file"] for entry in record["files"]}
    for entry in record["files"]:
        path = FONTS / entry["file"]
        if not path.is_file():
            problems.append(f"{entry['file']}: missing")
        elif sha256(path) != entry["sha256"]:
            problems.append(f"{entry['file']}: sha256 {sha256(path)}, recorded {entry['sha256']}")
    for path in FONTS.glob("*.ttf"):
        if path.name not in recorded:
            problems.append(f"{path.name}: not recorded")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", nargs="?", type=Path, help="the manimgx-fonts wheel to copy from")
    parser.add_argument("--check", action="store_true", help="check the files against the record")
    args = parser.parse_args()
    if args.wheel:
        vendor(args.wheel)
    problems = check()
    for problem in problems:
        print(f"vendor_fonts: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
