# The two commands a newcomer needs: `make demo` and `make test`. Both build .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint browser postgres bench bench-fleet bench-failover generate clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/zappi-ocpp demo

lint: $(STAMP)
	$(BIN)/ruff check codegen generated rows runtime tests benchmarks
	$(BIN)/mypy
	$(BIN)/zappi-ocpp generate --check

# Debian's chromium + chromium-driver for the browser tests; installed with apt when missing
browser:
	@bash tools/ensure-browser.sh

# PostgreSQL's server binaries for the storage tests (each run starts its own throw-away
# server); Debian's postgresql package is installed with apt when they are missing
postgres:
	@bash tools/ensure-postgres.sh

test: lint browser postgres
	$(BIN)/python -m pytest -q

generate: $(STAMP)
	$(BIN)/zappi-ocpp generate

bench: $(STAMP) postgres
	$(BIN)/python benchmarks/bench_validators.py
	$(BIN)/python benchmarks/bench_tables.py
	$(BIN)/python benchmarks/bench_runtime.py
	$(BIN)/python benchmarks/bench_observe.py

# the production fleet in one process (issue 9): 1,000 and 10,000 zappis, about 6 minutes
bench-fleet: $(STAMP)
	$(BIN)/python benchmarks/bench_fleet.py

# replicas (issue 10): the failover time of a killed replica, about 2 minutes
bench-failover: $(STAMP) postgres
	$(BIN)/python benchmarks/bench_failover.py --kills 5 --lease-s 15

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
