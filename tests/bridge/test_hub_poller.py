"""The hub poller against the in-process simulator: one status request per hub per poll,
fan-out by serial, chargers found by polling, outages and a rejected key."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import pytest
import trio
from bridge_helpers import HUB, KEY, LOCKED, ZAPPI, Sim

from generated.status_table import CloudState
from runtime.bridge.hub_poller import FanOut, HubPoller, HubResult
from runtime.myenergi.client import MyenergiClient
from runtime.myenergi.retry import RetrySchedule
from runtime.myenergi.simulator import fleet_from_config, serve_simulator
from runtime.myenergi.status import ZappiStatus


@dataclass
class Recorder:
    """A charger's inputs, recorded."""

    seen: list[str] = field(default_factory=list)

    def observe(self, zappi: ZappiStatus) -> None:
        self.seen.append(f"{zappi.serial}:{zappi.plug_state}")

    def cloud_failed(self, cloud: CloudState) -> None:
        self.seen.append(str(cloud))


def client(url: str, hubs: list[tuple[str, str]]) -> MyenergiClient:
    return MyenergiClient(
        url,
        hubs,
        request_timeout_s=1.0,
        retry=RetrySchedule(attempts=2, initial_s=0.01, cap_s=0.02),
        auth_cooldown_s=0.0,
    )


async def test_one_status_request_per_poll_serves_every_zappi(sim: Sim) -> None:
    chargers = {ZAPPI: Recorder(), LOCKED: Recorder()}
    fan_out = FanOut(chargers, {})  # no hub configured: found by polling
    async with client(sim.url, [(HUB, KEY)]) as cloud:
        poller = HubPoller(cloud, [HUB], 0.2, fan_out)
        with trio.fail_after(10):
            for _ in range(3):
                fan_out(await poller.poll_once(HUB))
    assert fan_out.hub_of == {ZAPPI: HUB, LOCKED: HUB}
    assert chargers[ZAPPI].seen == [f"{ZAPPI}:A"] * 3
    assert chargers[LOCKED].seen == [f"{LOCKED}:A"] * 3
    status_requests = [r.path for r in sim.fleet.requests if r.path.startswith("/cgi-jstatus-*")]
    assert len(status_requests) == 3


async def test_outage_and_recovery_reach_the_chargers_of_that_hub(sim: Sim) -> None:
    charger = Recorder()
    fan_out = FanOut({ZAPPI: charger}, {ZAPPI: HUB})
    async with client(sim.url, [(HUB, KEY)]) as cloud:
        poller = HubPoller(cloud, [HUB], 0.2, fan_out)
        with trio.fail_after(10):
            fan_out(await poller.poll_once(HUB))
            await sim.control(f"hub/{HUB}/outage", {"kind": "http500"})
            fan_out(await poller.poll_once(HUB))
            await sim.control(f"hub/{HUB}/outage", {"kind": "none"})
            fan_out(await poller.poll_once(HUB))
    assert charger.seen == [f"{ZAPPI}:A", "unreachable", f"{ZAPPI}:A"]


async def test_rejected_key_is_reported_as_key_rejected(sim: Sim) -> None:
    charger = Recorder()
    fan_out = FanOut({ZAPPI: charger}, {ZAPPI: HUB})
    async with client(sim.url, [(HUB, "wrong-key")]) as cloud:
        result = await HubPoller(cloud, [HUB], 0.2, fan_out).poll_once(HUB)
    assert result.cloud is CloudState.KEY_REJECTED
    assert result.error is not None and "wrong-key" not in result.error
    fan_out(result)
    assert charger.seen == ["key_rejected"]


async def test_zappi_missing_from_its_hub_is_reported_unreachable() -> None:
    charger = Recorder()
    fan_out = FanOut({"21999999": charger}, {"21999999": HUB})
    fan_out(HubResult(HUB, {}, CloudState.REACHABLE))
    assert charger.seen == ["unreachable"]


async def test_several_hubs_each_polled_in_their_own_task(nursery: trio.Nursery) -> None:
    fleet = fleet_from_config(
        {
            "hubs": [
                {"serial": "21000010", "api_key": "key-a", "zappis": [{"serial": 21000011}]},
                {"serial": "21000020", "api_key": "key-b", "zappis": [{"serial": 21000021}]},
            ]
        }
    )
    port = await nursery.start(serve_simulator, fleet, "127.0.0.1", 0)
    chargers = {"21000011": Recorder(), "21000021": Recorder()}
    fan_out = FanOut(chargers, {})
    hubs = [("21000010", "key-a"), ("21000020", "key-b")]
    async with client(f"http://127.0.0.1:{port}", hubs) as cloud:
        poller = HubPoller(cloud, [h for h, _ in hubs], 0.2, fan_out)
        with trio.move_on_after(0.5):
            await poller.run()
    assert fan_out.hub_of == {"21000011": "21000010", "21000021": "21000020"}
    assert 2 <= len(chargers["21000011"].seen) <= 4  # one per 0.2 s interval
    assert set(chargers["21000021"].seen) == {"21000021:A"}


async def test_a_zappi_no_hub_reports_is_named_once_every_hub_answered(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    fan_out = FanOut({"21999999": Recorder()}, {}, ["21000010", "21000020"])
    fan_out(HubResult("21000010", {}, CloudState.REACHABLE))
    assert not [r for r in caplog.records if r.getMessage() == "charger.missing"]
    fan_out(HubResult("21000020", {}, CloudState.REACHABLE))
    fan_out(HubResult("21000020", {}, CloudState.REACHABLE))
    lines = [r for r in caplog.records if r.getMessage() == "charger.missing"]
    assert len(lines) == 1 and lines[0].__dict__["fields"]["serial"] == "21999999"
