"""Payloads derived from the official OCPP 1.6 schemas, for testing the generated code.

* :func:`example` builds one valid payload (minimal or with every optional field);
* :func:`single_faults` lists payloads that break exactly one rule, with the rule's keyword;
* :func:`valid_payloads` / :func:`near_valid_payloads` are hypothesis strategies;
* :func:`oracle_errors` runs jsonschema's Draft4Validator (the oracle) on a payload.

The oracle reads numbers as JSON text means them: the payload is serialised with ``json.dumps``
(floats print as their shortest repr) and parsed back with ``parse_float=Decimal``, schema
included, which is what the ocpp package does itself for the actions with ``multipleOf: 0.1``.
Plain float jsonschema refuses 0.3 as a multiple of 0.1 (0.3 / 0.1 = 2.9999999999999996).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from functools import cache
from typing import Any

import jsonschema
from hypothesis import strategies as st

from codegen.ocpp_schemas import OfficialSchemas, load_official_schemas

Path = tuple[str | int, ...]

_DATE_TIME = "2025-01-01T12:00:00Z"


@cache
def schemas() -> OfficialSchemas:
    return load_official_schemas()


def schema_of(action: str, direction: str) -> Mapping[str, Any]:
    entry = schemas().actions[action]
    return entry.request if direction == "request" else entry.response


def all_schemas() -> list[tuple[str, str]]:
    return [(a, d) for a in schemas().actions for d in ("request", "response")]


@cache
def _oracle(action: str, direction: str) -> jsonschema.Draft4Validator:
    decimal_schema = json.loads(json.dumps(schema_of(action, direction)), parse_float=Decimal)
    return jsonschema.Draft4Validator(decimal_schema)


def oracle_errors(action: str, direction: str, payload: object) -> list[jsonschema.ValidationError]:
    decimal_payload = json.loads(json.dumps(payload), parse_float=Decimal)
    return list(_oracle(action, direction).iter_errors(decimal_payload))


def pointer(path: Iterable[str | int]) -> str:
    return "".join(f"/{part}" for part in path)


# --- deterministic examples -------------------------------------------------------------


def example(schema: Mapping[str, Any], full: bool) -> Any:
    """A valid value: required properties only, or every property (``full``)."""
    kind = schema.get("type")
    if "enum" in schema:
        return schema["enum"][-1 if full else 0]
    if kind == "object":
        required = set(schema.get("required", ()))
        return {
            key: example(sub, full)
            for key, sub in schema.get("properties", {}).items()
            if full or key in required
        }
    if kind == "array":
        count = max(schema.get("minItems", 0), 2 if full else 1)
        return [example(schema["items"], full) for _ in range(count)]
    if kind == "string":
        if schema.get("format") == "date-time":
            return _DATE_TIME
        if schema.get("format") == "uri":
            return "ftp://example.com/diagnostics"
        return "x" * schema.get("maxLength", 8) if full else "abc"
    if kind == "integer":
        return 3
    if kind == "number":
        return 0.3 if full else 16  # 0.3: the value float division gets wrong
    if kind == "boolean":
        return full
    raise AssertionError(f"no example for {schema}")


def locations(schema: Mapping[str, Any], value: Any, path: Path = ()) -> Iterator[
    tuple[Path, Mapping[str, Any], Any]
]:
    """Every (path, sub-schema, value) present in a valid ``value``, root first."""
    yield path, schema, value
    if schema.get("type") == "object" and isinstance(value, dict):
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                yield from locations(sub, value[key], (*path, key))
    elif schema.get("type") == "array" and isinstance(value, list):
        for index, item in enumerate(value):
            yield from locations(schema["items"], item, (*path, index))


def replaced(payload: Any, path: Path, change: Callable[[Any], Any]) -> Any:
    """A deep copy of ``payload`` with the value at ``path`` replaced by ``change(value)``."""
    if not path:
        return change(copy.deepcopy(payload))
    result = copy.deepcopy(payload)
    node = result
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = change(node[path[-1]])
    return result


def _const(value: Any) -> Callable[[Any], Any]:
    """A replacement that ignores the old value (a fresh copy each time: payloads get edited)."""
    return lambda _: copy.deepcopy(value)


def _merged_into(obj: dict[str, Any]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Adds (or overwrites) keys; a new key is an extra property unless it happens to be known."""
    return lambda extra: {**obj, **extra}


_WRONG_TYPE: dict[str, object] = {
    "string": 12,
    "integer": "12",
    "number": "1.5",
    "boolean": 1,
    "object": ["not", "an", "object"],
    "array": {"not": "an array"},
}


def _without(key: str) -> Callable[[Any], Any]:
    def change(obj: Any) -> Any:
        del obj[key]
        return obj

    return change


def _with_extra(obj: Any) -> Any:
    obj["unexpectedKey"] = 1
    return obj


