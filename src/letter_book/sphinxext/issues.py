"""What the hosted book adds around the issues, on its HTML pages only.

- **The home page** lists the latest issues (:data:`LATEST` of them, newest
  first), above the download links and the parts.
- **An issue page** shows its year part above the title, and its previous and
  next links (the theme's, at the foot of the page) go to the previous and
  next *issue*, across years, instead of through the part pages.

Everything comes from the build environment (each chapter's front matter and
the toctree order), when pages are written. **Rebuilds**: Sphinx writes again
only the pages whose source changed, so after a new issue the other pages of its
year would keep a sidebar without it, and its neighbours their old previous and
next links. :func:`pages_to_rewrite` tells Sphinx which pages show what
changed (the home page, the pages of the parts whose list changed, the
neighbours), and they are written again without being read again. It compares
the navigation with the one the pages were last written with, which it keeps in
Sphinx's doctree folder (:data:`NAVIGATION_FILE`, saved when a build succeeds),
not in the build environment: the EPUB's builder shares that environment and may
be the one that read the new chapter. Of the pages of a part whose list
changed, those whose only change is that list (not the neighbours) are not
written again: they get the new sidebar moved in (:func:`patch_sidebars`,
:func:`letter_book.sphinxext.nav.replace_sidebar`). The EPUB and the PDF are read in
order, so they need none of this.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from sphinx.util import logging

from letter_book.files import write_text
from letter_book.sphinxext.nav import CACHES, replace_sidebar
from letter_book.writers.labels import issue_name, label, long_date

logger = logging.getLogger(__name__)

LATEST = 5
"""How many issues the home page lists."""

_CACHE = "_letterbook_issues"


@dataclass(frozen=True, slots=True)
class IssuePage:
    docname: str
    title: str
    number: int | None
    date: dt.date | None
    part: str | None
    """The docname of the issue's part page."""


def walk(env: Any, root: str) -> list[tuple[str, str | None]]:
    """(docname, parent) of every page the toctree reaches from ``root``, in reading order."""
    out: list[tuple[str, str | None]] = []

    def visit(docname: str, parent: str | None) -> None:
        out.append((docname, parent))
        for child in env.toctree_includes.get(docname, []):
            visit(child, docname)

    visit(root, None)
    return out


def issue_pages(app: Any) -> list[IssuePage]:
    """Every issue page in reading order (the toctree's), computed once per build."""
    env = app.env
    cached = getattr(app, _CACHE, None)
    if cached is not None and cached[0] is env:
        return list(cached[1])
    pages: list[IssuePage] = []
    for docname, parent in walk(env, app.config.root_doc):
        metadata = env.metadata.get(docname, {})
        if "issue_title" in metadata:
            date = metadata.get("issue_date")
            pages.append(
                IssuePage(
                    docname,
                    env.titles[docname].astext(),
                    metadata.get("issue_number"),
                    dt.date.fromisoformat(date) if date else None,
                    parent,
                )
            )
    setattr(app, _CACHE, (env, tuple(pages)))
    return pages


def _latest(app: Any, pagename: str, language: str) -> str:
    dated = [page for page in issue_pages(app) if page.date is not None]
    latest = sorted(dated, key=lambda page: page.date or dt.date.min, reverse=True)[:LATEST]
    if not latest:
        return ""
    items = "".join(
        f'<li><a class="reference internal" '
        f'href="{escape(app.builder.get_relative_uri(pagename, page.docname))}">'
        f"{escape(issue_name(language, page.number, page.title))}</a>"
        f' <span class="latest-date">{escape(long_date(page.date, language))}</span></li>'
        for page in latest
        if page.date is not None
    )
    heading = escape(label(language, "latest"))
    return f'<section class="latest-issues"><h2>{heading}</h2><ul>{items}</ul></section>'


