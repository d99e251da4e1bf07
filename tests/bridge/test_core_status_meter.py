"""The core's reports: StatusNotification from the decision table, the energy register,
MeterValues, TriggerMessage, firmware, and the cloud going away and coming back."""

from __future__ import annotations

from core_helpers import (
    T0,
    calls,
    charging,
    harness,
    plugged,
    queued,
    reboots,
    status_names,
    statuses,
    zappi,
)

from generated.payloads import MessageTrigger, TriggerMessageStatus
from generated.status_table import CloudState
from runtime.bridge.metering import next_clock_aligned
from runtime.bridge.register import advance_register
from runtime.ocpp.outbox import TxRole


def test_first_snapshot_reports_both_connectors_and_only_changes_after() -> None:
    h = harness()
    effects = h.observe(zappi())
    assert status_names(effects, 0) == ["Available"]
    assert status_names(effects, 1) == ["Available"]
    assert h.observe(zappi(grd=999), T0 + 1) == []  # nothing the table looks at changed


def test_boot_payload_names_vendor_model_serial_and_firmware() -> None:
    h = harness()
    h.observe(zappi())
    assert h.core.boot_request().to_payload() == {
        "chargePointVendor": "myenergi",
        "chargePointModel": "zappi",
        "chargePointSerialNumber": "21000001",
        "firmwareVersion": "3562S5.782",
    }


def test_fault_reports_faulted_with_the_zsh_error_on_both_connectors() -> None:
    h = harness()
    h.observe(zappi())
    effects = h.observe(zappi(pst="F", zsh=29), T0 + 1)
    (one,) = statuses(effects, 1)
    assert (one["status"], one["errorCode"]) == ("Faulted", "GroundFailure")
    assert one["vendorErrorCode"] == "zsh 29 EVSE_FAULT_RCD_TRIP"
    assert status_names(effects, 0) == ["Faulted"]


def test_cloud_outage_is_reported_and_normal_status_returns_with_the_next_poll() -> None:
    h = harness()
    h.observe(zappi())
    effects = h.feed(h.core.cloud_failed(CloudState.UNREACHABLE, T0 + 1))
    (one,) = statuses(effects, 1)
    assert (one["status"], one["errorCode"], one["info"]) == (
        "Faulted",
        "OtherError",
        "myenergi cloud unreachable",
    )
    effects = h.feed(h.core.cloud_failed(CloudState.KEY_REJECTED, T0 + 2))
    assert statuses(effects, 1)[0]["info"] == "myenergi cloud refused the API key"
    effects = h.observe(zappi(), T0 + 3)
    assert status_names(effects, 1) == ["Available"]
    assert status_names(effects, 0) == ["Available"]


def test_register_is_monotonic_across_sessions() -> None:
    assert advance_register(0.0, None, 5000.0, boundary=False) == (0.0, 5000.0, False)  # baseline
    assert advance_register(0.0, 5000.0, 6500.0, boundary=False) == (1500.0, 6500.0, False)
    # che restarted at 0 at a plug cycle
    assert advance_register(1500.0, 6500.0, 300.0, boundary=True) == (1800.0, 300.0, False)
    h = harness()
    h.observe(zappi(che=4.0))
    h.observe(charging(che=0.5), T0 + 1)  # a new session
    h.observe(charging(che=1.5), T0 + 2)
    assert h.core.state.register_wh == 1500
    again = h.restart()
    again.observe(charging(che=2.0), T0 + 3)
    assert again.core.state.register_wh == 2000


