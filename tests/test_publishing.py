"""What a published site needs beyond its pages: a root that leads to the start page, a Swedish 404
page, and a "today" that stays true – a page past its next known change, or built over a week ago,
says so in one line, and the fee guide's date starts at the reader's today (Chromium, clock set)."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import sync_playwright

from browser import launch, serve
from sitebuild import EPOCH

BUILT = datetime.fromtimestamp(int(EPOCH), UTC).date()  # the day the fixture site is built for


@pytest.fixture(scope="module")
def served(site):
    server, base = serve(site)
    yield base
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


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
