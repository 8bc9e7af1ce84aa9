"""The guided answers in Chromium, under the strict CSP, against the policy module for every input.

The pages only look answers up; these tests drive each page as a reader would (radio buttons, the
number field, the buttons) for every input in its space and
compare what the page shows with what the module answers:
- the meeting form: every situation of the decision table a reader can give (each phase by its first
  day, and the days on both sides of every phase boundary; socialtjänsten takes part only when it is
  involved), which also covers every set of participants that decides consent;
- the fee: both ends of every band of minutes, on every stretch of dates where a value changes, and
  the day before the first;
- the checklist: every routine × meeting form × role.
"""
from __future__ import annotations

import re

from datetime import date, datetime, timedelta
from itertools import product

import pytest
from playwright.sync_api import sync_playwright

from browser import launch, serve
from policy import PolicyError
from policy.checklist import checklist
from policy.consent import consent
from policy.decision import Situation, input_space, suggest
from policy.fee import MAX_MEETING_MINUTES, fee, fee_table
from policy.guide import for_staff, fee_data
from policy.meeting_forms import forms
from sitebuild import EPOCH

ON = date.fromtimestamp(int(EPOCH))
PHONE = {"width": 375, "height": 812}
PLAYWRIGHT: dict = {}


@pytest.fixture(scope="module")
def browser_page(site):
    server, base = serve(site)
    with sync_playwright() as p:
        b = launch(p)
        PLAYWRIGHT["browser"] = b
        page = b.new_page(viewport=PHONE)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        yield page, base, errors
        PLAYWRIGHT["browser"] = None
        b.close()
    server.shutdown()


# In-page driver: sets all of a situation's answers, then fires the form's change event once (as the
# last tap does), and returns the answer's text, the collapsed "who does what" included. Tap by tap,
# with the answer following each tap, is test_the_phone_task_takes_five_taps...
WALK = """(cases) => cases.map(([sick, day, actors, fk, social]) => {
  const root = document.querySelector('[data-guide=motesform]');
  const form = root.querySelector('.guide-form');
  form.reset();
  root.querySelector(`#sick-${sick}`).checked = true;
  if (sick === 'ja') root.querySelector('#day').value = String(day);
  root.querySelector(`#fk-${fk}`).checked = true;
  root.querySelector(`#social-${social}`).checked = true;
  root.querySelectorAll('input[name=actors]').forEach((i) => { i.checked = actors.includes(i.value); });
  form.dispatchEvent(new Event('change'));
  return root.querySelector('.guide-answer').textContent;
})"""


def _label(text: str, label: str | None) -> str:
    return f"{text} ({label})" if label else text


def expected_meeting_form(sick, day, actors, fk, social, book):
    answer = suggest(Situation(sick_listed=sick, day=day, fk_coordination=fk, social_services=social,
                               actors=frozenset(actors)), ON, book)
    views = {v.slug: v for v in forms(ON, book)}
    parts = [answer.outcome,
             _label(answer.advice, book.scope(book.index[answer.row], ON).label)]
    for slug in answer.suggest:
        for field in ("decides", "convened_by", "chaired_by", "documented_by", "compensation"):
            claim = views[slug].fields[field]
            parts.append(_label(claim.text, claim.scope["label"]))
    participants = sorted([*actors, *(["forsakringskassan"] if fk else [])])
    if participants:
        c = consent(participants, ON, book=book)
        if c.consent_required:
            parts.append(f"Vårdens samtycke krävs och ska gälla: {', '.join(book.name_in_text(a) for a in c.must_cover)}.")
        else:
            parts.append(f"Vårdens samtycke krävs inte, men vården får bara lämna {c.limited_to}.")
        if c.scope["label"]:
            parts.append(f"({c.scope['label']})")
    parts.append(f"Svaret gäller reglerna den {ON.isoformat()}.")
    return parts


