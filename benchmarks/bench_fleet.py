"""The production fleet in one process (issue 9): a real ``zappi-ocpp run`` driving N zappis
on H hubs against the simulator and a loopback CSMS, each in its own process. Numbers, not a
test.

    .venv/bin/python benchmarks/bench_fleet.py                 # 1,000 and 10,000 (+ metrics on)
    .venv/bin/python benchmarks/bench_fleet.py --zappis 300 --window-s 30 --metrics off
    make bench-fleet

The setup of the issue's targets: one zappi per hub, ``poll_interval_s`` 15, the CSMS's
BootNotification interval (HeartbeatInterval) 60 s, MeterValueSampleInterval 60 s (the key's
default), 30 % of the zappis charging. For each size it prints

* seconds from starting the bridge until every charge box has connected, booted, and sent a
  StatusNotification (the CSMS's clock);
* the bridge's CPU over the window (utime+stime from /proc, after start-up and
  ``--settle-s``), and the simulator's and the CSMS's, so neither hides a bottleneck;
* the bridge's RSS at the end of the window: per charger as (RSS − a 0-charger bridge's RSS,
  same settings, one hub) / N, and as RSS / N;
* status requests answered 200 per hub per interval, and 401s (an extra digest round trip);
* OCPP CALLs per second at the CSMS, by action;
* the bridge's WARNING/ERROR lines during start-up and during the window (count, events);
* from a change on a sample of zappis (plug in an idle one, unplug a charging one, through
  ``/_control/zappi/{sn}``) to the StatusNotification at the CSMS.

With ``--metrics compare`` (the default) the largest size runs once more with ``metrics:
{listen: ...}`` on and ``/metrics`` scraped every 15 s during the window; the difference in
the bridge's CPU is what the operator endpoint costs (issue 11: ≤ 2 % of a core). The
machine is shared: compare the columns of one run, and look at the load average printed.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]
os.chdir(HERE.parent)  # `python -m runtime.cli` finds the repository's packages

from fleet_procs import exit_on_signals  # noqa: E402
from fleet_run import Result, Scenario, run_scenario  # noqa: E402

#: the issue's targets at 10,000 zappis / 10,000 hubs, for the last column
TARGETS = {
    "all connected (s)": "≤ 60",
    "bridge CPU, % of a core": "≤ 25",
    "RSS/charger KiB (− 0-charger)": "≤ 30",
    "status req / hub / interval": "1.00",
    "warnings in the window": "0",
    "change → CSMS, max (s)": "≤ interval + 1",
}


def _seconds(key: str) -> Callable[[Result], str]:
    def cell(r: Result) -> str:
        value = r.numbers.get(key)
        return f"{value:.1f}" if value is not None else f"— ({r.numbers.get(key[:-2], 0)})"
    return cell


def _number(key: str, fmt: str = "{:.1f}", scale: float = 1.0) -> Callable[[Result], str]:
    def cell(r: Result) -> str:
        value = r.numbers.get(key)
        return "—" if value is None else fmt.format(value * scale if scale != 1 else value)
    return cell


def _per_charger(r: Result, baseline: bool) -> str:
    if "rss_kib" not in r.numbers:
        return "—"
    rss = r.numbers["rss_kib"] - (r.numbers["baseline_kib"] if baseline else 0)
    return f"{rss / r.scenario.zappis:.1f}"


def _warnings(names: dict[str, int]) -> str:
    return str(sum(names.values()))


def _latency(r: Result) -> str:
    if not r.probes:
        return "—"
    if not r.latencies:
        return f"none seen (0/{r.probes})"
    return (f"{r.numbers['latency_median_s']:.1f} / {r.numbers['latency_max_s']:.1f} "
            f"({len(r.latencies)}/{r.probes})")


ROWS: list[tuple[str, Callable[[Result], str]]] = [
    ("all connected (s)", _seconds("connected_s")),
    ("all booted (s)", _seconds("booted_s")),
    ("all sent a status (s)", _seconds("reported_s")),
    ("bridge CPU, % of a core", _number("bridge_cpu_pct")),
    ("simulator CPU, % of a core", _number("sim_cpu_pct")),
    ("CSMS CPU, % of a core", _number("csms_cpu_pct")),
    ("bridge RSS (MiB)", _number("rss_kib", "{:.0f}", 1 / 1024)),
    ("0-charger bridge RSS (MiB)", _number("baseline_kib", "{:.0f}", 1 / 1024)),
    ("RSS/charger KiB (− 0-charger)", lambda r: _per_charger(r, True)),
    ("RSS/charger KiB (RSS / N)", lambda r: _per_charger(r, False)),
    ("status req / hub / interval", _number("requests_per_hub_interval", "{:.2f}")),
    ("401 replies / hub / interval", _number("401_per_hub_interval", "{:.2f}")),
    ("OCPP CALLs/s at the CSMS", lambda r: f"{sum(r.calls_per_s.values()):.0f}"),
    ("WebSocket pings/s", _number("pings_per_s", "{:.0f}")),
    ("reconnects in the window", _number("reconnects", "{:d}")),
    ("warnings during start-up", lambda r: _warnings(r.startup_warnings)),
    ("warnings in the window", lambda r: _warnings(r.window_warnings)),
    ("change → CSMS, median / max (s)", _latency),
]


def print_table(results: list[Result]) -> None:
    width = max(16, *(len(r.scenario.label) + 2 for r in results))
    head = f"{'zappis/hubs':<32}" + "".join(f"{r.scenario.label:>{width}}" for r in results)
    print(head + f"{'target':>16}")
    for name, cell in ROWS:
        target = TARGETS.get(name.replace(", median / max", ", max"), "")
        print(f"{name:<32}" + "".join(f"{cell(r):>{width}}" for r in results) + f"{target:>16}")
    actions = sorted({a for r in results for a in r.calls_per_s})
    for action in actions:
        print(f"{'  ' + action + '/s':<32}"
              + "".join(f"{r.calls_per_s.get(action, 0.0):>{width}.1f}" for r in results))
    for r in results:
        for when, names in (("start-up", r.startup_warnings), ("window", r.window_warnings)):
            if names:
                listed = ", ".join(f"{k} ×{v}" for k, v in sorted(names.items()))
                print(f"{r.scenario.label} warnings ({when}): {listed}")
        if r.note:
            print(f"{r.scenario.label}: {r.note}")
    on = [r for r in results if r.scenario.metrics]
    for r in on:
        off = [o for o in results if o.scenario.zappis == r.scenario.zappis
               and not o.scenario.metrics]
        if off and "bridge_cpu_pct" in r.numbers and "bridge_cpu_pct" in off[0].numbers:
            diff = r.numbers["bridge_cpu_pct"] - off[0].numbers["bridge_cpu_pct"]
            print(f"metrics on − off at {r.scenario.zappis:,}: {diff:+.1f} % of a core "
                  f"({r.numbers.get('scrapes', 0)} scrapes, slowest "
                  f"{r.numbers.get('scrape_s_max', 0):.2f} s, "
                  f"{r.numbers.get('failed_scrapes', 0)} timed out; target ≤ 2)")


def main() -> int:
    exit_on_signals()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--zappis", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--hubs", type=int, nargs="+", help="per size (default: one per zappi)")
    parser.add_argument("--metrics", choices=["off", "on", "compare"], default="compare",
                        help="compare: the largest size once more with metrics on")
    parser.add_argument("--window-s", type=float, default=60.0)
    parser.add_argument("--settle-s", type=float, default=10.0, help="after start-up")
    parser.add_argument("--startup-timeout-s", type=float, default=120.0)
    parser.add_argument("--poll-interval-s", type=float, default=15.0)
    parser.add_argument("--heartbeat-interval-s", type=int, default=60)
    parser.add_argument("--charging-fraction", type=float, default=0.3)
    parser.add_argument("--samples", type=int, default=20, help="zappis changed in the window")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--py-spy", type=Path, metavar="DIR",
                        help="record the bridge during each window (py-spy, collapsed stacks)")
    args = parser.parse_args()
    hubs = args.hubs or args.zappis
    if len(hubs) != len(args.zappis):
        parser.error("give one --hubs value per --zappis value")
    sizes = list(zip(args.zappis, hubs, strict=True))
    runs = [(z, h, args.metrics == "on") for z, h in sizes]
    if args.metrics == "compare":
        runs.append((*max(sizes), True))
    common = dict(
        poll_interval_s=args.poll_interval_s, heartbeat_interval_s=args.heartbeat_interval_s,
        charging_fraction=args.charging_fraction, window_s=args.window_s,
        settle_s=args.settle_s, startup_timeout_s=args.startup_timeout_s, samples=args.samples,
    )
    print(f"bench-fleet: poll {args.poll_interval_s:g} s, HeartbeatInterval "
          f"{args.heartbeat_interval_s} s, MeterValueSampleInterval 60 s, "
          f"{args.charging_fraction:.0%} charging, {args.window_s:g} s window; "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    results: list[Result] = []
    for zappis, hub_count, metrics in runs:
        work = Path(tempfile.mkdtemp(prefix="bench-fleet-"))
        try:
            scenario = Scenario(zappis, hub_count, metrics, **common)  # type: ignore[arg-type]
            if args.py_spy is not None:
                args.py_spy.mkdir(parents=True, exist_ok=True)
                name = f"{zappis}-{hub_count}{'-metrics' if metrics else ''}.txt"
                scenario = dataclasses.replace(scenario, py_spy=args.py_spy.resolve() / name)
            print(f"  running {scenario.label} ...", flush=True)
            results.append(run_scenario(scenario, work))
        finally:
            if args.keep:
                print(f"  kept {work}")
            else:
                shutil.rmtree(work, ignore_errors=True)
    print(f"load average now {os.getloadavg()[0]:.1f}")
    print_table(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
