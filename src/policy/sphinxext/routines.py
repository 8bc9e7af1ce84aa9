"""Directives for routines, checklists, meeting forms, disagreements, the decision table and the
rule register."""
from __future__ import annotations

import json

from docutils import nodes
from docutils.parsers.rst import directives

from ..checklist import PHASES, checklist, relevant_steps
from ..guide import checklist_data
from ..loader import claim_id
from ..meeting_forms import forms as form_views
from ..models import FlowStage, MeetingForm, starts
from .. import versions
from ..errors import PolicyError, format_span
from ..committee.review import review_status
from ..scope import join_sv, slugify
from ..text import render as _render, state_note
from ..loader import data_dir
from ..rulebook import framed
from . import RULE_PAGE, later, note_files, note_use, rule_anchor
from .base import PolicyDirective
from .build import admonition, bullets, para, source_text, strong, table, validity_phrase, validity_text
from .scope import mark

def render(text: str, book, on) -> str:
    """Pages build on any date: a value outside its period is shown marked, never as current."""
    return _render(text, book, on, lenient=True)


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


def region_classes(book, routine) -> list[str]:
    """The class that marks a block as one region's (none for Försäkringskassan's national page)."""
    place = book.sources[routine.source].place
    return [f"region-{slugify(place)}"] if place else []


def routine_state_notice(book, work, on) -> list[nodes.Node]:
    """A routine that has ended, or not yet begun, says so first and says what the reader should do."""
    whose = book.sources[work.source].whose or work.name
    version, state = work.near(on)
    if state == "gällde" and version is work.latest:
        return [admonition("warning routine-expired", f"{work.name}s rutin gäller inte längre",
                           para(f"{whose} gällde till och med {version.valid_to.isoformat()}. Stegen och "
                                "checklistorna nedan visar hur det var då och gäller inte i dag."),
                           para("Fråga den som ansvarar för rutinen i din region om det finns en ny. Det som "
                                "gäller nationellt står på Försäkringskassans sida i handboken."))]
    if state == "gällde":
        nxt = work.versions[version.version]
        return [admonition("warning routine-expired", f"{work.name}s rutin gäller inte just nu",
                           para(f"Version {version.version} gällde till och med {version.valid_to.isoformat()} och "
                                f"version {nxt.version} gäller från {nxt.valid_from.isoformat()}. Stegen nedan "
                                f"är version {version.version}s."))]
    if state == "kommer":
        return [admonition("warning routine-future", f"{work.name}s rutin gäller från {version.valid_from.isoformat()}",
                           para("Stegen nedan gäller inte ännu."))]
    return []


def version_text(version) -> str:
    """”2, fastställd 2028-03-01 (Försäkringsmedicinska kommittén, protokoll …)” or ”2, utkast”."""
    if version.status == "utkast":
        return f"{version.version}, utkast – inte fastställd"
    if version.decision:
        d = version.decision
        return f"{version.version}, fastställd {d.date.isoformat()} ({d.body}, {d.protocol})"
    if version.version == 1 and version.valid_from is None and not version.approver:
        # An undated document numbers no versions: the number is only the handbook's.
        return "anges inte i källan (version 1 i handboken)"
    return str(version.version)


def version_label(version) -> str:
    """"Version 2, fastställd …", or for an undated document that numbers no versions, that it is
    the handbook's first."""
    text = version_text(version)
    return f"Version {text}" if text[0].isdigit() else "Handbokens version 1 (källan anger ingen version)"


def _one_per_id(steps, on):
    """A stage's steps as a reader sees them on `on`: a step that changes from a date shows once, in
    the form that holds (or the nearest)."""
    chosen: dict[str, object] = {}
    for step in steps:
        held = chosen.get(step.id)
        if held is None or (not held.covers(on) and (step.covers(on) or starts(step) <= on)):
            chosen[step.id] = step
    return list(chosen.values())


def step_text(book, step, on) -> str:
    """A step as it reads on `on`; outside its own dates, as it read at its edge, marked."""
    if step.covers(on):
        return render(step.text, book, on)
    edge = step.valid_to if step.valid_to and on > step.valid_to else step.valid_from
    state = "gällde" if edge == step.valid_to else "kommer"
    return render(step.text, book, edge) + state_note(step, state)


