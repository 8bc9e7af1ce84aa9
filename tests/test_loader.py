"""Loading the rule data: the real data loads cleanly, and each kind of breakage is refused with a
DataError that names the file and the field, so whoever edits a YAML file knows where to look.

Each breaking test copies src/policy/rules and src/policy/routines into tmp_path (fixture
`data_copy`), breaks exactly one thing and loads the copy.
"""
from __future__ import annotations

import dataclasses
import os
import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from policy import DataError, loader
from policy.models import SourceRef

from fixturedata import FIXTURE_DATA as PACKAGE_DIR  # the developers' own rulebook
# The source documents' text is not part of the repository: it lies in ../shared/seeds beside a
# working copy (or where POLICY_SEEDS says). Checks that read it run where it exists and say so
# plainly where it does not, so a fresh clone with nothing beside it passes.
SEEDS_DIR = Path(os.environ.get("POLICY_SEEDS") or Path(__file__).resolve().parents[2] / "shared" / "seeds")
needs_seeds = pytest.mark.skipif(
    not SEEDS_DIR.is_dir(),
    reason=f"källdokumentens text finns inte i {SEEDS_DIR}; kontrollen mot dem körs där de finns "
           "(eller med POLICY_SEEDS=<mapp>)")


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def save_yaml(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def edit_yaml(path: Path, change) -> None:
    data = load_yaml(path)
    change(data)
    save_yaml(path, data)


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}: the test needs updating"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def rule(data: dict, rule_id: str) -> dict:
    return next(r for r in data["rules"] if r["id"] == rule_id)


def step(routine: dict, step_id: str) -> dict:
    return next(s for stage in routine["stages"] for s in stage["steps"] if s["id"] == step_id)


def load_error(root: Path) -> str:
    with pytest.raises(DataError) as caught:
        loader.load(root)
    return str(caught.value)


# --- the real data -------------------------------------------------------------------------


def test_the_shipped_data_loads(book):
    assert book.rules and book.forms and book.routines and book.sources


def test_an_unbroken_copy_of_the_data_loads(data_copy):
    assert sorted(loader.load(data_copy).routines) == sorted(loader.load().routines)


def test_every_seed_document_has_its_routine_and_every_routine_file_is_loaded(book):
    # The five seeds (000–004) each have their routine; a region added later brings its own
    # document, so the lists come from the data and no test needs editing for a new region.
    seeds = {s.id for s in book.sources.values() if s.seed}
    assert seeds == {"000", "001", "002", "003", "004"}
    assert seeds <= {r.source for r in book.routines.values()}
    assert sorted(book.routines) == sorted(p.name for p in (PACKAGE_DIR / "routines").iterdir() if p.is_dir())


def test_routine_windows_follow_the_dates_in_the_seeds(book):
    # 001's header: valid from 2026-04-10 through 2028-04-09. 000 and 003 are undated, 002 and 004
    # give only edit dates: none of them has a first day, and none is invented.
    varmland = book.routines["varmland"]
    assert (str(varmland.valid_from), str(varmland.valid_to)) == ("2026-04-10", "2028-04-09")
    for slug in ("forsakringskassan", "halland", "sormland", "eskilstuna"):
        assert (book.routines[slug].valid_from, book.routines[slug].valid_to) == (None, None), slug
    assert str(book.routines["sormland"].latest.edited) == "2022-04-21"


def test_a_fact_resting_on_an_undated_source_has_no_first_day_and_holds_on_any_day(book):
    # The fee rests on FK's undated page and Stockholm's handbook, whose 2024-01-01 is an edit date.
    period = book.rules["arvode.forsta-timmen"].periods[0]
    assert period.valid_from is None
    assert book.value("arvode.forsta-timmen", date(2019, 6, 1)) == 750


def test_a_source_that_leaves_out_valid_from_is_refused_but_null_is_accepted(data_copy):
    path = data_copy / "rules" / "kallor.yaml"
    replace_once(path, "    valid_from: 2017-04-01\n", "")
    error = load_error(data_copy)
    assert "hsl-2017-30" in error and "valid_from (null om källan inte anger någon startdag)" in error
    replace_once(path, "    title: Hälso- och sjukvårdslagen (2017:30)\n",
                 "    title: Hälso- och sjukvårdslagen (2017:30)\n    valid_from: null\n")
    assert loader.load(data_copy).sources["hsl-2017-30"].valid_from is None


def test_a_later_version_without_a_first_day_is_refused(data_copy):
    folder = data_copy / "routines" / "halland"
    second = load_yaml(folder / "version-1.yaml")
    second["version"] = 2
    save_yaml(folder / "version-2.yaml", second)
    error = load_error(data_copy)
    assert "version-2.yaml" in error and "version 2 och senare ska ha valid_from" in error


