# Neurons to Networks: `make book` builds the HTML book, `make test` checks everything.
# Both set up .venv (pinned Python packages + dlcore) and node_modules (pinned
# offline web assets) the first time, and again whenever their pins change.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
ASSETS := node_modules/.package-lock.json
BUILD_FLAGS := --all -W -n --keep-going
# The notebooks listed in _toc.yml, in order.
NOTEBOOKS = $(shell $(PY) -c "import tests.book as b; print(' '.join(str(p) for p in b.toc_notebooks()))")

.PHONY: help setup reference book test test-python test-wasm test-unit test-pyodide test-pyodide-notebooks test-notebooks test-build test-browser lab bench clean

help:
	@echo "make book   build the HTML book into _build/html (sets everything up first)"
	@echo "make test   unit tests, notebook tests, strict book build, browser test"
	@echo "make lab    JupyterLab on chapters/ with working widgets"
	@echo "make bench  speed benchmarks (dlcore vs PyTorch if installed, playground)"
	@echo "make reference  install PyTorch into .venv as a reference for tests and benchmarks"
	@echo "make clean  remove build outputs (keeps .venv and node_modules)"

setup: $(STAMP) assets

$(STAMP): requirements.txt constraints.txt requirements-lite.txt pyproject.toml
	@$(PYTHON) -c "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 'Python 3.11 or newer is needed, found ' + sys.version.split()[0])"
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet pip==26.3
	$(PY) -m pip install --quiet -r requirements.txt -c constraints.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	$(PY) -m pip install --quiet --no-deps --require-hashes --upgrade --target $(VENV)/lite -r requirements-lite.txt
	touch $@

# PyTorch, only as a reference for the tests and the benchmarks (see requirements-reference.txt).
reference: $(STAMP)
	$(PY) -m pip install --quiet -r requirements-reference.txt -c constraints.txt

# Offline MathJax and widget renderer (see _ext/offline_assets.py). Without npm
# the book still builds and uses the CDN copies instead.
.PHONY: assets
assets:
	@if [ -f $(ASSETS) ] && [ $(ASSETS) -nt package-lock.json ]; then :; \
	elif command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --ignore-scripts --loglevel=error; \
	else echo "npm not found: the book will load MathJax and the widget renderer from CDNs (needs a network)"; fi

book: setup
	$(BIN)/jupyter-book build . $(BUILD_FLAGS)
	@echo "The book is ready: file://$(CURDIR)/_build/html/index.html"

# Two lanes side by side, one per core: CPython (unit tests, notebooks, the strict
# build, the browser tests) and WebAssembly (dlcore's tests and every chapter under
# Pyodide in Node). Each lane's output is printed whole when it ends.
test: setup
	$(MAKE) --no-print-directory -j2 --output-sync=target test-python test-wasm
	@echo "make test: all checks passed"

test-python: setup
	$(MAKE) --no-print-directory -j1 test-unit test-notebooks test-build test-browser

test-wasm: setup
	$(MAKE) --no-print-directory -j1 test-pyodide test-pyodide-notebooks

test-unit: setup
	$(BIN)/pytest tests -q -m "not browser"

# dlcore's unit tests again under Pyodide (32-bit WebAssembly) in Node, as the live
# edition runs it; skipped with a message without Node or the Pyodide files, except in CI.
test-pyodide: setup
	N2N_REQUIRE_PYODIDE=$${CI:-} $(PY) tests/pyodide/run.py

# Every chapter of the toc, each in a fresh Pyodide in Node through the live edition's own
# kernel package: any error fails (skipped like test-pyodide).
test-pyodide-notebooks: setup
	N2N_REQUIRE_PYODIDE=$${CI:-} $(PY) tests/pyodide/run_notebooks.py

test-notebooks: setup
	$(BIN)/pytest --nbval-lax -q $(NOTEBOOKS)

test-build: setup
	$(BIN)/jupyter-book build . $(BUILD_FLAGS)

test-browser: setup
	N2N_REQUIRE_BROWSER=$${CI:-} $(BIN)/pytest tests -q -m browser

# (JupyterLab refuses to run as root without --allow-root: containers often are root.)
lab: setup
	$(BIN)/jupyter lab chapters $$([ "$$(id -u)" = 0 ] && echo --allow-root)

bench: setup
	$(PY) bench/run.py

clean:
	rm -rf _build
