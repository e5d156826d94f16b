"""Boilerplate: the lines every issue repeats, set aside and reported.

Three means together: built-in patterns for common French and English
newsletter boilerplate, patterns from the configuration, and recurrence across
the archive (a paragraph found in many issues, digits ignored). Only
paragraphs, the subtitle and quote attributions are candidates: a line that
plays a structural role (a section heading, a sub-heading, a list item, the
signature) keeps it, however often it recurs.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from math import ceil

from letter_book.config import Config
from letter_book.model import Block, Dropped, Heading, Issue, Paragraph, Quote, Section, flatten
from letter_book.reasons import LineReason

# Where a pattern applies: "any" anywhere; "edge" only before the first section
# heading or in the last section (headers and sign-offs), where "Abonnez-vous"
# is a call to subscribe and not a sentence of the issue. Each pattern is one
# alternative starting with ``^`` (the start of the line) or ``\b`` (a word start):
# the matcher groups them by that start (see :class:`Matcher`).
_BUILTIN: tuple[tuple[str, str], ...] = (
    # French
    (r"\bvous [êe]tes [\d\s\u00a0\u202f.,]+(abonné|lect|inscrit)", "any"),
    (r"^nous sommes [\d\s\u00a0\u202f.,]+ (à (vous )?(lire|recevoir|suivre)|abonné|lect|inscrit)", "any"),
    (r"\ben savoir plus sur cette (lettre|newsletter|infolettre)\b", "any"),
    (r"\b(lire|voir|afficher|consulter) (cette|la) (lettre|newsletter|version)\b.{0,30}\bnavigateur\b", "any"),
    (r"\b(se )?(désinscrire|désabonner)\b", "edge"),
    (r"\bdésinscription\b", "edge"),
    (r"\babonnez[- ]vous\b", "edge"),
    (r"\binscrivez[- ]vous\b", "edge"),
    (r"^c[’']est (fini|terminé|tout) pour (aujourd[’']hui|cette semaine|cette fois|ce mois)", "edge"),
    (r"^(à|a) (bientôt|très vite|(la |l[’']|le )?\w+ prochaine?\b)", "edge"),
    (r"^rendez-vous (la semaine prochaine|\w+ prochain)", "edge"),
    (r"\blaissez(-nous| nous)? un\b", "edge"),
    (r"^si (.{1,40} vous a plu|vous avez (aimé|apprécié) cette (lettre|newsletter))", "edge"),
    (r"\b(partagez|transférez)[- ]la\b", "edge"),
    (r"\bfaites[- ]la (suivre|découvrir|circuler)\b", "edge"),
    (r"\bparlez[- ]en autour de vous\b", "edge"),
    (r"^(on se retrouve|bonne (semaine|lecture|journée|soirée|fin de semaine)|merci de m[’']avoir lu)\b", "edge"),
    (r"\b(à|a) (lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)( prochain)?\s*[!.]?$", "edge"),
    (r"^\W*(chaque|tous les) (lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|semaine|mois|matin)s?\b.{0,160}\b(lettre|newsletter|décrypte|raconte|écrit|partage|passe au crible)", "edge"),
    (r"\bà propos\s*$", "edge"),
    # English
    (r"\bview (this (email|issue|post) |it )?(in|on) (your|a|the) (browser|web)\b", "any"),
    (r"\byou(['’]re| are) receiving this\b", "any"),
    (r"\bunsubscribe\b", "edge"),
    (r"\bjoin [\d,.]+ (other )?(subscribers|readers)\b", "any"),
    (r"\bsubscribe (now|here|for free|to)\b", "edge"),
    (r"^subscribe\b", "edge"),
    (r"^(that['’]s|this is) (all|it) for (today|this week|now)", "edge"),
    (r"^see you (next (week|time|month)|soon)", "edge"),
    (r"\bforward (this|it) to a friend\b", "edge"),
    (r"^share this (post|issue|newsletter)", "edge"),
    (r"\bif you (enjoyed|liked) this (issue|newsletter|post|email)\b", "edge"),
    (r"\bthanks for reading\b", "edge"),
    (r"^(until|see you) next (week|time|month|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", "edge"),
    (r"^have a (great|good|nice|lovely) (week|weekend|day)\b", "edge"),
    (r"^\W*(hi|hello|hey)[,!]? i[’']m \w+\b.{0,160}\b(every|each) (week|day|month|monday|tuesday|wednesday|thursday|friday|saturday|sunday)", "edge"),
)  # fmt: skip

_INTRO_MIN = 2
_MIN_KEY = 15
"""Shorter paragraphs ("Pourquoi ?") recur by chance; they never count as recurring."""


_LETTERS = re.compile(r"[^\W\d_]+")


def recurrence_key(text: str) -> str:
    """What two lines share when they differ only by digits, case, punctuation or emoji:
    the runs of letters (``[^\\W\\d_]+``), joined by a space."""
    # Whitespace separates runs, and a word of letters only is a run: the regular
    # expression is needed only for words with something else (faster on prose).
    runs: list[str] = []
    for word in unicodedata.normalize("NFKC", text).casefold().split():
        if word.isalpha():
            runs.append(word)
        elif (core := word.strip(_NOT_LETTERS)).isalpha():
            runs.append(core)  # a word and the punctuation around it, no search needed
        else:
            runs += _LETTERS.findall(word)
    return " ".join(runs)


_NOT_LETTERS = ".,;:!?()[]«»\"'’“”…-–—/*"
"""Punctuation around words, none of it in a run of letters."""


class Keys(dict[str, str]):
    """:func:`recurrence_key` of each text met, computed once: an archive's paragraphs are
    keyed when they are counted and again when each is looked up."""

    def __missing__(self, text: str) -> str:
        key = self[text] = recurrence_key(text)
        return key


def _topic_split(text: str) -> tuple[str, str] | None:
    """``("À chaque lettre un sujet décrypté", "<topic>")`` for a line with a colon."""
    head, sep, tail = text.partition(":")
    if not sep or not tail.strip() or len(head) < _MIN_KEY:
        return None
    return head, tail.strip()


@dataclass(frozen=True, slots=True)
class Recurrence:
    """How many issues of the archive each paragraph (and each intro before a colon) is in."""

    counts: Counter[str]
    """By recurrence key; only the counts that reach a threshold (the others decide
    nothing, and most paragraphs are in one issue)."""
    threshold: int
    """Issues a paragraph must be in to be boilerplate."""
    intro_threshold: int
    """Issues a section intro must open (under the same section name) to be a template."""
    keys: Keys = field(default_factory=Keys, compare=False, repr=False)

    @classmethod
    def empty(cls) -> Recurrence:
        return cls(Counter(), 1 << 30, 1 << 30)

    @staticmethod
    def count(issues: Iterable[Issue], keys: Keys) -> Counts:
        """How many of ``issues`` hold each key, and how many issues there are."""
        counts: Counter[str] = Counter()
        total = 0
        for issue in issues:
            total += 1
            counts.update(set(_issue_keys(issue, keys)))
        return counts, total

    @classmethod
    def of_counts(
        cls, counts: Counter[str], total: int, config: Config, keys: Keys | None = None
    ) -> Recurrence:
        """From the counts of all the archive's issues (``keys``: those already computed)."""
        threshold, intro = _thresholds(total, config)
        counts = _deciding(counts, total, config)
        return cls(counts, threshold, intro, keys if keys is not None else Keys())

    def recurs(self, text: str) -> bool:
        key = self.keys[text]
        return len(key) >= _MIN_KEY and self.counts[key] >= self.threshold

    def intro_topic(self, section: Section, text: str) -> str | None:
        """The topic of ``text`` opening ``section`` if its words up to the colon are a
        recurring intro, else None."""
        split = _topic_split(text)
        if split is None:
            return None
        if self.counts[_intro_key(section, split[0], self.keys)] < self.intro_threshold:
            return None
        return split[1]


