"""When hubs are polled (runtime/bridge/poll_schedule.py), on trio's MockClock: phases spread
over the interval, exactly one poll per hub per interval, no catch-up and no stampede after an
outage, polls cut at their budget, hubs added and removed on the shared grid."""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter, defaultdict

import pytest
import trio
import trio.testing

from generated.status_table import CloudState
from runtime.bridge.hub_poller import HubPoller, HubResult
from runtime.bridge.poll_schedule import first_slot, next_slot, phase_of, poll_budget
from runtime.myenergi.errors import CloudUnavailable
from runtime.myenergi.retry import RetrySchedule
from runtime.myenergi.status import StatusReply

INTERVAL = 15.0
HUBS = [str(21_000_000 + i) for i in range(300)]


class FakeCloud:
    """A status source: answers after ``latency_s``, or, while down, fails after
    ``failure_s`` (a server that times out)."""

    def __init__(self, latency_s: float = 0.05) -> None:
        self.starts: defaultdict[str, list[float]] = defaultdict(list)
        self.latency_s = latency_s
        self.down: tuple[float, float] = (math.inf, math.inf)
        self.failure_s = 0.0

    async def poll(self, hub: str, deadline: float = math.inf) -> StatusReply:
        now = trio.current_time()
        self.starts[hub].append(now)
        if self.down[0] <= now < self.down[1]:
            await trio.sleep(self.failure_s)
            raise CloudUnavailable(hub, 4, "timed out")
        await trio.sleep(self.latency_s)
        return StatusReply({})