def page_context(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.name != "html" or "body" not in context:
        return  # the XHTML pages of the EPUB and the PDF are read in order
    language = app.config.language or "en"
    if pagename == app.config.root_doc:
        context["body"] = insert_before_parts(context["body"], _latest(app, pagename, language))
        return
    pages = issue_pages(app)
    index = next((i for i, page in enumerate(pages) if page.docname == pagename), None)
    if index is None:
        return
    page = pages[index]
    if page.part is not None:
        uri = escape(app.builder.get_relative_uri(pagename, page.part))
        title = escape(app.env.titles[page.part].astext())
        context["body"] = (
            f'<p class="issue-part"><a class="reference internal" href="{uri}">{title}</a></p>'
            + context["body"]
        )
    for key, neighbour in (
        ("prev", pages[index - 1] if index else None),
        ("next", pages[index + 1] if index + 1 < len(pages) else None),
    ):
        if neighbour is not None:
            context[key] = {
                "link": app.builder.get_relative_uri(pagename, neighbour.docname),
                "title": Markup(escape(issue_name(language, neighbour.number, neighbour.title))),
            }


def insert_before_parts(body: str, html: str) -> str:
    """``html`` put before the home page's list of parts (its toctree), else at its end."""
    marker = body.find('<div class="toctree-wrapper')
    return body + html if marker < 0 else body[:marker] + html + body[marker:]


NAVIGATION_FILE = "letterbook-navigation.json"
"""In Sphinx's doctree folder: the navigation the HTML pages were last written with. Not in
the build environment: the EPUB's builder shares it and may be the one that read the change."""

_PENDING = "_letterbook_navigation"
"""Attribute of the app: this build's navigation, saved once its pages are written."""
_PATCH = "_letterbook_sidebar_patches"
"""Attribute of the app: the pages whose sidebar only is to change, each with the page of
its part written in full that gives it."""
_WRITTEN = "_letterbook_written"
"""Attribute of the app: the pages written in this build."""

Entry = tuple[str, str, str | None, str | None]
"""(docname, title, parent, the issue's name in its neighbours' links or None)."""


def _navigation(app: Any, env: Any) -> list[Entry]:
    """Every page in toctree order, with what the other pages show of it."""
    language = app.config.language or "en"
    issues = {page.docname: page for page in issue_pages(app)}
    out: list[Entry] = []
    for docname, parent in walk(env, app.config.root_doc):
        title = env.titles[docname].astext() if docname in env.titles else ""
        page = issues.get(docname)
        shown = None if page is None else issue_name(language, page.number, page.title)
        out.append((docname, title, parent, shown))
    return out


def _load_navigation(app: Any) -> list[Entry] | None:
    path = Path(app.doctreedir, NAVIGATION_FILE)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [(str(d), str(t), p, s) for d, t, p, s in data]
    except (OSError, ValueError, TypeError):
        return None


def save_navigation(app: Any, exception: BaseException | None) -> None:
    """Once the pages are written: the navigation they show."""
    new = getattr(app, _PENDING, None)
    if exception is None and new is not None:
        text = json.dumps(new, ensure_ascii=False, indent=0)
        write_text(Path(app.doctreedir, NAVIGATION_FILE), text)


def _neighbours(entries: Sequence[tuple[str, str | None]]) -> dict[str, tuple[Any, Any]]:
    """Per page, its previous and next entries (None at the ends)."""
    padded: list[Any] = [None, *entries, None]
    return {entry[0]: (padded[i], padded[i + 2]) for i, entry in enumerate(entries)}


def pages_to_rewrite(app: Any, env: Any) -> list[str]:
    """The pages that show a changed part of the navigation, to be written again: the home
    page, those whose previous or next page changed (its address or its name), and every
    page of a part whose list changed (their sidebars list it). Every page when the
    navigation the pages were written with is not known, or when the list of parts changed
    (every sidebar lists the parts).

    With the caches on, the pages of a part whose sidebar only changed are not written
    again: :func:`patch_sidebars` puts the new sidebar into them, from a page of the same
    part written in full (one is, or one is written for that)."""
    if app.builder.name != "html" or app.config.root_doc not in env.titles:
        return []
    root = app.config.root_doc
    new = _navigation(app, env)
    setattr(app, _PENDING, new)
    setattr(app, _PATCH, {})
    old = _load_navigation(app)
    everything = [entry[0] for entry in new if entry[0] in env.found_docs]
    if old is None:
        return everything
    if old == new:
        return []

    def lists(nav: list[Entry]) -> dict[str | None, list[tuple[str, str]]]:
        out: dict[str | None, list[tuple[str, str]]] = {}
        for docname, title, parent, _shown in nav:
            out.setdefault(parent, []).append((docname, title))
        return out

    old_lists, new_lists = lists(old), lists(new)
    if old_lists.keys() != new_lists.keys() or any(
        old_lists.get(top) != new_lists.get(top) for top in (None, root)
    ):
        return everything
    rewrite = {root}
    for before, after in (
        ([(d, t) for d, t, _p, _s in old], [(d, t) for d, t, _p, _s in new]),
        (
            [(d, s) for d, _t, _p, s in old if s is not None],
            [(d, s) for d, _t, _p, s in new if s is not None],
        ),
    ):
        old_neighbours = _neighbours(before)
        for docname, pair in _neighbours(after).items():
            if old_neighbours.get(docname) != pair:
                rewrite.add(docname)
    changed = [parent for parent, children in new_lists.items() if children != old_lists[parent]]
    rewrite.update(parent for parent in changed if parent is not None)
    patch: dict[str, str] = {}
    for parent in changed:
        children = [docname for docname, _title in new_lists[parent]]
        leaves = [
            d for d in children if d in env.found_docs and d not in new_lists and d not in rewrite
        ]
        if not app.config[CACHES]:
            rewrite.update(children)
            continue
        rewrite.update(d for d in children if d in new_lists)
        written = [
            d for d in children if d in rewrite and d in env.found_docs and d not in new_lists
        ]
        if not written and leaves:
            written = [leaves.pop(0)]
            rewrite.add(written[0])
        folder = posixpath.dirname(written[0]) if written else None
        for docname in leaves:
            if posixpath.dirname(docname) == folder:
                patch[docname] = written[0]
            else:
                rewrite.add(docname)
    setattr(app, _PATCH, {d: donor for d, donor in patch.items() if d in env.found_docs})
    return sorted(rewrite & env.found_docs)


def note_written(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.name == "html":
        written = getattr(app, _WRITTEN, None)
        if written is None:
            written = set()
            setattr(app, _WRITTEN, written)
        written.add(pagename)


def patch_sidebars(app: Any) -> list[Any]:
    """Once the documents are written: the sidebar of each page whose sidebar only changed,
    moved from the page of its part written in full; a page it cannot be done for exactly
    is written in full."""
    patch: dict[str, str] = getattr(app, _PATCH, {})
    written: set[str] = getattr(app, _WRITTEN, set())
    redo: set[str] = set()
    patched = 0
    for docname, donor in sorted(patch.items()):
        if docname in written:
            continue
        target = Path(app.builder.get_outfilename(docname))
        source = Path(app.builder.get_outfilename(donor))
        uri = app.builder.get_relative_uri
        try:
            html = target.read_text(encoding="utf-8")
            donor_html = source.read_text(encoding="utf-8") if donor in written else None
        except OSError:
            donor_html = None
        moved = None
        if donor_html is not None:
            moved = replace_sidebar(html, donor_html, uri(docname, donor), uri(donor, docname))
        if moved is None:
            redo.add(docname)
        else:
            write_text(target, moved)
            patched += 1
    if redo:
        app.builder.write_documents(redo)
    if patch:
        logger.info(
            "letter-book: %d sidebars moved into pages written before, %d pages written again",
            patched,
            len(redo),
        )
    return []
