"""The command line: ``letter-book init | convert | inspect | build | epub | check | doctor``.

Exit status: 0 success, 1 failure (or warnings under ``--strict``), 2 usage error.
Warnings go to standard error as ``path:line: message [letter_book.code]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import sys
from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path

from letter_book import __version__, doctor, progress
from letter_book.config import CONFIG_FILE, Config, known_language, load_config
from letter_book.convert import REPORT_TEXT, convert, inputs
from letter_book.convert.archive import (
    Archive,
    Skipped,
    read_archive,
    read_collection,
    read_single,
)
from letter_book.convert.dump import issue_json
from letter_book.convert.report import summary
from letter_book.diagnostics import Diagnostic, shown
from letter_book.errors import LetterBookError, StrictModeError
from letter_book.model import Issue
from letter_book.publish.build import (
    TARGETS,
    build_all,
    build_epub,
    build_html,
    build_pdf,
    build_print,
)
from letter_book.readers import identify
from letter_book.scaffold.project import Settings, init_project, is_local
from letter_book.writers.layout import base_name

BOOK = Path("book")
BUILD = Path("build")
INTERRUPTED = 130
"""The exit status after Ctrl-C, as shells give it (128 + SIGINT)."""


OFFLINE_HELP = "take remote images from the cache only; download none"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="letter-book", description="Turn a newsletter's archive into a book."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--config", type=Path, help=f"configuration file (default: ./{CONFIG_FILE} if present)"
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="show no progress of long steps (the summary, warnings and errors stay)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = commands.add_parser("init", help="create a book project in DIR")
    init.add_argument("dir", type=Path, help="the project folder (created if missing)")
    init.add_argument("--title", default=Settings().title, help="book title")
    init.add_argument("--author", help="the newsletter's author")
    init.add_argument(
        "--language", type=_language, default=Settings().language,
        help=f"the book's language: fr, en, de-CH... (default: {Settings().language})",
    )  # fmt: skip
    init.add_argument(
        "--requirement", metavar="LINE",
        help="the requirements.txt line that installs letter-book (default: this "
        "letter-book's source: a compatible version range, or its git URL or folder)",
    )  # fmt: skip
    init.add_argument(
        "--force", action="store_true",
        help="use a folder that is not empty: add the missing files, keep the others",
    )  # fmt: skip

    convert = commands.add_parser("convert", help="archive -> MyST chapters, with a report")
    convert.add_argument(
        "archive", nargs="?", type=Path, help="folder of issues (default: archive.path)"
    )
    convert.add_argument("--out", type=Path, default=BOOK, help="book folder (default: book)")
    convert.add_argument(
        "--report", type=Path, default=BUILD,
        help="folder for conversion-report.txt and .json (default: build)",
    )  # fmt: skip
    convert.add_argument("--strict", action="store_true", help="fail when there are warnings")
    convert.add_argument("--offline", action="store_true", help=OFFLINE_HELP)

    inspect = commands.add_parser("inspect", help="one issue as the model sees it")
    inspect.add_argument("file", type=Path, help="an issue, or an export, feed or mailbox")
    inspect.add_argument("--json", action="store_true", help="print the model as JSON")
    which = inspect.add_mutually_exclusive_group()
    which.add_argument(
        "--list", action="store_true",
        help="list the posts of an export (their IDs and output names) and what it set aside",
    )  # fmt: skip
    which.add_argument(
        "--post", metavar="ID",
        help="one post of an export, by the ID --list shows (Ghost's slug, WordPress's or "
        "Substack's post_id, a message's index in a mailbox...) or its output name",
    )  # fmt: skip
    inspect.add_argument(
        "--archive", type=Path,
        help="learn recurring lines and section names from this archive (default: the "
        "configured archive, when FILE is in it)",
    )  # fmt: skip

    build = commands.add_parser(
        "build", help="build the outputs, converting the archive first if it changed"
    )
    build.add_argument(
        "target", nargs="?", choices=["all", *TARGETS, "print"], default="all",
        help="all (the EPUB, the PDF, then the site), one of them, or print: the print "
        "edition (an interior and a cover PDF a volume, as [print] says; not part of all)",
    )  # fmt: skip
    build.add_argument("--book", type=Path, default=BOOK, help="book folder (default: book)")
    build.add_argument("--out", type=Path, default=BUILD, help="output folder (default: build)")
    build.add_argument(
        "--archive", type=Path, help="folder of issues to convert (default: archive.path)"
    )
    build.add_argument(
        "--no-convert", dest="convert", action="store_false",
        help="build the book folder as it stands, even if the archive changed",
    )  # fmt: skip
    build.add_argument(
        "--strict", action="store_true", help="fail when the conversion has warnings"
    )
    build.add_argument("--offline", action="store_true", help=OFFLINE_HELP)
    build.add_argument(
        "--jobs", type=_jobs, metavar="N",
        help="processes rendering the PDF (default: pdf.jobs, else one a core)",
    )  # fmt: skip

    epub = commands.add_parser("epub", help="package the EPUB (build/epub/<book>.epub)")
    epub.add_argument("--out", type=Path, help="the EPUB file to write")
    epub.add_argument("--book", type=Path, default=BOOK, help="book folder (default: book)")
    epub.add_argument("--build", type=Path, default=BUILD, help="output folder (default: build)")

    check = commands.add_parser("check", help="validate the built EPUB (EPUBCheck, DAISY Ace)")
    check.add_argument("--epub", type=Path, help="the EPUB (default: build/epub/<book>.epub)")
    check.add_argument("--ace", type=Path, help="DAISY Ace's ace-puppeteer (default: skip Ace)")
    check.add_argument(
        "--chromium", type=Path, default=Path("/usr/bin/chromium"), help="Chromium, for Ace"
    )

    doctor_parser = commands.add_parser(
        "doctor", help="what the system provides: found (version), or how to install it"
    )
    doctor.add_arguments(doctor_parser)
    return parser


def _language(code: str) -> str:
    if not known_language(code):
        raise argparse.ArgumentTypeError(
            f"{code!r} is not a language code Babel knows (fr, en, de-CH, ...)"
        )
    return code


def _init(args: argparse.Namespace, config: Config) -> None:
    settings = Settings(args.title, args.author, args.language, args.requirement or "")
    created = init_project(args.dir, settings, force=args.force)
    for name in created.written:
        print(f"created {created.root / name}")
    for name in created.kept:
        print(f"kept    {created.root / name} (it exists; not overwritten)")
    line = (created.root / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1]
    if is_local(line):
        print(
            f"note: requirements.txt installs letter-book from a folder of this machine "
            f"({line.split('@', 1)[1].strip()}); the CI workflow cannot: put a git URL or a "
            "version range there before pushing"
        )
    print(
        "\nNext:\n"
        f"  cd {created.root}\n"
        "  # put the issues into archive/ (see archive/README.md), check letter-book.toml\n"
        "  make book    # creates .venv, installs letter-book, builds build/html/\n"
        '  git init && git add . && git commit -m "The book"'
    )


def _warn(diagnostics: Sequence[Diagnostic]) -> None:
    """Print the warnings that ``diagnostics.ignore`` does not silence."""
    for diagnostic in shown(diagnostics):
        print(diagnostic, file=sys.stderr)


def _convert(args: argparse.Namespace, config: Config, digest: str | None = None) -> None:
    """Convert ``args.archive`` into ``args.out``; ``digest``, its inputs' if known."""
    args.archive = args.archive or config.archive_path
    digest = digest or inputs.digest(args.archive, args.out, config)
    done = convert(args.archive, config, args.out, args.report, offline=args.offline)
    _warn(done.archive.diagnostics)
    stats = done.stats
    print(summary(done.archive, done.parts))
    if read_before := done.archive.read_before:
        print(f"{read_before} files unchanged since the last conversion, not read again")
    print(
        f"{args.out}: {stats.written} files written, {stats.unchanged} unchanged, "
        f"{stats.removed} removed; report in {args.report / REPORT_TEXT}"
    )
    if not done.archive.entries:
        # Nothing to make a book of: a wrong folder, or files no reader takes.
        skipped = len(done.archive.skipped)
        held = f"the {skipped} files it holds are" if skipped > 1 else "the file it holds is"
        why = f"{held} skipped (see the report)" if skipped else "it is empty"
        raise LetterBookError(f"{args.archive}: no issue to make a book of: {why}")
    warned = shown(done.archive.diagnostics)
    if args.strict and warned:
        raise StrictModeError(f"{len(warned)} warnings and --strict")
    if done.archive.wanting:  # not recorded: the next build tries these images again
        print(f"{len(done.archive.wanting)} remote images could not be had (see the report)")
    else:
        inputs.record(args.out, digest)


