"""`policy diff BASE [HEAD]` on real commits: a temporary git repository holds a copy of
src/policy and notebooks/, a rule is changed and committed, and the Markdown report between the
two commits must show the rule's old and new value and what that does to the handbook.

Values come from the sources: Försäkringskassan's page (seed 000) gives the doctor's fee as at
most 750 kr for the first hour and at most 375 kr for each begun half hour after it; DOMAIN.md
confirms it and works 61 minutes out as 1 125 kr. The tests raise the first hour to 800 kr.
Amounts are written the handbook's way: a non-breaking space (U+00A0) between the thousands
and the hundreds and before "kr".
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from gitrepo import (_git_sees_only_the_temporary_repository, end_and_add_fee_period, git, make_repo,  # noqa: F401
                     raise_first_hour_to_800, run_policy)
from policy import PolicyError
from policy.committee.diff import report

ON = date(2026, 12, 1)  # inside 000 (from 2024-01-01) and Värmland's 001 (2026-04-10 – 2028-04-09)
NBSP = "\u00a0"


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {path.name}: the test needs updating"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "handbok", notebooks=True)


@pytest.fixture(scope="module")
def fee_repo(tmp_path_factory) -> Path:
    """Two commits: `base` as shipped, `fee` with arvode.forsta-timmen raised from 750 to 800 kr."""
    root = make_repo(tmp_path_factory.mktemp("arvode") / "handbok", notebooks=True)
    raise_first_hour_to_800(root)
    git(root, "commit", "-q", "-a", "-m", "Höj arvodet för första timmen till 800 kr")
    git(root, "tag", "fee")
    return root


@pytest.fixture(scope="module")
def fee_report(fee_repo: Path) -> str:
    return report("base", "fee", on=ON, repo=fee_repo, notebooks=False)


def section(text: str, title: str) -> dict[str, tuple[str, str]]:
    """The rows of the table under `### title`: first cell -> (Före, Efter)."""
    lines = text.splitlines()
    assert f"### {title}" in lines, f"no section {title!r} in:\n{text}"
    rows = {}
    for line in lines[lines.index(f"### {title}") + 4:]:  # title, blank, header, rule
        if not line.startswith("| "):
            break
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        assert len(cells) == 3, line
        rows[cells[0]] = (cells[1], cells[2])
    return rows


# --- nothing changed ----------------------------------------------------------------------


def test_an_unchanged_working_tree_reports_no_rule_changes(repo):
    text = report("base", None, on=ON, repo=repo, notebooks=False)
    assert text == "## Regeländringar `base` → `arbetskopian`\n\nInga regeländringar.\n"


def test_the_same_commit_on_both_sides_reports_no_rule_changes(repo):
    text = report("base", "HEAD", on=ON, repo=repo, notebooks=False)
    assert text == "## Regeländringar `base` → `HEAD`\n\nInga regeländringar.\n"


def test_a_new_comment_in_a_rule_file_is_no_rule_change(repo):
    path = repo / "src" / "policy" / "rules" / "arvode.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# Granskat av kommittén.\n", encoding="utf-8")
    git(repo, "commit", "-q", "-a", "-m", "Kommentar")
    assert "Inga regeländringar." in report("base", "HEAD", on=ON, repo=repo, notebooks=False)


# --- a changed fee ------------------------------------------------------------------------


def test_the_report_between_the_two_commits_counts_one_changed_rule(fee_report):
    assert fee_report.startswith("## Regeländringar `base` → `fee`\n")
    assert "1 ändrade, 0 nya och 0 borttagna regelvärden. Påverkan är räknad för 2026-12-01." in fee_report
    assert "Inga regeländringar." not in fee_report


def test_the_changed_first_hour_fee_is_listed_with_750_kr_before_and_800_kr_after(fee_report):
    # Validity: no first day (000 is undated, Stockholm's date is an edit), no end; sources 000
    # ”Arvode” and the Stockholm handbook.
    sources = "ingen startdag – tills vidare; 000 ”Arvode”, stockholm-avgiftshandbok ”Avstämningsmöte med Försäkringskassan”"
    assert section(fee_report, "Regelvärden") == {
        "`arvode.forsta-timmen`": (f"750{NBSP}kr ({sources})", f"800{NBSP}kr ({sources})"),
    }


def test_the_fee_table_rows_change_by_50_kr_in_the_handbooks_number_format(fee_report):
    # 1–60 min: the first hour alone, 750 -> 800. 61–90: one begun half hour more, 750 + 375 = 1 125
    # -> 800 + 375 = 1 175. Each longer row also moves by the same 50 kr.
    rows = section(fee_report, "Arvodestabellen")
    assert rows["1–60 minuter"] == (f"750{NBSP}kr", f"800{NBSP}kr")
    assert rows["61–90 minuter"] == (f"1{NBSP}125{NBSP}kr", f"1{NBSP}175{NBSP}kr")


def test_the_fee_table_has_one_changed_row_per_half_hour_up_to_three_hours(fee_report):
    # The table runs to 180 minutes: 1–60, then half hours 61–90, 91–120, 121–150, 151–180.
    assert list(section(fee_report, "Arvodestabellen")) == [
        "1–60 minuter", "61–90 minuter", "91–120 minuter", "121–150 minuter", "151–180 minuter"]


def test_the_forsakringskassan_fee_checklist_item_changes_for_the_doctor_and_the_administration(fee_report):
    # Step forsakringskassan.arvode names {arvode.forsta-timmen}; its roles are lakare and administration.
    rows = section(fee_report, "Checklistor")
    assert sorted(rows) == [
        "Försäkringskassan · Avstämningsmöte · Läkare · forsakringskassan.arvode",
        "Försäkringskassan · Avstämningsmöte · Vårdenhetens administration · forsakringskassan.arvode",
    ]
    for before, after in rows.values():
        assert re.search(r"högst\s750\skr för de första 60 minuterna", before), before
        assert re.search(r"högst\s800\skr för de första 60 minuterna", after), after


def test_sormlands_flat_fee_is_not_touched_by_the_change(fee_report):
    # arvode.sormland-fast-belopp (002) is a rule of its own and stays 750 kr.
    assert "sormland" not in fee_report and "Sörmland" not in fee_report


def test_without_notebooks_the_report_has_no_worked_examples_section(fee_report):
    assert "Räkneexempel" not in fee_report


def test_an_uncommitted_change_is_reported_against_the_working_tree(repo):
    raise_first_hour_to_800(repo)
    text = report("base", None, on=ON, repo=repo, notebooks=False)
    assert text.startswith("## Regeländringar `base` → `arbetskopian`\n")
    assert list(section(text, "Regelvärden")) == ["`arvode.forsta-timmen`"]


def test_the_notebook_outputs_of_the_fee_example_change_too(fee_repo):
    # The only test that runs the notebooks (both sides, about 20 s): 01_arvode prints the fee table.
    text = report("base", "fee", on=ON, repo=fee_repo, notebooks=True)
    rows = section(text, "Räkneexempel (notebooks)")
    fee_rows = {k: v for k, v in rows.items() if k.startswith("01_arvode, cell ")}
    assert fee_rows, list(rows)
    assert any("750" in before and "800" in after for before, after in fee_rows.values())


# --- a changed routine step ---------------------------------------------------------------


def test_a_reworded_step_is_a_changed_routine_version_and_a_changed_checklist_item(repo):
    # 001: "Försäkringskassan kan också kontaktas per telefon." The step varmland.telefon holds it,
    # for doctors and rehab coordinators, within 001's validity 2026-04-10 – 2028-04-09.
    path = repo / "src" / "policy" / "routines" / "varmland" / "version-1.yaml"
    replace_once(path, "text: Det går också att ringa Försäkringskassan.",
                 "text: Det går också att ringa handläggaren på Försäkringskassan.")
    git(repo, "commit", "-q", "-a", "-m", "Ny lydelse")
    text = report("base", "HEAD", on=ON, repo=repo, notebooks=False)
    assert "0 ändrade, 0 nya och 0 borttagna regelvärden och 1 rutinversioner" in text
    assert ("- **Ändrad:** Region Värmland version 1: Steg ändrat under ”Begära ett möte” "
            "(tillagt: handläggaren på).") in text
    assert "### Regelvärden" not in text
    assert section(text, "Checklistor") == {
        f"Region Värmland · Avstämningsmöte · {role} · varmland.telefon":
            ("Det går också att ringa Försäkringskassan.", "Det går också att ringa handläggaren på Försäkringskassan.")
        for role in ("Läkare", "Rehabkoordinator")
    }
    assert "Arvodestabellen" not in text


# --- errors -------------------------------------------------------------------------------


def test_an_unknown_revision_is_a_swedish_error_naming_it(repo):
    with pytest.raises(PolicyError, match="Okänd git-revision ”finns-inte”"):
        report("finns-inte", None, on=ON, repo=repo, notebooks=False)


def test_an_unknown_head_revision_is_an_error_too(repo):
    with pytest.raises(PolicyError, match="Okänd git-revision ”finns-inte”"):
        report("base", "finns-inte", on=ON, repo=repo, notebooks=False)


def test_outside_a_git_repository_the_diff_is_a_swedish_error(tmp_path, monkeypatch):
    outside = tmp_path / "ingen-git"
    outside.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # never find a repository above
    with pytest.raises(PolicyError, match="git-arkiv"):
        report("main", None, on=ON, repo=outside, notebooks=False)


# --- the command --------------------------------------------------------------------------


def test_the_diff_command_prints_the_markdown_report_between_two_commits(fee_repo):
    done = run_policy(fee_repo, "diff", "base", "fee", "--no-notebooks", "--date", "2026-12-01")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.startswith("## Regeländringar `base` → `fee`\n")
    assert list(section(done.stdout, "Regelvärden")) == ["`arvode.forsta-timmen`"]
    assert "| 61–90 minuter |" in done.stdout
    assert "Räkneexempel" not in done.stdout


def test_the_diff_command_on_an_unchanged_tree_prints_no_rule_changes(repo):
    done = run_policy(repo, "diff", "base", "--no-notebooks", "--date", "2026-12-01")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "## Regeländringar `base` → `arbetskopian`\n\nInga regeländringar.\n"


def test_the_diff_command_with_an_unknown_revision_exits_2_with_a_swedish_message(repo):
    done = run_policy(repo, "diff", "finns-inte", "--no-notebooks", "--date", "2026-12-01")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("policy: fel: Okänd git-revision ”finns-inte”")
    assert "Traceback" not in done.stderr


def test_without_a_date_the_report_shows_today_and_the_day_a_dated_change_starts(tmp_path):
    """The half-hour amount (375 kr, 000) rises to 400 kr from 2027-01-01: the old period ends on
    2026-12-31 and a new one starts. The report must show the effect on 2027-01-01, when the fee
    for 61–90 minutes goes from 750 + 375 = 1 125 kr to 750 + 400 = 1 150 kr, even when run earlier."""
    root = make_repo(tmp_path / "handbok")
    end_and_add_fee_period(root / "src" / "policy", 375, 400)
    git(root, "commit", "-q", "-a", "-m", "Halvtimmen 400 kr från 2027")
    text = report("base", "HEAD", None, repo=root, notebooks=False)
    assert "## Påverkan på handboken den 2027-01-01" in text
    section = text.split("## Påverkan på handboken den 2027-01-01")[1]
    assert f"| 61–90 minuter | 1{NBSP}125{NBSP}kr | 1{NBSP}150{NBSP}kr |" in section
    today = text.split("## Påverkan på handboken den ")[1]
    assert "61–90 minuter" not in today.split("## ")[0]  # nothing changes before 2027
