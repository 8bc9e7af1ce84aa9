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
    """A private copy of rules/, routines/ and settings.yaml that a test may break; load it with loader.load(path)."""
    shutil.copytree(PACKAGE_DIR / "rules", tmp_path / "rules")
    shutil.copytree(PACKAGE_DIR / "routines", tmp_path / "routines")
    shutil.copy(PACKAGE_DIR / "settings.yaml", tmp_path / "settings.yaml")
    return tmp_path


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The handbook built once for the session (with its Sphinx environment under .doctrees)."""
    from sitebuild import ROOT, build, errors_of

    out = tmp_path_factory.mktemp("html")
    result = build(ROOT, out)
    assert result.returncode == 0, errors_of(result)
    return out


def pytest_collection_modifyitems(config, items):
    """Rule coverage reads what the other tests used, so its tests run last."""
    items.sort(key=lambda item: item.nodeid.startswith("tests/test_coverage.py"))
