"""Sphinx configuration of the book.

Nothing newsletter-specific is set here: it all comes from letter-book.toml
(or the file named by $LETTER_BOOK_CONFIG), read through letter_book.config.
The sources are the generated book/ folder: sphinx-build -c . book build/html.
"""

import os
from pathlib import Path

import letter_book
from letter_book.config import Config, load_config
from letter_book.writers.labels import label

_file = Path(os.environ.get("LETTER_BOOK_CONFIG") or Path(__file__).with_name("letter-book.toml"))
_book = load_config(_file) if _file.is_file() else Config()

project = _book.book.title
author = _book.book.author or ""
copyright = author
language = _book.book.language
root_doc = "index"

extensions = ["myst_parser", "letter_book.sphinx_ext"]
source_suffix = {".md": "markdown"}
# attrs_block lets the writer put classes on the blocks it generates; issue
# text cannot use it, because the writer escapes every brace in it.
myst_enable_extensions = ["attrs_block"]
myst_heading_anchors = 0
# Show issue text exactly as written: no curly quotes, dashes or ellipses added.
smartquotes = False

html_theme = "sphinx_book_theme"
html_title = _book.book.title
html_static_path = [str(letter_book.STATIC)]
html_css_files = ["letter-book.css"]
html_copy_source = False
html_show_sourcelink = False
html_show_sphinx = False
html_last_updated_fmt = None
html_theme_options = {
    "show_toc_level": 2,
    "home_page_in_toc": True,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "show_navbar_depth": 1,
    # The sidebar lists the issues of the current page's year only: rendering the whole
    # navigation tree into every page is most of a large book's build time (250 issues:
    # 44 s with the whole tree, 15 s collapsed). Every issue stays two clicks from home.
    "collapse_navbar": True,
    "search_bar_text": label(language, "search"),
}

# The XHTML chapters letter_book.epub packages (builder letterbook-xhtml).
epub_show_urls = "no"  # links stay links; e-readers open them
epub_use_index = False
epub_css_files: list[str] = []
