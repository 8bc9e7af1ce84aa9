"""Test cases kept as data: one file per routine in tests/cases/. Adding a routine adds a file here,
no Python. Each file says, from the routine's own text, which steps a role's checklist must hold and
in which phase, what it must say, which meeting forms the routine does not cover, and the invoice."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

import policy
from policy.checklist import checklist
from policy.invoice import invoice_basis

CASES = Path(__file__).parent / "cases"
# The committee's own cases for the committee's own data (see conftest): a data-driven check.
pytestmark = pytest.mark.live


def case_files(folder: Path = CASES) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


def run_case(case: dict, book) -> None:
    """Check one routine's case file against the rule book; raises AssertionError with the place."""
    on = date.fromisoformat(str(case["date"]))
    slug = case["routine"]
    for spec in case.get("checklists", []):
        answer = checklist(spec["form"], slug, spec["role"], on, book)
        where = f"{slug}/{spec['form']}/{spec['role']}"
        for phase, ids in spec.get("include", {}).items():
            got = [i.rule_id for i in answer.items if i.phase == phase]
            for rule_id in ids:
                assert rule_id in got, f"{where}: {rule_id} saknas under {phase}; fick {got}"
            order = [got.index(r) for r in ids]
            assert order == sorted(order), f"{where}: {ids} står inte i rutinens ordning under {phase}"
        text = " ".join(i.text for i in answer.items).replace("\u00a0", " ")
        for word in spec.get("text", []):
            assert word in text, f"{where}: ”{word}” syns inte"
    for form in case.get("not_covered", []):
        with pytest.raises(policy.PolicyError, match="inga checklistpunkter"):
            checklist(form, slug, "lakare", on, book)
    if case.get("outside"):
        with pytest.raises(policy.OutsideValidity):
            checklist(case["checklists"][0]["form"], slug, case["checklists"][0]["role"],
                      date.fromisoformat(str(case["outside"])), book)
    if case.get("invoice"):
        inv = case["invoice"]
        digits = "1234567890"[: inv["ansvarsenhet_digits"]]
        answer = invoice_basis(slug, digits, "Doktor Exempel", "Vårdcentralen Exempel", inv["minutes"], on, book)
        assert answer.amount_sek == inv["amount_sek"]
        assert answer.cost_center == inv["cost_center"]
        with pytest.raises(policy.PolicyError, match=f"exakt {inv['ansvarsenhet_digits']} siffror"):
            invoice_basis(slug, digits + "1", "Doktor Exempel", "Vårdcentralen Exempel", inv["minutes"], on, book)
    if case.get("no_invoice"):
        with pytest.raises(policy.PolicyError, match="inget fakturaflöde"):
            invoice_basis(slug, "12345", "Doktor Exempel", "Vårdcentralen Exempel", 60, on, book)


@pytest.mark.parametrize("path", case_files(), ids=lambda p: p.stem)
def test_each_routine_behaves_as_its_case_file_says(path):
    run_case(yaml.safe_load(path.read_text(encoding="utf-8")), policy.load())


def test_every_routine_has_a_case_file_and_every_case_file_a_routine():
    assert {p.stem for p in case_files()} == set(policy.load().routines)
