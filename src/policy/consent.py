"""Consent and secrecy (rules samtycke.*): what the patient's consent must cover, given who takes part."""
from __future__ import annotations

from datetime import date

from .answer import Answer, book_or_default, require_date
from .errors import PolicyError
from .rulebook import Rulebook

# The patient and the care unit are at every meeting; only the others are passed in.
ALWAYS_PRESENT = ("patient", "halso-och-sjukvarden")
FK = "forsakringskassan"
# The party the meeting-form guide's question "is socialtjänsten involved?" is about.
SOCIAL_SERVICES = "socialtjansten"


class ConsentNeeded(Answer):
    participants: list[str]
    consent_required: bool
    # Without consent (only Försäkringskassan takes part): what the care unit may give, and no more.
    limited_to: str | None
    must_cover: list[str]
    # Who obtains the care's consent (the care unit); FK's own consent is a separate one, below.
    obtained_by: list[str]
    # Försäkringskassan takes part: it obtains its own consent (medgivande) for what it needs, beside
    # and not instead of the care's.
    fk_own_consent: bool = False
    private_provider: bool
    notes: list[str]
    # The rules that decide whether consent is required, and whose rules they are.
    basis_rule_ids: list[str]
    scope: dict


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
    fk_own = False
    present = sorted(others, key=order.index)

    if others == {FK}:
        rule_ids = ["samtycke.utgangslage", "samtycke.endast-forsakringskassan", "samtycke.undantagets-omfang"]
        basis = rule_ids[:2]
        required, must_cover, obtained_by = False, [], []
        limited_to = str(book.value("samtycke.undantagets-omfang", on))
    else:
        rule_ids = ["samtycke.utgangslage", "samtycke.regionen-inhamtar", "samtycke.alla-aktorer"]
        basis = ["samtycke.utgangslage", "samtycke.alla-aktorer"]
        required, must_cover, obtained_by, limited_to = True, present, ["halso-och-sjukvarden"], None
        if FK in others:
            # FK's own consent: obtained by FK, not compulsory, and never so general that it waives all secrecy.
            rule_ids += ["samtycke.forsakringskassan-inhamtar", "samtycke.bada-behovs", "samtycke.inte-skyldig",
                         "samtycke.inte-allmant"]
            fk_own = True
    if private_provider:
        rule_ids.append("samtycke.privat-vardgivare")
    return ConsentNeeded(
        date=on, participants=list(ALWAYS_PRESENT) + present, consent_required=required, limited_to=limited_to,
        must_cover=must_cover, obtained_by=obtained_by, fk_own_consent=fk_own, private_provider=private_provider,
        notes=[book.note(r, on) for r in rule_ids if r != "samtycke.undantagets-omfang"],
        basis_rule_ids=basis,
        scope=book.scope([ref for r in basis for ref in book.period(r, on).sources], on).as_dict(),
        rule_ids=rule_ids, sources=book.sources_of(rule_ids, on),
    )
