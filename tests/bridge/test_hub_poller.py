"""The hub poller against the in-process simulator: one status request per hub per poll,
fan-out by serial, chargers found by polling, outages and a rejected key."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import pytest
import trio
from bridge_helpers import HUB, KEY, LOCKED, ZAPPI, Sim

from generated.status_table import CloudState
from runtime.bridge.fan_out import FanOut
from runtime.bridge.hub_poller import HubPoller, HubResult
from runtime.myenergi.client import MyenergiClient
from runtime.myenergi.objects import ObjectProblem
from runtime.myenergi.retry import RetrySchedule
from runtime.myenergi.simulator import fleet_from_config, serve_simulator
from runtime.myenergi.status import ZappiStatus


@dataclass
class Recorder:
    """A charger's inputs, recorded."""

    seen: list[str] = field(default_factory=list)

    def observe(self, zappi: ZappiStatus) -> None:
        self.seen.append(f"{zappi.serial}:{zappi.plug_state}")

    def malformed(self, problem: ObjectProblem) -> None:
        self.seen.append(f"malformed {problem.field}")

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


def _events(caplog: pytest.LogCaptureFixture, name: str) -> list[dict[str, object]]:
    return [r.__dict__["fields"] for r in caplog.records if r.getMessage() == name]


@pytest.mark.parametrize(
    ("body", "cause"),
    [
        ({"field": "sta", "value": "banana"}, "malformed sta"),
        ({"field": "lck", "value": None}, "malformed lck"),
        ({"field": "che", "value": -3}, "malformed che"),
        ({"field": "sno", "remove": True}, "malformed sno"),
        ({"field": "fwv", "value": ""}, None),  # informational: read as missing
    ],
)
async def test_one_zappi_s_bad_object_stays_with_that_zappi(
    sim: Sim, caplog: pytest.LogCaptureFixture, body: dict[str, object], cause: str | None
) -> None:
    caplog.set_level(logging.INFO)
    chargers = {ZAPPI: Recorder(), LOCKED: Recorder()}
    fan_out = FanOut(chargers, {ZAPPI: HUB, LOCKED: HUB})
    async with client(sim.url, [(HUB, KEY)]) as cloud:
        poller = HubPoller(cloud, [HUB], 0.2, fan_out)
        with trio.fail_after(10):
            fan_out(await poller.poll_once(HUB))
            await sim.control(f"hub/{HUB}/outage", {"kind": "bad-field", "zappi": int(ZAPPI),
                                                     **body})  # fmt: skip
            for _ in range(3):
                fan_out(await poller.poll_once(HUB))
            await sim.control(f"hub/{HUB}/outage", {"kind": "none"})
            fan_out(await poller.poll_once(HUB))
    assert chargers[LOCKED].seen == [f"{LOCKED}:A"] * 5  # the neighbour never noticed
    middle = chargers[ZAPPI].seen[1:4]
    assert middle == ([f"{ZAPPI}:A"] * 3 if cause is None else [cause] * 3)
    assert chargers[ZAPPI].seen[4] == f"{ZAPPI}:A"
    assert _events(caplog, "hub.unreachable") == []  # the cloud answered every time
    assert [r.levelno for r in caplog.records if r.levelno >= logging.WARNING and
            r.getMessage() not in ("zappi.malformed", "hub.object_unidentified")] == []
    if cause is None:
        (ignored,) = _events(caplog, "zappi.fields_ignored")
        assert ignored["zappi"] == ZAPPI and ignored["fields"] == "fwv"
        return
    (logged,) = _events(caplog, "zappi.malformed")  # once, not once per poll
    assert logged["zappi"] == ZAPPI and logged["field"] == cause.split()[1]
    (sane,) = _events(caplog, "zappi.sane")
    assert sane["zappi"] == ZAPPI
    if body["field"] == "sno":
        (unidentified,) = _events(caplog, "hub.object_unidentified")
        assert "'sno' is a required property" in str(unidentified["problem"])


async def test_a_malformed_object_logs_again_only_when_its_field_changes(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    charger = Recorder()
    fan_out = FanOut({ZAPPI: charger}, {ZAPPI: HUB})

    def reply(name: str) -> HubResult:
        problem = ObjectProblem(name, "bad", f"[3].zappi[0].{name}")
        return HubResult(HUB, {}, CloudState.REACHABLE, malformed={ZAPPI: problem})

    for name in ("sta", "sta", "che", "che", "sta"):
        fan_out(reply(name))
    assert [e["field"] for e in _events(caplog, "zappi.malformed")] == ["sta", "che", "sta"]
    assert charger.seen == ["malformed sta", "malformed sta", "malformed che", "malformed che",
                            "malformed sta"]  # fmt: skip
