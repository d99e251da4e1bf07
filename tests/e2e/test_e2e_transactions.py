"""End to end, transactions: PIN (TC_003), FreeCharging with sampled and clock-aligned meter
values and the persisted register, remote start and stop (TC_010, TC_011_1, TC_011_2, TC_012,
TC_026, TC_027, TC_028), StartTransaction answered Invalid (StopTransactionOnInvalidId)."""

from __future__ import annotations

from typing import Any

import pytest
import trio

from generated.config_keys import CONFIG_KEYS
from tests.e2e.harness import Payload, World, measurands, meter_values, register_wh, result

pytestmark = pytest.mark.slow


async def test_tc003_plug_in_then_pin_sends_authorize_and_starts_with_the_virtual_tag(
    world: World,
) -> None:
    charger = world.charger("locked")
    with trio.fail_after(40):
        await world.run(charger)
        await world.configure(charger, FreeCharging=False)
        mark = world.mark()
        await world.sim_call(world.sim.plug, charger.serial)
        await world.wait_status(charger, "Preparing", since=mark)
        await world.quiet(2 * 0.3 + 0.5)
        assert world.calls(charger, "StartTransaction", since=mark) == []
        assert await world.sim_call(world.sim.pin, charger.serial)
        authorize = await world.wait_call(charger, "Authorize", since=mark)
        assert authorize == {"idTag": charger.pin_id_tag}
        start = await world.wait_call(charger, "StartTransaction", since=mark)
        assert start["idTag"] == charger.pin_id_tag and start["connectorId"] == 1
        assert isinstance(start["meterStart"], int) and start["meterStart"] >= 0
        await world.wait_status(charger, "Charging", since=mark)
        order = world.actions(charger, since=mark)
        assert order.index("Authorize") < order.index("StartTransaction")


async def test_free_charging_sends_sampled_and_clock_aligned_meter_values_and_stops_on_unplug(
    world: World,
) -> None:
    charger = world.charger()
    with trio.fail_after(45):
        await world.run(charger)
        await world.configure(charger, MeterValueSampleInterval=1, ClockAlignedDataInterval=2)
        mark = world.mark()
        transaction_id = await world.plug_and_start(charger)
        start = world.calls(charger, "StartTransaction", since=mark)[0]
        assert world.calls(charger, "Authorize", since=mark) == []  # FreeCharging: no Authorize
        assert start["idTag"]
        await world.wait_status(charger, "Charging", since=mark)

        def periodic(p: Payload) -> bool:
            samples = p["meterValue"][0]["sampledValue"]
            return p.get("transactionId") == transaction_id and all(
                s.get("context") == "Sample.Periodic" for s in samples
            )

        third = await world.wait_call(charger, "MeterValues", periodic, since=mark, count=3)
        assert third["connectorId"] == 1
        default = CONFIG_KEYS["metervaluessampleddata"].default
        assert isinstance(default, tuple | list)
        wanted = set(default)
        assert measurands(third) == wanted
        samples = world.calls(charger, "MeterValues", since=mark, where=periodic)
        registers = [register_wh(p["meterValue"][0]) for p in samples]
        assert registers == sorted(registers) and registers[-1] > start["meterStart"]
        values = meter_values(third)
        # fast mode, one phase, 32 A at 240 V: 7680 W to the car; the grid at the inlet also
        # carries the house's 400 W (and the e2e fleet has no generation)
        assert values["Power.Active.Import"] == pytest.approx(7680, rel=0.03)
        assert values["Power.Active.Import#Inlet"] == pytest.approx(8080, rel=0.03)
        assert values["Power.Active.Export#Inlet"] == 0
        assert values["Current.Import"] == pytest.approx(32, rel=0.03)
        assert values["Voltage#Inlet"] == pytest.approx(240, rel=0.01)
        assert values["Frequency#Inlet"] == pytest.approx(50, rel=0.01)

        def aligned(p: Payload) -> bool:
            samples = p["meterValue"][0]["sampledValue"]
            return any(s.get("context") == "Sample.Clock" for s in samples)

        clock = await world.wait_call(charger, "MeterValues", aligned, since=mark, within=5)
        stamp = clock["meterValue"][0]["timestamp"]
        assert int(stamp[17:19]) % 2 == 0, stamp  # aligned to the interval from midnight

        unplug = world.mark()
        await world.sim_call(world.sim.unplug, charger.serial)
        stop = await world.wait_call(charger, "StopTransaction", since=unplug)
        assert stop["transactionId"] == transaction_id
        assert stop["reason"] == "EVDisconnected"
        assert stop["meterStop"] >= registers[-1]
        data = stop["transactionData"]
        assert register_wh(data[-1]) == pytest.approx(stop["meterStop"], abs=1)
        await world.wait_status(charger, "Available", since=unplug)

        # the register is the bridge's, monotonic across sessions
        second = world.mark()
        await world.plug_and_start(charger)
        again = world.calls(charger, "StartTransaction", since=second)[0]
        assert again["meterStart"] >= stop["meterStop"]


