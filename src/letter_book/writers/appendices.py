"""The appendices: what recurs across the issues, gathered at the end of the book.

- **Quotes** (``appendices/quotes``): every attributed quote (the quote of the
  week), with its author, linked to its issue.
- **Links** (``appendices/links``): the recommended links of each issue (lists
  of links: the ``<why> <title> - <site>`` lines of plain-text issues, or lists
  whose every item is a link), with their addresses when the source had them.
- **Index of names**: the people and organisations named in the issues
  (``appendices.index_names``, plus names written alike in at least
  ``appendices.index_min_issues`` issues) become entries of Sphinx's own index,
  one sub-entry per issue, so the HTML site, the EPUB and the PDF share it.

Every appendix is a page of the book, in the home page's second table of
contents; one with nothing to show is not written. When two years or more have
something to show, the quotes and the links are split by year: the appendix is a page
listing a page a year (``appendices/quotes/2024``), so that this week's issue rewrites
its year's page and not one that grows with the whole archive (Sphinx reads, and the
EPUB and the PDF render again, only that page; an e-reader opens pages of a year's size).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping

from letter_book.config import Config
from letter_book.model import Issue, ListBlock, Quote
from letter_book.writers.escape import escape
from letter_book.writers.labels import issue_name, long_date
from letter_book.writers.layout import Chapter, Part
from letter_book.writers.microtypography import typeset_text
from letter_book.writers.myst import Text, block_lines, block_texts
from letter_book.writers.pages import part_title, toctree

QUOTES = "appendices/quotes"
LINKS = "appendices/links"
GENINDEX = "genindex"
"""Sphinx's index page, which the home page's table of contents may name."""

_UPPER = "A-ZÀ-ÖØ-Þ"
_WORD = rf"[{_UPPER}][\w’'-]*[\w]"
# Two to four capitalised words, with lower-case particles between them
# (Thierry Breton, Charles de Gaulle, Agence de la transition écologique is not one),
# or one word with a capital inside or of three to six capitals (OpenAI, CNIL).
_NAME_RULES = (
    rf"(?<![\w’'-])(?:{_WORD}(?:[ \u00a0](?:(?:de|du|des|von|van|der|di|da|la|le)[ \u00a0])?"
    rf"{_WORD}){{1,3}}"
    rf"|[{_UPPER}]{{2,}}[a-z]*[{_UPPER}][\w]*|[{_UPPER}]{{3,6}})(?![\w’'-])"
)
# The same with the capital every name starts with taken first, so that the search skips
# from capital to capital (a pattern starting with a look-behind is tried everywhere).
_NAME = re.compile(
    rf"[{_UPPER}](?<![\w’'-].)(?:[\w’'-]*[\w](?:[ \u00a0](?:(?:de|du|des|von|van|der|di|da|la|le)"
    rf"[ \u00a0])?{_WORD}){{1,3}}"
    rf"|[{_UPPER}]+[a-z]*[{_UPPER}][\w]*|[{_UPPER}]{{2,5}})(?![\w’'-])"
)
_CAPITALISED_RULES = rf"(?<![\w’'-])(?:[LlDd][’'])?({_WORD})(?![\w’'-])"
"""A capitalised word, elided article apart (``l’Europe``: ``Europe``)."""
# The same with the first letter taken first (so that the search skips to one): the elided
# article's, whose word is group 1, else the word's, which is then the whole match.
_CAPITALISED = re.compile(
    rf"[LlDd{_UPPER}](?<![\w’'-].)"
    rf"(?:(?<=[LlDd])[’']({_WORD})(?![\w’'-])|(?<=[{_UPPER}])[\w’'-]*[\w](?![\w’'-]))"
)


def _capitalised(text: str) -> set[str]:
    """The capitalised words of ``text`` (``_CAPITALISED_RULES``' group)."""
    return {match[1] or match[0] for match in _CAPITALISED.finditer(text)}


_NOT_NAMES = frozenset(
    """A An And As At But By For From He If In It Its My No Of On Or Our She So The Then
    There These They This To We What When Where Which Who Why With You Your
    À Au Aux Avec Ce Ces Cet Cette Chaque Comme Dans De Des Du Elle Elles En Et Il Ils Je
    La Le Les Leur Leurs Mais Mon Nos Notre Nous On Ou Où Par Pas Pour Puis Quand Que Qui
    Sa Sans Se Ses Si Son Sur Ta Tes Ton Tous Tout Toute Toutes Un Une Vos Votre Vous
    Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche Janvier Février Mars Avril Mai Juin
    Juillet Août Septembre Octobre Novembre Décembre Monday Tuesday Wednesday Thursday
    Friday Saturday Sunday January February March April May June July August September
    October November December OK PS PDF EPUB HTML URL Photo Photos
    Selon Pendant Depuis Après Avant Entre Chez Contre Sous Vers Voici Voilà Ici Hier Demain
    Ainsi Alors Aussi Bref Enfin Encore Même Plus Moins Non Oui Merci Bonjour Bonne Bon Lui
    Eux Moi Toi Sauf Grâce Face Côté Quant Comment Pourquoi Combien Quel Quelle Quels Quelles
    According After Before Since During Today Yesterday Here Now Also Thanks Hello Dear Hi
    How Many Much Not One Two Three""".split()  # noqa: SIM905
)


def _texts(issue: Issue) -> Iterator[str]:
    """The running text of an issue, where names are written (not its section titles)."""
    for section in issue.sections:
        for block in section.blocks:
            yield from block_texts(block, prose=True)


def _candidates(text: str) -> Iterator[str]:
    for match in _NAME.finditer(text):
        words = match.group().split()
        if re.match(r"[LD][’']", words[0]):
            words[0] = words[0][2:]  # L’hémicycle, D’Artagnan
            if not words[0][:1].isupper():
                words.pop(0)
        while words and (words[0] in _NOT_NAMES or words[0].islower()):
            words.pop(0)  # an article or a particle first: a sentence starts there
        while words and (words[-1] in _NOT_NAMES or words[-1].islower()):
            words.pop()
        if len(words) == 1 and not re.search(rf"[{_UPPER}].*[{_UPPER}]", words[0]):
            continue  # one capitalised word: a sentence's first word as often as a name
        if words and words[0] not in _NOT_NAMES:
            yield " ".join(words)


def _forms(name: str) -> list[str]:
    """A name, then the shorter names it may be, first word dropped (``Selon Thierry Breton``
    may be ``Thierry Breton``: a sentence's first word is capitalised too)."""
    forms = [name]
    words = name.split()[1:]
    while len(words) >= 2:
        forms.append(" ".join(words))
        words = words[1:]
        while words and words[0].islower():
            words = words[1:]
    return forms


def names_by_issue(chapters: list[Chapter], config: Config) -> dict[str, list[str]]:
    """Chapter label to the index names found in its issue, sorted."""
    settings = config.appendices
    wanted = [name for name in settings.index_names if name.strip()]
    patterns = [(name, re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")) for name in wanted]
    found: dict[str, set[str]] = {}
    candidates: dict[str, list[list[str]]] = {}
    capitalised: Counter[str] = Counter()  # issues that write each capitalised word
    for chapter in chapters:
        text = "\n".join(_texts(chapter.issue))
        found[chapter.label] = {  # `in` first: most issues name few of them
            name for name, pattern in patterns if name in text and pattern.search(text)
        }
        candidates[chapter.label] = [_forms(name) for name in set(_candidates(text))]
        capitalised.update(_capitalised(text))
    counts = Counter(
        form for names in candidates.values() for form in {f for forms in names for f in forms}
    )

    def recurs(form: str) -> bool:
        """In enough issues, and not two words each written far more often on its own
        (``Europe État`` in a list of topics is two names side by side, not one)."""
        words = [w for w in form.split() if not w.islower()]
        alone = all(capitalised[w] >= 2 * counts[form] for w in words) and len(words) > 1
        return counts[form] >= settings.index_min_issues and not alone

    for key, names in candidates.items():
        for forms in names:  # the longest form of the name that recurs
            form = next((f for f in forms if recurs(f)), None)
            if form is not None:
                found[key].add(form)
    return {key: sorted(names) for key, names in found.items() if names}


def _source(chapter: Chapter, config: Config) -> str:
    issue, language = chapter.issue, config.book.language
    name = typeset_text(
        issue_name(language, issue.number, issue.title), french=config.french_spacing
    )
    text = f"[{escape(name)}](#{chapter.label})"
    if issue.date is not None:
        text += f" · {escape(long_date(issue.date, language))}"
    return text


def _page(docname: str, title: str, body: list[str]) -> str:
    """A page with its label and title: ``(appendices-quotes)=``, ``# Citations``."""
    return "\n".join([f"({docname.replace('/', '-')})=", f"# {escape(title)}", "", *body])


def quote_lines(chapter: Chapter, config: Config, text: Text) -> list[str]:
    """The quotes page's lines for ``chapter``: its attributed quotes, each with its source."""
    lines: list[str] = []
    for section in chapter.issue.sections:
        for block in section.blocks:
            if isinstance(block, Quote) and block.attribution:
                lines += [*block_lines(block, text), ""]
                lines += ["{.quote-source}", _source(chapter, config), ""]
    return lines


def _is_links(block: ListBlock) -> bool:
    return block.links or all(any(s.href for s in item.content) for item in block.items)


def link_lines(chapter: Chapter, config: Config, text: Text) -> list[str]:
    """The links page's lines for ``chapter``: its lists of links, under its source."""
    lists = [
        block
        for section in chapter.issue.sections
        for block in section.blocks
        if isinstance(block, ListBlock) and _is_links(block)
    ]
    if not lists:
        return []
    lines = [f"## {_source(chapter, config)}", ""]
    for block in lists:
        lines += [*block_lines(block, text), ""]
    return lines


Lines = Mapping[str, list[str]]
"""Chapter label to its lines in one appendix."""


def render_pages(
    docname: str, title: str, parts: tuple[Part, ...], lines: Lines, config: Config
) -> dict[str, str]:
    """An appendix's pages by docname, from each chapter's ``lines`` in it (what
    :func:`quote_lines` or :func:`link_lines` gave): when two parts or more (years, the
    undated issues) have something to show, a page listing a page for each
    (``Citations · 2024``, listed as ``2024``), and those; else one page; nothing if no
    issue has anything to show."""
    bodies = [
        (part, body)
        for part in parts
        if (body := [line for chapter in part.chapters for line in lines[chapter.label]])
    ]
    if len(bodies) < 2:
        return {docname: _page(docname, title, bodies[0][1])} if bodies else {}
    language = config.book.language
    pages, entries = {}, []
    for part, body in bodies:
        name, year = f"{docname}/{part.key}", part_title(part, language)
        pages[name] = _page(name, f"{title} · {year}", body)  # xhtml.title_under: "2024"
        entries.append(f"{year} </{name}>")
    return {docname: _page(docname, title, [*toctree(entries), ""])} | pages