def meeting_form_cases(book):
    """Every situation once (each phase by its first day), and the days on both sides of each
    phase boundary for one set of participants."""
    cases = []
    for sick, phase, fk, social, actors in input_space(book):
        if "socialtjansten" in actors and not social:
            continue  # a reader cannot say so: socialtjänsten is offered as a party only when involved
        day = next(p.first_day for p in book.phases if p.number == phase) if sick else None
        cases.append((sick, day, sorted(actors), fk, social))
    for p in book.phases[1:]:
        for day in (p.first_day - 1, p.first_day):
            for fk, social in product((True, False), repeat=2):
                cases.append((True, day, ["arbetsgivare"], fk, social))
    return cases


def test_the_meeting_form_guide_shows_the_modules_answer_for_every_situation(browser_page, book):
    page, base, errors = browser_page
    page.goto(f"{base}/handbook/svar/motesform.html")
    cases = meeting_form_cases(book)
    assert len(cases) >= 480
    texts = page.evaluate(WALK, [["ja" if s else "nej", d, a, "ja" if f else "nej", "ja" if so else "nej"]
                                 for s, d, a, f, so in cases])
    wrong = []
    for case, text in zip(cases, texts):
        missing = [part for part in expected_meeting_form(*case, book) if part not in text]
        if missing:
            wrong.append((case, missing[:2]))
    assert wrong == [], wrong[:5]
    assert errors == []


def test_vet_inte_on_coordination_shows_the_modules_answer_for_both_cases_under_one_line(browser_page, book):
    """Whether Försäkringskassan will coordinate is what a doctor on day 40 often does not know:
    "Vet inte" shows the module's whole answer for each case, each under its heading, and says above
    them whether they differ. Every situation a reader can give."""
    page, base, errors = browser_page
    page.goto(f"{base}/handbook/svar/motesform.html")
    cases = [(s, d, a, so) for s, d, a, f, so in meeting_form_cases(book) if f]
    texts = page.evaluate(WALK, [["ja" if s else "nej", d, a, "vet-inte", "ja" if so else "nej"] for s, d, a, so in cases])
    wrong = []
    for (sick, day, actors, social), text in zip(cases, texts):
        yes, no = (expected_meeting_form(sick, day, actors, fk, social, book) for fk in (True, False))
        first, second = text.split("Om Försäkringskassan behöver samordna", 1)[-1].split("Om Försäkringskassan inte behöver samordna", 1)
        outcomes = {part[0] for part in (yes, no)}
        top = outcomes.pop() if len(outcomes) == 1 else "Det beror på om Försäkringskassan behöver samordna."
        if not text.startswith(top) or [p for p in yes[:-1] if p not in first] or [p for p in no if p not in second]:
            wrong.append((sick, day, actors, social))
    assert len(cases) >= 240
    assert wrong == [], wrong[:5]
    assert errors == []


def test_answering_that_socialtjansten_is_involved_ticks_it_among_the_parties_and_consent_covers_it(browser_page, book):
    """Day 400, Försäkringskassan coordinates, socialtjänsten involved: the guide proposed a SIP and
    said no consent was needed, with socialtjänsten left unticked. Now the tap on "Ja" ticks it (the
    reader may untick it), and the consent answer is the module's for both parties."""
    page, base, _ = browser_page
    page.goto(f"{base}/handbook/svar/motesform.html")
    for label in ("sick-ja", "fk-ja", "social-ja"):
        page.click(f"label[for={label}]")
    page.fill("#day", "400")
    assert page.is_checked("#actor-socialtjansten")
    c = consent(["forsakringskassan", "socialtjansten"], ON, book=book)
    assert c.consent_required
    must = f"Vårdens samtycke krävs och ska gälla: {', '.join(book.name_in_text(a) for a in c.must_cover)}."
    assert must in page.inner_text(".guide-answer")
    page.click("label[for=actor-socialtjansten]")
    assert not page.is_checked("#actor-socialtjansten") and must not in page.inner_text(".guide-answer")


