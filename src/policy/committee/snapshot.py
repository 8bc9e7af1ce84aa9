"""What the handbook shows, as flat text keyed by place: the outputs a rule change can alter.

`policy diff` compares two snapshots. Keys read as a path: table / row / column.
"""
from __future__ import annotations

from datetime import date

from ..checklist import checklist
from ..errors import PolicyError
from ..fee import fee_table
from ..loader import CLAIM_FIELDS
from ..meeting_forms import forms
from ..rulebook import Rulebook
from ..text import format_value

FIELD_NAMES = {"initiative": "Tar initiativ", "decides": "Beslutar", "convened_by": "Kallar",
               "chaired_by": "Leder mötet", "documented_by": "Dokumenterar", "must_attend": "Deltar alltid",
               "may_attend": "Kan delta", "compensation": "Ersättning", "timing": "När i sjukperioden"}


def rule_texts(book: Rulebook) -> dict[str, str]:
    """Every rule ID with its values, validity and sources, as one comparable line each."""
    out = {}
    for rule_id, item in book.index.items():
        if rule_id in book.rules:
            rule = book.rules[rule_id]
            out[rule_id] = " | ".join(_period(p, rule.unit) for p in rule.periods)
        elif isinstance(item, list):
            out[rule_id] = " / ".join(c.text for c in item)
        else:
            out[rule_id] = item.model_dump_json(exclude_none=True)
    return out


def _period(period, unit: str) -> str:
    end = period.valid_to.isoformat() if period.valid_to else "tills vidare"
    refs = ", ".join(f"{r.source} ”{r.section}”" for r in period.sources)
    return f"{format_value(period.value, unit)} ({period.valid_from.isoformat()} – {end}; {refs})"


def outputs(book: Rulebook, on: date) -> dict[str, dict[str, str]]:
    """Fee-table rows, checklist items and meeting-form cells as they show on `on`."""
    fee_rows = {}
    try:
        for row in fee_table(on, book=book):
            fee_rows[f"{row.from_minutes}–{row.to_minutes} minuter"] = format_value(row.amount_sek, "kr")
    except PolicyError as exc:
        fee_rows["(ingen tabell)"] = str(exc)
    items = {}
    for routine in book.routines.values():
        for form in book.forms.values():
            for role in book.roles.values():
                try:
                    answer = checklist(form.slug, routine.slug, role.slug, on, book)
                except PolicyError:
                    continue
                for item in answer.items:
                    items[f"{routine.name} · {form.name} · {role.name} · {item.rule_id}"] = item.text
    cells = {}
    for view in forms(on, book):
        for field in CLAIM_FIELDS:
            cells[f"{view.name} · {FIELD_NAMES[field]}"] = view.fields[field].text
        cells[f"{view.name} · Syften"] = " / ".join(view.purposes)
    return {"Arvodestabellen": fee_rows, "Checklistor": items, "Mötesformer": cells}
