"""A temporary handbook git repository, for the tests of `policy diff` and `changelog-check`."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fixturedata import PACKAGE_DIR, copy_package  # noqa: F401  (PACKAGE_DIR for the tests that import it here)
NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
GIT_IDENTITY = ["-c", "user.name=Test Testsson", "-c", "user.email=test@example.invalid",
                "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"]


@pytest.fixture(autouse=True)
def _git_sees_only_the_temporary_repository(monkeypatch):
    """Run from a git hook, GIT_DIR and friends would point every git call at the real repository."""
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR"):
        monkeypatch.delenv(name, raising=False)


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *GIT_IDENTITY, "-C", str(repo), *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def make_repo(root: Path, notebooks: bool = False) -> Path:
    """root/src/policy (and root/notebooks) as in this checkout, committed and tagged `base`."""
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "_build")
    copy_package(root / "src" / "policy")
    if notebooks:
        shutil.copytree(NOTEBOOKS_DIR, root / "notebooks", ignore=skip)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Handboken som den är")
    git(root, "tag", "base")
    return root


def raise_first_hour_to_800(repo: Path) -> None:
    """arvode.forsta-timmen: 750 kr (000) becomes 800 kr; the Sörmland flat fee is left alone."""
    path = repo / "src" / "policy" / "rules" / "arvode.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- id: arvode.forsta-timmen")
    end = text.index("- id:", start + 1)
    assert text[start:end].count("value: 750") == 1, "arvode.forsta-timmen has changed shape: update the test"
    path.write_text(text[:start] + text[start:end].replace("value: 750", "value: 800") + text[end:], encoding="utf-8")


FEE_SOURCES = """        sources:
          - {source: "000", section: Arvode}
          - {source: stockholm-avgiftshandbok, section: Avstämningsmöte med Försäkringskassan}
"""


def end_and_add_fee_period(data: Path, old: int, new: int, source: str = "000") -> None:
    """The right way to change a published fee: the `old` amount (cited to 000 and Stockholm's
    handbook) ends 2026-12-31 and `new` holds from 2027-01-01, cited to `source`."""
    path = data / "rules" / "arvode.yaml"
    text = path.read_text(encoding="utf-8")
    block = f"      - value: {old}\n" + FEE_SOURCES
    assert text.count(block) == 1, f"the {old} kr period has changed shape in arvode.yaml: update the test"
    path.write_text(text.replace(block, f"      - value: {old}\n        valid_to: 2026-12-31\n" + FEE_SOURCES
                                 + f"      - value: {new}\n        valid_from: 2027-01-01\n"
                                 + f"        sources: [{{source: \"{source}\", section: Arvode}}]\n"), encoding="utf-8")


def raise_first_hour_from_2027(repo: Path) -> None:
    """750 kr for the first hour ends 2026-12-31, 800 kr holds from 2027-01-01."""
    end_and_add_fee_period(repo / "src" / "policy", 750, 800)


def run_policy(repo: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m policy ARGS` in the repository, importing the repository's own copy of the code."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k == "GIT_SSL_CAINFO"}
    env["PYTHONPATH"] = str(repo / "src")
    env.pop("POLICY_DATA", None)  # the repository's own data, as the committee's commands read it
    return subprocess.run([sys.executable, "-m", "policy", *args], cwd=repo, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=300)
