"""``letter-book doctor``: what letter-book needs from the system, each found (with the version
read from it) or missing (with what needs it and how to install it on Debian/Ubuntu, Fedora and
macOS).

Standard library only, and Python 3.7 syntax: it runs as
``python3 src/letter_book/doctor.py`` before ``.venv`` exists (``make doctor``, and
``--require book`` before ``make install`` creates the venv), and tells a Python older than 3.11
that it is too old instead of failing on it.

Exit status: 0 when what ``make book`` needs is there (WeasyPrint counts when ``make install``
can still install it), 1 otherwise; with ``--require TARGET``, 1 when something TARGET needs is
missing, the only case that prints anything.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import ctypes.util
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from typing import TextIO

    Which = Callable[[str], str | None]
    """``shutil.which``: a program's path, or None."""
    Run = Callable[[Sequence[str]], tuple[int, str]]
    """Runs a command: its exit status and its output (stdout and stderr); raises OSError when
    it cannot start and ``subprocess.TimeoutExpired`` when it does not end in time."""
    Library = Callable[[Sequence[str], "str | None"], "tuple[str, str | None] | None"]
    """Loads the first of these library names that loads: the name, and what the named version
    function returns (None without one); None when none loads."""
    Package = Callable[[str], str | None]
    """The installed version of a Python distribution, or None."""
    Results = Sequence[tuple["Requirement", "Finding"]]
    """Each requirement with what its check found."""

MINIMUM_PYTHON = (3, 11)
MINIMUM_PANGO = (1, 44)  # WeasyPrint's documented minimum
TIMEOUT = 15.0  # seconds a program may take to print its version

OK, MISSING, OLD, BROKEN, LATER = "ok", "missing", "old", "broken", "later"
"""A finding's status. LATER: a Python package ``make install`` installs."""

BOOK, CHECK = "book", "check"
"""The make targets a requirement can be required by."""

OSES = ("debian", "ubuntu", "fedora", "macos")
OS_NAMES = {"debian": "Debian", "ubuntu": "Ubuntu", "fedora": "Fedora", "macos": "macOS"}

# The names WeasyPrint's text/ffi.py dlopens (through cffi: the name, then what
# ctypes.util.find_library makes of it). Those it loads without allow_fail are all required.
GOBJECT = (
    "libgobject-2.0-0", "gobject-2.0-0", "gobject-2.0",
    "libgobject-2.0.so.0", "libgobject-2.0.0.dylib", "libgobject-2.0-0.dll",
)  # fmt: skip
PANGO = (
    "libpango-1.0-0", "pango-1.0-0", "pango-1.0",
    "libpango-1.0.so.0", "libpango-1.0.dylib", "libpango-1.0-0.dll",
)  # fmt: skip
HARFBUZZ = (
    "libharfbuzz-0", "harfbuzz", "harfbuzz-0.0",
    "libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll",
)  # fmt: skip
FONTCONFIG = (
    "libfontconfig-1", "fontconfig-1", "fontconfig",
    "libfontconfig.so.1", "libfontconfig.1.dylib", "libfontconfig-1.dll",
)  # fmt: skip
PANGOFT2 = (
    "libpangoft2-1.0-0", "pangoft2-1.0-0", "pangoft2-1.0",
    "libpangoft2-1.0.so.0", "libpangoft2-1.0.dylib", "libpangoft2-1.0-0.dll",
)  # fmt: skip
HARFBUZZ_SUBSET = (
    "libharfbuzz-subset-0", "harfbuzz-subset", "harfbuzz-subset-0.0",
    "libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib", "libharfbuzz-subset-0.dll",
)  # fmt: skip
WEASYPRINT_LIBRARIES = (
    ("gobject-2.0", GOBJECT),
    ("pango-1.0", PANGO),
    ("harfbuzz", HARFBUZZ),
    ("fontconfig", FONTCONFIG),
    ("pangoft2-1.0", PANGOFT2),
)
BREW_LIBS = ("/opt/homebrew/lib", "/usr/local/lib")
"""Where Homebrew puts libraries (Apple silicon, Intel); the first is not where dyld looks."""

CHROMIUMS = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
)
ACE_CHROMIUM = "/usr/bin/chromium"
"""The Chromium ``letter-book check`` gives DAISY Ace unless told ``--chromium``."""


