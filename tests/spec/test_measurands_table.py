"""spec/measurands.yaml: its checks (one failure test each, with message and line) and the
generated rows turning zappi objects into sampledValues."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from codegen.errors import SpecError, SpecErrors
from codegen.ocpp_schemas import OfficialSchemas, enum_values, load_official_schemas
from codegen.tables import measurands, myenergi
from generated.measurands import LEFT_OUT, ROWS, SUPPORTED_MEASURANDS
from rows.measurands import FromRegister
from runtime.bridge.sampling import pilot_current, samples

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT.parent / "shared" / "fixtures" / "myenergi"
REAL = (ROOT / "spec" / "measurands.yaml").read_text(encoding="utf-8")
REGISTERS = {"energy_import_wh": 123456.7}


@pytest.fixture(scope="module")
def schemas() -> OfficialSchemas:
    return load_official_schemas()


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def edited(old: str, new: str) -> str:
    assert REAL.count(old) >= 1, old
    return REAL.replace(old, new, 1)


def run(tmp_path: Path, schemas: OfficialSchemas, text: str) -> tuple[Any, list[SpecError]]:
    spec = tmp_path / "spec"
    shutil.copytree(ROOT / "spec" / "schemas", spec / "schemas")
    shutil.copy(ROOT / "spec" / "myenergi.yaml", spec / "myenergi.yaml")
    (spec / "measurands.yaml").write_text(text, encoding="utf-8")
    errors = SpecErrors()
    surface = myenergi.check(spec, errors)
    model = measurands.check(spec, errors, schemas=schemas, myenergi=surface)
    return model, list(errors)


def error_for(tmp_path: Path, schemas: OfficialSchemas, text: str, contains: str) -> SpecError:
    model, errors = run(tmp_path, schemas, text)
    assert model is None
    found = [e for e in errors if contains in e.message]
    assert found, [str(e) for e in errors]
    return found[0]


def test_repository_table_is_clean_and_complete(tmp_path: Path, schemas: OfficialSchemas) -> None:
    model, errors = run(tmp_path, schemas, REAL)
    assert errors == [] and model is not None
    request = schemas.actions["MeterValues"].request
    official = set(enum_values(request, "meterValue", "sampledValue", "measurand"))
    assert SUPPORTED_MEASURANDS | set(LEFT_OUT) == official
    assert not SUPPORTED_MEASURANDS & set(LEFT_OUT)
    assert model.docs_sent()[0][0] == "Energy.Active.Import.Register"
    assert dict(model.docs_left_out())["SoC"].startswith("the zappi never learns")


def test_energy_register_is_the_bridges_not_a_myenergi_field() -> None:
    (row,) = [r for r in ROWS if r.measurand == "Energy.Active.Import.Register"]
    assert row.source == FromRegister("energy_import_wh") and row.unit == "Wh"


def test_unknown_measurand(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = edited("  - measurand: Voltage\n", "  - measurand: Voltag\n")
    error = error_for(tmp_path, schemas, text, "'Voltag' is not an OCPP 1.6 measurand")
    assert error.line == line_of(text, "measurand: Voltag")
    assert "did you mean 'Voltage'" in error.hint


def test_unknown_unit(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = edited("    unit: V\n", "    unit: Volt\n")
    error = error_for(tmp_path, schemas, text, "'Volt' is not an OCPP 1.6 unit")
    assert error.line == line_of(text, "unit: Volt")


def test_unknown_location(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = edited("    location: Inlet\n", "    location: Grid\n")
    error = error_for(tmp_path, schemas, text, "'Grid' is not an OCPP 1.6 location")
    assert error.line == line_of(text, "location: Grid")


def test_unknown_phase(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = edited("    location: Inlet\n", "    location: Inlet\n    phase: L4\n")
    error = error_for(tmp_path, schemas, text, "'L4' is not an OCPP 1.6 phase")
    assert error.line == line_of(text, "phase: L4")


def test_unknown_myenergi_field(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = edited("from: {field: frq}", "from: {field: freq}")
    error = error_for(tmp_path, schemas, text, "'freq' is not a myenergi field")
    assert error.line == line_of(text, "field: freq")
    assert "did you mean 'frq'" in error.hint


def test_unknown_field_in_a_ratio(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = edited("from: {ratio: [div, vol]}", "from: {ratio: [div, volts]}")
    error = error_for(tmp_path, schemas, text, "'volts' is not a myenergi field")
    assert error.line == line_of(text, "volts")


def test_non_numeric_field(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = edited("from: {field: frq}", "from: {field: pst}")
    error = error_for(tmp_path, schemas, text, "myenergi field 'pst' is not numeric")
    assert error.line == line_of(text, "field: pst")


def test_unit_must_match_the_field(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = edited("    unit: V\n    from: {field: vol}", "    unit: A\n    from: {field: vol}")
    error = error_for(
        tmp_path, schemas, text, "unit 'A' does not match the source, which gives 'V'"
    )
    assert error.line == line_of(text, "from: {field: vol}")


def test_pilot_duty_needs_a_percentage(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = edited("from: {pilot_duty: pwm}", "from: {pilot_duty: div}")
    error = error_for(tmp_path, schemas, text, "pilot_duty needs a duty cycle in %")
    assert error.line == line_of(text, "pilot_duty: div")


def test_same_measurand_and_location_twice(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = edited(
        "  - measurand: Frequency\n",
        "  - measurand: Voltage\n    location: Inlet\n    unit: V\n    from: {field: vol}\n"
        "    why: twice\n  - measurand: Frequency\n",
    )
    error = error_for(tmp_path, schemas, text, "Voltage at phase None, location Inlet is already")
    assert error.line == line_of(text, "why: twice") - 4


def test_every_measurand_is_sent_or_left_out(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = edited("  RPM: the zappi has no fan speed to report\n", "")
    error = error_for(tmp_path, schemas, text, "measurand RPM is neither sent nor listed")
    assert error.line == text.splitlines().index("left_out:") + 1


def test_sent_and_left_out(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = REAL + "  Voltage: contradiction\n"
    error = error_for(tmp_path, schemas, text, "Voltage is both sent and left out")
    assert error.line == line_of(text, "Voltage: contradiction")


def test_left_out_names_must_be_measurands(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = REAL + "  Humidity: not a measurand\n"
    error = error_for(tmp_path, schemas, text, "'Humidity' is not an OCPP 1.6 measurand")
    assert error.line == line_of(text, "Humidity")


def test_source_format_is_checked(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = edited("from: {field: frq}", "from: {zappi: frq}")
    model, errors = run(tmp_path, schemas, text)
    assert model is None
    assert errors and errors[0].line == line_of(text, "from: {zappi: frq}")


# --- the generated rows --------------------------------------------------------------------


def by_key(zappi: dict[str, Any], measurands: list[str]) -> dict[tuple[str, str | None], str]:
    return {(s.measurand, s.location): s.value for s in samples(measurands, zappi, REGISTERS)}


def test_voltage_from_decivolts_and_from_2019_volts() -> None:
    assert by_key({"vol": 2376}, ["Voltage"]) == {("Voltage", "Inlet"): "237.6"}
    assert by_key({"vol": 240.2}, ["Voltage"]) == {("Voltage", "Inlet"): "240.2"}


@pytest.mark.parametrize(
    ("duty", "amps"),
    [(10.0, 6.0), (27.0, 16.2), (53.0, 31.8), (85.0, 51.0), (90.0, 65.0), (5.0, 0.0), (100.0, 0.0)],
)
def test_pilot_current_follows_iec_61851(duty: float, amps: float) -> None:
    assert pilot_current(duty) == pytest.approx(amps)


def test_offered_current_from_the_recorded_pwm() -> None:
    assert by_key({"pwm": 2700}, ["Current.Offered"]) == {("Current.Offered", "Outlet"): "16.2"}


def test_current_import_is_power_over_voltage() -> None:
    assert (
        by_key({"div": 7200, "vol": 2400}, ["Current.Import"])[("Current.Import", "Outlet")]
        == "30.0"
    )
    assert by_key({"div": 7200}, ["Current.Import"])[("Current.Import", "Outlet")] == "0.0"


def test_grid_import_and_export_split_grd() -> None:
    wanted = ["Power.Active.Import", "Power.Active.Export"]
    exporting = by_key({"grd": -1500, "div": 3000}, wanted)
    assert exporting == {
        ("Power.Active.Import", "Outlet"): "3000",
        ("Power.Active.Import", "Inlet"): "0",
        ("Power.Active.Export", "Inlet"): "1500",
    }
    importing = by_key({"grd": 2200}, wanted)
    assert importing[("Power.Active.Import", "Inlet")] == "2200"
    assert importing[("Power.Active.Export", "Inlet")] == "0"
    assert importing[("Power.Active.Import", "Outlet")] == "0"  # div missing = 0


def test_a_register_measurand_must_come_from_a_register(
    tmp_path: Path, schemas: OfficialSchemas
) -> None:
    # the runtime would average it in clock-aligned MeterValues (it knows registers by source)
    text = edited("from: {register: energy_import_wh}", "from: {field: che}")
    error = error_for(tmp_path, schemas, text, "must come from a register")
    assert error.line == line_of(text, "from: {field: che}")
    assert all(row.is_register == row.measurand.endswith(".Register") for row in ROWS)


def test_register_frequency_and_payload_shape() -> None:
    (energy,) = samples(["Energy.Active.Import.Register"], {}, REGISTERS)
    assert energy.to_payload("Transaction.Begin") == {
        "value": "123457",
        "context": "Transaction.Begin",
        "measurand": "Energy.Active.Import.Register",
        "location": "Outlet",
        "unit": "Wh",
    }
    (frequency,) = samples(["Frequency"], {"frq": 49.95}, REGISTERS)
    assert frequency.to_payload() == {
        "value": "49.95",
        "measurand": "Frequency",
        "location": "Inlet",
    }


def test_unrequested_measurands_are_not_sampled() -> None:
    assert samples(["SoC", "Temperature"], {"vol": 2400}, REGISTERS) == []


def _zappi_objects() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for path in sorted(FIXTURES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data = data["devices"] if isinstance(data, dict) and "devices" in data else data
        if isinstance(data, list):
            found += [z for element in data for z in element.get("zappi", [])]
        elif "zappi" in data:
            found += data["zappi"]
    return found


@pytest.mark.parametrize("zappi", _zappi_objects(), ids=lambda z: str(z["sno"]))
def test_recorded_zappis_give_valid_meter_values(
    zappi: dict[str, Any], schemas: OfficialSchemas
) -> None:
    values = [
        s.to_payload("Sample.Periodic") for s in samples(SUPPORTED_MEASURANDS, zappi, REGISTERS)
    ]
    assert len(values) == len(ROWS)
    payload = {
        "connectorId": 1,
        "transactionId": 7,
        "meterValue": [{"timestamp": "2026-01-01T12:00:00Z", "sampledValue": values}],
    }
    jsonschema.Draft4Validator(schemas.actions["MeterValues"].request).validate(payload)
    assert all(float(v["value"]) >= 0 for v in values)
