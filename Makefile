# Two commands for a bare machine with Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Local development runs with DEBUG on; production sets its own environment.
DEV_ENV := DEBUG=$${DEBUG-1}

.PHONY: run test install install-dev migrate demo lint typecheck messages clean-db help

help:
	@echo "make run   - install, migrate, load the demo district and serve on http://127.0.0.1:$(PORT)"
	@echo "make test  - install the development dependencies and run the whole suite"

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

run: demo
	@echo ""
	@echo "  Licang community services portal"
	@echo "  Public site:  http://127.0.0.1:$(PORT)/"
	@echo "  Staff admin:  http://127.0.0.1:$(PORT)/admin/  (user admin, password licang-demo-2026;"
	@echo "                other roles: district_admin, licun_staff, center_staff, health_staff, housing_staff)"
	@echo "  API docs:     http://127.0.0.1:$(PORT)/api/docs/"
	@echo "  Partner token: $(PY) manage.py issue_token '青岛市第八人民医院'"
	@echo ""
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

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
	for app in licang/registry services/centers services/desk eldercare health housing; do \
		(cd $$app && DEBUG=1 $(CURDIR)/$(PY) $(CURDIR)/manage.py makemessages -l zh_Hans --no-obsolete) ; done
	(cd licang && DEBUG=1 ../$(PY) ../manage.py makemessages -l zh_Hans --no-obsolete --ignore 'registry/*')
	DEBUG=1 $(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore '.venv/*' \
		--ignore 'licang/*' --ignore 'services/*' --ignore 'eldercare/*' --ignore 'health/*' --ignore 'housing/*'
	DEBUG=1 $(PY) manage.py compilemessages --ignore '.venv/*'

clean-db:
	rm -rf .data
