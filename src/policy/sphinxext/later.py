"""Numbers and fee tables filled in as a page is written, not as it is read.

A page that shows a number from the rules (an amount, a count of minutes) gets, as it is read, a mark
in its place: which rule, which of its periods, bare or with its unit. The number goes in as the page
is written, from the rules as they are then. So a change of values alone, the committee's usual
change, rewrites the page without reading it again; a change to anything else about the rule (its
dates, sources, unit, title) reads the page again, as before (`note_use`: framed reads).

The fee tables, the worked fee examples and the fee guide compute with the values: they are made
whole as the page is written. As the page is read they are made once to learn what they read and
cite; before a page is only rewritten, they are made again from the new rules to check that this
has not changed (`still_same`), else the page is read again. What is made then gets no read-time
transforms (no SmartQuotes; its captioned tables get their ids as the page is written, `number`).

A value in a heading is filled in as the page is read (`_titles`): titles go into the environment.
"""
from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from .. import text
from ..errors import PolicyError
from ..rulebook import collecting, framed

logger = logging.getLogger(__name__)

OPEN, SEP, CLOSE = "\ue000", "\ue002", "\ue001"  # private-use characters: never in the data
MARK = re.compile(f"{OPEN}([^{OPEN}{SEP}{CLOSE}]+){SEP}(\\d+){SEP}([01]){CLOSE}")
SAFE = re.compile(r"[\w\s\u00a0.,:–-]*")  # what a formatted number may hold (it also goes into raw HTML and JSON)


def mark(book, rule_id: str, period, bare: bool) -> str | None:
    """The mark for a period's value while a page is read, or None when it must be read now: a text
    (which may name other values), no page being read, or a book other than the one the pages are
    filled from (an older version's, in a comparison)."""
    if type(period.value) is not int or not _reading or book is not _reading[-1][1]:
        return None
    with framed():
        periods = book.rules[rule_id].periods
    index = next(i for i, p in enumerate(periods) if p is period)
    note_marked(_reading[-1][0], [rule_id])
    return f"{OPEN}{rule_id}{SEP}{index}{SEP}{int(bare)}{CLOSE}"


def shown(env, book, rule_id: str, period, unit: str, bare: bool = False, now: bool = False,
          text_on=None) -> str:
    """What a page shows for a period's value: a mark, or (a text, or `now`) the value read now, in
    full. A text's own placeholders are filled in as on `text_on`, when given (with values, not
    marks, when `now`)."""
    from . import note_use

    if not now and (marked := mark(book, rule_id, period, bare)) is not None:
        return marked
    note_use(env, [rule_id])
    value = text.format_value(period.value, unit, bare=bare)
    if isinstance(period.value, str) and text_on is not None:
        with text.values_now() if now else contextlib.nullcontext():
            value = text.render(value, book, text_on, lenient=True)
    return value


def fill(content: str, book) -> str:
    def one(match: re.Match) -> str:
        rule_id, index, bare = match.group(1), int(match.group(2)), match.group(3) == "1"
        rule = dict.get(book.rules, rule_id)
        if rule is None or index >= len(rule.periods):  # its frame changed: the page was read again
            raise PolicyError(f"Värdet av {rule_id} kan inte fyllas i: regeln har ändrats sedan sidan lästes.")
        value = text.format_value(rule.periods[index].value, rule.unit, bare=bare)
        if not SAFE.fullmatch(value):
            raise PolicyError(f"Värdet av {rule_id} kan inte fyllas i: ”{value}”.")
        return value

    return MARK.sub(one, content)


WRITE_TIME_DIRECTIVES: dict[str, type] = {}  # by name


def add_directive(app, name: str, cls) -> None:
    app.add_directive(name, cls)
    if getattr(cls, "at_write_time", False):
        WRITE_TIME_DIRECTIVES[name] = cls


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
        cls = WRITE_TIME_DIRECTIVES.get(spec["directive"])
        if cls is None:  # no longer made as the page is written (a code change): read it again
            return False
        try:
            out, reads, cites = make(cls, spec["options"], spec["arguments"], book, on)
        except Exception:  # whatever fails now fails as the page is read again, with its message
            return False
        if sorted(reads) != spec["reads"] or cites != spec["cites"]:
            return False
        _made[_key(spec, book, on)] = out  # the page is written with these (the fee guide's take 0.08 s)
    return True


# Directives made by still_same, for FillIn to use as it writes the page (one build, the same book).
_made: dict[tuple, list[nodes.Node]] = {}


def _key(spec, book, on) -> tuple:
    return json.dumps([spec["directive"], spec["options"], spec["arguments"]], sort_keys=True), id(book), on


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
                out = _made.pop(_key(node, book, on), None)
                if out is None:
                    out, _, _ = make(WRITE_TIME_DIRECTIVES[node["directive"]], node["options"], node["arguments"], book, on)
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
    """No mark may reach a page unfilled (in the navigation, an attribute)."""
    for key, value in context.items():
        if isinstance(value, str) and OPEN in value:
            logger.error(f"Ett värde fylldes inte i på sidan ({key}).", location=pagename, type="policy", subtype="later")
            return


def _titles(app, doctree) -> None:
    """A value in a title (a heading, a caption) goes into the environment's titles and tables of
    contents as the page is read: filled in now, and the page reads the rule in full."""
    from . import book_for, note_use

    for title in doctree.findall(nodes.title):
        for node in list(title.findall(nodes.Text)):
            if OPEN in node:
                note_use(app.env, [m.group(1) for m in MARK.finditer(str(node))])
                node.parent.replace(node, nodes.Text(fill(str(node), book_for(app.env))))


def _search_index_unmarked(app, exception) -> None:
    index = Path(app.outdir, "searchindex.js")
    if exception is None and index.is_file() and OPEN in index.read_text(encoding="utf-8"):
        logger.error("Ett värde fylldes inte i i sökindexet (searchindex.js).", type="policy", subtype="later")


# While pages are read: (the environment they are noted in, the book they are filled from).
_reading: list[tuple] = []


def _start_marks(app, env, docnames) -> None:
    from . import book_for

    _reading[:] = [(env, book_for(env))]
    text.LATER[:] = [mark]


def _stop_marks(app, *args) -> None:
    _reading.clear()
    text.LATER.clear()
    _made.clear()  # at the end of the read nothing is in it yet; at build-finished, what was left


def setup(app) -> None:
    app.add_node(Later)
    app.add_post_transform(FillIn)
    app.connect("env-before-read-docs", _start_marks)
    app.connect("env-updated", _stop_marks)
    app.connect("build-finished", _stop_marks)  # also after a read that failed
    app.connect("doctree-read", _titles, priority=100)  # before Sphinx collects titles (500)
    app.connect("html-page-context", check_no_marks)
    app.connect("build-finished", _search_index_unmarked)
