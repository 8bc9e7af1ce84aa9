"""The doctor's fee (arvode.*).

Source 000, section "Arvode": at most 750 kr for the first hour, then at most 375 kr for each begun
half hour the doctor takes part. So for m minutes:
    m <= 60        -> 750
    m  > 60        -> 750 + 375 * ceil((m - 60) / 30)
DOMAIN.md works the same maxima: 45 → 750, 60 → 750, 61 → 1 125, 90 → 1 125, 91 → 1 500, 150 → 1 875.
"""
from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy import PolicyError
from policy.fee import fee, fee_table

ON = date(2026, 12, 1)  # inside the fee's validity (from 2024-01-01)
MINUTES = st.integers(min_value=1, max_value=24 * 60)  # the module's bound on a sensible meeting


# --- boundaries ---------------------------------------------------------------------------


def test_a_1_minute_meeting_pays_750_kr():
    # 1 minute is inside the first hour: 750.
    assert fee(1, ON).amount_sek == 750


def test_a_45_minute_meeting_pays_750_kr():
    # DOMAIN.md: 45 min → 750 (inside the first hour).
    assert fee(45, ON).amount_sek == 750


def test_a_60_minute_meeting_pays_750_kr():
    # Exactly the first hour, no half hour begun after it: 750.
    assert fee(60, ON).amount_sek == 750


def test_a_61_minute_meeting_pays_1125_kr():
    # One minute into the first half hour after the hour: 750 + 1 × 375 = 1 125.
    assert fee(61, ON).amount_sek == 1125


def test_a_90_minute_meeting_pays_1125_kr():
    # The first extra half hour (61–90) is still the only one begun: 750 + 375 = 1 125.
    assert fee(90, ON).amount_sek == 1125


def test_a_91_minute_meeting_pays_1500_kr():
    # A second half hour is begun at minute 91: 750 + 2 × 375 = 1 500.
    assert fee(91, ON).amount_sek == 1500


def test_a_120_minute_meeting_pays_1500_kr():
    # Two whole half hours after the first hour: 750 + 2 × 375 = 1 500.
    assert fee(120, ON).amount_sek == 1500


def test_a_121_minute_meeting_pays_1875_kr():
    # A third half hour is begun at minute 121: 750 + 3 × 375 = 1 875.
    assert fee(121, ON).amount_sek == 1875


def test_a_150_minute_meeting_pays_1875_kr():
    # DOMAIN.md: 150 → 1 875 (three half hours after the first hour).
    assert fee(150, ON).amount_sek == 1875


def test_a_61_minute_meeting_shows_one_begun_half_hour_of_375_kr_on_top_of_750_kr():
    answer = fee(61, ON)
    assert (answer.first_period_sek, answer.extra_periods, answer.extra_period_sek) == (750, 1, 375)


def test_the_answer_repeats_the_minutes_and_the_date_it_was_asked_for():
    answer = fee(75, ON)
    assert (answer.minutes, answer.date) == (75, ON)


# --- validity ------------------------------------------------------------------------------


def test_the_fee_has_no_first_day_because_its_sources_state_none():
    # 000 is undated and Stockholm's 2024-01-01 is an edit date: neither dates the fee, so a
    # meeting on any earlier day gets the same answer (61 min → 1 125 kr, DOMAIN.md).
    assert fee(61, date(2019, 6, 1)).amount_sek == 1125
    assert fee(61, date(2024, 1, 1)).amount_sek == 1125


def test_a_date_given_as_text_is_refused_with_a_policy_error():
    with pytest.raises(PolicyError):
        fee(61, "2026-12-01")


def test_a_datetime_with_a_clock_time_is_refused_with_a_policy_error_not_a_type_error():
    # datetime is a subclass of date, so it passes the date check, and then comparing it with
    # the periods' plain dates raises TypeError. The answer is per day; a clock time is an error.
    with pytest.raises(PolicyError):
        fee(61, datetime(2026, 12, 1, 9, 30))


