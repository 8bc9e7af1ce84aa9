"""Numbers and fee tables filled in as a page is written, not as it is read.

A page that shows a number from the rules (an amount, a count of minutes) gets, as it is read, a mark
in its place: which rule, which of its periods, bare or with its unit. The number goes in as the page
is written, from the rules as they are then. So a change of values alone, the committee's usual
change, rewrites the page without reading it again; a change to anything else about the rule (its
dates, sources, unit, title) reads the page again, as before (`note_use`: framed reads).

The fee tables, the worked fee examples and the fee guide compute with the values: they are made
whole as the page is written. As the page is read they are made once to learn what they read and
cite; before a page is only rewritten, they are made again from the new rules to check that this
has not changed (`still_same`), else the page is read again.
"""
from __future__ import annotations

import re

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from .. import text
from ..errors import PolicyError
from ..loader import load
from ..rulebook import collecting, framed

logger = logging.getLogger(__name__)

OPEN, SEP, CLOSE = "\ue000", "\ue002", "\ue001"  # private-use characters: never in the data
MARK = re.compile(f"{OPEN}([^{OPEN}{SEP}{CLOSE}]+){SEP}(\\d+){SEP}([01]){CLOSE}")
SAFE = re.compile(r"[\w\s\u00a0.,:–-]*")  # what a formatted number may hold (it also goes into raw HTML and JSON)


def mark(book, rule_id: str, period, bare: bool) -> str | None:
    """The mark for a period's value, or None when it must be read now: a text (which may name
    other values), or a book other than the build's (an older version's, in a comparison)."""
    if type(period.value) is not int or book is not load():
        return None
    with framed():
        periods = book.rules[rule_id].periods
    index = next(i for i, p in enumerate(periods) if p is period)
    return f"{OPEN}{rule_id}{SEP}{index}{SEP}{int(bare)}{CLOSE}"


def fill(content: str, book) -> str:
    def one(match: re.Match) -> str:
        rule_id, index, bare = match.group(1), int(match.group(2)), match.group(3) == "1"
        rule = dict.get(book.rules, rule_id)
        if rule is None or index >= len(rule.periods):  # its frame changed: the page was read again
            raise PolicyError(f"Värdet av {rule_id} kan inte fyllas i: regeln har ändrats sedan sidan lästes.")
        shown = text.format_value(rule.periods[index].value, rule.unit, bare=bare)
        if not SAFE.fullmatch(shown):
            raise PolicyError(f"Värdet av {rule_id} kan inte fyllas i: ”{shown}”.")
        return shown

    return MARK.sub(one, content)


KINDS: dict[str, type] = {}  # the directives made when the page is written, by name


def add_directive(app, name: str, cls) -> None:
    app.add_directive(name, cls)
    if getattr(cls, "at_write_time", False):
        KINDS[name] = cls


class Later(nodes.General, nodes.Element):
    """A directive's place on a page, made when the page is written: ["directive"] its name,
    ["options"] and ["arguments"] as written."""


def make(cls, options: dict, arguments: list, book, on) -> tuple[list[nodes.Node], set, list]:
    """Run a directive's render() without a page: its nodes, the rule IDs it read, those it cited."""
    directive = cls.__new__(cls)
    directive.options, directive.arguments, directive.book, directive.on = dict(options), list(arguments), book, on
    cites: list[str] = []
    directive.cite = lambda *ids: cites.extend(i for i in ids if i not in cites)
    with collecting() as reads:
        out = directive.render()
    return out, set(reads), cites


def placeholder(directive) -> Later:
    """As the page is read: make the directive once, framed, for what it reads and cites, and
    leave its place. Recorded in env.policy_later for the check before a page is only rewritten."""
    from . import note_cited, note_use

    env = directive.env
    with framed():
        _, reads, cites = make(type(directive), directive.options, directive.arguments, directive.book, directive.on)
    note_use(env, reads, full=False)
    note_cited(env, cites)
    spec = {"directive": directive.name, "options": dict(directive.options), "arguments": list(directive.arguments),
            "reads": sorted(reads), "cites": cites}
    env.__dict__.setdefault("policy_later", {}).setdefault(env.docname, []).append(spec)
    note_marked(env, reads)
    return Later(**{k: spec[k] for k in ("directive", "options", "arguments")})


