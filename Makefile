# gongkai — the two set-up commands are `make run` and `make test` (see README).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test test-sqlite test-postgres system-deps test-deps bench-deps bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@rm -f $(VENV)/.installed-*; touch $@

system-deps:
	@bash scripts/system-deps.sh

test-deps:
	@bash scripts/system-deps.sh test

bench-deps:
	@bash scripts/system-deps.sh bench

## make run: install, migrate, load the demo on first run, serve http://127.0.0.1:8000
run: system-deps $(STAMP)
	$(BIN)/gongkai serve

## make test: the whole suite on SQLite and (when reachable, always under CI=true) PostgreSQL
test: test-deps $(STAMP)
	@bash scripts/test.sh

test-sqlite: $(STAMP)
	$(BIN)/pytest

test-postgres: $(STAMP)
	GONGKAI_DATABASE_URL=$${GONGKAI_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/gongkai} $(BIN)/pytest

bench: bench-deps $(STAMP)
	@bash scripts/bench.sh

clean:
	rm -rf $(VENV) build *.egg-info
