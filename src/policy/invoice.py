"""The invoice basis for a doctor's fee, for routines that describe an invoice flow (e.g. Värmland)."""
from __future__ import annotations

from datetime import date

from .answer import Answer, book_or_default, require_date
from .errors import PolicyError
from .fee import fee
from .rulebook import Rulebook
from .text import render

MAX_NAME = 120  # input bound: a name longer than this is a pasting mistake, not a name


class FlowStep(Answer):
    order: int
    responsible: list[str]
    # Who does the step, in words (a body that is not a meeting participant, or the actors' names).
    who: str
    text: str


class InvoiceBasis(Answer):
    region: str
    routine: str
    doctor: str
    unit: str
    ansvarsenhet: str
    minutes: int
    amount_sek: int
    cost_center: str
    payer: str
    vat: str
    flow: list[FlowStep]


def _name(value: object, what: str) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text or len(text) > MAX_NAME or any(ord(c) < 32 for c in text):
        raise PolicyError(f"{what} ska vara en text med 1–{MAX_NAME} tecken; fick ”{value}”.")
    return text


def check_ansvarsenhet(code: object, digits: int) -> str:
    text = code.strip() if isinstance(code, str) else str(code)
    if not (len(text) == digits and text.isascii() and text.isdigit()):
        raise PolicyError(f"Ansvarsenheten ”{code}” är ogiltig: den ska vara en kod med exakt "
                          f"{digits} siffror (0–9), utan bokstäver eller mellanslag.")
    return text


def invoice_basis(region: str, ansvarsenhet: str, doctor: str, unit: str, minutes: int, on: date,
                  book: Rulebook | None = None) -> InvoiceBasis:
    """What the care unit writes on the invoice basis, and the amount and cost centre it leads to."""
    book = book_or_default(book)
    on = require_date(on)
    routine = book.version(region, on)
    flow = routine.invoice
    if flow is None:
        with_flow = sorted(f"{r.name} ({slug})" for slug, r in book.routines.items() if any(v.invoice for v in r.versions))
        raise PolicyError(f"{book.document_of(routine)} beskriver inget fakturaflöde. "
                          f"Rutiner med fakturaflöde: {', '.join(with_flow)}.")
    code = check_ansvarsenhet(ansvarsenhet, int(book.value(flow.ansvarsenhet_digits, on)))
    doctor, unit = _name(doctor, "Läkarens namn"), _name(unit, "Vårdenhetens namn")
    amount = fee(minutes, on, book)
    # The flow's steps as this version has them on `on` (a step may change from a date).
    steps = [next(s for s in book.steps(routine) if s.id == step_id and s.covers(on)) for step_id in flow.steps]
    book.touch(*flow.steps)
    rule_ids = [flow.cost_center, flow.ansvarsenhet_digits, *flow.steps, *amount.rule_ids]
    return InvoiceBasis(
        date=on, region=region, routine=routine.title, doctor=doctor, unit=unit, ansvarsenhet=code,
        minutes=amount.minutes, amount_sek=amount.amount_sek,
        cost_center=str(book.value(flow.cost_center, on)),
        payer=book.note("arvode.betalare", on), vat=book.note("arvode.moms", on),
        flow=[FlowStep(date=on, order=i + 1, responsible=s.responsible, who=book.who(s), text=render(s.text, book, on),
                       rule_ids=[s.id], sources=book.cite(s.sources)) for i, s in enumerate(steps)],
        rule_ids=rule_ids, sources=book.sources_of(rule_ids, on),
    )
