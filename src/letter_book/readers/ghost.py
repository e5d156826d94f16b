"""Ghost exports (Settings → Advanced → Export): the JSON of a whole site, every generation.

The file is ``{"db": [{"meta": ..., "data": {...}}]}`` (or the ``{"meta", "data"}``
inside it). ``data`` holds tables: ``posts``, ``users``, ``tags``, and the join tables
``posts_authors`` and ``posts_tags`` (0.x has ``author_id`` on the post instead).

A post's body is its ``html`` where Ghost rendered it; an export made before the
rendering (or by a tool) may have only the editor's document: ``lexical`` (Ghost 5
and later), ``mobiledoc`` (1.x to 4.x) or ``markdown`` (0.x). Each becomes HTML here
and goes through the HTML reader like any post; a card of a kind not known keeps its
text and is reported (``ghost.card``).

Issues are the published posts (``status`` ``published``, and ``sent``: a newsletter
sent by email only), public ones unless ``archive.paid_posts``; drafts, scheduled
posts and pages (``type: page``, or 0.x's ``page: 1``) are set aside with why. Ghost
writes links to its own site as ``__GHOST_URL__/...``: they point to
``archive.site_url`` when set, else they are made relative and reported once
(``site-url.missing``). The line of a post is the line of the export its record starts
on.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any

from letter_book.diagnostics import Code
from letter_book.errors import InputError
from letter_book.model import Issue, Source
from letter_book.readers.base import Metadata, ReadContext, Result, SetAside
from letter_book.reasons import SkipReason

MAX_BYTES = 200_000_000
"""A larger export is refused: a site's whole history is tens of megabytes."""
GHOST_URL = "__GHOST_URL__"
_PUBLISHED = ("published", "sent")
_SKIPPED = {
    "draft": ("a draft (not published)", SkipReason.DRAFT),
    "scheduled": ("scheduled, not yet published", SkipReason.SCHEDULED),
}
Row = dict[str, Any]


def read(path: Path, ctx: ReadContext) -> Result:
    """The published posts of the Ghost export at ``path``, and the posts set aside."""
    if path.stat().st_size > MAX_BYTES:
        raise InputError(
            Code.FILE_TOO_LARGE, f"over {MAX_BYTES // 1_000_000} MB, the limit for an export"
        )
    text = path.read_bytes().decode("utf-8-sig", "replace")
    try:
        data = _tables(json.loads(text))
    except (json.JSONDecodeError, RecursionError) as exc:
        line = getattr(exc, "lineno", 0)
        raise InputError(Code.METADATA_INVALID, f"not a Ghost export: {exc}", line) from exc
    site = ctx.config.archive.site_url.rstrip("/")
    authors = _joined(data, "posts_authors", "author_id", "users", "name")
    tags = _joined(data, "posts_tags", "tag_id", "tags", "name")
    issues: list[Issue] = []
    aside: list[SetAside] = []
    unresolved = False
    for post in _rows(data.get("posts")):
        slug = str(post.get("slug") or post.get("id") or "?")
        status = str(post.get("status") or "")
        if post.get("type") == "page" or post.get("page") in (1, True):
            aside.append(SetAside(slug, "a page, not a post", SkipReason.PAGE))
        elif status not in _PUBLISHED:
            why, code = _SKIPPED.get(status, (f"status {status}", SkipReason.STATUS))
            aside.append(SetAside(slug, why, code))
        elif post.get("visibility", "public") != "public" and not ctx.config.archive.paid_posts:
            why = f"for {post.get('visibility')} only (archive.paid_posts)"
            aside.append(SetAside(slug, why, SkipReason.PAID))
        else:
            line = _line_of(text, post)
            body = _body(post, partial(_unknown_card, ctx, line, slug))
            unresolved |= GHOST_URL in body or GHOST_URL in str(post.get("feature_image"))
            issue = _issue(post, slug, line, _resolve(body, site), site, authors, tags, ctx)
            if issue is not None:
                issues.append(issue)
    if unresolved and not site:
        ctx.diagnostics.warn(
            ctx.path, 0,
            f"links to the site itself ({GHOST_URL}) are made relative: set archive.site_url "
            "to the site's address", Code.SITE_URL_MISSING,
        )  # fmt: skip
    return Result(tuple(issues), tuple(aside))


def _tables(parsed: Any) -> dict[str, Any]:
    """The ``data`` of an export, whether wrapped in ``db`` or not."""
    if isinstance(parsed, dict) and isinstance(parsed.get("db"), list) and parsed["db"]:
        parsed = parsed["db"][0]
    if not isinstance(parsed, dict) or not isinstance(parsed.get("data"), dict):
        raise InputError(Code.METADATA_INVALID, "not a Ghost export: no data tables")
    tables: dict[str, Any] = parsed["data"]
    return tables


def _rows(table: Any) -> Iterable[Row]:
    return (row for row in table or () if isinstance(row, dict))


