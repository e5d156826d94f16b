"""The Sphinx extension conf.py loads: what the book needs from Sphinx beyond configuration.

Its one :func:`setup` registers every configuration value and connects every handler,
with its priority, in the order they run; the modules beside it hold the handlers.
The settings themselves are :mod:`.conf`'s.

**The XHTML builder** (``letterbook-xhtml``) is Sphinx's EPUB 3 builder stopped
before packaging: it writes each chapter as an XHTML document, and
``reading-order.json`` (every document in reading order, with its title and
front matter). :mod:`letter_book.publish.epub` packages those with ebooklib, so the
EPUB's text comes from the same MyST chapters, rendered by the same Sphinx, as
the HTML book.

**Downloads.** ``letterbook_downloads`` (set by :mod:`letter_book.publish.build` to the
EPUB and PDF files of the build) are linked from the home page. The files need not exist
yet: the site is written while the PDF renders. Once they are made,
:func:`link_downloads` copies them into the site and writes their sizes on the home page.

**Around the issues** (:mod:`.issues`): the latest issues on the home
page, an issue's part, and previous and next links from issue to issue.

**Emoji.** ``letterbook_emoji_font`` (set by :func:`letter_book.publish.build.build_html`
to Noto Emoji cut to the book's emoji) is served with the site and named after
the reader's own fonts, so a browser without an emoji font draws them too.

**Sharing** (:mod:`.sharing`): OpenGraph tags, a sitemap and an Atom
feed, when the book has a public address.

**Escaped titles.**
sphinx-book-theme puts the plain text of the page title (``pagetitle``) and of
the home page's title (``root_title``) into its templates without escaping
them, and pydata-sphinx-theme does the same with the book's title
(``docstitle``); Sphinx templates do not autoescape, so an issue titled
``<script>...`` would become a script in the printed-page header. They are
escaped here, after the theme has set them.

**The sidebar** (:mod:`.nav`): rendered once per part, its toggles
named for screen readers.
"""

from __future__ import annotations

import json
import multiprocessing
import re
import shutil
from pathlib import Path
from typing import Any

from markupsafe import escape
from sphinx.builders.epub3 import Epub3Builder

from letter_book import progress
from letter_book.publish.xhtml import READING_ORDER
from letter_book.sphinxext import issues, nav, sharing
from letter_book.writers.labels import file_size, label

DOWNLOADS = "_downloads"


