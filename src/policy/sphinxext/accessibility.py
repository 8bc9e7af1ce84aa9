"""The accessibility statement (tillgänglighetsredogörelse) a Swedish public body must publish
under lag (2018:1937) om tillgänglighet till digital offentlig service: built from the WCAG 2.1 AA
checklist kept in handbook/_data/wcag-2.1-aa.yaml, so the statement says exactly what was checked
and how, and from the publisher's settings (who to contact)."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

import yaml
from docutils import nodes
from pydantic import BaseModel, ConfigDict, ValidationError

from ..validation_messages import data_error
from .base import PolicyDirective
from .build import bullets, para, table

CHECKLIST = Path("handbook") / "_data" / "wcag-2.1-aa.yaml"
STATUS = {"uppfyllt": "Uppfyllt", "inte-uppfyllt": "Inte uppfyllt", "ej-tillampligt": "Ej tillämpligt",
          "inte-granskat": "Inte granskat ännu"}
DIGG = "https://www.digg.se"


class Criterion(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    name: str
    level: Literal["A", "AA"]
    status: Literal["uppfyllt", "inte-uppfyllt", "ej-tillampligt", "inte-granskat"]
    how: str


class Checklist(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    assessed: date
    method: str
    criteria: list[Criterion]


def read_checklist(srcdir) -> Checklist:
    path = Path(srcdir) / CHECKLIST
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        return Checklist.model_validate(data)
    except ValidationError as exc:
        raise data_error(str(CHECKLIST), exc.errors(include_url=False), data) from None


def report_address(publisher, page: str, title: str, edition: str) -> str | None:
    """Where "Rapportera fel på sidan" leads: the code host's issue form with the page and edition
    filled in, else an e-mail with them in the subject; None when the publisher has given neither
    (the footer then has no such link: it would only lead to the statement, which has no way either)."""
    from urllib.parse import urlencode

    if publisher.issues_url:
        return publisher.issues_url + "?" + urlencode(
            {"template": "fel-pa-sidan.yml", "title": f"Fel på sidan: {title}", "sida": page, "utgava": edition})
    if publisher.contact and "@" in publisher.contact:
        return f"mailto:{publisher.contact}?" + urlencode({"subject": f"Fel på sidan {page} (utgåva {edition})"})
    return None


def contact_text(publisher) -> str:
    """How a reader reports a problem, as far as the publisher has said (settings.yaml): the footer's
    link only where it leads somewhere, and never a maintainer's file."""
    ask = "Om du upptäcker problem som inte står här, eller om du behöver innehållet i en annan form, vill vi veta det. "
    has_link = report_address(publisher, "", "", "") is not None
    if has_link:
        return ask + ("Använd länken ”Rapportera fel på sidan” längst ned på sidan det gäller"
                      + (f", eller kontakta {publisher.contact}." if publisher.contact else "."))
    if publisher.contact:
        return ask + f"Kontakta {publisher.contact}."
    return ask + "Utgivaren har ännu inte angett hur du når den; fråga den som ansvarar för handboken i din region."


class AccessibilityStatement(PolicyDirective):
    lists_whole_data = False

    def render(self):
        self.env.note_dependency(str(Path(self.env.srcdir) / CHECKLIST))
        checklist = read_checklist(self.env.srcdir)
        publisher = self.book.settings.publisher
        who = publisher.name or "Den som publicerar handboken"
        gaps = [c for c in checklist.criteria if c.status in ("inte-uppfyllt", "inte-granskat")]
        failed = [c for c in gaps if c.status == "inte-uppfyllt"]
        level = "delvis förenlig" if gaps else "helt förenlig"
        out = [para(f"{who} står bakom den här webbplatsen och vill att så många som möjligt ska kunna använda "
                    "den. Redogörelsen beskriver hur webbplatsen uppfyller lagen (2018:1937) om tillgänglighet "
                    "till digital offentlig service, kända brister och hur du kan rapportera problem."),
               para(f"Webbplatsen är {level} med lagen om tillgänglighet till digital offentlig service"
                    + (": " + " och ".join(part for part in (
                        f"{len(failed)} av kraven är inte uppfyllda" if failed else "",
                        f"{len(gaps) - len(failed)} av kraven är inte granskade än" if len(gaps) > len(failed) else "")
                        if part) + "." if gaps else ".")),
               ]
        sec = self.section("Det som inte är tillgängligt eller inte granskat", "brister")
        sec += (bullets([f"{c.id} {c.name}: {c.how}" for c in gaps]) if gaps
                else para("Vi känner inte till några brister."))
        out.append(sec)
        sec = self.section("Kontakta oss om du hittar brister", "kontakt")
        sec += para(contact_text(publisher))
        out.append(sec)
        sec = self.section("Kontakta tillsynsmyndigheten", "tillsyn")
        link = nodes.reference("", "Myndigheten för digital förvaltning (DIGG)", refuri=DIGG)
        sec += para(link, " har tillsyn över lagen om tillgänglighet till digital offentlig service. Är du inte "
                          "nöjd med hur vi hanterar dina synpunkter kan du kontakta dem och påtala det.")
        out.append(sec)
        sec = self.section("Hur vi har testat webbplatsen", "test")
        sec += para(f"{checklist.method} Redogörelsen uppdaterades senast {checklist.assessed.isoformat()}.")
        rows = [[c.id, f"{c.name} ({c.level})", STATUS[c.status], c.how] for c in checklist.criteria]
        sec += table(["Krav", "Namn och nivå", "Läge", "Så är det kontrollerat"], rows,
                     caption="WCAG 2.1 nivå A och AA, krav för krav", classes=["wcag-table"])
        out.append(sec)
        return out


def register(app) -> None:
    app.add_directive("accessibility-statement", AccessibilityStatement)
