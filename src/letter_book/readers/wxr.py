"""WordPress exports (WXR 1.0 to 1.2, wordpress.com and self-hosted): published posts.

A WXR file is RSS with WordPress's own namespace: one ``<item>`` per post, page,
attachment or menu item, each with ``wp:post_type``, ``wp:status`` and the body in
``content:encoded``. Only published posts are issues; every other item is set aside
with why (draft, scheduled, private, trashed, page, attachment, anything else).

The body is what the author typed in WordPress's editor, not HTML yet: WordPress adds
paragraphs at display time (its ``wpautop``: a blank line ends a paragraph, a single
newline is a line break, except in block elements such as ``<pre>`` and lists), and
expands shortcodes. :func:`autop` does the first; ``[caption]`` becomes a figure with its
caption, and other shortcodes, whose output only the site's plugins know, stay as
typed and are reported (``wordpress.shortcode``).

Elements are found by their local name, so the namespace's version (``export/1.0/`` to
``1.2/``) and re-serialised files (white space around CDATA values) read the same. The
line of a post is its ``<item>``'s line in the file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

from lxml import etree

from letter_book.diagnostics import Code
from letter_book.errors import InputError
from letter_book.model import Comment, Issue, Source, plain
from letter_book.readers.base import Metadata, ReadContext, Result, SetAside
from letter_book.readers.html_inline import source_line
from letter_book.reasons import SkipReason

MAX_BYTES = 200_000_000
"""A larger export is refused: a site's whole history in WXR is tens of megabytes."""

_SKIPPED_STATUS = {
    "draft": ("a draft (not published)", SkipReason.DRAFT),
    "auto-draft": ("a draft (not published)", SkipReason.DRAFT),
    "pending": ("pending review (not published)", SkipReason.DRAFT),
    "future": ("scheduled, not yet published", SkipReason.SCHEDULED),
    "trash": ("in the trash", SkipReason.TRASHED),
    "private": ("private (not published)", SkipReason.STATUS),
}
_SKIPPED_TYPE = {
    "page": ("a page, not a post", SkipReason.PAGE),
    "attachment": ("an attachment (a media file), not a post", SkipReason.ATTACHMENT),
}

# Block elements wpautop does not wrap in a paragraph (WordPress's own list, shortened
# to the ones post bodies hold).
_BLOCK = (
    "address|article|aside|blockquote|dd|details|div|dl|dt|fieldset|figcaption|figure|"
    "footer|form|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|table|tbody|td|tfoot|th|"
    "thead|tr|ul|iframe|video|audio|!--"
)
_STARTS_BLOCK = re.compile(rf"^\s*<(?:/?(?:{_BLOCK}))[\s>/]", re.I)
_ENDS_BLOCK = re.compile(rf"</(?:{_BLOCK})>\s*$|<hr\s*/?>\s*$", re.I)
_KEEP = re.compile(r"<(pre|ul|ol|table|blockquote|figure)\b.*?</\1>", re.I | re.S)
_CAPTION = re.compile(r"\[caption\b[^\]]*\](.*?)\[/caption\]", re.I | re.S)
_CAPTIONED = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.I | re.S)
_SHORTCODE = re.compile(r"\[(/?)([A-Za-z][\w-]*)((?:\s[^\]]*)?)\]")
_KNOWN_SHORTCODES = frozenset((
    "audio", "embed", "gallery", "playlist", "video", "wpvideo", "youtube", "vimeo",
    "soundcloud", "tweet", "instagram", "contact-form", "contact-field", "googlemaps",
    "recipe", "latex", "code", "sourcecode",
))  # fmt: skip
_NO_DATE = "0000-00-00"


def read(path: Path, ctx: ReadContext) -> Result:
    """The published posts of the WXR file at ``path``, and the items set aside."""
    if path.stat().st_size > MAX_BYTES:
        raise InputError(
            Code.FILE_TOO_LARGE, f"over {MAX_BYTES // 1_000_000} MB, the limit for an export"
        )
    return _read(path.read_bytes(), ctx)


