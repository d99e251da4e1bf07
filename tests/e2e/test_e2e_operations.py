"""End to end, operations on the charger: Reset (TC_014, TC_016, hard reset), UnlockConnector
(TC_017_1, TC_018_1, TC_031), PIN tags the CSMS blocks, faults, UpdateFirmware."""

from __future__ import annotations

import functools
import time

import pytest
import trio

from tests.e2e.harness import World, error_code, result

pytestmark = pytest.mark.slow


async def test_tc014_soft_reset_without_transaction_reconnects_and_boots_again(
    world: World,
) -> None:
    charger = world.charger()
    with trio.fail_after(40):
        await world.run(charger)
        mark = world.mark()
        answer = await world.request(charger, "Reset", {"type": "Soft"})
        assert result(answer) == {"status": "Accepted"}
        await world.wait_call(charger, "BootNotification", since=mark, within=15)
        await world.wait_status(charger, "Available", connector=0, since=mark)
        await world.wait_status(charger, "Available", connector=1, since=mark)
        assert world.csms.connections.count(charger.charge_box_id) >= 2
        assert world.calls(charger, "StopTransaction", since=mark) == []


async def test_tc016_soft_reset_with_transaction_stops_it_before_booting_again(
    world: World,
) -> None:
    charger = world.charger()
    with trio.fail_after(40):
        await world.run(charger)
        transaction_id = await world.plug_and_start(charger)
        mark = world.mark()
        answer = await world.request(charger, "Reset", {"type": "Soft"})
        assert result(answer) == {"status": "Accepted"}
        stop = await world.wait_call(charger, "StopTransaction", since=mark)
        assert stop["transactionId"] == transaction_id and stop["reason"] == "SoftReset"
        await world.wait_call(charger, "BootNotification", since=mark, within=15)
        order = world.actions(charger, since=mark)
        assert order.index("StopTransaction") < order.index("BootNotification")
        assert len(world.calls(charger, "StopTransaction", since=mark)) == 1


async def test_hard_reset_with_transaction_stops_it_with_reason_hard_reset(world: World) -> None:
    charger = world.charger()
    with trio.fail_after(40):
        await world.run(charger)
        transaction_id = await world.plug_and_start(charger)
        mark = world.mark()
        answer = await world.request(charger, "Reset", {"type": "Hard"})
        assert result(answer) == {"status": "Accepted"}
        stop = await world.wait_call(charger, "StopTransaction", since=mark, within=15)
        assert stop["transactionId"] == transaction_id and stop["reason"] == "HardReset"
        await world.wait_call(charger, "BootNotification", since=mark, within=15)


async def test_tc017_1_unlock_connector_without_session_unlocks_the_zappi(world: World) -> None:
    charger = world.charger("locked")
    with trio.fail_after(30):
        await world.run(charger)
        mark = world.mark()
        answer = await world.request(charger, "UnlockConnector", {"connectorId": 1})
        assert result(answer) == {"status": "Unlocked"}
        zappi = await world.wait_zappi(
            charger.serial, lambda z: any("unlock" in line for line in z.get("log", []))
        )
        assert any(line == "applied: unlock" for line in zappi["log"])
        await world.quiet(4 * 0.3 + 0.5)
        assert world.calls(charger, "StopTransaction", since=mark) == []
        # the bridge's own unlock is not a driver's PIN entry: no Authorize for the PIN tag
        assert world.calls(charger, "Authorize", since=mark) == []


async def test_tc018_1_unlock_connector_with_session_stops_it_with_reason_unlock_command(
    world: World,
) -> None:
    charger = world.charger()
    with trio.fail_after(40):
        await world.run(charger)
        transaction_id = await world.plug_and_start(charger)
        await world.wait_status(charger, "Charging")
        mark = world.mark()
        answer = await world.request(charger, "UnlockConnector", {"connectorId": 1})
        assert result(answer) == {"status": "Unlocked"}
        stop = await world.wait_call(charger, "StopTransaction", since=mark)
        assert stop["transactionId"] == transaction_id and stop["reason"] == "UnlockCommand"
        await world.wait_status(charger, "Finishing", since=mark)
        await world.wait_zappi(charger.serial, lambda z: z.get("mode") == "STOP")


async def test_tc031_unlock_of_an_unknown_connector_is_not_supported(world: World) -> None:
    charger = world.charger()
    with trio.fail_after(30):
        await world.run(charger)
        mark = world.mark()
        for connector in (2, 0):
            answer = await world.request(charger, "UnlockConnector", {"connectorId": connector})
            assert result(answer) == {"status": "NotSupported"}, connector
        await world.quiet(0.5)
        log = (await world.sim_call(world.sim.zappi, charger.serial))["log"]
        assert not any("unlock" in line for line in log)
        assert world.calls(charger, "StopTransaction", since=mark) == []


