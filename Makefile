# Two commands for a fresh machine: `make html` builds the handbook, `make test` runs every test.
# Both install the project into .venv from pyproject.toml first (again when it changes).
VENV  := .venv
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
SPHINXOPTS ?= -W --keep-going -n -q
# Python's own bytecode cache, even where the environment turns it off: else every process of the
# suite compiles the package again and each pytest rewrites every test module (about 1.4 s each).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: html site test test-summary diff clean system notebooks changelog-check pr-report base-site review-md lock preview lab lint pdf
BASE ?= main

NODE_STAMP := node_modules/.installed-stamp

# Exact versions from requirements.lock, so a fresh machine next year builds the same; `make lock`
# refreshes the lock from pyproject.toml's ranges.
$(STAMP): pyproject.toml requirements.lock
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e ".[test]"
	touch $(STAMP)

lock:
	rm -rf _build/lock-venv
	python3 -m venv _build/lock-venv
	_build/lock-venv/bin/python -m pip install --quiet --upgrade pip
	_build/lock-venv/bin/python -m pip install --quiet -e ".[test]"
	{ echo "# Exakta versioner för make html och make test. Förnya med: make lock"; \
	  _build/lock-venv/bin/python -m pip freeze --exclude-editable; } > requirements.lock
	rm -rf _build/lock-venv

# For maintainers: live preview while editing pages (rebuilds on save; notebooks use stored outputs).
preview: $(STAMP)
	$(PY) -m pip install --quiet -c requirements.lock -e ".[test,dev]"
	$(VENV)/bin/sphinx-autobuild . _build/preview --host 127.0.0.1 --port 8000 -D nb_execution_mode=off

# For maintainers: JupyterLab for editing the worked examples; then `make notebooks`.
lab: $(STAMP)
	$(PY) -m pip install --quiet -c requirements.lock -e ".[test,lab]"
	$(VENV)/bin/jupyter lab --ServerApp.ip=127.0.0.1 notebooks

# One PDF per routine for formal approval, printed by Chromium from the built site.
pdf: html
	$(PY) -m policy.committee.pdf _build/html _build/pdf

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks conf.py

# The Nu HTML checker for the validity test, from package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $(NODE_STAMP)

# DATE=ÅÅÅÅ-MM-DD builds the handbook as it reads on that day (default: today).
DATE ?=
DATEOPT = $(if $(DATE),-D policy_build_date=$(DATE))

html: $(STAMP)
	$(PY) -m sphinx -b html $(SPHINXOPTS) $(DATEOPT) . _build/html

# What is published (_build/site): a clean build of the handbook without the build's internals (the
# Sphinx environment, build info, page sources, the cross-reference inventory). SITE_URL=https://…
# adds the sitemap (of every page, hence the clean build) and points the 404 page's links there.
site: $(STAMP)
	rm -rf _build/site _build/site-doctrees
	$(PY) -m sphinx -b html $(SPHINXOPTS) $(DATEOPT) -d _build/site-doctrees . _build/site
	rm -rf _build/site/.buildinfo* _build/site/_sources _build/site/objects.inv
	@$(PY) -c "from policy.loader import load; p = load().settings.publisher; \
	  p.contact or p.issues_url or print('Obs: läsarna har ingen väg att nå utgivaren. Fyll i publisher.contact eller' \
	  ' publisher.issues_url i src/policy/settings.yaml: tillgänglighetsredogörelsen ska säga hur man når er.')"

# Chromium, Java and npm for the browser and HTML tests (apt-get when run as root).
system:
	bash .ci/install-system

# The suite on three workers (pytest-xdist, each test file whole on one worker, in the order
# tests/conftest.py gives them): on two cores a third keeps them busy while the others wait on
# builds, kernels and Chromium. Then the rule coverage check, which reads what the workers' tests
# used; a failure in either fails the target.
test: system $(STAMP) $(NODE_STAMP)
	mkdir -p _build && rm -rf _build/regelanvandning _build/testresultat*.xml
	status=0; \
	$(PY) -m pytest -n 3 --dist loadfile --no-loadscope-reorder --durations=15 --ignore=tests/test_coverage.py --junitxml=_build/testresultat.xml || status=$$?; \
	$(PY) -m pytest tests/test_coverage.py --junitxml=_build/testresultat-tackning.xml || status=$$?; \
	exit $$status

