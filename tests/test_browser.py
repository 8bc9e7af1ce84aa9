"""The site in a real browser (Debian's Chromium via Playwright), served with a strict
Content-Security-Policy: accessibility with axe-core at 375 px (1280 px: test_browser_desktop.py), no
request off loopback, no CSP violation or script error, keyboard use, a phone-wide layout, Swedish
search, screenshots."""
from __future__ import annotations

from pathlib import Path

import pytest

from pagecheck import AXE_RUN, DESKTOP, PHONE, SERIOUS_RULES, page_reports_at, pages_of
from pagecheck import (test_no_page_breaks_the_content_security_policy_or_has_a_script_error,  # noqa: F401
                       test_every_page_with_region_panels_had_them_checked,
                       test_no_page_has_a_serious_or_critical_axe_finding, test_no_request_leaves_loopback,
                       test_the_site_has_pages_to_check)


SHOTS = Path(__file__).resolve().parents[1] / "_build" / "screenshots"


@pytest.fixture(scope="module")
def page_reports(site, served, browser):
    """Every page at phone width (tests/test_browser_desktop.py does 1280 px beside it); the checks
    both widths make come from pagecheck."""
    return page_reports_at(site, served, browser, "375", PHONE)


def test_no_page_scrolls_sideways_at_375_px(page_reports):
    assert {name: r["overflow"] for name, r in page_reports.items() if r["overflow"] > 0} == {}


def test_no_table_needs_sideways_scrolling_on_a_phone(site, page_reports, browser, served):
    # Below 600 px each row is a card whose values sit under their column's heading.
    with_tables = [name for name in pages_of(site) if "<table" in (site / name).read_text(encoding="utf-8")]
    assert len(with_tables) > 10 and all(f"{name} @375" in page_reports for name in with_tables)
    assert {name: r["wide_tables"] for name, r in page_reports.items() if r["wide_tables"]} == {}
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{served}/handbook/reference/samtycke.html")
    first_value = page.locator("article table tbody td").nth(1)
    label = page.evaluate("el => getComputedStyle(el, '::before').content", first_value.element_handle())
    page.close()
    assert label.strip('"') == "Vårdens samtycke krävs"


# Low contrast and an image without text (serious, critical), and faults of rules the page checks
# leave out: a skipped heading level, zooming turned off, an empty heading and a wrong scope. Of
# these the last three have checks that alone would rate them serious or critical.
PLANTED = ('<!DOCTYPE html><html lang="sv"><head><title>Prov</title>'
           '<meta name="viewport" content="width=device-width, user-scalable=no"></head><body><main>'
           '<h1>Prov</h1><h3>Hoppar en nivå</h3><h2></h2><p style="color:#777;background:#888">Svag text</p>'
           '<img src="data:,"><table><tr><th scope="rad">x</th></tr></table></main></body></html>')


def test_axe_runs_every_default_rule_that_can_be_serious_and_finds_a_planted_fault(browser):
    """The page checks run only the rules that can report a serious or critical finding
    (pagecheck.SERIOUS_RULES), all of them part of axe's default run. Held against axe itself: a
    finding takes its rule's impact, even where the rule's own checks rate it higher, so a rule
    left out can never report a serious one."""
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page()
    page.set_content(PLANTED)
    page.add_script_tag(content=Axe().axe_script)
    impact = dict(page.evaluate("axe._audit.rules.map(r => [r.id, r.impact])"))
    default = page.evaluate("axe.run().then(r => ({ran: [].concat(r.passes, r.violations, r.incomplete, "
                            "r.inapplicable).map(x => x.id), found: r.violations.map(v => [v.id, v.impact])}))")
    selected = set(page.evaluate(SERIOUS_RULES))
    found = {v["id"] for v in page.evaluate(AXE_RUN)["violations"]}
    page.close()
    by_default = dict(default["found"])
    assert None not in impact.values()
    assert all(impact[rule] == level for rule, level in by_default.items())
    assert {rule: by_default.get(rule) for rule in ("heading-order", "meta-viewport", "empty-heading",
                                                    "scope-attr-valid")} == {
        "heading-order": "moderate", "meta-viewport": "moderate", "empty-heading": "minor",
        "scope-attr-valid": "moderate"}
    assert selected <= set(default["ran"])
    assert {"color-contrast", "image-alt"} <= found
    assert not {"heading-order", "meta-viewport", "empty-heading", "scope-attr-valid"} & found


