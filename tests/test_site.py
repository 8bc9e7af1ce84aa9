"""The built handbook: it builds clean, holds every routine, form and disagreement, and loads
nothing from another host."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import policy
from fixturedata import FIXTURE_DATA

# Every routine in the data has a page: the list comes from the data, so a new region needs no edit here.
ROUTINES = sorted(policy.load(FIXTURE_DATA).routines)


def page(site: Path, name: str) -> str:
    return (site / f"{name}.html").read_text(encoding="utf-8")


def text_of(html: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("slug", ROUTINES)
def test_every_routine_has_a_page_with_its_banner_and_steps(site, slug):
    html = page(site, f"handbook/routines/{slug}")
    assert "routine-banner" in html
    assert "routine-steps" in html


def test_the_varmland_page_shows_its_validity_and_owner(site):
    text = text_of(page(site, "handbook/routines/varmland"))
    assert "2026-04-10 – 2028-04-09" in text
    assert "Caisa Hedlund" in text


def test_every_meeting_form_is_in_the_comparison(site):
    text = text_of(page(site, "handbook/reference/motesformer"))
    for name in ["Avstämningsmöte", "Flerpartsmöte", "Gemensam kartläggning", "Samordnad individuell plan (SIP)",
                 "Tidigt flerpartsmöte", "Trepartsmöte"]:
        assert name in text


def test_all_twelve_disagreements_are_shown_side_by_side(site):
    html = page(site, "handbook/skiljelinjer")
    for number in range(1, 13):
        assert f'id="skiljelinje-{number}"' in html
    assert html.count('class="table policy-table disagreement') + html.count("policy-table disagreement") >= 12


def test_the_fee_table_shows_the_amounts_from_the_source(site):
    # 000: at most 750 kr the first hour, then at most 375 kr per begun half hour.
    text = text_of(page(site, "handbook/reference/arvode"))
    for row in ["1–60 750\u00a0kr", "61–90 1\u00a0125\u00a0kr", "91–120 1\u00a0500\u00a0kr", "121–150 1\u00a0875\u00a0kr"]:
        assert row in text


def test_rule_links_lead_to_the_register_entry(site):
    html = page(site, "handbook/reference/arvode")
    assert 'href="regler.html#regel-arvode-forsta-timmen"' in html
    assert 'id="regel-arvode-forsta-timmen"' in page(site, "handbook/reference/regler")


def test_every_rule_id_has_an_entry_in_the_register(site):
    """On the register's main page, or, for a routine's own rules, on the routine's register page
    (which the main page links to)."""
    book = policy.load()
    main = page(site, "handbook/reference/regler")
    missing = []
    for rid in book.index:
        group = rid.split(".")[0]
        html = page(site, f"handbook/reference/regler/{group}") if group in book.routines else main
        if f'id="regel-{rid.replace(".", "-")}"' not in html:
            missing.append(rid)
    assert missing == []
    assert all(f'href="regler/{slug}.html"' in main for slug in book.routines)
    assert 'id="regel-varmland-webcert"' not in main  # the main page does not grow with the routines


def test_replaced_laws_are_marked_replaced(site):
    text = text_of(page(site, "handbook/reference/lagrum"))
    assert "Ersatt 2017-04-01 av 16 kap. 4 § hälso- och sjukvårdslagen (2017:30)" in text
    assert "Ersatt 2025-07-01 av socialtjänstlagen (2025:400)" in text


def test_the_interface_is_swedish_and_a_table_is_not_called_a_bord(site):
    html = page(site, "handbook/reference/arvode")
    assert "Hoppa till huvudinnehållet" in html
    assert "Länk till den här tabellen" in html
    assert "bord" not in html
    assert re.search(r'<html[^>]* lang="sv"', html)


class _Loads(HTMLParser):
    """Collect every URL the page makes the browser fetch (not plain links)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and a.get("src"):
            self.urls.append(a["src"])
        if tag == "link" and a.get("href") and a.get("rel") not in ("canonical", "next", "prev", "index", "search"):
            self.urls.append(a["href"])
        if tag == "object" and a.get("data"):
            self.urls.append(a["data"])


