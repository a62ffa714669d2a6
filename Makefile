# The two commands: `make run` (the portal with demo data on SQLite) and `make test`.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PY := .venv/bin/python
DEV := KKR_ENV=development
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test check lint format messages vendor clean bench

# The server's address also makes the links in e-mails and PDFs (KKR_SITE_URL's default).
run: export KKR_HOST := $(HOST)
run: export KKR_PORT := $(PORT)
run: .venv/.synced
	@mkdir -p var
	@$(DEV) $(PY) manage.py migrate --noinput -v 0
	@$(DEV) $(PY) manage.py load_demo
	@echo ""
	@echo "  KKR-portalen kører på http://$(HOST):$(PORT)/  (stop med Ctrl-C)"
	@echo ""
	@$(DEV) $(PY) manage.py runserver $(HOST):$(PORT)

test: .venv/.synced node_modules/.installed check
	$(PY) scripts/run_tests.py $(ARGS)

# The benchmark (not a test): national-scale data, real servers, ratios. BENCH_SIZE=small
# for a quick run. Results: bench/results/latest-<size>.json and docs/performance.md.
BENCH_SIZE ?= full
bench: .venv/.synced
	$(PY) bench/run.py --size $(BENCH_SIZE) $(ARGS)

# Static checks that run before the suite: lint, format, missing migrations and types
# (mypy with django-stubs; docs/decisions/0022-type-checking.md; its cache is .mypy_cache/).
check: .venv/.synced
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	$(DEV) $(PY) manage.py makemigrations --check --dry-run -v 0
	$(DEV) .venv/bin/mypy

lint: check

format: .venv/.synced
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

# Refresh the translation catalogues after changing texts; then translate the new entries.
messages: .venv/.synced
	$(DEV) $(PY) manage.py makemessages -l da -l sv --ignore=.venv --ignore=.tools \
	    --ignore=node_modules --ignore=static
	$(DEV) $(PY) manage.py compilemessages --ignore=.venv --ignore=.tools

vendor:
	python3 scripts/vendor_dkfds.py
	python3 scripts/vendor_js.py

$(UV):
	python3 -m venv .tools
	.tools/bin/pip install --quiet uv==0.13.9

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

clean:
	rm -rf .venv .tools node_modules var
