"""The EPUB's copies of images, made fit for e-readers (publish/epub/images.py)."""

from __future__ import annotations

import io
import random

from PIL import Image

from letter_book.publish.epub.images import MAX_BYTES, MAX_SIDE, for_ereaders


def _noise(size: tuple[int, int], kind: str) -> bytes:
    """An image that compresses badly: random pixels, the same on every run."""
    rng = random.Random(7)
    image = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
    out = io.BytesIO()
    image.save(out, format=kind)
    return out.getvalue()


def test_a_large_photo_is_resized_and_kept_under_the_byte_limit() -> None:
    data = _noise((3000, 2000), "JPEG")
    assert len(data) > MAX_BYTES
    copy = for_ereaders(data)
    image = Image.open(io.BytesIO(copy))
    assert image.format == "JPEG" and max(image.size) <= MAX_SIDE
    assert abs(image.size[0] / image.size[1] - 1.5) < 0.01 and len(copy) <= MAX_BYTES
    assert for_ereaders(data) == copy  # the same image, the same bytes


def test_a_png_stays_a_png_and_small_images_are_kept_as_they_are() -> None:
    copy = for_ereaders(_noise((2400, 600), "PNG"))
    image = Image.open(io.BytesIO(copy))
    assert image.format == "PNG" and max(image.size) <= MAX_SIDE and len(copy) <= MAX_BYTES
    small = _noise((200, 100), "PNG")
    assert for_ereaders(small) == small


def test_what_cannot_be_re_encoded_the_same_way_is_kept() -> None:
    frames = [Image.new("P", (2000, 2000), n) for n in range(2)]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:])
    animated = out.getvalue()
    assert for_ereaders(animated) == animated
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="10"/>'
    assert for_ereaders(svg) == svg
