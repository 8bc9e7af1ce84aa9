"""Provenance one tap away: a page's facts name no rule IDs or file numbers in the text; a collapsed
"Källor" block at the end of the page lists the documents and sections they rest on, by
organisation, with the rule IDs (links to the rule register) for the committee."""
from __future__ import annotations

from html import escape

from docutils import nodes

from . import RULE_PAGE, book_for, build_date, rule_anchor, rule_page
from .build import para


def _refs(book, rule_id: str, on):
    return book.refs_of(rule_id, on)


def sources_list(book, rule_ids, on) -> nodes.bullet_list:
    """One line per source document: organisation, title and the sections cited, in order of use."""
    sections: dict[str, list[str]] = {}
    for rule_id in rule_ids:
        for ref in _refs(book, rule_id, on):
            listed = sections.setdefault(ref.source, [])
            if ref.section not in listed:
                listed.append(ref.section)
    lst = nodes.bullet_list(classes=["page-sources-list"])
    for source_id, parts in sections.items():
        src = book.sources[source_id]
        item = nodes.list_item()
        whose = src.whose or src.organisation
        item += para(f"{whose}: {src.title}. Avsnitt: " + "; ".join(f"”{s}”" for s in parts) + ".")
        lst += item
    return lst


def add_sources_block(app, doctree: nodes.document, docname: str) -> None:
    cited = app.env.__dict__.get("policy_cited", {}).get(docname, [])
    if not cited or docname.startswith(RULE_PAGE):
        return
    book, on = book_for(app.env), build_date(app.env)
    cited = [r for r in cited if r in book.index]
    uri = lambda rule_id: app.builder.get_relative_uri(docname, rule_page(book, rule_id))  # noqa: E731
    box = nodes.container(classes=["page-sources-body"])
    box += sources_list(book, cited, on)
    # The rule IDs are the reviewers' (the pull request's list of changed pages reads them), not
    # staff's: in the page, never shown.
    links = ", ".join(f'<a href="{escape(uri(rule_id))}#{rule_anchor(rule_id)}">{escape(rule_id)}</a>' for rule_id in cited)
    box += nodes.raw("", f'<p class="page-sources-rules" hidden>För granskare, reglerna på sidan: {links}</p>',
                     format="html")
    target = next(iter(doctree.findall(nodes.section)), doctree)
    target += nodes.raw("", '<details class="page-sources"><summary>Källor för sidan</summary>', format="html")
    target += box
    target += nodes.raw("", "</details>", format="html")

