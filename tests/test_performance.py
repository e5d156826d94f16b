"""The shortcuts taken for speed give exactly the results of the plain way."""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import re
import shutil
import string
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from letter_book import cli, writers
from letter_book.config import BoilerplateConfig, Config, load_config
from letter_book.convert import report
from letter_book.convert.archive import read_archive
from letter_book.convert.cache import FILE
from letter_book.diagnostics import Code as DiagnosticCode
from letter_book.model import Mark, Span, flatten
from letter_book.publish import build
from letter_book.readers import cues, labeller
from letter_book.readers.decode import clean_line, has_controls, split_lines
from letter_book.transforms import boilerplate, typography
from letter_book.transforms.boilerplate import _BUILTIN, Matcher, recurrence_key
from letter_book.writers import appendices, labels
from letter_book.writers import escape as escape_module
from letter_book.writers import microtypography as micro
from letter_book.writers.crosslinks import DEFAULT_PATTERNS, IssueLinks

from .conftest import ARCHIVE, FIXTURES, SAMPLES, make_project


def _top_level_alternatives(pattern: str) -> int:
    """How many alternatives ``pattern`` has outside any group or character class."""
    count, depth, in_class, i = 1, 0, False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            i += 1 if pattern[i + 1 : i + 2] in ("]", "^") else 0
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            count += 1
        i += 1
    return count


def test_top_level_alternatives_are_counted() -> None:
    assert _top_level_alternatives(r"^a(b|c)[|]\|") == 1
    assert _top_level_alternatives(r"\ba|^b") == 2


@pytest.mark.parametrize("pattern", [p for p, _ in _BUILTIN])
def test_each_builtin_pattern_is_one_alternative_with_its_start(pattern: str) -> None:
    """The matcher groups the built-in patterns by their start (``^`` or ``\\b``): that is
    only the same as searching each if each is one alternative starting so."""
    assert pattern.startswith(("^", r"\b"))
    assert _top_level_alternatives(pattern) == 1


@pytest.mark.parametrize("pattern", [p for p, _ in _BUILTIN])
def test_each_builtin_pattern_is_in_lower_case(pattern: str) -> None:
    """The matcher searches them in the text in lower case, without IGNORECASE."""
    literal = re.sub(r"\\[A-Za-z]", "", pattern)  # \W, \b, \d, \s are not letters
    assert literal == literal.lower()


def _naive(patterns: list[str]) -> re.Pattern[str]:
    """One alternation of every pattern as written: what the matcher must agree with."""
    if not patterns:
        return re.compile(r"(?!)")
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


CONFIGS = [
    Config(),
    Config(boilerplate=BoilerplateConfig(patterns=(r"^Octet est une lettre", r"sponsor"))),
    Config(boilerplate=BoilerplateConfig(builtin=False, patterns=(r"\bpub\b",))),
    Config(boilerplate=BoilerplateConfig(builtin=False)),
]


def _agrees(config: Config, text: str) -> None:
    rules = config.boilerplate
    builtin = _BUILTIN if rules.builtin else ()
    anywhere = [p for p, where in builtin if where == "any"] + list(rules.patterns)
    edge = anywhere + [p for p, where in builtin if where == "edge"]
    matcher = Matcher(config)
    assert matcher.match(text, edge=False) == bool(_naive(anywhere).search(text)), text
    assert matcher.match(text, edge=True) == bool(_naive(edge).search(text)), text


def _sample_lines() -> list[str]:
    folders = [ARCHIVE, SAMPLES]
    lines = [
        line.strip()
        for folder in folders
        for path in sorted(folder.rglob("*.txt"))
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
    ]
    return [line for line in lines if line]


def test_matcher_agrees_with_the_naive_alternation_on_the_samples() -> None:
    lines = _sample_lines()
    assert lines
    for config in CONFIGS:
        for line in lines:
            _agrees(config, line)


# Words of the patterns, so that generated lines come near and into matches.
_VOCABULARY = sorted(
    {w for p, _ in _BUILTIN for w in re.findall(r"[^\W\d_]+", p) if len(w) > 1}
    | {"Abonnez-vous", "à", "a", "À", "Octet", "pub", "sponsor", "!", ".", "12 000", "’", "'"}
)


