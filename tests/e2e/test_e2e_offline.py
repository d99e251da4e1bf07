"""End to end, the CSMS or the bridge going away: TC_036, TC_038 (the CSMS restart drill),
TC_039, the bridge killed with SIGKILL mid-transaction, SIGTERM keeping queued messages."""

from __future__ import annotations

import signal

import pytest
import trio

from tests.e2e.harness import Payload, World, unparseable_log_lines

pytestmark = pytest.mark.slow


async def _restart_csms(world: World) -> None:
    await trio.to_thread.run_sync(world.csms.start)


async def _stop_csms(world: World) -> None:
    await trio.to_thread.run_sync(world.csms.stop)


def _is_periodic(transaction_id: int) -> object:
    def match(p: Payload) -> bool:
        samples = p["meterValue"][0]["sampledValue"]
        return p.get("transactionId") == transaction_id and any(
            s.get("context") == "Sample.Periodic" for s in samples
        )

    return match


async def test_tc036_connection_loss_during_transaction_keeps_it_running(world: World) -> None:
    charger = world.charger()
    with trio.fail_after(45):
        await world.run(charger)
        await world.configure(charger, MeterValueSampleInterval=1)
        transaction_id = await world.plug_and_start(charger)
        await world.wait_status(charger, "Charging")
        connections = world.csms.connections.count(charger.charge_box_id)
        await _stop_csms(world)
        await trio.sleep(2.5)
        mark = world.mark()
        await _restart_csms(world)
        restarted = trio.current_time()
        await world.csms.wait_connected(charger.charge_box_id, connections + 1)
        # the back-off is capped (csms.reconnect_max_backoff_s: 1 here)
        assert trio.current_time() - restarted < 3.0
        # the transaction went on: its meter values keep coming with the same id, no new start
        await world.wait_call(
            charger, "MeterValues", _is_periodic(transaction_id), since=mark, count=2
        )
        assert world.calls(charger, "StartTransaction", since=mark) == []
        assert world.calls(charger, "StopTransaction", since=mark) == []
        unplug = world.mark()
        await world.sim_call(world.sim.unplug, charger.serial)
        stop = await world.wait_call(charger, "StopTransaction", since=unplug)
        assert stop["transactionId"] == transaction_id and stop["reason"] == "EVDisconnected"
        # losing and regaining the CSMS is logged as events like everything else
        assert unparseable_log_lines(world.log()) == []


async def test_tc038_csms_restart_mid_transaction_delivers_queued_meter_values_then_stop_in_order(
    world: World,
) -> None:
    charger = world.charger()
    with trio.fail_after(45):
        await world.run(charger)
        await world.configure(charger, MeterValueSampleInterval=1)
        transaction_id = await world.plug_and_start(charger)
        await world.wait_status(charger, "Charging")
        await _stop_csms(world)
        await trio.sleep(2.5)  # sampled meter values pile up in the outbox
        await world.sim_call(world.sim.unplug, charger.serial)
        await trio.sleep(1.0)  # the bridge sees the unplug and queues the StopTransaction
        mark = world.mark()
        await _restart_csms(world)
        stop = await world.wait_call(charger, "StopTransaction", since=mark, within=15)
        assert stop["transactionId"] == transaction_id and stop["reason"] == "EVDisconnected"
        messages = [
            p for p in world.calls(charger, since=mark)
            if p["_action"] in ("MeterValues", "StopTransaction")
        ]  # fmt: skip
        offline = [p for p in messages if p["_action"] == "MeterValues"]
        assert len(offline) >= 2, "the meter values sampled while offline were lost"
        assert messages[-1]["_action"] == "StopTransaction", "a meter value came after the stop"
        stamps = [p["meterValue"][0]["timestamp"] for p in offline]
        assert stamps == sorted(stamps)
        assert stamps[-1] <= stop["timestamp"]
        await trio.sleep(1.0)
        assert len(world.calls(charger, "StopTransaction")) == 1


async def test_tc039_offline_transaction_is_delivered_start_then_stop_with_the_csms_id(
    world: World,
) -> None:
    charger = world.charger()
    with trio.fail_after(45):
        await world.run(charger)
        await _stop_csms(world)
        await world.sim_call(world.sim.plug, charger.serial)
        await trio.sleep(2.0)  # FreeCharging starts the transaction offline
        await world.sim_call(world.sim.unplug, charger.serial)
        await trio.sleep(1.0)
        mark = world.mark()
        await _restart_csms(world)
        transaction_id = await world.transaction_id(charger, since=mark, within=15)
        stop = await world.wait_call(charger, "StopTransaction", since=mark)
        assert stop["transactionId"] == transaction_id
        order = world.actions(charger, since=mark)
        assert order.index("StartTransaction") < order.index("StopTransaction")
        start = world.calls(charger, "StartTransaction", since=mark)[0]
        assert start["timestamp"] <= stop["timestamp"]
        assert stop["meterStop"] >= start["meterStart"]


async def test_bridge_killed_mid_transaction_sends_the_stop_exactly_once_after_restart(
    world: World,
) -> None:
    charger = world.charger()
    with trio.fail_after(50):
        bridge = await world.run(charger)
        transaction_id = await world.plug_and_start(charger)
        await world.wait_status(charger, "Charging")
        await trio.sleep(1.5)  # some energy on the register
        bridge.kill()
        await world.sim_call(world.sim.unplug, charger.serial)
        mark = world.mark()
        world.start_bridge(bridge.config_file)
        await world.wait_call(charger, "BootNotification", since=mark, within=15)
        stop = await world.wait_call(charger, "StopTransaction", since=mark, within=10)
        assert stop["transactionId"] == transaction_id
        assert stop["reason"] in ("EVDisconnected", "PowerLoss")
        await world.wait_status(charger, "Available", since=mark)
        await world.quiet(1.5)
        stops = world.calls(charger, "StopTransaction")
        assert len(stops) == 1, stops
        assert world.calls(charger, "StartTransaction", since=mark) == []
        # the Wh register survived the crash: the next session starts where this one stopped
        start = world.calls(charger, "StartTransaction")[0]
        assert stop["meterStop"] > start["meterStart"]
        await world.plug_and_start(charger)
        again = world.calls(charger, "StartTransaction", since=mark)[0]
        assert again["meterStart"] >= stop["meterStop"]


async def test_sigterm_shuts_down_within_10s_and_keeps_the_queued_stop_for_the_next_start(
    world: World,
) -> None:
    charger = world.charger()
    with trio.fail_after(50):
        bridge = await world.run(charger)
        transaction_id = await world.plug_and_start(charger)
        await _stop_csms(world)
        await world.sim_call(world.sim.unplug, charger.serial)
        await trio.sleep(1.0)  # queued: the CSMS is away
        bridge.signal(signal.SIGTERM)
        started = trio.current_time()
        code = await bridge.wait_exit(10)
        assert code == 0, f"exit code {code} after SIGTERM\n{bridge.log()[-2000:]}"
        assert trio.current_time() - started < 10
        await _restart_csms(world)
        mark = world.mark()
        world.start_bridge(bridge.config_file)
        stop = await world.wait_call(charger, "StopTransaction", since=mark, within=15)
        assert stop["transactionId"] == transaction_id
        await world.quiet(1.0)
        assert len(world.calls(charger, "StopTransaction")) == 1