def test_sampled_meter_values_every_interval_during_a_transaction() -> None:
    h = harness(MeterValueSampleInterval="30")
    h.observe(zappi())
    h.observe(charging(che=1.0), T0)
    assert h.core.next_deadline() == T0 + 30
    effects = h.core.tick(T0 + 30)
    (message,) = queued(effects, "MeterValues")
    assert message.role is TxRole.UPDATE and message.tx_ref == "tx1"
    (value,) = message.payload["meterValue"]
    measurands = {(s["measurand"], s.get("location")) for s in value["sampledValue"]}
    assert ("Energy.Active.Import.Register", "Outlet") in measurands
    assert ("Power.Active.Import", "Outlet") in measurands
    assert ("Voltage", "Inlet") in measurands
    assert {s["context"] for s in value["sampledValue"]} == {"Sample.Periodic"}
    power = next(s for s in value["sampledValue"] if s["measurand"] == "Power.Active.Import")
    assert power["value"] == "7200"
    assert h.core.next_deadline() == T0 + 60


def test_sampled_data_follows_the_configured_measurands() -> None:
    h = harness(MeterValueSampleInterval="10", MeterValuesSampledData="Voltage")
    h.observe(charging(che=1.0))
    (message,) = queued(h.core.tick(T0 + 10), "MeterValues")
    assert [s["measurand"] for s in message.payload["meterValue"][0]["sampledValue"]] == ["Voltage"]


def test_no_sampling_without_a_transaction_or_with_interval_zero() -> None:
    h = harness(FreeCharging="false")
    h.observe(charging())
    assert h.core.next_deadline() is None
    h2 = harness(MeterValueSampleInterval="0")
    h2.observe(charging())
    assert h2.core.next_deadline() is None


def test_clock_aligned_values_at_each_boundary() -> None:
    assert next_clock_aligned(T0, 900) == T0 + 900
    assert next_clock_aligned(T0 + 1, 900) == T0 + 900
    h = harness(ClockAlignedDataInterval="900", MeterValueSampleInterval="0")
    h.feed(h.core.start(T0 + 100))
    h.observe(zappi(), T0 + 100)
    effects = h.core.tick(T0 + 900)
    (call,) = calls(effects, "MeterValues")  # no transaction: a plain CALL, no transactionId
    (value,) = call.payload["meterValue"]
    assert value["timestamp"] == "2027-01-15T08:00:00Z"  # the interval's start (§3.16)
    assert {s["context"] for s in value["sampledValue"]} == {"Sample.Clock"}
    h.observe(charging(), T0 + 901)
    assert [m.role for m in queued(h.core.tick(T0 + 1800), "MeterValues")] == [TxRole.UPDATE]


def test_stop_transaction_carries_begin_and_end_values() -> None:
    h = harness()
    h.observe(charging(che=1.0))
    h.observe(charging(che=2.0), T0 + 60)
    _, effects = h.core.remote_stop(1001, 1001, T0 + 61)
    data = queued(effects, "StopTransaction")[0].payload["transactionData"]
    begin, end = data
    assert begin["sampledValue"][0] == {
        "value": "0",
        "context": "Transaction.Begin",
        "measurand": "Energy.Active.Import.Register",
        "location": "Outlet",
        "unit": "Wh",
    }
    assert end["sampledValue"][0]["value"] == "1000"
    assert end["sampledValue"][0]["context"] == "Transaction.End"


def test_stop_transaction_without_data_when_stop_txn_sampled_data_is_empty() -> None:
    h = harness(StopTxnSampledData="")
    h.observe(charging())
    _, effects = h.core.remote_stop(1001, 1001, T0 + 1)
    assert "transactionData" not in queued(effects, "StopTransaction")[0].payload


def test_trigger_rejects_unknown_connectors() -> None:
    h = harness()
    h.observe(zappi())
    status, effects = h.core.trigger(MessageTrigger.METER_VALUES, 2, T0)  # TC_055
    assert status is TriggerMessageStatus.REJECTED and effects == []


