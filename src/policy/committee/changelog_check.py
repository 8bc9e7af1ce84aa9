"""The pull-request check: rule data that changed against BASE must come with a changelog entry
that names every changed rule ID."""
from __future__ import annotations

import difflib
import tempfile
from datetime import date
from pathlib import Path

from .gitrev import changed_files, export, repo_root
from ..loader import CLAIM_FIELDS, load
from ..models import MeetingForm
from .snapshot import comparable_texts, split_key

DATA = ("src/policy/rules", "src/policy/routines")
CHANGELOG = "src/policy/changelog"


def check(base: str, repo: Path | None = None, today: date | None = None) -> tuple[bool, str]:
    """(passes, Swedish message) for the working tree against `base`."""
    repo = repo_root(repo or Path.cwd())
    if not changed_files(repo, base, None, DATA):
        return True, f"Inga regelfiler har ändrats sedan {base}."
    with tempfile.TemporaryDirectory() as tmp:
        old_book = load(export(repo, base, Path(tmp)) / "src" / "policy")
    old = comparable_texts(old_book)
    new_book = load(repo / "src" / "policy")
    new = comparable_texts(new_book)
    today = today or date.today()
    rewritten = rewritten_history(old_book, new_book, today)
    corrected = _corrected_rules(repo, base, new_book)
    rewritten = [r for r in rewritten if r.split(" ")[0] not in corrected]
    if rewritten:
        return False, ("Ett värde som redan har gällt har skrivits över i stället för att avslutas. Ge det gamla "
                       "värdet ett slutdatum (valid_to) och lägg det nya som en ny period med valid_from, eller "
                       "skriv en rättelse (correction: true) som nämner regeln: " + "; ".join(rewritten) + ".")
    changed = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
    if not changed:
        return True, f"Regelfilerna har ändrats sedan {base}, men inget regelvärde (bara form eller kommentarer)."
    entries = [repo / name for name in changed_files(repo, base, None, (CHANGELOG,), added_only=True)
               if (repo / name).is_file()]
    if not entries:
        return False, (f"Regelfilerna har ändrats sedan {base}, men ingen ny fil finns i {CHANGELOG}/. "
                       "Lägg till en post som säger vad som ändrats, varför och vem som beslutat.")
    new_entries = [e for e in new_book.changelog if any(_same(e, path) for path in entries)]
    unknown = unknown_names(new_entries, old_book, new_book)
    if unknown:
        return False, "Den nya posten i ändringshistoriken nämner något som inte finns: " + "; ".join(unknown) + "."
    if any(e.all_rules for e in new_entries):
        return True, f"Ändringshistoriken har en post som gäller alla regler ({len(changed)} ändrade regel-id)."
    named = {rule_id for e in new_entries for rule_id in e.rules}
    routines_named = {r for e in new_entries for r in e.routines}
    # A routine named in an entry covers its versions and every rule that rests on its document (a
    # renewal is one entry). Sources whose validity the change moves count with it.
    moved = {sid for sid, src in new_book.sources.items() if sid in old_book.sources
             and (src.valid_from, src.valid_to) != (old_book.sources[sid].valid_from, old_book.sources[sid].valid_to)}
    for slug in routines_named:
        covering = {new_book.routines[slug].source} | moved
        named |= {rule_id for rule_id in changed
                  if "@" not in rule_id and covering & (_sources(new_book, rule_id) | _sources(old_book, rule_id))}
    correcting = any(e.correction for e in new_entries)
    missing, rewritten_steps = [], []
    for key in changed:
        name, number = split_key(key)
        if number is None:
            if name not in named:
                missing.append(name)
            continue
        slug = name if name in new_book.routines or name in old_book.routines else name.split(".")[0]
        old_version = _version(old_book, slug, number)
        if old_version is None or (old_version.valid_from and old_version.valid_from > today):
            # A version still to come may be drafted and corrected in place.
            if slug not in routines_named and name not in named:
                missing.append(f"routines: [{slug}]")
            continue
        # A version that has already been in force: its text is published, so a change to it must be
        # named step by step, or be an entry marked as a correction; never covered silently.
        since = (f"version {number} gäller sedan {old_version.valid_from.isoformat()}" if old_version.valid_from
                 else f"version {number} har redan gällt")
        if "." in name:
            if name not in named and not (correcting and slug in routines_named):
                rewritten_steps.append(f"{name} ({since})")
            continue
        if slug not in routines_named:
            missing.append(f"routines: [{slug}]")
            continue
        fields = _rewritten_fields(old_version, _version(new_book, slug, number), today)
        if fields and not correcting:
            rewritten_steps.append(f"{slug} version {number}: {', '.join(fields)} ({since})")
    if rewritten_steps:
        return False, ("En version som redan har gällt har skrivits om. Lägg i stället en ny version av "
                       "rutinen (kopiera filen till version-N.yaml, se CONTRIBUTING), eller skriv en rättelse: "
                       "en ändringspost med correction: true som nämner steget under rules: eller rutinen "
                       "under routines:. Det gäller " + "; ".join(sorted(set(rewritten_steps))) + ".")
    missing = sorted(set(missing))
    if missing:
        return False, ("Ändringshistoriken nämner inte alla ändringar. Lägg till dem i den nya posten: "
                       f"{', '.join(missing)}.")
    return True, f"Ändringshistoriken täcker alla {len(changed)} ändringar."