def disagreement_link(directive, number: int | None) -> list:
    """That the sources differ here and how the handbook settles it, in words (a printed checklist
    cannot follow a link), then the link to the whole disagreement."""
    if not number:
        return []
    d = directive.book.disagreement(number)
    return [" ", nodes.inline("", f"Källorna säger olika om {d.topic.lower()}: {d.handbook} ", classes=["disagreement-note"]),
            directive.anchor_link("handbook/skiljelinjer", f"skiljelinje-{number}",
                                  f"Mer under ”Där källorna skiljer sig åt”, nummer {number}.")]


def replaced_laws(book, rule_ids) -> list[str]:
    """Notes for the statutes a step cites that are replaced or unverified, so an outdated reference
    never reads as current and an unchecked one is seen as the source's."""
    notes = []
    for rule_id in rule_ids:
        law = book.laws.get(rule_id)
        if law and law.status == "ersatt":
            successor = book.laws[law.replaced_by]
            notes.append(f"{law.short} är ersatt sedan {law.replaced_on.isoformat()} av {successor.short}"
                         + (" (paragrafen är inte kontrollerad)" if successor.status == "ej verifierad" else "") + ".")
        elif law and law.status == "ej verifierad":
            notes.append(f"Källan hänvisar här till {law.citation}; hänvisningen är inte kontrollerad utanför den.")
    return notes


def version_option(directive) -> None:
    """With `:version: N`, the directive shows that version: its values are read on a day inside it
    (the build date if it holds then, else its first or last day), and `directive.build_on` keeps the
    build date for saying whether it holds."""
    directive.build_on = directive.on
    number = directive.options.get("version")
    if number is None:
        return
    work = directive.book.routine(directive.arguments[0])
    version = next((v for v in work.versions if v.version == number), None)
    if version is None:
        raise PolicyError(f"{work.name} har ingen version {number}; versioner: "
                          f"{', '.join(str(v.version) for v in work.versions)}")
    if not version.covers(directive.on):
        directive.on = version.valid_from if starts(version) > directive.on else version.valid_to


def version_page_notice(work, version, on) -> list[nodes.Node]:
    """On a version's own page: whether it is the version in force on the build date."""
    current = work.at(on)
    if current is version:
        return [para(f"Det här är version {version.version}, som gäller i dag.", classes=["policy-state"])]
    when = (f"gäller från {version.valid_from.isoformat()}" if starts(version) > on
            else f"gällde till och med {version.valid_to.isoformat()}")
    now = f" I dag gäller version {current.version}." if current else ""
    return [admonition("warning routine-version-other", f"Version {version.version} {when}",
                       para(f"Sidan visar version {version.version} som den lyder, för granskning och "
                            f"fastställande.{now}"))]


