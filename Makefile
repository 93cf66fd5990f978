# Two commands for a newcomer: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 2
SCALE ?= 10k
PYTEST_ARGS ?=

.PHONY: run test setup setup-dev lint format bench loadtest stop-db clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed-dev
	$(BIN)/pip install --quiet -e ".[dev,bench]"
	touch $@

# A random key kept out of git, so the app never runs on a known secret.
var/secret_key:
	mkdir -p var
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

setup: $(VENV)/.installed var/secret_key

setup-dev: $(VENV)/.installed-dev var/secret_key

run: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py import_issues --if-empty issues/sample_issues
	@echo ""
	@echo "  The archive:  http://127.0.0.1:$(PORT)/"
	@echo "  The admin:    http://127.0.0.1:$(PORT)/$${ADMIN_URL:-admin/}"
	@echo "                (create a login first: $(BIN)/python manage.py createsuperuser)"
	@echo ""
	$(BIN)/gunicorn archive.wsgi --bind 127.0.0.1:$(PORT) --workers $(WORKERS) \
		--access-logfile - --graceful-timeout 5

test: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/pytest $(PYTEST_ARGS)

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(VENV)/.installed-bench var/secret_key
	$(BIN)/python -m bench.run --scale $(SCALE)

loadtest: $(VENV)/.installed-bench var/secret_key
	$(BIN)/python -m bench.loadtest

stop-db: setup
	$(BIN)/python -c "from pathlib import Path; import os; \
		from archive.embedded_db import stop_embedded_server; \
		print('stopped' if stop_embedded_server(Path(os.environ.get('ARCHIVE_DATA_DIR', 'var')).resolve()) else 'not running')"

clean:
	rm -rf $(VENV) staticfiles test-artifacts
