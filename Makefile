# mentormatch: `make run` to use it, `make test` to check it. `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Installed first and pinned: an unpinned torch would pull a multi-GB CUDA build.
TORCH_VERSION ?= 2.13.0
# Where the CPU build of torch comes from; empty means the default index (or this machine's disk).
# Elsewhere: make install TORCH_INDEX=https://download.pytorch.org/whl/cpu
TORCH_INDEX ?=
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install frontend run test lint typecheck pytest frontend-test e2e format schema codegen migration bench load soak fuzz clean

help: ## Show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  \033[36m%-15s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11+ is required ($(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==$(TORCH_VERSION) $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

install: $(BIN)/.installed frontend/node_modules/.installed ## Set up the virtualenv (pinned CPU torch first), the package and the frontend's packages

frontend: frontend/node_modules/.installed ## Build the web app into frontend/dist
	cd frontend && npm run build

run: install frontend ## Set up everything and run the platform on http://127.0.0.1:8000 (embedded PostgreSQL, demo data)
	MENTORMATCH_ENV=$${MENTORMATCH_ENV:-development} $(BIN)/mentormatch serve --host $(HOST) --port $(PORT) --demo

test: install lint typecheck frontend-test pytest e2e ## Set up everything and run every check and test (Python, frontend, browser journey)

lint: $(BIN)/.installed ## ruff format check and lint
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

typecheck: $(BIN)/.installed ## mypy on the package
	$(BIN)/mypy

pytest: $(BIN)/.installed ## Python tests (real PostgreSQL and model)
	$(BIN)/pytest

frontend-test: frontend/node_modules/.installed ## Frontend: generated code up to date, type check, unit tests (Vitest)
	cd frontend && npm run codegen:check && npm run typecheck && npm test

# Debian's chromium (.ci/run installs it when missing); Playwright never downloads a browser of its own.
E2E_CHROMIUM ?= /usr/bin/chromium

e2e: install frontend ## Browser journey against the real backend (Playwright + Debian chromium)
	@test -x $(E2E_CHROMIUM) || { echo "$(E2E_CHROMIUM) is missing: apt-get install -y chromium (or set E2E_CHROMIUM)"; exit 1; }
	cd frontend && npm run typecheck:e2e && E2E_CHROMIUM=$(E2E_CHROMIUM) npx --no-install playwright test

fuzz: $(BIN)/.installed ## Fuzz the GraphQL schema longer and randomised: make fuzz n=20000 (operations; default run in pytest: 1500)
	MENTORMATCH_FUZZ_EXAMPLES=$(or $(n),15000) MENTORMATCH_FUZZ_RANDOM=1 $(BIN)/pytest tests/integration/security/test_fuzzing.py -q -s

format: $(BIN)/.installed ## Format and fix the Python code
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

schema: $(BIN)/.installed ## Export schema.graphql from the code
	$(BIN)/mentormatch export-schema --output schema.graphql

codegen: frontend/node_modules/.installed ## Generate frontend/src/gql from schema.graphql
	cd frontend && npm run codegen

migration: $(BIN)/.installed ## Autogenerate a migration: make migration m="what changed" (needs DATABASE_URL)
	$(BIN)/alembic revision --autogenerate -m "$(m)"

load: $(BIN)/.installed ## Load run: signed-in participants send the web app's operations to 2 API workers for 90 s (LOAD_ARGS="--duration 60 ...")
	$(BIN)/python -m bench.load $(LOAD_ARGS)

soak: $(BIN)/.installed ## Soak: the same load for 10 minutes, with the memory growth of each API worker (LOAD_ARGS=...)
	$(BIN)/python -m bench.load --soak 600 $(LOAD_ARGS)

clean: ## Remove build output (keeps .data, the embedded database)
	rm -rf frontend/dist frontend/test-results frontend/playwright-report frontend/e2e-screenshots .pytest_cache .mypy_cache .ruff_cache
