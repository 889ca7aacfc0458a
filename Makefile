# docker-dsl tasks. `make help` lists them.
PYTHON ?= python3
VENV := .venv
ORACLE := .venv-oracle
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: help demo test test-rust test-python test-wheel dev oracle lint bench clean engines stubs toolset

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

demo: $(VENV)/bin/activate ## Install the package with pip and render the bundled example recipe
	$(PIP) install -q .
	$(VENV)/bin/docker-dsl examples/seed_mounts.py --private=true

dev: $(VENV)/bin/activate ## Build the extension in place (release) with the test dependencies
	$(PIP) install -q -r requirements-test.txt
	rm -f python/docker_dsl/_native.cpython-*.so  # a pre-abi3 build would shadow _native.abi3.so
	$(VENV)/bin/maturin develop --release -q

oracle: ## Install docker-dsl 0.1.2 (the test oracle) in its own venv
	test -x $(ORACLE)/bin/python || $(PYTHON) -m venv $(ORACLE)
	$(ORACLE)/bin/pip install -q --ignore-requires-python docker-dsl==0.1.2

engines: ## Start the modern build engine (Docker 28.5 + buildx) next to the system's Docker 20.10
	scripts/engine/modern.sh start

test-rust: ## Run the Rust tests
	cargo test --workspace --exclude docker-dsl-python

test-python: dev oracle ## Run the Python tests (recipes, CLI, oracles, the real engine)
	DOCKER_DSL_ORACLE_PYTHON=$(CURDIR)/$(ORACLE)/bin/python $(PY) -m pytest -q

test-wheel: dev oracle ## Build the one abi3 wheel, install it in clean venvs (CPython 3.11-3.13), render the seed there
	scripts/wheel/check-wheel.sh $(VENV)/bin/maturin $(CURDIR)/$(ORACLE)/bin/python

test: test-rust test-python test-wheel ## Install everything and run every test

lint: dev ## cargo fmt/clippy, ruff check and ruff format --check
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	$(VENV)/bin/ruff check python tests
	$(VENV)/bin/ruff format --check python tests bench scripts examples

bench: dev oracle ## Speed: ours vs docker-dsl 0.1.2
	$(PY) bench/render_bench.py --oracle $(ORACLE)/bin/python

stubs: ## Regenerate the run builder's typed stubs (python/docker_dsl/_toolset.pyi) from the toolset table
	cargo run -q -p cli -- stubs --out python/docker_dsl/_toolset.pyi

toolset: ## Re-read the tools' own --help into crates/stubs/data/toolset.json (needs the tools), then make stubs
	$(PYTHON) scripts/toolset/harvest.py
	$(MAKE) stubs

clean: ## Remove build outputs and venvs
	rm -rf target $(VENV) $(ORACLE)
