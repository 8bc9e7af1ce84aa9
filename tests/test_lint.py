"""The code passes ruff (the same check as `make lint` and the pre-commit hook), and what the suite
names by file is there."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "src", "tests", "benchmarks", "conf.py"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_lock_pins_every_package_the_tests_import():
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    for package in ("sphinx==", "myst-nb==", "furo==", "pydantic==", "pytest==", "nbval==", "playwright==", "ruff=="):
        assert package in lock.lower(), package


def test_every_file_the_suite_runs_first_is_there():
    """conftest orders make test's files by name: a renamed or removed long file would fall to the
    end again without a word."""
    from conftest import LONGEST_FIRST

    missing = [name for name in LONGEST_FIRST if not (ROOT / name).is_file()]
    assert missing == []
