"""Reference tables rendered from the rules: fee, consent, rehabilitation chain, codes, laws, sources."""
from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives

from ..consent import consent
from ..fee import FEE_TABLE_MINUTES, fee, fee_table
from ..errors import PolicyError
from ..text import format_value, state_note
from . import later
from .base import PolicyDirective
from .build import bullets, para, table, validity_text
from .scope import mark

CODE_PREFIXES = ("kod.", "blankett.", "system.", "faktura.")
CONSENT_SCENARIOS = [
    ["forsakringskassan"], ["arbetsgivare"], ["forsakringskassan", "arbetsgivare"],
    ["forsakringskassan", "arbetsformedlingen"], ["forsakringskassan", "foretagshalsovard"],
    ["forsakringskassan", "socialtjansten"], ["anhorig"],
    ["forsakringskassan", "arbetsgivare", "arbetsformedlingen", "foretagshalsovard"],
]


def kr(n: int) -> str:
    return format_value(n, "kr")


class FeeTable(PolicyDirective):
    """The doctor's fee per meeting length, computed by policy.fee for the build date."""

    option_spec = {"up-to": directives.positive_int}

    lists_whole_data = False
    at_write_time = True

    def render(self):
        try:
            rows = fee_table(self.on, self.options.get("up-to", FEE_TABLE_MINUTES), self.book)
        except PolicyError as exc:  # no fee on the build date: say so instead of an old table
            return [para(str(exc), classes=["policy-state"])]
        body = [[f"{r.from_minutes}–{r.to_minutes}", kr(r.amount_sek)] for r in rows]
        used = list(dict.fromkeys(r for row in rows for r in row.rule_ids))
        out = [table(["Läkarens tid på mötet (minuter)", "Högsta arvode"], body,
                     caption="Arvode per mötets längd", classes=["fee-table"])]
        # Every value the table used: the page's "Källor" block lists the sources of the periods in
        # force, so a new source for one amount shows as soon as it applies.
        self.cite(*used)
        out.append(para("Räknat för ", self.on.isoformat(), ".", classes=["policy-source"]))
        return out


class FeeExamples(PolicyDirective):
    """Worked amounts for given meeting lengths: :minutes: 45 60 61 90 91 150."""

    option_spec = {"minutes": directives.positive_int_list}

    lists_whole_data = False
    at_write_time = True

    def render(self):
        rows = []
        for minutes in self.options.get("minutes", [60]):
            try:
                answer = fee(minutes, self.on, self.book)
            except PolicyError as exc:
                return [para(str(exc), classes=["policy-state"])]
            how = kr(answer.first_period_sek) + (
                f" + {answer.extra_periods} × {kr(answer.extra_period_sek)}" if answer.extra_periods else "")
            rows.append([str(minutes), how, kr(answer.amount_sek)])
        return [table(["Minuter", "Uträkning", "Högsta arvode"], rows, caption="Räkneexempel", classes=["fee-examples"])]


class ConsentTable(PolicyDirective):
    """Consent by who takes part, computed by policy.consent for typical sets of participants."""

    def render(self):
        rows, scopes = [], []
        for actors in CONSENT_SCENARIOS:
            try:
                answer = consent(actors, self.on, book=self.book)
            except PolicyError as exc:  # the routine the consent rules come from has ended
                return [para(f"Tabellen kan inte räknas fram för {self.on.isoformat()}: {exc}", classes=["policy-state"]),
                        para("Fråga den som ansvarar för rutinen i din region vad som gäller om vårdens samtycke.")]
            scope = self.book.scope([r for rid in answer.basis_rule_ids for r in self.book.period(rid, self.on).sources], self.on)
            scopes.append(scope)
            required = ("Ja" if answer.consent_required
                        else f"Nej, för {answer.limited_to}; annat kräver samtycke")
            rows.append([self.book.names(actors), mark(para(required), scope),
                         self.book.names(answer.must_cover) or "–",
                         self.book.names(answer.obtained_by) or "–",
                         "Ja, Försäkringskassan hämtar det själv" if answer.fk_own_consent else "–"])
            self.cite(*answer.rule_ids)
        labels = {sc.label for sc in scopes if sc.label}
        caption = "Samtycke efter vilka som deltar" + (
            f" ({', '.join(label[0].lower() + label[1:] for label in sorted(labels))})" if labels else "")
        return [table(["Deltar utöver patienten och vården", "Vårdens samtycke krävs", "Samtycket ska omfatta",
                       "Vårdens samtycke hämtas in av", "Försäkringskassans eget medgivande"], rows, caption=caption,
                      classes=["consent-table"])]


