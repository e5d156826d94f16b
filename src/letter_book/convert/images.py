"""Images of issues: local ones checked, remote ones fetched only when asked.

A local image (beside its issue) is kept if it is inside the archive and is
what its suffix says (:func:`check_images`); any other keeps its caption and
is reported.

Remote images are fetched only when ``images.download`` is on, into a cache
(:func:`download_images`).

Builds are offline by default: a remote image stays a link with its alt text.
With ``images.download = true`` each remote image is fetched once (http or
https, a size limit, a timeout), checked to be a PNG, JPEG, GIF or WebP by its
first bytes, and kept in the cache under the hash of its address; later builds
use the cache and need no network.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from letter_book.config import Config
from letter_book.diagnostics import Code, Diagnostics
from letter_book.files import write_bytes
from letter_book.model import Figure, Issue, Span

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
    import urllib.request  # loaded only when images are downloaded

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


def _image_ok(path: Path) -> bool:
    """An image file whose content is what its suffix says (``.jpeg`` is ``.jpg``)."""
    suffix = path.suffix.lower().replace(".jpeg", ".jpg")
    with path.open("rb") as handle:
        return image_kind(handle.read(16)) == suffix


def check_images(
    issue: Issue, path: Path | None, root: Path, diagnostics: Diagnostics, shown: str
) -> Issue:
    """Local images made relative to the archive, if they are image files inside it; any
    other keeps its caption and is reported (``image.missing``). ``path`` is the issue's
    file, or None for an issue from a collection, whose images are not read."""

    def checked(figure: Figure) -> Figure:
        if figure.image is None:
            return figure
        target = (path.parent / figure.image).resolve() if path is not None else None
        inside = target is not None and root.resolve() in target.parents
        if (
            target is not None
            and inside
            and target.is_file()
            and not (path.parent / figure.image).is_symlink()  # type: ignore[union-attr]
            and _image_ok(target)
        ):
            return replace(figure, image=target.relative_to(root.resolve()).as_posix())
        why = "not in the archive" if target is None or not inside else "not an image file there"
        if inside and target is not None and target.is_file():
            why = "not a PNG, JPEG, GIF or WebP image (or not what its suffix says)"
        message = f"image {figure.image!r} is {why}; its caption is kept"
        diagnostics.warn(shown, figure.line, message, Code.IMAGE_MISSING)
        caption = figure.caption or ((Span(figure.alt),) if figure.alt else ())
        return replace(figure, image=None, caption=caption)

    sections = tuple(
        replace(s, blocks=tuple(checked(b) if isinstance(b, Figure) else b for b in s.blocks))
        for s in issue.sections
    )
    return replace(issue, sections=sections)


def download_images(issue: Issue, config: Config, diagnostics: Diagnostics, shown: str) -> Issue:
    """The issue with its remote images fetched into the cache (``images.download``)."""

    def fetched(figure: Figure) -> Figure:
        if figure.remote is None or figure.image is not None:
            return figure
        try:
            image = CACHED + fetch(figure.remote, config)
        except ImageError as exc:
            message = f"image {figure.remote}: {exc}; it stays a link"
            diagnostics.warn(shown, figure.line, message, Code.IMAGE_MISSING)
            return figure
        # The caption loses the link to the image (the image is there now), not its text.
        caption = [s for s in figure.caption if s.href != figure.remote]
        if caption and caption[0].text.strip() == "—":
            caption.pop(0)
        return replace(figure, image=image, caption=tuple(caption))

    sections = tuple(
        replace(s, blocks=tuple(fetched(b) if isinstance(b, Figure) else b for b in s.blocks))
        for s in issue.sections
    )
    return replace(issue, sections=sections)
