"""The walkthrough in CONTRIBUTING.md works: a sixth routine is three files — the routine, its page
and its test cases — and no Python. Done here in a copy of the project with an invented region."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

import policy
from sitebuild import build, copy_project, errors_of
from test_cases import run_case

FIXTURES = Path(__file__).parent / "fixtures" / "ny-rutin"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("ny-rutin"))
    shutil.copy(FIXTURES / "exempelland.yaml", root / "src" / "policy" / "routines" / "exempelland.yaml")
    shutil.copy(FIXTURES / "exempelland.md", root / "handbook" / "routines" / "exempelland.md")
    (root / "tests" / "cases").mkdir(parents=True)
    shutil.copy(FIXTURES / "exempelland-fall.yaml", root / "tests" / "cases" / "exempelland.yaml")
    return root


def test_the_new_routine_loads_with_its_own_source_document(project):
    book = policy.load(project / "src" / "policy")
    assert "exempelland" in book.routines
    assert book.sources["exempelland-rutin"].organisation == "Region Exempelland"


def test_the_new_routines_case_file_passes(project):
    book = policy.load(project / "src" / "policy")
    run_case(yaml.safe_load((project / "tests" / "cases" / "exempelland.yaml").read_text(encoding="utf-8")), book)


def test_the_site_builds_with_the_new_routines_page_in_the_menu(project):
    out = project / "_build" / "html"
    result = build(project, out, pythonpath=project / "src")
    assert result.returncode == 0, errors_of(result)
    page = (out / "handbook" / "routines" / "exempelland.html").read_text(encoding="utf-8")
    assert "routine-banner" in page and "checklist-items" in page
    assert "XS013" in page  # the KVÅ code comes from koder.yaml through the step's placeholder
    assert 'href="exempelland.html"' in (out / "handbook" / "routines" / "index.html").read_text(encoding="utf-8")


def test_the_data_driven_tests_pass_on_the_new_region_without_python_edits(project):
    """The suite's data-driven parts, run on the copy with the new region (its own package through
    PYTHONPATH): loading, schemas, every routine's case file, scopes and the date sweep."""
    import os
    import subprocess
    import sys

    shutil.copytree(Path(__file__).parent, project / "tests", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    env = dict(os.environ, PYTHONPATH=str(project / "src"))
    files = ["tests/test_loader.py", "tests/test_schema.py", "tests/test_cases.py", "tests/test_scope.py",
             "tests/test_dates.py", "tests/test_decision.py"]
    # Left out: the seeds' own files (they sit beside the real project) and anything that builds the site.
    skip = "not seed and not built_site and not dated_site and not build and not page and not notice and not tab"
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
                           *files, "-k", skip], cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:]
