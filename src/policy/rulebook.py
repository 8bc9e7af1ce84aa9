"""The loaded rules: lookups by ID and slug, and values on a given date."""
from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from .errors import OutsideValidity, PolicyError, UnknownSlug
from .models import (Actor, CareRole, ChangeEntry, Dated, DecisionRow, Disagreement, LegalRef, MeetingForm,
                     Period, RehabPhase, ReviewRecord, Routine, Rule, Settings, Source, SourceRef, Step)
from .scope import Scope, scope_of


# Rule IDs that an answer function has used in this process: the tests' rule coverage reads it.
TOUCHED: set[str] = set()
# Open collectors (see `collecting`), and a file to append used IDs to when the build runs a
# notebook kernel with POLICY_TRACE set: the build makes the notebook depend on their files.
_COLLECTORS: list[set[str]] = []
_TRACE = os.environ.get("POLICY_TRACE")


_TRACED: set[str] = set()
_UNRECORDED: list[bool] = []
_FRAMED: list[bool] = []


@contextmanager
def unrecorded():
    """Reads that are the rule book's own (checking the data as it loads), not a page's."""
    _UNRECORDED.append(True)
    try:
        yield
    finally:
        _UNRECORDED.pop()


@contextmanager
def framed(on: bool = True):
    """Reads of rules' frames only: everything about them but their values, which a page fills in
    as it is written (sphinxext/later.py). Only code that shows no value but through that may use it.
    framed(False) inside it: reads of values again (a value that cannot wait, read after all)."""
    _FRAMED.append(on)
    try:
        yield
    finally:
        _FRAMED.pop()


def _record(rule_ids) -> None:
    """A rule's content was read (not only used in an answer): the page or notebook reading it
    depends on it. Unlike touch(), this does not count as testing the rule (rule coverage)."""
    if _UNRECORDED:
        return
    rule_ids = {r for r in rule_ids if isinstance(r, str)}
    for ids in _COLLECTORS:
        ids.update(rule_ids)
        if not (_FRAMED and _FRAMED[-1]):
            ids.full.update(rule_ids)
    new = rule_ids - _TRACED
    if _TRACE and new:
        _TRACED.update(new)
        with open(_TRACE, "a", encoding="utf-8") as trace:
            trace.write("".join(f"{rule_id}\n" for rule_id in sorted(new)))


def _item_id(key, item):
    return getattr(item, "id", None) or key


class Watched(dict):
    """A collection of the rule book whose every read of an item's content is recorded, so that a
    page depends on exactly the items it showed: reading one item records it, reading them all
    (values, items) records them all. Its keys (which items exist) are not content: a change there
    is a change of the data's structure, which re-reads every page that lists a collection."""

    def __getitem__(self, key):
        item = super().__getitem__(key)
        _record([_item_id(key, item)])
        return item

    def get(self, key, default=None):
        if key in self:
            return self[key]
        return default

    def values(self):
        _record([_item_id(k, v) for k, v in super().items()])
        return super().values()

    def items(self):
        _record([_item_id(k, v) for k, v in super().items()])
        return super().items()


class WatchedTuple(tuple):
    """The same for the ordered collections (phases, disagreements, decision rows)."""

    def __iter__(self):
        _record([getattr(item, "id", None) for item in tuple.__iter__(self)])
        return tuple.__iter__(self)

    def __getitem__(self, index):
        item = tuple.__getitem__(self, index)
        _record([getattr(x, "id", None) for x in (item if isinstance(index, slice) else [item])])
        return item


CHANGELOG_ID = "ändringshistoriken"


class WatchedLog(tuple):
    """The change history: reading any of it records the history as one item."""

    def __iter__(self):
        _record([CHANGELOG_ID])
        return tuple.__iter__(self)

    def __getitem__(self, index):
        _record([CHANGELOG_ID])
        return tuple.__getitem__(self, index)


class Collected(set):
    """The rule IDs read inside a `collecting` block; `full` those of them read with their values
    (the rest were read `framed`)."""

    def __init__(self):
        super().__init__()
        self.full: set[str] = set()


@contextmanager
def collecting():
    """Collect the rule IDs used inside the block (the Sphinx extension's dependency tracking)."""
    ids = Collected()
    _COLLECTORS.append(ids)
    try:
        yield ids
    finally:
        _COLLECTORS.remove(ids)


