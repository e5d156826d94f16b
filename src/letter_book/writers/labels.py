"""Words the writers add to the book, in the book's language (``book.language``)."""

from __future__ import annotations

import datetime as dt
import functools

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
        "reading_time": "{n} min read",
        "search": "Search…",
        "downloads": "Download the book",
        "latest": "Latest issues",
        "appendices": "Appendices",
        "quotes": "Quotes",
        "links": "Recommended links",
        "index": "Index of names",
        "toc": "Contents",
        "toc_toggle": "Contents of {title}",
        "cover": "Cover",
        "landmarks": "Landmarks",
        "start": "Start of the book",
        "cover_alt": "Cover of {title}",
        "a11y_summary": (
            "A book of newsletter issues: text with headings, lists and quotes, a table of "
            "contents by year, issue and section; the only image is the cover, described."
        ),
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
        "reading_time": "{n}\u00a0min de lecture",
        "search": "Rechercher…",
        "downloads": "Télécharger le livre",
        "latest": "Dernières lettres",
        "appendices": "Annexes",
        "quotes": "Citations",
        "links": "Liens recommandés",
        "index": "Index des noms",
        "toc": "Table des matières",
        "toc_toggle": "Contenu de {title}",
        "cover": "Couverture",
        "landmarks": "Repères",
        "start": "Début du livre",
        "cover_alt": "Couverture de {title}",
        "a11y_summary": (
            "Un livre de lettres d’information : du texte structuré par des titres, des listes "
            "et des citations, une table des matières par année, lettre et rubrique ; la seule "
            "image est la couverture, décrite par un texte."
        ),
    },
}


def label(language: str, key: str, **values: object) -> str:
    """The label ``key`` in ``language`` (its base language, else English), filled in."""
    table = (
        _LABELS.get(language) or _LABELS.get(language.split("-")[0].split("_")[0]) or _LABELS["en"]
    )
    return table[key].format(**values)


def issue_name(language: str, number: int | None, title: str) -> str:
    """``n° 48 · Vélo électrique``: an issue as lists and links name it (its title alone
    without a number)."""
    return title if number is None else f"{label(language, 'number', n=number)} · {title}"


def issue_count(language: str, count: int, years: list[int]) -> str:
    """``11 lettres, de 2023 à 2024.``: how many issues over which years (sorted)."""
    if not years:
        span = ""
    elif len(years) == 1:
        span = label(language, "span_one", year=years[0])
    else:
        span = label(language, "span", first=years[0], last=years[-1])
    return label(language, "count_one" if count == 1 else "count", n=count, span=span)


def file_size(size: int, language: str) -> str:
    """``164 kB`` / ``1,3 MB`` in the language's number format."""
    from babel.units import format_unit

    locale = language.replace("-", "_")
    if size < 1_000_000:
        return str(
            format_unit(max(1, round(size / 1000)), "digital-kilobyte", "short", locale=locale)
        )
    return str(format_unit(round(size / 1_000_000, 1), "digital-megabyte", "short", locale=locale))


@functools.lru_cache(maxsize=4096)  # an issue's date is written three times (chapter, appendices)
def long_date(date: dt.date, language: str) -> str:
    """``12 mars 2024`` in French, ``March 12, 2024`` in English."""
    return str(format_date(date, format="long", locale=language.replace("-", "_")))
