"""What a published site needs beyond its pages: a root that leads to the start page, a Swedish 404
page, and a "today" that stays true – a page past its next known change, or built over a week ago,
says so in one line, and the fee guide's date starts at the reader's today (Chromium, clock set)."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from sitebuild import EPOCH

BUILT = datetime.fromtimestamp(int(EPOCH), UTC).date()  # the day the fixture site is built for


def at(browser, served, when: str, path: str = "handbook/howto/samtycke.html"):
    """A page opened with the device clock at `when` (ÅÅÅÅ-MM-DD, noon)."""
    context = browser.new_context()
    page = context.new_page()
    page.clock.set_fixed_time(datetime.fromisoformat(f"{when}T12:00:00"))
    page.goto(f"{served}/{path}")
    return context, page


def test_the_root_leads_to_the_start_page(site):
    root = (site / "index.html").read_text(encoding="utf-8")
    assert 'lang="sv"' in root and 'href="handbook/index.html"' in root
    assert 'content="0; url=handbook/index.html"' in root


def test_a_missing_page_gets_a_swedish_404_page_with_a_way_back(site):
    page = (site / "404.html").read_text(encoding="utf-8")
    assert "<h1>Sidan finns inte</h1>" in page and 'lang="sv"' in page
    assert 'href="/handbook/index.html"' in page


def test_every_page_says_what_day_it_shows_and_the_next_known_change(site):
    # Värmland's routine ends 2028-04-09, so the pages read differently from 2028-04-10 (the next
    # date anything in the fixture rulebook starts or ends after the build day).
    footer = re.search(r'<div class="edition"[^>]*>', (site / "handbook/howto/samtycke.html").read_text(encoding="utf-8"))
    assert f'data-built="{BUILT}"' in footer.group(0) and 'data-next="2028-04-10"' in footer.group(0)


@pytest.mark.parametrize("today, says", [
    (BUILT + timedelta(days=2), None),
    # The fixture rulebook's settings: stale after 7 days.
    (BUILT + timedelta(days=8), f"Sidan byggdes {BUILT}, för mer än en vecka sedan."),
    ("2028-04-11", f"Sidan visar det som gällde {BUILT}, men från 2028-04-10 gäller något annat på den."),
])
def test_a_page_read_after_its_next_change_or_a_week_after_its_build_says_so(browser, served, today, says):
    context, page = at(browser, served, str(today))
    note = page.locator(".stale-note")
    if says is None:
        assert note.is_hidden()
    else:
        assert note.is_visible() and note.inner_text().startswith(says)
    context.close()


def test_the_fee_guides_date_starts_at_the_readers_today(browser, served):
    context, page = at(browser, served, "2027-02-03", "handbook/svar/arvode.html")
    assert page.input_value("#meeting-date") == "2027-02-03"
    context.close()


# --- My region -------------------------------------------------------------------------------

HOWTO = "handbook/howto/be-om-mote.html"


def shown_regions(page) -> list[str]:
    return page.locator(".region-panel:visible .region-panel-title").all_inner_texts()


def test_a_first_visit_shows_no_regions_routine_only_the_choice(browser, served):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{served}/{HOWTO}")
    assert shown_regions(page) == []
    assert page.locator(".region-switch .region-choose").first.is_visible()
    assert page.locator(".region-chip:visible").inner_text() == "Välj region"
    page.goto(f"{served}/handbook/svar/checklista.html")
    assert page.input_value("#cl-region") == ""  # the checklist guide preselects no routine either
    context.close()


def test_a_chosen_region_opens_on_every_page_and_the_header_names_it(browser, served):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{served}/{HOWTO}")
    page.locator(".region-select").first.select_option("varmland")
    assert shown_regions(page) == ["Region Värmland"]
    page.goto(f"{served}/handbook/howto/samtycke.html")
    assert shown_regions(page) == ["Region Värmland"]
    assert page.locator(".region-chip:visible").inner_text() == "Din region: Värmland · Byt"
    # Another region is one tap away, here only; the reader's own stays saved.
    page.locator(".region-others summary").first.click()
    page.locator(".region-others a[data-region=halland]").first.click()
    assert shown_regions(page) == ["Region Halland"]
    page.reload()
    assert shown_regions(page) == ["Region Värmland"]
    context.close()


def test_ingen_vald_forgets_the_region(browser, served):
    """A reader can take their choice back: "Ingen vald" in the list closes the region's routine,
    the header asks for a region again, and so does the next page."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{served}/{HOWTO}")
    page.locator(".region-select").first.select_option("sormland")
    assert shown_regions(page) == ["Region Sörmland"]
    page.locator(".region-chip:visible").click()  # "Sörmland · Byt": to the start page's choice
    page.locator(".region-select:visible").first.select_option("")
    assert page.locator(".region-chip:visible").inner_text() == "Välj region"
    page.goto(f"{served}/{HOWTO}")
    assert shown_regions(page) == [] and page.locator(".region-switch .region-choose").first.is_visible()
    page.goto(f"{served}/handbook/howto/samtycke.html")
    assert shown_regions(page) == [] and page.locator(".region-chip:visible").inner_text() == "Välj region"
    context.close()


