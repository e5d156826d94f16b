"""The fonts the package ships: the files recorded, with their licence."""

from __future__ import annotations

import runpy
from pathlib import Path

from letter_book.publish import fonts

from .conftest import ROOT


def test_the_shipped_fonts_are_the_recorded_files_under_their_licence() -> None:
    script = runpy.run_path(str(ROOT / "scripts" / "vendor_fonts.py"))
    assert script["check"]() == []
    assert script["FONTS"] == fonts.FONTS
    licence = (fonts.FONTS / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    for font in (fonts.SANS_FONT, fonts.SANS_ITALIC_FONT, fonts.SYMBOLS_FONT, fonts.EMOJI_FONT):
        assert font.is_file() and font.parent == fonts.FONTS


def test_a_changed_font_file_is_found(tmp_path: Path) -> None:
    script = runpy.run_path(str(ROOT / "scripts" / "vendor_fonts.py"))
    check = script["check"]
    folder = tmp_path / "fonts"
    folder.mkdir()
    for path in fonts.FONTS.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "NotoSans[wght].ttf").write_bytes(b"not the font")
    (folder / "Extra.ttf").write_bytes(b"")
    check.__globals__["FONTS"] = folder
    check.__globals__["RECORD"] = folder / "SOURCES.json"
    problems = check()
    assert any(p.startswith("NotoSans[wght].ttf: sha256 ") for p in problems)
    assert "Extra.ttf: not recorded" in problems
