"""Data-driven checks of the committee's own data (marked `live`, see conftest): the real handbook
builds with its real rules, warnings as errors, and no page shows a region's fact without naming the
region. No expected value lives here; a committee change that breaks one of these is a real problem
with the change, and the message says where."""
from __future__ import annotations

import pytest

from fixturedata import PACKAGE_DIR
from scopecheck import prose_problems, unlabelled_pages
from sitebuild import build, errors_of

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def live_site(project, tmp_path_factory):
    out = tmp_path_factory.mktemp("riktig-handbok")
    result = build(project, out, data=PACKAGE_DIR)
    assert result.returncode == 0, errors_of(result)
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
