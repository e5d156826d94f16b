"""Score readers on the evaluation corpus: ``corpus/build/`` (``make corpus``) to
``corpus/results.md``.

A *labeller* turns one newsletter's folder of plain-text copies into the model of each
issue, as ``letter-book inspect --json`` gives it (docs/reference/inspect-json.md). The
baseline is the project's plain-text reader, run over the folder as over an archive (so
that what it learns from the whole archive counts). A future labeller (a learned one,
selected by ``structure.reader``) is one more entry in :data:`LABELLERS`, and one more
column of each table. :func:`cross_validate` scores a labeller trained on some newsletters
on others: leave-one-newsletter-out is :func:`leave_one_out`.

Texts are compared after :func:`normalise`. Counts are pooled over every issue.

    python scripts/evaluate.py                   # every labeller, every newsletter
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "corpus" / "build"
RECORD = ROOT / "corpus" / "SOURCES.json"
RESULTS = ROOT / "corpus" / "results.md"

Model = dict[str, Any]
"""One issue as ``inspect --json`` gives it."""
Labeller = Callable[[Path, str], dict[str, Model]]
"""Read a folder of copies (in a language); the model of each, by file stem."""
Factory = Callable[[Sequence[str]], Labeller]
"""Make a labeller from training newsletters (a rule-based one ignores them)."""

_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\ufe0e\ufe0f\u200d\u20e3]"
)


def normalise(text: str) -> str:
    """NFC, no-break spaces as spaces, ’ as ', emoji removed, white space collapsed."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'")
    text = _EMOJI.sub("", text)
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------
# Counting


@dataclass(slots=True)
class Count:
    """True positives, false positives and false negatives, pooled."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __iadd__(self, other: Count) -> Count:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


def matched(truth: Iterable[str], found: Iterable[str], ignored: Iterable[str] = ()) -> Count:
    """Compare two multisets of texts (normalised); ``ignored`` texts found count neither
    way (the title, found as a heading)."""
    want = Counter(t for t in map(normalise, truth) if t)
    got = Counter(t for t in map(normalise, found) if t)
    for text in {normalise(t) for t in ignored}:
        extra = got[text] - want[text]
        if extra > 0:
            got[text] -= extra
    tp = sum((want & got).values())
    return Count(tp, sum(got.values()) - tp, sum(want.values()) - tp)


MEASURES = ("headings", "items", "lists", "captions", "quotes", "titles")


def model_parts(model: Model) -> dict[str, list[Any]]:
    """What the scorer reads of a model."""
    parts: dict[str, list[Any]] = {m: [] for m in MEASURES}
    for section in model.get("sections", []):
        if section.get("title"):
            parts["headings"].append(section["title"])
        for block in section.get("blocks", []):
            match block.get("type"):
                case "heading":
                    parts["headings"].append(block["text"])
                case "list":
                    parts["items"] += block["items"]
                    parts["lists"].append(tuple(normalise(i) for i in block["items"]))
                case "figure":
                    if block.get("caption"):
                        parts["captions"].append(block["caption"])
                case "quote":
                    parts["quotes"].append(block["text"])
                    if block.get("attribution"):  # the caption of the figure around it
                        parts["captions"].append(block["attribution"])
    return parts


def _undashed(caption: str) -> str:
    """A caption without the dash before a quote's author (``—Tim Sneath``), which the
    markup types and the model leaves to the book's style."""
    return caption.lstrip("—–- ")


def score_issue(truth: Mapping[str, Any], model: Model | None) -> dict[str, Count]:
    """Each measure's counts for one issue (no model: nothing found)."""
    got = model_parts(model or {})
    title = truth.get("title") or ""
    lists = [tuple(normalise(i) for i in items) for items in truth["lists"]]
    found_title = normalise((model or {}).get("title") or "")
    return {
        "headings": matched([h["text"] for h in truth["headings"]], got["headings"], [title]),
        "items": matched([i for items in truth["lists"] for i in items], got["items"]),
        "lists": _lists(lists, got["lists"]),
        "captions": matched(map(_undashed, truth["captions"]), map(_undashed, got["captions"])),
        "quotes": matched(truth["quotes"], got["quotes"]),
        "titles": Count(
            int(bool(title) and found_title == normalise(title)),
            int(bool(found_title) and found_title != normalise(title)),
            int(bool(title) and found_title != normalise(title)),
        ),
    }


def _lists(truth: list[tuple[str, ...]], found: list[tuple[str, ...]]) -> Count:
    """A list is found when the model has one list of exactly its items, in order."""
    want, got = Counter(truth), Counter(found)
    tp = sum((want & got).values())
    return Count(tp, sum(got.values()) - tp, sum(want.values()) - tp)


@dataclass(slots=True)
class Scores:
    """The pooled counts of one labeller: by newsletter, then by measure."""

    by_newsletter: dict[str, dict[str, Count]] = field(default_factory=dict)
    issues: dict[str, int] = field(default_factory=dict)

    def add(self, newsletter: str, counts: Mapping[str, Count]) -> None:
        pooled = self.by_newsletter.setdefault(newsletter, {m: Count() for m in MEASURES})
        for measure, count in counts.items():
            pooled[measure] += count
        self.issues[newsletter] = self.issues.get(newsletter, 0) + 1

    def overall(self) -> dict[str, Count]:
        total = {m: Count() for m in MEASURES}
        for counts in self.by_newsletter.values():
            for measure, count in counts.items():
                total[measure] += count
        return total


# ---------------------------------------------------------------------------------------
# Labellers