def busiest_tenth(times: list[float], start: float, end: float) -> int:
    """The most poll starts in any tenth of an interval between ``start`` and ``end``."""
    buckets = Counter(int((t - start) // (INTERVAL / 10)) for t in times if start <= t < end)
    return max(buckets.values())


async def run_poller(
    cloud: FakeCloud, seconds: float, results: list[HubResult], **options: float
) -> float:
    """Run a poller for ``seconds`` of (mock) time; returns its epoch."""
    poller = HubPoller(cloud, HUBS, INTERVAL, results.append, **options)
    epoch = trio.current_time()
    with trio.move_on_after(seconds):
        await poller.run()
    return epoch


def on_grid(hub: str, epoch: float, t: float) -> bool:
    slots = (t - epoch - phase_of(hub, INTERVAL)) / INTERVAL
    return abs(slots - round(slots)) < 1e-6 and round(slots) >= 0


def test_phases_are_stable_and_spread_over_the_interval() -> None:
    hubs = [str(21_000_000 + i) for i in range(1000)]  # sequential serials, as fleets have
    phases = [phase_of(hub, INTERVAL) for hub in hubs]
    assert phases == [phase_of(hub, INTERVAL) for hub in hubs]  # the same on every start
    assert all(0 <= p < INTERVAL for p in phases)
    assert len(set(phases)) == len(phases)
    tenths = Counter(int(p // (INTERVAL / 10)) for p in phases)
    assert len(tenths) == 10 and max(tenths.values()) < 1.4 * 100 and min(tenths.values()) > 60


def test_next_slot_stays_on_the_hubs_grid() -> None:
    assert next_slot(100.0, 4.0, 15.0, 90.0) == 104.0  # before the first slot: the first slot
    assert next_slot(100.0, 4.0, 15.0, 104.0) == 104.0
    assert next_slot(100.0, 4.0, 15.0, 104.5) == 119.0
    assert next_slot(100.0, 4.0, 15.0, 150.0) == 164.0  # skipped slots are not caught up
    assert first_slot(100.0, "21000001", 15.0, 100.0) == 100.0 + phase_of("21000001", 15.0)
    assert poll_budget(15.0, 15.0) == 15.0 and poll_budget(0.3, 2.0) == 2.0


async def test_steady_state_is_one_poll_per_hub_per_interval(
    autojump_clock: trio.testing.MockClock,
) -> None:
    cloud, results = FakeCloud(), []
    epoch = await run_poller(cloud, 10 * INTERVAL, results)
    for hub in HUBS:
        starts = cloud.starts[hub]
        assert len(starts) == 10, hub
        assert on_grid(hub, epoch, starts[0])
        assert all(abs(b - a - INTERVAL) < 1e-6 for a, b in itertools.pairwise(starts))
    answered_in_time = [t for h in HUBS for t in cloud.starts[h] if t + 0.05 <= epoch + 10 * INTERVAL]
    assert len(results) == len(answered_in_time)  # every poll is reported, once
    assert {r.cloud for r in results} == {CloudState.REACHABLE}
    # no stampede at start: the first polls are spread like the phases
    first = [cloud.starts[hub][0] for hub in HUBS]
    assert busiest_tenth(first, epoch, epoch + INTERVAL) < 1.5 * len(HUBS) / 10


async def test_after_an_outage_every_hub_returns_on_its_own_phase(
    autojump_clock: trio.testing.MockClock,
) -> None:
    cloud, results = FakeCloud(), []
    # the server is away for three intervals, and each failure takes 2.5 intervals to show
    # (a poll budget of three intervals: the slow failures skip slots)
    start = trio.current_time()
    cloud.down = (start + 3 * INTERVAL, start + 6 * INTERVAL)
    cloud.failure_s = 2.5 * INTERVAL
    epoch = await run_poller(cloud, 14 * INTERVAL, results, budget_s=3 * INTERVAL)
    after = [t for hub in HUBS for t in cloud.starts[hub] if t >= epoch + 9 * INTERVAL]
    for hub in HUBS:
        starts = cloud.starts[hub]
        assert all(on_grid(hub, epoch, t) for t in starts), hub  # never moved off its phase
        gaps = [round((b - a) / INTERVAL, 6) for a, b in itertools.pairwise(starts)]
        assert all(g >= 1 and g == int(g) for g in gaps), (hub, gaps)  # never twice a slot
        assert 3 in gaps  # the slow failure skipped two slots, not caught up afterwards
        assert sum(1 for t in starts if t >= epoch + 9 * INTERVAL) == 5  # back to one each
    assert busiest_tenth(after, epoch + 9 * INTERVAL, epoch + 14 * INTERVAL) < 1.5 * len(HUBS) / 10
    failed = [r for r in results if r.cloud is CloudState.UNREACHABLE]
    assert failed and all("timed out" in (r.error or "") for r in failed)


async def test_a_poll_is_cut_after_its_budget_and_the_next_keeps_the_slot(
    autojump_clock: trio.testing.MockClock,
) -> None:
    cloud, results = FakeCloud(), []
    start = trio.current_time()
    cloud.down = (start, start + 2 * INTERVAL)
    cloud.failure_s = 10 * INTERVAL  # a request that never ends within the poll
    poller = HubPoller(cloud, HUBS[:1], INTERVAL, results.append)
    with trio.move_on_after(4 * INTERVAL):
        await poller.run()
    hub = HUBS[0]
    starts = cloud.starts[hub]
    assert [round(b - a, 6) for a, b in itertools.pairwise(starts)] == [INTERVAL] * 3
    assert [r.cloud for r in results][:2] == [CloudState.UNREACHABLE] * 2
    assert "no answer within 15 s" in (results[0].error or "")
    assert results[-1].cloud is CloudState.REACHABLE


async def test_hubs_added_and_removed_while_running_stay_on_the_grid(
    autojump_clock: trio.testing.MockClock,
) -> None:
    cloud, results = FakeCloud(), []
    poller = HubPoller(cloud, HUBS[:2], INTERVAL, results.append)
    async with trio.open_nursery() as nursery:
        epoch = trio.current_time()
        await nursery.start(poller.run)
        await trio.sleep(2.5 * INTERVAL)
        poller.remove_hub(HUBS[0])
        poller.add_hub(HUBS[2])
        poller.add_hub(HUBS[1])  # already polled: nothing changes
        removed_at = trio.current_time()
        await trio.sleep(3 * INTERVAL)
        nursery.cancel_scope.cancel()
    assert poller.hubs == (HUBS[1], HUBS[2])
    assert all(t < removed_at for t in cloud.starts[HUBS[0]])
    assert len(cloud.starts[HUBS[1]]) in (5, 6)
    added = cloud.starts[HUBS[2]]
    assert len(added) == 3 and all(on_grid(HUBS[2], epoch, t) for t in added)


def test_retry_delays_are_jittered_within_the_nominal_bound() -> None:
    schedule = RetrySchedule(attempts=4, initial_s=0.5, cap_s=8.0, jitter=0.5)
    rng = random.Random(7)
    draws = [list(schedule.delays(rng)) for _ in range(200)]
    for delays in draws:
        assert [0.25 <= delays[0] <= 0.5, 0.5 <= delays[1] <= 1.0, 1.0 <= delays[2] <= 2.0] == [
            True
        ] * 3
    assert len({d[0] for d in draws}) > 150  # spread, not in step
    assert schedule.longest_s == 3.5
    assert list(RetrySchedule(attempts=3, initial_s=1.0).delays()) == [1.0, 2.0]
    with pytest.raises(ValueError):
        RetrySchedule(jitter=1.5)