@pytest.mark.parametrize(
    "text",
    ["Abonnez-vous !", "Réabonnez-vous !", "xsubscribe now", "Subscribe", "a Subscribe", ""],
)
def test_matcher_agrees_where_a_pattern_starts(text: str) -> None:
    for config in CONFIGS:
        _agrees(config, text)


@given(
    st.lists(
        st.sampled_from(_VOCABULARY)
        | st.sampled_from([" ", "", "x", "-", "É"])
        | st.text(max_size=3),
        max_size=16,
    ).map("".join),
    st.sampled_from(range(len(CONFIGS))),
)
def test_matcher_agrees_with_the_naive_alternation(text: str, which: int) -> None:
    _agrees(CONFIGS[which], text)


def test_every_regex_digit_is_a_digit_to_isdigit() -> None:
    """The escaping looks for a leading number only where ``str.isdigit`` sees a digit."""
    digits = (chr(c) for c in range(sys.maxunicode + 1))
    assert all(char.isdigit() for char in digits if re.fullmatch(r"\d", char))


@pytest.mark.parametrize(
    "text", ["plain", "a*b", "line\nbreak", "tab\there", "\u2028", "1. un", "١. arabic", "# x"]
)
def test_escape_shortcuts_change_nothing(text: str) -> None:
    """What _chars and _line_start return on text they skip is what the full escaping gives."""
    full = escape_module._ESCAPED.sub(r"\\\1", escape_module._BREAKS.sub(" ", text))
    assert escape_module._chars(text) == full
    line = full.lstrip(" ")
    if line and line[0] in string.punctuation and line[0] not in escape_module._ALWAYS:
        line = "\\" + line
    assert escape_module._line_start(full) == escape_module._LEADING_NUMBER.sub(
        r"\1\\\2", line, count=1
    )


def _letter_runs(text: str) -> str:
    """The plain definition of the recurrence key."""
    return " ".join(re.findall(r"[^\W\d_]+", unicodedata.normalize("NFKC", text).casefold()))


def test_recurrence_key_shortcut_rests_on_character_classes() -> None:
    """A letter (``isalpha``) is in ``[^\\W\\d_]``; whitespace (``isspace``) never is."""
    letter = re.compile(r"[^\W\d_]")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char.isalpha():
            assert letter.match(char), hex(code)
        if char.isspace():
            assert not letter.match(char), hex(code)


@given(st.text())
def test_recurrence_key_is_the_letter_runs(text: str) -> None:
    assert recurrence_key(text) == _letter_runs(text)


@given(st.text(st.sampled_from([*boilerplate._NOT_LETTERS, "a", "É", "1", "_", " ", "ß"])))
def test_recurrence_key_of_punctuated_words_is_the_letter_runs(text: str) -> None:
    assert recurrence_key(text) == _letter_runs(text)


def test_the_punctuation_stripped_from_words_is_no_letter() -> None:
    assert not re.search(r"[^\W\d_]", boilerplate._NOT_LETTERS)


def test_boilerplate_found_once_is_found_again() -> None:
    matcher = Matcher(Config())
    for text in ("Abonnez-vous !", "Une phrase.", "Abonnez-vous !"):
        assert matcher.match(text, edge=True) == matcher.at_edge._search(text)
    assert matcher.at_edge.found == {"Abonnez-vous !": True, "Une phrase.": False}


@pytest.mark.parametrize(
    "text", ["Vous êtes 12 000 abonnés !", "l’État, x²½ ﬁn", "a_b\u2028c\x1fd", "ß İ ǅ 𝔘"]
)
def test_recurrence_key_examples(text: str) -> None:
    assert recurrence_key(text) == _letter_runs(text)


_LINE_TEXT = st.text(
    st.sampled_from(["a", "e", "\u0301", "\u0327", "\u1100", "\u1161", "\n", "\r", " ", "é", "\t"])
    | st.characters(),
    max_size=40,
)


