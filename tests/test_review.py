"""Review dates: when each routine's source is due for review and what `policy review` flags.

No source says how often the handbook is reviewed: the interval is the handbook's own setting
(settings.yaml), 24 months, with a warning 90 days ahead. A source with an end date is due on that
date; any other source is due 24 months after the handbook last compared its text with it. A
publisher's "updated" or "last changed" date is an edit, not a review, and moves nothing. Dates:
  001 Region Värmland: valid 2026-04-10 through 2028-04-09 (its own header);
  002 Region Sörmland (page updated 2022-04-21), 004 VC City Eskilstuna (last changed
  2014-02-14), 000 and 003: all checked by the handbook on 2026-11-22, so due 2028-11-22.
The replaced laws HSL (1982:763) and SoL (2001:453), cited by 002, are kept as history only.
"""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from policy.cli import main
from policy.committee.review import add_months, review, review_status

ON = date(2026, 12, 1)
# 2026-11-22 + 24 months; the warning starts 90 days before, on 2028-08-24.
DUE = date(2028, 11, 22)


def routines_in(items) -> dict[str, str]:
    return {i.id: i.status.level for i in items if i.kind == "rutin"}


# --- each routine on 2026-12-01 -----------------------------------------------------------


def test_eskilstunas_old_edit_date_is_not_a_review_and_does_not_make_it_overdue(book):
    status = review_status(book.routines["eskilstuna"], ON, book)
    assert book.sources["004"].edited == date(2014, 2, 14)
    assert status.level == "ok"
    assert status.due == DUE
    assert status.checked == date(2026, 11, 22)
    assert "handboken jämförde senast med källan 2026-11-22" in status.label


def test_sormlands_page_updated_in_2022_is_due_24_months_after_the_handbook_checked_it(book):
    status = review_status(book.routines["sormland"], ON, book)
    assert book.sources["002"].edited == date(2022, 4, 21)
    assert status.level == "ok"
    assert status.due == DUE


def test_the_interval_is_the_handbooks_own_setting_not_a_source(book):
    assert book.settings.review.interval_months == 24
    assert book.settings.review.notice_days == 90
    assert "kommitten" not in book.sources
    assert not any(rule_id.startswith("granskning.") for rule_id in book.index)


def test_varmlands_routine_is_reviewed_and_due_when_it_expires(book):
    # Due at its valid_to, 2028-04-09: more than 90 days after 2026-12-01.
    status = review_status(book.routines["varmland"], ON, book)
    assert status.level == "ok"
    assert status.due == date(2028, 4, 9)
    assert status.label.startswith("Granskad: nästa granskning senast 2028-04-09")


def test_varmlands_routine_is_due_soon_within_90_days_of_its_end(book):
    # 2028-02-01 to 2028-04-09: 28 days to 29 Feb (a leap year) + 31 + 9 = 68 days, within 90.
    status = review_status(book.routines["varmland"], date(2028, 2, 1), book)
    assert status.level == "snart"
    assert status.label.startswith("Ska granskas snart: ska granskas senast 2028-04-09")


def test_varmlands_routine_is_due_soon_exactly_90_days_before_its_end(book):
    # 2028-04-09 - 90 days = 2028-01-10; the day before is still 91 days out.
    assert review_status(book.routines["varmland"], date(2028, 1, 10), book).level == "snart"
    assert review_status(book.routines["varmland"], date(2028, 1, 9), book).level == "ok"


def test_varmlands_routine_has_expired_the_day_after_its_last_valid_day(book):
    assert review_status(book.routines["varmland"], date(2028, 4, 9), book).level == "snart"
    status = review_status(book.routines["varmland"], date(2028, 4, 10), book)
    assert status.level == "utgangen"
    assert status.label.startswith("Utgången: gällde till 2028-04-09")


# --- the list of what needs review --------------------------------------------------------


def test_on_2026_12_01_no_routine_needs_review(book):
    assert routines_in(review(ON, book)) == {}


def test_on_2028_02_01_varmland_is_the_only_routine_due_soon(book):
    assert routines_in(review(date(2028, 2, 1), book)) == {"varmland": "snart"}


