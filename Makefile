# Partilha — `make run` and `make test` are the two commands you need; `make` lists the rest.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

BIN := .venv/bin
# Extra pytest arguments, e.g. make test PYTEST_ARGS='-k "search and not slow" -x'
PYTEST_ARGS ?=
# Test processes (pytest-xdist): auto = one per core; each has its own databases, Meilisearch
# and browser. PYTEST_WORKERS=0 runs in this process (for pdb).
PYTEST_WORKERS ?= auto
# Extra pip-compile arguments for make lock, e.g. LOCK_ARGS=--upgrade or '--upgrade-package fastapi'
LOCK_ARGS ?=

.PHONY: help bootstrap run test lint fmt lock bench clean

help: ## list the targets
	@grep -E '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "} {printf "  make %-10s %s\n", $$1, $$2}'

bootstrap: ## create .venv, install the project, fetch Meilisearch (done by the other targets)
	@bash scripts/bootstrap.sh

run: ## run the app on http://127.0.0.1:8000 with its own Meilisearch and the demo data
	@bash scripts/run.sh

test: ## run the tests over the cores (they start their own Meilisearch); PYTEST_ARGS='...' to pass options
	@bash -c 'source scripts/bootstrap.sh && exec "$$0" -m pytest -q -n "$$1" "$${@:2}"' \
		$(BIN)/python $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: ## ruff check, ruff format --check, mypy app, import contracts
	@bash scripts/bootstrap.sh --venv-only
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy app
	$(BIN)/lint-imports

fmt: ## format the code and apply ruff's safe fixes
	@bash scripts/bootstrap.sh --venv-only
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

lock: ## re-pin requirements{,-dev}.lock from pyproject.toml; LOCK_ARGS=--upgrade for newer releases
	@bash scripts/lock.sh $(LOCK_ARGS)

bench: ## run every benchmark in bench/ (they print their figures; modules they share are skipped)
	@bash -c 'source scripts/bootstrap.sh && files=($$(grep -l "__main__" bench/*.py || true)) && \
		if (($${#files[@]} == 0)); then echo "no bench/*.py"; exit 0; fi; \
		for f in "$${files[@]}"; do echo "== $$f"; "$$0" "$$f"; done' $(BIN)/python

clean: ## remove .venv, .data (the local database and index) and build/test artifacts
	rm -rf .venv .data artifacts build dist .pytest_cache .mypy_cache .ruff_cache .coverage *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
