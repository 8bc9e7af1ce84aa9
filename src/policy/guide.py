"""Answers for the guided pages, computed over the whole input space, as data a page can look up.

The module is the only place a rule is computed. A guided page asks its questions in the browser
and looks the answer up in what these functions return; it never decides anything itself. The
input spaces are small: the decision table's 640 situations, the 63 sets of participants for
consent, the fee per minute band on each stretch of dates where no value changes, and every
routine × meeting form × role for the checklists.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import combinations

from .checklist import checklist
from .consent import ALWAYS_PRESENT, FK, SOCIAL_SERVICES, consent
from .decision import Situation, input_space, suggest
from .errors import PolicyError
from .fee import AMOUNT_RULES, MAX_MEETING_MINUTES, fee, fee_table
from .invoice import invoice_basis
from .loader import claim_id
from .meeting_forms import forms
from .models import starts
from .rulebook import Rulebook
from .text import format_value, placeholders, render

FORM_FIELDS = {"decides": "Beslutar", "convened_by": "Kallar", "chaired_by": "Leder mötet",
               "documented_by": "Dokumenterar", "compensation": "Ersättning"}


def party_index(book: Rulebook) -> dict[str, int]:
    """Each party besides the patient and the care unit, by its place among the actors: the guide's
    keys name parties by number, which keeps the meeting-form page light (640 situations)."""
    return {a: i for i, a in enumerate(a for a in book.actors if a not in ALWAYS_PRESENT)}


def actors_key(actors, index: dict[str, int]) -> str:
    return ",".join(str(i) for i in sorted(index[a] for a in actors))


def situation_key(sick: bool, phase: int | None, fk: bool, social: bool, actors, index: dict[str, int]) -> str:
    return "|".join([str(int(sick)), str(phase or 0), str(int(fk)), str(int(social)), actors_key(actors, index)])


def meeting_form_data(on: date, book: Rulebook) -> dict:
    """Everything the meeting-form guide shows, keyed by the answers to its questions."""
    views = {v.slug: v for v in forms(on, book)}
    index = party_index(book)
    rows, answers = [], {}
    for sick, phase, fk, social, actors in input_space(book):
        day = next(p.first_day for p in book.phases if p.number == phase) if sick else None
        try:
            answer = suggest(Situation(sick_listed=sick, day=day, fk_coordination=fk, social_services=social,
                                       actors=actors), on, book)
        except PolicyError as exc:  # the table has no row in force for the situation on this date
            answers[situation_key(sick, phase, fk, social, actors, index)] = for_staff(exc)
            continue
        if answer.row not in [r["id"] for r in rows]:
            scope = book.scope(book.index[answer.row], on)
            rows.append({"id": answer.row, "forms": answer.suggest, "outcome": answer.outcome, "advice": answer.advice,
                         "label": scope.label, "sources": list(scope.sources)})
        answers[situation_key(sick, phase, fk, social, actors, index)] = [r["id"] for r in rows].index(answer.row)
    form_data = {}
    for slug, view in views.items():
        fields = [{"name": label, "text": view.fields[f].text, "scope": view.fields[f].scope["label"],
                   "sources": view.fields[f].scope["sources"]} for f, label in FORM_FIELDS.items()]
        form_data[slug] = {"name": view.name, "fields": fields}
        book.touch(*(claim_id(book.forms[slug].id, f) for f in FORM_FIELDS))
    optional = [a for a in book.actors if a not in ALWAYS_PRESENT and a != FK]
    return {
        "date": on.isoformat(),
        "phases": [[p.first_day, p.last_day, p.number] for p in book.phases if p.covers(on)],
        "actors": [{"slug": a, "name": book.actors[a].name} for a in optional],
        "rows": rows, "answers": answers, "forms": form_data, "parties": list(index),
        # Offered as a party only when involved, and then ticked (the reader may untick it).
        "socialParty": SOCIAL_SERVICES, "fkParty": FK,
        "consent": consent_data(on, book),
        "checklists": checklist_regions(on, book),
        "regions": {slug: r.name for slug, r in book.routines.items()},
        # The regions' own routines, which the reader can pick as theirs.
        "regional": [slug for slug, r in book.routines.items() if book.sources[r.source].place],
        "documents": {slug: book.document_of(r.latest) for slug, r in book.routines.items()},
        # The national routines (no region's): the checklist offered before the reader picks a region.
        "national": [slug for slug, r in book.routines.items() if not book.sources[r.source].place],
    }


def checklist_regions(on: date, book: Rulebook) -> dict[str, list[str]]:
    """Per meeting form, the routines that have a checklist for it on `on` (the guide links there)."""
    out: dict[str, list[str]] = {}
    for key, entry in checklist_data(on, book).items():
        region, form, _ = key.split("|")
        if "items" in entry and region not in out.setdefault(form, []):
            out[form].append(region)
    return out


def consent_data(on: date, book: Rulebook) -> dict:
    """Consent for every non-empty set of participants besides the patient and the care unit."""
    index = party_index(book)
    others = list(index)
    name = lambda slugs: [book.name_in_text(s) for s in slugs]  # noqa: E731  (they follow a colon)
    out = {}
    for n in range(1, len(others) + 1):
        for actors in combinations(others, n):
            try:
                answer = consent(list(actors), on, book=book)
            except PolicyError as exc:  # the consent rules' routine does not hold on the date
                out[actors_key(actors, index)] = {"error": for_staff(exc)}
                continue
            out[actors_key(actors, index)] = {
                "required": answer.consent_required, "limitedTo": answer.limited_to,
                "mustCover": name(answer.must_cover), "obtainedBy": name(answer.obtained_by),
                "fkOwn": answer.fk_own_consent,
                "label": answer.scope["label"], "sources": answer.scope["sources"]}
    return out


def _segments(book: Rulebook, rule_ids: list[str], routines, dated=()) -> list[tuple[date, date | None]]:
    """Stretches of dates on which none of the given values, routines or other dated items changes."""
    cuts = ({item.valid_from for item in dated if item.valid_from}
            | {item.valid_to + timedelta(days=1) for item in dated if item.valid_to})
    for rule_id in rule_ids:
        for p in book.rules[rule_id].periods:
            cuts.add(starts(p))
            if p.valid_to:
                cuts.add(p.valid_to + timedelta(days=1))
    # Every version's dates and every dated step in it: the invoice flow may change on any of them.
    for work in routines:
        for item in [*work.versions, *(s for v in work.versions for s in book.steps(v))]:
            cuts.add(starts(item))
            if item.valid_to:
                cuts.add(item.valid_to + timedelta(days=1))
    days = sorted(cuts)
    return [(start, (days[i + 1] - timedelta(days=1)) if i + 1 < len(days) else None)
            for i, start in enumerate(days)]


def for_staff(exc: Exception) -> str:
    """The module's message as staff read it in a guide: names, not rule IDs or command-line slugs
    ("Regeln arvode.forsta-timmen (Högsta arvode …)" reads "Högsta arvode …")."""
    if getattr(exc, "staff_message", None):
        return exc.staff_message
    text = re.sub(r"Regeln [a-z0-9-]+(?:\.[a-z0-9-]+)+ \(([^()]*)\)", lambda m: m.group(1)[0].upper() + m.group(1)[1:], str(exc))
    # An answer stands for a stretch of days; the day the reader picked is theirs, not its first.
    text = re.sub(r"gäller inte den \d{4}-\d{2}-\d{2}\.", "gäller inte den dagen.", text)
    return re.sub(r" \([a-z0-9-]+\)", "", text)


def fee_data(book: Rulebook) -> dict:
    """The fee per band of minutes for each stretch of dates, and each routine's invoice flow there."""
    with_flow = [r for r in book.routines.values() if any(v.invoice for v in r.versions)]
    invoice_rules = sorted({rid for r in with_flow for v in r.versions if v.invoice
                            for rid in (v.invoice.cost_center, v.invoice.ansvarsenhet_digits)})
    on_amount = [d for d in book.disagreements if set(d.rules) & set(AMOUNT_RULES)]
    # The values the notes on a routine's own amount show (the sides' claims; the handbook's settlement
    # is plain text), and what dates them: the stretches of dates are cut where any of them changes.
    own_rules = sorted({rid for d in on_amount for side in d.sides for rid, _ in placeholders(side.claim)}
                       - set(AMOUNT_RULES))
    own_routines = [r for r in book.routines.values() if r not in with_flow
                    and any(v.source in side.sources for v in r.versions for d in on_amount for side in d.sides)]
    segments = []
    first = None
    for start, end in _segments(book, AMOUNT_RULES + invoice_rules + own_rules, with_flow + own_routines, on_amount):
        first = first or start
        # The first stretch of undated values has no first day: the page compares it as "".
        segment = {"from": "" if start == date.min else start.isoformat(), "to": end.isoformat() if end else None}
        try:
            rows = fee_table(start, MAX_MEETING_MINUTES, book)
            segment["rows"] = [[r.from_minutes, min(r.to_minutes, MAX_MEETING_MINUTES), r.amount_sek,
                                _how(fee(r.from_minutes, start, book))] for r in rows]
            segment["notes"] = fee(1, start, book).notes
        except PolicyError as exc:
            segment["error"] = for_staff(exc)
        segment["invoice"] = {r.slug: _invoice(r.slug, start, book) for r in with_flow}
        segment["own"] = _own_amount(on_amount, start, book)
        segments.append(segment)
    early = None  # values that state no first day have nothing before them
    if first and first != date.min:
        try:
            fee(60, first - timedelta(days=1), book)
        except PolicyError as exc:
            early = for_staff(exc)
    return {"segments": segments, "before": early, "maxMinutes": MAX_MEETING_MINUTES,
            "regions": {r.slug: r.name for r in with_flow}}


