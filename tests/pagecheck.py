"""Every page of the built site in Chromium at one width: its requests, serious axe findings,
sideways overflow, tables wider than the screen and console errors (a blocked inline script or style
shows there as a CSP violation). The phone and desktop widths run as two test files, so make test's
workers check them side by side.

Furo's sidebar (the site's menu) is the same on every page but for which of its links is the page
itself (menu.py; test_navigation.py holds it). Each page's own run leaves it out; axe checks it once
per width and per set of stylesheets (menu.menu_pages), with every branch open and, on a phone, the
menu drawer open. Closed, a branch and the phone's drawer are hidden, and axe checks nothing hidden:
before, the phone's menu and the closed branches were never checked. Likewise every region's panel,
hidden until a reader chooses a region: shown all at once on the pages that have them, before the
page is checked."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

from axe_playwright_python.sync_playwright import DEFAULT_OPTIONS, Axe

from menu import menu_pages, pages_of

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


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

# A first visit chooses no region, so every region's panel (.region-panel, what a reader sees once
# they have chosen) is hidden, and axe checks nothing hidden. On pages that have them, all panels and
# the links to the other regions (a <details>, opened) are shown at once, beside what a first visit
# shows, before the page is checked (also for sideways scrolling and wide tables); the shown panels
# must then be visible, or axe would not check them.
SHOW_PANELS = ("(() => { for (const e of document.querySelectorAll('.region-switch > .region-panel,"
               " .region-switch > .region-others')) { e.hidden = false; e.open = true; }"
               " return [...document.querySelectorAll('.region-switch > .region-panel')]"
               ".map(p => [p.id, p.checkVisibility({visibilityProperty: true, opacityProperty: true})]); })()")

SIDEBAR = ".sidebar-drawer"
PAGE_RUN = f"axe.run({{exclude: [['{SIDEBAR}']]}}, {AXE_OPTIONS})"
SIDEBAR_RUN = f"axe.run({{include: [['{SIDEBAR}']]}}, {AXE_OPTIONS})"
# Every branch of the menu open, and the drawer too (Furo's toggle, a checkbox); the drawer's slide
# switched off first, so that axe sees it where it stops.
OPEN_MENU = ("document.querySelector('.sidebar-drawer').style.transition = 'none';"
             "for (const box of document.querySelectorAll('.sidebar-drawer .toctree-checkbox')) box.checked = true;"
             "document.getElementById('__navigation').checked = true;")
# The menu's links a reader cannot see with the menu open: hidden, or off the screen.
MENU_UNSEEN = ("[...document.querySelectorAll('.sidebar-drawer .sidebar-tree a.reference')].filter(a => {"
               " const r = a.getBoundingClientRect(); return !a.checkVisibility({visibilityProperty: true,"
               " opacityProperty: true}) || r.right <= 0 || r.left >= innerWidth; }).map(a => a.textContent)")
# Marking a link as the page itself, at any level, must change neither its colour, the background
# under it, its size nor its opacity (Furo makes it bold, which changes no contrast limit below
# 18.66 px): then the menu checked on one page is every page's. Gives the links where it does.
MARKS_CHANGE_NOTHING = """(() => {
  const tree = document.querySelector('.sidebar-drawer .sidebar-tree');
  const under = e => { for (; e; e = e.parentElement) { const s = getComputedStyle(e);
    if (s.backgroundColor !== 'rgba(0, 0, 0, 0)' || s.backgroundImage !== 'none') return s.backgroundColor + s.backgroundImage; }
    return 'white'; };
  const look = a => { const s = getComputedStyle(a); return [s.color, under(a), s.fontSize, s.opacity].join(' '); };
  const marked = [...tree.querySelectorAll('.current, .current-page')].map(e => [e, e.className]);
  marked.forEach(([e]) => e.classList.remove('current', 'current-page'));
  const differ = [];
  for (const a of tree.querySelectorAll('li > a.reference')) {
    const li = a.parentElement, parts = [li, a, li.parentElement], plain = look(a);
    if (parseFloat(getComputedStyle(a).fontSize) >= 18.66) differ.push(a.textContent + ' (stor text)');
    li.classList.add('current-page'); parts.forEach(e => e.classList.add('current'));
    if (look(a) !== plain) differ.push(a.textContent);
    li.classList.remove('current-page'); parts.forEach(e => e.classList.remove('current'));
  }
  marked.forEach(([e, c]) => { e.className = c; });
  return differ;
})()"""


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
        panels = page.evaluate(SHOW_PANELS)
        unseen = [panel for panel, seen in panels if not seen]
        if unseen:
            errors.append(f"regionflikar som inte syns när de visas, så axe såg dem inte: {unseen}")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        reports[f"{name} @{width}"] = {"requests": list(requests), "violations": _serious(page, PAGE_RUN),
                                       "overflow": overflow if viewport is PHONE else 0, "errors": list(errors),
                                       "wide_tables": page.evaluate(WIDE_TABLES) if viewport is PHONE else [],
                                       "panels": len(panels)}
    for name in menu_pages(site):
        requests.clear()
        errors.clear()
        page.goto(f"{served}/{name}", wait_until="load")
        page.evaluate(OPEN_MENU)
        unseen = page.evaluate(MENU_UNSEEN)
        if unseen:
            errors.append(f"sidomenyn: länkar som inte syns med menyn öppen, så axe såg dem inte: {unseen}")
        differ = page.evaluate(MARKS_CHANGE_NOTHING)
        if differ:
            errors.append(f"sidomenyn: länkar som ser annorlunda ut när de är sidan själv: {differ}")
        reports[f"{name} (sidomenyn, alla grenar öppna) @{width}"] = {
            "requests": list(requests), "violations": _serious(page, SIDEBAR_RUN), "overflow": 0, "errors": list(errors),
            "wide_tables": [], "panels": 0}
    context.close()
    return reports


def _serious(page, run: str) -> list[dict]:
    return [v for v in page.evaluate(run)["violations"] if v["impact"] in ("serious", "critical")]


# --- What only a reader's act shows (test_guides.py, test_publishing.py) ------------------------


def axe_context(browser, scheme: str, viewport: dict = PHONE):
    """A browser context in light or dark mode with axe-core in every page."""
    context = browser.new_context(viewport=viewport, color_scheme=scheme, service_workers="block")
    context.add_init_script(Axe().axe_script)
    return context


def serious_in(page, shown: list[str], timeout: float = 5000) -> list[str]:
    """Waits until each selector in `shown` has a visible element, then gives axe's serious findings
    in them; a part that never shows is a finding too (axe checks nothing hidden)."""
    from playwright.sync_api import TimeoutError as NotShown

    try:
        for selector in shown:
            page.locator(selector).filter(visible=True).first.wait_for(timeout=timeout)
    except NotShown:
        return [f"visades inte: {selector}"]
    run = f"axe.run({{include: {json.dumps([[selector] for selector in shown])}}}, {AXE_OPTIONS})"
    return [_described(v) for v in _serious(page, run)]


def off_loopback(reports: dict) -> dict:
    outside = {name: [u for u in r["requests"] if urlparse(u).scheme in ("http", "https", "ws", "wss")
                      and urlparse(u).hostname not in ("127.0.0.1", "localhost")]
               for name, r in reports.items()}
    return {k: v for k, v in outside.items() if v}


def axe_findings(reports: dict) -> dict:
    return {name: [_described(v) for v in r["violations"]] for name, r in reports.items() if r["violations"]}


def _described(violation: dict) -> str:
    node = violation["nodes"][0]
    why = " ".join(check["message"] for check in node.get("any", []))
    return f"{violation['id']} ({violation['impact']}): {violation['help']} – {node['target']} {why}".rstrip()


# The checks both widths make, on the module's own `page_reports` fixture: each width's test file
# imports them, so pytest runs them once per width (tests/test_browser.py, test_browser_desktop.py).
def test_the_site_has_pages_to_check(page_reports):
    assert len(page_reports) >= 40


def test_every_page_with_region_panels_had_them_checked(page_reports, site):
    """The panels are shown where a page has them (the fixture site's how-to pages do)."""
    with_panels = {name for name in pages_of(site) if 'class="region-panel ' in (site / name).read_text(encoding="utf-8")}
    checked = {name.rsplit(" @", 1)[0] for name, report in page_reports.items() if report["panels"]}
    assert len(with_panels) >= 5
    assert checked == with_panels


def test_no_page_breaks_the_content_security_policy_or_has_a_script_error(page_reports):
    assert {name: r["errors"] for name, r in page_reports.items() if r["errors"]} == {}


def test_no_page_has_a_serious_or_critical_axe_finding(page_reports):
    assert axe_findings(page_reports) == {}


def test_no_request_leaves_loopback(page_reports):
    assert off_loopback(page_reports) == {}
