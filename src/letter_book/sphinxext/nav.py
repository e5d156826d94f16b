"""The HTML site's per-page work, done once per build where the result is the same.

**Sidebar navigation.** sphinx-book-theme renders the book's navigation into
every page: Sphinx resolves the whole toctree, renders it to HTML, and
pydata-sphinx-theme rewrites it with BeautifulSoup. At 250 issues that was
most of the HTML build. With the sidebar collapsed to the current part
(``collapse_navbar``), two issues of the same part, in the same folder, get the
same navigation except for the entry of the page itself, which the theme marks
current (``current active``, a link to ``#``). So the theme renders it once
per part and the other pages of the part take that HTML with the current mark
moved to their own entry. Any page that is not a leaf of the navigation (the
home page, the part pages, search), any other call, and any HTML where the
marks are not exactly where expected, get the theme's own rendering: the cache
gives the theme's output or nothing. ``tests/test_navigation.py`` compares
every page's sidebar with an uncached build.

The theme's component ``sbt-sidebar-nav.html`` is swapped, in the page's list
of sidebar templates, for ``letterbook-sidebar-nav.html``, which includes it
with ``generate_toctree_html`` bound to the cached function. This happens
before the theme renders the sidebars (it renders them once to drop empty
ones, then with the page).

**Sidebars moved into pages written before.** On a rebuild, the pages of a
part whose only change is the part's list get the new sidebar in place of
theirs (:func:`replace_sidebar`: the sidebar of a page of
the part written in full, its current mark moved) instead of being written
again; :mod:`.issues` chooses them. Where the sidebar or the marks are
not found exactly once, the page is written in full.

**Named toggles.** pydata-sphinx-theme opens and closes a part's list of
issues in the sidebar with a ``<summary>`` that holds only an icon, so a
screen reader announces a nameless control (axe-core's ``summary-name``, a
serious finding). Each such ``<summary>`` is given an ``aria-label`` naming
the link beside it ("Contenu de 2023"), in the theme's rendering and in the
cached one alike.

**Search stemming.** Sphinx's search index memoises the stemmer per page
only; a newsletter's issues share most of their words, so the stemmer (pure
Python Snowball) is memoised for the whole build. Stemming is a pure function
of the word: the index is the same.

**Index entries in the search.** Sphinx keeps the search index of the pages it
does not write again, except their index entries (the names of the index of
names, found by the search box): they are taken back from the index being
replaced (:func:`keep_index_entries`), so a rebuild's index is a full
build's.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx.util import logging

from letter_book.writers.labels import label

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).with_name("nav_templates")
"""Our templates: the cached sidebar component."""

THEME_SIDEBAR = "sbt-sidebar-nav.html"
SIDEBAR = "letterbook-sidebar-nav.html"


_CURRENT = re.compile(
    r'<li class="toctree-l(?P<level>[0-9]+) current active">'
    r'<a class="current reference internal" href="#">'
)
"""The theme's entry of the current page, when it has no children."""

_PLAIN_URI = re.compile(r"[A-Za-z0-9_./~-]+")
"""Relative addresses that HTML writes unchanged (no escaping to predict)."""

CACHES = "letterbook_build_caches"
"""Config value: use the caches (default). Off, the theme renders every sidebar itself and
the stemmer runs per page, as in a stock build: for comparing outputs."""


@dataclass
class SidebarCache:
    """One build's sidebars: each part's, as rendered by the theme for its first page."""

    entries: dict[Hashable, tuple[str, str]] = field(default_factory=dict)
    """Per key (ancestors, folder, call arguments): the page it was rendered for, its HTML."""
    hits: set[str] = field(default_factory=set)
    """Pages whose sidebar came from the cache."""
    rendered: set[str] = field(default_factory=set)
    """Pages whose sidebar the theme rendered."""


def _current(level: str) -> str:
    return (
        f'<li class="toctree-l{level} current active">'
        '<a class="current reference internal" href="#">'
    )


def _plain(level: str, uri: str) -> str:
    return f'<li class="toctree-l{level}"><a class="reference internal" href="{uri}">'


