"""WeasyPrint's warnings: the harmless ones are notes shown once, the others fail the PDF."""

from __future__ import annotations

import builtins
import importlib
import logging
import tempfile
from pathlib import Path
from typing import Any

import pytest

from letter_book.errors import BuildError
from letter_book.publish.pdf.render import (
    HARMLESS,
    font_folder,
    import_weasyprint,
    render,
    stylesheet,
)

# The module, which letter_book.publish.pdf's function of the same name hides.
rendering = importlib.import_module("letter_book.publish.pdf.render")

HARFBUZZ = (
    'Using fontTools instead of HarfBuzz-Subset for font "%s". This will be unsupported in '
    "future versions of WeasyPrint. Please install HarfBuzz-Subset >= 4.1.0 with your package "
    "manager."
)
"""WeasyPrint's own words (weasyprint/pdf/fonts.py) when the subsetter library is missing."""

PAGE = '<html lang="fr"><head><meta charset="utf-8"></head><body><p>Bonjour</p></body></html>'


@pytest.fixture(autouse=True)
def no_notes_yet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rendering, "_NOTED", set())


def test_every_harmless_message_has_its_reason() -> None:
    assert HARMLESS
    for harmless in HARMLESS:
        assert harmless.note.strip()
    assert any(h.pattern.match(HARFBUZZ % "letter-book sans") for h in HARMLESS)


def test_the_harfbuzz_fallback_is_a_note_shown_once(capsys: pytest.CaptureFixture[str]) -> None:
    # Shown by this process, or kept for it by a process of the pool (notes given).
    kept: list[str] = []
    for notes in (None, kept):
        collect = rendering._Collect(notes)
        logger = logging.getLogger("weasyprint")
        logger.addHandler(collect)
        try:
            logger.warning(HARFBUZZ, "letter-book sans")
            logger.warning(HARFBUZZ, "letter-book emoji")
            logger.warning("Anchor defined twice: %s", "intro")
        finally:
            logger.removeHandler(collect)
        assert collect.messages == ["Anchor defined twice: intro"]
    err = capsys.readouterr().err
    assert err.count("letter-book: note: HarfBuzz-Subset is not installed") == 1
    assert "apt-get install libharfbuzz-subset0" in err
    assert len(kept) == 1 and kept[0].startswith("HarfBuzz-Subset is not installed")


def test_a_pdf_made_with_fonttools_is_written(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """WeasyPrint itself takes its fontTools path and warns, as on a machine without
    HarfBuzz-Subset; the PDF is still made, with a note."""
    weasyprint = import_weasyprint()
    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    fonts = font_folder()
    pdf, part = render(PAGE, stylesheet(fonts, "A5"), fonts, tmp_path)
    assert pdf.startswith(b"%PDF") and part.pages == 1
    assert capsys.readouterr().err.count("HarfBuzz-Subset is not installed") == 1


def test_a_rendering_leaves_no_temporary_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """WeasyPrint copies the fonts into a temporary folder that it removes only when its
    font configuration is collected, which a process of a pool never does: each part
    left 3 MB behind. Nothing is left, and the temporary folder is the user's again."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    fonts = font_folder()
    render(PAGE, stylesheet(fonts, "A5"), fonts, tmp_path)
    assert list(temporary.iterdir()) == []
    assert tempfile.gettempdir() == str(temporary)


def test_any_other_warning_still_fails(tmp_path: Path) -> None:
    fonts = font_folder()
    css = stylesheet(fonts, "A5") + "p { colour: red; }"  # unknown property: WeasyPrint warns
    with pytest.raises(BuildError, match="WeasyPrint warned"):
        render(PAGE, css, fonts, tmp_path)


def test_without_pango_the_build_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_pango(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pango)
    with pytest.raises(BuildError) as raised:
        import_weasyprint()
    assert "cannot load library 'libpango-1.0-0'" in str(raised.value)
    assert "Pango is missing" in str(raised.value) and "install" in str(raised.value).lower()
