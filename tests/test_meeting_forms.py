"""The meeting forms side by side (motesform.*) and the twelve disagreements (skiljelinje.*).

What the sources say about who convenes and documents:
- avstämningsmöte: Försäkringskassan decides and calls (000, 001, 003) and documents (002, 003, 004).
- flerpartsmöte (002): who convenes and who documents is not regulated.
- tidigt flerpartsmöte (002): "Vårdenheten bjuder in, leder mötet samt dokumenterar"; mainly the
  first 90 days.
- SIP (002): social services and health care have the legal ground to convene; cites
  2 kap. 7 § SoL (2001:453) and 3 f § HSL (1982:763), both replaced (DOMAIN.md).
"""
from __future__ import annotations

from datetime import date

import pytest

from policy import PolicyError, loader
from policy.meeting_forms import forms

ON = date(2026, 12, 1)  # inside every source the forms cite


@pytest.fixture(scope="module")
def by_slug():
    return {view.slug: view for view in forms(ON)}


def test_there_are_exactly_the_six_meeting_forms_of_the_handbook(by_slug):
    assert sorted(by_slug) == sorted([
        "avstamningsmote", "flerpartsmote", "gemensam-kartlaggning", "sip",
        "tidigt-flerpartsmote", "trepartsmote",
    ])


def test_forsakringskassan_convenes_and_documents_the_avstamningsmote(by_slug):
    assert by_slug["avstamningsmote"].convened_by == ["forsakringskassan"]
    assert by_slug["avstamningsmote"].documented_by == ["forsakringskassan"]


def test_nobody_is_set_to_convene_or_document_a_flerpartsmote_because_002_leaves_it_open(by_slug):
    assert by_slug["flerpartsmote"].convened_by == []
    assert by_slug["flerpartsmote"].documented_by == []
    assert "reglerat" in by_slug["flerpartsmote"].fields["convened_by"].text


def test_care_convenes_and_documents_the_tidigt_flerpartsmote(by_slug):
    assert by_slug["tidigt-flerpartsmote"].convened_by == ["halso-och-sjukvarden"]
    assert by_slug["tidigt-flerpartsmote"].documented_by == ["halso-och-sjukvarden"]


def test_the_tidigt_flerpartsmote_is_mainly_for_phase_1_of_the_rehab_chain(by_slug):
    assert by_slug["tidigt-flerpartsmote"].phases == [1]


def test_care_and_social_services_may_convene_a_sip(by_slug):
    assert sorted(by_slug["sip"].convened_by) == ["halso-och-sjukvarden", "socialtjansten"]


def test_the_sip_shows_sol_2001_453_as_replaced_by_sol_2025_400_from_2025_07_01(by_slug):
    laws = {law["citation"]: law for law in by_slug["sip"].legal_basis}
    sol = next(law for citation, law in laws.items() if "2001:453" in citation)
    assert sol["status"] == "ersatt"
    assert "2025:400" in sol["replaced_by"]
    assert sol["replaced_on"] == "2025-07-01"
    # DOMAIN.md: the new paragraph number is not verified, and the answer must say so.
    assert sol["replaced_by_status"] == "ej verifierad"


def test_the_sip_shows_hsl_1982_763_as_replaced_by_hsl_2017_30_16_kap_4(by_slug):
    laws = {law["citation"]: law for law in by_slug["sip"].legal_basis}
    hsl = next(law for citation, law in laws.items() if "1982:763" in citation)
    assert hsl["status"] == "ersatt"
    assert "2017:30" in hsl["replaced_by"]
    assert "16 kap. 4 §" in hsl["replaced_by"]


def test_the_avstamningsmote_rests_on_sfb_110_kap_14(by_slug):
    citations = [law["citation"] for law in by_slug["avstamningsmote"].legal_basis]
    assert any("110 kap. 14 §" in c for c in citations)


