"""The book's configuration: one TOML file, ``letter-book.toml``.

Everything newsletter-specific lives there (title, author, language, how to
recognise boilerplate, sections and signatures). Every key is optional; the
defaults below are documented in the README. Loading validates the whole file
and reports every problem at once, then stops.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from letter_book.diagnostics import Code
from letter_book.errors import ConfigError

CONFIG_FILE = "letter-book.toml"
CONFIG_ENV = "LETTER_BOOK_CONFIG"
"""Environment variable that tells ``conf.py`` which configuration file to read (a build
sets it; importing it from here keeps Sphinx out of the commands that do not build)."""


@dataclass(frozen=True, slots=True)
class BookConfig:
    title: str = "Newsletter"
    """Title of the book (cover, title page, HTML site name)."""
    subtitle: str | None = None
    """Shown under the title on the home page."""
    author: str | None = None
    """The newsletter's author, shown on the title page and used as a default signature."""
    language: str = "fr"
    """BCP 47 code: Sphinx UI strings, search stemming, dates, hyphenation."""
    description: str | None = None
    """A paragraph shown on the home page."""
    comments: bool = False
    """Show readers' comments at the end of each chapter, under their own heading."""
    identifier: str | None = None
    """The EPUB's identifier (an ISBN as ``urn:isbn:...``); default: a UUID derived from
    title, author and language, the same for every build of the same book."""
    base_url: str | None = None
    """The public address of the hosted book (``https://example.org/book/``): with it, pages
    get OpenGraph tags, and the site a sitemap and an Atom feed."""
    cover: str | None = None
    """A PNG or JPEG cover image (relative to the configuration file); default: one is drawn."""
    french_spacing: bool | None = None
    """French microtypography in the book's text (no-break spaces before ``; : ! ?`` and inside
    ``« »``); default (None): on when ``language`` is French."""


@dataclass(frozen=True, slots=True)
class ArchiveConfig:
    path: str = "archive"
    """Folder of issues, read recursively, relative to the configuration file."""
    exclude: tuple[str, ...] = ("README*", "LICENSE*", ".*")
    """Glob patterns (matched against file names) of files that are not issues."""
    encodings: tuple[str, ...] = ("cp1252", "iso8859_15", "mac_roman")
    """Encodings charset-normalizer chooses from for a file that is not UTF-8 (a BOM wins)."""
    paid_posts: bool = False
    """Include posts for paid subscribers only, from platform exports."""
    max_file_size: int = 2_000_000
    """Bytes; a larger file is reported (``file.too-large``) and skipped."""
    site_url: str = ""
    """The site an export came from (``https://lettre.example.org``): Ghost writes its own
    links and images as ``__GHOST_URL__/...``, which become addresses on this site."""


@dataclass(frozen=True, slots=True)
class BoilerplateConfig:
    patterns: tuple[str, ...] = ()
    """Extra regular expressions (case-insensitive, searched in each line) of boilerplate."""
    builtin: bool = True
    """Use the built-in French and English patterns (subscribe calls, sign-offs, ...)."""
    recurrence_ratio: float = 0.1
    """A paragraph found in at least this share of the archive's issues is boilerplate ..."""
    recurrence_min: int = 3
    """... provided it is found in at least this many issues."""


@dataclass(frozen=True, slots=True)
class StructureConfig:
    section_patterns: tuple[str, ...] = ()
    """Regular expressions of lines that are section headings even without a leading emoji."""
    signatures: tuple[str, ...] = ()
    """Names the author signs issues with; the author's first name is always one."""
    issue_links: bool = True
    """Link mentions of other issues (``#236``, ``n°236``, ``la lettre 236``) to them."""
    issue_mentions: tuple[str, ...] = ()
    """Extra regular expressions of a mention of another issue, each with a group
    ``(?P<number>...)``, beside the built-in ones."""
    reader: str = "crf"
    """How plain text's structure is recovered: ``crf``, the rules then the trained
    line labeller (:mod:`letter_book.readers.labeller`) where it disagrees with them;
    ``rules``, the rules alone."""
    confidence: float = 0.8
    """The labeller's role is taken where its confidence (its probability, from 0 to 1)
    reaches this; below, the rules' reading stays."""
    model: str = ""
    """A labeller model file (relative to this file) to use instead of the one
    letter-book ships (``scripts/train.py --out`` writes one; for experiments)."""


@dataclass(frozen=True, slots=True)
class AppendicesConfig:
    quotes: bool = True
    """An appendix of every attributed quote (the quote of the week), by issue."""
    links: bool = True
    """An appendix of every issue's recommended links."""
    index: bool = True
    """An index of the people and organisations named in the issues (Sphinx's index)."""
    index_names: tuple[str, ...] = ()
    """Names the index always has, wherever an issue writes them (case matters)."""
    index_min_issues: int = 2
    """Other names (capitalised words: ``Thierry Breton``, ``OpenAI``, ``CNIL``) are
    indexed when written alike in at least this many issues."""


