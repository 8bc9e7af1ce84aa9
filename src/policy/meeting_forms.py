"""The meeting forms side by side (rules motesform.*), as they hold on a date."""
from __future__ import annotations

from datetime import date

from .answer import Answer, book_or_default, require_date
from .loader import CLAIM_FIELDS, claim_id
from .models import Claim, MeetingForm
from .rulebook import Rulebook
from .text import render


class ClaimView(Answer):
    actors: list[str]
    text: str
    disagreement: int | None
    in_force: bool
    # Whose rule the field is: national, a named region's or the handbook's reading.
    scope: dict


class FormView(Answer):
    slug: str
    name: str
    summary: str
    convened_by: list[str]
    documented_by: list[str]
    fields: dict[str, ClaimView]
    purposes: list[str]
    legal_basis: list[dict[str, str | None]]
    phases: list[int]


def claim_view(claim: Claim, rule_id: str, on: date, book: Rulebook) -> ClaimView:
    """A field as it holds on `on`; outside its validity it says so instead of showing old text."""
    book.touch(rule_id)
    if not claim.covers(on):
        return ClaimView(date=on, actors=[], text=f"Ingen uppgift gäller {on.isoformat()}.",
                         disagreement=claim.disagreement, in_force=False, rule_ids=[rule_id], sources=[],
                         scope=book.scope(claim, on).as_dict())
    return ClaimView(date=on, actors=claim.actors, text=render(claim.text, book, on, lenient=True),
                     disagreement=claim.disagreement, in_force=True, rule_ids=[rule_id],
                     scope=book.scope(claim, on).as_dict(),
                     sources=book.cite(claim.sources))


def legal_view(law_id: str, book: Rulebook) -> dict[str, str | None]:
    law = book.laws[law_id]
    book.touch(law_id, *([law.replaced_by] if law.replaced_by else []))
    successor = book.laws[law.replaced_by] if law.replaced_by else None
    return {"id": law.id, "citation": law.citation, "status": law.status,
            "replaced_on": law.replaced_on.isoformat() if law.replaced_on else None,
            "replaced_by": successor.citation if successor else None,
            "replaced_by_status": successor.status if successor else None}


def form_view(form: MeetingForm, on: date, book: Rulebook) -> FormView:
    fields = {f: claim_view(getattr(form, f), claim_id(form.id, f), on, book) for f in CLAIM_FIELDS}
    purposes = [render(p.text, book, on, lenient=True) for p in form.purposes if p.covers(on)]
    book.touch(form.id, claim_id(form.id, "purposes"))
    rule_ids = [form.id] + [v.rule_ids[0] for v in fields.values()] + [claim_id(form.id, "purposes")]
    refs = [r for f in CLAIM_FIELDS for r in getattr(form, f).sources] + [r for p in form.purposes for r in p.sources]
    return FormView(
        date=on, slug=form.slug, name=form.name, summary=render(form.summary.text, book, on, lenient=True),
        convened_by=fields["convened_by"].actors, documented_by=fields["documented_by"].actors,
        fields=fields, purposes=purposes, legal_basis=[legal_view(i, book) for i in form.legal_basis],
        phases=form.phases, rule_ids=rule_ids, sources=book.cite(refs),
    )


def forms(on: date, book: Rulebook | None = None) -> list[FormView]:
    """Every meeting form, in the order of the data file."""
    book = book_or_default(book)
    on = require_date(on)
    return [form_view(f, on, book) for f in book.forms.values()]
