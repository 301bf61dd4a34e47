# The README quick start: `make run` and `make test`. Both build .venv on demand.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	&& { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench bench-large test-slow eval clean

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed on PATH" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/archbot run

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -q -m "not slow and not eval_target"

test-slow: $(STAMP)
	$(BIN)/pytest -q -m slow

# The evaluation on postings written by others: the table, then the quality target.
eval: $(STAMP)
	$(BIN)/python -m tests.eval
	$(BIN)/pytest -q -m eval_target

bench: $(STAMP)
	$(BIN)/python -m bench

# The scale benchmark at 10k x 50k and 50k x 200k (about an hour on two cores, up to ~4 GB).
bench-large: $(STAMP)
	$(BIN)/python -m bench.bench_scale --large

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
