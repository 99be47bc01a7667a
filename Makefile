# Everything a developer or CI needs, from a fresh machine (Debian, Python 3.11, root).
#   make serve   set up, then build and serve the site with live reload at http://127.0.0.1:8000/
#   make test    set up, then run the whole test suite (data checks, build, Chromium, axe)
#   make check   check data/ only: one line per error
#   make build   strict build into site/
#   make bench   build time and size figures at 5 and 100 synthetic articles (SIZES="5 100 1000")
#   make lock    regenerate requirements.lock from requirements.in and requirements-dev.in

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
SIZES ?= 5 100

.PHONY: serve test check build bench setup lock browser clean

# PREVIEW='<glob of article ids>' serves only those articles, so that an edit shows at once however
# many articles data/ holds (make check still checks them all).
serve: $(VENV)/.installed
	PREVIEW='$(PREVIEW)' $(BIN)/mkdocs serve --strict

test: $(VENV)/.installed browser node_modules/.installed
	$(BIN)/pytest

check: $(VENV)/.installed
	$(BIN)/perspectives check

build: $(VENV)/.installed
	$(BIN)/mkdocs build --strict

bench: $(VENV)/.installed
	$(BIN)/python scripts/benchmark.py --sizes "$(SIZES)"

setup: $(VENV)/.installed browser node_modules/.installed

# Every Python package comes from requirements.lock, checked against its hashes.
# --clear: a package dropped from the lock leaves the venv too. The project
# itself is built with the lock's setuptools (--no-build-isolation), so nothing
# is installed that the lock does not pin.
$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# requirements.lock pins every package, direct and indirect, with the hashes of
# all its files, compiled from the readable pins in requirements*.in. Run after
# editing those. pip-compile keeps the lock's other pins as they are; to move
# everything to the newest versions the inputs allow: make lock LOCK_FLAGS=--upgrade.
# pip-tools runs from a throwaway venv: the lock tool is no dependency of the project.
PIP_TOOLS := pip-tools==7.6.2
lock:
	@tool=$$(mktemp -d) && trap 'rm -rf "$$tool"' EXIT && \
	$(PYTHON) -m venv "$$tool" && \
	"$$tool/bin/pip" install --quiet --disable-pip-version-check $(PIP_TOOLS) && \
	CUSTOM_COMPILE_COMMAND="make lock" "$$tool/bin/pip-compile" --quiet --generate-hashes --allow-unsafe \
		--strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_FLAGS) \
		--output-file requirements.lock requirements-dev.in

# Debian's Chromium: Playwright's own browser download cannot reach the internet here.
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# axe-core, pinned in package-lock.json, for the accessibility tests.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf site .venv node_modules
