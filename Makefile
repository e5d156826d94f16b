# letter-book: the maintainer's entry points. `make help` lists them.
# Every target bootstraps .venv on first use. ARCHIVE=path builds another archive
# (default: archive.path in letter-book.toml).

PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
ARCHIVE ?=
WATCH   := $(or $(ARCHIVE),archive)
BOOK    := book
BUILD   := build
LB      := $(BIN)/letter-book

.DEFAULT_GOAL := help
# The outputs share Sphinx's doctrees in build/, and each needs the chapters first: one at a time.
.NOTPARALLEL:
.PHONY: help install book chapters html epub pdf check serve test lint bench clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(STAMP) ## create .venv and install letter-book with its development tools

book: chapters epub pdf html ## convert the archive and build every output

chapters: $(STAMP) ## convert the archive into MyST chapters in book/
	$(LB) convert $(ARCHIVE) --out $(BOOK)

html: $(STAMP) ## build the hosted HTML book into build/html/
	$(LB) build html --book $(BOOK) --out $(BUILD)

epub: $(STAMP) ## package the EPUB into build/epub/
	$(LB) build epub --book $(BOOK) --out $(BUILD)

pdf: $(STAMP) ## render the PDF into build/pdf/
	$(LB) build pdf --book $(BOOK) --out $(BUILD)

# DAISY Ace, from npm; its Electron download cannot run here, hence --ignore-scripts:
# it runs in Debian's Chromium instead (apt-get install chromium).
ACE := .tools/node_modules/.bin/ace-puppeteer
$(ACE):
	npm install --prefix .tools --ignore-scripts --no-audit --no-fund @daisy/ace@1

check: $(STAMP) $(ACE) ## validate the EPUB: EPUBCheck and DAISY Ace
	$(LB) check --ace $(ACE)

serve: chapters ## live preview of the HTML book, rebuilt on every change
	$(BIN)/sphinx-autobuild -c . $(BOOK) $(BUILD)/html --watch $(WATCH) \
	  --pre-build "$(LB) convert $(ARCHIVE) --out $(BOOK)"

test: $(STAMP) ## run the whole test suite
	$(BIN)/python -m pytest

lint: $(STAMP) ## ruff (lint and format check) and mypy --strict
	$(BIN)/ruff check src tests scripts bench conf.py
	$(BIN)/ruff format --check src tests scripts bench conf.py
	$(BIN)/mypy

bench: $(STAMP) ## benchmark generated archives of 50, 250 and 1000 issues into bench/results.md
	$(BIN)/python bench/run.py

clean: ## remove generated chapters and outputs (keeps .venv and .tools)
	rm -rf $(BOOK) $(BUILD)
