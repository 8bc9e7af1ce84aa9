"""`policy diff BASE [HEAD]`: what a rule change does, as Markdown for a pull-request comment.

Both sides are loaded from git (HEAD left out: the working tree). Outputs are computed with this
code for each side's data; notebooks run with each side's own code and data.
"""
from __future__ import annotations

import difflib
import re
import tempfile
from datetime import date, timedelta
from pathlib import Path

from . import notebook_outputs
from ..errors import PolicyError, format_span
from .gitrev import export, repo_root
from ..loader import PACKAGE_DIR, load
from .. import versions
from .snapshot import comparable_texts, outputs, split_key

NONE = "Inga regeländringar."


def _cell(text: str, limit: int = 300) -> str:
    # Fold white space but keep the non-breaking spaces inside amounts (1 125 kr).
    text = re.sub(r"[^\S\u00a0]+", " ", text).strip().replace("|", "\\|")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _changes(old: dict[str, str], new: dict[str, str]) -> tuple[list[str], list[str], list[str]]:
    added = [k for k in new if k not in old]
    removed = [k for k in old if k not in new]
    changed = [k for k in new if k in old and old[k] != new[k]]
    return added, removed, changed


def _whole_lists(old: dict[str, str], new: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """A checklist that appears or disappears as a whole reads as one row ("12 punkter"), not a row per item."""
    heads = [k for k in old.keys() | new.keys() if k.count(" · ") == 2]
    old, new = dict(old), dict(new)
    for head in heads:
        if (head in old) == (head in new):
            old.pop(head, None), new.pop(head, None)  # the items themselves show what changed
            continue
        side = new if head in new else old
        for key in [k for k in side if k.startswith(head + " · ")]:
            del side[key]
    return old, new


def _table(title: str, old: dict[str, str], new: dict[str, str], first: str) -> list[str]:
    if title == "Checklistor":
        old, new = _whole_lists(old, new)
    added, removed, changed = _changes(old, new)
    if not (added or removed or changed):
        return []
    lines = [f"### {title}", "", f"| {first} | Före | Efter |", "|---|---|---|"]
    lines += [f"| {_cell(k)} | {_cell(old[k])} | {_cell(new[k])} |" for k in changed]
    lines += [f"| {_cell(k)} | – | {_cell(new[k])} |" for k in added]
    lines += [f"| {_cell(k)} | {_cell(old[k])} | – |" for k in removed]
    return lines + [""]


def dates_that_matter(old_book, new_book, keys, today: date) -> list[date]:
    """Today, and each later day on which a changed rule or routine version starts or stops holding
    (on either side), so that a change dated 2027-01-01 shows its effect on 2027-01-01."""
    days = {today}
    for book in (old_book, new_book):
        for key in keys:
            name, number = split_key(key)
            if number is not None:
                work = book.routines.get(name) or book.routines.get(name.split(".")[0])
                items = [v for v in work.versions if v.version == number] if work else []
                items += [s for v in items for s in book.steps(v) if s.id == name]
            elif name in book.rules:
                items = book.rules[name].periods
            else:
                item = book.index.get(name)
                items = [item] if hasattr(item, "valid_from") else []
            for item in items:
                if item.valid_from:
                    days.add(item.valid_from)
                if item.valid_to:
                    days.add(item.valid_to + timedelta(days=1))
    return sorted(d for d in days if d >= today)


def version_lines(old_book, new_book, keys) -> list[str]:
    """One line per routine version that is new, removed or changed: what it means, in words."""
    lines, seen = [], set()
    for key in keys:
        name, number = split_key(key)
        if number is None:
            continue
        slug = name if name in new_book.routines or name in old_book.routines else name.split(".")[0]
        if (slug, number) in seen:
            continue
        seen.add((slug, number))
        new_work, old_work = new_book.routines.get(slug), old_book.routines.get(slug)
        new = next((v for v in new_work.versions if v.version == number), None) if new_work else None
        old = next((v for v in old_work.versions if v.version == number), None) if old_work else None
        if new and not old:
            lines.append(f"- **Ny:** {versions.summary(new_book, new)}")
        elif old and not new:
            lines.append(f"- **Borttagen:** {old.name} version {number} ({format_span(old.valid_from, old.valid_to)}).")
        else:
            what = " ".join(versions.changes(new_book, old, new, old_book=old_book))
            lines.append(f"- **Ändrad:** {new.name} version {number}: {what}")
    return (["### Rutinversioner", "", *lines, ""]) if lines else []


def report(base: str, head: str | None, on: date | None, repo: Path | None = None, notebooks: bool = True,
           changed_ids: Path | None = None) -> str:
    """With `on`, the effects on that day; without, today's and those on every day that matters.
    With `changed_ids`, the changed rule IDs (a step counts once) are written there, one per line."""
    repo = repo_root(repo or Path.cwd())
    with tempfile.TemporaryDirectory() as tmp:
        old_root = export(repo, base, Path(tmp) / "base")
        if head is None:
            new_root, new_src = repo, repo / "src"
            new_book = load(repo / "src" / "policy" if (repo / "src" / "policy").is_dir() else PACKAGE_DIR)
        else:
            new_root = export(repo, head, Path(tmp) / "head")
            new_src, new_book = new_root / "src", load(new_root / "src" / "policy")
        old_book = load(old_root / "src" / "policy")
        old_rules, new_rules = comparable_texts(old_book), comparable_texts(new_book)
        added, removed, changed = _changes(old_rules, new_rules)
        if changed_ids:
            changed_ids.parent.mkdir(parents=True, exist_ok=True)
            changed_ids.write_text("".join(f"{name}\n" for name in sorted({split_key(k)[0] for k in added + removed + changed})),
                                   encoding="utf-8")
        label = f"`{base}` → `{head or 'arbetskopian'}`"
        if not (added or removed or changed):
            return f"## Regeländringar {label}\n\n{NONE}\n"
        days = [on] if on else dates_that_matter(old_book, new_book, added + removed + changed, date.today())
        plain = [k for k in added + removed + changed if "@" not in k]
        counts = [len([k for k in changed if "@" not in k]), len([k for k in added if "@" not in k]),
                  len([k for k in removed if "@" not in k])]
        routine_part = version_lines(old_book, new_book, [k for k in added + removed + changed if "@" in k])
        lines = [f"## Regeländringar {label}", "",
                 f"{counts[0]} ändrade, {counts[1]} nya och {counts[2]} borttagna regelvärden"
                 + (f" och {sum(1 for line in routine_part if line.startswith('- '))} rutinversioner" if routine_part else "")
                 + f". Påverkan är räknad för {', '.join(d.isoformat() for d in days)}.", ""]
        lines += routine_part
        if plain:
            lines += _rule_table(old_book, new_book, [k for k in added if "@" not in k],
                                 [k for k in removed if "@" not in k], [k for k in changed if "@" not in k])
        for day in days:
            effects = []
            old_out, new_out = _safe_outputs(old_book, day), _safe_outputs(new_book, day)
            for title, first in [("Arvodestabellen", "Mötets längd"), ("Checklistor", "Rutin · mötesform · roll · punkt"),
                                 ("Mötesformer", "Mötesform · fält")]:
                effects += _table(title, old_out[title], new_out[title], first)
            lines += [f"## Påverkan på handboken den {day.isoformat()}", ""]
            lines += effects or ["Inga tabeller eller checklistor ändras den dagen.", ""]
        if notebooks:
            old_nb, new_nb = notebook_outputs.run_sets([(old_root / "notebooks", old_root / "src"),
                                                        (new_root / "notebooks", new_src)])
            nb = _table("Räkneexempel (notebooks)", *_changed_lines(old_nb, new_nb), "Notebook, cell")
            lines += ["## Påverkan på räkneexemplen (de räknar på sina egna datum)", ""]
            lines += nb or ["Inga räkneexempel ändras.", ""]
        return "\n".join(lines).rstrip() + "\n"


def _natural(item: tuple[str, str]) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", item[0])]


def _changed_lines(old: dict[str, str], new: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Only the output lines that differ, paired up, so a long table shows just its changed rows."""
    before, after = {}, {}
    for key in old.keys() | new.keys():
        a, b = old.get(key, "").splitlines(), new.get(key, "").splitlines()
        if a == b:
            continue
        n = 0
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
            if tag == "equal":
                continue
            n += 1
            name = f"{key}, ändring {n}"
            if i2 > i1:
                before[name] = " / ".join(a[i1:i2])
            if j2 > j1:
                after[name] = " / ".join(b[j1:j2])
    return dict(sorted(before.items(), key=_natural)), dict(sorted(after.items(), key=_natural))


def _safe_outputs(book, on: date) -> dict[str, dict[str, str]]:
    try:
        return outputs(book, on)
    except PolicyError as exc:
        return {"Arvodestabellen": {"(fel)": str(exc)}, "Checklistor": {}, "Mötesformer": {}}


def _rule_table(old_book, new_book, added, removed, changed) -> list[str]:
    lines = ["### Regelvärden", "", "| Regel | Före | Efter |", "|---|---|---|"]
    old, new = comparable_texts(old_book), comparable_texts(new_book)
    for rule_id in changed:
        lines.append(f"| `{rule_id}` | {_cell(_show(old_book, rule_id, old))} | {_cell(_show(new_book, rule_id, new))} |")
    for rule_id in added:
        lines.append(f"| `{rule_id}` (ny) | – | {_cell(_show(new_book, rule_id, new))} |")
    for rule_id in removed:
        lines.append(f"| `{rule_id}` (borttagen) | {_cell(_show(old_book, rule_id, old))} | – |")
    return lines + [""]


def _show(book, rule_id: str, texts: dict[str, str]) -> str:
    """A rule's values with validity and source; for steps and claims their text and validity."""
    if rule_id in book.rules:
        return texts[rule_id]
    item = book.index[rule_id]
    text = getattr(item, "text", None) or getattr(item, "advice", None) or getattr(item, "topic", None) \
        or getattr(item, "assessed_against", None) or getattr(item, "citation", None) or getattr(item, "name", None)
    if isinstance(item, list):
        text = " / ".join(c.text for c in item)
    span = ""
    if hasattr(item, "valid_to"):
        span = f" ({format_span(item.valid_from, item.valid_to)})"
    return (text or texts[rule_id]) + span
