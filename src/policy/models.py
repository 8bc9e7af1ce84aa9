"""Frozen pydantic models for the rule data. Loading and cross-checks live in loader.py."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
RuleId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Phase = Literal["infor", "under", "efter"]
FlowStage = Literal["signal", "planering", "mote", "plan", "uppfoljning"]


def starts(item) -> date:
    """The first day an item holds, for comparing: an item whose sources state no start date
    (valid_from None, shown as undated) holds from the beginning of time."""
    return item.valid_from or date.min


def _in_order(item):
    if item.valid_from and item.valid_to and item.valid_to < item.valid_from:
        raise ValueError("valid_to ligger före valid_from")
    return item


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SourceRef(Frozen):
    """Where a fact stands: a source ID from kallor.yaml and the section in it."""

    source: Slug
    section: Text


class Dated(Frozen):
    """A fact with sources and validity. Dates left out are set at load from the sources' validity.

    Each cited source supports the whole fact on its own, so the fact holds while any of them holds.
    `reading` marks the handbook's own reading of the cited sources rather than what they say.
    """

    sources: list[SourceRef] = Field(min_length=1)
    valid_from: date | None = None
    valid_to: date | None = None
    reading: bool = False

    _ordered = model_validator(mode="after")(lambda self: _in_order(self))

    def covers(self, on: date) -> bool:
        return starts(self) <= on and (self.valid_to is None or on <= self.valid_to)


class Source(Frozen):
    """One source document or outside reference, with the window in which it is taken to hold."""

    id: Slug
    title: Text
    organisation: Text
    kind: Literal["rutin", "webbsida", "lathund", "arbetsmodell", "lag", "föreskrift",
                  "proposition", "handbok", "extern kontroll"]
    scope: Literal["nationell", "regional", "lokal"]
    # For a regional or local source: whose rule it is, as staff read it ("Region Värmlands rutin"),
    # and the place name a page must mention beside its facts ("Värmland").
    whose: Text | None = None
    place: Text | None = None
    seed: str | None = None
    # A routine's document leaves these out: its versions give them (see Routine). Every other
    # source writes valid_from, as null when the source states no start date (an edit date or the
    # day the handbook took it in is not one: those go in edited and checked).
    valid_from: date | None = None
    valid_to: date | None = None
    dating: Text | None = None
    checked_outside: bool = False
    # The date the publisher last edited the text, where the text gives one (not a review).
    edited: date | None = None
    # When the handbook last compared its restatement with the source.
    checked: date | None = None
    # A replaced statute is kept as history and is not due for review.
    superseded_by: Slug | None = None
    # Where the public can read it, when the sources give the address (Källor links there).
    url: Annotated[str, StringConstraints(pattern=r"^https://\S+$")] | None = None

    _ordered = model_validator(mode="after")(lambda self: _in_order(self))

    @model_validator(mode="after")
    def _says_whose(self):
        if self.scope != "nationell" and not (self.whose and self.place):
            raise ValueError("en regional eller lokal källa ska ange whose (vems regel, t.ex. ”Region "
                             "Värmlands rutin”) och place (ortnamnet, t.ex. ”Värmland”)")
        return self


class Actor(Frozen):
    slug: Slug
    name: Text
    # An authority's name (Försäkringskassan) keeps its capital inside a sentence or list;
    # a common noun (arbetsgivaren) does not.
    proper_noun: bool = False
    description: Text
    sources: list[SourceRef] = Field(min_length=1)


class CareRole(Frozen):
    slug: Slug
    name: Text
    description: Text


class Period(Dated):
    value: int | str
    # A gap before this period (the value did not hold for a while) is refused unless marked here.
    after_gap: bool = False
    # Set by the loader: the period's end is its sources' end, not a date written in the data.
    ends_with_source: bool = False


class Rule(Frozen):
    """A named value with its history: one period per value, never overlapping.

    Without `fact` the value is an instruction of its sources (book this way, send it there) and
    ends when they do. With `fact` it is a fact the sources attest (a national code, a form number,
    what the law says): it stays when its evidence ends, and is then due for review.
    `nationellt` facts hold in the whole country whoever attests them; `regionalt` ones keep the
    scope of their sources."""

    id: RuleId
    title: Text
    unit: Literal["kr", "minuter", "dagar", "månader", "siffror", "kod", "blankett", "text", "system"]
    fact: Literal["nationellt", "regionalt"] | None = None
    periods: list[Period] = Field(min_length=1)


class LegalRef(Dated):
    """A statute or regulation as cited; a replaced one names what replaced it."""

    id: RuleId
    citation: Text
    short: Text
    status: Literal["gällande", "ersatt", "ej verifierad"]
    replaced_by: RuleId | None = None
    replaced_on: date | None = None
    note: str | None = None


class Claim(Dated):
    """One field of a meeting form: which actors, said in words, and where the sources differ.
    `unstated` marks a field the cited source leaves open: nobody's rule, so it carries no label."""

    actors: list[Slug] = []
    text: Text
    disagreement: int | None = None
    unstated: bool = False