def test_on_2028_04_10_varmland_is_listed_as_expired(book):
    assert routines_in(review(date(2028, 4, 10), book))["varmland"] == "utgangen"


def test_90_days_before_the_interval_ends_the_others_are_due_soon(book):
    # 2028-08-24 is exactly 90 days before 2028-11-22; the day before is not yet flagged.
    assert routines_in(review(date(2028, 8, 24), book)) == {
        "forsakringskassan": "snart", "sormland": "snart", "halland": "snart", "eskilstuna": "snart",
        "varmland": "utgangen"}
    assert "sormland" not in routines_in(review(date(2028, 8, 23), book))


def test_the_day_after_the_due_date_the_sources_are_overdue(book):
    sources = {i.id: i.status.level for i in review(date(2028, 11, 23), book) if i.kind == "källa"}
    assert sources["004"] == "forsenad"
    assert sources["002"] == "forsenad"
    assert sources["001"] == "utgangen"


# --- add_months ---------------------------------------------------------------------------


@pytest.mark.parametrize("day, months, expected", [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),   # February 2026 has 28 days
    (date(2028, 1, 31), 1, date(2028, 2, 29)),   # 2028 is a leap year
    (date(2024, 2, 29), 24, date(2026, 2, 28)),  # a leap day two years on
    (date(2024, 2, 29), 48, date(2028, 2, 29)),
    (date(2026, 3, 31), 1, date(2026, 4, 30)),
    (date(2026, 12, 15), 1, date(2027, 1, 15)),  # across the new year
    (date(2026, 11, 30), 3, date(2027, 2, 28)),
    (date(2026, 12, 31), 12, date(2027, 12, 31)),
    (date(2026, 11, 22), 24, date(2028, 11, 22)),  # the due date of the sources checked at intake
    (date(2026, 5, 5), 0, date(2026, 5, 5)),
    (date(2026, 3, 31), -1, date(2026, 2, 28)),
    (date(2027, 1, 31), -2, date(2026, 11, 30)),
])
def test_add_months_keeps_the_day_or_takes_the_last_day_of_a_shorter_month(day, months, expected):
    assert add_months(day, months) == expected


# --- the command --------------------------------------------------------------------------


def run_policy(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policy", *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=60)


def test_the_review_command_prints_json_and_exits_0():
    done = run_policy("review", "--date", "2028-11-23")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    items = json.loads(done.stdout)
    eskilstuna = next(i for i in items if i["kind"] == "rutin" and i["id"] == "eskilstuna")
    assert eskilstuna["status"]["level"] == "forsenad"
    assert eskilstuna["status"]["due"] == "2028-11-22"


def test_the_strict_review_command_exits_1_with_a_swedish_message_when_something_is_overdue():
    done = run_policy("review", "--strict", "--date", "2028-11-23")
    assert done.returncode == 1
    assert done.stderr.strip() == "policy: något är utgånget eller försenat för granskning."
    assert any(i["id"] == "sormland" for i in json.loads(done.stdout))  # the list is still printed


def test_the_review_command_with_a_bad_date_exits_2_with_a_swedish_message():
    done = run_policy("review", "--date", "2026-13-01")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "ogiltigt datum ”2026-13-01”" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_strict_review_in_process_exits_1_and_the_plain_one_0(capsys):
    assert main(["review", "--strict", "--date", "2028-11-23"]) == 1
    assert "försenat" in capsys.readouterr().err
    assert main(["review", "--date", "2028-11-23"]) == 0
    assert main(["review", "--strict", "--date", "2026-12-01"]) == 0


def test_a_rule_resting_only_on_an_overdue_source_is_listed(book):
    # arvode.sormland-fast-belopp cites only 002 (the flat 750 kr on Sörmland's page).
    rules = {i.id: i.status.level for i in review(date(2028, 11, 23), book) if i.kind == "regel"}
    assert rules["arvode.sormland-fast-belopp"] == "forsenad"
    # arvode.forsta-timmen cites 000 and Stockholm's handbook: overdue on the same day, not before.
    assert "arvode.forsta-timmen" not in {i.id for i in review(ON, book) if i.kind == "regel"}