@dataclass(frozen=True, slots=True)
class ImagesConfig:
    download: bool = True
    """Fetch remote images once into the cache and put them in the book. ``false`` builds
    from the cache only, as ``letter-book convert --offline`` does: an image not in it
    stays its caption or alt text and a link, and is reported."""
    cache: str = ""
    """Folder of downloaded images; default ``$LETTER_BOOK_CACHE/images``
    (``~/.cache/letter-book/images``)."""
    max_size: int = 10_000_000
    """Bytes; a larger image is not downloaded."""
    timeout: int = 20
    """Seconds to wait for one image."""


@dataclass(frozen=True, slots=True)
class PdfConfig:
    page_size: str = "A5"
    """``A5`` (a book), ``A4``, ``letter``, or any CSS page size (``148mm 210mm``)."""
    volumes: str = "auto"
    """``single``: one PDF; ``year``: one PDF a year, for large archives; ``auto``: one
    PDF a year past :data:`letter_book.publish.pdf.SINGLE_VOLUME_MAX` issues, else one."""
    jobs: int = 0
    """Processes rendering the PDF's parts (and the print edition's): ``0``, one a core;
    ``1``, in the build's own process. ``letter-book build --jobs N`` overrides it."""


@dataclass(frozen=True, slots=True)
class PrintConfig:
    """The print edition (``letter-book build print``); the printers' rules are in
    :mod:`letter_book.publish.pdf.printing`."""

    trim: str = "6x9in"
    """The page once cut: ``5x8in``, ``5.5x8.5in``, ``6x9in``, ``A5``, ``B5``, any
    ``<width>x<height>in`` or ``mm``."""
    profile: str = "kdp"
    """The printer whose rules the files follow: ``kdp``, ``ingramspark``, ``generic``."""
    paper: str = "white"
    """``white`` or ``cream``: the spine's width per page depends on it."""
    interior: str = "black-and-white"
    """``black-and-white`` (images printed in grey) or ``color``."""


@dataclass(frozen=True, slots=True)
class DiagnosticsConfig:
    ignore: tuple[str, ...] = ()
    """Warning codes (``image.missing``, ``encoding.guessed``) not to print: they do not fail
    ``--strict`` and stay in the conversion report, marked as ignored."""

    @property
    def ignored(self) -> frozenset[Code]:
        return frozenset(Code(_code_value(code)) for code in self.ignore)


def _code_value(code: str) -> str:
    """A warning code as the configuration may name it (``letter_book.image.missing`` or
    ``image.missing``), as :class:`Code` values it."""
    return code.removeprefix("letter_book.")


@dataclass(frozen=True, slots=True)
class Config:
    book: BookConfig = field(default_factory=BookConfig)
    archive: ArchiveConfig = field(default_factory=ArchiveConfig)
    boilerplate: BoilerplateConfig = field(default_factory=BoilerplateConfig)
    structure: StructureConfig = field(default_factory=StructureConfig)
    pdf: PdfConfig = field(default_factory=PdfConfig)
    print: PrintConfig = field(default_factory=PrintConfig)
    images: ImagesConfig = field(default_factory=ImagesConfig)
    appendices: AppendicesConfig = field(default_factory=AppendicesConfig)
    diagnostics: DiagnosticsConfig = field(default_factory=DiagnosticsConfig)
    root: Path = Path()
    """Folder of the configuration file; relative paths are resolved against it."""
    source: Path | None = None
    """The configuration file, or None for the defaults."""

    @property
    def archive_path(self) -> Path:
        return self.root / self.archive.path

    @property
    def french_spacing(self) -> bool:
        """Is the book's text typeset with French spacing (``book.french_spacing``)?"""
        if self.book.french_spacing is not None:
            return self.book.french_spacing
        return re.split(r"[-_]", self.book.language)[0].lower() == "fr"

    @property
    def signatures(self) -> tuple[str, ...]:
        names = list(self.structure.signatures)
        if self.book.author and self.book.author.strip():
            names += [self.book.author.strip(), self.book.author.split()[0]]
        return tuple(dict.fromkeys(names))


_TABLES: dict[str, type[Any]] = {
    "book": BookConfig,
    "archive": ArchiveConfig,
    "boilerplate": BoilerplateConfig,
    "structure": StructureConfig,
    "pdf": PdfConfig,
    "print": PrintConfig,
    "images": ImagesConfig,
    "appendices": AppendicesConfig,
    "diagnostics": DiagnosticsConfig,
}


