"""The output steps: Sphinx builds of the book's sources, and what follows them.

Sphinx always runs with warnings as errors (``-W --keep-going``): a book with
a broken reference or a bad page does not get published. ``conf.py`` sits in
the folder of ``letter-book.toml``; its settings come from :mod:`letter_book.sphinxext.conf`.

Layout of the output folder (default ``build/``): ``html/`` the hosted book,
``epub/<book>.epub``, ``pdf/<book>.pdf``, and the intermediate ``xhtml/``
(Sphinx's XHTML pages the EPUB and the PDF are made from) and ``doctrees/``
(Sphinx's build environment and parsed chapters). Both builders share
``doctrees/``: a chapter read for the EPUB is not read again for the site, and the
other way round. Reading does not depend on the builder (every setting that changes how
chapters are read is the same for both, and Sphinx reads again when one changes);
``tests/test_navigation.py`` compares a site built over the EPUB's doctrees with one
built alone.
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from letter_book.config import CONFIG_ENV, CONFIG_FILE, Config
from letter_book.errors import BuildError
from letter_book.files import write_text

TARGETS = ("html", "epub", "pdf")
DOCTREES = "doctrees"
"""The folder of ``out`` where Sphinx keeps its build environment, for every builder."""
EPUB_DOCUMENTS = Path(".cache") / "epub-documents.pickle"
"""The EPUB's content documents kept for the next build, in the output folder."""


def sphinx_build(
    builder: str,
    book: Path,
    target: Path,
    doctrees: Path,
    config: Config,
    overrides: dict[str, str] | None = None,
) -> None:
    """Run Sphinx's ``builder`` on the sources in ``book``, into ``target``, with the
    ``conf.py`` settings in ``overrides`` replaced."""
    from sphinx.cmd.build import build_main  # Sphinx is slow to import: only when building

    conf_dir = config.root.resolve()
    if not (conf_dir / "conf.py").is_file():
        raise BuildError(f"{conf_dir}: no conf.py (it belongs beside {CONFIG_FILE})")
    if not (book / "index.md").is_file():
        raise BuildError(f"{book}: no index.md; run `letter-book convert` first")
    args = ["-b", builder, "-c", str(conf_dir), "-d", str(doctrees), "-W", "--keep-going", "-q"]
    for key, value in (overrides or {}).items():
        args += ["-D", f"{key}={value}"]
    previous = os.environ.get(CONFIG_ENV)
    if config.source is not None:
        os.environ[CONFIG_ENV] = str(config.source.resolve())
    try:
        status = build_main([*args, str(book), str(target)])
    finally:
        if previous is None:
            os.environ.pop(CONFIG_ENV, None)
        else:
            os.environ[CONFIG_ENV] = previous
    if status != 0:
        raise BuildError(f"Sphinx {builder} build failed (status {status}); see the messages above")
    _remove_stale_pages(book, target)


def _remove_stale_pages(book: Path, target: Path) -> None:
    """Remove the pages of issues and parts that left the book: Sphinx never deletes outputs."""
    for folder in ("issues", "parts"):
        for page in [*(target / folder).glob("*.html"), *(target / folder).glob("*.xhtml")]:
            if not (book / folder / page.with_suffix(".md").name).is_file():
                page.unlink()


def build_html(book: Path, out: Path, config: Config) -> Path:
    """The hosted book, in ``out/html``, linking the EPUB and PDF already built in ``out``;
    returns its home page."""
    downloads = sorted([*(out / "epub").glob("*.epub"), *(out / "pdf").glob("*.pdf")])
    _note_stale_downloads(book, downloads)
    home = _build_site(book, out, config, downloads)
    _link_downloads(out, downloads, config)
    return home


def build_all(book: Path, out: Path, config: Config) -> tuple[Path, list[Path], Path]:
    """Every output, in ``out``: the EPUB, the PDF's volumes and the site, as their own
    functions make them; returns them.

    The EPUB comes first: the PDF and the site need what it builds (the XHTML pages, the
    chapters read). With more than one job, the site is built while the PDF renders: the
    PDF's processes leave a core idle while this week's issues render, and this process
    mostly waits for them. Only the PDF's file names are needed to write the site; the
    files are copied into it, and their sizes written, once the PDF is made.
    """
    from letter_book.publish import pdf

    epub = build_epub(book, out, config)
    if pdf.jobs(config) == 1:  # one core: each in turn
        pdfs = build_pdf(book, out, config)
        return epub, pdfs, build_html(book, out, config)
    xhtml = build_xhtml(book, out, config)  # current: the EPUB made it
    coming = sorted([epub, *pdf.targets(xhtml, config, out / "pdf")])
    site = _in_background(_build_site, book, out, config, coming)
    try:
        pdfs = pdf.build_pdf(xhtml, config, out / "pdf")
    except Exception:
        site.exception()  # the site's own failure, if any, is told before the PDF's
        raise
    home = site.result()
    _link_downloads(out, sorted([epub, *pdfs]), config)
    return epub, pdfs, home


def _in_background(work: Callable[..., Path], *args: Any) -> Future[Path]:
    """``work(*args)`` in a thread of its own; an interrupted build does not wait for it.

    The site's Sphinx build runs there, and the PDF in this thread, which Ctrl-C reaches:
    it stops the rendering processes, and the process ends without waiting for the site.
    They share nothing but the progress display, made for it: the PDF runs no Sphinx, and
    reads no environment variable that Sphinx's build sets (:func:`sphinx_build`).
    """
    future: Future[Path] = Future()

    def run() -> None:
        if future.set_running_or_notify_cancel():
            try:
                future.set_result(work(*args))
            except BaseException as exc:  # told by result() in the build's thread
                future.set_exception(exc)

    threading.Thread(target=run, name="letter-book-site", daemon=True).start()
    return future


