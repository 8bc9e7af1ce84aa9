"""Review notices where they matter, and the full review overview for the maintainers.

A staff page gets a notice only when something it shows rests on a source that has expired, is
overdue for review or is due within the notice period. A region's tab carries the notice for its
own routine; everything else on the page is listed in one notice after the page's opening answer –
never above the answer, never inside a table cell or between list items – saying what it means
for the reader.
"""
from __future__ import annotations

from datetime import timedelta

from docutils import nodes

from ..committee.review import LEVELS, owner, review, review_status, source_status
from ..scope import slugify
from ..rulebook import framed
from . import RULE_PAGE, book_for, build_date, later
from .base import PolicyDirective
from .build import admonition, bullets, para, table
from .provenance import _refs

FLAGGED = ("utgangen", "forsenad", "inaktuell", "snart")
NUMBERS = {2: "två", 3: "tre", 4: "fyra", 5: "fem"}


def _meaning(src, status) -> str:
    whose = src.whose or src.organisation
    if status.level == "utgangen":
        return (f"Uppgifterna från {whose} gällde till {src.valid_to.isoformat()}. Fråga den som ansvarar "
                "för rutinen i din region vad som gäller nu.")
    if status.level == "forsenad":
        return (f"Uppgifterna från {whose} skulle ha kontrollerats mot källan senast {status.due.isoformat()}. "
                "De kan ha ändrats; stäm av med källan innan du går efter dem.")
    if status.level == "inaktuell":
        return (f"{whose} ändrades senast {src.edited.isoformat()} av utgivaren. Kontrollera att den "
                "fortfarande gäller innan du går efter den.")
    return (f"Uppgifterna från {whose} ska kontrolleras mot källan senast {status.due.isoformat()}"
            + (" och gäller bara till dess." if src.valid_to else "."))


def _tab(doctree, place: str | None):
    """The region's tab on the page, if the page has one: a notice about its routine stands there."""
    if place:
        cls = f"region-{slugify(place)}"
        for node in doctree.findall(nodes.container):
            if cls in node.get("classes", []) and "region-panel" in node.get("classes", []):
                return node
    return None


def _opening(doctree):
    """The page's opening paragraph: the page's one notice stands after the answer, never above it."""
    section = next(iter(doctree.findall(nodes.section)), None)
    return next((c for c in section.children if isinstance(c, nodes.paragraph)), None) if section else None


def _notice(src, status) -> nodes.Element:
    if status.level == "inaktuell":  # one line: the routine may be out of date
        return para(_meaning(src, status), classes=["review-notice", "review-inaktuell"])
    title = f"{LEVELS[status.level]}: {src.whose or src.organisation}"
    return admonition(f"review-notice review-{status.level}", title, para(_meaning(src, status)))


def _page_notice(flagged) -> nodes.Element:
    """One notice for the page, listing every source it rests on that needs checking."""
    if len(flagged) == 1:
        return _notice(*flagged[0])
    if all(status.level == "inaktuell" for _, status in flagged):  # one line, as for one source
        names = [f"{src.whose or src.organisation} (ändrad {src.edited.isoformat()})" for src, _ in flagged]
        listed = ", ".join(names[:-1]) + " och " + names[-1]
        return para(f"{NUMBERS.get(len(names), str(len(names))).capitalize()} av sidans källor kan vara inaktuella: "
                    f"{listed}. Kontrollera dem innan du går efter dem.", classes=["review-notice", "review-inaktuell"])
    worst = min((status.level for _, status in flagged), key=FLAGGED.index)
    return admonition(f"review-notice review-{worst}", "Kontrollera innan du går efter sidan",
                      bullets([[para(_meaning(src, status))] for src, status in flagged]))


def add_review_notices(app, doctree: nodes.document) -> None:
    env = app.env
    if env.docname.startswith((RULE_PAGE, "handbook/routines/", "handbook/forvaltning/")):
        return
    used = env.__dict__.get("policy_used", {}).get(env.docname, set())
    if not used:
        return
    book, on = book_for(env), build_date(env)
    flagged = {}
    for rule_id in sorted(used):
        for ref in _refs(book, rule_id, on):
            src = book.sources[ref.source]
            if src.superseded_by or src.id in flagged:
                continue
            status = source_status(src, on, book)
            # An old edit date matters to staff only for a region's own routine; an outside reference
            # that merely confirms a national fact is the maintainers' concern (the review list).
            if status.level == "inaktuell" and src.id not in {w.source for w in book.routines.values()}:
                continue
            if status.level in FLAGGED:
                flagged[src.id] = (src, status)
    # A region's tab carries the notice for its routine; everything else is one notice per page.
    page = []
    for src, status in flagged.values():
        tab = _tab(doctree, src.place)
        if tab is None:
            page.append((src, status))
        elif not any("routine-expired" in c.get("classes", []) for c in tab.children if isinstance(c, nodes.Element)):
            tab.insert(1, _notice(src, status))  # after its title (an expired routine's tab already says so)
    anchor = _opening(doctree) if page else None
    if anchor is not None:
        anchor.parent.insert(anchor.parent.index(anchor) + 1, _page_notice(page))


