"""Where a running bridge's memory goes, per charger and by allocation site (tracemalloc).

    .venv/bin/python benchmarks/fleet_memory.py --zappis 1000 [--group filename] [--top 30]

The real ``run_bridge`` runs in this process (tracemalloc on) against the simulator and
``fleet_csms.py`` in their own processes, with the setup of ``bench_fleet.py`` (one zappi per
hub, 15 s poll, 30 % charging). Once every charger has connected, booted and reported a
status, and one more poll interval has passed, the snapshot is compared with the one taken
before the bridge started: bytes and blocks per charger by site, hub and client state
included. tracemalloc sees what Python allocates; the RSS per charger of ``bench_fleet.py``
also holds the allocator's slack and what C libraries allocate (SQLite's cache).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]
os.chdir(HERE.parent)

import trio  # noqa: E402
from fleet_procs import Children, CsmsProcess, exit_on_signals, read_line, rss_kib  # noqa: E402
from fleet_run import ZAPPI_OCPP, Scenario, bridge_config, fleet_file  # noqa: E402

from runtime.bridge.config import load_config  # noqa: E402
from runtime.bridge.service import run_bridge  # noqa: E402


async def _measure(config_path: Path, csms: CsmsProcess, n: int, wait_s: float,
                   group: str, top: int) -> None:
    config = load_config(config_path)
    gc.collect()
    before, rss_before = tracemalloc.take_snapshot(), rss_kib(os.getpid())
    async with trio.open_nursery() as nursery:
        nursery.start_soon(run_bridge, config)
        deadline = time.monotonic() + 300
        while (await trio.to_thread.run_sync(csms.stats))["with_status"] < n:
            if time.monotonic() > deadline:
                raise RuntimeError("not every charger reported a status within 300 s")
            await trio.sleep(1)
        await trio.sleep(wait_s)
        gc.collect()
        after, rss_after = tracemalloc.take_snapshot(), rss_kib(os.getpid())
        nursery.cancel_scope.cancel()
    stats = after.compare_to(before, group)
    total = sum(s.size_diff for s in stats)
    blocks = sum(s.count_diff for s in stats)
    print(f"{n} chargers: tracemalloc {total / n / 1024:.1f} KiB and {blocks / n:.0f} blocks "
          f"per charger; RSS {(rss_after - rss_before) / n:.1f} KiB per charger "
          f"(tracemalloc's own bookkeeping included)")
    print(f"{'B/charger':>10} {'blocks':>7}  site")
    for stat in stats[:top]:
        frame = stat.traceback[0]
        where = frame.filename.replace(str(HERE.parent) + "/", "")
        for prefix in sys.path:
            if prefix and where.startswith(prefix + "/"):
                where = where[len(prefix) + 1:]
        line = f":{frame.lineno}" if group != "filename" else ""
        print(f"{stat.size_diff / n:>10.0f} {stat.count_diff / n:>7.1f}  {where}{line}")


def main() -> int:
    exit_on_signals()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--zappis", type=int, default=1000)
    parser.add_argument("--group", choices=["lineno", "filename"], default="lineno")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    scenario = Scenario(args.zappis, args.zappis, metrics=False)
    children = Children()
    with tempfile.TemporaryDirectory(prefix="fleet-memory-") as tmp:
        work = Path(tmp)
        try:
            sim = children.start([*ZAPPI_OCPP, "simulate", "--port", "0", "--config",
                                  str(fleet_file(scenario, work)), "--log-level", "WARNING"],
                                 stdout=-1)
            sim_port = int(read_line(sim, "listening http://127.0.0.1:", timeout_s=120))
            csms = CsmsProcess(children, scenario.heartbeat_interval_s)
            config = bridge_config(scenario, sim_port, csms.port, work / "bridge.sqlite3",
                                   args.zappis, args.zappis, None)
            config["log_level"] = "WARNING"
            path = work / "bridge.yaml"
            path.write_text(json.dumps(config))
            tracemalloc.start()
            trio.run(_measure, path, csms, args.zappis, scenario.poll_interval_s,
                     args.group, args.top)
        finally:
            children.stop_all()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
