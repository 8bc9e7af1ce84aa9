"""Directives for routines, checklists, meeting forms, disagreements, the decision table and the
rule register."""
from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives

from ..checklist import PHASES, checklist, relevant_steps
from ..loader import claim_id
from ..meeting_forms import forms as form_views
from ..models import FlowStage
from ..review import review_status
from ..text import format_value, render
from ..loader import PACKAGE_DIR
from . import data_files, note_files, note_use, rule_anchor
from .base import PolicyDirective
from .build import admonition, bullets, emphasis, para, source_text, strong, table, validity_text

FIELD_LABELS = {
    "initiative": "Tar initiativ", "decides": "Beslutar", "convened_by": "Kallar", "chaired_by": "Leder mötet",
    "documented_by": "Dokumenterar", "must_attend": "Deltar alltid", "may_attend": "Kan delta",
    "compensation": "Ersättning", "timing": "När i sjukperioden",
}
FLOW_LABELS: dict[str, tuple[str, str]] = {
    "signal": ("Signal", "Någon ser ett behov och ger en impuls."),
    "planering": ("Planering", "Samtycke, beslut, kallelse och bokning."),
    "mote": ("Möte", "Parterna möts med patienten."),
    "plan": ("Plan", "En plan med mål dokumenteras."),
    "uppfoljning": ("Uppföljning", "Planen följs upp; arvode och faktura hanteras."),
}
assert set(FLOW_LABELS) == set(FlowStage.__args__)  # every stage of the model has a label


class Routine(PolicyDirective):
    """A routine's metadata banner and its steps in order, one section per stage."""

    required_arguments = 1

    def render(self):
        book, on = self.book, self.on
        routine = book.routine(self.arguments[0])
        note_files(self.env, {book.files[s.id] for s in book.steps(routine)})  # the banner's metadata
        src = book.sources[routine.source]
        status = review_status(routine, on, book)
        meta = [("Organisation", routine.organisation), ("Dokumenttyp", routine.document_type),
                *((f.label, f.value) for f in routine.metadata),
                ("Giltighet i handboken", validity_text(routine).removeprefix("Gäller ").rstrip(".")),
                ("Datering", src.dating), (f"Granskning den {on.isoformat()}", status.label)]
        dl = nodes.definition_list(classes=["routine-meta"])
        for term, value in meta:
            item = nodes.definition_list_item()
            item += nodes.term(term, term)
            definition = nodes.definition()
            definition += para(value)
            item += definition
            dl += item
        banner = admonition(f"routine-banner review-{status.level}", f"{routine.title} (källa {src.id})", dl)
        out: list[nodes.Node] = [banner, para(routine.summary)]
        if routine.single_routine_facts:
            out.append(para(emphasis("Uppgifterna på sidan vilar på den här rutinen ensam om inget annat sägs."),
                            classes=["policy-source"]))
        for stage in routine.stages:
            sec = self.section(stage.title, f"{routine.slug}-{stage.slug}")
            if stage.summary:
                sec += para(stage.summary)
            steps = nodes.enumerated_list(classes=["routine-steps"])
            for step in stage.steps:
                li = nodes.list_item(ids=[nodes.make_id(f"steg-{step.id}")])
                li += para(render(step.text, book, on) if step.covers(on) else f"Steget gäller inte {on.isoformat()}.")
                who = ", ".join(book.actors[a].name for a in step.responsible)
                li += para("Ansvarig: ", who, ". ", self.rule_link(step.id), ". ",
                           source_text(book, step.sources), classes=["policy-source"])
                steps += li
            sec += steps
            out.append(sec)
        return out


class Checklist(PolicyDirective):
    option_spec = {"form": directives.unchanged_required, "region": directives.unchanged_required,
                   "role": directives.unchanged_required}

    def render(self):
        o = self.options
        return [self.checklist_node(o["form"], o["region"], o["role"])]

    def checklist_node(self, form: str, region: str, role: str) -> nodes.Element:
        answer = checklist(form, region, role, self.on, self.book)
        note_files(self.env, {self.book.files[i.rule_id] for i in answer.items})  # the routine's title
        box = nodes.container(classes=["checklist"])
        box += para(strong(f"{answer.form_name} – {answer.role_name}"),
                    f" · {answer.organisation}: {answer.routine} (källa {answer.routine_source})",
                    f" · gäller {self.on.isoformat()}", classes=["checklist-head"])
        for key, items in answer.by_phase().items():
            box += nodes.rubric(PHASES[key], PHASES[key])
            if not items:
                box += para("Inga punkter för din roll.", classes=["checklist-empty"])
                continue
            box += bullets([[para(i.text), para(self.rule_link(i.rule_id), " · ", source_text(self.book, _refs(self.book, i.rule_id)),
                                                classes=["policy-source"])] for i in items], classes=["checklist-items"])
        return box


