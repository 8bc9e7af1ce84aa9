"""Running the worked examples (policy.notebook_run): a notebook's result is there as soon as its
last cell has run, and nothing is left behind, no kernel process and no socket folder, whether the
run succeeds, fails or is stopped halfway."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest

from policy.committee.kernel import quiet_kernels
from policy.forked_kernels import KERNEL_NAME, ZYGOTE_NAME
from policy.notebook_run import Background, run_all

# A kernel that takes a second to stop once asked (its exit handler sleeps): long enough to see that
# a result did not wait for it.
# Kernels that take their time to exit: within the half second a stopping kernel is given, and far beyond it.
SLOW_TO_STOP = "import atexit, time\natexit.register(time.sleep, 0.4)"
LINGERS = "import atexit, time\natexit.register(time.sleep, 20)"


def _notebook(folder: Path, name: str, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(code) for code in cells]
    path = folder / name
    nbformat.write(nb, path)
    return path


def _kernels() -> list[int]:
    """This process's kernels still running, started as usual (its children running ipykernel) or
    forked by a zygote of its own (named so): read from /proc, no library needed on Linux."""
    parents, kernels = {}, []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name, rest = (entry / "stat").read_text().rsplit(")", 1)
            parents[int(entry.name)] = int(rest.split()[1])
            if rest.split()[0] != "Z" and (name.endswith(f"({KERNEL_NAME}") or b"ipykernel" in (entry / "cmdline").read_bytes()):
                kernels.append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile

    def ours(pid: int) -> bool:
        while pid in parents and pid != os.getpid():
            pid = parents[pid]
        return pid == os.getpid()

    found = [pid for pid in kernels if pid != os.getpid() and ours(parents.get(pid, 0))]
    if os.environ.get("FORKED_KERNELS") == "1":  # run again with one thread: every kernel forked
        assert all(Path(f"/proc/{parents[pid]}/comm").read_text().strip() == ZYGOTE_NAME for pid in found), found
    return found


@pytest.fixture
def sockets(tmp_path, monkeypatch) -> Path:
    """Where the kernels' socket folders go during the test (tempfile's folder for this test)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    quiet_kernels()
    return folder


def test_a_runner_forks_its_kernels_exactly_when_this_process_has_one_thread(sockets):
    """A test worker of make test has more than one thread (xdist's own), so these tests run kernels
    started as usual there; test_forked_kernels.py runs this file again in a Python with one
    (FORKED_KERNELS=1)."""
    single = len(os.listdir("/proc/self/task")) == 1
    runner = Background()
    try:
        assert (runner._zygote is not None) == single
        if os.environ.get("FORKED_KERNELS") == "1":
            assert single
    finally:
        runner.close()


def test_results_in_order_and_nothing_left_after_a_good_and_a_failing_run(tmp_path, sockets):
    good = _notebook(tmp_path, "bra.ipynb", "print(6 * 7)")
    bad = _notebook(tmp_path, "trasig.ipynb", "1 / 0")
    ran = run_all([(good, dict(os.environ)), (bad, dict(os.environ))])
    assert [r.path for r in ran] == [good, bad]
    assert ran[0].error is None and ran[0].notebook.cells[0].outputs[0]["text"] == "42\n"
    assert ran[1].error.startswith("Räkneexemplet trasig.ipynb kan inte köras med de här reglerna: ZeroDivisionError")
    assert _kernels() == []
    assert list(sockets.iterdir()) == []


def test_a_kernel_that_dies_is_named_with_the_last_line_it_wrote(tmp_path, sockets):
    dies = _notebook(tmp_path, "doer.ipynb", "import os\nos.write(2, 'Kärnan saknar något\\n'.encode())\nos._exit(1)")
    ran = run_all([(dies, dict(os.environ))])
    assert ran[0].error == ("Räkneexemplet doer.ipynb kunde inte köras: kärnan stannade mitt i körningen. "
                            "Kärnan skrev: Kärnan saknar något")
    assert _kernels() == [] and list(sockets.iterdir()) == []


def test_a_result_does_not_wait_for_its_kernel_to_stop_but_closing_does(tmp_path, sockets):
    path = _notebook(tmp_path, "langsam.ipynb", SLOW_TO_STOP, "print('klar')")
    runner = Background()
    try:
        ran = runner.start(path, dict(os.environ)).result(timeout=120)
        handed_over = time.monotonic()
        assert ran.error is None and ran.notebook.cells[1].outputs[0]["text"] == "klar\n"
        assert _kernels(), "the kernel should still be stopping when the result is handed over"
        assert list(sockets.iterdir()), "its socket folder goes with it"
    finally:
        runner.close()
    assert _kernels() == [] and list(sockets.iterdir()) == []
    assert time.monotonic() - handed_over >= 0.3  # close waited for the kernel's slow exit
    runner.close()  # a second close does nothing


def test_a_kernel_that_lingers_as_it_stops_is_terminated_not_waited_for(tmp_path, sockets):
    path = _notebook(tmp_path, "droejer.ipynb", LINGERS, "print('klar')")
    runner = Background()
    try:
        assert runner.start(path, dict(os.environ)).result(timeout=120).error is None
        handed_over = time.monotonic()
    finally:
        runner.close()
    # Terminated after half a second (jupyter_client's default would wait 2.5 s first).
    assert time.monotonic() - handed_over < 2.0
    assert _kernels() == [] and list(sockets.iterdir()) == []


def test_closing_stops_a_run_halfway_and_its_kernel(tmp_path, sockets):
    path = _notebook(tmp_path, "evig.ipynb", "import time\ntime.sleep(600)")
    runner = Background()
    future = runner.start(path, dict(os.environ))
    deadline = time.monotonic() + 60
    while not _kernels() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _kernels(), "the kernel never started"
    started = time.monotonic()
    runner.close()
    assert future.cancelled()
    assert _kernels() == [] and list(sockets.iterdir()) == []
    assert time.monotonic() - started < 30


def test_a_process_that_never_closes_its_runner_still_stops_its_kernels_as_it_ends(tmp_path, sockets):
    """As when a build is stopped with Ctrl-C or fails while Sphinx starts: the runner is never
    closed, and the kernel it started mid-run is stopped all the same when the process exits."""
    path = _notebook(tmp_path, "evig.ipynb", "import time\ntime.sleep(600)")
    marker = f"RAKNEEXEMPEL_TEST={os.getpid()}-{time.monotonic_ns()}"
    script = f"""
import os, sys, tempfile, time
from pathlib import Path
tempfile.tempdir = {str(sockets)!r}
from policy.committee.kernel import quiet_kernels
from policy.notebook_run import Background
quiet_kernels()
runner = Background()
runner.start(Path({str(path)!r}), dict(os.environ, {marker.split("=")[0]}={marker.split("=")[1]!r}))
deadline = time.monotonic() + 60
while not any(Path(tempfile.tempdir).iterdir()) and time.monotonic() < deadline:
    time.sleep(0.05)
time.sleep(1)  # the kernel is running its endless cell
sys.exit(0)
"""
    # The marker in the process's own environment too: a forked kernel's /proc environ is the one
    # its process started with (the build's), whatever environment the kernel was given.
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, **dict([marker.split("=")])))
    assert done.returncode == 0, done.stderr
    assert _with_marker(marker.encode()) == []
    assert list(sockets.iterdir()) == []


def _with_marker(marker: bytes) -> list[int]:
    """Every process on the machine whose environment holds `marker`."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found