# What may change in a version that has been in force without it being a correction: its end (not
# back into the past), the decision that adopted it, and the handbook's own bookkeeping.
FREE_FIELDS = {"valid_to", "status", "decision", "checked", "changes", "dating"}


def _rewritten_fields(old, new, today: date) -> list[str]:
    if new is None:
        return ["hela versionen är borttagen"]
    fields = [name for name in type(old).model_fields if name != "stages"
              and getattr(old, name) != getattr(new, name) and name not in FREE_FIELDS]
    if old.valid_to != new.valid_to and new.valid_to is not None and new.valid_to < today:
        fields.append("valid_to (bakåt i tiden)")
    return fields


def _version(book, slug: str, number: int):
    work = book.routines.get(slug)
    return next((v for v in work.versions if v.version == number), None) if work else None


def _corrected_rules(repo: Path, base: str, new_book) -> set[str]:
    """Rule IDs named by a new change entry that says it corrects published text (correction: true)."""
    paths = [repo / name for name in changed_files(repo, base, None, (CHANGELOG,), added_only=True)
             if (repo / name).is_file()]
    return {rule_id for e in new_book.changelog if e.correction and any(_same(e, path) for path in paths)
            for rule_id in e.rules}


def rewritten_history(old_book, new_book, today: date) -> list[str]:
    """Values that held on a day up to `today` and now read differently for that day."""
    found = []
    for rule_id, rule in old_book.rules.items():
        if rule_id not in new_book.rules:
            continue
        for period in rule.periods:
            if period.valid_from and period.valid_from > today:
                continue  # not yet published as in force: may still be corrected in place
            last = min(today, period.valid_to) if period.valid_to else today
            for day in dict.fromkeys((period.valid_from or last, last)):
                now = next((p for p in new_book.rules[rule_id].periods if p.covers(day)), None)
                if now is None or now.value != period.value:
                    found.append(f"{rule_id} gällde {period.value} den {day.isoformat()}")
                    break
    return found


def unknown_names(entries, old_book, new_book) -> list[str]:
    """Rule IDs and routines an entry names that exist on neither side, with near misses."""
    out = []
    known = set(old_book.index) | set(new_book.index)
    for entry in entries:
        for rule_id in entry.rules:
            if rule_id not in known:
                near = difflib.get_close_matches(rule_id, sorted(known), n=1, cutoff=0.75)
                out.append(f"regel-id ”{rule_id}”" + (f" (menade du ”{near[0]}”?)" if near else ""))
        for slug in entry.routines:
            if slug not in new_book.routines:
                out.append(f"rutinen ”{slug}” (kända: {', '.join(sorted(new_book.routines))})")
    return out


def _sources(book, rule_id: str) -> set[str]:
    """Every source a rule ID rests on; for a meeting form, those of all its fields."""
    if rule_id not in book.index:
        return set()
    item = book.index[rule_id]
    if isinstance(item, MeetingForm):
        claims = [item.summary, *(getattr(item, f) for f in CLAIM_FIELDS), *item.purposes]
        return {ref.source for claim in claims for ref in claim.sources}
    return {ref.source for ref in book.refs_of(rule_id)}


def _same(entry, path: Path) -> bool:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return data.get("title") == entry.title and str(data.get("date")) == entry.date.isoformat()
