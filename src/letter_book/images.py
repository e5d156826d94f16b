"""Remote images, fetched only when ``images.download`` is on, into a cache.

Builds are offline by default: a remote image stays a link with its alt text.
With ``images.download = true`` each remote image is fetched once (http or
https, a size limit, a timeout), checked to be a PNG, JPEG, GIF or WebP by its
first bytes, and kept in the cache under the hash of its address; later builds
use the cache and need no network.
"""

from __future__ import annotations

import hashlib
import os
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from .config import Config
from .files import write_bytes

CACHED = "cache:"
"""Prefix of ``Figure.image`` for an image in the download cache rather than the archive."""
_MAGIC = ((b"\x89PNG\r\n\x1a\n", ".png"), (b"\xff\xd8\xff", ".jpg"), (b"GIF87a", ".gif"),
          (b"GIF89a", ".gif"), (b"RIFF", ".webp"))  # fmt: skip


class ImageError(Exception):
    """Raised by :func:`fetch` when an image cannot be had; the message says why."""


def cache_folder(config: Config) -> Path:
    if config.images.cache:
        return config.root / Path(config.images.cache).expanduser()
    base = Path(os.environ.get("LETTER_BOOK_CACHE") or Path.home() / ".cache" / "letter-book")
    return base / "images"


def image_kind(data: bytes) -> str | None:
    """The suffix (``.png``, ``.jpg``, ``.gif``, ``.webp``) the first bytes of an image say."""
    for magic, suffix in _MAGIC:
        if data.startswith(magic) and (suffix != ".webp" or data[8:12] == b"WEBP"):
            return suffix
    return None


def fetch(url: str, config: Config) -> str:
    """The image at ``url``, from the cache or downloaded into it: its name in the cache."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise ImageError("only http and https images are downloaded")
    folder = cache_folder(config)
    key = hashlib.sha256(url.encode()).hexdigest()
    for cached in sorted(folder.glob(f"{key}.*")):
        return cached.name
    request = urllib.request.Request(url, headers={"User-Agent": "letter-book"})
    try:
        with urllib.request.urlopen(request, timeout=config.images.timeout) as response:
            data = response.read(config.images.max_size + 1)
    except OSError as exc:
        raise ImageError(f"cannot download it: {exc}") from exc
    if len(data) > config.images.max_size:
        raise ImageError(f"over {config.images.max_size} bytes (images.max_size)")
    suffix = image_kind(data)
    if suffix is None:
        raise ImageError("what it serves is not a PNG, JPEG, GIF or WebP image")
    write_bytes(folder / f"{key}{suffix}", data)
    return f"{key}{suffix}"


def image_file(image: str, config: Config, archive: Path) -> Path:
    """The file of a ``Figure.image``: in the cache, or in the archive."""
    if image.startswith(CACHED):
        return cache_folder(config) / image.removeprefix(CACHED)
    return archive / image
