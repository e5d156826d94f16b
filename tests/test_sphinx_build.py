"""Real Sphinx builds, warnings as errors: the sample archive, and an archive of hostile text."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from markupsafe import escape

from letter_book.publish.check import run_epubcheck
from letter_book.writers.labels import file_size
from letter_book.writers.microtypography import typeset_text

from .conftest import ARCHIVE, make_project, run
from .helpers import MARKUP, page_text

pytestmark = pytest.mark.sphinx


def test_home_page_links_the_epub_and_the_pdf(sample_site: Path) -> None:
    text = page_text(sample_site / "index.html")
    assert (
        "Télécharger le livre" in text and "EPUB · octet.epub" in text and "PDF · octet.pdf" in text
    )
    index = (sample_site / "index.html").read_text(encoding="utf-8")
    for name in ("octet.epub", "octet.pdf"):
        assert f'href="_downloads/{name}"' in index
        built = sample_site.parent / name.split(".")[1] / name
        assert (sample_site / "_downloads" / name).read_bytes() == built.read_bytes()
        size = escape(f"({file_size(built.stat().st_size, 'fr')})")
        assert f'<span class="download-size" data-file="{name}">{size}</span>' in index


def test_the_site_built_while_the_pdf_renders_is_the_one_built_after_it(
    sample_site: Path, tmp_path: Path
) -> None:
    """With two jobs the site is built while the PDF renders, knowing only the PDF's
    file names; with one, after it. Both give the same site."""
    project = sample_site.parent.parent
    sites = []
    for jobs in ("1", "2"):
        copy = tmp_path / jobs
        shutil.copytree(project, copy, ignore=shutil.ignore_patterns("html"))
        result = run("build", "--jobs", jobs, cwd=copy)
        assert result.returncode == 0, result.stderr
        site = copy / "build" / "html"
        # .buildinfo hashes the configuration, which names the downloads by their paths
        files = [p for p in site.rglob("*") if p.is_file() and p.name != ".buildinfo"]
        sites.append({p.relative_to(site): p.read_bytes() for p in files})
    assert sites[0].keys() == sites[1].keys()
    assert [name for name in sites[0] if sites[0][name] != sites[1][name]] == []


def test_sample_book_has_a_page_per_issue(sample_site: Path) -> None:
    index = (sample_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in index
    assert "Octet" in page_text(sample_site / "index.html")
    issues = sorted(p.name for p in (sample_site / "issues").glob("*.html"))
    assert len(issues) == len(list(ARCHIVE.glob("*.txt")))
    assert sorted(p.name for p in (sample_site / "parts").glob("*.html")) == [
        "2023.html", "2024.html", "undated.html",
    ]  # fmt: skip


def test_issue_page_shows_number_date_and_title(sample_site: Path) -> None:
    text = page_text(
        sample_site / "issues" / "43-intelligence-artificielle-l-europe-ecrit-les-regles.html"
    )
    assert "Intelligence artificielle : l’Europe écrit les règles" in text
    assert "n°\u00a043 · 7 novembre 2023 · par Inès" in text
    assert "🧭 Au sommaire" in text and "A comme Algorithme" in text
    assert "Sujet\u00a0: la régulation de l’IA" in text
    # Boilerplate and comments stay out of the chapter.
    assert "abonnés" not in text and "@ines" not in text


def test_french_spacing_in_the_site_and_the_epub(sample_site: Path) -> None:
    """The chapters are typeset (writers/microtypography.py): the source has plain spaces."""
    source = (ARCHIVE / "2024-02-13-pourquoi-votre-appli-de-bus-se-trompe.txt").read_text(
        encoding="utf-8"
    )
    assert "n’arrive jamais ?" in source and "« dans deux minutes »" in source
    spaced = ["n’arrive jamais\u202f?", "«\u00a0dans deux minutes\u00a0»", "la scène\u00a0: l’"]
    page = sample_site / "issues" / "47-pourquoi-votre-appli-de-bus-se-trompe.html"
    text = page_text(page)
    assert all(s in text for s in spaced), text
    with zipfile.ZipFile(sample_site.parent / "epub" / "octet.epub") as book:
        [chapter] = [n for n in book.namelist() if n.startswith("EPUB/issues/47-")]
        xhtml = book.read(chapter).decode()
    assert all(s in xhtml for s in spaced)


def test_year_parts_and_undated_part(sample_site: Path) -> None:
    assert "Sans date" in page_text(sample_site / "parts" / "undated.html")
    part = page_text(sample_site / "parts" / "2023.html")
    assert part.index("Les données publiques") < part.index("Payer en ligne sans y penser")


def test_french_search(sample_site: Path) -> None:
    assert (sample_site / "_static" / "french-stemmer.js").is_file()
    assert "Rechercher" in (sample_site / "index.html").read_text(encoding="utf-8")
    # The generated MyST is not published beside the pages.
    assert not [p for p in (sample_site / "_sources").rglob("*") if p.is_file()]


def test_what_the_theme_leaves_out_is_added(sample_site: Path) -> None:
    """An icon (else browsers log a 404 for /favicon.ico), a default colour mode (else
    the theme logs an error), a name on the sidebar's open/close toggles (else screen
    readers meet nameless controls). tests/test_browser.py sees them in Chromium."""
    index = (sample_site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="icon" href="_static/favicon.svg"/>' in index
    assert (sample_site / "_static" / "favicon.svg").read_text(encoding="utf-8").startswith("<svg")
    assert 'data-default-mode="auto"' in index
    part = (sample_site / "parts" / "2023.html").read_text(encoding="utf-8")
    assert re.findall(r"<summary[^>]*>", part) == ['<summary aria-label="Contenu de 2023">']


HOSTILE = [line for line in MARKUP if line.strip()]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    archive = tmp / "issues"
    archive.mkdir()
    lines = [
        "Un titre <b>gras</b> {include} `code` $x$\u2028--- x #1",
        "Un teaser avec *étoiles* et [crochets](javascript:alert(1)) #7",
        "🧭 Au programme <script>alert(1)</script>",
        *(f"Paragraphe : {line}" for line in HOSTILE),
        "Une liste piégée :",
        *(f"item {line}" for line in HOSTILE[:6]),
        "Légende <i>piégée</i> {eval-rst} - Photo AFP.",
        "💬 La citation",
        "« ```{raw} html <script>alert(2)</script> »",
        "{attribution} - Auteur.",
        "Claire",
        "Je suis Claire Martin, de Quai 9.",
        *HOSTILE,
    ]
    (archive / "2024-01-02-piege.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    make_project(tmp, archive)
    config = (tmp / "letter-book.toml").read_text(encoding="utf-8")
    config = config.replace(
        'language = "fr"',
        'language = "fr"\ncomments = true\nbase_url = "https://example.org/livre/"',
    )  # with a base URL, issue text also goes into OpenGraph tags and the Atom feed
    config = config.replace('title = "Octet"', 'title = "Octet <i>ital</i>"')
    (tmp / "letter-book.toml").write_text(config, encoding="utf-8")
    run("convert", "--strict", cwd=tmp)
    run("build", "all", cwd=tmp)
    return tmp / "build" / "html"


def test_hostile_text_makes_a_valid_epub(hostile_site: Path) -> None:
    [epub] = (hostile_site.parent / "epub").glob("*.epub")
    result = run_epubcheck(epub)
    assert result.ok, result.findings
    with zipfile.ZipFile(epub) as book:
        [chapter] = [n for n in book.namelist() if n.startswith("EPUB/issues/")]
        xhtml = book.read(chapter).decode()
    assert "<script>alert" not in xhtml and "&lt;script&gt;alert(1)&lt;/script&gt;" in xhtml


def test_hostile_text_shows_literally(hostile_site: Path) -> None:
    [page] = (hostile_site / "issues").glob("*.html")
    text = page_text(page)
    for line in HOSTILE:
        # As written, but for the spaces French typography sets.
        folded = re.sub(r"[ \t]+", " ", line).strip()
        paragraph = typeset_text(f"Paragraphe : {folded}", french=True)
        assert paragraph in text, line
        assert typeset_text(folded, french=True) in text
    assert "«\u00a0```{raw} html <script>alert(2)</script>\u00a0»" in text
    assert "Un titre <b>gras</b> {include} `code` $x$" in text and "--- x" in text


def test_hostile_text_never_becomes_markup(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) >= 5  # index, part, issue, search, genindex
    for page in pages:
        source = page.read_text(encoding="utf-8")
        assert "<script>alert" not in source, page
        assert 'href="javascript' not in source.lower(), page
        assert "<b>gras</b>" not in source and "<i>piégée</i>" not in source, page
        assert "<i>ital</i>" not in source, page  # the book's title, which the theme leaves raw
        assert "root:x:0:0" not in source  # {include} /etc/passwd did not run
    issue = next((hostile_site / "issues").glob("*.html")).read_text(encoding="utf-8")
    assert '<meta property="og:title" content="Un titre &lt;b&gt;gras&lt;/b&gt;' in issue
    feed = etree.parse(hostile_site / "atom.xml").getroot()  # well-formed, and the text as text
    titles = feed.findall("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}title")
    assert [t.text for t in titles] == [
        "n°\u00a07 · Un titre <b>gras</b> {include} `code` $x$ --- x #1"
    ]
