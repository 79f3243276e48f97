# Two commands do all the set-up on a fresh Debian machine (README.md):
#   make run   installs what is missing and starts the service on the embedded SQLite default
#   make test  installs what is missing and runs ruff, mypy and the whole pytest suite
VENV        := .venv
BIN         := $(VENV)/bin
STAMP       := $(VENV)/.installed
PYTHON      ?= python3
PORT        ?= 8000
HOST        ?= 127.0.0.1
# LibreOffice for PDF, Simplified-Chinese faces for 小标宋/仿宋/楷体/黑体/宋体, poppler for checks,
# PostgreSQL for the production-engine tests, python3-uno for the warm LibreOffice pool (service/pdf),
# chromium for the pages' browser tests (Playwright drives it; it never downloads a browser).
DEBIAN_PACKAGES := libreoffice-writer-nogui fontconfig fonts-noto-cjk fonts-noto-cjk-extra \
	fonts-arphic-ukai fonts-arphic-uming fonts-lxgw-wenkai fonts-liberation fonts-liberation2 \
	texlive-lang-chinese fonts-hanazono fonts-babelstone-han poppler-utils postgresql python3-uno chromium

.PHONY: run worker test bench fuzz lint typecheck pytest system-deps python-deps clean

run: system-deps python-deps
	$(BIN)/python -m service.bootstrap
	HOST=$(HOST) PORT=$(PORT) $(BIN)/uvicorn service.app:app --host $(HOST) --port $(PORT) --no-server-header

# A job worker (PostgreSQL only): DATABASE_URL=postgresql+psycopg://… make worker; OFFICE_WORKERS soffice each.
worker: system-deps python-deps
	$(BIN)/python -m service.worker

test: system-deps python-deps lint typecheck pytest

system-deps:
	@scripts/ensure-debian-packages.sh $(DEBIAN_PACKAGES)

python-deps: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

lint: python-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: python-deps
	$(BIN)/mypy

pytest: python-deps
	scripts/with-postgres.sh $(BIN)/pytest

# Schemathesis over the OpenAPI runs inside `make test` (tests/test_openapi_fuzz.py, 20 examples per
# operation, derandomized); this is the longer run of the outside test, 30 examples per operation.
fuzz: python-deps
	FUZZ_EXAMPLES=30 $(BIN)/pytest tests/test_openapi_fuzz.py

bench: system-deps python-deps
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache data/*.db
