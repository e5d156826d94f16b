"""A volume rendered part by part, and the parts joined into one PDF.

WeasyPrint lays out every page of a document each time it renders it, and
that is most of a PDF build. So a volume is cut into parts (:func:`cut`): the
front matter, runs of :data:`ISSUES_PER_PART` issues (the first run with its
year's page), each appendix (with its first year), each further year of an
appendix. Each part is rendered as a document of its own and kept in a cache
under the digest of its HTML (:class:`Cache`). A part renders the same
wherever it falls in its volume: its page numbers are hidden
(:data:`~letter_book.publish.pdf.render.HIDE_FOLIOS`) and drawn when the parts
are joined, so the parts a build lacks, those of every volume of the build, are
rendered all at once, the longest first, in one pool of processes kept for the
build (:meth:`Cache.pool`, :func:`render_many`). Adding this week's issue
renders again the last run of issues, the contents and the year of each
appendix that lists it; every other part comes from the cache, even those it
pushes pages later.

Page references (the contents, "(p. 7)" after a link to an issue, the index)
cross parts, so they are written into each part as text, ``data-page``, that
the stylesheet shows (:func:`paginate_all`). A part whose references all point
back (an appendix) waits until the parts it points to are rendered, and then
renders once, with its numbers. The contents wait for the issues, taking the
length of the rest (the appendices, rendering beside them, and themselves)
from the previous build, and render once too (in a first build, they are
written at once, ``?`` for every number). When an id turns out elsewhere than
a part shows it, the parts that show it are rendered again, until nothing
moves.

Joining (:func:`join`): pikepdf copies the pages of the parts into one PDF,
with a blank page where a year or an appendix would otherwise open on a
left-hand page, draws the page numbers (:func:`_number`), merges the named
destinations, puts back the links from one part to another, and builds the
outline from the parts' bookmarks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import multiprocessing
import multiprocessing.forkserver
import re
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from html import unescape
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit
from urllib.request import url2pathname

from lxml import etree

from letter_book import processes, progress
from letter_book.errors import BuildError
from letter_book.files import write_bytes, write_text
from letter_book.publish.pdf.render import HIDE_FOLIOS, Bookmark, Folio, Link, Part, note

ISSUES_PER_PART = 4
"""Issues rendered together: fewer makes adding an issue cheaper, and the PDF larger (each
part carries its own subset of the fonts)."""

RECTO = frozenset({"part", "appendix"})
"""The sections that open on a right-hand page (style.css: break-before); the print
edition adds the issues and each year of an appendix."""
_FILES = re.compile(r'src="(file:[^"]+)"')  # assemble.py makes images' addresses absolute
_ROUNDS = 6  # renderings of a volume before page numbers that keep moving are an error


def cut(sections: Sequence[etree._Element]) -> list[list[etree._Element]]:
    """The volume's sections (title page, contents, years, issues, appendices) in parts:
    the front matter, runs of issues (the first after its year's page), each appendix
    (with its first year), each further year of an appendix.

    A part never has a page break to a right-hand page inside it: that depends on
    where the part starts, which it does not know when it is rendered.
    """
    parts: list[list[etree._Element]] = []
    issues = 0
    previous = ""
    for section in sections:
        kind = section.get("class", "")
        # An appendix's first year follows its title on the same page (style.css).
        further_year = kind == "appendix-year" and previous != "appendix"
        starts = kind in RECTO or kind == "title-page" or further_year
        if not parts or starts or issues == ISSUES_PER_PART:
            parts.append([])
            issues = 0
        parts[-1].append(section)
        issues += kind == "issue"
        previous = kind
    return parts


@dataclass(frozen=True, slots=True)
class Placed:
    """A part at its place in the volume."""

    key: str
    part: Part
    blank_before: bool


@dataclass(frozen=True, slots=True)
class Layout:
    """A volume laid out: its parts in order, the page of each id, and the digits its page
    numbers are drawn with (:data:`FOLIO_DIGITS`, rendered with the volume's stylesheet)."""

    placed: list[Placed]
    pages: dict[str, int]
    digits: tuple[str, Part]

    @property
    def count(self) -> int:
        """The volume's pages, blank ones included."""
        return sum(item.part.pages + item.blank_before for item in self.placed)


class Cache:
    """Rendered parts, under the digest of their HTML and of what else they depend on.

    ``salt`` is what every part depends on (the stylesheet, the rendering packages'
    versions: :func:`letter_book.publish.pdf.parts_cache`); :meth:`key` adds the bytes of
    the images a part shows. A part is a PDF and a JSON file of where its ids, links,
    bookmarks and page numbers are. :meth:`get` renders the parts it lacks in ``jobs``
    processes (:func:`render_many`). :meth:`prune` removes the parts no volume of this
    build is made of.
    """

    def __init__(self, folder: Path, salt: str, render: Renderer, jobs: int = 1) -> None:
        self.folder = folder
        self.salt = salt
        self.render = render
        self.jobs = jobs
        self.used: set[str] = set()
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Cache:
        """With more than one job, start the server the pool's processes are forked from
        (:func:`_pool_context`): it imports WeasyPrint (a second) while this process
        assembles the volumes. No process renders yet, so a build with nothing to render
        does not wait for it."""
        if self.jobs > 1:
            context = _pool_context()
            if context.get_start_method() == "forkserver":
                multiprocessing.forkserver.ensure_running()
        return self

    def __exit__(self, *_exception: object) -> None:
        """Stop the pool of processes, if one was started (:func:`letter_book.processes.stop`:
        on Ctrl-C, its processes, which get the same Ctrl-C, stop the parts they render;
        an idle one ignores it)."""
        if self._pool is not None:
            processes.stop(self._pool)
            self._pool = None

    def pool(self) -> ProcessPoolExecutor | None:
        """The processes to render in, started on first use and kept until the cache is
        left (``with``): every round of every volume of a build renders in the same pool.
        None when :attr:`jobs` is 1: this process renders."""
        if self.jobs > 1 and self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.jobs, mp_context=_pool_context(), initializer=processes.ignore_interrupts
            )
        return self._pool

    def key(self, html: str) -> str:
        digest = hashlib.sha256(self.salt.encode() + html.encode())
        for uri in sorted(set(_FILES.findall(html))):  # the images the part shows
            image = Path(url2pathname(urlsplit(unescape(uri)).path))
            digest.update(image.read_bytes() if image.is_file() else b"")
        return digest.hexdigest()

    def get(self, htmls: Sequence[str], label: str) -> list[tuple[str, Part]]:
        """Each part of ``htmls``, rendered or from the cache, with its key; ``label`` says
        what is rendered in the progress shown."""
        keys = [self.key(html) for html in htmls]
        missing = {key: html for key, html in zip(keys, htmls, strict=True) if not self.has(key)}
        # Even one part renders in the pool: its processes have WeasyPrint imported, this
        # one has not (a second).
        pool = self.pool() if missing else None
        for key, (data, part) in render_many(self.render, missing, pool, label):
            write_bytes(self.pdf(key), data)
            write_text(self.folder / f"{key}.json", _to_json(part))
        return [(key, _from_json(self.about(key).read_text(encoding="utf-8"))) for key in keys]

    def has(self, key: str) -> bool:
        return self.pdf(key).is_file() and self.about(key).is_file()

    def pdf(self, key: str) -> Path:
        """The PDF of the part under ``key``."""
        return self.folder / f"{key}.pdf"

    def about(self, key: str) -> Path:
        """Where the ids, links, bookmarks and page numbers of the part under ``key`` are."""
        return self.folder / f"{key}.json"

    def known_pages(self, volume: str) -> dict[str, int]:
        """Where each id was in the volume's last build."""
        path = self.folder / f"{volume}.pages.json"
        pages: dict[str, int] = json.loads(path.read_text()) if path.is_file() else {}
        return pages

    def earlier_parts(self, volume: str) -> dict[str, Part]:
        """The parts of the volume's last build, under each id they hold (those still in
        the cache: :meth:`prune` runs at the end of a build)."""
        path = self.folder / f"{volume}.parts.json"
        keys: list[str] = json.loads(path.read_text()) if path.is_file() else []
        parts = [_from_json(self.about(key).read_text()) for key in keys if self.has(key)]
        return {name: part for part in parts for name in part.anchors}

    def keep(self, volume: str, layout: Layout) -> None:
        """Keep the parts of a volume, where its ids are and which parts it was made of,
        past :meth:`prune`."""
        self.used.update(item.key for item in layout.placed)
        self.used.update((layout.digits[0], f"{volume}.pages", f"{volume}.parts"))
        text = json.dumps(layout.pages, sort_keys=True)
        write_text(self.folder / f"{volume}.pages.json", text)
        write_text(self.folder / f"{volume}.parts.json", json.dumps([p.key for p in layout.placed]))

    def prune(self) -> None:
        for path in self.folder.glob("*"):
            if path.stem not in self.used:
                path.unlink()


class Renderer(Protocol):
    """What renders one part: :func:`letter_book.publish.pdf.render.render_part` with the
    stylesheet and folders bound (picklable, for a pool of processes)."""

    def __call__(self, html: str) -> tuple[bytes, Part, list[str]]: ...


def render_many(
    render: Renderer, htmls: dict[str, str], pool: ProcessPoolExecutor | None, label: str
) -> Iterator[tuple[str, tuple[bytes, Part]]]:
    """Render ``htmls`` (by key) in ``pool``, or in this process when it is None; yield
    each as it is done, with its key, showing progress.

    Each part is a document of its own, so the processes share nothing: the same bytes
    come out whatever their number. The longest parts are given out first, so that no
    process is left with a long one when the others are done."""
    if not htmls:
        return
    parts = f"{len(htmls)} part" + "s" * (len(htmls) != 1)
    with progress.task(f"{label}: rendering {parts}", len(htmls)) as step:
        if pool is None:
            for key, html in htmls.items():
                data, part, notes = render(html)
                for text in notes:
                    note(text)
                yield key, (data, part)
                step.advance()
            return
        longest = sorted(htmls, key=lambda key: (-len(htmls[key]), key))
        futures = {pool.submit(processes.interruptible, render, htmls[key]): key for key in longest}
        try:
            for future in as_completed(futures):
                data, part, notes = future.result()
                for text in notes:
                    note(text)
                yield futures[future], (data, part)
                step.advance()
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def _pool_context() -> BaseContext:
    """``forkserver`` with WeasyPrint imported in the server (a process starts without
    importing it again), else ``spawn``: never ``fork``, which copies a process whose
    progress display runs a thread."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["letter_book.publish.pdf.render", "weasyprint"])
        return context
    return multiprocessing.get_context("spawn")


def _to_json(part: Part) -> str:
    return json.dumps(
        {
            "pages": part.pages,
            "anchors": part.anchors,
            "links": part.links,
            "bookmarks": part.bookmarks,
            "size": part.size,
            "images": part.images,
            "folios": part.folios,
        }
    )


def _from_json(text: str) -> Part:
    data = json.loads(text)
    return Part(
        data["pages"],
        data["anchors"],
        tuple(Link(page, target, tuple(box)) for page, target, box in data["links"]),
        tuple(Bookmark(*bookmark) for bookmark in data["bookmarks"]),
        tuple(data["size"]),
        tuple((source, ppi) for source, ppi in data["images"]),
        tuple(Folio(*folio) for folio in data["folios"]),
    )


def _references(part: list[etree._Element]) -> list[tuple[etree._Element, str]]:
    """The links of a part to an id of the volume, which show its page number."""
    return [
        (link, link.get("href", "")[1:])
        for section in part
        for link in section.iter("a")
        if link.get("href", "").startswith("#")
    ]


@dataclass(slots=True)
class VolumeParts:
    """A volume to lay out: its document's head, its parts (:func:`cut`), where its ids
    were in the previous build and the parts that held them then
    (:meth:`Cache.earlier_parts`), and the kinds of section that open on a right-hand
    page."""

    head: str
    parts: list[list[etree._Element]]
    known: dict[str, int]
    earlier: dict[str, Part] = field(default_factory=dict)
    recto: frozenset[str] = RECTO


def paginate(
    head: str,
    parts: list[list[etree._Element]],
    cache: Cache,
    known: dict[str, int],
    label: str = "PDF",
    recto: frozenset[str] = RECTO,
    earlier: dict[str, Part] | None = None,
) -> Layout:
    """One volume laid out (:func:`paginate_all`)."""
    volume = VolumeParts(head, parts, known, earlier or {}, recto)
    return paginate_all([volume], cache, label)[0]


def paginate_all(volumes: Sequence[VolumeParts], cache: Cache, label: str = "PDF") -> list[Layout]:
    """Render (or take from the cache) every part of ``volumes``, and place them; return
    their layouts.

    A part renders the same wherever it falls (its page numbers are drawn at the join),
    so the parts of all the volumes render at once, in parallel. Only its links to ids of
    other parts show a page number, and :func:`_needs` says which parts must be rendered
    before it is written:

    - a part without such links (a run of issues) is written at once;
    - a part whose links all point back (an appendix, to the issues before it) waits for
      the parts up to the last it points to, and renders once, with its numbers;
    - a part with links forward (the contents) waits for every part without links when
      the previous build had it, and takes the length of the parts not yet rendered (the
      appendices, rendering beside it, and itself) from that build
      (:attr:`VolumeParts.earlier`). Adding an issue thus renders the contents once, with
      the appendices, after the issues. In a first build it is written at once, from where
      the ids were in the previous build (:attr:`VolumeParts.known`), ``?`` for the others.

    When an id turns out elsewhere than a part shows it, the parts that show it are
    rendered again, those of every volume in the same round, until nothing moves. The
    page numbers are left written in the parts' links (``data-page``); ``label`` names
    what is rendered in the progress shown; a part starting with a section of
    :attr:`VolumeParts.recto` kinds starts on a right-hand (odd) page.
    """
    links = [_linked_parts(volume.parts) for volume in volumes]  # the same every round
    known = [volume.known for volume in volumes]
    earlier = [dict(volume.earlier) for volume in volumes]
    layouts: list[Layout | None] = [None] * len(volumes)
    for round_ in range(_ROUNDS):
        moving = [i for i, layout in enumerate(layouts) if layout is None]
        if not moving:
            return [layout for layout in layouts if layout is not None]
        rendered = {i: _Round(volumes[i], links[i], known[i], earlier[i]) for i in moving}
        digits = sorted({_DIGITS.format(head=volumes[i].head) for i in moving})
        shown = label if round_ == 0 else f"{label}, page numbers moved"
        results = iter(cache.get([*digits, *(h for i in moving for h in rendered[i].ready)], shown))
        done = dict(next(results) for _ in digits)
        for i in moving:
            rendered[i].take(results)
        while any(rendered[i].waiting for i in moving):
            ready = [html for i in moving for html in rendered[i].release()]
            results = iter(cache.get(ready, f"{shown}, pages referring to others"))
            for i in moving:
                rendered[i].take(results)
        for i in moving:
            volume, written = volumes[i], rendered[i].written
            key = cache.key(_DIGITS.format(head=volume.head))
            parts = rendered[i].parts()
            layout = Layout(*_place(volume, parts), (key, done[key]))
            if all(layout.pages.get(t) == p for numbers in written for t, p in numbers.items()):
                targets = {target for numbers in written for target in numbers}
                missing = sorted(target for target in targets if target not in layout.pages)
                if missing:
                    shown_ids = ", #".join(missing)
                    raise BuildError(f"links to ids no page of the volume has: #{shown_ids}")
                layouts[i] = layout
            known[i] = layout.pages
            earlier[i] = {name: part for _key, part in parts for name in part.anchors}
    raise BuildError(f"page numbers still moved after {_ROUNDS} renderings of the volume")


class _Round:
    """One rendering of a volume's parts: those that can be written at once, then, wave
    after wave, those that wait for others (:func:`_needs`)."""

    def __init__(
        self,
        volume: VolumeParts,
        links: list[list[int | None]],
        known: dict[str, int],
        earlier: dict[str, Part],
    ) -> None:
        self.volume = volume
        first = [part[0].get("id", "") for part in volume.parts]
        self.estimates = [earlier.get(name) for name in first]
        """The length of each part and where its ids are, as the last build rendered it."""
        self.needs = _needs(links, self.estimates)
        self.done: list[tuple[str, Part] | None] = [None] * len(volume.parts)
        self.written: list[dict[str, int | None]] = [{} for _ in volume.parts]
        """The page each part was written to show for each id it links to."""
        self.ready: list[str] = []
        """The HTML of the parts to render now, in :meth:`take`'s order."""
        self._ready: list[int] = []
        self._write([j for j, needs in enumerate(self.needs) if needs is None], known)

    @property
    def waiting(self) -> bool:
        return any(part is None for part in self.done)

    def _write(self, numbers: list[int], pages: dict[str, int]) -> None:
        for j in numbers:
            part = self.volume.parts[j]
            self.written[j] = {target: pages.get(target) for _link, target in _references(part)}
            self.ready.append(_html(self.volume.head, part, self.written[j]))
        self._ready = numbers

    def release(self) -> list[str]:
        """The HTML of the parts whose every part it needs is now rendered."""
        self.ready = []
        now = [
            j
            for j, needs in enumerate(self.needs)
            if self.done[j] is None
            and needs is not None
            and all(self.done[k] is not None for k in needs)
        ]
        if now:
            # The parts not rendered yet as the last build rendered them, up to the first
            # it did not have.
            sofar: list[tuple[str, Part]] = []
            for done, estimate in zip(self.done, self.estimates, strict=True):
                if done is not None:
                    sofar.append(done)
                elif estimate is not None:
                    sofar.append(("", estimate))
                else:
                    break
            self._write(now, _place(self.volume, sofar)[1])
        return self.ready

    def take(self, results: Iterator[tuple[str, Part]]) -> None:
        """The rendered parts of :attr:`ready`, from ``results``, in order."""
        for j in self._ready:
            self.done[j] = next(results)
        self._ready = []

    def parts(self) -> list[tuple[str, Part]]:
        """The parts rendered, up to the first that is not."""
        end = self.done.index(None) if None in self.done else len(self.done)
        return [part for part in self.done[:end] if part is not None]


def _linked_parts(parts: list[list[etree._Element]]) -> list[list[int | None]]:
    """For each part, the part each of its links points to (None: no part of the volume)."""
    where = {
        element.get("id"): number
        for number, part in enumerate(parts)
        for section in part
        for element in section.iter()
        if isinstance(element.tag, str) and element.get("id")
    }
    return [[where.get(target) for _link, target in _references(part)] for part in parts]


def _needs(targets: list[list[int | None]], estimates: list[Part | None]) -> list[set[int] | None]:
    """For each part, the parts to render before it is written (:func:`paginate_all`),
    from the parts its links point to (:func:`_linked_parts`); None for a part written at
    once."""
    back = [
        bool(found) and all(k is not None and k < j for k in found)
        for j, found in enumerate(targets)
    ]
    later = [
        bool(found) and not back[j] and estimates[j] is not None for j, found in enumerate(targets)
    ]
    needs: list[set[int] | None] = []
    for j, found in enumerate(targets):
        if back[j]:
            last = max(k for k in found if k is not None)
            needs.append({k for k in range(last + 1) if not later[k]})
        elif later[j]:
            alone = [k for k, links in enumerate(targets) if k != j and not links]
            unknown = [k for k in range(len(targets)) if back[k] and estimates[k] is None]
            needs.append({*alone, *unknown})
        else:
            needs.append(None)
    return needs


def _place(
    volume: VolumeParts, rendered: list[tuple[str, Part]]
) -> tuple[list[Placed], dict[str, int]]:
    """The rendered parts of ``volume`` (all, or the first ones) one after the other, a
    blank page before a part that would open on a left-hand page when it must open on a
    right-hand one; and the page of each id in them."""
    placed: list[Placed] = []
    pages: dict[str, int] = {}
    number = 1
    for part, (key, about) in zip(volume.parts, rendered, strict=False):
        blank = part[0].get("class") in volume.recto and number % 2 == 0
        number += blank
        for name, index in about.anchors.items():
            pages.setdefault(name, number + index)
        placed.append(Placed(key, about, blank))
        number += about.pages
    return placed, pages


def _html(head: str, part: list[etree._Element], numbers: dict[str, int | None]) -> str:
    """The HTML of ``part``, each of its page references showing the page of ``numbers``
    (``?`` for an id not yet placed)."""
    for link, target in _references(part):
        page = numbers.get(target)
        link.set("data-page", str(page) if page else "?")
    body = "".join(etree.tostring(section, method="html", encoding="unicode") for section in part)
    return f"{head}<body><style>{HIDE_FOLIOS}</style>{body}</body></html>"


_DIGITS = (
    "{head}<body><style>@page :first {{ counter-reset: page 0; }}</style>"
    + "<div></div>"
    + '<div style="break-before: page"></div>' * 9
    + "</body></html>"
)
"""Ten pages numbered 0 to 9 in the volume's stylesheet, with nothing else on them: the
digits :func:`join` draws the page numbers with, pages 0, 2… being right-hand pages, 1,
3… left-hand ones. (Touching the page counter in ``@page`` stops WeasyPrint's increment
on that page.)"""


def join(
    layout: Layout,
    cache: Cache,
    when: dt.datetime,
    label: str = "PDF",
    pdf_x: bool = False,
) -> bytes:
    """One PDF of the parts, in order (their PDFs in ``cache``): pages, page numbers,
    named destinations, links, outline, metadata (the first part's, and ``when`` as its
    dates). ``pdf_x``: the parts are PDF/X-4, and so is the whole (:func:`_keep_pdf_x`)."""
    with progress.task(f"{label}: joining the parts", len(layout.placed)) as step:
        return _join(layout, cache, when, step, pdf_x)


def _join(
    layout: Layout, cache: Cache, when: dt.datetime, step: progress.Task, pdf_x: bool
) -> bytes:
    import pikepdf  # only when a PDF is made

    placed = layout.placed
    out = pikepdf.new()
    sources = []
    destinations: dict[str, pikepdf.Array] = {}
    links: list[tuple[int, Link]] = []
    bookmarks: list[Bookmark] = []
    blanks = []
    folios: list[int] = []
    for item in placed:
        if item.blank_before:
            out.add_blank_page(page_size=item.part.size)
            blanks.append(len(out.pages) - 1)
        offset = len(out.pages)
        source = pikepdf.open(cache.pdf(item.key))
        sources.append(source)
        # The parts' named destinations, links and outline are joined below, by the book's
        # own ids: pikepdf is to copy the pages alone.
        out.add_pages_from(source, forms="strip", layers="ignore", outlines="ignore")
        step.advance()
        names = source.Root.get("/Names")
        if names is not None and "/Dests" in names:
            index = {page.obj.objgen: offset + i for i, page in enumerate(source.pages)}
            for name, (target, *place) in pikepdf.NameTree(names.Dests).items():
                if name not in destinations:
                    destinations[name] = pikepdf.Array(
                        [out.pages[index[target.objgen]].obj, *place]
                    )
        links.extend((offset + link.page, link) for link in item.part.links)
        folios.extend(offset + folio.page for folio in item.part.folios)
        bookmarks.extend(b._replace(page=offset + b.page) for b in item.part.bookmarks)
    first = sources[0]
    for key, value in first.docinfo.items():
        out.docinfo[key] = value
    out.docinfo.CreationDate = out.docinfo.ModDate = when.strftime("D:%Y%m%d%H%M%SZ")
    if "/Lang" in first.Root:
        out.Root.Lang = first.Root.Lang
    for number in blanks:  # a blank page has the boxes of the page after it
        for box in ("/MediaBox", "/TrimBox", "/BleedBox"):
            if box in out.pages[number + 1].obj:
                out.pages[number].obj[box] = pikepdf.Array(list(out.pages[number + 1].obj[box]))
    if pdf_x:
        _keep_pdf_x(out, first, when, placed)
    digits = pikepdf.open(cache.pdf(layout.digits[0]))
    sources.append(digits)
    _number(out, folios, digits, layout.digits[1])
    for number, link in links:
        page = out.pages[number]
        annotation = out.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.Link,
                Rect=pikepdf.Array(link.rectangle),
                BS=pikepdf.Dictionary(W=0),
                Dest=pikepdf.String(link.target),
            )
        )
        if "/Annots" not in page.obj:
            page.obj.Annots = pikepdf.Array()
        page.obj.Annots.append(annotation)
    tree = pikepdf.NameTree.new(out)
    for name in sorted(destinations):
        tree[name] = destinations[name]
    out.Root.Names = pikepdf.Dictionary(Dests=tree.obj)
    with out.open_outline() as outline:
        parents: list[tuple[int, pikepdf.OutlineItem]] = []
        for bookmark in bookmarks:
            entry = pikepdf.OutlineItem(
                bookmark.title, bookmark.page, "XYZ", left=bookmark.left, top=bookmark.top, zoom=0
            )
            entry.is_closed = not bookmark.open
            while parents and parents[-1][0] >= bookmark.level:
                parents.pop()
            (parents[-1][1].children if parents else outline.root).append(entry)
            parents.append((bookmark.level, entry))
    buffer = io.BytesIO()
    out.save(
        buffer,
        deterministic_id=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        min_version="1.6" if pdf_x else "",
    )
    for source in sources:
        source.close()
    return buffer.getvalue()


