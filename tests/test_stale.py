"""Clean and incremental builds are exact.

Two clean builds of the same commit give identical pages: the fixture site the suite shares and the
first build here, of another copy. The one stamp allowed is the build date, which SOURCE_DATE_EPOCH
pins in every test build (tests/sitebuild.py), as release builds would.

The site cannot go stale: the committee's usual change (one rule value and its change entry) in the
copy, an incremental rebuild, and every page, checklist and notebook output that shows the value or
the change history follows, exactly as a clean build writes it; pages that show neither are left
alone; the stored notebook no longer passes nbval. That clean build is made the slow, plain way: the
worked examples run by myst-nb itself, one after another (the other builds run them side by side,
sphinxext/notebooks.py), and Furo's navigation made for every page (the others make it once per
build, sphinxext/navigation.py). (tests/test_incremental.py does the structural changes.)"""
from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policy.loader import load
from policy.sphinxext.prestart import STATE, due_again
from sitebuild import build, copy_project, errors_of

OLD, NEW = 750, 800  # arvode.forsta-timmen: 000 gives 750 kr; the test raises it to 800 kr


def outputs_text(html: str) -> str:
    """The text inside the notebook's executed cell outputs only."""
    chunks = re.findall(r'<div class="cell_output[^"]*"[^>]*>(.*?)</div>\s*</div>\s*</div>', html, flags=re.S)
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", " ".join(chunks)))


def set_first_hour_fee(src: Path, amount: int) -> None:
    path = src / "policy" / "rules" / "arvode.yaml"
    text = path.read_text(encoding="utf-8")
    head, sep, tail = text.partition("id: arvode.forsta-timmen")
    tail = tail.replace(f"value: {OLD}", f"value: {amount}", 1)
    path.write_text(head + sep + tail, encoding="utf-8")


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("project"))
    out = project / "_build" / "html"
    # In a Python of its own: a hash seed other than the shared site's build may have had.
    first = build(project, out, pythonpath=project / "src", own_python=True)
    assert first.returncode == 0, errors_of(first)
    first_build = tmp_path_factory.mktemp("forsta-bygget") / "html"  # as it was, for the comparison
    shutil.copytree(out, first_build, ignore=shutil.ignore_patterns(".doctrees"))
    before = {name: (out / f"{name}.html").read_text(encoding="utf-8") for name in PAGES}
    stamps = {name: (out / f"{name}.html").stat().st_mtime_ns for name in UNRELATED}
    saved = json.loads((out / ".doctrees" / STATE).read_text(encoding="utf-8"))  # for the next build's prestart
    read_at = {p: p.stat().st_mtime_ns for p in (out / ".doctrees" / "notebooks").glob("*.doctree")}
    marked_at = {name: (out / ".doctrees" / f"{name}.doctree").stat().st_mtime_ns for name in MARKED_ONLY}
    set_first_hour_fee(project / "src", NEW)
    (project / "src" / "policy" / "changelog" / "2026-11-30-forsta-timmen.yaml").write_text(
        f"date: 2026-11-30\ntitle: Högre arvode för första timmen\ndescription: {NEW} kr i stället för {OLD} kr.\n"
        "rules: [arvode.forsta-timmen]\n", encoding="utf-8")
    second = build(project, out, pythonpath=project / "src")
    assert second.returncode == 0, errors_of(second)
    after = {name: (out / f"{name}.html").read_text(encoding="utf-8") for name in PAGES}
    rewritten = [name for name in UNRELATED if (out / f"{name}.html").stat().st_mtime_ns != stamps[name]]
    foreseen = due_again(saved, load(project / "src" / "policy"), project)
    reread = sorted(f"notebooks/{p.stem}" for p, ns in read_at.items() if p.stat().st_mtime_ns != ns)
    early = json.loads((out / ".doctrees" / STATE).read_text(encoding="utf-8"))["started_early"]
    marked = {name: ((out / ".doctrees" / f"{name}.doctree").stat().st_mtime_ns == ns,
                     (out / f"{name}.html").read_text(encoding="utf-8")) for name, ns in marked_at.items()}
    return project, before, after, rewritten, (sorted(foreseen), reread, early), first_build, marked


PAGES = ["handbook/reference/arvode", "handbook/routines/forsakringskassan", "notebooks/01_arvode",
         "handbook/reference/andringshistorik"]
# Pages and notebooks that read no fee rule: a change of one value leaves them alone, also those that
# list a collection (region panels, every routine's checklists, the sources) and the notebooks that
# walk the routines. Any other kind of data change reads those again (tests/test_incremental.py).
UNRELATED = ["handbook/reference/ordlista", "handbook/forvaltning/index", "notebooks/02_samtycke",
             "notebooks/03_rehabkedjan", "notebooks/05_checklista", "handbook/howto/samtycke",
             "handbook/routines/varmland", "handbook/svar/checklista", "handbook/reference/kallor"]


# Pages that show the fee only as numbers filled in as a page is written, and the fee tables made
# then (sphinxext/later.py): written again with the new amount, not read again.
MARKED_ONLY = ["handbook/index", "handbook/reference/arvode", "handbook/routines/forsakringskassan",
               "handbook/reference/regler"]


