"""The code passes ruff (the same check as `make lint` and the pre-commit hook)."""
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
