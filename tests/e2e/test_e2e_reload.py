"""End to end, live enrolment: SIGHUP makes a running ``zappi-ocpp run`` read its config file
again. Chargers are added, removed and changed while a transaction runs on an untouched one,
whose CSMS sees no reconnect; a removed charger with queued transaction messages comes back
and delivers them; an invalid file is refused and the fleet carries on unchanged."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest
import trio
import yaml

from tests.e2e.harness import BridgeProcess, Charger, World, result
from tests.support.csms import TestCsms

pytestmark = pytest.mark.slow


async def wait_log(bridge: BridgeProcess, text: str, count: int = 1, within: float = 15) -> str:
    with trio.move_on_after(within):
        while bridge.log().count(text) < count:  # noqa: ASYNC110 - a subprocess's file
            await trio.sleep(0.05)
        return bridge.log()
    raise AssertionError(f"no {text!r} (#{count}) in the log:\n{bridge.log()[-3000:]}")


def reload(bridge: BridgeProcess, world: World, chargers: list[Charger], path: Path) -> None:
    world.write_config(chargers, name=path.name)
    bridge.signal(signal.SIGHUP)


async def test_sighup_adds_removes_and_changes_chargers_and_leaves_the_others_alone(
    world: World,
) -> None:
    untouched, changed, added = world.charger(), world.charger(), world.charger()
    with TestCsms() as other_operator:
        taken = world.charger()
        # the charger that goes away and comes back, on its own operator's CSMS
        away = Charger(taken.serial, taken.charge_box_id, taken.pin_id_tag,
                       csms=(("url", other_operator.url),))  # fmt: skip
        path = world.write_config([untouched, away, changed])
        with trio.fail_after(120):
            bridge = world.start_bridge(path)
            for charger in (untouched, changed):
                await world.wait_status(charger, connector=1, within=20)
            await other_operator.wait_for_call("StatusNotification", charge_box=away.charge_box_id)
            transaction_id = await world.plug_and_start(untouched)

            # the away charger's CSMS goes down; a car plugged in queues its StartTransaction
            other_operator.stop()
            await world.sim_call(world.sim.plug, away.serial)
            await wait_log(bridge, f"transaction.started charge_box={away.charge_box_id}")
            removed_at = time.time()

            # reload: away removed, changed gets a new Virtual OCPP Tag, added joins
            mark = world.mark()
            changed_now = Charger(changed.serial, changed.charge_box_id, "VTAG-NEW-0001")
            reload(bridge, world, [untouched, changed_now, added], path)
            log = await wait_log(bridge, "config.reloaded")
            assert ("added=1 removed=1 changed=1 unchanged=1 hubs_added=0 hubs_removed=0 "
                    "hubs_changed=0") in log
            await world.wait_call(added, "BootNotification", within=15)
            await world.wait_call(changed, "BootNotification", since=mark, within=15)
            other_operator.start()  # back on the same port: the removed charger stays away
            await world.quiet(1.5)
            assert away.charge_box_id not in other_operator.connected_now()

            # an invalid file is refused with the start-up errors; nothing changes
            mark = world.mark()
            broken = yaml.safe_load(path.read_text())
            broken["chargers"].append({"serial": "x", "charge_box_id": ""})
            path.write_text(yaml.safe_dump(broken))
            bridge.signal(signal.SIGHUP)
            log = await wait_log(bridge, "config.reload_refused")
            assert "config.invalid" in log and "chargers[3].serial" in log
            await world.quiet(1.0)
            assert world.calls(changed, "BootNotification", since=mark) == []
            assert world.calls(added, "BootNotification", since=mark) == []

            # the removed charger comes back and delivers what it had queued
            reload(bridge, world, [untouched, changed_now, added, away], path)
            log = await wait_log(bridge, "config.reloaded", count=2)
            assert "added=1 removed=0 changed=0 unchanged=3" in log
            start = await other_operator.wait_for_call(
                "StartTransaction", charge_box=away.charge_box_id
            )
            queued_at = start[0][3]["timestamp"]
            assert time.strptime(queued_at[:19], "%Y-%m-%dT%H:%M:%S") <= time.gmtime(removed_at)

            # the untouched charger kept its one WebSocket, and its transaction
            mark = world.mark()
            await world.sim_call(world.sim.unplug, untouched.serial)
            stop = await world.wait_call(untouched, "StopTransaction", since=mark, within=15)
            assert stop["transactionId"] == transaction_id
        assert world.csms.connections.count(untouched.charge_box_id) == 1
        assert len(world.calls(untouched, "BootNotification")) == 1
        assert world.csms.connections.count(changed.charge_box_id) == 2
        assert len(other_operator.calls("StartTransaction", away.charge_box_id)) == 1
        answer = await world.request(untouched, "GetConfiguration", {"key": ["HeartbeatInterval"]})
        assert result(answer)["configurationKey"]
