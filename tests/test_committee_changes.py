"""The committee's three everyday changes, done exactly as CONTRIBUTING.md says, each on its own
copy of the handbook: a fee change from 2027-07-01, Värmland's routine renewed as version 2, and a
new region with its own checklist and a journal step that uses the KVÅ placeholder. The copies
carry the developers' frozen rulebook and a frozen copy of the committee's test cases
(tests/fixtures/kommittens-tester), as they stood when CONTRIBUTING's examples were written: the
committee's own changes to src/policy/ and tests/ can never make this test fail. Each passes the data-driven checks and the change-history check with no Python
and no developer test edited: the only test lines that change are the committee's own scenarios and
case files, which the examples themselves write. The developers' tests run on their own frozen
rulebook and are untouched by construction (see conftest); a sample of them runs on the copy with all
three changes, together with the data-driven checks, as main would be after the three pull requests."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from contributing import apply, example
from fixturedata import FIXTURE_DATA
from forked import python_m
from gitrepo import git
from sitebuild import ROOT, build, copy_project, errors_of

CHANGES = {"avgift": "Exempel 1", "fornyelse": "Exempel 2", "ny-region": "Exempel 3"}
LIVE_CHECKS = ["tests/test_cases.py", "tests/test_scenarios.py", "tests/test_schema.py"]
DEVELOPER_SAMPLE = ["tests/test_fee.py", "tests/test_checklist.py", "tests/test_review.py"]


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """The handbook with the frozen rulebook and the frozen committee cases, committed as `base`."""
    root = copy_project(tmp_path_factory.mktemp("kommitten") / "bas", data=FIXTURE_DATA)
    shutil.copytree(ROOT / "tests", root / "tests", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("cases", "features"):
        shutil.rmtree(root / "tests" / name)
        shutil.copytree(ROOT / "tests" / "fixtures" / "kommittens-tester" / name, root / "tests" / name)
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    shutil.copy(ROOT / "CONTRIBUTING.md", root / "CONTRIBUTING.md")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "bas")
    git(root, "tag", "base")
    return root


def branch(base: Path, tmp_path: Path, change: str) -> Path:
    root = tmp_path / change
    shutil.copytree(base, root, symlinks=True)
    apply(example(CHANGES[change]), root)
    return root


def run(root: Path, module: str, *args: str) -> subprocess.CompletedProcess:
    """`python -m module args` in the copy, with its own package and data (forked, see forked.py)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") and k != "POLICY_DATA"}
    env["PYTHONPATH"] = str(root / "src")
    return python_m(module, args, root, env, timeout=600)


def passes(root: Path, *files: str) -> None:
    # The fork server has pytest's plugins imported already, so pytest cannot rewrite their own
    # asserts and says so; the tests' asserts are rewritten as usual.
    done = run(root, "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
               "-W", "ignore::pytest.PytestAssertRewriteWarning", *files)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-1000:]


@pytest.mark.parametrize("change", list(CHANGES))
def test_the_change_passes_the_checks_with_only_the_committees_own_test_lines_changed(base, tmp_path, change):
    root = branch(base, tmp_path, change)
    changed = git(root, "status", "--porcelain").split("\n")
    paths = sorted(line[3:] for line in changed if line)
    # Data, the change history and the committee's own cases: nothing in Python, no developer test.
    assert all(p.startswith(("src/policy/rules/", "src/policy/routines/", "src/policy/changelog/",
                             "tests/features/", "tests/cases/")) for p in paths), paths
    done = run(root, "policy", "changelog-check", "base")
    assert done.returncode == 0, done.stdout + done.stderr
    passes(root, *LIVE_CHECKS)


def test_the_renewal_reads_as_one_version_in_the_report(base, tmp_path):
    root = branch(base, tmp_path, "fornyelse")
    done = run(root, "policy", "diff", "base", "--no-notebooks", "--date", "2028-05-01")
    assert done.returncode == 0, done.stderr
    report = done.stdout
    assert "0 ändrade, 0 nya och 0 borttagna regelvärden och 1 rutinversioner" in report
    assert "Region Värmland version 2 (utkast) från 2028-04-10" in report
    assert "internpost → elektroniskt" in report
    assert "Ny fastställare: Lena Lind, hälso- och sjukvårdsdirektör" in report
    assert "### Regelvärden" not in report  # no value changed; the renewal is not 46 "changed rules"


def test_all_three_together_build_the_handbook_and_pass_the_checks_and_the_developers_sample(base, tmp_path):
    root = tmp_path / "alla"
    shutil.copytree(base, root, symlinks=True)
    for heading in CHANGES.values():
        apply(example(heading), root)
    out = tmp_path / "html"
    # The pages are the point here; the worked examples are run on the committee's data by nbval.
    result = build(root, out, root / "src", extra=["-D", "nb_execution_mode=off"])
    assert result.returncode == 0, errors_of(result)
    region = (out / "handbook" / "routines" / "exempelland.html").read_text(encoding="utf-8")
    assert "XS013" in region and "checklist-items" in region
    varmland = (out / "handbook" / "routines" / "varmland.html").read_text(encoding="utf-8")
    assert "Version 2, utkast" in varmland and "internpost → elektroniskt" in varmland
    # One pytest for both (each start costs seconds): the developers' sample reads only its frozen
    # rulebook, so one run on all three changes shows what a run on each would.
    passes(root, *LIVE_CHECKS, *DEVELOPER_SAMPLE)
