"""The bridge in process over real sockets, one behaviour per test: PIN tags, the cloud going
away, a restart mid-transaction, triggers, unsupported actions, reset, firmware, eligibility."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
import trio
from bridge_helpers import LOCKED, ZAPPI, Bridge, Sim, bridge_config, start_bridge

from generated.myenergi import ChargeMode
from tests.support.csms import TestCsms

BOX, LOCKED_BOX = f"zappi-{ZAPPI}", f"zappi-{LOCKED}"


def statuses(csms: TestCsms, box: str, connector: int = 1) -> list[dict[str, object]]:
    calls = csms.calls("StatusNotification", box)
    return [c[3] for c in calls if c[3]["connectorId"] == connector]


async def wait_status(
    csms: TestCsms, box: str, status: str, connector: int = 1
) -> dict[str, object]:
    while [s["status"] for s in statuses(csms, box, connector)][-1:] != [status]:  # noqa: ASYNC110 - a thread's list
        await trio.sleep(0.02)
    return statuses(csms, box, connector)[-1]


async def free_charging_off(csms: TestCsms, box: str) -> None:
    await wait_status(csms, box, "Available")
    answer = await csms.request(
        box, "ChangeConfiguration", {"key": "FreeCharging", "value": "false"}
    )
    assert answer[2] == {"status": "Accepted"}


async def test_pin_entry_sends_the_virtual_tag_and_starts(
    bridge: Bridge, sim: Sim, csms: TestCsms
) -> None:
    with trio.fail_after(20):
        await free_charging_off(csms, LOCKED_BOX)
        await sim.control(f"zappi/{LOCKED}/plug")
        await wait_status(csms, LOCKED_BOX, "Preparing")
        await sim.control(f"zappi/{LOCKED}/pin", {"pin": "44444"})
        authorize = (await csms.wait_for_call("Authorize", charge_box=LOCKED_BOX))[0][3]
        assert authorize == {"idTag": f"VTAG{LOCKED}"}
        start = (await csms.wait_for_call("StartTransaction", charge_box=LOCKED_BOX))[0][3]
        assert start["idTag"] == f"VTAG{LOCKED}"


async def test_pin_blocked_puts_the_zappi_in_stop_mode(
    bridge: Bridge, sim: Sim, csms: TestCsms
) -> None:
    csms.script.reply("Authorize", {"idTagInfo": {"status": "Blocked"}})
    with trio.fail_after(20):
        await free_charging_off(csms, LOCKED_BOX)
        await sim.control(f"zappi/{LOCKED}/plug")
        await wait_status(csms, LOCKED_BOX, "Preparing")
        await sim.control(f"zappi/{LOCKED}/pin", {"pin": "44444"})
        await csms.wait_for_call("Authorize", charge_box=LOCKED_BOX)
        while statuses(csms, LOCKED_BOX)[-1].get("info") != "authorization rejected":  # noqa: ASYNC110
            await trio.sleep(0.02)
        assert statuses(csms, LOCKED_BOX)[-1]["status"] == "Preparing"
        await trio.sleep(0.5)  # the Stop command lands and nothing starts
        assert sim.fleet.zappi(int(LOCKED)).mode is ChargeMode.STOP
    assert csms.calls("StartTransaction", LOCKED_BOX) == []


async def test_cloud_outage_is_reported_and_recovers(
    bridge: Bridge, sim: Sim, csms: TestCsms
) -> None:
    with trio.fail_after(20):
        await wait_status(csms, BOX, "Available")
        await sim.control("hub/21000001/outage", {"kind": "http500"})
        report = await wait_status(csms, BOX, "Faulted")
        assert (report["errorCode"], report["info"]) == ("OtherError", "myenergi cloud unreachable")
        await wait_status(csms, BOX, "Faulted", connector=0)
        await sim.control("hub/21000001/outage", {"kind": "none"})
        await wait_status(csms, BOX, "Available")
        await wait_status(csms, BOX, "Available", connector=0)


async def test_rejected_key_is_reported_with_its_hub(
    bridge: Bridge, sim: Sim, csms: TestCsms, caplog: pytest.LogCaptureFixture
) -> None:
    with trio.fail_after(20):
        await wait_status(csms, BOX, "Available")
        await sim.control("hub/21000001/set", {"api_key": "regenerated-key"})
        report = await wait_status(csms, BOX, "Faulted")
        assert report["info"] == "myenergi cloud refused the API key"
    lines = [r for r in caplog.records if r.getMessage() == "hub.key_rejected"]
    assert lines and lines[0].__dict__["fields"]["hub"] == "21000001"


async def test_restart_mid_transaction_sends_the_stop_exactly_once(
    nursery: trio.Nursery, sim: Sim, csms: TestCsms, tmp_path: Path
) -> None:
    config = bridge_config(sim.url, csms.url, tmp_path / "bridge.sqlite3")
    with trio.fail_after(30):
        first = await start_bridge(nursery, config)
        await sim.control(f"zappi/{ZAPPI}/plug")
        await csms.wait_for_call("StartTransaction", charge_box=BOX)
        await trio.sleep(0.3)  # the StartTransaction answer is committed
        first.scope.cancel()  # as good as a SIGKILL for the state: it is all in SQLite
        await trio.sleep(0.1)
        await sim.control(f"zappi/{ZAPPI}/unplug")
        second = await start_bridge(nursery, config)
        stop = (await csms.wait_for_call("StopTransaction", charge_box=BOX))[0][3]
        assert (stop["reason"], stop["transactionId"]) == ("EVDisconnected", 1001)
        await wait_status(csms, BOX, "Available")
        await trio.sleep(0.5)
        second.scope.cancel()
    assert len(csms.calls("StopTransaction", BOX)) == 1
    assert len(csms.calls("StartTransaction", BOX)) == 1


async def test_trigger_is_answered_before_the_message_it_asks_for(
    bridge: Bridge, csms: TestCsms
) -> None:
    with trio.fail_after(20):
        await wait_status(csms, BOX, "Available")
        before = len(csms.calls("StatusNotification", BOX))
        answer = await csms.request(
            BOX, "TriggerMessage", {"requestedMessage": "StatusNotification"}
        )
        assert answer[2] == {"status": "Accepted"}
        await csms.wait_for_call("StatusNotification", count=before + 2, charge_box=BOX)
        rejected = await csms.request(
            BOX, "TriggerMessage", {"requestedMessage": "MeterValues", "connectorId": 2}
        )
        assert rejected[2] == {"status": "Rejected"}  # TC_055
    frames = [
        json.loads(f.text) for f in csms.frames if f.charge_box == BOX and f.direction == "in"
    ]
    answered = next(i for i, f in enumerate(frames) if f[0] == 3 and f[1] == answer[1])
    triggered = [i for i, f in enumerate(frames) if f[0] == 2 and f[2] == "StatusNotification"]
    assert triggered[before] > answered


async def test_unsupported_actions_get_not_supported(bridge: Bridge, csms: TestCsms) -> None:
    with trio.fail_after(20):
        await wait_status(csms, BOX, "Available")
        answer = await csms.request(
            BOX, "ChangeAvailability", {"connectorId": 1, "type": "Inoperative"}
        )
        assert answer[0] == 4 and answer[2] == "NotSupported"
        answer = await csms.request(BOX, "ClearCache", {})
        assert answer[2] == {"status": "Rejected"}
        answer = await csms.request(BOX, "UnlockConnector", {"connectorId": 2})
        assert answer[2] == {"status": "NotSupported"}  # TC_031


async def test_reset_with_a_transaction_stops_it_and_boots_again(
    bridge: Bridge, sim: Sim, csms: TestCsms
) -> None:
    with trio.fail_after(20):
        await wait_status(csms, BOX, "Available")
        await sim.control(f"zappi/{ZAPPI}/plug")
        await csms.wait_for_call("StartTransaction", charge_box=BOX)
        answer = await csms.request(BOX, "Reset", {"type": "Soft"})
        assert answer[2] == {"status": "Accepted"}
        stop = (await csms.wait_for_call("StopTransaction", charge_box=BOX))[0][3]
        assert stop["reason"] == "SoftReset"  # TC_016
        await csms.wait_for_call("BootNotification", count=2, charge_box=BOX)
    order = [c[2] for c in csms.calls(charge_box=BOX) if c[2] != "StatusNotification"]
    # graceful: the StopTransaction on the old connection, then the new boot (OCPP 1.6 §5.14)
    assert order[-2:] == ["StopTransaction", "BootNotification"]


async def test_new_firmware_after_update_firmware(bridge: Bridge, sim: Sim, csms: TestCsms) -> None:
    with trio.fail_after(20):
        await wait_status(csms, BOX, "Available")
        answer = await csms.request(
            BOX,
            "UpdateFirmware",
            {
                "location": "ftp://127.0.0.1:1/never-fetched.bin",
                "retrieveDate": "2026-01-01T00:00:00Z",
            },
        )
        assert answer[2] == {}
        await sim.control(
            f"zappi/{ZAPPI}/firmware-update", {"firmware": "3562S5.800", "duration_s": 30}
        )
        installed = (await csms.wait_for_call("FirmwareStatusNotification", charge_box=BOX))[0][3]
        assert installed == {"status": "Installed"}
        boots = await csms.wait_for_call("BootNotification", count=2, charge_box=BOX)
        assert boots[-1][3]["firmwareVersion"] == "3562S5.800"


async def test_ineligible_firmware_gets_no_connection_and_one_log_line(
    nursery: trio.Nursery,
    sim: Sim,
    csms: TestCsms,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    sim.fleet.zappi(int(LOCKED)).firmware = "3562S5.100"
    config = bridge_config(sim.url, csms.url, tmp_path / "bridge.sqlite3")
    with trio.fail_after(20):
        running = await start_bridge(nursery, config)
        await csms.wait_connected(BOX)
        await trio.sleep(1.0)
        running.scope.cancel()
    assert LOCKED_BOX not in csms.connections
    lines = [r.__dict__["fields"] for r in caplog.records if r.getMessage() == "charger.ineligible"]
    assert lines == [
        {"serial": LOCKED, "charge_box": LOCKED_BOX, "reason": "firmware 5.100 is older than 5.114"}
    ]
