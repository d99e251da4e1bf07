"""End to end, the process and the cloud: several hubs with several zappis in one bridge,
ineligible zappis, a myenergi outage, a rejected API key, a refused config file, SIGINT."""

from __future__ import annotations

import signal
import sys

import pytest
import trio

from runtime.myenergi.simulator import fleet_from_config, serve_simulator
from tests.e2e.harness import (
    HUB_A,
    HUB_B,
    HUB_C,
    HUB_D,
    OLD_FIRMWARE_SERIAL,
    OLD_SERIAL,
    POLL_S,
    REPO,
    Charger,
    World,
    result,
)

pytestmark = pytest.mark.slow


async def test_several_hubs_with_several_zappis_run_in_one_bridge(world: World) -> None:
    a1, a2 = world.charger(), world.charger()
    b1, b2 = world.charger("hub_b"), world.charger("hub_b")
    b2 = Charger(b2.serial, b2.charge_box_id, b2.pin_id_tag, hub=HUB_B.serial)
    chargers = [a1, a2, b1, b2]
    with trio.fail_after(45):
        await world.run(*chargers, hubs=(HUB_A, HUB_B))
        for charger in chargers:
            boot = world.calls(charger, "BootNotification")[0]
            assert boot["chargePointSerialNumber"] == charger.serial
            assert world.statuses(charger)[-1] == "Available"
        mark = world.mark()
        transaction_id = await world.plug_and_start(b1)
        await world.wait_status(b1, "Charging", since=mark)
        await world.quiet(1.0)
        for other in (a1, a2, b2):
            assert world.calls(other, "StartTransaction", since=mark) == [], other
            assert "Preparing" not in world.statuses(other, since=mark)
        # each charge box is its own OCPP connection: a request reaches only its zappi
        answer = await world.request(b2, "RemoteStopTransaction", {"transactionId": transaction_id})
        assert result(answer) == {"status": "Rejected"}
        assert sorted(set(world.csms.connections)) == sorted(c.charge_box_id for c in chargers)


async def test_one_status_poll_per_hub_per_interval_serves_every_zappi(world: World) -> None:
    # An in-process simulator for this test, so its request log can be read directly.
    fleet = fleet_from_config(
        {
            "time_factor": 10,
            "hubs": [
                {"serial": hub.serial, "api_key": hub.api_key,
                 "zappis": [{"serial": first + i, "mode": "fast"} for i in range(3)]}
                for hub, first in ((HUB_A, 22000001), (HUB_B, 22000101))
            ],
        }
    )  # fmt: skip
    chargers = [Charger(str(s), f"zappi-{s}") for s in (22000001, 22000002, 22000003,
                                                          22000101, 22000102, 22000103)]  # fmt: skip
    with trio.fail_after(30):
        async with trio.open_nursery() as nursery:
            port = await nursery.start(serve_simulator, fleet, "127.0.0.1", 0)
            config = world.write_config(
                chargers, hubs=(HUB_A, HUB_B), poll_interval_s=0.5,
                director_url=f"http://127.0.0.1:{port}",
            )  # fmt: skip
            world.start_bridge(config)
            for charger in chargers:
                await world.wait_status(charger, "Available", within=15)
            fleet.requests.clear()
            await trio.sleep(4.0)
            polls = [
                r for r in fleet.requests if r.path.startswith("/cgi-jstatus") and r.status == 200
            ]
            for hub in (HUB_A, HUB_B):
                count = sum(1 for r in polls if r.hub == hub.serial)
                # 4 s / 0.5 s = 8 polls of the hub, however many zappis it has (not 3 x 8)
                assert 5 <= count <= 11, (hub.serial, count)
            nursery.cancel_scope.cancel()


async def test_ineligible_zappis_get_one_log_line_and_no_connection(world: World) -> None:
    good = world.charger()
    old_serial = Charger(OLD_SERIAL, f"zappi-{OLD_SERIAL}")
    old_firmware = Charger(OLD_FIRMWARE_SERIAL, f"zappi-{OLD_FIRMWARE_SERIAL}")
    nowhere = Charger("21999999", "zappi-21999999")  # configured, but on no hub
    with trio.fail_after(30):
        world.start_bridge(world.write_config([good, old_serial, old_firmware, nowhere]))
        await world.wait_call(good, "BootNotification", within=15)
        await world.quiet(6 * POLL_S + 1.0)  # several polls: still one line each
        log = world.log()
        for charger, reason in ((old_serial, "serial"), (old_firmware, "firmware")):
            lines = [
                line for line in log.splitlines()
                if charger.serial in line and "ineligible" in line.lower()
            ]  # fmt: skip
            assert len(lines) == 1, f"{charger.serial}: {lines}\n{log[-3000:]}"
            assert reason in lines[0].lower(), lines[0]
            assert charger.charge_box_id not in world.csms.connections
        # a zappi no hub reports is named once, and never connected either
        missing = [line for line in log.splitlines() if nowhere.serial in line]
        assert len(missing) == 1, missing
        assert nowhere.charge_box_id not in world.csms.connections