def _ids_in_yaml() -> list[str]:
    ids = []
    for path in sorted((PACKAGE_DIR / "rules").glob("*.yaml")):
        data = load_yaml(path)
        for section in ("rules", "laws", "forms", "phases", "disagreements", "rows"):
            ids += [item["id"] for item in data.get(section, [])]
    for path in sorted((PACKAGE_DIR / "routines").glob("*/*.yaml")):
        # A step keeps its ID in every version of its routine: count it once per routine.
        ids += sorted({s["id"] for stage in load_yaml(path)["stages"] for s in stage["steps"]})
    return ids


def test_every_rule_id_in_the_yaml_files_is_unique():
    ids = _ids_in_yaml()
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert len(ids) > 100
    assert duplicates == []


def test_every_rule_id_in_the_yaml_files_is_in_the_loaded_index(book):
    assert set(_ids_in_yaml()) <= set(book.index)


def _source_refs(node):
    """Every SourceRef anywhere in the loaded rulebook (a dataclass of pydantic models)."""
    if isinstance(node, SourceRef):
        yield node
    elif dataclasses.is_dataclass(node):
        for f in dataclasses.fields(node):
            if f.name != "index":  # the index repeats what the other fields hold
                yield from _source_refs(getattr(node, f.name))
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _source_refs(getattr(node, name))
    elif isinstance(node, dict):
        for value in node.values():
            yield from _source_refs(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _source_refs(value)


def _seed_lines(name: str) -> list[str]:
    text = (SEEDS_DIR / name).read_text(encoding="utf-8")
    # Ignore leading whitespace and bullets (•, ·, -, *), then compare case-insensitively.
    return [re.sub(r"^[\s•·*\-]+", "", line).strip().lower() for line in text.splitlines()]


@needs_seeds
def test_the_seeds_are_where_the_tests_expect_them():
    assert sorted(p.name[:3] for p in SEEDS_DIR.glob("*.txt")) == ["000", "001", "002", "003", "004"]


@needs_seeds
def test_every_section_cited_in_a_seed_is_a_heading_or_line_of_that_seed(book):
    lines = {src.id: _seed_lines(src.seed) for src in book.sources.values() if src.seed}
    refs = {(r.source, r.section) for r in _source_refs(book) if r.source in lines}
    assert len(refs) > 20
    missing = sorted((source, section) for source, section in refs
                     if not any(line.startswith(section.lower()) for line in lines[source]))
    assert missing == []


@needs_seeds
def test_every_seed_file_named_in_the_source_register_exists(book):
    for src in book.sources.values():
        if src.seed:
            assert (SEEDS_DIR / src.seed).is_file(), src.seed


# --- broken data ---------------------------------------------------------------------------


def test_a_rule_period_without_sources_is_refused_naming_the_file_and_the_field(data_copy):
    path = data_copy / "rules" / "arvode.yaml"
    edit_yaml(path, lambda d: rule(d, "arvode.forsta-timmen")["periods"][0].pop("sources"))
    message = load_error(data_copy)
    assert "arvode.yaml" in message
    assert "arvode.forsta-timmen" in message and "sources" in message


def test_an_empty_sources_list_is_refused(data_copy):
    path = data_copy / "rules" / "arvode.yaml"
    edit_yaml(path, lambda d: rule(d, "arvode.forsta-timmen")["periods"][0].update(sources=[]))
    message = load_error(data_copy)
    assert "arvode.yaml" in message and "sources" in message


def test_a_source_id_that_does_not_exist_is_refused(data_copy):
    path = data_copy / "rules" / "arvode.yaml"
    edit_yaml(path, lambda d: rule(d, "arvode.forsta-timmen")["periods"][0]["sources"][0].update(source="999"))
    message = load_error(data_copy)
    assert "arvode.yaml" in message
    assert "sources" in message and "999" in message


def test_an_unknown_actor_responsible_for_a_step_is_refused(data_copy):
    path = data_copy / "routines" / "varmland" / "version-1.yaml"
    edit_yaml(path, lambda d: step(d, "varmland.telefon").update(responsible=["grannen"]))
    message = load_error(data_copy)
    assert "varmland/version-1.yaml" in message
    assert "varmland.telefon.responsible" in message and "grannen" in message


def test_overlapping_periods_in_a_rule_are_refused(data_copy):
    # The first period of arvode.forsta-timmen runs from 2024-01-01 with no end; a second from
    # 2025-01-01 overlaps it.
    path = data_copy / "rules" / "arvode.yaml"

    def add_period(d):
        periods = rule(d, "arvode.forsta-timmen")["periods"]
        periods.append({**periods[0], "value": 800, "valid_from": "2025-01-01"})

    edit_yaml(path, add_period)
    message = load_error(data_copy)
    assert "arvode.yaml" in message
    assert "arvode.forsta-timmen" in message and "periods" in message
    assert "överlappar" in message


def test_a_second_period_that_starts_after_the_first_ends_is_accepted(data_copy):
    path = data_copy / "rules" / "arvode.yaml"

    def split(d):
        periods = rule(d, "arvode.forsta-timmen")["periods"]
        periods[0]["valid_to"] = "2026-12-31"
        periods.append({**periods[0], "value": 800, "valid_from": "2027-01-01", "valid_to": None})

    edit_yaml(path, split)
    values = [p.value for p in loader.load(data_copy).rules["arvode.forsta-timmen"].periods]
    assert values == [750, 800]


def test_a_duplicate_rule_id_is_refused_naming_both_files(data_copy):
    copied = rule(load_yaml(data_copy / "rules" / "arvode.yaml"), "arvode.moms")
    edit_yaml(data_copy / "rules" / "koder.yaml", lambda d: d["rules"].append(copied))
    message = load_error(data_copy)
    assert "koder.yaml" in message and "arvode.yaml" in message
    assert "arvode.moms" in message


def test_invalid_yaml_is_refused_naming_the_file_and_the_line(data_copy):
    path = data_copy / "rules" / "samtycke.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n  - id: [oavslutad\n", encoding="utf-8")
    message = load_error(data_copy)
    assert "samtycke.yaml" in message
    assert "rad" in message and "YAML" in message


