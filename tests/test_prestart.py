"""Worked examples started before Sphinx has loaded its environment (sphinxext/notebooks.py):
which are started, and what the build then does with them. A wrong guess may cost time, never
exactness: Sphinx's own list of what to read decides which runs are used. (The whole path, from the
saved state to the pages, is in test_stale.py.)"""
from __future__ import annotations

import hashlib
import json
from concurrent.futures import Future
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

from fixturedata import copy_data
from policy import loader
from policy.sphinxext import fingerprint, frame_fingerprint, notebooks
from policy.sphinxext import prestart as early_start
from policy.sphinxext.notebooks import Run, _start_runs
from policy.sphinxext.prestart import STATE, due_again, prestart

RULE = "arvode.forsta-timmen"


def _notebook(folder: Path, name: str) -> Path:
    path = folder / "notebooks" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")]), path)
    return path


def _saved(path: Path, srcdir: Path, rules: dict, failed: bool = False) -> dict:
    return {"path": path.relative_to(srcdir).as_posix(), "source": hashlib.sha1(path.read_bytes()).hexdigest(),
            "failed": failed, "rules": rules}


def _raise_fee(data: Path) -> None:
    path = data / "rules" / "arvode.yaml"
    text = path.read_text(encoding="utf-8")
    head, sep, tail = text.partition(f"id: {RULE}")
    path.write_text(head + sep + tail.replace("value: 750", "value: 800", 1), encoding="utf-8")


@pytest.fixture
def books(tmp_path):
    """The fixture rulebook, and a copy of it with the first hour's fee raised."""
    changed = copy_data(tmp_path / "data")
    _raise_fee(changed)
    return loader.load(loader.data_dir()), loader.load(changed)


def test_due_are_the_notebooks_whose_text_or_rules_changed_or_that_failed(tmp_path, books):
    before, after = books
    src = tmp_path / "src"
    paths = {name: _notebook(src, f"{name}.ipynb") for name in ("same", "fee", "text", "failed", "gone", "code")}
    fee = {RULE: fingerprint(before, RULE)}
    other = {"kod.kva-avstamningsmote": fingerprint(before, "kod.kva-avstamningsmote")}
    saved = {"notebooks": {
        "notebooks/same": _saved(paths["same"], src, other),
        "notebooks/fee": _saved(paths["fee"], src, fee),
        "notebooks/text": _saved(paths["text"], src, other),
        "notebooks/failed": _saved(paths["failed"], src, other, failed=True),
        "notebooks/gone": _saved(paths["gone"], src, fee),
        # A rule the data no longer has is a changed input too.
        "notebooks/code": _saved(paths["code"], src, {"kod.finns-inte-langre": "0" * 40}),
    }}
    paths["text"].write_text(paths["text"].read_text(encoding="utf-8").replace('"1"', '"2"'), encoding="utf-8")
    paths["gone"].unlink()
    assert sorted(due_again(saved, after, src)) == ["notebooks/code", "notebooks/failed", "notebooks/fee",
                                                    "notebooks/text"]
    # With nothing changed in the data, the fee notebook is not due.
    assert "notebooks/fee" not in due_again(saved, before, src)


def test_a_notebook_that_only_cited_a_rule_is_due_when_its_frame_changes_not_its_value(tmp_path, books):
    """As Sphinx decides (_outdated_by_rules): a cited rule is a read of its frame, not its values."""
    before, after = books
    src = tmp_path / "src"
    cites = _notebook(src, "cites.ipynb")
    saved = {"notebooks": {"notebooks/cites": {**_saved(cites, src, {}), "frames": {RULE: frame_fingerprint(before, RULE)}}}}
    assert due_again(saved, after, src) == {}  # 750 → 800: the value only
    retitled = copy_data(tmp_path / "omdopt")
    path = retitled / "rules" / "arvode.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Högsta arvode för den första timmen",
                                                             "title: Högsta arvode, första timmen", 1), encoding="utf-8")
    assert due_again(saved, loader.load(retitled), src) == {"notebooks/cites": cites}