class Routine(PolicyDirective):
    """A routine's metadata banner and its steps in order, one section per stage: the version in
    force on the build date, or with `:version: N` that version (its own page, and its PDF)."""

    required_arguments = 1
    option_spec = {"version": directives.positive_int}

    def render(self):
        version_option(self)
        book, on = self.book, self.on
        work = book.routine(self.arguments[0])
        routine, _ = work.near(on)
        note_files(self.env, book.routine_files[work.slug])  # every version: the banner and the history
        src = book.sources[routine.source]
        status = review_status(work, on, book)
        due_basis = ("rutinens slutdatum" if routine.valid_to else
                     f"handbokens granskningsintervall, {book.settings.review.interval_months} månader")
        meta = [("Organisation", routine.organisation), ("Dokumenttyp", routine.document_type),
                ("Version", version_text(routine)), ("Dokumentägare", routine.owner or "anges inte i källan"),
                *((("Fastställare", routine.approver),) if routine.approver else ()),
                *((f.label, f.value) for f in routine.metadata),
                ("Giltighet", validity_phrase(routine)),
                ("Datering", routine.dating),
                ("Handboken jämförde senast med källan", routine.checked.isoformat()),
                ("Ska granskas senast", f"{status.due.isoformat()} ({due_basis})"),
                (f"Läget den {on.isoformat()}", status.label)]
        dl = nodes.definition_list(classes=["routine-meta"])
        # The handbook's own review bookkeeping: on screen, not on the staff's printout.
        bookkeeping = {"Handboken jämförde senast med källan", "Ska granskas senast", f"Läget den {on.isoformat()}"}
        for term, value in meta:
            hide = ["no-print"] if term in bookkeeping else []
            item = nodes.definition_list_item()
            item += nodes.term(term, term, classes=hide)
            definition = nodes.definition(classes=hide)
            definition += para(value)
            item += definition
            dl += item
        region = region_classes(book, work)
        banner = admonition(f"routine-banner review-{status.level}", routine.title, dl)
        banner["classes"] += region
        notice = (version_page_notice(work, routine, self.build_on) if "version" in self.options
                  else routine_state_notice(book, work, on))
        # The routine first (a reader on a phone wants the steps); its metadata after them.
        out: list[nodes.Node] = [*notice, para(routine.summary, classes=region)]
        if src.whose:
            out.append(para(f"Allt på sidan kommer från {src.whose}, om inget annat sägs.", classes=["policy-source", *region]))
        out += self.purposes_section(routine, region)
        for stage in routine.stages:
            sec = self.section(stage.title, f"{routine.slug}-{stage.slug}")
            sec["classes"] += region
            if stage.summary:
                sec += para(stage.summary)
            steps = nodes.enumerated_list(classes=["routine-steps"])
            previous_who = None
            shown = _one_per_id(stage.steps, on)
            # On paper (the PDF for approval) each step names where in its source it stands: once
            # under the heading for what most steps share, at the step for the others.
            where = {step.id: "; ".join(f"{_source_label(book, r.source)}, avsnitt ”{r.section}”" for r in step.sources)
                     for step in shown}
            counts = list(where.values())
            common = max(counts, key=counts.count) if counts else None
            if common and counts.count(common) < 2 and len(counts) > 1:
                common = None  # no two steps share a source: each says its own
            if common:
                sec += para(f"Källa{' för stegen nedan' if len(shown) > 1 else ''}: {common}.",
                            classes=["print-only", "step-source"])
            for step in shown:
                li = nodes.list_item(ids=[nodes.make_id(f"steg-{step.id}")])
                li += mark(para(step_text(book, step, on), *disagreement_link(self, step.disagreement)),
                           book.scope(step, on))
                for note in replaced_laws(book, step.rules):
                    li += para(note, classes=["policy-law-replaced"])
                # Who does it, said when it changes from the step before, not after every step.
                # (A step whose source names nobody gets no line: "anges inte" after every sentence of
                # a description is noise.)
                who = book.who(step) if (step.responsible or step.performed_by) else None
                if who and who != previous_who:
                    li += para("Vem: ", who, ".", classes=["policy-who"])
                previous_who = who
                if where[step.id] != common:
                    li += para(f"Källa: {where[step.id]}.", classes=["print-only", "step-source"])
                self.cite(step.id)
                steps += li
            sec += steps
            out.append(sec)
        about = self.section("Om rutinen", f"{routine.slug}-om-rutinen")
        about += banner
        out.append(about)
        out.append(self.versions_section(work, routine))
        return out

    def purposes_section(self, routine, region) -> list[nodes.Node]:
        """What the meeting is for, as this routine's document says it (the meeting forms' purposes
        that cite it), so the routine's own page carries them and not only the comparison page."""
        book, on = self.book, self.on
        found = [(form, claim) for form in book.forms.values() for claim in form.purposes
                 if claim.covers(on) and any(ref.source == routine.source for ref in claim.sources)]
        if not found:
            return []
        slugs = list(dict.fromkeys(f.slug for f, _ in found))
        sec = self.section("Vad mötet är till för" if len(slugs) == 1 else "Vad mötena är till för",
                           f"{routine.slug}-syfte")
        sec["classes"] += region
        for slug in slugs:
            form = book.forms[slug]
            if len(slugs) > 1:
                sec += para(f"{form.name}:")
            sec += bullets([mark(para(render(c.text, book, on)), book.scope(c, on)) for f, c in found if f.slug == slug])
            self.cite(claim_id(form.id, "purposes"))
        return [sec]

    def versions_section(self, work, shown) -> nodes.Element:
        """Every version, newest first, with its validity, approval and what it changed: a list, not a
        table, so that it reads on a phone."""
        book = self.book
        sec = self.section("Versioner", f"{work.slug}-versioner")
        sec["classes"] += region_classes(book, work)
        if "version" not in self.options:  # the routine's own page prints the routine, not its history
            sec["classes"].append("no-print")
        items = []
        for version in reversed(work.versions):
            what = versions.changes(book, work.previous(version), version)
            if version.changes:
                what = [version.changes, *what]
            dated = [f"Från {d.isoformat()}: {text}" for d, text in versions.dated_step_changes(book, version)]
            label = version_label(version)
            link = self.doc_link(f"handbook/routines/{work.slug}/version-{version.version}", label)
            span = validity_phrase(version)
            head = para(link, f" · {span}" + (" (visas ovan)" if version is shown else ""))
            items.append([head, bullets([[para(line)] for line in [*what, *dated]])])
        sec += bullets(items, classes=["routine-versions"])
        return sec

    @staticmethod
    def approval_block(routine, src) -> nodes.Element:
        """For the PDF the committee signs (`make pdf`): the version, its validity, the decision on
        record and a signature block last. Shown only in print."""
        block = nodes.container(classes=["approval-block", "print-only"])
        block += nodes.rubric("Fastställande", "Fastställande")
        # The marker says only what is on record: a decision, a draft, the document's own approver, or none.
        if routine.status == "utkast":
            marker, cls = "Utkast", "approval-draft"
        elif routine.decision:
            marker, cls = "Fastställd", "approval-adopted"
        elif routine.approver:
            marker, cls = "Fastställd enligt dokumentets eget huvud", "approval-by-document"
        else:
            marker, cls = "Ej fastställd i handboken", "approval-none"
        block += para(strong(marker), classes=[cls])
        block += para(f"{routine.title} ({routine.organisation}), version {routine.version}. Giltighet: "
                      f"{validity_phrase(routine)}.")
        if routine.approver:
            block += para(f"Fastställare enligt rutinen: {routine.approver}.")
        if routine.decision:
            d = routine.decision
            block += para(f"Beslut: {d.body}, {d.date.isoformat()}, {d.protocol}.")
        else:
            block += para("Inget beslut är registrerat för den här versionen.")
        # The edition is filled in when the page is written, so a new commit shows without a re-read.
        block += para("Handbokens utgåva: ", nodes.inline("", "", classes=["policy-edition"]), ".")
        for line in ("Granskad av (namn och roll):", "Beslut (organ, datum, protokoll och paragraf):",
                     "Underskrift:", "Datum:"):
            block += para(line, classes=["signature-line"])
        return block


