"""Checklists per meeting form, routine and role (inför / under / efter), built from routine steps."""
from __future__ import annotations

from datetime import date

from .answer import Answer, book_or_default, require_date
from .errors import PolicyError
from .models import Step
from .rulebook import Rulebook
from .text import render

PHASES = {"infor": "Inför mötet", "under": "Under mötet", "efter": "Efter mötet"}
# The sources mostly say "vården" or "vårdenheten"; splitting their steps by role is the handbook's.
ROLES_NOTE = ("Vem i vården som gör vad är handbokens förslag där rutinen bara säger vården eller "
              "vårdenheten; följ er enhets fördelning.")


class Item(Answer):
    rule_id: str
    phase: str
    text: str
    responsible: list[str]


class Checklist(Answer):
    form: str
    form_name: str
    region: str
    routine: str
    version: int
    routine_source: str
    organisation: str
    role: str
    role_name: str
    items: list[Item]
    roles_note: str = ROLES_NOTE

    def by_phase(self) -> dict[str, list[Item]]:
        return {key: [i for i in self.items if i.phase == key] for key in PHASES}

    def to_markdown(self) -> str:
        out = [f"# Checklista: {self.form_name} – {self.role_name}", "",
               f"{self.organisation}: {self.routine}. Handbokens läge {self.date.isoformat()}.", ""]
        for key, items in self.by_phase().items():
            out += [f"## {PHASES[key]}", ""]
            out += [f"- [ ] {i.text}" for i in items] or ["- Inga punkter för din roll."]
            out.append("")
        sections = list(dict.fromkeys(s["section"] for i in self.items for s in i.sources))
        out.append(self.roles_note)
        out.append("")
        out.append(f"Källa: {self.organisation}: {self.routine}, avsnitt " + ", ".join(f"”{s}”" for s in sections) + ".")
        return "\n".join(out).rstrip() + "\n"


def _named(table: dict, slugs: list[str]) -> str:
    return ", ".join(f"{table[slug].name} ({slug})" for slug in slugs)


def relevant_steps(book: Rulebook, region: str, form: str, on: date) -> list[Step]:
    routine, _ = book.routine(region).near(on)
    return [s for s in book.steps(routine) if s.phase and form in s.forms and s.covers(on)]


def checklist(form: str, region: str, role: str, on: date, book: Rulebook | None = None,
              lenient: bool = False) -> Checklist:
    """The routine's steps for this form and role that hold on `on`, in the routine's order. With
    `lenient` (pages), a value a step names that does not hold on `on` is shown marked, not refused."""
    book = book_or_default(book)
    on = require_date(on)
    meeting, care_role = book.form(form), book.role(role)
    routine = book.version(region, on)
    steps = relevant_steps(book, region, form, on)
    if not steps:
        covered = [f for f in book.forms if any(f in s.forms for s in book.steps(routine) if s.phase)]
        raise PolicyError(f"{book.document_of(routine)} har inga checklistpunkter för mötesformen {meeting.name}. "
                          f"Mötesformer med punkter där: {_named(book.forms, covered)}.")
    mine = [s for s in steps if role in s.roles]
    if not mine:
        roles = [r for r in book.roles if any(r in s.roles for s in steps)]
        raise PolicyError(f"{book.document_of(routine)} har inga punkter för rollen {care_role.name} vid "
                          f"mötesformen {meeting.name}. Roller med punkter: {_named(book.roles, roles)}.")
    items = [Item(date=on, rule_id=s.id, phase=s.phase, text=render(s.text, book, on, lenient=lenient),
                  responsible=s.responsible, rule_ids=[s.id, *s.rules], sources=book.cite(s.sources))
             for s in mine]
    rule_ids = [i.rule_id for i in items]
    book.touch(*rule_ids, *(r for s in mine for r in s.rules))
    return Checklist(date=on, form=form, form_name=meeting.name, region=region, routine=routine.title,
                     version=routine.version, routine_source=routine.source, organisation=routine.name, role=role, role_name=care_role.name, items=items,
                     rule_ids=rule_ids, sources=book.sources_of(rule_ids, on))