def test_no_page_or_stylesheet_loads_anything_from_another_host(site):
    external = re.compile(r"^(https?:)?//", re.I)
    offenders = []
    for html_file in site.rglob("*.html"):
        parser = _Loads()
        parser.feed(html_file.read_text(encoding="utf-8"))
        offenders += [f"{html_file.name}: {u}" for u in parser.urls if external.match(u)]
    for css in site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8", errors="replace")):
            if external.match(url):
                offenders.append(f"{css.name}: {url}")
        offenders += [f"{css.name}: @import {u}" for u in re.findall(r"@import\s+['\"](https?:[^'\"]+)", css.read_text(errors="replace"))]
    assert offenders == []


def test_every_notebook_is_published_with_its_outputs(site):
    for name in ["01_arvode", "02_samtycke", "03_rehabkedjan", "04_faktura_varmland", "05_checklista"]:
        html = page(site, f"notebooks/{name}")
        assert "cell_output" in html, name


@pytest.mark.parametrize("routine, steps", [
    # Steps that are background, not checklist items; each must still stand on its routine's page.
    ("varmland", ["varmland.deltagare", "varmland.malgrupp"]),      # 001, Syfte med avstämningsmöte
    ("sormland", ["sormland.skillnad", "sormland.avstamning-tid"]),  # 002, Mötesformer / Avstämningsmöte
    ("halland", ["halland.forebyggande", "halland.forebyggande-kontakt"]),  # 003, förebyggande sjukpenning
])
def test_background_steps_stand_on_their_routine_page(site, routine, steps):
    html = page(site, f"handbook/routines/{routine}")
    for step in steps:
        assert f'id="steg-{step.replace(".", "-")}"' in html


def test_the_forebyggande_page_gives_the_courts_nuance_next_to_hallands_advice(site):
    # DOMAIN.md: 003 says apply before rehabilitation starts; a court accepted a plan approved after
    # treatment began as long as FK had not decided (rule forebyggande.nyans).
    html = page(site, "handbook/howto/forebyggande-sjukpenning")
    assert "regel-forebyggande-nyans" in html
    assert "domstol" in text_of(html)


def test_every_link_to_a_numbered_disagreement_lands_on_it(site):
    # "se nr 5" and "nummer 5" must open disagreement 5 itself, not the top of a long page.
    targets = set(re.findall(r'<section id="(skiljelinje-\d+)"', page(site, "handbook/skiljelinjer")))
    assert len(targets) >= 12
    wrong = []
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        for href, text in re.findall(r'<a [^>]*href="([^"]*skiljelinjer\.html[^"]*)"[^>]*>(.*?)</a>', html, re.S):
            number = re.search(r"(?:nr|nummer) (\d+)", re.sub(r"<[^>]+>", "", text))
            anchor = href.partition("#")[2]
            if number and anchor != f"skiljelinje-{number.group(1)}" or (anchor and anchor not in targets):
                wrong.append((str(path.relative_to(site)), href, text[:60]))
    assert wrong == []


def test_every_worked_example_lists_the_sources_its_calculation_used(site):
    # The fee example's code reads FK's fee rules and the Stockholm handbook's notes on invoicing.
    for name in ("01_arvode", "02_samtycke", "03_rehabkedjan", "04_faktura_varmland", "05_checklista"):
        assert "Källor för sidan" in page(site, f"notebooks/{name}"), name
    sources = text_of(page(site, "notebooks/01_arvode")).split("Källor för sidan")[1]
    assert "Försäkringskassan: Avstämningsmöte" in sources and "Region Stockholms avgiftshandbok" in sources


def test_staff_pages_keep_rule_ids_for_the_reviewers_out_of_sight(site):
    # The pull request's report reads them; a reader of the page never sees them.
    html = page(site, "handbook/howto/samtycke")
    assert '<p class="page-sources-rules" hidden>' in html
    assert re.search(r'<p class="page-sources-rules">', html) is None