def _joined(
    data: dict[str, Any], join: str, key: str, table: str, field: str
) -> dict[str, list[str]]:
    """Post id to the names of its authors (or tags), in the join table's order."""
    names = {row.get("id"): str(row.get(field) or "") for row in _rows(data.get(table))}
    joined: dict[str, list[str]] = defaultdict(list)
    ordered = sorted(_rows(data.get(join)), key=lambda r: int(r.get("sort_order") or 0))
    for row in ordered:
        name = names.get(row.get(key))
        if name:
            joined[str(row.get("post_id"))].append(name)
    for post in _rows(data.get("posts")):  # 0.x: one author on the post itself
        author = names.get(post.get("author_id")) if table == "users" else None
        if author and str(post.get("id")) not in joined:
            joined[str(post.get("id"))].append(author)
    return joined


def _line_of(text: str, post: Row) -> int:
    """The line the post's record starts on: where its ``id`` is written, as Ghost writes
    the id first."""
    match = re.search(r'"id"\s*:\s*' + re.escape(json.dumps(post.get("id"))), text)
    return text.count("\n", 0, match.start()) + 1 if match else 0


def _resolve(body: str, site: str) -> str:
    return body.replace(f"{GHOST_URL}/", f"{site}/" if site else "/").replace(GHOST_URL, site)


def _issue(
    post: Row, slug: str, line: int, body: str, site: str,
    authors: dict[str, list[str]], tags: dict[str, list[str]], ctx: ReadContext,
) -> Issue | None:  # fmt: skip
    from letter_book.readers.html import issue_from_html

    image = str(post.get("feature_image") or "")
    if image:
        caption = str(post.get("feature_image_caption") or "")
        alt = html.escape(str(post.get("feature_image_alt") or ""))
        src = html.escape(_resolve(image, site))
        body = _figure(src, alt, caption) + body
    metadata = Metadata(
        title=str(post.get("title") or "").strip() or None,
        subtitle=str(post.get("custom_excerpt") or "").strip() or None,
        date=_date(post.get("published_at")),
        author=", ".join(authors.get(str(post.get("id")), [])) or None,
        tags=tuple(tags.get(str(post.get("id")), [])),
    )
    source = Source(f"{ctx.path}#{slug}", "ghost", entry=slug)
    try:
        return issue_from_html(body, source, slug, metadata, ctx, line, one_line=True)
    except InputError as exc:
        ctx.diagnostics.warn(ctx.path, line, f"post {slug}: {exc.message}; skipped", exc.code)
        return None


def _date(value: Any) -> Any:
    import datetime as dt

    if isinstance(value, int | float):  # 0.x: milliseconds since 1970
        return dt.datetime.fromtimestamp(value / 1000, dt.UTC).date()
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _unknown_card(ctx: ReadContext, line: int, slug: str, kind: str) -> None:
    ctx.diagnostics.warn(
        ctx.path, line, f"post {slug}: a {kind!r} card is not known; its text is kept",
        Code.GHOST_CARD,
    )  # fmt: skip


def _body(post: Row, unknown: Callable[[str], None]) -> str:
    """The post's HTML: Ghost's rendering, else its editor's document rendered here."""
    from letter_book.readers.markdown import render

    if str(post.get("html") or "").strip():
        return str(post["html"])
    for field, renderer in (("lexical", _lexical), ("mobiledoc", _mobiledoc)):
        document = post.get(field)
        if document:
            try:
                parsed = json.loads(document) if isinstance(document, str) else document
            except json.JSONDecodeError:
                continue
            return renderer(parsed, unknown)
    return render(str(post.get("markdown") or post.get("plaintext") or ""))


# -- Lexical (Ghost 5 and later) ------------------------------------------------------------------

_FORMATS = ((1, "strong"), (2, "em"), (8, "u"), (16, "code"), (4, "s"))
_LEXICAL_BLOCKS = {"paragraph": "p", "quote": "blockquote", "aside": "blockquote"}


def _lexical(document: Any, unknown: Callable[[str], None]) -> str:
    root = document.get("root", {}) if isinstance(document, dict) else {}
    return "".join(_lexical_node(node, unknown) for node in root.get("children", ()))


