"""The JSON Schemas for the data files: the committed files are what `policy schema` writes from
the models today, every data file names its schema on its first line (for an editor's YAML
language server), and every data file passes its schema while a broken one does not.

Files are read as the loader reads them, with dates kept as text, since that is what the editor
sees and what the schemas describe (a date is a string in the format "date").
"""
from __future__ import annotations

import functools
import json

import jsonschema
import pytest
import yaml

from policy import loader
from policy.schema import schemas

from fixturedata import FIXTURE_DATA, PACKAGE_DIR

SCHEMA_DIR = PACKAGE_DIR / "schemas"
# Which schema each kind of data file names; written out here, not read from policy.schema.
SCHEMA_OF = {"rules": "rule-file.schema.json", "routines": "routine.schema.json",
             "changelog": "changelog.schema.json", "reviews": "review.schema.json"}
# The handbook's own settings file sits at the top of the package and names its schema from there.
SETTINGS_SCHEMA = "settings.schema.json"
# The committee's data files (folder, path below the package): checked as data, see conftest.
DATA_FILES = sorted((folder, str(path.relative_to(PACKAGE_DIR))) for folder in SCHEMA_OF
                    for path in (PACKAGE_DIR / folder).rglob("*.yaml"))


def load_text_dates(text: str):
    return yaml.load(text, Loader=loader._TextDates)


@functools.cache  # checking a schema against its meta-schema is the slow part; once per schema
def validator(schema_name: str):
    schema = json.loads((SCHEMA_DIR / schema_name).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _leaves(error):
    """The innermost errors: a section is `anyOf: [array, null]`, and the reason lies inside."""
    if not error.context:
        yield error
    for inner in error.context:
        yield from _leaves(inner)


def errors(schema_name: str, data) -> list[str]:
    """'path: message' for each failure, leaving out the branches that only say 'not null'."""
    found = [e for top in validator(schema_name).iter_errors(data) for e in _leaves(top)]
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in found
            if not e.message.endswith("is not of type 'null'")]


def arvode() -> dict:
    return load_text_dates((FIXTURE_DATA / "rules" / "arvode.yaml").read_text(encoding="utf-8"))


# --- the committed schemas ----------------------------------------------------------------


ALL_SCHEMAS = sorted([*SCHEMA_OF.values(), SETTINGS_SCHEMA])


def test_the_schema_folder_holds_exactly_the_five_schemas():
    assert sorted(p.name for p in SCHEMA_DIR.glob("*.json")) == ALL_SCHEMAS


@pytest.mark.parametrize("name", ALL_SCHEMAS)
def test_the_committed_schema_is_what_the_models_generate_so_run_policy_schema_after_a_model_change(name):
    committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
    assert committed == schemas()[name], f"{name} is out of date: run `policy schema` and commit the result"


@pytest.mark.parametrize("name", ALL_SCHEMAS)
def test_each_schema_is_a_valid_draft_2020_12_schema(name):
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("name, title", [
    ("rule-file.schema.json", "En regelfil i src/policy/rules/"),
    ("routine.schema.json", "En version av en rutin, src/policy/routines/<rutin>/version-N.yaml"),
    ("review.schema.json", "En registrerad granskning, src/policy/reviews/"),
    ("changelog.schema.json", "En post i ändringshistoriken, src/policy/changelog/"),
    ("settings.schema.json", "Handbokens egna inställningar, src/policy/settings.yaml"),
])
def test_each_schema_carries_the_swedish_title_an_editor_shows_for_the_file(name, title):
    # The titles policy.schema gives each schema; the model's class name must not replace them.
    assert json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))["title"] == title


# --- the data files -----------------------------------------------------------------------


@pytest.mark.live
def test_there_are_data_files_of_every_kind(live_book):
    # Every version of every routine the loader knows has its own file; rule files and a change history exist.
    kinds = [folder for folder, _ in DATA_FILES]
    assert sorted(name for folder, name in DATA_FILES if folder == "routines") == sorted(
        f"routines/{slug}/version-{v.version}.yaml" for slug, work in live_book.routines.items() for v in work.versions)
    assert kinds.count("rules") >= 1
    assert kinds.count("changelog") >= 1


@pytest.mark.live
def test_the_settings_file_names_its_schema_and_validates():
    text = (PACKAGE_DIR / "settings.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"# yaml-language-server: $schema=schemas/{SETTINGS_SCHEMA}"
    assert errors(SETTINGS_SCHEMA, load_text_dates(text)) == []
    assert errors(SETTINGS_SCHEMA, {"review": {"interval_months": 0, "notice_days": 90}}) != []


@pytest.mark.live
@pytest.mark.parametrize("folder, name", DATA_FILES)
def test_every_data_file_names_its_schema_on_its_first_line(folder, name):
    first = (PACKAGE_DIR / name).read_text(encoding="utf-8").splitlines()[0]
    up = "../" * name.count("/")
    assert first == f"# yaml-language-server: $schema={up}schemas/{SCHEMA_OF[folder]}"


@pytest.mark.live
@pytest.mark.parametrize("folder, name", DATA_FILES)
def test_every_data_file_validates_against_its_schema(folder, name):
    data = load_text_dates((PACKAGE_DIR / name).read_text(encoding="utf-8"))
    assert errors(SCHEMA_OF[folder], data) == []


# --- broken files fail --------------------------------------------------------------------


def test_an_unknown_field_in_a_rule_fails_the_schema():
    data = arvode()
    data["rules"][0]["belopp"] = 800
    found = errors("rule-file.schema.json", data)
    assert len(found) == 1
    assert found[0].startswith("rules/0: ")
    assert "'belopp'" in found[0]


def test_an_unknown_section_in_a_rule_file_fails_the_schema():
    data = arvode()
    data["regler"] = data.pop("rules")
    assert any("'regler'" in e for e in errors("rule-file.schema.json", data))


def test_an_impossible_date_fails_the_schema():
    # Dates stay text; the schema's "date" format refuses 30 February.
    data = arvode()
    data["rules"][0]["periods"][0]["valid_from"] = "2026-02-30"
    assert [e.split(":")[0] for e in errors("rule-file.schema.json", data)] == ["rules/0/periods/0/valid_from"]


def test_a_unit_outside_the_list_fails_the_schema():
    data = arvode()
    data["rules"][0]["unit"] = "kronor"  # the unit is written "kr"
    assert [e.split(":")[0] for e in errors("rule-file.schema.json", data)] == ["rules/0/unit"]


def test_a_rule_id_with_capitals_fails_the_schema():
    data = arvode()
    data["rules"][0]["id"] = "Arvode.ForstaTimmen"
    assert [e.split(":")[0] for e in errors("rule-file.schema.json", data)] == ["rules/0/id"]


def test_a_routine_without_stages_fails_the_schema():
    data = load_text_dates((FIXTURE_DATA / "routines" / "varmland" / "version-1.yaml").read_text(encoding="utf-8"))
    del data["stages"]
    assert any("'stages' is a required property" in e for e in errors("routine.schema.json", data))


def test_a_changelog_entry_without_a_title_fails_the_schema():
    data = {"date": "2026-12-01", "description": "Från 750 kr till 800 kr.", "rules": ["arvode.forsta-timmen"]}
    assert any("'title' is a required property" in e for e in errors("changelog.schema.json", data))


def test_a_changelog_entry_may_leave_out_who_decided_when_that_is_not_known():
    data = {"date": "2026-12-01", "title": "Rättelse", "description": "En rättelse.", "rules": ["arvode.moms"]}
    assert errors("changelog.schema.json", data) == []
