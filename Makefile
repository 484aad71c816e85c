# Two commands matter: `make run` (demo portal on http://127.0.0.1:8000) and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# The newest Python >= 3.12 that actually runs (pyenv shims on PATH may exist but refuse to run).
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 \
		$$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9] 2>/dev/null | sort -rV) python3; do \
	if $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then command -v $$p 2>/dev/null || echo $$p; break; fi; done)

.PHONY: help run test bench venv install install-test setup messages check-python clean screenshots

help:
	@echo "make run   - set up everything and serve the demo portal on http://$(HOST):$(PORT)"
	@echo "make test  - install the test tools and run the whole suite"
	@echo "make bench - benchmark on PostgreSQL + Redis (DATABASE_URL, REDIS_URL; BENCH_SCALE, BENCH_SECONDS)"

check-python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "ERROR: no Python 3.12 or newer was found (tried python3.14, python3.13, python3.12, ~/.pyenv/versions)."; \
		echo "Install Python 3.12+ and run again, or call: make run PYTHON=/path/to/python3.12"; exit 1; fi

$(PY): | check-python
	@echo "Creating the virtualenv with $(PYTHON)"
	@$(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip uv

# Reinstall only when pyproject.toml changes, so a second `make run` is fast.
$(VENV)/.installed: pyproject.toml | $(PY)
	@echo "Installing the portal's dependencies"
	@$(VENV)/bin/uv pip install -q --python $(PY) -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	@echo "Installing the test dependencies"
	@$(VENV)/bin/uv pip install -q --python $(PY) -e '.[test]'
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

messages: install
	@$(PY) manage.py compile_catalogs

setup: install messages
	@echo "Migrating the database"
	@$(PY) manage.py migrate --noinput -v 0
	@$(PY) manage.py load_demo

# The demo server runs with DEBUG on (static files served from the source tree) unless told otherwise.
run: setup
	@DEBUG=$${DEBUG:-true} $(PY) manage.py runserver $(HOST):$(PORT)

# Full-page screenshots of the main pages per role, language and width (scripts/screenshots.py),
# on the demo database; they go to screenshots/ (not committed).
screenshots: install-test setup
	@$(PY) scripts/screenshots.py $(SCREENSHOT_ARGS)

test: install-test messages
	@$(PY) -m pytest $(PYTEST_ARGS)

# Loads the bench data set if missing, serves it with gunicorn (2 workers, production settings) and
# measures every page against a bare reference view; see bench/README.md. Quick run:
#   make bench BENCH_SCALE=0.1 BENCH_SECONDS=3
bench: install messages
	@BENCH_SCALE=$${BENCH_SCALE:-1} BENCH_SECONDS=$${BENCH_SECONDS:-10} $(PY) -m bench.run

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles media tests/artifacts screenshots
