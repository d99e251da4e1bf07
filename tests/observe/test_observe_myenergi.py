"""The myenergi client tells its observer the outcome of every request attempt, against the
real digest-auth simulator: ok, busy (-26), 401, 5xx, malformed, timeout, connect_error."""

from __future__ import annotations

import httpx
import pytest
import trio

from generated.myenergi import ChargeMode
from runtime.myenergi.client import MyenergiClient
from runtime.myenergi.errors import ApiKeyRejected, CloudUnavailable
from tests.myenergi.myenergi_helpers import fast_client
from tests.support.simulator import Sim, start_simulator

HUB, KEY, ZAPPI, OTHER = "21000001", "demo-key", "21000001", "21000002"


class Outcomes:
    def __init__(self) -> None:
        self.seen: list[tuple[str, float]] = []

    def __call__(self, outcome: str, seconds: float) -> None:
        self.seen.append((outcome, seconds))

    def names(self) -> list[str]:
        return [name for name, _ in self.seen]


def _client(url: str, outcomes: Outcomes) -> MyenergiClient:
    # no cool-down after a 401, short timeouts: every outcome in milliseconds
    return fast_client(url, on_request=outcomes, auth_cooldown_s=0.0, request_timeout_s=0.5)


@pytest.fixture
async def sim(nursery: trio.Nursery) -> Sim:
    return await start_simulator(nursery)


async def test_reply_outcomes(sim: Sim) -> None:
    outcomes = Outcomes()
    async with _client(sim.url, outcomes) as client:
        with trio.fail_after(20):
            await client.poll(HUB)
            assert outcomes.names() == ["ok"]
            for kind, expected in (("http503", "5xx"), ("malformed-json", "malformed")):
                await sim.control(f"hub/{HUB}/outage", {"kind": kind, "count": 1})
                outcomes.seen.clear()
                await client.poll(HUB)  # one failed attempt, then the retry answers
                assert outcomes.names() == [expected, "ok"], kind
            await sim.control(f"hub/{HUB}/outage", {"kind": "unauthorized"})
            outcomes.seen.clear()
            with pytest.raises(ApiKeyRejected):
                await client.poll(HUB)
            assert outcomes.names() == ["401"]
            await sim.control(f"hub/{HUB}/outage", {"kind": "timeout"})
            outcomes.seen.clear()
            with pytest.raises(CloudUnavailable):
                await client.poll(HUB)
            await sim.control(f"hub/{HUB}/outage", {"kind": "none"})
    assert outcomes.names()[0] == "timeout" and set(outcomes.names()) <= {"timeout"}
    assert all(seconds >= 0.4 for _, seconds in outcomes.seen)  # each waited for its timeout


async def test_a_busy_reply_is_its_own_outcome(sim: Sim) -> None:
    sim.fleet.hubs[HUB].command_delay_s = 30.0  # 300 ms of real time at 100x
    async with httpx.AsyncClient(auth=httpx.DigestAuth(HUB, KEY)) as other_app:
        reply = await other_app.get(f"{sim.url}/cgi-zappi-mode-Z{OTHER}-1-0-0-0000")
    assert reply.json()["status"] == 0
    outcomes = Outcomes()
    async with _client(sim.url, outcomes) as client:
        with trio.fail_after(20):
            result = await client.set_mode(HUB, ZAPPI, ChargeMode.FAST)
    assert result.busy_retries >= 1
    assert outcomes.names().count("busy") == result.busy_retries
    assert "ok" in outcomes.names()


async def test_a_cloud_nobody_serves_is_connect_error() -> None:
    outcomes = Outcomes()
    with trio.socket.socket() as probe:
        await probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with _client(f"http://127.0.0.1:{port}", outcomes) as client:
        with trio.fail_after(10), pytest.raises(CloudUnavailable):
            await client.poll(HUB)
    assert outcomes.names() == ["connect_error"] * 3  # fast_client: three attempts


async def test_a_bad_zappi_object_counts_by_field_and_the_request_stays_ok(sim: Sim) -> None:
    from prometheus_client import CollectorRegistry

    from runtime.bridge.hub_poller import HubPoller
    from runtime.observe.hubs import HubBoard
    from runtime.observe.instruments import MALFORMED_FIELDS, Instruments

    registry = CollectorRegistry()
    instruments = Instruments(registry)
    board = HubBoard([HUB], lambda _: None, malformed=instruments.zappi_object_malformed)
    outcomes = Outcomes()
    body = {"kind": "bad-field", "zappi": int(ZAPPI), "field": "sta", "value": "banana"}
    async with _client(sim.url, outcomes) as client:
        poller = HubPoller(client, [HUB], 1.0, board)
        with trio.fail_after(10):
            board(await poller.poll_once(HUB))  # discovery first: the outage hits status polls
            await sim.control(f"hub/{HUB}/outage", {**body, "count": 2})
            for _ in range(2):
                board(await poller.poll_once(HUB))
            assert board.records[HUB].zappis == 1  # the other zappi was served
            board(await poller.poll_once(HUB))

    def count(field: str) -> float | None:
        return registry.get_sample_value("zappi_ocpp_zappi_objects_malformed_total",
                                         {"field": field})  # fmt: skip

    assert count("sta") == 2 and count("pst") == 0  # every bounded series is there from the start
    assert "sno" in MALFORMED_FIELDS and "object" in MALFORMED_FIELDS
    assert "ectt1" not in MALFORMED_FIELDS  # informational fields never make an object malformed
    assert set(outcomes.names()) == {"ok"}
    assert board.records[HUB].zappis == 2 and board.records[HUB].error is None
