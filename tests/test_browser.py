"""The sample book's site in a real browser: Debian's headless Chromium, driven by Playwright.

The site is served over HTTP from a thread (Sphinx's search loads its index with
a request, which ``file:`` pages cannot make). The tests look for what a reader
meets: console errors and missing assets, search in French, previous and next,
the downloads, a phone's width, and axe-core's accessibility findings.
Screenshots of the home page and of an issue, at a desktop's and a phone's size,
are kept in ``build/test-artifacts/`` for a person to look at.

Only the ``chromium`` executable is needed (Playwright's own browser download is
not used). Without it the tests are skipped, except under CI, where they fail.
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response, sync_playwright

from .conftest import ARTIFACTS, SCREENSHOTS
from .helpers import page_text

pytestmark = [pytest.mark.browser, pytest.mark.sphinx]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}

ISSUE = "issues/43-intelligence-artificielle-l-europe-ecrit-les-regles.html"
"""An issue with every kind of block: headings, lists, a figure caption, a quote."""

# The sample book in reading order, as the theme's previous and next links go.
ISSUES_IN_ORDER = [
    "issues/41-les-donnees-publiques-un-tresor-mal-partage.html",
    "issues/42-batteries-la-course-au-lithium.html",
    ISSUE,
    "issues/44-payer-en-ligne-sans-y-penser.html",
    "issues/46-reparer-son-telephone-un-droit-enfin-reconnu.html",
    "issues/47-pourquoi-votre-appli-de-bus-se-trompe.html",
    "issues/48-velo-electrique-le-casse-tete-de-l-occasion.html",
    "issues/50-la-fin-annoncee-des-cookies-tiers.html",
    "issues/51-les-cables-sous-marins-l-internet-au-fond-des-mers.html",
    "issues/2024-07-23-hors-serie-cinq-podcasts-pour-l-ete.html",
    "issues/45-les-mairies-qui-passent-au-logiciel-libre.html",
]
# "Suivant" goes from issue to issue, across years (the part pages are in the sidebar),
# then on to the appendices and their years.
READING_ORDER = [
    "index.html",
    "parts/2023.html",
    *ISSUES_IN_ORDER,
    "appendices/quotes.html",
    "appendices/quotes/2023.html",
    "appendices/quotes/2024.html",
    "appendices/links.html",
    "appendices/links/2023.html",
    "appendices/links/2024.html",
    "appendices/links/undated.html",
]


def chromium() -> str:
    """Debian's Chromium (``apt-get install chromium``), or the test is skipped."""
    path = shutil.which("chromium")
    if path is None:
        message = "the browser tests need Chromium: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(sample_site: Path) -> Iterator[str]:
    """The address of the sample site, served from a thread on a free local port."""
    handler = functools.partial(_QuietHandler, directory=str(sample_site))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_address[1]}/"
        server.shutdown()
        thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable)
        yield browser
        browser.close()


@dataclass
class Visit:
    """A page, and every problem the browser reported while it was open."""

    page: Page
    problems: list[str] = field(default_factory=list)

    def watch(self) -> None:
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.on("requestfailed", self._failed)
        self.page.on("response", self._response)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.problems.append(f"console error: {message.text} ({message.location['url']})")

    def _failed(self, request: Request) -> None:
        self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Any]:
    """``open_page(viewport=..., color_scheme=...)``: a fresh page in its own context."""
    contexts = []

    def open_(viewport: dict[str, int] = DESKTOP, **options: Any) -> Visit:
        if viewport == PHONE:
            options = {"is_mobile": True, "has_touch": True, **options}
        context = browser.new_context(viewport=viewport, locale="fr-FR", **options)
        contexts.append(context)
        visit = Visit(context.new_page())
        visit.watch()
        return visit

    yield open_
    for context in contexts:
        context.close()


