# Everything a developer or CI needs, from a fresh machine (Debian, Python 3.11, root).
#   make serve   set up, then build and serve the site with live reload at http://127.0.0.1:8000/
#   make test    set up, then run the whole test suite (data checks, build, Chromium, axe)
#   make check   check data/ only: one line per error
#   make new CAPTURE=path/to/capture.txt ID=article-id [URL=https://…]
#                start a draft article: copies the capture to data/captures/, writes data/articles/ID.yaml
#   make quote CAPTURE=<article id or capture file> WORDS="rough words"
#                print the capture's exact passages those words stand for, to paste as quotations
#   make build   strict build into site/ (site_url defaults to the local serve address)
#   make publish strict build for the public address: SITE_URL=https://… make publish (refuses without it)
#   make urls    rewrite data/published-urls.txt, the URLs and anchors the site promises to keep, and
#                data/published-stances.txt, each article's stances and positions as now published
#   make export  write a hook-free copy of the site's sources to export/ (any MkDocs-compatible engine)
#   make lighthouse  Lighthouse 12 (mobile) on five pages, twice each, served compressed; prints scores
#   make bench   build time and size figures at 5 and 100 synthetic articles (SIZES="5 100 1000")
#   make lock    regenerate requirements.lock from requirements.in and requirements-dev.in

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
SIZES ?= 5 100

.PHONY: serve test check new quote build publish urls export lighthouse bench setup lock browser clean

# PREVIEW='<glob of article ids>' serves only those articles, so that an edit shows at once however
# many articles data/ holds (make check still checks them all). --dirty: a rebuild writes again only the
# pages whose content changed, every page when anything but data/ changed (scripts/hooks.py, on_nav).
# SITE_URL is checked first: MkDocs reads it before our hook, and a malformed one can end in a traceback.
SETTINGS := $(BIN)/python -m perspectives.siteurl

serve: $(VENV)/.installed
	@$(SETTINGS)
	PREVIEW='$(PREVIEW)' $(BIN)/mkdocs serve --strict --dirty

test: $(VENV)/.installed browser node_modules/.installed .venv-properdocs/.installed
	$(BIN)/pytest

check: $(VENV)/.installed
	$(BIN)/perspectives check

new: $(VENV)/.installed
	@test -n "$(CAPTURE)" -a -n "$(ID)" || { echo "usage: make new CAPTURE=path/to/capture.txt ID=article-id [URL=https://…]" >&2; exit 2; }
	$(BIN)/perspectives new "$(CAPTURE)" --id "$(ID)" $(if $(URL),--url "$(URL)")
quote: $(VENV)/.installed
	@test -n "$(CAPTURE)" -a -n "$(WORDS)" || { echo 'usage: make quote CAPTURE=<article id or capture file> WORDS="rough words"' >&2; exit 2; }
	@$(BIN)/perspectives quote "$(CAPTURE)" "$(WORDS)"

build: $(VENV)/.installed
	@$(SETTINGS)
	$(BIN)/mkdocs build --strict

# A production build: the hook refuses it unless SITE_URL is a public https:// address.
publish: $(VENV)/.installed
	@PRODUCTION=1 $(SETTINGS)
	PRODUCTION=1 $(BIN)/mkdocs build --strict

urls: $(VENV)/.installed
	$(BIN)/perspectives urls --write

export: $(VENV)/.installed
	rm -rf export && $(BIN)/perspectives export export

lighthouse: $(VENV)/.installed browser node_modules/.installed
	$(BIN)/python scripts/lighthouse.py

bench: $(VENV)/.installed
	$(BIN)/python scripts/benchmark.py --sizes "$(SIZES)"

setup: $(VENV)/.installed browser node_modules/.installed .venv-properdocs/.installed

# ProperDocs (a drop-in continuation of MkDocs 1.x) in a venv of its own, from
# its own hashed lock: tests/test_export.py builds the exported site with it
# (`make export`), proving the site builds without our hook or MkDocs itself.
.venv-properdocs/.installed: requirements-properdocs.lock
	$(PYTHON) -m venv --clear .venv-properdocs
	.venv-properdocs/bin/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-properdocs.lock
	touch $@

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
		--output-file requirements.lock requirements-dev.in && \
	CUSTOM_COMPILE_COMMAND="make lock" "$$tool/bin/pip-compile" --quiet --generate-hashes --allow-unsafe \
		--strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_FLAGS) \
		--output-file requirements-properdocs.lock requirements-properdocs.in

# Debian's Chromium: Playwright's own browser download cannot reach the internet here.
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# axe-core, pinned in package-lock.json, for the accessibility tests.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf site .venv .venv-properdocs node_modules export
