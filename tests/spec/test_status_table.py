"""spec/status.yaml: its checks (one failure test each, with message and line) and the
generated decision on representative zappi states."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from codegen.errors import SpecError, SpecErrors
from codegen.ocpp_schemas import OfficialSchemas, enum_values, load_official_schemas
from codegen.tables import myenergi, status
from generated.myenergi import ZAPPI_FIELDS
from generated.status_table import (
    FAULTS,
    ROWS,
    AuthorizationState,
    CloudState,
    Situation,
    TransactionState,
    ZappiData,
)
from runtime.bridge.status_decision import Decision, connector_zero, decide

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT.parent / "shared" / "fixtures" / "myenergi"
REAL = (ROOT / "spec" / "status.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def schemas() -> OfficialSchemas:
    return load_official_schemas()


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def run(tmp_path: Path, schemas: OfficialSchemas, text: str) -> tuple[Any, list[SpecError]]:
    spec = tmp_path / "spec"
    shutil.copytree(ROOT / "spec" / "schemas", spec / "schemas")
    shutil.copy(ROOT / "spec" / "myenergi.yaml", spec / "myenergi.yaml")
    (spec / "status.yaml").write_text(text, encoding="utf-8")
    errors = SpecErrors()
    surface = myenergi.check(spec, errors)
    model = status.check(spec, errors, schemas=schemas, myenergi=surface)
    return model, list(errors)


def edited(old: str, new: str) -> str:
    assert REAL.count(old) >= 1, old
    return REAL.replace(old, new, 1)


def row_number(text: str, when: str) -> int:
    """The 1-based number of the row whose condition is exactly ``when``."""
    rows = text[text.index("\nrows:") :]
    return rows[: rows.index(f"\n  - when: {when}\n")].count("\n  - when:") + 1


def error_for(tmp_path: Path, schemas: OfficialSchemas, text: str, contains: str) -> SpecError:
    model, errors = run(tmp_path, schemas, text)
    assert model is None
    found = [e for e in errors if contains in e.message]
    assert found, [str(e) for e in errors]
    return found[0]


def test_repository_table_is_clean(tmp_path: Path, schemas: OfficialSchemas) -> None:
    model, errors = run(tmp_path, schemas, REAL)
    assert errors == [] and model is not None
    assert model.rows[-1].conditions == ()
    assert FAULTS[29].error_code == "GroundFailure"


def test_status_must_be_an_ocpp_status(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = edited("    status: Charging\n", "    status: Charged\n")
    error = error_for(tmp_path, schemas, text, "'Charged' is not an OCPP 1.6 ChargePointStatus")
    assert error.line == line_of(text, "status: Charged")
    assert "did you mean 'Charging'" in error.hint


def test_error_code_must_be_an_ocpp_error_code(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = edited("    error_code: EVCommunicationError\n", "    error_code: PilotError\n")
    error = error_for(tmp_path, schemas, text, "'PilotError' is not an OCPP 1.6 ChargePointErr")
    assert error.line == line_of(text, "error_code: PilotError")


def test_fault_error_code_must_be_an_ocpp_error_code(
    tmp_path: Path, schemas: OfficialSchemas
) -> None:
    text = edited("{error_code: GroundFailure,", "{error_code: EarthFault,")
    error = error_for(tmp_path, schemas, text, "'EarthFault' is not an OCPP 1.6")
    assert error.line == line_of(text, "EarthFault")


def test_condition_on_an_unknown_field(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = edited("  - when: {pst: [A]}", "  - when: {pstt: [A]}")
    error = error_for(tmp_path, schemas, text, "'pstt' is neither a bridge input nor a myenergi")
    assert error.line == line_of(text, "pstt")
    assert "did you mean 'pst'" in error.hint


def test_unknown_coded_value(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = edited("  - when: {pst: [A]}", "  - when: {pst: [C3]}")
    error = error_for(tmp_path, schemas, text, "pst: 'C3' is not a known pst value")
    assert error.line == line_of(text, "[C3]")


def test_unknown_zsh_name(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = edited("        - EVSE_RCD_CHECK\n", "        - EVSE_RCD_CHEK\n")
    error = error_for(tmp_path, schemas, text, "zsh: 'EVSE_RCD_CHEK' is not a known zsh value")
    assert error.line == line_of(text, "      zsh:")
    assert "EVSE_RCD_CHECK" in error.hint


def test_unknown_bridge_input_value(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = edited("transaction: [ended]", "transaction: [finished]")
    error = error_for(tmp_path, schemas, text, "transaction: 'finished' is not a value")
    assert error.line == line_of(text, "[finished]")


def test_connector_zero_statuses_are_restricted(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = edited("  otherwise: Available\n", "  otherwise: Charging\n")
    model, errors = run(tmp_path, schemas, text)
    assert model is None
    assert errors[0].line == line_of(text, "otherwise: Charging")
    assert "is not one of" in errors[0].message


def test_connector_zero_keys_are_statuses(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = edited("  Unavailable: Unavailable\n", "  Unavailible: Unavailable\n")
    error = error_for(tmp_path, schemas, text, "'Unavailible' is not an OCPP 1.6 ChargePointStatus")
    assert error.line == line_of(text, "Unavailible:")


def test_fault_must_name_a_zsh_code(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = edited("  EVSE_FAULT_PE: {", "  EVSE_FAULT_EARTH: {")
    error = error_for(tmp_path, schemas, text, "'EVSE_FAULT_EARTH' is not a zsh code")
    assert error.line == line_of(text, "EVSE_FAULT_EARTH")


def test_last_row_must_catch_everything(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = edited("  - when: {}\n", "  - when: {cloud: [reachable]}\n")
    error = error_for(tmp_path, schemas, text, "the last row must match everything")
    assert error.line == line_of(text, "when: {cloud: [reachable]}")


def test_shadowed_row_is_reported(tmp_path: Path, schemas: OfficialSchemas) -> None:
    # a narrower Available row after the general one can never match
    text = edited(
        "  - when: {pst: *connected, transaction: [ended]}\n",
        "  - when: {pst: [A], zmo: [ECO]}\n    status: Available\n    why: shadowed\n"
        "  - when: {pst: *connected, transaction: [ended]}\n",
    )
    error = error_for(tmp_path, schemas, text, f"can never match: row {row_number(text, '{pst: [A]}')} ")
    assert error.line == line_of(text, "when: {pst: [A], zmo: [ECO]}")


def test_a_row_after_the_catch_all_is_shadowed(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = REAL + "  - when: {}\n    status: Available\n    why: never\n"
    model, errors = run(tmp_path, schemas, text)
    assert model is None
    assert any("can never match" in e.message for e in errors)


def test_faulted_needs_an_error(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = edited(
        "    error_code: OtherError\n    vendor_error_code: pst F\n",
        "    vendor_error_code: pst F\n",
    )
    error = error_for(tmp_path, schemas, text, "a Faulted row must say which error")
    assert error.line == line_of(text, "vendor_error_code: pst F") - 1


def test_ev_communication_error_only_with_allowed_statuses(
    tmp_path: Path, schemas: OfficialSchemas
) -> None:
    text = edited(
        "    status: SuspendedEV\n    error_code: EVCommunicationError\n",
        "    status: Charging\n    error_code: EVCommunicationError\n",
    )
    error = error_for(tmp_path, schemas, text, "EVCommunicationError is not allowed with Charging")
    assert error.line == line_of(text, "error_code: EVCommunicationError")


def test_info_longer_than_the_schema_allows(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = edited("    info: Stop mode\n", f"    info: {'x' * 51}\n")
    error = error_for(
        tmp_path, schemas, text, "info is 51 characters; StatusNotification allows 50"
    )
    assert error.line == line_of(text, "x" * 51)


def test_error_from_faults_needs_a_fault_condition(
    tmp_path: Path, schemas: OfficialSchemas
) -> None:
    text = edited("  - when: {fault: true}", "  - when: {cloud: [reachable], zsh: [29]}")
    error = error_for(tmp_path, schemas, text, "error_from: faults needs 'fault: true'")
    assert error.line == line_of(text, "    error_from: faults")


def test_bits_only_on_a_flags_field(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = edited("      lck: {set: [LOCKED_NOW],", "      zmo: {set: [LOCKED_NOW],")
    error = error_for(tmp_path, schemas, text, "field 'zmo' is not a bit field")
    assert error.line == line_of(text, "zmo: {set:")


def test_null_never_matches_a_field_with_a_default(
    tmp_path: Path, schemas: OfficialSchemas
) -> None:
    text = edited("zmo: [STOP]", "zmo: [null]")
    error = error_for(tmp_path, schemas, text, "zmo: null never matches")
    assert error.line == line_of(text, "zmo: [null]")


def test_condition_format_is_checked(tmp_path: Path, schemas: OfficialSchemas) -> None:
    text = edited("div: {min: 50}", "div: {above: 50}")
    model, errors = run(tmp_path, schemas, text)
    assert model is None
    assert errors and errors[0].line == line_of(text, "div: {above: 50}")


# --- the generated decision ----------------------------------------------------------------


def situation(
    zappi: dict[str, Any],
    *,
    cloud: str = "reachable",
    transaction: str = "none",
    authorization: str = "waiting",
    zappi_data: str = "valid",
    malformed_field: str | None = None,
) -> Situation:
    return Situation(
        zappi=zappi,
        cloud=CloudState(cloud),
        transaction=TransactionState(transaction),
        authorization=AuthorizationState(authorization),
        zappi_data=ZappiData(zappi_data),
        malformed_field=malformed_field,
    )


def recorded(name: str) -> dict[str, Any]:
    data = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return dict(data["zappi"][0]) if "zappi" in data else dict(data)


def test_unplugged_locked_zappi_is_available() -> None:
    zappi = recorded("jstatus-Z-2023-locked.json")  # pst A, lck 7
    expected_row = row_number(REAL, "{pst: [A]}")
    assert decide(situation(zappi)) == Decision("Available", "NoError", None, None, expected_row)


def test_car_waiting_for_the_pin_is_preparing() -> None:
    zappi = recorded("jstatus-Z-2023-locked.json") | {"pst": "B1", "zsh": 6}
    assert decide(situation(zappi)).status == "Preparing"


def test_recorded_charge_delayed_without_transaction_is_preparing() -> None:
    zappi = recorded("pymyenergi-zappi-device-2021.json")  # pst B2, zsh 9
    assert decide(situation(zappi)).status == "Preparing"


def test_rejected_authorization_says_so() -> None:
    zappi = {"sno": 1, "pst": "B1", "zmo": 4}
    decision = decide(situation(zappi, authorization="rejected"))
    assert (decision.status, decision.info) == ("Preparing", "authorization rejected")


def test_charging_with_power_in_a_transaction() -> None:
    zappi = {"sno": 1, "pst": "C2", "sta": 3, "div": 7100, "zmo": 1}
    assert decide(situation(zappi, transaction="active")).status == "Charging"


def test_recorded_2019_boost_with_zero_suppressed_fields() -> None:
    data = json.loads((FIXTURES / "2019-01_cgi-jstatus-ALL.json").read_text(encoding="utf-8"))
    zappi = next(e["zappi"][0] for e in data if "zappi" in e)  # C2, div 3596, no zsh/lck
    assert decide(situation(zappi, transaction="active")).status == "Charging"


@pytest.mark.parametrize(
    ("zappi", "expected"),
    [
        ({"pst": "C2", "zmo": 4, "div": 0}, ("SuspendedEVSE", "Stop mode")),
        ({"pst": "C2", "zmo": 1, "div": 0, "lck": 7}, ("SuspendedEVSE", "locked, waiting for PIN")),
        ({"pst": "C2", "zmo": 1, "div": 0, "lck": 23}, ("SuspendedEV", None)),
        ({"pst": "B1", "zmo": 3, "sta": 1, "zsh": 5}, ("SuspendedEVSE", "waiting for surplus")),
        ({"pst": "B2", "zmo": 1, "sta": 3, "zsh": 54}, ("SuspendedEVSE", None)),
        ({"pst": "B1", "zmo": 1, "sta": 5, "zsh": 10}, ("SuspendedEV", "charge complete")),
        ({"pst": "C1", "zmo": 1, "sta": 3, "div": 10}, ("SuspendedEV", None)),
    ],
)
def test_suspended_during_a_transaction(
    zappi: dict[str, Any], expected: tuple[str, str | None]
) -> None:
    decision = decide(situation({"sno": 1, **zappi}, transaction="active"))
    assert (decision.status, decision.info) == expected


def test_transaction_ended_car_still_plugged_is_finishing() -> None:
    zappi = {"sno": 1, "pst": "B1", "zmo": 4}
    assert decide(situation(zappi, transaction="ended")).status == "Finishing"


@pytest.mark.parametrize(
    ("zsh", "error_code"),
    [(29, "GroundFailure"), (30, "OverCurrentFailure"), (23, "ConnectorLockFailure")],
)
def test_fault_zsh_is_faulted_with_its_error_code(zsh: int, error_code: str) -> None:
    decision = decide(situation({"sno": 1, "pst": "C2", "zsh": zsh}, transaction="active"))
    assert (decision.status, decision.error_code) == ("Faulted", error_code)
    assert decision.vendor_error_code is not None and str(zsh) in decision.vendor_error_code


def test_pilot_fault_without_fault_code() -> None:
    decision = decide(situation({"sno": 1, "pst": "F", "zsh": 19}))
    assert (decision.status, decision.error_code, decision.vendor_error_code) == (
        "Faulted",
        "OtherError",
        "pst F",
    )


def test_bad_pilot_is_an_ev_communication_error() -> None:
    decision = decide(situation({"sno": 1, "pst": "B1", "zsh": 22}))
    assert (decision.status, decision.error_code) == ("SuspendedEV", "EVCommunicationError")


@pytest.mark.parametrize(
    ("cloud", "info"),
    [("unreachable", "myenergi cloud unreachable"), ("key_rejected", "refused the API key")],
)
def test_cloud_trouble_is_reported_honestly(cloud: str, info: str) -> None:
    decision = decide(situation({"sno": 1, "pst": "C2", "div": 7000}, cloud=cloud))
    assert (decision.status, decision.error_code) == ("Faulted", "OtherError")
    assert decision.info is not None and info in decision.info


def test_connector_zero_follows_connector_one() -> None:
    charging = decide(situation({"sno": 1, "pst": "C2", "div": 7000}, transaction="active"))
    assert connector_zero(charging).status == "Available"
    fault = decide(situation({"sno": 1, "pst": "C2", "zsh": 29}, transaction="active"))
    zero = connector_zero(fault)
    assert (zero.status, zero.error_code) == ("Faulted", "GroundFailure")


def test_missing_plug_state_reaches_the_catch_all() -> None:
    decision = decide(situation({"sno": 1}, transaction="active"))
    assert decision.row == len(ROWS)
    assert decision.status == "Faulted"


_REQUEST = load_official_schemas().actions["StatusNotification"].request
STATUSES = enum_values(_REQUEST, "status")
ERROR_CODES = enum_values(_REQUEST, "errorCode")

_zappi = st.fixed_dictionaries(
    {"sno": st.just(21000001)},
    optional={
        "pst": st.sampled_from(["A", "B1", "B2", "C1", "C2", "F", "U"]),
        "sta": st.integers(0, 6),
        "zmo": st.integers(0, 5),
        "zsh": st.integers(0, 60),
        "lck": st.integers(0, 31),
        "div": st.integers(-10, 23000),
    },
)


@given(
    zappi=_zappi,
    cloud=st.sampled_from(list(CloudState)),
    transaction=st.sampled_from(list(TransactionState)),
    authorization=st.sampled_from(list(AuthorizationState)),
    data=st.sampled_from(list(ZappiData)),
    field=st.sampled_from(sorted(ZAPPI_FIELDS)),
)
def test_every_situation_gets_a_valid_ocpp_report(
    zappi: dict[str, Any],
    cloud: CloudState,
    transaction: TransactionState,
    authorization: AuthorizationState,
    data: ZappiData,
    field: str,
) -> None:
    malformed = field if data is ZappiData.MALFORMED else None
    decision = decide(
        Situation(
            zappi=zappi,
            cloud=cloud,
            transaction=transaction,
            authorization=authorization,
            zappi_data=data,
            malformed_field=malformed,
        )
    )
    if data is ZappiData.MALFORMED and cloud is CloudState.REACHABLE:
        assert (decision.status, decision.error_code) == ("Faulted", "OtherError")
        assert decision.vendor_error_code == f"malformed {field}"
        return
    assert decision.status in STATUSES
    assert decision.error_code in ERROR_CODES
    if decision.status == "Faulted":
        assert decision.error_code != "NoError"
    if zappi.get("pst") == "A" and cloud is CloudState.REACHABLE and zappi.get("zsh") not in FAULTS:
        # no car: Available, unless charging was authorized and waits for the car (TC_011_1)
        waiting = transaction is TransactionState.NONE and authorization is AuthorizationState.ACCEPTED
        assert decision.status == ("Preparing" if waiting else "Available")
