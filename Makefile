# Two commands for a fresh machine: `make html` builds the handbook, `make test` runs every test.
# Both install the project into .venv from pyproject.toml first (again when it changes).
VENV  := .venv
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
SPHINXOPTS ?= -W --keep-going -n -q

.PHONY: html test diff clean
BASE ?= main

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

html: $(STAMP)
	$(PY) -m sphinx -b html $(SPHINXOPTS) . _build/html

test: $(STAMP)
	$(PY) -m pytest

# For a rule change: what it does against BASE, and whether the change history covers it.
diff: $(STAMP)
	mkdir -p _build
	$(VENV)/bin/policy diff $(BASE) | tee _build/diff.md
	$(VENV)/bin/policy changelog-check $(BASE)

clean:
	rm -rf _build .jupyter_cache
