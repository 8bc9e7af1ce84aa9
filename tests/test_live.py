"""Data-driven checks of the committee's own data (marked `live`, see conftest): the real handbook
builds with its real rules, warnings as errors, and no page shows a region's fact without naming the
region. No expected value lives here; a committee change that breaks one of these is a real problem
with the change, and the message says where. The handbook is built as `make html` builds it, for
today, and kept in _build/testsidor for the pull request's report (`make pr-report`)."""
from __future__ import annotations

import re
import shutil
from datetime import date

import pytest

from fixturedata import PACKAGE_DIR
from policy import sphinxext
from policy.committee import built_site
from scopecheck import prose_problems, unlabelled_pages
from sitebuild import ROOT, build, copy_project, errors_of

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def live_site(tmp_path_factory):
    """The committee's handbook as `make html` builds it today, into _build/testsidor: stamped with
    what it was built from, so `make pr-report` uses these pages instead of building them again.
    The files are taken (and hashed) just before the build, and the pages name the repository's
    edition, as `make html`'s do."""
    sources, edition = built_site.sources_hash(ROOT), sphinxext.edition(ROOT)
    project = copy_project(tmp_path_factory.mktemp("riktig-handbok"), data=PACKAGE_DIR)
    out = ROOT / "_build" / "testsidor"
    shutil.rmtree(out, ignore_errors=True)
    result = build(project, out, data=PACKAGE_DIR, pinned=False, edition=edition)
    assert result.returncode == 0, errors_of(result)
    shown = re.search(r'data-built="([0-9-]+)"', (out / "handbook" / "index.html").read_text(encoding="utf-8"))
    built_site.stamp(out, sources, date.fromisoformat(shown.group(1)), edition)
    return out


def test_the_handbook_builds_with_the_committees_rules(live_site):
    assert (live_site / "handbook" / "index.html").exists()
    for slug in (p.name for p in (PACKAGE_DIR / "routines").iterdir() if p.is_dir()):
        assert (live_site / "handbook" / "routines" / f"{slug}.html").exists(), slug


def test_no_page_shows_a_regional_fact_without_its_region(live_site, live_book):
    found = unlabelled_pages(live_site, live_book)
    assert not found, found


def test_whose_a_block_is_is_said_once_and_no_template_text_shows(live_site):
    found = prose_problems(live_site)
    assert not found, found
