# Two commands for a fresh machine: `make html` builds the handbook, `make test` runs every test.
# Both install the project into .venv from pyproject.toml first (again when it changes).
VENV  := .venv
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
SPHINXOPTS ?= -W --keep-going -n -q

.PHONY: html test clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

html: $(STAMP)
	$(PY) -m sphinx -b html $(SPHINXOPTS) . _build/html

test: $(STAMP)
	$(PY) -m pytest

clean:
	rm -rf _build .jupyter_cache
