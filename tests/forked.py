"""`python -m <module> ...` run in a fork of a server that has imported the slow libraries once.

Sphinx, myst-nb and Furo take about 1.3 s to import, pytest with its plugins about 1.5 s, in each of
the suite's twenty-odd builds and the committee test's pytest runs. A fork server imports them once;
each run is a fresh fork of it with its own folder, environment, output and import path (the folder,
then PYTHONPATH, then the interpreter's own, as `python -m` has it), and runs the module as
`python -m` does (runpy, sys.argv, the exit code). Not the policy package: each run imports that
from the copy its PYTHONPATH names. What acts only when an interpreter starts is the server's: the
hash seed, -X options, PYTHONWARNINGS; and exit handlers do not run. A check that needs its own
interpreter (two builds compared for reproducibility) runs one (sitebuild.build(..., own_python=True))."""
from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

PRELOAD = ["sphinx.cmd.build", "sphinx.application", "sphinx.builders.html", "docutils.parsers.rst", "myst_nb",
           "myst_nb.sphinx_ext", "myst_parser.sphinx_ext.main", "furo", "sphinx_design", "notfound.extension",
           "nbclient", "nbformat", "bs4", "pydantic", "yaml", "jsonschema",
           "pytest", "_pytest.config", "hypothesis", "pytest_bdd", "nbval.plugin", "xdist.plugin"]


@functools.cache
def _interpreter_path() -> list[str]:
    """The import path the interpreter starts with, before the folder and PYTHONPATH."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-c", "import json, sys; print(json.dumps(sys.path[1:]))"],
                          env=env, cwd="/", capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _child(module: str, args: list[str], cwd: str, env: dict[str, str], base_path: list[str],
           out: str, err: str) -> None:
    import runpy

    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    sys.path[:] = [os.getcwd(), *(p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p), *base_path]
    sys.argv = [module, *args]
    configuration = sys.modules.get("hypothesis.configuration")
    if configuration is not None:  # imported in the server: its example store would be the server's folder's
        configuration.set_hypothesis_home_dir(Path(cwd) / ".hypothesis")
    for fd, name in ((1, out), (2, err)):
        handle = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(handle, fd)
        os.close(handle)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115  (for the fork's whole life)
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    code = 0
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        if not isinstance(stop.code, (int, type(None))):
            print(stop.code, file=sys.stderr)
    except BaseException:  # as Python itself does: the traceback on stderr, exit 1
        import traceback

        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def python_m(module: str, args: list[str], cwd: Path, env: dict[str, str],
             timeout: float = 900) -> subprocess.CompletedProcess:
    """What `subprocess.run([python, "-m", module, *args], cwd=cwd, env=env, capture_output=True,
    text=True)` gives, from a fork of the preloaded server."""
    import multiprocessing
    import tempfile

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    with tempfile.TemporaryDirectory() as folder:
        out, err = Path(folder, "ut"), Path(folder, "fel")
        process = context.Process(target=_child, args=(module, list(args), str(cwd), env, _interpreter_path(),
                                                       str(out), str(err)))
        process.start()
        process.join(timeout=timeout)
        if process.is_alive():
            process.kill()
            process.join()
        read = lambda path: path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""  # noqa: E731
        return subprocess.CompletedProcess(["python", "-m", module, *args], process.exitcode, read(out), read(err))
