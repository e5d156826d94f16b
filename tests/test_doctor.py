"""letter_book.doctor: detection through an injected System (fake programs, libraries and
packages), the report and --require, OS detection, and the file run by a bare Python."""

from __future__ import annotations

import ast
import io
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

import pytest

from letter_book import doctor
from letter_book.doctor import BROKEN, LATER, MISSING, OK, OLD, System

DOCTOR = Path(doctor.__file__)

DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nID=debian\n'
UBUNTU = 'PRETTY_NAME="Ubuntu 24.04 LTS"\nID=ubuntu\nID_LIKE=debian\n'
MINT = 'NAME="Linux Mint"\nID=linuxmint\nID_LIKE="ubuntu debian"\n'
RASPBIAN = "ID=raspbian\nID_LIKE=debian\n"
FEDORA = "NAME=\"Fedora Linux\"\nID=fedora\nPRETTY_NAME='Fedora Linux 41 (Workstation Edition)'\n"
ROCKY = 'ID="rocky"\nID_LIKE="rhel centos fedora"\n'
ARCH = 'NAME="Arch Linux"\nPRETTY_NAME="Arch Linux"\nID=arch\n'

LIBRARIES: dict[str, str | None] = {
    "libgobject-2.0.so.0": None,
    "libpango-1.0.so.0": "1.50.12",
    "libharfbuzz.so.0": "6.0.0",
    "libfontconfig.so.1": None,
    "libpangoft2-1.0.so.0": None,
    "libharfbuzz-subset.so.0": None,
}
"""What a fake system loads: name -> what its version function returns."""

Outcome = tuple[int, str] | BaseException
PROGRAMS: dict[str, tuple[str, Outcome]] = {
    "java": ("/usr/bin/java", (0, 'openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime\n')),
    "node": ("/usr/bin/node", (0, "v20.20.2\n")),
    "npm": ("/usr/bin/npm", (0, "11.19.1\n")),
    "chromium": ("/usr/bin/chromium", (0, "Chromium 150.0.7871.100 built on Debian 12\n")),
}
"""What a fake system's PATH has: name -> (path, what running it gives, or raises)."""


def fake_system(
    *,
    libraries: Mapping[str, str | None] = LIBRARIES,
    programs: Mapping[str, tuple[str, Outcome]] = PROGRAMS,
    packages: Mapping[str, str] | None = None,
    ensurepip: str | None = "23.0.1",
    python: tuple[int, int, int] = (3, 11, 7),
    platform: str = "linux",
    os_release: str | None = DEBIAN,
    which: Callable[[str], str | None] | None = None,
    run: Callable[[Sequence[str]], tuple[int, str]] | None = None,
) -> System:
    """A system with everything by default; each argument takes some away or changes it."""
    outcomes = dict(programs.values())

    def fake_which(name: str) -> str | None:
        return programs[name][0] if name in programs else None

    def fake_run(command: Sequence[str]) -> tuple[int, str]:
        outcome = outcomes[command[0]]
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def fake_library(names: Sequence[str], symbol: str | None) -> tuple[str, str | None] | None:
        for name in names:
            if name in libraries:
                return name, libraries[name] if symbol else None
        return None

    installed = {"weasyprint": "70.0"} if packages is None else packages
    return System(
        which=which or fake_which,
        run=run or fake_run,
        library=fake_library,
        package=installed.get,
        ensurepip=lambda: ensurepip,
        python=python,
        executable="/usr/bin/python3",
        platform=platform,
        os_release=os_release,
    )


V = TypeVar("V")


def without(mapping: Mapping[str, V], *keys: str) -> dict[str, V]:
    return {key: value for key, value in mapping.items() if key not in keys}


def doctor_run(system: System, require: str | None = None) -> tuple[int, str]:
    out = io.StringIO()
    status = doctor.run(require, system=system, out=out)
    return status, out.getvalue()


def finding(system: System, key: str) -> doctor.Finding:
    return doctor.BY_KEY[key].detect(system)


def line_of(text: str, start: str) -> str:
    lines = [line for line in text.splitlines() if line.startswith(start)]
    assert lines, f"no line starting {start!r} in:\n{text}"
    return lines[0]


# The report and its exit status.


