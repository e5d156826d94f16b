"""Addresses normalised before any output: what a URL may hold, escapes kept."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from letter_book.urls import normalise
from letter_book.writers.escape import safe_href


@pytest.mark.parametrize(
    ("address", "normal"),
    [
        (
            "https://riot.im/app/#/room/#etalab:matrix.org",
            "https://riot.im/app/#/room/%23etalab:matrix.org",
        ),
        ("https://école.fr/été?q=a b#x", "https://xn--cole-9oa.fr/%C3%A9t%C3%A9?q=a%20b#x"),
        ("https://x.org/a%20b/100%", "https://x.org/a%20b/100%25"),
        ("https://fr.wikipedia.org/wiki/Test_(x)", "https://fr.wikipedia.org/wiki/Test_%28x%29"),
        ("https://a.org/p?x=<y>&z=1", "https://a.org/p?x=%3Cy%3E&z=1"),
        ("mailto:ines@example.fr", "mailto:ines@example.fr"),
        ("  https://user@bücher.de:8080/  ", "https://user@xn--bcher-kva.de:8080/"),
    ],
)
def test_addresses_take_the_form_a_url_may_hold(address: str, normal: str) -> None:
    assert normalise(address) == normal
    assert safe_href(address) == normal


_TEXT = st.characters(blacklist_categories=("Cc", "Cs"))
"""Characters of an address as pasted (tabs and newlines are never part of one: urlsplit
drops them, as browsers do)."""
_ADDRESS = st.builds(
    lambda host, path, fragment: f"https://{host}.example/{path}#{fragment}",
    st.text("abcé-", min_size=1, max_size=8),
    st.text(_TEXT, max_size=20).filter(lambda t: "#" not in t and "?" not in t),
    st.text(_TEXT, max_size=20),
)


@given(_ADDRESS)
def test_normalising_is_idempotent_and_leaves_nothing_to_escape(address: str) -> None:
    normal = normalise(address)
    assert normalise(normal) == normal
    assert normal.isascii()
    assert not any(c in normal for c in ' <>"\\^`{|}') and normal.count("#") == 1
    # The fragment says what it said (white space around an address is not part of it;
    # an escape it had, ``%00``, stays one).
    fragment = address.strip().split("#", 1)[1]
    assert unquote(normal.split("#", 1)[1]) == unquote(fragment)
