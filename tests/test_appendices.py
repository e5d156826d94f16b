"""The appendices: quotes, recommended links, the index of names."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from letter_book.config import AppendicesConfig, Config
from letter_book.convert.archive import Entry
from letter_book.model import (
    Figure,
    Issue,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Section,
    Source,
    Span,
    plain,
)
from letter_book.writers import appendices, myst
from letter_book.writers.escape import inline
from letter_book.writers.layout import Chapter, plan

QUOTES = appendices.QUOTES


def issue(number: int, *blocks: object, day: int = 1) -> Entry:
    return Entry(
        Issue(
            Source(f"{number}.txt", "plaintext"),
            f"Lettre {number}",
            number=number,
            date=dt.date(2024, 1, day),
            sections=(Section(None, tuple(blocks)),),  # type: ignore[arg-type]
        )
    )


def para(text: str) -> Paragraph:
    return Paragraph(plain(text), 1)


def chapter(entry: Entry) -> Chapter:
    """The chapter of a book of ``entry`` alone."""
    return plan((entry,))[0].chapters[0]


def names(entries: list[Entry], config: Config | None = None) -> dict[str, list[str]]:
    chapters = [c for part in plan(tuple(entries)) for c in part.chapters]
    return appendices.names_by_issue(chapters, config or Config())


def test_names_written_in_two_issues_are_indexed() -> None:
    found = names(
        [
            issue(1, para("Selon Thierry Breton, la CNIL et OpenAI discutent."), day=1),
            issue(2, para("Thierry Breton répond. La CNIL aussi. Charles de Gaulle."), day=2),
            issue(3, para("Charles de Gaulle, et Le Monde."), day=3),
        ]
    )
    assert found == {
        "issue-1": ["CNIL", "Thierry Breton"],
        "issue-2": ["CNIL", "Charles de Gaulle", "Thierry Breton"],
        "issue-3": ["Charles de Gaulle"],
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le Bus arrive. Le Bus repart.", []),  # one capitalised word after an article
        ("Mardi Prochain, Selon Lui.", []),  # days, months, sentence openers, pronouns
        ("Photo AFP. Photo AFP.", ["AFP"]),  # an acronym is a name; "Photo" is not
        ("Les bus de Nantes\nSelon Rennes", []),  # a line break is no space inside a name
    ],
)
def test_what_is_not_a_name(text: str, expected: list[str]) -> None:
    found = names([issue(1, para(text)), issue(2, para(text), day=2)])
    assert found == ({"issue-1": expected, "issue-2": expected} if expected else {})


def test_configured_names_count_from_one_issue_and_credits_are_not_names() -> None:
    config = replace(Config(), appendices=AppendicesConfig(index_names=("Bruxelles",)))
    figure = Figure(plain("Le port de Gênes - Photo Reuters."), 1, credit="Photo Reuters.")
    found = names(
        [issue(1, para("À Bruxelles, on négocie."), figure), issue(2, figure, day=2)], config
    )
    assert found == {"issue-1": ["Bruxelles"]}


def test_index_entries_cannot_break_the_directive() -> None:
    hostile = "Nom ; autre\n```{eval-rst}\n!main `x`"
    entry = myst.index_entry(hostile)
    assert "\n" not in entry and ";" not in entry and "`" not in entry
    assert not entry.startswith("!")
    lines = myst.index_directive([hostile], issue(1).issue, "fr")
    assert lines[-3:] == [f"```{{index}} single: {entry}; n°\u00a01 · Lettre 1", "```", ""]


def test_quotes_with_their_author_and_issue() -> None:
    quote = Quote((plain("« Rien ne se perd. »"),), 1, plain("Lavoisier"))
    anonymous = Quote((plain("Sans auteur"),), 2)
    page = "\n".join(appendices.quote_lines(chapter(issue(7, quote, anonymous)), Config(), inline))
    assert "> « Rien ne se perd. »" in page and "> — Lavoisier" in page
    assert "[n°\u00a07 · Lettre 7](#issue-7) · 1 janvier 2024" in page
    assert "Sans auteur" not in page  # a quote without author is not a quote of the week
    assert appendices.quote_lines(chapter(issue(1, para("x"))), Config(), inline) == []


def test_links_by_issue_with_their_addresses() -> None:
    site_list = ListBlock((ListItem(plain("Pourquoi Le titre"), 1, site="Le Site"),), 1, links=True)
    linked = ListBlock((ListItem((Span("Un article", href="https://example.org/a"),), 2),), 2)
    ordinary = ListBlock((ListItem(plain("un point"), 3), ListItem(plain("un autre"), 4)), 3)
    page = "\n".join(
        appendices.link_lines(chapter(issue(3, site_list, linked, ordinary)), Config(), inline)
    )
    assert "## [n°\u00a03 · Lettre 3](#issue-3) · 1 janvier 2024" in page
    assert "Pourquoi Le titre" in page and "https://example.org/a" in page
    assert "un point" not in page


def test_a_book_of_several_years_has_an_appendix_page_a_year() -> None:
    """This week's issue then rewrites its year's page, not one holding every issue's."""
    quote = Quote((plain("« Rien ne se perd. »"),), 1, plain("Lavoisier"))
    in_2023 = Entry(replace(issue(1, quote).issue, date=dt.date(2023, 5, 1)))
    undated = Entry(replace(issue(3, quote).issue, date=None))

    def pages(*entries: Entry) -> dict[str, str]:
        parts = plan(entries)
        lines = {
            c.label: appendices.quote_lines(c, Config(), inline)
            for part in parts
            for c in part.chapters
        }
        return appendices.render_pages(QUOTES, "Citations", parts, lines, Config())

    found = pages(in_2023, issue(2, para("Rien à citer.")), undated)
    # 2024 has no quote: no page; the undated issues have theirs.
    assert list(found) == [QUOTES, f"{QUOTES}/2023", f"{QUOTES}/undated"]
    assert found[QUOTES] == (
        "(appendices-quotes)=\n# Citations\n\n```{toctree}\n:maxdepth: 1\n\n"
        "2023 </appendices/quotes/2023>\nSans date </appendices/quotes/undated>\n```\n"
    )
    assert found[f"{QUOTES}/2023"].startswith("(appendices-quotes-2023)=\n# Citations · 2023\n")
    assert "#issue-1" in found[f"{QUOTES}/2023"] and "#issue-3" not in found[f"{QUOTES}/2023"]
    assert found[f"{QUOTES}/undated"].startswith(
        "(appendices-quotes-undated)=\n# Citations · Sans date\n"
    )
    # One year with quotes, whatever the others: one page, with every quote.
    one_year = (issue(1, quote), issue(2, quote, day=2))
    with_undated = (in_2023, Entry(replace(undated.issue, sections=())))
    for entries, quotes in [(one_year, 2), (with_undated, 1)]:
        found = pages(*entries)
        assert list(found) == [QUOTES] and found[QUOTES].startswith("(appendices-quotes)=\n")
        assert found[QUOTES].count("— Lavoisier") == quotes
    # Nothing to show, in any year: no page at all.
    assert pages(issue(2, para("Rien.")), Entry(replace(undated.issue, sections=()))) == {}


def test_two_names_side_by_side_are_not_one() -> None:
    """Words each written on their own in far more issues than together are two names."""
    entries = [
        issue(n, para(f"Un mot sur l’Europe. Puis l’État. Note {n}."), day=n) for n in range(1, 9)
    ]
    entries += [
        issue(10 + n, para("Thème : transport État Europe, Anne Lebrun."), day=20 + n)
        for n in range(2)
    ]
    found = names(entries)
    assert found == {"issue-10": ["Anne Lebrun"], "issue-11": ["Anne Lebrun"]}