@dataclass(frozen=True)
class RoutineWork:
    """A routine across its versions (one work, one version per stretch of time, as ELI/FRBR model
    a law). Pages and answers ask for the version in force on their date."""

    slug: str
    versions: tuple[Routine, ...]

    @property
    def latest(self) -> Routine:
        return self.versions[-1]

    @property
    def name(self) -> str:
        return self.latest.name

    @property
    def source(self) -> str:
        return self.latest.source

    @property
    def valid_from(self) -> date | None:
        return self.versions[0].valid_from

    @property
    def valid_to(self) -> date | None:
        return self.versions[-1].valid_to

    def at(self, on: date) -> Routine | None:
        """The version in force on `on`, if any."""
        return next((v for v in self.versions if v.covers(on)), None)

    def near(self, on: date) -> tuple[Routine, str]:
        """The version in force ("gäller"), else the latest that has ended ("gällde"), else the first
        still to come ("kommer"): for pages, which build on any date and must say which they show."""
        current = self.at(on)
        if current:
            return current, "gäller"
        past = [v for v in self.versions if v.valid_to is not None and v.valid_to < on]
        return (past[-1], "gällde") if past else (self.versions[0], "kommer")

    def previous(self, version: Routine) -> Routine | None:
        earlier = [v for v in self.versions if v.version < version.version]
        return earlier[-1] if earlier else None


