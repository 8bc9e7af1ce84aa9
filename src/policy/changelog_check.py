"""The pull-request check: rule data that changed against BASE must come with a changelog entry
that names every changed rule ID."""
from __future__ import annotations

import tempfile
from pathlib import Path

from .gitrev import changed_files, export, repo_root
from .loader import load
from .snapshot import rule_texts

DATA = ("src/policy/rules", "src/policy/routines")
CHANGELOG = "src/policy/changelog"


def check(base: str, repo: Path | None = None) -> tuple[bool, str]:
    """(passes, Swedish message) for the working tree against `base`."""
    repo = repo_root(repo or Path.cwd())
    if not changed_files(repo, base, None, DATA):
        return True, f"Inga regelfiler har ändrats sedan {base}."
    with tempfile.TemporaryDirectory() as tmp:
        old = rule_texts(load(export(repo, base, Path(tmp)) / "src" / "policy"))
    new_book = load(repo / "src" / "policy")
    new = rule_texts(new_book)
    changed = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
    if not changed:
        return True, f"Regelfilerna har ändrats sedan {base}, men inget regelvärde (bara form eller kommentarer)."
    entries = [repo / name for name in changed_files(repo, base, None, (CHANGELOG,), added_only=True)
               if (repo / name).is_file()]
    if not entries:
        return False, (f"Regelfilerna har ändrats sedan {base}, men ingen ny fil finns i {CHANGELOG}/. "
                       "Lägg till en post som säger vad som ändrats, varför och vem som beslutat.")
    new_entries = [e for e in new_book.changelog if any(_same(e, path) for path in entries)]
    if any(e.all_rules for e in new_entries):
        return True, f"Ändringshistoriken har en post som gäller alla regler ({len(changed)} ändrade regel-id)."
    named = {rule_id for e in new_entries for rule_id in e.rules}
    missing = [rule_id for rule_id in changed if rule_id not in named]
    if missing:
        return False, ("Ändringshistoriken nämner inte alla ändrade regler. Lägg till dem under rules: i "
                       f"den nya posten: {', '.join(missing)}.")
    return True, f"Ändringshistoriken täcker alla {len(changed)} ändrade regel-id."


def _same(entry, path: Path) -> bool:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return data.get("title") == entry.title and str(data.get("date")) == entry.date.isoformat()
