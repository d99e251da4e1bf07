"""The drills of issue 10: real ``zappi-ocpp run`` replicas (3, then 4) sharing 30 zappis on 10
hubs through one PostgreSQL database, against the simulator and a CSMS that records every
WebSocket. One world per module (database, simulator, CSMS, replicas); each drill first
waits until the replicas it finds are balanced, so it starts from a known state.

In every drill, no two WebSockets of one charge box are ever open at the same moment (from
the CSMS's record of connects and disconnects)."""

from __future__ import annotations

import math
import signal
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
import trio

from runtime.storage.store import Store
from tests.cluster.replicas import LEASE_S, ZAPPIS, Cluster, box_of, fleet_file, until
from tests.e2e.processes import SimulatorProcess
from tests.support.csms import TestCsms
from tests.support.postgres import PostgresServer

pytestmark = pytest.mark.slow

SERIAL_OF = {box_of(z): z for zappis in ZAPPIS.values() for z in zappis}


@pytest.fixture(scope="module")
def cluster(postgres: PostgresServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    if not postgres.running:
        postgres.start()
    tmp = tmp_path_factory.mktemp("cluster")
    sim = SimulatorProcess(tmp, fleet_file())
    sim.start()
    try:
        with TestCsms() as csms:
            url = postgres.create_database()
            Store(url).close()  # the tables exist before the first replica is asked about
            world = Cluster(sim, csms, url, tmp)
            try:
                yield world
            finally:
                world.stop_all()
    finally:
        sim.stop()


async def replicas(cluster: Cluster, count: int) -> dict[str, str | None]:
    while len(cluster.replicas) < count:
        cluster.start()
    return await cluster.settle()


def boxes_of(owners: dict[str, str | None], replica: str) -> list[str]:
    return sorted(box_of(z) for hub, owner in owners.items() if owner == replica
                  for z in ZAPPIS[hub])  # fmt: skip


def call_ids(cluster: Cluster, box: str, action: str | None, since: float) -> list[str]:
    """Message ids of the CALLs ``box`` sent after ``since`` (of ``action``; None: any)."""
    calls = cluster.frames(box, since, lambda d: d[0] == 2 and action in (None, d[2]))
    return [f[2] for f in calls if f[0] == "in"]


def answered(cluster: Cluster, box: str, since: float) -> set[str]:
    return {f[2] for f in cluster.frames(box, since, lambda d: d[0] == 3)
            if f[0] == "out"}  # fmt: skip


async def start_charging(cluster: Cluster, boxes: list[str]) -> dict[str, int]:
    """Sample MeterValues every second on ``boxes``, plug a car into each; box → transactionId."""
    found: dict[str, int] = {}
    for box in boxes:
        frame = await cluster.csms.request(
            box, "ChangeConfiguration", {"key": "MeterValueSampleInterval", "value": "1"}
        )
        assert frame[0] == 3 and frame[2] == {"status": "Accepted"}, frame
        since = time.monotonic()
        await trio.to_thread.run_sync(cluster.sim.plug, SERIAL_OF[box])
        cluster.plugged.add(box)
        found[box] = await transaction_id(cluster, box, since)
    return found


async def transaction_id(cluster: Cluster, box: str, since: float) -> int:
    await until(lambda: bool(call_ids(cluster, box, "StartTransaction", since)),
                f"{box}: StartTransaction", 20)  # fmt: skip
    call = call_ids(cluster, box, "StartTransaction", since)[0]

    def result() -> list[Any]:
        return cluster.frames(box, since, lambda d: d[0] == 3 and d[1] == call)

    await until(lambda: bool(result()), f"{box}: StartTransaction answered", 20)
    return int(result()[0][3]["transactionId"])


def stops(cluster: Cluster, box: str, transaction: int, since: float) -> list[list[Any]]:
    return cluster.frames(box, since, lambda d: d[0] == 2 and d[2] == "StopTransaction"
                          and d[3]["transactionId"] == transaction)  # fmt: skip


async def test_a_fourth_replica_takes_its_share_and_no_other_charger_reconnects(
    cluster: Cluster,
) -> None:
    with trio.fail_after(150):
        before = await replicas(cluster, 3)
        mark = time.monotonic()
        newcomer = cluster.start()
        after = await cluster.settle()
    moved = {hub for hub in before if before[hub] != after[hub]}
    assert moved == {hub for hub, owner in after.items() if owner == newcomer}
    assert len(moved) == 2  # 10 hubs on 4 replicas: 3, 3, 2 and 2 for the one sorting last
    # each charger of a moved hub reconnected exactly once, and no other charger at all
    assert sorted(cluster.opened_since(mark)) == boxes_of(after, newcomer)
    assert cluster.csms.overlaps() == []


async def test_sigterm_hands_the_hubs_over_without_waiting_for_the_lease(
    cluster: Cluster,
) -> None:
    with trio.fail_after(120):
        owners = await replicas(cluster, 3)
        leaving = max(cluster.replicas)
        moving = boxes_of(owners, leaving)
        assert moving
        mark = time.monotonic()
        process = cluster.replicas.pop(leaving)
        process.signal(signal.SIGTERM)
        back = await until(lambda: set(cluster.opened_since(mark)) >= set(moving),
                           "the leaving replica's chargers reconnect elsewhere", LEASE_S + 10)  # fmt: skip
        assert await process.wait_exit(15) == 0, process.log()[-2000:]
        await cluster.settle()
    # the other replicas took the hubs once they were freed, not once the leases ran out
    assert back - mark < LEASE_S, f"{back - mark:.1f} s"
    assert process.log().count('reason="shutting down"') == len(moving) // 3
    assert sorted(cluster.opened_since(mark)) == moving
    assert cluster.csms.overlaps() == []


async def test_sigkill_during_transactions_fails_over_and_loses_nothing(
    cluster: Cluster,
) -> None:
    with trio.fail_after(180):
        owners = await replicas(cluster, 3)
        victim = max(cluster.replicas, key=lambda name: (list(owners.values()).count(name), name))
        boxes = boxes_of(owners, victim)
        transactions = await start_charging(cluster, boxes)
        # the CSMS stops answering their MeterValues: the samples queue in the database
        cluster.csms.script.silent_for("MeterValues", boxes)
        await until(lambda: all(len(ids) >= 2 for ids in cluster.queued(boxes, "MeterValues")
                                .values()) and len(cluster.queued(boxes, "MeterValues")) == len(boxes),
                    "MeterValues queue up", 30)  # fmt: skip
        queued = cluster.queued(boxes, "MeterValues")
        killed_at = time.monotonic()
        cluster.replicas.pop(victim).kill()
        cluster.csms.script.clear("MeterValues")

        def back() -> bool:
            return set(cluster.opened_since(killed_at)) >= set(boxes)

        await until(back, "the killed replica's chargers reconnect elsewhere", LEASE_S + 20)
        failover = {box: min(s.opened for s in cluster.csms.sessions
                             if s.charge_box == box and s.opened > killed_at) - killed_at
                    for box in boxes}  # fmt: skip

        def delivered() -> bool:  # each queued message sent again by the new owner, answered
            return all(set(ids) <= set(call_ids(cluster, box, "MeterValues", killed_at))
                       and set(ids) <= answered(cluster, box, killed_at)
                       for box, ids in queued.items())  # fmt: skip

        await until(delivered, "the queued MeterValues are delivered by the new owner", 30)
        unplugged = boxes[0]
        await trio.to_thread.run_sync(cluster.sim.unplug, SERIAL_OF[unplugged])
        cluster.plugged.discard(unplugged)
        transaction = transactions[unplugged]
        await until(lambda: bool(stops(cluster, unplugged, transaction, killed_at)),
                    "StopTransaction after the failover", 20)  # fmt: skip
        await trio.sleep(2.0)  # a second one would come now, if at all
        await cluster.settle()
    assert max(failover.values()) <= LEASE_S + 10, failover
    assert len(stops(cluster, unplugged, transaction, killed_at)) == 1
    assert cluster.csms.overlaps() == []


async def test_a_postgres_restart_keeps_the_chargers_connected_and_loses_nothing(
    cluster: Cluster, postgres: PostgresServer
) -> None:
    with trio.fail_after(150):
        await replicas(cluster, 3)
        unplugged, charging, configured = sorted(set(SERIAL_OF) - cluster.plugged)[:3]
        transactions = await start_charging(cluster, [unplugged, charging])
        mark = time.monotonic()
        answer: list[Any] = []

        async def change_configuration() -> None:
            answer.append(await cluster.csms.request(
                configured, "ChangeConfiguration", {"key": "HeartbeatInterval", "value": "123"}))

        async with trio.open_nursery() as nursery:
            await trio.to_thread.run_sync(postgres.stop)
            await trio.to_thread.run_sync(cluster.sim.unplug, SERIAL_OF[unplugged])
            cluster.plugged.discard(unplugged)
            nursery.start_soon(change_configuration)
            await trio.sleep(1.5)  # a whole second of samples inside the outage
            await trio.to_thread.run_sync(postgres.start)
            up_at = time.time()
        await until(lambda: bool(stops(cluster, unplugged, transactions[unplugged], mark)),
                           "the StopTransaction queued while the database was down", 30)  # fmt: skip
        def sampled_after() -> bool:
            return any(
                datetime.fromisoformat(value["timestamp"]).timestamp() > math.floor(up_at)
                for frame in cluster.frames(charging, mark, lambda d: d[0] == 2
                                            and d[2] == "MeterValues")
                for value in frame[4]["meterValue"]
            )  # fmt: skip

        await until(sampled_after, "MeterValues sampled after the outage", 30)
        await trio.sleep(2.0)
        config = await cluster.csms.request(configured, "GetConfiguration",
                                            {"key": ["HeartbeatInterval"]})  # fmt: skip
    assert answer and answer[0][2] == {"status": "Accepted"}, answer
    assert config[2]["configurationKey"][0]["value"] == "123"
    assert len(stops(cluster, unplugged, transactions[unplugged], mark)) == 1
    # every CALL the charging box made across the outage (its MeterValues among them) went
    # out and was answered: message ids count up without a gap (one counter per epoch)
    ids = call_ids(cluster, charging, None, mark)
    epochs = {i.split(".")[0] for i in ids}
    counters = sorted({int(i.split(".")[1], 16) for i in ids})
    assert len(epochs) == 1 and counters == list(range(counters[0], counters[-1] + 1)), ids
    assert set(ids) <= answered(cluster, charging, mark)
    # the chargers stayed connected: no WebSocket closed or opened since the restart began
    assert cluster.closed_since(mark) == [] and cluster.opened_since(mark) == []
    assert cluster.csms.overlaps() == []

