"""Every page of the built site in Chromium at one width: its requests, serious axe findings,
sideways overflow, tables wider than the screen and console errors (a blocked inline script or style
shows there as a CSP violation). The phone and desktop widths run as two test files, so make test's
workers check them side by side.

Furo's sidebar (the site's menu) is the same on every page but for which of its links is the page
itself (sidebar_variants, held by test_navigation.py). axe checks it once per width, on the page
deepest in it, with every branch open and, on a phone, the menu drawer open: closed, the drawer is
off screen, where axe checks no contrast, and a closed branch is hidden. Each page's own run leaves
the menu out (up to an eighth of axe's time at 1280 px)."""
from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from urllib.parse import urlparse

from axe_playwright_python.sync_playwright import DEFAULT_OPTIONS, Axe

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def pages_of(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html")
                  if not str(p.relative_to(site)).startswith(("_static", "_sources", ".doctrees")))


# The rules of axe-core's default run that can report a serious or critical finding, the only ones
# these checks act on. axe gives every node of a rule's finding the rule's own impact, so the rules
# left out (minor or moderate, such as region or heading-order) can never fail a check here, and
# skipping them takes about a quarter off each page's run. The default run's own choice first: rules
# switched off, and rules with a tag it leaves out (experimental, deprecated).
# test_axe_runs_every_default_rule_that_can_be_serious_and_finds_a_planted_fault (test_browser.py)
# holds this against axe.
SERIOUS_RULES = ("axe._audit.rules.filter(r => r.enabled !== false"
                 " && !r.tags.some(t => axe._audit.tagExclude.includes(t))"
                 " && ['serious', 'critical'].includes(r.impact)).map(r => r.id)")
# axe-core's own call with the options axe-playwright-python passes it (details for violations only).
AXE_OPTIONS = (f"Object.assign({json.dumps(DEFAULT_OPTIONS)},"
               f" {{runOnly: {{type: 'rule', values: {SERIOUS_RULES}}}}})")
AXE_RUN = f"axe.run({AXE_OPTIONS})"

# Tables in the text wider than the column they stand in (on a phone each row is a card instead).
WIDE_TABLES = ("Array.from(document.querySelectorAll('article table'))"
               ".map(t => [t.scrollWidth, t.parentElement.clientWidth]).filter(([a, b]) => a > b + 1)")

SIDEBAR = ".sidebar-drawer"
PAGE_RUN = f"axe.run({{exclude: [['{SIDEBAR}']]}}, {AXE_OPTIONS})"
SIDEBAR_RUN = f"axe.run({{include: [['{SIDEBAR}']]}}, {AXE_OPTIONS})"
# Every branch of the menu open, and the drawer too (Furo's toggle, a checkbox); the drawer's slide
# switched off first, so that axe sees it where it stops.
OPEN_MENU = ("document.querySelector('.sidebar-drawer').style.transition = 'none';"
             "for (const box of document.querySelectorAll('.sidebar-drawer .toctree-checkbox')) box.checked = true;"
             "document.getElementById('__navigation').checked = true;")
# A link marked as the page itself must look like the others at its level (Furo makes it bold, in the
# same colour on the same background; bold changes no contrast limit below 18.7 px), so that checking
# one page's menu checks every page's.
CURRENT_LOOKS_ALIKE = (
    "(() => { const under = e => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;"
    " if (c !== 'rgba(0, 0, 0, 0)') return c; } return 'rgb(255, 255, 255)'; };"
    " const look = a => { const s = getComputedStyle(a); return [s.color, under(a), s.fontSize, s.opacity].join(' '); };"
    " const marked = [...document.querySelectorAll('.sidebar-tree li.current > a.reference')];"
    " return marked.length > 0 && marked.every(a => [...a.parentElement.parentElement.children]"
    ".filter(li => !li.classList.contains('current')).every(li => look(li.querySelector('a.reference')) === look(a))); })()")


def _sidebar(html: str) -> str:
    start = html.index('<aside class="sidebar-drawer"')
    return html[start:html.index("</aside>", start)]