class RehabChainTable(PolicyDirective):
    def render(self):
        rows = []
        for phase in self.book.phases:
            days = f"{phase.first_day}–{phase.last_day}" if phase.last_day else f"från {phase.first_day}"
            against = phase.assessed_against + ("" if phase.covers(self.on) else
                                                (f" (gäller från {phase.valid_from.isoformat()})" if phase.valid_from and self.on < phase.valid_from
                                                 else f" (gällde till {phase.valid_to.isoformat()})"))
            rows.append([str(phase.number), days, against,
                         bullets(phase.exceptions) if phase.exceptions else "–"])
            self.cite(phase.id)
        return [table(["Fas", "Dagar", "Arbetsförmågan prövas mot", "Undantag"], rows,
                      caption="Rehabiliteringskedjan", classes=["rehab-table"])]


def evidence_note(book, period, on) -> str:
    """" (källan gällde till …)" for a fact whose every source has ended: it stands, its evidence aged."""
    ends = [book.sources[r.source].valid_to for r in period.sources]
    if period.covers(on) and ends and all(end and end < on for end in ends):
        return f" (källan gällde till {max(ends).isoformat()})"
    return ""


class CodesTable(PolicyDirective):
    """Codes, forms and systems, with the routine a value rests on alone."""

    def render(self):
        rows = []
        for rule_id in self.book.rules:  # the IDs: only the codes' rules are read
            if not rule_id.startswith(CODE_PREFIXES):
                continue
            rule = self.book.rules[rule_id]
            period, state = self.book.period_near(rule.id, self.on)
            scope = self.book.scope(period, self.on, rule.fact)
            sources = [self.book.sources[r.source] for r in period.sources]
            only_regional = all(s.scope != "nationell" and not s.checked_outside for s in sources)
            if scope.kind == "regional":
                basis = "Bara i rutinen, inte kontrollerat utanför den"
            elif only_regional:
                basis = "Nationell uppgift, belagd bara av " + " och ".join(dict.fromkeys(s.whose for s in sources))
            else:
                basis = "Nationell uppgift, kontrollerad"
            value = format_value(period.value, rule.unit) + state_note(period, state) + evidence_note(self.book, period, self.on)
            rows.append([mark(nodes.literal(value, value), scope), rule.title, basis])
            self.cite(rule.id)
        return [table(["Värde", "Vad det är", "Underlag"], rows,
                      caption="Koder, blanketter och system", classes=["codes-table"])]


class LegalTable(PolicyDirective):
    def render(self):
        rows = []
        for law in self.book.laws.values():
            status = law.status
            if law.status == "ersatt":
                successor = self.book.laws[law.replaced_by]
                status = f"Ersatt {law.replaced_on.isoformat()} av {successor.citation[0].lower()}{successor.citation[1:]}"
                if successor.status == "ej verifierad":
                    status += " (ej verifierad)"
            shown = law.status.capitalize() if law.status != "ersatt" else status
            if law.valid_from:
                shown += f". Gäller i handboken {validity_text(law).removeprefix('Gäller ').rstrip('.')}"
            rows.append([law.citation, shown,
                         law.note or ""])
            self.cite(law.id)
        return [table(["Lagrum", "Status", "Vad det gäller"], rows, caption="Lagrum",
                      classes=["legal-table"])]


class SourcesTable(PolicyDirective):
    def render(self):
        rows = []
        for src in self.book.sources.values():
            ident = src.id if src.seed else "–"
            dating = [para(src.dating)]
            if src.edited:
                dating.append(para(f"Senast ändrad av utgivaren {src.edited.isoformat()} (en ändring, inte en granskning)."))
            dating.append(para(f"Handboken jämförde senast med källan {src.checked.isoformat()}."))
            whose = src.whose or "nationell"
            name = f"{src.organisation}: {src.title}"
            cell = para(nodes.reference("", name, refuri=src.url)) if src.url else name
            rows.append([ident, cell, f"{src.kind}; {whose}", dating])
        tbl = table(["Nr", "Källa", "Slag och vems", "Datering och giltighet i handboken"], rows,
                    caption="Källor", classes=["sources-table"])
        # Each source's row can be linked to (the guides' answers name a source and link here).
        for row, sid in zip(tbl.findall(nodes.row), [None, *self.book.sources]):
            if sid:
                row["ids"] = [f"kalla-{sid}"]
        return [tbl]


def register(app) -> None:
    for name, cls in [("fee-table", FeeTable), ("fee-examples", FeeExamples), ("consent-table", ConsentTable),
                      ("rehab-chain-table", RehabChainTable), ("codes-table", CodesTable),
                      ("legal-table", LegalTable), ("sources-table", SourcesTable)]:
        later.add_directive(app, name, cls)
