# The two commands of the README: `make run` and `make test`. Everything they need is
# installed here (Debian packages with apt-get, Python packages into .venv).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

# Debian packages: the OCR engine's recogniser and fonts (run), a real browser (tests).
# libgl1/libglib2.0-0: OpenCV's full build, which rapidocr-onnxruntime depends on.
APT_RUN := tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng fonts-dejavu-core fonts-ocr-b libgl1 libglib2.0-0
APT_TEST := chromium fonts-liberation2 fonts-noto-core fonts-freefont-ttf fonts-dejavu-extra openssl

# Services the tests use (see README "Configuration").
TEST_ENV := KYC_ENV=development \
	DATABASE_URL=$${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kyc_portal} \
	CELERY_BROKER_URL=$${TEST_BROKER_URL:-redis://127.0.0.1:6379/0}

.PHONY: run test bench lint format install install-dev models apt-run apt-test services clean

$(BIN)/.installed-run: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

$(BIN)/.installed-dev: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@ $(BIN)/.installed-run

install: $(BIN)/.installed-run
install-dev: $(BIN)/.installed-dev

# The int8 text detector, derived from the shipped one (ocr/engine/quantize.py; a minute,
# once per virtualenv and onnxruntime version; the engine reads cards to calibrate it).
models: apt-run $(BIN)/.installed-run
	OMP_NUM_THREADS=1 $(BIN)/python -m ocr.engine.quantize

apt-run:
	bash scripts/apt_install.sh $(APT_RUN)

apt-test:
	bash scripts/apt_install.sh $(APT_RUN) $(APT_TEST)

services:
	bash scripts/ensure_services.sh

run: apt-run install models
	PORT=$(PORT) bash scripts/run.sh

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: apt-test install-dev models services lint
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: apt-test install-dev models services
	$(TEST_ENV) bash scripts/bench.sh

clean:
	rm -rf var test-output benchmarks/out .pytest_cache .ruff_cache
