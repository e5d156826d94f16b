"""A line-sequence labeller for the plain-text reader: a conditional random field.

The rule-based reader (:mod:`letter_book.readers.plaintext`) reads an issue first; then
each line is described by features of its own and of its neighbours (length, first and
last characters, the cues the rules use, where it stands in the issue, what the archive
teaches, and the role the rules gave it), and the CRF (python-crfsuite) labels the whole
sequence at once: ``title``, ``heading``, ``item``, ``quote``, ``caption`` or
``paragraph``. Where its label and the rules' role differ, the label is forced on the
line as an override's ``[lines]`` role would be, and the issue is read again; where they
agree, the rules' finer structure (links lists, quotes with their attribution, numbered
lists, signature, bio) stays as it is.

The model is trained on the evaluation corpus (``make train``: scripts/train.py, in a
fixed order, so the same corpus gives the same model) and ships in the package
(:data:`MODEL`); a book depends only on that file, never on the corpus. The rule-based
reader alone is ``structure.reader = "rules"``.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from letter_book.model import Decision, Heading, Issue, ListBlock, ListItem, Paragraph, Quote
from letter_book.readers import cues

if TYPE_CHECKING:
    import pycrfsuite

MODEL = Path(__file__).with_name("structure.crfsuite")
"""The trained model shipped with letter-book."""
LABELS = ("title", "heading", "item", "quote", "caption", "paragraph")
"""What the labeller says a line is."""

_SKIPPED = frozenset(("title", "comment", "bio", "boilerplate", "attribution", "other"))
"""Rule roles the labeller leaves alone: the title and the issue's tail. (It labels the line
the rules take for the teaser: that may be the first section's heading.)"""
_UNTAKEN = frozenset(("title", "quote"))
"""Labels never taken over the rules' reading: the title is the rules' to find, and the
corpus has too few quotes without quotation marks (38) for a quote to be learnt."""
_GOES_ON = 0.5
"""From this confidence, an item below the threshold is taken within a list of sure items
(0.35 and 0.65 were tried on the corpus: neither better)."""
# The role to force where the labeller's label differs from the rules' role.
_FORCED = {"heading": "heading", "item": "list-item", "caption": "caption",
           "paragraph": "paragraph"}  # fmt: skip


def line_roles(numbers: Sequence[int], issue: Issue) -> list[str]:
    """The role the rule-based reader gave each of the lines ``numbers`` of ``issue``;
    ``other`` for a line no block starts on (a signature, a quote's second line)."""
    roles = rule_roles(issue)
    return [roles.get(n, "other") for n in numbers]


def rule_roles(issue: Issue) -> dict[int, str]:
    """The role the rule-based reader gave each line of ``issue``, by line number."""
    roles: dict[int, str] = {}
    if issue.title_line:
        roles[issue.title_line] = "title"
    if issue.subtitle_line:
        roles[issue.subtitle_line] = "subtitle"
    for section in issue.sections:
        if section.title is not None and section.line:
            roles[section.line] = "heading"
        for block in section.blocks:
            match block:
                case Heading():
                    roles[block.line] = "subheading"
                case Paragraph():
                    roles[block.line] = "paragraph"
                case ListBlock():
                    for item in _items(block.items):
                        roles[item.line] = "item"
                case Quote():
                    roles[block.line] = "quote"
                    if block.attribution_line:
                        roles[block.attribution_line] = "attribution"
                case _:
                    roles.setdefault(block.line, type(block).__name__.lower())
    for comment in issue.comments:
        roles[comment.line] = "comment"
    for dropped in issue.dropped:
        roles.setdefault(dropped.line, "bio" if dropped.reason == "author.bio" else "boilerplate")
    return roles


def _items(items: Sequence[ListItem]) -> list[ListItem]:
    found = []
    for item in items:
        found.append(item)
        for child in item.children:
            found += _items(child.items)
    return found


def _bucket(value: int, edges: Sequence[int]) -> str:
    """The index of the first of ``edges`` (in order) that ``value`` does not pass."""
    return str(bisect_left(edges, value))


def _end(text: str) -> str:
    last = text.rstrip(" \u00a0\u202f")[-1:]
    if last.isalpha():
        return "a"
    if last.isdigit():
        return "9"
    return last if last in ".:?!;,)]»\"'…" else "other"


def _start(text: str) -> str:
    first = text[:1]
    if cues.starts_with_emoji(text):
        return "emoji"
    if first.isupper():
        return "A"
    if first.islower():
        return "a"
    if first.isdigit():
        return "9"
    return first if first in "«\"'“([#>*-–—•" else "other"


@dataclass(frozen=True, slots=True)
class _Line:
    """One line's features alone, ready for python-crfsuite (not to be changed: cached)."""

    features: tuple[str, ...]
    """Its own, as ``name=value``."""
    seen: tuple[tuple[str, ...], ...]
    """What its neighbours see of it, for each offset of :data:`_OFFSETS`."""
    shape: tuple[str, str]
    """Its length bucket and last character, which "same shape" compares."""


