"""Every entry of tests/bad_inputs.yaml must be refused with a Swedish message, never a traceback.

- cli: `policy.cli.main(args)` in-process (the first ten also as `python -m policy`): the expected
  exit code, nothing on stdout, the fragment and "fel" on stderr, no traceback, no English argparse.
- functions: the call raises policy.PolicyError (not TypeError, ValueError or pydantic's
  ValidationError) whose text holds the fragment.
- data: a copy of rules/, routines/ and changelog/ with one change is refused by loader.load with a
  policy.DataError that names the changed file and holds the fragment.

Entries marked `bug:` in the YAML fail today on purpose; fix the code, not the entry.
"""
from __future__ import annotations

import importlib
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from fixturedata import PACKAGE_DIR, copy_data

from policy import DataError, PolicyError, loader
from policy.cli import main
from policy.decision import Situation

CORPUS_PATH = Path(__file__).with_name("bad_inputs.yaml")
CORPUS = yaml.safe_load(CORPUS_PATH.read_text(encoding="utf-8"))
SUBPROCESS_CASES = 10
# argparse's own words; none of them occurs in a Swedish message.
ENGLISH = ("error:", "usage:", "invalid", "required", "Traceback", "ambiguous", "could match",
           "ignored", "unrecognized", "expected", "not allowed")


def _ids(section: str) -> list[str]:
    return [case["id"] for case in CORPUS[section]]


def test_the_corpus_has_at_least_40_entries_with_unique_ids():
    total = sum(len(CORPUS[section]) for section in ("cli", "functions", "data"))
    assert total >= 40
    for section in ("cli", "functions", "data"):
        ids = _ids(section)
        assert len(ids) == len(set(ids)), f"duplicate id in {section}"


def test_every_entry_has_the_fields_its_kind_needs():
    for case in CORPUS["cli"]:
        assert {"id", "args", "exit", "message"} <= set(case), case
        assert all(isinstance(a, str) for a in case["args"]), case["id"]
    for case in CORPUS["functions"]:
        assert {"id", "function", "kwargs", "message"} <= set(case), case
    for case in CORPUS["data"]:
        assert {"id", "file", "message"} <= set(case), case
        assert ("replace" in case) != ("append" in case), case["id"]


# --- the command line ------------------------------------------------------------------------------


@dataclass
class Result:
    code: int
    out: str
    err: str


def _check_cli(case: dict, result: Result) -> None:
    assert result.code == case["exit"], result.err or result.out
    assert result.out == ""
    assert "fel" in result.err
    assert case["message"] in result.err
    for english in ENGLISH:
        assert english not in result.err


@pytest.mark.parametrize("case", CORPUS["cli"], ids=_ids("cli"))
def test_cli_in_process(case, capsys):
    capsys.readouterr()
    code = main(list(case["args"]))
    captured = capsys.readouterr()
    _check_cli(case, Result(code, captured.out, captured.err))


def _run(args: list[str]) -> Result:
    done = subprocess.run([sys.executable, "-m", "policy", *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=120, cwd=PACKAGE_DIR.parents[1])
    return Result(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="module")
def subprocess_results() -> dict[str, Result]:
    """The first cases run as `python -m policy`, a few at a time (each start takes a second or two)."""
    cases = CORPUS["cli"][:SUBPROCESS_CASES]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda c: _run(list(c["args"])), cases))
    return {case["id"]: result for case, result in zip(cases, results)}


@pytest.mark.parametrize("case", CORPUS["cli"][:SUBPROCESS_CASES], ids=_ids("cli")[:SUBPROCESS_CASES])
def test_cli_in_a_subprocess(case, subprocess_results):
    _check_cli(case, subprocess_results[case["id"]])


# --- the Python functions ----------------------------------------------------------------------------


def _function(dotted: str):
    module, name = dotted.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


def _call(case: dict):
    kwargs = dict(case["kwargs"])
    if isinstance(kwargs.get("situation"), dict):
        fields = dict(kwargs["situation"])
        if isinstance(fields.get("actors"), list):
            fields["actors"] = frozenset(fields["actors"])
        kwargs["situation"] = Situation(**fields)  # inside the check: a refusal here counts too
    return _function(case["function"])(**kwargs)


@pytest.mark.parametrize("case", CORPUS["functions"], ids=_ids("functions"))
def test_function_raises_a_swedish_policy_error(case):
    try:
        answer = _call(case)
    except PolicyError as exc:
        assert case["message"] in str(exc)
        return
    except Exception as exc:
        pytest.fail(f"{type(exc).__module__}.{type(exc).__name__} instead of PolicyError: {exc}")
    pytest.fail(f"no error; the call answered {answer!r:.300}")


# --- the data files ----------------------------------------------------------------------------------


def _broken_copy(case: dict, root: Path) -> Path:
    _copy_data(root)
    path = root / case["file"]
    if "replace" in case:
        text = path.read_text(encoding="utf-8")
        old, new = case["replace"]["old"], case["replace"]["new"]
        assert old in text, f"{old!r} is no longer in {case['file']}: update the entry"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    else:
        existing = path.read_text(encoding="utf-8") if path.exists() else ""
        path.write_text(existing + case["append"], encoding="utf-8")
    return path


def _copy_data(root: Path) -> None:
    copy_data(root)


def test_the_unbroken_copy_loads(tmp_path):
    _copy_data(tmp_path)
    assert loader.load(tmp_path).rules


@pytest.mark.parametrize("case", CORPUS["data"], ids=_ids("data"))
def test_broken_data_is_refused_naming_the_file(case, tmp_path):
    path = _broken_copy(case, tmp_path)
    try:
        book = loader.load(tmp_path)
    except DataError as exc:
        message = str(exc)
        assert path.name in message
        assert case["message"] in message
        return
    except Exception as exc:
        pytest.fail(f"{type(exc).__module__}.{type(exc).__name__} instead of DataError: {exc}")
    pytest.fail(f"the broken data loaded ({len(book.rules)} rules)")