def test_trigger_sends_each_message_after_the_answer() -> None:
    h = harness()
    h.observe(charging())
    expected = {
        MessageTrigger.BOOT_NOTIFICATION: ["BootNotification"],
        MessageTrigger.HEARTBEAT: ["Heartbeat"],
        MessageTrigger.STATUS_NOTIFICATION: ["StatusNotification", "StatusNotification"],
        MessageTrigger.METER_VALUES: ["MeterValues"],
        MessageTrigger.FIRMWARE_STATUS_NOTIFICATION: ["FirmwareStatusNotification"],
        MessageTrigger.DIAGNOSTICS_STATUS_NOTIFICATION: ["DiagnosticsStatusNotification"],
    }
    for requested, actions in expected.items():
        status, effects = h.core.trigger(requested, None, T0)
        assert status is TriggerMessageStatus.ACCEPTED
        sent = calls(effects)
        assert [c.action for c in sent] == actions
        assert all(c.after_answer for c in sent)
    _, effects = h.core.trigger(MessageTrigger.METER_VALUES, 1, T0)
    (meter,) = calls(effects)
    assert meter.tx_ref == "tx1"
    assert meter.payload["meterValue"][0]["sampledValue"][0]["context"] == "Trigger"
    _, effects = h.core.trigger(MessageTrigger.DIAGNOSTICS_STATUS_NOTIFICATION, None, T0)
    assert calls(effects)[0].payload == {"status": "Idle"}
    _, effects = h.core.trigger(MessageTrigger.STATUS_NOTIFICATION, 1, T0)
    assert [c.payload["connectorId"] for c in calls(effects)] == [1]


def test_firmware_change_after_update_firmware_reports_installed_and_reboots() -> None:
    h = harness()
    h.observe(zappi())
    h.feed(h.core.update_firmware("ftp://example.invalid/fw.bin", T0))
    effects = h.observe(zappi(fwv="3562S5.800"), T0 + 60)
    (installed,) = calls(effects, "FirmwareStatusNotification")
    assert installed.payload == {"status": "Installed"}
    assert len(reboots(effects)) == 1
    assert h.core.boot_request().to_payload()["firmwareVersion"] == "3562S5.800"
    later = h.observe(zappi(fwv="3562S5.900"), T0 + 120)  # not asked for: no Installed
    assert calls(later) == [] and len(reboots(later)) == 1


def test_restart_remembers_the_reported_firmware() -> None:
    h = harness()
    h.observe(zappi())
    again = h.restart()
    assert reboots(again.observe(zappi())) == []


def test_stop_txn_aligned_data_goes_into_the_stop_transaction() -> None:
    h = harness(ClockAlignedDataInterval="900", StopTxnAlignedData="Energy.Active.Import.Register")
    h.feed(h.core.start(T0 + 10))
    h.observe(charging(che=1.0), T0 + 10)
    h.observe(charging(che=1.5), T0 + 800)
    h.core.tick(T0 + 900)
    again = h.restart()  # the values taken so far survive a restart
    again.observe(charging(che=2.0), T0 + 1000)
    _, effects = again.core.remote_stop(1001, 1001, T0 + 1001)
    data = queued(effects, "StopTransaction")[0].payload["transactionData"]
    assert [v["sampledValue"][0]["context"] for v in data] == [
        "Transaction.Begin",
        "Sample.Clock",
        "Transaction.End",
    ]
    assert data[1]["timestamp"] == "2027-01-15T08:00:00Z"  # the interval's start (§3.16)
    assert data[1]["sampledValue"][0]["value"] == "500"  # the register at the boundary


def test_minimum_status_duration_reports_only_stable_changes() -> None:
    h = harness(MinimumStatusDuration="10", FreeCharging="false")
    assert status_names(h.observe(zappi()), 1) == ["Available"]  # the first report is not held
    assert status_names(h.observe(plugged(), T0 + 1), 1) == []
    assert h.core.next_deadline() == T0 + 11
    assert status_names(h.observe(zappi(), T0 + 5), 1) == []  # back to Available: a blip
    assert h.core.tick(T0 + 11) == []
    h.observe(plugged(), T0 + 20)
    assert status_names(h.core.tick(T0 + 29), 1) == []
    assert status_names(h.core.tick(T0 + 30), 1) == ["Preparing"]
