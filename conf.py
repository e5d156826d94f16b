"""Sphinx configuration of the book: every setting comes from the installed
letter-book (letter_book.sphinxext.conf) and from letter-book.toml beside this file.
The sources are the generated book/ folder: sphinx-build -c . book build/html.
"""

from letter_book.sphinxext.conf import settings

globals().update(settings(__file__))
