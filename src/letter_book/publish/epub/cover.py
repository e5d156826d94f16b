"""A cover drawn from the configuration: title, subtitle, the years covered, the issue count.

1600 × 2560 pixels (the 1:1.6 shape stores and e-readers expect), Noto Sans (the
book's own, :mod:`letter_book.publish.fonts`), drawn with Pillow: the same input gives the same PNG.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from letter_book.publish.fonts import SANS_FONT
from letter_book.readers.cues import is_emoji

WIDTH, HEIGHT = 1600, 2560
MARGIN = 150
INK = (33, 37, 41)
PAPER = (246, 241, 232)
ACCENT = (176, 58, 46)


@dataclass(frozen=True, slots=True)
class CoverText:
    title: str
    subtitle: str | None
    author: str | None
    span: str
    """The years and the issue count: ``2023 – 2024 · 11 lettres``."""


def _font(size: int, weight: int) -> ImageFont.FreeTypeFont:
    font = ImageFont.truetype(str(SANS_FONT), size)
    font.set_variation_by_axes([weight])
    return font


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _draw_block(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, y: int) -> int:
    """Draw ``text`` centred and wrapped from height ``y``; return the height below it."""
    # Noto Sans has no emoji: leave them out of the cover rather than draw empty boxes.
    text = "".join(c for c in text if not is_emoji(c) and c not in "\u200d\ufe0f").strip()
    size = int(font.size)
    for line in _wrap(text, font, WIDTH - 2 * MARGIN):
        draw.text((WIDTH // 2, y), line, font=font, fill=INK, anchor="ma")
        y += int(size * 1.25)
    return y


def draw_cover(text: CoverText) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 60), fill=ACCENT)
    draw.rectangle((0, HEIGHT - 60, WIDTH, HEIGHT), fill=ACCENT)
    y = _draw_block(draw, text.title, _font(150, 700), 560)
    if text.subtitle:
        y = _draw_block(draw, text.subtitle, _font(64, 400), y + 80)
    draw.rectangle((WIDTH // 2 - 120, y + 90, WIDTH // 2 + 120, y + 98), fill=ACCENT)
    _draw_block(draw, text.span, _font(60, 500), y + 170)
    if text.author:
        _draw_block(draw, text.author, _font(72, 600), HEIGHT - 420)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