def _reader(structure: dict[str, str]) -> Labeller:
    """The project's plain-text reader, as ``letter-book convert`` runs it on an archive,
    with these ``[structure]`` settings."""

    def label(folder: Path, language: str) -> dict[str, Model]:
        from letter_book import progress
        from letter_book.config import parse_config
        from letter_book.convert.archive import read_archive
        from letter_book.convert.dump import issue_json

        data = {"book": {"language": language}, "structure": structure}
        config = parse_config(data, folder / "letter-book.toml")
        progress.set_quiet(True)
        archive = read_archive(folder, config)
        return {
            Path(e.issue.source.path).stem: issue_json(e.issue)
            for e in archive.entries
            if e.issue.source.path
        }

    return label


def rules_labeller(training: Sequence[str]) -> Labeller:
    """The rule-based reader (``structure.reader = "rules"``): it learns nothing from
    ``training``."""
    del training
    return _reader({"reader": "rules"})


def crf_labeller(training: Sequence[str]) -> Labeller:
    """The rules then the line labeller (``structure.reader = "crf"``), trained on the
    newsletters ``training`` only (scripts/train.py)."""
    spec = importlib.util.spec_from_file_location("_train", Path(__file__).with_name("train.py"))
    assert spec is not None and spec.loader is not None
    train = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train)
    digest = hashlib.sha256("\n".join(training).encode()).hexdigest()[:12]
    model = train.train(training, BUILD / "models" / f"{digest}.crfsuite")
    return _reader({"reader": "crf", "model": str(model)})


LABELLERS: dict[str, Factory] = {"rules": rules_labeller, "crf": crf_labeller}
"""The labellers scored, one column each; the first is the baseline."""


def newsletters(build: Path = BUILD) -> dict[str, str]:
    """The newsletters of the corpus, with their languages, in the record's order."""
    record = cast(list[dict[str, Any]], json.loads(RECORD.read_text(encoding="utf-8")))
    return {s["name"]: s["language"] for s in record if (build / s["name"]).is_dir()}


def score(
    labeller: Labeller, names: Sequence[str], build: Path = BUILD, into: Scores | None = None
) -> Scores:
    """The labeller's counts over the newsletters ``names`` of ``build``."""
    scores = into or Scores()
    languages = newsletters(build)
    for name in names:
        models = labeller(build / name / "copy", languages.get(name, "en"))
        for path in sorted((build / name / "truth").glob("*.json")):
            truth = json.loads(path.read_text(encoding="utf-8"))
            scores.add(name, score_issue(truth, models.get(path.stem)))
    return scores


def cross_validate(
    factory: Factory, train: Sequence[str], test: Sequence[str], build: Path = BUILD
) -> Scores:
    """Train a labeller on ``train`` and score it on ``test`` (disjoint lists)."""
    if set(train) & set(test):
        raise ValueError("a newsletter is both trained and tested on")
    return score(factory(train), test, build)


def leave_one_out(factory: Factory, names: Sequence[str], build: Path = BUILD) -> Scores:
    """Each newsletter scored by a labeller trained on all the others, pooled."""
    scores = Scores()
    for name in names:
        rest = [n for n in names if n != name]
        score(factory(rest), [name], build, into=scores)
    return scores


# ---------------------------------------------------------------------------------------
# Report


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}"


def report(results: Mapping[str, Scores], languages: Mapping[str, str]) -> str:
    """The Markdown of corpus/results.md: one table a measure, one column a labeller."""
    names = list(languages)
    labellers = list(results)
    first = results[labellers[0]]
    n_issues = sum(first.issues.values())
    langs = sorted(set(languages.values()))
    out = [
        "# Scores on the evaluation corpus",
        "",
        "Written by `make eval` (scripts/evaluate.py) from `make corpus`; see",
        "docs/explanation/evaluation.md for how each figure is counted.",
        f"{len(names)} newsletters, {n_issues} issues, languages: {', '.join(langs)}.",
        "Each cell is precision / recall / F1, in per cent, pooled over the issues.",
    ]
    titles = {
        "headings": "Headings (section titles and heading blocks; the title aside)",
        "items": "List items (exactly one of the model's items)",
        "lists": "Lists (the same items, in order, as one list of the model)",
        "captions": "Captions",
        "quotes": "Quotes",
        "titles": "Titles",
    }
    for measure in MEASURES:
        out += ["", f"## {titles[measure]}", ""]
        head = "| newsletter | issues | truth |" + "".join(f" {lab} |" for lab in labellers)
        out += [head, "| --- | ---: | ---: |" + " --- |" * len(labellers)]
        rows = [
            (n, {lab: results[lab].by_newsletter.get(n, {}) for lab in labellers}) for n in names
        ]
        rows.append(("**all**", {lab: results[lab].overall() for lab in labellers}))
        for name, by_lab in rows:
            base = by_lab[labellers[0]].get(measure, Count())
            issues = first.issues.get(name, n_issues) if name != "**all**" else n_issues
            cells = []
            for lab in labellers:
                c = by_lab[lab].get(measure, Count())
                cells.append(f" {_pct(c.precision)} / {_pct(c.recall)} / {_pct(c.f1)} |")
            out.append(f"| {name} | {issues} | {base.tp + base.fn} |" + "".join(cells))
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=RESULTS, help="the Markdown written")
    args = parser.parse_args(argv)
    languages = newsletters()
    if not languages:
        print(f"{BUILD}: no corpus built (make corpus)", file=sys.stderr)
        return 1
    names = list(languages)
    # Leave one newsletter out: a newsletter is never in its own labeller's training.
    results = {label: leave_one_out(factory, names) for label, factory in LABELLERS.items()}
    args.out.write_text(report(results, languages), encoding="utf-8")
    print(args.out.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
