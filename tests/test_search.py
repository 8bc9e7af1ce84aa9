"""Search as staff use it on a phone (Chromium, strict CSP): one result per page, a snippet of the
page's prose around the word, and a result that opens the page at the word, marked. The worked
examples' Python is not in the index, and the words searched for are not kept in the browser."""
from __future__ import annotations

import json
import re

import pytest

PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="module")
def results(browser, served):
    page = browser.new_page(viewport=PHONE)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{served}/search.html?q=XS013")
    page.wait_for_function("() => document.querySelectorAll('ul.search li p.context').length >= 3")
    page.wait_for_timeout(300)  # the snippets of the remaining results
    yield page, errors
    page.close()


def test_a_page_is_listed_once(results):
    page, errors = results
    links = page.eval_on_selector_all("ul.search li > a", "as => as.map((a) => a.pathname)")
    assert len(links) >= 3
    assert len(links) == len(set(links)), links
    assert errors == []


def test_snippets_are_prose_without_code_form_labels_or_words_run_together(results):
    page, _ = results
    snippets = page.eval_on_selector_all("ul.search li p.context", "ps => ps.map((p) => p.textContent)")
    assert snippets
    for text in snippets:
        assert "XS013" in text, text
        assert not re.search(r"\bimport\b|glue\(|Fortsätt|Välj rutin", text), text
        # Two blocks (a paragraph ending in a full stop and the next starting) keep a space between.
        assert not re.search(r"[a-zåäö][.:][A-ZÅÄÖ]", text), text
        # Cut at spaces, not inside a word.
        assert re.match(r"^(… )?\S", text) and re.search(r"\S( …)?$", text), text


def test_the_searched_word_is_not_kept_in_the_browser(results):
    page, _ = results
    assert page.evaluate("() => Object.keys(window.localStorage)") == []


def test_the_readers_routine_is_searched_first_and_the_others_on_request(browser, served):
    """The routine pages are not in Sphinx's index (its size would grow with every routine): the
    reader's region's routine and the national ones are searched with each query, the rest when
    the reader asks."""
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{served}/handbook/index.html")
    page.evaluate("() => window.localStorage.setItem('handbok-region', 'varmland')")
    page.goto(f"{served}/search.html?q=mötet")
    page.wait_for_selector("li.routine-hit")
    first = page.locator("ul.search li").first
    assert "routine-hit" in first.get_attribute("class") and first.inner_text().startswith("Region Värmland")
    hits = page.eval_on_selector_all("li.routine-hit > a", "as => as.map((a) => a.textContent)")
    assert all(h.startswith(("Region Värmland", "Försäkringskassan")) for h in hits), hits
    page.click(".routine-more button")
    page.wait_for_function("() => [...document.querySelectorAll('li.routine-hit > a')].some((a) => "
                           "!/^(Region Värmland|Försäkringskassan)/.test(a.textContent))")
    page.evaluate("() => window.localStorage.clear()")
    page.close()


def test_the_routine_pages_are_out_of_sphinxs_index_and_have_their_own(site):
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1:text.rindex(")")])
    pages = [p for p in (site / "handbook" / "routines").glob("*.html") if p.stem != "index"]
    assert len(pages) >= 5
    listed = [name for name in index["docnames"] if name.startswith(("handbook/routines/", "handbook/reference/regler/"))]
    assert listed == ["handbook/routines/index"]  # nor their version and register pages
    own = json.loads((site / "_static" / "sok" / "varmland.json").read_text(encoding="utf-8"))
    assert any("XS013" in text for _, _, text in own["sections"])


def test_a_result_opens_the_page_at_the_word_marked(browser, served):
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{served}/handbook/index.html")
    page.evaluate("() => window.localStorage.setItem('handbok-region', 'varmland')")
    page.goto(f"{served}/search.html?q=XS013")
    page.wait_for_selector("li.routine-hit > a")
    link = page.locator("ul.search li > a", has_text="Region Värmland").first
    assert "highlight=xs013" in link.get_attribute("href")
    link.click()
    page.wait_for_selector("article .highlighted")
    page.wait_for_timeout(200)
    visible = page.evaluate("""() => [...document.querySelectorAll('article .highlighted')].some((m) => {
      const r = m.getBoundingClientRect(); return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; })""")
    assert visible
    assert page.evaluate("() => window.scrollY") > 0  # not the page's top: the word is further down
    page.evaluate("() => window.localStorage.clear()")
    page.close()


def test_the_worked_examples_code_is_not_in_the_search_index(site):
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1:text.rindex(")")])
    assert "glue" not in index["terms"] and "myst_nb" not in index["terms"]
    notebooks = [i for i, name in enumerate(index["docnames"]) if name.startswith("notebooks/0")]
    assert notebooks and any(set(notebooks) & set(docs if isinstance(docs, list) else [docs])
                             for docs in index["terms"].values())  # their prose is still found


def test_a_code_is_found_at_its_first_place_on_a_page_not_its_last(site, browser, served):
    """The booking page names XS013 in its opening answer and again in three regions' panels: search
    led to the last (a panel further down), so the answer first in the page was scrolled past."""
    html = (site / "handbook" / "howto" / "boka-och-journalfora.html").read_text(encoding="utf-8")
    targets = re.findall(r'id="(kod-xs013-\d+)"', html)
    assert len(targets) == 1 and html.index(targets[0]) < html.index('class="region-switch')
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{served}/search.html?q=XS013")
    page.wait_for_selector("ul.search li > a")
    link = page.locator("ul.search li > a", has_text="Boka och journalföra").first
    assert link.get_attribute("href").endswith(f"#{targets[0]}")
    page.close()
