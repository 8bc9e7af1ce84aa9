"""Whose rule each fact is, and that no page shows a region's fact without naming the region.

Expected scopes are read off the sources (../shared/seeds and DOMAIN.md), not off the code:
- Who chairs the meeting (FK's personal handläggare) comes from Halland's lathund (003) alone.
- That Försäkringskassan documents the meeting is said by Sörmland (002), Halland (003) and
  Eskilstuna (004); Försäkringskassan's own page (000) does not say it.
- The Cosmic booking types and SAFOS are Värmland's instructions (001). KVÅ XS013, FK's cost centre
  2760 and FK7429 are national facts that only 001 attests: national, with 001 as their evidence.
- Consent: the care unit's rules (strong secrecy, consent covering every actor, the exception when
  only Försäkringskassan takes part) are Värmland's; FK's own consent is on FK's page (000).
- The fee amounts are national (000, confirmed by Region Stockholm); that the patient pays nothing
  is said by Stockholm's avgiftshandbok and Värmland's routine, VAT by Stockholm's alone.
- That Försäkringskassan calls the meeting rests on Värmland's citation of FKFS 2010:35 while
  Värmland's routine holds (to 2028-04-09); after that only the regional texts say it.
"""
from __future__ import annotations

from datetime import date

import pytest
from docutils import nodes
from docutils.utils import new_document
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser

from policy.consent import consent
from policy.scope import Scope
from policy.sphinxext.scope import add_missing_labels, mark
from scopecheck import unlabelled, unlabelled_pages

ON = date(2026, 12, 1)


def scope(book, rule_id, on=ON) -> Scope:
    return book.scope_of_rule(rule_id, on)


# --- scope in the data ----------------------------------------------------------------------


def test_the_chair_is_hallands_rule_alone(book):
    s = scope(book, "motesform.avstamningsmote.chaired-by")
    assert (s.kind, s.places) == ("regional", ("Halland",))
    assert s.label == "Enligt Region Hallands lathund"


def test_that_fk_documents_the_meeting_is_said_by_three_regional_texts(book):
    s = scope(book, "motesform.avstamningsmote.documented-by")
    assert s.kind == "regional"
    assert set(s.places) == {"Sörmland", "Halland", "Eskilstuna"}
    assert "alla" not in book.forms["avstamningsmote"].documented_by.text  # "to every participant" is 003's


@pytest.mark.parametrize("rule_id", ["system.cosmic-bokning-plats", "system.safos", "samtycke.utgangslage",
                                     "samtycke.alla-aktorer", "samtycke.endast-forsakringskassan"])
def test_varmlands_instructions_and_consent_rules_are_varmlands(book, rule_id):
    assert scope(book, rule_id).places == ("Värmland",)


@pytest.mark.parametrize("rule_id", ["kod.kva-avstamningsmote", "faktura.kostnadsstalle", "blankett.fk7429"])
def test_national_facts_that_only_varmlands_routine_attests_are_national(book, rule_id):
    # A KVÅ code, Försäkringskassan's cost centre and its form hold in every region; 001 is their evidence.
    assert {r.source for r in book.refs_of(rule_id)} == {"001"}
    assert scope(book, rule_id).kind == "nationell"


def test_the_fee_is_national_and_the_vat_is_stockholms(book):
    assert scope(book, "arvode.forsta-timmen").kind == "nationell"
    assert scope(book, "arvode.paborjad-halvtimme").kind == "nationell"
    assert scope(book, "arvode.moms").places == ("Stockholm",)
    assert set(scope(book, "arvode.patientavgift").places) == {"Stockholm", "Värmland"}
    assert scope(book, "arvode.sormland-fast-belopp").places == ("Sörmland",)


def test_the_consent_answer_says_whose_rule_it_is_and_how_narrow_the_exception_is(book):
    only_fk = consent(["forsakringskassan"], ON, book=book)
    assert only_fk.consent_required is False
    assert only_fk.scope["places"] == ["Värmland"]
    assert "begränsade" in only_fk.limited_to and "socialförsäkringsbalken" in only_fk.limited_to
    employer = consent(["arbetsgivare"], ON, book=book)
    assert employer.scope["label"] == "Enligt Region Värmlands rutin"


def test_who_calls_is_national_while_fkfs_is_cited_and_regional_after_varmlands_routine_ends(book):
    assert scope(book, "motesform.avstamningsmote.convened-by", date(2028, 4, 9)).kind == "nationell"
    after = scope(book, "motesform.avstamningsmote.convened-by", date(2028, 4, 10))
    assert after.kind == "regional" and set(after.places) == {"Sörmland", "Halland", "Eskilstuna"}


