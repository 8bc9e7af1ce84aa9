"""Which pages of the handbook read differently between two builds (for a pull request's reviewer).

Compares the visible text of each page's main content, so a change in a shared menu or an asset's
checksum does not count; a page that is new or gone counts.

    python -m policy.committee.pages_changed GAMMAL_WEBBPLATS NY_WEBBPLATS
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


def markdown(rows: list[tuple[str, str]]) -> str:
    if not rows:
        return "## Sidor vars text ändras\n\nIngen sida får ny text.\n"
    lines = ["## Sidor vars text ändras", "", "| Sida | Ändring |", "|---|---|"]
    lines += [f"| `{name}` | {kind} |" for name, kind in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("användning: python -m policy.committee.pages_changed GAMMAL_WEBBPLATS NY_WEBBPLATS", file=sys.stderr)
        return 2
    print(markdown(changed(Path(args[0]), Path(args[1]))), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