def _lexical_node(node: Any, unknown: Callable[[str], None]) -> str:
    if not isinstance(node, dict):
        return ""
    kind = node.get("type")
    inner = "".join(_lexical_node(child, unknown) for child in node.get("children", ()))
    if kind in ("text", "extended-text"):
        text = html.escape(str(node.get("text", "")))
        for bit, tag in _FORMATS:
            if int(node.get("format") or 0) & bit:
                text = f"<{tag}>{text}</{tag}>"
        return text
    if kind == "linebreak":
        return "<br>"
    if kind == "link":
        return f'<a href="{html.escape(str(node.get("url", "")))}">{inner}</a>'
    if kind in _LEXICAL_BLOCKS:
        tag = _LEXICAL_BLOCKS[kind]
        return f"<{tag}>{inner}</{tag}>"
    if kind in ("heading", "extended-heading"):
        tag = str(node.get("tag", "h2"))
        tag = tag if re.fullmatch(r"h[1-6]", tag) else "h2"
        return f"<{tag}>{inner}</{tag}>"
    if kind == "list":
        tag = "ol" if node.get("listType") == "number" else "ul"
        return f"<{tag}>{inner}</{tag}>"
    if kind == "listitem":
        return f"<li>{inner}</li>"
    return _card(str(kind), node, inner, unknown)


def _figure(src: str, alt: str, caption: str) -> str:
    """An image and its caption (HTML already: Ghost's captions hold links)."""
    return f'<figure><img src="{src}" alt="{alt}"><figcaption>{caption}</figcaption></figure>'


def _card(kind: str, card: Row, inner: str, unknown: Callable[[str], None]) -> str:
    """A card of Lexical or Mobiledoc (they share their fields) as HTML."""
    from letter_book.readers.markdown import render

    def attr(name: str) -> str:
        return html.escape(str(card.get(name) or ""))

    if kind == "image":
        caption = str(card.get("caption") or "")
        return _figure(attr("src"), attr("alt"), caption)
    if kind in ("html", "embed"):
        return str(card.get("html") or "")
    if kind == "markdown":
        return render(str(card.get("markdown") or ""))
    if kind in ("code", "codeblock"):
        return f"<pre><code>{attr('code')}</code></pre>"
    if kind in ("hr", "horizontalrule", "paywall"):
        return ""
    if kind == "bookmark":
        found = card.get("metadata")
        meta: Row = found if isinstance(found, dict) else {}
        title = html.escape(str(meta.get("title") or card.get("url") or ""))
        return f'<p><a href="{attr("url")}">{title}</a></p>'
    unknown(kind)
    text = inner or html.escape(str(card.get("text") or card.get("caption") or ""))
    return f"<p>{text}</p>" if text else ""


# -- Mobiledoc (Ghost 1.x to 4.x) -----------------------------------------------------------------


def _mobiledoc(document: Any, unknown: Callable[[str], None]) -> str:
    if not isinstance(document, dict):
        return ""
    markups = document.get("markups") or []
    cards = document.get("cards") or []
    out = []
    for section in document.get("sections") or []:
        if not isinstance(section, list) or not section:
            continue
        if section[0] == 1 and len(section) >= 3:  # a markup section: p, h2, blockquote...
            tag = str(section[1]).lower()
            tag = tag if re.fullmatch(r"p|h[1-6]|blockquote|pull-quote|aside", tag) else "p"
            tag = "blockquote" if tag in ("pull-quote", "aside") else tag
            out.append(f"<{tag}>{_markers(section[2], markups)}</{tag}>")
        elif section[0] == 3 and len(section) >= 3:  # a list section
            tag = "ol" if section[1] == "ol" else "ul"
            items = "".join(f"<li>{_markers(item, markups)}</li>" for item in section[2])
            out.append(f"<{tag}>{items}</{tag}>")
        elif section[0] == 10 and len(section) >= 2:  # a card
            index = section[1]
            if isinstance(index, int) and 0 <= index < len(cards):
                name, payload = [*list(cards[index]), {}][:2]
                payload = payload if isinstance(payload, dict) else {}
                out.append(_card(str(name), payload, "", unknown))
    return "".join(out)


_MOBILEDOC_MARKUPS = frozenset(("strong", "b", "em", "i", "code", "s", "u", "sup", "sub"))


def _markers(markers: Any, markups: list[Any]) -> str:
    """Mobiledoc's text runs: each opens markups (by index) and closes some after it."""
    out: list[str] = []
    open_tags: list[str] = []
    for marker in markers if isinstance(markers, list) else ():
        if not isinstance(marker, list) or len(marker) < 4:
            continue
        kind, opens, closes, value = marker[:4]
        for index in opens:
            markup = markups[index] if isinstance(index, int) and index < len(markups) else ["span"]
            tag = str(markup[0]).lower() if markup else "span"
            if tag == "a":
                pairs = markup[1] if len(markup) > 1 else []
                href = dict(zip(pairs[::2], pairs[1::2], strict=False)).get("href", "")
                out.append(f'<a href="{html.escape(str(href))}">')
            else:
                tag = tag if tag in _MOBILEDOC_MARKUPS else "span"
                out.append(f"<{tag}>")
            open_tags.append(tag)
        out.append(html.escape(str(value)) if kind == 0 else "")
        for _ in range(min(int(closes or 0), len(open_tags))):
            out.append(f"</{open_tags.pop()}>")
    out.extend(f"</{tag}>" for tag in reversed(open_tags))
    return "".join(out)
