# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 5000
FLASK = $(VENV)/bin/flask
export FLASK_APP = wsgi

.PHONY: install run test test-fast test-tools validate clean translations

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

# Compiled catalogues (.mo) are built here from the .po files in git, never committed.
CATALOGUES = $(patsubst %.po,%.mo,$(wildcard lms/translations/*/LC_MESSAGES/messages.po))
%.mo: %.po $(VENV)/.installed
	$(VENV)/bin/pybabel compile --statistics -i $< -o $@ 2>&1 | sed 's/^/  /'

install: $(VENV)/.installed $(CATALOGUES)

# For contributors: gather the words from code and templates into messages.pot, bring every
# language's messages.po up to date with it (new entries come in empty, changed ones fuzzy),
# then compile. Translate the .po files; `make test` fails while any entry is empty or fuzzy.
# A new language: pybabel init -i lms/translations/messages.pot -d lms/translations -l pt
translations: $(VENV)/.installed
	$(VENV)/bin/pybabel -q extract -F babel.cfg -k lazy_gettext -k lazy_ngettext:1,2 \
	  --project "STEM Academy" --copyright-holder "STEM Academy contributors" --no-wrap \
	  -o lms/translations/messages.pot lms
	$(VENV)/bin/pybabel -q update --no-wrap --ignore-obsolete -i lms/translations/messages.pot -d lms/translations
	$(MAKE) --no-print-directory $(CATALOGUES)

# The scheduler is its own process beside the web server; both stop together. Its jobs run once
# first, so that it starts quietly; `demo welcome` keeps the address for flask commands run
# later and prints the log-ins last, once the server answers and the scheduler is active.
run: install
	$(FLASK) db upgrade
	$(FLASK) courses sync
	$(FLASK) demo setup
	$(FLASK) scheduler once
	export LMS_BASE_URL=http://127.0.0.1:$(PORT); \
	$(FLASK) scheduler run & scheduler=$$!; \
	$(FLASK) demo welcome & welcome=$$!; \
	trap 'kill $$scheduler $$welcome 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

# What only the tests need: axe-core (npm) and Debian's Chromium for the browser tests.
test-tools: node_modules/.installed
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
	  echo "Chromium is missing: install Debian's chromium package for the browser tests." >&2

# The whole suite on SQLite, then again on a throwaway PostgreSQL cluster.
test: install test-tools
	$(VENV)/bin/pytest
	scripts/with_postgres.sh $(VENV)/bin/pytest -p no:cacheprovider

# Unit, service, web and CLI tests on SQLite, without the slow ones: the quick loop while working.
test-fast: install
	$(VENV)/bin/pytest -m "not slow" -p no:cacheprovider

validate: install
	$(FLASK) courses validate

clean:
	rm -rf $(VENV) .venv-validator node_modules test-artifacts instance/lms.sqlite* instance/outbox lms/translations/*/LC_MESSAGES/*.mo
