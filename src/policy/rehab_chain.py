"""Rehabiliteringskedjan (rules rehabkedjan.fas-*): which phase a day of the sick-leave period is in."""
from __future__ import annotations

from datetime import date

from .answer import Answer, book_or_default, require_date, whole_number
from .errors import OutsideValidity
from .models import RehabPhase
from .rulebook import Rulebook


class PhaseAnswer(Answer):
    day: int
    phase: int
    first_day: int
    last_day: int | None
    assessed_against: str
    exceptions: list[str]
    next_phase_starts: int | None


def phase_of(day: int, on: date, book: Rulebook | None = None) -> RehabPhase:
    book = book_or_default(book)
    for phase in book.phases:
        if phase.first_day <= day and (phase.last_day is None or day <= phase.last_day):
            book.touch(phase.id)
            if not phase.covers(on):
                raise OutsideValidity(f"Fas {phase.number} i rehabiliteringskedjan ({phase.id})", on,
                                      [(phase.valid_from, phase.valid_to)])
            return phase
    raise AssertionError("phases are contiguous from day 1 and open-ended; checked at load")


def rehab_phase(day: int, on: date, book: Rulebook | None = None) -> PhaseAnswer:
    """The phase for sick-leave day `day` and what work capacity is assessed against in it."""
    book = book_or_default(book)
    on = require_date(on)
    day = whole_number(day, "Dagen i sjukperioden", 1)
    phase = phase_of(day, on, book)
    return PhaseAnswer(
        date=on, day=day, phase=phase.number, first_day=phase.first_day, last_day=phase.last_day,
        assessed_against=phase.assessed_against, exceptions=list(phase.exceptions),
        next_phase_starts=phase.last_day + 1 if phase.last_day else None,
        rule_ids=[phase.id], sources=book.cite(phase.sources),
    )