@dataclass(frozen=True)
class Rulebook:
    sources: dict[str, Source]
    actors: dict[str, Actor]
    roles: dict[str, CareRole]
    rules: dict[str, Rule]
    laws: dict[str, LegalRef]
    forms: dict[str, MeetingForm]
    phases: tuple[RehabPhase, ...]
    routines: dict[str, RoutineWork]
    disagreements: tuple[Disagreement, ...]
    decision_rows: tuple[DecisionRow, ...]
    # Every rule ID in the data, to the object that holds it (a Rule, a Step, a Claim, ...).
    index: dict[str, object] = field(default_factory=dict)
    # The change history, newest first.
    changelog: tuple[ChangeEntry, ...] = ()
    # The file each rule ID is defined in.
    files: dict[str, Path] = field(default_factory=dict)
    # The handbook's own editorial settings (settings.yaml).
    settings: Settings | None = None
    # Every version of each step, by ID, in date order (the index holds the latest).
    step_versions: dict[str, tuple[Step, ...]] = field(default_factory=dict)
    # Each routine's version files (what its page depends on).
    routine_files: dict[str, tuple[Path, ...]] = field(default_factory=dict)
    # Recorded reviews (reviews/*.yaml), oldest first.
    reviews: tuple[ReviewRecord, ...] = ()

    def __post_init__(self):
        for name in ("rules", "laws", "forms", "index"):
            object.__setattr__(self, name, Watched(getattr(self, name)))
        for name in ("phases", "disagreements", "decision_rows"):
            object.__setattr__(self, name, WatchedTuple(getattr(self, name)))
        object.__setattr__(self, "changelog", WatchedLog(self.changelog))

    # --- values on a date -------------------------------------------------------------
    def touch(self, *rule_ids: str) -> None:
        new = set(rule_ids) - TOUCHED
        TOUCHED.update(rule_ids)
        for ids in _COLLECTORS:
            ids.update(rule_ids)
        if _TRACE and new:
            with open(_TRACE, "a", encoding="utf-8") as trace:
                trace.write("".join(f"{rule_id}\n" for rule_id in sorted(new)))

    def disagreement(self, number: int) -> Disagreement:
        for d in self.disagreements:
            if d.number == number:
                self.touch(d.id)
                return d
        raise PolicyError(f"Det finns ingen skiljelinje nummer {number}; de är numrerade 1–{len(self.disagreements)}.")

    def period(self, rule_id: str, on: date) -> Period:
        rule = self.rule(rule_id)
        self.touch(rule_id)
        for period in rule.periods:
            if period.covers(on):
                return period
        raise OutsideValidity(
            f"Regeln {rule_id} ({rule.title})", on, [(p.valid_from, p.valid_to) for p in rule.periods]
        )

    def period_near(self, rule_id: str, on: date) -> tuple[Period, str]:
        """The period in force on `on` ("gäller"), else the latest that has ended ("gällde") or the
        first still to come ("kommer"): for pages, which must say which of the three they show."""
        rule = self.rule(rule_id)
        self.touch(rule_id)
        for period in rule.periods:
            if period.covers(on):
                return period, "gäller"
        past = [p for p in rule.periods if p.valid_to is not None and p.valid_to < on]
        return (past[-1], "gällde") if past else (rule.periods[0], "kommer")

    def next_period(self, rule_id: str, on: date) -> Period | None:
        """The next period of a rule that starts after `on`: a decided change still to come."""
        return next((p for p in self.rule(rule_id).periods if p.valid_from and p.valid_from > on), None)

    def value(self, rule_id: str, on: date) -> int | str:
        return self.period(rule_id, on).value

    def rule(self, rule_id: str) -> Rule:
        try:
            return self.rules[rule_id]
        except KeyError:
            raise PolicyError(f"Det finns ingen regel med id ”{rule_id}”.") from None

    def change_days(self) -> list[date]:
        """Every day on which something the handbook shows starts or stops holding: a value, a source,
        a routine version or one of its steps, a statute, a phase, a form's field, a disagreement."""
        from .loader import CLAIM_FIELDS

        with framed():  # dates only: no value is read
            return self._change_days(CLAIM_FIELDS)

    def _change_days(self, claim_fields) -> list[date]:
        items = [*self.sources.values(), *self.laws.values(), *self.phases, *self.disagreements, *self.decision_rows,
                 *(p for r in self.rules.values() for p in r.periods)]
        for work in self.routines.values():
            items += [*work.versions, *(s for v in work.versions for s in self.steps(v))]
        for form in self.forms.values():
            items += [form.summary, *form.purposes, *(getattr(form, f) for f in claim_fields)]
        days = set()
        for item in items:
            if item.valid_from:
                days.add(item.valid_from)
            if item.valid_to:
                days.add(item.valid_to + timedelta(days=1))
        return sorted(days)

    def next_change(self, on: date) -> date | None:
        """The first day after `on` on which the pages would read differently: a build is current
        until then (the publish workflow rebuilds every night; a page older than this says so)."""
        return next((d for d in self.change_days() if d > on), None)

    def require_valid(self, what: str, item: Dated | Routine, on: date) -> None:
        if not item.covers(on):
            raise OutsideValidity(what, on, [(item.valid_from, item.valid_to)])

    # --- lookups by slug with Swedish errors ----------------------------------------
    def actor(self, slug: str) -> Actor:
        return _pick(self.actors, slug, "aktör")

    def role(self, slug: str) -> CareRole:
        return _pick(self.roles, slug, "roll")

    def form(self, slug: str) -> MeetingForm:
        return _pick(self.forms, slug, "mötesform")

    def routine(self, slug: str) -> RoutineWork:
        return _pick(self.routines, slug, "rutin (region)")

    def version(self, slug: str, on: date) -> Routine:
        """The version of a routine in force on `on`; none in force is an error that says when it holds."""
        work = self.routine(slug)
        current = work.at(on)
        if current is None:
            raise OutsideValidity(f"Rutinen för {work.name}", on, [(v.valid_from, v.valid_to) for v in work.versions])
        return current

    def step(self, step_id: str, on: date) -> Step:
        """A step as it reads on `on` (its version in force, else the nearest)."""
        versions = self.step_versions.get(step_id) or (self.index[step_id],)
        current = [s for s in versions if s.covers(on)]
        if current:
            return current[0]
        past = [s for s in versions if s.valid_to is not None and s.valid_to < on]
        return past[-1] if past else versions[0]

    def steps(self, routine: Routine | RoutineWork) -> list[Step]:
        """A version's steps in order; for a whole routine, every version's."""
        versions = routine.versions if isinstance(routine, RoutineWork) else (routine,)
        return [step for version in versions for stage in version.stages for step in stage.steps]

    def names(self, slugs) -> str:
        """Actors as a list in running text: "Försäkringskassan, arbetsgivaren och anhörig" style,
        common nouns in lower case after the first word."""
        return ", ".join(self.actors[slug].name if i == 0 else self.name_in_text(slug) for i, slug in enumerate(slugs))

    def name_in_text(self, slug: str) -> str:
        """An actor's name inside a sentence: an authority keeps its capital, a common noun does not."""
        actor = self.actors[slug]
        return actor.name if actor.proper_noun else actor.name[0].lower() + actor.name[1:]

    def document_of(self, routine: Routine) -> str:
        """What a routine's document is, as a sentence names it: "Region Sörmlands webbsida om
        mötesformer", "Försäkringskassans sida" – not every document is a routine."""
        src = self.sources[routine.source]
        return src.whose or f"{routine.organisation}s sida"

    def who(self, step: Step) -> str:
        """Who does a step, in words: the body named in the data, the actors, or that it is not said."""
        if step.performed_by:
            return step.performed_by
        if step.responsible:
            return self.names(step.responsible)
        return "anges inte i källan"

    # --- explaining a result ---------------------------------------------------------
    def cite(self, refs: list[SourceRef]) -> list[dict[str, str]]:
        """Sources as plain dicts for JSON: ID, title with organisation, and section."""
        seen, out = set(), []
        for ref in refs:
            if (ref.source, ref.section) in seen:
                continue
            seen.add((ref.source, ref.section))
            src = self.sources[ref.source]
            out.append({"id": src.id, "title": f"{src.organisation}: {src.title}", "section": ref.section})
        return out

    def sources_of(self, rule_ids: list[str], on: date) -> list[dict[str, str]]:
        refs: list[SourceRef] = []
        for rule_id in rule_ids:
            item = self.index[rule_id]
            if isinstance(item, Rule):
                refs.extend(self.period(rule_id, on).sources)
            elif rule_id in self.step_versions:
                refs.extend(self.step(rule_id, on).sources)
            else:
                refs.extend(getattr(item, "sources", []))
        return self.cite(refs)

    def scope(self, item_or_refs, on: date | None = None, fact: str | None = None) -> Scope:
        """Whose rule a fact is on `on`: national, named regions' or the handbook's own reading."""
        return scope_of(self, item_or_refs, on, fact)

    def refs_of(self, rule_id: str, on: date | None = None) -> list[SourceRef]:
        """The sources a rule ID rests on: for a value, its period on `on` (every period's without a
        date); for a step, field, row or form, its own."""
        item = self.index[rule_id]
        if isinstance(item, Rule):
            if on is None:
                return [r for p in item.periods for r in p.sources]
            return next((p for p in item.periods if p.covers(on)), item.periods[-1]).sources
        if rule_id in self.step_versions:
            if on is None:
                return [r for s in self.step_versions[rule_id] for r in s.sources]
            return list(self.step(rule_id, on).sources)
        if isinstance(item, list):  # a meeting form's purposes
            return [r for c in item for r in c.sources]
        if isinstance(item, MeetingForm):
            return list(item.summary.sources)
        return list(getattr(item, "sources", []))

    def note(self, rule_id: str, on: date) -> str:
        """A text rule as a reader sees it on `on`: placeholders filled, and whose rule it is when
        it is one region's (or the handbook's reading)."""
        from .text import render

        text = render(str(self.value(rule_id, on)), self, on)
        label = self.scope_of_rule(rule_id, on).label
        return f"{text} ({label}.)" if label else text

    def scope_of_rule(self, rule_id: str, on: date) -> Scope:
        """The scope of whatever a rule ID names, as it holds on `on`."""
        item = self.index[rule_id]
        if isinstance(item, Rule):
            period = next((p for p in item.periods if p.covers(on)), item.periods[-1])
            return scope_of(self, period, on, fact=item.fact)
        if rule_id in self.step_versions:
            return scope_of(self, self.step(rule_id, on), on)
        return scope_of(self, item, on)


def _pick(table: dict, slug: str, kind: str):
    # The names only serve the error message: not a read of every item's content.
    names = [getattr(item, "name", key) for key, item in dict.items(table)]
    if not isinstance(slug, str):
        raise UnknownSlug(kind, str(slug), list(table), names)
    try:
        return table[slug]
    except KeyError:
        raise UnknownSlug(kind, slug, list(table), names) from None
