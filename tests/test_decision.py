"""The decision table (beslutstabell.*): which meeting forms fit a situation. Hit policy: unique.

Cases from the sources:
- 003 "Lathund för ett aktivt förhållningssätt": with work-related ill health, care contacts the
  employer early; sick leave is not needed and FK need not be involved; a trepartsmöte is an early
  way to clarify. 002 "Tidigt flerpartsmöte": care's own meeting, mainly the first 90 days, when FK's
  knowledge is not needed.
- 002 "Gemensam Kartläggning": FK's and Arbetsförmedlingen's joint work always starts with a gemensam
  kartläggning, "en typ av Avstämningsmöte".
- 002 "Samordnad Individuell Plan - SIP": care and social services may call a SIP.
"""
from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from policy import PolicyError
from policy.decision import Situation, actor_class, input_space, matching_rows, suggest

ON = date(2026, 12, 1)


def situation(**fields):
    base = {"sick_listed": True, "day": 30, "fk_coordination": False, "social_services": False,
            "actors": frozenset()}
    base.update(fields)
    return Situation(**base)


# --- the whole input space -------------------------------------------------------------------


def test_every_situation_matches_exactly_one_row_of_the_decision_table(book):
    problems = []
    count = 0
    for sick, phase, fk, social, actors in input_space(book):
        count += 1
        rows = matching_rows(book, sick, phase, fk, social, actor_class(actors))
        if len(rows) != 1:
            problems.append((sick, phase, fk, social, sorted(actors), [r.id for r in rows]))
    assert count > 0
    assert problems == []


def test_the_input_space_covers_not_sick_listed_and_all_four_phases(book):
    seen = {(sick, phase) for sick, phase, *_ in input_space(book)}
    assert seen == {(False, None), (True, 1), (True, 2), (True, 3), (True, 4)}


def test_the_input_space_covers_every_actor_class(book):
    classes = {actor_class(actors) for *_, actors in input_space(book)}
    assert classes == {"inga", "endast-arbetsgivare", "med-arbetsformedlingen", "andra"}


def test_every_row_is_reached_by_some_situation(book):
    reached = set()
    for sick, phase, fk, social, actors in input_space(book):
        reached.update(r.id for r in matching_rows(book, sick, phase, fk, social, actor_class(actors)))
    assert reached == {row.id for row in book.decision_rows}


def test_every_suggested_form_exists(book):
    for row in book.decision_rows:
        for slug in row.suggest:
            assert slug in book.forms, (row.id, slug)


# --- actor classes -------------------------------------------------------------------------


@pytest.mark.parametrize(("actors", "expected"), [
    (set(), "inga"),
    ({"arbetsgivare"}, "endast-arbetsgivare"),
    ({"arbetsgivare", "arbetsformedlingen"}, "med-arbetsformedlingen"),
    ({"arbetsformedlingen"}, "med-arbetsformedlingen"),
    ({"arbetsgivare", "foretagshalsovard"}, "andra"),
    ({"anhorig"}, "andra"),
])
def test_actors_are_sorted_into_the_class_the_table_is_written_for(actors, expected):
    assert actor_class(frozenset(actors)) == expected


# --- cases from the sources --------------------------------------------------------------------


def test_day_30_with_only_the_employer_and_no_fk_coordination_suggests_trepartsmote_and_tidigt_flerpartsmote():
    answer = suggest(situation(day=30, actors=frozenset({"arbetsgivare"})), ON)
    assert answer.phase == 1
    assert sorted(answer.suggest) == ["tidigt-flerpartsmote", "trepartsmote"]


def test_not_sick_listed_with_only_the_employer_still_suggests_a_trepartsmote():
    # 003: no sick-listing is needed, and Försäkringskassan need not be involved.
    answer = suggest(situation(sick_listed=False, day=None, actors=frozenset({"arbetsgivare"})), ON)
    assert "trepartsmote" in answer.suggest


def test_fk_coordination_with_arbetsformedlingen_suggests_avstamningsmote_and_gemensam_kartlaggning():
    answer = suggest(situation(day=120, fk_coordination=True, actors=frozenset({"arbetsformedlingen"})), ON)
    assert sorted(answer.suggest) == ["avstamningsmote", "gemensam-kartlaggning"]


def test_fk_coordination_without_other_needs_suggests_an_avstamningsmote():
    answer = suggest(situation(day=200, fk_coordination=True, actors=frozenset({"arbetsgivare"})), ON)
    assert answer.suggest == ["avstamningsmote"]