_OFFSETS = (-2, -1, 1, 2)
"""Where a line's neighbours are."""
_NEIGHBOURS = ("rule", "len", "end", "start", "short_item", "bullet", "site", "source")
"""The features of a line that its neighbours see."""


@lru_cache(maxsize=65_536)  # lines recur from issue to issue (headers, section names)
def _own(text: str, role: str, known_heading: bool) -> _Line:
    """The features of one line, alone."""
    features = {
        "rule": role,
        "len": _bucket(len(text), (15, 30, 50, 80, 120, 200, 400)),
        "words": _bucket(cues.words(text), (1, 2, 4, 7, 12, 20, 40)),
        "end": _end(text),
        "start": _start(text),
        "sentences": _bucket(text.count(". ") + text.count("? ") + text.count("! "), (0, 1, 3)),
    }
    flags = {
        "bullet": cues.bullet(text) is not None,
        "numbered": cues.numbered(text) is not None,
        "credit": cues.caption_credit(text) is not None,
        "site": cues.link_site(text) is not None,
        "source": cues.cites_source(text),
        "known_heading": known_heading,
        "subheading_cue": cues.is_subheading(text),
        "intro": cues.is_list_intro(text),
        "short_item": cues.is_short_item(text),
        "prose": cues.is_prose(text),
        "opens_quote": cues.opens_quote(text),
        "closes_quote": cues.closes_quote(text),
        "name": cues.is_name(text),
        "url": cues.has_address(text),
        "bracketed": cues.is_bracketed(text),
        "upper": text.isupper(),
        "paren_end": text.endswith(")") and "(" in text,
        "colon_inside": ":" in text[:-1],
        "dash_inside": " - " in text or " – " in text or " — " in text,
    }
    features.update({name: "1" for name, on in flags.items() if on})
    seen = [(k, features[k]) for k in _NEIGHBOURS if k in features]
    return _Line(
        tuple(f"{key}={value}" for key, value in features.items()),
        tuple(tuple(f"{offset}:{k}={v}" for k, v in seen) for offset in _OFFSETS),
        (features["len"], features["end"]),
    )


