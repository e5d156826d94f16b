"""The Sphinx configuration of a book, for its ``conf.py`` to load.

A book project's ``conf.py`` is two lines (``letter-book init`` writes them)::

    from letter_book.sphinxext.conf import settings
    globals().update(settings(__file__))

so its settings come with the installed letter-book and are upgraded with it.
Nothing newsletter-specific is set here: it all comes from ``letter-book.toml``
beside ``conf.py`` (or the file named by ``$LETTER_BOOK_CONFIG``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from letter_book.config import CONFIG_ENV, CONFIG_FILE, Config, load_config
from letter_book.writers.labels import label

STATIC = Path(__file__).parent / "static"
"""Stylesheets and assets every build of the site adds."""


def book_config(conf_py: str | Path) -> Config:
    """The configuration of the book whose ``conf.py`` is ``conf_py``."""
    path = Path(os.environ.get(CONFIG_ENV) or Path(conf_py).with_name(CONFIG_FILE))
    return load_config(path) if path.is_file() else Config()


def settings(conf_py: str | Path) -> dict[str, Any]:
    """Every Sphinx setting of the book whose ``conf.py`` is ``conf_py``."""
    config = book_config(conf_py)
    book, language = config.book, config.book.language
    return {
        "project": book.title,
        "author": book.author or "",
        # The theme's footer says "By <author>" already: no copyright line repeating it.
        "copyright": "",
        "language": language,
        "root_doc": "index",
        "extensions": ["myst_parser", "letter_book.sphinxext"],
        "source_suffix": {".md": "markdown"},
        # attrs_block lets the writer put classes on the blocks it generates; issue
        # text cannot use it, because the writer escapes every brace in it.
        "myst_enable_extensions": ["attrs_block"],
        "myst_heading_anchors": 0,
        # A Markdown link to a target (``[n° 42](#issue-42)``, 250 in each appendix) is looked
        # up in the standard domain only, where the book's targets are: MyST otherwise asks
        # every domain, and the C++ one parses each target as an expression.
        "myst_ref_domains": ["std"],
        # Show issue text exactly as written: no curly quotes, dashes or ellipses added.
        "smartquotes": False,
        # Sharing and discovery (letter_book.sphinxext.sharing): only with a public address.
        "html_baseurl": book.base_url or "",
        "letterbook_description": book.description or "",
        "letterbook_subtitle": book.subtitle or "",
        "html_theme": "sphinx_book_theme",
        "html_title": book.title,
        "html_static_path": [str(STATIC)],
        "html_css_files": ["letter-book.css"],
        "html_js_files": ["letter-book-search.js"],
        # A site without an icon makes every browser ask for /favicon.ico and log a 404.
        "html_favicon": str(STATIC / "favicon.svg"),
        "html_copy_source": False,
        "html_show_sourcelink": False,
        "html_show_sphinx": False,
        "html_last_updated_fmt": None,
        # Light or dark as the reader's system says; left unset, pydata-sphinx-theme
        # logs "Got invalid theme mode" as an error on a reader's first visit.
        "html_context": {"default_mode": "auto"},
        "html_theme_options": {
            "show_toc_level": 2,
            "home_page_in_toc": True,
            "use_download_button": False,
            "use_fullscreen_button": False,
            "show_navbar_depth": 1,
            # The sidebar lists the issues of the current page's year only: rendering the
            # whole navigation tree into every page is most of a large book's build time
            # (250 issues: 44 s with the whole tree, 15 s collapsed). Every issue stays two
            # clicks from home.
            "collapse_navbar": True,
            "search_bar_text": label(language, "search"),
        },
        # The XHTML chapters letter_book.publish.epub packages (builder letterbook-xhtml).
        "epub_show_urls": "no",  # links stay links; e-readers open them
        # The index of names (letter_book.writers.appendices) goes into the EPUB and the PDF.
        "epub_use_index": True,
        "epub_css_files": [],
    }
