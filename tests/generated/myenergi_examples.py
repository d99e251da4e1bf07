"""Hypothesis strategies for myenergi replies, drawn from the schemas generated from
spec/myenergi.yaml: zappi objects whose every field is absent, valid or broken, and envelopes
that are near the shape of a ``cgi-jstatus`` reply. jsonschema's Draft4Validator on the same
schemas is the oracle; :func:`oracle_fields` reads which fields it says are broken."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import jsonschema
from hypothesis import strategies as st

from generated.myenergi import ZAPPI_STATUS_SCHEMA

ZAPPI_PROPERTIES: Mapping[str, Any] = ZAPPI_STATUS_SCHEMA["properties"]
ZAPPI_ORACLE = jsonschema.Draft4Validator(ZAPPI_STATUS_SCHEMA)

#: JSON values of every type, the boundaries the table's ranges use, and near misses
JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from([0, 1, -1, 5, 6, 9, 23, 24, 59, 60, 99, 100, 101, 255, 256, 10000, 10001]),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from([0.0, -0.5, 1.0, 3.0, 49.95, 240.2]),
    st.sampled_from(["", "A", "B1", "C2", "Z9", "3", "-14", "12,5", "banana", "3562S5.782",
                     "3562S5", " 3562S5.782", "3401S3077", "n/a"]),
    st.text(max_size=12),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=6,
)


def valid_value(schema: Mapping[str, Any]) -> st.SearchStrategy[object]:
    """A value the property schema accepts."""
    if "enum" in schema:
        return st.sampled_from(list(schema["enum"]))
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    lo, hi = schema.get("minimum"), schema.get("maximum")
    options: list[st.SearchStrategy[object]] = []
    for kind in kinds:
        if kind == "integer":
            options.append(st.integers(lo if lo is not None else -(2**31),
                                       hi if hi is not None else 2**31))
        elif kind == "number":
            options.append(st.floats(lo, hi, allow_nan=False, allow_infinity=False))
        elif kind == "string" and "pattern" in schema:
            options.append(st.from_regex(schema["pattern"], fullmatch=True))
        elif kind == "string":
            options.append(st.text(max_size=10))
        elif kind == "boolean":
            options.append(st.booleans())
    return st.one_of(options)


@st.composite
def zappi_objects(draw: st.DrawFn) -> dict[str, object]:
    """A zappi object: each known field absent, valid or (at a rate drawn per object: none, a
    few, many) any JSON value; sometimes an unknown key; sno usually present."""
    broken = draw(st.sampled_from([0.0, 0.02, 0.3]))
    obj: dict[str, object] = {}
    for name, schema in ZAPPI_PROPERTIES.items():
        choice = draw(st.floats(0, 1))
        if choice < 0.35 and name != "sno":
            continue
        wrong = choice > 1 - broken
        obj[name] = draw(JSON_VALUES if wrong else valid_value(schema))
    if broken and draw(st.booleans()) and draw(st.booleans()):
        obj.pop("sno", None)
    if draw(st.booleans()):
        obj["brandNewKey"] = draw(JSON_VALUES)
    return obj


def finite(value: object) -> bool:
    """No NaN or infinity anywhere in ``value`` (the validators refuse them, jsonschema not)."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(finite(v) for v in value)
    if isinstance(value, dict):
        return all(finite(v) for v in value.values())
    return True


def oracle_fields(obj: dict[str, object]) -> set[str]:
    """The fields jsonschema says break the zappi object schema (a missing required key
    counts as that key)."""
    found: set[str] = set()
    for error in ZAPPI_ORACLE.iter_errors(obj):
        if error.validator == "required":
            found.update(k for k in error.validator_value if k not in obj)
        else:
            found.add(str(error.path[0]))
    return found


def envelopes(items: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """Replies near the shape of a cgi-jstatus-* or -Z reply, with ``items`` in zappi lists."""
    zappi_list = st.one_of(st.lists(items, max_size=2), JSON_SCALARS)
    group = st.one_of(
        st.fixed_dictionaries({"zappi": zappi_list}),
        st.fixed_dictionaries({"eddi": st.lists(JSON_SCALARS, max_size=2)}),
        st.dictionaries(st.sampled_from(["zappi", "harvi", "asn"]), JSON_VALUES, max_size=2),
        JSON_SCALARS,
    )
    return st.one_of(st.lists(group, max_size=4), group)
