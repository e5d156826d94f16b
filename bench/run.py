"""Benchmark letter-book on generated archives; write the results as a Markdown table.

Usage: python bench/run.py [--sizes 50,250,1000] [--repeat 3] [--out bench/results.md]

For each size, an archive from bench/make_archive.py is converted and
built (HTML site, EPUB, PDF: one volume a year), then rebuilt after adding one
issue and after editing one. A baseline is built at the smaller sizes: the same
archive as naive chapters (each line an escaped paragraph, the first the title,
one flat toctree) with stock Sphinx and sphinx-book-theme. Every step runs as
its own process; its wall time and peak memory are recorded. Sizes under 1000
are repeated and the medians kept. Each run has a folder of its own, and all are
deleted at the end (see main).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAKE_ARCHIVE = ROOT / "bench" / "make_archive.py"
STEPS = ("convert", "html", "epub", "pdf")
CORES = os.cpu_count() or 1
JOBS = [n for n in (2**k for k in range(8)) if n < CORES]
"""The PDF's process counts measured beside the default (one a core): 1, 2, 4… below it."""
NOTES = "<!-- Below: notes written by hand, which bench/run.py keeps. -->"


ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""The steps' environment: Python caches the modules it compiles, as on a user's machine
(some CI machines turn that off, and every step would compile Sphinx again)."""


def run(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one command; it must succeed."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors, env=ENVIRONMENT
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if status != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(command)} failed:\n{errors.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024


def letter_book(*args: str) -> list[str]:
    return [sys.executable, "-m", "letter_book", *args]


def project(folder: Path, size: int) -> Path:
    subprocess.run(
        [sys.executable, str(MAKE_ARCHIVE), str(size), str(folder / "archive")], check=True
    )
    shutil.copy(ROOT / "conf.py", folder / "conf.py")
    (folder / "letter-book.toml").write_text(
        '[book]\ntitle = "Bench"\nlanguage = "fr"\n\n[pdf]\nvolumes = "year"\n', encoding="utf-8"
    )
    return folder


def full_build(folder: Path) -> dict[str, tuple[float, float]]:
    """Each step from nothing: the chapters; the site alone, as a user who builds only the
    site (no doctrees); the PDF in one process and in one a core, each from an empty build
    folder; then the EPUB and the site after it (which has read the chapters)."""
    shutil.rmtree(folder / "book", ignore_errors=True)
    results = {"convert": run(letter_book("convert"), folder)}
    pdfs = [(f"pdf jobs {n}", ("build", "pdf", "--jobs", str(n))) for n in JOBS]
    for name, command in (("html alone", ("build", "html")), *pdfs, ("pdf", ("build", "pdf"))):
        shutil.rmtree(folder / "build", ignore_errors=True)
        results[name] = run(letter_book(*command), folder)
    for output in ("epub", "html"):  # the site last: it links the others
        results[output] = run(letter_book("build", output), folder)
    return results


def rebuild(folder: Path) -> dict[str, tuple[float, float]]:
    """Convert, then build each output over the previous build."""
    results = {"convert": run(letter_book("convert"), folder)}
    for output in ("epub", "pdf", "html"):
        results[output] = run(letter_book("build", output), folder)
    return results


UP_TO_DATE = (
    "from pathlib import Path; from letter_book import cli; from letter_book.convert import inputs; "
    "from letter_book.config import load_config; config = load_config(); "
    "assert inputs.is_current(Path('book'), inputs.digest(config.archive_path, Path('book'), config))"
)
"""What `letter-book build` does first to find that the archive did not change: the
command's start (the CLI's imports) and the stamp's check, without a build after it."""


def up_to_date(folder: Path) -> dict[str, tuple[float, float]]:
    return {"stamp": run([sys.executable, "-c", UP_TO_DATE], folder)}


