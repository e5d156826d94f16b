"""The Sphinx extension conf.py loads: what the book needs from Sphinx beyond configuration.

sphinx-book-theme puts the plain text of the page title (``pagetitle``) and of
the home page's title (``root_title``) into its templates without escaping
them, and pydata-sphinx-theme does the same with the book's title
(``docstitle``); Sphinx templates do not autoescape, so an issue titled
``<script>...`` would become a script in the printed-page header. They are
escaped here, after the theme has set them.
"""

from __future__ import annotations

from typing import Any

from markupsafe import escape

_AFTER_THEME = 900
"""Priority of our html-page-context handler: after the theme's (default 500)."""


def _escape_titles(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    for key in ("pagetitle", "root_title", "docstitle"):
        if isinstance(context.get(key), str):
            context[key] = escape(context[key])


def setup(app: Any) -> dict[str, Any]:
    app.connect("html-page-context", _escape_titles, priority=_AFTER_THEME)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