def test_byt_in_the_header_leads_back_to_the_page_the_reader_was_on(browser, served):
    """"Byt" opens the start page's choice; from there one tap leads back (it used to lose the
    reader's place), and only to a page of this site."""
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(f"{served}/{HOWTO}")
    page.locator(".region-select").first.select_option("varmland")
    page.locator(".region-chip:visible").click()
    page.locator(".region-choose-start .region-select").select_option("halland")
    page.get_by_role("link", name="Tillbaka till sidan du läste").click()
    assert page.url == f"{served}/{HOWTO}" and shown_regions(page) == ["Region Halland"]
    page.goto(f"{served}/handbook/index.html?tillbaka=https://example.org/handbook/index.html")
    assert page.get_by_role("link", name="Tillbaka till sidan du läste").count() == 0
    context.close()


def test_a_link_with_another_region_shows_it_for_the_visit_and_keeps_the_saved_choice(browser, served):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{served}/{HOWTO}")
    page.locator(".region-select").first.select_option("varmland")
    page.goto(f"{served}/handbook/howto/samtycke.html?region=sormland")
    assert shown_regions(page) == ["Region Sörmland"]
    assert "länken du följde" in page.locator(".region-visit").inner_text()
    page.goto(f"{served}/{HOWTO}")
    assert shown_regions(page) == ["Region Värmland"]
    page.goto(f"{served}/handbook/howto/samtycke.html?region=sormland")
    page.locator(".region-keep").click()
    page.goto(f"{served}/{HOWTO}")
    assert shown_regions(page) == ["Region Sörmland"]
    context.close()


def test_a_printout_names_the_region_it_shows_or_that_none_was_chosen(browser, served):
    context = browser.new_context()
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto(f"{served}/{HOWTO}")
    before = page.evaluate("getComputedStyle(document.querySelector('.region-switch'), '::before').content")
    assert "Ingen region vald" in before
    page.emulate_media(media="screen")
    page.locator(".region-select").first.select_option("halland")
    page.emulate_media(media="print")
    assert shown_regions(page) == ["Region Halland"]
    assert "Ingen region vald" not in page.evaluate(
        "getComputedStyle(document.querySelector('.region-switch'), '::before').content")
    edition = page.locator(".edition")
    assert edition.is_visible() and "Utgåva" in edition.inner_text() and "visar det som gäller" in edition.inner_text()
    context.close()


# --- WCAG 2.1 AA where axe does not look ----------------------------------------------------------


def _luminance(rgb: str) -> float:
    r, g, b = (int(x) / 255 for x in re.findall(r"[\d.]+", rgb)[:3])
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_contrast_helper_matches_wcags_figures():
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 1) == 21.0
    assert contrast("rgb(255, 191, 71)", "rgb(255, 255, 255)") < 3  # the old yellow ring failed


