"""Read the YAML rule files into a Rulebook, or fail with the file and field that are wrong.

Dates left out of a fact are set here from its sources. Each source a fact cites supports it on its
own, so the fact holds while any of its sources holds (the union of their windows, which may not
leave a gap). Explicit dates must lie inside that window.
"""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from . import models as m
from .errors import DataError, format_span
from .rulebook import Rulebook
from .validation_messages import data_error

PACKAGE_DIR = Path(__file__).parent
SECTIONS: dict[str, type] = {
    "sources": m.Source, "actors": m.Actor, "care_roles": m.CareRole, "rules": m.Rule,
    "laws": m.LegalRef, "forms": m.MeetingForm, "phases": m.RehabPhase,
    "disagreements": m.Disagreement, "rows": m.DecisionRow,
}
CLAIM_FIELDS = ("initiative", "decides", "convened_by", "chaired_by", "documented_by",
                "must_attend", "may_attend", "compensation", "timing")


def claim_id(form_id: str, field: str) -> str:
    """The rule ID of one field of a meeting form, e.g. motesform.avstamningsmote.convened-by."""
    return f"{form_id}.{field.replace('_', '-')}"


def load(root: Path | None = None) -> Rulebook:
    """Load the rule data under `root`. The package's own data is read once per process; any other
    folder is read afresh on every call, since tests and `policy diff` change files there."""
    if root is None or Path(root).resolve() == PACKAGE_DIR.resolve():
        return _load_cached(str(PACKAGE_DIR))
    return _Loader(Path(root)).build()


@lru_cache(maxsize=1)
def _load_cached(root: str) -> Rulebook:
    return _Loader(Path(root)).build()


# The C loader where PyYAML has it: it reads the rule files about eight times faster.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TextDates(_BaseLoader):
    """Leaves dates as text so that pydantic checks them and an impossible date gets a Swedish error."""


_TextDates.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _mapping_without_duplicates(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"nyckeln ”{key}” förekommer två gånger",
                                                    key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep)


_TextDates.add_constructor("tag:yaml.org,2002:map", _mapping_without_duplicates)


# PyYAML's problems in Swedish, by a word in its English text; the rest keep the English detail.
_YAML_PROBLEMS = [
    ("tab", "tabbtecken får inte användas för indrag; använd mellanslag"),
    ("mapping values are not allowed", "ett kolon står där det inte får stå; sätt texten inom citattecken"),
    ("cannot start any token", "ett tecken som inte får inleda ett värde; sätt texten inom citattecken"),
    ("expected ',' or '}'", "en klammer {} eller ett kommatecken saknas eller står fel"),
    ("expected ',' or ']'", "en hakparentes [] eller ett kommatecken saknas eller står fel"),
    ("could not find expected ':'", "ett kolon saknas efter ett fältnamn"),
    ("expected '-' indicator", "en rad i en lista saknar bindestreck eller har fel indrag"),
    ("did not find expected key", "en rad har fel indrag eller saknar kolon efter fältnamnet"),
    ("expected <block end>", "en rad har fel indrag jämfört med raderna ovanför"),
    ("found unexpected end of stream", "ett citattecken eller en klammer stängs aldrig"),
    ("found undefined alias", "en YAML-hänvisning (*namn) pekar inte på något"),
    ("förekommer två gånger", None),
]


