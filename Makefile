# Everything runs from a virtual environment built from the lock file (uv.lock).
PYTHON ?= python3
VENV := .venv
TOOLS := .tools
UV := $(TOOLS)/bin/uv
UV_VERSION := 0.13.8
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install run test lint format check clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

install: $(VENV)/.synced

## run: the whole product on this machine (embedded PostgreSQL and Redis unless configured)
run: install
	$(VENV)/bin/tutor up

## test: the test suite on real PostgreSQL and Redis (TEST_DATABASE_URL/TEST_REDIS_URL or embedded)
test: install
	$(VENV)/bin/pytest $(PYTEST_ARGS)

## lint: ruff, mypy (strict for core) and the import-linter contracts
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy core api bot jobs tutor seeds
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: lint test

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .mypy_cache .ruff_cache
