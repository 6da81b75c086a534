# Two commands: `make run` serves, `make test` tests. Both install what they need first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: install run test demo bench migrate migration lint contract clean openapi

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

migrate: install
	$(PY) -m alembic upgrade head

run: migrate
	$(PY) -m app serve

# Load the demo dataset (idempotently) and serve it.
demo: migrate
	$(PY) -m app demo
	$(PY) -m app serve

test: install
	$(PY) -m ruff check app tests bench
	$(PY) -m mypy
	$(PY) -m pytest $(PYTEST_ARGS)

bench: install
	$(PY) -m bench

# Regenerate the initial migration from the models (only while nothing is deployed).
migration: install
	rm -f var/migration.db migrations/versions/*_initial.py
	MP_DATABASE_URL=sqlite:///var/migration.db $(PY) -m alembic revision --autogenerate -m initial --rev-id 0001
	rm -f var/migration.db

lint: install
	$(PY) -m ruff check app tests bench
	$(PY) -m mypy

contract:
	$(PYTHON) ../shared/tools/check_contract.py openapi/openapi.json

clean:
	rm -rf $(VENV) var

openapi: install
	$(PY) -m app openapi > openapi/openapi.json.tmp && mv openapi/openapi.json.tmp openapi/openapi.json
