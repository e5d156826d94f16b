"""Sharing and discovery with a public address: OpenGraph tags, sitemap, Atom feed."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from letter_book.config import load_config
from letter_book.errors import ConfigError

from .conftest import ARCHIVE, make_project, run

pytestmark = pytest.mark.sphinx
BASE = "https://octet.example.org/livre/"


@pytest.fixture(scope="module")
def shared_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("shared"), ARCHIVE)
    config = project / "letter-book.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("[book]\n", f'[book]\nbase_url = "{BASE}"\n'), "utf-8")
    run("convert", cwd=project)
    run("build", "html", cwd=project)
    return project / "build" / "html"


def meta(page: Path) -> dict[str, str]:
    source = page.read_text(encoding="utf-8")
    return dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', source))


def test_issue_pages_have_opengraph_tags(shared_site: Path) -> None:
    tags = meta(shared_site / "issues/48-velo-electrique-le-casse-tete-de-l-occasion.html")
    assert tags["og:title"] == "Vélo électrique\u00a0: le casse-tête de l’occasion"
    assert tags["og:type"] == "article"
    assert tags["og:url"] == BASE + "issues/48-velo-electrique-le-casse-tete-de-l-occasion.html"
    assert tags["og:description"].startswith("Le marché du vélo électrique d’occasion explose")
    assert tags["article:published_time"] == "2024-03-19"
    assert tags["twitter:card"] == "summary"
    home = meta(shared_site / "index.html")
    assert home["og:type"] == "website" and home["og:description"].startswith("Chaque mardi")


def test_atom_feed_of_the_dated_issues(shared_site: Path) -> None:
    parsed = feedparser.parse((shared_site / "atom.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Octet" and parsed.feed.link == BASE
    entries = parsed.entries
    assert len(entries) == 10  # the sample's dated issues; the undated one has no date to give
    assert entries[0].title.startswith("Hors-série")
    assert (
        entries[1].link
        == BASE + "issues/51-les-cables-sous-marins-l-internet-au-fond-des-mers.html"
    )
    assert [e.published[:10] for e in entries] == sorted(
        (e.published[:10] for e in entries), reverse=True
    )
    index = (shared_site / "index.html").read_text(encoding="utf-8")
    assert f'type="application/atom+xml" title="Octet" href="{BASE}atom.xml"' in index


def test_sitemap_lists_every_page(shared_site: Path) -> None:
    root = etree.parse(shared_site / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = root.xpath("//s:loc/text()", namespaces=ns)
    pages = sorted(
        BASE + str(p.relative_to(shared_site))
        for p in shared_site.rglob("*.html")
        if p.name not in ("search.html", "genindex.html") and "_static" not in p.parts
    )
    assert sorted(urls) == pages
    assert urls[0] == BASE + "index.html"
    dates = root.xpath("//s:url[s:lastmod]/s:lastmod/text()", namespaces=ns)
    assert len(dates) == 10 and "2024-03-19" in dates


def test_without_a_base_url_nothing_is_shared(sample_site: Path) -> None:
    assert not (sample_site / "atom.xml").exists() and not (sample_site / "sitemap.xml").exists()
    assert "og:title" not in (sample_site / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("url", ["octet.example.org", "https://octet.example.org", "ftp://x/"])
def test_base_url_must_be_an_http_address_ending_with_a_slash(tmp_path: Path, url: str) -> None:
    path = tmp_path / "letter-book.toml"
    path.write_text(f'[book]\nbase_url = "{url}"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"book\.base_url"):
        load_config(path)