def _number(out: Any, folios: list[int], digits: Any, about: Part) -> None:
    """Draw the page number of each page of ``out`` listed in ``folios`` with the digits
    of :data:`_DIGITS` (``digits``, ``about`` it): centred where the stylesheet puts it on
    a right-hand or a left-hand page, on its baseline. Each digit is a form XObject used
    by every page, so its font is in the PDF once; the text reads as the number."""
    import pikepdf

    drawn = {folio.page: folio for folio in about.folios}
    if sorted(drawn) != list(range(10)):
        raise BuildError("the stylesheet shows no page number on the pages of digits")
    forms = {
        str(n): out.copy_foreign(pikepdf.Page(digits.pages[n]).as_form_xobject()) for n in range(10)
    }
    # Where a number is centred, on right-hand (0) and left-hand (1) pages.
    centre = [drawn[side].x + drawn[side].width / 2 for side in (0, 1)]
    for index in folios:
        number, side = str(index + 1), index % 2
        x = centre[side] - sum(drawn[int(d)].width for d in number) / 2
        page = pikepdf.Page(out.pages[index])
        drawing = []
        for digit in dict.fromkeys(number):
            name = pikepdf.Name(f"/LetterBookDigit{digit}")
            page.add_resource(forms[digit], pikepdf.Name.XObject, name)
        for digit in number:
            folio = drawn[int(digit)]
            shift = f"{x - folio.x:.3f} {drawn[side].baseline - folio.baseline:.3f}"
            drawing.append(f"q 1 0 0 1 {shift} cm /LetterBookDigit{digit} Do Q")
            x += folio.width
        page.contents_add(pikepdf.Stream(out, b"q\n"), prepend=True)
        page.contents_add(pikepdf.Stream(out, ("Q\n" + "\n".join(drawing)).encode()))


def _keep_pdf_x(out: Any, first: Any, when: dt.datetime, placed: list[Placed]) -> None:
    """What makes the joined PDF a PDF/X-4, as each part is: the output intent (with its
    colour profile), and the XMP metadata naming the standard, with ``when`` as its dates
    and a document id made from the parts (WeasyPrint draws one at random)."""
    import pikepdf

    # WeasyPrint writes the intents as a direct array: made indirect to be copied.
    out.Root.OutputIntents = out.copy_foreign(first.make_indirect(first.Root.OutputIntents))
    out.Root.Metadata = out.copy_foreign(first.Root.Metadata)
    out.Root.Metadata.Type = pikepdf.Name.Metadata
    stamp_xmp(out, when, "".join(item.key for item in placed).encode())


def stamp_xmp(pdf: Any, when: dt.datetime, seed: bytes) -> None:
    """``when`` as the dates of ``pdf``'s XMP metadata, and a document id made from
    ``seed``: WeasyPrint writes the time of day and a random id there for PDF/X."""
    digest = hashlib.sha256(seed).hexdigest()
    uuid = f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
            xmp[key] = stamp
        xmp["xmpMM:DocumentID"] = f"xmp.did:{uuid}"
