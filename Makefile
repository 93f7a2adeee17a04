# Two commands: `make run` (serve the demo district) and `make test` (the whole suite).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
PG_BINDIR := $(shell pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -1)

.PHONY: run test test-sqlite test-postgres bench install install-test system-run system-test messages clean

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py update_index_if_changed
	@if [ ! -f var/.demo-loaded ]; then $(BIN)/python manage.py seed_demo && touch var/.demo-loaded; \
	 else $(BIN)/python manage.py seed_demo --logins-only; fi
	@echo "Platform:        http://127.0.0.1:$(PORT)/"
	@echo "Content origin:  http://localhost:$(PORT)/ (uploaded e-learning content)"
	BASE_URL=$${BASE_URL:-http://127.0.0.1:$(PORT)} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install-test system-test
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite:
	@echo "=== the suite on SQLite"
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

test-postgres:
	@echo "=== the suite on PostgreSQL (throwaway cluster)"
	$(BIN)/python tests/tools/with_postgres.py $(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

bench: install system-run
	@tests/tools/apt-ensure.sh wrk=wrk
	@$(BIN)/python bench/run.py

# --- set-up -------------------------------------------------------------------

$(BIN)/python:
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || tests/tools/apt-ensure.sh py:ensurepip=python3-venv
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python system-run
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# LibreOffice (without its desktop) turns office files into PDF for their preview, in
# bubblewrap (repository/conversion.py).
LO := /usr/lib/libreoffice/program
system-run:
	@tests/tools/apt-ensure.sh lib:libmagic.so.1=libmagic1 bwrap=bubblewrap \
	   $(LO)/libswlo.so=libreoffice-writer-nogui $(LO)/libsdlo.so=libreoffice-impress-nogui \
	   $(LO)/libsclo.so=libreoffice-calc-nogui

system-test: system-run
	@tests/tools/apt-ensure.sh redis-server=redis-server chromium=chromium \
	   $(if $(PG_BINDIR),$(PG_BINDIR)/initdb,/usr/lib/postgresql/15/bin/initdb)=postgresql

messages: install-test
	$(BIN)/python manage.py makemessages -l vi --no-obsolete --ignore=.venv --ignore=var --ignore=lms/admin_locale --ignore=tests
	$(BIN)/python manage.py compilemessages -l vi --ignore=.venv

clean:
	rm -rf $(VENV) var test-artifacts