def export(path: Path, ctx: ReadContext) -> Result:
    """The WXR files of a zip (wordpress.com's "Export all" zips one, or several for a
    large site), or of a folder, read as one export. A file that cannot be read is
    reported and the others still are."""
    from letter_book.readers import HEAD, is_wxr
    from letter_book.readers.collections import Files

    files = Files(path)
    issues: list[Issue] = []
    aside: list[SetAside] = []
    for name in files.names():
        data = (files.read(name) or b"") if name.lower().endswith(".xml") else b""
        if not is_wxr(data[:HEAD]):
            aside.append(SetAside(name, "not a WordPress export", SkipReason.UNRECOGNISED))
            continue
        member = replace(ctx, path=f"{ctx.path}/{name}")
        try:
            result = _read(data, member)
        except InputError as exc:
            ctx.diagnostics.warn(member.path, exc.line, f"{exc.message}; skipped", exc.code)
            continue
        issues.extend(result.issues)
        aside.extend(result.set_aside)
    return Result(tuple(issues), tuple(aside))


def _read(data: bytes, ctx: ReadContext) -> Result:
    channel = _channel(data)
    authors = _authors(channel)
    issues: list[Issue] = []
    aside: list[SetAside] = []
    for item in (child for child in channel if _name(child) == "item"):
        post_id = _text(item, "post_id") or str(source_line(item))
        kind = _text(item, "post_type") or "post"
        status = _text(item, "status") or "publish"
        if kind in _SKIPPED_TYPE or kind != "post":
            why, code = _SKIPPED_TYPE.get(kind, (f"a {kind}, not a post", SkipReason.NOT_A_POST))
            aside.append(SetAside(post_id, why, code))
        elif status != "publish":
            why, code = _SKIPPED_STATUS.get(status, (f"status {status}", SkipReason.STATUS))
            aside.append(SetAside(post_id, why, code))
        elif _text(item, "post_password"):
            aside.append(SetAside(post_id, "protected by a password", SkipReason.STATUS))
        else:
            issue = _issue(item, post_id, authors, ctx)
            if issue is not None:
                issues.append(issue)
    return Result(tuple(issues), tuple(aside))


def _channel(data: bytes) -> etree._Element:
    # No DTD, no entities, no network: a WXR file has none, and a hostile one gets nothing.
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )  # fmt: skip
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(
            Code.METADATA_INVALID, f"not a well-formed WordPress export: {exc}", exc.lineno or 0
        ) from exc
    if root.getroottree().docinfo.internalDTD is not None:
        raise InputError(Code.FILE_UNSAFE, "the export declares a DTD; refused")
    channel = next((c for c in root if _name(c) == "channel"), None)
    if channel is None:
        raise InputError(Code.METADATA_INVALID, "a WordPress export without a <channel>")
    return channel


def _name(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _child(element: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in element if _name(c) == name), None)


def _text(element: etree._Element, name: str) -> str:
    """The text of ``element``'s child ``name`` (any namespace), without the white space a
    re-serialised file puts around CDATA."""
    found = _child(element, name)
    return (found.text or "").strip() if found is not None else ""


def _authors(channel: etree._Element) -> dict[str, str]:
    """Author logins to display names (``wp:author``, WXR 1.1 and later)."""
    names = {}
    for author in (c for c in channel if _name(c) == "author"):
        login = _text(author, "author_login")
        shown = _text(author, "author_display_name")
        if login and shown:
            names[login] = shown
    return names


def _issue(
    item: etree._Element, post_id: str, authors: dict[str, str], ctx: ReadContext
) -> Issue | None:
    from letter_book.readers.html import issue_from_html

    line = source_line(item)
    where = f"{ctx.path}#{post_id}"
    body = _shortcodes(_text(item, "encoded"), post_id, line, ctx)
    creator = _text(item, "creator")
    metadata = Metadata(
        title=" ".join(_text(item, "title").split()) or None,
        subtitle=_plain_text(_excerpt(item)) or None,
        date=_date(item),
        author=authors.get(creator, creator) or None,
        tags=tuple(dict.fromkeys(_categories(item))),
    )
    source = Source(where, "wordpress", entry=post_id)
    try:
        html = autop(body)  # its blocks are on the line of their <item>, as warnings say
        issue = issue_from_html(html, source, f"post {post_id}", metadata, ctx, line, one_line=True)
    except InputError as exc:
        ctx.diagnostics.warn(ctx.path, line, f"post {post_id}: {exc.message}; skipped", exc.code)
        return None
    return _with_comments(issue, item)