def _app(tmp_path, overrides=None, parallel=1):
    config = SimpleNamespace(overrides=overrides or {}, policy_notebooks_side_by_side=True)
    return SimpleNamespace(config=config, parallel=parallel, doctreedir=str(tmp_path / "doctrees"),
                           srcdir=str(tmp_path / "src"))


def _state(tmp_path, books) -> None:
    """A last build whose fee notebook used the first hour's fee; the data has changed since."""
    src = tmp_path / "src"
    fee, other = _notebook(src, "fee.ipynb"), _notebook(src, "other.ipynb")
    before, _ = books
    saved = {"timeout": 120, "notebooks": {"notebooks/fee": _saved(fee, src, {RULE: fingerprint(before, RULE)}),
                                           "notebooks/other": _saved(other, src, {})}}
    (tmp_path / "doctrees").mkdir()
    (tmp_path / "doctrees" / STATE).write_text(json.dumps(saved), encoding="utf-8")


@pytest.fixture
def started(monkeypatch, books):
    """Runs are recorded, not started: (path, trace, timeout) per call."""
    calls = []

    def fake_start(app, path, trace, timeout):
        calls.append((Path(path).name, trace.name, timeout))
        return Run(Future(), Path(path), trace, timeout)

    monkeypatch.setattr(notebooks, "start_run", fake_start)
    monkeypatch.setattr(early_start, "load", lambda: books[1])  # the data as it is now: the fee raised
    return calls


def test_prestart_starts_the_due_notebooks_with_the_last_builds_time_limit(tmp_path, books, started):
    _state(tmp_path, books)
    app = _app(tmp_path)
    prestart(app)
    assert started == [("fee.ipynb", "notebooks__fee.early", 120)]
    assert list(app.policy_notebook_early) == ["notebooks/fee"]


def test_prestart_takes_the_time_limit_from_the_command_line_when_given(tmp_path, books, started):
    _state(tmp_path, books)
    prestart(_app(tmp_path, {"nb_execution_timeout": "33"}))
    assert started == [("fee.ipynb", "notebooks__fee.early", 33)]


@pytest.mark.parametrize("overrides, parallel", [({"nb_execution_mode": "off"}, 1), ({}, 2),
                                                 ({"policy_notebooks_side_by_side": "0"}, 1)],
                         ids=["execution off", "pages read in parallel", "myst-nb runs them one by one"])
def test_prestart_starts_nothing_when_the_build_will_not_run_notebooks_side_by_side(tmp_path, books, started,
                                                                                      overrides, parallel):
    _state(tmp_path, books)
    prestart(_app(tmp_path, overrides, parallel))
    assert started == []


def test_prestart_starts_nothing_without_a_readable_saved_state(tmp_path, books, started):
    prestart(_app(tmp_path))  # no state saved
    (tmp_path / "doctrees").mkdir()
    (tmp_path / "doctrees" / STATE).write_text("{inte json", encoding="utf-8")
    prestart(_app(tmp_path))
    (tmp_path / "doctrees" / STATE).write_text('{"notebooks": {"x": {}}}', encoding="utf-8")
    prestart(_app(tmp_path))
    assert started == []


def _env(tmp_path, mode="force", timeout=120):
    config = SimpleNamespace(execution_mode=mode, execution_timeout=timeout, execution_excludepatterns=[])
    suffix = {"handbook": ".md", "notebooks": ".ipynb"}
    return SimpleNamespace(mystnb_config=config,
                           doc2path=lambda doc: tmp_path / "src" / (doc + suffix[doc.split("/")[0]]))


