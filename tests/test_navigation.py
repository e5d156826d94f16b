"""The HTML site's navigation and search: the per-part sidebar cache gives the theme's own
HTML, every issue is two clicks from the home page, and the search index names every page;
a site built over the XHTML builder's doctrees, and one rebuilt after an issue is added or
renamed (sidebars moved into the pages not written again), are a build from nothing."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from letter_book.sphinxext.nav import move_current, replace_sidebar

from .conftest import ARCHIVE, converted_project, make_project, run
from .helpers import NEW_ISSUE

pytestmark = pytest.mark.sphinx


def sphinx(project: Path, out: Path, *options: str, strict: bool = True) -> str:
    """Sphinx's HTML build of ``project``'s chapters into ``out``, warnings as errors
    unless not ``strict``; returns its messages (standard output, then the progress shown
    on standard error), without colours."""
    command = [sys.executable, "-m", "sphinx", "--no-color", "-b", "html", "-c", str(project)]
    command += [*(["-W"] if strict else []), *options, str(project / "book"), str(out)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return converted_project(tmp_path_factory.mktemp("navigation"))


@pytest.fixture(scope="module")
def cached(project: Path) -> tuple[Path, str]:
    out = project / "cached"
    return out, sphinx(project, out)


@pytest.fixture(scope="module")
def uncached(project: Path) -> Path:
    out = project / "uncached"
    sphinx(project, out, "-D", "letterbook_build_caches=0")
    return out


def pages(site: Path) -> list[Path]:
    """The site's pages (not the theme's static files)."""
    found = (p.relative_to(site) for p in site.rglob("*.html"))
    return sorted(p for p in found if not p.parts[0].startswith("_"))


def sidebar(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    start = text.index('<nav class="bd-links bd-docs-nav"')
    return text[start : text.index("</nav>", start)]


class Links(HTMLParser):
    """The addresses linked from a page, or only from its sidebar navigation."""

    def __init__(self, *, sidebar_only: bool) -> None:
        super().__init__()
        self.sidebar_only, self.depth, self.hrefs = sidebar_only, 0, set[str]()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self.depth or (tag == "nav" and "bd-docs-nav" in classes):
            self.depth += tag == "nav"
        href = dict(attrs).get("href")
        if tag == "a" and href and (self.depth or not self.sidebar_only):
            self.hrefs.add(href.split("#")[0])

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "nav":
            self.depth -= 1


def links(page: Path, *, sidebar_only: bool) -> set[Path]:
    """The pages of the site ``page`` links to (from its sidebar only, if asked)."""
    parser = Links(sidebar_only=sidebar_only)
    parser.feed(page.read_text(encoding="utf-8"))
    return {
        (page.parent / href).resolve()
        for href in parser.hrefs
        if href and "://" not in href and not href.startswith("mailto:")
    }


def test_cached_sidebars_are_the_themes(cached: tuple[Path, str], uncached: Path) -> None:
    site, messages = cached
    assert pages(site) == pages(uncached)
    issues = [p for p in pages(site) if p.parts[0] == "issues"]
    assert len(issues) == len(list(ARCHIVE.glob("*.txt")))
    for page in pages(site):
        if page.name not in ("genindex.html", "search.html"):
            assert sidebar(site / page) == sidebar(uncached / page), page
        # The rest of the page is the same too.
        assert (site / page).read_bytes() == (uncached / page).read_bytes(), page
    # The cache is for pages without children: the issues, the years of an appendix. It
    # served every issue but the first of each part (2023: 4, 2024: 6, undated: 1) and
    # every year of an appendix but its first (quotes: 2023, 2024; links: 2023, 2024,
    # undated).
    found = re.search(r"(\d+) sidebars from the per-part cache, (\d+) rendered", messages)
    assert found, messages
    appendices = [p for p in pages(site) if p.parts[0] == "appendices"]
    assert len(appendices) == 2 + 2 + 3
    assert (int(found[1]), int(found[2])) == (len(issues) - 3 + 1 + 2, 3 + 2)


def test_a_parallel_read_gives_the_same_site(cached: tuple[Path, str], project: Path) -> None:
    """The extension says Sphinx may read the chapters in parallel (``sphinx-build -j``):
    the same pages and search index, and the progress counts the documents the reading
    processes read. (It does not let Sphinx write in parallel: see its setup.)"""
    site, _messages = cached
    out = project / "parallel"
    messages = sphinx(project, out, "-j", "2", strict=False)
    # Sphinx's warnings about writing in one process have no type to suppress them by: no
    # -W here, and no other warning.
    warnings = [line for line in messages.splitlines() if "WARNING" in line]
    assert warnings == [
        "WARNING: the letter_book.sphinxext extension is not safe for parallel writing",
        "WARNING: doing serial write",
    ], messages
    assert pages(out) == pages(site)
    for page in [*pages(site), Path("searchindex.js")]:
        assert (out / page).read_bytes() == (site / page).read_bytes(), page
    documents = len(list((project / "book").rglob("*.md")))
    assert f"reading: done, {documents}/{documents}" in messages, messages


def test_current_page_is_marked_in_its_sidebar(cached: tuple[Path, str]) -> None:
    site, _messages = cached
    for page in (site / "issues").glob("*.html"):
        nav = sidebar(page)
        assert nav.count('<a class="current reference internal" href="#">') == 1, page
        assert f'href="{page.name}"' not in nav  # its own entry is the current one
        assert 'class="toctree-l1 current active has-children"' in nav  # its part is open


def test_search_index_is_the_same_with_the_stemmer_memoised(
    cached: tuple[Path, str], uncached: Path
) -> None:
    site, _messages = cached
    assert (site / "searchindex.js").read_bytes() == (uncached / "searchindex.js").read_bytes()


def test_every_issue_within_two_clicks_of_home(cached: tuple[Path, str]) -> None:
    site, _messages = cached
    home = site / "index.html"
    parts = sorted((site / "parts").glob("*.html"))
    assert len(parts) == 3
    from_home = links(home, sidebar_only=True)
    reached = set()
    for part in parts:
        assert part.resolve() in from_home, part  # one click, from the home page's sidebar
        reached |= links(part, sidebar_only=False)
    for issue in (site / "issues").glob("*.html"):
        assert issue.resolve() in reached, issue  # the second click, from its part page


def test_issue_is_linked_from_its_own_part_page(cached: tuple[Path, str], project: Path) -> None:
    site, _messages = cached
    for part in (project / "book" / "parts").glob("*.md"):
        chapters = re.findall(r"^/(issues/\S+)$", part.read_text(encoding="utf-8"), re.MULTILINE)
        assert chapters, part
        page = site / "parts" / f"{part.stem}.html"
        linked = links(page, sidebar_only=False)
        assert {(site / f"{c}.html").resolve() for c in chapters} <= linked, part


def test_search_index_names_every_page(cached: tuple[Path, str]) -> None:
    site, _messages = cached
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    docnames = set(index["docnames"])
    for page in pages(site):
        if page.name not in ("genindex.html", "search.html"):
            assert page.with_suffix("").as_posix() in docnames, page
    # Each issue's words are indexed: its number of terms is not zero.
    issues = [i for i, name in enumerate(index["docnames"]) if name.startswith("issues/")]
    counted = dict.fromkeys(issues, 0)
    for documents in index["terms"].values():
        for document in documents if isinstance(documents, list) else [documents]:
            if document in counted:
                counted[document] += 1
    assert all(count > 50 for count in counted.values()), counted


SIDEBAR = (
    '<ul class="current nav bd-sidenav">\n'
    '<li class="toctree-l2 current active"><a class="current reference internal" href="#">A</a></li>\n'
    '<li class="toctree-l2"><a class="reference internal" href="b.html">B</a></li>\n'
    "</ul>"
)


def test_move_current_moves_the_mark() -> None:
    moved = move_current(SIDEBAR, "a.html", "b.html")
    assert moved == (
        '<ul class="current nav bd-sidenav">\n'
        '<li class="toctree-l2"><a class="reference internal" href="a.html">A</a></li>\n'
        '<li class="toctree-l2 current active"><a class="current reference internal" href="#">B</a></li>\n'
        "</ul>"
    )
    assert move_current(moved or "", "b.html", "a.html") == SIDEBAR


def test_move_current_gives_nothing_unless_sure() -> None:
    assert move_current(SIDEBAR, "a.html", "c.html") is None  # no entry for the page
    assert move_current(SIDEBAR, "b.html", "b.html") is None  # marked page already listed
    assert move_current(SIDEBAR.replace("current active", "active"), "a.html", "b.html") is None
    twice = SIDEBAR.replace("</ul>", SIDEBAR.splitlines()[2] + "\n</ul>")
    assert move_current(twice, "a.html", "b.html") is None  # the page listed twice
    assert move_current(SIDEBAR, "a&b.html", "b.html") is None  # an address HTML escapes


def test_replace_sidebar_moves_the_donors_sidebar_in() -> None:
    def page(nav: str, body: str) -> str:
        return f'<body><nav class="bd-links bd-docs-nav" aria-label="Main">{nav}</nav>{body}</body>'

    new_entry = '<li class="toctree-l2"><a class="reference internal" href="c.html">C</a></li>\n'
    listed = SIDEBAR.replace("</ul>", new_entry + "</ul>")  # a.html's sidebar, C added
    donor = page(move_current(listed, "a.html", "b.html") or "", "b's text")  # b.html's page
    old = page(SIDEBAR.replace(">B<", ">old B<"), "a's text")  # a.html's page, before C
    assert replace_sidebar(old, donor, "b.html", "a.html") == page(listed, "a's text")
    assert replace_sidebar(old, donor, "b.html", "x.html") is None  # the page is not listed
    assert replace_sidebar("<body>no sidebar</body>", donor, "b.html", "a.html") is None
    assert replace_sidebar(old + old, donor, "b.html", "a.html") is None  # two sidebars
    unmarked = old.replace("current active", "active")
    assert replace_sidebar(unmarked, donor, "b.html", "a.html") is None  # not a's own sidebar
    nested = donor.replace("</nav>", "<nav></nav></nav>", 1)
    assert replace_sidebar(old, nested, "b.html", "a.html") is None


def doctrees(folder: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*.doctree")}


def test_site_over_the_xhtml_builders_doctrees_reads_nothing_again(
    project: Path, uncached: Path
) -> None:
    """The site and the EPUB's XHTML share Sphinx's doctrees (letter_book.publish.build): the site
    built over what the XHTML builder read reads no chapter again, and its pages are those
    of a site built alone."""
    shared, site = project / "shared-doctrees", project / "over-xhtml"
    command = [sys.executable, "-m", "sphinx", "-b", "letterbook-xhtml", "-c", str(project)]
    command += ["-W", "-d", str(shared), str(project / "book"), str(project / "xhtml")]
    subprocess.run(command, check=True, capture_output=True)
    read = doctrees(shared)
    assert len(read) == len(list((project / "book").rglob("*.md")))
    sphinx(project, site, "-d", str(shared), "-D", "letterbook_build_caches=0")
    assert doctrees(shared) == read
    assert pages(site) == pages(uncached)
    for page in pages(site):
        assert (site / page).read_bytes() == (uncached / page).read_bytes(), page
    assert (site / "searchindex.js").read_bytes() == (uncached / "searchindex.js").read_bytes()


def moved(messages: str) -> tuple[int, int]:
    found = re.search(
        r"(\d+) sidebars moved into pages written before, (\d+) pages written", messages
    )
    assert found, messages
    return int(found[1]), int(found[2])


def test_rebuilds_move_the_new_sidebar_into_the_other_pages_of_the_part(
    tmp_path: Path,
) -> None:
    """After an issue is added, and after another is renamed, the pages of the part whose
    sidebar only changed get it moved in (sphinx_issues._patch_sidebars): every page is then
    the one a build from nothing without caches gives."""
    project = make_project(tmp_path, tmp_path / "archive")
    shutil.copytree(ARCHIVE, project / "archive")
    run("convert", cwd=project)
    site, trees = project / "site", project / "doctrees"
    sphinx(project, site, "-d", str(trees))

    def same_as_from_nothing(name: str) -> None:
        fresh = project / name
        sphinx(project, fresh, "-D", "letterbook_build_caches=0")
        assert pages(site) == pages(fresh)
        for page in pages(site):
            assert (site / page).read_bytes() == (fresh / page).read_bytes(), page
        assert (site / "searchindex.js").read_bytes() == (fresh / "searchindex.js").read_bytes()

    # #52 comes between #51 and the summer special: they are written again (their previous
    # and next links change), and the four other issues of 2024 get the sidebar listing it.
    (project / "archive" / "2024-06-18-ajout.txt").write_text(NEW_ISSUE, encoding="utf-8")
    run("convert", cwd=project)
    assert moved(sphinx(project, site, "-d", str(trees))) == (4, 0)
    same_as_from_nothing("fresh-added")

    # #47 renamed (same page name): the links of #46 and #48 name it, the other 2024 issues'
    # sidebars list it.
    issue = project / "archive" / "2024-02-13-pourquoi-votre-appli-de-bus-se-trompe.txt"
    lines = issue.read_text(encoding="utf-8").split("\n")
    lines[0] = "POURQUOI votre appli de bus se trompe"
    issue.write_text("\n".join(lines), encoding="utf-8")
    run("convert", cwd=project)
    assert (project / "book" / "issues" / "47-pourquoi-votre-appli-de-bus-se-trompe.md").is_file()
    assert moved(sphinx(project, site, "-d", str(trees))) == (4, 0)
    text = (site / "issues" / "48-velo-electrique-le-casse-tete-de-l-occasion.html").read_text(
        encoding="utf-8"
    )
    assert "POURQUOI votre appli" in text.split('class="prev-next-area"')[1]
    same_as_from_nothing("fresh-renamed")


def test_the_theme_whose_markup_the_sidebar_rewrites_is_declared_in_its_tested_range() -> None:
    """sphinxext/nav.py rewrites pydata-sphinx-theme's sidebar markup: the theme is a declared
    dependency, and these tests run on a version its range admits."""
    from importlib.metadata import requires, version

    from packaging.requirements import Requirement

    declared = [Requirement(r) for r in requires("letter-book") or ()]
    [theme] = [r for r in declared if r.name == "pydata-sphinx-theme" and not r.marker]
    assert theme.specifier, "a range, not any version"
    assert version("pydata-sphinx-theme") in theme.specifier
