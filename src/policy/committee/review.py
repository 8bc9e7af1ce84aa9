"""Review: what is expired, overdue, out of date or never reviewed, and recording that a review was done.

Three dates are kept apart:
- `checked`: when the handbook last compared its own text with the source (the handbook's work);
- `edited`: when the source's owner last revised it, where the source says so (the owner's work);
- a recorded review (reviews/*.yaml, written by `policy review record`): someone named went through
  the source and the handbook's restatement of it. Only this makes a source "Granskad".

A source is due for review at its own end date, or the review interval (settings.yaml, the handbook's
own choice) after its last recorded review, else after the handbook's last comparison. A source whose
owner last revised it longer ago than the interval is flagged as possibly out of date.
"""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import yaml
from pydantic import BaseModel

from ..answer import book_or_default, require_date
from ..errors import PolicyError
from ..models import ReviewRecord, Source
from ..rulebook import RoutineWork, Rulebook

LEVELS = {"utgangen": "Utgången", "forsenad": "Granskning försenad", "inaktuell": "Kan vara inaktuell",
          "snart": "Ska granskas snart", "ej-granskad": "Inte granskad", "ok": "Granskad",
          "ej-borjat": "Gäller inte ännu", "kallan-utgangen": "Källan har gått ut"}
# What `policy review` lists, and what the weekly issue reports.
FLAGGED = ("utgangen", "forsenad", "inaktuell", "snart", "ej-granskad")


class ReviewStatus(BaseModel):
    level: str
    label: str
    checked: date
    due: date
    reviewed: date | None = None


class ReviewItem(BaseModel):
    kind: str  # "källa" or "faktum"
    id: str
    title: str
    owner: str
    status: ReviewStatus


def add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    target = date(day.year + year, month + 1, 1)
    last = (date(target.year + (target.month == 12), target.month % 12 + 1, 1) - timedelta(days=1)).day
    return target.replace(day=min(day.day, last))


def last_review(source: Source, on: date, book: Rulebook) -> ReviewRecord | None:
    done = [r for r in book.reviews if r.source == source.id and r.date <= on]
    return max(done, key=lambda r: r.date) if done else None


def due_date(source: Source, book: Rulebook, on: date | None = None) -> date:
    record = last_review(source, on or date.max, book)
    due = add_months(record.date if record else source.checked, book.settings.review.interval_months)
    return min(due, source.valid_to) if source.valid_to else due


def source_status(source: Source, on: date, book: Rulebook | None = None) -> ReviewStatus:
    book = book_or_default(book)
    record = last_review(source, on, book)
    due = due_date(source, book, on)
    interval = book.settings.review.interval_months
    warn = timedelta(days=book.settings.review.notice_days)
    # The interval is the handbook's own setting, not a source's: said so wherever it sets a date.
    basis = ("" if source.valid_to and due == source.valid_to
             else f" enligt handbokens granskningsintervall ({interval} månader)")
    if source.valid_from and on < source.valid_from:
        level, text = "ej-borjat", f"gäller från {source.valid_from.isoformat()}"
    elif source.valid_to and on > source.valid_to:
        level, text = "utgangen", f"gällde till {source.valid_to.isoformat()}"
    elif on > due:
        level, text = "forsenad", f"skulle ha granskats senast {due.isoformat()}"
    elif source.edited and on > add_months(source.edited, interval):
        level, text = "inaktuell", (f"utgivaren ändrade texten senast {source.edited.isoformat()}, för mer än "
                                    f"{interval} månader sedan (handbokens gräns); kontrollera att den fortfarande gäller")
    elif due - on <= warn:
        level, text = "snart", f"ska granskas senast {due.isoformat()}"
    elif record is None:
        level, text = "ej-granskad", f"ingen granskning registrerad; nästa senast {due.isoformat()}{basis}"
    else:
        level, text = "ok", f"{record.date.isoformat()} av {record.by}; nästa senast {due.isoformat()}{basis}"
    label = f"{LEVELS[level]}: {text} (handboken jämförde senast sin text med källan {source.checked.isoformat()})."
    return ReviewStatus(level=level, label=label, checked=source.checked, due=due,
                        reviewed=record.date if record else None)


def review_status(work: RoutineWork, on: date, book: Rulebook | None = None) -> ReviewStatus:
    book = book_or_default(book)
    return source_status(book.sources[work.source], on, book)