class MeetingForm(Frozen):
    id: RuleId
    slug: Slug
    name: Text
    summary: Claim
    initiative: Claim
    decides: Claim
    convened_by: Claim
    chaired_by: Claim
    documented_by: Claim
    must_attend: Claim
    may_attend: Claim
    compensation: Claim
    timing: Claim
    purposes: list[Claim] = Field(min_length=1)
    legal_basis: list[RuleId] = []
    fee_rules: list[RuleId] = []
    # Rehabilitation-chain phases the form is mainly for; empty means any time.
    phases: list[int] = []


class RehabPhase(Dated):
    id: RuleId
    number: int
    first_day: int = Field(ge=1)
    last_day: int | None = None
    assessed_against: Text
    exceptions: list[Text] = []


class Step(Dated):
    """One step of a routine version. `section` is the shorthand for a section of the version's own
    document; `sources` names other documents (or both). The same ID in a later version, or later in
    the same version with its own dates, is the same step changed."""

    sources: list[SourceRef] = []
    section: Text | None = None
    id: RuleId
    text: Text
    # Who does the step, as actors; empty when the source does not say.
    responsible: list[Slug] = []
    # A body that is not a meeting participant (e.g. the region's kundfakturaenhet), said in words.
    performed_by: Text | None = None
    disagreement: int | None = None
    roles: list[Slug] = []
    phase: Phase | None = None
    forms: list[Slug] = []
    flow: FlowStage
    # Rules the step rests on besides those it names with {placeholders}.
    rules: list[RuleId] = []

    @model_validator(mode="after")
    def _cites(self):
        if not self.sources and not self.section:
            raise ValueError("ange section (avsnittet i rutinens dokument) eller sources")
        return self


class Stage(Frozen):
    slug: Slug
    title: Text
    summary: str | None = None
    steps: list[Step] = Field(min_length=1)


class MetaField(Frozen):
    label: Text
    value: Text


class InvoiceFlow(Frozen):
    """A routine's invoice flow: the steps of its roles and the rules for the invoice basis."""

    steps: list[RuleId] = Field(min_length=1)
    cost_center: RuleId
    ansvarsenhet_digits: RuleId


class Decision(Frozen):
    """Who decided a change, when, and where it is recorded."""

    body: Text
    date: date
    protocol: Text


class Routine(Frozen):
    """One version of a routine (the routine as it reads from one date to another), one file each:
    routines/<slug>/version-<n>.yaml. A renewal copies the latest file and edits the copy."""

    slug: Slug
    version: int = Field(ge=1)
    # The routine's document: the same ID in every version (its register entry in kallor.yaml, or
    # `document` below for a routine that registers its own).
    source: Slug
    document: Source | None = None
    name: Text
    title: Text
    organisation: Text
    document_type: Text
    summary: Text
    # Who owns the routine and who approved this version, as the routine's header says (left out
    # when it names no one; shown as "anges inte").
    owner: Text | None = None
    approver: Text | None = None
    # A version the committee has written but not yet adopted is "utkast"; the decision that adopted
    # it is recorded when there is one (a published document's own header may name only the approver).
    status: Literal["utkast", "fastställd"] = "fastställd"
    decision: Decision | None = None
    # What this version changed compared with the one before, in a sentence for staff.
    changes: Text | None = None
    # null when the document states no start date (undated, or only an edit date): the first
    # version then holds from no stated day. A later version always starts on a date.
    valid_from: date | None
    valid_to: date | None = None
    dating: Text
    edited: date | None = None
    # When the handbook last compared its restatement with this version's text.
    checked: date
    # A gap before this version (the routine lapsed for a while) is refused unless marked here.
    after_gap: bool = False
    metadata: list[MetaField] = []
    single_routine_facts: bool = True
    stages: list[Stage] = Field(min_length=1)
    invoice: InvoiceFlow | None = None

    _ordered = model_validator(mode="after")(lambda self: _in_order(self))

    @model_validator(mode="after")
    def _decided(self):
        if self.decision and self.status != "fastställd":
            raise ValueError("en version med decision (beslut) ska ha status: fastställd")
        if self.valid_from is None and self.version > 1:
            raise ValueError("version 2 och senare ska ha valid_from: dagen då versionen börjar gälla")
        return self

    def covers(self, on: date) -> bool:
        return starts(self) <= on and (self.valid_to is None or on <= self.valid_to)


