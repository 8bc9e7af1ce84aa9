"""The doctor's fee for an avstämningsmöte (rules arvode.*): a first period, then each begun period."""
from __future__ import annotations

from datetime import date

from .answer import Answer, book_or_default, require_date, whole_number
from .rulebook import Rulebook
from .text import format_value

# Not a rule from the sources: a bound on sensible input, since no meeting lasts longer than a day.
MAX_MEETING_MINUTES = 24 * 60
# How far the published fee table reaches: three hours, beyond the longest meeting in the sources' examples.
FEE_TABLE_MINUTES = 180
AMOUNT_RULES = ["arvode.forsta-timmen", "arvode.forsta-perioden", "arvode.paborjad-halvtimme", "arvode.halvtimme"]
NOTE_RULES = ["arvode.villkor", "arvode.forberedelse", "arvode.betalare", "arvode.faktureras", "arvode.patientavgift",
              "arvode.moms"]


class Fee(Answer):
    minutes: int
    amount_sek: int
    first_period_sek: int
    extra_periods: int
    extra_period_sek: int
    notes: list[str]


class FeeRow(Answer):
    from_minutes: int
    to_minutes: int
    amount_sek: int


def _parts(on: date, book: Rulebook) -> tuple[int, int, int, int]:
    return tuple(book.value(rule_id, on) for rule_id in AMOUNT_RULES)  # type: ignore[return-value]


def fee(minutes: int, on: date, book: Rulebook | None = None) -> Fee:
    """Highest fee for a meeting the doctor attended for `minutes` (arvode.forsta-timmen ff.)."""
    book = book_or_default(book)
    on = require_date(on)
    minutes = whole_number(minutes, "Mötestiden i minuter", 1, MAX_MEETING_MINUTES)
    first_sek, first_min, extra_sek, extra_min = _parts(on, book)
    extra = max(0, -(-(minutes - first_min) // extra_min))  # ceiling: every begun period counts
    rule_ids = AMOUNT_RULES + NOTE_RULES
    return Fee(
        date=on, minutes=minutes, amount_sek=first_sek + extra * extra_sek,
        first_period_sek=first_sek, extra_periods=extra, extra_period_sek=extra_sek,
        notes=[book.note(r, on) for r in NOTE_RULES],
        rule_ids=rule_ids, sources=book.sources_of(rule_ids, on),
    )


def fee_table(on: date, up_to_minutes: int = FEE_TABLE_MINUTES, book: Rulebook | None = None) -> list[FeeRow]:
    """One row per interval of meeting length that pays the same, up to `up_to_minutes`."""
    book = book_or_default(book)
    on = require_date(on)
    up_to_minutes = whole_number(up_to_minutes, "Tabellens längsta mötestid i minuter", 1, MAX_MEETING_MINUTES)
    first_min, extra_min = book.value(AMOUNT_RULES[1], on), book.value(AMOUNT_RULES[3], on)
    rows, start, end = [], 1, first_min
    while start <= up_to_minutes:
        answer = fee(min(end, MAX_MEETING_MINUTES), on, book)
        rows.append(FeeRow(date=on, from_minutes=start, to_minutes=end, amount_sek=answer.amount_sek,
                           rule_ids=AMOUNT_RULES, sources=book.sources_of(AMOUNT_RULES, on)))
        start, end = end + 1, end + extra_min
    return rows


def describe(answer: Fee, book: Rulebook | None = None) -> str:
    """One Swedish sentence on how the amount was reached."""
    kr = lambda n: format_value(n, "kr")  # noqa: E731
    if answer.extra_periods == 0:
        return f"{answer.minutes} minuter ger högst {kr(answer.amount_sek)} (första perioden)."
    return (f"{answer.minutes} minuter ger högst {kr(answer.amount_sek)}: {kr(answer.first_period_sek)} "
            f"för första perioden och {answer.extra_periods} × {kr(answer.extra_period_sek)} för "
            f"påbörjade perioder därefter.")
