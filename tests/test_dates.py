"""The handbook on any date: the day before, the day of and the day after every validity boundary in
the data, and a day far in the future.

For each of those dates everything the pages show is rendered through the code the pages use (the
lenient rendering of steps, fields, disagreements and decision rows; the guided answers' data; the
meeting forms; the review list): no error, no placeholder left raw, and a value outside its period
marked as ended or not yet in force. Full Sphinx builds run for one date of each kind of state:
before Värmland's routine and Halland's lathund begin, inside everything (the session build), with
Värmland's routine ending within the notice period, and in 2040, long after it has ended.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from policy.guide import checklist_data, consent_data, fee_data, meeting_form_data
from policy.meeting_forms import forms
from policy.committee.review import review
from policy.text import PLACEHOLDER, render
from sitebuild import build, errors_of

FAR = date(2040, 1, 1)
# Long before every stated date: what rests on undated sources must still answer then.
PAST = date(1990, 1, 1)
RAW = re.compile(r"\{(val|rule|law|actor|setting)\}`|:val:`|:rule:`")


def boundaries(book) -> list[date]:
    days = set()
    items = list(book.sources.values()) + list(book.routines.values()) + list(book.laws.values()) + list(book.phases)
    items += [p for r in book.rules.values() for p in r.periods]
    items += [s for r in book.routines.values() for s in book.steps(r)]
    for item in items:
        for edge in (item.valid_from, item.valid_to):
            if edge:
                days.update({edge - timedelta(days=1), edge, edge + timedelta(days=1)})
    return sorted(days | {PAST, FAR})


def texts(book):
    for routine in book.routines.values():
        for step in book.steps(routine):
            yield step.id, step.text
    for form in book.forms.values():
        yield form.id, form.summary.text
        for claim in form.purposes:
            yield form.id, claim.text
    for d in book.disagreements:
        for side in d.sides:
            yield d.id, side.claim
    for row in book.decision_rows:
        yield row.id, row.advice


def test_the_sweep_covers_every_boundary_and_the_far_future(book):
    days = boundaries(book)
    assert date(2028, 4, 9) in days and date(2028, 4, 10) in days  # Värmland's last day and the day after
    assert date(2026, 4, 9) in days  # the day before Värmland's routine begins
    assert PAST in days and FAR in days
    assert len(days) >= 20


def test_every_text_renders_on_every_boundary_date_with_values_outside_their_period_marked(book):
    problems = []
    for on in boundaries(book):
        for owner, text in texts(book):
            shown = render(text, book, on, lenient=True)
            if PLACEHOLDER.search(shown):
                problems.append((on, owner, "placeholder left"))
            for rule_id, _ in [(m.group(1), m.group(2)) for m in PLACEHOLDER.finditer(text)]:
                _, state = book.period_near(rule_id, on)
                if state != "gäller" and "(gällde till" not in shown and "(gäller från" not in shown:
                    problems.append((on, owner, f"{rule_id} shown unmarked"))
    assert problems == []


def test_the_guided_answers_the_forms_and_the_review_list_build_on_every_boundary_date(book):
    failed = []
    fee_data(book)
    for on in boundaries(book):
        for name, make in [("mötesform", meeting_form_data), ("samtycke", consent_data),
                           ("checklistor", checklist_data), ("mötesformer", forms), ("granskning", review)]:
            try:
                make(on, book)
            except Exception as exc:
                failed.append((on, name, f"{type(exc).__name__}: {exc}"[:120]))
    assert failed == []


def test_a_value_not_yet_in_force_is_not_shown_as_current(book):
    # An instruction of Värmland's routine (book video meetings in SAFOS) starts and ends with it:
    # the day before, it is only "from 2026-04-10"; the day after, it has ended ...
    shown = render("{system.safos}", book, date(2026, 4, 9), lenient=True)
    assert shown == "SAFOS videomöte (gäller från 2026-04-10)"
    shown = render("{system.safos}", book, date(2028, 4, 10), lenient=True)
    assert shown == "SAFOS videomöte (gällde till 2028-04-09)"
    # ... but a national fact it attests (the KVÅ code) neither starts nor ends with the routine:
    # no source gives the code a first day, and after the routine only its evidence has aged.
    assert render("{kod.kva-avstamningsmote}", book, date(2026, 4, 9), lenient=True) == "XS013"
    assert render("{kod.kva-avstamningsmote}", book, date(2028, 4, 10), lenient=True) == "XS013"
    assert book.rules["kod.kva-avstamningsmote"].periods[0].valid_from is None


# --- full builds, one per kind of state -----------------------------------------------------------

STATES = {
    "2026-04-09": "före Värmlands rutin och Hallands lathund",
    "2028-02-01": "Värmlands rutin slutar inom varseltiden",
    # Nothing in the fixture rulebook starts or ends after 2028-04-10: one build far ahead is also
    # the one after Värmland's routine has ended. Only review dates pass after it (every source is
    # overdue in 2040); the review list on each boundary date is checked without a build above.
    "2040-01-01": "Värmlands rutin har gått ut; långt fram",
}


@pytest.fixture(scope="module", params=sorted(STATES))
def dated_site(request, project, tmp_path_factory):
    out = tmp_path_factory.mktemp(f"site-{request.param}")
    result = build(project, out, extra=["-D", "nb_execution_mode=off"], on=request.param)
    assert result.returncode == 0, errors_of(result)
    return request.param, out


def test_a_build_on_the_date_is_green_and_leaves_no_raw_markup(dated_site):
    on, out = dated_site
    raw = [str(p.relative_to(out)) for p in out.rglob("*.html") if RAW.search(p.read_text(encoding="utf-8"))]
    assert raw == []
    assert f"Sidorna visar det som gäller {on}" in re.sub(r"<[^>]+>", "", (out / "handbook" / "index.html").read_text(encoding="utf-8")).replace("\n", " ") or on in (out / "handbook" / "index.html").read_text(encoding="utf-8")


def test_an_ended_routine_says_so_on_its_page_and_in_every_tab(dated_site):
    on, out = dated_site
    page = (out / "handbook" / "routines" / "varmland.html").read_text(encoding="utf-8")
    howto = (out / "handbook" / "howto" / "be-om-mote.html").read_text(encoding="utf-8")
    if date.fromisoformat(on) > date(2028, 4, 9):
        assert "Region Värmlands rutin gäller inte längre" in page
        assert "checklist-expired" in page
        assert "gällde till 2028-04-09 och gäller inte längre" in howto
    else:
        assert "Region Värmlands rutin gäller inte längre" not in page


def test_a_routine_ending_within_the_notice_period_gets_a_notice_beside_its_facts(dated_site):
    on, out = dated_site
    howto = (out / "handbook" / "howto" / "be-om-mote.html").read_text(encoding="utf-8")
    if on == "2028-02-01":
        tab = howto[howto.index('region-varmland'):]
        assert "Ska granskas snart: Region Värmlands rutin" in tab[:3000]
        # The answer comes first: no notice above the first paragraph of the page.
        assert howto.index("Ja, du får be om ett möte") < howto.index("review-notice")


def test_a_value_not_yet_in_force_is_marked_on_the_pages(dated_site):
    on, out = dated_site
    codes = re.sub(r"<[^>]+>", "", (out / "handbook" / "reference" / "koder.html").read_text(encoding="utf-8"))
    if on == "2026-04-09":
        assert "SAFOS videomöte (gäller från 2026-04-10)" in codes
        assert "XS013 (gäller från" not in codes  # a fact no source gives a first day
    elif date.fromisoformat(on) > date(2028, 4, 9):
        assert "SAFOS videomöte (gällde till 2028-04-09)" in codes
        assert "XS013 (källan gällde till 2028-04-09)" in codes
        assert "XS013 (gällde till" not in codes


def test_the_next_change_is_the_first_day_anything_starts_or_ends_after_the_date(book):
    # Värmland's routine holds 2026-04-10 – 2028-04-09; SoL (2001:453) ends 2025-06-30 and
    # SoL (2025:400) starts 2025-07-01. Nothing the fixture rulebook holds changes after 2028-04-10.
    assert book.next_change(date(2025, 1, 1)) == date(2025, 7, 1)
    assert book.next_change(date(2026, 4, 9)) == date(2026, 4, 10)
    assert book.next_change(date(2026, 12, 1)) == date(2028, 4, 10)
    assert book.next_change(date(2028, 4, 10)) is None
