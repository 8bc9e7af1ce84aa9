"""What changed between two versions of a routine, in short Swedish lines: for the routine page's
"Tidigare versioner", the pull-request report and the PDF. Computed from the data, never written."""
from __future__ import annotations

import difflib
import re
from datetime import date

from .errors import format_span
from .models import Routine, Step, starts
from .rulebook import Rulebook
from .text import render, values_now


def _words(text: str) -> list[str]:
    return re.findall(r"\S+", text)


def word_change(old: str, new: str) -> str:
    """The changed words only: ”internpost → elektroniskt”; several changes joined by ”; ”."""
    a, b = _words(old), _words(new)
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        before, after = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        parts.append(f"{before} → {after}" if before and after else f"tillagt: {after}" if after else f"borttaget: {before}")
    return "; ".join(parts)


def _steps_on(book: Rulebook, version: Routine, on: date) -> dict[str, tuple[str, Step]]:
    """Each step ID with its stage title and the step as it reads on `on` (or at the version's start)."""
    out = {}
    for stage in version.stages:
        for step in stage.steps:
            if step.id not in out or step.covers(on):
                out[step.id] = (stage.title, step)
    return out


def changes(book: Rulebook, old: Routine | None, new: Routine, old_book: Rulebook | None = None) -> list[str]:
    """What `new` changed compared with `old`: steps added, removed or reworded, owner, approver and
    invoice flow. Texts are compared with their values filled in on each version's first day (values,
    not a page's marks: the words are compared). With `old_book`, `old` is read from there (the same
    version before and after a pull request)."""
    with values_now():
        return _changes(book, old, new, old_book)


def _changes(book: Rulebook, old: Routine | None, new: Routine, old_book: Rulebook | None) -> list[str]:
    if old is None:
        return ["Första versionen i handboken."]
    old_book = old_book or book
    out = []
    same = old.version == new.version  # one version before and after a change, not two versions
    if same and (old.valid_from, old.valid_to) != (new.valid_from, new.valid_to):
        out.append(f"Ny giltighet: {_span(new)} (tidigare {_span(old)}).")
    if same and (old.status != new.status or old.decision != new.decision):
        out.append("Fastställd" + (f" {new.decision.date.isoformat()} ({new.decision.body}, {new.decision.protocol})."
                                   if new.decision else ".") if new.status == "fastställd" else "Utkast, inte fastställd.")
    if new.approver != old.approver:
        out.append(f"Ny fastställare: {new.approver or 'anges inte'} (tidigare {old.approver or 'inte angiven'}).")
    if new.owner != old.owner:
        out.append(f"Ny dokumentägare: {new.owner or 'anges inte'} (tidigare {old.owner or 'inte angiven'}).")
    if new.title != old.title:
        out.append(f"Ny titel: {new.title}.")
    old_day, new_day = first_day(old), first_day(new)
    before, after = _steps_on(old_book, old, old_day), _steps_on(book, new, new_day)
    for step_id, (stage, step) in after.items():
        if step_id not in before:
            out.append(f"Nytt steg under ”{stage}”: {render(step.text, book, new_day, lenient=True)}")
            continue
        # Compared as written (placeholders unfilled), so a value that merely differs between the two
        # dates is not a changed step; shown with the values of the new version's first day.
        if before[step_id][1].text != step.text:
            old_text = render(before[step_id][1].text, book, new_day, lenient=True)
            new_text = render(step.text, book, new_day, lenient=True)
            out.append(f"Steg ändrat under ”{stage}” ({word_change(old_text, new_text)}).")
        elif set(step.roles) != set(before[step_id][1].roles) or set(step.forms) != set(before[step_id][1].forms):
            out.append(f"Steg under ”{stage}” gäller nu andra roller eller mötesformer.")
    for step_id, (stage, step) in before.items():
        if step_id not in after:
            out.append(f"Steg borttaget under ”{stage}”: {render(step.text, old_book, old_day, lenient=True)}")
    if (old.invoice and old.invoice.steps) != (new.invoice and new.invoice.steps):
        out.append("Fakturaflödet har andra steg.")
    return out or (["Inget annat ändrat."] if same else ["Samma steg som versionen före."])


def _span(version: Routine) -> str:
    return format_span(version.valid_from, version.valid_to)


def first_day(version: Routine) -> date:
    """The day a version's values are read on when it is described as a whole: its first day, or for
    an undated first version the earliest day (its steps state no start either)."""
    return starts(version)


def dated_step_changes(book: Rulebook, version: Routine) -> list[tuple[date, str]]:
    """Steps that change inside one version from a date: (the date, what changed, in values)."""
    with values_now():
        return _dated_step_changes(book, version)


def _dated_step_changes(book: Rulebook, version: Routine) -> list[tuple[date, str]]:
    out = []
    for stage in version.stages:
        same = {}
        for step in stage.steps:
            same.setdefault(step.id, []).append(step)
        for steps in same.values():
            steps.sort(key=starts)
            for a, b in zip(steps, steps[1:]):
                old_text = render(a.text, book, a.valid_to, lenient=True)
                new_text = render(b.text, book, b.valid_from, lenient=True)
                out.append((b.valid_from, f"Steg ändrat under ”{stage.title}” ({word_change(old_text, new_text)})."))
    return sorted(out)


def summary(book: Rulebook, version: Routine) -> str:
    """One line for the report: ”Region Värmland version 2 från 2028-04-10: …”."""
    work = book.routine(version.slug)
    lines = changes(book, work.previous(version), version)
    if version.changes:
        lines = [version.changes.rstrip(".") + ".", *lines]
    state = "utkast" if version.status == "utkast" else "fastställd"
    when = f"från {version.valid_from.isoformat()}" if version.valid_from else "utan angiven startdag"
    return (f"{version.name} version {version.version} ({state}) {when}: "
            + " ".join(lines))
