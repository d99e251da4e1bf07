"""The message fields a row of spec/messages.yaml fixes, checked against the official OCPP 1.6
JSON schemas: ``fixed_fields`` (a property of the message the bridge produces, of its type,
inside its enum and length) and ``while_pending`` (a whole, valid answer of a supported action
the central system sends, given instead of calling the handler while the registration is
Pending, OCPP 1.6 §4.2.1).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jsonschema

from codegen.errors import SpecErrors
from codegen.yamlsource import LineMap
from rows.messages import FieldValue

__all__ = ["fixed_field_problem", "properties_hint", "while_pending"]

_JSON_TYPES: Mapping[str, type | tuple[type, ...]] = {
    "string": str,
    "integer": int,
    "boolean": bool,
}


def while_pending(
    path: Path, raw: LineMap, response: Mapping[str, Any], errors: SpecErrors
) -> Mapping[str, FieldValue] | None:
    """The fixed answer sent while Pending: only a supported action the central system sends
    has one (the charge point answers nothing else, and an unsupported action is answered
    NotSupported whatever the registration), and it is a whole, valid response."""
    answer: LineMap | None = raw.get("while_pending")
    if answer is None:
        return None
    name, line = raw["action"], raw.line_of("while_pending")
    if raw["origin"] == "ChargePoint":
        errors.add(
            path,
            line,
            f"{name} is sent by the charge point: there is no answer of ours to fix while Pending",
            hint="remove while_pending; only actions the central system sends have it",
        )
        return None
    if raw["status"] != "supported":
        errors.add(
            path,
            line,
            f"{name} is {raw['status']}: it is answered NotSupported, Pending or not",
            hint="remove while_pending, or make the action supported",
        )
        return None
    problems = sorted(
        jsonschema.Draft4Validator(response).iter_errors(dict(answer)), key=_error_order
    )
    for problem in problems:
        field = "/".join(map(str, problem.path))
        where = f"{field}: " if field else ""
        errors.add(
            path,
            answer.line_of(field) if field in answer else line,
            f"{name}: while_pending is not a valid {name}.conf: {where}{problem.message}",
            hint=properties_hint(response),
        )
    if problems:
        return None
    return MappingProxyType(dict(sorted(answer.items())))


def _error_order(error: jsonschema.ValidationError) -> tuple[str, str]:
    return ("/".join(map(str, error.path)), error.message)


def fixed_field_problem(schema: Mapping[str, Any], field: str, value: FieldValue) -> str:
    prop = schema.get("properties", {}).get(field)
    if prop is None:
        return "no such property"
    wanted = _JSON_TYPES.get(prop.get("type", ""))
    ok_type = wanted is not None and isinstance(value, wanted)
    if wanted is int and isinstance(value, bool):
        ok_type = False
    if not ok_type:
        return f"{value!r} is not of type {prop.get('type')}"
    if "enum" in prop and value not in prop["enum"]:
        return f"{value!r} is not one of {', '.join(prop['enum'])}"
    if isinstance(value, str) and len(value) > prop.get("maxLength", len(value)):
        return f"{value!r} is longer than {prop['maxLength']} characters"
    return ""


def properties_hint(schema: Mapping[str, Any]) -> str:
    return "properties: " + ", ".join(sorted(schema.get("properties", {})))
