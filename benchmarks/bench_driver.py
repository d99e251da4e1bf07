"""What the OCPP runtime and the bridge driver cost per charger, without the myenergi side.

    .venv/bin/python benchmarks/bench_driver.py [--chargers 5000] [--window-s 60]

N real ``ChargerDriver``s (ChargePoint, wsproto links, one SQLite file) in this process,
connected to ``fleet_csms.py`` in its own, are fed snapshots the way the hub poller feeds
them: each charger once per 15 s interval, spread over it; 30 % charging (the energy count
advancing), the rest idle. No HTTP, no reply validation: what is left is the per-charger
cost of the OCPP runtime, the driver and the bridge core (pings, heartbeats, MeterValues,
timers, the state saved per poll). It prints the CPU over the window (``process_time``) and
the RSS per charger. ``bench_fleet.py`` measures the whole bridge; this one isolates the
parts a change to ``runtime/ocpp`` or ``runtime/bridge/driver.py`` touches, so a before and
an after can be compared on the same machine in a few minutes.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import trio  # noqa: E402
from fleet_procs import Children, CsmsProcess, exit_on_signals, rss_kib  # noqa: E402
from fleet_run import ZAPPI_BASE, charging  # noqa: E402

from runtime import logs  # noqa: E402
from runtime.bridge.driver import ChargerDriver  # noqa: E402
from runtime.bridge.effects import MyenergiCommand  # noqa: E402
from runtime.bridge.settings import ChargerIdentity  # noqa: E402
from runtime.myenergi.status import ZappiStatus, zappi_status  # noqa: E402
from runtime.ocpp.gc_tuning import tune_gc_for_server  # noqa: E402
from runtime.storage.store import Store  # noqa: E402

INTERVAL_S = 15.0
CHARGING_W = 7200
IDLE: dict[str, object] = {
    "pst": "A", "sta": 1, "zmo": 1, "lck": 16, "zsh": 1, "che": 0.0, "div": 0, "vol": 2400,
    "frq": 50.0, "grd": 300, "pwm": 10000, "fwv": "3562S5.782", "cmt": 254,
}  # fmt: skip
CHARGING = {**IDLE, "pst": "C2", "sta": 3, "zsh": 12, "div": CHARGING_W}


class NoCommands:
    async def run_command(self, serial: str, command: MyenergiCommand) -> None:
        raise LookupError("no myenergi in this benchmark")


class Feeder:
    """Snapshots for every charger once per interval, in the poller's spread."""

    def __init__(self, drivers: list[ChargerDriver]) -> None:
        self.drivers = drivers
        self._energy = [0.0] * len(drivers)

    def snapshot(self, index: int) -> ZappiStatus:
        serial = ZAPPI_BASE + index
        if not charging(index, 0.3):
            return zappi_status({**IDLE, "sno": serial})
        self._energy[index] += CHARGING_W * INTERVAL_S / 3_600_000
        return zappi_status({**CHARGING, "sno": serial, "che": round(self._energy[index], 2)})

    async def run(self) -> None:
        started, n = trio.current_time(), len(self.drivers)
        position = 0
        while True:
            due = int((trio.current_time() - started) / INTERVAL_S * n)
            while position < due:
                index = position % n
                self.drivers[index].observe(self.snapshot(index))
                position += 1
            await trio.sleep(0.05)


async def main(n: int, window_s: float, csms: CsmsProcess, work: Path) -> None:
    store = Store(work / "drivers.sqlite3")
    gc.collect()
    rss0 = rss_kib(os.getpid())
    drivers = [
        ChargerDriver(ChargerIdentity(str(ZAPPI_BASE + i), f"ZB{ZAPPI_BASE + i}", None),
                      store=store, csms_url=f"ws://127.0.0.1:{csms.port}/ocpp",
                      commands=NoCommands())
        for i in range(n)
    ]  # fmt: skip
    async with trio.open_nursery() as nursery:
        for driver in drivers:
            await nursery.start(driver.run)
        tune_gc_for_server()
        nursery.start_soon(Feeder(drivers).run)
        deadline = time.monotonic() + 120
        while (await trio.to_thread.run_sync(csms.stats))["with_status"] < n:
            if time.monotonic() > deadline:
                raise RuntimeError("not every charger reported a status within 120 s")
            await trio.sleep(0.5)
        await trio.sleep(INTERVAL_S)  # every charger observed once more
        cpu0, wall0, stats0 = time.process_time(), time.monotonic(), csms.stats()
        await trio.sleep(window_s)
        cpu1, wall1, stats1 = time.process_time(), time.monotonic(), csms.stats()
        rss1 = rss_kib(os.getpid())
        nursery.cancel_scope.cancel()
    wall = wall1 - wall0
    calls = sum(stats1["calls"].values()) - sum(stats0["calls"].values())
    print(f"{n} chargers, {window_s:g} s window: CPU {(cpu1 - cpu0) / wall * 100:.1f} % of a "
          f"core, {calls / wall:.0f} CALLs/s, {(stats1['pings'] - stats0['pings']) / wall:.0f}"
          f" pings/s; RSS {(rss1 - rss0) / n:.1f} KiB per charger")


def run() -> int:
    exit_on_signals()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chargers", type=int, default=5000)
    parser.add_argument("--window-s", type=float, default=60.0)
    args = parser.parse_args()
    logs.setup("WARNING")
    children = Children()
    with tempfile.TemporaryDirectory(prefix="bench-driver-") as tmp:
        try:
            csms = CsmsProcess(children, heartbeat_interval=60)
            trio.run(main, args.chargers, args.window_s, csms, Path(tmp))
        finally:
            children.stop_all()
    return 0


if __name__ == "__main__":
    raise SystemExit(run())