def move_current(html: str, uri_of_marked: str, uri_of_page: str) -> str | None:
    """``html``, the sidebar of a page whose entry is marked current, with the mark moved to
    the entry whose address is ``uri_of_page``; ``None`` unless each is found exactly once."""
    if not (_PLAIN_URI.fullmatch(uri_of_marked) and _PLAIN_URI.fullmatch(uri_of_page)):
        return None
    marks = _CURRENT.findall(html)
    if len(marks) != 1:
        return None
    level = marks[0]
    target = _plain(level, uri_of_page)
    if html.count(target) != 1 or _plain(level, uri_of_marked) in html:
        return None
    return html.replace(_current(level), _plain(level, uri_of_marked)).replace(
        target, _current(level)
    )


_NAV_START = '<nav class="bd-links bd-docs-nav"'
_NAV_END = "</nav>"


def _sidebar_span(html: str) -> tuple[int, int] | None:
    """Where the sidebar navigation of the page ``html`` starts and ends; None unless it is
    there exactly once, with no other navigation inside."""
    start = html.find(_NAV_START)
    if start < 0 or html.find(_NAV_START, start + 1) >= 0:
        return None
    end = html.find(_NAV_END, start)
    if end < 0 or html.find("<nav", start + 1, end) >= 0:
        return None
    return start, end + len(_NAV_END)


def replace_sidebar(html: str, donor: str, uri_of_donor: str, uri_of_page: str) -> str | None:
    """The page ``html`` with its sidebar navigation replaced by that of ``donor``, a page of
    the same part and folder, with the current mark moved from the donor's entry
    (``uri_of_donor``, its address from the page) to the page's (``uri_of_page``, from the
    donor): the sidebar the theme gives the page (see :func:`move_current`). None unless
    each sidebar is found exactly once, the page's own marked current."""
    page_span, donor_span = _sidebar_span(html), _sidebar_span(donor)
    if page_span is None or donor_span is None:
        return None
    if len(_CURRENT.findall(html, *page_span)) != 1:
        return None
    moved = move_current(donor[donor_span[0] : donor_span[1]], uri_of_donor, uri_of_page)
    if moved is None:
        return None
    return html[: page_span[0]] + moved + html[page_span[1] :]


def _sidebar_cache(app: Any) -> SidebarCache:
    cache = getattr(app.builder, "letterbook_sidebar_cache", None)
    if not isinstance(cache, SidebarCache):
        cache = SidebarCache()
        app.builder.letterbook_sidebar_cache = cache
    return cache


def _ancestors(toctree_includes: dict[str, list[str]], docname: str) -> tuple[str, ...]:
    """The documents whose toctrees lead to ``docname``, nearest first."""
    parent = {child: name for name, children in toctree_includes.items() for child in children}
    ancestors: list[str] = []
    while docname in parent and parent[docname] not in ancestors:
        docname = parent[docname]
        ancestors.append(docname)
    return tuple(ancestors)


def _cached_toctree(app: Any, pagename: str, context: dict[str, Any]) -> Callable[..., Any]:
    """A stand-in for the theme's ``generate_toctree_html`` of this page."""
    env = app.env
    ancestors = _ancestors(env.toctree_includes, pagename)
    leaf = pagename in env.all_docs and not env.toctree_includes.get(pagename) and ancestors
    folder = posixpath.dirname(pagename)

    def generate(kind: str, startdepth: int = 1, show_nav_level: int = 1, **kwargs: Any) -> Any:
        theme = context["generate_toctree_html"]  # set by the theme for this page
        key = (ancestors, folder, show_nav_level, tuple(sorted(kwargs.items())))
        known = leaf and kind == "sidebar" and startdepth == 0 and kwargs.get("titles_only")
        if not known or not _hashable(key):
            return theme(kind, startdepth, show_nav_level, **kwargs)
        cache = _sidebar_cache(app)
        if key in cache.entries:
            marked, html = cache.entries[key]
            if marked == pagename:  # the theme renders the sidebar twice a page
                return html
            uri = app.builder.get_relative_uri
            moved = move_current(html, uri(pagename, marked), uri(marked, pagename))
            if moved is not None:
                cache.hits.add(pagename)
                return moved
        # The theme also renders the sidebar before the page, with its own function:
        # the toggles are named here, whichever rendering fills the cache.
        sidebar = theme(kind, startdepth, show_nav_level, **kwargs)
        name_toggles(sidebar, app.config.language or "en")
        html = str(sidebar)
        cache.entries[key] = (pagename, html)
        cache.rendered.add(pagename)
        return html

    return generate


