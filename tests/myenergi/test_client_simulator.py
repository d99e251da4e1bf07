"""The client against the simulator over real loopback HTTP: discovery, auth, commands, outages."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

import httpx
import pytest
import trio
from myenergi_helpers import HUB, KEY, LOCKED_ZAPPI, ZAPPI, Sim, fast_client

from generated.myenergi import COMMANDS, ChargeMode, CommandName
from runtime.myenergi.client import MyenergiClient
from runtime.myenergi.commands import CommandArgumentError, command_path
from runtime.myenergi.errors import (
    ApiKeyRejected,
    CloudRejected,
    CloudUnavailable,
    CommandFailed,
    CommandNotConfirmed,
    MalformedReply,
)
from runtime.myenergi.retry import RetrySchedule
from runtime.myenergi.simulator import default_fleet, serve_simulator
from runtime.myenergi.status import ZappiStatus

LIMIT_S = 10  # every test here finishes in well under a second; this only stops a hang


async def test_poll_discovers_the_server_and_reads_every_zappi(
    sim: Sim, client: MyenergiClient
) -> None:
    with trio.fail_after(LIMIT_S):
        statuses = await client.poll(HUB)
    assert set(statuses) == {"21000001", "21000002"}
    assert statuses[ZAPPI].firmware == "3562S5.782"
    assert statuses[LOCKED_ZAPPI].lock == 7
    assert client.server_url(HUB) == sim.url
    answered = sim.requests(status=200)
    assert answered == ["/cgi-jstatus-E", "/cgi-jstatus-*"]  # discovery, then one status call


async def test_the_director_sends_the_client_to_the_asn_server(nursery: trio.Nursery) -> None:
    fleet = default_fleet()
    asn_port = await nursery.start(
        functools.partial(serve_simulator, name="asn"), fleet, "127.0.0.1", 0
    )
    director_port = await nursery.start(
        functools.partial(serve_simulator, asn=f"127.0.0.1:{asn_port}", name="director"),
        fleet,
        "127.0.0.1",
        0,
    )
    async with fast_client(f"http://127.0.0.1:{director_port}") as client:
        with trio.fail_after(LIMIT_S):
            await client.poll(HUB)
            assert client.server_url(HUB) == f"http://127.0.0.1:{asn_port}"
            served = [(r.server, r.path) for r in fleet.requests if r.status == 200]
            assert served == [("director", "/cgi-jstatus-E"), ("asn", "/cgi-jstatus-*")]
            # The cloud moves the hub: the next reply names another server and the client follows.
            fleet.asn = f"localhost:{director_port}"
            await client.poll(HUB)
            assert client.server_url(HUB) == f"http://localhost:{director_port}"
            await client.poll(HUB)
    last = [r for r in fleet.requests if r.status == 200][-1]
    assert (last.server, last.path) == ("director", "/cgi-jstatus-*")


async def test_an_undefined_asn_is_ignored(sim: Sim, client: MyenergiClient) -> None:
    with trio.fail_after(LIMIT_S):
        await client.poll(HUB)
        await sim.control("asn", {"asn": "undefined"})
        statuses = await client.poll(HUB)
    assert client.server_url(HUB) == sim.url and len(statuses) == 2


async def test_a_wrong_api_key_is_reported_once_without_a_retry_storm(
    sim: Sim, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with fast_client(sim.url, [(HUB, "not-the-key")]) as client:
        with trio.fail_after(LIMIT_S):
            with pytest.raises(ApiKeyRejected) as caught:
                await client.poll(HUB)
            sent = len(sim.fleet.requests)
            with pytest.raises(ApiKeyRejected):
                await client.poll(HUB)  # within the cool-down: refused without a request
    assert str(caught.value).startswith("API key rejected for hub 21000001")
    assert "not-the-key" not in str(caught.value)
    assert sent <= 2  # the challenge and one authenticated attempt
    assert len(sim.fleet.requests) == sent
    for record in caplog.records:
        assert "not-the-key" not in repr(record.__dict__)


async def test_an_injected_401_outage_is_a_rejected_key(sim: Sim, client: MyenergiClient) -> None:
    await sim.control(f"hub/{HUB}/outage", {"kind": "unauthorized"})
    with trio.fail_after(LIMIT_S), pytest.raises(ApiKeyRejected):
        await client.poll(HUB)


@pytest.mark.parametrize(
    "mode", [ChargeMode.FAST, ChargeMode.ECO, ChargeMode.STOP, ChargeMode.ECO_PLUS]
)
async def test_set_mode(sim: Sim, client: MyenergiClient, mode: ChargeMode) -> None:
    if mode is ChargeMode.ECO_PLUS:
        await client.set_mode(HUB, ZAPPI, ChargeMode.FAST)
    sim.fleet.hubs[HUB].command_delay_s = 20.0  # 200 ms: long enough to see cmt count up
    with trio.fail_after(LIMIT_S):
        result = await client.set_mode(HUB, ZAPPI, mode)
    assert result.status.mode is mode and result.confirmed_by == "cmt"
    assert sim.fleet.zappi(int(ZAPPI)).mode is mode


async def _app_command(sim: Sim, name: CommandName, **arguments: int | str) -> dict[str, object]:
    """A command sent as another app would (digest auth, no confirmation), from the table's URL
    template; the simulator queues it like any other. The reply, without the server's asn."""
    path = command_path(COMMANDS[name], ZAPPI, **arguments)
    async with httpx.AsyncClient(auth=httpx.DigestAuth(HUB, KEY)) as app:
        reply = (await app.get(f"{sim.url}{path}")).json()
    return {key: value for key, value in reply.items() if key != "asn"}