def still_same(env, docname: str, book, on, changed: set) -> bool:
    """Whether each directive made when the page is written still reads and cites what it did when
    the page was read, with the rules as they are now (else the page must be read again)."""
    for spec in env.__dict__.get("policy_later", {}).get(docname, []):
        if not set(spec["reads"]) & changed:
            continue
        try:
            _, reads, cites = make(KINDS[spec["directive"]], spec["options"], spec["arguments"], book, on)
        except PolicyError:
            return False
        if sorted(reads) != spec["reads"] or cites != spec["cites"]:
            return False
    return True


class FillIn(SphinxPostTransform):
    """As a page is written: its numbers and its later-made directives, from the rules as they are
    now. Before references are resolved (priority 10), so a made directive's links are resolved too."""

    default_priority = 5

    def run(self, **kwargs) -> None:
        if self.env.docname not in self.env.__dict__.get("policy_marked", {}):
            return
        from . import book_for, build_date

        book, on = book_for(self.env), build_date(self.env)
        try:
            for node in list(self.document.findall(Later)):
                out, _, _ = make(KINDS[node["directive"]], node["options"], node["arguments"], book, on)
                node.replace_self(out)
                self.number(out)
            for node in list(self.document.findall(nodes.Text)):
                if OPEN in node:
                    node.parent.replace(node, nodes.Text(fill(str(node), book)))
            for node in list(self.document.findall(nodes.raw)):
                if OPEN in node.astext():  # SAFE keeps out all that HTML or JSON would need escaped
                    node.children = [nodes.Text(fill(node.astext(), book))]
        except PolicyError as exc:
            logger.error(str(exc), location=self.env.docname, type="policy", subtype="later")


    def number(self, made: list[nodes.Node]) -> None:
        """What Sphinx's AutoNumbering does as a page is read: an id for each captioned table."""
        domain = self.env.domains.standard_domain
        for top in made:
            for node in top.findall(nodes.Element):
                if domain.is_enumerable_node(node) and domain.get_numfig_title(node) is not None and not node["ids"]:
                    self.document.note_implicit_target(node)


def note_marked(env, rule_ids) -> None:
    """The page being read shows these rules' values through marks or later-made directives: a change
    of their values rewrites it, and only such pages are searched for marks as they are written."""
    env.__dict__.setdefault("policy_marked", {}).setdefault(env.docname, set()).update(rule_ids)


def check_no_marks(app, pagename, templatename, context, doctree) -> None:
    """No mark may reach a page unfilled (in a title, the navigation, an attribute)."""
    for key, value in context.items():
        if isinstance(value, str) and OPEN in value:
            logger.error(f"Ett värde fylldes inte i på sidan ({key}).", location=pagename, type="policy", subtype="later")
            return


_reading_env: list = []  # the environment whose pages are being read (marks note their page in it)


def mark_on_page(book, rule_id: str, period, bare: bool) -> str | None:
    """`mark`, noting that the page being read has one."""
    shown = mark(book, rule_id, period, bare)
    if shown is not None and _reading_env:
        note_marked(_reading_env[-1], [rule_id])
    return shown


def _reading(app, env, docnames) -> None:
    _reading_env.append(env)
    text.LATER.append(mark_on_page)


def _read(app, env) -> None:
    if mark_on_page in text.LATER:
        text.LATER.remove(mark_on_page)
    _reading_env.clear()


def setup(app) -> None:
    app.add_node(Later)
    app.add_post_transform(FillIn)
    app.connect("env-before-read-docs", _reading)
    app.connect("env-updated", _read)
    app.connect("html-page-context", check_no_marks)
