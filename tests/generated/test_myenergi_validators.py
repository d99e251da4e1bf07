"""The validators generated from spec/myenergi.yaml (generated/myenergi_validators.py) against
jsonschema's Draft4Validator on the same schemas (generated/myenergi.py): on every recorded
zappi object, on each field's hand-picked edge values, and on thousands of drawn objects and
envelopes. They agree on every verdict and on which fields are broken, except where the
compiler says they differ (a number must be finite)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from myenergi_examples import (
    JSON_VALUES,
    ZAPPI_ORACLE,
    ZAPPI_PROPERTIES,
    envelopes,
    finite,
    oracle_fields,
    zappi_objects,
)

from codegen import myenergi_validators
from generated import myenergi as gen
from generated.myenergi_validators import (
    ZAPPI_CHECKS,
    command_reply_problem,
    jstatus_all_problem,
    jstatus_zappi_problem,
    zappi_faults,
)

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO.parent / "shared" / "fixtures" / "myenergi"
EXAMPLES = 400
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _recorded_zappis() -> list[dict[str, Any]]:
    found = []
    for path in sorted(FIXTURES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data = data["devices"] if isinstance(data, dict) and "devices" in data else data
        groups = data if isinstance(data, list) else [data]
        found += [z for g in groups if isinstance(g, dict) for z in g.get("zappi", [])]
    return found


RECORDED = _recorded_zappis()


def _ours(obj: dict[str, object]) -> set[str]:
    return {name for name, _ in zappi_faults(obj) or ()}


def test_every_recorded_zappi_object_passes_both() -> None:
    assert len(RECORDED) >= 8
    for zappi in RECORDED:
        assert zappi_faults(zappi) is None
        assert oracle_fields(zappi) == set()


@pytest.mark.parametrize("name", sorted(ZAPPI_PROPERTIES))
def test_each_field_agrees_with_jsonschema_on_edge_values(name: str) -> None:
    schema = ZAPPI_PROPERTIES[name]
    oracle = jsonschema.Draft4Validator(schema)
    edges: list[object] = [None, True, False, 0, -1, 1, 255, 256, 10000, 10001, 1.5, -0.0, "",
                           "A", "Z9", "3562S5.782", "3562S5", [], {}]
    edges += list(schema.get("enum", []))
    for bound in ("minimum", "maximum"):
        if bound in schema:
            edges += [schema[bound], schema[bound] - 1, schema[bound] + 1, schema[bound] + 0.5]
    for value in edges:
        assert (ZAPPI_CHECKS[name](value) is None) == oracle.is_valid(value), (name, value)


@SETTINGS
@given(obj=zappi_objects())
def test_drawn_zappi_objects_get_the_same_broken_fields(obj: dict[str, object]) -> None:
    if not finite(obj):
        return
    event("valid" if ZAPPI_ORACLE.is_valid(obj) else "broken")
    assert _ours(obj) == oracle_fields(obj)
    assert (zappi_faults(obj) is None) == ZAPPI_ORACLE.is_valid(obj)


@SETTINGS
@given(zappi=st.sampled_from(RECORDED), name=st.sampled_from(sorted(ZAPPI_PROPERTIES)),
       value=JSON_VALUES)
def test_a_recorded_object_with_one_field_changed(zappi: dict[str, Any], name: str,
                                                  value: object) -> None:
    obj = {**zappi, name: value}
    if finite(obj):
        assert _ours(obj) == oracle_fields(obj) <= {name}


@SETTINGS
@given(reply=envelopes(zappi_objects()))
def test_drawn_envelopes_get_the_same_verdict(reply: object) -> None:
    if not finite(reply):
        return
    for problem_of, schema in (
        (jstatus_all_problem, gen.JSTATUS_ALL_ENVELOPE_SCHEMA),
        (jstatus_zappi_problem, gen.JSTATUS_ZAPPI_ENVELOPE_SCHEMA),
        (command_reply_problem, gen.COMMAND_REPLY_SCHEMA),
    ):
        errors = list(jsonschema.Draft4Validator(schema).iter_errors(reply))
        problem = problem_of(reply)
        assert (problem is None) == (errors == []), (schema, reply)
        if problem is not None:  # the place named is one jsonschema names too
            places = {_where(e.absolute_path) for e in errors}
            assert problem[0] in places, (problem, places)


def _where(path: Any) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


@pytest.mark.parametrize("name", ["che", "frq", "vol"])
def test_a_number_must_be_finite_where_jsonschema_would_let_it_pass(name: str) -> None:
    oracle = jsonschema.Draft4Validator(ZAPPI_PROPERTIES[name])
    for value in (math.nan, math.inf):  # json.loads reads NaN and Infinity
        assert oracle.is_valid(value)
        assert _ours({"sno": 21000001, name: value}) == {name}
        assert "not a finite number" in (ZAPPI_CHECKS[name](value) or "")
    assert not oracle.is_valid(-math.inf) and ZAPPI_CHECKS[name](-math.inf) is not None


# --- the compiler on synthetic schemas ---------------------------------------------------------

SYNTHETIC = {
    "type": "object",
    "required": ["id"],
    "properties": {
        "id": {"type": "integer", "minimum": 1},
        "mixed": {"type": ["number", "string"], "minimum": 0, "pattern": "^x"},
        "kind": {"type": "string", "enum": ["a", "b"]},
    },
    "additionalProperties": True,
}


def _compiled(objects: dict[str, Any], envelopes: dict[str, Any]) -> dict[str, Any]:
    (output,) = myenergi_validators.outputs(objects, envelopes, ("test",))
    namespace: dict[str, Any] = {}
    exec(compile(output.text, output.path, "exec"), namespace)  # the rendered module itself
    return namespace


@pytest.mark.parametrize(
    "obj",
    [{"id": 1}, {"id": 0}, {}, {"id": 1, "mixed": -1}, {"id": 1, "mixed": "y"},
     {"id": 1, "mixed": "x1"}, {"id": 1, "mixed": 3}, {"id": 1, "kind": "c"},
     {"id": True}, {"id": 1.0}, {"id": 1, "mixed": None}],
)
def test_type_lists_apply_ranges_to_numbers_and_patterns_to_text(obj: dict[str, Any]) -> None:
    faults = _compiled({"thing": SYNTHETIC}, {})["thing_faults"](obj)
    expected = set()
    for error in jsonschema.Draft4Validator(SYNTHETIC).iter_errors(obj):
        expected |= {"id"} if error.validator == "required" else {str(error.path[0])}
    assert {name for name, _ in faults or ()} == expected


def test_keywords_it_cannot_compile_are_refused() -> None:
    with pytest.raises(ValueError, match="multipleOf"):
        _compiled({"thing": {**SYNTHETIC, "properties": {"n": {"type": "number",
                                                               "multipleOf": 2}}}}, {})
    with pytest.raises(ValueError, match="open object"):
        _compiled({"thing": {**SYNTHETIC, "additionalProperties": False}}, {})