async def _until(client: MyenergiClient, done: Callable[[ZappiStatus], bool]) -> ZappiStatus:
    """The zappi's status once ``done`` holds (the caller bounds the wait)."""
    while True:
        status = await client.zappi_status(HUB, ZAPPI)
        if done(status):
            return status
        await trio.sleep(0.01)


async def test_boosts_and_stop_boost_read_back(sim: Sim, client: MyenergiClient) -> None:
    await sim.control(f"zappi/{ZAPPI}/plug", {"ev_wants_kwh": 60})
    with trio.fail_after(LIMIT_S):
        assert await _app_command(sim, CommandName.MANUAL_BOOST, kwh=5) == {"status": 0, "statustext": ""}
        manual = await _until(client, lambda s: s.manual_boost)
        assert manual.manual_boost_target_wh == 5000
        assert (await _app_command(sim, CommandName.SMART_BOOST, kwh=10, hhmm="0730"))["status"] == 0
        smart = await _until(client, lambda s: s.smart_boost)
        assert not smart.manual_boost
        assert (smart.smart_boost_hour, smart.smart_boost_minute) == (7, 30)
        assert (await _app_command(sim, CommandName.STOP_BOOST))["status"] == 0
        stopped = await _until(client, lambda s: not (s.manual_boost or s.smart_boost))
    assert stopped.command_timer == 254  # the device reports the stop as done


async def test_min_green_level_read_back(sim: Sim, client: MyenergiClient) -> None:
    with trio.fail_after(LIMIT_S):
        assert await _app_command(sim, CommandName.MIN_GREEN, level=50) == {"mgl": 50}
        status = await _until(client, lambda s: s.min_green_pct == 50)
    assert status.min_green_pct == 50


