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
    """Every rule ID with its values, validity and sources, as one comparable line each (a step with
    every version of it): what the build's fingerprints compare."""
    out = {}
    for rule_id, item in book.index.items():
        if rule_id in book.step_versions:
            out[rule_id] = " | ".join(s.model_dump_json(exclude_none=True) for s in book.step_versions[rule_id])
        elif rule_id in book.rules:
            rule = book.rules[rule_id]
            out[rule_id] = " | ".join(_period(p, rule.unit) for p in rule.periods)
        elif isinstance(item, list):
            out[rule_id] = " / ".join(c.text for c in item)
        else:
            out[rule_id] = item.model_dump_json(exclude_none=True)
    return out


def comparable_texts(book: Rulebook) -> dict[str, str]:
    """What a rule change is compared by (`policy diff`, changelog-check): every value, field and row
    by rule ID, each routine version's header as `slug@N` and each step of it as `step-id@N`.
    An end that only follows from a source's end is written as such, so a renewal that lengthens a
    routine does not read as a change to every value resting on it."""
    out = {}
    for rule_id, item in book.index.items():
        if rule_id in book.step_versions:
            continue
        if rule_id in book.rules:
            rule = book.rules[rule_id]
            out[rule_id] = " | ".join(_period(p, rule.unit, derived=True) for p in rule.periods)
        elif isinstance(item, list):
            out[rule_id] = " / ".join(c.text for c in item)
        else:
            text = item.model_dump_json(exclude_none=True)
            for end in _source_ends(book, item):
                text = text.replace(f'"valid_to":"{end}"', '"valid_to":"källans slut"')
            out[rule_id] = text
    for slug, work in book.routines.items():
        for version in work.versions:
            edges = {version.valid_from, version.valid_to}
            out[f"{slug}@{version.version}"] = version.model_dump_json(exclude={"stages"}, exclude_none=True)
            for step in book.steps(version):
                dates = {k: getattr(step, k) for k in ("valid_from", "valid_to") if getattr(step, k) not in edges}
                key = f"{step.id}@{version.version}"
                text = step.model_copy(update={"valid_from": None, "valid_to": None}).model_dump_json(exclude_none=True)
                out[key] = (out[key] + " | " if key in out else "") + text + (f" {dates}" if dates else "")
    return out


def _source_ends(book: Rulebook, item) -> set[str]:
    """The end dates of the sources an item (or any of its fields) cites."""
    refs = [r for claim in ([item.summary, *(getattr(item, f) for f in CLAIM_FIELDS), *item.purposes]
                            if hasattr(item, "purposes") else [item]) for r in getattr(claim, "sources", [])]
    return {book.sources[r.source].valid_to.isoformat() for r in refs
            if r.source in book.sources and book.sources[r.source].valid_to}


def split_key(key: str) -> tuple[str, int | None]:
    """`varmland.telefon@2` -> ("varmland.telefon", 2); a rule ID -> (rule ID, None)."""
    name, _, version = key.partition("@")
    return name, int(version) if version else None


def _period(period, unit: str, derived: bool = False) -> str:
    if derived and period.ends_with_source:
        end = "källans slut"
    else:
        end = period.valid_to.isoformat() if period.valid_to else "tills vidare"
    refs = ", ".join(f"{r.source} ”{r.section}”" for r in period.sources)
    start = period.valid_from.isoformat() if period.valid_from else "ingen startdag"
    return f"{format_value(period.value, unit)} ({start} – {end}; {refs})"


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
                items[f"{routine.name} · {form.name} · {role.name}"] = f"{len(answer.items)} punkter"
    cells = {}
    for view in forms(on, book):
        for field in CLAIM_FIELDS:
            cells[f"{view.name} · {FIELD_NAMES[field]}"] = view.fields[field].text
        cells[f"{view.name} · Syften"] = " / ".join(view.purposes)
    return {"Arvodestabellen": fee_rows, "Checklistor": items, "Mötesformer": cells}