def _periodic(payload: dict[str, Any]) -> bool:
    """A MeterValues.req of sampled values only (OCPP 1.6 §3.16: context Sample.Periodic is
    the default), not one aligned to the clock."""
    return all(
        sampled.get("context", "Sample.Periodic") == "Sample.Periodic"
        for value in payload["meterValue"]
        for sampled in value["sampledValue"]
    )


async def test_sampled_data_keys_choose_the_measurands_of_meter_values_and_stop_transaction(
    world: World,
) -> None:
    charger = world.charger()
    with trio.fail_after(40):
        await world.run(charger)
        await world.configure(
            charger,
            MeterValueSampleInterval=1,
            MeterValuesSampledData="Energy.Active.Import.Register,Power.Active.Import",
            StopTxnSampledData="Power.Active.Import",
            StopTxnAlignedData="Energy.Active.Import.Register",
            ClockAlignedDataInterval=1,
        )
        mark = world.mark()
        transaction_id = await world.plug_and_start(charger)
        await world.wait_status(charger, "Charging", since=mark)
        sample = await world.wait_call(  # a sampled one: the clock-aligned ones interleave
            charger,
            "MeterValues",
            lambda p: p.get("transactionId") == transaction_id and _periodic(p),
            since=mark,
            count=2,
        )
        assert measurands(sample) == {"Energy.Active.Import.Register", "Power.Active.Import"}
        unplug = world.mark()
        await world.sim_call(world.sim.unplug, charger.serial)
        stop = await world.wait_call(charger, "StopTransaction", since=unplug)
        by_context: dict[str, set[str]] = {}
        for entry in stop.get("transactionData", []):
            for sample in entry["sampledValue"]:
                by_context.setdefault(sample.get("context", "Sample.Periodic"), set()).add(
                    sample.get("measurand", "Energy.Active.Import.Register")
                )
        aligned = by_context.pop("Sample.Clock", set())
        assert aligned == {"Energy.Active.Import.Register"}  # StopTxnAlignedData
        assert set().union(*by_context.values()) == {"Power.Active.Import"}  # StopTxnSampledData


async def test_tc010_remote_start_with_cable_plugged_in_unlocks_and_sets_ocpp_charge_mode(
    world: World,
) -> None:
    charger = world.charger("locked")
    with trio.fail_after(40):
        await world.run(charger)
        await world.configure(charger, FreeCharging=False, OCPPChargeMode="ECO")
        mark = world.mark()
        await world.sim_call(world.sim.plug, charger.serial)
        await world.wait_status(charger, "Preparing", since=mark)
        answer = await world.request(
            charger, "RemoteStartTransaction", {"connectorId": 1, "idTag": "REMOTE-010"}
        )
        assert result(answer) == {"status": "Accepted"}
        start = await world.wait_call(charger, "StartTransaction", since=mark)
        assert start["idTag"] == "REMOTE-010" and start["connectorId"] == 1
        await world.wait_status(charger, "Charging", since=mark)
        zappi = await world.wait_zappi(charger.serial, lambda z: z.get("mode") == "ECO")
        assert zappi["lck"] & 16  # unlocked: charge session allowed
        assert world.calls(charger, "Authorize", since=mark) == []  # AuthorizeRemoteTxRequests


async def test_tc011_1_remote_start_first_then_plug_in_starts_without_authorize(
    world: World,
) -> None:
    charger = world.charger()
    with trio.fail_after(40):
        await world.run(charger)
        await world.configure(charger, FreeCharging=False)
        keys = await world.get_config(charger, "AuthorizeRemoteTxRequests")
        assert keys["AuthorizeRemoteTxRequests"]["value"].lower() == "false"
        mark = world.mark()
        answer = await world.request(charger, "RemoteStartTransaction", {"idTag": "REMOTE-011"})
        assert result(answer) == {"status": "Accepted"}
        await world.wait_status(charger, "Preparing", since=mark)  # waiting for the car
        await world.sim_call(world.sim.plug, charger.serial)
        start = await world.wait_call(charger, "StartTransaction", since=mark)
        assert start["idTag"] == "REMOTE-011"
        await world.wait_status(charger, "Charging", since=mark)
        assert world.calls(charger, "Authorize", since=mark) == []


async def test_tc011_2_remote_start_without_a_car_times_out_after_connection_timeout(
    world: World,
) -> None:
    charger = world.charger()
    with trio.fail_after(40):
        await world.run(charger)
        await world.configure(charger, FreeCharging=False, ConnectionTimeOut=2)
        mark = world.mark()
        answer = await world.request(
            charger, "RemoteStartTransaction", {"connectorId": 1, "idTag": "REMOTE-0112"}
        )
        assert result(answer) == {"status": "Accepted"}
        # the connector waits for the car (spec/status.yaml: authorization accepted, no car)...
        await world.wait_status(charger, "Preparing", since=mark)
        # ...until ConnectionTimeOut ends the authorization
        await world.wait_status(charger, "Available", since=mark, within=6)
        sent = world.timed_calls(charger, "StatusNotification", since=mark)

        def first(status: str) -> float:
            return next(at for at, p in sent if p["connectorId"] == 1 and p["status"] == status)

        waiting, timed_out = first("Preparing"), first("Available")
        assert 1.5 <= timed_out - waiting <= 4.0
        late = world.mark()
        await world.sim_call(world.sim.plug, charger.serial)
        await world.wait_status(charger, "Preparing", since=late)
        await world.quiet(1.5)
        assert world.calls(charger, "StartTransaction", since=mark) == []