@given(_LINE_TEXT)
def test_a_clean_text_has_clean_lines(text: str) -> None:
    """The plain-text reader skips clean_line when the whole text is clean: then every
    line must come out of it unchanged."""
    if "\t" in text or has_controls(text) or not unicodedata.is_normalized("NFC", text):
        return
    for line in split_lines(text):
        assert clean_line(line) == (line, False)


@given(st.text(st.sampled_from(" \t\n\r\u2028\u2029\f\v\u00a0ab*_[1.")))
def test_plain_text_escapes_as_a_span_does(text: str) -> None:
    """``inline`` escapes a plain span with ``_chars`` directly: the same as ``_span``."""
    assert escape_module._chars(text) == escape_module._span(Span(text))


@given(st.text(st.sampled_from("a é\U0001f468\U0001f469\U0001f9d1\U0001f3fd\U0001f4bb\U0001f680")))
def test_emoji_repair_shortcut(text: str) -> None:
    """Text the repair skips is text the joiner pattern does not find."""
    assert typography._needs_joiner(text) == bool(typography._LOST_JOINER.search(text))


def test_emoji_repair_still_joins() -> None:
    content = (Span("Notre \U0001f469\U0001f3fd\U0001f4bb du mois"),)
    assert typography._inline(content) == (
        Span("Notre \U0001f469\U0001f3fd\u200d\U0001f4bb du mois"),
    )
    plain = (Span("Rien à joindre \U0001f469"),)
    assert typography._inline(plain) is plain


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [match.span() for match in pattern.finditer(text)]


# Every character the microtypography rules look at, letters and digits, words near names.
_TYPO_TEXT = st.lists(
    st.sampled_from(
        [
            *" \u00a0\u202f\u2009\u205f«»()[]?!‽;:,.-’'`/@&\\=*DPp3xé1",
            *("www.", "WWW.", "&amp;", ":-)", ";)", "http://a.b", "a@b.fr", "C:\\x"),
            *("Thierry", "Breton", "de", "CNIL", "OpenAI", "L’", "ÉTAT", "Zoé"),
            *("#", "n°", "12", "lettre", "No.", "\u0663", "\n"),
        ]
    ),
    max_size=20,
).map("".join)


@given(_TYPO_TEXT)
def test_gap_start_check_changes_no_gap(text: str) -> None:
    """The gaps found with the start check first are the rules' own."""
    plain = re.compile(micro._GAP_RULES, re.VERBOSE)
    assert _spans(micro._GAP, text) == _spans(plain, text)
    assert _every_gap(text) == _spans(plain, text)


def _every_gap(text: str) -> list[tuple[int, int]]:
    """The gaps found run by run (``_gaps`` does so, but for the quiet runs)."""
    return [
        match.span()
        for run in micro._RUN.finditer(text)
        for match in micro._GAP.finditer(text, run.start(), run.end() + 1)
    ]


@pytest.mark.parametrize(
    "text", ["a  b", "a b", "« a »", "(x)", "12 000", "a ; b", "a\u00a0: b", "x!", "", " "]
)
def test_gaps_found_run_by_run_are_the_gaps(text: str) -> None:
    plain = re.compile(micro._GAP_RULES, re.VERBOSE)
    assert _every_gap(text) == _spans(plain, text)


_PLAIN_PROTECTED = {  # the protected patterns as first written, with their look-behind first
    ("ww", "wW", "Ww", "WW"): re.compile(r"\bwww\.\w[^\s<>«»\"“”]*", re.I),
    (":", ";", "="): re.compile(r"(?<![:;=])[:;=][-'^]?[()DPpOo3/\\|\]\[*]+(?!\w)"),
}


@given(_TYPO_TEXT)
def test_protected_patterns_starting_with_their_sign_find_the_same(text: str) -> None:
    for signs, pattern, _ in micro._PROTECTED:
        if signs in _PLAIN_PROTECTED:
            assert _spans(pattern, text) == _spans(_PLAIN_PROTECTED[signs], text)


@pytest.mark.parametrize("text", ["voir wWw.exemple.fr", "WwW.a.b", "x :-) y", "a ;) b", "=D"])
def test_protected_runs_found_with_any_of_their_signs(text: str) -> None:
    assert micro._protected((Span(text),), text) != []