def name_toggles(sidebar: Any, language: str) -> None:
    """Give each ``<summary>`` of ``sidebar`` (the theme's BeautifulSoup tree) that holds
    only an icon an ``aria-label`` naming the link it opens: "Contenu de 2023"."""
    for summary in sidebar.select("li > details > summary"):
        if summary.get_text(strip=True) or summary.get("aria-label"):
            continue
        link = summary.parent.parent.find("a", recursive=False)
        if link is not None:
            title = link.get_text(" ", strip=True)
            summary["aria-label"] = label(language, "toc_toggle", title=title)


def name_sidebar_toggles(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    generate = context.get("generate_toctree_html")
    if not callable(generate):
        return
    language = app.config.language or "en"

    def generate_named(*args: Any, **kwargs: Any) -> Any:
        sidebar = generate(*args, **kwargs)
        if kwargs.get("kind", args[0] if args else None) == "sidebar":
            name_toggles(sidebar, language)
        return sidebar

    context["generate_toctree_html"] = generate_named


def _hashable(key: Hashable) -> bool:
    try:
        hash(key)
    except TypeError:
        return False
    return True


def use_cached_sidebar(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    sidebars = context.get("sidebars")
    if not app.config[CACHES] or not isinstance(sidebars, list) or THEME_SIDEBAR not in sidebars:
        return
    context["sidebars"] = [SIDEBAR if name == THEME_SIDEBAR else name for name in sidebars]
    context["letterbook_toctree_html"] = _cached_toctree(app, pagename, context)


def add_templates(app: Any, config: Any) -> None:
    if str(TEMPLATES) not in config.templates_path:  # a new list: the default is shared
        config.templates_path = [*config.templates_path, str(TEMPLATES)]


def memoise_stemmer(app: Any, doctree: Any, docname: str) -> None:
    """Before the first page is indexed (the indexer exists once writing starts)."""
    indexer = getattr(app.builder, "indexer", None)
    lang = getattr(indexer, "lang", None)
    memoised = getattr(lang, "_letterbook_memoised", False)
    if app.config[CACHES] and lang is not None and not memoised:
        lang.stem = functools.cache(lang.stem)
        lang._letterbook_memoised = True


def keep_index_entries(app: Any) -> list[Any]:
    """Once the pages are written, before the search index is: the index entries of the pages
    not written again, from the index being replaced, in the order a build from nothing
    gives (by page name). Sphinx keeps every other part of the index across builds but not
    these (they would be lost from the search results of every page not written again)."""
    indexer = getattr(app.builder, "indexer", None)
    entries = getattr(indexer, "_index_entries", None)
    if app.builder.name != "html" or not isinstance(entries, dict):
        return []
    missing = set(app.env.all_docs) - set(entries)
    if missing:
        path = Path(app.outdir, app.builder.searchindex_filename)
        try:
            text = path.read_text(encoding="utf-8")
            frozen = json.loads(text[text.index("(") + 1 : text.rindex(")")])
            names = frozen["docnames"]
            for entry, places in frozen["indexentries"].items():
                for document, target, main in places:
                    if names[document] in missing:
                        kept = entries.setdefault(names[document], [])
                        kept.append((entry, target, "main" if main else ""))
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            pass  # no index to keep entries from: Sphinx wrote every page (or warned)
    ordered = sorted(entries.items())
    entries.clear()
    entries.update(ordered)
    return []


def report(app: Any, exception: BaseException | None) -> None:
    cache = getattr(app.builder, "letterbook_sidebar_cache", None)
    if exception is None and isinstance(cache, SidebarCache):
        logger.info(
            "letter-book: %d sidebars from the per-part cache, %d rendered by the theme",
            len(cache.hits),
            len(cache.rendered),
        )
