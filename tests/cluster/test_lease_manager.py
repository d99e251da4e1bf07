"""The lease manager (runtime/cluster/lease_manager.py) of replicas in one trio run, each with
its own store and real Fleet on one real PostgreSQL database; stand-in chargers record when
they run. Replicas take their fair share, a new one takes its share from the others without
touching the rest, a hand-over frees the leases at once, and a replica that cannot renew
stops its chargers before its leases can be taken, never two chargers for one box at once."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import psycopg
import pytest
import trio

from runtime.bridge.config import ChargerSettings, HubSettings
from runtime.bridge.csms_config import CsmsEndpoint
from runtime.bridge.fan_out import FanOut
from runtime.bridge.fleet import Fleet, FleetPlan, HubControl
from runtime.bridge.hub_poller import HubPoller
from runtime.cluster.lease_manager import LeaseManager
from runtime.cluster.lease_table import LeaseTable
from runtime.cluster.ownership import Ownership
from runtime.storage.records import Owner
from runtime.storage.store import Store
from tests.support.postgres import PostgresServer

LEASE_S = 3.0
WAIT_S = 30.0
CSMS = CsmsEndpoint("ws://127.0.0.1:9/ocpp")
HUBS = tuple(HubSettings(str(31_000_000 + i), f"key-{i}") for i in range(4))
CHARGERS = tuple(
    ChargerSettings(str(21_000_000 + i), f"box-{i}", None, hub.serial, CSMS)
    for i, hub in enumerate(HUBS)
)
PLAN = FleetPlan(HUBS, CHARGERS)


@dataclass
class World:
    """Every stand-in charger's runs, across all replicas."""

    running: dict[str, list[str]] = field(default_factory=dict)  # box → replicas running it
    starts: dict[str, int] = field(default_factory=dict)
    most_at_once: int = 0
    owners: dict[str, Owner | None] = field(default_factory=dict)  # box → at its last start


@dataclass
class Identity:
    serial: str
    charge_box_id: str


class StandIn:
    """A charger task that writes one config value under its owner, then runs until stopped."""

    def __init__(self, settings: ChargerSettings, store: Store, world: World, name: str) -> None:
        self.identity = Identity(settings.serial, settings.charge_box_id)
        self.cp = self
        self._stored = store.charger(settings.charge_box_id)
        self._world, self._name = world, name

    def reboot(self) -> None: ...

    def observe(self, zappi: Any) -> None: ...

    def cloud_failed(self, cloud: Any) -> None: ...

    async def run(self, *, task_status: Any = trio.TASK_STATUS_IGNORED) -> None:
        box, world = self.identity.charge_box_id, self._world
        running = world.running.setdefault(box, [])
        running.append(self._name)
        world.most_at_once = max(world.most_at_once, len(running))
        world.starts[box] = world.starts.get(box, 0) + 1
        world.owners[box] = self._stored.owner
        try:
            self._stored.set_config("startedby", self._name)
            await self._stored.wait()
            task_status.started()
            await trio.sleep_forever()
        finally:
            running.remove(self._name)


class NoCloud:
    async def poll(self, hub: str) -> Any:
        raise AssertionError("not polled here")


class NoClient:
    def add_hub(self, serial: str, api_key: str) -> None: ...

    def remove_hub(self, serial: str) -> None: ...


@dataclass
class Replica:
    name: str
    manager: LeaseManager
    ownership: Ownership
    store: Store


@asynccontextmanager
async def replica(url: str, name: str, world: World) -> AsyncIterator[Replica]:
    store = Store(url)
    fan_out = FanOut({}, {})
    fleet = Fleet(
        HubControl(NoClient(), HubPoller(NoCloud(), (), 15.0, fan_out), fan_out),
        lambda settings: StandIn(settings, store, world, name),  # type: ignore[arg-type,return-value]
    )
    ownership = Ownership(fleet, store, PLAN, LEASE_S)
    manager = LeaseManager(LeaseTable(url, name, LEASE_S), ownership, store)
    try:
        async with trio.open_nursery() as nursery:
            await nursery.start(fleet.run)
            await nursery.start(manager.run)
            yield Replica(name, manager, ownership, store)
            nursery.cancel_scope.cancel()
    finally:
        await trio.to_thread.run_sync(store.close)


async def until(condition: Callable[[], bool], what: str, world: World | None = None) -> None:
    with trio.move_on_after(WAIT_S):
        while not condition():  # noqa: ASYNC110 - other tasks and threads change it
            await trio.sleep(0.05)
        return
    raise AssertionError(f"not within {WAIT_S} s: {what} ({world})")


