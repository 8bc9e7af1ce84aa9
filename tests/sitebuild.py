"""Building the handbook in a subprocess, for the site tests."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPHINX = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-q"]


def build(srcdir: Path, outdir: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    """Run sphinx-build; with `pythonpath`, the policy package (and the notebook kernels) come from there."""
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = str(pythonpath) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([*SPHINX, str(srcdir), str(outdir)], cwd=srcdir, env=env,
                          capture_output=True, text=True, timeout=900)


def copy_project(dest: Path) -> Path:
    """A copy of everything the build reads, so a test can change rules without touching the repo."""
    for name in ("conf.py", "handbook", "notebooks", "src"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo", ".ipynb_checkpoints"))
        else:
            shutil.copy2(src, dest / name)
    return dest


def errors_of(result: subprocess.CompletedProcess) -> str:
    lines = [l for l in result.stderr.splitlines() if "IPKernelApp" not in l]
    return "\n".join(lines[-40:])
