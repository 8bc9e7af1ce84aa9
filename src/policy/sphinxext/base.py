"""The base of every policy directive: the rule book, the build date and the data dependency."""
from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from ..errors import PolicyError, format_span
from ..rulebook import collecting
from . import book_for, build_date, later, note_cited, note_dependencies, note_use, note_whole_data


class PolicyDirective(SphinxDirective):
    # Most directives list whole collections (routines, steps, rules, sources): their pages are read
    # again after any data change. Those that show only named rules follow those rules alone.
    lists_whole_data = True
    # Made as the page is written (later.py): a directive that computes with values and uses
    # nothing of the page (no links, sections or parsed text; not self.env or self.state in render).
    at_write_time = False

    def run(self) -> list[nodes.Node]:
        note_dependencies(self.env)
        if self.lists_whole_data:
            note_whole_data(self.env)
        self.book, self.on = book_for(self.env), build_date(self.env)
        try:
            if self.at_write_time:
                return [later.placeholder(self)]
            with collecting() as used:
                out = self.render()
        except PolicyError as exc:
            raise self.error(str(exc)) from None
        note_use(self.env, used)
        return out

    def render(self) -> list[nodes.Node]:
        raise NotImplementedError

    def cite(self, *rule_ids: str) -> None:
        """The rules a staff-facing block rests on: listed in the page's "Källor" block, not in the text."""
        note_cited(self.env, rule_ids)

    def rule_link(self, rule_id: str, text: str | None = None) -> nodes.Node:
        """A link to the rule's entry in the rule register (like the {rule} role)."""
        item = self.book.index[rule_id]
        note_use(self.env, [rule_id])
        title = f"Regel {rule_id}"
        if hasattr(item, "valid_to"):
            title += ", gäller " + format_span(item.valid_from, item.valid_to)
        node = addnodes.pending_xref("", refdomain="", reftype="policy-rule", reftarget=rule_id,
                                     refdoc=self.env.docname, reftitle=title)
        shown = text or rule_id
        node += nodes.literal(shown, shown, classes=["policy-rule"])
        return node

    def doc_link(self, docname: str, text: str) -> nodes.Node:
        node = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget="/" + docname,
                                     refdoc=self.env.docname, refexplicit=True)
        node += nodes.inline(text, text)
        return node

    def anchor_link(self, docname: str, anchor: str, text: str) -> nodes.Node:
        """A link to one place on a page (a disagreement's own section), not to the page's top."""
        uri = self.env.app.builder.get_relative_uri(self.env.docname, docname) + "#" + anchor
        return nodes.reference("", text, refuri=uri, internal=True)

    def section(self, title: str, ident: str) -> nodes.section:
        sec = nodes.section(ids=[nodes.make_id(ident)])
        sec += nodes.title(title, title)
        self.state.document.note_implicit_target(sec, sec)
        return sec
