# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi
# WeasyPrint renders with Pango; the browser tests drive Debian's Chromium;
# the PDF tests read pages with poppler and QR codes with zbar.
RUN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
TEST_PACKAGES := chromium poppler-utils zbar-tools
# Every throughput figure of `make bench` is wrk's.
BENCH_PACKAGES := wrk

.PHONY: run test test-clock install install-test system translations assets migrate demo bench bench-province vendor clean

run: install system translations assets
	PORTAL_DEMO=1 $(BIN)/flask migrate
	PORTAL_DEMO=1 $(BIN)/flask seed-demo --if-empty
	@echo "Puspaga Portal: http://$(HOST):$(PORT)/  (staff: admin@puspaga.test / puspaga-demo)"
	@echo "The outbox worker runs beside it (flask outbox work); demo messages wait at /staf/pesan."
	@trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	PORTAL_DEMO=1 $(BIN)/flask outbox work --interval 15 & worker=$$!; \
	PORTAL_DEMO=1 $(BIN)/gunicorn --config gunicorn.conf.py --workers 1 --threads 8 --bind "$(HOST):$(PORT)" wsgi:app

# pytest-xdist workers (each with its own PostgreSQL database); JOBS=0 runs the suite in one process.
JOBS ?= auto

test: install-test system translations assets
	@scripts/system-packages.sh $(TEST_PACKAGES)
	$(BIN)/pytest -n $(JOBS) $(PYTEST_ARGS)

# The whole suite again at each moment of tests/clock.py: month and year ends (WIT, WITA, WIB), a Saturday,
# a Sunday and 13.30 WITA on a weekday. CI runs it after `make test`.
test-clock: install-test system translations assets
	@scripts/system-packages.sh $(TEST_PACKAGES)
	@for moment in $$($(BIN)/python -m tests.clock); do \
	  echo "== the suite with the clock at $$moment"; \
	  $(BIN)/pytest -n $(JOBS) -q --clock=$$moment $(PYTEST_ARGS) || exit 1; \
	done

# Debian's own python3 needs python3-venv for this.
$(BIN)/pip:
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || scripts/system-packages.sh python3-venv
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(VENV)/.run-installed
$(VENV)/.run-installed: requirements.txt | $(BIN)/pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

install-test: $(VENV)/.test-installed
$(VENV)/.test-installed: requirements.txt requirements-test.txt | $(BIN)/pip
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $(VENV)/.run-installed $@

system:
	@scripts/system-packages.sh $(RUN_PACKAGES)

translations: install
	$(BIN)/pybabel compile -d portal/translations

# static/ under content-hashed names with gzip and brotli copies, in instance/static-build (portal/assets.py).
# Quick when nothing changed; after a change the portal serves static/ as it is until this runs again.
assets: install
	$(BIN)/flask assets

# Refresh the message catalogue after changing user-facing text.
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -o portal/translations/messages.pot .
	$(BIN)/pybabel update -N -i portal/translations/messages.pot -d portal/translations

# One table of figures beside their budgets; BENCH_SECONDS=10 for longer wrk rounds than the 6 s it runs by default.
bench: install-test system
	@scripts/system-packages.sh $(BENCH_PACKAGES)
	$(BIN)/python -m bench.run

# A province's year (50 units, a million registrations) on the local PostgreSQL: the year report and public pages.
bench-province: install-test system
	@scripts/system-packages.sh $(BENCH_PACKAGES)
	$(BIN)/python -m bench.province

# Fetch the fonts under static/fonts from the npm registry again: packages and versions in scripts/vendor_fonts.py.
vendor: install
	$(BIN)/python scripts/vendor_fonts.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis instance/static-build