async def test_pin_entry_and_unlock_raise_lck_7_to_23(sim: Sim, client: MyenergiClient) -> None:
    await sim.control(f"zappi/{LOCKED_ZAPPI}/plug")
    with trio.fail_after(LIMIT_S):
        locked = await client.zappi_status(HUB, LOCKED_ZAPPI)
        assert locked.lock == 7 and not locked.charge_allowed
        result = await client.unlock(HUB, LOCKED_ZAPPI)
        assert result.status.lock == 23 and result.status.charge_allowed
        assert f"/cgi-jlock-{LOCKED_ZAPPI}-01000000" in sim.requests(status=200)
        await sim.control(f"zappi/{LOCKED_ZAPPI}/unplug")
        await sim.control(f"zappi/{LOCKED_ZAPPI}/plug")
        assert (await client.zappi_status(HUB, LOCKED_ZAPPI)).lock == 7
        reply = await sim.control(f"zappi/{LOCKED_ZAPPI}/pin", {"pin": "44444"})
        assert reply == {"ok": True, "accepted": True}
        assert (await client.zappi_status(HUB, LOCKED_ZAPPI)).lock == 23


async def test_busy_is_retried_until_the_hub_is_free(sim: Sim) -> None:
    sim.fleet.hubs[HUB].command_delay_s = 30.0  # 300 ms of real time at 100×
    async with httpx.AsyncClient(auth=httpx.DigestAuth(HUB, KEY)) as other_app:
        reply = await other_app.get(f"{sim.url}/cgi-zappi-mode-Z{LOCKED_ZAPPI}-1-0-0-0000")
    assert reply.json()["status"] == 0
    patient = RetrySchedule(attempts=40, initial_s=0.02, cap_s=0.05)  # outlasts the other command
    async with fast_client(sim.url, busy_retry=patient) as client:
        with trio.fail_after(LIMIT_S):
            result = await client.set_mode(HUB, ZAPPI, ChargeMode.FAST)
    assert result.busy_retries >= 1 and result.status.mode is ChargeMode.FAST


async def test_commands_are_serialised_per_hub(client: MyenergiClient) -> None:
    results = []

    async def command(zappi: str) -> None:
        results.append(await client.set_mode(HUB, zappi, ChargeMode.FAST))

    with trio.fail_after(LIMIT_S):
        async with trio.open_nursery() as nursery:
            nursery.start_soon(command, ZAPPI)
            nursery.start_soon(command, LOCKED_ZAPPI)
    assert [r.busy_retries for r in results] == [0, 0]  # the second waited for the first


async def test_a_failed_command_is_reported(sim: Sim, client: MyenergiClient) -> None:
    sim.fleet.hubs[HUB].fail_next_commands = 1
    await client.poll(HUB)  # the client has seen cmt 254, so a 253 is news even if it is quick
    with trio.fail_after(LIMIT_S), pytest.raises(CommandFailed, match="set_mode"):
        await client.set_mode(HUB, ZAPPI, ChargeMode.FAST)


async def test_an_unconfirmed_command_times_out(sim: Sim) -> None:
    sim.fleet.hubs[HUB].command_delay_s = 1e6
    async with fast_client(sim.url, confirm_timeout_s=0.2) as client:
        with trio.fail_after(LIMIT_S), pytest.raises(CommandNotConfirmed):
            await client.set_mode(HUB, ZAPPI, ChargeMode.FAST)


async def test_a_quick_failure_is_recognised_against_the_last_cmt(sim: Sim) -> None:
    sim.fleet.hubs[HUB].fail_next_commands = 1
    sim.fleet.hubs[HUB].command_delay_s = 0.0  # done by the first confirmation poll
    async with fast_client(sim.url, confirm_poll_s=0.05) as client:
        await client.poll(HUB)
        with trio.fail_after(LIMIT_S), pytest.raises(CommandFailed):
            await client.set_mode(HUB, ZAPPI, ChargeMode.FAST)


async def test_a_negative_status_is_a_typed_error_with_the_table_text(
    client: MyenergiClient,
) -> None:
    with trio.fail_after(LIMIT_S), pytest.raises(CloudRejected) as caught:
        await client.set_mode(HUB, "99999999", ChargeMode.FAST)
    assert caught.value.code == 13 and "Serial No not found" in str(caught.value)