# Sphinx's own build cache, not part of the published site.
IGNORED = {".doctrees", ".buildinfo"}


def published_files(site: Path) -> dict[str, Path]:
    return {str(p.relative_to(site)): p for p in site.rglob("*")
            if p.is_file() and not (set(p.relative_to(site).parts) & IGNORED)}


def test_two_clean_builds_of_the_same_commit_are_identical(site, rebuilt):
    *_, first_build, _ = rebuilt
    a, b = published_files(site), published_files(first_build)
    assert sorted(a) == sorted(b)
    differing = [name for name in a if not filecmp.cmp(a[name], b[name], shallow=False)]
    assert differing == []


def test_the_pinned_date_is_the_date_the_pages_show(site):
    # SOURCE_DATE_EPOCH 1796169600 is 2026-12-02 00:00 UTC.
    assert "2026-12-02" in (site / "handbook" / "index.html").read_text(encoding="utf-8")


def test_after_the_change_the_incremental_build_equals_a_clean_build_notebooks_included(rebuilt, tmp_path):
    """Exact: a notebook whose rules changed ran again, one whose rules did not kept its result,
    and every page and the search index are what a clean build of the same data writes, the slow,
    plain way."""
    from test_incremental import _outputs

    project, *_ = rebuilt
    clean = tmp_path / "ren"
    result = build(project, clean, pythonpath=project / "src",
                   extra=["-D", "policy_notebooks_side_by_side=0", "-D", "policy_fast_navigation=0"])
    assert result.returncode == 0, errors_of(result)
    got, expected = _outputs(project / "_build" / "html"), _outputs(clean)
    assert sorted(got) == sorted(expected)
    assert sorted(name for name in expected if got[name] != expected[name]) == []


def test_the_fee_table_shows_the_new_first_hour_amount_after_an_incremental_rebuild(rebuilt):
    _, before, after, *_ = rebuilt
    row = '1–60</p></td>\n<td data-label="Högsta arvode"><p>{}\u00a0kr'
    assert row.format(OLD) in before["handbook/reference/arvode"]
    assert row.format(NEW) in after["handbook/reference/arvode"]
    # 61 minutes: the new first-hour amount, 800 kr, plus one begun half hour of 375 kr = 1 175 kr.
    assert '61–90</p></td>\n<td data-label="Högsta arvode"><p>1\u00a0175\u00a0kr' in after["handbook/reference/arvode"]


def test_the_checklist_on_the_routine_page_shows_the_new_amount(rebuilt):
    _, before, after, *_ = rebuilt
    assert f"högst {OLD}\u00a0kr för de första" in before["handbook/routines/forsakringskassan"]
    assert f"högst {NEW}\u00a0kr för de första" in after["handbook/routines/forsakringskassan"]


def test_the_notebook_is_executed_again_and_its_output_shows_the_new_amount(rebuilt):
    _, before, after, *_ = rebuilt
    assert str(NEW) not in outputs_text(before["notebooks/01_arvode"])
    assert str(NEW) in outputs_text(after["notebooks/01_arvode"])


def test_the_notebooks_started_before_sphinx_loaded_its_environment_are_those_it_read_again(rebuilt):
    """What the first build saved foresees, for the committee's usual change, exactly the notebooks
    Sphinx then reads again: the fee example among them, the examples without a fee not. The
    second build started those early and used their runs (its own record of what it did)."""
    *_, (foreseen, reread, started_early), _, _ = rebuilt
    assert "notebooks/01_arvode" in foreseen
    assert not {"notebooks/02_samtycke", "notebooks/03_rehabkedjan", "notebooks/05_checklista"} & set(foreseen)
    assert foreseen == reread
    assert started_early == reread


def test_nbval_fails_on_the_stored_notebook_once_the_rule_changed(rebuilt):
    project, *_ = rebuilt
    env = dict(os.environ, PYTHONPATH=str(project / "src"), POLICY_DATA=str(project / "src" / "policy"))
    result = subprocess.run([sys.executable, "-m", "pytest", "--nbval", "-q", "-p", "no:cacheprovider",
                             str(project / "notebooks" / "01_arvode.ipynb")],
                            cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1, result.stdout[-2000:]
    assert "failed" in result.stdout


def test_pages_and_notebooks_that_show_no_fee_rule_are_not_rebuilt(rebuilt):
    *_, rewritten, _, _, _ = rebuilt
    assert rewritten == []


def test_pages_that_show_the_fee_as_a_number_are_written_again_without_being_read_again(rebuilt):
    *_, marked = rebuilt
    assert {name: doctree_kept for name, (doctree_kept, _) in marked.items()} == dict.fromkeys(MARKED_ONLY, True)
    for name, (_, html) in marked.items():
        assert re.search(rf"{NEW}(\u00a0|&nbsp;)kr", html), name


def test_the_change_history_lists_the_new_entry(rebuilt):
    _, before, after, *_ = rebuilt
    assert "Högre arvode för första timmen" not in before["handbook/reference/andringshistorik"]
    assert "Högre arvode för första timmen" in after["handbook/reference/andringshistorik"]
