"""Review dates: when each source, routine and rule is due for review, and what is overdue on a date.

A source with its own end date (Värmland's routine) is due on that date. Any other is due the
handbook's review interval after the handbook last checked it against the original (settings.yaml:
the handbook's own choice, not a source's). A publisher's "updated" date is an edit, not a review,
and does not move the due date. A rule is due when the first of its sources is due.
"""
from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel

from ..answer import book_or_default, require_date
from ..models import Routine, Source
from ..rulebook import Rulebook

LEVELS = {"utgangen": "Utgången", "forsenad": "Granskning försenad", "snart": "Ska granskas snart",
          "ok": "Granskad", "ej-borjat": "Gäller inte ännu"}


class ReviewStatus(BaseModel):
    level: str
    label: str
    checked: date
    due: date


class ReviewItem(BaseModel):
    kind: str  # "källa", "rutin" or "regel"
    id: str
    title: str
    status: ReviewStatus


def add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    target = date(day.year + year, month + 1, 1)
    last = (date(target.year + (target.month == 12), target.month % 12 + 1, 1) - timedelta(days=1)).day
    return target.replace(day=min(day.day, last))


def due_date(source: Source, book: Rulebook) -> date:
    if source.valid_to:
        return source.valid_to
    return add_months(source.checked, book.settings.review.interval_months)


def source_status(source: Source, on: date, book: Rulebook | None = None) -> ReviewStatus:
    book = book_or_default(book)
    due = due_date(source, book)
    warn = timedelta(days=book.settings.review.notice_days)
    if on < source.valid_from:
        level, text = "ej-borjat", f"gäller från {source.valid_from.isoformat()}"
    elif source.valid_to and on > source.valid_to:
        level, text = "utgangen", f"gällde till {source.valid_to.isoformat()}"
    elif on > due:
        level, text = "forsenad", f"skulle ha granskats senast {due.isoformat()}"
    elif due - on <= warn:
        level, text = "snart", f"ska granskas senast {due.isoformat()}"
    else:
        level, text = "ok", f"nästa granskning senast {due.isoformat()}"
    label = f"{LEVELS[level]}: {text} (handboken jämförde senast med källan {source.checked.isoformat()})."
    return ReviewStatus(level=level, label=label, checked=source.checked, due=due)


def review_status(routine: Routine, on: date, book: Rulebook | None = None) -> ReviewStatus:
    book = book_or_default(book)
    return source_status(book.sources[routine.source], on, book)


def review(on: date, book: Rulebook | None = None) -> list[ReviewItem]:
    """Everything that is expired, overdue or due soon on `on`: sources, routines, then rules."""
    book = book_or_default(book)
    on = require_date(on)
    status = {s.id: source_status(s, on, book) for s in book.sources.values()}
    flagged = {"utgangen", "forsenad", "snart"}
    items = [ReviewItem(kind="källa", id=s.id, title=f"{s.organisation}: {s.title}", status=status[s.id])
             for s in book.sources.values() if status[s.id].level in flagged and not s.superseded_by]
    items += [ReviewItem(kind="rutin", id=r.slug, title=r.title, status=status[r.source])
              for r in book.routines.values() if status[r.source].level in flagged]
    for rule in book.rules.values():
        current = rule.periods[-1]
        live = [ref.source for ref in current.sources if not book.sources[ref.source].superseded_by]
        if not live:
            continue
        worst = min((status[s] for s in live), key=lambda st: st.due)
        if worst.level in flagged:
            items.append(ReviewItem(kind="regel", id=rule.id, title=rule.title, status=worst))
    return items


def is_blocking(items: list[ReviewItem]) -> bool:
    return any(item.status.level in ("utgangen", "forsenad") for item in items)


def owner(routine: Routine) -> str:
    """Who owns a routine, as its own header says."""
    for field in routine.metadata:
        if field.label in ("Dokumentägare", "Innehållsansvarig", "Framtagen av"):
            return field.value
    return "anges inte i rutinen"


def markdown(items: list[ReviewItem], on: date, book: Rulebook | None = None) -> str:
    """What is expired, overdue or due soon, in Swedish Markdown for an issue: by routine and owner,
    then the sources and rules that no routine covers."""
    book = book_or_default(book)
    lines = [f"# Granskning av handbokens källor den {on.isoformat()}", ""]
    if not items:
        return "\n".join(lines + [f"Inget är utgånget, försenat eller ska granskas inom "
                                   f"{book.settings.review.notice_days} dagar.", ""])
    lines += ["Handbokens egen inställning: en källa utan slutdatum granskas senast "
              f"{book.settings.review.interval_months} månader efter att handboken senast jämförde med den.", ""]
    done: set[str] = set()
    for routine in sorted(book.routines.values(), key=lambda r: r.name):
        mine = [i for i in items if (i.kind == "rutin" and i.id == routine.slug)
                or (i.kind == "källa" and i.id == routine.source)
                or (i.kind == "regel" and book.files.get(i.id) and book.files[i.id].stem == routine.slug)]
        if not mine:
            continue
        lines += [f"## {routine.name} – ägare: {owner(routine)}", ""]
        for i in mine:
            lines.append(f"- **{i.kind}** {i.title} (`{i.id}`): {i.status.label}")
            done.add(f"{i.kind}:{i.id}")
        lines.append("")
    rest = [i for i in items if f"{i.kind}:{i.id}" not in done]
    if rest:
        lines += ["## Övriga källor och regler", ""]
        lines += [f"- **{i.kind}** {i.title} (`{i.id}`): {i.status.label}" for i in rest]
        lines.append("")
    return "\n".join(lines)