def test_the_phone_task_takes_five_taps_and_the_answer_follows_each_tap(browser_page):
    """Sick day 40, the employer takes part, no coordination by FK: five taps on one screen, the
    answer in the bar at the bottom of the phone's screen at once."""
    page, base, errors = browser_page
    page.goto(f"{base}/handbook/svar/motesform.html")
    assert not page.is_visible("#day")  # asked only once the patient is sick-listed
    assert page.is_visible(".guide-pending")
    page.click("label[for=sick-ja]")
    page.fill("#day", "40")
    page.click("label[for=fk-nej]")
    page.click("label[for=social-nej]")
    assert page.locator(".guide-result").is_hidden() is False  # answered with no one else yet
    page.click("label[for=actor-arbetsgivare]")
    assert page.text_content(".guide-outcome") == "Trepartsmöte och tidigt flerpartsmöte"
    assert "Trepartsmöte och tidigt flerpartsmöte" in page.inner_text(".guide-jump")
    for label in ("sick-ja", "sick-nej", "fk-ja", "fk-nej", "actor-arbetsgivare"):
        box = page.locator(f"label[for={label}]").bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, (label, box)
    assert errors == []


def test_the_answer_bar_follows_the_answer_when_the_page_shifts_without_scrolling(browser_page):
    """Content that appears or goes above the answer (a message, a banner) moves it with no scroll
    or resize: the bar naming it shows while the answer is below the screen, and only then."""
    page, base, errors = browser_page
    page.goto(f"{base}/handbook/svar/motesform.html")
    for label in ("sick-nej", "fk-nej", "social-nej"):
        page.click(f"label[for={label}]")
    page.click("label[for=actor-arbetsgivare]")
    page.locator(".guide-result").scroll_into_view_if_needed()
    bar = page.locator(".guide-jump")
    bar.wait_for(state="hidden", timeout=3000)
    # Pushed below the screen by something that appeared above it.
    page.evaluate("""() => { const gap = document.createElement('div'); gap.id = 'shift';
                             gap.style.height = (2 * window.innerHeight) + 'px';
                             document.querySelector('.guide-result').before(gap); }""")
    bar.wait_for(state="visible", timeout=3000)
    # Back in sight as it goes.
    page.evaluate("document.getElementById('shift').remove()")
    bar.wait_for(state="hidden", timeout=3000)
    assert errors == []


def test_the_answers_live_in_the_address_so_back_and_a_shared_link_bring_them_back(browser_page):
    page, base, _ = browser_page
    page.goto(f"{base}/handbook/svar/motesform.html")
    page.click("label[for=sick-ja]")
    page.fill("#day", "200")
    page.click("label[for=fk-ja]")
    page.click("label[for=social-nej]")
    assert "sjuk=ja" in page.url and "dag=200" in page.url and "fk=ja" in page.url and "soc=nej" in page.url
    shown = page.text_content(".guide-outcome")
    page.goto(f"{base}/handbook/index.html")
    page.go_back()
    assert page.text_content(".guide-outcome") == shown
    assert page.is_checked("#fk-ja") and page.input_value("#day") == "200"
    other = PLAYWRIGHT["browser"].new_page(viewport=PHONE)
    other.goto(f"{base}/handbook/svar/motesform.html?sjuk=ja&dag=200&fk=ja&soc=nej")
    assert other.text_content(".guide-outcome") == shown
    other.close()


def test_a_question_that_no_longer_matters_is_hidden(browser_page):
    page, base, _ = browser_page
    page.goto(f"{base}/handbook/svar/motesform.html")
    page.click("label[for=social-nej]")
    assert not page.is_visible("label[for=actor-socialtjansten]")
    page.click("label[for=social-ja]")
    assert page.is_visible("label[for=actor-socialtjansten]")
    page.click("label[for=sick-nej]")
    assert not page.is_visible("#day")


def test_the_readers_region_comes_first_and_sources_are_links(browser_page):
    page, base, _ = browser_page
    page.goto(f"{base}/handbook/svar/motesform.html?sjuk=ja&dag=40&fk=ja&soc=nej")
    page.select_option("#guide-region", "varmland")
    region = page.locator(".guide-region")
    assert "Region Värmland" in region.inner_text()
    # Before the meeting forms' details: the reader's own routine is what they read first.
    assert page.evaluate("""() => { const r = document.querySelector('.guide-region');
      const d = document.querySelector('.guide-form-facts');
      return Boolean(r.compareDocumentPosition(d) & Node.DOCUMENT_POSITION_FOLLOWING); }""")
    link = region.locator("a[href*='checklista.html']").first
    assert "region=varmland" in link.get_attribute("href")
    hrefs = page.eval_on_selector_all(".guide-answer .scope-label a", "as => as.map((a) => a.getAttribute('href'))")
    assert hrefs and all(h.startswith("../routines/") or "kallor.html#kalla-" in h for h in hrefs), hrefs
    page.evaluate("() => window.localStorage.removeItem('handbok-region')")