# What failed in the last `make test`, in Swedish, for the pull request's report.
test-summary: $(STAMP)
	mkdir -p _build
	$(PY) -m policy.committee.test_summary _build/testresultat.xml _build/testresultat-tackning.xml > _build/testsammanfattning.md
	cat _build/testsammanfattning.md

# For a rule change: what it does against BASE, and whether the change history covers it.
diff: $(STAMP)
	mkdir -p _build
	$(VENV)/bin/policy diff $(BASE) $(if $(DATE),--date $(DATE)) | tee _build/diff.md
	$(VENV)/bin/policy changelog-check $(BASE)

# After a rule change that alters a worked example: run the notebooks again and store their outputs
# (no timings or kernel versions, so the diff shows changed results only). nbval compares them.
notebooks: $(STAMP)
	$(PY) -m policy.committee.notebook_outputs

# --- the pull request's report, run by CI on the code host (any host can run the same) ---------------
changelog-check: $(STAMP)
	$(VENV)/bin/policy changelog-check $(BASE)

# The handbook as it was at BASE, built with BASE's own code and data, for the page comparison, the
# worked examples run as on the new side (with stored results only, every example would differ).
# The base's pages for the report, built once per base commit and day (pages show the day they are
# built for): a second push the same day (or a cached _build/base-html in CI) reuses them. The key
# names how they are built, so pages built another way are not reused.
base-site: $(STAMP)
	@base=$$(git rev-parse $(BASE)); key="$$base $$(date +%F) räkneexemplen-körda"; \
	if [ -f _build/base-html/.base-commit ] && [ "$$(cat _build/base-html/.base-commit)" = "$$key" ]; then \
	  echo "Basens sidor finns redan för $$base."; exit 0; fi; \
	rm -rf _build/base-src _build/base-html; \
	git worktree prune; \
	git worktree add --detach _build/base-src $$base && \
	(cd _build/base-src && PYTHONPATH=$(CURDIR)/_build/base-src/src $(CURDIR)/$(PY) -m sphinx -b html -q \
	  . $(CURDIR)/_build/base-html) && \
	echo "$$key" > _build/base-html/.base-commit; \
	status=$$?; git worktree remove --force _build/base-src; exit $$status

# One Markdown comment: the diff at the dates that matter and the pages whose text changes. The new
# pages are the ones `make test` built (_build/testsidor) when they are of these very files and of
# today (not with DATE=, which `make html` builds for); else `make html` builds them.
# _build/forhandsvisning points at the pages used.
pr-report: $(STAMP) base-site
	mkdir -p _build
	@if [ -z "$(DATE)" ] && $(PY) -m policy.committee.built_site _build/testsidor; then ln -sfn testsidor _build/forhandsvisning; \
	else $(MAKE) --no-print-directory html && ln -sfn html _build/forhandsvisning; fi
	{ $(VENV)/bin/policy diff $(BASE) $(if $(DATE),--date $(DATE)) --changed-ids _build/andrade-regler.txt; echo; \
	  $(PY) -m policy.committee.pages_changed _build/base-html _build/forhandsvisning _build/andrade-regler.txt; } > _build/pr-kommentar.md
	cat _build/pr-kommentar.md

# What is due for review, as Swedish Markdown for an issue.
review-md: $(STAMP)
	mkdir -p _build
	$(VENV)/bin/policy review --format md > _build/granskning.md
	cat _build/granskning.md

clean:
	rm -rf _build .jupyter_cache

# Build times and page weight on this machine (see benchmarks/README.md); e.g. `make bench BENCHOPTS=--no-tests`.
.PHONY: bench
bench: $(STAMP)
	$(PY) benchmarks/run.py $(BENCHOPTS)
	$(PY) benchmarks/tasks.py
