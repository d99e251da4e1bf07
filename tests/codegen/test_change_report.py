"""Golden tests of the change report: for each kind of operator-visible change, a spec edit in a
temporary copy and the exact text ``zappi-ocpp generate --report-only`` prints for it; plus the
report in ``generate`` and ``generate --check``, and no report for an unchanged spec."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.cli import main
from codegen.manifest import FORMAT
from codegen.manifest import read as read_manifest
from codegen.pipeline import build
from tests.codegen.conftest import REPO
from tests.support.spec_edits import add_release, move_to_release

HEADING = "Changes for operators since generated/manifest.py"
NO_CHANGES = "No changes for operators since generated/manifest.py.\n"


def replace(root: Path, file: str, old: str, new: str) -> None:
    path = root / "spec" / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def report(root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--report-only", "--root", str(root)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def golden(*lines: str) -> str:
    return "\n".join([f"{HEADING} ({len(lines)}):", *(f"  {line}" for line in lines)]) + "\n"


def test_the_committed_manifest_reads_back_as_what_the_spec_makes() -> None:
    assert read_manifest(REPO) == build(REPO).facts


def test_an_unchanged_spec_reports_no_changes(
    repo_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert report(repo_copy, capsys) == NO_CHANGES
    assert main(["--root", str(repo_copy)]) == 0
    assert capsys.readouterr().out == NO_CHANGES + "13 generated files, 0 written, 0 deleted\n"


def test_a_firmware_gate(repo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_release(repo_copy, "5.130", "A later phase")
    move_to_release(repo_copy, "UnlockConnector", "5.130")
    move_to_release(repo_copy, "Heartbeat", "5.130")
    assert report(repo_copy, capsys) == golden(
        "action Heartbeat: sent from firmware 5.130 (was 5.114); zappis on older firmware no"
        " longer send it",
        "action UnlockConnector: handled from firmware 5.130 (was 5.114); zappis on older"
        " firmware now answer NotSupported",
    )


def test_a_support_status(repo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_release(repo_copy, "5.130", "A later phase")
    replace(
        repo_copy,
        "messages.yaml",
        "  - action: ChangeAvailability\n    origin: CentralSystem\n    profile: Core\n"
        "    status: unsupported\n",
        "  - action: ChangeAvailability\n    origin: CentralSystem\n    profile: Core\n"
        '    status: supported\n    since_firmware: "5.130"\n',
    )
    replace(
        repo_copy,
        "messages.yaml",
        "  - action: ReserveNow\n    origin: CentralSystem\n    profile: Reservation\n"
        "    status: unsupported\n",
        "  - action: ReserveNow\n    origin: CentralSystem\n    profile: Reservation\n"
        '    status: planned\n    since_firmware: "5.130"\n',
    )
    replace(
        repo_copy,
        "messages.yaml",
        "    status: supported\n    since_firmware: page-revision-2\n    comment: >-\n"
        "      Sent only with status Idle",
        "    status: unsupported\n    comment: >-\n      Sent only with status Idle",
    )
    assert report(repo_copy, capsys) == golden(
        "action ChangeAvailability: now handled from firmware 5.130 (was unsupported, answered"
        " NotSupported); zappis on older firmware still answer NotSupported",
        "action DiagnosticsStatusNotification: now unsupported, not sent (was sent from"
        " firmware 5.114)",
        "action ReserveNow: planned for firmware 5.130 (was unsupported); still answered"
        " NotSupported",
    )


def test_a_release_without_firmware_changes_no_gate(
    repo_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # listed under another release, but gated by the same firmware: nothing for operators
    replace(repo_copy, "messages.yaml", 'since_firmware: "5.114"', "since_firmware: page-revision-2")
    assert report(repo_copy, capsys) == NO_CHANGES


def test_configuration_keys(repo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace(
        repo_copy,
        "config_keys.yaml",
        "    default: 60\n    min: 0\n    max: 86400\n",
        "    default: 300\n    min: 10\n    max: 86400\n",
    )
    replace(
        repo_copy,
        "config_keys.yaml",
        "  - name: ConnectionTimeOut\n    type: int\n    access: RW\n",
        "  - name: ConnectionTimeOut\n    type: int\n    access: R\n",
    )
    replace(
        repo_copy,
        "config_keys.yaml",
        "    effect: stored\n    reboot_required: false\n    description: >-\n      How often a failed",
        "    effect: stored\n    reboot_required: true\n    description: >-\n      How often a failed",
    )
    keys = repo_copy / "spec" / "config_keys.yaml"
    text = keys.read_text(encoding="utf-8")
    start = text.index("  - name: MessageTimeout\n")
    text = text[:start] + text[text.index("\n\n", start) + 2 :]
    keys.write_text(
        text.rstrip("\n") + "\n\n  - name: ChargeReminder\n    type: bool\n    access: RW\n"
        "    profile: myenergi\n    default: true\n    effect: stored\n"
        "    reboot_required: false\n    description: A test key.\n",
        encoding="utf-8",
    )
    assert report(repo_copy, capsys) == golden(
        "config key ChargeReminder: added (RW, default true)",
        "config key ConnectionTimeOut: access R (was RW)",
        "config key HeartbeatInterval: default 300 (was 60)",
        "config key HeartbeatInterval: allowed 10–86400 s (was 0–86400 s)",
        "config key MessageTimeout: removed",
        "config key ResetRetries: a change now needs a reboot",
    )


def test_measurands_sent_and_left_out(repo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    measurands = repo_copy / "spec" / "measurands.yaml"
    text = measurands.read_text(encoding="utf-8")
    start = text.index("  - measurand: Frequency\n")
    end = text.index("  - measurand: Power.Active.Import\n    location: Inlet")
    text = text[:start] + text[end:]
    text = text.replace("\nleft_out:\n", "\nleft_out:\n  Frequency: a test reason\n")
    text = text.replace(
        "  - measurand: Voltage\n    location: Inlet\n",
        "  - measurand: Voltage\n    location: Outlet\n    unit: V\n    from: {field: vol}\n"
        "    why: a test row\n  - measurand: Voltage\n    location: Inlet\n",
    )
    measurands.write_text(text, encoding="utf-8")
    # the measurand keys allow exactly what is sent, so they change with it
    replace(repo_copy, "config_keys.yaml", "\n                          Frequency, ", "\n    ")
    replace(
        repo_copy,
        "config_keys.yaml",
        "Energy.Active.Import.Register, Frequency,\n",
        "Energy.Active.Import.Register,\n",
    )
    assert report(repo_copy, capsys) == golden(
        "config key MeterValuesAlignedData: allowed drops Frequency",
        "config key MeterValuesSampledData: default drops Frequency",
        "config key MeterValuesSampledData: allowed drops Frequency",
        "config key StopTxnAlignedData: allowed drops Frequency",
        "config key StopTxnSampledData: allowed drops Frequency",
        "measurand Voltage (Outlet): now sent (V)",
        "measurand Frequency (Inlet): no longer sent (left out)",
    )


def test_status_rows(repo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = repo_copy / "spec" / "status.yaml"
    text = status.read_text(encoding="utf-8")
    text = text.replace("    info: charge complete\n", "    info: car full\n")
    complete = "  - when: {pst: *connected, transaction: [active], sta: [COMPLETE]}\n"
    text = text.replace(
        complete,
        "  - when: {pst: *connected, transaction: [active], sta: [BOOSTING]}\n"
        f"    status: Charging\n    why: a boost always charges\n{complete}",
    )
    text = text[: text.index("  - when: {pst: [F]}\n")] + text[text.index("  - when: {pst: [A], tr") :]
    stop = text.index("  - when: {pst: *connected, transaction: [active], zmo: [STOP]}\n")
    lock = text.index("  - when:\n      pst: *connected\n      transaction: [active]\n      lck:")
    after = text.index("  - when: {pst: *connected, transaction: [active], sta: [PAUSED, DSR]}")
    text = text[:stop] + text[lock:after] + text[stop:lock] + text[after:]
    text = text.replace(
        "EVSE_FAULT_RCD_TRIP: {error_code: GroundFailure,", "EVSE_FAULT_RCD_TRIP: {error_code: OtherError,"
    )
    text = text.replace("  Unavailable: Unavailable\n", "  Unavailable: Faulted\n")
    status.write_text(text, encoding="utf-8")
    connected = "pst B1/B2/C1/C2, transaction active"
    assert report(repo_copy, capsys) == golden(
        f"StatusNotification when {connected}, sta BOOSTING: Charging (a new row)",
        f"StatusNotification when {connected}, sta COMPLETE: SuspendedEV, info 'car full' (was"
        " SuspendedEV, info 'charge complete')",
        "StatusNotification when pst F: row removed (was Faulted, OtherError, vendorErrorCode"
        " 'pst F'); those states now take a later row",
        f"StatusNotification when {connected}, lck set LOCKED_NOW clear"
        " CHARGE_WHEN_LOCKED/CHARGE_SESSION_ALLOWED: row moved, now checked before the row for"
        f" {connected}, zmo STOP",
        "StatusNotification for zsh 29 EVSE_FAULT_RCD_TRIP: Faulted with OtherError,"
        " vendorErrorCode 'zsh 29 EVSE_FAULT_RCD_TRIP' (was GroundFailure, vendorErrorCode"
        " 'zsh 29 EVSE_FAULT_RCD_TRIP')",
        "StatusNotification of connector 0 when connector 1 is Unavailable: Faulted (was"
        " Unavailable)",
    )


def test_fixed_answers(repo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace(
        repo_copy, "messages.yaml", "fixed_fields: {status: Rejected}", "fixed_fields: {status: Accepted}"
    )
    replace(repo_copy, "messages.yaml", "    while_pending: {status: Rejected}\n", "")
    assert report(repo_copy, capsys) == golden(
        "fixed answer ClearCache: status Accepted (was status Rejected)",
        "fixed answer RemoteStartTransaction while Pending: no longer fixed (was status Rejected)",
    )


def test_generate_reports_before_writing_and_check_reports_when_stale(
    repo_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_release(repo_copy, "5.130", "A later phase")
    move_to_release(repo_copy, "Reset", "5.130")
    expected = golden(
        "action Reset: handled from firmware 5.130 (was 5.114); zappis on older firmware now"
        " answer NotSupported"
    )
    assert main(["--report-only", "--root", str(repo_copy)]) == 0
    assert capsys.readouterr().out == expected
    assert main(["--check", "--root", str(repo_copy)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(expected)
    assert "stale:   generated/manifest.py" in err
    assert main(["--root", str(repo_copy)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(expected + "updated: ")
    assert "updated: generated/messages.py" in out
    assert report(repo_copy, capsys) == NO_CHANGES  # the manifest now records the change
    assert main(["--check", "--root", str(repo_copy)]) == 0


def test_an_edit_no_operator_sees_is_stale_but_reports_nothing(
    repo_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replace(repo_copy, "messages.yaml", "Not supported, as ReserveNow.", "Not supported, as ReserveNow!")
    assert main(["--check", "--root", str(repo_copy)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(NO_CHANGES)
    assert "stale:   docs/ocpp-support.md" in err
    recorded = read_manifest(repo_copy)
    assert main(["--root", str(repo_copy)]) == 0
    assert capsys.readouterr().out.startswith(NO_CHANGES)
    assert recorded is not None
    assert read_manifest(repo_copy) == recorded  # only its source hash moved


def test_without_a_manifest_the_report_says_so(
    repo_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unreadable = (
        "No readable generated/manifest.py to compare with: this generate starts the change"
        " report.\n"
    )
    target = repo_copy / "generated" / "manifest.py"
    for text in (
        "# a hand edit\nOPERATOR_FACTS = 1\n",
        f"OPERATOR_FACTS: dict[str, object] = {{'format': {FORMAT}, 'actions': {{}}}}\n",
        "OPERATOR_FACTS: dict[str, object] = {'format': 0}\n",  # an older layout
    ):
        target.write_text(text)
        assert report(repo_copy, capsys) == unreadable
    target.unlink()
    assert report(repo_copy, capsys) == unreadable
    assert main(["--root", str(repo_copy)]) == 0
    capsys.readouterr()
    assert report(repo_copy, capsys) == NO_CHANGES