def single_faults(schema: Mapping[str, Any], payload: Any) -> Iterator[tuple[str, Path, Any]]:
    """(failure kind, path of the fault, payload) for each single-rule break we can make."""
    for path, sub, _ in locations(schema, payload):
        kind = str(sub.get("type"))
        yield "type", path, replaced(payload, path, _const(_WRONG_TYPE[kind]))
        if kind == "integer":  # draft-04: neither a bool nor 2.0 is an integer
            yield "type", path, replaced(payload, path, lambda _: True)
            yield "type", path, replaced(payload, path, lambda _: 2.0)
        if kind == "number":
            yield "type", path, replaced(payload, path, lambda _: False)
        if "enum" in sub:
            yield "enum", path, replaced(payload, path, lambda _: "NotAnOcppValue")
        if "maxLength" in sub:
            too_long = "y" * (sub["maxLength"] + 1)
            yield "maxLength", path, replaced(payload, path, _const(too_long))
        if "multipleOf" in sub:
            yield "multipleOf", path, replaced(payload, path, lambda _: 0.35)
        if sub.get("minItems", 0) > 0:
            yield "minItems", path, replaced(payload, path, lambda _: [])
        if kind == "object":
            for key in sub.get("required", ()):
                yield "required", path, replaced(payload, path, _without(key))
            if sub.get("additionalProperties", True) is False:
                yield "additionalProperties", path, replaced(payload, path, _with_extra)


# --- hypothesis strategies --------------------------------------------------------------

_JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(min_value=-1e6, max_value=1e6),
    st.text(max_size=6),
)
_ANY_JSON = st.one_of(
    _JSON_SCALARS,
    st.lists(_JSON_SCALARS, max_size=2),
    st.dictionaries(st.text(max_size=4), _JSON_SCALARS, max_size=2),
)


_STRATEGIES: dict[int, st.SearchStrategy[Any]] = {}


def _strings(max_length: int) -> st.SearchStrategy[str]:
    """Short arbitrary text, or a run of a non-ASCII letter of any allowed length up to the
    limit (maxLength counts code points, not bytes). Drawing up to 500 random characters one
    by one would cost most of the test's time for no extra coverage."""
    return st.one_of(
        st.text(max_size=min(6, max_length)),
        st.integers(0, max_length).map(lambda n: "é" * n),
    )


def valid_payloads(schema: Mapping[str, Any]) -> st.SearchStrategy[Any]:
    """Values the schema accepts, with lengths and numbers close to the limits."""
    # the official schemas are loaded once and never change, so their id is a stable key
    key = id(schema)
    if key not in _STRATEGIES:
        _STRATEGIES[key] = _valid_payloads(schema)
    return _STRATEGIES[key]


def _valid_payloads(schema: Mapping[str, Any]) -> st.SearchStrategy[Any]:
    kind = schema.get("type")
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if kind == "object":
        props = schema.get("properties", {})
        required = set(schema.get("required", ()))
        return st.fixed_dictionaries(
            {k: valid_payloads(s) for k, s in props.items() if k in required},
            optional={k: valid_payloads(s) for k, s in props.items() if k not in required},
        )
    if kind == "array":
        return st.lists(valid_payloads(schema["items"]), min_size=schema.get("minItems", 0),
                        max_size=3)
    if kind == "string":
        text = _strings(schema.get("maxLength", 30))
        if schema.get("format") == "date-time":
            dates = st.datetimes().map(lambda d: d.isoformat(timespec="seconds") + "Z")
            return st.one_of(dates, text)
        return text
    if kind == "integer":
        return st.integers()
    if kind == "number":
        tenths = st.integers(-10**7, 10**7).map(lambda n: n / 10)
        return st.one_of(st.integers(-10**9, 10**9), tenths)
    if kind == "boolean":
        return st.booleans()
    raise AssertionError(f"no strategy for {schema}")


def _breakers(schema: Mapping[str, Any], value: Any) -> list[st.SearchStrategy[Any]]:
    """Strategies for values that are probably wrong at a location with this schema."""
    found: list[st.SearchStrategy[Any]] = [_ANY_JSON]
    if "enum" in schema:
        found.append(st.text(max_size=12))
    if "maxLength" in schema:
        n = schema["maxLength"]
        found.append(st.integers(n - 1, n + 2).map(lambda k: "ü" * k))
    if "multipleOf" in schema:
        found.append(st.floats(min_value=-1e6, max_value=1e6))
    if schema.get("type") == "array":
        found.append(st.just([]))
    if schema.get("type") == "object" and isinstance(value, dict):
        for key in schema.get("required", ()):
            found.append(st.just({k: v for k, v in value.items() if k != key}))
        extra = st.dictionaries(st.text(min_size=1, max_size=8), _ANY_JSON, min_size=1,
                                max_size=1)
        found.append(extra.map(_merged_into(value)))
    return found


@st.composite
def near_valid_payloads(draw: st.DrawFn, schema: Mapping[str, Any]) -> Any:
    """A valid payload, or one with one to three values broken (about half of each)."""
    payload = draw(valid_payloads(schema))
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 1, 2, 3]))):
        places = list(locations(schema, payload))
        path, sub, value = places[draw(st.integers(0, len(places) - 1))]
        new = draw(st.one_of(_breakers(sub, value)))
        payload = replaced(payload, path, _const(new))
    return payload
