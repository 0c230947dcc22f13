# The two commands: `make run` (set up everything and serve on SQLite) and `make test`.
# DATABASE_URL and CELERY_BROKER_URL switch to PostgreSQL and Redis (see README).

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

# Django 6 needs Python 3.12 or newer. Take the first suitable one: $(PYTHON) if given,
# python3.13/python3.12 on the PATH, then pyenv's installed versions (whose shims refuse
# without PYENV_VERSION, so we ask for their real paths).
PYENV_ROOT := $(shell pyenv root 2>/dev/null || echo $$HOME/.pyenv)
CANDIDATES := $(PYTHON) python3.13 python3.12 python3 \
	$(wildcard $(PYENV_ROOT)/versions/3.13*/bin/python3.13) \
	$(wildcard $(PYENV_ROOT)/versions/3.12*/bin/python3.12) \
	$(wildcard /usr/bin/python3.1[2-9] /usr/local/bin/python3.1[2-9])
FIND_PYTHON := for c in $(CANDIDATES); do \
	p=$$(command -v $$c 2>/dev/null) || continue; \
	$$p -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; \
	done

.PHONY: run test lint lint-api fmt static install migrate demo check messages clean help bench lighthouse

help:
	@echo "make run    set up (.venv, packages, static assets, migrations, demo data) and serve"
	@echo "make test   run the whole test suite (pytest)"
	@echo "make lint   the pre-commit hooks (ruff, ruff format, django-upgrade, djLint, mypy)"
	@echo "            and makemigrations --check, then make lint-api"
	@echo "make lint-api  the OpenAPI document linted against the API Design Rules (Spectral)"
	@echo "make fmt    ruff format and ruff check --fix"
	@echo "make bench  the benchmark on PostgreSQL and Redis (docs/benchmarks.md);"
	@echo "            BENCH_ARGS=--quick for a short try, --only web,load,workers,imports,reports"
	@echo "make lighthouse  Lighthouse (mobile) on the main pages served as deployed (docs/benchmarks.md);"
	@echo "            LIGHTHOUSE_ARGS=\"--runs 1 --only login,plan\" for a short try, --write to record"

$(PY):
	@py=$$($(FIND_PYTHON)); \
	if [ -z "$$py" ]; then \
		echo "ERROR: no Python 3.12 or newer found (Django 6 needs it)." >&2; \
		echo "Tried: $(CANDIDATES)" >&2; \
		echo "Install one (e.g. 'pyenv install 3.12') or run: make run PYTHON=/path/to/python3.12" >&2; \
		exit 1; \
	fi; \
	echo "Creating $(VENV) with $$py"; \
	$$py -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# NL Design System CSS and htmx from npm, into static/vendor (not committed): the packages,
# then htmx and axe-core copied, then the one stylesheet every page links (werkregio.css:
# the Utrecht CSS and css/app.css, only the rules the templates and code use, minified;
# tools/build-css.mjs), built again whenever a template, app.css or the Python code changes.
static/vendor/.built: package.json package-lock.json
	@command -v npm >/dev/null || { echo "ERROR: npm is needed for the front-end assets (apt-get install npm)." >&2; exit 1; }
	npm install --no-audit --no-fund --loglevel=error
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js
	cp node_modules/axe-core/axe.min.js static/vendor/axe.min.js
	touch $@

CSS_INPUTS := static/css/app.css tools/build-css.mjs $(shell find . \( -name .git -o -name .venv \
	-o -name node_modules -o -name static -o -name staticfiles -o -name tests -o -name bench \
	-o -name migrations \) -prune -o \( -name '*.html' -o -name '*.py' \) -print 2>/dev/null)
static/vendor/werkregio.css: static/vendor/.built $(CSS_INPUTS)
	node tools/build-css.mjs $@

static: static/vendor/.built static/vendor/werkregio.css

migrate: install
	$(PY) manage.py migrate --noinput

