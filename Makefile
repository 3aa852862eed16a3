# Entry points of stratgraph. `make help` lists them; CI runs `make test` (see .ci/run).
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.DEFAULT_GOAL := help
.PHONY: help install run serve release coverage bench bench-engine bench-start bench-import bench-pages bench-progress bench-review soak validate stats lint test test-fast clean

help:  ## list the entry points
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-13s %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	# the SPARQL editor and the API docs the service serves itself (no CDN), pinned by package-lock.json
	npm ci --omit=dev --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

install: $(BIN)/.installed  ## create .venv and install stratgraph with its dev tools

run: install  ## the main job: validate, then serve on 127.0.0.1 (port 8000, or PORT=…) with the embedded store
	$(BIN)/stratgraph validate
	$(BIN)/stratgraph serve $(if $(PORT),--port $(PORT),)

serve: install  ## start the service without the validation report first
	$(BIN)/stratgraph serve

release: install  ## build a reproducible open-data release into dist/<version>/
	$(BIN)/stratgraph release

coverage: install  ## SDG coverage matrix, gap list and heatmap (dist/abdeckung/)
	$(BIN)/stratgraph coverage

.venv-bench/bin/rdflib-endpoint:
	$(PYTHON) -m venv .venv-bench
	.venv-bench/bin/python -m pip install --quiet rdflib-endpoint "uvicorn[standard]"

bench: install .venv-bench/bin/rdflib-endpoint  ## HTTP benchmark beside rdflib-endpoint and oxigraph serve (needs wrk)
	$(BIN)/python bench/http_bench.py

bench-engine: install  ## in-process engine benchmark: pyoxigraph vs rdflib on every named query (takes minutes)
	$(BIN)/python bench/engine_bench.py

bench-start: install  ## start-up benchmark (validate, serve, ten-fold data) beside an older checkout: make bench-start OLD=path
	$(BIN)/python bench/start_bench.py --old $(OLD)

bench-progress: install  ## progress: assess 100 cities × 20 indicators × 15 years; the indicator page's first byte
	$(BIN)/python bench/progress_bench.py

bench-review: install  ## the review on the web: review page first byte, a decision until every page shows it
	$(BIN)/python bench/review_bench.py
	$(BIN)/python bench/report_bench.py

soak: install  ## a bounded mixed load (32 connections, 30 s baseline + 60 s with slow queries): errors, p50/p99, RSS; PORT=…
	$(BIN)/python bench/soak.py $(if $(PORT),--port $(PORT),)

bench-import: install  ## hostile spreadsheets at full size: refused, peak RSS and time against the targets (docs/import-benchmark.json)
	$(BIN)/python bench/import_bench.py

bench-pages: install  ## time to first byte of the pages beside Turtle and JSON of the same resources
	$(BIN)/python bench/page_bench.py

validate: install  ## validate ontology, data, shapes and checks (exit 1 on violations)
	$(BIN)/stratgraph validate

stats: install  ## counts per class and status beside the figures the sources state
	$(BIN)/stratgraph stats

lint: install  ## ruff and mypy
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

test: lint  ## lint, then the whole test suite
	$(BIN)/pytest

test-fast: install  ## the fast part (no slow, server or browser tests; about a minute on two cores), no lint
	$(BIN)/pytest -n 2 -m "not slow and not server and not browser"

clean:  ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache src/*.egg-info