def test_social_services_without_fk_coordination_suggest_a_sip():
    for day in (30, 120, 400):
        answer = suggest(situation(day=day, social_services=True), ON)
        assert "sip" in answer.suggest, day


def test_social_services_with_fk_coordination_suggest_both_avstamningsmote_and_sip():
    answer = suggest(situation(day=200, fk_coordination=True, social_services=True), ON)
    assert sorted(answer.suggest) == ["avstamningsmote", "sip"]


def test_after_day_90_without_fk_the_tidigt_flerpartsmote_is_no_longer_suggested():
    # 002: the tidigt flerpartsmöte is mainly for the first 90 days of the rehabilitation chain.
    answer = suggest(situation(day=91, actors=frozenset({"arbetsgivare"})), ON)
    assert answer.phase == 2
    assert "tidigt-flerpartsmote" not in answer.suggest


def test_no_other_party_and_no_fk_coordination_suggests_no_meeting():
    assert suggest(situation(day=30), ON).suggest == []


def test_the_suggestion_names_its_row_and_the_rehab_phase_it_rests_on():
    answer = suggest(situation(day=30, actors=frozenset({"arbetsgivare"})), ON)
    assert answer.row in answer.rule_ids
    assert "rehabkedjan.fas-1" in answer.rule_ids
    assert answer.sources


def test_the_suggested_forms_come_with_their_swedish_names():
    answer = suggest(situation(day=30, actors=frozenset({"arbetsgivare"})), ON)
    assert sorted(answer.names) == ["Tidigt flerpartsmöte", "Trepartsmöte"]


# --- bad situations ---------------------------------------------------------------------------


def test_not_sick_listed_with_a_sick_leave_day_is_refused():
    with pytest.raises(PolicyError, match="sjukskriven"):
        suggest(situation(sick_listed=False, day=30), ON)


def test_sick_listed_without_a_day_is_refused():
    with pytest.raises(PolicyError, match="dag"):
        suggest(situation(day=None), ON)


@pytest.mark.parametrize("day", [0, -3])
def test_a_sick_leave_day_below_1_is_refused(day):
    with pytest.raises(PolicyError):
        suggest(situation(day=day), ON)


@pytest.mark.parametrize("actor", ["forsakringskassan", "patient", "halso-och-sjukvarden"])
def test_forsakringskassan_the_patient_or_care_given_as_an_actor_is_refused(actor):
    with pytest.raises(PolicyError):
        suggest(situation(actors=frozenset({actor})), ON)


def test_an_unknown_actor_is_refused():
    with pytest.raises(PolicyError, match="Okänd aktör"):
        suggest(situation(actors=frozenset({"grannen"})), ON)


@pytest.mark.parametrize("day", ["30", True], ids=["text", "bool"])
def test_a_sick_leave_day_that_is_not_a_real_integer_is_refused(day):
    # rehab_phase refuses "30" and True (see test_rehab_chain); the decision table must not
    # quietly read them as day 30 and day 1. Refusing them when the Situation is built
    # (a strict model) or in suggest() are both fine.
    with pytest.raises((PolicyError, ValidationError)):
        suggest(situation(day=day), ON)


def test_fk_coordination_with_arbetsformedlingen_and_social_services_suggests_all_three_forms(book):
    # 002: gemensam kartläggning is FK's and AF's joint form; SIP is for care and social services;
    # FK's coordination is the avstämningsmöte (000, 001) -> row beslutstabell.fk-af-och-socialtjanst.
    answer = suggest(Situation(sick_listed=True, day=120, fk_coordination=True, social_services=True,
                               actors=frozenset({"arbetsformedlingen"})), ON, book)
    assert answer.row == "beslutstabell.fk-af-och-socialtjanst"
    assert set(answer.suggest) == {"avstamningsmote", "gemensam-kartlaggning", "sip"}


def test_several_parties_early_without_fk_suggest_a_tidigt_flerpartsmote(book):
    # 002: the tidigt flerpartsmöte is the care unit's form, mainly for the first phase, when FK's
    # expertise is not needed -> row beslutstabell.fler-parter-tidigt.
    answer = suggest(Situation(sick_listed=True, day=14, fk_coordination=False, social_services=False,
                               actors=frozenset({"arbetsgivare", "foretagshalsovard"})), ON, book)
    assert answer.row == "beslutstabell.fler-parter-tidigt"
    assert answer.suggest == ["tidigt-flerpartsmote"]
