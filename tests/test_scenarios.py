"""The committee's test cases, in Swedish Gherkin (tests/features/*.feature), run through pytest-bdd.

A rule change's pull request adds a scenario row for the new date; the expected values are written
from the sources, not from the code. The steps below only call the policy module.
"""
from __future__ import annotations

from datetime import date

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from policy import OutsideValidity, PolicyError
from policy.checklist import checklist
from policy.consent import consent
from policy.decision import Situation, suggest
from policy.fee import fee

scenarios("features")
# The committee's scenarios run on the committee's data (see conftest): a data-driven check.
pytestmark = pytest.mark.live


@pytest.fixture
def book(live_book):
    return live_book


@pytest.fixture
def case() -> dict:
    return {}


@given(parsers.parse("dagen {dag}"))
def given_day(case, dag):
    case["on"] = date.fromisoformat(dag.strip())


def _answer(case, call):
    try:
        case["answer"] = call()
    except PolicyError as exc:
        case["error"] = exc


@when(parsers.parse("läkaren har deltagit i {minuter:d} minuter"))
def when_minutes(case, book, minuter):
    _answer(case, lambda: fee(minuter, case["on"], book))


@when(parsers.parse("{deltagare} deltar utöver patienten och vården"))
def when_participants(case, book, deltagare):
    _answer(case, lambda: consent([d.strip() for d in deltagare.split(",")], case["on"], book=book))


@when(parsers.parse("patienten är sjukskriven dag {sjukdag:d} och {parter} behövs"))
def when_sick(case, sjukdag, parter):
    case["situation"] = {"sick_listed": True, "day": sjukdag,
                         "actors": frozenset(p.strip() for p in parter.split(",") if p.strip())}


@when(parsers.parse("Försäkringskassan behöver samordna: {samordning}"))
def when_coordination(case, book, samordning):
    s = case["situation"]
    _answer(case, lambda: suggest(Situation(sick_listed=True, day=s["day"], fk_coordination=samordning == "ja",
                                            social_services=False, actors=s["actors"]), case["on"], book))


@when(parsers.parse("{roll} i {rutin} tar fram checklistan för {motesform}"))
def when_checklist(case, book, roll, rutin, motesform):
    _answer(case, lambda: checklist(motesform, rutin, roll, case["on"], book))


@then(parsers.parse("är det högsta arvodet {belopp:d} kr"))
def then_fee(case, belopp):
    assert "error" not in case, case.get("error")
    assert case["answer"].amount_sek == belopp


@then("svarar handboken att regeln inte gäller den dagen")
def then_outside(case):
    assert isinstance(case.get("error"), OutsideValidity), case.get("answer")
    assert case["on"].isoformat() in str(case["error"])


@then(parsers.parse("krävs vårdens samtycke: {krävs}"))
def then_consent(case, krävs):
    assert case["answer"].consent_required is (krävs == "ja")


@then(parsers.parse("samtycket ska gälla: {omfattar}"))
def then_cover(case, book, omfattar):
    names = [book.actors[a].name.split(" (")[0] for a in case["answer"].must_cover]
    assert (", ".join(names) or "–") == omfattar


@then(parsers.parse("föreslås {motesformer}"))
def then_forms(case, motesformer):
    assert ", ".join(case["answer"].names) == motesformer


@then(parsers.parse("har checklistan {antal:d} punkter"))
def then_count(case, antal):
    assert len(case["answer"].items) == antal


@then(parsers.parse('den första punkten börjar med "{början}"'))
def then_first(case, början):
    first = [i for items in case["answer"].by_phase().values() for i in items][0]
    assert first.text.startswith(början)


@then(parsers.parse('nämner checklistan "{ord}"'))
def then_mentions(case, ord):
    assert "error" not in case, case.get("error")
    assert ord in " ".join(i.text for i in case["answer"].items)
