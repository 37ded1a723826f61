# Two commands on a fresh machine:  `make serve`  and  `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
FLASK := $(VENV)/bin/flask --app portal
TMP := $(CURDIR)/.tmp

.PHONY: serve setup test lint install install-test translations compile-translations browser-deps bench bench-learning clean

serve: setup
	$(VENV)/bin/gunicorn -c portal/gunicorn_conf.py portal.wsgi:app

setup: install instance/portal.cfg compile-translations
	$(FLASK) setup

install: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $@

install-test: $(VENV)/.installed-test
$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install --quiet -e '.[test]'
	touch $@

instance/portal.cfg:
	mkdir -p instance
	$(PY) -c "import secrets; print('SECRET_KEY = ' + repr(secrets.token_hex(32)))" > $@
	chmod 600 $@

compile-translations: install
	$(VENV)/bin/pybabel compile --use-fuzzy -d portal/translations -f >/dev/null

# Extract the interface strings and update every catalog (then translate, then `make compile-translations`).
translations: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -o portal/translations/messages.pot .
	$(VENV)/bin/pybabel update -i portal/translations/messages.pot -d portal/translations --no-fuzzy-matching --ignore-obsolete

# Debian's Chromium for the browser tests, npm packages (axe-core, vnu-jar) from the committed lock file.
browser-deps:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && SUDO= || SUDO=sudo; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@command -v java >/dev/null || { [ "$$(id -u)" = 0 ] && SUDO= || SUDO=sudo; \
	  $$SUDO apt-get install -y -qq default-jre-headless >/dev/null; }
	@[ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --silent

# The suite writes nothing into the repository: no bytecode, no tool caches, its temporary files removed after.
test: install-test compile-translations browser-deps lint
	mkdir -p $(TMP)
	TMPDIR=$(TMP) PYTHONDONTWRITEBYTECODE=1 PYTHONPYCACHEPREFIX=$(TMP)/pycache HYPOTHESIS_STORAGE_DIRECTORY=$(TMP)/hypothesis \
	  $(VENV)/bin/pytest --basetemp=$(TMP)/pytest -p no:cacheprovider \
	  $(PYTEST_ARGS); status=$$?; rm -rf $(TMP); exit $$status

# Style and the dependency rules (contracts in pyproject.toml): part of `make test`.
lint: install-test
	$(VENV)/bin/ruff check --no-cache .
	$(VENV)/bin/ruff format --no-cache --check .
	$(VENV)/bin/lint-imports --no-cache

bench: install-test compile-translations
	$(PY) bench/pages.py

# 100 simulated learners for 60 s against gunicorn (2 workers) and a fresh PostgreSQL database (PORTAL_BENCH_DATABASE_URL).
bench-learning: install-test compile-translations
	$(PY) bench/learning.py

clean:
	rm -rf $(TMP) instance/search-index
