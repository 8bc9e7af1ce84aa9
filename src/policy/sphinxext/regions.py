"""My region: one tab per regional routine, in every how-to, synced across pages.

``region-tabs`` holds ``region`` blocks, one per routine that says something on the topic. It shows
every regional routine as a tab, named and ordered by organisation, with the reader's chosen region
first on screen: sphinx-design's synced tabs remember the choice across pages and visits in the
browser (nothing leaves it), and a link can carry it as ``?region=varmland``. A routine with nothing
on the topic gets a tab that says so, so no reader is left guessing whether their region was missed.
"""
from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ..scope import slugify
from . import book_for, build_date, note_dependencies, note_whole_data
from .build import para

SYNC_GROUP = "region"
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


def region_tab_set(book, fill) -> nodes.container:
    """sphinx-design's synced tab set, one tab per regional routine; `fill(routine, content)` adds a
    tab's content (the content block already marks the region, so its facts need no label)."""
    tab_set = nodes.container("", is_div=True, design_component="tab-set", classes=["sd-tab-set", "region-tabs"])
    for routine in regional_routines(book):
        place = book.sources[routine.source].place
        label = nodes.rubric(routine.name, routine.name, classes=["sd-tab-label"],
                             sync_id=routine.slug, sync_group=SYNC_GROUP)
        content = nodes.container("", is_div=True, design_component="tab-content",
                                  classes=["sd-tab-content", f"region-{slugify(place)}"])
        fill(routine, content)
        item = nodes.container("", is_div=True, design_component="tab-item", classes=["sd-tab-item"])
        item += label
        item += content
        tab_set += item
    return tab_set


class RegionTabs(SphinxDirective):
    has_content = True
    option_spec = {"empty": directives.unchanged}

    def run(self):
        note_whole_data(self.env)  # every routine has a tab
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

        return [region_tab_set(book, fill)]


class RegionPicker(SphinxDirective):
    """The start page's region choice: the same synced tabs as every how-to, one per region."""

    def run(self):
        from sphinx import addnodes

        note_whole_data(self.env)
        book = book_for(self.env)

        def fill(routine, content):
            ref = addnodes.pending_xref("", refdomain="std", reftype="doc", refexplicit=True,
                                        reftarget=f"/handbook/routines/{routine.slug}", refdoc=self.env.docname)
            ref += nodes.inline("", f"{book.sources[routine.source].whose}")
            content += para(f"{routine.name}: flikarna på handbokens sidor öppnas på den här regionen. "
                            "Hela rutinen: ", ref, ".")

        return [region_tab_set(book, fill)]


def register(app) -> None:
    app.add_directive("region-picker", RegionPicker)
    app.add_directive("region", Region)
    app.add_directive("region-tabs", RegionTabs)
