"""Checks across files once everything is loaded: every reference must point at something real."""
from __future__ import annotations

import difflib
import re
from datetime import timedelta

from .errors import DataError
from .loader import CLAIM_FIELDS
from .models import Rule, starts
from .rulebook import Rulebook
from . import typed
from .text import FORMATS, PLACEHOLDER, placeholders


class _CrossCheck:
    def __init__(self, book: Rulebook, where: dict[str, str]):
        self.book, self.where = book, where

    def fail(self, owner: str, field: str, problem: str) -> None:
        raise DataError(self.where.get(owner, owner), f"{owner}.{field}", problem)

    def known(self, owner: str, field: str, values, table, kind: str) -> None:
        for value in values:
            if value not in table:
                near = difflib.get_close_matches(str(value), sorted(map(str, table)), n=1, cutoff=0.6)
                hint = f" (menade du ”{near[0]}”?)" if near else ""
                self.fail(owner, field, f"okänd {kind} ”{value}”{hint}; kända: {', '.join(sorted(map(str, table)))}")

    def text(self, owner: str, field: str, text: str, sources=()) -> None:
        for braced in re.findall(r"\{[^{}\s]+\}", text):
            if not PLACEHOLDER.fullmatch(braced):
                self.fail(owner, field, f"platshållaren {braced} har fel form; skriv {{regel.id}} med små "
                                        "bokstäver a–z, siffror och bindestreck")
        for typed_text, rule_id in typed.found(text, self.book, {ref.source for ref in sources}):
            self.fail(owner, field, typed.message(typed_text, rule_id))
        for rule_id, fmt in placeholders(text):
            if not isinstance(self.book.index.get(rule_id), Rule):
                self.fail(owner, field, f"platshållaren {{{rule_id}}} pekar inte på någon regel med värde")
            if fmt not in FORMATS:
                self.fail(owner, field, f"okänt format ”:{fmt}” i {{{rule_id}:{fmt}}}; tillåtet: :tal")

    def routine_version(self, routine) -> None:
        b = self.book
        steps = {s.id for s in b.steps(routine)}
        for step in b.steps(routine):
            self.known(step.id, "responsible", step.responsible, b.actors, "aktör")
            self.known(step.id, "roles", step.roles, b.roles, "roll")
            self.known(step.id, "forms", step.forms, b.forms, "mötesform")
            self.known(step.id, "rules", step.rules, b.index, "regel")
            self.text(step.id, "text", step.text, step.sources)
            if step.phase and not (step.roles and step.forms):
                self.fail(step.id, "phase", "ett steg i en checklista ska ange både roles och forms")
        if routine.invoice:
            inv = routine.invoice
            owner = f"{routine.slug} version {routine.version}"
            self.known(owner, "invoice.steps", inv.steps, steps, "steg i rutinen")
            self.known(owner, "invoice", [inv.cost_center, inv.ansvarsenhet_digits], b.rules, "regel")
            for step_id in inv.steps:
                spans = sorted((starts(s), s.valid_to) for s in b.steps(routine) if s.id == step_id)
                day = starts(routine)
                for start, end in spans:
                    if start > day:
                        break
                    day = None if end is None else end + timedelta(days=1)
                    if day is None:
                        break
                if day is not None and (routine.valid_to is None or day <= routine.valid_to):
                    self.fail(owner, "invoice.steps", f"steget {step_id} saknas i fakturaflödet från "
                                                      f"{day.isoformat()}; varje steg i flödet ska gälla hela versionen")

    def run(self) -> None:
        b = self.book
        for rule in b.rules.values():
            if rule.unit in ("kr", "minuter", "dagar", "månader", "siffror"):
                for p in rule.periods:
                    if isinstance(p.value, bool) or not isinstance(p.value, int) or p.value < 1:
                        self.fail(rule.id, "periods.value", f"”{p.value}” ska vara ett heltal, minst 1, "
                                                            f"eftersom enheten är {rule.unit}")
        for src in b.sources.values():
            if src.superseded_by:
                self.known(src.id, "superseded_by", [src.superseded_by], b.sources, "källa")
        numbers = [d.number for d in b.disagreements]
        if numbers != list(range(1, len(numbers) + 1)):
            self.fail(b.disagreements[0].id if b.disagreements else "skiljelinjer", "number",
                      f"skiljelinjerna ska vara numrerade 1, 2, 3 … utan luckor; fick {numbers}")
        for form in b.forms.values():
            for field in CLAIM_FIELDS:
                claim = getattr(form, field)
                self.known(form.id, f"{field}.actors", claim.actors, b.actors, "aktör")
                self.text(form.id, f"{field}.text", claim.text, claim.sources)
                if claim.disagreement and claim.disagreement not in numbers:
                    self.fail(form.id, f"{field}.disagreement", f"skiljelinje {claim.disagreement} finns inte")
            self.known(form.id, "legal_basis", form.legal_basis, b.laws, "lagrum")
            self.known(form.id, "fee_rules", form.fee_rules, b.rules, "regel")
            self.known(form.id, "phases", form.phases, {p.number: p for p in b.phases}, "fas")
        for law in b.laws.values():
            if law.replaced_by:
                self.known(law.id, "replaced_by", [law.replaced_by], b.laws, "lagrum")
            if law.status == "ersatt" and not (law.replaced_by and law.replaced_on):
                self.fail(law.id, "replaced_by", "ett ersatt lagrum ska ange vad som ersatte det och när")
        for work in b.routines.values():
            for routine in work.versions:
                self.routine_version(routine)
        for d in b.disagreements:
            self.known(d.id, "rules", d.rules, b.index, "regel")
            for i, side in enumerate(d.sides):
                self.known(d.id, f"sides[{i}].sources", side.sources, b.sources, "källa")
                self.text(d.id, f"sides[{i}].claim", side.claim)
        for row in b.decision_rows:
            self.known(row.id, "suggest", row.suggest, b.forms, "mötesform")
            self.text(row.id, "advice", row.advice, row.sources)
