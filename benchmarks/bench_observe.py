"""What the operator endpoint costs: CPU per scrape and per observed event, at 10,000 chargers.

    python benchmarks/bench_observe.py            # 10,000 chargers
    python benchmarks/bench_observe.py --quick    # 500 chargers, a smoke run

Per scrape: ``/metrics`` (the gauges read the whole fleet, plus the process collectors), the
fleet page's overview and the JSON overview, each answered by the real routes. Per event: one
OCPP CALL and its CALLRESULT through the observed link (two frames parsed) against the bare
link, one myenergi request counted, one hub poll result noted. The chargers are stand-ins
with the two attributes the gauges read (a real ChargerDriver per charger would measure the
bridge, not the endpoint); their link records hold a status each, as in a running fleet.

Then the share of one core at the fleet's rates (architecture.md: 10,000 hubs polled every
15 s; a heartbeat every 300 s and MeterValues every 60 s for 30 % of the chargers) with one
scrape every 15 s. The ``make bench-fleet`` run with metrics on and off (issue 9) measures
the same end to end.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import trio

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from prometheus_client import CollectorRegistry, PlatformCollector, ProcessCollector  # noqa: E402

from generated.status_table import CloudState  # noqa: E402
from runtime.bridge.config import ChargerSettings  # noqa: E402
from runtime.bridge.hub_poller import HubResult  # noqa: E402
from runtime.observe.error_ring import ErrorRing  # noqa: E402
from runtime.observe.fleet import FleetView  # noqa: E402
from runtime.observe.gauges import FleetGauges  # noqa: E402
from runtime.observe.hubs import HubBoard  # noqa: E402
from runtime.observe.instruments import Instruments  # noqa: E402
from runtime.observe.routes import OperatorRoutes  # noqa: E402
from runtime.observe.watchdog import Watchdog  # noqa: E402
from runtime.observe.wire import LinkRecord, ObservedLink, StatusSeen  # noqa: E402
from runtime.storage.store import Store  # noqa: E402

SCRAPE_INTERVAL_S = 15.0
POLL_INTERVAL_S = 15.0
HEARTBEAT_S = 300.0
METER_VALUES_S = 60.0
CHARGING_SHARE = 0.3

METER_CALL = json.dumps([2, "1a2b.17", "MeterValues", {
    "connectorId": 1, "transactionId": 1001, "meterValue": [{
        "timestamp": "2026-01-01T00:00:00Z", "sampledValue": [
            {"value": "12345", "measurand": "Energy.Active.Import.Register", "unit": "Wh"},
            {"value": "7200", "measurand": "Power.Active.Import", "unit": "W"},
            {"value": "31.2", "measurand": "Current.Import", "unit": "A", "phase": "L1"},
            {"value": "231.0", "measurand": "Voltage", "unit": "V", "phase": "L1-N"},
        ]}]}])  # fmt: skip
METER_RESULT = json.dumps([3, "1a2b.17", {}])


class NullLink:
    async def send(self, text: str) -> None:
        pass

    async def receive(self) -> str:
        return METER_RESULT

    async def ping(self) -> None:
        pass

    async def close(self) -> None:
        pass


def _cpu(run: Callable[[], Any], repeat: int) -> float:
    """CPU seconds per call of ``run`` (process time, best of three rounds)."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        for _ in range(repeat):
            run()
        best = min(best, (time.process_time() - started) / repeat)
    return best


async def _link_round_trips(link: Any, count: int) -> float:
    started = time.process_time()
    for _ in range(count):
        await link.send(METER_CALL)
        await link.receive()
    return (time.process_time() - started) / count


def _fleet(size: int) -> OperatorRoutes:
    chargers = [ChargerSettings(str(20_000_000 + i), f"zappi-{i:05d}", None, None, None)
                for i in range(size)]  # fmt: skip
    connected = SimpleNamespace(cp=SimpleNamespace(connected=True, accepted=True))
    drivers: dict[str, Any] = {c.serial: connected for c in chargers[: size * 99 // 100]}
    links = {
        c.charge_box_id: LinkRecord(
            connected_since=time.time(), attempts=1,
            status=StatusSeen("Charging" if i % 3 == 0 else "Available", "NoError", None,
                              None, time.time()))
        for i, c in enumerate(chargers)
    }  # fmt: skip
    hubs = HubBoard([c.serial for c in chargers], lambda result: None)
    for c in chargers:
        hubs(HubResult(c.serial, {}, CloudState.REACHABLE))
    store = Store(":memory:")
    view = FleetView(chargers, drivers, links, hubs, {}, store)
    registry = CollectorRegistry()
    watchdog = Watchdog()
    ring = ErrorRing(registry)
    ProcessCollector(registry=registry)
    PlatformCollector(registry=registry)
    registry.register(FleetGauges(view, lambda: watchdog.lag))
    return OperatorRoutes(registry, view, ring, watchdog)


async def main(size: int) -> None:
    routes = _fleet(size)
    scrape = _cpu(lambda: routes.answer("GET", "/metrics"), 10)
    page = _cpu(lambda: routes.answer("GET", "/"), 10)
    search = _cpu(lambda: routes.answer("GET", "/?q=zappi-0004"), 10)
    summary = _cpu(lambda: routes.answer("GET", "/", "application/json"), 10)
    metrics_bytes = len(routes.answer("GET", "/metrics").body)

    instruments = Instruments(CollectorRegistry())
    frames = 20_000
    bare = await _link_round_trips(NullLink(), frames)
    observed_link = ObservedLink(NullLink(), LinkRecord(), instruments)
    observed = await _link_round_trips(observed_link, frames)
    per_call = observed - bare
    per_request = _cpu(lambda: instruments.myenergi_request("ok", 0.2), 20_000)
    board = HubBoard(["31000001"], lambda result: None)
    result = HubResult("31000001", {}, CloudState.REACHABLE)
    per_poll = _cpu(lambda: board(result), 20_000)

    calls_per_s = size / HEARTBEAT_S + size * CHARGING_SHARE / METER_VALUES_S
    polls_per_s = size / POLL_INTERVAL_S  # one hub per household
    events = calls_per_s * per_call + polls_per_s * (per_request + per_poll)
    scrapes = scrape / SCRAPE_INTERVAL_S
    print(f"chargers: {size}  (/metrics is {metrics_bytes} bytes)")
    print(f"per scrape, CPU ms: /metrics {scrape * 1e3:.1f}, fleet page {page * 1e3:.1f}, "
          f"search {search * 1e3:.1f}, JSON overview {summary * 1e3:.1f}")
    print(f"per event, CPU us: OCPP CALL + answer observed {per_call * 1e6:.1f} "
          f"(link {bare * 1e6:.1f} -> {observed * 1e6:.1f}), myenergi request "
          f"{per_request * 1e6:.1f}, hub poll noted {per_poll * 1e6:.1f}")
    print(f"at {calls_per_s:.0f} CALLs/s and {polls_per_s:.0f} polls/s: events "
          f"{events * 100:.2f} % of a core; a scrape every {SCRAPE_INTERVAL_S:.0f} s "
          f"{scrapes * 100:.2f} %; together {(events + scrapes) * 100:.2f} % (target <= 2 %)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="500 chargers")
    args = parser.parse_args()
    trio.run(main, 500 if args.quick else 10_000)
