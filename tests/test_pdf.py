"""`make pdf`: one PDF per routine for formal approval. Each opens, and holds the routine's title,
validity, owner and approver (where the routine names them), its steps, checklists and the
signature block."""
from __future__ import annotations

import pytest
from pypdf import PdfReader

from policy.committee.pdf import make


@pytest.fixture(scope="module")
def pdfs(site, tmp_path_factory):
    return {path.stem: path for path in make(site, tmp_path_factory.mktemp("pdf"))}


def text_of(path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


def test_every_routine_has_a_pdf(pdfs, book):
    assert sorted(pdfs) == sorted(book.routines)


@pytest.mark.parametrize("slug", ["varmland", "sormland", "halland", "eskilstuna", "forsakringskassan"])
def test_each_pdf_opens_and_holds_the_routine_and_a_signature_block(pdfs, book, slug):
    reader = PdfReader(pdfs[slug])
    assert len(reader.pages) >= 1
    text = text_of(pdfs[slug])
    routine = book.routines[slug]
    assert routine.title in text
    assert "Giltighet i handboken" in text
    assert "Fastställande" in text and "Underskrift:" in text
    assert "Checklista:" in text
    first_step = book.steps(routine)[0].text.split()[:3]
    assert " ".join(first_step) in text


def test_the_varmland_pdf_names_owner_approver_and_validity(pdfs):
    text = text_of(pdfs["varmland"])
    assert "Caisa Hedlund" in text and "Henrik Svensson" in text
    assert "2026-04-10 – 2028-04-09" in text
    assert "Handbokens utgåva: 0.1.0" in text
