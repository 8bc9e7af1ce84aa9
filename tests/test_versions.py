"""A routine is one work with versions, one file each; on any date the version in force answers.

Worked from Värmland's routine (001): version 1 holds 2026-04-10 through 2028-04-09 and tells the care
unit to send the invoice basis to the customer invoicing unit by internal post. The version 2 made
here (2028-04-10 – 2030-04-09) sends it electronically and names a new approver.
"""
from __future__ import annotations

import shutil
from datetime import date

import pytest
import yaml

from policy import OutsideValidity, PolicyError, loader, text
from policy.checklist import checklist
from policy.invoice import invoice_basis
from policy.versions import changes, summary, word_change

V1_LAST, V2_FIRST = date(2028, 4, 9), date(2028, 4, 10)


def routine_file(root, slug="varmland", n=1):
    return root / "routines" / slug / f"version-{n}.yaml"


def read(path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader._TextDates)


def write(path, data):
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def step(data, step_id):
    return next(s for stage in data["stages"] for s in stage["steps"] if s["id"] == step_id)


def add_version_2(root, **changes_):
    data = read(routine_file(root))
    data.update(version=2, valid_from="2028-04-10", valid_to="2030-04-09", checked="2028-03-01",
                approver="Lena Lind, hälso- och sjukvårdsdirektör", status="utkast",
                dating="Rutinens huvud anger giltighet 2028-04-10 – 2030-04-09.")
    s = step(data, "varmland.faktura-vardenhet")
    s["text"] = s["text"].replace("med internpost", "elektroniskt")
    data.update(changes_)
    write(routine_file(root, n=2), data)
    return data


@pytest.fixture
def renewed(data_copy):
    add_version_2(data_copy)
    return loader.load(data_copy)


def admin_text(book, on):
    return " ".join(i.text for i in checklist("avstamningsmote", "varmland", "administration", on, book).items)


# --- the version in force answers ---------------------------------------------------------------


def test_each_day_gets_the_version_in_force(renewed):
    assert renewed.version("varmland", V1_LAST).version == 1
    assert renewed.version("varmland", V2_FIRST).version == 2
    assert "internpost" in admin_text(renewed, V1_LAST)
    assert "elektroniskt" in admin_text(renewed, V2_FIRST) and "internpost" not in admin_text(renewed, V2_FIRST)


def test_the_invoice_flow_follows_the_version(renewed):
    before = invoice_basis("varmland", "12345", "Läkaren", "Enheten", 60, V1_LAST, renewed)
    after = invoice_basis("varmland", "12345", "Läkaren", "Enheten", 60, V2_FIRST, renewed)
    assert "internpost" in before.flow[1].text and "elektroniskt" in after.flow[1].text
    assert before.cost_center == after.cost_center == "2760"


def test_the_renewal_keeps_the_routines_instructions_and_ends_them_with_the_last_version(renewed):
    # SAFOS rests on 001 alone: it holds while any version of the routine does.
    assert renewed.value("system.safos", date(2029, 1, 1)) == "SAFOS videomöte"
    with pytest.raises(OutsideValidity):
        renewed.value("system.safos", date(2030, 4, 10))
    with pytest.raises(OutsideValidity, match="Rutinen för Region Värmland gäller inte den 2030-04-10"):
        renewed.version("varmland", date(2030, 4, 10))


def test_version_1_is_untouched_by_the_renewal(data_copy):
    before = routine_file(data_copy).read_text(encoding="utf-8")
    add_version_2(data_copy)
    assert routine_file(data_copy).read_text(encoding="utf-8") == before
    book = loader.load(data_copy)
    assert book.routines["varmland"].versions[0].approver == "Henrik Svensson, biträdande hälso- och sjukvårdsdirektör"
    assert book.sources["001"].valid_to == date(2030, 4, 9)  # the document holds while a version does


def test_the_change_reads_as_what_changed(renewed):
    work = renewed.routines["varmland"]
    lines = changes(renewed, work.versions[0], work.versions[1])
    assert "Ny fastställare: Lena Lind, hälso- och sjukvårdsdirektör (tidigare Henrik Svensson, " \
           "biträdande hälso- och sjukvårdsdirektör)." in lines
    assert "Steg ändrat under ”Fakturaunderlag och ersättning” (med internpost → elektroniskt)." in lines
    assert len(lines) == 2
    assert summary(renewed, work.versions[1]).startswith("Region Värmland version 2 (utkast) från 2028-04-10: ")