class Checklist(PolicyDirective):
    option_spec = {"form": directives.unchanged_required, "region": directives.unchanged_required,
                   "role": directives.unchanged_required}

    def render(self):
        o = self.options
        return [self.checklist_node(o["form"], o["region"], o["role"])]

    def checklist_node(self, form: str, region: str, role: str) -> nodes.Element:
        work = self.book.routine(region)
        routine, state = work.near(self.on)
        shown_on = {"gäller": self.on, "gällde": routine.valid_to, "kommer": routine.valid_from}[state]
        answer = checklist(form, region, role, shown_on, self.book, lenient=True)
        note_files(self.env, self.book.routine_files[region])  # the routine's title and versions
        box = nodes.container(classes=["checklist", *region_classes(self.book, routine)])
        box += para(strong(f"{answer.form_name} – {answer.role_name}"),
                    f" · {answer.organisation}: {answer.routine}",
                    f" · handbokens läge {self.on.isoformat()}" if shown_on == self.on else "", classes=["checklist-head"])
        if shown_on != self.on:
            box += admonition("warning checklist-expired",
                              f"Gäller inte {self.on.isoformat()}",
                              para(f"Rutinen gäller {format_span(routine.valid_from, routine.valid_to)}. "
                                   f"Checklistan visar hur den såg ut {shown_on.isoformat()}; använd den inte som gällande."))
        for key, items in answer.by_phase().items():
            box += nodes.rubric(PHASES[key], PHASES[key])
            if not items:
                box += para("Inga punkter för din roll.", classes=["checklist-empty"])
                continue
            rows = []
            for i in items:
                step = self.book.step(i.rule_id, shown_on)
                rows.append([mark(para(i.text, *disagreement_link(self, step.disagreement)), self.book.scope(step, self.on)),
                             *(para(n, classes=["policy-law-replaced"]) for n in replaced_laws(self.book, step.rules))])
                self.cite(i.rule_id)
            box += bullets(rows, classes=["checklist-items"])
        box += para(answer.roles_note, classes=["checklist-roles-note"])
        return box


class RoutineApproval(PolicyDirective):
    """The signature block for one version, last on its page so that it comes last on paper."""

    required_arguments = 1
    option_spec = {"version": directives.positive_int}
    lists_whole_data = False

    def render(self):
        version_option(self)
        work = self.book.routine(self.arguments[0])
        note_files(self.env, self.book.routine_files[work.slug])
        routine, _ = work.near(self.on)
        return [Routine.approval_block(routine, self.book.sources[routine.source])]