FOCUS = """() => {
  const el = document.activeElement;
  const s = getComputedStyle(el);
  let bg = 'rgb(255, 255, 255)';
  for (let n = el.parentElement; n; n = n.parentElement) {
    const c = getComputedStyle(n).backgroundColor;
    if (c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') { bg = c; break; }
  }
  return {what: el.tagName + '.' + el.className, style: s.outlineStyle, width: parseFloat(s.outlineWidth),
          color: s.outlineColor, bg};
}"""


@pytest.mark.parametrize("path", [HOWTO, "handbook/svar/arvode.html", "handbook/index.html"])
def test_every_focused_control_has_a_ring_with_3_to_1_contrast(browser, served, path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{served}/{path}")
    weak = []
    for _ in range(25):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS)
        if ring["what"].startswith("BODY"):
            continue
        if ring["style"] == "none" or ring["width"] < 2 or contrast(ring["color"], ring["bg"]) < 3:
            weak.append(ring)
    context.close()
    assert weak == []


@pytest.mark.parametrize("path", [HOWTO, "handbook/svar/arvode.html"])
def test_the_primary_tap_targets_are_44_px_on_a_phone(browser, served, path):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(f"{served}/{path}")
    small = []
    for selector in (".mobile-header .header-left label", ".mobile-header .theme-toggle", ".mobile-header .header-search",
                     ".mobile-header .toc-overlay-icon", ".mobile-header .region-chip", "article .region-select",
                     "article .guide-next"):
        for box in [page.locator(selector).nth(i).bounding_box() for i in range(page.locator(selector).count())]:
            if box and (box["width"] < 44 or box["height"] < 44):
                small.append((selector, round(box["width"]), round(box["height"])))
    context.close()
    assert small == []


# The phone's header bar: each control's box, whether its text is cut, and the title link's width
# (0 when it is not shown).
HEADER_BOXES = """() => [...document.querySelectorAll(`.mobile-header .header-left label, .mobile-header .region-chip,
  .mobile-header .header-search, .mobile-header .theme-toggle, .mobile-header .header-right label`)]
  .filter(e => e.checkVisibility()).map(e => { const r = e.getBoundingClientRect();
    return {what: e.className, left: r.left, right: r.right, width: r.width, height: r.height,
            cut: e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1}; })"""
# The title as shown: null when it is not, else its text and whether the ellipsis cut it.
TITLE_SHOWN = ("(() => { const b = document.querySelector('.mobile-header .header-center .brand');"
               " return b.checkVisibility() ? [b.innerText, b.scrollWidth > b.clientWidth] : null; })()")


@pytest.mark.parametrize("width", [320, 375, 768])
def test_the_phones_header_fits_every_regions_name_without_overlap(browser, served, width):
    """With any region chosen (the longest name too) or none: every control whole, 44 px or more,
    on the screen and clear of the others (the chip once ran under the search icon, so a tap on
    "Byt" opened the search); the title whole, as its first word or not at all, never cut."""
    import json

    context = browser.new_context(viewport={"width": width, "height": 740})
    page = context.new_page()
    page.goto(f"{served}/{HOWTO}")
    slugs = json.loads(page.locator(".mobile-header .region-chip").get_attribute("data-names"))
    full = page.locator(".sidebar-brand-text").first.text_content().strip()  # the site's title (the menu's)
    assert len(slugs) >= 4
    faults = []
    for slug in [None, *slugs]:
        page.evaluate("s => s ? localStorage.setItem('handbok-region', s) : localStorage.clear()", slug)
        page.reload()
        chip = page.locator(".mobile-header .region-chip").inner_text()
        assert (slug is None) == (chip == "Välj region"), (slug, chip)
        boxes = sorted(page.evaluate(HEADER_BOXES), key=lambda b: b["left"])
        assert len(boxes) == 5, boxes
        for box in boxes:
            if box["cut"] or box["width"] < 44 or box["height"] < 44 or box["left"] < 0 or box["right"] > width:
                faults.append((slug, box))
        faults += [(slug, a["what"], b["what"]) for a, b in zip(boxes, boxes[1:]) if a["right"] > b["left"] + 0.5]
        title = page.evaluate(TITLE_SHOWN)
        if title and (title[1] or title[0] not in (full, full.split()[0])):
            faults.append((slug, "rubriken", title))
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > width:
            faults.append((slug, "sidan rullar i sidled", wide))
    context.close()
    assert faults == []