def test_all_present_exits_0_and_lists_each_with_its_version() -> None:
    status, text = doctor_run(fake_system())
    assert status == 0
    assert line_of(text, "ok       Python").endswith("3.11.7 with venv (/usr/bin/python3)")
    assert line_of(text, "ok       Pango").endswith(" 1.50.12")
    assert line_of(text, "ok       WeasyPrint").endswith(" 70.0")
    assert line_of(text, "ok       HarfBuzz-Subset").endswith("found, with HarfBuzz 6.0.0")
    assert line_of(text, "ok       Java").endswith(" 17.0.15 (/usr/bin/java)")
    assert line_of(text, "ok       Node.js, npm").endswith(
        "node 20.20.2 (/usr/bin/node), npm 11.19.1 (/usr/bin/npm)"
    )
    assert line_of(text, "ok       Chromium").endswith(" 150.0.7871.100 (/usr/bin/chromium)")
    assert "make book: ready" in text
    assert "make check: ready" in text
    assert "missing" not in text
    assert "install" not in text.lower().replace("make install", "")


def test_a_missing_required_library_exits_1_with_the_install_lines_this_os_first() -> None:
    system = fake_system(libraries=without(LIBRARIES, "libpangoft2-1.0.so.0"))
    status, text = doctor_run(system)
    assert status == 1
    assert "cannot load libpangoft2-1.0 (WeasyPrint loads gobject-2.0, pango-1.0" in line_of(
        text, "missing  Pango"
    )
    lines = text.splitlines()
    after = lines[lines.index(line_of(text, "missing  Pango")) + 1 :][:4]
    assert after[0].strip() == (
        "needed by make book: the PDF (WeasyPrint lays out its text with Pango)"
    )
    assert [line.split(":", 1)[0].strip() for line in after[1:]] == [
        "Debian/Ubuntu (this system)",
        "Fedora",
        "macOS",
    ]
    assert after[1].endswith("sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0")
    assert after[2].endswith("sudo dnf install pango")
    assert after[3].endswith("brew install pango")
    assert "make book: cannot run, missing Pango" in text
    assert "All that is missing, in one line: sudo apt-get install libpango-1.0-0" in text


def test_the_running_os_line_comes_first_and_marked() -> None:
    system = fake_system(programs=without(PROGRAMS, "chromium"), os_release=FEDORA)
    _, text = doctor_run(system)
    assert "letter-book doctor on Fedora Linux 41 (Workstation Edition)" in text
    labels = [line.split(":", 1)[0].strip() for line in text.splitlines() if "install" in line]
    assert labels[:4] == ["Fedora (this system)", "Debian", "Ubuntu", "macOS"]
    assert "sudo apt-get install chromium-browser  (this package installs the Chromium snap)" in (
        text
    )
    assert "brew install --cask google-chrome" in text
    assert "All that is missing, in one line: sudo dnf install chromium" in text


def test_optional_items_missing_still_exit_0() -> None:
    system = fake_system(
        libraries=without(LIBRARIES, "libharfbuzz-subset.so.0"),
        programs={},
    )
    status, text = doctor_run(system)
    assert status == 0
    assert "make book: ready" in text
    assert "make check: cannot run, missing Java, Node.js, npm, Chromium" in text
    assert "optional: a faster PDF" in text
    assert (
        "All that is missing, in one line: sudo apt-get install libharfbuzz-subset0 "
        "default-jre-headless nodejs npm chromium"
    ) in text


def test_weasyprint_not_installed_yet_counts_as_installable() -> None:
    status, text = doctor_run(fake_system(packages={}))
    assert status == 0
    assert line_of(text, "later    WeasyPrint").endswith(
        "not installed yet: make install installs it into .venv"
    )
    assert "make book: ready" in text


def test_an_unknown_os_gets_every_line_and_none_marked() -> None:
    system = fake_system(libraries={}, os_release=ARCH)
    status, text = doctor_run(system)
    assert status == 1
    assert "letter-book doctor on Arch Linux (no install lines for it" in text
    assert "(this system)" not in text
    assert "All that is missing" not in text
    assert "Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0" in text


# --require.


