"""Words the writers add to the book, in the book's language (``book.language``)."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "number": "No. {n}",
        "undated": "Undated",
        "issues": "Issues",
        "topic": "Topic: {topic}",
        "comments": "Readers’ comments",
        "count": "{n} issues, {span}.",
        "count_one": "1 issue, {span}.",
        "span": "from {first} to {last}",
        "span_one": "in {year}",
        "by": "by {author}",
        "search": "Search…",
    },
    "fr": {
        "number": "n°\u00a0{n}",
        "undated": "Sans date",
        "issues": "Les lettres",
        "topic": "Sujet\u00a0: {topic}",
        "comments": "Commentaires des lecteurs",
        "count": "{n}\u00a0lettres, {span}.",
        "count_one": "1\u00a0lettre, {span}.",
        "span": "de {first} à {last}",
        "span_one": "en {year}",
        "by": "par {author}",
        "search": "Rechercher…",
    },
}


def label(language: str, key: str, **values: object) -> str:
    """The label ``key`` in ``language`` (its base language, else English), filled in."""
    table = (
        _LABELS.get(language) or _LABELS.get(language.split("-")[0].split("_")[0]) or _LABELS["en"]
    )
    return table[key].format(**values)


def long_date(date: dt.date, language: str) -> str:
    """``12 mars 2024`` in French, ``March 12, 2024`` in English."""
    return str(format_date(date, format="long", locale=language.replace("-", "_")))