def _own_amount(on_amount, on: date, book: Rulebook) -> dict[str, dict]:
    """Where a routine's own document gives the fee otherwise than the rules the guide counts with
    (a side of a disagreement on the amount that states it without them): that side, in the
    routine's words, and how the handbook settles it, for the readers of that routine."""
    own = {}
    for d in (d for d in on_amount if d.covers(on)):
        for side in d.sides:
            if {rule_id for rule_id, _ in placeholders(side.claim)} & set(AMOUNT_RULES):
                continue  # the side the guide counts by
            for work in book.routines.values():
                version = next((v for v in work.versions if v.covers(on)), None)
                if version and version.source in side.sources:
                    own[work.slug] = {"whose": book.sources[version.source].whose or version.name,
                                      "says": render(side.claim, book, on, lenient=True),
                                      "handbook": d.handbook, "number": d.number}
    return own


def _how(answer) -> str:
    kr = lambda n: format_value(n, "kr")  # noqa: E731
    if not answer.extra_periods:
        return kr(answer.first_period_sek)
    return f"{kr(answer.first_period_sek)} + {answer.extra_periods} × {kr(answer.extra_period_sek)}"


def _invoice(region: str, on: date, book: Rulebook) -> dict:
    """The invoice flow's fixed parts on a date (the doctor's name, unit and code are the reader's)."""
    try:
        routine = book.version(region, on)
        if routine.invoice is None:
            raise PolicyError(f"{routine.name}s rutin version {routine.version} beskriver inget fakturaflöde.")
        digits = int(book.value(routine.invoice.ansvarsenhet_digits, on))
        basis = invoice_basis(region, "0" * digits, "Läkaren", "Vårdenheten", 60, on, book)
    except PolicyError as exc:
        return {"error": for_staff(exc)}
    return {"routine": routine.name, "version": routine.version, "costCenter": basis.cost_center, "digits": digits,
            "payer": basis.payer, "vat": basis.vat,
            "steps": [{"who": s.who, "text": s.text} for s in basis.flow]}


def checklist_data(on: date, book: Rulebook, routines=None) -> dict:
    """Which routine × form × role has a checklist, and the module's message where none exists
    (for every routine, or the given ones)."""
    out = {}
    for region in routines or book.routines:
        for form in book.forms:
            for role in book.roles:
                key = f"{region}|{form}|{role}"
                try:
                    answer = checklist(form, region, role, on, book)
                    out[key] = {"items": len(answer.items)}
                except PolicyError as exc:
                    # For staff: names only, without the command line's slugs in brackets.
                    out[key] = {"error": for_staff(exc)}
    return out
