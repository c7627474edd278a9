# Maillage — the two commands: `make run` and `make test`.
# Each creates .venv and installs what it needs, so either may be the first command.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install worker beat lint check messages clean-db

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=python3.x).")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py rundemo 127.0.0.1:8000

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

worker: $(STAMP)
	$(VENV)/bin/celery -A config worker -l info

beat: $(STAMP)
	$(VENV)/bin/celery -A config beat -l info --scheduler django_celery_beat.schedulers:DatabaseScheduler

lint: $(STAMP)
	$(VENV)/bin/ruff check .

# What CI checks before the tests: lint, formatting, no missing migration, and types
# (mypy with django-stubs on services, selectors and tasks: the files listed in mypy.ini).
check: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/mypy

messages: $(STAMP)
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=.pgdata
	$(PY) manage.py compilemessages -l en --ignore=.venv

clean-db:
	rm -rf .pgdata
