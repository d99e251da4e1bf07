"""spec/myenergi.yaml: its checks (one failure test each, with message and line), and the
generated module's behaviour against the recorded myenergi replies."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from codegen.errors import SpecError, SpecErrors
from codegen.tables import myenergi
from generated import myenergi as gen
from runtime.myenergi.commands import CommandArgumentError, command_path
from runtime.myenergi.fields import field_value, to_si
from runtime.myenergi.status import error_code

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT.parent / "shared" / "fixtures" / "myenergi"

BASE = """\
fields:
  sno:
    json: [integer]
    required: true
    meaning: serial
    source: test
  zmo:
    json: [integer]
    default: 0
    meaning: mode
    source: test
  pst:
    json: [string]
    meaning: plug
    source: test
reply_fields:
  status:
    json: [integer, string]
    meaning: status
    source: test
enumerations:
  zmo:
    class: ChargeMode
    kind: integer
    open: true
    values:
      - {value: 1, name: FAST, meaning: Fast}
      - {value: 2, name: ECO, meaning: Eco}
zappi_status:
  serial: {field: sno, as: str}
  mode: {field: zmo, as: int}
commands:
  set_mode:
    url: /cgi-zappi-mode-Z{serial}-{mode}-0-0-0000
    parameters:
      mode: {type: integer, min: 1, max: 4, meaning: mode}
    reply: status
    meaning: set the mode
    source: test
error_codes:
  14: {text: Missing or bad parameter}
  26: {text: Busy, retry: true, busy: true}