# The demo data, then the reports its schedules would have made for their last periods
# (real PDFs in the archive; a separate step so the tests' demo fixture stays fast).
demo: migrate
	$(PY) manage.py load_demo_data
	$(PY) manage.py demo_reports

messages: install
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

run: install static messages demo
	@$(PY) manage.py demo_logins --url http://$(HOST):$(PORT)/
	$(PY) manage.py runserver $(HOST):$(PORT)

# Two pytest workers (pytest-xdist), one per core of a developer's or CI machine; each has
# its own test database. TEST_WORKERS=0 runs everything in one process.
TEST_WORKERS ?= 2
test: install static messages
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# The benchmark (bench/, docs/benchmarks.md): the product under gunicorn against the bare
# stack's limits, on the local PostgreSQL and Redis (started here if they are stopped, as CI
# does), with its own database werkregio_bench; wrk drives the pages (Debian's package,
# installed here if missing; without it a slower Python load generator stands in).
# `make bench BENCH_ARGS="--quick --only web"` for a short try.
bench: install static messages
	@if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then \
		echo "Starting PostgreSQL"; \
		pg_ctlcluster --skip-systemctl-redirect "$$(ls /etc/postgresql)" main start; \
	fi
	@if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then \
		echo "Starting Redis"; \
		redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no; \
	fi
	@command -v wrk >/dev/null || { \
		echo "wrk is missing: installing Debian's wrk package with apt-get"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } \
		|| echo "Could not install wrk: the bench uses its Python load generator." >&2; }
	$(PY) -m bench $(BENCH_ARGS)

# Lighthouse's mobile preset (npm devDependency) with Debian's Chromium on the login page, the
# home page, a region dashboard, a plan page and its realisation grid, served as deployed
# (gunicorn, production settings, collected static files), on the local PostgreSQL with the
# demo data (bench/lighthouse.py; database LIGHTHOUSE_DATABASE_URL, else DATABASE_URL, else
# werkregio_lighthouse). Prints the scores as a Markdown table; --write puts it in
# docs/benchmarks.md. A measurement, not a test.
lighthouse: install static messages
	@command -v chromium >/dev/null || { echo "ERROR: Chromium is needed (apt-get install chromium)." >&2; exit 1; }
	$(PY) -m bench.lighthouse $(LIGHTHOUSE_ARGS)

# The hooks of .pre-commit-config.yaml over every tracked file; they call the tools of $(BIN).
# Then the API's OpenAPI document against the Dutch API Design Rules (lint-api). `static`
# runs npm install, which brings Spectral (a clean clone has no node_modules yet).
lint: install static
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/pre-commit run --all-files
	$(PY) manage.py makemigrations --check --dry-run
	@$(MAKE) --no-print-directory lint-api

# The OpenAPI document as /api/v1/openapi.json serves it, generated (drf-spectacular; warnings
# fail; --skip-checks: the system checks would connect to DATABASE_URL, the document needs no
# database), then linted with Spectral against api/adr-ruleset.yaml,
# one rule per ADR rule (docs/api.md): zero errors and zero warnings.
SPECTRAL := node_modules/.bin/spectral
lint-api: install
	@test -x $(SPECTRAL) || { echo "ERROR: $(SPECTRAL) is missing: run 'make static' (npm install)." >&2; exit 1; }
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	echo "$(PY) manage.py spectacular --skip-checks --format openapi-json --file $$tmp/openapi.json --validate --fail-on-warn" && \
	$(PY) manage.py spectacular --skip-checks --format openapi-json --file "$$tmp/openapi.json" --validate --fail-on-warn && \
	echo "$(SPECTRAL) lint --fail-severity=warn -r api/adr-ruleset.yaml $$tmp/openapi.json" && \
	$(SPECTRAL) lint --fail-severity=warn --display-only-failures -r api/adr-ruleset.yaml "$$tmp/openapi.json"

fmt: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles db.sqlite3