def add_issue(folder: Path) -> None:
    """This week's issue: a week after the latest, with the next number."""
    latest = sorted((folder / "archive").glob("*.txt"))[-1]
    day = dt.date.fromisoformat(latest.name[:10]) + dt.timedelta(weeks=1)
    lines = latest.read_text(encoding="utf-8").split("\n")
    lines[1] = re.sub(r"#(\d+)\s*$", lambda m: f"#{int(m.group(1)) + 1}", lines[1])
    (folder / "archive" / f"{day.isoformat()}-la-nouvelle.txt").write_text(
        "\n".join(lines), encoding="utf-8"
    )


def edit_issue(folder: Path) -> None:
    first = sorted((folder / "archive").glob("*.txt"))[0]
    lines = first.read_text(encoding="utf-8").split("\n")
    lines.insert(
        6, "Un paragraphe ajouté après coup, pour mesurer une reconstruction après une correction."
    )
    first.write_text("\n".join(lines), encoding="utf-8")


def baseline(folder: Path) -> float:
    """Stock Sphinx + sphinx-book-theme on naive chapters: one escaped paragraph a line."""
    from letter_book.writers.escape import escape

    source = folder / "naive"
    shutil.rmtree(source, ignore_errors=True)
    (source / "issues").mkdir(parents=True)
    names = []
    for path in sorted((folder / "archive").glob("*.txt")):
        lines = [
            line.strip() for line in path.read_text(encoding="utf-8").split("\n") if line.strip()
        ]
        body = "\n\n".join(escape(line) for line in lines[1:])
        (source / "issues" / f"{path.stem}.md").write_text(
            f"# {escape(lines[0])}\n\n{body}\n", encoding="utf-8"
        )
        names.append(f"issues/{path.stem}")
    toctree = "\n".join(names)
    (source / "index.md").write_text(
        f"# Bench\n\n```{{toctree}}\n{toctree}\n```\n", encoding="utf-8"
    )
    (source / "conf.py").write_text(
        'project = "Bench"\nextensions = ["myst_parser"]\nhtml_theme = "sphinx_book_theme"\nlanguage = "fr"\n',
        encoding="utf-8",
    )
    elapsed, _memory = run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-b",
            "html",
            str(source),
            str(folder / "naive-html"),
        ],
        folder,
    )
    return elapsed


def measure(size: int, repeat: int, with_baseline: bool, root: Path) -> dict[str, float]:
    """Each run in its own new folder under ``root``, which the caller deletes at the end."""
    samples: dict[str, list[float]] = {}

    def keep(prefix: str, results: dict[str, tuple[float, float]]) -> None:
        for step, (seconds, memory) in results.items():
            samples.setdefault(f"{prefix} {step}", []).append(seconds)
            samples.setdefault("peak MB", []).append(memory)

    for run_number in range(repeat):
        folder = root / f"{size}-{run_number}"
        folder.mkdir()
        project(folder, size)
        keep("full", full_build(folder))
        keep("unchanged", up_to_date(folder))
        add_issue(folder)
        keep("add", rebuild(folder))
        add_issue(folder)  # and the next week's, as a user builds it: one command
        keep("add", {"build": run(letter_book("build"), folder)})
        edit_issue(folder)
        keep("edit", rebuild(folder))
        if with_baseline:
            samples.setdefault("baseline html", []).append(baseline(folder))
    result = {name: statistics.median(values) for name, values in samples.items()}
    result["peak MB"] = max(samples["peak MB"])
    return result