def _excerpt(item: etree._Element) -> str:
    """``excerpt:encoded``: the only ``encoded`` child in the excerpt namespace."""
    for child in item:
        if _name(child) == "encoded" and "excerpt" in (etree.QName(child).namespace or ""):
            return (child.text or "").strip()
    return ""


def _date(item: etree._Element) -> dt.date | None:
    for name in ("post_date_gmt", "post_date"):
        value = _text(item, name)
        if value and not value.startswith(_NO_DATE):
            try:
                return dt.date.fromisoformat(value[:10])
            except ValueError:
                continue
    published = _text(item, "pubDate")
    if published:
        from email.utils import parsedate_to_datetime

        try:
            return parsedate_to_datetime(published).date()
        except (TypeError, ValueError):
            return None
    return None


def _categories(item: etree._Element) -> list[str]:
    return [
        " ".join((c.text or "").split())
        for c in item
        if _name(c) == "category" and c.get("domain") in ("category", "post_tag", None)
        and (c.text or "").strip() and (c.text or "").strip() != "Uncategorized"
    ]  # fmt: skip


def _with_comments(issue: Issue, item: etree._Element) -> Issue:
    """Approved comments (not pingbacks or trackbacks), kept apart from the post."""
    comments = []
    for comment in (c for c in item if _name(c) == "comment"):
        if _text(comment, "comment_approved") != "1":
            continue
        if _text(comment, "comment_type") in ("pingback", "trackback"):
            continue
        text = _plain_text(_text(comment, "comment_content"))
        author = _text(comment, "comment_author")
        if text:
            said = f"{author} : {text}" if author else text
            comments.append(Comment(plain(said), source_line(comment)))
    return replace(issue, comments=(*issue.comments, *comments)) if comments else issue


def _plain_text(html: str) -> str:
    """The text of an HTML fragment (an excerpt, a comment), white space collapsed."""
    if "<" not in html and "&" not in html:
        return " ".join(html.split())
    import lxml.html

    try:
        return " ".join(
            lxml.html.fragment_fromstring(html, create_parent="div").text_content().split()
        )
    except etree.ParserError:
        return ""


def _shortcodes(body: str, post_id: str, line: int, ctx: ReadContext) -> str:
    """``[caption]`` as a figure; other shortcodes kept as typed, each name reported once."""

    def figure(match: re.Match[str]) -> str:
        parts = _CAPTIONED.match(match.group(1))
        if parts is None:
            return match.group(1)
        return f"<figure>{parts.group(1)}<figcaption>{parts.group(2).strip()}</figcaption></figure>"

    body = _CAPTION.sub(figure, body)
    reported = set()
    for match in _SHORTCODE.finditer(body):
        closing, name, attributes = match.groups()
        is_shortcode = name.lower() in _KNOWN_SHORTCODES or "=" in attributes or closing
        if is_shortcode and name.lower() not in reported:
            reported.add(name.lower())
            ctx.diagnostics.warn(
                ctx.path, line,
                f"post {post_id}: shortcode [{name}] kept as typed: only the site's plugins "
                "know what it shows", Code.WORDPRESS_SHORTCODE,
            )  # fmt: skip
    return body


def autop(text: str) -> str:
    """WordPress's automatic paragraphs: blank lines separate paragraphs, a single newline
    is a line break; block elements are neither wrapped nor broken."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\n\n<!--kept {len(kept) - 1}-->\n\n"

    text = _KEEP.sub(keep, text.replace("\r\n", "\n").replace("\r", "\n"))
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if chunk.startswith("<!--kept "):
            paragraphs.append(kept[int(chunk[9:-3])])
        elif _STARTS_BLOCK.match(chunk) or _ENDS_BLOCK.search(chunk):
            paragraphs.append(chunk)
        else:
            paragraphs.append("<p>" + chunk.replace("\n", "<br />\n") + "</p>")
    return "\n".join(paragraphs)