def features(
    texts: Sequence[str], roles: Sequence[str], headings: frozenset[str] = frozenset()
) -> list[list[str]]:
    """The features of each line of an issue (its non-blank lines, in order), with the
    role the rules gave each and the section names the archive uses: ``name=value``
    strings, as python-crfsuite takes them."""
    own = [
        # heading_key costs more than the rest of a long line's features: not without names
        _own(text, role, bool(headings) and cues.heading_key(text) in headings)
        for text, role in zip(texts, roles, strict=True)
    ]
    count = len(texts)
    out: list[list[str]] = []
    for i, line in enumerate(own):
        feature = list(line.features)
        position = "first" if i == 0 else (
            "last" if i == count - 1 else _bucket(10 * i // count, (2, 5, 8)))  # fmt: skip
        feature.append(f"position={position}")
        for k, offset in enumerate(_OFFSETS):
            j = i + offset
            feature += own[j].seen[k] if 0 <= j < count else (f"{offset}:edge=1",)
        if i > 0:
            feature.append(f"same_shape_before={own[i - 1].shape == line.shape}")
        if i < count - 1:
            feature.append(f"same_shape_after={own[i + 1].shape == line.shape}")
        out.append(feature)
    return out


@cache
def _tagger(path: Path) -> pycrfsuite.Tagger:
    import pycrfsuite  # only when an issue is labelled

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


def model_digest(path: Path = MODEL) -> str:
    """The first 12 hex digits of the model's SHA-256: its version, as the docs show it."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def label(
    texts: Sequence[str],
    roles: Sequence[str],
    headings: frozenset[str] = frozenset(),
    model: Path = MODEL,
) -> list[tuple[str, float]]:
    """Each line's label and the labeller's confidence in it (its marginal probability)."""
    if not texts:
        return []
    tagger = _tagger(model)
    labels: list[str] = tagger.tag(features(texts, roles, headings))
    return [(y, tagger.marginal(y, i)) for i, y in enumerate(labels)]


def decisions(
    numbers: Sequence[int],
    texts: Sequence[str],
    roles: Sequence[str],
    headings: frozenset[str] = frozenset(),
    model: Path = MODEL,
    *,
    threshold: float,
) -> list[Decision]:
    """The lines whose label differs from the rules' role, each taken where the
    labeller's confidence reaches ``threshold``. Not decisions: the title, the tail, a
    label the labeller is not trusted with (:data:`_UNTAKEN`), the teaser read as
    anything but a heading, and the lines the rules read from a mark the writer typed
    (:func:`_writer_marked`). Items are taken by lists (:func:`_take_lists`): never one
    alone among other blocks, and a list goes on through the items the labeller is less
    sure of. Nor is a heading taken between a heading and a list's item, which is that
    list's first item far more often than a sub-heading."""
    found: list[Decision] = []
    labels = label(texts, roles, headings, model)
    for n, text, role, (said, confidence) in zip(numbers, texts, roles, labels, strict=True):
        if role in _SKIPPED or said in _UNTAKEN or _agrees(said, role):
            continue
        if role == "subtitle" and said != "heading":
            continue  # the teaser, or the first section's heading
        if not _writer_marked(text, role, headings):
            found.append(Decision(n, role, said, round(confidence, 3), confidence >= threshold))

    def read_as(label: str, rule_roles: tuple[str, ...]) -> set[int]:
        """The lines the rules read so, or a decision taken reads as ``label``."""
        lines = {n for n, role in zip(numbers, roles, strict=True) if role in rule_roles}
        return lines | {d.line for d in found if d.taken and d.label == label}

    position = {n: k for k, n in enumerate(numbers)}
    _take_lists(found, numbers, roles, threshold)
    items, heads = read_as("item", ("item",)), read_as("heading", ("heading", "subheading"))
    for index, decision in enumerate(found):
        if decision.taken and decision.label == "heading":
            k = position[decision.line]
            if 0 < k < len(numbers) - 1 and numbers[k - 1] in heads and numbers[k + 1] in items:
                found[index] = replace(decision, taken=False)
    return found


_NAMES = {"heading": "a heading", "subheading": "a sub-heading", "item": "a list item",
          "quote": "a quote", "caption": "a caption", "figure": "a caption",
          "paragraph": "a paragraph", "code": "code"}  # fmt: skip


def _take_lists(
    found: list[Decision], numbers: Sequence[int], roles: Sequence[str], threshold: float
) -> None:
    """Take the labeller's items by lists, in place: a run of lines in a row, each an item
    of the rules' or one the labeller gives ``threshold`` or more (:data:`_GOES_ON` or
    more for a line the rules read as a paragraph: not a heading between two lists), is a
    list when two of its lines or more are sure (the rules' items, the labeller's from
    ``threshold``); the labeller's items of any other run are not taken. (A rules' item
    the labeller reads otherwise, and is taken, is in no run.)"""
    said = {d.line: index for index, d in enumerate(found) if d.label == "item"}
    unlisted = {d.line for d in found if d.taken and d.label != "item"}

    def goes_on(decision: Decision) -> bool:
        if decision.confidence >= threshold:
            return True
        return decision.confidence >= _GOES_ON and decision.rules == "paragraph"

    def sure(n: int) -> bool:
        return n not in said or found[said[n]].confidence >= threshold

    run: list[int] = []
    for n, role in [*zip(numbers, roles, strict=True), (-1, "")]:
        if (role == "item" and n not in unlisted) or (n in said and goes_on(found[said[n]])):
            run.append(n)
            continue
        listed = sum(map(sure, run)) >= 2
        for m in run:
            if m in said:
                found[said[m]] = replace(found[said[m]], taken=listed)
        run = []
        if n in said:
            found[said[n]] = replace(found[said[n]], taken=False)


def explain(decision: Decision) -> str:
    """What a decision says, as ``inspect`` and the conversion report show it."""
    said = _NAMES.get(decision.label, decision.label)
    rules = _NAMES.get(decision.rules, decision.rules)
    outcome = "read so" if decision.taken else "the rules' reading kept"
    return f"the labeller reads {said} ({decision.confidence:.2f}), the rules {rules}: {outcome}"


def forced(found: Sequence[Decision]) -> dict[int, str]:
    """The roles to force, as an override's ``[lines]`` table would, for the decisions
    taken."""
    return {d.line: _FORCED[d.label] for d in found if d.taken}


def _writer_marked(text: str, role: str, headings: frozenset[str]) -> bool:
    """Whether the rules read the line from a mark its writer typed: an emoji before a
    section's name or square brackets around it, a section name the archive uses; a
    bullet, a number or an emoji before an item, the site after a recommended link, or
    the source or the address a press review's item ends with; quotation marks around a
    quote, or its author after a dash below it (every quote the rules read); the issue's
    number at the end of the teaser."""
    if role == "heading":
        marked = cues.starts_with_emoji(text) or cues.is_bracketed(text)
        return marked or cues.heading_key(text) in headings
    if role == "item":
        marked = cues.bullet(text) is not None or cues.numbered(text) is not None
        marked = marked or cues.starts_with_emoji(text) or cues.link_site(text) is not None
        return marked or cues.cites(text)
    if role == "quote":  # the rules read none without quotation marks or a dash author
        return True
    if role == "subtitle":
        return cues.split_number(text)[1] is not None
    return False


def _agrees(found: str, role: str) -> bool:
    return {
        "heading": role in ("heading", "subheading"),
        "item": role == "item",
        "quote": role == "quote",
        "caption": role == "figure",
        "paragraph": role not in ("heading", "subheading", "item", "quote", "figure"),
    }[found]
