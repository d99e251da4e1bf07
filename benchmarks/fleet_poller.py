"""What the hub poller itself costs per hub and per poll: numbers, not a test.

    .venv/bin/python benchmarks/fleet_poller.py [--hubs 10000] [--interval-s 15] [--seconds 15]

A real :class:`~runtime.bridge.hub_poller.HubPoller` polls ``--hubs`` hubs every
``--interval-s`` against a source that answers at once (no HTTP, no fan-out), so what is left
is the schedule: memory per hub once every hub has been polled (tracemalloc, after a
collection) and CPU per poll (``time.process_time`` over ``--seconds``). The machine is shared:
compare runs made one after the other.
"""

from __future__ import annotations

import argparse
import gc
import logging
import math
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import trio

from runtime.bridge.hub_poller import HubPoller, HubResult
from runtime.myenergi.status import StatusReply

_EMPTY = StatusReply({})


class _InstantSource:
    async def poll(self, hub: str, deadline: float = math.inf) -> StatusReply:
        await trio.lowlevel.checkpoint()
        return _EMPTY


async def _measure(hubs: int, interval_s: float, seconds: float) -> None:
    results: list[HubResult] = []
    tracemalloc.start()
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    poller = HubPoller(_InstantSource(), [str(30_000_000 + i) for i in range(hubs)],
                       interval_s, results.append)  # fmt: skip
    async with trio.open_nursery() as nursery:
        await nursery.start(poller.run)
        await trio.sleep(interval_s)
        gc.collect()
        per_hub = (tracemalloc.get_traced_memory()[0] - before) / hubs
        tracemalloc.stop()
        results.clear()
        cpu = time.process_time()
        await trio.sleep(seconds)
        cpu, polls = time.process_time() - cpu, len(results)
        nursery.cancel_scope.cancel()
    print(f"{hubs} hubs every {interval_s:g} s: {per_hub:.0f} B per hub, "
          f"{cpu / max(polls, 1) * 1e6:.1f} µs CPU per poll ({polls} polls in {seconds:g} s)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hubs", type=int, default=10_000)
    parser.add_argument("--interval-s", type=float, default=15.0)
    parser.add_argument("--seconds", type=float, default=15.0)
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)  # a cut poll logs hub.unreachable: not what is measured
    trio.run(_measure, args.hubs, args.interval_s, args.seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
