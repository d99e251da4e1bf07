"""The fleet supervisor (runtime/bridge/fleet.py) with stand-in chargers on trio's MockClock:
apply() starts, stops and restarts exactly the difference, never runs two tasks of one
charger at once, keeps untouched chargers' tasks, follows hubs in the client, poller and
fan-out, restarts a crashed charger alone, and plans for a subset of hubs (leases)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import trio
import trio.testing

from generated.status_table import CloudState
from runtime.bridge.config import ChargerSettings, HubSettings
from runtime.bridge.csms_config import CsmsEndpoint
from runtime.bridge.fan_out import FanOut
from runtime.bridge.fleet import RESTART_DELAY_S, Fleet, FleetChange, FleetPlan, HubControl
from runtime.bridge.hub_poller import HubPoller, HubResult
from runtime.myenergi.status import ZappiStatus

CSMS = CsmsEndpoint("ws://127.0.0.1:9/ocpp")
OTHER_CSMS = CsmsEndpoint("ws://127.0.0.1:10/ocpp", password="other-password-1")
HUB_1, HUB_2 = HubSettings("21000900", "key-1"), HubSettings("21000901", "key-2")


def charger(serial: str, hub: str | None = HUB_1.serial, **changes: Any) -> ChargerSettings:
    return replace(ChargerSettings(serial, f"box-{serial}", None, hub, CSMS), **changes)


@dataclass
class Identity:
    serial: str
    charge_box_id: str


class FakeCp:
    def __init__(self) -> None:
        self.reboots = 0

    def reboot(self) -> None:
        self.reboots += 1


@dataclass
class World:
    """What the stand-in chargers did: who ran when, and every input."""

    running: dict[str, int] = field(default_factory=dict)  # charge box → tasks running now
    most_at_once: int = 0
    built: list[ChargerSettings] = field(default_factory=list)
    inputs: list[tuple[str, str]] = field(default_factory=list)
    crash_next: set[str] = field(default_factory=set)


class FakeDriver:
    """Stands in for ChargerDriver: a task that runs until cancelled (or crashes once)."""

    def __init__(self, settings: ChargerSettings, world: World) -> None:
        self.identity = Identity(settings.serial, settings.charge_box_id)
        self.settings = settings
        self.cp = FakeCp()
        self.world = world
        self.runs = 0

    def observe(self, zappi: ZappiStatus) -> None:
        self.world.inputs.append((self.identity.serial, "observe"))

    def cloud_failed(self, cloud: CloudState) -> None:
        self.world.inputs.append((self.identity.serial, str(cloud)))

    async def run(self, *, task_status: Any = trio.TASK_STATUS_IGNORED) -> None:
        box = self.identity.charge_box_id
        world = self.world
        world.running[box] = world.running.get(box, 0) + 1
        world.most_at_once = max(world.most_at_once, world.running[box])
        self.runs += 1
        try:
            task_status.started()
            await trio.sleep(1)
            if self.identity.serial in world.crash_next:
                world.crash_next.discard(self.identity.serial)
                raise RuntimeError("a bug in this charger")
            await trio.sleep_forever()
        finally:
            with trio.CancelScope(shield=True):
                await trio.sleep(0.5)  # closing the WebSocket takes a moment
            world.running[box] -= 1


class FakeClient:
    def __init__(self) -> None:
        self.hubs: dict[str, str] = {}

    def add_hub(self, serial: str, api_key: str) -> None:
        self.hubs[serial] = api_key

    def remove_hub(self, serial: str) -> None:
        del self.hubs[serial]


class NoCloud:
    async def poll(self, hub: str) -> dict[str, ZappiStatus]:
        raise AssertionError("not polled in these tests")


def make_fleet(world: World) -> tuple[Fleet, FakeClient, HubPoller, FanOut, dict[str, FakeDriver]]:
    client, fan_out = FakeClient(), FanOut({}, {})
    poller = HubPoller(NoCloud(), (), 15.0, fan_out)
    drivers: dict[str, FakeDriver] = {}

    def build(settings: ChargerSettings) -> Any:
        world.built.append(settings)
        drivers[settings.serial] = driver = FakeDriver(settings, world)
        return driver

    return Fleet(HubControl(client, poller, fan_out), build), client, poller, fan_out, drivers


async def test_apply_changes_exactly_the_difference(
    autojump_clock: trio.testing.MockClock,
) -> None:
    world = World()
    fleet, client, poller, _fan_out, drivers = make_fleet(world)
    a, b, c = charger("21000001"), charger("21000002"), charger("21000003")
    async with trio.open_nursery() as nursery:
        await nursery.start(fleet.run)
        first = await fleet.apply(FleetPlan((HUB_1,), (a, b, c)))
        assert first == FleetChange(3, 0, 0, 0, 1, 0, 0)
        assert set(fleet.drivers) == {a.serial, b.serial, c.serial}
        task_of_a = drivers[a.serial]
        # b removed, c on another operator's CSMS, d added on a new hub, a untouched
        c2, d = replace(c, csms=OTHER_CSMS), charger("21000004", hub=HUB_2.serial)
        second = await fleet.apply(FleetPlan((HUB_1, HUB_2), (a, c2, d)))
        assert second == FleetChange(1, 1, 1, 1, 1, 0, 0)
        assert fleet.drivers[a.serial] is task_of_a and task_of_a.runs == 1  # not touched
        assert fleet.drivers[c.serial].settings.csms == OTHER_CSMS
        assert set(fleet.drivers) == {a.serial, c.serial, d.serial}
        assert world.running == {"box-21000001": 1, "box-21000002": 0, "box-21000003": 1,
                                 "box-21000004": 1}
        assert world.most_at_once == 1  # a changed charger stopped before its successor ran
        assert client.hubs == {HUB_1.serial: "key-1", HUB_2.serial: "key-2"}
        assert poller.hubs == (HUB_1.serial, HUB_2.serial)
        # the same plan again changes nothing; a new key renews the hub only
        assert await fleet.apply(FleetPlan((HUB_1, HUB_2), (a, c2, d))) == FleetChange(0, 0, 0, 3)
        renewed = replace(HUB_2, api_key="key-2-new")
        assert await fleet.apply(FleetPlan((HUB_1, renewed), (a, c2, d))) == FleetChange(
            0, 0, 0, 3, 0, 0, 1)
        assert client.hubs[HUB_2.serial] == "key-2-new" and len(world.built) == 5
        # a hub removed with its charger
        third = await fleet.apply(FleetPlan((HUB_1,), (a, c2)))
        assert third == FleetChange(0, 1, 0, 2, 0, 1, 0)
        assert poller.hubs == (HUB_1.serial,) and HUB_2.serial not in client.hubs
        nursery.cancel_scope.cancel()


async def test_removed_chargers_get_no_more_inputs_and_unknown_ones_none(
    autojump_clock: trio.testing.MockClock,
) -> None:
    world = World()
    fleet, _, _, fan_out, _ = make_fleet(world)
    a, b = charger("21000001"), charger("21000002")
    async with trio.open_nursery() as nursery:
        await nursery.start(fleet.run)
        await fleet.apply(FleetPlan((HUB_1,), (a, b)))
        fan_out(HubResult(HUB_1.serial, None, CloudState.UNREACHABLE, "down"))
        await fleet.apply(FleetPlan((HUB_1,), (a,)))
        fan_out(HubResult(HUB_1.serial, None, CloudState.KEY_REJECTED, "key"))
        nursery.cancel_scope.cancel()
    assert sorted(world.inputs[:2]) == [(a.serial, "unreachable"), (b.serial, "unreachable")]
    assert world.inputs[2:] == [(a.serial, "key_rejected")]


async def test_a_crashed_charger_restarts_alone(autojump_clock: trio.testing.MockClock) -> None:
    world = World(crash_next={"21000002"})
    fleet, _, _, fan_out, drivers = make_fleet(world)
    a, b = charger("21000001"), charger("21000002")
    async with trio.open_nursery() as nursery:
        await nursery.start(fleet.run)
        await fleet.apply(FleetPlan((HUB_1,), (a, b)))
        await trio.sleep(2)
        fan_out(HubResult(HUB_1.serial, None, CloudState.UNREACHABLE, "down"))
        assert world.inputs == [(a.serial, "unreachable")]  # none while b waits to restart
        await trio.sleep(RESTART_DELAY_S)
        fan_out(HubResult(HUB_1.serial, None, CloudState.UNREACHABLE, "down"))
        assert sorted(world.inputs[1:]) == [(a.serial, "unreachable"), (b.serial, "unreachable")]
        nursery.cancel_scope.cancel()
    assert (drivers[a.serial].runs, drivers[b.serial].runs) == (1, 2)
    assert drivers[b.serial].cp.reboots == 1 and drivers[a.serial].cp.reboots == 0


async def test_ineligible_chargers_are_counted_but_never_started(
    autojump_clock: trio.testing.MockClock,
) -> None:
    world = World()
    fleet, _, _, _, _ = make_fleet(world)
    old = charger("11000001")  # no built-in WiFi
    async with trio.open_nursery() as nursery:
        await nursery.start(fleet.run)
        assert await fleet.apply(FleetPlan((HUB_1,), (old,))) == FleetChange(1, 0, 0, 0, 1, 0, 0)
        assert await fleet.apply(FleetPlan((HUB_1,), ())) == FleetChange(0, 1, 0, 0)
        nursery.cancel_scope.cancel()
    assert world.built == [] and fleet.drivers == {}


def test_a_plan_for_the_hubs_a_replica_owns() -> None:
    a, b, loose = charger("21000001"), charger("21000002", hub=HUB_2.serial), charger(
        "21000003", hub=None)
    plan = FleetPlan((HUB_1, HUB_2), (a, b, loose)).only_hubs([HUB_2.serial])
    assert plan == FleetPlan((HUB_2,), (b,))


def test_settings_differ_when_anything_of_a_charger_does(tmp_path: Path) -> None:
    a = charger("21000001")
    assert a == charger("21000001")
    assert a != replace(a, pin_id_tag="VTAG1")
    assert a != replace(a, csms=replace(CSMS, password="new-password-1"))
    assert a != replace(a, csms=replace(CSMS, client_cert=tmp_path / "c.pem"))
