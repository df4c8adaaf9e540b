# The two commands a new user runs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-stamp

.PHONY: install run serve test test-fast lint format constraints clean browser-deps

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

## make run: set up the embedded SQLite database with the seed articles and serve on 127.0.0.1:$(PORT)
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_seeds
	$(BIN)/python manage.py create_demo_accounts
	@echo "Serving the workbench on http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## make test: the whole suite (SQLite by default; DATABASE_URL=postgres://… for PostgreSQL)
test: install browser-deps
	$(BIN)/python -m pytest

## make browser-deps: Debian's Chromium for the browser tests (never a downloaded browser).
## Without apt-get, or when it fails, the browser tests skip and say why.
browser-deps:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's chromium for the browser tests"; \
		( apt-get update && apt-get install -y chromium ) \
			|| echo "Could not install chromium: the browser tests will be skipped"; \
	else echo "No apt-get: the browser tests will be skipped"; fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## make constraints: re-pin constraints.txt from the current .venv (after changing pyproject.toml)
constraints: install
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^claim-workbench' > constraints.txt

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