def table(results: dict[int, dict[str, float]], repeat: int) -> str:
    sizes = sorted(results)
    rows = [
        "full convert", "full html alone", "full html", "full epub",
        *(f"full pdf jobs {n}" for n in JOBS), "full pdf",
        "add convert", "add html", "add epub", "add pdf", "add build",
        "edit convert", "edit html", "edit epub", "edit pdf",
        "unchanged stamp", "baseline html", "peak MB",
    ]  # fmt: skip
    lines = [
        "# letter-book benchmark",
        "",
        f"Generated archives (`bench/make_archive.py`), {platform.machine()}, "
        f"{CORES} cores, Python {platform.python_version()}. Seconds of wall time "
        f"(medians of {repeat} runs below 1000 issues; one run at 1000), peak memory of the "
        "largest step. `full html alone`: the site from nothing, as a user who builds only "
        "the site; `full html`: after the EPUB and the PDF have read the chapters. "
        "`full pdf jobs N`: in N processes; `full pdf`: one process a core. "
        "`add`/`edit`: convert and rebuild after adding / editing one issue; `add build`: "
        "the next issue, by one `letter-book build` (convert and all outputs). "
        "`unchanged stamp`: what `letter-book build` takes to find that nothing changed "
        "(the command's start and the check of the inputs' stamp). "
        "`baseline html`: stock Sphinx + sphinx-book-theme on naive chapters.",
        "",
        "| step | " + " | ".join(f"{n} issues" for n in sizes) + " |",
        "| --- |" + " --- |" * len(sizes),
    ]
    for row in rows:
        digits = 2 if row == "unchanged stamp" else 1
        cells = [f"{results[n][row]:.{digits}f}" if row in results[n] else "—" for n in sizes]
        lines.append(f"| {row} | " + " | ".join(cells) + " |")
    lines += ["", "Derived:", ""]
    for n in sizes:
        r = results[n]
        total = r["full html"] + r["full epub"] + r["full pdf"]
        added = r["add convert"] + r["add html"] + r["add epub"] + r["add pdf"]
        lines.append(
            f"- {n} issues: all three outputs {total:.1f} s; adding one issue {added:.1f} s "
            f"({100 * added / (total + r['full convert']):.1f} % of a full build); "
            f"convert {n / r['full convert']:.0f} issues/s"
        )
        one = r["full pdf jobs 1"] if JOBS else r["full pdf"]
        speedups = [(n, r[f"full pdf jobs {n}"]) for n in JOBS] + [(CORES, r["full pdf"])]
        lines.append(
            f"  - PDF: one process a core / one process {r['full pdf'] / one:.2f}; speedup "
            + ", ".join(f"{n} job{'s' * (n > 1)} {one / seconds:.2f}" for n, seconds in speedups)
        )
        if "baseline html" in r:
            alone, after = r["full html alone"], r["full html"]
            lines.append(
                f"  - HTML site / baseline: {alone / r['baseline html']:.2f} from nothing, "
                f"{after / r['baseline html']:.2f} after the EPUB and the PDF"
            )
    if 250 in results and 1000 in results:
        ratio = sum(results[1000][f"full {s}"] for s in STEPS[1:]) / sum(
            results[250][f"full {s}"] for s in STEPS[1:]
        )
        lines.append(f"- 1000 / 250 issues, all three outputs: {ratio:.2f} times")
    return "\n".join(lines) + "\n"


def write(out: Path, generated: str) -> None:
    """The generated table, then whatever follows the notes marker in the file today."""
    before = out.read_text(encoding="utf-8") if out.exists() else ""
    notes = before[before.index(NOTES) :] if NOTES in before else NOTES + "\n"
    out.write_text(generated + "\n" + notes, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,250,1000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    args = parser.parse_args()
    results = {}
    # Every run's files are deleted at the end, not between runs: on this machine's ext4
    # (no journal), a file created within a minute or so of thousands being deleted waits while
    # the allocator passes over their inodes (up to 0.8 ms a file), which the next run's
    # steps would pay.
    with tempfile.TemporaryDirectory(prefix="letter-book-bench-") as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            repeat = args.repeat if size < 1000 else 1
            results[size] = measure(size, repeat, with_baseline=size <= 250, root=Path(tmp))
            print(f"{size} issues: {results[size]}", flush=True)
            write(args.out, table(results, args.repeat))
    print(args.out)


if __name__ == "__main__":
    main()
