"""Errors that reach a user. Every message is Swedish and says what was wrong and what is allowed."""
from __future__ import annotations

from datetime import date


class PolicyError(ValueError):
    """Bad input or a question the rules cannot answer; the CLI prints it and exits 2."""


class DataError(PolicyError):
    """A rule file is broken; the message names the file and the field."""

    def __init__(self, path: str, field: str, problem: str):
        self.path, self.field, self.problem = path, field, problem
        super().__init__(f"Fel i regelfilen {path}, fält {field}: {problem}")


class OutsideValidity(PolicyError):
    """A date outside every period of a rule: never fall back to an older or newer value."""

    def __init__(self, what: str, on: date, periods: list[tuple[date, date | None]]):
        spans = ", ".join(format_span(a, b) for a, b in periods) or "ingen period"
        super().__init__(
            f"{what} gäller inte den {on.isoformat()}. "
            f"Giltighet: {spans}. Välj ett datum inom giltigheten."
        )


class UnknownSlug(PolicyError):
    """An unknown slug. The message lists the slugs one may type; `staff_message` lists the names
    (for pages and worked examples, where nobody types a slug)."""

    def __init__(self, kind: str, given: str, allowed: list[str], names: list[str] | None = None):
        import difflib

        self.staff_message = (f"Okänd {kind} ”{given}”. Välj bland: {', '.join(names)}." if names else None)

        near = difflib.get_close_matches(given, sorted(allowed), n=1, cutoff=0.6)
        hint = f" Menade du ”{near[0]}”?" if near else ""
        super().__init__(
            f"Okänd {kind} ”{given}”.{hint} Tillåtna värden: {', '.join(sorted(allowed))}."
        )


def format_span(start: date | None, end: date | None) -> str:
    """A validity span for readers. No start means the sources state none: say so, never invent one."""
    if start is None:
        return f"{f'till och med {end.isoformat()}' if end else 'tills vidare'} (ingen startdag angiven)"
    return f"{start.isoformat()} – {end.isoformat() if end else 'tills vidare'}"
