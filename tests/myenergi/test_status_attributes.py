"""ZappiStatus follows the ``zappi_status`` rows of spec/myenergi.yaml: the class declares the
table's attributes with the types their conversions produce, and each conversion reads a
zappi object as its row says (defaults for missing keys, empty values for odd ones)."""

from __future__ import annotations

import json
import typing
from dataclasses import fields
from typing import Any

import pytest

from generated.myenergi import (
    FIELD_ENUMERATIONS,
    ZAPPI_STATUS_ATTRIBUTES,
    ChargeMode,
    LockBits,
    PlugState,
)
from rows.myenergi import Conversion, StatusAttribute
from runtime.myenergi.conversions import ATTRIBUTES, attribute_values
from runtime.myenergi.status import ZappiStatus, zappi_status

_PLAIN_TYPES: dict[Conversion, Any] = {
    Conversion.STR: str,
    Conversion.OPTIONAL_STR: str | None,
    Conversion.INT: int,
    Conversion.SI: float,
    Conversion.IS_ONE: bool,
}


def _expected_type(row: StatusAttribute) -> Any:
    if row.conversion in _PLAIN_TYPES:
        return _PLAIN_TYPES[row.conversion]
    enumeration = FIELD_ENUMERATIONS[row.field]
    return enumeration if row.conversion is Conversion.FLAGS else enumeration | None


def test_the_class_declares_the_tables_attributes_in_order() -> None:
    declared = tuple(f.name for f in fields(ZappiStatus))
    assert declared == (*ATTRIBUTES, "raw")
    assert tuple(row.attribute for row in ZAPPI_STATUS_ATTRIBUTES) == ATTRIBUTES


@pytest.mark.parametrize("row", ZAPPI_STATUS_ATTRIBUTES, ids=lambda row: row.attribute)
def test_each_attribute_has_the_type_its_conversion_makes(row: StatusAttribute) -> None:
    hints = typing.get_type_hints(ZappiStatus)
    assert hints[row.attribute] == _expected_type(row)
    value = dict(zip(ATTRIBUTES, attribute_values({"sno": 21000001}), strict=True))[row.attribute]
    expected = _expected_type(row)
    assert value is None or isinstance(value, typing.get_args(expected) or expected)


def test_missing_keys_take_the_field_defaults() -> None:
    values = dict(zip(ATTRIBUTES, attribute_values({"sno": 21000001}), strict=True))
    assert values["serial"] == "21000001"
    assert values["firmware"] is None  # a string field has no default
    assert values["mode"] is None  # zmo defaults to 0, which the table lists as unknown
    assert values["plug_state"] is None
    assert values["charge_power_w"] == 0.0 and values["state_code"] == 0
    assert values["lock"] == LockBits(0) and values["manual_boost"] is False


@pytest.mark.parametrize(
    ("zappi", "attribute", "expected"),
    [
        ({"zmo": 0}, "mode", None),  # unknown: [STARTUP]
        ({"zmo": 3}, "mode", ChargeMode.ECO_PLUS),
        ({"zmo": 9}, "mode", None),  # not in the enumeration
        ({"pst": "C2"}, "plug_state", PlugState.CHARGING),
        ({"pst": "U"}, "plug_state", None),
        ({"zsh": 99}, "state", None),
        ({"zsh": 99}, "state_code", 99),  # the same field, as sent
        ({"lck": 0xFF}, "lock", LockBits(0b11111)),  # bits outside the table are dropped
        ({"lck": True}, "lock", LockBits(0)),
        ({"bsm": 1}, "manual_boost", True),
        ({"bsm": 2}, "manual_boost", False),
        ({"vol": 2286}, "voltage_v", 228.6),  # decivolts, rounded to 6 places
        ({"vol": 240.2}, "voltage_v", 240.2),  # 2019 firmware: volts as a float
        ({"che": 4.2}, "session_energy_wh", 4200.0),
        ({"div": "7000"}, "charge_power_w", 0.0),  # not a number (parse_status_reply coerces)
        ({"fwv": 5114}, "firmware", None),
        ({"tim": "12:00:00"}, "device_time", "12:00:00"),
    ],
)
def test_each_conversion_reads_the_field_as_its_row_says(
    zappi: dict[str, object], attribute: str, expected: object
) -> None:
    assert getattr(zappi_status({"sno": 21000001, **zappi}), attribute) == expected


def test_raw_objects_of_separate_replies_share_their_strings() -> None:
    """Every charger keeps its last object: the keys and string values of two replies parsed
    apart are the same string objects, and raw still equals the object as sent."""
    text = '{"sno": 16000001, "pst": "C2", "ectt1": "Grid", "dat": "09-09-2019", "div": 3}'
    first, second = (zappi_status(json.loads(text)) for _ in range(2))
    assert dict(first.raw) == json.loads(text)
    pairs = zip(first.raw.items(), second.raw.items(), strict=True)
    for (key_a, value_a), (key_b, value_b) in pairs:
        assert key_a is key_b
        if isinstance(value_a, str):
            assert value_a is value_b
