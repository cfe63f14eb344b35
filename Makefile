# Werkbaar – the two commands that matter: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_DIR ?= /tmp/werkbaar-test-pg-$(shell id -u)

# Branch coverage of both passes (SQLite, then PostgreSQL appended), reported once at the end of `make test`.
# Informative only: the gate is the mutation score (`make mutants`, docs/development.md).
COV := --cov=werkbaar --cov-branch --cov-report=

.PHONY: install run test test-sqlite test-postgres coverage-report test-api lint bench pg-start pg-stop messages mutants clean

$(STAMP): pyproject.toml package.json
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is needed (Python 3.11)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	@if command -v npm >/dev/null; then npm install --no-audit --no-fund --silent; else echo "npm not found: accessibility checks will be skipped"; fi
	touch $(STAMP)

install: $(STAMP)

# The background worker (analyses, reminders, purges) runs next to the development server and stops with it.
run: install
	$(BIN)/werkbaar migrate --noinput
	$(BIN)/werkbaar loaddemo
	@$(BIN)/werkbaar worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null; echo "Background worker stopped."' EXIT; \
	trap 'exit 130' INT TERM; \
	echo ""; \
	echo "Background worker runs (pid $$worker): analyses, reminders and purges on their schedule"; \
	echo "Werkbaar runs on http://127.0.0.1:8000  (stop with Ctrl+C)"; \
	$(BIN)/werkbaar runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/werkbaar makemigrations --check --dry-run >/dev/null || { echo "Model changes without a migration: run 'werkbaar makemigrations'"; exit 1; }

test-sqlite: install
	DATABASE_URL= $(BIN)/pytest -n 2 $(COV) $(PYTEST_ARGS)

test-postgres: install
	bash scripts/test-postgres $(PG_DIR) $(COV) --cov-append $(PYTEST_ARGS)

coverage-report: install
	@echo "Branch coverage, SQLite and PostgreSQL passes combined:"
	$(BIN)/coverage report --skip-covered --sort=cover

test: lint test-sqlite test-postgres coverage-report

# Mutation testing of the rule modules, one module at a time with its own tests; prints a score per module.
# MODULES="src/werkbaar/core/workflow.py ..." limits the run; MUTANTS_JOBS=2 runs two mutants at a time.
mutants: install
	$(BIN)/python scripts/mutants $(MODULES)

# The API against its OpenAPI document (schemathesis); also part of both pytest passes of `make test`.
test-api: install
	DATABASE_URL= $(BIN)/pytest tests/api -s $(PYTEST_ARGS)

bench: install
	bash scripts/bench

pg-start:
	@scripts/pg-throwaway start $(PG_DIR)-dev

pg-stop:
	@scripts/pg-throwaway stop $(PG_DIR)-dev

messages: install
	for app in src/werkbaar/*/locale; do (cd $$(dirname $$app) && ../../../$(BIN)/werkbaar compilemessages -v0); done

clean:
	rm -rf $(VENV) node_modules staticfiles werkbaar.sqlite3* .pytest_cache .coverage .coverage.* mutants
