"""The client's status parsing against every recorded myenergi reply."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from myenergi_helpers import SHARED_FIXTURES, load, recordings

from generated.myenergi import ChargeMode, LockBits, PlugState, ZappiState
from runtime.myenergi.errors import CloudRejected, MalformedReply
from runtime.myenergi.status import command_reply_code, parse_status_reply, zappi_status

STATUS_RECORDINGS = [
    p for p in recordings() if "jstatus" in p.name or p.name.startswith("pymyenergi-client")
]


def _reply(path: Path) -> Any:  # pymyenergi client fixtures wrap it as {"keys", "devices"}
    data = load(path)
    return data["devices"] if isinstance(data, dict) and "devices" in data else data


def test_the_recordings_are_there() -> None:
    assert len(STATUS_RECORDINGS) >= 7, f"recordings missing under {SHARED_FIXTURES}"


@pytest.mark.parametrize("path", STATUS_RECORDINGS, ids=lambda p: p.name)
def test_every_recorded_status_reply_parses(path: Path) -> None:
    reply = _reply(path)
    statuses = parse_status_reply(reply, "h1", path.name)
    assert statuses, "every recording holds at least one zappi"
    for serial, status in statuses.items():
        assert serial == str(status.raw["sno"])
        assert status.plug_state is not None
        assert 100 < status.voltage_v < 260
        assert status.charge_power_w >= 0


def test_the_recorded_single_device_object_parses() -> None:
    status = zappi_status(load(SHARED_FIXTURES / "pymyenergi-zappi-device-2021.json"))
    assert status.serial == "16042300"
    assert status.mode is ChargeMode.FAST
    assert status.plug_state is PlugState.WAITING_FOR_EV
    assert status.state is ZappiState.EV_CHARGE_DELAYED
    assert status.voltage_v == pytest.approx(237.6)  # decivolts on this firmware
    assert status.session_energy_wh == pytest.approx(4200)
    assert status.charge_power_w == 0  # div left out when 0 on old firmware
    assert status.pilot_duty_pct == pytest.approx(27)
    assert status.smart_boost_target_wh == 5000


def test_2019_volts_as_float_and_zero_suppressed_fields() -> None:
    statuses = parse_status_reply(
        load(SHARED_FIXTURES / "2019-01_cgi-jstatus-ALL.json"), "h", "cgi-jstatus-*"
    )
    status = statuses["10077777"]
    assert status.voltage_v == pytest.approx(240.2)  # a float means volts (ref §2.2)
    assert status.charge_power_w == 3596
    assert status.manual_boost is True
    assert status.lock == LockBits(0)  # lck missing → 0
    assert status.firmware is None


def test_lock_bits_of_a_pin_locked_unit() -> None:
    reply = load(SHARED_FIXTURES / "jstatus-Z-2023-locked.json")
    status = parse_status_reply(reply, "h", "cgi-jstatus-Z")["10000001"]
    assert status.lock == 7
    assert status.locked_now and not status.session_allowed and not status.charge_allowed
    after_pin = copy.deepcopy(reply)
    after_pin["zappi"][0]["lck"] = 23
    unlocked = parse_status_reply(after_pin, "h", "cgi-jstatus-Z")["10000001"]
    assert unlocked.session_allowed and unlocked.charge_allowed


def test_devices_are_found_by_key_not_by_position() -> None:
    reply = load(SHARED_FIXTURES / "jstatus-all-2024.json")
    forward = parse_status_reply(reply, "h", "x")
    backward = parse_status_reply(list(reversed(reply)), "h", "x")
    assert set(forward) == set(backward) == {"10000001", "10000002"}
    assert forward["10000002"].charge_power_w == backward["10000002"].charge_power_w == 50000


def test_a_field_of_the_wrong_type_makes_only_its_object_malformed() -> None:
    reply = load(SHARED_FIXTURES / "jstatus-all-2024.json")
    healthy = parse_status_reply(copy.deepcopy(reply), "21000001", "cgi-jstatus-*")["10000001"]
    reply[3]["zappi"][1]["sta"] = "charging"
    parsed = parse_status_reply(reply, "21000001", "cgi-jstatus-*")
    problem = parsed.malformed["10000002"]
    assert (problem.field, problem.where) == ("sta", "[3].zappi[1].sta")
    assert "expected integer, got string" in problem.problem
    assert set(parsed) == {"10000001"} and parsed["10000001"] == healthy
    assert parsed.unidentified == ()


def test_a_zappi_without_a_serial_is_skipped_as_unidentified() -> None:
    parsed = parse_status_reply(
        {"zappi": [{"pst": "A"}, {"sno": 21000002, "pst": "A"}]}, "h", "cgi-jstatus-Z"
    )
    assert set(parsed) == {"21000002"} and parsed.malformed == {}
    (problem,) = parsed.unidentified
    assert (problem.field, problem.where) == ("sno", "zappi[0].sno")
    assert "'sno' is a required property" in problem.problem


@pytest.mark.parametrize(
    ("field", "value", "why"),
    [
        ("sno", "21000001x", "expected integer, got string"),
        ("sno", 0, "out of range (minimum 1)"),
        ("sno", None, "expected integer, got null"),
    ],
)
def test_a_bad_serial_leaves_the_object_without_a_zappi(field: str, value: object, why: str) -> None:
    zappi = {"sno": 21000001, "pst": "A", "sta": 1}
    parsed = parse_status_reply({"zappi": [{**zappi, field: value}]}, "h", "cgi-jstatus-Z")
    assert len(parsed) == 0 and parsed.malformed == {}
    assert parsed.unidentified[0].field == "sno" and why in parsed.unidentified[0].problem


@pytest.mark.parametrize(
    ("field", "value", "why"),
    [
        ("sta", 99, "99 is not one of [0, 1, 2, 3, 4, 5]"),  # outside a closed enumeration
        ("zmo", 9, "is not one of"),
        ("pst", "Z9", "'Z9' is not one of"),
        ("che", "12,5", "expected number, got string"),  # not a number a quote can fix
        ("che", -1.5, "out of range (minimum 0)"),
        ("che", float("inf"), "inf is not a finite number"),
        ("lck", None, "expected integer, got null"),
        ("cmt", 256, "out of range (maximum 255)"),
        ("div", True, "expected integer, got boolean"),
    ],
)
def test_a_bad_value_of_a_deciding_field_makes_the_object_malformed(
    field: str, value: object, why: str
) -> None:
    reply = load(SHARED_FIXTURES / "jstatus-all-2024.json")
    reply[3]["zappi"][0][field] = value
    parsed = parse_status_reply(reply, "h", "cgi-jstatus-*")
    assert parsed.malformed["10000001"].field == field
    assert why in parsed.malformed["10000001"].problem
    assert set(parsed) == {"10000002"}


@pytest.mark.parametrize(
    ("field", "value"),
    [("fwv", ""), ("fwv", "not a version"), ("ectt1", 5), ("tz", "three"), ("mgl", 150)],
)
def test_a_bad_value_of_an_informational_field_reads_as_missing(field: str, value: object) -> None:
    reply = load(SHARED_FIXTURES / "jstatus-all-2024.json")
    reply[3]["zappi"][0][field] = value
    parsed = parse_status_reply(reply, "h", "cgi-jstatus-*")
    status = parsed["10000001"]
    assert field not in status.raw and parsed.ignored == {"10000001": (field,)}
    assert parsed.malformed == {} and set(parsed) == {"10000001", "10000002"}
    if field == "fwv":
        assert status.firmware is None


def test_an_item_that_is_no_object_is_unidentified_and_the_rest_parse() -> None:
    reply = load(SHARED_FIXTURES / "jstatus-all-2024.json")
    reply[3]["zappi"].insert(0, "garbage")
    parsed = parse_status_reply(reply, "h", "cgi-jstatus-*")
    assert set(parsed) == {"10000001", "10000002"}
    (problem,) = parsed.unidentified
    assert (problem.field, problem.where) == ("", "[3].zappi[0]")
    assert "expected object, got string" in problem.problem


@pytest.mark.parametrize(
    ("reply", "where", "why"),
    [
        ({"zappi": 5}, "zappi", "expected array, got integer"),
        ({"eddi": []}, "(top level)", "'zappi' is a required property"),
        ([{"zappi": []}, 7], "[1]", "expected object, got integer"),
        ([{"zappi": {"sno": 1}}], "[0].zappi", "expected array, got object"),
        ("<html>", "(top level)", "expected object, got string"),
    ],
)
def test_a_broken_envelope_is_malformed_for_the_whole_hub(
    reply: object, where: str, why: str
) -> None:
    with pytest.raises(MalformedReply) as caught:
        parse_status_reply(reply, "21000001", "cgi-jstatus-*")
    assert caught.value.where == where and why in caught.value.problem
    assert "21000001" in str(caught.value)


def test_a_status_error_reply_is_a_typed_error() -> None:
    with pytest.raises(CloudRejected) as caught:
        parse_status_reply({"status": "-13", "statustext": ""}, "h", "cgi-jstatus-Z1")
    assert caught.value.code == 13 and caught.value.text == "Serial No not found"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("command-ok.json", 0),
        ("command-error.json", 14),
        ("2019-13_cgi-zappi-mode-Z10077777-0-2-0-0000.json", 0),
        ("2019-16_cgi-zappi-phase-setting-Z10077777-1.json", 0),  # status as the string "0"
    ],
)
def test_recorded_command_replies(name: str, code: int) -> None:
    assert command_reply_code(load(SHARED_FIXTURES / name), "h", name) == code


def test_a_command_reply_without_status_is_malformed() -> None:
    with pytest.raises(MalformedReply, match="status"):
        command_reply_code({"statustext": ""}, "h", "cgi-zappi-mode")


def test_numeric_fields_sent_as_strings_are_read_as_numbers() -> None:
    reply = load(SHARED_FIXTURES / "jstatus-all-2024.json")
    zappi = reply[3]["zappi"][1]
    expected = parse_status_reply(copy.deepcopy(reply), "h", "x")[str(zappi["sno"])]
    for key in ("sta", "zmo", "zsh", "lck", "div", "frq"):
        zappi[key] = str(zappi[key])
    zappi["sno"] = str(zappi["sno"])
    quoted = parse_status_reply(reply, "h", "x")[str(zappi["sno"])]
    assert quoted.charge_status == expected.charge_status is not None
    assert quoted.mode == expected.mode and quoted.state == expected.state
    assert quoted.lock == expected.lock
    assert quoted.charge_power_w == expected.charge_power_w
    assert quoted.frequency_hz == expected.frequency_hz > 0
