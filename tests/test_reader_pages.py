"""The hosted book around the issues: home page, issue pages, cross-issue links, rebuilds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .conftest import ARCHIVE, make_project, run
from .helpers import NEW_ISSUE, page_text

pytestmark = pytest.mark.sphinx

ISSUE_42 = "issues/42-batteries-la-course-au-lithium.html"
ISSUE_48 = "issues/48-velo-electrique-le-casse-tete-de-l-occasion.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A book project whose archive, a copy of the sample's, is ``<project>/archive``."""
    project = tmp_path_factory.mktemp("project")
    shutil.copytree(ARCHIVE, project / "archive")
    make_project(project, project / "archive")
    run("convert", cwd=project)
    run("build", "html", cwd=project)
    return project


def hrefs(page: Path) -> list[str]:
    return re.findall(r'href="([^"]+)"', page.read_text(encoding="utf-8"))


def prev_next(page: Path) -> list[str]:
    """The addresses of the theme's previous and next links at the foot of ``page``."""
    return re.findall(
        r'class="(?:left-prev|right-next)"\s+href="([^"]+)"', page.read_text(encoding="utf-8")
    )


def test_home_page_lists_the_latest_issues_newest_first(site: Path) -> None:
    text = page_text(site / "build/html/index.html")
    latest = text[text.index("Dernières lettres") :]
    assert (
        latest.index("Hors-série")
        < latest.index("n°\u00a051 · Les câbles")
        < latest.index("n°\u00a047")
    )
    assert "11\u00a0lettres, de 2023 à 2024." in text
    source = (site / "build/html/index.html").read_text(encoding="utf-8")
    section = source.split('<section class="latest-issues">')[1].split("</section>")[0]
    assert section.count("<li>") == 5


def test_issue_page_has_reading_time_part_and_neighbours(site: Path) -> None:
    page = site / "build/html" / ISSUE_48
    text = page_text(page)
    assert re.search(r"n°\u00a048 · 19 mars 2024 · par Inès · \d+\u00a0min de lecture", text)
    links = hrefs(page)
    assert "../parts/2024.html" in links
    assert prev_next(page) == [
        "47-pourquoi-votre-appli-de-bus-se-trompe.html",
        "50-la-fin-annoncee-des-cookies-tiers.html",
    ]
    assert "n°\u00a047 · Pourquoi votre appli de bus se trompe" in page_text(page)


def test_previous_and_next_cross_years_without_part_pages(site: Path) -> None:
    html = site / "build/html/issues/46-reparer-son-telephone-un-droit-enfin-reconnu.html"
    prev_next = html.read_text(encoding="utf-8").split('class="prev-next-area"')[1]
    assert re.findall(r'href="([^"]+)"', prev_next)[0] == "44-payer-en-ligne-sans-y-penser.html"


def test_a_mention_of_another_issue_links_to_it(site: Path) -> None:
    page = (site / "build/html" / ISSUE_48).read_text(encoding="utf-8")
    assert re.search(
        r'<a class="reference internal" href="42-batteries-la-course-au-lithium.html#issue-42">'
        r'<span class="std std-ref">la lettre #42</span></a>',
        page,
    )
    # #318 and #123 name tickets, not issues of the archive: they stay text.
    bus = site / "build/html/issues/47-pourquoi-votre-appli-de-bus-se-trompe.html"
    assert "ticket #318 du projet" in page_text(bus)
    assert "#issue-318" not in bus.read_text(encoding="utf-8")


def test_adding_an_issue_updates_the_pages_that_show_it(site: Path) -> None:
    """The sidebar of its year, its neighbours' links and the home page are written again
    (Sphinx would keep them as they were), so a rebuild gives the same pages as a full build."""
    (site / "archive" / "2024-06-18-ajout.txt").write_text(NEW_ISSUE, encoding="utf-8")
    run("convert", cwd=site)
    # The EPUB first, as `letter-book build` does: the site's build shares its doctrees, where
    # the new chapter has been read already.
    run("build", "epub", cwd=site)
    run("build", "html", cwd=site)
    html = site / "build/html"
    new = "52-un-numero-ajoute-pour-le-test.html"
    assert f"issues/{new}" in hrefs(html / "index.html")
    assert new in hrefs(html / "issues/50-la-fin-annoncee-des-cookies-tiers.html")  # sidebar
    prev_next = html / "issues/51-les-cables-sous-marins-l-internet-au-fond-des-mers.html"
    assert new in prev_next.read_text(encoding="utf-8").split('class="prev-next-area"')[1]
    links = hrefs(html / "issues" / new)
    assert "51-les-cables-sous-marins-l-internet-au-fond-des-mers.html#issue-51" in links
    assert "41-les-donnees-publiques-un-tresor-mal-partage.html#issue-41" in links

    fresh = site / "fresh"
    run("build", "epub", "--out", fresh, cwd=site)
    run("build", "html", "--out", fresh, cwd=site)
    pages = sorted(p.relative_to(html) for p in html.rglob("*.html"))
    assert pages == sorted(p.relative_to(fresh / "html") for p in (fresh / "html").rglob("*.html"))
    differ = [p for p in pages if (html / p).read_bytes() != (fresh / "html" / p).read_bytes()]
    assert differ == []
    index = (html / "searchindex.js").read_bytes()
    assert index == (fresh / "html" / "searchindex.js").read_bytes()


def test_appendices_quotes_links_and_index(site: Path) -> None:
    html = site / "build/html"
    home = hrefs(html / "index.html")
    for page in ("appendices/quotes.html", "appendices/links.html", "genindex.html"):
        assert page in home
    # A page a year, listed on the appendix's page.
    assert {"quotes/2023.html", "quotes/2024.html"} <= set(hrefs(html / "appendices/quotes.html"))
    quotes = page_text(html / "appendices/quotes/2024.html")
    assert "«\u00a0La bicyclette est le moyen de transport le plus civilisé" in quotes
    assert "— Iris Murdoch - Le Rouge et le Vert." in quotes
    assert "../../issues/48-velo-electrique-le-casse-tete-de-l-occasion.html#issue-48" in hrefs(
        html / "appendices/quotes/2024.html"
    )
    assert "Iris Murdoch" not in page_text(html / "appendices/quotes/2023.html")
    links = page_text(html / "appendices/links/2024.html")
    assert "Submarine Cable Map - TeleGeography" in links
    index = (html / "genindex.html").read_text(encoding="utf-8")
    google = index[index.index("Google") :].split("</ul>")[0]
    assert re.findall(r'href="(issues/[^"#]+)', google) == [
        "issues/47-pourquoi-votre-appli-de-bus-se-trompe.html",
        "issues/50-la-fin-annoncee-des-cookies-tiers.html",
    ]


def test_the_site_serves_its_emoji_font(site: Path) -> None:
    from fontTools.ttLib import TTFont

    from letter_book.publish.xhtml import emoji_in

    html = site / "build/html"
    font = TTFont(str(html / "_static/letter-book-emoji.ttf"))
    wanted = set().union(*(emoji_in(p.read_text("utf-8")) for p in (site / "book").rglob("*.md")))
    assert {ord(c) for c in wanted} - {0xFE0F, 0x200D} <= set(font.getBestCmap())
    page = (html / ISSUE_48).read_text(encoding="utf-8")
    assert 'src: url("../_static/letter-book-emoji.ttf")' in page