async def test_tc012_remote_stop_ends_the_transaction_with_reason_remote(world: World) -> None:
    charger = world.charger()
    with trio.fail_after(40):
        await world.run(charger)
        mark = world.mark()
        transaction_id = await world.plug_and_start(charger)
        await world.wait_status(charger, "Charging", since=mark)
        stop_mark = world.mark()
        answer = await world.request(
            charger, "RemoteStopTransaction", {"transactionId": transaction_id}
        )
        assert result(answer) == {"status": "Accepted"}
        stop = await world.wait_call(charger, "StopTransaction", since=stop_mark)
        assert stop["transactionId"] == transaction_id and stop["reason"] == "Remote"
        await world.wait_status(charger, "Finishing", since=stop_mark)
        await world.wait_zappi(charger.serial, lambda z: z.get("mode") == "STOP")
        unplug = world.mark()
        await world.sim_call(world.sim.unplug, charger.serial)
        await world.wait_status(charger, "Available", since=unplug)
        assert world.calls(charger, "StopTransaction", since=unplug) == []


async def test_tc026_remote_start_on_a_busy_connector_is_rejected(world: World) -> None:
    charger = world.charger()
    with trio.fail_after(30):
        await world.run(charger)
        mark = world.mark()
        await world.plug_and_start(charger)
        answer = await world.request(
            charger, "RemoteStartTransaction", {"connectorId": 1, "idTag": "R026"}
        )
        assert result(answer) == {"status": "Rejected"}
        answer = await world.request(charger, "RemoteStartTransaction", {"idTag": "R026"})
        assert result(answer) == {"status": "Rejected"}
        await world.quiet(1.0)
        assert len(world.calls(charger, "StartTransaction", since=mark)) == 1
        assert world.calls(charger, "StopTransaction", since=mark) == []


async def test_tc027_remote_start_on_connector_0_or_an_unknown_connector_is_rejected(
    world: World,
) -> None:
    charger = world.charger()
    with trio.fail_after(30):
        await world.run(charger)
        await world.configure(charger, FreeCharging=False)
        mark = world.mark()
        for connector in (0, 2):
            answer = await world.request(
                charger, "RemoteStartTransaction", {"connectorId": connector, "idTag": "R027"}
            )
            assert result(answer) == {"status": "Rejected"}, connector
        # nothing was authorized: a car plugged in now waits
        await world.sim_call(world.sim.plug, charger.serial)
        await world.wait_status(charger, "Preparing", since=mark)
        await world.quiet(1.0)
        assert world.calls(charger, "StartTransaction", since=mark) == []


async def test_tc028_remote_stop_of_a_transaction_that_is_not_running_is_rejected(
    world: World,
) -> None:
    charger = world.charger()
    with trio.fail_after(30):
        await world.run(charger)
        answer = await world.request(charger, "RemoteStopTransaction", {"transactionId": 424242})
        assert result(answer) == {"status": "Rejected"}
        mark = world.mark()
        transaction_id = await world.plug_and_start(charger)
        answer = await world.request(
            charger, "RemoteStopTransaction", {"transactionId": transaction_id + 1}
        )
        assert result(answer) == {"status": "Rejected"}
        await world.quiet(1.0)
        assert world.calls(charger, "StopTransaction", since=mark) == []
        assert (await world.sim_call(world.sim.zappi, charger.serial))["mode"] == "FAST"


async def test_start_transaction_answered_invalid_keeps_charging_unless_stop_on_invalid_id(
    world: World,
) -> None:
    keep, stop = world.charger(), world.charger()
    world.csms.script.reply(
        "StartTransaction",
        lambda box, req: {
            "transactionId": 5001 if box == keep.charge_box_id else 5002,
            "idTagInfo": {"status": "Invalid"},
        },
    )
    with trio.fail_after(45):
        await world.run(keep, stop)
        await world.configure(stop, StopTransactionOnInvalidId=True)
        mark = world.mark()
        await world.sim_call(world.sim.plug, keep.serial)
        await world.sim_call(world.sim.plug, stop.serial)
        ended = await world.wait_call(stop, "StopTransaction", since=mark)
        assert ended["transactionId"] == 5002 and ended["reason"] == "DeAuthorized"
        await world.wait_zappi(stop.serial, lambda z: z.get("mode") == "STOP")
        await world.wait_status(keep, "Charging", since=mark)
        await world.quiet(1.0)
        assert world.calls(keep, "StopTransaction", since=mark) == []
        assert (await world.sim_call(world.sim.zappi, keep.serial))["mode"] == "FAST"
