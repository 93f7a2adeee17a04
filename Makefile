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

# --- vendored browser files ---------------------------------------------------

# scorm-again (MIT): the SCORM 1.2/2004 run-time of the e-learning player. Its browser
# bundles are committed under static/vendor/scorm-again/, so neither `make run` nor
# `make test` needs this; it refreshes them from npm (needs the network and npm):
#   make vendor-scorm-again SCORM_AGAIN_VERSION=x.y.z
# The tarball must match the registry's dist.integrity; the files are copied unmodified
# (the .map files are the package's own, kept because the bundles name them).
SCORM_AGAIN_VERSION ?= 3.4.3
SCORM_AGAIN_DIR     := static/vendor/scorm-again
SCORM_AGAIN_FILES   := dist/scorm12.min.js dist/scorm12.min.js.map \
                       dist/scorm2004.min.js dist/scorm2004.min.js.map LICENSE

.PHONY: vendor-scorm-again
vendor-scorm-again:
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	 want=$$(npm view scorm-again@$(SCORM_AGAIN_VERSION) dist.integrity); \
	 case "$$want" in sha512-*) ;; *) echo "scorm-again $(SCORM_AGAIN_VERSION): no sha512 integrity on npm" >&2; exit 1;; esac; \
	 tgz=$$(npm pack --silent --pack-destination "$$tmp" scorm-again@$(SCORM_AGAIN_VERSION) | tail -1); \
	 got="sha512-$$(openssl dgst -sha512 -binary "$$tmp/$$tgz" | base64 -w0)"; \
	 if [ "$$got" != "$$want" ]; then echo "$$tgz: integrity $$got, npm says $$want" >&2; exit 1; fi; \
	 tar xzf "$$tmp/$$tgz" -C "$$tmp"; \
	 mkdir -p $(SCORM_AGAIN_DIR); \
	 for f in $(SCORM_AGAIN_FILES); do cp "$$tmp/package/$$f" $(SCORM_AGAIN_DIR)/; done; \
	 ( echo "scorm-again $(SCORM_AGAIN_VERSION)"; echo "integrity $$want"; \
	   echo "tarball https://registry.npmjs.org/scorm-again/-/scorm-again-$(SCORM_AGAIN_VERSION).tgz"; \
	   cd $(SCORM_AGAIN_DIR) && for f in $(notdir $(SCORM_AGAIN_FILES)); do \
	     echo "sha256 $$(sha256sum $$f)"; done ) > $(SCORM_AGAIN_DIR)/VERSION; \
	 echo "scorm-again $(SCORM_AGAIN_VERSION) ($$want) -> $(SCORM_AGAIN_DIR)/"

clean:
	rm -rf $(VENV) var test-artifacts