def test_require_book_is_silent_and_0_when_satisfied() -> None:
    # Chromium and HarfBuzz-Subset missing, WeasyPrint not installed: make book can still run.
    system = fake_system(
        libraries=without(LIBRARIES, "libharfbuzz-subset.so.0"),
        programs=without(PROGRAMS, "chromium"),
        packages={},
    )
    assert doctor_run(system, "book") == (0, "")


def test_require_book_prints_the_missing_with_this_os_install_line() -> None:
    system = fake_system(
        libraries=without(LIBRARIES, "libpango-1.0.so.0"), ensurepip=None, os_release=UBUNTU
    )
    status, text = doctor_run(system, "book")
    assert status == 1
    assert text.splitlines() == [
        "letter-book: make book needs what this system lacks:",
        "  Python: 3.11.7 (/usr/bin/python3) has no ensurepip: python3 -m venv cannot create .venv",
        "  Pango: cannot load libpango-1.0 (WeasyPrint loads gobject-2.0, pango-1.0, harfbuzz, "
        "fontconfig, pangoft2-1.0)",
        "Install: sudo apt-get install python3 python3-venv libpango-1.0-0 libpangoft2-1.0-0",
        "then run make again (make doctor lists every requirement)",
    ]


def test_require_on_macos_and_on_an_unknown_os() -> None:
    system = fake_system(libraries={}, platform="darwin", os_release=None)
    assert "Install: brew install pango" in doctor_run(system, "book")[1]
    system = fake_system(libraries={}, os_release=None)
    text = doctor_run(system, "book")[1]
    assert "Install Pango on Debian/Ubuntu: sudo apt-get install libpango-1.0-0" in text
    assert "Install Pango on Fedora: sudo dnf install pango" in text
    assert "Install Pango on macOS: brew install pango" in text


def test_require_check_names_what_make_check_lacks() -> None:
    system = fake_system(programs=without(PROGRAMS, "java", "chromium"))
    status, text = doctor_run(system, "check")
    assert status == 1
    assert "Install: sudo apt-get install default-jre-headless chromium" in text
    assert doctor_run(fake_system(), "check") == (0, "")


def test_an_old_python_gets_advice_rather_than_a_package() -> None:
    system = fake_system(python=(3, 9, 2))
    found = finding(system, "python")
    assert found.status == OLD
    assert found.detail == "3.9.2 (/usr/bin/python3) is older than 3.11"
    status, text = doctor_run(system, "book")
    assert status == 1
    assert "make PYTHON=python3.12 book" in text
    assert "Install:" not in text


# Each check.


def test_pango_older_than_weasyprint_needs() -> None:
    system = fake_system(libraries={**LIBRARIES, "libpango-1.0.so.0": "1.42.4"})
    found = finding(system, "pango")
    assert (found.status, found.detail) == (OLD, "1.42.4 is older than the 1.44 WeasyPrint needs")
    assert doctor_run(system)[0] == 1


def test_pango_whose_version_cannot_be_read_is_not_given_one() -> None:
    found = finding(fake_system(libraries={**LIBRARIES, "libpango-1.0.so.0": None}), "pango")
    assert (found.status, found.detail) == (OK, "found (its version could not be read)")


def test_macos_library_only_in_homebrew_folder() -> None:
    libraries = {
        f"/opt/homebrew/lib/{name}": None
        for name in ("libpango-1.0.dylib", "libharfbuzz-subset.0.dylib")
    }
    system = fake_system(libraries=libraries, platform="darwin", os_release=None)
    for key in ("pango", "harfbuzz-subset"):
        found = finding(system, key)
        assert found.status == BROKEN
        assert "is there, but not where WeasyPrint looks" in found.detail
        assert found.hint == "export DYLD_FALLBACK_LIBRARY_PATH=/opt/homebrew/lib"


def test_java_version_is_read_from_its_output_and_a_stub_is_broken() -> None:
    programs = {**PROGRAMS, "java": ("/usr/bin/java", (0, 'java version "1.8.0_292"\n'))}
    assert finding(fake_system(programs=programs), "java").detail == "1.8.0_292 (/usr/bin/java)"
    stub = (1, "The operation couldn't be completed. Unable to locate a Java Runtime.\n")
    found = finding(fake_system(programs={**PROGRAMS, "java": ("/usr/bin/java", stub)}), "java")
    assert found.status == BROKEN
    assert found.detail == (
        "/usr/bin/java -version failed: The operation couldn't be completed. "
        "Unable to locate a Java Runtime."
    )
    found = finding(fake_system(programs=without(PROGRAMS, "java")), "java")
    assert (found.status, found.detail) == (MISSING, "no java on the PATH")