@pytest.mark.parametrize("rule_id", ["motesform.tidigt-flerpartsmote.compensation",
                                     "motesform.gemensam-kartlaggning.convened-by",
                                     "motesform.trepartsmote.must-attend", "rehabkedjan.sormland-dag-90",
                                     "beslutstabell.fk-och-af"])
def test_the_handbooks_own_readings_are_marked_as_such(book, rule_id):
    s = scope(book, rule_id)
    assert s.kind == "handboken" and s.label.startswith("Handbokens tolkning")


def test_the_workplace_step_from_the_lathunds_purpose_is_hallands(book):
    assert scope(book, "halland.arbetsplatsen").places == ("Halland",)


def test_every_regional_and_local_source_says_whose_it_is(book):
    for src in book.sources.values():
        if src.scope != "nationell":
            assert src.whose and src.place, src.id


# --- the renderer cannot print a regional fact without its region ------------------------------


def _doc(text: str, marked_text: str, s: Scope):
    document = new_document("test", get_default_settings(Parser))
    para = nodes.paragraph()
    para += nodes.Text(text)
    para += mark(nodes.inline(marked_text, marked_text), s)
    document += para
    add_missing_labels(None, document, "test")
    return document


def test_a_regional_value_in_a_paragraph_that_names_no_region_gets_a_label(book):
    doc = _doc("Boka mötet som ", "SAFOS videomöte", scope(book, "system.safos"))
    assert doc.astext() == "Boka mötet som SAFOS videomöte (enligt Region Värmlands rutin)"


def _marked(text: str, s: Scope) -> nodes.inline:
    return mark(nodes.inline(text, text), s)


def test_two_facts_of_one_region_in_a_sentence_get_one_label_after_the_sentence(book):
    safos = scope(book, "system.safos")
    document = new_document("test", get_default_settings(Parser))
    para = nodes.paragraph()
    para += [nodes.Text("Boka "), _marked("SAFOS videomöte", safos), nodes.Text(" och logga in med "),
             _marked("SITHS-kort", scope(book, "system.safos-id-vard")), nodes.Text(".")]
    document += para
    add_missing_labels(None, document, "test")
    assert document.astext() == "Boka SAFOS videomöte och logga in med SITHS-kort. (Enligt Region Värmlands rutin.)"


def test_a_list_whose_items_are_all_one_regions_gets_one_lead_in_instead_of_a_label_per_item(book):
    safos = scope(book, "system.safos")
    document = new_document("test", get_default_settings(Parser))
    lst = nodes.bullet_list()
    for text in ("Boka videomötet", "Skicka länken", "Logga in"):
        item = nodes.list_item()
        item += nodes.paragraph("", "", _marked(text, safos))
        lst += item
    document += lst
    add_missing_labels(None, document, "test")
    assert document.children[0].astext() == "Enligt Region Värmlands rutin:"
    assert [i.astext() for i in lst.children] == ["Boka videomötet", "Skicka länken", "Logga in"]


def test_a_regional_value_in_a_paragraph_that_names_the_region_is_left_as_it_is(book):
    doc = _doc("I Värmland bokar du ", "SAFOS videomöte", scope(book, "system.safos"))
    assert doc.astext() == "I Värmland bokar du SAFOS videomöte"


def test_a_national_value_gets_no_label(book):
    doc = _doc("Arvodet är högst ", "750 kr", scope(book, "arvode.forsta-timmen"))
    assert doc.astext() == "Arvodet är högst 750 kr"


# --- the built site ---------------------------------------------------------------------------


def test_the_checker_finds_a_planted_unlabelled_code(book):
    assert unlabelled("<main role='main'><p>Logga in med SITHS-kort.</p></main>", book, ON)
    assert unlabelled("<main role='main'><p>Boka som Öppenvårdsbesök.</p></main>", book, ON)
    # A national code is no region's fact, whoever attests it.
    assert not unlabelled("<main role='main'><p>Ange KVÅ-koden XS013 i journalen.</p></main>", book, ON)


def test_the_checker_finds_a_planted_unlabelled_marked_fact(book):
    html = ("<main role='main'><p>Handläggaren leder mötet <span class='scope-regional scope-halland'>"
            "ordförande</span>.</p></main>")
    assert unlabelled(html, book, ON)


def test_the_checker_accepts_a_fact_whose_paragraph_tab_or_heading_names_the_region(book):
    assert not unlabelled("<main role='main'><p>I Värmland: logga in med SITHS-kort.</p></main>", book, ON)
    assert not unlabelled("<main role='main'><section><h2>Steg i Värmland</h2><ul><li>Boka som Öppenvårdsbesök."
                          "</li></ul></section></main>", book, ON)
    assert not unlabelled("<main role='main'><label>Värmland</label><div class='sd-tab-content'>"
                          "<p>Logga in med SITHS-kort.</p></div></main>", book, ON)


