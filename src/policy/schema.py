"""JSON Schemas for the data files, generated from the pydantic models.

Each YAML file names its schema on its first line, so an editor with a YAML language server
checks the file while it is typed. `policy schema` rewrites the schemas; a test keeps them in step.
"""
from __future__ import annotations

import json
from pathlib import Path

from pydantic import ConfigDict, create_model

from . import models as m
from .loader import PACKAGE_DIR, SECTIONS

SCHEMA_DIR = PACKAGE_DIR / "schemas"
# file pattern (relative to the package) -> schema file name
TARGETS = {"rules/*.yaml": "rule-file.schema.json", "routines/*/*.yaml": "routine.schema.json",
           "changelog/*.yaml": "changelog.schema.json", "reviews/*.yaml": "review.schema.json",
           "settings.yaml": "settings.schema.json"}


def rule_file_model():
    fields = {key: (list[model] | None, None) for key, model in SECTIONS.items()}
    return create_model("RuleFile", __config__=ConfigDict(extra="forbid"), **fields)


def schemas() -> dict[str, str]:
    """Schema file name -> JSON text."""
    models = {"rule-file.schema.json": (rule_file_model(), "En regelfil i src/policy/rules/"),
              "routine.schema.json": (m.Routine, "En version av en rutin, src/policy/routines/<rutin>/version-N.yaml"),
              "changelog.schema.json": (m.ChangeEntry, "En post i ändringshistoriken, src/policy/changelog/"),
              "review.schema.json": (m.ReviewRecord, "En registrerad granskning, src/policy/reviews/"),
              "settings.schema.json": (m.Settings, "Handbokens egna inställningar, src/policy/settings.yaml")}
    out = {}
    for name, (model, title) in models.items():
        schema = model.model_json_schema(mode="validation")
        schema = {**schema, "$schema": "https://json-schema.org/draft/2020-12/schema", "title": title}
        out[name] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out


def header(schema_name: str, pattern: str = "rules/*.yaml") -> str:
    up = "../" * pattern.count("/")
    return f"# yaml-language-server: $schema={up}schemas/{schema_name}"


def write(root: Path = PACKAGE_DIR) -> list[Path]:
    """Write the schemas and make every data file's first line name its schema."""
    (root / "schemas").mkdir(exist_ok=True)
    written = []
    for name, text in schemas().items():
        path = root / "schemas" / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    for pattern, name in TARGETS.items():
        for path in sorted(root.glob(pattern)):
            text = path.read_text(encoding="utf-8")
            lines = text.splitlines(keepends=True)
            if lines and lines[0].startswith("# yaml-language-server:"):
                lines = lines[1:]
            path.write_text(header(name, pattern) + "\n" + "".join(lines), encoding="utf-8")
    return written
