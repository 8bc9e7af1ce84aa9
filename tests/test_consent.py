"""Consent and secrecy (samtycke.*).

001, "Tillvägagångssätt": care has strong secrecy towards other actors, so taking part needs the
patient's consent; if only Försäkringskassan takes part, some information may be given without
consent (uppgiftsskyldighet); if other authorities or employers take part, the consent must cover
all of them; private providers have other secrecy rules.
000, "Patientens delaktighet är viktig": Försäkringskassan obtains the patient's medgivande for its
own disclosure to the other actors. DOMAIN.md disagreement 10: both consents are needed.
"""
from __future__ import annotations

from datetime import date

import pytest

from policy import OutsideValidity, PolicyError
from policy.consent import consent

ON = date(2026, 12, 1)  # inside 000 (from 2024-01-01) and 001 (2026-04-10 – 2028-04-09)


def test_a_meeting_with_only_forsakringskassan_needs_no_consent_from_care():
    # 001: "Om bara Försäkringskassan deltar ... kan vissa uppgifter lämnas ... utan samtycke".
    answer = consent(["forsakringskassan"], ON)
    assert answer.consent_required is False
    assert answer.must_cover == []


def test_a_meeting_with_only_forsakringskassan_rests_on_the_duty_to_inform_forsakringskassan():
    assert "samtycke.endast-forsakringskassan" in consent(["forsakringskassan"], ON).rule_ids


def test_a_meeting_with_the_employer_needs_consent_that_covers_the_employer():
    # 001 (Tillvägagångssätt): when other authorities or an employer take part, the consent must
    # clearly cover every actor present.
    answer = consent(["arbetsgivare"], ON)
    assert answer.consent_required is True
    assert answer.must_cover == ["arbetsgivare"]


def test_without_forsakringskassan_only_care_obtains_the_consent():
    # 001: the region obtains consent for its own disclosure; FK is not at this meeting.
    assert consent(["arbetsgivare"], ON).obtained_by == ["halso-och-sjukvarden"]


def test_with_forsakringskassan_and_the_employer_the_consent_must_cover_both():
    answer = consent(["forsakringskassan", "arbetsgivare"], ON)
    assert answer.consent_required is True
    assert sorted(answer.must_cover) == ["arbetsgivare", "forsakringskassan"]


def test_with_forsakringskassan_the_care_obtains_its_consent_and_fk_its_own_medgivande_beside_it():
    # 001: the region obtains the care's consent; 000: FK obtains its own medgivande for its disclosure,
    # which does not replace the care's (disagreement 10). FK never obtains the care's consent.
    answer = consent(["forsakringskassan", "arbetsgivare"], ON)
    assert answer.obtained_by == ["halso-och-sjukvarden"]
    assert answer.fk_own_consent is True
    assert consent(["arbetsgivare"], ON).fk_own_consent is False


def test_with_forsakringskassan_and_the_employer_the_answer_says_both_consents_are_needed():
    assert "samtycke.bada-behovs" in consent(["forsakringskassan", "arbetsgivare"], ON).rule_ids


def test_the_actor_order_given_does_not_change_what_consent_must_cover():
    one = consent(["arbetsgivare", "forsakringskassan"], ON)
    other = consent(["forsakringskassan", "arbetsgivare"], ON)
    assert sorted(one.must_cover) == sorted(other.must_cover)
    assert sorted(one.obtained_by) == sorted(other.obtained_by)


def test_the_patient_and_care_are_always_among_the_participants():
    participants = consent(["arbetsgivare"], ON).participants
    assert "patient" in participants
    assert "halso-och-sjukvarden" in participants


def test_a_private_provider_adds_the_rule_on_other_secrecy_rules():
    # 001: "För privata vårdgivare gäller andra sekretessbestämmelser än för offentliga."
    answer = consent(["arbetsgivare"], ON, private_provider=True)
    assert answer.private_provider is True
    assert "samtycke.privat-vardgivare" in answer.rule_ids


def test_a_public_provider_does_not_get_the_private_provider_rule():
    assert "samtycke.privat-vardgivare" not in consent(["arbetsgivare"], ON).rule_ids


def test_the_consent_answer_cites_section_tillvagagangssatt_of_source_001():
    sources = consent(["arbetsgivare"], ON).sources
    assert ("001", "Tillvägagångssätt") in [(s["id"], s["section"]) for s in sources]


def test_an_unknown_actor_is_refused_with_the_allowed_actors_listed():
    with pytest.raises(PolicyError) as caught:
        consent(["grannen"], ON)
    assert "grannen" in str(caught.value)
    assert "arbetsgivare" in str(caught.value)


def test_an_empty_list_of_actors_is_refused():
    with pytest.raises(PolicyError):
        consent([], ON)


@pytest.mark.parametrize("always_there", ["patient", "halso-och-sjukvarden"])
def test_the_patient_or_care_given_as_another_actor_is_refused(always_there):
    with pytest.raises(PolicyError, match="alltid med"):
        consent([always_there, "arbetsgivare"], ON)


def test_a_date_before_varmlands_routine_is_valid_raises_outside_validity():
    # The consent rules rest on 001, valid from 2026-04-10.
    with pytest.raises(OutsideValidity, match="2026-04-10"):
        consent(["arbetsgivare"], date(2026, 4, 9))


def test_actors_in_running_text_keep_capitals_only_for_authorities(book):
    # Swedish: Försäkringskassan and Arbetsförmedlingen are names; arbetsgivaren and anhörig are not.
    assert book.names(["forsakringskassan", "arbetsgivare", "arbetsformedlingen", "anhorig"]) == \
        "Försäkringskassan, arbetsgivaren, Arbetsförmedlingen, anhörig"
    assert book.names(["arbetsgivare", "forsakringskassan"]) == "Arbetsgivaren, Försäkringskassan"
