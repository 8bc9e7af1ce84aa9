"""Search in the routines, one small index per routine (`_static/sok/<slug>.json`).

Sphinx's search index would list every routine page's words, and with a hundred routines the search
page would load far more than a phone should. The routine pages are therefore left out of it (they
are written with `nosearch`), and after the build each routine's page is read back into a list of
its sections: anchor, heading and text. The search page (handbook/_static/search-staff.js) searches
the reader's own region's routine and the national ones with Sphinx's Swedish stemmer, and the other
regions' routines when the reader asks.
"""
from __future__ import annotations

import json
import os
from html.parser import HTMLParser
from pathlib import Path

FOLDER = "_static/sok"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Not the routine's prose: buttons, hidden reviewers' lists, the checklists (their items are the
# steps above them), scripts.
SKIP_CLASSES = {"headerlink", "no-search", "page-sources", "print-page", "print-only", "guide"}
SKIP_TAGS = {"script", "style", "button", "select", "nav", "form"}
BLOCKS = {"p", "li", "dt", "dd", "td", "th", "h1", "h2", "h3", "h4", "div", "section", "caption"}


class _Sections(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_main = 0
        self.stack: list[tuple[str, bool, str | None]] = []  # tag, skipping, section id
        self.sections: dict[str, list] = {}
        self.order: list[str] = []
        self.heading: str | None = None

    def _section(self) -> str | None:
        return next((sid for _, _, sid in reversed(self.stack) if sid), None)

    def _skipping(self) -> bool:
        return any(skip for _, skip, _ in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article" and attrs.get("role") == "main":
            self.in_main += 1
        if not self.in_main or tag in VOID:
            return
        classes = set((attrs.get("class") or "").split())
        skip = tag in SKIP_TAGS or bool(classes & SKIP_CLASSES) or "hidden" in attrs and "region-panel" not in classes
        sid = attrs.get("id") if tag == "section" else None
        self.stack.append((tag, skip, sid))
        if sid and sid not in self.sections:
            self.sections[sid] = ["", []]
            self.order.append(sid)
        if tag in ("h1", "h2", "h3") and not self._skipping():
            self.heading = ""

    def handle_endtag(self, tag):
        if tag == "article" and self.in_main:
            self.in_main -= 1
        if not self.in_main or tag in VOID:
            return
        while self.stack:
            open_tag, _, _ = self.stack.pop()
            if tag in ("h1", "h2", "h3") and open_tag == tag and self.heading is not None:
                sid = self._section()
                if sid and not self.sections[sid][0]:
                    self.sections[sid][0] = " ".join(self.heading.split())
                self.heading = None
            if open_tag == tag:
                break
        if tag in BLOCKS and (sid := self._section()):
            self.sections[sid][1].append(" ")

    def handle_data(self, data):
        if not self.in_main or self._skipping():
            return
        if self.heading is not None:
            self.heading += data
            return
        sid = self._section()
        if sid:
            self.sections[sid][1].append(data)


def sections_of(html: str) -> list[list[str]]:
    """[anchor, heading, text] for every section of the page's main content that has text."""
    parser = _Sections()
    parser.feed(html)
    out = []
    for sid in parser.order:
        title, parts = parser.sections[sid]
        text = " ".join("".join(parts).split())
        if text or title:
            out.append([sid, title, text])
    return out


def write_indexes(app, exception) -> None:
    if exception or app.builder.format != "html":
        return
    from . import book_for

    book = book_for(app.env)
    outdir = Path(app.builder.outdir)
    folder = outdir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    listing = {}
    # An index is made again when its page is newer, or this code is (what it keeps may differ).
    code = Path(__file__).stat().st_mtime_ns
    for slug, work in book.routines.items():
        page = f"handbook/routines/{slug}.html"
        if not (outdir / page).exists():
            continue
        listing[slug] = {"name": work.name, "national": not book.sources[work.source].place}
        index = folder / f"{slug}.json"
        if index.exists() and index.stat().st_mtime_ns > max((outdir / page).stat().st_mtime_ns, code):
            continue  # made from this very page (the routine's name is on it too)
        data = {"name": work.name, "page": page, "sections": sections_of((outdir / page).read_text(encoding="utf-8"))}
        # Whole or not at all: a cut-off index newer than its page would never be made again.
        part = index.with_suffix(".json.tmp")
        part.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(part, index)
    for old in folder.glob("*.json"):
        if old.stem not in listing and old.name != "rutiner.json":
            old.unlink()
    (folder / "rutiner.json").write_text(json.dumps(listing, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def setup(app) -> None:
    # Before the offline copy's list of files (priority 900), which must include these.
    app.connect("build-finished", write_indexes, priority=800)