def test_a_day_that_is_not_a_whole_number_gets_a_swedish_error_and_no_answer(browser_page):
    page, base, _ = browser_page
    page.goto(f"{base}/handbook/svar/motesform.html?fk=nej&soc=nej")
    page.click("label[for=sick-ja]")
    for bad in ("0", "4.5", "fyrtio"):
        page.fill("#day", bad)
        assert page.inner_text("#day-error") == "Skriv dagen i sjukperioden som ett heltal från 1, till exempel 40."
        assert not page.is_visible(".guide-result")
    page.fill("#day", "40")
    assert not page.is_visible("#day-error") and page.is_visible(".guide-result")


def fee_cases(book):
    data = fee_data(book)
    cases = []
    for segment in data["segments"]:
        # A stretch whose values state no first day ("") is tried on its last day, or any day.
        start = date.fromisoformat(segment["from"] or segment["to"] or "2000-01-01")
        for row in fee_table(start, MAX_MEETING_MINUTES, book):
            for minutes in {row.from_minutes, min(row.to_minutes, MAX_MEETING_MINUTES)}:
                cases.append((start, minutes))
        end = segment["to"]
        if end:
            cases.append((date.fromisoformat(end), 61))
    if data["segments"][0]["from"]:
        cases.append((date.fromisoformat(data["segments"][0]["from"]) - timedelta(days=1), 60))
    return cases


FEE = """([day, minutes, region]) => {
  const root = document.querySelector('[data-guide=arvode]');
  root.querySelector('#minutes').value = String(minutes);
  root.querySelector('#meeting-date').value = day;
  root.querySelector('#fee-region').value = region;
  root.querySelector('.guide-next').click();
  return root.querySelector('.guide-answer').innerText;
}"""


def test_the_fee_guide_shows_the_modules_amount_at_both_ends_of_every_band_on_every_date(browser_page, book):
    page, base, errors = browser_page
    page.goto(f"{base}/handbook/svar/arvode.html")
    wrong = []
    for day, minutes in fee_cases(book):
        text = page.evaluate(FEE, [day.isoformat(), minutes, ""])
        try:
            amount = f"Högst {fee(minutes, day, book).amount_sek:,}".replace(",", "\u00a0") + "\u00a0kr"
            if amount not in text:
                wrong.append((day, minutes, text[:60]))
        except PolicyError as exc:
            # The module's message as staff read it: names, no rule IDs.
            if for_staff(exc) not in text or "arvode." in text:
                wrong.append((day, minutes, text[:60]))
    assert wrong == []
    assert errors == []


def test_the_fee_guide_gives_the_invoice_basis_of_a_routine_with_an_invoice_flow(browser_page, book):
    from policy.invoice import invoice_basis

    page, base, _ = browser_page
    page.goto(f"{base}/handbook/svar/arvode.html")
    text = page.evaluate(FEE, [ON.isoformat(), 75, "varmland"])
    basis = invoice_basis("varmland", "12345", "Läkaren", "Vårdenheten", 75, ON, book)
    assert basis.cost_center in text
    for step in basis.flow:
        assert f"{step.who}: {step.text}" in text
    assert basis.vat in text


