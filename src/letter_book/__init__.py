"""letter-book: turn a newsletter's archive into a book (HTML, PDF, EPUB).

The pipeline, one package or module per stage: :mod:`.readers` (files to the
:mod:`.model`), :mod:`.archive` (the whole archive, read and learnt from),
:mod:`.transforms` (cleaning), :mod:`.writers` (MyST sources), :mod:`.build`
(Sphinx), with :mod:`.cli` at the edge.
"""

from pathlib import Path

__version__ = "0.1.0"

STATIC = Path(__file__).parent / "static"
"""Stylesheets and assets the Sphinx configuration adds to every build."""
