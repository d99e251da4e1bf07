"""The bridge in process over real sockets: the simulator, a loopback CSMS, ``run_bridge``."""

from __future__ import annotations

from pathlib import Path

import pytest
import trio
from bridge_helpers import LOCKED, ZAPPI, Bridge, Sim, bridge_config, start_bridge

from tests.support.csms import TestCsms

BOX = f"zappi-{ZAPPI}"


def statuses(csms: TestCsms, box: str, connector: int = 1) -> list[str]:
    return [
        c[3]["status"]
        for c in csms.calls("StatusNotification", box)
        if c[3]["connectorId"] == connector
    ]


async def wait_status(csms: TestCsms, box: str, status: str, connector: int = 1) -> None:
    while statuses(csms, box, connector)[-1:] != [status]:  # noqa: ASYNC110 - a thread's list
        await trio.sleep(0.02)


async def test_boot_status_remote_start_and_stop(bridge: Bridge, sim: Sim, csms: TestCsms) -> None:
    with trio.fail_after(20):
        boot = (await csms.wait_for_call("BootNotification", charge_box=BOX))[0][3]
        assert boot == {
            "chargePointVendor": "myenergi",
            "chargePointModel": "zappi",
            "chargePointSerialNumber": ZAPPI,
            "firmwareVersion": "3562S5.782",
        }
        await wait_status(csms, BOX, "Available")
        await wait_status(csms, BOX, "Available", connector=0)
        # FreeCharging off, so the plugged car waits for the remote start
        answer = await csms.request(
            BOX, "ChangeConfiguration", {"key": "freecharging", "value": "false"}
        )
        assert answer[2] == {"status": "Accepted"}
        await sim.control(f"zappi/{ZAPPI}/plug", {"ev_wants_kwh": 30})
        await wait_status(csms, BOX, "Preparing")
        answer = await csms.request(BOX, "RemoteStartTransaction", {"idTag": "CARD1"})
        assert answer[2] == {"status": "Accepted"}
        start = (await csms.wait_for_call("StartTransaction", charge_box=BOX))[0][3]
        assert start["idTag"] == "CARD1" and start["connectorId"] == 1
        await wait_status(csms, BOX, "Charging")
        answer = await csms.request(BOX, "RemoteStopTransaction", {"transactionId": 1001})
        assert answer[2] == {"status": "Accepted"}
        stop = (await csms.wait_for_call("StopTransaction", charge_box=BOX))[0][3]
        assert stop["reason"] == "Remote" and stop["transactionId"] == 1001
        assert stop["meterStop"] >= start["meterStart"]
        await wait_status(csms, BOX, "Finishing")
        await sim.control(f"zappi/{ZAPPI}/unplug")
        await wait_status(csms, BOX, "Available")
    assert LOCKED


async def test_the_old_connect_timeout_key_is_used_and_warned_about_once(
    nursery: trio.Nursery, sim: Sim, csms: TestCsms, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    storage = tmp_path / "bridge.sqlite3"
    config = bridge_config(sim.url, csms.url, storage, csms_extra="  call_timeout_s: 4.5\n")
    with trio.fail_after(20):
        running = await start_bridge(nursery, config)
        await csms.wait_for_call("BootNotification", charge_box=BOX)
    running.scope.cancel()
    assert {d.cp.options.connect_timeout for d in running.drivers.values()} == {4.5}
    warned = [r for r in caplog.records if r.getMessage() == "config.deprecated"]
    assert len(warned) == 1 and warned[0].levelname == "WARNING"