async def test_out_of_range_arguments_are_never_sent(sim: Sim, client: MyenergiClient) -> None:
    with pytest.raises(CommandArgumentError):
        await client.set_mode(HUB, ZAPPI, 9)  # type: ignore[arg-type]  # not a charge mode
    assert sim.fleet.requests == type(sim.fleet.requests)([])


@pytest.mark.parametrize("kind", ["http500", "http503", "malformed-json", "timeout"])
async def test_transient_outages_are_retried(sim: Sim, kind: str) -> None:
    await sim.control(f"hub/{HUB}/outage", {"kind": kind, "count": 2})
    async with fast_client(sim.url, request_timeout_s=0.2) as client:
        with trio.fail_after(LIMIT_S):
            statuses = await client.poll(HUB)
    assert len(statuses) == 2


@pytest.mark.parametrize(
    ("kind", "reason"), [("http500", "HTTP 500"), ("malformed-json", "not valid JSON")]
)
async def test_a_lasting_outage_is_reported_after_capped_retries(
    sim: Sim, client: MyenergiClient, kind: str, reason: str
) -> None:
    await client.poll(HUB)
    await sim.control(f"hub/{HUB}/outage", {"kind": kind})
    with trio.fail_after(LIMIT_S), pytest.raises(CloudUnavailable) as caught:
        await client.poll(HUB)
    assert caught.value.attempts == 3 and reason in caught.value.reason
    await sim.control(f"hub/{HUB}/outage", {"kind": "none"})
    assert len(await client.poll(HUB)) == 2  # and it recovers once the cloud does


async def test_a_reply_whose_objects_break_the_schema_names_the_field_per_zappi(
    sim: Sim, client: MyenergiClient
) -> None:
    await client.poll(HUB)  # discovery first, so the broken reply is the status one
    await sim.control(f"hub/{HUB}/outage", {"kind": "bad-field", "count": 1})  # every div
    with trio.fail_after(LIMIT_S):
        statuses = await client.poll(HUB)
    assert len(statuses) == 0 and set(statuses.malformed) == {ZAPPI, LOCKED_ZAPPI}
    for problem in statuses.malformed.values():
        assert problem.where.endswith(".div") and "expected integer" in problem.problem


async def test_one_zappi_s_bad_object_leaves_the_other_zappi_of_the_hub_served(
    sim: Sim, client: MyenergiClient
) -> None:
    await client.poll(HUB)
    body = {"kind": "bad-field", "zappi": int(ZAPPI), "field": "sta", "value": "banana"}
    await sim.control(f"hub/{HUB}/outage", {**body, "count": 2})
    with trio.fail_after(LIMIT_S):
        statuses = await client.poll(HUB)
        assert set(statuses) == {LOCKED_ZAPPI} and statuses.malformed[ZAPPI].field == "sta"
        with pytest.raises(MalformedReply) as caught:
            await client.zappi_status(HUB, ZAPPI)
        assert caught.value.where.endswith(".sta") and "banana" not in caught.value.hub
        assert set(await client.poll(HUB)) == {ZAPPI, LOCKED_ZAPPI}  # the outage is over


async def test_a_garbled_reply_while_a_command_is_confirmed_is_asked_again(
    sim: Sim, client: MyenergiClient
) -> None:
    await client.poll(HUB)
    # the command's own request takes the first count; the first confirmation poll is garbled
    body = {"kind": "bad-field", "zappi": int(ZAPPI), "field": "cmt", "value": "?", "count": 2}
    await sim.control(f"hub/{HUB}/outage", body)
    with trio.fail_after(LIMIT_S):
        result = await client.set_mode(HUB, ZAPPI, ChargeMode.ECO)
    assert result.status.mode is ChargeMode.ECO
    assert sim.fleet.hubs[HUB].outage is None  # the garbled reply was sent and read past
    assert len([p for p in sim.requests() if p == f"/cgi-jstatus-Z{ZAPPI}"]) >= 2


