"""Kernels forked from the build (policy.forked_kernels): a notebook runs in one as in a kernel
started on its own, whatever the build did to its own interpreter; a forked kernel's end, exit code
and signals are its own; and nothing is left running when the build ends, however it ends.

Each check runs in a Python of its own: the zygote is only forked from a process with one thread,
and a test worker has two (pytest-xdist's)."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat

from policy.forked_kernels import ZYGOTE_NAME

# What the kernel reports of itself: everything a new interpreter would have set its own way.
STATE = r'''
import builtins, faulthandler, gc, json, locale, logging, os, signal, socket, sys, sysconfig, warnings
import probe
own = tuple(os.path.realpath(p) for p in sysconfig.get_paths().values())
print(json.dumps({
    "path": sys.path, "cwd": os.getcwd(), "argv": sys.argv[:1] + sys.argv[3:], "orig_argv": sys.orig_argv[1:3],
    "env": {k: v for k, v in os.environ.items() if k != "JPY_PARENT_PID"},
    "parent_is_jpy_parent": os.environ.get("JPY_PARENT_PID") == str(os.getppid()),
    "filters": [(f[0], str(f[1]), f[2].__module__ + "." + f[2].__name__, str(f[3]), f[4]) for f in warnings.filters],
    "signals": {signal.Signals(s).name: repr(signal.getsignal(s)) for s in signal.valid_signals()
                if s in set(signal.Signals)},
    "locale": locale.setlocale(locale.LC_ALL), "recursion": sys.getrecursionlimit(), "gc": gc.get_threshold(),
    "builtins": sorted(dir(builtins)), "root_logger": [repr(h) for h in logging.getLogger().handlers],
    "socket_timeout": socket.getdefaulttimeout(), "faulthandler": faulthandler.is_enabled(),
    "excepthook": getattr(sys.excepthook, "__qualname__", repr(sys.excepthook)),
    "session_of_its_own": os.getsid(0) == os.getpid(),
    "std_fds": [os.readlink(f"/proc/self/fd/{fd}").split(":")[0] for fd in range(3)],
    "std_streams": [(s.encoding, s.errors, s.line_buffering, s.write_through)
                    for s in (sys.__stdin__, sys.__stdout__, sys.__stderr__)],
    "from_outside_the_library": sorted(n for n, m in sys.modules.items() if isinstance(getattr(m, "__file__", None), str)
                                       and not os.path.realpath(m.__file__).startswith(own)),
    "meta_path": [getattr(f, "__name__", type(f).__name__) for f in sys.meta_path],
    "probe": probe.VALUE,
    "parent_name": open(f"/proc/{os.getppid()}/comm").read().strip(),
}))
'''

# The build's side: it changes its own interpreter the ways a build (Sphinx, an extension) might,
# then runs the notebook, with its kernel forked (one thread) or started as usual (two threads).
RUNNER = r'''
import builtins, faulthandler, json, locale, logging, os, signal, socket, sys, threading, time, warnings
from pathlib import Path
import probe
probe.VALUE = "changed in the build"
locale.setlocale(locale.LC_ALL, "")
warnings.simplefilter("error", DeprecationWarning)
signal.signal(signal.SIGTERM, lambda *_: None)
signal.signal(signal.SIGUSR1, signal.SIG_IGN)
sys.setrecursionlimit(5000)
logging.basicConfig()
socket.setdefaulttimeout(3)
faulthandler.enable()
sys.excepthook = lambda *a: None
builtins._ = str
from policy.committee.kernel import quiet_kernels
from policy import notebook_run
quiet_kernels()
if sys.argv[2] == "usual":
    threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
import tempfile
kept = tempfile.TemporaryDirectory()  # the build's own, as policy diff's export of the base
ran = notebook_run.run_all([(Path(sys.argv[1]), dict(os.environ))])[0]
state = json.loads(ran.error or ran.notebook.cells[0].outputs[0]["text"])
state["builds_folder_kept"] = os.path.isdir(kept.name)  # the kernel ended without cleaning it up
print(json.dumps(state))
'''


def _run(tmp_path: Path, how: str) -> dict:
    folder = tmp_path / how
    folder.mkdir()
    (folder / "probe.py").write_text('VALUE = "as the module says"\n', encoding="utf-8")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(STATE)]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, folder / "state.ipynb")
    env = dict(os.environ, PYTHONPATH=str(folder) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-c", RUNNER, str(folder / "state.ipynb"), how], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    state = json.loads(done.stdout.replace(str(folder), "<folder>"))
    state["std_fds"] = [re.sub(r"rakneexempel-\w+", "<sockets>", link) for link in state["std_fds"]]
    return state


def test_a_forked_kernel_starts_as_a_kernel_of_its_own_would_whatever_the_build_did(tmp_path):
    usual, forked = _run(tmp_path, "usual"), _run(tmp_path, "forked")
    # Each run was what it says: forked by the zygote, or started by the build.
    assert (forked.pop("parent_name"), usual.pop("parent_name")) == (ZYGOTE_NAME, "python")
    assert forked == usual
    # The things the build changed are not what either kernel has.
    assert usual["probe"] == "as the module says" and usual["recursion"] == 1000 and usual["socket_timeout"] is None
    assert not usual["faulthandler"] and usual["excepthook"] != "<lambda>" and "_" not in usual["builtins"]
    assert ("error", "None", "builtins.DeprecationWarning", "None", 0) not in usual["filters"]
    assert usual["signals"]["SIGTERM"] == "<Handlers.SIG_DFL: 0>"
    assert usual["signals"]["SIGUSR1"] == "<Handlers.SIG_IGN: 1>"  # ignored, as exec leaves it
    assert usual["session_of_its_own"] and usual["parent_is_jpy_parent"] and usual["builds_folder_kept"]


def _zygote_script(body: str) -> str:
    """A process with a zygote for a stand-in kernel command: `kernelapp` from the test's folder,
    whose launch_new_instance() runs what the test wrote there."""
    return textwrap.dedent("""
        import os, signal, sys, time
        from policy.forked_kernels import Zygote
        argv = [sys.executable, "-c", "import sys; import kernelapp; kernelapp.launch_new_instance()", "ARG"]
        zygote = Zygote.start(argv)
        assert zygote is not None, "no zygote"
    """) + textwrap.dedent(body)


def _kernelapp(folder: Path, body: str) -> dict[str, str]:
    (folder / "kernelapp.py").write_text("import os, sys, time\ndef launch_new_instance():\n"
                                         + textwrap.indent(textwrap.dedent(body), "    "), encoding="utf-8")
    return dict(os.environ, PYTHONPATH=str(folder) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def test_a_forked_kernels_exit_code_end_and_signals_are_its_own(tmp_path):
    env = _kernelapp(tmp_path, """
        if sys.argv[1:] == ["ARG", "exit"]:
            sys.exit(3)
        print(os.getsid(0) == os.getpid(), flush=True)
        time.sleep(60)
    """)
    script = _zygote_script("""
        with open("out", "w") as out:
            ends = zygote.spawn(argv + ["exit"], env=dict(os.environ), cwd=os.getcwd(), stdout=out)
            waits = zygote.spawn(argv + ["wait"], env=dict(os.environ), cwd=os.getcwd(), stdout=out)
        assert ends.wait(timeout=30) == 3, ends.returncode
        assert waits.poll() is None
        time.sleep(0.5)
        waits.terminate()
        assert waits.wait(timeout=30) == -signal.SIGTERM, waits.returncode
        waits.kill()  # ended: nothing is sent to whatever has its number now
        zygote.close()
        print(open("out").read().strip(), os.path.exists(f"/proc/{zygote.pid}"))
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False"]  # a session of its own; the zygote collected