def sidebar_variants(site: Path) -> dict[str, list[str]]:
    """Each page's sidebar with its links read as paths in the site and the marks of the page's own
    place in it taken away ("current", "current-page", the link to itself): the versions found, with
    the pages that have each."""
    variants: dict[str, list[str]] = {}
    for name in pages_of(site):
        html = (site / name).read_text(encoding="utf-8")
        if '<aside class="sidebar-drawer"' not in html:
            continue
        folder = posixpath.dirname(name)

        def resolve(match, folder=folder, name=name):
            target = match.group(2)
            if target.startswith("#") and target != "#":  # within the page (Furo's icons)
                return match.group(0)
            path = "/" + name if target == "#" else posixpath.normpath(posixpath.join("/", folder, target))
            return f'{match.group(1)}="{path}"'

        side = re.sub(r'(href|action)="([^"]*)"', resolve, _sidebar(html))
        side = re.sub(r' class="([^"]*)"', lambda m: "".join(
            f' class="{kept}"' for kept in [" ".join(c for c in m.group(1).split() if c not in ("current", "current-page"))]
            if kept), side)
        side = side.replace(' checked=""', "")
        variants.setdefault(side, []).append(name)
    return variants


def deepest_in_menu(site: Path) -> str:
    """The page whose own link sits deepest in the menu (first by name): its menu shows the marks of
    the page's place at every level."""
    def depth(name: str) -> int:
        found = re.search(r'class="toctree-l(\d)[^"]*current-page', (site / name).read_text(encoding="utf-8"))
        return int(found.group(1)) if found else 0
    return max(sorted(pages_of(site)), key=depth)


def page_reports_at(site: Path, served: str, browser, width: str, viewport: dict) -> dict:
    reports = {}
    # No service worker here: it would fetch the whole site in the background of every check
    # (the offline copy has its own test).
    context = browser.new_context(viewport=viewport, service_workers="block")
    # axe-core (half a megabyte) goes to Chromium once and is in every page before the page's own
    # scripts, instead of being sent again for each page (about 3 s a width). The browser adds it
    # itself, so the page's Content-Security-Policy does not apply to it.
    context.add_init_script(Axe().axe_script)
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    for name in pages_of(site):
        requests.clear()
        errors.clear()
        # Everything a page loads is in it when "load" fires: no page fetches more on its own.
        page.goto(f"{served}/{name}", wait_until="load")
        if 'http-equiv="refresh"' in (site / name).read_text(encoding="utf-8"):  # the root: on to the start page
            page.wait_for_url("**/handbook/index.html")
            page.wait_for_load_state("load")
        violations = [v for v in page.evaluate(PAGE_RUN)["violations"] if v["impact"] in ("serious", "critical")]
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        reports[f"{name} @{width}"] = {"requests": list(requests), "violations": violations,
                                       "overflow": overflow if viewport is PHONE else 0, "errors": list(errors),
                                       "wide_tables": page.evaluate(WIDE_TABLES) if viewport is PHONE else []}
    requests.clear()
    errors.clear()
    name = deepest_in_menu(site)
    page.goto(f"{served}/{name}", wait_until="load")
    page.evaluate(OPEN_MENU)
    if page.evaluate(f"document.querySelector('{SIDEBAR}').getBoundingClientRect().left") < 0:
        errors.append("sidomenyn: lådan öppnades inte, så axe hade inte sett dess kontrast")
    if not page.evaluate(CURRENT_LOOKS_ALIKE):
        errors.append("sidomenyn: länken till sidan själv ser annorlunda ut än de andra")
    violations = [v for v in page.evaluate(SIDEBAR_RUN)["violations"] if v["impact"] in ("serious", "critical")]
    reports[f"{name} (sidomenyn, alla grenar öppna) @{width}"] = {
        "requests": list(requests), "violations": violations, "overflow": 0, "errors": list(errors), "wide_tables": []}
    context.close()
    return reports


def off_loopback(reports: dict) -> dict:
    outside = {name: [u for u in r["requests"] if urlparse(u).scheme in ("http", "https", "ws", "wss")
                      and urlparse(u).hostname not in ("127.0.0.1", "localhost")]
               for name, r in reports.items()}
    return {k: v for k, v in outside.items() if v}


def axe_findings(reports: dict) -> dict:
    return {name: [f"{v['id']} ({v['impact']}): {v['help']} – {v['nodes'][0]['target']}" for v in r["violations"]]
            for name, r in reports.items() if r["violations"]}


# The checks both widths make, on the module's own `page_reports` fixture: each width's test file
# imports them, so pytest runs them once per width (tests/test_browser.py, test_browser_desktop.py).
def test_the_site_has_pages_to_check(page_reports):
    assert len(page_reports) >= 40


def test_no_page_breaks_the_content_security_policy_or_has_a_script_error(page_reports):
    assert {name: r["errors"] for name, r in page_reports.items() if r["errors"]} == {}


def test_no_page_has_a_serious_or_critical_axe_finding(page_reports):
    assert axe_findings(page_reports) == {}


def test_no_request_leaves_loopback(page_reports):
    assert off_loopback(page_reports) == {}
