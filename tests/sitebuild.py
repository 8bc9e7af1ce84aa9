"""Building the handbook in a separate process (a fork of a server with Sphinx imported), for the site tests."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from fixturedata import FIXTURE_DATA, copy_data
from forked import python_m

ROOT = Path(__file__).resolve().parents[1]
SPHINX = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-q", "--no-color"]
# The build date the test builds show: 2026-12-02 00:00 UTC, inside every routine's validity.
# conf.py reads SOURCE_DATE_EPOCH, so builds of the same commit are comparable byte for byte.
EPOCH = "1796169600"


def build(srcdir: Path, outdir: Path, pythonpath: Path | None = None, extra: list[str] = (),
          on: str | None = None, data: Path | None = None, pinned: bool = True,
          edition: str | None = None, strict: bool = True, own_python: bool = False) -> subprocess.CompletedProcess:
    """Run sphinx-build with the pinned build date (or `on`, ÅÅÅÅ-MM-DD, as `make html DATE=` does;
    or, not `pinned`, the date `make html` uses); with `pythonpath`, the policy package (and the
    notebook kernels) come from there, with that package's own data. The rule data is `data`, else
    the fixture rulebook (a copied project's own data when `pythonpath` is given); pass PACKAGE_DIR
    for the committee's data. `edition` is the edition the pages name (else none: a copy is not a
    git repository); not `strict`, warnings do not fail the build (no -W); `own_python`, in a Python
    of its own (its own hash seed) instead of a fork of the preloaded server (forked.py)."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH) if pinned else dict(os.environ)
    if edition:
        env["POLICY_EDITION"] = edition
    if pythonpath:
        env["PYTHONPATH"] = str(pythonpath) + os.pathsep + env.get("PYTHONPATH", "")
    env["POLICY_DATA"] = str(data or (Path(pythonpath) / "policy" if pythonpath else FIXTURE_DATA))
    dated = ["-D", f"policy_build_date={on}"] if on else []
    command = SPHINX if strict else [arg for arg in SPHINX if arg not in ("-W", "--keep-going")]
    args = [*command[3:], *extra, *dated, str(srcdir), str(outdir)]
    if own_python:
        return subprocess.run([*command[:3], *args], cwd=srcdir, env=env, capture_output=True, text=True,
                              encoding="utf-8", errors="replace", timeout=900)
    return _sphinx_build(args, srcdir, env)


def _sphinx_build(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    result = python_m("sphinx", args, cwd, env)
    return subprocess.CompletedProcess(["sphinx", *args], result.returncode, result.stdout, result.stderr)


def copy_project(dest: Path, data: Path | None = None) -> Path:
    """A copy of everything the build reads, so a test (or the benchmark) can change rules freely;
    its src/policy holds the fixture rulebook, or `data` (PACKAGE_DIR for the committee's)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("conf.py", "handbook", "notebooks", "src"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo", ".ipynb_checkpoints"))
        else:
            shutil.copy2(src, dest / name)
    copy_data(dest / "src" / "policy", data or FIXTURE_DATA)
    routines, register = dest / "handbook" / "routines", dest / "handbook" / "reference" / "regler"
    for page in [*routines.glob("*.md"), *routines.glob("*/*.md"), *register.glob("*.md")]:
        if "% Sidan skapas av bygget" in page.read_text(encoding="utf-8")[:200]:
            page.unlink()  # written again from the copy's own routines
    return dest


def errors_of(result: subprocess.CompletedProcess) -> str:
    lines = [line for line in result.stderr.splitlines() if "IPKernelApp" not in line]
    return "\n".join(lines[-40:])