def test_an_impossible_date_is_refused_as_a_data_error_naming_the_file_and_the_field(data_copy):
    # The law on koordineringsinsatser starts 2020-02-01; month 13 does not exist.
    replace_once(data_copy / "rules" / "kallor.yaml", "valid_from: 2020-02-01", "valid_from: 2020-13-01")
    message = load_error(data_copy)
    assert "kallor.yaml" in message
    assert "valid_from" in message


def test_a_placeholder_naming_no_rule_in_a_step_text_is_refused(data_copy):
    path = data_copy / "routines" / "varmland" / "version-1.yaml"
    edit_yaml(path, lambda d: step(d, "varmland.telefon").update(text="Ring {no.such-rule}."))
    message = load_error(data_copy)
    assert "varmland/version-1.yaml" in message
    assert "varmland.telefon.text" in message and "{no.such-rule}" in message


def test_an_explicit_valid_from_before_the_sources_window_is_refused(data_copy):
    # system.safos rests on Värmland's routine (001), which starts 2026-04-10.
    path = data_copy / "rules" / "koder.yaml"
    edit_yaml(path, lambda d: rule(d, "system.safos")["periods"][0].update(valid_from="2026-01-01"))
    message = load_error(data_copy)
    assert "koder.yaml" in message
    assert "valid_from" in message and "2026-04-10" in message


def test_a_step_dated_before_its_routine_starts_is_refused(data_copy):
    # Värmland's routine (001) starts 2026-04-10.
    path = data_copy / "routines" / "varmland" / "version-1.yaml"
    edit_yaml(path, lambda d: step(d, "varmland.telefon").update(valid_from="2026-01-01"))
    message = load_error(data_copy)
    assert "varmland/version-1.yaml" in message
    assert "varmland.telefon" in message and "valid_from" in message


def test_a_period_that_ends_before_its_sources_begin_is_refused(data_copy):
    # With no valid_from, the period would start 2026-04-10 (001) and end 2026-01-01: it never holds.
    path = data_copy / "rules" / "koder.yaml"
    edit_yaml(path, lambda d: rule(d, "system.safos")["periods"][0].update(valid_to="2026-01-01"))
    message = load_error(data_copy)
    assert "koder.yaml" in message and "valid_to" in message


def test_a_routine_file_whose_name_differs_from_its_slug_is_refused(data_copy):
    (data_copy / "routines" / "varmland").rename(data_copy / "routines" / "region-varmland")
    message = load_error(data_copy)
    assert "region-varmland/version-1.yaml" in message
    assert "slug" in message and "mappens namn" in message


def test_an_unknown_field_is_refused_naming_it(data_copy):
    path = data_copy / "rules" / "arvode.yaml"
    edit_yaml(path, lambda d: rule(d, "arvode.moms").update(vaule="stavfel"))
    message = load_error(data_copy)
    assert "arvode.yaml" in message and "vaule" in message


def test_an_unknown_form_in_a_decision_row_is_refused(data_copy):
    path = data_copy / "rules" / "beslutstabell.yaml"
    edit_yaml(path, lambda d: d["rows"][0].update(suggest=["kaffemote"]))
    message = load_error(data_copy)
    assert "beslutstabell.yaml" in message
    assert "suggest" in message and "kaffemote" in message


def test_a_gap_in_the_numbering_of_the_disagreements_is_refused(data_copy):
    path = data_copy / "rules" / "skiljelinjer.yaml"
    edit_yaml(path, lambda d: d["disagreements"][-1].update(number=13))
    message = load_error(data_copy)
    assert "skiljelinjer.yaml" in message and "number" in message


def test_a_developer_test_cannot_read_the_committees_data():
    # conftest's guard: the committee's data changes without a developer, so no developer test may read it.
    from fixturedata import PACKAGE_DIR

    with pytest.raises(AssertionError, match="committee's data"):
        loader.load(PACKAGE_DIR)
    assert loader.data_dir() != PACKAGE_DIR
