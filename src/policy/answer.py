"""The common shape of every answer: the result plus the rule IDs and sources behind it."""
from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from .errors import PolicyError
from .loader import load
from .rulebook import Rulebook


class Answer(BaseModel):
    model_config = ConfigDict(frozen=True)

    date: date
    rule_ids: list[str]
    sources: list[dict[str, str]]

    def explain(self) -> str:
        """Plain Swedish: which rules and sources the answer rests on."""
        lines = [f"Gäller {self.date.isoformat()}."]
        lines += [f"Källa: {s['title']}, avsnitt ”{s['section']}”." for s in self.sources]
        return "\n".join(lines)  # rule IDs are the reviewers': they are in rule_ids, not in the prose


def book_or_default(book: Rulebook | None) -> Rulebook:
    return book if book is not None else load()


def whole_number(value: object, what: str, low: int, high: int | None = None) -> int:
    """Accept only a real int (not a bool, float or text) inside [low, high]."""
    allowed = f"ett heltal från {low}" + (f" till {high}" if high is not None else " och uppåt")
    if isinstance(value, bool) or not isinstance(value, int):
        raise PolicyError(f"{what} ska vara {allowed}; fick ”{value}”.")
    if value < low or (high is not None and value > high):
        raise PolicyError(f"{what} ska vara {allowed}; fick {value}.")
    return value


def require_date(on: object) -> date:
    # A datetime is a date subclass, but a clock time has no meaning for the rules.
    if not isinstance(on, date) or isinstance(on, datetime):
        raise PolicyError(f"Datumet ska vara ett datum (ÅÅÅÅ-MM-DD); fick ”{on}”.")
    return on
