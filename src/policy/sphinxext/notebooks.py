"""The worked examples in the build: run before the pages are read, side by side, and traced.

When the build executes notebooks (nb_execution_mode "force", as published), every notebook it is
about to read starts in its own kernel as soon as Sphinx knows what it will read. Sphinx reads the
handbook's pages meanwhile; when it reaches a notebook it takes that run's result, and myst-nb
renders it as run (the notebook is marked not to be executed a second time). Each kernel writes the
rule IDs its cells used to the notebook's own trace file: the page then depends on those rules and
its "Källor för sidan" lists their sources. A notebook that cannot run fails the build with one
Swedish line instead of a traceback, and runs again in the next build.

A run may already be under way when Sphinx says what it reads: started as the build started, by
prestart.py, for a notebook whose inputs changed since the last build. Sphinx's own list still
decides: such a run is used only for the same file and time limit, and one Sphinx does not read is
stopped.

With execution off (previews, most test builds) the stored outputs are rendered and nothing runs.
"""
from __future__ import annotations

import os
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import nbformat
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from ..notebook_run import Background
from ..rulebook import CHANGELOG_ID

logger = logging.getLogger(__name__)


def trace_file(app: Sphinx, docname: str) -> Path:
    return Path(app.doctreedir) / "policy-trace" / (docname.replace("/", "__") + ".txt")


def is_notebook(env, docname: str) -> bool:
    return str(env.doc2path(docname)).endswith(".ipynb")


def _emptied(trace: Path) -> Path:
    trace.parent.mkdir(parents=True, exist_ok=True)
    trace.write_text("", encoding="utf-8")
    return trace


@dataclass
class Run:
    """A notebook's run under way: its file, the file its kernel writes the rules it used to, and
    its time limit."""
    future: Future
    path: Path
    trace: Path
    timeout: int


def side_by_side(app: Sphinx, env) -> bool:
    return (env.mystnb_config.execution_mode == "force" and bool(app.config.policy_notebooks_side_by_side)
            and app.parallel <= 1)  # -j: pages are read in forked processes, which have no runner thread


def start_run(app: Sphinx, path: Path, trace: Path, timeout: int) -> Run:
    if "policy_notebook_runner" not in app.__dict__:
        app.policy_notebook_runner = Background()
    kernel_env = dict(os.environ, POLICY_TRACE=str(_emptied(trace)))
    return Run(app.policy_notebook_runner.start(path, kernel_env, timeout), path, trace, timeout)


def _start_runs(app: Sphinx, env, docnames: list[str]) -> None:
    """Start every notebook this build reads, before it reads anything (or take its early run)."""
    early: dict[str, Run] = app.__dict__.pop("policy_notebook_early", {})
    try:
        if not side_by_side(app, env):
            return
        timeout = env.mystnb_config.execution_timeout
        runs = app.__dict__.setdefault("policy_notebook_runs", {})
        for doc in docnames:
            if not is_notebook(env, doc) or not _runs_as_configured(app, env, doc):
                continue
            path, run = Path(env.doc2path(doc)), early.pop(doc, None)
            if run is not None and (run.path != path or run.timeout != timeout):  # not this run after all
                run.future.cancel()
                run = None
            runs[doc] = run or start_run(app, path, trace_file(app, doc), timeout)
    finally:
        for run in early.values():  # started early, not read after all
            run.future.cancel()


def _runs_as_configured(app: Sphinx, env, docname: str) -> bool:
    """Left to myst-nb: a notebook excluded from running, or with its own execution settings."""
    path = PurePosixPath(Path(env.doc2path(docname)).as_posix())
    if any(path.match(pattern) for pattern in env.mystnb_config.execution_excludepatterns):
        return False
    own = nbformat.read(env.doc2path(docname), as_version=4).metadata.get("mystnb", {})
    return not {"execution_mode", "execution_timeout", "execution_allow_errors"} & set(own)


def _use_run(app: Sphinx, docname: str, source: list[str]) -> None:
    """The notebook's text as its run left it, for myst-nb to render without running it again."""
    run = app.__dict__.get("policy_notebook_runs", {}).pop(docname, None)
    if run is None:
        if docname.startswith("notebooks/"):
            trace = _emptied(trace_file(app, docname))
            if app.env.mystnb_config.execution_mode == "force":  # run by myst-nb itself: its kernel inherits this
                os.environ["POLICY_TRACE"] = str(trace)
        return
    ran = run.future.result()
    if run.trace != trace_file(app, docname):  # an early run's: now the notebook's own
        os.replace(run.trace, trace_file(app, docname))
        app.__dict__.setdefault("policy_notebooks_started_early", set()).add(docname)
    notebook = ran.notebook
    failed = app.env.__dict__.setdefault("policy_notebooks_failed", set())
    if ran.error:
        # The build fails (also without -W), and the next build runs the notebook again rather than
        # keeping what this one read.
        logger.warning(ran.error, location=docname, type="policy", subtype="notebook")
        notebook = nbformat.reads(source[0], as_version=4)
        failed.add(docname)
    else:
        failed.discard(docname)
    notebook.metadata["mystnb"] = {**notebook.metadata.get("mystnb", {}), "execution_mode": "off"}
    source[0] = nbformat.writes(notebook)


def _failed_last_time(app: Sphinx, env, added, changed, removed) -> list[str]:
    return sorted(set(env.__dict__.get("policy_notebooks_failed", set())) & set(env.found_docs))


def _traced(app: Sphinx, doctree) -> None:
    """After a notebook ran: it depends on the rules its cells used, and cites them."""
    from . import book_for, note_cited, note_use, note_whole_data

    docname = app.env.docname
    if not docname.startswith("notebooks/"):
        return
    # Search finds the examples by their prose and results, not by the Python in their cells.
    for cell in doctree.findall(lambda n: isinstance(n, nodes.Element) and "cell_input" in n["classes"]):
        cell["classes"].append("no-search")
    os.environ.pop("POLICY_TRACE", None)
    used = set(trace_file(app, docname).read_text(encoding="utf-8").split())
    # Its code may walk any collection (every routine, say): run again after any change to the
    # data's structure, and after a value change when it read that value.
    note_whole_data(app.env)
    known = used & set(book_for(app.env).index)
    note_use(app.env, known | (used & {CHANGELOG_ID}))
    # What the example's code used is what the page rests on: its "Källor för sidan" lists them.
    note_cited(app.env, sorted(known))


def _stop(app: Sphinx, exception) -> None:
    if app.env is not None and app.env.__dict__.get("policy_notebooks_failed"):
        app.statuscode = 1  # a worked example that does not run fails the build, -W or not
    app.__dict__.pop("policy_notebook_runs", None)
    for run in app.__dict__.pop("policy_notebook_early", {}).values():  # the build stopped before reading
        run.future.cancel()
    runner = app.__dict__.pop("policy_notebook_runner", None)
    if runner:
        runner.close()  # a build that stopped early: kernels still running are shut down
    for stray in (Path(app.doctreedir) / "policy-trace").glob("*.early"):  # early runs not used
        stray.unlink(missing_ok=True)


def setup(app: Sphinx) -> None:
    # Off only to compare with myst-nb running the notebooks one by one (tests/test_stale.py).
    app.add_config_value("policy_notebooks_side_by_side", True, "")
    # Last, after any handler that adds pages to read.
    app.connect("env-before-read-docs", _start_runs, priority=900)
    app.connect("source-read", _use_run)
    app.connect("env-get-outdated", _failed_last_time)
    app.connect("doctree-read", _traced, priority=400)  # before the review notices, which read its rules
    app.connect("build-finished", _stop)