@dataclass(frozen=True)
class System:
    """What the checks look at; :func:`this_system` is the real one, tests make fakes."""

    which: Which
    run: Run
    library: Library
    package: Package
    ensurepip: Callable[[], str | None]
    """The pip version ensurepip would install (what ``python -m venv`` needs), or None."""
    python: tuple[int, int, int]
    executable: str
    platform: str
    """``sys.platform``."""
    os_release: str | None
    """The text of /etc/os-release, if any."""


@dataclass(frozen=True)
class Finding:
    """What a check found: a status, what was read (a version) or why not, and a hint."""

    status: str
    detail: str
    hint: str = ""

    @property
    def ok(self) -> bool:
        return self.status in (OK, LATER)


@dataclass(frozen=True)
class Packages:
    """The packages that install a requirement: apt (Debian, and Ubuntu unless ``ubuntu``
    differs), dnf (Fedora), Homebrew formulae and casks (macOS); notes by OS."""

    debian: tuple[str, ...]
    fedora: tuple[str, ...]
    brew: tuple[str, ...] = ()
    cask: tuple[str, ...] = ()
    ubuntu: tuple[str, ...] | None = None
    notes: tuple[tuple[str, str], ...] = ()

    def names(self, os_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The package names for ``os_id``, and the casks (macOS only)."""
        if os_id == "macos":
            return self.brew, self.cask
        if os_id == "fedora":
            return self.fedora, ()
        if os_id == "ubuntu" and self.ubuntu is not None:
            return self.ubuntu, ()
        return self.debian, ()

    def note(self, os_id: str) -> str:
        return dict(self.notes).get(os_id, "")


@dataclass(frozen=True)
class Requirement:
    """One thing letter-book needs from the system."""

    key: str
    name: str
    needed_by: str
    """What needs it, and what is lost without it: see :attr:`uses`."""
    targets: frozenset[str]
    """The make targets that cannot run without it (BOOK, CHECK); empty when optional."""
    detect: Callable[[System], Finding]
    packages: Packages | None
    """None for what ``make install`` installs."""

    @property
    def uses(self) -> str:
        """``needed by make book: ...`` (or make check), or ``optional: ...``."""
        if not self.targets:
            return f"optional: {self.needed_by}"
        targets = ", ".join(f"make {target}" for target in sorted(self.targets))
        return f"needed by {targets}: {self.needed_by}"

    @property
    def required(self) -> bool:
        """Whether ``make book`` needs it."""
        return BOOK in self.targets


# Detection.


def _version_tuple(text: str) -> tuple[int, ...]:
    found = re.match(r"\d+(?:\.\d+)*", text)
    return tuple(int(part) for part in found.group().split(".")) if found else ()


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else "no output"


def _python(system: System) -> Finding:
    version = ".".join(str(part) for part in system.python)
    where = f"({system.executable})"
    if system.python[:2] < MINIMUM_PYTHON:
        wanted = ".".join(str(part) for part in MINIMUM_PYTHON)
        return Finding(
            OLD,
            f"{version} {where} is older than {wanted}",
            "install a newer one (Debian 12, Ubuntu 24.04 and Fedora have one) and run make "
            "with it: make PYTHON=python3.12 book",
        )
    if system.ensurepip() is None:
        return Finding(
            MISSING,
            f"{version} {where} has no ensurepip: python3 -m venv cannot create .venv",
        )
    return Finding(OK, f"{version} with venv {where}")


def _brew_library(system: System, names: Sequence[str]) -> Finding | None:
    """On macOS, a library that is only in Homebrew's folder, where WeasyPrint does not look."""
    if system.platform != "darwin":
        return None
    dylibs = [name for name in names if name.endswith(".dylib")]
    for folder in BREW_LIBS:
        found = system.library([f"{folder}/{name}" for name in dylibs], None)
        if found is not None:
            return Finding(
                BROKEN,
                f"{found[0]} is there, but not where WeasyPrint looks",
                f"export DYLD_FALLBACK_LIBRARY_PATH={folder}",
            )
    return None


def _pango(system: System) -> Finding:
    version: str | None = None
    missing = []
    for label, names in WEASYPRINT_LIBRARIES:
        found = system.library(names, "pango_version_string" if names is PANGO else None)
        if found is None:
            missing.append((label, names))
        elif names is PANGO:
            version = found[1]
    for _, names in missing:
        brew = _brew_library(system, names)
        if brew is not None:
            return brew
    if missing:
        return Finding(
            MISSING,
            "cannot load "
            + ", ".join(f"lib{label}" for label, _ in missing)
            + " (WeasyPrint loads "
            + ", ".join(label for label, _ in WEASYPRINT_LIBRARIES)
            + ")",
        )
    if version is None:
        return Finding(OK, "found (its version could not be read)")
    if _version_tuple(version) < MINIMUM_PANGO:
        wanted = ".".join(str(part) for part in MINIMUM_PANGO)
        return Finding(OLD, f"{version} is older than the {wanted} WeasyPrint needs")
    return Finding(OK, version)


def _weasyprint(system: System) -> Finding:
    version = system.package("weasyprint")
    if version is None:
        return Finding(LATER, "not installed yet: make install installs it into .venv")
    return Finding(OK, version)


def _harfbuzz_subset(system: System) -> Finding:
    found = system.library(HARFBUZZ_SUBSET, None)
    if found is None:
        brew = _brew_library(system, HARFBUZZ_SUBSET)
        return brew or Finding(MISSING, "cannot load libharfbuzz-subset")
    harfbuzz = system.library(HARFBUZZ, "hb_version_string")
    if harfbuzz is not None and harfbuzz[1]:
        return Finding(OK, f"found, with HarfBuzz {harfbuzz[1]}")
    return Finding(OK, f"found ({found[0]})")


def _run(system: System, command: Sequence[str]) -> tuple[int, str] | str:
    """The exit status and output of ``command``, or why it did not run."""
    try:
        return system.run(command)
    except subprocess.TimeoutExpired:
        return f"{command[0]} {command[1]} did not finish in {TIMEOUT:g} s"
    except OSError as exc:
        return f"{command[0]} does not run: {exc.strerror or exc}"


def _program_version(system: System, path: str, option: str, pattern: str) -> Finding:
    """``path option``'s version, matched by ``pattern``'s first group."""
    result = _run(system, [path, option])
    if isinstance(result, str):
        return Finding(BROKEN, result)
    status, output = result
    if status != 0:
        return Finding(BROKEN, f"{path} {option} failed: {_first_line(output)}")
    found = re.search(pattern, output)
    if found is None:
        return Finding(BROKEN, f"{path} {option} printed no version: {_first_line(output)}")
    return Finding(OK, f"{found.group(1)} ({path})")


def _java(system: System) -> Finding:
    path = system.which("java")
    if path is None:
        return Finding(MISSING, "no java on the PATH")
    # java -version prints on standard error: 'openjdk version "17.0.15" 2025-04-15'.
    return _program_version(system, path, "-version", r'version "([^"]+)"')


def _node(system: System) -> Finding:
    node, npm = system.which("node"), system.which("npm")
    if node is None:
        return Finding(MISSING, "no node on the PATH" + ("" if npm else ", nor npm"))
    found = _program_version(system, node, "--version", r"v?(\d+(?:\.\d+)+)")
    if not found.ok:
        return found
    if npm is None:
        return Finding(MISSING, f"node {found.detail}, but no npm on the PATH")
    npm_found = _program_version(system, npm, "--version", r"(\d+(?:\.\d+)+)")
    if not npm_found.ok:
        return npm_found
    return Finding(OK, f"node {found.detail}, npm {npm_found.detail}")


def _chromium(system: System) -> Finding:
    failures = []
    for name in CHROMIUMS:
        path = system.which(name)
        if path is None:
            continue
        found = _program_version(system, path, "--version", r"(\d+(?:\.\d+)+)")
        if found.ok:
            hint = ""
            if os.path.realpath(path) != os.path.realpath(ACE_CHROMIUM):
                hint = f"make check gives Ace {ACE_CHROMIUM}; letter-book check --chromium {path!r}"
            return Finding(OK, found.detail, hint)
        failures.append(found.detail)
    if failures:
        return Finding(BROKEN, "; ".join(failures))
    names = ", ".join(name for name in CHROMIUMS if "/" not in name)
    return Finding(MISSING, f"none of {names} on the PATH")


REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(
        "python",
        "Python",
        "make install creates .venv with it (3.11 or later, with venv)",
        frozenset({BOOK, CHECK}),
        _python,
        Packages(("python3", "python3-venv"), ("python3",), brew=("python",)),
    ),
    Requirement(
        "pango",
        "Pango",
        "the PDF (WeasyPrint lays out its text with Pango)",
        frozenset({BOOK}),
        _pango,
        Packages(("libpango-1.0-0", "libpangoft2-1.0-0"), ("pango",), brew=("pango",)),
    ),
    Requirement(
        "weasyprint",
        "WeasyPrint",
        "the PDF (a Python package: make install puts it in .venv)",
        frozenset({BOOK}),
        _weasyprint,
        None,
    ),
    Requirement(
        "harfbuzz-subset",
        "HarfBuzz-Subset",
        "a faster PDF (WeasyPrint cuts the fonts with it; without it, with fontTools: "
        "the same PDF, more slowly, and a note)",
        frozenset(),
        _harfbuzz_subset,
        Packages(("libharfbuzz-subset0",), ("harfbuzz",), brew=("harfbuzz",)),
    ),
    Requirement(
        "java",
        "Java",
        "EPUBCheck runs on it",
        frozenset({CHECK}),
        _java,
        Packages(
            ("default-jre-headless",),
            ("java-latest-openjdk-headless",),
            brew=("openjdk",),
            notes=(("macos", "keg-only: link it as brew info openjdk says, for java to find it"),),
        ),
    ),
    Requirement(
        "node",
        "Node.js, npm",
        "npm installs DAISY Ace into .tools/, and Ace runs on Node.js",
        frozenset({CHECK}),
        _node,
        Packages(("nodejs", "npm"), ("nodejs", "npm"), brew=("node",)),
    ),
    Requirement(
        "chromium",
        "Chromium",
        "DAISY Ace runs in it; so do the browser tests of make test (skipped without it)",
        frozenset({CHECK}),
        _chromium,
        Packages(
            ("chromium",),
            ("chromium",),
            cask=("google-chrome",),
            ubuntu=("chromium-browser",),
            notes=(("ubuntu", "this package installs the Chromium snap"),),
        ),
    ),
)
BY_KEY = {requirement.key: requirement for requirement in REQUIREMENTS}


