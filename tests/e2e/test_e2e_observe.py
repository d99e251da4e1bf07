"""End to end, what operators see: ``zappi-ocpp run`` with ``metrics`` on, scraped over HTTP.

/metrics parsed with prometheus_client.parser: the fleet gauges, the CALL counters moving with
a RemoteStartTransaction, a myenergi outage in the request outcomes and the hub states;
/readyz before and after the first poll; /healthz when the loop is blocked on purpose; no
secret anywhere in what the endpoint returns; ``zappi-ocpp status``.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys

import httpx
import pytest
import trio

from tests.e2e.harness import HUB_A, HUB_C, HUB_D, REPO, World, result
from tests.e2e.observe_helpers import (
    endpoint_port,
    family_values,
    get,
    scrape,
    start_observed,
    value,
    wait_metric,
    with_metrics,
)

pytestmark = pytest.mark.slow

CALLS = "zappi_ocpp_ocpp_calls_total"


async def test_metrics_count_the_fleet_and_the_calls_of_a_remote_start(world: World) -> None:
    a, b = world.charger(), world.charger()
    with trio.fail_after(45):
        _, base = await start_observed(world, a, b)
        samples = await wait_metric(base, "zappi_ocpp_chargers_accepted", lambda v: v == 2)
        assert value(samples, "zappi_ocpp_chargers_configured") == 2
        assert value(samples, "zappi_ocpp_chargers_connected") == 2
        statuses = family_values(samples, "zappi_ocpp_chargers_by_status", "status")
        assert statuses["Available"] == 2 and sum(statuses.values()) == 2
        assert value(samples, "zappi_ocpp_hubs_owned") == 1
        assert value(samples, CALLS, origin="ChargePoint", action="BootNotification",
                     outcome="CALLRESULT") == 2  # fmt: skip
        labels = {"origin": "CentralSystem", "action": "RemoteStartTransaction"}
        assert value(samples, CALLS, outcome="CALLRESULT", **labels) == 0

        answer = await world.request(a, "RemoteStartTransaction", {"idTag": "OBSERVE-1"})
        assert result(answer)["status"] == "Accepted"
        samples = await wait_metric(base, CALLS, lambda v: v == 1, outcome="CALLRESULT", **labels)
        timed = value(samples, "zappi_ocpp_ocpp_call_duration_seconds_count", **labels)
        assert timed == 1

        # a CALLERROR is counted under its code (ReserveNow is unsupported: NotSupported)
        refused = await world.request(b, "ReserveNow", {
            "connectorId": 1, "expiryDate": "2030-01-01T00:00:00Z", "idTag": "X",
            "reservationId": 7})  # fmt: skip
        assert refused[0] == 4 and refused[2] == "NotSupported"
        await wait_metric(base, CALLS, lambda v: v == 1, origin="CentralSystem",
                          action="ReserveNow", outcome="NotSupported")  # fmt: skip


async def test_a_myenergi_outage_shows_in_request_outcomes_and_hub_states(world: World) -> None:
    charger = world.charger("hub_c")
    with trio.fail_after(60):
        _, base = await start_observed(world, charger, hubs=(HUB_C,))
        samples = await wait_metric(
            base, "zappi_ocpp_hubs_by_cloud_state", lambda v: v == 1, state="reachable"
        )
        ok_before = value(samples, "zappi_ocpp_myenergi_requests_total", outcome="ok")
        assert ok_before > 0
        assert value(samples, "zappi_ocpp_myenergi_requests_total", outcome="5xx") == 0
        await world.sim_call(world.sim.outage, HUB_C.serial, "http500")
        try:
            samples = await wait_metric(
                base, "zappi_ocpp_hubs_by_cloud_state", lambda v: v == 1, within=20,
                state="unreachable",
            )  # fmt: skip
            assert value(samples, "zappi_ocpp_myenergi_requests_total", outcome="5xx") >= 4
            assert value(samples, "zappi_ocpp_hubs_by_cloud_state", state="reachable") == 0
            page = (await get(base + "/", Accept="application/json")).json()
            failing = page["hubs"]["failing"]
            assert [h["hub"] for h in failing] == [HUB_C.serial]
            assert failing[0]["state"] == "unreachable" and "HTTP 500" in failing[0]["error"]
        finally:
            await world.sim_call(world.sim.outage, HUB_C.serial, "none")
        samples = await wait_metric(
            base, "zappi_ocpp_hubs_by_cloud_state", lambda v: v == 1, within=20, state="reachable"
        )
        assert value(samples, "zappi_ocpp_myenergi_requests_total", outcome="ok") > ok_before


async def test_readyz_is_503_until_the_first_poll_ended(world: World) -> None:
    charger = world.charger("hub_d")
    # the first poll's four attempts time out (2 s each): a long window before it fails
    await world.sim_call(world.sim.outage, HUB_D.serial, "timeout", 4)
    try:
        with trio.fail_after(60):
            _, base = await start_observed(world, charger, hubs=(HUB_D,), wait_booted=False)
            early = await get(base + "/readyz")
            assert early.status_code == 503, early.text
            assert "1 of 1 hubs not polled yet" in early.text
            with trio.move_on_after(30):
                while (ready := await get(base + "/readyz")).status_code != 200:  # noqa: ASYNC110
                    await trio.sleep(0.2)
            assert ready.status_code == 200, ready.text
            samples = await scrape(base)
            assert value(samples, "zappi_ocpp_myenergi_requests_total", outcome="timeout") >= 1
    finally:
        await world.sim_call(world.sim.outage, HUB_D.serial, "none")


async def test_healthz_stops_answering_while_the_loop_is_blocked(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZAPPI_OCPP_TEST_HOOKS", "block-loop")
    monkeypatch.setenv("ZAPPI_OCPP_TEST_BLOCK_S", "4")
    charger = world.charger()
    with trio.fail_after(45):
        bridge, base = await start_observed(world, charger)
        assert (await get(base + "/healthz")).status_code == 200
        bridge.signal(signal.SIGUSR1)
        with trio.move_on_after(5):
            while "observe.blocking_loop" not in bridge.log():  # noqa: ASYNC110
                await trio.sleep(0.05)
        with pytest.raises(httpx.TimeoutException):
            await get(base + "/healthz", wait_s=1.5)
        with trio.move_on_after(10):
            while True:
                try:
                    if (await get(base + "/healthz", wait_s=1.0)).status_code == 200:
                        break
                except httpx.TimeoutException:
                    pass
                await trio.sleep(0.2)
        assert (await get(base + "/healthz")).status_code == 200
        assert bridge.alive


async def test_nothing_the_endpoint_returns_carries_a_secret(world: World) -> None:
    charger = world.charger()
    password = "charger-basic-password-0001"
    authorization_key = "authorization-key-0123456789abcdef"
    with trio.fail_after(45):
        config_file = with_metrics(world.write_config([charger], password=password))
        bridge = world.start_bridge(config_file)
        await world.wait_status(charger, connector=1, within=15)
        base = f"http://127.0.0.1:{await endpoint_port(bridge)}"
        connections = world.csms.connections.count(charger.charge_box_id)
        await world.configure(charger, AuthorizationKey=authorization_key)
        await world.csms.wait_connected(charger.charge_box_id, connections + 1)
        await world.sim_call(world.sim.outage, HUB_A.serial, "unauthorized", 1)  # an error line
        await trio.sleep(1.0)
        bodies = []
        for path in ("/metrics", "/healthz", "/readyz", "/", "/?q=", "/?q=zappi",
                     f"/?charger={charger.charge_box_id}"):  # fmt: skip
            bodies.append((await get(base + path)).text)
        bodies.append((await get(base + "/", Accept="application/json")).text)
        assert charger.charge_box_id in bodies[-2]
        for secret in (password, authorization_key, HUB_A.api_key):
            assert not [b for b in bodies if secret in b], secret


async def test_status_command_summarises_the_running_service(world: World) -> None:
    charger = world.charger()
    with socket.socket() as probe:  # a fixed port: the status command must know it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with trio.fail_after(45):
        config_file = with_metrics(world.write_config([charger]), f"127.0.0.1:{port}")
        world.start_bridge(config_file)
        await world.wait_status(charger, connector=1, within=15)
        base = f"http://127.0.0.1:{port}"
        await wait_metric(base, "zappi_ocpp_chargers_accepted", lambda v: v == 1)
        done = await trio.to_thread.run_sync(_status, "--config", str(config_file))
        assert done.returncode == 0, done.stderr
        assert f"zappi-ocpp at 127.0.0.1:{port}" in done.stdout
        assert "1 configured, 1 connected, 1 accepted" in done.stdout
        assert "by status: Available 1" in done.stdout
        assert "reachable 1" in done.stdout
        by_address = await trio.to_thread.run_sync(_status, "--address", f"127.0.0.1:{port}")
        assert by_address.returncode == 0, by_address.stderr
        assert f"zappi-ocpp at 127.0.0.1:{port}" in by_address.stdout
        assert "1 configured, 1 connected, 1 accepted" in by_address.stdout
        bad = await trio.to_thread.run_sync(_status, "--address", "no-port")
        assert bad.returncode == 2 and "expected HOST:PORT" in bad.stderr

        off = world.write_config([charger], name="off.yaml")
        done = await trio.to_thread.run_sync(_status, "--config", str(off))
        assert done.returncode == 2 and "metrics are off" in done.stderr
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            nobody = probe.getsockname()[1]
        gone = with_metrics(world.write_config([charger], name="gone.yaml"), f"127.0.0.1:{nobody}")
        done = await trio.to_thread.run_sync(_status, "--config", str(gone))
        assert done.returncode == 1 and "no zappi-ocpp service answers" in done.stderr


def _status(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "runtime.cli", "status", *args],
        capture_output=True, text=True, cwd=REPO, timeout=30, check=False,
    )  # fmt: skip
