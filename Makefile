# Everything a developer or CI needs, from a fresh machine (Debian, Python 3.11, root).
#   make serve   set up, then build and serve the site with live reload at http://127.0.0.1:8000/
#   make test    set up, then run the whole test suite (data checks, build, Chromium, axe)
#   make check   check data/ only: one line per error
#   make build   strict build into site/
#   make bench   print build time and site size figures

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test check build bench setup browser clean

serve: $(VENV)/.installed
	$(BIN)/mkdocs serve --strict

test: $(VENV)/.installed browser node_modules/.installed
	$(BIN)/pytest

check: $(VENV)/.installed
	$(BIN)/perspectives check

build: $(VENV)/.installed
	$(BIN)/mkdocs build --strict

bench: $(VENV)/.installed
	$(BIN)/python scripts/benchmark.py

setup: $(VENV)/.installed browser node_modules/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Debian's Chromium: Playwright's own browser download cannot reach the internet here.
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# axe-core, pinned in package-lock.json, for the accessibility tests.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf site .venv node_modules
