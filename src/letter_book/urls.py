"""Addresses as every output can hold them: one normaliser for links from any reader.

Issues carry addresses as they were written or pasted: a second ``#`` inside a fragment
(``https://riot.im/app/#/room/#etalab:matrix.org``), spaces, accented letters in a path or
a host. An EPUB must not hold them so (EPUBCheck: RSC-020), and a browser guesses. Each is
written in the form a URL may hold: characters outside it percent-encoded (a ``%`` that
starts no escape too), an international host in its ASCII (IDNA) form. Escapes already
there are kept, so a normalised address is its own normal form. The text shown for a link
is never changed: only where it points.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

_SAFE = "/:?[]@!$&'*+,;=%~"
"""Characters kept as they are, in a path and a query (``(`` and ``)`` are escaped, so
that the address ends where MyST's link destination ends)."""
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _quote(part: str, safe: str) -> str:
    return quote(_LONE_PERCENT.sub("%25", part), safe=safe)


def _host(netloc: str) -> str:
    """``netloc`` with an international host name in its IDNA form."""
    if netloc.isascii():
        return netloc
    userinfo, at, hostport = netloc.rpartition("@")
    host, colon, port = hostport.partition(":")
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        ascii_host = quote(host, safe="")
    return f"{userinfo}{at}{ascii_host}{colon}{port}"


def normalise(address: str) -> str:
    """``address`` in the form a URL may hold (see the module's docstring)."""
    address = address.strip()
    parts = urlsplit(address)
    normal = urlunsplit(
        (
            parts.scheme,
            _host(parts.netloc),
            _quote(parts.path, _SAFE),
            _quote(parts.query, _SAFE),
            "",
        )
    )
    before, hash_, _fragment = address.partition("#")
    if "?" in before and not parts.query:
        normal += "?"  # an empty query or fragment is kept, as written
    if hash_:
        normal += "#" + _quote(parts.fragment, _SAFE)  # "#" is not safe: one inside is escaped
    return normal


_TRACKERS = (
    "list-manage.com/track/", "mandrillapp.com/track/", "sendgrid.net/wf/open",
    "/track/open", "/open.php", "/e/o/", "pixel.wp.com/", "google-analytics.com/collect",
    "substack.com/o/", "/o.gif", "beehiiv.com/open", "mailchimp.com/track",
    "convertkit-mail", "/email/open", "ghost.io/open", "/pixel.gif", "/spacer.gif",
)  # fmt: skip
"""Pieces of the addresses of open-tracking pixels that email platforms put in issues."""


def is_tracking(url: str, width: str | None = None, height: str | None = None) -> bool:
    """Whether an image is a tracking pixel or a spacer: 1 or 2 pixels wide or high by its
    attributes, or at an address of a known open-tracking service."""
    if any(size is not None and size.strip().removesuffix("px") in ("0", "1", "2")
           for size in (width, height)):  # fmt: skip
        return True
    lowered = url.lower()
    return any(piece in lowered for piece in _TRACKERS)