def issue_links(page: Page, container: str) -> list[str]:
    """The issue pages linked from ``container``, as paths from the site's root."""
    hrefs = page.eval_on_selector_all(f"{container} a[href]", "links => links.map(a => a.href)")
    return sorted({re.sub(r"^https?://[^/]+/|#.*$", "", h) for h in hrefs if "/issues/" in h})


# --- Pages load whole, with nothing in the console --------------------------------


@pytest.mark.parametrize(
    "path", ["index.html", ISSUE, "parts/2023.html", "search.html?q=lithium"], ids=str
)
def test_page_loads_without_errors(site: str, open_page: Any, path: str) -> None:
    visit = open_page()
    response = visit.page.goto(site + path, wait_until="networkidle")
    assert response is not None and response.status == 200
    assert visit.page.title()
    assert visit.problems == []


def test_emoji_are_drawn_with_the_books_font(site: str, open_page: Any) -> None:
    """This Chromium has no emoji font of its own: the headings' emoji come from the font
    the site serves (without it they would be empty boxes)."""
    page = open_page().page
    page.goto(site + ISSUE, wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.family.includes('letter-book emoji')).map(f => f.status)"
    )
    assert loaded == ["loaded"]


# --- Search, in French -------------------------------------------------------------


def _issue_texts(sample_site: Path) -> dict[str, str]:
    return {f"issues/{p.name}": page_text(p) for p in (sample_site / "issues").glob("*.html")}


def _pages_with_word(texts: dict[str, str], word: str) -> list[str]:
    return sorted(path for path, text in texts.items() if re.search(rf"\b{word}\b", text, re.I))


@pytest.mark.parametrize(
    ("query", "word", "issue"),
    [
        # A word of one issue only, as it is written.
        (
            "satellites",
            "satellites",
            "issues/51-les-cables-sous-marins-l-internet-au-fond-des-mers.html",
        ),
        # The singular of a word one issue has in the plural only: found by the French stemmer.
        ("tablette", "tablettes", "issues/46-reparer-son-telephone-un-droit-enfin-reconnu.html"),
    ],
)
def test_search_box_finds_the_issue(
    site: str, sample_site: Path, open_page: Any, query: str, word: str, issue: str
) -> None:
    texts = _issue_texts(sample_site)
    assert _pages_with_word(texts, word) == [issue]
    if query != word:
        assert _pages_with_word(texts, query) == []  # only the stemmer can find it
    visit = open_page()
    page = visit.page
    page.goto(site + "index.html")
    page.get_by_role("button", name="Recherche").filter(visible=True).first.click()
    box = page.get_by_role("searchbox").filter(visible=True)
    box.fill(query)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\.html\?q="))
    page.wait_for_function(
        "document.querySelector('#search-results .search-summary')?.innerText.length > 0"
    )
    assert issue_links(page, "#search-results") == [issue]
    assert visit.problems == []


def test_search_summaries_are_the_issues_text(site: str, open_page: Any) -> None:
    """A result's summary comes from the issue, not the theme's buttons around it."""
    page = open_page().page
    page.goto(site + "search.html?q=satellites")
    page.wait_for_function("document.querySelector('#search-results p.context')")
    summary = page.inner_text("#search-results p.context")
    assert "satellites" in summary.lower()
    for chrome in ("Clair", "Sombre", "Paramètres système", "Contenu"):
        assert chrome not in summary


def test_search_without_match_says_so(site: str, open_page: Any) -> None:
    page = open_page().page
    page.goto(site + "search.html?q=zygomatique")
    page.wait_for_function(
        "document.querySelector('#search-results .search-summary')?.innerText.length > 0"
    )
    assert issue_links(page, "#search-results") == []


# --- Previous and next --------------------------------------------------------------


def _follow(page: Page, site: str, start: str, direction: str) -> list[str]:
    """The paths visited from ``start`` by the theme's "suivant" or "précédent" link."""
    page.goto(site + start)
    visited = [start]
    while True:
        link = page.get_by_role("link", name=re.compile(rf"^{direction}\b"))
        if link.count() == 0:
            return visited
        link.click()
        page.wait_for_load_state()
        path = page.url.removeprefix(site).split("#")[0]
        assert path not in visited, f"{path} reached twice: {visited}"
        visited.append(path)


