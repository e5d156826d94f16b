"""The printers' rules of the print edition: trims, gutters, spine and cover sizes."""

from __future__ import annotations

import pytest

from letter_book.publish.pdf.printing import PROFILES, cover_size, gutter, spine_width, trim


def test_trims_by_name_and_by_size() -> None:
    assert (trim("6x9in").width, trim("6x9in").height) == (6, 9)
    assert trim("A5").width == pytest.approx(148 / 25.4)
    assert trim("150x230mm").height == pytest.approx(230 / 25.4)
    with pytest.raises(ValueError, match="no trim size"):
        trim("huge")


@pytest.mark.parametrize(
    ("pages", "inches"), [(24, 0.375), (150, 0.375), (151, 0.5), (500, 0.625), (828, 0.875)]
)
def test_the_kdp_gutter_grows_with_the_page_count(pages: int, inches: float) -> None:
    assert gutter(PROFILES["kdp"], pages) == inches


def test_the_cover_is_bleed_back_spine_front_bleed() -> None:
    kdp = PROFILES["kdp"]
    assert spine_width(kdp, "white", False, 300) == pytest.approx(300 * 0.002252)
    assert spine_width(kdp, "cream", False, 300) == pytest.approx(0.75)
    width, height = cover_size(kdp, trim("6x9in"), "white", False, 300)
    assert width == pytest.approx(0.125 + 6 + 300 * 0.002252 + 6 + 0.125)
    assert height == pytest.approx(9.25)
