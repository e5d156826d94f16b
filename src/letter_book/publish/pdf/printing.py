"""What a printer asks of a book: trim sizes, and each printer's published rules.

The print edition (:mod:`letter_book.publish.pdf.edition`) is laid out from these
figures: the trim (the size of the page once cut), the margins (mirrored, with a gutter
on the binding side that grows with the page count), the bleed, the page limit of a
volume, and, for the cover, the spine's width per page and when the spine may carry
text. Each figure says where it comes from; printers change their rules now and then, and
this file is where to follow them.

Lengths are in inches, as the printers publish them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MM = 1 / 25.4


@dataclass(frozen=True, slots=True)
class Trim:
    """The page once cut: ``6x9in``, ``A5``."""

    name: str
    width: float
    height: float


_NAMED = {
    "A4": (210 * MM, 297 * MM),
    "A5": (148 * MM, 210 * MM),
    "B5": (176 * MM, 250 * MM),  # ISO B5; KDP's "B5" is JIS-like 6.93 x 9.84 in: give it in inches
    "ROYAL": (6.14, 9.21),
}
_SIZE = re.compile(r"(?P<w>\d+(?:\.\d+)?)x(?P<h>\d+(?:\.\d+)?)(?P<unit>in|mm)")
TRIMS = ("5x8in", "5.25x8in", "5.5x8.5in", "6x9in", "6.14x9.21in", "7x10in", "A5", "B5")
"""Common trims, for the documentation and error messages; any ``WxHin`` or ``WxHmm`` works."""


def trim(name: str) -> Trim:
    """The trim called ``name``: ``A5``, ``B5``, ``royal``, or ``<width>x<height>in|mm``;
    raises ValueError for anything else."""
    key = name.strip()
    if key.upper() in _NAMED:
        width, height = _NAMED[key.upper()]
        return Trim(key.upper() if key.upper() != "ROYAL" else "royal", width, height)
    match = _SIZE.fullmatch(key.lower().replace(" ", ""))
    if match is None:
        raise ValueError(
            f"print.trim {name!r} is no trim size: use one of {', '.join(TRIMS)}, or "
            "<width>x<height>in or mm (6x9in, 150x230mm)"
        )
    scale = 1.0 if match["unit"] == "in" else MM
    width, height = float(match["w"]) * scale, float(match["h"]) * scale
    if not (3 <= width <= 12 and 4 <= height <= 15 and width < height):
        raise ValueError(f"print.trim {name!r}: a book page is upright, 3 to 12 in wide")
    return Trim(match.group(0), width, height)


@dataclass(frozen=True, slots=True)
class Profile:
    """A printer's rules for a paperback, as it publishes them (see ``source``)."""

    name: str
    source: str
    gutters: tuple[tuple[int, float], ...]
    """(up to this many pages, inside margin): the gutter for a page count."""
    margin: float
    """The least margin on the other three sides (top, bottom, outside)."""
    bleed: float
    """How far an image reaching the edge runs past the trim, and the cover's bleed."""
    min_pages: int
    max_pages: int
    """The most pages of one volume: a longer book is cut into volumes."""
    spine_per_page: dict[str, float]
    """Thickness of a page (a leaf is two pages) for each ``print.paper``."""
    color_per_page: float
    """Thickness of a page of a colour interior (on white paper)."""
    spine_text_min_pages: int
    """Below this many pages the spine is too thin to carry text."""
    spine_clearance: float
    """Space kept clear on each side of the spine's text (the fold moves)."""
    barcode: tuple[float, float, float]
    """Width, height and distance from the trim (bottom, right of the back cover) of the
    area the printer puts the barcode in."""
    pdf_x: bool
    """Does the printer ask for PDF/X (PDF/X-4 here, with an output intent)?"""


_KDP_GUTTERS = ((150, 0.375), (300, 0.5), (500, 0.625), (700, 0.75), (828, 0.875))
"""Amazon KDP Help, "Set trim size, bleed, and margins" (paperback): the inside margin by
page count, 24 to 828 pages."""

