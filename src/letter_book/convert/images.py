"""Images of issues: local ones checked, remote ones fetched once into a cache.

A local image (beside its issue) is kept if it is inside the archive and is
what its suffix says (:func:`check_images`); any other keeps its caption and
is reported.

A remote image is fetched once (http or https, a size limit, a timeout, a few
at a time), checked to be a PNG, JPEG, GIF or WebP by its first bytes, and
kept in the cache under the hash of its address (:func:`fetch_images`). The
cache is what makes builds reproducible: the same cache gives the same book,
and later builds need no network. Offline (``convert --offline``, or
``images.download = false``) images come from the cache only. An image that
cannot be had stays its caption or alt text and a link, and is reported. On
a machine with no network the first failure says so once and the build goes
on from the cache.

Tracking pixels and spacers (1×1 or 2×2 images, addresses of known
open-tracking services) are dropped by the readers and never fetched
(:func:`letter_book.urls.is_tracking`).
"""

from __future__ import annotations

import hashlib
import os
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from urllib.error import URLError
from urllib.parse import urlsplit

from letter_book import progress
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


OFFLINE_VARIABLE = "LETTER_BOOK_OFFLINE"
"""Set to 1, conversions are offline as with ``--offline`` (for machines with no network)."""
_NO_NETWORK = (socket.gaierror, ConnectionRefusedError)
"""What a download fails with when the machine has no network (no name resolution, no
route): the first one turns the build offline."""
WORKERS = 8
"""Downloads at a time: they wait on the network, not on the processor."""


class Fetcher:
    """Remote images by address, from the cache or downloaded once into it."""

    def __init__(self, config: Config, *, offline: bool) -> None:
        self.config = config
        self.offline = (
            offline or not config.images.download or os.environ.get(OFFLINE_VARIABLE) == "1"
        )
        self.no_network = threading.Event()
        self.fetched: list[str] = []
        """Addresses downloaded by this run (the cache had the others)."""

    def cached(self, url: str) -> str | None:
        key = hashlib.sha256(url.encode()).hexdigest()
        return next((p.name for p in sorted(cache_folder(self.config).glob(f"{key}.*"))), None)

    def get(self, url: str) -> str | ImageError:
        """The image's name in the cache, or why it cannot be had."""
        if (name := self.cached(url)) is not None:
            return name
        if self.offline:
            return ImageError("it is not in the image cache and the build is offline")
        if self.no_network.is_set():
            return ImageError("it is not in the image cache and there is no network")
        try:
            name = fetch(url, self.config)
        except ImageError as exc:
            if isinstance(exc.__cause__, URLError) and isinstance(
                exc.__cause__.reason, _NO_NETWORK
            ):
                self.no_network.set()
            return exc
        self.fetched.append(url)
        return name

    def get_all(self, urls: list[str]) -> dict[str, str | ImageError]:
        """Every address of ``urls``, a few at a time, with progress."""
        unique = sorted(set(urls))
        missing = [u for u in unique if self.cached(u) is None]
        results: dict[str, str | ImageError] = {}
        if missing and not self.offline:
            with progress.task("fetching images", len(missing)) as step:
                # The first alone: with no network, it is the only one that waits.
                results[missing[0]] = self.get(missing[0])
                step.advance()
                with ThreadPoolExecutor(WORKERS) as pool:
                    rest = missing[1:]
                    for url, result in zip(rest, pool.map(self.get, rest), strict=True):
                        results[url] = result
                        step.advance()
        for url in unique:
            if url not in results:
                results[url] = self.get(url)
        self.fetched.sort()
        return results


def fetch_images(
    issues: list[tuple[Issue, str]], config: Config, diagnostics: Diagnostics, *,
    offline: bool = False,
) -> tuple[list[Issue], tuple[str, ...], tuple[str, ...]]:  # fmt: skip
    """The issues (each with its path as shown in messages) with their remote images
    fetched, or taken from the cache; the addresses downloaded by this run, and those of
    the images that could not be had."""
    fetcher = Fetcher(config, offline=offline)
    urls = [
        block.remote
        for issue, _shown in issues
        for section in issue.sections
        for block in section.blocks
        if isinstance(block, Figure) and block.remote is not None and block.image is None
    ]
    if not urls:
        return [issue for issue, _shown in issues], (), ()
    results = fetcher.get_all(urls)
    if fetcher.no_network.is_set():
        message = "no network: images not in the cache stay links (convert --offline to skip)"
        diagnostics.warn(issues[0][1], 0, message, Code.IMAGE_OFFLINE)
    done = [_with_images(issue, results, diagnostics, shown) for issue, shown in issues]
    wanting = tuple(url for url, result in results.items() if isinstance(result, ImageError))
    return done, tuple(fetcher.fetched), wanting


def _with_images(
    issue: Issue, results: dict[str, str | ImageError], diagnostics: Diagnostics, shown: str
) -> Issue:
    def fetched(figure: Figure) -> Figure:
        if figure.remote is None or figure.image is not None:
            return figure
        result = results[figure.remote]
        if isinstance(result, ImageError):
            message = f"image {figure.remote}: {result}; it stays a link"
            diagnostics.warn(shown, figure.line, message, Code.IMAGE_MISSING)
            return figure
        # The caption loses the link to the image (the image is there now), not its text.
        caption = [s for s in figure.caption if s.href != figure.remote]
        if caption and caption[0].text.strip() == "—":
            caption.pop(0)
        return replace(figure, image=CACHED + result, caption=tuple(caption))

    sections = tuple(
        replace(s, blocks=tuple(fetched(b) if isinstance(b, Figure) else b for b in s.blocks))
        for s in issue.sections
    )
    return replace(issue, sections=sections)