@pytest.mark.parametrize("answer", ["Blocked", "Invalid", "Expired"])
async def test_pin_whose_tag_is_refused_puts_the_zappi_in_stop_mode_without_transaction(
    world: World, answer: str
) -> None:
    charger = world.charger("locked")
    world.csms.script.reply("Authorize", {"idTagInfo": {"status": answer}})
    with trio.fail_after(40):
        await world.run(charger)
        await world.configure(charger, FreeCharging=False)
        mark = world.mark()
        await world.sim_call(world.sim.plug, charger.serial)
        await world.wait_status(charger, "Preparing", since=mark)
        assert await world.sim_call(world.sim.pin, charger.serial)
        authorize = await world.wait_call(charger, "Authorize", since=mark)
        assert authorize == {"idTag": charger.pin_id_tag}
        await world.wait_zappi(charger.serial, lambda z: z.get("mode") == "STOP")
        await world.quiet(1.0)
        assert world.calls(charger, "StartTransaction", since=mark) == []
        assert "Charging" not in world.statuses(charger, since=mark)
        assert len(world.calls(charger, "Authorize", since=mark)) == 1  # asked once per PIN


async def test_zappi_fault_is_reported_faulted_with_error_code_and_clears(world: World) -> None:
    charger = world.charger()
    with trio.fail_after(30):
        await world.run(charger)
        mark = world.mark()
        await world.sim_call(world.sim.fault, charger.serial, 29)  # EVSE_FAULT_RCD_TRIP
        faulted = await world.wait_status(charger, "Faulted", since=mark)
        assert faulted["errorCode"] == "GroundFailure"
        assert "29" in faulted.get("vendorErrorCode", "")
        await world.wait_status(charger, "Faulted", connector=0, since=mark)
        cleared = world.mark()
        await world.sim_call(world.sim.clear_fault, charger.serial)
        available = await world.wait_status(charger, "Available", since=cleared)
        assert available["errorCode"] == "NoError"
        await world.wait_status(charger, "Available", connector=0, since=cleared)


async def test_status_follows_the_zappi_charging_car_full_and_charging_again(world: World) -> None:
    charger = world.charger()
    with trio.fail_after(40):
        await world.run(charger)
        mark = world.mark()
        await world.plug_and_start(charger)
        await world.wait_status(charger, "Charging", since=mark)
        full = world.mark()
        await world.sim_call(
            world.sim.control, f"zappi/{charger.serial}/set", {"ev_wants_kwh": 0.001}
        )
        await world.wait_status(charger, "SuspendedEV", since=full)  # the car stopped drawing
        again = world.mark()
        await world.sim_call(
            world.sim.control, f"zappi/{charger.serial}/set", {"ev_wants_kwh": 500}
        )
        await world.wait_status(charger, "Charging", since=again)
        # one transaction throughout, and connector 0 stayed Available
        assert len(world.calls(charger, "StartTransaction", since=mark)) == 1
        assert world.calls(charger, "StopTransaction", since=mark) == []
        assert set(world.statuses(charger, connector=0, since=mark)) <= {"Available"}


async def test_minimum_status_duration_reports_only_statuses_that_last(world: World) -> None:
    charger = world.charger()
    with trio.fail_after(40):
        await world.run(charger)
        await world.configure(charger, FreeCharging=False, MinimumStatusDuration=3)
        mark = world.mark()
        await world.sim_call(world.sim.plug, charger.serial)
        await trio.sleep(1.0)  # Preparing for about a second: shorter than 3 s
        await world.sim_call(world.sim.unplug, charger.serial)
        await world.quiet(4.0)
        assert "Preparing" not in world.statuses(charger, since=mark)
        lasting = world.mark()
        plugged_at = trio.current_time()
        await world.sim_call(world.sim.plug, charger.serial)
        await world.wait_status(charger, "Preparing", since=lasting, within=8)
        assert trio.current_time() - plugged_at >= 2.5


async def test_update_firmware_never_fetches_and_reports_what_the_zappi_installs(
    world: World,
) -> None:
    charger = world.charger()
    fetched: list[str] = []

    async def firmware_server(stream: trio.SocketStream) -> None:
        fetched.append("connection")
        await stream.aclose()

    with trio.fail_after(45):
        async with trio.open_nursery() as nursery:
            listeners = await nursery.start(
                functools.partial(trio.serve_tcp, firmware_server, 0, host="127.0.0.1")
            )
            port = listeners[0].socket.getsockname()[1]
            await world.run(charger)
            mark = world.mark()
            now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            answer = await world.request(
                charger,
                "UpdateFirmware",
                {"location": f"http://127.0.0.1:{port}/zappi.bin", "retrieveDate": now},
            )
            assert result(answer) == {}
            await world.sim_call(
                world.sim.control,
                f"zappi/{charger.serial}/firmware-update",
                {"firmware": "3562S5.800", "duration_s": 20},
            )
            installed = await world.wait_call(
                charger,
                "FirmwareStatusNotification",
                lambda p: p.get("status") == "Installed",
                since=mark,
                within=15,
            )
            assert installed == {"status": "Installed"}
            seen = {
                p["status"] for p in world.calls(charger, "FirmwareStatusNotification", since=mark)
            }
            assert not seen & {"Downloading", "Downloaded"}  # invisible through the cloud
            # the zappi came back on new firmware: a new boot carries it (BR: automatic)
            again = await world.wait_call(
                charger,
                "BootNotification",
                lambda p: p.get("firmwareVersion") == "3562S5.800",
                since=mark,
                within=15,
            )
            assert again["firmwareVersion"] == "3562S5.800"
            assert fetched == []
            nursery.cancel_scope.cancel()
        # an unknown reset type is a malformed request, not a reboot
        bad = await world.request(charger, "Reset", {"type": "Warm"})
        assert error_code(bad) == "PropertyConstraintViolation"  # spec/callerror_codes.yaml: enum