"""


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def run(tmp_path: Path, text: str) -> tuple[myenergi.MyenergiModel | None, list[SpecError]]:
    spec = tmp_path / "spec"
    shutil.copytree(ROOT / "spec" / "schemas", spec / "schemas")
    (spec / "myenergi.yaml").write_text(text, encoding="utf-8")
    errors = SpecErrors()
    return myenergi.check(spec, errors), list(errors)


def only_error(tmp_path: Path, text: str) -> SpecError:
    model, errors = run(tmp_path, text)
    assert model is None
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def test_base_snippet_and_repository_table_are_clean(tmp_path: Path) -> None:
    model, errors = run(tmp_path, BASE)
    assert errors == [] and model is not None
    assert model.commands["set_mode"].parameters[0].maximum == 4
    real_errors = SpecErrors()
    real = myenergi.check(ROOT / "spec", real_errors)
    assert list(real_errors) == [] and real is not None
    assert {"set_mode", "manual_boost", "smart_boost", "stop_boost", "min_green", "unlock"} <= set(
        real.commands
    )
    assert real.commands["unlock"].url_template.startswith("/cgi-jlock-{serial}")


def test_unknown_key_in_a_field_row(tmp_path: Path) -> None:
    text = BASE.replace("    default: 0\n", "    defualt: 0\n")
    error = only_error(tmp_path, text)
    assert error.line == line_of(text, "defualt")
    assert "defualt" in error.message and "'default'" in error.hint


def test_default_of_the_wrong_type(tmp_path: Path) -> None:
    text = BASE.replace("    default: 0\n", "    default: fast\n")
    error = only_error(tmp_path, text)
    assert error.line == line_of(text, "default: fast")
    assert "default 'fast' is not one of its JSON types integer" in error.message


def test_scale_when_float_needs_a_number_type(tmp_path: Path) -> None:
    text = BASE.replace("    default: 0\n", "    default: 0\n    scale_when_float: 1\n")
    error = only_error(tmp_path, text)
    assert error.line == line_of(text, "scale_when_float")
    assert "scale_when_float needs 'number'" in error.message


def test_required_field_with_a_default(tmp_path: Path) -> None:
    text = BASE.replace("    required: true\n", "    required: true\n    default: 1\n", 1)
    error = only_error(tmp_path, text)
    assert error.line == line_of(text, "default: 1")
    assert "a required field cannot have a default" in error.message


def test_enumeration_of_an_unknown_field(tmp_path: Path) -> None:
    text = BASE.replace("enumerations:\n  zmo:", "enumerations:\n  zmoo:")
    error = only_error(tmp_path, text)
    assert error.line == line_of(text, "zmoo:")
    assert "enumeration 'zmoo' names no field" in error.message


def test_enumeration_kind_must_fit_the_field_type(tmp_path: Path) -> None:
    text = BASE.replace("    kind: integer", "    kind: string")
    model, errors = run(tmp_path, text)
    assert model is None
    kind = [e for e in errors if "enumeration 'zmo' is string" in e.message]
    assert kind and kind[0].line == line_of(text, "kind: string")


def test_flags_must_be_single_bits(tmp_path: Path) -> None:
    text = BASE.replace("    kind: integer", "    kind: flags").replace("value: 2,", "value: 3,")
    error = only_error(tmp_path, text)
    assert error.line == line_of(text, "value: 3")
    assert "flag 3 is not a single bit" in error.message


def test_duplicate_enumeration_value(tmp_path: Path) -> None:
    text = BASE.replace("value: 2,", "value: 1,")
    error = only_error(tmp_path, text)
    assert error.line == line_of(text, "name: ECO")
    assert "value 1 twice" in error.message


def test_url_placeholder_without_a_parameter(tmp_path: Path) -> None:
    text = BASE.replace("-{mode}-0-0-0000", "-{mode}-{kwh}-0-0000")
    error = only_error(tmp_path, text)
    assert error.line == line_of(text, "url:")
    assert "URL placeholder {kwh} is not a declared parameter" in error.message


def test_parameter_missing_from_the_url(tmp_path: Path) -> None:
    text = BASE.replace("-{mode}-0-0-0000", "-1-0-0-0000")
    error = only_error(tmp_path, text)
    assert error.line == line_of(text, "mode: {type")
    assert "parameter 'mode' does not appear in the URL" in error.message


def test_url_must_name_the_serial(tmp_path: Path) -> None:
    text = BASE.replace("Z{serial}", "Z")
    error = only_error(tmp_path, text)
    assert error.line == line_of(text, "url:")
    assert "does not match" in error.message


def test_reply_names_an_unknown_field(tmp_path: Path) -> None:
    text = BASE.replace("    reply: status", "    reply: mgl")
    error = only_error(tmp_path, text)
    assert error.line == line_of(text, "reply: mgl")
    assert "reply 'mgl' is neither 'status' nor a zappi field" in error.message


def test_allowed_value_outside_the_range(tmp_path: Path) -> None:
    text = BASE.replace("min: 1, max: 4,", "min: 1, max: 4, allowed: [1, 5],")
    error = only_error(tmp_path, text)
    assert error.line == line_of(text, "allowed: [1, 5]")
    assert "allowed 5 is outside min..max" in error.message


def test_min_greater_than_max(tmp_path: Path) -> None:
    text = BASE.replace("min: 1, max: 4,", "min: 5, max: 4,")
    error = only_error(tmp_path, text)
    assert error.line == line_of(text, "min: 5")
    assert "min 5 is greater than max 4" in error.message


def test_parameter_default_must_obey_its_rules(tmp_path: Path) -> None:
    text = BASE.replace("min: 1, max: 4,", "min: 1, max: 4, default: 9,")
    error = only_error(tmp_path, text)
    assert error.line == line_of(text, "default: 9")
    assert "default 9 breaks the parameter's own rules" in error.message


def test_error_code_keys_are_numbers(tmp_path: Path) -> None:
    text = BASE.replace("  14: {text", "  busy: {text")
    error = only_error(tmp_path, text)
    # propertyNames errors are located at the mapping (codegen/tables/format_check.py)
    assert error.line == line_of(text, "error_codes:")
    assert "'busy' does not match" in error.message


def test_generated_module_is_up_to_date() -> None:
    errors = SpecErrors()
    model = myenergi.check(ROOT / "spec", errors)
    assert model is not None
    outputs = myenergi.outputs(model)
    assert [o.path for o in outputs] == ["generated/myenergi.py", "generated/myenergi_validators.py"]
    for output in outputs:
        committed = (ROOT / output.path).read_text(encoding="utf-8")
        assert committed.split("\n", 1)[1] == output.text, "run `zappi-ocpp generate`"


# --- the generated module against the recordings --------------------------------------------


def _zappi_objects(data: Any) -> list[dict[str, Any]]:
    """Every zappi object of a recording, whatever its shape (ref §2.1, fixtures README)."""
    if isinstance(data, dict) and "devices" in data:
        data = data["devices"]
    if isinstance(data, list):
        return [z for element in data for z in element.get("zappi", [])]
    if "zappi" in data:
        return list(data["zappi"])
    return [data] if "sno" in data and "zmo" in data else []


RECORDINGS = sorted(FIXTURES.glob("*.json"))


@pytest.mark.parametrize("path", RECORDINGS, ids=lambda p: p.name)
def test_every_recording_validates(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    for zappi in _zappi_objects(data):
        jsonschema.validate(zappi, gen.ZAPPI_STATUS_SCHEMA)
    body = data["devices"] if isinstance(data, dict) and "devices" in data else data
    if isinstance(body, list):
        jsonschema.validate(body, gen.JSTATUS_ALL_ENVELOPE_SCHEMA)
    elif "zappi" in body:
        jsonschema.validate(body, gen.JSTATUS_ZAPPI_ENVELOPE_SCHEMA)
    elif "status" in body:
        jsonschema.validate(body, gen.COMMAND_REPLY_SCHEMA)


def test_recordings_hold_zappi_objects_of_every_generation() -> None:
    objects = [
        z for p in RECORDINGS for z in _zappi_objects(json.loads(p.read_text(encoding="utf-8")))
    ]
    assert len(objects) >= 8
    assert any(isinstance(z["vol"], float) for z in objects)  # 2019: volts as a float
    assert any("deviceClass" in z for z in objects)  # 2024: extra keys


@pytest.mark.parametrize(
    ("key", "value"),
    [("vol", "2376"), ("pst", 2), ("sta", "1"), ("div", 1.5), ("isVHubEnabled", "True")],
)
def test_schema_is_strict_about_known_fields(key: str, value: object) -> None:
    zappi = {"sno": 21000001, key: value}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(zappi, gen.ZAPPI_STATUS_SCHEMA)


def test_schema_accepts_new_keys_and_requires_the_serial() -> None:
    jsonschema.validate({"sno": 1, "brandNewKey": [1, 2]}, gen.ZAPPI_STATUS_SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"zmo": 1}, gen.ZAPPI_STATUS_SCHEMA)


def test_command_urls() -> None:
    commands = gen.COMMANDS
    assert command_path(commands["set_mode"], 21000001, mode=3) == "/cgi-zappi-mode-Z21000001-3-0-0-0000"
    assert command_path(commands["stop_boost"], 21000001) == "/cgi-zappi-mode-Z21000001-0-2-0-0000"
    assert command_path(commands["manual_boost"], 2, kwh=10) == "/cgi-zappi-mode-Z2-0-10-10-0000"
    assert command_path(commands["smart_boost"], 2, kwh=5, hhmm="0730") == "/cgi-zappi-mode-Z2-0-11-5-0730"
    assert command_path(commands["min_green"], 2, level=100) == "/cgi-set-min-green-Z2-100"
    assert command_path(commands["unlock"], 21000001, flags="00000010") == "/cgi-jlock-21000001-00000010"
    assert command_path(commands["unlock"], 21000001) == "/cgi-jlock-21000001-01000000"  # the default
    assert gen.CommandName.SET_MODE in commands


@pytest.mark.parametrize(
    ("name", "arguments"),
    [
        ("set_mode", {"mode": 5}),
        ("set_mode", {"mode": "3"}),
        ("set_mode", {}),
        ("manual_boost", {"kwh": 100}),
        ("smart_boost", {"kwh": 5, "hhmm": "2460"}),
        ("min_green", {"level": -1}),
        ("unlock", {"flags": "11111111"}),
        ("stop_boost", {"kwh": 1}),
    ],
)
def test_out_of_range_commands_are_refused(name: str, arguments: dict[str, Any]) -> None:
    with pytest.raises(CommandArgumentError):
        command_path(gen.COMMANDS[name], 21000001, **arguments)


def test_error_codes_and_reply_status() -> None:
    assert gen.ERROR_CODES[14] == "Missing or bad parameter"
    assert 26 in gen.RETRY_ERROR_CODES and 14 not in gen.RETRY_ERROR_CODES
    assert gen.BUSY_ERROR_CODE == 26
    assert error_code("-14") == 14
    assert error_code(0) == 0
    assert error_code(-26) == 26
    assert error_code("ok") is None and error_code(True) is None


def test_scaling_and_defaults() -> None:
    vol = gen.ZAPPI_FIELDS["vol"]
    assert to_si(vol, 2376) == pytest.approx(237.6)
    assert to_si(vol, 240.2) == pytest.approx(240.2)
    assert to_si(gen.ZAPPI_FIELDS["che"], 4.2) == pytest.approx(4200)
    zappi = {"sno": 1, "pst": "A"}
    assert field_value(zappi, "div") == 0 and field_value(zappi, "zmo") == 0
    assert field_value(zappi, "fwv") is None  # strings stay unknown


def test_enumerations() -> None:
    assert gen.ChargeMode.ECO_PLUS == 3
    assert gen.PlugState("C2") is gen.PlugState.CHARGING
    assert gen.LockBits(23) & gen.LockBits.CHARGE_SESSION_ALLOWED
    assert gen.ZappiState.EVSE_FAULT_RCD_TRIP == 29
    assert gen.CommandTimer.SUCCESS == 254
    assert gen.FIELD_ENUMERATIONS["pst"] is gen.PlugState
