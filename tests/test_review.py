"""Review dates: when each routine's source is due for review and what `policy review` flags.

A text is due at its own review_due, else at its valid_to, else `granskning.intervall` months
after it was last reviewed. The committee set the interval to 24 months and the warning time to
90 days (rules/granskning.yaml: Värmland's routine holds for two years, and the handbook uses the
same cycle for texts without an end date). Dates of the texts, from the seeds and DOMAIN.md:
  004 VC City Eskilstuna: last changed in substance 2014-02-14, no end date;
  002 Region Sörmland: page updated 21 April 2022, no end date;
  001 Region Värmland: valid 2026-04-10 through 2028-04-09;
  000 and 003 are undated and count as reviewed when the handbook took them in, 2026-11-22.
The replaced laws HSL (1982:763) and SoL (2001:453), cited by 002, are kept as history only.
"""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from policy.cli import main
from policy.review import add_months, review, review_status, source_status

ON = date(2026, 12, 1)


def routines_in(items) -> dict[str, str]:
    return {i.id: i.status.level for i in items if i.kind == "rutin"}


# --- each routine on 2026-12-01 -----------------------------------------------------------


def test_eskilstunas_routine_is_overdue_since_2016(book):
    # 2014-02-14 + 24 months = 2016-02-14, long before 2026-12-01.
    status = review_status(book.routines["eskilstuna"], ON, book)
    assert status.level == "forsenad"
    assert status.due == date(2016, 2, 14)
    assert status.reviewed == date(2014, 2, 14)
    assert status.label.startswith("Granskning försenad: skulle ha granskats senast 2016-02-14")


def test_sormlands_routine_is_overdue_since_april_2024(book):
    # 2022-04-21 + 24 months = 2024-04-21.
    status = review_status(book.routines["sormland"], ON, book)
    assert status.level == "forsenad"
    assert status.due == date(2024, 4, 21)


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


def test_on_2026_12_01_the_overdue_routines_are_eskilstuna_and_sormland(book):
    # 000 and 003 are due 2028-11-22 (2026-11-22 + 24 months), 001 on 2028-04-09: all ok.
    assert routines_in(review(ON, book)) == {"eskilstuna": "forsenad", "sormland": "forsenad"}


def test_on_2028_02_01_varmland_joins_the_list_as_due_soon(book):
    assert routines_in(review(date(2028, 2, 1), book)) == {
        "eskilstuna": "forsenad", "sormland": "forsenad", "varmland": "snart"}


def test_on_2028_04_10_varmland_is_listed_as_expired(book):
    assert routines_in(review(date(2028, 4, 10), book))["varmland"] == "utgangen"


def test_the_sources_of_the_overdue_routines_are_listed_too(book):
    sources = {i.id: i.status.level for i in review(ON, book) if i.kind == "källa"}
    assert sources["004"] == "forsenad"
    assert sources["002"] == "forsenad"
    assert "001" not in sources


def test_the_replaced_laws_have_expired_but_are_not_listed_for_review(book):
    # HSL (1982:763) held until 2017-03-31, SoL (2001:453) until 2025-06-30; both were replaced.
    for law in ("hsl-1982-763", "sol-2001-453"):
        assert source_status(book.sources[law], ON, book).level == "utgangen"
    listed = {i.id for i in review(ON, book)}
    assert "hsl-1982-763" not in listed
    assert "sol-2001-453" not in listed


def test_a_rule_resting_only_on_an_overdue_source_is_listed(book):
    # arvode.sormland-fast-belopp cites only 002 (the flat 750 kr on Sörmland's page).
    rules = {i.id: i.status.level for i in review(ON, book) if i.kind == "regel"}
    assert rules["arvode.sormland-fast-belopp"] == "forsenad"


def test_a_rule_with_current_sources_is_not_listed(book):
    # arvode.forsta-timmen cites 000 and the Stockholm handbook, both reviewed 2026-11-22.
    rules = {i.id for i in review(ON, book) if i.kind == "regel"}
    assert "arvode.forsta-timmen" not in rules


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
    (date(2014, 2, 14), 24, date(2016, 2, 14)),  # Eskilstuna's due date
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
    done = run_policy("review", "--date", "2026-12-01")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    items = json.loads(done.stdout)
    eskilstuna = next(i for i in items if i["kind"] == "rutin" and i["id"] == "eskilstuna")
    assert eskilstuna["status"]["level"] == "forsenad"
    assert eskilstuna["status"]["due"] == "2016-02-14"
    assert {i["id"] for i in items if i["kind"] == "rutin"} == {"eskilstuna", "sormland"}


def test_the_strict_review_command_exits_1_with_a_swedish_message_when_something_is_overdue():
    done = run_policy("review", "--strict", "--date", "2026-12-01")
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
    assert main(["review", "--strict", "--date", "2026-12-01"]) == 1
    assert "försenat" in capsys.readouterr().err
    assert main(["review", "--date", "2026-12-01"]) == 0
