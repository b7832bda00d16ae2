# Two commands a newcomer needs: `make run` and `make test`. Both build their own .venv.
VENV ?= .venv
PYTHON ?= python3
PORT ?= 5000
HOST ?= 127.0.0.1
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test check test-fast bench translations screens guide-screens statement clean

install: $(STAMP) node_modules/.installed
	@$(BIN)/pybabel compile --use-fuzzy -d dialog_app/translations >/dev/null

# The page scripts' unit tests run under node with jsdom (package.json); without npm they are skipped.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the page scripts' unit tests (tests/system/test_js.py) will be skipped"; fi

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: install
	$(BIN)/dialog-app demo --sample --host $(HOST) --port $(PORT)

# The static checks first (ruff: lint and import order; mypy: types), then every test.
test: install check
	$(BIN)/python -m pytest

check: install
	$(BIN)/ruff check .
	$(BIN)/mypy

# The domain and web tests (tests/domain, tests/web), in under a minute: no servers, nginx, Redis,
# PostgreSQL or browsers (those are the system tests, tests/system).
test-fast: install
	$(BIN)/python -m pytest -m "not system" -n auto tests/domain tests/web

bench: install
	$(BIN)/python bench/latency.py
	$(BIN)/python bench/fanout.py
	$(BIN)/python bench/grouping.py
	$(BIN)/python bench/rotation.py
	$(BIN)/python bench/flood.py
	$(BIN)/python bench/export.py
	$(BIN)/python bench/imports.py
	$(BIN)/python bench/invitations.py
	$(BIN)/python bench/imprint.py
	$(BIN)/python bench/placement.py
	$(BIN)/python bench/uploads.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/attacks.py

# After changing user-visible text: refresh the English catalogue, then translate the new entries.
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k plural_forms:1,2 --no-location --no-wrap --sort-output -o dialog_app/translations/messages.pot .
	$(BIN)/pybabel update -i dialog_app/translations/messages.pot -d dialog_app/translations --no-fuzzy-matching --no-wrap
	$(BIN)/pybabel compile -d dialog_app/translations

# Screenshots of the projector in every phase of a full evening (docs/screens/), after changing it.
screens: install
	$(BIN)/python docs/screens/make_screens.py

# Screenshots of the real screens for the user guide (docs/guide/), after changing a screen it shows.
guide-screens: install
	$(BIN)/python docs/guide/make_guide_screens.py

# The accessibility statement's page in the app, from docs/accessibility.md and docs/accessibility.en.md.
statement: install
	$(BIN)/python docs/make_statement.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache node_modules