def _inspect(args: argparse.Namespace, config: Config) -> None:
    archive_root = args.archive
    if archive_root is None and _inside(args.file, config.archive_path):
        archive_root = config.archive_path
    kind = identify(args.file) if args.file.exists() else None
    if kind is not None and kind.is_collection:
        _inspect_collection(args, config, archive_root)
        return
    if args.post is not None:
        raise LetterBookError(f"{args.file}: one issue, not an export: --post is for exports")
    issue, diagnostics = _inspected(args.file, archive_root, config)
    _warn(diagnostics)
    if issue is None:
        raise LetterBookError(f"{args.file}: no issue could be read")
    if args.list:
        _print_list(args, (issue,), ())
    else:
        _print_issue(args, issue)


def _print_issue(args: argparse.Namespace, issue: Issue) -> None:
    if args.json:
        data = issue_json(issue)
        data["decisions"] = [asdict(d) for d in issue.decisions]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(_outline(issue))


def _inspect_collection(args: argparse.Namespace, config: Config, root: Path | None) -> None:
    collection = read_collection(args.file, config, root)
    _warn(collection.diagnostics)
    if args.post is None and not args.list:
        raise LetterBookError(
            f"{args.file}: an export of {len(collection.issues)} issues: --list lists them, "
            "--post ID shows one"
        )
    if args.list:
        _print_list(args, collection.issues, collection.skipped)
        return
    found = [i for i in collection.issues if args.post in (i.source.entry, base_name(i))]
    if not found:
        aside = [s for s in collection.skipped if s.path.endswith(f": {args.post}")]
        why = f"set aside: {aside[0].reason}" if aside else "no post of that ID (--list)"
        raise LetterBookError(f"{args.file}: post {args.post}: {why}")
    _print_issue(args, found[0])


