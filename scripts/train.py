"""Train the plain-text reader's line labeller on the evaluation corpus: ``make train``.

Each issue of ``corpus/build/`` (``make corpus``) is read by the rule-based reader as an
archive reads it (with what the whole newsletter teaches), and each line gets its
features (:func:`letter_book.readers.labeller.features`) and the label its truth file
gives it (:data:`TRUTH_LABELS`). The CRF is trained on every line of every issue, in the
corpus's order, by L-BFGS with fixed parameters: the same corpus gives the same model.

    python scripts/train.py                       # src/letter_book/readers/structure.crfsuite
    python scripts/train.py --out model.crfsuite --without servo-twis
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "corpus" / "build"
RECORD = ROOT / "corpus" / "SOURCES.json"

TRUTH_LABELS = {
    "title": "title", "heading": "heading", "item": "item", "quote": "quote",
    "caption": "caption", "paragraph": "paragraph", "code": "paragraph", "cell": "paragraph",
}  # fmt: skip
"""The truth files' labels, as the labeller's (:data:`letter_book.readers.labeller.LABELS`)."""
PARAMETERS = {
    "c1": 0.05,  # L1: features that do not help are dropped, the model stays small
    "c2": 0.01,
    "max_iterations": 150,
    "feature.possible_transitions": True,
}


def newsletters(build: Path = BUILD) -> dict[str, str]:
    """The corpus's newsletters with their languages, in the record's order."""
    record = cast(list[dict[str, Any]], json.loads(RECORD.read_text(encoding="utf-8")))
    return {s["name"]: s["language"] for s in record if (build / s["name"]).is_dir()}


Sequence_ = tuple[list[list[str]], list[str]]


def examples(names: Sequence[str], build: Path = BUILD) -> Iterator[Sequence_]:
    """Each issue of the newsletters ``names``: its lines' features and labels."""
    from letter_book import progress
    from letter_book.config import parse_config
    from letter_book.convert.archive import read_archive
    from letter_book.diagnostics import Diagnostics
    from letter_book.readers import labeller, plaintext
    from letter_book.readers.base import ReadContext
    from letter_book.transforms.boilerplate import Matcher

    progress.set_quiet(True)
    languages = newsletters(build)
    for name in names:
        folder = build / name / "copy"
        data = {"book": {"language": languages[name]}, "structure": {"reader": "rules"}}
        config = parse_config(data, folder / "letter-book.toml")
        hints = read_archive(folder, config).knowledge.hints  # what the newsletter teaches
        matcher = Matcher(config)
        for path in sorted(folder.glob("*.txt")):
            truth = json.loads((build / name / "truth" / f"{path.stem}.json").read_text("utf-8"))
            ctx = ReadContext(path.name, config, Diagnostics(), {}, hints, matcher.is_boilerplate)
            lines, issue = plaintext.read_by_rules(path.read_bytes(), ctx)
            texts = [line.text for line in lines]
            labels = [TRUTH_LABELS[line["label"]] for line in truth["lines"]]
            if len(labels) != len(texts):
                raise SystemExit(f"{path}: {len(texts)} lines, {len(labels)} in its truth file")
            rules = labeller.line_roles([line.n for line in lines], issue)
            yield labeller.features(texts, rules, hints.headings), labels


HOUSE = (ROOT / "archive", ROOT / "tests" / "data" / "samples")
"""Archives in letter-book's own plain-text format (ISSUE-FORMAT.md), which the rules read
right (the golden files check it): the labeller learns to agree with the rules there."""
HOUSE_GENERATED = 200
"""Issues of the format that bench/make_archive.py writes (seed 1) beside :data:`HOUSE`."""
RULE_LABELS = {"heading": "heading", "subheading": "heading", "item": "item", "quote": "quote",
               "figure": "caption", "title": "title"}  # fmt: skip
"""The rules' roles, as the labeller's labels (any other role: ``paragraph``)."""


def house_examples(folders: Sequence[Path]) -> Iterator[Sequence_]:
    """Each issue of ``folders``, labelled by the rules' own reading."""
    from letter_book import progress
    from letter_book.config import Config
    from letter_book.convert.archive import read_archive
    from letter_book.diagnostics import Diagnostics
    from letter_book.readers import labeller, plaintext
    from letter_book.readers.base import ReadContext
    from letter_book.transforms.boilerplate import Matcher

    progress.set_quiet(True)
    config = Config(structure=replace(Config().structure, reader="rules"))
    matcher = Matcher(config)
    for folder in folders:
        hints = read_archive(folder, config).knowledge.hints
        for path in sorted(folder.glob("*.txt")):
            ctx = ReadContext(path.name, config, Diagnostics(), {}, hints, matcher.is_boilerplate)
            lines, issue = plaintext.read_by_rules(path.read_bytes(), ctx)
            rules = labeller.line_roles([line.n for line in lines], issue)
            texts = [line.text for line in lines]
            labels = [RULE_LABELS.get(role, "paragraph") for role in rules]
            yield labeller.features(texts, rules, hints.headings), labels


def train(names: Sequence[str], out: Path, build: Path = BUILD) -> Path:
    """Train on the newsletters ``names`` and the house archives; write the model to
    ``out``."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for features, labels in examples(names, build):
        trainer.append(features, labels)
    with tempfile.TemporaryDirectory() as generated:
        command = [sys.executable, str(ROOT / "bench" / "make_archive.py"),
                   str(HOUSE_GENERATED), generated, "--seed", "1"]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True)
        for features, labels in house_examples([*HOUSE, Path(generated)]):
            trainer.append(features, labels)
    trainer.set_params(PARAMETERS)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    return out


def main(argv: list[str] | None = None) -> int:
    from letter_book.readers.labeller import MODEL, model_digest

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL, help="the model file to write")
    parser.add_argument("--without", action="append", default=[], help="a newsletter left out")
    args = parser.parse_args(argv)
    names = [n for n in newsletters() if n not in args.without]
    if not names:
        print("train: no corpus; run make corpus first", file=sys.stderr)
        return 1
    out = train(names, args.out)
    print(f"train: {out} from {len(names)} newsletters, model {model_digest(out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
