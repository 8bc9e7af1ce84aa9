"""Checklists per meeting form, routine and role, built from the routine's steps.

001, "Ansvarsfördelning för hantering av fakturaunderlag ...": the care unit writes the doctor's
name, the unit's name and its ansvarsenhet (a five-digit code) on the invoice basis; the
kundfakturaenhet gives Försäkringskassan's kostnadsställe for avstämningsmöte, 2760.
"""
from __future__ import annotations

from datetime import date

import pytest

from policy import OutsideValidity, PolicyError
from policy.checklist import checklist

ON = date(2026, 12, 1)  # inside 001 (Värmland) and 003 (Halland, from 2026-11-22)


@pytest.fixture(scope="module")
def varmland_admin():
    return checklist("avstamningsmote", "varmland", "administration", ON)


def test_varmlands_administration_checklist_has_the_ansvarsenhet_step(varmland_admin):
    items = {item.rule_id: item for item in varmland_admin.items}
    assert "varmland.faktura-vardenhet" in items
    text = items["varmland.faktura-vardenhet"].text
    assert "ansvarsenhet" in text
    assert "5 siffror" in text  # 001: "ansvarsenhet (femsiffrig kod)"


def test_varmlands_administration_checklist_names_cost_centre_2760(varmland_admin):
    assert any("2760" in item.text for item in varmland_admin.items)


def test_the_invoice_steps_come_after_the_meeting(varmland_admin):
    phases = {item.rule_id: item.phase for item in varmland_admin.items}
    assert phases["varmland.faktura-vardenhet"] == "efter"
    assert phases["varmland.faktura-kundfaktura"] == "efter"


def test_placeholders_are_filled_in_so_no_braces_reach_the_reader(varmland_admin):
    assert not any("{" in item.text or "}" in item.text for item in varmland_admin.items)


def test_varmlands_checklist_for_a_sip_is_refused_and_lists_the_forms_it_covers():
    with pytest.raises(PolicyError) as caught:
        checklist("sip", "varmland", "lakare", ON)
    assert "avstamningsmote" in str(caught.value)


def test_an_unknown_role_is_refused_with_the_known_roles_listed():
    with pytest.raises(PolicyError) as caught:
        checklist("avstamningsmote", "varmland", "kurator", ON)
    message = str(caught.value)
    assert "kurator" in message
    assert "lakare" in message and "administration" in message


def test_an_unknown_form_is_refused():
    with pytest.raises(PolicyError, match="Okänd mötesform"):
        checklist("kaffemote", "varmland", "lakare", ON)


def test_an_unknown_region_is_refused():
    with pytest.raises(PolicyError, match="Okänd rutin"):
        checklist("avstamningsmote", "gotland", "lakare", ON)


def test_a_role_without_items_for_the_form_is_refused_and_told_which_roles_have_items():
    # Halland's trepartsmöte steps are for the doctor and the rehabkoordinator only.
    with pytest.raises(PolicyError) as caught:
        checklist("trepartsmote", "halland", "administration", ON)
    assert "lakare" in str(caught.value)


def test_varmlands_checklist_before_the_routine_starts_raises_outside_validity():
    with pytest.raises(OutsideValidity, match="2026-04-10"):
        checklist("avstamningsmote", "varmland", "lakare", date(2026, 4, 9))


def test_an_undated_routines_checklist_answers_on_any_day():
    # Halland's lathund states no dates: its checklist is not refused for an early day.
    early = checklist("avstamningsmote", "halland", "lakare", date(2020, 1, 1))
    assert [i.rule_id for i in early.items] == [i.rule_id for i in checklist(
        "avstamningsmote", "halland", "lakare", date(2026, 12, 1)).items]


def test_varmlands_checklist_after_the_routine_expires_raises_outside_validity():
    with pytest.raises(OutsideValidity, match="2028-04-09"):
        checklist("avstamningsmote", "varmland", "lakare", date(2028, 4, 10))


def test_the_markdown_has_the_three_headings_in_order(varmland_admin):
    markdown = varmland_admin.to_markdown()
    positions = [markdown.index(f"## {title}") for title in ("Inför mötet", "Under mötet", "Efter mötet")]
    assert positions == sorted(positions)


def test_the_markdown_has_one_tick_box_per_item(varmland_admin):
    markdown = varmland_admin.to_markdown()
    assert markdown.count("- [ ] ") == len(varmland_admin.items)


def test_an_empty_phase_says_there_is_nothing_for_the_role():
    # Halland's trepartsmöte has nothing for the doctor during the meeting.
    markdown = checklist("trepartsmote", "halland", "lakare", ON).to_markdown()
    under = markdown.split("## Under mötet")[1].split("## Efter mötet")[0]
    assert "- [ ]" not in under
    assert "Inga punkter" in under


def _all_checklists(book):
    for region in book.routines:
        for form in book.forms:
            for role in book.roles:
                try:
                    yield checklist(form, region, role, ON, book)
                except PolicyError:
                    continue


def test_every_checklist_item_carries_its_rule_id_and_at_least_one_source(book):
    lists = list(_all_checklists(book))
    # At least Värmland × 3 roles, Halland's avstämningsmöte and trepartsmöte, and Sörmland's forms.
    assert len(lists) >= 10
    for one in lists:
        for item in one.items:
            assert item.rule_id, (one.region, one.form, one.role)
            assert item.rule_id in item.rule_ids
            assert item.sources, (one.region, one.form, item.rule_id)


def test_every_checklist_item_is_for_the_role_asked_for(book):
    for one in _all_checklists(book):
        for item in one.items:
            assert one.role in book.index[item.rule_id].roles


def test_every_checklist_cites_the_routine_it_was_built_from(book):
    for one in _all_checklists(book):
        assert one.routine_source in [s["id"] for s in one.sources], (one.region, one.form, one.role)