def _escape_titles(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    for key in ("pagetitle", "root_title", "docstitle"):
        if isinstance(context.get(key), str):
            context[key] = escape(context[key])


class XhtmlBuilder(Epub3Builder):
    """XHTML chapters and their reading order, for :mod:`letter_book.publish.epub` to package."""

    name = "letterbook-xhtml"
    epilog = "XHTML chapters in %(outdir)s"

    def handle_finish(self) -> None:
        documents = []
        for docname, _parent in issues.walk(self.env, self.config.root_doc):
            metadata = {
                k: v
                for k, v in self.env.metadata.get(docname, {}).items()
                if k.startswith("issue_")
            }
            if docname in self.env.titles:
                title = self.env.titles[docname].astext()
            else:  # the index of names, which Sphinx writes without a source
                title = label(self.config.language or "en", "index")
            documents.append(
                {
                    "docname": docname,
                    "file": docname + self.out_suffix,
                    "title": title,
                    "metadata": metadata,
                    "children": self.env.toctree_includes.get(docname, []),
                }
            )
        text = json.dumps(documents, ensure_ascii=False, indent=1)
        Path(self.outdir, READING_ORDER).write_text(text, encoding="utf-8")


def _downloads(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """On the home page, links to the EPUB and PDF, each with a place for its size."""
    files = [Path(f) for f in app.config.letterbook_downloads if f]
    if pagename != app.config.root_doc or not files or "body" not in context:
        return
    links = "".join(
        f'<li><a class="reference download" href="{escape(DOWNLOADS + "/" + f.name)}" '
        f'download="">{escape(_kind(f))}</a> '
        f'<span class="download-size" data-file="{escape(f.name)}"></span></li>'
        for f in files
    )
    heading = escape(label(app.config.language or "en", "downloads"))
    section = f'<section class="downloads"><h2>{heading}</h2><ul>{links}</ul></section>'
    context["body"] = issues.insert_before_parts(context["body"], section)


def _kind(path: Path) -> str:
    return f"{path.suffix.lstrip('.').upper()} · {path.name}"


_SIZE = re.compile(r'(<span class="download-size" data-file="([^"]*)">)[^<]*(</span>)')


def link_downloads(site: Path, files: list[Path], language: str) -> None:
    """Copy the made ``files`` into the ``site`` built with them as ``letterbook_downloads``,
    and write each one's size on its home page (again, when Sphinx did not write the page
    this time, as a file's size can change while the page does not)."""
    sizes = {str(escape(f.name)): f"({file_size(f.stat().st_size, language)})" for f in files}
    for path in files:
        target = site / DOWNLOADS / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    home = site / "index.html"
    if files and home.is_file():
        text = home.read_text(encoding="utf-8")
        filled = _SIZE.sub(lambda m: m[1] + str(escape(sizes.get(m[2], ""))) + m[3], text)
        if filled != text:
            home.write_text(filled, encoding="utf-8")


EMOJI_FONT = "_static/letter-book-emoji.ttf"


def _emoji_font(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Every page names the book's emoji font after the reader's own fonts: a browser
    with an emoji font of its own uses it, one without falls back to the book's."""
    if not app.config.letterbook_emoji_font or app.builder.name != "html":
        return
    url = escape(context["pathto"](EMOJI_FONT, 1))
    stack = 'var(--pst-font-family-base-system), "letter-book emoji"'
    style = (
        f'<style>@font-face {{ font-family: "letter-book emoji"; src: url("{url}"); }}\n'
        f":root {{ --pst-font-family-base: {stack}; --pst-font-family-heading: {stack}; }}"
        "</style>\n"
    )
    context["metatags"] = context.get("metatags", "") + style


def _copy_emoji_font(app: Any, exception: BaseException | None) -> None:
    font = app.config.letterbook_emoji_font
    if exception is None and font and app.builder.name == "html":
        target = Path(app.outdir, EMOJI_FONT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(font, target)


_steps: dict[str, progress.Task] = {}
"""The progress shown of Sphinx's reading and writing, while they run."""


def _reading(app: Any, env: Any, docnames: list[str]) -> None:
    _steps["read"] = progress.start(f"Sphinx {app.builder.name}: reading", len(docnames))


def _read(app: Any, doctree: Any) -> None:
    if multiprocessing.parent_process() is None:  # not in one of a parallel read's processes
        _steps["read"].advance()


def _merged(app: Any, env: Any, docnames: Any, other: Any) -> None:
    """The documents a process of a parallel read (``sphinx-build -j N``) has read."""
    _steps["read"].advance(len(docnames))


def _writing(app: Any, env: Any) -> None:
    _steps.pop("read").end()
    _steps["write"] = progress.start(f"Sphinx {app.builder.name}: writing the pages")


def _written(app: Any, pagename: str, templatename: str, context: Any, doctree: Any) -> None:
    _steps["write"].advance()


def _finished(app: Any, exception: BaseException | None) -> None:
    for step in (_steps.pop("read", None), _steps.pop("write", None)):
        if step is not None:
            step.end()


BEFORE_THEME = 400
"""Priority of a handler that must run before the theme's (500)."""
AFTER_THEME = 900
"""Priority of a handler that changes what the theme set."""


def setup(app: Any) -> dict[str, Any]:
    app.add_builder(XhtmlBuilder)
    app.add_config_value("letterbook_downloads", [], "html", types=[list])
    app.add_config_value("letterbook_emoji_font", "", "html", types=[str])
    app.add_config_value("letterbook_description", "", "html", types=[str])
    app.add_config_value("letterbook_subtitle", "", "html", types=[str])
    app.add_config_value(nav.CACHES, True, "html", types=[bool])

    app.connect("config-inited", nav.add_templates)
    app.connect("env-before-read-docs", _reading)
    app.connect("doctree-read", _read)
    app.connect("env-merge-info", _merged)
    app.connect("env-updated", _writing)
    app.connect("html-page-context", _written)
    app.connect("env-get-updated", issues.pages_to_rewrite)
    app.connect("doctree-resolved", nav.memoise_stemmer)
    # Sidebars: the cached one before the theme renders its own (which finds the empty ones).
    app.connect("html-page-context", nav.use_cached_sidebar, priority=BEFORE_THEME)
    # Same priority as the theme's, in this order: the downloads, then the latest issues
    # under them, the previous and next links, the sharing tags, the emoji font.
    app.connect("html-page-context", _downloads)
    app.connect("html-page-context", issues.page_context)
    app.connect("html-page-context", issues.note_written)
    app.connect("html-page-context", sharing.meta_tags)
    app.connect("html-page-context", _emoji_font)
    # After the theme: what it set, escaped and named.
    app.connect("html-page-context", _escape_titles, priority=AFTER_THEME)
    app.connect("html-page-context", nav.name_sidebar_toggles, priority=AFTER_THEME)
    app.connect("html-collect-pages", issues.patch_sidebars)
    app.connect("html-collect-pages", nav.keep_index_entries, priority=AFTER_THEME)
    app.connect("build-finished", issues.save_navigation)
    app.connect("build-finished", sharing.write)
    app.connect("build-finished", _copy_emoji_font)
    app.connect("build-finished", nav.report)
    app.connect("build-finished", _finished)
    # Reading keeps nothing of its own in the environment: safe in parallel (tested). The
    # handlers of html-page-context note what each page shows, for after the pages are
    # written, which a parallel write's processes would keep to themselves.
    return {"parallel_read_safe": True, "parallel_write_safe": False}
