"""Decision table (rules beslutstabell.*): which meeting forms fit a situation. Hit policy: unique."""
from __future__ import annotations

from datetime import date
from itertools import chain, combinations

from pydantic import BaseModel, ConfigDict, ValidationError

from .answer import Answer, book_or_default, require_date, whole_number
from .consent import ALWAYS_PRESENT, FK
from .errors import PolicyError
from .models import DecisionRow
from .rehab_chain import phase_of
from .rulebook import Rulebook
from .text import render


class Situation(BaseModel):
    # Strict: "30" or True is not a day; the Swedish checks below must see what was given.
    model_config = ConfigDict(frozen=True, strict=True)

    sick_listed: bool
    day: int | None = None
    fk_coordination: bool
    social_services: bool
    actors: frozenset[str] = frozenset()

    def __init__(self, **data):
        try:
            super().__init__(**data)
        except ValidationError as exc:
            field = str(exc.errors()[0]["loc"][0])
            raise PolicyError(f"{_SITUATION_FIELDS.get(field, field)}; fick ”{data.get(field)}”.") from None


_SITUATION_FIELDS = {
    "sick_listed": "Om patienten är sjukskriven ska anges som True eller False",
    "day": "Dagen i sjukperioden ska vara ett heltal från 1",
    "fk_coordination": "Om Försäkringskassan behöver samordna ska anges som True eller False",
    "social_services": "Om socialtjänsten är inblandad ska anges som True eller False",
    "actors": "Aktörerna ska anges som en frozenset med sluggar",
}


class Suggestion(Answer):
    situation: Situation
    phase: int | None
    actor_class: str
    row: str
    suggest: list[str]
    names: list[str]
    advice: str

    @property
    def outcome(self) -> str:
        """The suggestion as staff read it: "Avstämningsmöte och gemensam kartläggning" (a form's
        name after the first is a common noun inside the sentence)."""
        if not self.names:
            return "Ingen mötesform behövs just nu."
        words = [self.names[0], *(n[0].lower() + n[1:] for n in self.names[1:])]
        return " och ".join(words)


def actor_class(actors: frozenset[str]) -> str:
    if not actors:
        return "inga"
    if actors == {"arbetsgivare"}:
        return "endast-arbetsgivare"
    if "arbetsformedlingen" in actors:
        return "med-arbetsformedlingen"
    return "andra"


def check(situation: Situation, book: Rulebook) -> None:
    if situation.sick_listed and situation.day is None:
        raise PolicyError("Ange vilken dag i sjukperioden patienten är på (ett heltal från 1).")
    if not situation.sick_listed and situation.day is not None:
        raise PolicyError("En dag i sjukperioden kan bara anges när patienten är sjukskriven.")
    if situation.day is not None:
        whole_number(situation.day, "Dagen i sjukperioden", 1)
    for slug in situation.actors:
        book.actor(slug)
        if slug in ALWAYS_PRESENT or slug == FK:
            raise PolicyError(f"”{slug}” anges inte som aktör här: patienten och vården är alltid med, "
                              "och Försäkringskassans del anges som behov av samordning.")


def matching_rows(book: Rulebook, sick: bool, phase: int | None, fk: bool, social: bool, cls: str) -> list[DecisionRow]:
    return [r for r in book.decision_rows
            if sick in r.when.sick_listed and phase in r.when.phase and fk in r.when.fk_coordination
            and social in r.when.social_services and cls in r.when.actors]


def suggest(situation: Situation, on: date, book: Rulebook | None = None) -> Suggestion:
    """The unique decision-table row for the situation, with its advice."""
    book = book_or_default(book)
    on = require_date(on)
    if not isinstance(situation, Situation):
        raise PolicyError(f"Situationen ska vara en policy.decision.Situation; fick ”{situation}”.")
    check(situation, book)
    phase = phase_of(situation.day, on, book) if situation.day is not None else None
    cls = actor_class(situation.actors)
    rows = matching_rows(book, situation.sick_listed, phase.number if phase else None,
                         situation.fk_coordination, situation.social_services, cls)
    if len(rows) != 1:
        raise PolicyError(f"Beslutstabellen ger {len(rows)} svar för situationen; den ska ge exakt ett. "
                          "Hör av dig till försäkringsmedicinska kommittén.")
    row = rows[0]
    book.touch(row.id)
    book.require_valid(f"Raden {row.id} i beslutstabellen", row, on)
    rule_ids = [row.id] + ([phase.id] if phase else [])
    return Suggestion(date=on, situation=situation, phase=phase.number if phase else None, actor_class=cls,
                      row=row.id, suggest=row.suggest, names=[book.form(f).name for f in row.suggest],
                      advice=render(row.advice, book, on), rule_ids=rule_ids, sources=book.sources_of(rule_ids, on))


def input_space(book: Rulebook | None = None):
    """Every situation class: sick-listed or not, each phase, FK and social services, each actor set."""
    book = book_or_default(book)
    optional = [a for a in book.actors if a not in ALWAYS_PRESENT and a != FK]
    subsets = chain.from_iterable(combinations(optional, n) for n in range(len(optional) + 1))
    for actors in map(frozenset, subsets):
        for sick, phase in [(False, None)] + [(True, p.number) for p in book.phases]:
            for fk in (True, False):
                for social in (True, False):
                    yield sick, phase, fk, social, actors
