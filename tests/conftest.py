"""Shared fixtures. Expected values in the tests are worked out from the sources, never from the code.

Dates: every test passes an explicit date. 2026-12-01 lies inside every source window that matters:
the fee (from 2024-01-01), Värmland's routine 001 (2026-04-10 – 2028-04-09) and Halland's 003
(from 2026-11-22).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policy import loader

PACKAGE_DIR = Path(loader.__file__).resolve().parent


@pytest.fixture(scope="session")
def book():
    """The real rule data as shipped in the package."""
    return loader.load()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of rules/ and routines/ that a test may break; load it with loader.load(path)."""
    shutil.copytree(PACKAGE_DIR / "rules", tmp_path / "rules")
    shutil.copytree(PACKAGE_DIR / "routines", tmp_path / "routines")
    return tmp_path
