"""My region: what each regional routine says on a topic, shown for the reader's own region.

``region-tabs`` holds ``region`` blocks, one per routine that says something on the topic. The page
holds a panel per regional routine, each headed by the routine's name (so a printout says whose it
is), and a chooser. No region is ever preselected: until the reader picks one, the panels stay
closed and the chooser says so, so nobody reads another region's routine as their own. Once picked,
the reader's region opens on every page and the header says which it is; the others stay one tap
away under "Andra regioner", a list that works for 21 regions as well as for four. A link with
``?region=sormland`` shows that region for the visit and says so, without replacing the saved
choice unless the reader asks (handbook/_static/page.js; the choice stays in the browser). Without
script every panel shows, each under its region's name.
"""
from __future__ import annotations

from html import escape

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ..scope import slugify
from . import book_for, build_date, note_dependencies, note_whole_data
from .build import para, strong

ROLES_NOTE = ("Rollerna i kursiv stil är handbokens förslag där rutinen inte själv nämner någon; "
              "följ er enhets fördelning.")


def _names_roles(block, book) -> bool:
    """Whether a tab names who does a step with an italic role (*Läkare.*, *Läkare eller
    rehabkoordinator.*): the sources seldom do, so the tab must say the split is the handbook's."""
    words = {r.name.split()[-1].lower() for r in book.roles.values()}
    for em in block.findall(nodes.emphasis):
        parts = em.astext().rstrip(".").lower().replace(" eller ", " och ").split(" och ")
        if parts and all(p.strip() in words for p in parts):
            return True
    return False


def regional_routines(book):
    """The routines a reader can pick as their region, ordered by organisation name."""
    return sorted((r for r in book.routines.values() if book.sources[r.source].place), key=lambda r: r.name)


def chooser_html(book, ident: str, hidden: bool = True) -> str:
    """The region chooser: a labelled list of every region, none selected."""
    options = "".join(f'<option value="{r.slug}">{escape(r.name)}</option>' for r in regional_routines(book))
    return (f'<div class="region-choose"{" hidden" if hidden else ""}>'
            f'<label for="{ident}-val">Välj din region</label> '
            f'<select id="{ident}-val" class="region-select"><option value="">Ingen vald</option>{options}</select>'
            '</div>')


def region_switch(book, fill, ident: str) -> nodes.container:
    """A panel per regional routine, headed by its name, with the chooser before them and the other
    regions after; `fill(routine, panel)` adds a panel's content."""
    box = nodes.container(classes=["region-switch"], ids=[ident])
    box += nodes.raw("", '<p class="region-none" hidden>Vad din regions rutin säger om det här visas när du '
                         'har valt region; valet gäller på alla handbokens sidor.</p>' + chooser_html(book, ident),
                     format="html")
    for routine in regional_routines(book):
        place = book.sources[routine.source].place
        panel = nodes.container(classes=["region-panel", f"region-{slugify(place)}", f"region-for-{routine.slug}"],
                                ids=[f"{ident}-{routine.slug}"])
        panel += para(strong(routine.name), classes=["region-panel-title"])
        fill(routine, panel)
        box += panel
    links = "".join(f'<li><a href="#{ident}-{r.slug}" class="region-show" data-region="{r.slug}">{escape(r.name)}</a></li>'
                    for r in regional_routines(book))
    box += nodes.raw("", f'<details class="region-others" hidden><summary>Andra regioner</summary><ul>{links}</ul></details>',
                     format="html")
    return box


class Region(SphinxDirective):
    required_arguments = 1
    has_content = True

    def run(self):
        note_dependencies(self.env)
        book = book_for(self.env)
        routine = book.routine(self.arguments[0])
        block = nodes.container(classes=["region-block"], policy_region=routine.slug)
        self.state.nested_parse(self.content, self.content_offset, block)
        if _names_roles(block, book) and "handbokens förslag" not in block.astext():
            block += para(ROLES_NOTE, classes=["roles-note", "policy-source"])
        return [block]


class RegionTabs(SphinxDirective):
    has_content = True
    option_spec = {"empty": directives.unchanged}

    def run(self):
        note_whole_data(self.env)  # every routine has a panel
        book, on = book_for(self.env), build_date(self.env)
        holder = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, holder)
        blocks = {n["policy_region"]: n for n in holder.findall(nodes.container) if "policy_region" in n.attributes}
        for slug in blocks:
            book.routine(slug)
        empty = self.options.get("empty", "Rutinen tar inte upp det här.")

        def fill(routine, content):
            if routine.valid_to and on > routine.valid_to:
                content += para(f"{routine.name}s rutin gällde till {routine.valid_to.isoformat()} och gäller inte längre. "
                                "Fråga den som ansvarar för rutinen i din region vad som gäller nu.",
                                classes=["routine-expired"])
            elif routine.slug in blocks:
                content.extend(blocks[routine.slug].children)
            else:  # "Rutinen säger inget …" names the document: not every document is a routine
                text = (book.document_of(routine.latest) + empty[len("Rutinen"):]) if empty.startswith("Rutinen ") else empty
                content += para(text, classes=["region-empty"])

        return [region_switch(book, fill, f"region-{self.env.new_serialno('region-switch')}")]


class RegionPicker(SphinxDirective):
    """The start page's region choice: the same chooser as on every page, always shown, and a link
    to each region's routine."""

    def run(self):
        from sphinx import addnodes

        note_whole_data(self.env)
        book = book_for(self.env)
        out = [nodes.raw("", chooser_html(book, "din-region-val", hidden=False).replace(
            'class="region-choose"', 'class="region-choose region-choose-start"'), format="html")]
        items = nodes.bullet_list(classes=["region-routines"])
        for routine in regional_routines(book):
            ref = addnodes.pending_xref("", refdomain="std", reftype="doc", refexplicit=True,
                                        reftarget=f"/handbook/routines/{routine.slug}", refdoc=self.env.docname)
            ref += nodes.inline("", f"{book.sources[routine.source].whose}")
            li = nodes.list_item()
            li += para(ref)
            items += li
        out.append(para("Hela rutinen för varje region:"))
        out.append(items)
        return out


def register(app) -> None:
    app.add_directive("region-picker", RegionPicker)
    app.add_directive("region", Region)
    app.add_directive("region-tabs", RegionTabs)
