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
# bubblewrap (repository/conversion.py); its Math module draws the Word equations of
# printed exams (repository/questions/word/).
LO := /usr/lib/libreoffice/program
system-run:
	@tests/tools/apt-ensure.sh lib:libmagic.so.1=libmagic1 bwrap=bubblewrap \
	   $(LO)/libswlo.so=libreoffice-writer-nogui $(LO)/libsdlo.so=libreoffice-impress-nogui \
	   $(LO)/libsclo.so=libreoffice-calc-nogui $(LO)/libsmlo.so=libreoffice-math-nogui

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

# tus-js-client (MIT): the browser side of resumable chunked uploads (static/js/
# chunked-upload.js). Its browser bundle is committed under static/vendor/tus-js-client/;
# this refreshes it from npm the same way:
#   make vendor-tus-js-client TUS_JS_CLIENT_VERSION=x.y.z
TUS_JS_CLIENT_VERSION ?= 4.3.1
TUS_JS_CLIENT_DIR     := static/vendor/tus-js-client
TUS_JS_CLIENT_FILES   := dist/tus.min.js dist/tus.min.js.map LICENSE
# The packages its bundle inlines (browserify's buffer shim, js-base64, url-parse and
# theirs): their licences go to NOTICES beside it (js-base64 and ieee754 are BSD-3-Clause).
TUS_JS_CLIENT_BUNDLED := js-base64@3.7.7 url-parse@1.5.10 querystringify@2.2.0 \
                         requires-port@1.0.0 buffer@5.7.1 base64-js@1.5.1 ieee754@1.2.1

.PHONY: vendor-tus-js-client
vendor-tus-js-client:
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	 want=$$(npm view tus-js-client@$(TUS_JS_CLIENT_VERSION) dist.integrity); \
	 case "$$want" in sha512-*) ;; *) echo "tus-js-client $(TUS_JS_CLIENT_VERSION): no sha512 integrity on npm" >&2; exit 1;; esac; \
	 tgz=$$(npm pack --silent --pack-destination "$$tmp" tus-js-client@$(TUS_JS_CLIENT_VERSION) | tail -1); \
	 got="sha512-$$(openssl dgst -sha512 -binary "$$tmp/$$tgz" | base64 -w0)"; \
	 if [ "$$got" != "$$want" ]; then echo "$$tgz: integrity $$got, npm says $$want" >&2; exit 1; fi; \
	 tar xzf "$$tmp/$$tgz" -C "$$tmp"; \
	 mkdir -p $(TUS_JS_CLIENT_DIR); \
	 for f in $(TUS_JS_CLIENT_FILES); do cp "$$tmp/package/$$f" $(TUS_JS_CLIENT_DIR)/; done; \
	 ( echo "Licences of the packages inlined in tus.min.js (tus-js-client's own: LICENSE)."; \
	   for p in $(TUS_JS_CLIENT_BUNDLED); do \
	     mkdir "$$tmp/$$p"; tar xzf "$$tmp/$$(npm pack --silent --pack-destination "$$tmp" $$p | tail -1)" -C "$$tmp/$$p"; \
	     echo; echo "=== $$p ($$(node -p "require('$$tmp/$$p/package/package.json').license"))"; echo; \
	     cat "$$tmp/$$p/package/$$(ls "$$tmp/$$p/package" | grep -i -m1 '^licen[cs]e')"; done ) \
	   > $(TUS_JS_CLIENT_DIR)/NOTICES; \
	 ( echo "tus-js-client $(TUS_JS_CLIENT_VERSION)"; echo "integrity $$want"; \
	   echo "tarball https://registry.npmjs.org/tus-js-client/-/tus-js-client-$(TUS_JS_CLIENT_VERSION).tgz"; \
	   cd $(TUS_JS_CLIENT_DIR) && for f in $(notdir $(TUS_JS_CLIENT_FILES)) NOTICES; do \
	     echo "sha256 $$(sha256sum $$f)"; done ) > $(TUS_JS_CLIENT_DIR)/VERSION; \
	 echo "tus-js-client $(TUS_JS_CLIENT_VERSION) ($$want) -> $(TUS_JS_CLIENT_DIR)/"

# KaTeX (MIT): LaTeX in questions, rendered in the browser from a local copy (no CDN).
# Committed under static/vendor/katex/; refreshed from npm the same way:
#   make vendor-katex KATEX_VERSION=x.y.z
# Every font format its stylesheet names (the production static storage checks each url()).
KATEX_VERSION ?= 0.19.1
KATEX_DIR     := static/vendor/katex
KATEX_FILES   := dist/katex.min.js dist/katex.min.css dist/contrib/auto-render.min.js \
                 dist/contrib/mhchem.min.js LICENSE

.PHONY: vendor-katex
vendor-katex:
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	 want=$$(npm view katex@$(KATEX_VERSION) dist.integrity); \
	 case "$$want" in sha512-*) ;; *) echo "katex $(KATEX_VERSION): no sha512 integrity on npm" >&2; exit 1;; esac; \
	 tgz=$$(npm pack --silent --pack-destination "$$tmp" katex@$(KATEX_VERSION) | tail -1); \
	 got="sha512-$$(openssl dgst -sha512 -binary "$$tmp/$$tgz" | base64 -w0)"; \
	 if [ "$$got" != "$$want" ]; then echo "$$tgz: integrity $$got, npm says $$want" >&2; exit 1; fi; \
	 tar xzf "$$tmp/$$tgz" -C "$$tmp"; \
	 rm -rf $(KATEX_DIR); mkdir -p $(KATEX_DIR)/fonts; \
	 for f in $(KATEX_FILES); do cp "$$tmp/package/$$f" $(KATEX_DIR)/; done; \
	 cp "$$tmp"/package/dist/fonts/* $(KATEX_DIR)/fonts/; \
	 ( echo "katex $(KATEX_VERSION)"; echo "integrity $$want"; \
	   echo "tarball https://registry.npmjs.org/katex/-/katex-$(KATEX_VERSION).tgz"; \
	   cd $(KATEX_DIR) && for f in $(notdir $(KATEX_FILES)) fonts/*; do \
	     echo "sha256 $$(sha256sum $$f)"; done ) > $(KATEX_DIR)/VERSION; \
	 echo "katex $(KATEX_VERSION) ($$want) -> $(KATEX_DIR)/"

clean:
	rm -rf $(VENV) var test-artifacts