def test_node_without_npm() -> None:
    found = finding(fake_system(programs=without(PROGRAMS, "npm")), "node")
    assert (found.status, found.detail) == (
        MISSING,
        "node 20.20.2 (/usr/bin/node), but no npm on the PATH",
    )


def test_chromium_that_cannot_run_or_hangs_is_broken_and_the_next_one_is_tried() -> None:
    denied = PermissionError(13, "Permission denied")
    programs = {**PROGRAMS, "chromium": ("/usr/bin/chromium", denied)}
    found = finding(fake_system(programs=programs), "chromium")
    assert (found.status, found.detail) == (
        BROKEN,
        "/usr/bin/chromium does not run: Permission denied",
    )
    hung = subprocess.TimeoutExpired(["chromium", "--version"], 15)
    programs = {
        **PROGRAMS,
        "chromium": ("/usr/bin/chromium", hung),
        "google-chrome": ("/opt/google/chrome/chrome", (0, "Google Chrome 126.0.6478.126\n")),
    }
    found = finding(fake_system(programs=programs), "chromium")
    assert found.status == OK
    assert found.detail == "126.0.6478.126 (/opt/google/chrome/chrome)"
    assert found.hint == (
        "make check gives Ace /usr/bin/chromium; "
        "letter-book check --chromium '/opt/google/chrome/chrome'"
    )
    snap_stub = (1, "Command '/usr/bin/chromium-browser' requires the chromium snap.\n")
    programs = {"chromium-browser": ("/usr/bin/chromium-browser", snap_stub)}
    found = finding(fake_system(programs=programs), "chromium")
    assert found.status == BROKEN
    assert "requires the chromium snap" in found.detail


def test_a_dev_null_in_chromiums_place_is_broken_not_a_crash() -> None:
    # A file that exists but is no program (/dev/null bind-mounted over it), run for real.
    system = fake_system(
        which=lambda name: "/dev/null" if name == "chromium" else None, run=doctor.run_command
    )
    found = finding(system, "chromium")
    assert found.status == BROKEN
    assert found.detail.startswith("/dev/null does not run: ")


def test_run_command_reads_stderr_and_kills_what_outlives_its_timeout() -> None:
    assert doctor.run_command(["sh", "-c", "echo out; echo err >&2; exit 3"]) == (3, "out\nerr\n")
    start = time.monotonic()
    with pytest.raises(subprocess.TimeoutExpired):
        # The background sleep holds the pipe: the whole session must be killed.
        doctor.run_command(["sh", "-c", "sleep 30 & sleep 30"], timeout=0.5)
    assert time.monotonic() - start < 5


def test_missing_message_for_the_pdf_step() -> None:
    assert doctor.missing_message("pango", fake_system(os_release=FEDORA)) == (
        "Pango is missing, needed by make book: the PDF (WeasyPrint lays out its text with "
        "Pango). Install it: sudo dnf install pango (make doctor checks every requirement)"
    )
    unknown = doctor.missing_message("pango", fake_system(os_release=ARCH))
    assert "Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0" in unknown
    assert "; Fedora: sudo dnf install pango; macOS: brew install pango" in unknown
    assert doctor.missing_message("weasyprint", fake_system()).endswith(". Run make install")
    assert doctor.missing_message("pango").startswith("Pango is missing")  # this machine's OS


def test_the_quick_start_lines() -> None:
    every = doctor.REQUIREMENTS
    assert doctor.install_line("debian", every) == (
        "sudo apt-get install python3 python3-venv libpango-1.0-0 libpangoft2-1.0-0 "
        "libharfbuzz-subset0 default-jre-headless nodejs npm chromium"
    )
    assert doctor.install_line("ubuntu", every).endswith(" nodejs npm chromium-browser")
    assert doctor.install_line("fedora", every) == (
        "sudo dnf install python3 pango harfbuzz java-latest-openjdk-headless nodejs npm chromium"
    )
    assert doctor.install_line("macos", every) == (
        "brew install python pango harfbuzz openjdk node && brew install --cask google-chrome"
    )


