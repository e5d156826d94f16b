"""The book's fonts: Noto, kept in the package, never taken from the machine.

``data/fonts/`` holds Noto unmodified, under the SIL Open Font License (``OFL.txt``):
Noto Sans (upright and italic), Noto Sans Symbols and Noto Emoji, a monochrome outline
emoji font that draws on e-ink screens and on paper; ``SOURCES.json`` records where each
file comes from and its sha256 (``scripts/vendor_fonts.py`` checks them). They are variable fonts;
the outputs use static instances (older e-readers ignore variable fonts, and a
PDF embeds what it draws), made here deterministically.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import fontTools

from letter_book.files import write_bytes, write_text

# fontTools' modules are imported where they are used: subset alone takes a quarter of a
# second, which a build that finds its emoji font made already does not need.

FONTS = Path(__file__).parent / "data" / "fonts"
EMOJI_FONT = FONTS / "NotoEmoji[wght].ttf"
SANS_FONT = FONTS / "NotoSans[wght].ttf"
SANS_ITALIC_FONT = FONTS / "NotoSans-Italic[wght].ttf"
SYMBOLS_FONT = FONTS / "NotoSansSymbols[wght].ttf"
FALLBACK_FONT = Path(__file__).parent / "data" / "DejaVuSans-symbols.ttf"
"""Mathematical operators, arrows and dingbats Noto lacks here: a subset of DejaVu Sans kept in
the repository (``scripts/make_symbols_font.py``; licence in ``data/DejaVu-LICENSE.txt``)."""
_JOINERS = {0x200D, 0xFE0E, 0xFE0F, 0x20E3}


def static_instance(path: Path, weight: int) -> bytes:
    """The variable font at ``path`` fixed at ``weight``, as TrueType bytes."""
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(str(path), recalcTimestamp=False)
    instancer.instantiateVariableFont(font, {"wght": weight}, inplace=True)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def cmap(path: Path) -> frozenset[int]:
    """The code points the font at ``path`` has glyphs for."""
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(path), lazy=True).getBestCmap())


def emoji_subset(chars: frozenset[str]) -> bytes | None:
    """Noto Emoji with the glyphs for ``chars`` (and their ZWJ sequences), or None if it has
    none of them."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

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


def cached_emoji_subset(chars: frozenset[str], font: Path) -> bytes | None:
    """:func:`emoji_subset` of ``chars``, kept in the file ``font``: made again only when the
    emoji, fontTools or Noto Emoji changed (a stamp beside it, ``.chars``, says what it was
    made from), and taken from another font of the same folder made from the same (the site
    and the EPUB usually have the same emoji). Cutting the font takes about a second; the
    bytes are the same."""
    stamp = font.with_suffix(".chars")
    source = hashlib.sha256(EMOJI_FONT.read_bytes()).hexdigest()
    key = f"fontTools {fontTools.version}, {EMOJI_FONT.name} {source}\n"
    key += "".join(sorted(chars))
    for other in [stamp, *sorted(font.parent.glob("*.chars"))]:
        try:
            if other.read_text(encoding="utf-8") == key:
                data = other.with_suffix(".ttf").read_bytes()
                if other == stamp:
                    return data
                break
        except OSError:
            pass
    else:
        made = emoji_subset(chars) if chars else None
        if made is None:
            font.unlink(missing_ok=True)
            stamp.unlink(missing_ok=True)
            return None
        data = made
    stamp.unlink(missing_ok=True)  # no moment where the stamp names another font
    write_bytes(font, data)
    write_text(stamp, key)
    return data
