"""End to end, issue 13: the myenergi cloud sends bad data for one zappi of a hub with two.

One ``zappi-ocpp run`` serves both for the whole module: the garbled zappi has a car charging
(a transaction runs), its neighbour is idle. Each case injects one kind of bad data into the
garbled zappi's object with the simulator's bad-field outage, then clears it. For every case:
the neighbour's Central System sees nothing at all (no status change, no reconnect); the
garbled zappi neither reboots nor sends FirmwareStatusNotification, its transaction goes on,
and once the data is sane it is back within one poll; every frame the chargers send validates
against the official OCPP 1.6 schemas, and nothing says "cloud unreachable".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import jsonschema
import pytest
import trio

from codegen.ocpp_schemas import load_official_schemas
from generated.status_table import MALFORMED_GRACE_POLLS
from tests.e2e.harness import (
    HUB_A,
    POLL_S,
    TIME_FACTOR,
    Charger,
    SimulatorProcess,
    World,
    ZappiPool,
    register_wh,
    unparseable_log_lines,
)
from tests.support.csms import TestCsms

pytestmark = pytest.mark.slow

#: what one poll of recovery may take in wall time: the interval, plus a request and a report
ONE_POLL_S = POLL_S + 0.7


@dataclass
class Pair:
    world: World
    garbled: Charger
    healthy: Charger
    ready: bool = False

    async def start(self) -> None:
        """The bridge, both chargers booted, a car charging on the garbled one (first use)."""
        if self.ready:
            return
        world = self.world
        await world.run(self.garbled, self.healthy)
        await world.configure(self.garbled, MeterValueSampleInterval=1)
        await world.plug_and_start(self.garbled)
        await world.wait_status(self.garbled, "Charging", within=10)
        self.ready = True


@pytest.fixture(scope="module")
def pair(
    simulator: SimulatorProcess, zappi_pool: ZappiPool, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Pair]:
    with TestCsms() as csms:
        world = World(simulator, csms, tmp_path_factory.mktemp("bad-data"), zappi_pool)
        try:
            yield Pair(world, world.charger(), world.charger())
        finally:
            world.close()


@dataclass(frozen=True)
class Injection:
    what: str
    body: dict[str, Any]  #: the bad-field settings
    field: str | None  #: the field the malformed state names; None: the zappi carries on
    count: int | None = None  #: garbled replies (None: until cleared)


CASES = [
    Injection("a string where a number belongs", {"field": "sta", "value": "banana"}, "sta"),
    Injection("a number out of range", {"field": "zmo", "value": 9}, "zmo"),
    Injection("a negative energy", {"field": "che", "value": -2.5}, "che"),
    Injection("null", {"field": "lck", "value": None}, "lck"),
    Injection("a missing sno", {"field": "sno", "remove": True}, "sno"),
    Injection("a missing sta", {"field": "sta", "remove": True}, None),  # zero-suppressed: 0
    Injection("an empty fwv", {"field": "fwv", "value": ""}, None),
    Injection("one garbled reply (within the grace)", {"field": "sta", "value": "x"}, None, 1),
]
SCHEMAS = load_official_schemas()


def _frames_are_valid(world: World, charger: Charger, since: int) -> None:
    """Every CALL since ``since`` validates against its official schema, and the CSMS (the
    ``ocpp`` package validates too) never answered one with a CALLERROR."""
    for payload in world.calls(charger, since=since):
        action = payload.pop("_action")
        errors = list(jsonschema.Draft4Validator(SCHEMAS.actions[action].request)
                      .iter_errors(payload))  # fmt: skip
        assert errors == [], (action, payload, [e.message for e in errors])
    answers = world.csms.sent(charger.charge_box_id)
    assert [a for a in answers if a[0] == 4] == []


def _log_since(world: World, offset: int) -> list[str]:
    return world.log()[offset:].splitlines()


def _events(lines: list[str], name: str, zappi: str | None = None) -> list[str]:
    found = [line for line in lines if re.search(rf" {re.escape(name)}( |$)", line)]
    return [line for line in found if zappi is None or f"zappi={zappi}" in line]


async def _inject(world: World, garbled: Charger, injection: Injection) -> None:
    body: dict[str, Any] = {"kind": "bad-field", "zappi": int(garbled.serial), **injection.body}
    if injection.count is not None:
        body["count"] = injection.count
    await world.sim_call(world.sim.control, f"hub/{HUB_A.serial}/outage", body)


async def _clear(world: World) -> None:
    await world.sim_call(world.sim.control, f"hub/{HUB_A.serial}/outage", {"kind": "none"})


@pytest.mark.parametrize("injection", CASES, ids=[c.what for c in CASES])
async def test_bad_data_stays_with_the_zappi_it_came_from(
    pair: Pair, injection: Injection
) -> None:
    world, garbled, healthy = pair.world, pair.garbled, pair.healthy
    with trio.fail_after(60):
        await pair.start()
        mark, log_at = world.mark(), len(world.log())
        connections = list(world.csms.connections)
        await _inject(world, garbled, injection)
        if injection.field is not None:
            faulted = await world.wait_status(garbled, "Faulted", since=mark)
            assert faulted["errorCode"] == "OtherError"
            assert faulted["info"] == "myenergi cloud sent malformed data"
            assert faulted["vendorErrorCode"] == f"malformed {injection.field}"
            assert faulted["vendorId"] == "myenergi"
        else:  # the grace (or a field read as missing): nothing for the CSMS to see
            await world.quiet((MALFORMED_GRACE_POLLS + 2) * POLL_S)
        recovered_from = world.mark()
        cleared = trio.current_time()
        await _clear(world)
        if injection.field is not None:
            await world.wait_status(garbled, "Charging", since=recovered_from, within=5)
            assert trio.current_time() - cleared < ONE_POLL_S + POLL_S  # back within one poll
        await world.quiet(2 * POLL_S)

    # the neighbour saw nothing at all, and nobody reconnected
    assert world.calls(healthy, since=mark) == []
    assert world.csms.connections == connections
    # the garbled zappi: no reboot, no firmware notification, its transaction goes on
    actions = world.actions(garbled, since=mark)
    for action in ("BootNotification", "FirmwareStatusNotification", "StartTransaction",
                   "StopTransaction"):  # fmt: skip
        assert action not in actions, actions
    expected = ["Faulted", "Charging"] if injection.field is not None else []
    assert world.statuses(garbled, since=mark) == expected  # once per change: no flapping
    for charger in (garbled, healthy):
        _frames_are_valid(world, charger, mark)
    lines = _log_since(world, log_at)
    assert _events(lines, "hub.unreachable") == []
    assert unparseable_log_lines("\n".join(lines)) == []
    if injection.field is not None:
        (malformed,) = _events(lines, "zappi.malformed", garbled.serial)  # once, not per poll
        assert f"field={injection.field}" in malformed
        assert len(_events(lines, "zappi.sane", garbled.serial)) == 1


async def _zappi(world: World, serial: str) -> dict[str, Any]:
    state: dict[str, Any] = await world.sim_call(world.sim.zappi, serial)
    return state


async def test_che_going_backwards_never_lowers_the_register_or_counts_twice(pair: Pair) -> None:
    world, garbled, healthy = pair.world, pair.garbled, pair.healthy
    with trio.fail_after(60):
        await pair.start()
        # a session with energy enough that counting it twice could not hide in the slack
        await world.wait_zappi(garbled.serial, lambda z: z["che_kwh"] >= 0.3, within=30)
        mark, log_at = world.mark(), len(world.log())
        start = await _zappi(world, garbled.serial)
        await _inject(world, garbled, Injection("che", {"field": "che", "value": 0.0}, None))
        await world.quiet(3.0)
        await _clear(world)
        await world.quiet(3.0)
        end = await _zappi(world, garbled.serial)
    readings = [register_wh(p["meterValue"][0])
                for p in world.calls(garbled, "MeterValues", since=mark)]  # fmt: skip
    assert len(readings) >= 5, readings
    assert all(b >= a for a, b in itertools.pairwise(readings)), readings
    delivered = (end["che_kwh"] - start["che_kwh"]) * 1000
    # a MeterValue lags the zappi by up to one poll and one sample interval
    slack = start["power_w"] * TIME_FACTOR / 3600 * (POLL_S + 1.5) + 20
    counted = readings[-1] - readings[0]
    assert delivered - slack <= counted <= delivered + slack, (delivered, counted, readings)
    assert world.calls(healthy, since=mark) == []
    actions = world.actions(garbled, since=mark)
    assert "StopTransaction" not in actions and "BootNotification" not in actions
    assert world.statuses(garbled, since=mark) == []
    assert len(_events(_log_since(world, log_at), "meter.che_dropped")) == 1
    _frames_are_valid(world, garbled, mark)
