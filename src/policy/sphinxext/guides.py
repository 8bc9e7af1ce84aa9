"""Guided answers: a question form, the module's answers over the whole input space as JSON, and a
script that only looks them up (handbook/_static/guide.js). The page's reference content below the
form keeps working without JavaScript.

The form is plain HTML written here; no inline script runs and no style attribute is used, so the
pages work under a strict Content-Security-Policy (the JSON block is data, which the browser does not
execute).
"""
from __future__ import annotations

import json
from html import escape

from docutils import nodes
from sphinx import addnodes

from .. import guide
from ..fee import MAX_MEETING_MINUTES
from . import later
from .base import PolicyDirective
from .regions import regional_routines


def _data(name: str, data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/json" class="guide-data" data-for="{name}">{text}</script>'


def page_uri(directive, docname: str, anchor: str = "") -> str:
    """A link from the directive's page; a routine without a page of its own goes to the list of routines."""
    env = directive.env
    if docname not in env.found_docs:
        docname = "handbook/routines/index"
    return env.app.builder.get_relative_uri(env.docname, docname) + (f"#{anchor}" if anchor else "")


def _yes_no(name: str, question: str, hidden: bool = False, unsure: str | None = None) -> str:
    """A question answered by one of two large buttons (the whole button is the radio's label), or
    three where the reader may not know: `unsure` then says what "Vet inte" gives."""
    options = (("ja", "Ja"), ("nej", "Nej"), *((("vet-inte", "Vet inte"),) if unsure else ()))
    choices = "".join(f'<input type="radio" name="{name}" id="{name}-{v}" value="{v}"><label for="{name}-{v}">{t}</label>'
                      for v, t in options)
    hint = f'<p class="guide-hint" id="{name}-hint">{escape(unsure)}</p>' if unsure else ""
    described = f' aria-describedby="{name}-hint"' if unsure else ""
    return (f'<fieldset class="guide-item" data-q="{name}"{" hidden" if hidden else ""}{described}>'
            f'<legend class="guide-q">{escape(question)}</legend>{hint}'
            f'<div class="guide-yesno{" guide-three" if unsure else ""}">{choices}</div></fieldset>')


class MeetingFormGuide(PolicyDirective):
    """Every question on one screen; the answer below them follows each answer, and the answers
    stay in the address (Back and a shared link bring them back)."""

    def render(self):
        data = guide.meeting_form_data(self.on, self.book)
        data["sources"] = self.source_links()
        data["routinePages"] = {slug: page_uri(self, f"handbook/routines/{slug}") for slug in data["regions"]}
        self.cite(*(r["id"] for r in data["rows"]))
        actors = "".join(
            f'<input type="checkbox" name="actors" id="actor-{a["slug"]}" value="{a["slug"]}">'
            f'<label for="actor-{a["slug"]}" data-actor="{a["slug"]}">{escape(a["name"])}</label>' for a in data["actors"])
        questions = "".join([
            _yes_no("sick", "Är patienten sjukskriven?"),
            '<div class="guide-item" data-q="day" hidden><label class="guide-q" for="day">Vilken dag i sjukperioden?</label>'
            '<p class="guide-hint" id="day-hint">Räkna från sjukperiodens första dag, till exempel 40.</p>'
            '<input type="text" id="day" name="day" inputmode="numeric" autocomplete="off" spellcheck="false" '
            'aria-describedby="day-hint day-error" class="guide-number">'
            '<p class="guide-error" id="day-error" role="alert" hidden></p></div>',
            _yes_no("fk", "Behöver Försäkringskassan samordna rehabiliteringen?",
                    unsure="Vet du inte, visas förslaget både för om Försäkringskassan samordnar och om den inte gör det."),
            _yes_no("social", "Är socialtjänsten inblandad, till exempel med ekonomiskt bistånd?"),
            '<fieldset class="guide-item" data-q="actors" aria-describedby="actors-hint">'
            '<legend class="guide-q">Vilka fler behöver vara med?</legend>'
            '<p class="guide-hint" id="actors-hint">Patienten och vården är alltid med. Välj ingen om ingen annan behövs.</p>'
            f'<div class="guide-toggles">{actors}</div></fieldset>',
        ])
        html = (
            '<div class="guide guide-one-screen" data-guide="motesform">'
            f'<p class="guide-js-only guide-intro" hidden>Svara på frågorna. Förslaget visas under dem och följer '
            f'varje svar. Det gäller reglerna den {self.on.isoformat()}.</p>'
            f'<form class="guide-form" novalidate hidden>{questions}</form>'
            '<p class="guide-pending" aria-live="polite" hidden></p>'
            '<section class="guide-result" id="forslaget" hidden><h2 class="guide-heading" tabindex="-1">Förslaget</h2>'
            '<div class="guide-answer" aria-live="polite"></div>'
            '<p><button type="button" class="guide-restart">Börja om</button></p></section>'
            '<a class="guide-jump" href="#forslaget" hidden></a>'
            f'{_data("motesform", data)}</div>')
        return [nodes.raw("", html, format="html", classes=["no-search"])]

    def source_links(self) -> dict:
        """Each regional or local source as the answer names it, and where a reader finds it: the
        routine's page, or its row in the list of sources."""
        pages = {r.source: f"handbook/routines/{r.slug}" for r in self.book.routines.values()}
        return {sid: {"whose": src.whose,
                      "href": page_uri(self, pages[sid]) if sid in pages and pages[sid] in self.env.found_docs
                      else page_uri(self, "handbook/reference/kallor", f"kalla-{sid}")}
                for sid, src in self.book.sources.items() if src.whose}


class FeeGuide(PolicyDirective):
    at_write_time = True

    def render(self):
        data = guide.fee_data(self.book)
        data["date"] = self.on.isoformat()
        self.cite(*guide.AMOUNT_RULES)
        regions = "".join(f'<option value="{slug}">{escape(name)}</option>' for slug, name in data["regions"].items())
        form = (
            '<form class="guide-form guide-single" novalidate hidden>'
            f'<div class="guide-field"><label class="guide-q" for="minutes">Hur många minuter deltog läkaren?</label>'
            f'<p class="guide-hint" id="minutes-hint">Hela minuter, 1–{MAX_MEETING_MINUTES}. Förberedelse och efterarbete räknas inte.</p>'
            '<input type="text" id="minutes" name="minutes" inputmode="numeric" autocomplete="off" spellcheck="false" '
            'aria-describedby="minutes-hint minutes-error" class="guide-number">'
            '<p class="guide-error" id="minutes-error" role="alert" hidden></p></div>'
            '<div class="guide-field"><label class="guide-q" for="meeting-date">Vilken dag hölls mötet?</label>'
            f'<input type="date" id="meeting-date" name="date" value="{self.on.isoformat()}" aria-describedby="date-error">'
            '<p class="guide-error" id="date-error" role="alert" hidden></p></div>'
            '<div class="guide-field"><label class="guide-q" for="fee-region">Vilken rutin följer vårdenheten?</label>'
            '<p class="guide-hint">Välj en rutin med fakturaflöde för att se fakturaunderlaget.</p>'
            f'<select id="fee-region" name="region"><option value="">Ingen av dem / vet inte</option>{regions}</select></div>'
            '<button type="submit" class="guide-next">Räkna ut</button></form>'
            '<section class="guide-result" hidden><h2 class="guide-heading" tabindex="-1">Svaret</h2>'
            '<div class="guide-answer" aria-live="polite"></div></section>')
        # Made as the page is written, without the page at hand: Sphinx resolves the link to the
        # disagreements then, and the script takes its address for the note on the reader's routine.
        link = addnodes.pending_xref("", nodes.inline("", "Där källorna skiljer sig åt"), refdomain="std", reftype="doc",
                                     reftarget="/handbook/skiljelinjer", refexplicit=True)
        html = f'<div class="guide" data-guide="arvode">{form}{_data("arvode", data)}</div>'
        return [nodes.raw("", html, format="html", classes=["no-search"]),
                nodes.container("", nodes.paragraph("", "", link), classes=["guide-disagreements", "no-search"])]


class ChecklistGuide(PolicyDirective):
    """Routine × meeting form × role. Each routine's checklists live on the routine's page; the
    guide fetches that one page when the reader asks and shows the chosen checklist alone, ready to
    print, so the guide weighs the same for 5 routines as for 100. Without JavaScript it links to
    every routine's checklists."""

    def render(self):
        book = self.book
        routines = regional_routines(book) + [r for r in book.routines.values() if r not in regional_routines(book)]
        data = {"date": self.on.isoformat(), "pages": {r.slug: page_uri(self, f"handbook/routines/{r.slug}") for r in routines}}
        opts = lambda items: "".join(f'<option value="{v}">{escape(t)}</option>' for v, t in items)  # noqa: E731
        form = (
            '<form class="guide-form guide-single" novalidate hidden>'
            '<div class="guide-field"><label class="guide-q" for="cl-region">Rutin</label>'
            f'<select id="cl-region" name="region"><option value="">Välj rutin</option>{opts((r.slug, r.name) for r in routines)}</select></div>'
            '<div class="guide-field"><label class="guide-q" for="cl-form">Mötesform</label>'
            f'<select id="cl-form" name="form">{opts((f.slug, f.name) for f in book.forms.values())}</select></div>'
            '<div class="guide-field"><label class="guide-q" for="cl-role">Din roll</label>'
            f'<select id="cl-role" name="role">{opts((r.slug, r.name) for r in book.roles.values())}</select></div>'
            '<button type="submit" class="guide-next">Visa checklistan</button></form>'
            '<div class="guide-result" hidden><p class="guide-answer" aria-live="polite"></p>'
            '<p><button type="button" class="guide-print">Skriv ut checklistan</button></p>'
            '<div class="guide-checklist-here"></div></div>')
        links = "".join(f'<li><a href="{escape(data["pages"][r.slug])}#checklistor">{escape(r.name)}</a></li>' for r in routines
                        if not (r.latest.valid_to and self.on > r.latest.valid_to))
        fallback = ('<div class="guide-no-js"><p>Checklistorna står på varje rutins sida, under Checklistor:</p>'
                    f'<ul class="guide-routine-links">{links}</ul></div>')
        html = f'<div class="guide" data-guide="checklista">{form}{fallback}{_data("checklista", data)}</div>'
        return [nodes.raw("", html, format="html", classes=["no-search"])]


def register(app) -> None:
    app.add_directive("meeting-form-guide", MeetingFormGuide)
    later.add_directive(app, "fee-guide", FeeGuide)
    app.add_directive("checklist-guide", ChecklistGuide)
