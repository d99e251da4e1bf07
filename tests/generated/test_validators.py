"""The generated validators against jsonschema (the oracle) and the CALLERROR table.

For every action and direction: the minimal and the full valid example pass, and every
single-rule break we can make (missing required field, wrong type incl. bool/2.0 for integers,
bad enum, too-long string, extra property, empty list, non-multiple of 0.1) fails with the
code the table gives that rule, at the path jsonschema reports.
"""

from __future__ import annotations

from collections import Counter

import pytest
from ocpp_schema_examples import (
    all_schemas,
    example,
    oracle_errors,
    pointer,
    schema_of,
    single_faults,
)

from codegen.tables.callerror_codes import CallErrorTable
from generated.errors import FAILURE_CODES, UNENFORCED_KINDS, CallErrorCode
from generated.validators import Violation, validate_request, validate_response

CASES = all_schemas()


def validate(action: str, direction: str, payload: object) -> Violation | None:
    check = validate_request if direction == "request" else validate_response
    return check(action, payload)


def test_the_28_actions_in_both_directions_are_covered() -> None:
    assert len(CASES) == 56


@pytest.mark.parametrize("full", [False, True], ids=["minimal", "full"])
@pytest.mark.parametrize(("action", "direction"), CASES)
def test_valid_examples_pass(action: str, direction: str, full: bool) -> None:
    payload = example(schema_of(action, direction), full)
    assert oracle_errors(action, direction, payload) == []
    assert validate(action, direction, payload) is None


@pytest.mark.parametrize(("action", "direction"), CASES)
def test_single_faults_fail_with_the_tables_code(
    action: str, direction: str, callerror_table: CallErrorTable
) -> None:
    schema = schema_of(action, direction)
    kinds: Counter[str] = Counter()
    for full in (False, True):
        for kind, path, payload in single_faults(schema, example(schema, full)):
            kinds[kind] += 1
            oracle_kinds = {e.validator for e in oracle_errors(action, direction, payload)}
            assert kind in oracle_kinds, (kind, path, payload)
            violation = validate(action, direction, payload)
            assert violation is not None, (kind, path, payload)
            expected = "payload-not-object" if kind == "type" and not path else kind
            assert violation.code == callerror_table.code_for(expected), (kind, path, violation)
            assert violation.path == pointer(path), (kind, violation)
    # every schema has at least the type faults and, being closed, the extra-property fault
    assert kinds["type"] > 0
    assert kinds["additionalProperties"] > 0


def test_all_five_fault_classes_of_the_issue_occur() -> None:
    seen: set[str] = set()
    for action, direction in CASES:
        schema = schema_of(action, direction)
        seen |= {kind for kind, _, _ in single_faults(schema, example(schema, True))}
    assert {"required", "type", "enum", "maxLength", "additionalProperties"} <= seen


@pytest.mark.parametrize(
    ("payload", "kind"),
    [
        ({"idTag": "A"}, None),
        ({}, "required"),
        ({"idTag": 7}, "type"),
        ({"idTag": "x" * 21}, "maxLength"),
        ({"idTag": "x" * 20}, None),
        ({"idTag": "A", "extra": 1}, "additionalProperties"),
        ([], "payload-not-object"),
        (None, "payload-not-object"),
    ],
)
def test_authorize_request_by_hand(
    payload: object, kind: str | None, callerror_table: CallErrorTable
) -> None:
    violation = validate_request("Authorize", payload)
    if kind is None:
        assert violation is None
    else:
        assert violation is not None
        assert violation.code == callerror_table.code_for(kind)


def test_codes_use_the_ocpp_j_16_spellings() -> None:
    assert CallErrorCode.FORMATION_VIOLATION.value == "FormationViolation"
    assert CallErrorCode.OCCURENCE_CONSTRAINT_VIOLATION.value == "OccurenceConstraintViolation"
    assert {c.value for c in CallErrorCode} == {
        "NotImplemented", "NotSupported", "InternalError", "ProtocolError", "SecurityError",
        "FormationViolation", "PropertyConstraintViolation", "OccurenceConstraintViolation",
        "TypeConstraintViolation", "GenericError",
    }


def test_generated_failure_codes_are_the_table(callerror_table: CallErrorTable) -> None:
    assert {k: str(v) for k, v in FAILURE_CODES.items()} == {
        k: row.code for k, row in callerror_table.failures.items()
    }
    assert {k for k, row in callerror_table.failures.items() if not row.enforced} == set(
        UNENFORCED_KINDS
    )


@pytest.mark.parametrize("check", [validate_request, validate_response])
def test_an_unknown_action_is_not_implemented(
    check: object, callerror_table: CallErrorTable
) -> None:
    assert callable(check)
    violation = check("FirmwareUpdate", {})
    assert violation is not None
    assert violation.code == callerror_table.code_for("unknown-action") == "NotImplemented"


def _limit(value: object) -> dict[str, object]:
    period = {"startPeriod": 0, "limit": value}
    schedule = {"chargingRateUnit": "A", "chargingSchedulePeriod": [period]}
    profile = {
        "chargingProfileId": 1,
        "stackLevel": 0,
        "chargingProfilePurpose": "TxDefaultProfile",
        "chargingProfileKind": "Absolute",
        "chargingSchedule": schedule,
    }
    return {"connectorId": 1, "csChargingProfiles": profile}


@pytest.mark.parametrize(
    ("limit", "valid"),
    [
        (16, True),
        (0.3, True),  # float jsonschema says 0.3 / 0.1 = 2.9999999999999996 → invalid
        (6.7, True),
        (1e20, True),
        (-0.1, True),
        (0.35, False),
        (0.30000000000000004, False),
        (float("inf"), False),
        (float("nan"), False),
    ],
)
def test_multiple_of_is_decided_on_the_decimal_value(limit: float, valid: bool) -> None:
    violation = validate_request("SetChargingProfile", _limit(limit))
    assert (violation is None) == valid, violation
    if violation is not None:
        assert violation.path.endswith("/chargingSchedulePeriod/0/limit")


def test_date_time_format_is_not_enforced_like_the_oracle() -> None:
    assert "format" in UNENFORCED_KINDS
    payload = {"currentTime": "not-a-date"}
    assert oracle_errors("Heartbeat", "response", payload) == []
    assert validate_response("Heartbeat", payload) is None


def test_the_first_fault_decides_type_before_required() -> None:
    violation = validate_request("StatusNotification", {"connectorId": "1"})
    assert violation is not None
    assert violation.code == FAILURE_CODES["required"]  # required keys are checked first