# The real system.


def run_command(command: Sequence[str], timeout: float = TIMEOUT) -> tuple[int, str]:
    """Runs ``command`` in its own session, killed with its children after ``timeout``."""
    process = subprocess.Popen(
        list(command),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        killpg = getattr(os, "killpg", None)
        try:
            if killpg is not None:
                killpg(process.pid, signal.SIGKILL)
            else:  # pragma: no cover - not POSIX
                process.kill()
        except OSError:
            pass
        # A child that left the session may still hold the pipe: do not wait for it.
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.communicate(timeout=2)
        raise
    return process.returncode, output.decode(errors="replace")


def load_library(names: Sequence[str], version: str | None) -> tuple[str, str | None] | None:
    """The first of ``names`` that loads, as cffi loads them for WeasyPrint (each name, then
    what ``ctypes.util.find_library`` makes of it), and what its function ``version`` returns.
    """

    def candidates() -> Iterable[str]:
        yield from names
        for name in names:
            if "/" not in name:
                path = ctypes.util.find_library(name)
                if path is not None:
                    yield path

    for candidate in candidates():
        try:
            library = ctypes.CDLL(candidate)
        except OSError:
            continue
        if version is None:
            return candidate, None
        try:
            function = getattr(library, version)
        except AttributeError:
            return candidate, None
        function.restype = ctypes.c_char_p
        function.argtypes = []
        text = function()
        return candidate, text.decode(errors="replace") if isinstance(text, bytes) else None
    return None


def package_version(name: str, venv: str | None = None) -> str | None:
    """The installed version of the Python distribution ``name``: in the virtual environment
    ``venv`` if it is given and has it, else where this Python finds it."""
    try:
        from importlib import metadata
    except ImportError:  # Python 3.7, which the Python check reports as too old
        return None

    if venv is not None:
        root = Path(venv)
        found = [*root.glob("lib/python3*/site-packages"), *root.glob("Lib/site-packages")]
        paths = [str(path) for path in found]
        for distribution in metadata.distributions(name=name, path=paths):
            return distribution.version
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def ensurepip_version() -> str | None:
    """The pip ``python -m venv`` would install; None without ensurepip (Debian and Ubuntu ship
    it in python3-venv)."""
    try:
        import ensurepip

        return str(ensurepip.version())
    except Exception:
        return None


def read_os_release() -> str | None:
    for path in ("/etc/os-release", "/usr/lib/os-release"):
        try:
            return Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
    return None


def this_system(venv: str | None = None) -> System:
    """The machine this runs on; Python packages are looked for in ``venv`` first if given."""
    return System(
        which=shutil.which,
        run=run_command,
        library=load_library,
        package=lambda name: package_version(name, venv),
        ensurepip=ensurepip_version,
        python=(sys.version_info[0], sys.version_info[1], sys.version_info[2]),
        executable=sys.executable or "python",
        platform=sys.platform,
        os_release=read_os_release(),
    )


# Operating systems and install lines.


def parse_os_release(text: str) -> dict[str, str]:
    """The fields of an os-release file (shell-style ``KEY=value`` lines)."""
    fields = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        try:
            words = shlex.split(value)
        except ValueError:
            words = [value.strip("\"'")]
        fields[key.strip()] = " ".join(words)
    return fields


def detect_os(os_release: str | None, platform: str) -> str | None:
    """The OS install lines are for: debian, ubuntu, fedora (from os-release's ID, then its
    ID_LIKE) or macos; None for others."""
    if platform == "darwin":
        return "macos"
    if not platform.startswith("linux") or not os_release:
        return None
    fields = parse_os_release(os_release)
    for candidate in [fields.get("ID", ""), *fields.get("ID_LIKE", "").split()]:
        if candidate.lower() in ("debian", "ubuntu", "fedora"):
            return candidate.lower()
    return None


def os_description(system: System) -> str:
    if system.platform == "darwin":
        return "macOS"
    fields = parse_os_release(system.os_release or "")
    return fields.get("PRETTY_NAME") or fields.get("NAME") or system.platform


def _unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


def install_line(os_id: str, requirements: Iterable[Requirement]) -> str:
    """One command installing the system packages of ``requirements`` on ``os_id``."""
    names: list[str] = []
    casks: list[str] = []
    for requirement in requirements:
        if requirement.packages is not None:
            formulae, more_casks = requirement.packages.names(os_id)
            names += formulae
            casks += more_casks
    names, casks = _unique(names), _unique(casks)
    if os_id == "macos":
        commands = []
        if names:
            commands.append("brew install " + " ".join(names))
        if casks:
            commands.append("brew install --cask " + " ".join(casks))
        return " && ".join(commands)
    if not names:
        return ""
    tool = "dnf" if os_id == "fedora" else "apt-get"
    return f"sudo {tool} install " + " ".join(names)


def install_lines(requirement: Requirement, os_id: str | None = None) -> list[tuple[str, str]]:
    """(label, command) for each OS, ``os_id``'s first, marked; Debian and Ubuntu are one line
    when their packages are the same."""
    packages = requirement.packages
    if packages is None:
        return []
    same = packages.ubuntu is None and not packages.note("ubuntu")
    groups = [("debian", "ubuntu"), ("fedora",), ("macos",)] if same else [(o,) for o in OSES]
    groups.sort(key=lambda group: os_id not in group)
    lines = []
    for group in groups:
        label = "/".join(OS_NAMES[o] for o in group)
        if os_id in group:
            label += " (this system)"
        command = install_line(group[0], [requirement])
        note = packages.note(group[0])
        lines.append((label, f"{command}  ({note})" if note else command))
    return lines


def missing_message(key: str, system: System | None = None) -> str:
    """One line for a requirement found missing at run time (``missing_message("pango")`` when
    WeasyPrint cannot load Pango): what needs it and how to install it on this OS."""
    requirement = BY_KEY[key]
    if system is None:
        os_id = detect_os(read_os_release(), sys.platform)
    else:
        os_id = detect_os(system.os_release, system.platform)
    text = f"{requirement.name} is missing, {requirement.uses}"
    if requirement.packages is None:
        return f"{text}. Run make install"
    if os_id is not None:
        line = install_line(os_id, [requirement])
    else:
        line = "; ".join(f"{label}: {command}" for label, command in install_lines(requirement))
    return f"{text}. Install it: {line} (make doctor checks every requirement)"


# The report.


def check(
    system: System, requirements: Sequence[Requirement] = REQUIREMENTS
) -> list[tuple[Requirement, Finding]]:
    """Each requirement with what its check found, in order."""
    return [(requirement, requirement.detect(system)) for requirement in requirements]


def ready(results: Results, target: str = BOOK) -> bool:
    """Whether what ``make target`` needs is there (or, for WeasyPrint, installable)."""
    return all(finding.ok for requirement, finding in results if target in requirement.targets)


def report(system: System, results: Results) -> str:
    """The full report: a line a requirement, what needs each one not found and its install
    lines, then whether ``make book`` and ``make check`` can run."""
    os_id = detect_os(system.os_release, system.platform)
    width = max(len(requirement.name) for requirement, _ in results) + 2
    indent = " " * (9 + width)
    where = os_description(system)
    if os_id is None:
        where += " (no install lines for it: the Debian or Fedora ones may guide you)"
    lines = [f"letter-book doctor on {where}", ""]
    for requirement, finding in results:
        lines.append(f"{finding.status:<8} {requirement.name:<{width}}{finding.detail}")
        if finding.hint:
            lines.append(f"{indent}{finding.hint}")
        if finding.status == OK:
            continue
        if finding.status == LATER:
            continue
        lines.append(f"{indent}{requirement.uses}")
        install = install_lines(requirement, os_id)
        label_width = max((len(label) for label, _ in install), default=0) + 2
        for label, command in install:
            lines.append(f"{indent}{label + ':':<{label_width}}{command}")
    lines.append("")
    for target in (BOOK, CHECK):
        lacking = [r for r, f in results if target in r.targets and not f.ok]
        if lacking:
            names = ", ".join(requirement.name for requirement in lacking)
            lines.append(f"make {target}: cannot run, missing {names}")
        else:
            lines.append(f"make {target}: ready")
    if os_id is not None:
        missing = [r for r, f in results if not f.ok]
        line = install_line(os_id, missing)
        if line:
            lines.append(f"All that is missing, in one line: {line}")
    return "\n".join(lines) + "\n"


def require(system: System, target: str, results: Results) -> str:
    """What ``make target`` lacks, with this OS's install line; empty when nothing."""
    lacking = [(r, f) for r, f in results if target in r.targets and not f.ok]
    if not lacking:
        return ""
    os_id = detect_os(system.os_release, system.platform)
    lines = [f"letter-book: make {target} needs what this system lacks:"]
    for requirement, finding in lacking:
        lines.append(f"  {requirement.name}: {finding.detail}")
        if finding.hint:
            lines.append(f"    {finding.hint}")
    installable = [r for r, f in lacking if r.packages is not None and f.status != OLD]
    if installable and os_id is not None:
        lines.append(f"Install: {install_line(os_id, installable)}")
    else:
        for requirement in installable:
            for label, command in install_lines(requirement):
                lines.append(f"Install {requirement.name} on {label}: {command}")
    lines.append("then run make again (make doctor lists every requirement)")
    return "\n".join(lines) + "\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``letter-book doctor`` (and of this file run as a script)."""
    parser.add_argument(
        "--require",
        choices=[BOOK, CHECK],
        help="print only what make TARGET lacks, with the install line for this system, and "
        "exit 1 if anything; print nothing and exit 0 otherwise",
    )
    parser.add_argument(
        "--venv",
        metavar="DIR",
        help="look for the Python packages (WeasyPrint) in this virtual environment too",
    )


def run(
    require_target: str | None = None,
    venv: str | None = None,
    system: System | None = None,
    out: TextIO | None = None,
) -> int:
    """Checks ``system`` (this machine by default), writes the report (or, for
    ``require_target``, what that target lacks, to standard error) and returns the exit status.
    """
    system = system or this_system(venv)
    results = check(system)
    if require_target is not None:
        text = require(system, require_target, results)
        (out or sys.stderr).write(text)
        return 1 if text else 0
    (out or sys.stdout).write(report(system, results))
    return 0 if ready(results) else 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="doctor.py",
        description="Check what letter-book needs from the system, and how to install it.",
    )
    add_arguments(parser)
    args = parser.parse_args(argv)
    return run(args.require, args.venv)


if __name__ == "__main__":
    sys.exit(main())