Counts = tuple[Counter[str], int]
"""How many issues hold each key, and how many issues there are (:meth:`Recurrence.count`)."""


def _thresholds(total: int, config: Config) -> tuple[int, int]:
    """The issues, of ``total``, a paragraph and a section intro must be in to recur."""
    rules = config.boilerplate
    share = ceil(rules.recurrence_ratio * total)
    # The same words up to a colon, opening the same section, are a template
    # ("À chaque lettre un sujet décrypté : <topic>") rather than chance even
    # in a small archive: the share applies, but two issues are enough.
    return max(rules.recurrence_min, share), max(_INTRO_MIN, share)


def _deciding(counts: Counter[str], total: int, config: Config) -> Counter[str]:
    """The counts that reach a threshold: most paragraphs are in one issue, and a count
    under both thresholds decides nothing."""
    low = min(_thresholds(total, config))
    return Counter({key: n for key, n in counts.items() if n >= low})


def _intro_key(section: Section, head: str, keys: Keys) -> str:
    title = keys[flatten(section.title or ())]
    return f"intro:{title}:{keys[head]}"


def _issue_keys(issue: Issue, keys: Keys) -> Iterable[str]:
    for section in issue.sections:
        for i, block in enumerate(section.blocks):
            if isinstance(block, Paragraph):
                key = keys[flatten(block.content)]
                if len(key) >= _MIN_KEY:
                    yield key
            # A section's first line, paragraph or (short) sub-heading, may be its intro.
            if i == 0 and section.title and isinstance(block, Paragraph | Heading):
                split = _topic_split(flatten(block.content))
                if split is not None:
                    yield _intro_key(section, split[0], keys)