class RoutineChecklists(Checklist):
    """Every checklist of a routine (or, with `:version: N`, of that version): one section per
    meeting form and role that has items."""

    required_arguments = 1
    option_spec = {"version": directives.positive_int}

    def render(self):
        version_option(self)
        book, slug = self.book, self.arguments[0]
        out = []
        for form in book.forms.values():
            version, state = book.routine(slug).near(self.on)
            edge = {"gäller": self.on, "gällde": version.valid_to, "kommer": version.valid_from}[state]
            steps = relevant_steps(book, slug, form.slug, edge)
            for role in book.roles.values():
                if any(role.slug in s.roles for s in steps):
                    ident = nodes.make_id(f"checklista-{slug}-{form.slug}-{role.slug}")
                    sec = self.section(f"Checklista: {form.name} – {role.name}", ident)
                    sec["classes"] += ["checklist-section", *region_classes(book, book.routine(slug))]
                    if "version" not in self.options:
                        sec["classes"].append("print-separately")
                    # Its items are the steps above on the same page: search lists the page once anyway.
                    sec["classes"].append("no-search")
                    link = nodes.reference("", "Skriv ut bara den här checklistan", refuri=f"#{ident}")
                    sec += para(link, ": öppna länken och tryck på ”Skriv ut” överst på sidan.", classes=["print-hint"])
                    sec += self.checklist_node(form.slug, slug, role.slug)
                    out.append(sec)
        if "version" not in self.options and out:
            # The routine prints in a few pages; each checklist prints alone from its own link.
            out.insert(0, para("På papper kommer checklistorna var för sig: öppna länken ”Skriv ut bara den här "
                               "checklistan” vid den du behöver.", classes=["print-only"]))
        if "version" not in self.options:
            # For the checklist guide, which fetches this page when the reader picks the routine:
            # which form and role has a checklist today, and the module's message where none has.
            data = {k.split("|", 1)[1]: v for k, v in checklist_data(self.on, book, [slug]).items()}
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
            out.append(nodes.raw("", f'<script type="application/json" class="checklist-data">{text}</script>',
                                 format="html", classes=["no-search"]))
        return out


def form_claims(form) -> list:
    return [form.summary, *(getattr(form, f) for f in FIELD_LABELS), *form.purposes]


def column_scope(book, form, on):
    """The one regional scope every claim of a form shares (Sörmland's forms), else None."""
    scopes = {book.scope(c, on) for c in form_claims(form) if c.covers(on)}
    regional = {sc for sc in scopes if sc.kind == "regional"}
    if len(regional) == 1 and all(sc.kind != "nationell" for sc in scopes):
        return next(iter(regional))
    return None


def claim_cell(directive, claim, view_claim) -> list[nodes.Element]:
    cell = mark(para(view_claim.text), directive.book.scope(claim, directive.on))
    out = [cell]
    if view_claim.disagreement:
        out.append(para(directive.anchor_link("handbook/skiljelinjer", f"skiljelinje-{view_claim.disagreement}",
                                              f"Källorna säger olika, se nr {view_claim.disagreement}"),
                        classes=["policy-source"]))
    return out


class FormComparison(PolicyDirective):
    """The meeting forms side by side: one column per form, one row per field. A form whose every
    field comes from one region's routine says so once in its column head."""

    def render(self):
        book, on = self.book, self.on
        views = form_views(on, book)
        forms = [book.forms[v.slug] for v in views]
        columns = [column_scope(book, f, on) for f in forms]
        region = [[f"region-{slugify(p)}" for p in c.places] if c else [] for c in columns]
        rows = []
        for field, label in FIELD_LABELS.items():
            row = [label]
            for form, view, reg in zip(forms, views, region):
                row.append(nodes.entry("", *claim_cell(self, getattr(form, field), view.fields[field]), classes=reg))
            rows.append(row)
        rows.append(["Syften"] + [nodes.entry("", purpose_list(self, form), classes=reg)
                                  for form, reg in zip(forms, region)])
        rows.append(["Lagrum"] + [[para(law_text(law)) for law in v.legal_basis] or "–" for v in views])
        headers = ["", *(f"{v.name} ({join_sv(c.places)})" if c else v.name
                         for v, c in zip(views, columns))]
        return [table(headers, rows, caption="Mötesformerna jämförda", classes=["form-comparison"])]


