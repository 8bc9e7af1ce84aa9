"""Shared fixtures. Expected values in the tests are worked out from the sources, never from the code.

Two kinds of test live here:
- developer tests (the default) run on the frozen rulebook in tests/fixtures/regelbok: POLICY_DATA
  points there for every test, so no change the committee makes to src/policy/ can fail them;
- data-driven checks, marked `live`, run on the committee's data: every routine's case file, the
  Swedish Gherkin scenarios, the schemas and the build of the real handbook. They hold no expected
  value of their own; the committee writes those in tests/cases/ and tests/features/.

Dates: every test passes an explicit date. 2026-12-01 lies inside every source window that matters
in the fixture: the fee (from 2024-01-01), Värmland's routine version 1 (2026-04-10 – 2028-04-09)
and Halland's lathund (from 2026-11-22).
"""
from __future__ import annotations

import fcntl
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import settings

from fixturedata import FIXTURE_DATA, PACKAGE_DIR, copy_data
from policy import loader
from policy.committee.kernel import quiet_kernels
from policy.rulebook import TOUCHED

# What each test worker's tests used (make test runs three; the rule coverage check reads them after).
USED_DIR = Path(os.environ.get("POLICY_TEST_USED", Path(__file__).resolve().parents[1] / "_build" / "regelanvandning"))

# From the start, so that module and session fixtures (which run before the per-test fixture below)
# read the fixture rulebook too. The notebooks (nbval) are published content and run on the
# committee's data: their kernels start without it (see pytest_collection_modifyitems).
os.environ["POLICY_DATA"] = str(FIXTURE_DATA)
quiet_kernels()  # nbval's kernels too

# No time limit per Hypothesis example: on two busy cores a first call can take longer than the
# default 200 ms (it failed a run as "unreliable timings"); the properties are what is tested.
settings.register_profile("svit", deadline=None)
settings.load_profile("svit")


@pytest.fixture(autouse=True)
def _rulebook_in_use(request, monkeypatch):
    """Developer tests read the fixture rulebook, and fail if they load the committee's data;
    checks marked `live` read the committee's data."""
    if request.node.get_closest_marker("live"):
        monkeypatch.delenv("POLICY_DATA", raising=False)
        return
    monkeypatch.setenv("POLICY_DATA", str(FIXTURE_DATA))
    real = loader._Loader

    class Guarded(real):
        def __init__(self, root):
            if Path(root).resolve() == PACKAGE_DIR.resolve():
                raise AssertionError("a developer test loaded the committee's data in src/policy/; use the "
                                     "fixture rulebook (the `book` fixture) or mark the test `live`")
            super().__init__(root)

    monkeypatch.setattr(loader, "_Loader", Guarded)


@pytest.fixture(scope="session")
def book():
    """The fixture rulebook."""
    return loader.load(FIXTURE_DATA)


@pytest.fixture(scope="session")
def live_book():
    """The committee's rule data as shipped in the package (for checks marked `live` only)."""
    return loader.load(PACKAGE_DIR)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the fixture rulebook that a test may break; load it with loader.load(path)."""
    return copy_data(tmp_path)


@pytest.fixture(scope="session")
def project(tmp_path_factory) -> Path:
    """A private copy of everything the build reads. Builds write the routine pages into their
    source folder, so no test builds in the repository itself: `make test` runs three workers side
    by side, each with its own copy."""
    from sitebuild import copy_project

    return copy_project(tmp_path_factory.mktemp("projekt"))


@contextmanager
def _only_one_worker(lock: Path):
    """Across make test's workers: one at a time inside (the others wait for the first's work)."""
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The handbook built once for the whole run on the fixture rulebook (Sphinx environment under
    .doctrees), notebooks executed as when published. make test's workers share it: the first to
    need it builds it from its own copy of the project, the others wait and read the same folder
    (no test writes into it)."""
    from sitebuild import build, copy_project, errors_of

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = shared / "sajt"
    out, done, failed = folder / "html", folder / "klar", folder / "fel.txt"
    with _only_one_worker(shared / "sajt.lock"):
        if not done.exists() and not failed.exists():
            shutil.rmtree(folder, ignore_errors=True)
            result = build(copy_project(folder / "projekt"), out)
            (done if result.returncode == 0 else failed).write_text(errors_of(result), encoding="utf-8")
    assert not failed.exists(), failed.read_text(encoding="utf-8")
    if os.environ.get("PYTEST_XDIST_WORKER"):  # for the rule coverage check after the workers
        USED_DIR.mkdir(parents=True, exist_ok=True)
        (USED_DIR / "site.txt").write_text(str(out), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def served(site):
    """The fixture site on a loopback server with the strict Content-Security-Policy (browser tests)."""
    from browser import serve

    server, base = serve(site)
    yield base
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, for one test module."""
    from playwright.sync_api import sync_playwright

    from browser import launch

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


# The longest files first, longest first, as they took in make test (the times are in
# benchmarks/README.md, "Testsvitens tid"); the rest after them by their number of tests, as xdist
# would order them all. make test hands its workers whole files in this order
# (--no-loadscope-reorder): a long file left for the end (xdist's own order puts files of few but
# long tests there) runs alone on one worker while the cores idle.
LONGEST_FIRST = ["tests/test_incremental.py", "tests/test_browser.py", "tests/test_stale.py",
                 "tests/test_browser_desktop.py", "tests/test_committee_changes.py", "tests/test_dates.py",
                 "tests/test_diff.py", "tests/test_changelog.py", "tests/test_forked_kernels.py",
                 "tests/test_publishing.py", "tests/test_guides.py", "tests/test_live.py", "tests/test_build_errors.py"]


def _file(item) -> str:
    return item.nodeid.split("::")[0]


def pytest_collection_modifyitems(config, items):
    """Rule coverage reads what the other tests used, so its tests run last; the longest files
    first, then the others by their number of tests. A notebook's kernel starts on the
    committee's data: the notebooks are checked as published (nbval)."""
    count: dict[str, int] = {}
    for item in items:
        count[_file(item)] = count.get(_file(item), 0) + 1
    first = {name: place for place, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: (_file(item) == "tests/test_coverage.py",
                                 first.get(_file(item), len(first)), -count[_file(item)]))
    for item in items:
        notebook = item.parent
        if item.nodeid.startswith("notebooks/") and not getattr(notebook, "_policy_live", False):
            start = notebook.setup

            def setup(start=start):
                os.environ.pop("POLICY_DATA", None)
                start()

            notebook.setup = setup
            notebook._policy_live = True


def pytest_sessionfinish(session, exitstatus):
    """A test worker leaves the rules its tests used for the rule coverage check."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        USED_DIR.mkdir(parents=True, exist_ok=True)
        (USED_DIR / f"{worker}.txt").write_text("\n".join(sorted(TOUCHED)), encoding="utf-8")