def _yaml_problem(problem: str) -> str:
    for needle, swedish in _YAML_PROBLEMS:
        if needle in problem:
            return swedish or problem
    return "fel i YAML-syntaxen; kontrollera indrag, kolon och citattecken på raden"


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class _Loader:
    def __init__(self, root: Path):
        self.root = root
        self.parsed: dict[str, list[tuple[str, Any, str]]] = {k: [] for k in SECTIONS}
        self.where: dict[str, str] = {}  # rule ID -> file that defines it, as shown in messages
        self.files: dict[str, Path] = {}  # rule ID -> the file itself
        self.index: dict[str, object] = {}

    # --- reading -----------------------------------------------------------------------
    def read(self, path: Path) -> Any:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DataError(_display(path), "(filen)", f"kan inte läsas: {exc}") from None
        try:
            return yaml.load(text, Loader=_TextDates)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f"rad {mark.line + 1}" if mark else "okänd rad"
            problem = _yaml_problem(str(getattr(exc, "problem", exc)))
            raise DataError(_display(path), f"({line})", f"är inte giltig YAML: {problem}") from None

    def parse_rule_files(self) -> None:
        rules_dir = self.root / "rules"
        files = sorted(rules_dir.glob("*.yaml"))
        if not files:
            raise DataError(_display(rules_dir), "(mappen)", "innehåller inga regelfiler (*.yaml)")
        for path in files:
            data = self.read(path)
            if not isinstance(data, dict):
                raise DataError(_display(path), "(filens topp)", "ska vara en mappning med avsnitt som rules: eller forms:")
            for key, items in data.items():
                if key not in SECTIONS:
                    raise DataError(_display(path), str(key), f"är inget känt avsnitt; tillåtna: {', '.join(SECTIONS)}")
                try:
                    parsed = TypeAdapter(list[SECTIONS[key]]).validate_python(items)
                except ValidationError as exc:
                    errors = [{**e, "loc": (key, *e["loc"])} for e in exc.errors(include_url=False)]
                    raise data_error(_display(path), errors, {key: items}) from None
                self.parsed[key].extend((_display(path), item, f"{key}[{i}]") for i, item in enumerate(parsed))

    def parse_routines(self) -> dict[str, tuple[str, m.Routine]]:
        routines = {}
        for path in sorted((self.root / "routines").glob("*.yaml")):
            data = self.read(path)
            try:
                routine = m.Routine.model_validate(data)
            except ValidationError as exc:
                raise data_error(_display(path), exc.errors(include_url=False), data) from None
            if routine.slug != path.stem:
                raise DataError(_display(path), "slug", f"”{routine.slug}” ska vara samma som filnamnet ”{path.stem}”")
            routines[routine.slug] = (_display(path), routine)
        if not routines:
            raise DataError(_display(self.root / "routines"), "(mappen)", "innehåller inga rutiner (*.yaml)")
        return routines

    def parse_settings(self) -> m.Settings:
        path = self.root / "settings.yaml"
        if not path.exists():
            raise DataError(_display(path), "(filen)", "saknas; den håller handbokens egna inställningar (granskningsintervall)")
        data = self.read(path)
        try:
            return m.Settings.model_validate(data)
        except ValidationError as exc:
            raise data_error(_display(path), exc.errors(include_url=False), data) from None

    def parse_changelog(self) -> tuple[m.ChangeEntry, ...]:
        entries = []
        for path in sorted((self.root / "changelog").glob("*.yaml")):
            data = self.read(path)
            try:
                entries.append(m.ChangeEntry.model_validate(data))
            except ValidationError as exc:
                raise data_error(_display(path), exc.errors(include_url=False), data) from None
        return tuple(sorted(entries, key=lambda e: e.date, reverse=True))

    # --- validity ------------------------------------------------------------------------
    def window(self, refs: list[m.SourceRef], path: str, field: str) -> tuple[date, date | None]:
        """The span in which at least one of the sources holds; each source supports the fact alone."""
        for ref in refs:
            if ref.source not in self.sources:
                raise DataError(path, f"{field}.sources", f"okänd källa ”{ref.source}”; kända: {', '.join(sorted(self.sources))}")
        spans = sorted({(self.sources[r.source].valid_from, self.sources[r.source].valid_to) for r in refs})
        start, end = spans[0]
        for s_from, s_to in spans[1:]:
            if end is not None and s_from > end + timedelta(days=1):
                raise DataError(path, f"{field}.sources", f"källorna lämnar ett glapp mellan {end.isoformat()} och {s_from.isoformat()}")
            end = None if end is None or s_to is None else max(end, s_to)
        return start, end

    def resolve(self, item: m.Dated, path: str, field: str, within: tuple[date, date | None] | None = None):
        start, end = self.window(item.sources, path, field)
        if within:
            start = max(start, within[0])
            end = within[1] if end is None else (end if within[1] is None else min(end, within[1]))
        valid_from = item.valid_from or start
        valid_to = item.valid_to if item.valid_to is not None else end
        if valid_to is not None and valid_to < valid_from:
            raise DataError(path, f"{field}.valid_from/valid_to",
                            f"slutar {valid_to.isoformat()}, före sin början {valid_from.isoformat()}")
        if valid_from < start or (end and (valid_to is None or valid_to > end)):
            raise DataError(path, f"{field}.valid_from/valid_to",
                            f"{format_span(valid_from, valid_to)} ligger utanför källornas giltighet {format_span(start, end)}")
        return item.model_copy(update={"valid_from": valid_from, "valid_to": valid_to})

    # --- building ------------------------------------------------------------------------
    def register(self, rule_id: str, obj: object, path: str) -> None:
        if rule_id in self.where:
            raise DataError(path, rule_id, f"regel-id:t finns redan i {self.where[rule_id]}; varje id ska vara unikt")
        self.where[rule_id] = path
        self.files[rule_id] = Path(path).resolve()
        self.index[rule_id] = obj

    def build(self) -> Rulebook:
        self.parse_rule_files()
        parsed_routines = self.parse_routines()
        self.sources = {}
        documents = [(path, r.document, "document") for path, r in parsed_routines.values() if r.document]
        for path, src, field in self.parsed["sources"] + documents:
            if src.id in self.sources:
                raise DataError(path, field, f"källan ”{src.id}” finns redan")
            self.sources[src.id] = src
        for path, routine in parsed_routines.values():
            if routine.document and routine.document.id != routine.source:
                raise DataError(path, "source", f"ska vara samma som document.id (”{routine.document.id}”)")
        actors = {a.slug: a for _, a, _ in self.parsed["actors"]}
        roles = {r.slug: r for _, r, _ in self.parsed["care_roles"]}
        for path, actor, field in self.parsed["actors"]:
            self.window(actor.sources, path, field)

        rules = {}
        for path, rule, field in self.parsed["rules"]:
            periods = sorted((self.resolve(p, path, f"{field}.periods[{i}]") for i, p in enumerate(rule.periods)),
                             key=lambda p: p.valid_from)
            for a, b in zip(periods, periods[1:]):
                if a.valid_to is None or a.valid_to >= b.valid_from:
                    raise DataError(path, f"{field} ({rule.id}).periods",
                                    f"perioderna {format_span(a.valid_from, a.valid_to)} och "
                                    f"{format_span(b.valid_from, b.valid_to)} överlappar")
            rules[rule.id] = rule.model_copy(update={"periods": periods})
            self.register(rule.id, rules[rule.id], path)

        laws = {}
        for path, law, field in self.parsed["laws"]:
            laws[law.id] = self.resolve(law, path, field)
            self.register(law.id, laws[law.id], path)

        phases = []
        for path, phase, field in sorted(self.parsed["phases"], key=lambda t: t[1].number):
            phases.append(self.resolve(phase, path, field))
            self.register(phase.id, phases[-1], path)
        self.check_phases(phases)

        forms = {}
        for path, form, field in self.parsed["forms"]:
            update = {f: self.resolve(getattr(form, f), path, f"{field}.{f}") for f in CLAIM_FIELDS + ("summary",)}
            update["purposes"] = [self.resolve(c, path, f"{field}.purposes[{i}]") for i, c in enumerate(form.purposes)]
            forms[form.slug] = form.model_copy(update=update)
            self.register(form.id, forms[form.slug], path)
            for f in CLAIM_FIELDS + ("purposes",):
                self.register(claim_id(form.id, f), getattr(forms[form.slug], f), path)

        routines = {}
        for slug, (path, routine) in parsed_routines.items():
            if routine.source not in self.sources:
                raise DataError(path, "source", f"okänd källa ”{routine.source}”")
            src = self.sources[routine.source]
            span = (src.valid_from, src.valid_to)
            stages = []
            for si, stage in enumerate(routine.stages):
                steps = [self.resolve(step, path, f"stages[{si}].steps[{i}] ({step.id})", within=span)
                         for i, step in enumerate(stage.steps)]
                for step in steps:
                    self.register(step.id, step, path)
                stages.append(stage.model_copy(update={"steps": steps}))
            routines[slug] = routine.model_copy(update={"stages": stages, "valid_from": span[0], "valid_to": span[1]})

        disagreements = sorted((self.resolve(d, p, f) for p, d, f in self.parsed["disagreements"]), key=lambda d: d.number)
        for path, d, _ in self.parsed["disagreements"]:
            self.register(d.id, next(x for x in disagreements if x.id == d.id), path)
        rows = [self.resolve(r, p, f) for p, r, f in self.parsed["rows"]]
        for (path, _, _), row in zip(self.parsed["rows"], rows):
            self.register(row.id, row, path)

        book = Rulebook(self.sources, actors, roles, rules, laws, forms, tuple(phases), routines,
                        tuple(disagreements), tuple(rows), self.index, self.parse_changelog(), self.files,
                        self.parse_settings())
        _CrossCheck(book, self.where).run()
        return book

    def check_phases(self, phases: list[m.RehabPhase]) -> None:
        if not phases:
            return
        path = self.where[phases[0].id]
        if phases[0].first_day != 1:
            raise DataError(path, f"phases ({phases[0].id}).first_day", "den första fasen ska börja på dag 1")
        for a, b in zip(phases, phases[1:]):
            if a.last_day is None or b.first_day != a.last_day + 1:
                raise DataError(path, f"phases ({b.id}).first_day", f"ska börja dagen efter att {a.id} slutar")
        if phases[-1].last_day is not None:
            raise DataError(path, f"phases ({phases[-1].id}).last_day", "den sista fasen ska sakna slutdag")


from .crosscheck import _CrossCheck  # noqa: E402  (needs the names above)
