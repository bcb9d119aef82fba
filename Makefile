# The CSOA platform. `make run` serves it with demo data; `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test lint format bench manage clean

run: $(VENV)/.installed
	$(PY) -m csoa.dev.devstack run

test: $(VENV)/.installed
	$(PY) -m csoa.dev.devstack test $(ARGS)

bench: $(VENV)/.installed
	$(PY) -m csoa.dev.devstack bench

manage: $(VENV)/.installed
	$(PY) -m csoa.dev.devstack manage $(ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

$(VENV)/bin/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "[csoa] python venv support is missing; installing it (Debian: python3-venv)"; \
	  rm -rf $(VENV); \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv >/dev/null; \
	  else echo "[csoa] run: sudo apt-get install python3-venv"; exit 1; fi; \
	  $(PYTHON) -m venv $(VENV); }

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,embedded]'
	touch $@

clean:
	rm -rf $(VENV) var
