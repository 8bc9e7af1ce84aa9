"""The invoice basis for the doctor's fee (Värmland, routine 001).

001, "Ansvarsfördelning för hantering av fakturaunderlag ...": Försäkringskassans utredare hands the
basis to the care unit; the care unit fills in the doctor's name, the unit's name and its
ansvarsenhet "(femsiffrig kod)" and sends it to the region's kundfakturaenhet; the kundfakturaenhet
invoices Försäkringskassan with FK's kostnadsställe for avstämningsmöte "(2760)".
The amount is the fee from 000: 75 minutes → 750 + one begun half hour × 375 = 1 125.
"""
from __future__ import annotations

from datetime import date

import pytest

from policy import OutsideValidity, PolicyError
from policy.invoice import invoice_basis

ON = date(2026, 12, 1)  # inside 001: 2026-04-10 – 2028-04-09
DOCTOR, UNIT = "Dr Testa Exempelsson", "Vårdcentralen Exempelby"


def basis(**changes):
    args = {"region": "varmland", "ansvarsenhet": "12345", "doctor": DOCTOR, "unit": UNIT,
            "minutes": 75, "on": ON}
    args.update(changes)
    return invoice_basis(**args)


def test_the_varmland_invoice_uses_forsakringskassans_cost_centre_2760():
    assert basis().cost_center == "2760"


def test_a_75_minute_meeting_on_the_varmland_invoice_is_1125_kr():
    # 75 min: first hour 750 + one begun half hour 375 = 1 125.
    answer = basis()
    assert (answer.minutes, answer.amount_sek) == (75, 1125)


def test_the_invoice_keeps_what_the_care_unit_writes_on_it():
    answer = basis()
    assert (answer.doctor, answer.unit, answer.ansvarsenhet) == (DOCTOR, UNIT, "12345")


def test_the_invoice_flow_is_utredare_then_vardenhet_then_kundfakturaenhet():
    flow = basis().flow
    assert [step.order for step in flow] == [1, 2, 3]
    assert [step.rule_ids for step in flow] == [
        ["varmland.faktura-utredare"],
        ["varmland.faktura-vardenhet"],
        ["varmland.faktura-kundfaktura"],
    ]


def test_three_parties_share_the_flow_each_named_as_001_names_it():
    # 001: Försäkringskassans utredare hands over the basis, Vårdenheten fills it in and sends it,
    # Kundfakturaenheten invoices and pays out. The last is the region's unit, not the care unit.
    flow = basis().flow
    assert [step.who for step in flow] == ["Försäkringskassans utredare", "Vårdenheten",
                                           "Regionens kundfakturaenhet"]
    assert [step.responsible for step in flow] == [["forsakringskassan"], ["halso-och-sjukvarden"], []]


def test_the_care_unit_step_says_the_ansvarsenhet_has_5_digits():
    assert "5 siffror" in basis().flow[1].text


def test_the_kundfaktura_step_names_cost_centre_2760():
    assert "2760" in basis().flow[2].text


def test_forsakringskassan_pays_and_vat_is_added():
    answer = basis()
    assert "Försäkringskassan" in answer.payer
    assert "Moms" in answer.vat  # Stockholm avgiftshandbok: VAT is added


def test_the_invoice_cites_source_001_and_source_000():
    ids = [s["id"] for s in basis().sources]
    assert "001" in ids and "000" in ids


@pytest.mark.parametrize("code", ["1234", "123456", "12a45", "123 45", "1 234", "１２３４５", ""],
                         ids=["4 digits", "6 digits", "a letter", "space inside 5 digits",
                              "space inside 4 digits", "full-width digits", "empty"])
def test_an_ansvarsenhet_that_is_not_exactly_five_plain_digits_is_refused(code):
    with pytest.raises(PolicyError, match="5 siffror"):
        basis(ansvarsenhet=code)


def test_an_ansvarsenhet_with_a_leading_zero_keeps_the_zero():
    assert basis(ansvarsenhet="01234").ansvarsenhet == "01234"


def test_a_region_whose_routine_has_no_invoice_flow_is_refused_and_told_which_have_one():
    # Halland's lathund (003, valid from 2026-11-22) describes no invoice handling.
    with pytest.raises(PolicyError) as caught:
        basis(region="halland")
    assert "varmland" in str(caught.value)


def test_an_unknown_region_is_refused_with_the_known_routines_listed():
    with pytest.raises(PolicyError) as caught:
        basis(region="gotland")
    assert "gotland" in str(caught.value)
    assert "varmland" in str(caught.value)


def test_a_date_after_varmlands_routine_expires_raises_outside_validity():
    with pytest.raises(OutsideValidity) as caught:
        basis(on=date(2028, 4, 10))
    assert "2028-04-09" in str(caught.value)


def test_a_date_before_varmlands_routine_starts_raises_outside_validity():
    with pytest.raises(OutsideValidity, match="2026-04-10"):
        basis(on=date(2026, 4, 9))


def test_the_last_day_of_varmlands_routine_is_accepted():
    assert basis(on=date(2028, 4, 9)).cost_center == "2760"


@pytest.mark.parametrize("name", ["", "   ", "Dr\tExempel", "x" * 121])
def test_an_empty_or_garbled_doctor_name_is_refused(name):
    with pytest.raises(PolicyError, match="Läkarens namn"):
        basis(doctor=name)


def test_an_empty_unit_name_is_refused():
    with pytest.raises(PolicyError, match="Vårdenhetens namn"):
        basis(unit="")


def test_zero_minutes_on_the_invoice_is_refused():
    with pytest.raises(PolicyError, match="ska vara ett heltal"):
        basis(minutes=0)
