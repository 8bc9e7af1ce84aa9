"""Every page of the built site in Chromium at one width: its requests, serious axe findings,
sideways overflow and console errors (a blocked inline script or style shows there as a CSP
violation). The phone and desktop widths run as two test files, so the two cores check them side by
side (make test runs the files on two workers)."""
from __future__ import annotations

import json
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
AXE_RUN = (f"axe.run(Object.assign({json.dumps(DEFAULT_OPTIONS)},"
           f" {{runOnly: {{type: 'rule', values: {SERIOUS_RULES}}}}}))")


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
        violations = [v for v in page.evaluate(AXE_RUN)["violations"] if v["impact"] in ("serious", "critical")]
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        reports[f"{name} @{width}"] = {"requests": list(requests), "violations": violations,
                                       "overflow": overflow if viewport is PHONE else 0, "errors": list(errors)}
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
