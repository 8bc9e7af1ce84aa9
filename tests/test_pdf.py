"""`make pdf`: one PDF per routine version for formal approval. Each opens, and holds the version's
title, number, validity, the decision on record or "Inget beslut", owner and approver (where the
routine names them), its steps with the source section of each, its checklists and the signature
block last."""
from __future__ import annotations

import pytest
from pypdf import PdfReader

from policy.committee.pdf import make


@pytest.fixture(scope="module")
def pdfs(site, book, tmp_path_factory):
    # The fixture rulebook, as the site was built with it (a module fixture runs before conftest sets
    # POLICY_DATA for each test, so the default would be the committee's data).
    return {path.stem: path for path in make(site, tmp_path_factory.mktemp("pdf"), book)}


def text_of(path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


def test_every_version_of_every_routine_has_a_pdf(pdfs, book):
    assert sorted(pdfs) == sorted(f"{slug}-version-{v.version}" for slug, w in book.routines.items() for v in w.versions)


@pytest.mark.parametrize("slug", ["varmland", "sormland", "halland", "eskilstuna", "forsakringskassan"])
def test_each_pdf_holds_the_version_its_steps_with_sources_and_the_signature_block_last(pdfs, book, slug):
    path = pdfs[f"{slug}-version-1"]
    assert len(PdfReader(path).pages) >= 1
    text = text_of(path)
    routine = book.routines[slug].versions[0]
    assert routine.title in text
    assert f"version {routine.version}. Giltighet:" in text
    assert "Checklista:" in text
    first_step = book.steps(routine)[0]
    assert " ".join(first_step.text.split()[:3]) in text
    assert f"avsnitt ”{first_step.sources[0].section}”" in text  # each step names its source section
    # The signature block comes after the steps and checklists, and ends the document.
    assert text.index("Fastställande") > text.rindex("Checklista:")
    assert text.rindex("Underskrift:") > text.rindex("Vem:")


def test_the_varmland_pdf_names_owner_approver_validity_and_that_no_decision_is_recorded(pdfs):
    text = text_of(pdfs["varmland-version-1"])
    assert "Caisa Hedlund" in text and "Henrik Svensson" in text
    assert "2026-04-10 – 2028-04-09" in text
    assert "Fastställd enligt dokumentets eget huvud" in text  # its header names approver and validity
    assert "Inget beslut är registrerat för den här versionen." in text
    assert "Handbokens utgåva: 0.1.0" in text


def test_a_document_with_no_approver_and_no_decision_is_not_called_adopted(pdfs):
    text = text_of(pdfs["forsakringskassan-version-1"])
    assert "Ej fastställd i handboken" in text and "Fastställd enligt" not in text