class RoutineChecklists(Checklist):
    """Every checklist of a routine: one section per meeting form and role that has items."""

    required_arguments = 1
    option_spec = {}

    def render(self):
        book, slug = self.book, self.arguments[0]
        out = []
        for form in book.forms.values():
            steps = relevant_steps(book, slug, form.slug, self.on)
            for role in book.roles.values():
                if any(role.slug in s.roles for s in steps):
                    ident = nodes.make_id(f"checklista-{slug}-{form.slug}-{role.slug}")
                    sec = self.section(f"Checklista: {form.name} – {role.name}", ident)
                    sec["classes"].append("checklist-section")
                    link = nodes.reference("", "Skriv ut bara den här checklistan", refuri=f"#{ident}")
                    sec += para(link, ": öppna länken och välj Skriv ut (Ctrl+P).", classes=["print-hint"])
                    sec += self.checklist_node(form.slug, slug, role.slug)
                    out.append(sec)
        return out


def _refs(book, step_id):
    return book.index[step_id].sources


class FormComparison(PolicyDirective):
    """The meeting forms side by side: one column per form, one row per field."""

    def render(self):
        views = form_views(self.on, self.book)
        rows = []
        for field, label in FIELD_LABELS.items():
            row = [label]
            for view in views:
                claim = view.fields[field]
                cell = [para(claim.text)]
                if claim.disagreement:
                    cell.append(para(self.doc_link("handbook/skiljelinjer", f"Källorna skiljer sig, se nr {claim.disagreement}"),
                                     classes=["policy-source"]))
                row.append(cell)
            rows.append(row)
        rows.append(["Syften"] + [bullets(v.purposes) for v in views])
        rows.append(["Lagrum"] + [[para(l["citation"] + (f" – ersatt {l['replaced_on']}" if l["replaced_on"] else ""))
                                   for l in v.legal_basis] or "–" for v in views])
        headers = ["", *(v.name for v in views)]
        return [table(headers, rows, caption="Mötesformerna jämförda", classes=["form-comparison"])]


class FormCard(PolicyDirective):
    """One meeting form as a list of its fields, each with its rule and source."""

    required_arguments = 1

    def render(self):
        form = self.book.form(self.arguments[0])
        view = next(v for v in form_views(self.on, self.book) if v.slug == form.slug)
        note_use(self.env, [form.id])
        dl = nodes.definition_list(classes=["form-card"])
        for field, label in FIELD_LABELS.items():
            claim = view.fields[field]
            item = nodes.definition_list_item()
            item += nodes.term(label, label)
            d = nodes.definition()
            d += para(claim.text)
            d += para(self.rule_link(claim_id(form.id, field)), " · ",
                      source_text(self.book, getattr(form, field).sources), classes=["policy-source"])
            item += d
            dl += item
        item = nodes.definition_list_item()
        item += nodes.term("Syften", "Syften")
        d = nodes.definition()
        d += bullets(view.purposes)
        d += para(self.rule_link(claim_id(form.id, "purposes")), " · ",
                  source_text(self.book, [r for c in form.purposes for r in c.sources]), classes=["policy-source"])
        item += d
        dl += item
        return [para(form.summary), dl]


class Disagreements(PolicyDirective):
    """The twelve places where the sources disagree, each side with its sources."""

    def render(self):
        out = []
        for d in (self.book.disagreement(n + 1) for n in range(len(self.book.disagreements))):
            note_use(self.env, [d.id])
            sec = self.section(f"{d.number}. {d.topic}", f"skiljelinje-{d.number}")
            rows = [[", ".join(_source_label(self.book, s) for s in side.sources), render(side.claim, self.book, self.on)]
                    for side in d.sides]
            sec += table(["Källa", "Vad källan säger"], rows, caption=f"Skiljelinje {d.number}: {d.topic}",
                         classes=["disagreement"])
            sec += para(strong("Så gör handboken: "), d.handbook)
            if d.rules:
                links = []
                for i, rid in enumerate(d.rules):
                    links += ([nodes.Text(", ")] if i else []) + [self.rule_link(rid)]
                sec += para("Berörda regler: ", *links, classes=["policy-source"])
            out.append(sec)
        return out


ACTOR_CLASSES = {"inga": "inga andra", "endast-arbetsgivare": "bara arbetsgivaren",
                 "med-arbetsformedlingen": "Arbetsförmedlingen (och ev. fler)", "andra": "andra parter"}


class DecisionTable(PolicyDirective):
    def render(self):
        rows = []
        yes_no = lambda values: "/".join("ja" if v else "nej" for v in values)  # noqa: E731
        for row in self.book.decision_rows:
            phases = ", ".join("ej sjukskriven" if p is None else f"fas {p}" for p in row.when.phase)
            rows.append([yes_no(row.when.fk_coordination), yes_no(row.when.social_services),
                         ", ".join(ACTOR_CLASSES[a] for a in row.when.actors), phases,
                         ", ".join(self.book.forms[f].name for f in row.suggest) or "Ingen mötesform",
                         [para(render(row.advice, self.book, self.on)), para(self.rule_link(row.id), classes=["policy-source"])]])
        return [table(["Försäkringskassan samordnar", "Socialtjänsten inblandad", "Andra parter", "Sjukperiod",
                       "Förslag", "Råd"], rows, caption="Beslutstabell för mötesform", classes=["decision-table"])]