def law_text(law: dict) -> str:
    text = law["citation"]
    if law["replaced_on"]:
        text += f" – ersatt {law['replaced_on']} av {law['replaced_by']}"
    elif law["status"] == "ej verifierad":
        text += " (ej verifierad)"
    return text


def purpose_list(directive, form) -> nodes.container:
    """A form's purposes, grouped by whose they are: the national ones first, then one lead-in per
    region ("Enligt Region Värmlands rutin:") over its list, so no purpose needs a label of its own."""
    book, on = directive.book, directive.on
    groups: dict[str | None, list] = {}
    for claim in form.purposes:
        if claim.covers(on):
            scope = book.scope(claim, on)
            item = [mark(para(render(claim.text, book, on)), scope), *claim_cell(directive, claim, claim)[1:]]
            groups.setdefault(scope.label, []).append((scope, item))
    box = nodes.container(classes=["purpose-groups"])
    for label, members in sorted(groups.items(), key=lambda kv: kv[0] is not None):
        if label:
            box += para(f"{label}:", classes=["scope-lead-in"])
        block = bullets([item for _, item in members])
        if label:  # the lead-in names whose they are, so the facts below it need no label
            block["classes"] += [f"region-{slugify(word)}" for word in members[0][0].words]
        box += block
    return box


class FormCard(PolicyDirective):
    """One meeting form as a list of its fields, each with its rule and source."""

    required_arguments = 1

    lists_whole_data = False

    def render(self):
        book, on = self.book, self.on
        form = book.form(self.arguments[0])
        view = next(v for v in form_views(on, book) if v.slug == form.slug)
        note_use(self.env, [form.id])
        column = column_scope(book, form, on)
        region = [f"region-{slugify(p)}" for p in column.places] if column else []
        dl = nodes.definition_list(classes=["form-card", *region])
        for field, label in FIELD_LABELS.items():
            claim = view.fields[field]
            item = nodes.definition_list_item()
            item += nodes.term(label, label)
            d = nodes.definition()
            for node in claim_cell(self, getattr(form, field), claim):
                d += node
            self.cite(claim_id(form.id, field))
            item += d
            dl += item
        item = nodes.definition_list_item()
        item += nodes.term("Syften", "Syften")
        d = nodes.definition()
        d += purpose_list(self, form)
        self.cite(claim_id(form.id, "purposes"))
        item += d
        dl += item
        summary = mark(para(render(form.summary.text, book, on)), book.scope(form.summary, on))
        out = [summary]
        if column:
            out.append(para(f"Allt om mötesformen här kommer från {join_sv(column.whose)}.",
                            classes=["policy-source", *region]))
        out.append(dl)
        return out


class Disagreements(PolicyDirective):
    """The twelve places where the sources disagree, each side with its sources."""

    def render(self):
        out = []
        for d in (self.book.disagreement(n + 1) for n in range(len(self.book.disagreements))):
            note_use(self.env, [d.id])
            sec = self.section(f"{d.number}. {d.topic}", f"skiljelinje-{d.number}")
            rows = []
            for side in d.sides:
                # The source column names the organisation; the claim beside it is that organisation's.
                region = [f"region-{slugify(self.book.sources[s].place)}" for s in side.sources if self.book.sources[s].place]
                rows.append([", ".join(_source_label(self.book, s) for s in side.sources),
                             nodes.entry("", para(render(side.claim, self.book, self.on)), classes=region)])
            sec += table(["Källa", "Vad källan säger"], rows, classes=["disagreement"])
            sec += para(strong("Så gör handboken: "), d.handbook)
            self.cite(d.id, *d.rules)
            out.append(sec)
        return out


ACTOR_CLASSES = {"inga": "inga andra", "endast-arbetsgivare": "bara arbetsgivaren",
                 "med-arbetsformedlingen": "Arbetsförmedlingen (och ev. fler)", "andra": "andra parter"}


