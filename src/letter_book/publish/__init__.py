"""The outputs, built from the book's MyST sources: :mod:`.build` runs Sphinx for the site
and the XHTML the others are made from (:mod:`.xhtml`), :mod:`.epub` packages the EPUB,
:mod:`.pdf` renders the PDF, :mod:`.fonts` holds the book's fonts and :mod:`.check`
validates the EPUB."""
