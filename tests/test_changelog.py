"""The pull-request check `policy changelog-check BASE`: rule data changed since BASE must come
with a new file in src/policy/changelog/ whose entry names every changed rule ID.

Each test builds a temporary git repository with a copy of src/policy committed and tagged
`base`, changes the working tree and runs the check against `base`. The change used throughout
raises arvode.forsta-timmen (seed 000: "högst 750 kronor för den första timmen") to 800 kr;
that changes exactly one rule ID, since the routine steps that show the fee name it by
placeholder and their own data stays the same.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from gitrepo import (PACKAGE_DIR, _git_sees_only_the_temporary_repository, copy_package, git, make_repo,  # noqa: F401
                     raise_first_hour_from_2027, raise_first_hour_to_800, run_policy)
from policy import DataError, PolicyError, loader
from policy.committee.changelog_check import check

HEADER = "# yaml-language-server: $schema=../schemas/changelog.schema.json\n"
FIRST_ENTRY = "2026-11-22-forsta-versionen.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "handbok")


def add_entry(repo: Path, rules: list[str], name: str = "2026-12-01-arvode.yaml") -> Path:
    path = repo / "src" / "policy" / "changelog" / name
    path.write_text(HEADER + "date: 2026-12-01\n"
                    "title: Höjt arvode för den första timmen\n"
                    "description: Arvodet för den första timmen höjs från 750 kr till 800 kr.\n"
                    "decided_by: Försäkringsmedicinska kommittén\n"
                    f"rules: [{', '.join(rules)}]\n", encoding="utf-8")
    return path


# --- the check ----------------------------------------------------------------------------


def test_with_no_data_change_the_check_passes(repo):
    ok, message = check("base", repo)
    assert ok is True
    assert message == "Inga regelfiler har ändrats sedan base."


def test_a_data_change_without_a_new_changelog_file_fails_and_points_to_the_changelog_folder(repo):
    raise_first_hour_from_2027(repo)
    ok, message = check("base", repo)
    assert ok is False
    assert "src/policy/changelog" in message
    assert "ingen ny fil" in message


def test_a_new_entry_naming_another_rule_fails_and_names_the_changed_rule(repo):
    raise_first_hour_from_2027(repo)
    add_entry(repo, ["arvode.paborjad-halvtimme"])
    ok, message = check("base", repo)
    assert ok is False
    assert message.startswith("Ändringshistoriken nämner inte alla ändringar.")
    assert message.endswith(": arvode.forsta-timmen.")
    assert "arvode.paborjad-halvtimme" not in message


def test_a_new_entry_naming_the_changed_rule_passes(repo):
    raise_first_hour_from_2027(repo)
    add_entry(repo, ["arvode.forsta-timmen"])
    ok, message = check("base", repo)
    assert ok is True, message
    assert message == "Ändringshistoriken täcker alla 1 ändringar."


def test_a_committed_change_with_its_entry_passes_against_the_older_commit(repo):
    raise_first_hour_from_2027(repo)
    add_entry(repo, ["arvode.forsta-timmen"])
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Höj arvodet")
    ok, message = check("base", repo)
    assert ok is True, message


def test_a_new_entry_for_all_rules_passes(repo):
    raise_first_hour_from_2027(repo)
    path = add_entry(repo, ["arvode.paborjad-halvtimme"])
    path.write_text(path.read_text(encoding="utf-8").replace("rules: [arvode.paborjad-halvtimme]", "all_rules: true"),
                    encoding="utf-8")
    ok, message = check("base", repo)
    assert ok is True, message
    assert "alla regler" in message


def test_editing_the_old_entry_for_all_rules_is_no_new_entry(repo):
    # The first version's entry (all_rules: true) was there at base. Rewording it is no record of
    # the new change, so the change still lacks an entry of its own.
    raise_first_hour_from_2027(repo)
    path = repo / "src" / "policy" / "changelog" / FIRST_ENTRY
    text = path.read_text(encoding="utf-8")
    assert "all_rules: true" in text
    path.write_text(text.replace("decided_by: Försäkringsmedicinska kommittén",
                                 "decided_by: Försäkringsmedicinska kommittén (ordföranden)"), encoding="utf-8")
    ok, message = check("base", repo)
    assert ok is False, message
    assert "src/policy/changelog" in message


def test_an_unknown_base_revision_is_an_error_not_a_pass(repo):
    # A misspelt base in CI must not make every pull request pass.
    raise_first_hour_from_2027(repo)
    with pytest.raises(PolicyError, match="finns-inte"):
        check("finns-inte", repo)


def test_outside_a_git_repository_the_check_is_a_swedish_error(tmp_path, monkeypatch):
    outside = tmp_path / "ingen-git"
    outside.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    with pytest.raises(PolicyError, match="git-arkiv"):
        check("base", outside)


# --- the command --------------------------------------------------------------------------


def test_the_command_passes_with_exit_0_when_nothing_changed(repo):
    done = run_policy(repo, "changelog-check", "base")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Inga regelfiler har ändrats sedan base.\n"
    assert done.stderr == ""


def test_the_command_fails_with_exit_1_and_a_swedish_message_without_an_entry(repo):
    raise_first_hour_from_2027(repo)
    done = run_policy(repo, "changelog-check", "base")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("policy: Regelfilerna har ändrats sedan base")
    assert "src/policy/changelog" in done.stderr


def test_the_command_fails_with_exit_1_naming_the_rule_the_entry_leaves_out(repo):
    raise_first_hour_from_2027(repo)
    add_entry(repo, ["arvode.paborjad-halvtimme"])
    done = run_policy(repo, "changelog-check", "base")
    assert done.returncode == 1
    assert "arvode.forsta-timmen" in done.stderr


def test_the_command_passes_with_exit_0_when_the_entry_names_the_rule(repo):
    raise_first_hour_from_2027(repo)
    add_entry(repo, ["arvode.forsta-timmen"])
    done = run_policy(repo, "changelog-check", "base")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Ändringshistoriken täcker alla 1 ändringar.\n"


# --- the entries themselves ---------------------------------------------------------------


def test_an_entry_with_neither_rules_nor_all_rules_is_refused_naming_the_file(tmp_path):
    root = tmp_path / "policy"
    copy_package(root)
    (root / "changelog" / "2026-12-01-utan-regler.yaml").write_text(
        HEADER + "date: 2026-12-01\ntitle: Ändring utan regel-id\n"
        "description: Något ändrades.\ndecided_by: Försäkringsmedicinska kommittén\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        loader.load(root)
    assert "2026-12-01-utan-regler.yaml" in str(caught.value)
    assert "all_rules" in str(caught.value)


def test_the_shipped_first_entry_covers_all_rules(book):
    # The handbook's first version brought in every rule at once, on 2026-11-22.
    first = [e for e in book.changelog if e.title == "Första versionen av handboken"]
    assert len(first) == 1
    assert first[0].all_rules is True
    assert first[0].date.isoformat() == "2026-11-22"


def test_a_change_entry_carries_the_decision_and_the_history_shows_it(tmp_path):
    from pydantic import ValidationError

    from policy.models import ChangeEntry

    entry = ChangeEntry.model_validate({
        "date": "2027-05-20", "title": "Högre arvode", "description": "Första timmen höjs.",
        "effective": "2027-07-01", "rules": ["arvode.forsta-timmen"],
        "decision": {"body": "Försäkringsmedicinska kommittén", "date": "2027-05-20",
                     "protocol": "Protokoll 2027-05-20, § 12"}})
    assert entry.decision.protocol == "Protokoll 2027-05-20, § 12"
    assert str(entry.effective) == "2027-07-01"
    with pytest.raises(ValidationError):
        ChangeEntry.model_validate({"date": "2027-05-20", "title": "X", "description": "Y", "rules": ["a.b"],
                                    "decision": {"body": "Kommittén", "date": "2027-05-20"}})  # no protocol


def test_a_published_value_overwritten_in_place_fails_and_says_how_to_do_it(repo):
    # 750 kr holds with no stated first day (000 is undated) up to today: writing 800 over it
    # rewrites what the handbook has said. The message names the value and a day it held.
    raise_first_hour_to_800(repo)
    add_entry(repo, ["arvode.forsta-timmen"])
    ok, message = check("base", repo, today=date(2026, 12, 1))
    assert ok is False
    assert "skrivits över i stället för att avslutas" in message
    assert "arvode.forsta-timmen gällde 750 den 2026-12-01" in message
    assert "valid_to" in message and "valid_from" in message


def test_a_new_entry_naming_an_unknown_rule_fails_with_a_near_miss(repo):
    raise_first_hour_from_2027(repo)
    add_entry(repo, ["arvode.forsta-timmen", "arvode.forsta-timme"])
    ok, message = check("base", repo)
    assert ok is False
    assert "”arvode.forsta-timme” (menade du ”arvode.forsta-timmen”?)" in message


def test_renewing_a_routine_is_one_entry_for_the_routine(repo):
    # Värmland's routine is renewed for two more years: every rule resting on 001 changes validity.
    path = repo / "src" / "policy" / "rules" / "kallor.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("valid_to: 2028-04-09", "valid_to: 2030-04-09"), encoding="utf-8")
    entry = repo / "src" / "policy" / "changelog" / "2026-12-01-varmland-forlangd.yaml"
    entry.write_text(HEADER + "date: 2026-12-01\ntitle: Värmlands rutin förlängd\n"
                     "description: Rutinen gäller två år till.\nroutines: [varmland]\n", encoding="utf-8")
    ok, message = check("base", repo)
    assert ok is True, message


# --- routine versions -----------------------------------------------------------------------


def _edit_varmland(repo: Path, old: str, new: str) -> None:
    path = repo / "src" / "policy" / "routines" / "varmland" / "version-1.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def _reword_phone_step(repo: Path) -> None:
    _edit_varmland(repo, "text: Det går också att ringa Försäkringskassan.",
                   "text: Det går också att ringa handläggaren på Försäkringskassan.")


def _change_approver(repo: Path) -> None:
    _edit_varmland(repo, 'approver: "Henrik Svensson', 'approver: "Henrik Svenson')


def _routine_entry(repo: Path, routines: list[str], rules: list[str] = (), correction: bool = False) -> None:
    (repo / "src" / "policy" / "changelog" / "2026-12-01-rutin.yaml").write_text(
        HEADER + "date: 2026-12-01\ntitle: Rättelse i Värmlands rutin\ndescription: En rättelse.\n"
        f"routines: [{', '.join(routines)}]\n" + (f"rules: [{', '.join(rules)}]\n" if rules else "")
        + ("correction: true\n" if correction else ""), encoding="utf-8")


def test_a_step_of_a_version_in_force_is_not_rewritten_under_the_routines_name_alone(repo):
    # Version 1 of Värmland's routine has held since 2026-04-10: its text is published.
    _reword_phone_step(repo)
    _routine_entry(repo, ["varmland"])
    ok, message = check("base", repo, today=date(2026, 12, 1))
    assert ok is False
    assert "Lägg i stället en ny version av rutinen" in message
    assert "varmland.telefon (version 1 gäller sedan 2026-04-10)" in message


def test_a_correction_that_names_the_step_passes(repo):
    _reword_phone_step(repo)
    _routine_entry(repo, ["varmland"], rules=["varmland.telefon"])
    ok, message = check("base", repo, today=date(2026, 12, 1))
    assert ok is True, message


def test_a_version_still_to_come_may_be_edited_under_the_routines_name(repo):
    _reword_phone_step(repo)
    _routine_entry(repo, ["varmland"])
    ok, message = check("base", repo, today=date(2026, 1, 1))  # before version 1 begins
    assert ok is True, message


def test_a_published_versions_header_is_not_rewritten_under_the_routines_name_alone(repo):
    _change_approver(repo)
    _routine_entry(repo, ["varmland"])
    ok, message = check("base", repo, today=date(2026, 12, 1))
    assert ok is False
    assert "varmland version 1: approver (version 1 gäller sedan 2026-04-10)" in message
    assert "correction: true" in message


def test_an_entry_marked_as_a_correction_may_fix_a_published_versions_header(repo):
    _change_approver(repo)
    _routine_entry(repo, ["varmland"], correction=True)
    ok, message = check("base", repo, today=date(2026, 12, 1))
    assert ok is True, message


def test_a_published_value_reworded_passes_only_as_a_named_correction(repo):
    path = repo / "src" / "policy" / "rules" / "arvode.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Arvode betalas för den tid läkaren själv deltar i avstämningsmötet.",
                                 "Arvode betalas för den tid som läkaren själv deltar i avstämningsmötet."), encoding="utf-8")
    add_entry(repo, ["arvode.villkor"])
    ok, message = check("base", repo, today=date(2026, 12, 1))
    assert ok is False and "skriv en rättelse (correction: true)" in message
    entry = repo / "src" / "policy" / "changelog" / "2026-12-01-arvode.yaml"
    entry.write_text(entry.read_text(encoding="utf-8") + "correction: true\n", encoding="utf-8")
    ok, message = check("base", repo, today=date(2026, 12, 1))
    assert ok is True, message
