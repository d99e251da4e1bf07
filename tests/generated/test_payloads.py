"""The generated payload classes: they round-trip every valid payload, use snake_case
attributes and StrEnums, and put required fields first."""

from __future__ import annotations

import dataclasses
import json
from enum import StrEnum

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ocpp_schema_examples import all_schemas, example, schema_of, valid_payloads

from generated import payloads
from generated.payloads import (
    REQUEST_TYPES,
    RESPONSE_TYPES,
    ChargePointErrorCode,
    ChargePointStatus,
    IdTagInfo,
    Measurand,
    MeterValue,
    MeterValuesRequest,
    SampledValue,
    StartTransactionResponse,
    StatusNotificationRequest,
)
from generated.validators import validate_request, validate_response

CASES = all_schemas()


def payload_type(action: str, direction: str) -> type[payloads.Payload]:
    return (REQUEST_TYPES if direction == "request" else RESPONSE_TYPES)[action]


def test_every_action_has_both_classes() -> None:
    assert sorted(REQUEST_TYPES) == sorted(RESPONSE_TYPES)
    assert len(REQUEST_TYPES) == 28
    assert REQUEST_TYPES["BootNotification"].__name__ == "BootNotificationRequest"
    assert RESPONSE_TYPES["BootNotification"].__name__ == "BootNotificationResponse"


@pytest.mark.parametrize("full", [False, True], ids=["minimal", "full"])
@pytest.mark.parametrize(("action", "direction"), CASES)
def test_examples_round_trip(action: str, direction: str, full: bool) -> None:
    payload = example(schema_of(action, direction), full)
    cls = payload_type(action, direction)
    assert "__dataclass_fields__" in vars(cls)
    assert cls.from_payload(payload).to_payload() == payload


@pytest.mark.parametrize(("action", "direction"), CASES)
@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_valid_payloads_round_trip_to_the_same_json(
    action: str, direction: str, data: st.DataObject
) -> None:
    payload = data.draw(valid_payloads(schema_of(action, direction)))
    obj = payload_type(action, direction).from_payload(payload)
    again = obj.to_payload()
    # same JSON text: key order aside, ints stay ints where the schema says "number"
    assert json.dumps(again, sort_keys=True) == json.dumps(payload, sort_keys=True)
    validate = validate_request if direction == "request" else validate_response
    assert validate(action, again) is None


def test_nested_objects_and_enums_are_typed() -> None:
    request = MeterValuesRequest.from_payload({
        "connectorId": 1,
        "transactionId": 7,
        "meterValue": [{
            "timestamp": "2025-01-01T12:00:00Z",
            "sampledValue": [{"value": "1200", "measurand": "Energy.Active.Import.Register"}],
        }],
    })
    assert request == MeterValuesRequest(
        connector_id=1,
        transaction_id=7,
        meter_value=(MeterValue(
            timestamp="2025-01-01T12:00:00Z",
            sampled_value=(SampledValue(
                value="1200", measurand=Measurand.ENERGY_ACTIVE_IMPORT_REGISTER),),
        ),),
    )
    sampled = request.meter_value[0].sampled_value[0]
    assert isinstance(sampled.measurand, Measurand)
    assert sampled.unit is None
    assert "unit" not in request.to_payload()["meterValue"][0]["sampledValue"][0]  # type: ignore[index]


def test_identical_shapes_share_one_class() -> None:
    response = StartTransactionResponse.from_payload(
        {"transactionId": 5, "idTagInfo": {"status": "Accepted"}}
    )
    assert type(response.id_tag_info) is IdTagInfo
    assert payloads.AuthorizeResponse.__dataclass_fields__["id_tag_info"].type == "IdTagInfo"


def test_required_fields_come_first_and_optionals_default_to_none() -> None:
    request = StatusNotificationRequest(
        1, ChargePointErrorCode.NO_ERROR, ChargePointStatus.AVAILABLE
    )
    assert request.to_payload() == {
        "connectorId": 1, "errorCode": "NoError", "status": "Available"
    }
    assert request.timestamp is None


def test_classes_are_frozen_and_slotted() -> None:
    status = StatusNotificationRequest(1, ChargePointErrorCode.NO_ERROR, ChargePointStatus.FAULTED)
    with pytest.raises(dataclasses.FrozenInstanceError):
        status.connector_id = 2  # type: ignore[misc]
    assert not hasattr(status, "__dict__")


def test_enums_are_str_enums_named_after_ocpp_types() -> None:
    for name in ("ChargePointStatus", "ChargePointErrorCode", "Measurand", "ReadingContext",
                 "UnitOfMeasure", "AuthorizationStatus", "RegistrationStatus", "Reason"):
        assert issubclass(getattr(payloads, name), StrEnum), name
    assert json.dumps({"s": ChargePointStatus.SUSPENDED_EVSE}) == '{"s": "SuspendedEVSE"}'