class Matcher:
    """Built-in and configured patterns, compiled once per configuration.

    The built-in patterns are grouped by how they start: those at the start of the
    line are tried there only (one match), those at a word start share one ``\\b``
    (tried once per position instead of once per pattern; one search). Configured
    patterns, of any shape, are searched as written. Each group is a single regular
    expression: a line is boilerplate if any of its scope's groups finds it.
    """

    def __init__(self, config: Config) -> None:
        rules = config.boilerplate
        builtin = _BUILTIN if rules.builtin else ()
        anywhere = [p for p, where in builtin if where == "any"]
        edge = [p for p, where in builtin if where == "edge"]
        configured = list(rules.patterns)
        self.anywhere = _Patterns(anywhere, configured)
        self.at_edge = _Patterns(anywhere + edge, configured)

    def match(self, text: str, *, edge: bool) -> bool:
        return (self.at_edge if edge else self.anywhere).find(text)

    def is_boilerplate(self, text: str, edge: bool) -> bool:
        """:meth:`match` in the shape readers take (``ReadContext.is_boilerplate``)."""
        return self.match(text, edge=edge)


class _Patterns:
    """The patterns of one scope, as (at most) three regular expressions."""

    def __init__(self, builtin: list[str], configured: list[str]) -> None:
        at_start = [p.removeprefix("^") for p in builtin if p.startswith("^")]
        at_word = [p.removeprefix(r"\b") for p in builtin if p.startswith(r"\b")]
        assert len(at_start) + len(at_word) == len(builtin), "a built-in pattern starts otherwise"
        # The built-in patterns are written in lower case: searched in the text in lower case,
        # they need no IGNORECASE, which takes twice as long to search.
        self.at_start = _alternation(at_start, flags=0)
        self.at_word = _alternation(at_word, prefix=r"\b", flags=0)
        self.configured = _alternation(configured)
        self.found: dict[str, bool] = {}

    def find(self, text: str) -> bool:
        found = self.found.get(text)
        if found is None:  # a line is asked again in every issue it is in: searched once
            found = self.found[text] = self._search(text)
        return found

    def _search(self, text: str) -> bool:
        lower = text.lower()
        return bool(
            (self.at_start is not None and self.at_start.match(lower))
            or (self.at_word is not None and self.at_word.search(lower))
            or (self.configured is not None and self.configured.search(text))
        )


def _alternation(
    patterns: list[str], prefix: str = "", flags: int = re.IGNORECASE
) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile(prefix + "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")", flags)


def remove_boilerplate(issue: Issue, matcher: Matcher, recurrence: Recurrence) -> Issue:
    """Set aside boilerplate paragraphs, subtitle and attributions, with their reasons."""
    dropped = list(issue.dropped)

    def reason(text: str, *, edge: bool) -> LineReason | None:
        if matcher.match(text, edge=edge):
            return LineReason.BOILERPLATE_PATTERN
        if recurrence.recurs(text):
            return LineReason.BOILERPLATE_RECURRING
        return None

    subtitle = issue.subtitle
    if subtitle is not None and (why := reason(subtitle, edge=True)):
        dropped.append(Dropped(issue.subtitle_line, subtitle, why))
        subtitle = None

    sections: list[Section] = []
    last = len(issue.sections) - 1
    for index, section in enumerate(issue.sections):
        edge = index == last or (index == 0 and section.title is None)
        blocks: list[Block] = []
        topic = section.topic
        for i, block in enumerate(section.blocks):
            if i == 0 and section.title and isinstance(block, Paragraph | Heading):
                text = flatten(block.content)
                if found := recurrence.intro_topic(section, text):
                    topic = found
                    dropped.append(Dropped(block.line, text, LineReason.SECTION_INTRO))
                    continue
            if isinstance(block, Paragraph):
                text = flatten(block.content)
                if why := reason(text, edge=edge):
                    dropped.append(Dropped(block.line, text, why))
                    continue
            elif isinstance(block, Quote) and block.attribution is not None:
                text = flatten(block.attribution)
                if matcher.match(text, edge=True):
                    dropped.append(
                        Dropped(block.attribution_line, text, LineReason.BOILERPLATE_PATTERN)
                    )
                    block = replace(block, attribution=None)
            blocks.append(block)
        if blocks or section.title is not None:
            sections.append(replace(section, blocks=tuple(blocks), topic=topic))
    dropped.sort(key=lambda d: d.line)
    return replace(issue, subtitle=subtitle, sections=tuple(sections), dropped=tuple(dropped))