class Side(Frozen):
    sources: list[Slug] = Field(min_length=1)
    claim: Text


class Disagreement(Dated):
    number: int = Field(ge=1)
    id: RuleId
    topic: Text
    sides: list[Side] = Field(min_length=2)
    handbook: Text
    rules: list[RuleId] = []


ActorClass = Literal["inga", "endast-arbetsgivare", "med-arbetsformedlingen", "andra"]


class Condition(Frozen):
    sick_listed: list[bool] = [True, False]
    phase: list[int | None] = [None, 1, 2, 3, 4]
    fk_coordination: list[bool] = [True, False]
    social_services: list[bool] = [True, False]
    actors: list[ActorClass] = ["inga", "endast-arbetsgivare", "med-arbetsformedlingen", "andra"]


class DecisionRow(Dated):
    """A row of the handbook's own decision table: always the handbook's reading of its sources."""

    id: RuleId
    when: Condition
    suggest: list[Slug] = []
    advice: Text
    reading: bool = True


class ReviewSettings(Frozen):
    interval_months: int = Field(ge=1, le=120)
    notice_days: int = Field(ge=1, le=365)


class Publisher(Frozen):
    """Who publishes and maintains this handbook: no source says, so the publisher fills it in."""

    name: Text | None = None
    contact: Text | None = None
    # The code host's address for a new issue (https://github.com/<ägare>/<förråd>/issues/new):
    # "Rapportera fel på sidan" opens the form .github/ISSUE_TEMPLATE/fel-pa-sidan.yml there.
    issues_url: Annotated[str, StringConstraints(pattern=r"^https://\S+$")] | None = None
    # How many days after its build a page says it may be out of date (the site is built nightly).
    stale_after_days: int = Field(default=7, ge=1, le=90)


class Settings(Frozen):
    """The handbook's own editorial settings (settings.yaml): chosen by whoever runs the handbook,
    not taken from any source."""

    review: ReviewSettings
    publisher: Publisher = Publisher()


class ReviewRecord(Frozen):
    """A review done: someone named went through a source and the handbook's restatement of it.
    One file per review under reviews/, written by `policy review-record`."""

    source: Slug
    date: date
    by: Text
    what: Text


class ChangeEntry(Frozen):
    """One entry of the change history: one small file per change under changelog/."""

    # The same requirement as _names_rules, for editors that validate against the JSON Schema.
    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_extra={"anyOf": [
        {"required": ["rules"], "properties": {"rules": {"minItems": 1}}},
        {"required": ["routines"], "properties": {"routines": {"minItems": 1}}},
        {"required": ["all_rules"], "properties": {"all_rules": {"const": True}}}]})

    # When the entry was written.
    date: date
    title: Text
    description: Text
    # Named only when it is known who decided (kept for entries written before `decision`).
    decided_by: Text | None = None
    # The decision on record: who decided, when and where (protocol and paragraph).
    decision: Decision | None = None
    # The day the change takes effect in the rules, when that is not the day it was written.
    effective: date | None = None
    rules: list[RuleId] = []
    # A correction of text already published (a wrong word in a step or a routine's header): the
    # entry says so, and then names what it corrects under rules: or routines:.
    correction: bool = False
    # A routine renewed or changed as a whole (a new version, a longer validity): one entry covers
    # every rule that rests on the routine's document.
    routines: list[Slug] = []
    all_rules: bool = False

    @model_validator(mode="after")
    def _names_rules(self):
        if not self.rules and not self.routines and not self.all_rules:
            raise ValueError("ange vilka regel-id ändringen gäller (rules), vilka rutiner (routines) "
                             "eller all_rules: true")
        return self
