"""Make src/letter_book/data/DejaVuSans-symbols.ttf, the PDF's last fallback font.

Usage: python scripts/make_symbols_font.py /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf

The Noto fonts the book uses have no mathematical operators (≤ ≈ ∞ √), few
arrows (⇒) and dingbats (✓ ★ ☞). DejaVu Sans (Debian's fonts-dejavu-core; Bitstream
Vera licence with public-domain changes, in DejaVu-LICENSE.txt beside the font)
has them: this cuts it down to those blocks, so that the repository keeps a
small file and the PDF never takes a font from the machine it is built on.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

BLOCKS = [
    (0x0020, 0x007E),  # ASCII: spaces and digits between symbols fall back with them
    (0x00A0, 0x00FF),  # Latin-1 punctuation and letters, and the no-break space
    (0x2000, 0x205E),  # spaces and general punctuation
    (0x2100, 0x214F),  # letterlike symbols
    (0x2150, 0x218F),  # number forms
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators
    (0x2300, 0x23FF),  # miscellaneous technical
    (0x25A0, 0x25FF),  # geometric shapes
    (0x2600, 0x26FF),  # miscellaneous symbols
    (0x2700, 0x27BF),  # dingbats
    (0x27C0, 0x27EF),  # miscellaneous mathematical symbols A
    (0x2A00, 0x2AFF),  # supplemental mathematical operators
]
TARGET = (
    Path(__file__).resolve().parent.parent
    / "src"
    / "letter_book"
    / "data"
    / "DejaVuSans-symbols.ttf"
)


def main() -> None:
    font = TTFont(sys.argv[1], recalcTimestamp=False)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for first, last in BLOCKS for c in range(first, last + 1)])
    subsetter.subset(font)
    font.save(TARGET)
    print(TARGET, TARGET.stat().st_size)


if __name__ == "__main__":
    main()