def test_fkfs_2010_35_is_shown_as_unverified(by_slug):
    # DOMAIN.md: "001 cites FKFS 2010:35 for the call-in; not independently confirmed."
    fkfs = [law for law in by_slug["avstamningsmote"].legal_basis if "2010:35" in law["citation"]]
    assert [law["status"] for law in fkfs] == ["ej verifierad"]


def test_the_avstamningsmote_fee_field_points_at_disagreement_1(by_slug):
    assert by_slug["avstamningsmote"].fields["compensation"].disagreement == 1


def test_every_field_in_force_cites_at_least_one_source(by_slug):
    for view in by_slug.values():
        for name, field in view.fields.items():
            if field.in_force:
                assert field.sources, (view.slug, name)


def test_a_field_outside_its_sources_validity_says_so_instead_of_showing_old_text(data_copy):
    # The trepartsmöte is described only in Halland's lathund 003. Were it dated from 2026-11-22,
    # the field would not hold on 2026-06-01 and must say so.
    path = data_copy / "routines" / "halland" / "version-1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("valid_from: null", "valid_from: 2026-11-22", 1),
                    encoding="utf-8")
    view = next(v for v in forms(date(2026, 6, 1), loader.load(data_copy)) if v.slug == "trepartsmote")
    field = view.fields["convened_by"]
    assert field.in_force is False
    assert field.actors == []
    assert "2026-06-01" in field.text


def test_forsakringskassan_still_decides_on_an_avstamningsmote_after_varmlands_routine_expires():
    # 000 (national, undated): "det är ändå Försäkringskassan som bedömer om ett möte ska
    # genomföras". That holds after Värmland's 001 ends on 2028-04-09; 001 only corroborates it.
    view = next(v for v in forms(date(2028, 6, 1)) if v.slug == "avstamningsmote")
    assert view.fields["decides"].in_force is True
    assert view.fields["decides"].actors == ["forsakringskassan"]


def test_a_date_given_as_text_is_refused():
    with pytest.raises(PolicyError):
        forms("2026-12-01")


# --- the twelve disagreements ------------------------------------------------------------------

# The sources on each side of each disagreement, as listed in DOMAIN.md ("Where the sources disagree").
# Outside sources are left out here: only the seed documents DOMAIN.md names by number.
SEEDS_PER_DISAGREEMENT = {
    1: {"000", "002"},
    2: {"000", "001", "002"},
    3: {"000", "001", "002"},
    4: {"001", "003"},
    5: {"000", "001", "003", "004"},
    6: {"000", "001", "003"},
    7: {"000", "001", "003"},
    8: {"002", "003", "004"},
    9: {"001"},
    10: {"000", "001"},
    11: {"002", "003", "004"},
    12: {"001"},
}


def test_there_are_twelve_disagreements_numbered_1_to_12(book):
    assert [d.number for d in book.disagreements] == list(range(1, 13))


def test_every_disagreement_has_at_least_two_sides_that_name_known_sources(book):
    for d in book.disagreements:
        assert len(d.sides) >= 2, d.id
        for side in d.sides:
            assert side.sources, d.id
            for source in side.sources:
                assert source in book.sources, (d.id, source)


def test_the_sides_of_each_disagreement_never_name_the_same_source_twice(book):
    for d in book.disagreements:
        named = [s for side in d.sides for s in side.sources]
        assert len(named) == len(set(named)), d.id


@pytest.mark.parametrize("number", sorted(SEEDS_PER_DISAGREEMENT))
def test_each_disagreement_names_the_seed_documents_domain_md_gives(book, number):
    d = book.disagreement(number)
    seeds = {s for side in d.sides for s in side.sources if book.sources[s].seed}
    assert seeds == SEEDS_PER_DISAGREEMENT[number]


def test_the_fee_disagreement_sets_750_plus_375_against_a_flat_750(book):
    d = book.disagreement(1)
    by_source = {s: side for side in d.sides for s in side.sources}
    assert set(by_source["000"].sources) != set(by_source["002"].sources)
    assert "arvode.sormland-fast-belopp" in d.rules
