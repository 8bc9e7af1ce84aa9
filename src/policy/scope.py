"""Whose rule a fact is: national (law, Försäkringskassan, checked outside the routines), one or more
named regions' routines, or the handbook's own reading.

The scope is worked out from the data, never written by hand: each cited source supports a fact on
its own, so a fact is national as soon as one national source in force supports it; otherwise it is
the rule of the regions whose sources it cites. A fact marked `reading` is the handbook's reading.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from .models import starts

if TYPE_CHECKING:
    from .rulebook import Rulebook

Kind = Literal["nationell", "regional", "handboken", "jämförelse"]


@dataclass(frozen=True)
class Scope:
    kind: Kind
    # The regional or local sources the fact rests on (none when national).
    sources: tuple[str, ...] = ()
    whose: tuple[str, ...] = ()
    places: tuple[str, ...] = ()

    @property
    def needs_label(self) -> bool:
        return self.kind in ("regional", "handboken")

    @property
    def label(self) -> str | None:
        """What a reader sees beside the fact, or None for a national one."""
        if self.kind == "regional":
            return "Enligt " + join_sv(self.whose)
        if self.kind == "handboken":
            return "Handbokens tolkning" + (" av " + join_sv(self.whose) if self.whose else "")
        return None

    @property
    def words(self) -> tuple[str, ...]:
        """Words of which a text around the fact must name each for the fact to count as labelled."""
        if self.kind == "regional":
            return self.places
        if self.kind == "handboken":
            return ("handbok",)
        return ()

    @property
    def classes(self) -> list[str]:
        if not self.needs_label:
            return []
        return [f"scope-{self.kind}", *(f"scope-{slugify(p)}" for p in self.places)]

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "label": self.label, "places": list(self.places), "sources": list(self.sources)}


NATIONAL = Scope("nationell")


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text.lower()).split())


def join_sv(items) -> str:
    items = list(dict.fromkeys(items))
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " och " + items[-1]


def scope_of(book: Rulebook, item, on: date | None = None, fact: str | None = None) -> Scope:
    """`fact` is the rule's kind of fact: a national one (a KVÅ code) is national whoever attests it."""
    from .models import Disagreement, SourceRef

    if (fact == "nationellt" and not getattr(item, "reading", False)) or getattr(item, "unstated", False):
        return NATIONAL
    if isinstance(item, Disagreement):
        return Scope("jämförelse")
    if isinstance(item, list):  # a list of SourceRefs, or of claims (a meeting form's purposes)
        refs = [r for x in item for r in ([x] if isinstance(x, SourceRef) else x.sources)]
        reading = any(getattr(x, "reading", False) for x in item)
    else:
        refs, reading = list(getattr(item, "sources", [])), bool(getattr(item, "reading", False))
    if not refs:
        return NATIONAL
    sources = [book.sources[r.source] for r in refs]
    if on is not None:
        live = [s for s in sources if starts(s) <= on and (s.valid_to is None or on <= s.valid_to)]
        sources = live or sources
    regional = list(dict.fromkeys(s.id for s in sources if s.scope != "nationell"))
    whose = tuple(book.sources[s].whose for s in regional)
    places = tuple(book.sources[s].place for s in regional)
    if reading:
        return Scope("handboken", tuple(regional), whose, places)
    if any(s.scope == "nationell" for s in sources):
        return NATIONAL
    return Scope("regional", tuple(regional), whose, places)