STICKY = """() => {
  const wrap = document.querySelector('.table-wrapper.form-comparison');
  const wide = wrap.scrollWidth > wrap.clientWidth;
  wrap.scrollLeft = wrap.scrollWidth;
  return {wide, left: wrap.getBoundingClientRect().left, rows: [...wrap.querySelectorAll('tbody tr > :first-child')].map(c => {
    window.scrollTo({top: c.getBoundingClientRect().top + scrollY, behavior: 'instant'});
    const r = c.getBoundingClientRect(), top = document.elementFromPoint(r.left + r.width / 2, r.top + 8);
    return [c.textContent.trim(), r.left, c.contains(top)]; })};
}"""


def test_the_meeting_forms_comparison_keeps_its_row_names_in_view_when_scrolled_sideways(browser, served):
    """On a computer the comparison is wider than the text (six forms); scrolled to its last column,
    every row's name is still at the table's left edge and on top."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{served}/handbook/reference/motesformer.html")
    seen = page.evaluate(STICKY)
    context.close()
    assert seen["wide"] and len(seen["rows"]) >= 5
    assert [(name, round(left - seen["left"]), on_top) for name, left, on_top in seen["rows"]] == [
        (name, 0, True) for name, _, _ in seen["rows"]]


INSET = """sel => [...document.querySelectorAll(sel)].filter(e => e.checkVisibility()).map(e => {
  const s = getComputedStyle(e); return [parseFloat(s.borderLeftWidth), parseFloat(s.paddingLeft)]; })"""


@pytest.mark.parametrize("width", [375, 1280])
def test_text_in_a_region_panel_or_a_checklist_box_keeps_clear_of_its_border(browser, served, width):
    """Both are docutils containers, whose padding Furo sets to 0 in the main column: the text of
    each region's routine ran into its blue line, and each checklist's into its frame."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{served}/{HOWTO}")
    page.evaluate("localStorage.setItem('handbok-region', 'varmland')")
    page.reload()
    panels = page.evaluate(INSET, ".region-switch")
    page.goto(f"{served}/handbook/routines/varmland.html")
    boxes = page.evaluate(INSET, ".checklist")
    context.close()
    assert panels and boxes
    assert [inset for inset in panels + boxes if inset[0] < 1 or inset[1] < 8] == []


def test_every_page_has_one_h1_and_no_two_scrolling_tables_share_a_label(site):
    problems = []
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        if str(path.relative_to(site)).startswith("_static"):
            continue
        if len(re.findall(r"<h1[ >]", html)) != 1:
            problems.append((str(path.relative_to(site)), "h1", len(re.findall(r"<h1[ >]", html))))
        labels = re.findall(r'role="region" aria-label="([^"]*)"', html)
        if len(labels) != len(set(labels)):
            problems.append((str(path.relative_to(site)), "etiketter", labels))
    assert problems == []


@pytest.mark.parametrize("path", [HOWTO, "handbook/routines/varmland.html",
                                  "handbook/svar/checklista.html?region=varmland&form=avstamningsmote&role=lakare"])
def test_a_how_to_a_routine_and_the_checklists_have_a_print_button_a_phone_can_use(browser, served, path):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(f"{served}/{path}")
    # The checklist page's button comes with the chosen checklist, beside it.
    button = page.locator("article .guide-print" if "checklista" in path else "article .print-page")
    button.wait_for()
    assert button.inner_text().startswith("Skriv ut") and button.bounding_box()["height"] >= 44
    context.close()


