"""Turn pydantic's validation errors into Swedish messages that name the file and the field."""
from __future__ import annotations

from typing import Any

from .errors import DataError

_MESSAGES = {
    "missing": "saknas, men fältet är obligatoriskt",
    "string_too_short": "får inte vara tom",
    "extra_forbidden": "är inget känt fält här; kontrollera stavningen",
    "int_type": "ska vara ett heltal",
    "int_parsing": "ska vara ett heltal",
    "int_from_float": "ska vara ett heltal utan decimaler",
    "string_type": "ska vara text",
    "bool_type": "ska vara true eller false",
    "bool_parsing": "ska vara true eller false",
    "list_type": "ska vara en lista",
    "dict_type": "ska vara en mappning med fält och värden",
    "model_type": "ska vara en mappning med fält och värden",
    "model_attributes_type": "ska vara en mappning med fält och värden",
    "date_type": "ska vara ett datum på formen ÅÅÅÅ-MM-DD",
    "date_parsing": "ska vara ett datum på formen ÅÅÅÅ-MM-DD",
    "date_from_datetime_parsing": "ska vara ett giltigt datum på formen ÅÅÅÅ-MM-DD",
    "date_from_datetime_inexact": "ska vara ett datum utan klockslag",
    "string_pattern_mismatch": (
        "har fel form; tillåtet är små bokstäver a–z, siffror och bindestreck, "
        "med punkt mellan delarna i ett regel-id (till exempel arvode.forsta-timmen)"
    ),
}


def _describe(error: dict[str, Any]) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "literal_error":
        # pydantic lists the choices in English ("'a', 'b' or 'c'"): say them in Swedish.
        choices = [c.strip(" '\"") for c in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")]
        return "ska vara ett av: " + ", ".join(f"”{c}”" for c in choices if c)
    if kind == "too_short":
        return f"får inte vara tom; minst {ctx.get('min_length', 1)} post(er) krävs"
    if kind == "greater_than_equal":
        return f"ska vara minst {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"får vara högst {ctx.get('le')}"
    return _MESSAGES.get(kind, f"har ett ogiltigt värde ({kind})")


def _field_path(loc: tuple, data: Any) -> str:
    """Render a pydantic location, naming list items by their id or slug where they have one."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int):
            label = f"[{key}]"
            if isinstance(node, list) and 0 <= key < len(node):
                node = node[key]
                name = node.get("id") or node.get("slug") if isinstance(node, dict) else None
                if name:
                    label += f" ({name})"
            parts.append(label)
        else:
            parts.append(("." if parts else "") + str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return "".join(parts) or "(filens topp)"


def data_error(path: str, errors: list[dict[str, Any]], data: Any) -> DataError:
    """The first of pydantic's errors as a DataError; the count of the others is added."""
    first = errors[0]
    extra = len(errors) - 1
    problem = _describe(first) + (f" (och {extra} fel till)" if extra > 0 else "")
    return DataError(path, _field_path(tuple(first["loc"]), data), problem)
