# Diplo's front door: `make run` serves the app, `make test` runs the suite.
# Both create .venv with a Python >= 3.12 found on this machine (PYTHON=... wins).

SHELL := /bin/bash
VENV := .venv
VPY := $(VENV)/bin/python
HOST_PORT ?= 127.0.0.1:8000

# Local development defaults; production sets DIPLO_DEBUG=0 and DIPLO_SECRET_KEY.
export DIPLO_DEBUG ?= 1

define FIND_PYTHON
ok() { "$$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; }; \
if [ -n "$(PYTHON)" ]; then \
  if ok "$(PYTHON)"; then echo "$(PYTHON)"; exit 0; fi; \
  echo "PYTHON=$(PYTHON) is not a working Python >= 3.12." >&2; exit 1; \
fi; \
for candidate in python3.14 python3.13 python3.12 python3 \
    $$(ls -d /root/.pyenv/versions/3.1[2-9]*/bin/python3 /usr/local/bin/python3.1[2-9] 2>/dev/null); do \
  if ok "$$candidate"; then command -v "$$candidate"; exit 0; fi; \
done; \
echo "No Python >= 3.12 found (Django 6.1 needs it). Install one, or run: make PYTHON=/path/to/python3.12 ..." >&2; \
exit 1
endef

.PHONY: run serve test test-fast fuzz lint format clean chromium bench loadtest attack wrk cluster

NODE_TOOLS := node_modules/.installed

$(VENV)/.installed: pyproject.toml
	@python=$$($(FIND_PYTHON)) || exit 1; \
	if [ ! -x $(VPY) ] || ! $(VPY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	  echo "Creating $(VENV) with $$python"; rm -rf $(VENV); "$$python" -m venv $(VENV) || exit 1; \
	fi
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -e '.[dev]'
	@touch $@

# Test-only tools: the Nu Html Checker and axe-core (see package.json).
$(NODE_TOOLS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Browser tests drive Debian's Chromium (never a downloaded one).
chromium:
	@[ -x /usr/bin/chromium ] || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Browser tests need Debian's chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

# Load generator for the benchmark (Debian's wrk).
wrk:
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk >/dev/null; \
	  else echo "The benchmark needs wrk: sudo apt-get install wrk" >&2; exit 1; fi; }

# Pages under load at 10,000 and 100,000 events on SQLite and PostgreSQL (see bench/run.py),
# then every page cold (after a write, and for filter sets never asked) beside warm, one at a
# time (bench/cold.py), then readers while a writer and an ingest run (bench/writemix.py);
# e.g. make bench BENCH_ARGS="--engines sqlite --sizes 10000" COLD_ARGS="--engines sqlite"
# WRITEMIX_ARGS="--engines sqlite".
bench: $(VENV)/.installed wrk
	$(VPY) bench/run.py $(BENCH_ARGS)
	$(VPY) bench/cold.py $(COLD_ARGS)
	$(VPY) bench/writemix.py $(WRITEMIX_ARGS)

# A minute of 64 connections on the 100,000-event dataset, SQLite then PostgreSQL: no error,
# every answer 2xx/3xx, workers' memory steady (bench/loadtest.py); e.g.
# make loadtest LOADTEST_ARGS="--engine sqlite".
loadtest: $(VENV)/.installed wrk
	$(VPY) bench/loadtest.py $(LOADTEST_ARGS)

# What slow and hostile clients cost (bench/attack.py): /healthz and / while 2 and 20 clients
# stall on /events.jsonl, with the gthread workers of `make serve` and the sync ones before;
# how long a stalled client is held; pathological articles of a few MB through ingest, timed.
# Prints a results table (var/attack/results.md); e.g. make attack ATTACK_ARGS="--engines sqlite".
attack: $(VENV)/.installed
	$(VPY) bench/attack.py $(ATTACK_ARGS)

# Diplo past one machine, on this one (bench/cluster.py): two app servers (gunicorn) and an
# ingest worker (db_worker) sharing PostgreSQL (database diplo_cluster, created if missing,
# with the curated dataset) and Redis (database 1); a line says where each listens; Ctrl-C
# stops all. CLUSTER_ARGS="--measure" times one app server against two instead.
cluster: $(VENV)/.installed wrk
	$(VPY) bench/cluster.py $(CLUSTER_ARGS)

run: $(VENV)/.installed
	$(VPY) manage.py migrate --no-input
	$(VPY) manage.py load_dataset --if-empty
	$(VPY) manage.py runserver $(HOST_PORT)

# The production way: debug off, the static files collected (hashed names, compressed,
# cached for good by WhiteNoise) and gunicorn (diplo/gunicorn.conf.py) on HOST_PORT.
# Needs DIPLO_SECRET_KEY and DIPLO_ALLOWED_HOSTS; see the README's "Running in production".
serve: export DIPLO_DEBUG := 0
serve: $(VENV)/.installed
	$(VPY) manage.py check --deploy
	$(VPY) manage.py migrate --no-input
	$(VPY) manage.py collectstatic --no-input --verbosity 0
	$(VENV)/bin/gunicorn -c diplo/gunicorn.conf.py --bind $(HOST_PORT)

test: $(VENV)/.installed $(NODE_TOOLS) chromium
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The inner loop: tests/unit (no database) and tests/db (the test database, in process) on
# SQLite, less the modules that take seconds, over two processes; no servers, subprocesses,
# HTML checker or browser. `make test` runs everything.
test-fast: $(VENV)/.installed
	env -u DATABASE_URL -u DIPLO_CACHE_URL $(VENV)/bin/pytest -m "(unit or db) and not slow" \
	  -n 2 -q $(PYTEST_ARGS)

# The fuzz test at length: every public URL under random and hostile query strings,
# FUZZ_EXAMPLES per URL group, explored afresh each run (the suite runs 150, fixed).
FUZZ_EXAMPLES ?= 5000
fuzz: $(VENV)/.installed
	DIPLO_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(VENV)/bin/pytest -p no:cacheprovider --hypothesis-show-statistics tests/db/test_fuzz.py

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .ruff_cache *.egg-info
