"""Which pages of the handbook read differently between two builds (for a pull request's reviewer),
and which pages cite a changed rule in their own words but read the same: those must be read again,
since their prose may now say something the rule no longer does.

Compares the visible text of each page's main content, so a change in a shared menu, an asset's
checksum or the edition line (a new commit) does not count; a page that is new or gone counts.

    python -m policy.committee.pages_changed GAMMAL_WEBBPLATS NY_WEBBPLATS [ÄNDRADE_REGLER.txt]
"""
from __future__ import annotations

import re
import sys
from html import unescape
from pathlib import Path


def page_text(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    match = re.search(r'<article[^>]*role="main"[^>]*>(.*?)</article>', html, re.S)
    body = re.sub(r"<script.*?</script>", "", match.group(1) if match else html, flags=re.S)
    body = re.sub(r'<span class="policy-edition">.*?</span>', "", body, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def changed(old: Path, new: Path) -> list[tuple[str, str]]:
    """(page, "ändrad" | "ny" | "borttagen") for every page whose text differs."""
    def pages(root: Path) -> dict[str, Path]:
        return {str(p.relative_to(root)): p for p in root.rglob("*.html")
                if not {"_static", "_sources", ".doctrees"} & set(p.relative_to(root).parts)}

    a, b = pages(old), pages(new)
    out = [(name, "ny") for name in sorted(b.keys() - a.keys())]
    out += [(name, "borttagen") for name in sorted(a.keys() - b.keys())]
    out += [(name, "ändrad") for name in sorted(a.keys() & b.keys()) if page_text(a[name]) != page_text(b[name])]
    return sorted(out)


def cited_rules(path: Path) -> set[str]:
    """The rule IDs a built page lists in its "Källor för sidan" block."""
    html = path.read_text(encoding="utf-8")
    match = re.search(r'<p class="page-sources-rules"[^>]*>(.*?)</p>', html, re.S)
    return set(re.findall(r">([a-z0-9-]+(?:\.[a-z0-9-]+)+)</a>", match.group(1))) if match else set()


def read_again(new: Path, rows: list[tuple[str, str]], changed_rules: set[str]) -> list[tuple[str, list[str]]]:
    """Pages whose text did not change but that cite a changed rule (their own words may now be wrong)."""
    done = {name for name, _ in rows}
    out = []
    for path in sorted(new.rglob("*.html")):
        name = str(path.relative_to(new))
        if name in done or {"_static", "_sources", ".doctrees"} & set(path.relative_to(new).parts):
            continue
        hits = sorted(cited_rules(path) & changed_rules)
        if hits:
            out.append((name, hits))
    return out


def markdown(rows: list[tuple[str, str]], again: list[tuple[str, list[str]]] = ()) -> str:
    if not rows:
        lines = ["## Sidor vars text ändras", "", "Ingen sida får ny text."]
    else:
        lines = ["## Sidor vars text ändras", "", "| Sida | Ändring |", "|---|---|"]
        lines += [f"| `{name}` | {kind} |" for name, kind in rows]
    if again:
        lines += ["", "### Läs om: sidor som återger en ändrad regel med egna ord men inte ändras", "",
                  "| Sida | Ändrade regler som sidan hänvisar till |", "|---|---|"]
        lines += [f"| `{name}` | {', '.join(f'`{r}`' for r in rules)} |" for name, rules in again]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) not in (2, 3):
        print("användning: python -m policy.committee.pages_changed GAMMAL_WEBBPLATS NY_WEBBPLATS "
              "[ÄNDRADE_REGLER.txt]", file=sys.stderr)
        return 2
    rows = changed(Path(args[0]), Path(args[1]))
    rules = set(Path(args[2]).read_text(encoding="utf-8").split()) if len(args) == 3 and Path(args[2]).exists() else set()
    print(markdown(rows, read_again(Path(args[1]), rows, rules)), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
