"""Sphinx configuration of letter-book's own documentation (``make docs``)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

from letter_book import __version__

project = "letter-book"
author = "the letter-book developers"
copyright = "the letter-book developers"
release = version = __version__
extensions = ["myst_parser", "reference"]
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence"]
html_theme = "sphinx_book_theme"
html_title = "letter-book"
html_theme_options = {"repository_url": "", "use_repository_button": False}
exclude_patterns = ["_build"]
