# Two commands set up a fresh machine: `make demo` and `make test` (see README).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint bench snapshot clean

# System libraries WeasyPrint needs for the PDF report (present on this image; installed if not).
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
# ... and what the tests need: Debian's chromium (Playwright drives it, never downloads one) and
# PostgreSQL (the app-database tests start a temporary server of their own; nothing is configured).
TEST_PACKAGES := chromium postgresql

$(STAMP): pyproject.toml
	@dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES); }
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# Build the warehouse from the bundled snapshot and show Almere's key figures.
demo: setup
	$(BIN)/sociale-staat build
	$(BIN)/sociale-staat value inwoners --area Almere --period 2022 --since 2000
	$(BIN)/sociale-staat value werkloosheid --area Almere --period 2023 --since 2013
	$(BIN)/sociale-staat value ervaren_gezondheid_goed --area Almere --period 2022
	$(BIN)/sociale-staat peers --focus GM0034 --peers almere-2023
	$(BIN)/sociale-staat benchmark --focus GM0034 --peers almere-2023 --xlsx var/benchmark-almere.xlsx
	$(BIN)/sociale-staat concentraties --focus GM0034
	$(BIN)/sociale-staat kaart aandeel_bijstand --focus GM0034 --out var/kaart-bijstand.png
	$(BIN)/sociale-staat docs add data/corpus
	$(BIN)/sociale-staat stem dialoog
	$(BIN)/sociale-staat docs search "eenzaamheid ouderen"
	$(BIN)/sociale-staat report --focus GM0034 --peers almere-2023 --out var/rapport
	$(BIN)/sociale-staat data status

NODE_STAMP := node_modules/.installed

$(NODE_STAMP): package.json
	npm install --no-audit --no-fund --silent
	touch $(NODE_STAMP)

test: setup lint $(NODE_STAMP)
	@dpkg -s $(TEST_PACKAGES) >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq --no-install-recommends $(TEST_PACKAGES); }
	$(BIN)/pytest -q

lint: setup
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/mypy

bench: setup
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	$(BIN)/python benchmarks/bench_foundation.py
	$(BIN)/sociale-staat build
	$(BIN)/python benchmarks/bench_benchmark.py
	$(BIN)/python benchmarks/bench_wijken.py
	$(BIN)/python benchmarks/bench_kennisbank.py
	$(BIN)/python benchmarks/bench_sociale_kaart.py
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_web.py
	@test -x .venv-datasette/bin/datasette || { $(PY) -m venv .venv-datasette && .venv-datasette/bin/pip install --quiet datasette; }
	$(BIN)/python benchmarks/bench_serving.py
	$(BIN)/python benchmarks/bench_stem.py

# Remake data/snapshot/ from ../shared/data (only needed when sources/ changes).
snapshot: setup
	$(BIN)/python scripts/make_snapshot.py

clean:
	rm -rf $(VENV) var