def test_a_reader_whose_routine_gives_the_fee_otherwise_is_told_so_in_the_answer(browser_page, book):
    """Seed 002 (Region Sörmland): "Om läkaren deltar betalar Försäkringskassan 750 kr till
    vårdenheten", a flat amount, where the guide counts by Försäkringskassan's rules (disagreement 1).
    A reader who chose Sörmland reads that in the answer itself, not only below the guide; a reader
    in Värmland, whose routine says nothing else, does not."""
    page, base, errors = browser_page
    shown = {}
    try:
        for region in ("sormland", "varmland"):
            page.goto(f"{base}/handbook/svar/arvode.html")
            page.evaluate("r => localStorage.setItem('handbok-region', r)", region)
            page.reload()
            page.evaluate(FEE, [ON.isoformat(), 75, ""])
            own = page.locator("[data-guide=arvode] .guide-own")
            shown[region] = (own.inner_text(), own.locator("a").get_attribute("href")) if own.count() else None
    finally:
        page.evaluate("localStorage.clear()")
    text, href = shown["sormland"]
    assert text.startswith("Region Sörmlands webbsida om mötesformer säger något annat. Ett fast belopp, 750\u00a0kr")
    assert "Handboken räknar arvodet enligt Försäkringskassan" in text
    assert href == "../skiljelinjer.html#skiljelinje-1"
    assert shown["varmland"] is None
    assert errors == []


def test_the_fee_guides_note_on_a_routine_comes_from_the_side_that_states_the_amount_otherwise(book):
    """Of disagreement 1's two sides only Sörmland's states the fee without the rules the guide counts
    with; Försäkringskassan's own routine (source 000, the other side) gets no note."""
    for segment in fee_data(book)["segments"]:
        assert set(segment["own"]) == {"sormland"}
        assert segment["own"]["sormland"]["number"] == 1


def test_the_fee_guide_refuses_minutes_outside_its_range_in_swedish(browser_page):
    """Each after a good answer: the refusal takes its place (the old amount once stood under it)."""
    page, base, _ = browser_page
    page.goto(f"{base}/handbook/svar/arvode.html")
    for bad in ("0", f"{MAX_MEETING_MINUTES + 1}", "75,5", "en timme"):
        page.fill("#minutes", "61")
        page.click("[data-guide=arvode] .guide-next")
        assert page.locator("[data-guide=arvode] .guide-result").is_visible()
        page.fill("#minutes", bad)
        page.click("[data-guide=arvode] .guide-next")
        assert page.inner_text("#minutes-error") == (
            f"Mötestiden i minuter ska vara ett heltal från 1 till {MAX_MEETING_MINUTES}.")
        assert page.locator("[data-guide=arvode] .guide-result").is_hidden()


CHECK = """async ([region, form, role]) => {
  const root = document.querySelector('[data-guide=checklista]');
  const answer = root.querySelector('.guide-answer');
  const here = root.querySelector('.guide-checklist-here');
  answer.textContent = '';
  here.replaceChildren();
  root.querySelector('#cl-region').value = region;
  root.querySelector('#cl-form').value = form;
  root.querySelector('#cl-role').value = role;
  root.querySelector('.guide-next').click();
  for (let i = 0; i < 500 && !answer.textContent && !here.firstChild; i += 1) {
    await new Promise((r) => setTimeout(r, 10));
  }
  const shown = [...document.querySelectorAll('.guide-checklist')].filter((b) => !b.hidden);
  return {message: answer.innerText, shown: shown.map((b) => b.id),
          items: shown.length ? [...shown[0].querySelectorAll('.checklist-items > li')].map((li) => li.innerText) : []};
}"""


def test_the_checklist_guide_shows_the_modules_checklist_or_message_for_every_choice(browser_page, book):
    page, base, errors = browser_page
    page.goto(f"{base}/handbook/svar/checklista.html")
    wrong = []
    for region, form, role in product(book.routines, book.forms, book.roles):
        got = page.evaluate(CHECK, [region, form, role])
        try:
            expected = checklist(form, region, role, ON, book)
        except PolicyError as exc:
            # The page gives the module's message in names only, without the command line's slugs.
            if got["message"] != re.sub(r" \([a-z0-9-]+\)", "", str(exc)) or got["shown"]:
                wrong.append((region, form, role, got["message"][:60]))
            continue
        in_print_order = [item for items in expected.by_phase().values() for item in items]
        if got["shown"] != [f"checklista-{region}-{form}-{role}"] or len(got["items"]) != len(in_print_order) \
                or any(not text.startswith(item.text) for text, item in zip(got["items"], in_print_order)):
            wrong.append((region, form, role, got["shown"], got["items"][:2], [i.text for i in expected.items][:2]))
    assert wrong == [], wrong[:2]
    assert errors == []


