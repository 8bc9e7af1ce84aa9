"""Consent and secrecy (rules samtycke.*): what the patient's consent must cover, given who takes part."""
from __future__ import annotations

from datetime import date

from .answer import Answer, book_or_default, require_date
from .errors import PolicyError
from .rulebook import Rulebook

# The patient and the care unit are at every meeting; only the others are passed in.
ALWAYS_PRESENT = ("patient", "halso-och-sjukvarden")
FK = "forsakringskassan"


class ConsentNeeded(Answer):
    participants: list[str]
    consent_required: bool
    must_cover: list[str]
    obtained_by: list[str]
    private_provider: bool
    notes: list[str]


def consent(with_actors: list[str], on: date, private_provider: bool = False,
            book: Rulebook | None = None) -> ConsentNeeded:
    """Whether the care unit needs consent to share with `with_actors`, and what it must cover."""
    book = book_or_default(book)
    on = require_date(on)
    if not isinstance(private_provider, bool):
        raise PolicyError(f"Uppgiften om privat vårdgivare ska vara True eller False; fick ”{private_provider}”.")
    if with_actors is not None and not isinstance(with_actors, (list, tuple)):
        raise PolicyError(f"Aktörerna ska anges som en lista med sluggar, till exempel [\"arbetsgivare\"]; "
                          f"fick ”{with_actors}”.")
    if not with_actors:
        raise PolicyError("Ange minst en aktör som deltar utöver patienten och vården.")
    others = set()
    for slug in with_actors:
        book.actor(slug)  # unknown slug: a Swedish error listing the allowed ones
        if slug in ALWAYS_PRESENT:
            raise PolicyError(f"”{slug}” är alltid med och ska inte anges; ange bara de andra "
                              f"aktörerna, till exempel {FK} eller arbetsgivare.")
        others.add(slug)
    order = list(book.actors)
    present = sorted(others, key=order.index)

    if others == {FK}:
        rule_ids = ["samtycke.utgangslage", "samtycke.endast-forsakringskassan"]
        required, must_cover, obtained_by = False, [], []
    else:
        rule_ids = ["samtycke.utgangslage", "samtycke.regionen-inhamtar", "samtycke.alla-aktorer",
                    "samtycke.inte-allmant"]
        required, must_cover, obtained_by = True, present, ["halso-och-sjukvarden"]
        if FK in others:
            rule_ids += ["samtycke.forsakringskassan-inhamtar", "samtycke.bada-behovs", "samtycke.inte-skyldig"]
            obtained_by.append(FK)
    if private_provider:
        rule_ids.append("samtycke.privat-vardgivare")
    return ConsentNeeded(
        date=on, participants=list(ALWAYS_PRESENT) + present, consent_required=required,
        must_cover=must_cover, obtained_by=obtained_by, private_provider=private_provider,
        notes=[str(book.value(r, on)) for r in rule_ids],
        rule_ids=rule_ids, sources=book.sources_of(rule_ids, on),
    )