def _print_list(
    args: argparse.Namespace, issues: Sequence[Issue], skipped: Sequence[Skipped]
) -> None:
    rows = [
        {"id": i.source.entry, "name": base_name(i), "title": i.title,
         "date": i.date.isoformat() if i.date else None, "source": i.source.path}
        for i in issues
    ]  # fmt: skip
    aside = [{"entry": s.path, "reason": s.reason, "code": s.code.value} for s in skipped]
    if args.json:
        print(json.dumps({"issues": rows, "set_aside": aside}, ensure_ascii=False, indent=2))
        return
    width = max([len(r["id"] or "") for r in rows] + [2])
    for row in rows:
        print(f"{row['id'] or '-':<{width}}  {row['date'] or '':<10}  {row['name']}")
    if aside:
        print(f"\nset aside ({len(aside)}):")
        print("\n".join(f"  {a['entry']}: {a['reason']} [{a['code']}]" for a in aside))


def _inspected(
    file: Path, archive_root: Path | None, config: Config
) -> tuple[Issue | None, Sequence[Diagnostic]]:
    if archive_root is None:
        return read_single(file, config)
    archive: Archive = read_archive(archive_root, config)
    for entry in archive.entries:
        if (archive_root / entry.issue.source.path).resolve() == file.resolve():
            return entry.issue, archive.diagnostics
    return read_single(file, config, archive.knowledge)


def _inside(path: Path, folder: Path) -> bool:
    return folder.resolve() in path.resolve().parents


def _outline(issue: Issue) -> str:
    data = issue_json(issue)
    lines = [
        f"title:    {data['title']}",
        f"subtitle: {data['subtitle']}",
        f"number:   {data['number']}    date: {data['date']}    author: {data['author']}",
        "source:   {path} ({encoding}, {newline})".format(**data["source"]),
    ]
    for section in data["sections"]:
        topic = f"  [topic: {section['topic']}]" if section["topic"] else ""
        lines.append(f"\n§ {section['title'] or '(before the first section)'}{topic}")
        for block in section["blocks"]:
            text = block.get("text") or block.get("caption") or ""
            if block["type"] == "list":
                text = " | ".join(block["items"])
            lines.append(f"  {block['line']:>4} {block['type']:<9} {text[:90]}")
    if data["comments"]:
        lines.append(f"\ncomments ({len(data['comments'])}):")
        lines += [f"  {c['line']:>4} {c['text'][:90]}" for c in data["comments"]]
    if data["dropped"]:
        lines.append("\nset aside:")
        lines += [f"  {d['line']:>4} [{d['reason']}] {d['text'][:80]}" for d in data["dropped"]]
    if issue.decisions:
        from letter_book.readers.labeller import explain

        lines.append("\nline labeller (where it reads a line otherwise than the rules):")
        lines += [f"  {d.line:>4} {explain(d)}" for d in issue.decisions]
    return "\n".join(lines)


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is no number of processes (1 or more)")
    return int(text)