def test_no_zygote_while_another_thread_runs(tmp_path):
    script = textwrap.dedent("""
        import sys, threading, time
        from policy.forked_kernels import Zygote
        argv = [sys.executable, "-c", "import sys; from ipykernel import kernelapp; kernelapp.launch_new_instance()"]
        alone = Zygote.start(argv)
        threading.Thread(target=time.sleep, args=(5,), daemon=True).start()
        print(alone is not None, Zygote.start(argv) is None, Zygote.start(argv[:2] + ["print(1)"]) is None)
        alone.close()
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["True", "True", "True"], done.stderr


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_build_killed_outright_leaves_no_kernel_or_zygote_running(tmp_path):
    """No exit handler runs: the zygote ends as its socket closes, the kernel as its parent goes."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(
        f"import os, time\nopen({str(tmp_path / 'pids')!r}, 'w').write(f'{{os.getpid()}} {{os.getppid()}}')\n"
        "time.sleep(600)")]
    nbformat.write(notebook, tmp_path / "evig.ipynb")
    script = textwrap.dedent(f"""
        import os, signal, time
        from pathlib import Path
        from policy.committee.kernel import quiet_kernels
        from policy.notebook_run import Background
        quiet_kernels()
        runner = Background()
        runner.start(Path({str(tmp_path / 'evig.ipynb')!r}), dict(os.environ))
        deadline = time.monotonic() + 60
        while not Path({str(tmp_path / 'pids')!r}).exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.2)
        print(os.getpid(), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    kernel, zygote = map(int, (tmp_path / "pids").read_text().split())
    try:
        assert zygote != int(done.stdout), "the kernel was not forked by a zygote"
        deadline = time.monotonic() + 15
        while (_alive(kernel) or _alive(zygote)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(zygote), "the zygote outlived the build"
        assert not _alive(kernel), "the kernel outlived the build"
    finally:
        for pid in (kernel, zygote):
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_the_runner_tests_pass_with_forked_kernels_too():
    """test_notebook_run.py in a pytest of its own, with one thread: results, failures, a kernel
    that dies or lingers, a run stopped halfway, all with kernels forked by the zygote."""
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:xdist", "-p", "no:cacheprovider", "-q",
                           str(Path(__file__).with_name("test_notebook_run.py"))],
                          env=dict(os.environ, FORKED_KERNELS="1"), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:]
    assert " passed" in done.stdout and "failed" not in done.stdout