def test_no_page_of_the_built_site_shows_a_regional_fact_without_its_region(site, book):
    found = unlabelled_pages(site, book)
    assert not found, found


# --- facts corrected against the sources ----------------------------------------------------------


def test_the_sip_paragraphs_came_into_force_in_2010_and_the_coordination_law_on_2020_02_01(book):
    # SFS 2009:981 and its HSL twin (prop. 2008/09:193): in force 2010-01-01.
    assert book.laws["lagrum.hsl-1982-763-3f"].valid_from == date(2010, 1, 1)
    assert book.laws["lagrum.hsl-1982-763-3f"].valid_to == date(2017, 3, 31)
    assert book.laws["lagrum.sol-2001-453-2-7"].valid_from == date(2010, 1, 1)
    assert book.laws["lagrum.sol-2001-453-2-7"].valid_to == date(2025, 6, 30)
    # Lag (2019:1297) om koordineringsinsatser: utfärdad 2019-12-19, in force 2020-02-01.
    assert book.sources["lag-2019-1297"].valid_from == date(2020, 2, 1)
    assert book.laws["lagrum.lag-2019-1297-4"].valid_from == date(2020, 2, 1)


def test_the_sip_comparison_lists_todays_law_first(book):
    assert book.forms["sip"].legal_basis[:2] == ["lagrum.hsl-2017-30-16-4", "lagrum.sol-2025-400"]


def test_eskilstunas_flerpartsmote_steps_do_not_say_fk_calls_or_documents(book):
    # 004's written call and FK's documentation are for the avstämningsmöte; 002 says a
    # flerpartsmöte has no set convener or documenter.
    steps = {s.id: s for s in book.steps(book.routines["eskilstuna"])}
    assert steps["eskilstuna.kallelse"].forms == ["avstamningsmote"]
    assert steps["eskilstuna.fk-dokumenterar"].forms == ["avstamningsmote"]
    assert steps["eskilstuna.boka"].responsible == []  # "bokas vid behov": 004 does not say by whom


def test_varmlands_kundfakturaenhet_is_its_own_party(book):
    step = book.index["varmland.faktura-kundfaktura"]
    assert book.who(step) == "Regionens kundfakturaenhet"
    assert "tre parter" in book.routines["varmland"].latest.stages[-1].summary


def test_the_lagrum_page_says_not_verified_once(site):
    text = (site / "handbook" / "reference" / "lagrum.html").read_text(encoding="utf-8")
    assert "(ej verifierad) (ej verifierad)" not in text


def test_no_change_entry_names_a_body_that_did_not_decide(book):
    assert all(entry.decided_by is None for entry in book.changelog)


def test_every_meeting_form_has_a_sourced_summary(book):
    for form in book.forms.values():
        assert form.summary.sources, form.id


def test_the_prose_checker_finds_a_doubled_label_and_raw_template_text():
    from scopecheck import over_labelled, raw_markup

    html = ("<main role='main'><p>Boka som Öppenvårdsbesök (enligt Region Värmlands rutin) och logga in med "
            "SITHS-kort (enligt Region Värmlands rutin).</p><p>Det gäller bara {samtycke.undantagets-omfang} "
            "oavsett längd ( ).</p></main>")
    assert len(over_labelled(html)) == 1
    assert raw_markup(html) == ["{samtycke.undantagets-omfang}", "( )"]
    assert over_labelled("<main role='main'><ul><li>A (enligt X)<ul><li>B (enligt X)</li></ul></li></ul></main>") == []


def test_the_notice_checker_finds_two_page_notices_and_one_inside_a_cell():
    from scopecheck import misplaced_notices

    two = ("<main role='main'><p class='review-notice'>A</p><p>x</p><p class='review-notice'>B</p>"
           "<div class='region-panel'><p class='review-notice'>C</p></div></main>")
    assert misplaced_notices(two) == ["2 granskningsnotiser utanför flikarna"]
    in_cell = "<main role='main'><table><tr><td><p class='review-notice'>D</p></td></tr></table></main>"
    assert misplaced_notices(in_cell) == ["notis inuti en cell eller lista: D"]
    assert misplaced_notices("<main role='main'><div class='region-panel'><p class='review-notice'>E</p>"
                             "</div><p class='review-notice'>F</p></main>") == []


def test_the_built_site_says_whose_a_block_is_once_and_shows_no_template_text(site):
    from scopecheck import prose_problems

    found = prose_problems(site)
    assert not found, found