@given(_TYPO_TEXT)
def test_protected_runs_skipped_only_when_there_are_none(text: str) -> None:
    """``_protected`` returns [] (no list made) only when no pattern finds anything, even
    searched without its sign's check; otherwise the list it makes."""
    region = micro._protected((Span(text),), text)
    found = any(pattern.search(text) for _, pattern, _ in micro._PROTECTED)
    assert (region == []) == (not found or not text)
    if region:
        assert len(region) == len(text)


@given(_TYPO_TEXT)
def test_typeset_without_protected_runs_is_the_plain_way(text: str) -> None:
    """The empty region of a text without protected runs is a region of -1 everywhere."""
    content = (Span(text),)
    expected = micro.typeset(content, french=True)
    original = micro._protected
    try:
        micro._protected = lambda c, t: [-1] * len(t) if not original(c, t) else original(c, t)
        assert micro.typeset(content, french=True) == expected
    finally:
        micro._protected = original


@given(_TYPO_TEXT)
def test_name_pattern_with_its_capital_first_finds_the_same(text: str) -> None:
    assert _spans(appendices._NAME, text) == _spans(re.compile(appendices._NAME_RULES), text)


def test_name_pattern_samples() -> None:
    text = "Selon Thierry Breton, la CNIL et OpenAI, Charles de Gaulle et l’ÉTAT-major."
    assert _spans(appendices._NAME, text) == _spans(re.compile(appendices._NAME_RULES), text)
    assert [m.group() for m in appendices._NAME.finditer(text)][:2] == [
        "Selon Thierry Breton",
        "CNIL",
    ]


