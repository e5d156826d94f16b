"""Issue text is data: escaped text parses back, with every MyST extension on, to itself."""

from __future__ import annotations

import string

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from markdown_it.token import Token

from letter_book.model import Mark, Span
from letter_book.writers.escape import code_span, escape, inline, safe_href

from .helpers import MARKUP, MD

texts = st.one_of(
    st.sampled_from(MARKUP),
    st.text(st.characters(exclude_categories=("Cs", "Cc"))),
    st.lists(
        st.one_of(st.sampled_from(MARKUP), st.text(string.punctuation + "ab 1\u00a0\u202f’«»")),
        max_size=6,
    ).map(" ".join),
)


def plain_text(source: str) -> str | None:
    """The text of ``source`` if MyST parses it as one paragraph of plain text, else None."""
    tokens = MD.parse(source)
    if not source.strip(" \t\n") or not tokens:  # nothing but (no-break) spaces
        return "" if not tokens or not source.strip() else None
    if [t.type for t in tokens] != ["paragraph_open", "inline", "paragraph_close"]:
        return None
    children: list[Token] = tokens[1].children or []
    if any(child.type != "text" for child in children):
        return None
    return "".join(child.content for child in children)


@pytest.mark.parametrize("text", MARKUP)
def test_markup_is_escaped(text: str) -> None:
    assert plain_text(escape(text)) == text.strip()


@given(texts)
@example("\xa0(0)=")  # a target's syntax after a no-break space, which MyST skips
def test_any_text_renders_as_itself(text: str) -> None:
    expected = text.replace("\t", " ").strip(" ")
    got = plain_text(escape(text))
    assert got is not None, escape(text)
    # CommonMark strips a paragraph's outer white space, Unicode spaces included.
    assert got.strip() == expected.strip()


@given(texts)
def test_escaped_text_is_one_line(text: str) -> None:
    assert "\n" not in escape(text + "\n" + text)


@pytest.mark.parametrize(
    ("text", "fenced"),
    [("a", "`a`"), ("a`b", "``a`b``"), ("`a", "`` `a ``"), ("```", "```` ``` ````")],
)
def test_code_span_fences_around_backticks(text: str, fenced: str) -> None:
    assert code_span(text) == fenced
    tokens = MD.parse(fenced)[1].children or []
    assert [(t.type, t.content) for t in tokens] == [("code_inline", text)]


@pytest.mark.parametrize(
    ("href", "safe"),
    [
        ("https://example.org/a b", "https://example.org/a%20b"),
        ("mailto:x@example.org", "mailto:x@example.org"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>", None),
        ("file:///etc/passwd", None),
        ("/etc/passwd", None),
    ],
)
def test_only_safe_links(href: str, safe: str | None) -> None:
    assert safe_href(href) == safe


def test_styled_spans() -> None:
    content = (
        Span("Lire "),
        Span("le *rapport*", frozenset({Mark.STRONG}), "https://example.org/r"),
        Span(" et "),
        Span("`x`", frozenset({Mark.CODE})),
        Span(" ou "),
        Span("ceci", href="javascript:alert(1)"),
    )
    rendered = inline(content)
    assert rendered == "Lire [**le \\*rapport\\***](<https://example.org/r>) et `` `x` `` ou ceci"
    html = MD.render(rendered)
    assert "<strong>le *rapport*</strong>" in html and "javascript" not in html