def _build(args: argparse.Namespace, config: Config) -> None:
    if args.jobs:
        config = replace(config, pdf=replace(config.pdf, jobs=args.jobs))
    if args.convert:
        archive = args.archive or config.archive_path
        digest = inputs.digest(archive, args.book, config)
        if inputs.is_current(args.book, digest):
            print(f"{args.book}: up to date with {archive}")
        else:
            conversion = {"archive": archive, "out": args.book, "report": args.out}
            options = {"strict": args.strict, "offline": args.offline}
            _convert(argparse.Namespace(**conversion, **options), config, digest)
    if args.target == "all":
        epub, pdfs, home = build_all(args.book, args.out, config)
        print(f"epub: {epub}")
        for path in pdfs:
            print(f"pdf: {path}")
        print(f"html: {home}")
    if args.target == "epub":
        print(f"epub: {build_epub(args.book, args.out, config)}")
    if args.target == "pdf":
        for path in build_pdf(args.book, args.out, config):
            print(f"pdf: {path}")
    if args.target == "html":  # linking the EPUB and the PDF already built
        print(f"html: {build_html(args.book, args.out, config)}")
    if args.target == "print":
        for path in build_print(args.book, args.out, config):
            print(f"print: {path}")


def _epub(args: argparse.Namespace, config: Config) -> None:
    print(f"epub: {build_epub(args.book, args.build, config, args.out)}")


def _check(args: argparse.Namespace, config: Config) -> None:
    from letter_book.publish.check import run_ace, run_epubcheck
    from letter_book.publish.epub import epub_name

    path = args.epub or BUILD / "epub" / epub_name(config)
    if not path.is_file():
        raise LetterBookError(f"{path}: no such EPUB; run `letter-book build epub` first")
    results = [run_epubcheck(path)]
    if args.ace is not None:
        results.append(run_ace(path, args.ace, args.chromium))
    for result in results:
        print(result.summary())
        for finding in result.findings:
            if finding.severity in result.failing:
                print(f"  {finding.severity} {finding.code}: {finding.message} ({finding.where})")
    if not all(result.ok for result in results):
        raise LetterBookError(f"{path}: the checks failed")


def _doctor(args: argparse.Namespace, config: Config) -> None:
    status = doctor.run(args.require, args.venv)
    if status:
        raise SystemExit(status)


COMMANDS = {
    "doctor": _doctor,
    "init": _init,
    "convert": _convert,
    "inspect": _inspect,
    "build": _build,
    "epub": _epub,
    "check": _check,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    progress.set_quiet(args.quiet)
    # Libraries' warnings to standard error, as with no handler at all (Python's last
    # resort). With a handler in place, a11y-pygments (which the site's theme imports)
    # cannot make the root logger print every library's INFO records, as its import does.
    if not logging.root.handlers and logging.lastResort is not None:
        logging.root.addHandler(logging.lastResort)
    try:
        # init makes a configuration, and doctor looks at the machine: they read none.
        config = Config() if args.command in ("init", "doctor") else load_config(args.config)
        COMMANDS[args.command](args, config)
    except LetterBookError as exc:
        print(f"letter-book: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("letter-book: interrupted", file=sys.stderr)
        return INTERRUPTED
    return 0


def run() -> int:
    """The ``letter-book`` command: :func:`main`, then a quick exit.

    A build leaves millions of objects (Sphinx's environment, the pages' trees), and the
    interpreter's shutdown would collect them all for nothing: half a second after a
    build of 250 issues. Frozen, they are out of the collector's sight, and the process
    ends as soon as its exit handlers (the process pool's among them) have run. Only the
    command does this; tests call :func:`main`, and their process goes on.
    """
    status = main()
    gc.freeze()
    return status
