# Two commands for a bare machine with Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Local development runs with DEBUG on; production sets its own environment.
DEV_ENV := DEBUG=$${DEBUG-1}

.PHONY: run stop worker test install install-dev migrate demo lint typecheck messages clean-db help

help:
	@echo "make run    - install, migrate, load the demo district and serve on http://127.0.0.1:$(PORT)"
	@echo "make test   - install the development dependencies and run the whole suite"
	@echo "make worker - run a background-job worker alone (make run starts one already)"
	@echo "make stop   - stop the embedded PostgreSQL server (it also stops with the last process using it)"

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	$(DEV_ENV) $(PY) manage.py migrate --no-input

demo: migrate
	$(DEV_ENV) $(PY) manage.py load_demo

# The web server and a background-job worker under one shell: its trap stops both on Ctrl-C or on
# SIGTERM to make (which make passes on to it), and when either exits the other is stopped. Both run
# in the background, and the shell waits on a short sleep, because a shell runs its trap only once
# its foreground child has exited. runserver's autoreloader serves from a child process: that child
# is sent SIGTERM itself, so that it exits cleanly (and lets the embedded PostgreSQL stop) instead of
# being killed by its parent.
run: demo
	@echo ""
	@echo "  Licang community services portal"
	@echo "  Public site:  http://127.0.0.1:$(PORT)/"
	@echo "  Staff admin:  http://127.0.0.1:$(PORT)/admin/  (user admin, password licang-demo-2026;"
	@echo "                other roles: district_admin, licun_staff, center_staff, health_staff, housing_staff)"
	@echo "  API docs:     http://127.0.0.1:$(PORT)/api/docs/"
	@echo "  Partner token: $(PY) manage.py issue_token '青岛市第八人民医院'"
	@echo "  Background jobs: a worker runs beside the server and stops with it (Ctrl-C)"
	@echo ""
	@stop() { pkill -TERM -P "$$server" 2>/dev/null || kill -TERM "$$server" 2>/dev/null; \
		kill -TERM "$$worker" "$$sleeper" 2>/dev/null; }; \
	trap stop INT TERM HUP; \
	$(DEV_ENV) $(PY) manage.py procrastinate worker & worker=$$!; \
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT) & server=$$!; \
	while kill -0 $$server 2>/dev/null && kill -0 $$worker 2>/dev/null; do \
		sleep 1 & sleeper=$$!; wait $$sleeper; done; \
	stop; wait $$server; status=$$?; wait $$worker; exit $$status

# The embedded server stops by itself when the last process using it ends; this stops it at once,
# even while a process still uses it (they lose their connections).
stop:
	@if [ -x $(PY) ]; then $(DEV_ENV) $(PY) manage.py stop_db; fi

# A worker alone, for a second terminal beside `runserver` or to watch the jobs' log.
worker: migrate
	$(DEV_ENV) $(PY) manage.py procrastinate worker

test: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	DEBUG=1 $(BIN)/mypy licang services eldercare health housing

# Regenerate and compile the translation catalogues (needs GNU gettext); the compiled .mo files
# are committed so that `make run` and `make test` do not need gettext.
messages: install
	for app in licang/registry licang/imports licang/outbox services/centers services/desk services/linkage eldercare health housing; do \
		(cd $$app && DEBUG=1 $(CURDIR)/$(PY) $(CURDIR)/manage.py makemessages -l zh_Hans --no-obsolete) ; done
	(cd licang && DEBUG=1 ../$(PY) ../manage.py makemessages -l zh_Hans --no-obsolete \
		--ignore 'registry/*' --ignore 'imports/*' --ignore 'outbox/*')
	DEBUG=1 $(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore '.venv/*' \
		--ignore 'licang/*' --ignore 'services/*' --ignore 'eldercare/*' --ignore 'health/*' --ignore 'housing/*'
	DEBUG=1 $(PY) manage.py compilemessages --ignore '.venv/*'

clean-db:
	rm -rf .data