def test_what_changed_is_told_in_values_also_while_a_page_is_read(data_copy, monkeypatch):
    """A page being read shows numbers as marks filled in later (sphinxext/later.py); the words of a
    changed step are compared and shown with the values themselves."""
    data = add_version_2(data_copy)
    s = step(data, "varmland.faktura-vardenhet")
    s["text"] = s["text"].replace("elektroniskt", "elektroniskt inom {arvode.forsta-perioden:tal} minuter")
    write(routine_file(data_copy, n=2), data)
    book = loader.load(data_copy)
    monkeypatch.setattr(text, "LATER", [lambda *args: "MÄRKE"])
    work = book.routines["varmland"]
    lines = changes(book, work.versions[0], work.versions[1])
    assert "Steg ändrat under ”Fakturaunderlag och ersättning” (med internpost → elektroniskt inom 60 minuter)." in lines
    assert text.LATER  # the page's marks again afterwards


def test_word_change_names_only_the_changed_words():
    assert word_change("skicka med internpost till enheten", "skicka elektroniskt till enheten") == \
        "med internpost → elektroniskt"
    assert word_change("ring Försäkringskassan", "ring handläggaren på Försäkringskassan") == "tillagt: handläggaren på"
    assert word_change("skicka med post", "skicka post") == "borttaget: med"


def test_a_step_that_changes_from_a_date_inside_a_version(data_copy):
    data = read(routine_file(data_copy))
    for stage in data["stages"]:
        for i, s in enumerate(stage["steps"]):
            if s["id"] == "varmland.faktura-vardenhet":
                new = {**s, "text": s["text"].replace("med internpost", "elektroniskt"), "valid_from": "2027-07-01"}
                stage["steps"][i] = {**s, "valid_to": "2027-06-30"}
                stage["steps"].insert(i + 1, new)
                break
    write(routine_file(data_copy), data)
    book = loader.load(data_copy)
    assert "internpost" in invoice_basis("varmland", "12345", "L", "E", 60, date(2027, 6, 30), book).flow[1].text
    assert "elektroniskt" in invoice_basis("varmland", "12345", "L", "E", 60, date(2027, 7, 1), book).flow[1].text
    assert [s.valid_from for s in book.step_versions["varmland.faktura-vardenhet"]] == [date(2026, 4, 10), date(2027, 7, 1)]


# --- refused with a Swedish line that says what to do --------------------------------------------


def _refused(root) -> str:
    with pytest.raises(PolicyError) as caught:
        loader.load(root)
    return str(caught.value)


def test_overlapping_versions_are_refused(data_copy):
    add_version_2(data_copy, valid_from="2028-04-01")
    assert "version 2 börjar 2028-04-01, innan version 1 slutar 2028-04-09" in _refused(data_copy)


def test_a_gap_between_versions_is_refused_unless_marked(data_copy):
    add_version_2(data_copy, valid_from="2028-05-01")
    message = _refused(data_copy)
    assert "glapp" in message and "after_gap: true" in message
    add_version_2(data_copy, valid_from="2028-05-01", after_gap=True)
    book = loader.load(data_copy)
    with pytest.raises(OutsideValidity):
        book.version("varmland", date(2028, 4, 20))


def test_versions_are_numbered_without_holes_and_files_named_by_number(data_copy):
    add_version_2(data_copy)
    routine_file(data_copy, n=2).rename(routine_file(data_copy, n=3))
    assert "stämmer inte med filnamnet version-3.yaml" in _refused(data_copy)
    data = read(routine_file(data_copy, n=3))
    data["version"] = 3
    write(routine_file(data_copy, n=3), data)
    assert "version 2 saknas" in _refused(data_copy)


def test_a_routine_file_outside_its_folder_is_refused_with_where_it_goes(data_copy):
    shutil.copy(routine_file(data_copy), data_copy / "routines" / "varmland.yaml")
    assert "flytta den till routines/varmland/version-1.yaml" in _refused(data_copy)


def test_a_version_citing_another_document_is_refused(data_copy):
    add_version_2(data_copy, source="002")
    assert "ska vara samma i alla versioner" in _refused(data_copy)


def test_a_step_id_of_another_routine_is_refused(data_copy):
    data = read(routine_file(data_copy, "halland"))
    data["stages"][0]["steps"][0]["id"] = "varmland.telefon"
    write(routine_file(data_copy, "halland"), data)
    assert "varje rutin har egna steg-id" in _refused(data_copy)


def test_an_invoice_step_missing_for_part_of_a_version_is_refused(data_copy):
    data = read(routine_file(data_copy))
    step(data, "varmland.faktura-vardenhet")["valid_from"] = "2027-01-01"
    write(routine_file(data_copy), data)
    assert "steget varmland.faktura-vardenhet saknas i fakturaflödet från 2026-04-10" in _refused(data_copy)


def test_a_decision_on_a_draft_is_refused(data_copy):
    add_version_2(data_copy, decision={"body": "Kommittén", "date": "2028-03-15", "protocol": "§ 4"})
    assert "status: fastställd" in _refused(data_copy)
