"""Thousands of schema-derived payloads per action: the generated validator and jsonschema's
Draft4Validator (reading numbers as decimals, see ocpp_schema_examples) give the same verdict,
and when the oracle reports exactly one error the code and path follow that error's keyword.

About half the payloads are valid and half have one to three values broken (wrong types, null,
strings off the enum or around maxLength, floats that are no multiple of 0.1, empty lists,
dropped required keys, extra keys); ``pytest --hypothesis-show-statistics`` shows the split.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from codegen.tables.callerror_codes import CallErrorTable
from generated.validators import validate_request, validate_response
from ocpp_schema_examples import near_valid_payloads, oracle_errors, pointer, schema_of, schemas

ACTIONS = list(schemas().actions)
EXAMPLES_PER_ACTION = 1000


@pytest.mark.parametrize("action", ACTIONS)
@settings(
    max_examples=EXAMPLES_PER_ACTION,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_generated_validator_agrees_with_jsonschema(
    action: str, data: st.DataObject, callerror_table: CallErrorTable
) -> None:
    direction = data.draw(st.sampled_from(["request", "response"]), label="direction")
    payload = data.draw(near_valid_payloads(schema_of(action, direction)), label="payload")
    validate = validate_request if direction == "request" else validate_response

    errors = oracle_errors(action, direction, payload)
    violation = validate(action, payload)
    event("valid" if not errors else "invalid")
    assert (violation is None) == (not errors), (errors, violation)
    if violation is not None and len(errors) == 1:
        error = errors[0]
        kind = str(error.validator)
        if kind == "type" and not error.absolute_path:
            kind = "payload-not-object"
        assert violation.code == callerror_table.code_for(kind), (error.message, violation)
        assert violation.path == pointer(error.absolute_path), (error.message, violation)
