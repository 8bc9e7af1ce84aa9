"""Inline roles: {rule}`id` links to the rule's entry, {val}`id` shows its value on the build date,
{law}`id` cites a statute with its status, {actor}`slug` names an actor."""
from __future__ import annotations

import difflib

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxRole

from ..errors import PolicyError
from ..rulebook import collecting, framed
from ..text import state_note
from . import book_for, build_date, later, note_cited, note_dependencies, note_use
from .scope import mark

STATES = {"gäller": "current", "gällde": "ended", "kommer": "future"}
CODE_UNITS = ("kod", "blankett")  # values the search finds by an index entry made as the page is read


class _Recorded(SphinxRole):
    """A role whose reads of rule content are recorded for the page, like a directive's (a value
    whose text names another value, a statute that names its successor)."""

    def __call__(self, *args, **kwargs):
        with collecting() as read:
            result = super().__call__(*args, **kwargs)
        note_use(self.env, read)
        return result


class _PolicyRole(_Recorded):
    def known(self, rule_id: str, full: bool = True) -> bool:
        note_dependencies(self.env)
        if rule_id in book_for(self.env).index:
            note_use(self.env, [rule_id], full=full)
            return True
        self.env.policy_unknown_rules = getattr(self.env, "policy_unknown_rules", set()) | {(rule_id, self.env.docname)}
        near = difflib.get_close_matches(rule_id, list(book_for(self.env).index), n=1, cutoff=0.75)
        hint = f" Menade du ”{near[0]}”?" if near else " Regel-id:n står i regelregistret."
        msg = self.inliner.reporter.error(f"Okänt regel-id ”{rule_id}”.{hint}", line=self.lineno)
        return msg  # type: ignore[return-value]

    def fail(self, message: str):
        msg = self.inliner.reporter.error(message, line=self.lineno)
        return [nodes.problematic(self.rawtext, self.rawtext)], [msg]


class RuleRole(_PolicyRole):
    """{rule}`arvode.forsta-timmen` cites a rule: nothing in the running text (staff read no rule IDs),
    the rule's sources in the page's "Källor" block, and a region label here if the sentence around
    it does not name the region. {rule}`text <id>` shows the text, unlinked."""

    def run(self):
        text, rule_id = "", self.text
        if self.text.endswith(">") and "<" in self.text:
            text, rule_id = self.text[:-1].split("<", 1)
            text, rule_id = text.strip(), rule_id.strip()
        check = self.known(rule_id, full=False)  # it shows nothing of the rule's value
        if check is not True:
            return [nodes.problematic(self.rawtext, self.rawtext)], [check]
        note_cited(self.env, [rule_id])
        with framed():
            scope = book_for(self.env).scope_of_rule(rule_id, build_date(self.env))
        return [mark(nodes.inline(text, text, classes=["policy-rule"]), scope)], []


class ValueRole(_PolicyRole):
    """{val}`arvode.forsta-timmen` → ”750 kr”; {val}`arvode.forsta-perioden:tal` → ”60”."""

    def run(self):
        rule_id, _, fmt = self.text.partition(":")
        check = self.known(rule_id, full=False)
        if check is not True:
            return [nodes.problematic(self.rawtext, self.rawtext)], [check]
        book, on, bare = book_for(self.env), build_date(self.env), fmt == "tal"
        if rule_id not in book.rules:
            return self.fail(f"{rule_id} har inget värde att visa; använd {{rule}} för att länka till den.")
        note_cited(self.env, [rule_id])
        with framed():  # the value itself is read below: now, or as the page is written (a mark)
            unit = book.rules[rule_id].unit
            period, state = book.period_near(rule_id, on)
            coming = book.next_period(rule_id, on)
            scope = book.scope_of_rule(rule_id, on)
        # A code's search entry and a heading's anchor and title are made as the page is read.
        now = unit in CODE_UNITS or self.in_title()
        # A text may name other values by placeholder: filled in as on the day the shown period holds.
        shown = later.shown(self.env, book, rule_id, period, unit, bare, now,
                            text_on={"gäller": on, "gällde": period.valid_to, "kommer": period.valid_from}[state])
        index = self.code_index(unit, shown)
        # Ended or not yet in force: the value carries that in its own text, never shown as if it held.
        note = state_note(period, state)
        node = mark(nodes.inline(shown + note, shown + note, classes=["policy-value", f"policy-{STATES[state]}"]), scope)
        out = [*index, node]
        if note:
            return out, []
        if coming is not None:
            text = f" (från {coming.valid_from.isoformat()}: {later.shown(self.env, book, rule_id, coming, unit, bare, now)})"
            out.append(nodes.inline(text, text, classes=["policy-coming"]))
        elif period.valid_to and (period.valid_to - on).days <= book.settings.review.notice_days:
            text = f" (gäller till {period.valid_to.isoformat()})"
            out.append(nodes.inline(text, text, classes=["policy-ending"]))
        return out, []

    def in_title(self) -> bool:
        """Whether the role stands in a heading or caption (MyST's inliner knows the node it fills)."""
        node = getattr(self.inliner, "parent", None)
        while node is not None and not isinstance(node, nodes.title):
            node = node.parent
        return node is not None

    def code_index(self, unit: str, shown: str) -> list[nodes.Node]:
        """An index entry for a code or form number, so that search finds it (Sphinx's full-text
        search skips numbers such as the cost centre 2760)."""
        if unit not in CODE_UNITS:
            return []
        # One entry per code and page, at its first place: search leads there, not to its last
        # mention (in a region's panel further down). temp_data is the page's own, read by read.
        first = self.env.temp_data.setdefault("policy_code_index", set())
        if shown in first:
            return []
        first.add(shown)
        target_id = f"kod-{nodes.make_id(shown)}-{self.env.new_serialno('policy-code')}"
        return [nodes.target("", "", ids=[target_id]),
                addnodes.index(entries=[("single", shown, target_id, "main", None)])]