def load_config(path: Path | None = None) -> Config:
    """Read ``path`` (default: ``letter-book.toml`` in the current folder, if any).

    A missing default file gives the defaults; a missing explicit file, a TOML
    syntax error or any invalid key raises :class:`ConfigError` listing every problem.
    """
    if path is None:
        path = Path(CONFIG_FILE)
        if not path.exists():
            return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: no such configuration file") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: {exc} [letter_book.{Code.CONFIG_INVALID.value}]") from exc
    return parse_config(data, path)


def parse_config(data: dict[str, Any], path: Path) -> Config:
    """Validate a parsed TOML document; raise one :class:`ConfigError` with every problem."""
    errors: list[str] = []
    tables: dict[str, Any] = {}
    for name, value in data.items():
        if name not in _TABLES:
            errors.append(f"unknown table [{name}] (known: {', '.join(_TABLES)})")
        elif not isinstance(value, dict):
            errors.append(f"[{name}] must be a table")
        else:
            tables[name] = _parse_table(name, _TABLES[name], value, errors)
    for pattern in (
        *getattr(tables.get("boilerplate"), "patterns", ()),
        *getattr(tables.get("structure"), "section_patterns", ()),
    ):
        try:
            re.compile(pattern)
        except re.error as exc:
            errors.append(f"invalid regular expression {pattern!r}: {exc}")
    for pattern in getattr(tables.get("structure"), "issue_mentions", ()):
        try:
            if "number" not in re.compile(pattern).groupindex:
                errors.append(f"structure.issue_mentions: {pattern!r} has no (?P<number>...) group")
        except re.error as exc:
            errors.append(f"invalid regular expression {pattern!r}: {exc}")
    base_url = tables.get("book", BookConfig()).base_url
    if base_url is not None and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?/", base_url):
        errors.append(
            f"book.base_url {base_url!r} must be an http(s) address ending with '/' "
            "(https://example.org/book/)"
        )
    confidence = tables.get("structure", StructureConfig()).confidence
    if not isinstance(confidence, int | float) or not 0 <= confidence <= 1:
        errors.append(f"structure.confidence must be a number from 0 to 1, not {confidence!r}")
    reader = tables.get("structure", StructureConfig()).reader
    if reader not in ("crf", "rules"):
        errors.append(f'structure.reader must be "crf" or "rules", not {reader!r}')
    volumes = tables.get("pdf", PdfConfig()).volumes
    if volumes not in ("auto", "single", "year"):
        errors.append(f'pdf.volumes must be "auto", "single" or "year", not {volumes!r}')
    jobs = tables.get("pdf", PdfConfig()).jobs
    if jobs < 0:
        errors.append(f"pdf.jobs must be 0 (one process a core) or more, not {jobs}")
    errors += _print_errors(tables.get("print", PrintConfig()))
    known_codes = {code.value for code in Code}
    for code in getattr(tables.get("diagnostics"), "ignore", ()):
        if _code_value(code) not in known_codes:
            errors.append(
                f"diagnostics.ignore: {code!r} is no warning code (known: "
                f"{', '.join(sorted(known_codes))})"
            )
    language = tables.get("book", BookConfig()).language
    if not known_language(language):
        errors.append(
            f"book.language {language!r} is not a language code Babel knows (fr, en, de-CH, ...)"
        )
    if errors:
        code = Code.CONFIG_INVALID.value
        raise ConfigError("\n".join(f"{path}: {error} [letter_book.{code}]" for error in errors))
    return Config(**tables, root=path.parent, source=path)


def _print_errors(settings: PrintConfig) -> list[str]:
    from letter_book.publish.pdf.printing import INTERIORS, PAPERS, PROFILES, trim

    errors = []
    try:
        trim(settings.trim)
    except ValueError as error:
        errors.append(str(error))
    for key, value, known in (
        ("profile", settings.profile, tuple(PROFILES)),
        ("paper", settings.paper, PAPERS),
        ("interior", settings.interior, INTERIORS),
    ):
        if value not in known:
            errors.append(f"print.{key} must be one of {', '.join(known)}, not {value!r}")
    return errors


def known_language(code: str) -> bool:
    """Whether ``code`` (``fr``, ``en-GB``, ``de-CH``...) is a language Babel knows."""
    try:
        Locale.parse(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return False
    return True


def _parse_table(name: str, cls: type[Any], values: dict[str, Any], errors: list[str]) -> Any:
    known = {f.name: f for f in fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            errors.append(f"unknown key {name}.{key} (known: {', '.join(known)})")
            continue
        default = getattr(cls(), key)
        expected: type[Any] = type(default) if default is not None else str
        if default is None and str(known[key].type).startswith("bool"):
            expected = bool
        if isinstance(default, tuple):
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                errors.append(f"{name}.{key} must be a list of strings")
                continue
            value = tuple(value)
        elif expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        elif not isinstance(value, expected) or isinstance(value, bool) != (expected is bool):
            errors.append(f"{name}.{key} must be of type {expected.__name__}")
            continue
        kwargs[key] = value
    return cls(**kwargs)
