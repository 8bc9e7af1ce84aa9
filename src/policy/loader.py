"""Read the YAML rule files into a Rulebook, or fail with the file and field that are wrong.

Dates left out of a fact are set here from its sources. Each source a fact cites supports it on its
own, so the fact holds while any of its sources holds (the union of their windows, which may not
leave a gap). Explicit dates must lie inside that window.
"""
from __future__ import annotations

import os
import re
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from . import models as m
from .errors import DataError, format_span
from .rulebook import RoutineWork, Rulebook, unrecorded
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


def data_dir() -> Path:
    """Where the rule data is read from: the package's own (the committee's), or the folder in
    POLICY_DATA (the developers' tests point it at their frozen fixture rulebook)."""
    return Path(os.environ.get("POLICY_DATA") or PACKAGE_DIR)


def load(root: Path | None = None) -> Rulebook:
    """Load the rule data under `root` (default: data_dir()). The data in use is read once per
    process; any other folder is read afresh on every call, since tests and `policy diff` change
    files there."""
    default = data_dir()
    if root is None or Path(root).resolve() == default.resolve():
        return _load_cached(str(default.resolve()))
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

    def parse_routines(self) -> dict[str, list[tuple[str, m.Routine]]]:
        """Every routine's versions, one file each: routines/<slug>/version-<n>.yaml."""
        folder = self.root / "routines"
        for stray in sorted(folder.glob("*.yaml")):
            raise DataError(_display(stray), "(filen)", f"en rutin ligger i en egen mapp med en fil per version: "
                                                        f"flytta den till routines/{stray.stem}/version-1.yaml")
        routines: dict[str, list[tuple[str, m.Routine]]] = {}
        for path in sorted(folder.glob("*/*.yaml")):
            if not re.fullmatch(r"version-[1-9][0-9]*", path.stem):
                raise DataError(_display(path), "(filnamnet)", "en rutins filer heter version-1.yaml, version-2.yaml …")
            data = self.read(path)
            try:
                routine = m.Routine.model_validate(data)
            except ValidationError as exc:
                raise data_error(_display(path), exc.errors(include_url=False), data) from None
            if routine.slug != path.parent.name:
                raise DataError(_display(path), "slug", f"”{routine.slug}” ska vara samma som mappens namn ”{path.parent.name}”")
            if f"version-{routine.version}" != path.stem:
                raise DataError(_display(path), "version", f"{routine.version} stämmer inte med filnamnet {path.name}; "
                                                           f"version {routine.version} ligger i version-{routine.version}.yaml")
            routines.setdefault(routine.slug, []).append((_display(path), routine))
        if not routines:
            raise DataError(_display(folder), "(mappen)", "innehåller inga rutiner (routines/<rutin>/version-1.yaml)")
        for versions in routines.values():
            versions.sort(key=lambda pv: pv[1].version)
            self.check_versions(versions)
        return routines

    def check_versions(self, versions: list[tuple[str, m.Routine]]) -> None:
        """Versions are numbered 1, 2, 3 …, follow each other in time without overlap, and a gap
        between two is refused unless the later one says it follows a gap."""
        for i, (path, version) in enumerate(versions):
            if version.version != i + 1:
                raise DataError(path, "version", f"versionerna ska vara numrerade 1, 2, 3 … utan luckor; "
                                                 f"version {i + 1} saknas")
            if i == 0:
                continue
            prev = versions[i - 1][1]
            if prev.valid_to is None:
                raise DataError(versions[i - 1][0], "valid_to", f"version {prev.version} saknar slutdatum men version "
                                f"{version.version} börjar {version.valid_from.isoformat()}; ge version {prev.version} "
                                f"valid_to {(version.valid_from - timedelta(days=1)).isoformat()}")
            if version.valid_from <= prev.valid_to:
                raise DataError(path, "valid_from", f"version {version.version} börjar {version.valid_from.isoformat()}, "
                                f"innan version {prev.version} slutar {prev.valid_to.isoformat()}; versionerna får inte överlappa")
            if version.valid_from > prev.valid_to + timedelta(days=1) and not version.after_gap:
                raise DataError(path, "valid_from", f"mellan version {prev.version} (till {prev.valid_to.isoformat()}) och "
                                f"version {version.version} (från {version.valid_from.isoformat()}) finns ett glapp; "
                                "börja dagen efter eller skriv after_gap: true om rutinen verkligen inte gällde då")
            if version.source != prev.source:
                raise DataError(path, "source", f"ska vara samma i alla versioner (”{prev.source}”); det är rutinens "
                                                "dokument, versionens datum står i filen")

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

    def parse_reviews(self) -> tuple[m.ReviewRecord, ...]:
        records = []
        for path in sorted((self.root / "reviews").glob("*.yaml")):
            data = self.read(path)
            try:
                record = m.ReviewRecord.model_validate(data)
            except ValidationError as exc:
                raise data_error(_display(path), exc.errors(include_url=False), data) from None
            if record.source not in self.sources:
                raise DataError(_display(path), "source", f"okänd källa ”{record.source}”; kända: {', '.join(sorted(self.sources))}")
            records.append(record)
        return tuple(sorted(records, key=lambda r: r.date))

    # --- validity ------------------------------------------------------------------------
    def window(self, refs: list[m.SourceRef], path: str, field: str) -> tuple[date | None, date | None]:
        """The span in which at least one of the sources holds; each source supports the fact alone.
        No start (None) when a source states none."""
        for ref in refs:
            if ref.source not in self.sources:
                raise DataError(path, f"{field}.sources", f"okänd källa ”{ref.source}”; kända: {', '.join(sorted(self.sources))}")
        spans = sorted({(self.sources[r.source].valid_from, self.sources[r.source].valid_to) for r in refs},
                       key=lambda span: (span[0] or date.min, span[1] or date.max))
        start, end = spans[0]
        for s_from, s_to in spans[1:]:
            if end is not None and s_from is not None and s_from > end + timedelta(days=1):
                raise DataError(path, f"{field}.sources", f"källorna lämnar ett glapp mellan {end.isoformat()} och {s_from.isoformat()}")
            end = None if end is None or s_to is None else max(end, s_to)
        return start, end

    def resolve(self, item: m.Dated, path: str, field: str, within: tuple[date | None, date | None] | None = None):
        start, end = self.window(item.sources, path, field)
        if within:
            start = max(start, within[0]) if start and within[0] else (start or within[0])
            end = within[1] if end is None else (end if within[1] is None else min(end, within[1]))
        valid_from = item.valid_from or start
        valid_to = item.valid_to if item.valid_to is not None else end
        if valid_to is not None and valid_from is not None and valid_to < valid_from:
            raise DataError(path, f"{field}.valid_from/valid_to",
                            f"slutar {valid_to.isoformat()}, före sin början {valid_from.isoformat()}")
        if (start and (valid_from is None or valid_from < start)) or (end and (valid_to is None or valid_to > end)):
            raise DataError(path, f"{field}.valid_from/valid_to",
                            f"{format_span(valid_from, valid_to)} ligger utanför källornas giltighet {format_span(start, end)}")
        return item.model_copy(update={"valid_from": valid_from, "valid_to": valid_to})

    def resolve_period(self, rule: m.Rule, period: m.Period, path: str, field: str) -> m.Period:
        """A value's period. An instruction ends with its sources; a fact they attest does not (its
        evidence ages instead, and review lists it)."""
        resolved = self.resolve(period, path, field)
        derived_end = period.valid_to is None and resolved.valid_to is not None
        if rule.fact:
            # Nor does a fact start with its evidence: a start no source states is left undated.
            return resolved.model_copy(update={"valid_to": None if derived_end else resolved.valid_to,
                                               "valid_from": period.valid_from})
        return resolved.model_copy(update={"ends_with_source": derived_end})

    def date_routine_sources(self, parsed_routines) -> None:
        """A routine's document holds while any of its versions does; the dates are the versions'.
        Every other source gives its own dates in kallor.yaml."""
        routine_sources = {}
        for versions in parsed_routines.values():
            first, last = versions[0][1], versions[-1][1]
            routine_sources[first.source] = versions
            src = self.sources.get(first.source)
            if src is None:
                continue
            where = self.parsed_source_path(src.id) or versions[-1][0]
            for name in ("valid_from", "valid_to", "checked", "dating", "edited"):
                if getattr(src, name) is not None:
                    raise DataError(where, f"sources ({src.id}).{name}", f"står i rutinens versionsfiler "
                                    f"(routines/{first.slug}/version-N.yaml); ta bort det här")
            self.sources[src.id] = src.model_copy(update={
                "valid_from": first.valid_from, "valid_to": last.valid_to, "checked": last.checked,
                "dating": last.dating, "edited": last.edited})
        for src in list(self.sources.values()):
            if src.id in routine_sources:
                continue
            missing = [n for n in ("checked", "dating") if getattr(src, n) is None]
            if "valid_from" not in src.model_fields_set:
                missing.insert(0, "valid_from (null om källan inte anger någon startdag)")
            if missing:
                raise DataError(self.parsed_source_path(src.id) or "rules/kallor.yaml", f"sources ({src.id})",
                                f"saknar {', '.join(missing)}; en källa som inte är en rutins dokument anger sina egna datum")

    def parsed_source_path(self, source_id: str) -> str | None:
        return next((p for p, s, _ in self.parsed["sources"] if s.id == source_id), None)

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
        documents = [(path, v.document, "document") for versions in parsed_routines.values()
                     for path, v in versions[-1:] if v.document]
        for path, src, field in self.parsed["sources"] + documents:
            if src.id in self.sources:
                raise DataError(path, field, f"källan ”{src.id}” finns redan")
            self.sources[src.id] = src
        for versions in parsed_routines.values():
            for path, version in versions:
                if version.document and version.document.id != version.source:
                    raise DataError(path, "source", f"ska vara samma som document.id (”{version.document.id}”)")
                if version.source not in self.sources:
                    raise DataError(path, "source", f"okänd källa ”{version.source}”; kända: {', '.join(sorted(self.sources))}")
        self.date_routine_sources(parsed_routines)
        actors = {a.slug: a for _, a, _ in self.parsed["actors"]}
        roles = {r.slug: r for _, r, _ in self.parsed["care_roles"]}
        for path, actor, field in self.parsed["actors"]:
            self.window(actor.sources, path, field)

        rules = {}
        for path, rule, field in self.parsed["rules"]:
            periods = sorted((self.resolve_period(rule, p, path, f"{field}.periods[{i}]")
                              for i, p in enumerate(rule.periods)), key=m.starts)
            for a, b in zip(periods, periods[1:]):
                if a.valid_to is None or a.valid_to >= m.starts(b):
                    raise DataError(path, f"{field} ({rule.id}).periods",
                                    f"perioderna {format_span(a.valid_from, a.valid_to)} och "
                                    f"{format_span(b.valid_from, b.valid_to)} överlappar")
                if b.valid_from > a.valid_to + timedelta(days=1) and not b.after_gap:
                    raise DataError(path, f"{field} ({rule.id}).periods",
                                    f"mellan {a.valid_to.isoformat()} och {b.valid_from.isoformat()} gäller inget "
                                    f"värde; låt den nya perioden börja {(a.valid_to + timedelta(days=1)).isoformat()} "
                                    "eller skriv after_gap: true i den om glappet är avsiktligt")
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

        routines, step_versions, routine_files, step_owner = {}, {}, {}, {}
        for slug, versions in parsed_routines.items():
            built = []
            for path, version in versions:
                if version.source not in self.sources:
                    raise DataError(path, "source", f"okänd källa ”{version.source}”; kända: {', '.join(sorted(self.sources))}")
                span = (version.valid_from, version.valid_to)
                stages, seen = [], {}
                for si, stage in enumerate(version.stages):
                    steps = []
                    for i, step in enumerate(stage.steps):
                        field = f"stages[{si}].steps[{i}] ({step.id})"
                        own = [m.SourceRef(source=version.source, section=step.section)] if step.section else []
                        step = step.model_copy(update={"sources": own + list(step.sources)})
                        step = self.resolve(step, path, field, within=span)
                        for other in seen.get(step.id, []):
                            if _overlap(other, step):
                                raise DataError(path, field, f"steget ”{step.id}” finns redan i versionen för samma tid; "
                                                             "ge stegen olika id eller datum som inte överlappar")
                        seen.setdefault(step.id, []).append(step)
                        steps.append(step)
                    stages.append(stage.model_copy(update={"steps": steps}))
                built.append(version.model_copy(update={"stages": stages}))
                for step_id, steps in seen.items():
                    if step_owner.setdefault(step_id, slug) != slug:
                        raise DataError(path, step_id, f"steget finns redan i rutinen ”{step_owner[step_id]}”; "
                                                       "varje rutin har egna steg-id")
                    if step_id in self.where and step_id not in step_versions:
                        raise DataError(path, step_id, f"regel-id:t finns redan i {self.where[step_id]}; varje id ska vara unikt")
                    step_versions.setdefault(step_id, []).extend(steps)
                    self.where[step_id] = path
                    self.files[step_id] = Path(path).resolve()
                    self.index[step_id] = steps[-1]
            routines[slug] = RoutineWork(slug, tuple(built))
            routine_files[slug] = tuple(Path(p).resolve() for p, _ in versions)
        step_versions = {k: tuple(sorted(v, key=m.starts)) for k, v in step_versions.items()}

        disagreements = sorted((self.resolve(d, p, f) for p, d, f in self.parsed["disagreements"]), key=lambda d: d.number)
        for path, d, _ in self.parsed["disagreements"]:
            self.register(d.id, next(x for x in disagreements if x.id == d.id), path)
        rows = [self.resolve(r, p, f) for p, r, f in self.parsed["rows"]]
        for (path, _, _), row in zip(self.parsed["rows"], rows):
            self.register(row.id, row, path)

        book = Rulebook(self.sources, actors, roles, rules, laws, forms, tuple(phases), routines,
                        tuple(disagreements), tuple(rows), self.index, self.parse_changelog(), self.files,
                        self.parse_settings(), step_versions, routine_files, self.parse_reviews())
        with unrecorded():  # checking the whole book is not a page reading it
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


def _overlap(a: m.Dated, b: m.Dated) -> bool:
    return not ((a.valid_to and a.valid_to < m.starts(b)) or (b.valid_to and b.valid_to < m.starts(a)))


from .crosscheck import _CrossCheck  # noqa: E402  (needs the names above)
