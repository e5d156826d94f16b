"""letter-book: turn a newsletter's archive into a book (HTML, PDF, EPUB).

The pipeline, one package a stage: :mod:`.readers` turn files into the :mod:`.model`;
:mod:`.convert` drives the conversion (discover the archive, read it, learn from the
whole of it, clean each issue with :mod:`.transforms`, write the MyST chapters with
:mod:`.writers`); :mod:`.sphinxext` is the Sphinx extension and settings the book's
``conf.py`` loads; :mod:`.publish` builds the site, the EPUB and the PDF from Sphinx's
rendering; :mod:`.scaffold` makes a new book project. :mod:`.cli` is at the edge.
"""

__version__ = "0.1.0"