class ReviewOverview(PolicyDirective):
    """For the maintainers: every routine's review state by owner, and each source and rule that is
    expired, overdue or due soon on the build date."""

    def render(self):
        book, on = self.book, self.on
        rows = []
        for work in sorted(book.routines.values(), key=lambda r: r.name):
            status = review_status(work, on, book)
            rows.append([work.name, owner(work), status.due.isoformat(), status.label])
        out = [table(["Rutin", "Ägare", "Ska granskas senast", f"Läget den {on.isoformat()}"], rows,
                     caption="Rutinerna", classes=["review-table"])]
        with framed():  # sources and dates: what is due never depends on a value
            items = review(on, book)
        if items:
            out.append(table(["Slag", "Id", "Vad", "Läget"], [[i.kind, i.id, i.title, i.status.label] for i in items],
                             caption="Källor och regler att granska", classes=["review-table"]))
        else:
            out.append(para(f"Inget att granska den {on.isoformat()}."))
        return out


def register(app) -> None:
    app.add_directive("review-overview", ReviewOverview)
    app.add_directive("coming-changes", ComingChanges)


class ComingChanges(PolicyDirective):
    """Every dated event after the build date, one row each, with what it means for staff: a routine
    version that starts or the routine that ends, a step that changes from a date, a value that
    changes or ends by decision, and a source that ends (with the instructions resting on it)."""

    def render(self):
        from .. import versions

        book, on = self.book, self.on
        rows, cited = [], set()

        def decided(match) -> str:
            entries = [e for e in book.changelog if match(e)]
            return "; ".join(f"{e.title} ({e.decision.body}, {e.decision.date.isoformat()})" if e.decision
                             else f"{e.title} ({e.date.isoformat()})" for e in entries) or "–"

        def adopted(version) -> str:
            """Who adopted a routine version: the decision on record, else the document's own header."""
            if version.decision:
                d = version.decision
                return f"{d.body}, {d.date.isoformat()}, {d.protocol}"
            if version.status == "utkast":
                return "Inte fastställd (utkast)"
            return f"Fastställd av {version.approver} enligt rutinens huvud" if version.approver else "–"

        def after(day) -> str:  # the first day the change shows: the day after a last day
            return (day + timedelta(days=1)).isoformat()

        def cell(text, place=None):
            return nodes.entry("", para(text), classes=[f"region-{slugify(place)}"] if place else [])

        routine_sources = {w.source for w in book.routines.values()}
        for work in book.routines.values():
            src = book.sources[work.source]
            for version in work.versions:
                if version.version > 1 and version.valid_from > on:
                    what = versions.changes(book, work.previous(version), version)
                    what = ([version.changes] if version.changes else []) + what
                    rows.append((version.valid_from, [version.valid_from.isoformat(),
                                 f"{work.name}s rutin, version {version.version}"
                                 + (" (utkast, inte fastställd)" if version.status == "utkast" else ""),
                                 cell(" ".join(what), src.place), src.whose or work.name, adopted(version)]))
                for day, text in versions.dated_step_changes(book, version):
                    if day > on:
                        rows.append((day, [day.isoformat(), f"{work.name}s rutin", cell(text, src.place),
                                           src.whose or work.name, adopted(version)]))
            if work.valid_to and work.valid_to >= on:
                rows.append((work.valid_to, [after(work.valid_to), f"{work.name}s rutin",
                             cell(f"Rutinen gällde till och med {work.valid_to.isoformat()}. Dess steg, checklistor och "
                                  "de instruktioner som bara vilar på den gäller inte längre; fråga rutinens ägare om en "
                                  "ny version.", src.place),
                             src.whose or work.name, adopted(work.latest)]))
        for src in book.sources.values():
            if src.id in routine_sources or not src.valid_to or src.valid_to < on or src.superseded_by:
                continue
            rows.append((src.valid_to, [after(src.valid_to), src.title,
                         cell(f"Källan gällde till och med {src.valid_to.isoformat()}; det som bara vilar på den "
                              "gäller inte längre.", src.place),
                         src.whose or src.organisation, "–"]))

        def shown(rule, period) -> str:  # a text's placeholders filled in as on its period's first day
            return later.shown(self.env, book, rule.id, period, rule.unit, text_on=period.valid_from or on)

        with framed():  # every rule's dates and sources; a value only through shown()
            for rule in book.rules.values():
                for period in rule.periods:
                    whose = "; ".join(dict.fromkeys(book.sources[r.source].whose or book.sources[r.source].organisation
                                                    for r in period.sources))
                    place = next((book.sources[r.source].place for r in period.sources if book.sources[r.source].place), None)
                    names_rule = lambda e, rid=rule.id: rid in e.rules  # noqa: E731
                    if period.valid_from and period.valid_from > on and period is not rule.periods[0]:
                        rows.append((period.valid_from, [period.valid_from.isoformat(), rule.title,
                                                         cell(f"Blir {shown(rule, period)}", place), whose, decided(names_rule)]))
                        cited.add(rule.id)
                    # An end the data states (a decision), not one that follows from a source's end.
                    if (period.valid_to and period.valid_to >= on and not period.ends_with_source
                            and not book.next_period(rule.id, period.valid_to)):
                        rows.append((period.valid_to, [after(period.valid_to), rule.title,
                                                       cell(f"{shown(rule, period)} gällde till och med {period.valid_to.isoformat()}", place),
                                                       whose, decided(names_rule)]))
                        cited.add(rule.id)
        rows.sort(key=lambda r: (r[0], r[1][1]))  # by date, then by what
        if not rows:
            return [para(f"Inga beslutade ändringar efter {on.isoformat()}.")]
        self.cite(*sorted(cited))
        return [table(["Från", "Vad", "Vad det betyder", "Källa", "Beslut"], [r[1] for r in rows],
                      caption=f"Kommande ändringar efter {on.isoformat()}", classes=["coming-table"])]