class DecisionTable(PolicyDirective):
    """The decision table as reference: one block per row (when, suggestion, advice), readable on a
    phone and on paper; the guided answer asks the same questions one at a time."""

    def render(self):
        yes_no = lambda values: " eller ".join("ja" if v else "nej" for v in values)  # noqa: E731
        out = [para("Handbokens egen sammanställning av källorna. Handboken utgår från att patienten och vården är med; de "
                    "räknas inte bland de andra parterna.", classes=["policy-source"])]
        rows = nodes.bullet_list(classes=["decision-list", "region-handbok"])
        for row in self.book.decision_rows:
            phases = ", ".join("inte sjukskriven" if p is None else f"fas {p}" for p in row.when.phase)
            when = nodes.definition_list(classes=["decision-when"])
            for term, value in [("Försäkringskassan samordnar", yes_no(row.when.fk_coordination)),
                                ("Socialtjänsten inblandad", yes_no(row.when.social_services)),
                                ("Andra parter", ", ".join(ACTOR_CLASSES[a] for a in row.when.actors)),
                                ("Sjukperiod", phases)]:
                item = nodes.definition_list_item()
                item += nodes.term(term, term)
                definition = nodes.definition()
                definition += para(value)
                item += definition
                when += item
            li = nodes.list_item(ids=[nodes.make_id(f"rad-{row.id}")])
            forms = ", ".join(self.book.forms[f].name for f in row.suggest) or "Ingen mötesform"
            li += para(strong(forms), classes=["decision-forms"])
            li += when
            li += mark(para(render(row.advice, self.book, self.on)), self.book.scope(row, self.on))
            # Whose reading the row is, said in words (not only in the row's classes).
            label = self.book.scope(row, self.on).label
            if label:
                li += para(f"Grund: {label}.", classes=["policy-source", "decision-basis"])
            rows += li
            self.cite(row.id)
        out.append(rows)
        return out


class ProcessFlow(PolicyDirective):
    """The process from signal to follow-up as an ordered list styled as a flow (no images, no scripts).
    The five stages are the handbook's own division of the routines' steps, and the page says so."""

    lists_whole_data = False

    def render(self):
        intro = para("Handboken delar själv in förloppet i fem skeden för att ordna rutinernas steg; "
                     "ingen av källorna använder den indelningen.", classes=["policy-source"])
        flow = nodes.enumerated_list(classes=["process-flow"])
        for label, text in FLOW_LABELS.values():
            li = nodes.list_item()
            li += para(strong(label))
            li += para(text)
            flow += li
        return [intro, flow]


def link_flow_to_sections(app, doctree) -> None:
    """On a page whose sections are numbered like the flow ("1. Signal: …"), each stage's box leads to
    its section: the boxes look like the way in, so they are."""
    for flow in [n for n in doctree.findall(nodes.enumerated_list) if "process-flow" in n["classes"]]:
        numbered = {}
        for sec in doctree.findall(nodes.section):
            title = sec.next_node(nodes.title)
            if title and sec["ids"]:
                numbered.setdefault(title.astext(), sec["ids"][0])
        for number, item in enumerate(flow.children, 1):
            label = item.children[0]
            # "1. Signal: …" for the box "Signal": the number and the stage's name both.
            target = next((ident for title, ident in numbered.items() if title.startswith(f"{number}. {label.astext()}")), None)
            if target and isinstance(label, nodes.paragraph):
                ref = nodes.reference("", "", *label.children, refid=target, internal=True)
                label.children = []
                label += ref


class RoutineList(PolicyDirective):
    """Every routine with its kind and validity; for maintainers also its review state. With
    :checklists: (staff's list of checklists) each name leads to the routine's checklists instead."""

    option_spec = {"checklists": directives.flag}

    def render(self):
        note_files(self.env, [p for files in self.book.routine_files.values() for p in files])
        to_checklists = "checklists" in self.options
        rows = []
        for work in sorted(self.book.routines.values(), key=lambda r: r.name):
            routine, _ = work.near(self.on)
            page = f"handbook/routines/{work.slug}"
            row = [para(self.anchor_link(page, "checklistor", f"{work.name}: checklistor")) if to_checklists
                   else self.doc_link(page, work.name), routine.document_type,
                   (f"{version_label(routine)}: {validity_phrase(routine)}" if version_text(routine)[0].isdigit()
                    else validity_phrase(routine).capitalize())]
            rows.append(row if to_checklists else [*row, review_status(work, self.on, self.book).label])
        headers = ["Rutin", "Slag", "Giltighet", *([] if to_checklists else [f"Granskning den {self.on.isoformat()}"])]
        return [table(headers, rows, caption="Rutinernas checklistor" if to_checklists else "Rutinerna",
                      classes=["routine-list", *(["checklist-list"] if to_checklists else [])])]


