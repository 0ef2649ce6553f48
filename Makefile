# The interface of the project: `make site` builds everything, `make test` runs every test.
# Both set themselves up on a fresh Debian machine with Python 3.11 (see README.md).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha256sum | cut -c1-12)
# System tools the pipeline and tests call: msgfmt (gettext), chromium (browser tests),
# pdftoppm (poppler-utils), java (the Nu HTML checker), npm (test tools in package.json),
# nginx (make serve-static and the tests of the served site).
SYSTEM_TOOLS := msgfmt:gettext chromium:chromium pdftoppm:poppler-utils java:default-jre-headless npm:npm nginx:nginx
NODE_STAMP := node_modules/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test test-fast serve serve-static bench check convert lock system-deps clean

site: $(STAMP) system-deps
	$(BIN)/briefing build

test: $(STAMP) system-deps $(NODE_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

# The inner loop: the pipeline's tests, without a browser, a site build or PDFs (about 20 s).
test-fast: $(STAMP) system-deps
	$(BIN)/python -m pytest -m "not browser and not built"

serve: $(STAMP)
	$(BIN)/briefing serve

# The built site/ as production serves it (deploy/nginx.conf), on 127.0.0.1:PORT (default 8080).
serve-static: system-deps
	$(PYTHON) deploy/serve-static $(if $(PORT),--port $(PORT)) site

# The benchmark (README "Performance"): prints a table, writes build/bench.json. FRESH="PATH …" adds
# search query sets written by someone who saw none of ours (scripts/search_bench.py).
bench: $(STAMP) system-deps $(NODE_STAMP)
	$(BIN)/python scripts/bench.py $(foreach set,$(FRESH),--fresh $(set))

check: $(STAMP) system-deps
	$(BIN)/briefing check

convert: $(STAMP)
	$(BIN)/briefing convert

$(STAMP): requirements.lock pyproject.toml
	rm -f $(VENV)/.installed-*
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# axe-core and vnu-jar for the browser and HTML tests, exactly as package-lock.json pins them.
$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Installs missing system tools with apt when run as root; otherwise says what to install.
system-deps:
	@missing=""; for pair in $(SYSTEM_TOOLS); do \
	  PATH="$$PATH:/usr/sbin" command -v $${pair%%:*} >/dev/null 2>&1 || missing="$$missing $${pair##*:}"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing system packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing system packages:$$missing. Install them: sudo apt-get install$$missing" >&2; exit 1; \
	  fi; \
	fi

# Recompile requirements.lock from requirements.in (needs pip-tools).
lock:
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --no-header --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links -o requirements.lock requirements.in

clean:
	rm -rf site build .pytest_cache test-results
