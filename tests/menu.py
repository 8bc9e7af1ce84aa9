"""The built site's pages and Furo's sidebar (the site's menu) in them, read from the HTML: what lets
the page checks (pagecheck.py) check the menu once per width and per set of stylesheets instead of
on every page. test_navigation.py holds that every page's menu is the same but for its own place."""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

MARKS = ("current", "current-page")  # the classes that mark the page's own place in the menu


def pages_of(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html")
                  if not str(p.relative_to(site)).startswith(("_static", "_sources", ".doctrees")))


def _sidebar(html: str) -> str:
    start = html.index('<aside class="sidebar-drawer"')
    return html[start:html.index("</aside>", start)]


def _site_paths(html: str, name: str, attributes: str) -> str:
    """Links in `attributes` (href, action) written as paths from the site's root; the link to the
    page itself ("#") as the page's own path; links within the page (Furo's icons) as they are."""
    folder = posixpath.dirname(name)

    def resolve(match):
        target = match.group(2)
        if target.startswith("#") and target != "#":
            return match.group(0)
        path = "/" + name if target == "#" else posixpath.normpath(posixpath.join("/", folder, target))
        return f'{match.group(1)}="{path}"'

    return re.sub(rf'({attributes})="([^"]*)"', resolve, html)


def _unmarked_class(match) -> str:
    kept = " ".join(c for c in match.group(1).split() if c not in MARKS)
    return f' class="{kept}"' if kept else ""


def sidebar_variants(site: Path) -> dict[str, list[str]]:
    """Each page's sidebar with its links read as paths in the site and the marks of the page's own
    place in it taken away (the classes in MARKS, an opened branch, the link to itself): the versions
    found, with the pages that have each."""
    variants: dict[str, list[str]] = {}
    for name in pages_of(site):
        html = (site / name).read_text(encoding="utf-8")
        if '<aside class="sidebar-drawer"' not in html:
            continue
        side = re.sub(r' class="([^"]*)"', _unmarked_class, _site_paths(_sidebar(html), name, "href|action"))
        variants.setdefault(side.replace(' checked=""', ""), []).append(name)
    return variants


def _stylesheets(site: Path, name: str) -> tuple[str, ...]:
    html = (site / name).read_text(encoding="utf-8")
    links = re.findall(r'<link rel="stylesheet"[^>]*>', _site_paths(html, name, "href"))
    return tuple(re.sub(r"\?v=[^\"]*", "", link) for link in links)


def menu_pages(site: Path) -> list[str]:
    """For each set of stylesheets the pages load (some add a library's own), the page whose own link
    sits deepest in the menu (first by name): the pages on which the checks look at the menu."""
    def depth(name: str) -> int:
        found = re.search(r'class="toctree-l(\d)[^"]*current-page', (site / name).read_text(encoding="utf-8"))
        return int(found.group(1)) if found else 0

    chosen: dict[tuple[str, ...], str] = {}
    for name in sorted(name for pages in sidebar_variants(site).values() for name in pages):
        styles = _stylesheets(site, name)
        if styles not in chosen or depth(name) > depth(chosen[styles]):
            chosen[styles] = name
    return sorted(chosen.values())
