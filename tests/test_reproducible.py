"""Two clean builds of the same commit give identical pages. The one stamp allowed is the build
date, which SOURCE_DATE_EPOCH pins in every test build (tests/sitebuild.py), as release builds would.
The second build is also made the slow, plain way: the worked examples run by myst-nb itself, one
after another (the first ran them side by side, sphinxext/notebooks.py), and Furo's navigation made
for every page (the first made it once per folder, sphinxext/navigation.py). The pages are the same."""
from __future__ import annotations

import filecmp
from pathlib import Path

from sitebuild import build, errors_of
# Sphinx's own build cache, not part of the published site.
IGNORED = {".doctrees", ".buildinfo"}


def published_files(site: Path) -> dict[str, Path]:
    return {str(p.relative_to(site)): p for p in site.rglob("*")
            if p.is_file() and not (set(p.relative_to(site).parts) & IGNORED)}


def test_two_clean_builds_of_the_same_commit_are_identical(site, project, tmp_path):
    second = tmp_path / "b"
    result = build(project, second, extra=["-D", "policy_notebooks_side_by_side=0",
                                           "-D", "policy_fast_navigation=0"])
    assert result.returncode == 0, errors_of(result)
    a, b = published_files(site), published_files(second)
    assert sorted(a) == sorted(b)
    differing = [name for name in a if not filecmp.cmp(a[name], b[name], shallow=False)]
    assert differing == []


def test_the_pinned_date_is_the_date_the_pages_show(site):
    # SOURCE_DATE_EPOCH 1796169600 is 2026-12-02 00:00 UTC.
    assert "2026-12-02" in (site / "handbook" / "index.html").read_text(encoding="utf-8")
