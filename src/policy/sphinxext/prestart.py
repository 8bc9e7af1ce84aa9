"""Worked examples started before Sphinx has loaded its environment.

A build that runs a notebook again because a rule it used changed need not wait for Sphinx to say so.
Each build that ran its notebooks side by side saves, beside its doctrees, what every notebook's run
rested on: its text, the rules it used with their fingerprints, whether it failed, and the time
limit. The next build's first extension (this one, first in conf.py) starts those whose inputs
changed, before the other extensions are imported and the saved environment is loaded, which take
about as long as a kernel takes to start (notebooks.py then hands the runs over or stops them).
A wrong guess costs time, never exactness; other reasons Sphinx reads a notebook again (the policy
code, the data's structure, a setting) are not foreseen, and those notebooks start when Sphinx says.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sphinx.application import Sphinx

from ..errors import PolicyError
from ..loader import load
from ..rulebook import CHANGELOG_ID
from . import fingerprint, frame_fingerprint, notebooks

STATE = "policy-notebooks.json"  # in the doctree folder: what each notebook's last run rested on


def prestart(app: Sphinx) -> None:
    """Start the notebooks whose last run's inputs changed (due_again), as the build starts. The
    settings are those of the build that saved the state (which ran its notebooks side by side)
    unless the command line says otherwise; conf.py is not read yet."""
    overrides = app.config.overrides
    if (str(overrides.get("nb_execution_mode", "force")) != "force" or app.parallel > 1
            or str(overrides.get("policy_notebooks_side_by_side", "1")) in ("0", "False")):  # -D …=0
        return
    try:
        saved = json.loads((Path(app.doctreedir) / STATE).read_text(encoding="utf-8"))
        due = due_again(saved, load(), Path(app.srcdir))
        timeout = int(overrides.get("nb_execution_timeout", saved["timeout"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, PolicyError):
        return  # nothing saved, or not readable: every notebook starts when Sphinx says
    early = app.__dict__.setdefault("policy_notebook_early", {})
    for doc, path in due.items():
        early[doc] = notebooks.start_run(app, path, notebooks.trace_file(app, doc).with_suffix(".early"), timeout)


def due_again(saved: dict, book, srcdir: Path) -> dict[str, Path]:
    """The notebooks (name: file) whose last run's inputs have changed: their own text, a rule they
    read (or the frame of one they only cited), or the run failed. Other reasons Sphinx reads one again (the policy code, the data's
    structure, a setting) are not foreseen here; those notebooks start when Sphinx says."""
    due = {}
    for doc, last in saved["notebooks"].items():
        path = srcdir / last["path"]
        if not path.is_file():
            continue
        if (last["failed"] or _source_hash(path) != last["source"]
                or any(fingerprint(book, rule_id) != value for rule_id, value in last["rules"].items())
                or any(frame_fingerprint(book, rule_id) != value for rule_id, value in last.get("frames", {}).items())):
            due[doc] = path
    return due


def _source_hash(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


def save_inputs(app: Sphinx, exception) -> None:
    """What each notebook's run rested on, for the next build's prestart: only after a build that
    ran its notebooks side by side and finished; otherwise nothing is saved."""
    state = Path(app.doctreedir) / STATE
    env = app.env
    ran_side_by_side = env is not None and hasattr(env, "mystnb_config") and notebooks.side_by_side(app, env)
    if exception is not None or not ran_side_by_side:
        state.unlink(missing_ok=True)
        return
    fingerprints, frames = env.__dict__.get("policy_fingerprints", {}), env.__dict__.get("policy_frames", {})
    used, log = env.__dict__.get("policy_used", {}), env.__dict__.get("policy_reads_log", set())
    full = env.__dict__.get("policy_full", {})
    failed = env.__dict__.get("policy_notebooks_failed", set())
    saved_notebooks = {}
    for doc in sorted(env.found_docs):
        if not notebooks.is_notebook(env, doc):
            continue
        path = Path(env.doc2path(doc))
        # Sphinx reads a notebook again for a change to a rule it read, or to the frame of one it
        # only cited (_outdated_by_rules): the same here.
        rules = sorted(set(full.get(doc, set())) | ({CHANGELOG_ID} if doc in log else set()))
        cited = sorted(set(used.get(doc, set())) - set(rules))
        saved_notebooks[doc] = {"path": path.relative_to(app.srcdir).as_posix(), "source": _source_hash(path),
                                "failed": doc in failed, "rules": {r: fingerprints.get(r) for r in rules},
                                "frames": {r: frames.get(r) for r in cited}}
    state.parent.mkdir(parents=True, exist_ok=True)
    # Also which notebooks this build started early and used: what prestart did, for the record.
    saved = {"timeout": env.mystnb_config.execution_timeout, "notebooks": saved_notebooks,
             "started_early": sorted(app.__dict__.get("policy_notebooks_started_early", set()))}
    state.write_text(json.dumps(saved, ensure_ascii=False, indent=1), encoding="utf-8")


def setup(app: Sphinx) -> dict:
    prestart(app)
    app.connect("build-finished", save_inputs)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
