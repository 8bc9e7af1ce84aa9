"""Placeholders in rule texts: {rule.id} shows the rule's value on a date, {rule.id:tal} the bare number.

Texts in the data name values by rule ID instead of repeating them, so a changed amount or code
reaches every step, checklist and page that mentions it.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import contextmanager
from typing import TYPE_CHECKING

from .rulebook import framed

if TYPE_CHECKING:
    from datetime import date

    from .rulebook import Rulebook

PLACEHOLDER = re.compile(r"\{([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::([a-z]+))?\}")
FORMATS = {None, "tal"}
# While the handbook's pages are read: gives the mark a page shows for a value and fills in as it is
# written (sphinxext/later.py), or None where the value must be read now.
LATER: list[Callable[[Rulebook, str, object, bool], str | None]] = []


def placeholders(text: str) -> list[tuple[str, str | None]]:
    return [(m.group(1), m.group(2)) for m in PLACEHOLDER.finditer(text)]


def format_value(value: int | str, unit: str, bare: bool = False) -> str:
    if isinstance(value, int):
        number = f"{value:,}".replace(",", "\u00a0")
        if bare or unit in ("siffror",):
            return number
        return f"{number}\u00a0{'kr' if unit == 'kr' else unit}"
    return str(value)


@contextmanager
def values_now():
    """Values, not marks, while a page is read: for text that is compared or indexed as it is read
    (what changed between two versions of a step, a code's search entry)."""
    saved = LATER[:]
    LATER.clear()
    try:
        yield
    finally:
        LATER[:] = saved


def render(text: str, book: Rulebook, on: date, lenient: bool = False) -> str:
    """Fill every placeholder with the value in force on `on`. Outside every period it is an error,
    or, with `lenient` (pages, which must build on any date), the nearest value marked as ended or
    still to come – never shown as if it held."""

    def fill(match: re.Match) -> str:
        rule_id, fmt = match.group(1), match.group(2)
        if LATER:  # a page being read: a number it shows is filled in as it is written
            with framed():  # which period, or that none holds, follows from the dates alone
                period, state = book.period_near(rule_id, on) if lenient else (book.period(rule_id, on), "gäller")
                marked = LATER[-1](book, rule_id, period, fmt == "tal")
            if marked is not None:
                return marked + state_note(period, state)
        with framed(False):  # the value is read now, even where the caller reads only frames
            rule = book.rules[rule_id]
            if not lenient:
                return format_value(book.value(rule_id, on), rule.unit, bare=fmt == "tal")
            period, state = book.period_near(rule_id, on)
        shown = format_value(period.value, rule.unit, bare=fmt == "tal")
        return shown + state_note(period, state)

    return PLACEHOLDER.sub(fill, text)


def state_note(period, state: str) -> str:
    """" (gällde till …)" or " (gäller från …)" for a value shown outside its period; "" inside it."""
    if state == "gällde":
        return f" (gällde till {period.valid_to.isoformat()})"
    if state == "kommer":
        return f" (gäller från {period.valid_from.isoformat()})"
    return ""
