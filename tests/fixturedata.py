"""The developers' tests' own rulebook (tests/fixtures/regelbok): a frozen copy of the rule data
that no committee change touches. Copies of the package for tests carry this data, not the live one."""
from __future__ import annotations

import shutil
from pathlib import Path

from policy import loader

PACKAGE_DIR = Path(loader.__file__).resolve().parent
FIXTURE_DATA = Path(__file__).resolve().parent / "fixtures" / "regelbok"
# What in src/policy/ is the committee's data rather than code.
DATA_PARTS = ("rules", "routines", "changelog", "reviews", "settings.yaml")


def copy_data(dest: Path, source: Path = FIXTURE_DATA) -> Path:
    """The rule data (fixture by default) into `dest`, replacing what is there."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in DATA_PARTS:
        src, target = source / name, dest / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        if src.is_dir():
            shutil.copytree(src, target)
        elif src.exists():
            shutil.copy2(src, target)
    return dest


def copy_package(dest: Path) -> Path:
    """The policy package's code with the fixture data in place of the live data."""
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "_build", *DATA_PARTS)
    shutil.copytree(PACKAGE_DIR, dest, ignore=skip, dirs_exist_ok=True)
    return copy_data(dest)