def test_a_number_int_reads_has_a_regex_digit() -> None:
    """Spans without ``\\d`` are not searched for mentions: ``int`` needs such a digit."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert bool(re.fullmatch(r"\d", char)) == char.isdecimal(), hex(code)


_LINKS = IssueLinks.build(
    {n: f"issue-{n}" for n in (1, 12, 236)}, (*DEFAULT_PATTERNS, r"(?P<number>\w+)!")
)


@given(_TYPO_TEXT)
def test_links_skip_only_spans_without_mentions(text: str) -> None:
    span = Span(text)
    try:
        mentions = _LINKS._mentions(text, None)
    except ValueError:  # the user pattern's number is not a number: int() fails
        return
    pieces = _LINKS._split(span, None)
    assert "".join(piece.text for piece in pieces) == text
    assert [p.href for p in pieces if p.href] == [f"#{label}" for _, _, label in mentions]


def _book(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def busy_archive(tmp_path: Path) -> Path:
    """The project's archive with what makes warnings and reports: files that are not
    issues, a number used twice, a file that is not UTF-8, a feed and an export."""
    root = tmp_path / "archive"
    shutil.copytree(ARCHIVE, root)
    shutil.copytree(FIXTURES / "substack-export", root / "substack-export")
    for sample in SAMPLES.iterdir():
        shutil.copy(sample, root / sample.name)
    (root / "2024-08-06-binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (root / "2024-08-13-empty.txt").write_text("\n\n", encoding="utf-8")
    (root / "notes.docx").write_bytes(b"PK")
    (root / "2024-09-03-twice.txt").write_text(
        "Encore une lettre\nLe numéro déjà pris #112\n\nBonjour à tous.\n", encoding="utf-8"
    )
    (root / "2024-09-10-latin.txt").write_bytes(
        "Une lettre en latin-1\nDes accents : été, à bientôt\n".encode("latin-1")
    )
    return root


def test_a_busy_archive_converted_again_writes_nothing_and_removes_what_left(
    busy_archive: Path, config: Config, tmp_path: Path
) -> None:
    """The book written file by file is what :func:`writers.render_book` gives; converting
    again writes nothing and removes a file that is no longer part of the book."""
    archive = read_archive(busy_archive, config)
    assert {d.code for d in archive.diagnostics} >= {
        DiagnosticCode.FILE_BINARY,
        DiagnosticCode.NUMBER_DUPLICATE,
    }
    assert len(archive.skipped) >= 3
    assert any(e.issue.source.path.startswith("substack-export") for e in archive.entries)
    out = tmp_path / "book"
    parts, stats = writers.convert_book(archive, config, out)
    files = writers.render_book(archive, config)[1]
    assert stats == writers.WriteStats(len(files), 0, 0)
    assert set(_book(out)) == {*files, writers.MARKER}
    (out / "issues" / "gone.md").write_text("stale", encoding="utf-8")
    assert writers.convert_book(archive, config, out)[1] == writers.WriteStats(0, len(files), 1)
    assert not (out / "issues" / "gone.md").exists()
    assert [c.name for p in parts for c in p.chapters] == [
        c.name for p in writers.render_book(archive, config)[0] for c in p.chapters
    ]


def test_files_read_before_read_as_they_would_be_again(
    busy_archive: Path, config: Config, tmp_path: Path
) -> None:
    """The issues taken from the cache are those reading the files gives, warnings
    included; a file that changed, its override's [lines], the configuration or a cache
    cut short read again what they concern."""
    cache = tmp_path / "build"
    bell = "Une lettre qui sonne\nUn paragraphe\x07 avec une cloche.\n"
    (busy_archive / "2024-09-17-bell.txt").write_text(bell, encoding="utf-8")
    plain = read_archive(busy_archive, config)
    first = read_archive(busy_archive, config, cache=cache)
    assert first.read_before == 0 and (cache / FILE).is_file()
    again = read_archive(busy_archive, config, cache=cache)
    singles = [e for e in plain.entries if "/" not in e.issue.source.path]
    assert again.read_before == len(singles) >= 5
    assert again.entries == plain.entries and again.diagnostics == plain.diagnostics
    assert any(d.code is DiagnosticCode.TEXT_CONTROL for d in again.diagnostics)

    edited = busy_archive / "2024-09-03-twice.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "Un mot ajouté.\n", encoding="utf-8")
    (busy_archive / "2024-09-10-latin.override.toml").write_text('[lines]\n2 = "heading"\n')
    changed = read_archive(busy_archive, config, cache=cache)
    assert changed.read_before == len(singles) - 2
    assert changed.entries == read_archive(busy_archive, config).entries
    [issue] = [e.issue for e in changed.entries if e.issue.source.path == edited.name]
    assert "Un mot ajouté." in repr(issue)

    other = replace(config, structure=replace(config.structure, reader="rules"))
    assert read_archive(busy_archive, other, cache=cache).read_before == 0
    assert read_archive(busy_archive, other, cache=cache).read_before == len(singles)
    (cache / FILE).write_bytes((cache / FILE).read_bytes()[:100])
    assert read_archive(busy_archive, other, cache=cache).read_before == 0


def test_a_conversion_from_the_cache_writes_the_same_book(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Converting again with every file read before gives the same chapters and reports,
    and says how many files it did not read again."""
    book, build = tmp_path / "book", tmp_path / "build"
    argv = ["convert", str(ARCHIVE), "--out", str(book), "--report", str(build)]
    assert cli.main(argv) == 0
    first = {p: p.read_bytes() for p in sorted([*book.rglob("*.md"), *build.glob("*report*")])}
    assert "not read again" not in capsys.readouterr().out
    shutil.rmtree(book)
    assert cli.main(argv) == 0
    files = len(list(ARCHIVE.glob("*.txt")))
    assert f"{files} files unchanged since the last conversion, not read again" in (
        capsys.readouterr().out
    )
    assert {p: p.read_bytes() for p in first} == first


@given(_TYPO_TEXT)
def test_capitalised_words_with_the_first_letter_first_are_the_same(text: str) -> None:
    plain = re.compile(appendices._CAPITALISED_RULES)
    assert appendices._capitalised(text) == set(plain.findall(text))
    assert [m.span() for m in appendices._CAPITALISED.finditer(text)] == _spans(plain, text)


def test_capitalised_words_samples() -> None:
    text = "L’Europe et l’État, D’Artagnan, l’homme, L’hémicycle, Zoé-Anne l'OTAN x-Paris"
    expected = {"Europe", "État", "Artagnan", "L’hémicycle", "Zoé-Anne", "OTAN"}
    assert appendices._capitalised(text) == expected
    assert set(re.compile(appendices._CAPITALISED_RULES).findall(text)) == expected