class LawRole(_PolicyRole):
    """{law}`lagrum.hsl-1982-763-3f` → the citation, marked as replaced where it is."""

    def run(self):
        check = self.known(self.text)
        if check is not True:
            return [nodes.problematic(self.rawtext, self.rawtext)], [check]
        book = book_for(self.env)
        if self.text not in book.laws:
            return self.fail(f"{self.text} är inget lagrum.")
        law = book.laws[self.text]
        out = [nodes.inline(law.short, law.short, classes=["policy-law"])]
        if law.status == "ersatt":
            successor = book.laws[law.replaced_by]
            note = f" (ersatt {law.replaced_on.isoformat()} av {successor.short})"
            out.append(nodes.inline(note, note, classes=["policy-law-replaced"]))
        elif law.status == "ej verifierad":
            out.append(nodes.inline(" (ej verifierad)", " (ej verifierad)", classes=["policy-law-unverified"]))
        return out, []


class ActorRole(_PolicyRole):
    def run(self):
        note_dependencies(self.env)
        book = book_for(self.env)
        # {actor}`arbetsgivare:i-text` inside a sentence or list: a common noun in lower case.
        slug, _, form = self.text.partition(":")
        if slug not in book.actors:
            return self.fail(f"Okänd aktör ”{slug}”; kända: {', '.join(book.actors)}.")
        name = book.name_in_text(slug) if form == "i-text" else book.actors[slug].name
        return [nodes.inline(name, name, classes=["policy-actor"])], []


class DisagreementRole(_Recorded):
    """{skiljelinje}`9` → a link to disagreement 9 itself on "Där källorna skiljer sig åt"."""

    def run(self):
        note_dependencies(self.env)
        book = book_for(self.env)
        try:
            number = int(self.text)
            book.disagreement(number)
        except (ValueError, PolicyError) as exc:
            msg = self.inliner.reporter.error(f"{{skiljelinje}}`{self.text}`: {exc}", line=self.lineno)
            return [nodes.problematic(self.rawtext, self.rawtext)], [msg]
        uri = self.env.app.builder.get_relative_uri(self.env.docname, "handbook/skiljelinjer") + f"#skiljelinje-{number}"
        text = f"Där källorna skiljer sig åt, nummer {number}"
        return [nodes.reference(self.rawtext, text, refuri=uri, internal=True)], []


class SettingRole(SphinxRole):
    """{setting}`review.interval_months` → ”24 månader”: one of the handbook's own settings."""

    UNITS = {"interval_months": "månader", "notice_days": "dagar"}

    def run(self):
        note_dependencies(self.env)
        settings = book_for(self.env).settings
        group, _, name = self.text.partition(".")
        value = getattr(getattr(settings, group, None), name, None)
        if value is None or name not in self.UNITS:
            msg = self.inliner.reporter.error(f"Okänd inställning ”{self.text}”; kända: "
                                              + ", ".join(f"review.{n}" for n in self.UNITS), line=self.lineno)
            return [nodes.problematic(self.rawtext, self.rawtext)], [msg]
        shown = f"{value}\u00a0{self.UNITS[name]}"
        return [nodes.inline(shown, shown, classes=["policy-setting"])], []


class BuildDateRole(SphinxRole):
    """{builddate}`` → the date the pages show values for."""

    def run(self):
        note_dependencies(self.env)
        shown = build_date(self.env).isoformat()
        return [nodes.inline(shown, shown, classes=["policy-date"])], []


class NextChangeRole(_Recorded):
    """{nextchange}`` → the next day on which anything in the data starts or ends, linked to the
    page of coming changes ("2028-04-10", or that none is known). A page using it is read again
    when that day moves, as every page is."""

    def run(self):
        note_dependencies(self.env)
        after = book_for(self.env).next_change(build_date(self.env))  # reads every dated item: recorded
        shown = f"den {after.isoformat()}" if after else "ingen som handboken känner till"
        link = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget="/handbook/reference/kommande",
                                     refdoc=self.env.docname, refexplicit=True)
        link += nodes.inline("vad som ändras", "vad som ändras")
        return [nodes.inline(shown, shown, classes=["policy-date"]), nodes.Text(" ("), link, nodes.Text(")")], []


def register(app) -> None:
    app.add_role("nextchange", NextChangeRole())
    app.add_role("builddate", BuildDateRole())
    app.add_role("setting", SettingRole())
    app.add_role("rule", RuleRole())
    app.add_role("val", ValueRole())
    app.add_role("law", LawRole())
    app.add_role("actor", ActorRole())
    app.add_role("skiljelinje", DisagreementRole())
