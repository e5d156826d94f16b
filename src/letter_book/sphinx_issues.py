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
next links. :func:`_pages_to_rewrite` tells Sphinx which pages show what
changed (the home page, the pages of the parts whose list changed, the
neighbours), and they are written again without being read again. It compares
the navigation with the one the pages were last written with, which it keeps in
Sphinx's doctree folder (:data:`NAVIGATION_FILE`, saved when a build succeeds),
not in the build environment: the EPUB's builder shares that environment and may
be the one that read the new chapter. The EPUB and the PDF are read in order, so
they need none of this.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from .files import write_text
from .writers.labels import issue_name, label, long_date

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


def _page_context(
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

Navigation = list[tuple[str, str, str | None]]


def _navigation(env: Any, root: str) -> Navigation:
    """(docname, title, parent) of every page in toctree order."""
    return [
        (docname, env.titles[docname].astext() if docname in env.titles else "", parent)
        for docname, parent in walk(env, root)
    ]


def _load_navigation(app: Any) -> Navigation | None:
    path = Path(app.doctreedir, NAVIGATION_FILE)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, list):
        return None
    return [(str(d), str(t), None if p is None else str(p)) for d, t, p in data]


def _save_navigation(app: Any, exception: BaseException | None) -> None:
    """Once the pages are written: the navigation they show."""
    new = getattr(app, _PENDING, None)
    if exception is None and new is not None:
        text = json.dumps(new, ensure_ascii=False, indent=0)
        write_text(Path(app.doctreedir, NAVIGATION_FILE), text)


def _pages_to_rewrite(app: Any, env: Any) -> list[str]:
    """The pages that show a changed part of the navigation, to be written again: those
    whose previous or next page changed, and every page of a part whose list changed
    (their sidebars list it), and the home page. Every page when the navigation the pages
    were written with is not known."""
    if app.builder.name != "html" or app.config.root_doc not in env.titles:
        return []
    new = _navigation(env, app.config.root_doc)
    setattr(app, _PENDING, new)
    old = _load_navigation(app)
    if old is None:
        return [docname for docname, _t, _p in new]
    if old == new:
        return []

    def lists(nav: Navigation) -> dict[str | None, list[tuple[str, str]]]:
        out: dict[str | None, list[tuple[str, str]]] = {}
        for docname, title, parent in nav:
            out.setdefault(parent, []).append((docname, title))
        return out

    def neighbours(nav: Navigation) -> dict[str, tuple[str, str]]:
        order = [docname for docname, _t, _p in nav]
        padded = ["", *order, ""]
        return {docname: (padded[i], padded[i + 2]) for i, docname in enumerate(order)}

    old_lists, new_lists = lists(old), lists(new)
    if old_lists.keys() != new_lists.keys():
        return [docname for docname, _t, _p in new]  # a part came or went: every sidebar
    old_neighbours = neighbours(old)
    rewrite = {app.config.root_doc}
    for docname, pair in neighbours(new).items():
        if old_neighbours.get(docname) != pair:
            rewrite.add(docname)
    for parent, children in new_lists.items():
        if children != old_lists[parent]:
            rewrite.update(docname for docname, _title in children)
            if parent is not None:
                rewrite.add(parent)
    return sorted(rewrite)


def setup(app: Any) -> None:
    app.connect("html-page-context", _page_context)
    app.connect("env-get-updated", _pages_to_rewrite)
    app.connect("build-finished", _save_navigation)