def test_search_is_one_tap_from_the_phone_header(browser, served):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(f"{served}/{HOWTO}")
    page.locator(".mobile-header .header-search").click()
    page.wait_for_url("**/search.html")
    assert page.locator("h1").inner_text() == "Sök i handboken"
    context.close()


def test_a_routine_prints_on_at_most_three_a4_pages_without_its_checklists(site, browser, served):
    """The routine's own page on paper: the steps, what they are for and the facts about the
    document; each checklist prints alone from its own link, the version history stays on screen."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    counts = {}
    for routine in sorted((site / "handbook" / "routines").glob("*.html")):
        if routine.name == "index.html":
            continue
        page.goto(f"{served}/handbook/routines/{routine.name}")
        pdf = page.pdf(format="A4")
        counts[routine.stem] = (pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type/Page")
                                - pdf.count(b"/Type/Pages"))
    page.close()
    assert len(counts) >= 5
    assert all(n <= 3 for n in counts.values()), counts


# --- What only a reader's act shows, under axe -------------------------------------------------

# Each: what to open, the device's date (or none: the pinned build day), the region saved before
# (or none), and what must then be shown and is checked. The page checks see every page as a first
# visit on the build day shows it, in light mode only. Search results: the national routine's own
# hits (fetched after Sphinx's), the summary and the button for the other routines come last.
AFTER_AN_ACT = {
    "sidan är äldre än en vecka": ("handbook/howto/samtycke.html", BUILT + timedelta(days=8), None, [".stale-note"]),
    "en region visad via en länk": ("handbook/howto/samtycke.html?region=sormland", None, None,
                                    [".region-visit", ".region-switch > .region-panel.region-sormland"]),
    "en sparad region": ("handbook/howto/be-om-mote.html", None, "varmland",
                         [".region-chip", ".region-switch > .region-panel.region-varmland"]),
    "sökträffar": ("search.html?q=mötet", None, None,
                   ["#search-results li.routine-hit", "#search-results p.search-summary:not(:empty)", ".routine-more"]),
    "vägen tillbaka efter Byt": ("handbook/index.html?tillbaka=/handbook/howto/samtycke.html", None, "varmland",
                                 [".region-back a", ".region-choose-start"]),
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_what_a_readers_act_shows_has_no_serious_axe_finding(browser, served, scheme):
    from pagecheck import axe_context, serious_in

    findings = {}
    for state, (path, day, region, shown) in AFTER_AN_ACT.items():
        context = axe_context(browser, scheme)  # one each: no saved region or clock carries over
        page = context.new_page()
        page.clock.set_fixed_time(datetime.fromisoformat(f"{day or BUILT}T12:00:00"))
        if region:
            page.goto(f"{served}/handbook/index.html")
            page.evaluate("slug => window.localStorage.setItem('handbok-region', slug)", region)
        page.goto(f"{served}/{path}")
        found = serious_in(page, shown)
        if found:
            findings[state] = found
        context.close()
    assert findings == {}


# --- Reporting an error ---------------------------------------------------------------------------

PAGE, TITLE, EDITION = "https://handbok.example/handbook/index.html", "Start", "2026.12 (abc1234)"


@pytest.mark.parametrize("given, leads_to", [
    ({"issues_url": "https://kod.example/region/handbok/issues/new", "contact": "010-123 45 67"},
     "https://kod.example/region/handbok/issues/new?template=fel-pa-sidan.yml&title=Fel+p%C3%A5+sidan%3A+Start"
     "&sida=https%3A%2F%2Fhandbok.example%2Fhandbook%2Findex.html&utgava=2026.12+%28abc1234%29"),
    ({"contact": "handbok@region.example"},
     "mailto:handbok@region.example?subject=Fel+p%C3%A5+sidan+https%3A%2F%2Fhandbok.example%2Fhandbook%2Findex.html"
     "+%28utg%C3%A5va+2026.12+%28abc1234%29%29"),
    ({"contact": "010-123 45 67"}, None),
    ({}, None),
])
def test_report_an_error_leads_to_the_publishers_form_or_e_mail_or_is_not_offered(given, leads_to):
    """The footer's "Rapportera fel på sidan" once led, without a publisher's address, to the
    accessibility statement, which told the reader to use that very link."""
    from policy.models import Publisher
    from policy.sphinxext.accessibility import contact_text, report_address

    publisher = Publisher(**given)
    assert report_address(publisher, PAGE, TITLE, EDITION) == leads_to
    text = contact_text(publisher)
    assert ("”Rapportera fel på sidan”" in text) == (leads_to is not None)
    if publisher.contact:
        assert publisher.contact in text
    if not given:
        assert text.endswith("Utgivaren har ännu inte angett hur du når den; fråga den som ansvarar för handboken i din region.")
    assert "settings.yaml" not in text and "src/" not in text


def test_without_a_publishers_address_no_page_offers_a_report_link_that_leads_nowhere(site):
    # The fixture rulebook's settings name no publisher, contact or issue form.
    start = (site / "handbook" / "index.html").read_text(encoding="utf-8")
    statement = (site / "handbook" / "tillganglighet.html").read_text(encoding="utf-8")
    assert "Tillgänglighet</a>" in start and "Rapportera fel på sidan" not in start
    assert "Rapportera fel på sidan" not in statement and "settings.yaml" not in statement
    assert "Utgivaren har ännu inte angett hur du når den" in statement


# --- What staff read on paper and tap on ----------------------------------------------------------


def test_each_box_of_the_tutorials_flow_leads_to_its_numbered_section(site):
    """The five framed boxes looked like the way in and led nowhere."""
    page = (site / "handbook" / "tutorial" / "forsta-avstamningsmotet.html").read_text(encoding="utf-8")
    flow = re.search(r'<ol class="process-flow">(.*?)</ol>', page, re.S).group(1)
    targets = re.findall(r'<li><p><a class="reference internal" href="#([^"]+)"><strong>', flow)
    assert len(targets) == 5
    for number, target in enumerate(targets, 1):
        heading = re.search(rf'<section id="{re.escape(target)}">\s*(?:<span id="[^"]*"></span>)?<h2>([^<]*)', page)
        label = re.findall(r'<li><p><a [^>]*><strong>([^<]*)</strong>', flow)[number - 1]
        assert heading and heading.group(1).startswith(f"{number}. {label}"), (number, target)


def test_the_checklists_page_leads_to_each_routines_checklists(site):
    """It listed the routines with their review state (the maintainers' table), not the checklists."""
    page = (site / "handbook" / "reference" / "checklistor.html").read_text(encoding="utf-8")
    links = re.findall(r'href="\.\./routines/([a-z-]+)\.html#checklistor"', page)
    assert len(links) >= 5 and "Granskning den" not in page
    for slug in links:
        assert '<section id="checklistor">' in (site / "handbook" / "routines" / f"{slug}.html").read_text(encoding="utf-8")


def test_a_checklist_step_where_the_sources_differ_says_how_the_handbook_settles_it_in_words(site, book):
    """Seed 002 gives Sörmland's fee as one amount; on paper a link to disagreement 1 cannot be
    followed, so the checklist says how the handbook counts."""
    page = (site / "handbook" / "routines" / "sormland.html").read_text(encoding="utf-8")
    checklists = "".join(re.findall(r'<div class="checklist [^"]*docutils container"[^>]*>(.*?)</ul>', page, re.S))
    settled = book.disagreement(1).handbook
    assert settled.startswith("Handboken räknar arvodet enligt Försäkringskassan")
    assert f"Källorna säger olika om arvodets storlek: {settled}" in checklists
