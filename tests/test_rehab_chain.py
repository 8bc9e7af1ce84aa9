"""Rehabiliteringskedjan (rehabkedjan.fas-*), SFB 27 kap. 46–49 §§ as summarised in DOMAIN.md.

Day 1–90: own work (or other suitable work the employer offers for a time) → phase 1.
Day 91–180: any work at the employer → phase 2.
From day 181: normalt förekommande arbete, via "angivna yrkesgrupper" since the 2022 change → phase 3.
From day 366: normalt förekommande arbete unless it is oskäligt → phase 4.
DOMAIN.md says only "since 2022" for angivna yrkesgrupper, so no phase has a first day of its own.
"""
from __future__ import annotations

from datetime import date

import pytest

from policy import PolicyError
from policy.rehab_chain import rehab_phase

ON = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("day", "phase"),
    [(1, 1), (90, 1), (91, 2), (180, 2), (181, 3), (365, 3), (366, 4), (1000, 4)],
)
def test_each_sick_leave_day_falls_in_the_phase_sfb_27_kap_gives(day, phase):
    assert rehab_phase(day, ON).phase == phase


def test_day_90_is_the_last_day_of_phase_1_and_phase_2_starts_on_day_91():
    answer = rehab_phase(90, ON)
    assert (answer.first_day, answer.last_day, answer.next_phase_starts) == (1, 90, 91)


def test_day_181_is_phase_3_which_runs_to_day_365():
    answer = rehab_phase(181, ON)
    assert (answer.first_day, answer.last_day, answer.next_phase_starts) == (181, 365, 366)


def test_phase_4_has_no_last_day_and_no_next_phase():
    answer = rehab_phase(366, ON)
    assert (answer.first_day, answer.last_day, answer.next_phase_starts) == (366, None, None)


def test_phase_3_allows_special_reasons_and_unreasonableness_but_phase_4_only_unreasonableness():
    # DOMAIN.md: from day 181 unless "särskilda skäl" or "oskäligt"; from day 366 unless "oskäligt".
    phase_3 = " ".join(rehab_phase(181, ON).exceptions).lower()
    phase_4 = " ".join(rehab_phase(366, ON).exceptions).lower()
    assert "särskilda skäl" in phase_3 and "oskäligt" in phase_3
    assert "särskilda skäl" not in phase_4 and "oskäligt" in phase_4


def test_phase_1_is_assessed_against_the_own_work():
    assert "egna arbetet" in rehab_phase(30, ON).assessed_against


def test_phase_3_is_assessed_against_normally_occurring_work():
    assert "normalt förekommande arbete" in rehab_phase(200, ON).assessed_against.lower()


def test_the_phase_answer_cites_sfb_27_kap():
    answer = rehab_phase(181, ON)
    assert answer.rule_ids == ["rehabkedjan.fas-3"]
    assert "sfb" in [s["id"] for s in answer.sources]


@pytest.mark.parametrize("day", [0, -1])
def test_a_day_below_1_is_refused(day):
    with pytest.raises(PolicyError, match="ska vara ett heltal"):
        rehab_phase(day, ON)


@pytest.mark.parametrize("day", ["5", 1.5, 5.0, True, None])
def test_a_day_that_is_not_a_real_integer_is_refused(day):
    with pytest.raises(PolicyError, match="ska vara ett heltal"):
        rehab_phase(day, ON)


def test_no_phase_is_given_a_first_day_the_sources_do_not_state():
    # Phase 3 says "since 2022" in its text; it is not dated 2022-09-01 or any other day.
    assert rehab_phase(181, date(2022, 8, 31)).phase == 3
    assert "sedan 2022" in rehab_phase(181, date(2026, 12, 1)).assessed_against


def test_phase_1_before_2022_is_still_answered_from_sfb():
    # SFB holds from 2011-01-01; only the phases that rest on the 2022 change are limited.
    assert rehab_phase(30, date(2022, 8, 31)).phase == 1
