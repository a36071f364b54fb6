# Everyday commands. The first run creates .venv and installs the pinned packages.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.lock | cut -c1-12)
NODE_STAMP := node_modules/.installed-$(shell sha1sum package-lock.json | cut -c1-12)
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test build release check lint format translations schema urls bench bench-mechanisms audit fonts browser clean help

help:
	@echo "make serve   preview at http://127.0.0.1:8000, rebuilds on changes to data/, docs/, overrides/"
	@echo "make test    run every test (installs what is missing first)"
	@echo "make build   build the site into site/ (the old site/ stays if the build fails)"
	@echo "make release build to publish: SITE_URL=https://your.address/ make release"
	@echo "make check   validate data/*.yaml without building"
	@echo "make bench   build times, pages per second and memory at 1x, 10x and 100x the data"
	@echo "make bench-mechanisms  what each speed mechanism gains at 1x and 10x (SCALES=\"1 10 100\")"
	@echo "make audit   Lighthouse scores and bytes for every page type in both languages"
	@echo "make translations  list missing (error) and stale (warning) translations"
	@echo "make schema  regenerate schema/*.schema.json from explainer/data/model.py"

$(STAMP): requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	@rm -f $(VENV)/.installed-*; touch $(STAMP)

serve: $(STAMP)
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

# The public address: SITE_URL=https://owner.github.io/repository/ make build (else the
# placeholder in mkdocs.yml, with a warning); make release refuses the placeholder.
build: $(STAMP)
	$(PY) scripts/build_site.py --site-dir site

release: $(STAMP)
	$(PY) scripts/build_site.py --site-dir site --release

# FORMAT=github also prints each problem as a pull-request annotation (.github/workflows).
FORMAT ?= text
check: $(STAMP)
	@$(PY) -m explainer check --format $(FORMAT)

# Timings of 1x, 10x and 100x synthetic data against plain MkDocs (scripts/bench.py).
bench: $(STAMP)
	$(PY) scripts/bench.py

# Each speed mechanism off in turn against all on (explainer/support/speed.py, EXPLAINER_DISABLE).
SCALES ?= 1 10
bench-mechanisms: $(STAMP)
	$(PY) scripts/bench.py --mechanisms --scales $(SCALES)

translations: $(STAMP)
	@$(PY) -m explainer translations --format $(FORMAT)

schema: $(STAMP)
	@$(PY) -m explainer schema

# Adds the pages of a fresh build to tests/published-urls.txt (never removes a line).
urls: build
	$(PY) -m explainer.outputs.redirects site tests/published-urls.txt

browser:
	@bash scripts/ensure_browser.sh

# axe-core (browser tests) and Lighthouse (make audit), exactly as package-lock.json pins them.
$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(NODE_STAMP)

# Lighthouse on every page type in both languages; a report, not a gate (see PERFORMANCE.md).
# RUNS=3 audits each page three times and prints the median run (steadier on a busy machine).
RUNS ?= 1
audit: build $(NODE_STAMP)
	$(PY) scripts/audit.py --runs $(RUNS)

test: $(STAMP) browser $(NODE_STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m explainer translations
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

fonts: $(STAMP)
	$(PY) scripts/subset_fonts.py

clean:
	rm -rf site .site-build-* test-artifacts .pytest_cache
