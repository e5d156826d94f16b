"""Reference tables generated from letter-book's code, so that they cannot drift from it.

``{letterbook-config}`` lists every configuration key: its table, its default and the
docstring written under it in :mod:`letter_book.config`. ``{letterbook-codes} Code``
lists the members of an enum of :mod:`letter_book.diagnostics` (or another module named
with ``:module:``) with their docstrings. ``{letterbook-help}`` prints the command
line's ``--help``, of the whole tool or of one command. ``{letterbook-targets}`` lists
the Makefile's targets with their ``##`` comments.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import enum
import importlib
import inspect
import itertools
import re
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

ROOT = Path(__file__).resolve().parents[2]


def attribute_docs(cls: type) -> dict[str, str]:
    """Each attribute of ``cls`` to the docstring written under it in its source."""
    tree = ast.parse(inspect.getsource(cls))
    body = tree.body[0].body  # type: ignore[attr-defined]
    docs: dict[str, str] = {}
    for node, after in itertools.pairwise(body):
        target = None
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            target = node.target.id
        elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            target = node.targets[0].id
        if (
            target
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[target] = inspect.cleandoc(after.value.value)
    return docs


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> nodes.table:
    """A docutils table whose cells are parsed as inline MyST (their ``code`` shows)."""
    table = nodes.table()
    group = nodes.tgroup(cols=len(header))
    table += group
    group += [nodes.colspec(colwidth=1) for _ in header]
    head, body = nodes.thead(), nodes.tbody()
    group += [head, body]
    for cells, parent in [(header, head), *((row, body) for row in rows)]:
        row_node = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            entry += nodes.paragraph("", "", *_inline(cell))
            row_node += entry
        parent += row_node
    return table


def _inline(text: str) -> list[nodes.Node]:
    """Text with its ``code`` spans as literals, the rest as plain text."""
    parts: list[nodes.Node] = []
    for i, piece in enumerate(re.split(r"``?([^`]+)``?", text)):
        if piece:
            parts.append(nodes.literal(piece, piece) if i % 2 else nodes.Text(piece))
    return parts


def _default(field: dataclasses.Field[Any]) -> str:
    missing = field.default is dataclasses.MISSING
    value = field.default_factory() if missing else field.default  # type: ignore[misc]
    if value is None:
        return "none"
    if isinstance(value, bool):
        return f"``{str(value).lower()}``"
    if isinstance(value, str):
        return f'``"{value}"``'
    if isinstance(value, tuple):
        return "``[" + ", ".join(f'"{v}"' for v in value) + "]``"
    return f"``{value}``"


class ConfigTable(SphinxDirective):
    """Every key of ``letter-book.toml``, from the configuration's dataclasses."""

    def run(self) -> list[nodes.Node]:
        config = importlib.import_module("letter_book.config")
        rows = []
        for name, cls in config._TABLES.items():
            docs = attribute_docs(cls)
            for field in dataclasses.fields(cls):
                doc = " ".join(docs.get(field.name, "").split())
                if not doc:
                    raise self.error(f"{cls.__name__}.{field.name} has no docstring")
                rows.append((f"``{name}.{field.name}``", _default(field), doc))
        return [_table(("key", "default", "meaning"), rows)]


class CodesTable(SphinxDirective):
    """The members of an enum with their docstrings: warning codes, reasons."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"module": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        module = importlib.import_module(self.options.get("module", "letter_book.diagnostics"))
        cls = getattr(module, self.arguments[0])
        if not (isinstance(cls, type) and issubclass(cls, enum.Enum)):
            raise self.error(f"{self.arguments[0]} is not an enum")
        docs = attribute_docs(cls)
        rows = []
        for member in cls:
            doc = " ".join(docs.get(member.name, "").split())
            if not doc:
                raise self.error(f"{cls.__name__}.{member.name} has no docstring")
            rows.append((f"``{member.value}``", doc))
        return [_table(("code", "meaning"), rows)]


class HelpText(SphinxDirective):
    """``letter-book [COMMAND] --help`` as the installed command prints it."""

    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        cli = importlib.import_module("letter_book.cli")
        parser: argparse.ArgumentParser = cli._parser()
        if self.arguments:
            commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
            parser = commands.choices[self.arguments[0]]
        text = parser.format_help().replace(" __main__.py", " letter-book")
        block = nodes.literal_block(text, text)
        block["language"] = "text"
        return [block]


class MakeTargets(SphinxDirective):
    """The targets of the repository's Makefile, with their ``##`` comments."""

    def run(self) -> list[nodes.Node]:
        makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
        rows = [
            (f"``make {target}``", comment.strip())
            for target, comment in re.findall(r"^([a-z-]+):.*?## (.*)$", makefile, re.M)
        ]
        return [_table(("target", "does"), rows)]


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("letterbook-config", ConfigTable)
    app.add_directive("letterbook-codes", CodesTable)
    app.add_directive("letterbook-help", HelpText)
    app.add_directive("letterbook-targets", MakeTargets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