async def test_cloud_outage_reports_other_error_and_recovers_within_a_poll_interval(
    world: World,
) -> None:
    charger = world.charger("hub_c")
    with trio.fail_after(40):
        await world.run(charger, hubs=(HUB_C,))
        mark = world.mark()
        await world.sim_call(world.sim.outage, HUB_C.serial, "http500")
        try:
            faulted = await world.wait_status(charger, "Faulted", since=mark)
            assert faulted["errorCode"] == "OtherError"
            assert "unreachable" in faulted.get("info", "")
            # the OCPP side stays up and answers
            keys = await world.get_config(charger, "NumberOfConnectors")
            assert keys["NumberOfConnectors"]["value"] == "1"
            await world.quiet(1.0)
        finally:
            await world.sim_call(world.sim.outage, HUB_C.serial, "none")
        recovered = world.mark()
        cleared_at = trio.current_time()
        await world.wait_status(charger, "Available", since=recovered, within=5)
        assert trio.current_time() - cleared_at <= POLL_S + 1.5
        assert world.csms.connections.count(charger.charge_box_id) == 1


async def test_rejected_api_key_is_named_by_hub_and_keeps_the_ocpp_connection(
    world: World,
) -> None:
    charger = world.charger("hub_d")
    with trio.fail_after(45):
        await world.run(charger, hubs=(HUB_D,))
        mark = world.mark()
        await world.sim_call(
            world.sim.control, f"hub/{HUB_D.serial}/set", {"api_key": "rotated-elsewhere-9"}
        )
        try:
            faulted = await world.wait_status(charger, "Faulted", since=mark)
            assert faulted["errorCode"] == "OtherError"
            assert "key" in faulted.get("info", "").lower()
            keys = await world.get_config(charger, "NumberOfConnectors")
            assert keys["NumberOfConnectors"]["value"] == "1"
            log = world.log()
            named = [
                line for line in log.splitlines()
                if HUB_D.serial in line and "key" in line.lower()
            ]  # fmt: skip
            assert named, log[-3000:]
            assert HUB_D.api_key not in log
        finally:
            await world.sim_call(
                world.sim.control, f"hub/{HUB_D.serial}/set", {"api_key": HUB_D.api_key}
            )
        recovered = world.mark()
        await world.wait_status(charger, "Available", since=recovered, within=12)
        assert world.csms.connections.count(charger.charge_box_id) == 1


async def test_config_with_errors_is_refused_naming_file_key_and_reason(world: World) -> None:
    broken = world.tmp / "broken.yaml"
    broken.write_text(
        "csms:\n"
        "  url: http://127.0.0.1:9/ocpp\n"
        "myenergi:\n"
        f"  director_url: {world.sim.url}\n"
        "  poll_interval_s: fast\n"
        "  hubs: [{serial: '31000001', api_key: some-key-123}]\n"
        "chargers:\n"
        "  - serial: 21000101\n"
        "  - {serial: 21000102, charge_box_id: a, colour: red}\n"
        "storage: {path: ./x.sqlite3}\n",
        encoding="utf-8",
    )
    not_yaml = world.tmp / "not-yaml.yaml"
    not_yaml.write_text("csms: [unclosed\n", encoding="utf-8")
    missing = world.tmp / "missing.yaml"
    with trio.fail_after(30):
        for path, expected in (
            (broken, ["csms.url", "myenergi.poll_interval_s", "chargers[0]", "charge_box_id",
                      "chargers[1]", "colour"]),
            (not_yaml, ["yaml"]),
            (missing, ["cannot read"]),
        ):  # fmt: skip
            done = await trio.run_process(
                [sys.executable, "-m", "runtime.cli", "run", "--config", str(path)],
                capture_stdout=True, capture_stderr=True, check=False, cwd=REPO,
            )  # fmt: skip
            output = (done.stderr + done.stdout).decode()
            assert done.returncode != 0, output
            assert str(path) in output, output
            for word in expected:
                assert word.lower() in output.lower(), (word, output)
            assert "some-key-123" not in output
            assert "Traceback" not in output


async def test_sigint_shuts_the_bridge_down_within_10s(world: World) -> None:
    charger = world.charger()
    with trio.fail_after(30):
        bridge = await world.run(charger)
        bridge.signal(signal.SIGINT)
        code = await bridge.wait_exit(10)
        assert code == 0, f"exit code {code} after SIGINT\n{bridge.log()[-2000:]}"
        assert "Traceback" not in bridge.log()
