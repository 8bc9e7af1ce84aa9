"""Amounts and codes typed into text instead of named by placeholder, in their common variants
("XS 013", "750 kronor", "1 125 kr"): step texts, claims and handbook pages must name a value by its
rule, so that a changed value reaches every text that mentions it. Used by the loader's cross-check
and by the build for the handbook's own pages."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .rulebook import Rulebook

SPACE = "[\\s\\u00a0-]?"
AMOUNT = re.compile(r"(?<![\w.{])(\d{1,3}(?:[ \u00a0]\d{3})+|\d+)[ \u00a0]?(kr|kronor)(?!\w)")


def _code_pattern(value: str) -> re.Pattern:
    """XS013 also as "XS 013", "xs-013"; 2760 also as "2 760"."""
    chars = [re.escape(c) for c in value]
    return re.compile(r"(?<![\w.{])" + SPACE.join(chars) + r"(?!\w)", re.I)


def found(text: str, book: Rulebook, prefer: set[str] = frozenset()) -> list[tuple[str, str | None]]:
    """(what was typed, the rule to name instead, or None) for each value typed into `text`.
    Placeholders are left out first. Of several rules with the value, the one resting on a source in
    `prefer` (the text's own sources) is named, else a national one."""
    from .text import PLACEHOLDER

    bare = PLACEHOLDER.sub(" ", text)
    hits: list[tuple[str, str | None]] = []
    codes: dict[str, list[str]] = {}
    amounts: dict[int, list[str]] = {}
    for rule in book.rules.values():
        for period in rule.periods:
            if rule.unit in ("kod", "blankett") and len(str(period.value)) >= 3:
                codes.setdefault(str(period.value), []).append(rule.id)
            elif rule.unit == "kr" and isinstance(period.value, int):
                amounts.setdefault(period.value, []).append(rule.id)
    for value, rule_ids in codes.items():
        for match in _code_pattern(value).finditer(bare):
            hits.append((match.group(0), _best(book, rule_ids, prefer)))
    for match in AMOUNT.finditer(bare):
        number = int(re.sub(r"\D", "", match.group(1)))
        hits.append((match.group(0), _best(book, amounts[number], prefer) if number in amounts else None))
    return hits


def _best(book: Rulebook, rule_ids: list[str], prefer: set[str]) -> str:
    rule_ids = list(dict.fromkeys(rule_ids))

    def rank(rule_id: str) -> tuple[int, int]:
        sources = {ref.source for p in book.rules[rule_id].periods for ref in p.sources}
        national = any(book.sources[s].scope == "nationell" for s in sources)
        return (0 if sources & prefer else 1, 0 if national else 1)

    return min(rule_ids, key=rank)


def message(typed: str, rule_id: str | None) -> str:
    if rule_id:
        return (f"”{typed}” är skrivet direkt i texten men finns i regeln {rule_id}; skriv {{{rule_id}}} "
                "så att texten följer med när värdet ändras")
    return (f"”{typed}” är ett belopp skrivet direkt i texten; skriv platshållaren för regeln det kommer "
            "från, eller låt handboken räkna fram det")
