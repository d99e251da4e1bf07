"""Thousands of schema-derived payloads per action: the generated validator and jsonschema's
Draft4Validator (reading numbers as decimals, see ocpp_schema_examples) give the same verdict,
and when the oracle reports exactly one error the code and path follow that error's keyword.

Drawn payloads are about half valid, half with one to three values broken (wrong types, null,
strings off the enum or around maxLength, floats that are no multiple of 0.1, empty lists,
dropped required keys, extra keys); each valid one also yields every single-fault variant
(ocpp_schema_examples.single_faults). ``pytest --hypothesis-show-statistics`` shows the split.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from ocpp_schema_examples import (
    near_valid_payloads,
    oracle_errors,
    pointer,
    schema_of,
    schemas,
    single_faults,
)

from codegen.tables.callerror_codes import CallErrorTable
from generated.validators import validate_request, validate_response

ACTIONS = list(schemas().actions)
#: hypothesis examples per action; each draws a batch of payloads, and every valid one of them
#: also yields its single-fault variants (no drawing needed, so they are cheap): several
#: thousand payloads per action in all (counted in the statistics)
EXAMPLES_PER_ACTION = 100
BATCH = (3, 8)
MAX_VARIANTS = 10  # single-fault variants checked per valid drawn payload (about)


def _batches(action: str) -> st.SearchStrategy[list[tuple[str, object]]]:
    requests = near_valid_payloads(schema_of(action, "request"))
    responses = near_valid_payloads(schema_of(action, "response"))
    one = st.one_of(
        st.tuples(st.just("request"), requests), st.tuples(st.just("response"), responses)
    )
    return st.lists(one, min_size=BATCH[0], max_size=BATCH[1])


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
    drawn = data.draw(_batches(action), label="payloads")
    batch = list(drawn)
    for direction, payload in drawn:
        if not oracle_errors(action, direction, payload):
            schema = schema_of(action, direction)
            variants = [broken for _, _, broken in single_faults(schema, payload)]
            step = max(1, len(variants) // MAX_VARIANTS)  # spread over the whole payload
            batch += [(direction, broken) for broken in variants[::step]]
    valid = 0
    for direction, payload in batch:
        validate = validate_request if direction == "request" else validate_response
        errors = oracle_errors(action, direction, payload)
        violation = validate(action, payload)
        valid += not errors
        assert (violation is None) == (not errors), (direction, payload, errors, violation)
        if violation is not None and len(errors) == 1:
            error = errors[0]
            kind = str(error.validator)
            if kind == "type" and not error.absolute_path:
                kind = "payload-not-object"
            assert violation.code == callerror_table.code_for(kind), (error.message, violation)
            assert violation.path == pointer(error.absolute_path), (error.message, violation)
    event(f"valid share of a batch: {round(10 * valid / len(batch)) * 10}%")
