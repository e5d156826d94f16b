"""Sharing and discovery, when the book has a public address (``book.base_url``).

- **OpenGraph and Twitter card tags** on every page, so a link shared in a
  chat or a social network shows the issue's title, teaser and date.
- **A sitemap** (``sitemap.xml``): every page of the book, an issue's date as
  its last modification.
- **An Atom feed** (``atom.xml``) of the dated issues, newest first, linked from
  every page's head, so readers can follow the book in a feed reader.

All three are written from the build environment (the chapters' front matter
and the toctree), at the end of every HTML build, so rebuilds keep them
whole. They hold dates from the issues, never the build's time: the same book
gives the same bytes. Without ``book.base_url`` nothing is added: shared links
and feeds need absolute addresses.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from lxml import etree
from markupsafe import escape

from letter_book.sphinxext.issues import issue_pages, walk
from letter_book.writers.labels import issue_name

FEED = "atom.xml"
SITEMAP = "sitemap.xml"
_ATOM = "http://www.w3.org/2005/Atom"
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _active(app: Any) -> bool:
    return bool(app.config.html_baseurl) and app.builder.name == "html"


def _url(app: Any, docname: str) -> str:
    return str(app.config.html_baseurl) + str(app.builder.get_target_uri(docname))


def meta_tags(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if not _active(app) or doctree is None:
        return
    env, config = app.env, app.config
    metadata = env.metadata.get(pagename, {})
    title = env.titles[pagename].astext() if pagename in env.titles else config.project
    description = metadata.get("issue_subtitle") or app.config.letterbook_description
    tags = {
        "og:title": title,
        "og:type": "article" if "issue_title" in metadata else "website",
        "og:url": _url(app, pagename),
        "og:site_name": config.project,
        "og:description": description,
        "article:published_time": metadata.get("issue_date"),
        "article:author": metadata.get("issue_author"),
        "twitter:card": "summary",
    }
    lines = [
        f'<meta {"name" if key.startswith("twitter:") else "property"}="{key}" '
        f'content="{escape(value)}" />'
        for key, value in tags.items()
        if value
    ]
    lines.append(
        f'<link rel="alternate" type="application/atom+xml" title="{escape(config.project)}" '
        f'href="{escape(str(config.html_baseurl) + FEED)}" />'
    )
    context["metatags"] = context.get("metatags", "") + "\n".join(lines) + "\n"


def sitemap(app: Any) -> bytes:
    """Every page of the book, in reading order, with its issue's date."""
    dates = {page.docname: page.date for page in issue_pages(app)}
    root = etree.Element(f"{{{_SITEMAP_NS}}}urlset", nsmap={None: _SITEMAP_NS})  # type: ignore[dict-item]
    for docname in _reading_order(app):
        url = etree.SubElement(root, f"{{{_SITEMAP_NS}}}url")
        etree.SubElement(url, f"{{{_SITEMAP_NS}}}loc").text = _url(app, docname)
        if dates.get(docname):
            etree.SubElement(url, f"{{{_SITEMAP_NS}}}lastmod").text = str(dates[docname])
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _reading_order(app: Any) -> list[str]:
    """The book's pages in reading order, then any page outside the toctree."""
    env = app.env
    order = [d for d, _parent in walk(env, app.config.root_doc) if d in env.all_docs]
    order = list(dict.fromkeys(order))
    return order + sorted(set(env.all_docs) - set(order))


def feed(app: Any) -> bytes:
    """The Atom feed of the dated issues, newest first."""
    config, language = app.config, app.config.language or "en"
    issues = sorted(
        (page for page in issue_pages(app) if page.date is not None),
        key=lambda page: (page.date or dt.date.min, page.docname),
        reverse=True,
    )
    root = etree.Element(f"{{{_ATOM}}}feed", nsmap={None: _ATOM})  # type: ignore[dict-item]
    root.set("{http://www.w3.org/XML/1998/namespace}lang", language)

    def add(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> None:
        element = etree.SubElement(parent, f"{{{_ATOM}}}{tag}", attrs)
        element.text = text

    def stamp(date: dt.date | None) -> str:
        return f"{(date or dt.date(2000, 1, 1)).isoformat()}T00:00:00Z"

    base = str(config.html_baseurl)
    add(root, "id", base)
    add(root, "title", config.project)
    if config.letterbook_subtitle:
        add(root, "subtitle", config.letterbook_subtitle)
    add(root, "link", rel="alternate", type="text/html", href=base)
    add(root, "link", rel="self", type="application/atom+xml", href=base + FEED)
    add(root, "updated", stamp(issues[0].date if issues else None))
    if config.author:
        author = etree.SubElement(root, f"{{{_ATOM}}}author")
        add(author, "name", config.author)
    add(root, "generator", "letter-book")
    for page in issues:
        entry = etree.SubElement(root, f"{{{_ATOM}}}entry")
        url = _url(app, page.docname)
        add(entry, "id", url)
        add(entry, "title", issue_name(language, page.number, page.title))
        add(entry, "link", rel="alternate", type="text/html", href=url)
        add(entry, "published", stamp(page.date))
        add(entry, "updated", stamp(page.date))
        summary = app.env.metadata.get(page.docname, {}).get("issue_subtitle")
        if summary:
            add(entry, "summary", summary)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def write(app: Any, exception: BaseException | None) -> None:
    if exception is None and _active(app):
        Path(app.outdir, SITEMAP).write_bytes(sitemap(app))
        Path(app.outdir, FEED).write_bytes(feed(app))
