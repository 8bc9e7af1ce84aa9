"""Finds regional facts on a built page that no text around them attributes to their region.

Two kinds of fact are looked for: elements the extension marked with a regional scope (classes
scope-regional / scope-handboken and scope-<place>), and the codes, forms and system names that rest
on one region's routine alone, wherever they appear, also in text typed by hand. A fact counts as
labelled when its paragraph, list item or cell, its section heading, its admonition title, its tab
label, its table caption or an enclosing region block names the region, or a scope label follows it.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

from bs4 import BeautifulSoup, CData, NavigableString, Tag

from policy.scope import slugify

BLOCKS = {"p", "li", "td", "th", "dd", "dt", "caption", "h1", "h2", "h3", "h4", "h5", "h6"}
CODE_UNITS = ("kod", "blankett", "system")


def prose(el) -> str:
    """Text without rule IDs and code, which a reader does not read as naming a region."""
    if isinstance(el, NavigableString):
        return str(el)
    if el.name in ("code", "script", "style") or "policy-rule" in (el.get("class") or []):
        return ""
    return "".join(prose(c) for c in el.children)


def contexts(el):
    """Texts around an element that may name its region, nearest first: its paragraph, and the list
    item, cell or definition it stands in (whose a block is, is said once per block)."""
    block_seen = group_seen = False
    for parent in [el, *el.parents]:
        if not isinstance(parent, Tag):
            continue
        classes = parent.get("class") or []
        if not block_seen and parent.name in BLOCKS:
            block_seen = True
            yield prose(parent)
        if not group_seen and parent.name in ("li", "td", "th", "dd"):
            group_seen = True
            yield prose(parent)
        if parent.name == "section":
            heading = parent.find(re.compile("^h[1-6]$"))
            if heading:
                yield prose(heading)
        if parent.name == "table" and parent.caption:
            yield prose(parent.caption)
        if parent.name in ("ul", "ol"):
            lead = parent.find_previous_sibling()
            if lead is not None and "scope-lead-in" in (lead.get("class") or []):
                yield prose(lead)
        if "admonition" in classes:
            title = parent.find(class_="admonition-title")
            if title:
                yield prose(title)
        if "sd-tab-content" in classes:
            label = parent.find_previous_sibling("label")
            if label:
                yield prose(label)


def labelled(el, words: list[str]) -> bool:
    anchor = el.parent if el.parent is not None and el.parent.name == "a" else el
    nxt = anchor.find_next_sibling()
    if nxt is not None and "scope-label" in (nxt.get("class") or []):
        return True
    if isinstance(el, Tag) and el.find(class_="scope-label"):
        return True
    wanted = {f"region-{slugify(w)}" for w in words}
    found = set()
    for parent in el.parents:
        found |= wanted & set(parent.get("class") or []) if isinstance(parent, Tag) else set()
    if found == wanted:
        return True
    return any(all(w.lower() in text.lower() for w in words) for text in contexts(el))


def regional_tokens(book, on) -> dict[str, list[str]]:
    """Code, form and system values that rest on regional sources alone on `on`, with their places."""
    tokens = {}
    for rule in book.rules.values():
        if rule.unit not in CODE_UNITS:
            continue
        period = next((p for p in rule.periods if p.covers(on)), None)
        if period is None:
            continue
        scope = book.scope(period, on, rule.fact)
        if scope.kind == "regional":
            tokens[str(period.value)] = list(scope.places)
    return tokens


def unlabelled(html: str | BeautifulSoup, book, on) -> list[str]:
    soup = _soup(html)
    main = soup.find(attrs={"role": "main"}) or soup.find("article") or soup
    places = {slugify(s.place): s.place for s in book.sources.values() if s.place}
    problems = []
    for el in main.select(".scope-regional, .scope-handboken"):
        classes = el.get("class") or []
        words = (["handbok"] if "scope-handboken" in classes else
                 [places[c[6:]] for c in classes if c.startswith("scope-") and c[6:] in places])
        if not labelled(el, words):
            problems.append(f"{' '.join(words)}: {el.get_text(' ', strip=True)[:80]}")
    tokens = regional_tokens(book, on)
    for text in main.find_all(string=True):
        if text.parent.name in ("script", "style"):
            continue
        for token, words in tokens.items():
            if token in text and not labelled(text.parent, words):
                problems.append(f"{' '.join(words)}: ”{token}” i ”{str(text).strip()[:80]}”")
    return problems


def unlabelled_pages(site, book) -> dict[str, list[str]]:
    """Every page of a built site (built for the tests' pinned date) that shows a regional fact
    without naming its region, with what was found."""
    from datetime import date

    from sitebuild import EPOCH

    on = date.fromtimestamp(int(EPOCH))
    found = {}
    for path in sorted(site.rglob("*.html")):
        problems = unlabelled(_page(path), book, on)
        if problems:
            found[str(path.relative_to(site))] = problems
    return found


LABEL = re.compile(r"\((?:[Ee]nligt [^()]*|[Hh]andbokens tolkning[^()]*)\)")
RAW = re.compile(r"\{[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::[a-z]+)?\}|\(\s*\)")


def _soup(html: str | BeautifulSoup) -> BeautifulSoup:
    return html if isinstance(html, BeautifulSoup) else BeautifulSoup(html, "html.parser")


def _page(path: Path) -> BeautifulSoup:
    """A built page parsed once for all the checks of a run (parsing is most of their time); no
    check changes what it is given."""
    stat = path.stat()
    return _parsed(str(path), stat.st_mtime_ns, stat.st_size, stat.st_ino)


@functools.lru_cache(maxsize=256)  # two sites' pages: the fixture site's and the committee's
def _parsed(path: str, *written: int) -> BeautifulSoup:
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


def over_labelled(html: str | BeautifulSoup) -> list[str]:
    """Paragraphs, list items and cells with more than one scope label: whose a block is, is said once."""
    soup = _soup(html)
    main = soup.find(attrs={"role": "main"}) or soup
    found = []
    for block in main.find_all(["p", "td", "th", "dd"]):
        if len(LABEL.findall(block.get_text())) > 1:
            found.append(" ".join(block.get_text().split())[:160])
    for item in main.find_all("li"):
        own = "".join(c.get_text() if isinstance(c, Tag) and c.name not in ("ul", "ol") else str(c)
                      for c in item.children if not (isinstance(c, Tag) and c.name in ("ul", "ol")))
        if len(LABEL.findall(own)) > 1:
            found.append(" ".join(own.split())[:160])
    return found


def raw_markup(html: str | BeautifulSoup) -> list[str]:
    """Template text a reader must never see: a {rule.id} placeholder left unfilled, or an empty "( )"."""
    soup = _soup(html)
    main = soup.find(attrs={"role": "main"}) or soup
    return [m.group(0) for m in RAW.finditer(_prose_text(main))]


def _prose_text(el: Tag) -> str:
    """The element's text as get_text() gives it, without scripts and styles, and with each code or
    pre element as «kod» (commands and code may hold braces; they are not prose)."""
    parts = []
    for child in el.children:
        if isinstance(child, Tag):
            if child.name in ("code", "pre"):
                parts.append("«kod»")
            elif child.name not in ("script", "style"):
                parts.append(_prose_text(child))
        elif type(child) in (NavigableString, CData):
            parts.append(str(child))
    return "".join(parts)


def misplaced_notices(html: str | BeautifulSoup) -> list[str]:
    """Review notices where they break the reading: more than one outside the region tabs, or one
    inside a table cell, a list item or a definition. A region's tab carries its own routine's."""
    soup = _soup(html)
    main = soup.find(attrs={"role": "main"}) or soup
    notices = main.find_all(class_="review-notice")
    outside = [n for n in notices if not n.find_parent(class_="region-panel")]
    found = [f"{len(outside)} granskningsnotiser utanför flikarna"] if len(outside) > 1 else []
    for notice in notices:
        if notice.find_parent(["td", "th", "li", "dd"]):
            found.append("notis inuti en cell eller lista: " + " ".join(notice.get_text().split())[:100])
    return found


def prose_problems(site) -> dict[str, list[str]]:
    """Every staff page of a built site with more than one scope label in a block, raw template text,
    or review notices out of place."""
    found = {}
    for path in sorted(site.rglob("*.html")):
        rel = str(path.relative_to(site))
        if rel.startswith(("_static", "handbook/forvaltning", "handbook/reference/regler", "search", "genindex")):
            continue
        soup = _page(path)
        labels, notices = over_labelled(soup), misplaced_notices(soup)
        problems = [f"flera etiketter: {t}" for t in labels] + [f"rå mall: {t}" for t in raw_markup(soup)] + notices
        if problems:
            found[rel] = problems
    return found