@given(_TYPO_TEXT)
def test_runs_from_their_first_sign_are_the_runs(text: str) -> None:
    """The runs but the quiet ones, with or without two spaces in a row."""
    for sample in (text, text.replace("  ", " ")):
        runs = [m.span() for m in micro._RUN.finditer(sample) if m.group() not in micro._QUIET_RUNS]
        assert list(micro._runs(sample)) == runs


@given(_TYPO_TEXT)
def test_inline_of_one_plain_span_is_the_spans_way(text: str) -> None:
    fast = escape_module.inline((Span(text),))
    assert fast == escape_module.inline((Span(text), Span("")))  # two spans: the loop


def test_long_dates_cached_are_the_same() -> None:
    day = dt.date(2024, 3, 12)
    assert labels.long_date(day, "fr") == labels.long_date.__wrapped__(day, "fr") == "12 mars 2024"


def _all_gaps(text: str) -> Iterator[re.Match[str]]:
    return micro._GAP.finditer(text)


@given(_TYPO_TEXT, st.sampled_from([frozenset(), frozenset({Mark.EMPHASIS})]))
def test_typeset_of_one_span_and_quiet_runs_are_the_plain_way(
    text: str, marks: frozenset[Mark]
) -> None:
    """One span set on its own, and the runs of a full stop or a comma skipped, give what
    the spans' way gives over every gap."""
    for french in (True, False):
        fast = micro.typeset((Span(text, marks),), french=french)
        original = micro._gaps
        try:
            micro._gaps = _all_gaps
            assert fast == micro._typeset_spans((Span(text, marks),), french=french)
        finally:
            micro._gaps = original


@pytest.mark.parametrize("run", sorted(micro._QUIET_RUNS))
def test_quiet_runs_have_no_gap_a_rule_fills(run: str) -> None:
    for text in (f"a{run}b", f"é{run}É", f"1{run}x", f"){run}x", f"x{run}"):
        assert micro.typeset_text(text, french=True) == text
        changed = [
            match.span()
            for match in micro._GAP.finditer(text)
            if micro._gap(text, *match.span(), french=True, italic=False, free=True)
            != text[slice(*match.span())]
        ]
        assert changed == []


def test_a_report_inside_the_book_folder_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The report written into the book's own folder is not removed as stale: twice, the
    second time with the first time's report there."""
    out = tmp_path / "book"
    for _ in range(2):
        assert cli.main(["convert", str(ARCHIVE), "--out", str(out), "--report", str(out)]) == 0
        assert (out / "conversion-report.txt").is_file()
        assert (out / "conversion-report.json").is_file()
    assert "2 removed" in capsys.readouterr().out  # the first run's reports, written again


def test_an_error_writing_the_report_is_raised(tmp_path: Path) -> None:
    (tmp_path / "report").write_text("a file where the report folder should be")
    argv = ["convert", str(ARCHIVE), "--out", str(tmp_path / "book")]
    with pytest.raises(NotADirectoryError):
        cli.main([*argv, "--report", str(tmp_path / "report")])


def _is_section_heading_as_written(
    text: str, patterns: tuple[re.Pattern[str], ...], known: frozenset[str]
) -> bool:
    if any(p.fullmatch(text) for p in patterns):
        return True
    if len(text) > cues.HEADING_MAX or cues.words(text) > 10 or text.endswith((".", ":", ",", ";")):
        return False
    if not cues.starts_with_emoji(text):
        return bool(known) and cues.heading_key(text) in known
    return any(c.isalpha() for c in text)


@given(
    st.lists(
        st.sampled_from(["🧭", "Au", "sommaire", "mot", ".", ":", " ", "x" * 30, "1"]), max_size=14
    ).map(" ".join),
    st.sampled_from([frozenset(), frozenset({"au sommaire"})]),
    st.sampled_from([(), (re.compile(r"Au \\w+", re.I),)]),
)
def test_section_heading_cheap_checks_first_is_the_same(
    text: str, known: frozenset[str], patterns: tuple[re.Pattern[str], ...]
) -> None:
    expected = _is_section_heading_as_written(text, patterns, known)
    assert cues.is_section_heading(text, patterns, known) == expected