class RuleRegister(PolicyDirective):
    """Every rule ID with its value or text, validity and sources: the target of {rule} links."""

    option_spec = {"routine": directives.unchanged}

    def render(self):
        # Each entry reads its rule (recorded): a value change re-reads the page with that rule.
        book, out = self.book, []
        mine = self.options.get("routine")
        groups: dict[str, list[str]] = {}
        for rule_id in book.index:
            group = rule_id.split(".")[0]
            # A routine's rules are on its own register page; the main page links to each.
            if (group == mine) if mine else (group not in book.routines):
                groups.setdefault(group, []).append(rule_id)
        for group, ids in groups.items():
            routine = book.routines.get(group)
            whose = routine and book.sources[routine.source].whose
            sec = self.section(f"{group}: {whose}" if whose else group, f"register-{group}")
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
        if not mine:
            sec = self.section("Rutinernas regler", "register-rutinerna")
            sec += para("Varje rutins steg och uppgifter har en egen sida i registret.")
            sec += bullets([[self.doc_link(f"{RULE_PAGE}/{slug}", work.name)] for slug, work in book.routines.items()])
            out.append(sec)
        return out

    def describe(self, rule_id: str) -> list[nodes.Node]:
        book = self.book
        if rule_id in book.rules:
            return self.describe_rule(rule_id)
        item = book.index[rule_id]
        if isinstance(item, MeetingForm):  # a form is described by its summary and its sources
            item = item.summary
        text = (getattr(item, "text", None) or getattr(item, "assessed_against", None) or getattr(item, "citation", None)
                or getattr(item, "topic", None) or getattr(item, "advice", None) or getattr(item, "name", None))
        if isinstance(item, list):  # a form's purposes
            text = "; ".join(c.text for c in item)
        if isinstance(item, list):  # a meeting form's purposes: each with whose it is
            out = [mark(para(render(c.text, book, self.on)), book.scope(c, self.on)) for c in item]
        else:
            shown = render(text, book, self.on) if text else rule_id
            out = [mark(para(shown), book.scope(item, self.on))]
        if hasattr(item, "valid_to"):
            out.append(para(validity_text(item), " ", source_text(book, item.sources), classes=["policy-source"]))
        elif isinstance(item, list) and item:
            out.append(para(source_text(book, [r for c in item for r in c.sources]), classes=["policy-source"]))
        return out

    def describe_rule(self, rule_id: str) -> list[nodes.Node]:
        """A rule's title and each period: its value (a number as a mark filled in as the page is
        written, a text now), validity and sources."""
        book = self.book
        with framed():
            rule = book.rules[rule_id]
            out = [para(strong(rule.title))]
            for period in rule.periods:
                shown = later.shown(self.env, book, rule_id, period, rule.unit, text_on=period.valid_from or self.on)
                out.append(mark(para(shown, " — ", validity_text(period), " ",
                                     source_text(book, period.sources), classes=["policy-source"]),
                                book.scope(period, period.valid_from or self.on, rule.fact)))
        if rule.fact:
            out.append(para("Ett faktum som källorna belägger: det upphör inte när källan gör det, men "
                            "granskas när källan har gått ut.", classes=["policy-source"]))
        return out


class Changelog(PolicyDirective):
    """The change history, newest first, with links to the rules each change touched."""

    def render(self):
        note_files(self.env, sorted(data_dir().glob("changelog/*.yaml")))
        out = []
        for entry in self.book.changelog:
            sec = self.section(f"{entry.date.isoformat()} – {entry.title}", f"andring-{entry.date.isoformat()}-{entry.title}")
            sec += para(entry.description)
            if entry.effective:
                sec += para(strong("Gäller från: "), entry.effective.isoformat())
            if entry.decision:
                d = entry.decision
                sec += para(strong("Beslut: "), f"{d.body}, {d.date.isoformat()}, {d.protocol}")
            elif entry.decided_by:
                sec += para(strong("Beslutat av: "), entry.decided_by)
            else:
                sec += para("Vem som beslutade är inte angivet.", classes=["policy-source"])
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
    return src.whose or (src.organisation if src.seed else src.title)


def register(app) -> None:
    for name, cls in [("routine", Routine), ("checklist", Checklist), ("routine-checklists", RoutineChecklists),
                      ("form-comparison", FormComparison), ("form-card", FormCard), ("disagreements", Disagreements),
                      ("decision-table", DecisionTable), ("process-flow", ProcessFlow), ("routine-list", RoutineList), ("routine-approval", RoutineApproval),
                      ("rule-register", RuleRegister), ("changelog", Changelog)]:
        app.add_directive(name, cls)
    app.connect("doctree-read", link_flow_to_sections)
