# letter-book: the maintainer's entry points. `make help` lists them.
# Every target bootstraps .venv on first use. ARCHIVE=path builds another archive
# (default: archive.path in letter-book.toml); OFFLINE=1 takes remote images from the
# cache only.
# Each output target converts the archive first when it, its overrides or the
# configuration changed since the last conversion (`letter-book build` checks a stamp of
# them in book/, which costs a walk of the archive, not a conversion).

PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
ARCHIVE ?=
WATCH   := $(or $(ARCHIVE),archive)
BOOK    := book
BUILD   := build
LB      := $(BIN)/letter-book
OFFLINE ?=
BUILDX   = $(LB) build$(if $(ARCHIVE), --archive $(ARCHIVE))$(if $(OFFLINE), --offline) --book $(BOOK) --out $(BUILD)

.DEFAULT_GOAL := help
# The outputs share Sphinx's doctrees in build/, and each needs the chapters first: one at a time.
.NOTPARALLEL:
.PHONY: help install doctor book chapters html epub pdf print check serve test test-fast lint docs bench corpus eval train clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# Before the virtualenv: doctor.py needs only the standard library, and names the
# system packages to install when one that `make book` needs is missing.
$(STAMP): pyproject.toml
	@$(PYTHON) src/letter_book/doctor.py --require book
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(STAMP) ## create .venv and install letter-book with its development tools

doctor: ## check the system packages letter-book needs (works before .venv exists)
	@$(PYTHON) src/letter_book/doctor.py --venv $(VENV)

book: $(STAMP) ## convert the archive if it changed, then build the EPUB, the PDF and the site
	$(BUILDX) all

chapters: $(STAMP) ## convert the archive into MyST chapters in book/ (always)
	$(LB) convert $(ARCHIVE) --out $(BOOK)$(if $(OFFLINE), --offline)

html: $(STAMP) ## convert if the archive changed, then build the site into build/html/ (linking the EPUB and PDF built)
	$(BUILDX) html

epub: $(STAMP) ## convert if the archive changed, then package the EPUB into build/epub/
	$(BUILDX) epub

pdf: $(STAMP) ## convert if the archive changed, then render the PDF into build/pdf/
	$(BUILDX) pdf

print: $(STAMP) ## convert if the archive changed, then the print edition (interior and cover PDFs) into build/print/
	$(BUILDX) print

# DAISY Ace, from npm; its Electron download cannot run here, hence --ignore-scripts:
# it runs in Debian's Chromium instead (apt-get install chromium).
ACE := .tools/node_modules/.bin/ace-puppeteer
$(ACE):
	@$(PYTHON) src/letter_book/doctor.py --require check
	npm install --prefix .tools --ignore-scripts --no-audit --no-fund @daisy/ace@1

check: $(STAMP) $(ACE) ## convert and build the EPUB if needed, then validate it: EPUBCheck and DAISY Ace
	$(BUILDX) epub
	$(LB) check --ace $(ACE)

serve: chapters ## live preview of the HTML book, rebuilt on every change
	$(BIN)/sphinx-autobuild -c . $(BOOK) $(BUILD)/html --watch $(WATCH) \
	  --pre-build "$(LB) convert $(ARCHIVE) --out $(BOOK)"

test: $(STAMP) ## run the whole test suite
	$(BIN)/python -m pytest

test-fast: $(STAMP) ## run the tests that build no book (Sphinx, EPUB, PDF, browser): seconds
	$(BIN)/python -m pytest -m "not sphinx and not browser"

lint: $(STAMP) ## ruff (lint and format check) and mypy --strict
	$(BIN)/ruff check src tests scripts bench docs conf.py
	$(BIN)/ruff format --check src tests scripts bench docs conf.py
	$(BIN)/mypy

docs: $(STAMP) ## build the documentation site into build/docs/ (warnings are errors)
	$(BIN)/sphinx-build -W --keep-going -q -b html docs $(BUILD)/docs

bench: $(STAMP) ## benchmark generated archives of 50, 250 and 1000 issues into bench/results.md
	$(BIN)/python bench/run.py

corpus: $(STAMP) ## rebuild the evaluation corpus's plain-text copies and truth files into corpus/build/
	$(BIN)/python scripts/corpus.py

eval: corpus ## score the plain-text readers (rules, crf) on the evaluation corpus into corpus/results.md
	$(BIN)/python scripts/evaluate.py

train: corpus ## retrain the plain-text line labeller into src/letter_book/readers/structure.crfsuite
	$(BIN)/python scripts/train.py

clean: ## remove generated chapters and outputs (keeps .venv and .tools)
	rm -rf $(BOOK) $(BUILD)
