"""The suite, the benchmark and CI need nothing beside the checkout.

The team once kept samples, fixtures and the archive generator in a reference
folder next to the repository, which a user's clone does not have. They are in
the repository now (tests/data, bench/make_archive.py); these tests keep any
path to that sibling folder from coming back.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from . import conftest
from .conftest import ROOT

SIBLING = "shared"
"""The reference folder's name. The patterns below are built from it, so that this file's
own text does not match them."""
SCANNED = ["tests", "bench", ".ci", "scripts", ".github", "src", "Makefile", "conf.py"]
"""What runs the tests, the benchmark, CI or the book. (Not the prose documentation.)"""
GENERATED = {"__pycache__", "letter_book.egg-info"}
"""Folders the tools make in the scanned ones (the egg-info holds a copy of the README)."""
QUOTED = f"[\"']{SIBLING}[\"']"
SIBLING_PATHS = [
    # ../<sibling> or ..\<sibling>, in a string, a shell line or a message
    re.compile(rf"\.\.[/\\]+{SIBLING}\b", re.IGNORECASE),
    # ROOT.parent / "<sibling>", Path(...).parent.joinpath("<sibling>"), and the reverse order
    re.compile(rf"\bparent\b.*{QUOTED}|{QUOTED}.*\bparent\b", re.IGNORECASE),
    # os.path.join(root, "..", "<sibling>")
    re.compile(rf"[\"']\.\.[\"']\s*,\s*{QUOTED}", re.IGNORECASE),
]


def sibling_references(text: str) -> list[tuple[int, str]]:
    """The (line number, line) of each reference in ``text`` to the folder beside the checkout."""
    return [
        (n, line.strip())
        for n, line in enumerate(text.splitlines(), start=1)
        if any(pattern.search(line) for pattern in SIBLING_PATHS)
    ]


def scanned_files() -> list[Path]:
    files = []
    for name in SCANNED:
        path = ROOT / name
        candidates = sorted(path.rglob("*")) if path.is_dir() else [path]
        files += [p for p in candidates if p.is_file() and not GENERATED & set(p.parts)]
    return files


@pytest.mark.parametrize(
    "line",
    [
        f'SHARED = ROOT.parent / "{SIBLING}"',
        f"MAKE_ARCHIVE = Path(__file__).parent.parent.parent / '{SIBLING}' / 'bench'",
        f'folder = "{SIBLING}"  # the parent folder',
        f"python ../{SIBLING}/bench/make_archive.py 50 archive",
        f'reason="..\\{SIBLING} is not beside the checkout"',
        f'os.path.join(ROOT, "..", "{SIBLING}", "samples")',
    ],
)
def test_a_reference_to_the_sibling_folder_is_found(line: str) -> None:
    assert sibling_references(f"import os\n{line}\n") == [(2, line)]


@pytest.mark.parametrize(
    "line",
    [
        'shared, site = project / "shared-doctrees", project / "over-xhtml"',
        "Sphinx's parsed chapters (shared by the site and the EPUB)",
        "def test_without_a_base_url_nothing_is_shared(sample_site: Path) -> None:",
        "nested items follow their parent, marked so they read as such",
    ],
)
def test_shared_as_a_word_is_not_a_reference(line: str) -> None:
    assert sibling_references(line) == []


def test_nothing_refers_to_the_folder_beside_the_checkout() -> None:
    files = scanned_files()
    names = {p.relative_to(ROOT).as_posix() for p in files}
    # The scan reads what it should (this file included), not an empty list.
    assert {"tests/conftest.py", "tests/test_self_contained.py", "bench/run.py", ".ci/run"} <= names
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line}"
        for path in files
        for n, line in sibling_references(path.read_bytes().decode("utf-8", errors="replace"))
    ]
    assert found == []


def test_the_test_data_is_in_the_checkout() -> None:
    paths = {name: value for name, value in vars(conftest).items() if isinstance(value, Path)}
    assert {"ARCHIVE", "DATA", "SAMPLES", "FIXTURES", "MAKE_ARCHIVE"} <= paths.keys()
    for name, path in paths.items():
        assert path.is_relative_to(ROOT), name
    for name in ("ARCHIVE", "GOLDEN", "SAMPLES", "FIXTURES"):
        assert any(paths[name].iterdir()), name
    assert paths["MAKE_ARCHIVE"].is_file()


def test_test_modules_import_no_other_test_module() -> None:
    """Shared helpers live in conftest.py and helpers.py (see helpers.py for why)."""
    imports = re.compile(
        r"^\s*(?:from\s+(?:tests)?\.?test_\w+|import\s+(?:tests\.)?test_\w+"
        r"|from\s+(?:tests|\.)\s+import\s+.*\btest_\w+)",
        re.MULTILINE,
    )
    found = [
        f"{path.name}: {match.group(0).strip()}"
        for path in sorted((ROOT / "tests").glob("*.py"))
        for match in imports.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
