"""`make pr-report` uses the pages the tests built only when they are of the files there are now and
of today (policy.committee.built_site); otherwise it builds its own."""
from __future__ import annotations

from datetime import date

import pytest

from gitrepo import _git_sees_only_the_temporary_repository, git  # noqa: F401  (the autouse fixture)
from policy.committee.built_site import STAMP, main, sources_hash, stamp, why_not
from policy.sphinxext import edition

TODAY = date(2026, 12, 2)


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    (root / "src").mkdir(parents=True)
    (root / "conf.py").write_text("project = 'x'\n", encoding="utf-8")
    (root / "src" / "regel.yaml").write_text("value: 750\n", encoding="utf-8")
    (root / "README.md").write_text("not read by the build\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    site = root / "_build" / "testsidor"
    site.mkdir(parents=True)
    stamp(site, sources_hash(root), TODAY, edition(root))
    return root, site


def test_pages_of_the_same_files_and_day_are_used(repo):
    root, site = repo
    assert why_not(site, root, TODAY) is None


def test_a_changed_file_the_build_reads_means_building_again_committed_or_not(repo):
    root, site = repo
    (root / "src" / "regel.yaml").write_text("value: 800\n", encoding="utf-8")
    assert why_not(site, root, TODAY) == f"Sidorna i {site} byggdes från andra filer än dem som finns nu."
    (root / "src" / "regel.yaml").write_text("value: 750\n", encoding="utf-8")
    (root / "src" / "ny.yaml").write_text("value: 1\n", encoding="utf-8")  # new, not yet added to git
    assert why_not(site, root, TODAY) is not None


def test_a_file_the_build_does_not_read_changes_nothing(repo):
    root, site = repo
    (root / "README.md").write_text("edited\n", encoding="utf-8")
    assert why_not(site, root, TODAY) is None


def test_another_day_or_no_stamp_means_building_again(repo, tmp_path):
    root, site = repo
    assert why_not(site, root, date(2026, 12, 3)) == f"Sidorna i {site} visar 2026-12-02, inte i dag."
    assert why_not(tmp_path, root, TODAY) == f"{tmp_path} är inte byggd av testerna."
    (site / STAMP).write_text("{trasig", encoding="utf-8")
    assert why_not(site, root, TODAY) == f"Stämpeln i {site} går inte att läsa."


def test_a_new_commit_of_the_same_files_means_building_again_since_every_page_names_its_commit(repo):
    root, site = repo
    git(root, "commit", "-q", "--allow-empty", "-m", "ny utgåva")
    assert why_not(site, root, TODAY).startswith(f"Sidorna i {site} är utgåva ")


def test_the_command_says_which_in_swedish_and_exits_1_when_the_pages_cannot_be_used(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main([str(tmp_path)]) == 1
    assert capsys.readouterr().out.strip() == f"{tmp_path} är inte byggd av testerna."