def test_the_fee_table_refuses_a_date_given_as_text_with_a_policy_error():
    with pytest.raises(PolicyError):
        fee_table("2026-12-01")


# --- bad minutes -----------------------------------------------------------------------------


@pytest.mark.parametrize("minutes", [0, -1, -60])
def test_zero_or_negative_minutes_are_refused(minutes):
    with pytest.raises(PolicyError, match="ska vara ett heltal"):
        fee(minutes, ON)


@pytest.mark.parametrize("minutes", [True, False, 61.0, 60.5, "61", None])
def test_minutes_that_are_not_a_real_integer_are_refused(minutes):
    with pytest.raises(PolicyError, match="ska vara ett heltal"):
        fee(minutes, ON)


# --- the table -------------------------------------------------------------------------------


def test_the_fee_table_up_to_three_hours_has_the_intervals_the_rule_gives():
    # First hour 1–60 → 750, then each half hour adds 375 (see the module docstring).
    rows = [(r.from_minutes, r.to_minutes, r.amount_sek) for r in fee_table(ON, up_to_minutes=180)]
    assert rows == [
        (1, 60, 750),
        (61, 90, 1125),
        (91, 120, 1500),
        (121, 150, 1875),
        (151, 180, 2250),
    ]


def test_the_fee_table_rows_are_contiguous_from_minute_1():
    rows = fee_table(ON, up_to_minutes=300)
    assert rows[0].from_minutes == 1
    for before, after in zip(rows, rows[1:]):
        assert after.from_minutes == before.to_minutes + 1


def test_every_fee_table_row_agrees_with_the_fee_at_both_of_its_ends():
    for row in fee_table(ON, up_to_minutes=240):
        assert fee(row.from_minutes, ON).amount_sek == row.amount_sek
        assert fee(row.to_minutes, ON).amount_sek == row.amount_sek


# --- where the answer comes from -------------------------------------------------------------


def test_the_fee_names_the_rules_for_the_first_hour_and_the_begun_half_hour():
    rule_ids = fee(61, ON).rule_ids
    assert "arvode.forsta-timmen" in rule_ids
    assert "arvode.paborjad-halvtimme" in rule_ids


def test_the_fee_cites_section_arvode_of_source_000():
    sources = fee(61, ON).sources
    assert {"id": "000", "section": "Arvode"} in [{"id": s["id"], "section": s["section"]} for s in sources]


def test_the_fee_also_cites_the_stockholm_avgiftshandbok_that_confirms_it():
    assert "stockholm-avgiftshandbok" in [s["id"] for s in fee(61, ON).sources]


# --- properties ------------------------------------------------------------------------------


@given(m=st.integers(min_value=1, max_value=24 * 60 - 1))
def test_the_fee_never_falls_when_the_meeting_gets_a_minute_longer(m):
    assert fee(m + 1, ON).amount_sek >= fee(m, ON).amount_sek


@given(m=MINUTES)
def test_the_fee_minus_750_kr_is_always_a_whole_number_of_375_kr_half_hours(m):
    assert (fee(m, ON).amount_sek - 750) % 375 == 0


@given(m=st.integers(min_value=61, max_value=24 * 60 - 30))
def test_thirty_more_minutes_after_the_first_hour_pay_exactly_375_kr_more(m):
    assert fee(m + 30, ON).amount_sek - fee(m, ON).amount_sek == 375


@given(m=MINUTES)
def test_the_fee_is_never_below_750_kr(m):
    assert fee(m, ON).amount_sek >= 750


@given(m=MINUTES)
def test_the_fee_matches_the_rule_written_in_source_000(m):
    # 750 for the first hour, then 375 for every begun half hour: the ceiling of (m - 60) / 30.
    begun_half_hours = max(0, (m - 60 + 29) // 30)
    assert fee(m, ON).amount_sek == 750 + 375 * begun_half_hours