def test_the_build_takes_an_early_run_it_reads_and_stops_one_it_does_not(tmp_path, started):
    src = tmp_path / "src"
    for name in ("fee", "other", "new"):
        _notebook(src, f"{name}.ipynb")
    app = _app(tmp_path)
    taken, unread = (Run(Future(), src / "notebooks" / f"{n}.ipynb", tmp_path / f"{n}.early", 120)
                     for n in ("fee", "other"))
    app.policy_notebook_early = {"notebooks/fee": taken, "notebooks/other": unread}
    _start_runs(app, _env(tmp_path), ["handbook/index", "notebooks/fee", "notebooks/new"])
    assert app.policy_notebook_runs["notebooks/fee"] is taken and not taken.future.cancelled()
    assert unread.future.cancelled()
    assert started == [("new.ipynb", "notebooks__new.txt", 120)]  # not started early: started now


def test_an_early_run_with_another_time_limit_is_stopped_and_started_again(tmp_path, started):
    _notebook(tmp_path / "src", "fee.ipynb")
    app = _app(tmp_path)
    early = Run(Future(), tmp_path / "src" / "notebooks" / "fee.ipynb", tmp_path / "fee.early", 33)
    app.policy_notebook_early = {"notebooks/fee": early}
    _start_runs(app, _env(tmp_path, timeout=120), ["notebooks/fee"])
    assert early.future.cancelled()
    assert started == [("fee.ipynb", "notebooks__fee.txt", 120)]


def test_early_runs_are_stopped_when_the_build_runs_no_notebooks(tmp_path, started):
    _notebook(tmp_path / "src", "fee.ipynb")
    app = _app(tmp_path)
    early = Run(Future(), tmp_path / "src" / "notebooks" / "fee.ipynb", tmp_path / "fee.early", 120)
    app.policy_notebook_early = {"notebooks/fee": early}
    _start_runs(app, _env(tmp_path, mode="off"), ["notebooks/fee"])
    assert early.future.cancelled() and started == []


def test_an_early_run_of_another_file_is_stopped_and_the_notebook_started_again(tmp_path, started):
    """A saved state from elsewhere (a copied doctree folder) may name another file for the notebook."""
    _notebook(tmp_path / "src", "fee.ipynb")
    app = _app(tmp_path)
    early = Run(Future(), tmp_path / "annan" / "fee.ipynb", tmp_path / "fee.early", 120)
    app.policy_notebook_early = {"notebooks/fee": early}
    _start_runs(app, _env(tmp_path), ["notebooks/fee"])
    assert early.future.cancelled()
    assert started == [("fee.ipynb", "notebooks__fee.txt", 120)]


def test_the_notebook_read_gets_its_early_runs_result_and_the_rules_it_used(tmp_path):
    from policy.notebook_run import Ran

    path = _notebook(tmp_path / "src", "fee.ipynb")
    app = _app(tmp_path)
    app.env = SimpleNamespace(mystnb_config=SimpleNamespace(execution_mode="force"))
    ran = nbformat.read(path, as_version=4)
    ran.cells[0].outputs = [nbformat.v4.new_output("stream", text="750 kr\n")]
    future = Future()
    future.set_result(Ran(path, ran))
    early = tmp_path / "doctrees" / "policy-trace" / "notebooks__fee.early"
    early.parent.mkdir(parents=True)
    early.write_text(f"{RULE}\n", encoding="utf-8")
    app.policy_notebook_runs = {"notebooks/fee": Run(future, path, early, 120)}
    source = [path.read_text(encoding="utf-8")]
    notebooks._use_run(app, "notebooks/fee", source)
    shown = nbformat.reads(source[0], as_version=4)
    assert shown.cells[0].outputs[0]["text"] == "750 kr\n"
    assert shown.metadata["mystnb"]["execution_mode"] == "off"  # myst-nb does not run it a second time
    assert not early.exists()
    assert (early.parent / "notebooks__fee.txt").read_text(encoding="utf-8") == f"{RULE}\n"
    assert app.policy_notebooks_started_early == {"notebooks/fee"}