class ProcessFlow(PolicyDirective):
    """The process from signal to follow-up as an ordered list styled as a flow (no images, no scripts)."""

    def render(self):
        flow = nodes.enumerated_list(classes=["process-flow"])
        for label, text in FLOW_LABELS.values():
            li = nodes.list_item()
            li += para(strong(label))
            li += para(text)
            flow += li
        return [flow]


class RoutineList(PolicyDirective):
    def render(self):
        note_files(self.env, sorted(PACKAGE_DIR.glob("routines/*.yaml")))
        rows = []
        for routine in self.book.routines.values():
            status = review_status(routine, self.on, self.book)
            rows.append([self.doc_link(f"handbook/routines/{routine.slug}", routine.name), routine.document_type,
                         validity_text(routine).removeprefix("Gäller ").rstrip("."), status.label])
        return [table(["Rutin", "Slag", "Giltighet", f"Granskning den {self.on.isoformat()}"], rows,
                      caption="Rutinerna", classes=["routine-list"])]


class RuleRegister(PolicyDirective):
    """Every rule ID with its value or text, validity and sources: the target of {rule} links."""

    def render(self):
        note_files(self.env, data_files())
        book, out = self.book, []
        groups: dict[str, list[str]] = {}
        for rule_id in book.index:
            groups.setdefault(rule_id.split(".")[0], []).append(rule_id)
        for group, ids in groups.items():
            sec = self.section(group, f"register-{group}")
            dl = nodes.definition_list(classes=["rule-register"])
            for rule_id in ids:
                item = nodes.definition_list_item()
                item += nodes.term(rule_id, "", nodes.literal(rule_id, rule_id), ids=[rule_anchor(rule_id)])
                d = nodes.definition()
                for p in self.describe(rule_id):
                    d += p
                item += d
                dl += item
            sec += dl
            out.append(sec)
        return out

    def describe(self, rule_id: str) -> list[nodes.Node]:
        book, item = self.book, self.book.index[rule_id]
        if rule_id in book.rules:
            rule = book.rules[rule_id]
            out = [para(strong(rule.title))]
            for period in rule.periods:
                out.append(para(format_value(period.value, rule.unit), " — ", validity_text(period), " ",
                                source_text(book, period.sources), classes=["policy-source"]))
            alone = book.rests_on_one_routine(rule.periods[-1].sources)
            if alone:
                out.append(para(emphasis(f"Vilar bara på rutin {alone}."), classes=["policy-source"]))
            return out
        text = (getattr(item, "text", None) or getattr(item, "assessed_against", None) or getattr(item, "citation", None)
                or getattr(item, "topic", None) or getattr(item, "advice", None) or getattr(item, "name", None))
        if isinstance(item, list):  # a form's purposes
            text = "; ".join(c.text for c in item)
        out = [para(render(text, book, self.on) if text else rule_id)]
        if getattr(item, "valid_from", None):
            out.append(para(validity_text(item), " ", source_text(book, item.sources), classes=["policy-source"]))
        elif isinstance(item, list) and item:
            out.append(para(source_text(book, [r for c in item for r in c.sources]), classes=["policy-source"]))
        return out


class Changelog(PolicyDirective):
    """The change history, newest first, with links to the rules each change touched."""

    def render(self):
        note_files(self.env, sorted(PACKAGE_DIR.glob("changelog/*.yaml")))
        out = []
        for entry in self.book.changelog:
            sec = self.section(f"{entry.date.isoformat()} – {entry.title}", f"andring-{entry.date.isoformat()}-{entry.title}")
            sec += para(entry.description)
            sec += para(strong("Beslutat av: "), entry.decided_by)
            if entry.all_rules:
                sec += para("Gäller alla regler.", classes=["policy-source"])
            else:
                links = []
                for i, rule_id in enumerate(entry.rules):
                    links += ([nodes.Text(", ")] if i else [])
                    links += [self.rule_link(rule_id)] if rule_id in self.book.index else [nodes.literal(rule_id, f"{rule_id} (borttagen)")]
                sec += para("Ändrade regler: ", *links, classes=["policy-source"])
            out.append(sec)
        return out


def _source_label(book, source_id: str) -> str:
    src = book.sources[source_id]
    return f"{src.id} ({src.organisation})" if src.seed else src.title


def register(app) -> None:
    for name, cls in [("routine", Routine), ("checklist", Checklist), ("routine-checklists", RoutineChecklists),
                      ("form-comparison", FormComparison), ("form-card", FormCard), ("disagreements", Disagreements),
                      ("decision-table", DecisionTable), ("process-flow", ProcessFlow), ("routine-list", RoutineList),
                      ("rule-register", RuleRegister), ("changelog", Changelog)]:
        app.add_directive(name, cls)
