# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 5000
FLASK = $(VENV)/bin/flask
export FLASK_APP = wsgi

.PHONY: install run test validate clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# The scheduler is its own process beside the web server; both stop together.
run: install
	$(FLASK) db upgrade
	$(FLASK) courses sync
	$(FLASK) demo setup
	export LMS_BASE_URL=http://127.0.0.1:$(PORT); \
	$(FLASK) scheduler run & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# The whole suite on SQLite, then again on a throwaway PostgreSQL cluster.
test: install
	$(VENV)/bin/pytest
	scripts/with_postgres.sh $(VENV)/bin/pytest -p no:cacheprovider

validate: install
	$(FLASK) courses validate

clean:
	rm -rf $(VENV) .venv-validator instance/lms.sqlite* instance/outbox