def serving(world: World, name: str) -> set[str]:
    """The charge boxes whose one running task is ``name``'s."""
    return {box for box, running in world.running.items() if running == [name]}


def lease_rows(url: str) -> dict[str, str | None]:
    with psycopg.connect(url) as conn:
        return dict(conn.execute("SELECT hub, owner FROM leases").fetchall())


async def test_replicas_share_the_hubs_and_a_hand_over_frees_them_at_once(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "runtime.cluster")
    world = World()
    async with replica(postgres_url, "a", world) as a:
        await until(lambda: len(serving(world, "a")) == 4, "a alone serves every hub", world)
        assert all(world.owners[c.charge_box_id] == Owner(c.hub or "", 1) for c in CHARGERS)
        async with replica(postgres_url, "b", world) as b:
            await until(lambda: len(serving(world, "b")) == 2 and len(serving(world, "a")) == 2,
                        "b takes its share from a", world)  # fmt: skip
            assert len(a.ownership.held) == len(b.ownership.held) == 2
            moved = [box for box, n in world.starts.items() if n == 2]
            assert len(moved) == 2 and sum(world.starts.values()) == 6  # no other restart
            for box in moved:
                assert world.running[box] == ["b"]
                assert world.owners[box] is not None and world.owners[box].epoch == 2  # type: ignore[union-attr]
            kept = set(a.ownership.held)
            await a.manager.hand_over()
            assert a.ownership.held == [] and not any("a" in r for r in world.running.values())
            rows = lease_rows(postgres_url)
            assert all(rows[hub] in (None, "b") for hub in kept)  # released, not left to expire
            await until(lambda: len(serving(world, "b")) == 4, "b takes a's hubs", world)
    assert world.most_at_once == 1
    claimed = [r for r in caplog.records if r.getMessage().startswith("lease.claimed")]
    released = [r for r in caplog.records if r.getMessage().startswith("lease.released")]
    # a's 4, b's 2 from a, b's 2 handed over; a's 2 above its share, a's 2 at the hand-over
    assert len(claimed) == 4 + 2 + 2 and len(released) == 2 + 2


async def test_a_replica_that_cannot_renew_stops_its_chargers_before_its_leases_run_out(
    postgres: PostgresServer, postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "runtime.cluster")
    world = World()
    async with replica(postgres_url, "a", world) as a:
        await until(lambda: len(serving(world, "a")) == 4, "a serves every hub", world)
        postgres.stop()
        try:
            await until(lambda: not any(world.running.values()), "a stops its chargers", world)
            assert a.ownership.held == []
            lost = [r for r in caplog.records if r.getMessage().startswith("lease.lost")]
            assert len(lost) == 4
            assert {r.fields["reason"] for r in lost} == {"not renewed in time"}  # type: ignore[attr-defined]
        finally:
            postgres.start()
        await until(lambda: len(serving(world, "a")) == 4, "a serves its hubs again", world)
        with psycopg.connect(postgres_url) as conn:
            epochs = dict(conn.execute("SELECT hub, epoch FROM leases").fetchall())
        # each charger writes under its hub's new epoch: what a wrote before is fenced off
        for c in CHARGERS:
            assert world.owners[c.charge_box_id] == Owner(c.hub or "", epochs[c.hub]) != Owner(
                c.hub or "", 1)
    assert world.most_at_once == 1


async def test_a_reload_frees_removed_hubs_and_claims_new_ones_touching_no_other_charger(
    postgres_url: str,
) -> None:
    world = World()
    new_hub = HubSettings("31000009", "key-9")
    new_charger = ChargerSettings("21000009", "box-9", None, new_hub.serial, CSMS)
    reloaded = FleetPlan((*HUBS[:3], new_hub), (*CHARGERS[:3], new_charger))
    async with replica(postgres_url, "a", world) as a:
        await until(lambda: len(serving(world, "a")) == 4, "a serves every hub", world)
        change = await a.manager.set_plan(reloaded)
        assert (change.removed, change.added, change.unchanged) == (1, 0, 3)
        assert lease_rows(postgres_url)[HUBS[3].serial] is None  # freed at once
        assert world.running["box-3"] == []
        await until(lambda: new_hub.serial in a.ownership.held, "a claims the new hub", world)
        await until(lambda: world.running.get("box-9") == ["a"], "its charger runs", world)
        assert a.ownership.held == sorted(h.serial for h in reloaded.hubs)
    assert [world.starts[f"box-{i}"] for i in range(3)] == [1, 1, 1]
