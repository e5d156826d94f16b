"""The settings a book's ``conf.py`` loads: kept at this name for the books made before
the extension became :mod:`letter_book.sphinxext` (their ``conf.py`` imports it from here).
"""

from letter_book.sphinxext.conf import settings

__all__ = ["settings"]
