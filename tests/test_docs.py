"""The documentation site: built with warnings as errors, its reference made from the code."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest

from letter_book import config as config_module
from letter_book.diagnostics import Code

from .conftest import ROOT

README_MAX_LINES = 150


@pytest.fixture(scope="module")
def docs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs")
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html"]
    done = subprocess.run(
        [*command, str(ROOT / "docs"), str(out)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def _text(page: Path) -> str:
    return re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))


@pytest.mark.sphinx
def test_the_reference_lists_every_configuration_key(docs_site: Path) -> None:
    text = _text(docs_site / "reference" / "configuration.html")
    for table, cls in config_module._TABLES.items():
        for field in dataclasses.fields(cls):
            assert f"{table}.{field.name}" in text, f"{table}.{field.name}"


@pytest.mark.sphinx
def test_the_reference_lists_every_warning_code(docs_site: Path) -> None:
    text = _text(docs_site / "reference" / "warnings.html")
    for code in Code:
        assert code.value in text, code


@pytest.mark.sphinx
def test_the_reference_shows_the_command_lines_help(docs_site: Path) -> None:
    text = _text(docs_site / "reference" / "cli.html")
    for command in ("init", "convert", "inspect", "build", "epub", "check", "doctor"):
        assert f"usage: letter-book {command}" in text, command


@pytest.mark.sphinx
def test_the_reference_lists_every_make_target(docs_site: Path) -> None:
    text = _text(docs_site / "reference" / "make-targets.html")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = re.findall(r"^([a-z-]+):.*## ", makefile, re.M)
    assert len(targets) >= 10
    for target in targets:
        assert f"make {target}" in text, target


def test_the_readme_is_a_front_door() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= README_MAX_LINES
    assert "make book" in readme and "make test" in readme and "letter-book init" in readme
    for link in re.findall(r"\]\((docs/[^)#]+)", readme):
        assert (ROOT / link).is_file(), link
