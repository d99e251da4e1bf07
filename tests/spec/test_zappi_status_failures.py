"""One test per kind of mistake in spec/myenergi.yaml's ``zappi_status`` rows and its busy error
code: the message and the line it is reported at."""

from __future__ import annotations

import json

from rows.myenergi import Conversion
from tests.spec.conftest import REPO, Edit

FILE = "myenergi.yaml"


def test_an_unknown_field_gets_the_closest_name(edit: Edit) -> None:
    spec = edit(FILE, "  serial: {field: sno, as: str}", "  serial: {field: snoo, as: str}")
    error = spec.error("zappi_status 'serial': 'snoo' is not a zappi field")
    assert error.hint == "did you mean 'sno'?"


def test_si_needs_a_number(edit: Edit) -> None:
    spec = edit(FILE, "  voltage_v: {field: vol, as: si}", "  voltage_v: {field: fwv, as: si}")
    error = spec.error("zappi_status 'voltage_v': as: si needs a field of JSON type")
    assert "integer or number; 'fwv' is string" in error.message


def test_str_needs_a_required_field(edit: Edit) -> None:
    spec = edit(
        FILE, "  firmware: {field: fwv, as: optional_str}", "  firmware: {field: fwv, as: str}"
    )
    error = spec.error("zappi_status 'firmware': as: str needs a required field")
    assert error.hint == "use as: optional_str, or make the field required"


def test_enum_needs_an_enumeration_of_the_field(edit: Edit) -> None:
    spec = edit(
        FILE, "  charge_power_w: {field: div, as: si}", "  charge_power_w: {field: div, as: enum}"
    )
    spec.error("zappi_status 'charge_power_w': as: enum needs an integer or string enumeration")


def test_flags_need_a_flags_enumeration(edit: Edit) -> None:
    spec = edit(
        FILE,
        "  mode: {field: zmo, as: enum, unknown: [STARTUP]}",
        "  mode: {field: zmo, as: flags}",
    )
    spec.error("zappi_status 'mode': as: flags needs a flags enumeration of 'zmo'")


def test_unknown_goes_with_enum_only(edit: Edit) -> None:
    spec = edit(
        FILE,
        "  state_code: {field: zsh, as: int}",
        "  state_code: {field: zsh, as: int, unknown: [0]}",
    )
    spec.error("zappi_status 'state_code': unknown applies to as: enum only")


def test_unknown_names_a_value_of_the_enumeration(edit: Edit) -> None:
    spec = edit(
        FILE,
        "  mode: {field: zmo, as: enum, unknown: [STARTUP]}",
        "  mode: {field: zmo, as: enum, unknown: [STARTING]}",
    )
    error = spec.error("zappi_status 'mode': 'STARTING' is not a zmo value")
    assert error.hint == "did you mean 'STARTUP'?"


def test_no_attribute_takes_the_name_of_the_wire_object(edit: Edit) -> None:
    spec = edit(FILE, "  device_time: {field: tim,", "  raw: {field: tim,")
    spec.error("zappi_status 'raw': the name 'raw' keeps the wire object")


def test_an_unknown_conversion_is_a_format_error(edit: Edit) -> None:
    spec = edit(FILE, "  smart_boost: {field: bss, as: is_one}", "  smart_boost: {field: bss, as: bool}")
    spec.error("'bool' is not one of")


def test_every_broken_row_is_reported_in_one_run(edit: Edit) -> None:
    spec = edit(
        FILE,
        "  serial: {field: sno, as: str}\n  firmware: {field: fwv, as: optional_str}",
        "  serial: {field: snoo, as: str}\n  firmware: {field: fwv, as: int}",
    )
    messages = [e.message for e in spec.errors()]
    assert any("'snoo' is not a zappi field" in m for m in messages)
    assert any("zappi_status 'firmware': as: int needs" in m for m in messages)
    lines = {e.line for e in spec.errors() if e.message.startswith("zappi_status")}
    assert lines == {spec.line, spec.line + 1}


def test_the_table_and_the_schema_know_the_same_conversions() -> None:
    schema = json.loads((REPO / "spec" / "schemas" / "myenergi.schema.json").read_text())
    allowed = schema["$defs"]["statusAttribute"]["properties"]["as"]["enum"]
    assert sorted(allowed) == sorted(c.value for c in Conversion)


BUSY_ROW = '  26: {text: "Busy - Server is already sending a command to the device", retry: true'


def test_one_error_code_must_be_busy(edit: Edit) -> None:
    spec = edit(FILE, BUSY_ROW + ", busy: true}", BUSY_ROW + "}")
    text = (spec.root / "spec" / FILE).read_text()
    table_line = text[: text.index("\nerror_codes:") + 1].count("\n") + 1
    error = spec.error("no error code is marked busy: true", line=table_line)
    assert "26" in error.hint


def test_the_busy_code_is_retried(edit: Edit) -> None:
    spec = edit(FILE, BUSY_ROW + ", busy: true}", BUSY_ROW.replace("retry: true", "busy: true}"))
    spec.error("error code 26: the busy code must be retried")


def test_only_one_error_code_is_busy(edit: Edit) -> None:
    spec = edit(
        FILE,
        '  5: {text: "Internal Error", retry: true}',
        '  5: {text: "Internal Error", retry: true, busy: true}',
    )
    text = (spec.root / "spec" / FILE).read_text()
    second = text[: text.index("  26: {text:")].count("\n") + 1
    assert spec.error("a second error code is marked busy: true", line=second).hint == "only one is busy"
