"""Images made fit for e-readers: the EPUB gets copies at most :data:`MAX_SIDE` pixels on
their long side and :data:`MAX_BYTES` each; the site and the PDF keep the originals.

Pillow's output depends only on its input and settings: the same image gives the same
copy, and an image already small enough is kept byte for byte.
"""

from __future__ import annotations

import io

from PIL import Image

MAX_SIDE = 1600
"""Pixels on the long side: more than the screen of any e-reader shows."""
MAX_BYTES = 1_000_000
"""Bytes an image may take in the EPUB."""
LARGE_EPUB = 50_000_000
"""Bytes past which stores and e-readers start refusing an EPUB, or take minutes to open
it: the build warns."""
_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "WEBP": "WEBP"}


def for_ereaders(data: bytes) -> bytes:
    """``data`` (an image file) resized and re-encoded to fit, or as it is when it fits
    already or cannot be re-encoded the same way (an animated GIF, an SVG)."""
    try:
        image = Image.open(io.BytesIO(data))
    except (OSError, Image.DecompressionBombError):
        return data
    kind = _FORMATS.get(image.format or "")
    if kind is None or getattr(image, "is_animated", False):
        return data
    if max(image.size) <= MAX_SIDE and len(data) <= MAX_BYTES:
        return data
    side = min(MAX_SIDE, max(image.size))
    while True:
        copy = image.copy()
        copy.thumbnail((side, side), Image.Resampling.LANCZOS)
        encoded = _encode(copy, kind)
        if len(encoded) <= MAX_BYTES or side <= 200:
            return encoded
        side = side * 3 // 4


def _encode(image: Image.Image, kind: str) -> bytes:
    out = io.BytesIO()
    if kind == "JPEG":
        image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
    elif kind == "WEBP":
        image.save(out, format="WEBP", quality=85, method=6)
    else:
        image.save(out, format="PNG", optimize=True)
    return out.getvalue()