def test_the_model_pickled_by_its_fields_is_the_same(config: Config) -> None:
    """Issues cross between the processes pickled by a call of each class with its fields."""
    issues = [entry.issue for entry in read_archive(ARCHIVE, config).entries]
    dropped = [replace(issue, sections=()) for issue in issues]
    assert pickle.loads(pickle.dumps(dropped)) == dropped
    assert pickle.loads(pickle.dumps(issues)) == issues  # the other classes their own way
    marked = Span("a", frozenset({Mark.EMPHASIS}), "https://example.org")
    assert pickle.loads(pickle.dumps(marked)) == marked


def test_the_report_json_of_the_archive(config: Config) -> None:
    """One record a line, and the data of the plain way."""
    archive = read_archive(ARCHIVE, config)
    parts = writers.render_book(archive, config)[0]
    text = report.render_json(archive, parts)
    data = json.loads(text)
    issues = data["issues"]
    assert len(issues) == len(archive.entries) and {"warnings", "skipped"} <= set(data)
    records = [line.strip().rstrip(",") for line in text.splitlines()[1:-1]]
    assert [json.loads(r) for r in records if r.startswith("{")] == [
        *data["warnings"],
        *data["skipped"],
        *issues,
    ]
    assert issues[0]["dropped"] and issues[0]["source"].endswith(".txt")


@given(st.text(st.sampled_from(["a", " ", "\u00a0", "-", "–", "—", "B", "."]), max_size=20))
def test_dash_split_skipped_only_without_a_dash(text: str) -> None:
    parts = cues._DASH.split(text)
    plain = (
        None if len(parts) < 2 else (text[: len(text) - len(parts[-1])].rstrip(" -–—"), parts[-1])
    )
    assert cues._after_last_dash(text) == plain


@given(st.lists(st.text(max_size=5), max_size=3))
def test_flatten_of_one_span_is_its_text(texts: list[str]) -> None:
    content = tuple(Span(text) for text in texts)
    assert flatten(content) == "".join(span.text for span in content)


def test_xhtml_built_again_exactly_when_its_sources_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The EPUB and the PDF both need the XHTML pages: the second does not start Sphinx
    when nothing it reads changed, and does whenever something did."""
    project = make_project(tmp_path, ARCHIVE)
    book, out = project / "book", project / "build"
    (book / "issues").mkdir(parents=True)
    (book / "index.md").write_text("# Book\n", encoding="utf-8")
    chapter = book / "issues" / "1-a.md"
    chapter.write_text("# A\n", encoding="utf-8")
    runs: list[str] = []

    def sphinx(builder: str, source: Path, target: Path, *args: object) -> None:
        runs.append(builder)
        target.mkdir(parents=True, exist_ok=True)

    monkeypatch.setattr(build, "sphinx_build", sphinx)

    def built() -> bool:
        before = len(runs)
        build.build_xhtml(book, out, load_config(project / "letter-book.toml"))
        return len(runs) > before

    assert built() and not built()
    chapter.write_text("# A, edited\n", encoding="utf-8")
    assert built() and not built()
    os.utime(chapter, ns=(1, chapter.stat().st_mtime_ns + 1))  # touched, same content
    assert built() and not built()
    (book / "issues" / "2-b.md").write_text("# B\n", encoding="utf-8")
    assert built() and not built()
    config = project / "letter-book.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert built() and not built()
    shutil.rmtree(out / "xhtml")
    assert built() and not built()
    assert set(runs) == {"letterbook-xhtml"}


@given(st.integers(min_value=-5, max_value=500))
def test_the_labellers_buckets_are_the_first_edge_not_passed(value: int) -> None:
    edges = (15, 30, 50, 80, 120, 200, 400)
    first = next((i for i, edge in enumerate(edges) if value <= edge), len(edges))
    assert labeller._bucket(value, edges) == str(first)
