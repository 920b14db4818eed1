# Two commands do all set-up on a fresh machine: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
export FONTCONFIG_FILE := $(CURDIR)/var/fonts/fonts.conf

.PHONY: run test install assets browser bench lint format migrate demo clean screenshots

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

var/fonts/.installed: node_modules/.installed scripts/vendor_assets.sh
	./scripts/vendor_assets.sh
	touch $@

install: $(VENV)/.installed var/fonts/.installed

assets: install
	$(MANAGE) collectstatic --noinput -v 0

migrate: install
	$(MANAGE) migrate --noinput -v 0

demo: migrate
	$(MANAGE) demo --base http://$(HOST):$(PORT)

# Serve the product with the embedded SQLite database and a task worker; prints the demo logins.
run: assets demo
	@$(MANAGE) db_worker --queue-name '*' --no-reload --no-startup-delay > var/worker.log 2>&1 & echo $$! > var/worker.pid; \
	$(MANAGE) scheduler > var/scheduler.log 2>&1 & echo $$! > var/scheduler.pid; \
	trap 'kill $$(cat var/worker.pid) $$(cat var/scheduler.pid) 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver --noreload $(HOST):$(PORT)

# The production way on this machine: gunicorn workers, PostgreSQL (DATABASE_URL), Redis (REDIS_URL), task workers
# and the scheduler; see docs/deploy.md. Demo data only with DEMO=1 (its accounts have a published password).
run-prod: install
	./scripts/run_prod.sh $(if $(filter 1 true yes,$(DEMO)),--demo,)

# Chromium for the browser tests, from the distribution's packages (root on CI and dev machines).
browser:
	@if [ ! -x /usr/lib/chromium/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium poppler-utils >/dev/null; \
	  else echo "Chromium is missing: install the 'chromium' package to run the browser tests."; fi; fi
	@if ! command -v pdftoppm >/dev/null && [ "$$(id -u)" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null; fi

test: assets browser
	./scripts/test.sh

# Refresh the pictures in docs/screenshots and docs/guide/img: the browser tests write there only when asked.
screenshots: assets browser
	PINGXUAN_SCREENSHOTS=docs FONTCONFIG_FILE=$(FONTCONFIG_FILE) DJANGO_ALLOW_ASYNC_UNSAFE=true PINGXUAN_TEST=1 \
	  $(PY) -m pytest -q -n 2 --dist loadfile -m browser

bench: assets
	./scripts/bench.sh

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff format src tests bench
	$(VENV)/bin/ruff check --fix src tests bench