def owner_of(source: Source, book: Rulebook) -> str:
    """Who owns a source: a routine's owner as its version in force says, else the organisation."""
    for work in book.routines.values():
        if work.source == source.id:
            return work.latest.owner or work.latest.organisation
    return source.organisation


def owner(work: RoutineWork) -> str:
    return work.latest.owner or "anges inte i rutinen"


def expired_facts(on: date, book: Rulebook) -> list[ReviewItem]:
    """Facts whose every source has ended: they still stand, but their evidence must be renewed."""
    out = []
    for rule in book.rules.values():
        if not rule.fact:
            continue
        period = next((p for p in rule.periods if p.covers(on)), None)
        if period is None:
            continue
        sources = [book.sources[r.source] for r in period.sources]
        if all(s.valid_to and s.valid_to < on for s in sources):
            last = max(s.valid_to for s in sources)
            status = ReviewStatus(level="kallan-utgangen", checked=max(s.checked for s in sources), due=last,
                                  label=f"{LEVELS['kallan-utgangen']}: källan gällde till {last.isoformat()}; "
                                        "faktumet står kvar tills någon har bekräftat det mot en gällande källa.")
            out.append(ReviewItem(kind="faktum", id=rule.id, title=rule.title,
                                  owner=owner_of(sources[0], book), status=status))
    return out


def review(on: date, book: Rulebook | None = None) -> list[ReviewItem]:
    """Everything to review on `on`: sources expired, overdue, out of date, due soon or never
    reviewed, then facts whose evidence has expired."""
    book = book_or_default(book)
    on = require_date(on)
    items = []
    for src in book.sources.values():
        if src.superseded_by:
            continue
        status = source_status(src, on, book)
        if status.level in FLAGGED:
            items.append(ReviewItem(kind="källa", id=src.id, title=f"{src.organisation}: {src.title}",
                                    owner=owner_of(src, book), status=status))
    return items + expired_facts(on, book)


def is_blocking(items: list[ReviewItem]) -> bool:
    return any(item.status.level in ("utgangen", "forsenad") for item in items)


def markdown(items: list[ReviewItem], on: date, book: Rulebook | None = None) -> str:
    """What to review, in Swedish Markdown for the weekly issue: one item per owner, with that
    owner's sources and facts under it, and how to record a review."""
    book = book_or_default(book)
    lines = [f"# Granskning av handbokens källor den {on.isoformat()}", ""]
    if not items:
        return "\n".join(lines + ["Inget att granska: allt är granskat och inget går ut inom "
                                  f"{book.settings.review.notice_days} dagar.", ""])
    lines += [f"Handbokens egen inställning: varje källa granskas minst var {book.settings.review.interval_months}:e "
              "månad. En granskning räknas när den är registrerad: "
              "`policy review-record --source ID --by \"Namn, roll\" --what \"Vad som gjordes\"`.", ""]
    by_owner: dict[str, list[ReviewItem]] = {}
    for item in items:
        by_owner.setdefault(item.owner, []).append(item)
    for name in sorted(by_owner):
        mine = by_owner[name]
        lines.append(f"- [ ] **{name}** ({len(mine)} att granska)")
        lines += [f"  - {i.kind} {i.title} (`{i.id}`): {i.status.label}" for i in mine]
    return "\n".join(lines + [""])


def record(source_id: str, by: str, what: str, on: date, book: Rulebook | None = None,
           folder: Path | None = None) -> Path:
    """Write a review record (reviews/ÅÅÅÅ-MM-DD-<källa>.yaml) and return its path."""
    from ..loader import data_dir

    book = book_or_default(book)
    on = require_date(on)
    if source_id in book.routines:
        source_id = book.routines[source_id].source
    if source_id not in book.sources:
        from ..errors import UnknownSlug
        raise UnknownSlug("källa", source_id, [*book.sources, *book.routines])
    for name, value in (("--by", by), ("--what", what)):
        if not value or not value.strip():
            raise PolicyError(f"{name} får inte vara tomt: säg vem som granskade (namn och roll) och vad som gjordes.")
    folder = folder or data_dir() / "reviews"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{on.isoformat()}-{source_id}.yaml"
    if path.exists():
        raise PolicyError(f"Det finns redan en granskning av {source_id} den {on.isoformat()} ({path.name}).")
    body = {"source": source_id, "date": on.isoformat(), "by": by.strip(), "what": what.strip()}
    path.write_text("# yaml-language-server: $schema=../schemas/review.schema.json\n"
                    + yaml.safe_dump(body, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
