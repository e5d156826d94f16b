"""The emoji font embedded in the EPUB: Noto Emoji, cut down to the emoji the book uses.

Noto Emoji is a monochrome outline font (SIL Open Font License), so it draws
on e-ink screens, which have no emoji of their own, and in every reader that
honours embedded fonts. It comes from the manimgx-fonts package on PyPI, which
ships Noto unmodified. The variable font is fixed at regular weight (older
readers ignore variable fonts) and subset to the characters used.
"""

from __future__ import annotations

import io
from pathlib import Path

import manimgx_fonts
from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

FONTS = Path(manimgx_fonts.__file__).parent
EMOJI_FONT = FONTS / "NotoEmoji[wght].ttf"
SANS_FONT = FONTS / "NotoSans[wght].ttf"
_JOINERS = {0x200D, 0xFE0E, 0xFE0F, 0x20E3}


def emoji_subset(chars: frozenset[str]) -> bytes | None:
    """Noto Emoji with the glyphs for ``chars`` (and their ZWJ sequences), or None if it has
    none of them."""
    font = TTFont(str(EMOJI_FONT), recalcTimestamp=False)
    covered = {ord(c) for c in chars} & set(font.getBestCmap())
    if not covered - _JOINERS:
        return None
    instancer.instantiateVariableFont(font, {"wght": 400}, inplace=True)
    options = subset.Options()
    options.layout_features = ["*"]  # keeps the ligatures that draw ZWJ sequences
    options.name_IDs = ["*"]  # keeps the copyright and licence notices
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(covered | _JOINERS))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