def test_next_and_previous_go_through_the_book_in_order(site: str, open_page: Any) -> None:
    page = open_page().page
    assert _follow(page, site, READING_ORDER[0], "suivant") == READING_ORDER
    assert _follow(page, site, READING_ORDER[-1], "précédent") == READING_ORDER[::-1]


def test_next_link_names_the_next_issue(site: str, open_page: Any) -> None:
    page = open_page().page
    page.goto(site + "issues/42-batteries-la-course-au-lithium.html")
    page.get_by_role("link", name=re.compile(r"^suivant\b")).click()
    page.wait_for_load_state()
    heading = page.get_by_role("heading", level=1)
    title = heading.inner_text().replace("\u00a0", " ")  # French spacing
    assert title.startswith("Intelligence artificielle : l’Europe écrit les règles")
    page.get_by_role("link", name=re.compile(r"^précédent\b")).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Batteries")


# --- Downloads -------------------------------------------------------------------


def test_download_links_give_the_epub_and_the_pdf(site: str, open_page: Any) -> None:
    page = open_page().page
    page.goto(site + "index.html")
    epub = page.get_by_role("link", name=re.compile(r"\bEPUB\b"))
    pdf = page.get_by_role("link", name=re.compile(r"\bPDF\b"))
    for link in (epub, pdf):
        href = link.get_attribute("href")
        assert href is not None
        response = page.request.get(site + href)
        assert response.status == 200, href
    with page.expect_download() as download:
        epub.click()
    data = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename.endswith(".epub")
    assert data.startswith(b"PK")
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        assert book.namelist()[0] == "mimetype"
        assert book.read("mimetype") == b"application/epub+zip"
    with page.expect_download() as download:
        pdf.click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")


# --- A phone's width ----------------------------------------------------------------


def test_phone_has_no_horizontal_scroll(site: str, sample_site: Path, open_page: Any) -> None:
    longest = max((sample_site / "issues").glob("*.html"), key=lambda p: len(page_text(p)))
    paths = ["index.html", "parts/2023.html", f"issues/{longest.name}", ISSUE]
    page = open_page(PHONE).page
    wide = {}
    for path in paths:
        page.goto(site + path, wait_until="networkidle")
        scroll, client = page.evaluate(
            "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
        )
        if scroll > client:
            wide[path] = (scroll, client)
    assert wide == {}


# --- Accessibility: axe-core ------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "path", ["index.html", ISSUE, "parts/2023.html", "search.html?q=lithium"], ids=str
)
def test_axe_finds_nothing_serious(site: str, open_page: Any, path: str, scheme: str) -> None:
    page = open_page(color_scheme=scheme).page
    page.goto(site + path, wait_until="networkidle")
    if path.startswith("search.html"):
        page.wait_for_function(
            "document.querySelector('#search-results .search-summary')?.innerText.length > 0"
        )
    results = Axe().run(page)
    serious = [
        f"{v['impact']} {v['id']}: {v['help']} at "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


# --- Screenshots, for a person to look at -------------------------------------------


@pytest.mark.parametrize(("name", "path"), [("home", "index.html"), ("issue", ISSUE)])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_screenshot(site: str, open_page: Any, name: str, path: str, size: str) -> None:
    viewport = DESKTOP if size == "desktop" else PHONE
    page = open_page(viewport).page
    page.goto(site + path, wait_until="networkidle")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{name}-{size}.png"
    png = page.screenshot(path=target, full_page=True, animations="disabled")
    SCREENSHOTS.append(target)
    assert png.startswith(b"\x89PNG")
    width = int.from_bytes(png[16:20], "big")
    assert width == viewport["width"]