PROFILES = {
    "kdp": Profile(
        name="kdp",
        source="Amazon KDP Help: 'Set trim size, bleed, and margins', 'Create a paperback "
        "cover' (cover calculator), 'Print options' (page counts); read 2026",
        gutters=_KDP_GUTTERS,
        margin=0.25,  # outside, top, bottom: at least 0.25 in without bleed, 0.375 in with
        bleed=0.125,
        min_pages=24,
        max_pages=828,  # black ink on white or cream paper, most trims
        spine_per_page={"white": 0.002252, "cream": 0.0025},
        color_per_page=0.002347,  # premium colour
        spine_text_min_pages=80,  # "books with more than 79 pages"
        spine_clearance=0.0625,
        barcode=(2.0, 1.2, 0.25),
        pdf_x=False,  # KDP takes a plain PDF with embedded fonts
    ),
    "ingramspark": Profile(
        name="ingramspark",
        source="IngramSpark File Creation Guide (interior and cover requirements); the "
        "page thickness is its 50 lb papers' (its cover template generator gives the exact "
        "spine for a title)",
        # IngramSpark asks for 0.5 in on every side; the gutter grows as KDP's table does.
        gutters=(
            *((pages, max(0.5, inches)) for pages, inches in _KDP_GUTTERS[:-1]),
            (1200, 0.875),
        ),
        margin=0.5,
        bleed=0.125,
        min_pages=18,
        max_pages=1200,
        spine_per_page={"white": 0.0025, "cream": 0.0025},
        color_per_page=0.0025,
        spine_text_min_pages=48,
        spine_clearance=0.0625,
        barcode=(2.0, 1.2, 0.25),
        pdf_x=True,  # PDF/X-1a or PDF/X-4 asked for
    ),
    "generic": Profile(
        name="generic",
        source="letter-book's own defaults for a local printer: KDP's gutters, 0.5 in "
        "margins, 3 mm bleed, 90 g/m2 offset paper (0.1 mm a leaf); ask the printer",
        gutters=(*_KDP_GUTTERS[:-1], (10_000, 0.875)),
        margin=0.5,
        bleed=3 * MM,
        min_pages=4,
        max_pages=1000,
        spine_per_page={"white": 0.05 * MM, "cream": 0.055 * MM},
        color_per_page=0.05 * MM,
        spine_text_min_pages=100,
        spine_clearance=2 * MM,
        barcode=(2.0, 1.2, 0.25),
        pdf_x=True,
    ),
}
PAPERS = ("white", "cream")
INTERIORS = ("black-and-white", "color")


def gutter(profile: Profile, pages: int) -> float:
    """The inside margin of a book of ``pages`` pages."""
    for most, inches in profile.gutters:
        if pages <= most:
            return inches
    return profile.gutters[-1][1]


def band(profile: Profile, pages: int) -> int:
    """Which of the profile's gutter bands ``pages`` is in (0 for the thinnest)."""
    return next((i for i, (most, _) in enumerate(profile.gutters) if pages <= most), -1)


def page_thickness(profile: Profile, paper: str, color: bool) -> float:
    return profile.color_per_page if color else profile.spine_per_page[paper]


def spine_width(profile: Profile, paper: str, color: bool, pages: int) -> float:
    """The spine of a paperback of ``pages`` pages (the printer's formula: pages times the
    thickness of a page)."""
    return pages * page_thickness(profile, paper, color)


def cover_size(
    profile: Profile, size: Trim, paper: str, color: bool, pages: int
) -> tuple[float, float]:
    """Width and height of the whole cover with its bleed: bleed, back, spine, front,
    bleed across; bleed, trim, bleed down."""
    width = 2 * profile.bleed + 2 * size.width + spine_width(profile, paper, color, pages)
    return width, size.height + 2 * profile.bleed