def _build_site(book: Path, out: Path, config: Config, downloads: list[Path]) -> Path:
    """Sphinx's HTML build, linking ``downloads`` (which need not exist yet)."""
    overrides = {"letterbook_downloads": ",".join(str(p.resolve()) for p in downloads)}
    font = emoji_font(book, out / "emoji")
    if font is not None:
        overrides["letterbook_emoji_font"] = str(font.resolve())
    sphinx_build("html", book, out / "html", out / DOCTREES, config, overrides)
    return out / "html" / "index.html"


def _link_downloads(out: Path, downloads: list[Path], config: Config) -> None:
    from letter_book.sphinxext import link_downloads

    link_downloads(out / "html", downloads, config.book.language)


def _note_stale_downloads(book: Path, downloads: list[Path]) -> None:
    """Say which of the EPUB and PDF the site links are older than the book's chapters. A
    PDF volume that a build found current, not joined again, is as new as its stamp."""
    chapters = [path.stat().st_mtime_ns for path in book.rglob("*.md")]
    newest = max(chapters, default=0)
    for path in downloads:
        stamp = path.with_suffix(".pdf.sha256")
        checked = stamp.stat().st_mtime_ns if stamp.is_file() else 0
        if max(path.stat().st_mtime_ns, checked) < newest:
            kind = path.suffix.lstrip(".")
            print(
                f"letter-book: note: {path} is older than the chapters in {book}; the site "
                f"links it as it is (`make {kind}` or `letter-book build {kind}` makes it anew, "
                "`make book` every output)",
                file=sys.stderr,
            )


def emoji_font(book: Path, folder: Path) -> Path | None:
    """Noto Emoji cut to the emoji of the chapters in ``book``, for the site to serve to
    browsers that have no emoji font; None if the book has no emoji. The font is made again
    only when the set of emoji changed."""
    from letter_book.publish.fonts import cached_emoji_subset
    from letter_book.publish.xhtml import emoji_in

    chars: set[str] = set()
    for chapter in sorted(book.rglob("*.md")):
        chars |= emoji_in(chapter.read_text(encoding="utf-8"))
    font = folder / "letter-book-emoji.ttf"
    return font if cached_emoji_subset(frozenset(chars), font) is not None else None


def build_xhtml(book: Path, out: Path, config: Config) -> Path:
    """Sphinx's XHTML pages, which the EPUB and the PDF are made from, in ``out/xhtml``.

    The EPUB and the PDF of one ``make book`` both need them: the second finds them made
    from the same sources (:func:`_sources`) and does not start Sphinx, which takes a
    second to find nothing to do.
    """
    target = out / "xhtml"
    stamp = target / ".letterbook-sources"
    sources = _sources(book, config)
    if not (stamp.is_file() and stamp.read_text(encoding="utf-8") == sources):
        sphinx_build("letterbook-xhtml", book, target, out / DOCTREES, config)
        write_text(stamp, sources)
    return target


def _sources(book: Path, config: Config) -> str:
    """What Sphinx looks at to decide what to build again: the chapters (names, sizes,
    modification times), ``conf.py``, the configuration, and the packages' versions."""
    from importlib.metadata import version  # here: its import is a tenth of a command's start

    digest = hashlib.sha256()
    for package in ("letter-book", "sphinx", "myst-parser", "sphinx-book-theme"):
        digest.update(f"{package} {version(package)}\n".encode())
    for path in (config.root / "conf.py", config.source):
        if path is not None and path.is_file():
            digest.update(path.read_bytes())
    for path in sorted(book.rglob("*")):
        if path.is_file():
            stat = path.stat()
            name = path.relative_to(book).as_posix()
            digest.update(f"{name} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def build_epub(book: Path, out: Path, config: Config, target: Path | None = None) -> Path:
    """The EPUB, in ``out/epub/<book>.epub`` unless ``target`` names the file; returns it."""
    from letter_book.publish import epub

    xhtml = build_xhtml(book, out, config)
    own = target or out / "epub" / epub.epub_name(config)
    epub.build_epub(
        xhtml,
        config,
        own,
        emoji_cache=out / "emoji" / "epub-emoji.ttf",
        documents_cache=out / EPUB_DOCUMENTS,
    )
    if target is None:  # the book renamed: the site would offer the old EPUB too
        for old in own.parent.glob("*.epub"):
            if old != own:
                old.unlink()
    return own


def build_pdf(book: Path, out: Path, config: Config) -> list[Path]:
    """The PDF, or one a year as ``pdf.volumes`` says, in ``out/pdf``; returns them."""
    from letter_book.publish import pdf

    return pdf.build_pdf(build_xhtml(book, out, config), config, out / "pdf")


def build_print(book: Path, out: Path, config: Config) -> list[Path]:
    """The print edition (``[print]``) in ``out/print``: an interior and a cover PDF a
    volume; returns them."""
    from letter_book.publish.pdf.edition import build_print as build

    written = build(build_xhtml(book, out, config), config, out / "print")
    return [path for volume in written for path in (volume.interior, volume.cover)]
