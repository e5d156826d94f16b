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
.PHONY: help book chapters html serve test lint clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

book: chapters html ## convert the archive and build every output

chapters: $(STAMP) ## convert the archive into MyST chapters in book/
	$(LB) convert $(ARCHIVE) --out $(BOOK)

html: $(STAMP) ## build the hosted HTML book into build/html/
	$(LB) build html --book $(BOOK) --out $(BUILD)

serve: chapters ## live preview of the HTML book, rebuilt on every change
	$(BIN)/sphinx-autobuild -c . $(BOOK) $(BUILD)/html --watch $(WATCH) \
	  --pre-build "$(LB) convert $(ARCHIVE) --out $(BOOK)"

test: $(STAMP) ## run the whole test suite
	$(BIN)/python -m pytest

lint: $(STAMP) ## ruff (lint and format check) and mypy --strict
	$(BIN)/ruff check src tests conf.py
	$(BIN)/ruff format --check src tests conf.py
	$(BIN)/mypy

clean: ## remove generated chapters and outputs (keeps .venv)
	rm -rf $(BOOK) $(BUILD)
