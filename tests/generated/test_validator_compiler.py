"""The validator compiler on synthetic schemas: the keywords the official 1.6 schemas do not
use today (minimum, maximum, minLength, maxItems) and ``format`` once the table enforces it.
The module is rendered and executed in memory and compared with jsonschema on hand-picked
values."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

import jsonschema
import pytest

from codegen import validators
from codegen.ocpp_schemas import ActionSchemas, OfficialSchemas
from codegen.tables.callerror_codes import CallErrorTable, FailureRow

SAMPLE_REQUEST: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-04/schema#",
    "title": "SampleRequest",
    "type": "object",
    "properties": {
        "level": {"type": "integer", "minimum": 0, "maximum": 10},
        "code": {"type": "string", "minLength": 2, "maxLength": 4},
        "tags": {"type": "array", "maxItems": 2, "items": {"type": "string"}},
        "at": {"type": "string", "format": "date-time"},
        "where": {"type": "string", "format": "uri"},
    },
    "additionalProperties": False,
}
SAMPLE_RESPONSE: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-04/schema#",
    "title": "SampleResponse",
    "type": "object",
    "properties": {},
    "additionalProperties": False,
}


def _compile(
    table: CallErrorTable, enforce_format: bool, response: dict[str, Any] = SAMPLE_RESPONSE
) -> Callable[[str, object], Any]:
    failures = dict(table.failures)
    failures["format"] = dataclasses.replace(failures["format"], enforced=enforce_format)
    table = dataclasses.replace(table, failures=MappingProxyType(failures))
    sample = ActionSchemas("Sample", "ChargePoint", "Core", SAMPLE_REQUEST, response)
    schemas = OfficialSchemas(actions={"Sample": sample}, digest="test")
    output = next(o for o in validators.outputs(schemas, table)
                  if o.path == "generated/validators.py")
    namespace: dict[str, Any] = {}
    exec(compile(output.text, output.path, "exec"), namespace)  # the rendered module itself
    validate: Callable[[str, object], Any] = namespace["validate_request"]
    return validate


@pytest.mark.parametrize(
    ("payload", "kind"),
    [
        ({"level": 0}, None),
        ({"level": 10}, None),
        ({"level": -1}, "minimum"),
        ({"level": 11}, "maximum"),
        ({"code": "ab"}, None),
        ({"code": "a"}, "minLength"),
        ({"code": "abcde"}, "maxLength"),
        ({"tags": ["a", "b"]}, None),
        ({"tags": ["a", "b", "c"]}, "maxItems"),
        ({"tags": ["a", 1]}, "type"),
    ],
)
def test_range_and_size_keywords_match_jsonschema(
    payload: dict[str, object], kind: str | None, callerror_table: CallErrorTable
) -> None:
    validate = _compile(callerror_table, enforce_format=False)
    errors = list(jsonschema.Draft4Validator(SAMPLE_REQUEST).iter_errors(payload))
    violation = validate("Sample", payload)
    assert [e.validator for e in errors] == ([] if kind is None else [kind])
    if kind is None:
        assert violation is None
    else:
        assert violation is not None
        assert violation.code == callerror_table.code_for(kind)


@pytest.mark.parametrize(
    ("payload", "valid_when_enforced"),
    [
        ({"at": "2025-01-01T12:00:00Z"}, True),
        ({"at": "2025-01-01T12:00:00.123+01:00"}, True),
        ({"at": "2025-01-01 12:00:00"}, False),
        ({"at": "not-a-date"}, False),
        ({"where": "ftp://example.com/fw.bin"}, True),
        ({"where": "example.com/fw.bin"}, False),
    ],
)
def test_format_is_checked_only_when_the_table_enforces_it(
    payload: dict[str, object], valid_when_enforced: bool, callerror_table: CallErrorTable
) -> None:
    assert isinstance(callerror_table.failures["format"], FailureRow)
    assert _compile(callerror_table, enforce_format=False)("Sample", payload) is None
    violation = _compile(callerror_table, enforce_format=True)("Sample", payload)
    assert (violation is None) == valid_when_enforced
    if violation is not None:
        assert violation.code == callerror_table.code_for("format")


def test_a_keyword_the_compiler_does_not_know_is_refused(callerror_table: CallErrorTable) -> None:
    response = {**SAMPLE_RESPONSE, "properties": {"x": {"type": "string", "pattern": "^a"}}}
    with pytest.raises(ValueError, match="pattern"):
        _compile(callerror_table, enforce_format=False, response=response)
