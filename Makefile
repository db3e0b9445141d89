# Omzien: every way to set up, run and check the project starts here.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# One stamp per database, so `make setup` is a no-op the second time.
DB_STAMP := data/.loaded-$(shell printf '%s' "$$DATABASE_URL" | md5sum | cut -c1-8)
MIGRATIONS := $(wildcard */migrations/0*.py)
FIXTURES := $(wildcard fixtures/*)
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: setup run test test-fast upgrade-check lint format messages makemessages system system-test bench-api load bench-maps slow-clients dead-mail

setup: $(VENV)/.installed $(MO_FILES) $(DB_STAMP)

# The server and, in the background, the task queue's worker that sends the
# mail; Ctrl-C (or the server stopping) stops both.
run: setup
	@trap 'kill $$worker 2>/dev/null' EXIT; \
	$(PY) manage.py run_huey & worker=$$!; \
	PORT=$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: system-test $(VENV)/.installed $(MO_FILES)
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The inner loop: leaves out the tests marked as slow in pyproject.toml
# (browser, Redis, GDAL, schemathesis, upgrade, slow). `make test` and CI
# run everything.
FAST := not (browser or redis or gdal or schemathesis or upgrade or slow)
test-fast: $(VENV)/.installed $(MO_FILES)
	$(VENV)/bin/pytest -m "$(FAST)" $(PYTEST_ARGS)

# Only the upgrade tests: a database of the layout before issue 12 (built by
# that commit's code in a git worktree) migrated to today's and compared.
upgrade-check: $(VENV)/.installed $(MO_FILES)
	$(VENV)/bin/pytest -m upgrade -p no:cacheprovider $(PYTEST_ARGS)

# Seeds demo initiatives, measures the map pages and their viewport data,
# writes bench/RESULTS.md. BENCH_ARGS="--old DIR" puts the old code (a git
# worktree of f753180) beside it; "--existing --label 1m" measures the
# database of DATABASE_URL as it is.
BENCH_COUNTS ?= 1000 10000 100000
bench-maps: system-test setup
	$(PY) bench/maps_bench.py $(BENCH_COUNTS) $(BENCH_ARGS)

lint: $(VENV)/.installed
	mkdir -p data
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo
	$(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

system:
	@scripts/system-packages.sh runtime

system-test:
	@scripts/system-packages.sh test

$(VENV)/.installed: requirements.txt requirements-dev.txt | system
	@test -x $(PY) || { python=$$(scripts/find-python.sh) && "$$python" -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

$(DB_STAMP): $(VENV)/.installed $(MIGRATIONS) $(FIXTURES)
	mkdir -p data
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_geography
	$(PY) manage.py load_themes
	$(PY) manage.py load_initiatives
	$(PY) manage.py load_gatherings
	touch $@

%.mo: %.po | $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore=.venv

makemessages: $(VENV)/.installed
	$(PY) manage.py makemessages -l nl --ignore=.venv --ignore=tests --ignore=bench

# Benchmarks and load tests: PostGIS on 127.0.0.1:5432, loopback only, bounded.
# Results go to bench/RESULTS.md. See bench/*.py for what each measures.
$(VENV)-peers/.installed: bench/requirements-peers.txt
	@test -x $(VENV)-peers/bin/python || { python=$$(scripts/find-python.sh) && "$$python" -m venv $(VENV)-peers; }
	$(VENV)-peers/bin/python -m pip install --quiet --disable-pip-version-check -r bench/requirements-peers.txt
	touch $@

bench-api: $(VENV)/.installed $(VENV)-peers/.installed
	$(PY) -m bench.api_bench --replica

load: $(VENV)/.installed
	$(PY) -m bench.load --seconds 180 --restart-at 90

# 200 slow connections for 60 s against nginx + gunicorn, then bare gunicorn.
slow-clients: system-test $(VENV)/.installed
	$(PY) -m bench.slow_clients --slow 200 --seconds 60

# Submissions while the mail server accepts and never answers (SpatiaLite,
# or PostGIS when DATABASE_URL is set); writes bench/RESULTS.md.
dead-mail: setup
	$(PY) -m bench.dead_mail