def test_a_chosen_checklist_prints_alone_on_one_a4_page(browser_page, tmp_path):
    page, base, _ = browser_page
    page.goto(f"{base}/handbook/svar/checklista.html?region=varmland&form=avstamningsmote&role=lakare")
    page.wait_for_selector("#checklista-varmland-avstamningsmote-lakare")
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    page.emulate_media(media="screen")
    pages = pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type/Page") - pdf.count(b"/Type/Pages")
    assert pages == 1
    text = page.inner_text("#checklista-varmland-avstamningsmote-lakare")
    assert "Inför mötet" in text


def test_without_javascript_the_reference_content_remains(browser_page):
    _, base, _ = browser_page
    context = PLAYWRIGHT["browser"].new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{base}/handbook/svar/motesform.html")
    assert not page.is_visible(".guide-form")
    assert page.is_visible("article a[href$='beslutstabell.html']")
    page.goto(f"{base}/handbook/svar/arvode.html")
    assert page.is_visible("table.fee-table")
    page.goto(f"{base}/handbook/svar/checklista.html")
    page.click("a[href$='routines/varmland.html#checklistor']")
    # The click starts a navigation; wait for the routine page before looking at it.
    page.wait_for_url("**/routines/varmland.html#checklistor")
    assert page.is_visible("#checklista-varmland-avstamningsmote-lakare")
    context.close()


# What a guide shows only after a reader's input (an answer, a refusal in Swedish), in light and dark
# mode: the page checks see each guide as it first opens, in light mode only. Each state: the page,
# the reader's steps, the button that sends them (the meeting-form guide answers as one types), and
# what must then be shown and is checked. The fee is asked for a routine with an invoice flow, so its
# invoice basis shows too (test_the_fee_guide_gives_the_invoice_basis_of_a_routine_with_an_invoice_flow).
GUIDE_STATES = {
    "arvode: svar": ("arvode.html", [("fill", "#minutes", "75"), ("select", "#fee-region", "varmland")],
                     "[data-guide=arvode] .guide-next", ["[data-guide=arvode] .guide-answer"]),
    "arvode: egen rutin": ("arvode.html?region=sormland", [("fill", "#minutes", "75")], "[data-guide=arvode] .guide-next",
                           [".guide-own"]),
    "arvode: fel": ("arvode.html", [("fill", "#minutes", "0")], "[data-guide=arvode] .guide-next", ["#minutes-error"]),
    "mötesform: svar": ("motesform.html?fk=nej&soc=nej", [("click", "label[for=sick-ja]"), ("fill", "#day", "40")],
                        None, [".guide-result"]),
    "mötesform: vet inte": ("motesform.html?fk=vet-inte&soc=nej&med=arbetsgivare",
                            [("click", "label[for=sick-ja]"), ("fill", "#day", "40")], None, [".guide-branch"]),
    "mötesform: fel": ("motesform.html?fk=nej&soc=nej", [("click", "label[for=sick-ja]"), ("fill", "#day", "fyrtio")],
                       None, ["#day-error"]),
    "checklista: svar": ("checklista.html", [("select", "#cl-region", "halland")], "[data-guide=checklista] .guide-next",
                         [".guide-checklist-here .guide-checklist"]),
}


def test_the_guides_answers_and_refusals_have_no_serious_axe_finding_in_light_or_dark_mode(browser_page):
    from pagecheck import axe_context, serious_in

    _, base, _ = browser_page
    findings = {}
    for scheme in ("light", "dark"):
        context = axe_context(PLAYWRIGHT["browser"], scheme, PHONE)
        page = context.new_page()
        page.clock.set_fixed_time(datetime.fromisoformat(f"{ON}T12:00:00"))  # the day the fixture site shows
        for state, (name, steps, submit, shown) in GUIDE_STATES.items():
            page.goto(f"{base}/handbook/svar/{name}")
            for action, selector, value in [(*step, None)[:3] for step in steps]:
                if action == "click":
                    page.click(selector)
                elif action == "fill":
                    page.fill(selector, value)
                else:
                    page.select_option(selector, value)
            if submit:
                page.click(submit)
            found = serious_in(page, shown)
            if found:
                findings[f"{state} ({scheme})"] = found
        context.close()
    assert findings == {}