def test_the_skip_link_is_the_first_tab_stop_and_jumps_to_the_content(served, browser):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{served}/handbook/index.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Hoppa till huvudinnehållet"
    page.keyboard.press("Enter")
    page.wait_for_url("**#furo-main-content", timeout=5000)  # under load the jump can lag the key press
    page.close()


def test_the_task_pages_are_in_the_menu_and_work_by_keyboard_alone(served, browser):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{served}/handbook/index.html")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Be Försäkringskassan om ett avstämningsmöte":
            break
    else:
        pytest.fail("Länken till ”Be Försäkringskassan om ett avstämningsmöte” nås inte med Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("handbook/howto/be-om-mote.html")
    page.close()


def test_the_sidebar_expand_arrows_work_by_keyboard(served, browser):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{served}/handbook/index.html")
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('toctree-checkbox')"):
            break
    else:
        pytest.fail("Ingen pil för att visa undersidor nås med Tab")
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert label.startswith("Visa undersidor till ")
    before = page.evaluate("document.activeElement.checked")
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked") is not before
    page.close()


def search(served, browser, query: str):
    """The result links and the status text of the site's search for `query`."""
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{served}/search.html?q={query}")
    # Polled from here: Playwright's wait_for_function evaluates a string, which the CSP forbids.
    for _ in range(150):
        status = page.evaluate("document.querySelector('#search-results p.search-summary')?.textContent || ''")
        if status.startswith(("Sökningen gav", "Inga sidor")):
            break
        page.wait_for_timeout(100)
    links = page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.getAttribute('href'))")
    status = page.inner_text("#search-results")
    page.close()
    return [link.split("#")[0].split("?")[0] for link in links if link], status


@pytest.mark.parametrize("word, expected", [
    ("avstämningsmötet", "handbook/howto/be-om-mote.html"),   # inflected form of avstämningsmöte
    ("arvodet", "handbook/svar/arvode.html"),                  # inflected form of arvode
])
def test_search_finds_pages_for_swedish_inflected_words(served, browser, word, expected):
    links, _ = search(served, browser, word)
    assert expected in links, links


@pytest.mark.parametrize("word", ["samtycke", "KVÅ", "SIP", "Webcert", "trepartsmöte",
                                  "förebyggande sjukpenning", "FK7429"])
def test_task_pages_outrank_the_glossary_and_the_change_history(served, browser, word):
    links, _ = search(served, browser, word)
    assert links, word
    assert not links[0].endswith(("reference/ordlista.html", "reference/andringshistorik.html")), links[:3]
    assert "/svar/" in links[0] or "/howto/" in links[0] or "/routines/" in links[0], links[:3]


@pytest.mark.parametrize("code, expected", [("FK7429", "handbook/howto/be-om-mote.html"),
                                            ("XS013", "handbook/howto/boka-och-journalfora.html"),
                                            ("2760", "handbook/howto/fakturera.html")])
def test_a_code_finds_the_page_that_says_what_to_do_with_it(served, browser, code, expected):
    links, _ = search(served, browser, code)
    assert expected in links[:3], links[:5]


def test_search_says_how_many_pages_it_found_and_finds_sjukdag_40(served, browser):
    links, status = search(served, browser, "sjukdag 40")
    assert "handbook/svar/motesform.html" in links, links
    assert f"Sökningen gav {len(links)} träffar." in status or (len(links) == 1 and "Sökningen gav en träff." in status)


def test_a_search_without_results_says_so_in_swedish(served, browser):
    links, status = search(served, browser, "flygplansmotor")
    assert links == []
    assert "Inga sidor innehåller det du sökte efter" in status
    assert "kategorier" not in status and "categories" not in status


def test_screenshots_of_the_start_page_a_routine_page_and_a_printed_checklist(served, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{served}/handbook/index.html")
    page.screenshot(path=SHOTS / "startsida.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=SHOTS / "startsida-mobil.png", full_page=True)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{served}/handbook/routines/varmland.html")
    page.screenshot(path=SHOTS / "rutin-varmland.png", full_page=True)
    page.goto(f"{served}/handbook/routines/varmland.html#checklista-varmland-avstamningsmote-lakare")
    page.emulate_media(media="print")
    page.screenshot(path=SHOTS / "checklista-utskrift.png", full_page=True)
    page.pdf(path=SHOTS / "checklista-utskrift.pdf", format="A4")
    page.close()
    for name in ["startsida.png", "startsida-mobil.png", "rutin-varmland.png", "checklista-utskrift.png"]:
        assert (SHOTS / name).stat().st_size > 10_000, name
    pdf = (SHOTS / "checklista-utskrift.pdf").read_bytes()
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type/Page") - pdf.count(b"/Type/Pages") >= 1
