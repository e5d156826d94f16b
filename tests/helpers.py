"""What several test modules use: text and files to read, a MyST parser, the text of a page,
a PDF build. (The project's paths, fixtures and ``run``/``make_project`` are in conftest.py.)

Test modules import from here or from conftest.py, never from one another, so that one
module's tests can change, move or go without breaking another's.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from letter_book.config import Config
from letter_book.convert.dump import block_json
from letter_book.model import Issue

from .conftest import WARNINGS_AS_ERRORS, read_text

# -- Text and files to read ------------------------------------------------------------------

PARA = (
    "Une ligne assez longue pour être un paragraphe, avec une phrase complète et un point final "
    "qui la termine proprement."
)
"""A line the plain-text reader takes for a paragraph."""
SUBJECTS = ["les trains de nuit", "la soif des machines", "le vélo", "les données", "le cloud"]


def para(n: int) -> str:
    """A paragraph of its own for issue n (paragraphs shared by issues would recur)."""
    return f"Cette semaine nous parlons de {SUBJECTS[n % len(SUBJECTS)]}, un sujet qui mérite une lettre."


def issue_text(number: int, *body: str) -> str:
    return "\n".join([f"Titre {number}", f"Le teaser de la lettre. #{number}", *body]) + "\n"


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def issue_of(*lines: str, config: Config | None = None) -> Issue:
    return read_text("\n".join(lines) + "\n", config)


def outline(issue: Issue) -> list[tuple[str | None, list[tuple[str, str]]]]:
    """Each section's title and its blocks as (type, text) pairs."""
    result = []
    for section in issue.sections:
        blocks = []
        for block in section.blocks:
            data = block_json(block)
            text = data.get("text") or data.get("caption") or " | ".join(data.get("items", []))
            blocks.append((data["type"], text))
        title = "".join(s.text for s in section.title) if section.title else None
        result.append((title, blocks))
    return result


NEW_ISSUE = """Un numéro ajouté pour le test
Ce qui change quand une lettre arrive. #52

🎯 Le sujet

Un paragraphe assez long pour être un paragraphe, qui renvoie à la lettre #51 et au n°41.
"""
"""An issue to add to a copy of the sample archive (after #51, mentioning #51 and #41)."""

# -- Markup ----------------------------------------------------------------------------------

# Every MyST extension that gives characters a meaning (the typographic ones,
# replacements and smartquotes, change no structure and are off in conf.py).
EXTENSIONS = {
    "amsmath", "attrs_block", "attrs_inline", "colon_fence", "deflist", "dollarmath",
    "fieldlist", "html_admonition", "html_image", "strikethrough", "substitution", "tasklist",
}  # fmt: skip
MD = create_md_parser(MdParserConfig(enable_extensions=EXTENSIONS), RendererHTML)

MARKUP = [
    "```{include} /etc/passwd", "```", "{eval-rst}", ":::", "(label)=", "# titre", "> citation",
    "---", "***", "<script>alert(1)</script>", "[lien](javascript:alert(1))", "| a | b |",
    "{{ jinja }}", "$x$", "$$", "% commentaire", "+++", "1. un", "2) deux", "- puce", "* puce",
    "{role}`x`", "<b>gras</b>", "&amp; &#35;", "*a* _b_ `c` ~~d~~", "\\", "a  ", "[^1]: note",
    ": définition", ":champ: valeur", "~~~", "{.classe}", "<!-- commentaire -->", "![image](x.png)",
    "http://example.org", "<http://example.org>", "==", "* [ ] tâche", "\\*", "#123", "1\\.",
]  # fmt: skip
"""Text that means something in MyST, Markdown, HTML or Jinja: issue text must show it as is."""

# -- Built books -----------------------------------------------------------------------------

EPOCH = "1700000000"  # 2023-11-14T22:13:20Z
"""A SOURCE_DATE_EPOCH for reproducible builds."""


def page_text(path: Path) -> str:
    """The visible text of an HTML page, entities decoded, white space folded (but not NBSP)."""
    source = path.read_text(encoding="utf-8")
    source = re.sub(r"<(script|style)\b.*?</\1>", " ", source, flags=re.DOTALL)
    source = re.sub(r"</?(a|span|em|strong|code|b|i|abbr)\b[^>]*>", "", source)  # inside a line
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", source)))


def build_pdf(
    project: Path, *options: str, epoch: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``letter-book build pdf [OPTIONS]`` in ``project``; the caller checks its return code."""
    env_args = [f"SOURCE_DATE_EPOCH={epoch}"] if epoch else []
    command = ["env", *env_args, sys.executable, *WARNINGS_AS_ERRORS, "-m", "letter_book"]
    command += ["build", "pdf", *options]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
