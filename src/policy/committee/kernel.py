"""The kernel the worked examples run in: the ordinary Python kernel, started without its log
warnings, so a build or a test run prints no English transport warning that alarms a reviewer.
The kernel and the build talk over the local machine only."""
from __future__ import annotations

import os
from pathlib import Path

KERNELS = Path(__file__).resolve().parents[3] / "notebooks" / "_kernel"


def quiet_kernels() -> None:
    """Put the repository's kernelspec first on JUPYTER_PATH (for this process and its kernels)."""
    if not KERNELS.is_dir():
        return
    paths = [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    if str(KERNELS) not in paths:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([str(KERNELS), *paths])