# OS detection.


@pytest.mark.parametrize(
    ("os_release", "platform", "expected"),
    [
        (DEBIAN, "linux", "debian"),
        (UBUNTU, "linux", "ubuntu"),
        (MINT, "linux", "ubuntu"),
        (RASPBIAN, "linux", "debian"),
        (FEDORA, "linux", "fedora"),
        (ROCKY, "linux", "fedora"),
        (ARCH, "linux", None),
        ("", "linux", None),
        (None, "linux", None),
        (None, "darwin", "macos"),
        (DEBIAN, "win32", None),
    ],
)
def test_detect_os(os_release: str | None, platform: str, expected: str | None) -> None:
    assert doctor.detect_os(os_release, platform) == expected


def test_parse_os_release_unquotes_and_skips_comments() -> None:
    text = "# a comment\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID_LIKE='rhel fedora'\nX\n"
    assert doctor.parse_os_release(text) == {
        "PRETTY_NAME": "Debian GNU/Linux 12 (bookworm)",
        "ID_LIKE": "rhel fedora",
    }


# This machine, and the file run as a script.


def test_this_machine_is_checked_without_error() -> None:
    results = doctor.check(doctor.this_system())
    statuses = {requirement.key: found.status for requirement, found in results}
    assert set(statuses.values()) <= {OK, MISSING, OLD, BROKEN, LATER}
    assert statuses["python"] == OK  # the tests run on Python 3.11 or later, which has venv
    assert statuses["weasyprint"] == OK  # a dependency: installed wherever the tests run
    text = doctor.report(doctor.this_system(), results)
    assert text.count("\n") >= len(doctor.REQUIREMENTS) + 4


def test_weasyprint_is_found_in_a_given_venv() -> None:
    venv = Path(sys.prefix)
    if venv == Path(sys.base_prefix):
        pytest.skip("the tests do not run in a virtual environment")
    assert doctor.package_version("weasyprint", str(venv)) is not None
    assert doctor.package_version("no-such-distribution-here", str(venv)) is None


def test_the_script_runs_on_the_standard_library_alone() -> None:
    # -I: isolated; -S: no site module, so no site-packages: only the standard library.
    expected = 0 if doctor.ready(doctor.check(doctor.this_system())) else 1
    done = subprocess.run(
        [sys.executable, "-I", "-S", str(DOCTOR)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == expected, done.stderr
    assert done.stderr == ""
    assert done.stdout.startswith("letter-book doctor on ")
    assert "later    WeasyPrint       not installed yet" in done.stdout
    done = subprocess.run(
        [sys.executable, "-I", str(DOCTOR), "--require", "book"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stdout) == (expected, "")
    assert (done.stderr == "") == (expected == 0)


PYENV = Path("~/.pyenv/versions").expanduser()
OLD_PYTHONS = sorted(
    {
        *(str(path) for path in PYENV.glob("3.[789].*/bin/python3")),
        *(str(path) for path in PYENV.glob("3.10.*/bin/python3")),
        *(str(path) for path in Path("/usr/bin").glob("python3.[789]")),
        *(str(path) for path in Path("/usr/bin").glob("python3.10")),
    }
)


@pytest.mark.skipif(not OLD_PYTHONS, reason="no Python 3.7 to 3.10 on this machine")
@pytest.mark.parametrize("python", OLD_PYTHONS)
def test_an_old_python_runs_the_script_and_is_told_it_is_old(python: str) -> None:
    done = subprocess.run(
        [python, "-I", str(DOCTOR), "--require", "book"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "is older than 3.11" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_source_parses_as_python_3_7() -> None:
    ast.parse(DOCTOR.read_text(encoding="utf-8"), feature_version=(3, 7))


def test_no_module_beside_it_shadows_the_standard_library() -> None:
    # Run as a script, its folder comes first on sys.path.
    names = {path.stem for path in DOCTOR.parent.iterdir() if path.suffix == ".py" or path.is_dir()}
    assert not names & set(sys.stdlib_module_names) - {"__main__", "__init__"}
