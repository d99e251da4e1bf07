"""A bounded fleet smoke test: a few hundred households (one hub, one zappi each) in one
``zappi-ocpp run`` with a short poll interval, against the simulator in its own process.
Every charger connects, and every hub is polled once per interval: the simulator's
``/_control/stats`` counters show one request per hub per interval in steady state, with no
digest re-challenge and the connections kept alive."""

from __future__ import annotations

import math
from typing import Any

import pytest
import trio

from runtime.bridge.service import CONNECTIONS_PER_SERVER as PER_SERVER
from tests.e2e.harness import FIRMWARE, Charger, HubSpec, SimulatorProcess, World

pytestmark = pytest.mark.slow

HUBS = 200
INTERVAL_S = 2.0
WINDOW = 3  # intervals counted


async def timed_stats(sim: SimulatorProcess) -> tuple[float, dict[str, Any]]:
    """(the middle of the request, trio clock; the requests per hub so far)."""
    started = trio.current_time()
    reply = await trio.to_thread.run_sync(sim.stats, "stats/hubs")
    return (started + trio.current_time()) / 2, reply


def households() -> tuple[list[HubSpec], list[Charger], dict[str, object]]:
    hubs = [HubSpec(str(33_000_000 + i), f"smoke-key-{i:04d}") for i in range(HUBS)]
    chargers = [Charger(str(23_000_000 + i), f"home-{i:04d}", hub=hubs[i].serial)
                for i in range(HUBS)]  # fmt: skip
    fleet = {
        "hubs": [
            {"serial": hub.serial, "api_key": hub.api_key,
             "zappis": [{"serial": int(charger.serial), "firmware": FIRMWARE, "mode": "fast"}]}
            for hub, charger in zip(hubs, chargers, strict=True)
        ]
    }  # fmt: skip
    return hubs, chargers, fleet


async def test_a_few_hundred_hubs_each_polled_once_per_interval_all_connected(
    world: World,
) -> None:
    hubs, chargers, fleet = households()
    sim = SimulatorProcess(world.tmp, fleet)
    sim.start()
    try:
        config = world.write_config(
            chargers, hubs=hubs, poll_interval_s=INTERVAL_S, director_url=sim.url
        )
        with trio.fail_after(120):
            bridge = world.start_bridge(config)
            with trio.move_on_after(60):
                while len(set(world.csms.connections)) < HUBS:  # noqa: ASYNC110 - a thread's list
                    await trio.sleep(0.2)
            assert len(set(world.csms.connections)) == HUBS, bridge.log()[-3000:]
            for charger in chargers:
                await world.wait_status(charger, connector=1, within=30)
            await trio.sleep(2 * INTERVAL_S)  # past the start: discovery and challenges done
            steady_from = len(bridge.log())
            before = await trio.to_thread.run_sync(sim.stats)
            t1, before_hubs = await timed_stats(sim)
            await trio.sleep(WINDOW * INTERVAL_S)
            t2, after_hubs = await timed_stats(sim)
            after = await trio.to_thread.run_sync(sim.stats)
            steady_log = bridge.log()[steady_from:]
    finally:
        sim.stop()
    polls = {h.serial: after_hubs["hubs"].get(h.serial, 0) - before_hubs["hubs"].get(h.serial, 0)
             for h in hubs}  # fmt: skip
    intervals = (t2 - t1) / INTERVAL_S  # the window as measured, a little over WINDOW
    low, high = math.floor(intervals) - 1, math.ceil(intervals) + 1
    off = {hub: n for hub, n in polls.items() if not low <= n <= high}
    assert off == {}, f"hubs not polled once per interval ({intervals:.2f} intervals): {off}"
    # a poll near the window's edges may fall either side of it; on average, one per interval
    total = sum(polls.values())
    assert abs(total - HUBS * intervals) <= HUBS * intervals * 0.03, (total, intervals)
    assert after["by_status"].get("401", 0) == before["by_status"].get("401", 0)  # no re-challenge
    # kept alive: the pool may still grow to a new peak of concurrency, never past its bound
    assert after["connections_opened"] - before["connections_opened"] <= PER_SERVER
    assert after["connections_open"] <= PER_SERVER + 1  # + the one these stats came on
    assert sorted(set(world.csms.connections)) == sorted(c.charge_box_id for c in chargers)
    assert "WARNING" not in steady_log and "ERROR" not in steady_log, steady_log[:2000]