async def test_bad_field_controls_are_checked(sim: Sim) -> None:
    async with httpx.AsyncClient() as http:
        url = f"{sim.url}/_control/hub/{HUB}/outage"
        both = await http.post(url, json={"kind": "bad-field", "value": 1, "remove": True})
        unknown = await http.post(url, json={"kind": "bad-field", "colour": "red"})
    assert both.status_code == 400 and "not both" in both.json()["error"]
    assert unknown.status_code == 400 and "colour" in unknown.json()["error"]


async def test_a_missing_asn_header_keeps_the_known_server(
    sim: Sim, client: MyenergiClient
) -> None:
    await client.poll(HUB)
    await sim.control(f"hub/{HUB}/outage", {"kind": "no-asn", "count": 1})
    await client.poll(HUB)
    assert client.server_url(HUB) == sim.url


async def test_a_401_without_asn_header_is_still_a_rejected_key(sim: Sim) -> None:
    await sim.control("asn", {"on_401": False})
    async with fast_client(sim.url, [(HUB, "not-the-key")]) as client:
        with trio.fail_after(LIMIT_S), pytest.raises(ApiKeyRejected):
            await client.poll(HUB)
    async with httpx.AsyncClient() as http:
        challenge = await http.get(f"{sim.url}/cgi-jstatus-*")
    assert challenge.status_code == 401 and "x_myenergi-asn" not in challenge.headers


async def test_bad_control_requests_are_refused_with_a_reason(sim: Sim) -> None:
    async with httpx.AsyncClient() as http:
        bad_kind = await http.post(f"{sim.url}/_control/hub/{HUB}/outage", json={"kind": "x"})
        no_zappi = await http.post(f"{sim.url}/_control/zappi/1/plug", json={})
        not_json = await http.post(f"{sim.url}/_control/time", content=b"{")
    assert bad_kind.status_code == 400 and "http500" in bad_kind.json()["error"]
    assert no_zappi.status_code == 404
    assert not_json.status_code == 400


@pytest.mark.parametrize(
    ("flags", "status"), [("00000010", 0), ("01000000", 0), ("11111111", "-14")]
)
async def test_the_simulator_accepts_both_public_unlock_strings(
    sim: Sim, flags: str, status: object
) -> None:
    async with httpx.AsyncClient(auth=httpx.DigestAuth(HUB, KEY)) as http:
        reply = await http.get(f"{sim.url}/cgi-jlock-{LOCKED_ZAPPI}-{flags}")
    assert reply.json()["status"] == status


async def test_a_poll_ends_by_its_deadline_and_counts_the_timeout(sim: Sim) -> None:
    outcomes: list[str] = []
    async with fast_client(sim.url, on_request=lambda o, s: outcomes.append(o)) as client:
        await client.poll(HUB)  # discovered, challenge cached
        await sim.control(f"hub/{HUB}/outage", {"kind": "timeout"})
        started = trio.current_time()
        with trio.fail_after(LIMIT_S), pytest.raises(CloudUnavailable) as caught:
            await client.poll(HUB, deadline=started + 0.3)
        took = trio.current_time() - started
        await sim.control(f"hub/{HUB}/outage", {"kind": "none"})
    assert 0.3 <= took < 0.9  # not the 1 s request timeout, nor its retries
    assert caught.value.attempts == 1 and caught.value.reason == "timed out"
    assert outcomes == ["ok", "timeout"]


async def test_steady_polls_are_one_request_each(sim: Sim, client: MyenergiClient) -> None:
    with trio.fail_after(LIMIT_S):
        for _ in range(5):
            await client.poll(HUB)
    paths = [(r.path, r.status) for r in sim.fleet.requests]
    # discovery (one digest challenge), then exactly one request per poll: no 401 re-challenge
    assert paths == [("/cgi-jstatus-E", 401), ("/cgi-jstatus-E", 200)] + [
        ("/cgi-jstatus-*", 200)
    ] * 5
