"""One ``bench_fleet.py`` run: a simulator, a CSMS and a real ``zappi-ocpp run``, measured.

The steps, each bounded in time: start ``zappi-ocpp simulate --hubs H --zappis-per-hub K``
and ``fleet_csms.py``; measure a 0-charger bridge (same config, one hub, no chargers) for
the memory baseline; write the config for all N chargers and start the bridge; wait until
every charge box has connected, booted and sent a StatusNotification (or the start-up limit
passes); let it settle; then measure one window: the bridge's CPU from /proc, the
simulator's request counters, the CSMS's CALL counters, the bridge's log lines, and the
time from a change on a sample of zappis (plug in / unplug through the simulator's control
interface) to the StatusNotification that tells the CSMS.
"""

from __future__ import annotations

import json
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fleet_procs import (
    Children,
    CsmsProcess,
    child_setup,
    cpu_seconds,
    free_port,
    http_get,
    http_json,
    read_line,
    rss_kib,
)

#: the console script beside this interpreter (the venv's), else the same entry point
_SCRIPT = Path(sys.executable).with_name("zappi-ocpp")
ZAPPI_OCPP = [str(_SCRIPT)] if _SCRIPT.exists() else [
    sys.executable, "-c", "import sys; from runtime.cli import main; sys.exit(main())"]
#: hub serials as in ``fleet_config.synthetic_fleet_config``; zappi serials start with 2 (the
#: bridge serves only those, eligibility.py), so the simulator gets a fleet file of its own
HUB_BASE, ZAPPI_BASE = 30_000_000, 25_000_000
SCRAPE_INTERVAL_S = 15.0
WARNING_LEVELS = ("WARNING", "ERROR", "CRITICAL")


@dataclass(frozen=True)
class Scenario:
    zappis: int
    hubs: int
    metrics: bool
    poll_interval_s: float = 15.0
    heartbeat_interval_s: int = 60
    charging_fraction: float = 0.3
    window_s: float = 60.0
    settle_s: float = 10.0
    startup_timeout_s: float = 120.0
    samples: int = 20
    #: record the bridge with py-spy during the window, into this collapsed-stacks file
    py_spy: Path | None = None

    @property
    def label(self) -> str:
        return f"{self.zappis:,}/{self.hubs:,}{' +metrics' if self.metrics else ''}"


@dataclass
class Result:
    scenario: Scenario
    numbers: dict[str, Any] = field(default_factory=dict)
    startup_warnings: dict[str, int] = field(default_factory=dict)
    window_warnings: dict[str, int] = field(default_factory=dict)
    calls_per_s: dict[str, float] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    probes: int = 0
    note: str = ""


def charging(number: int, fraction: float) -> bool:
    """Does synthetic zappi ``number`` start charging (fleet_config's Bresenham spread)?"""
    return int((number + 1) * fraction) > int(number * fraction)


def fleet_file(s: Scenario, work: Path) -> Path:
    """The simulator's fleet: ``synthetic_fleet_config``'s rows, zappis renumbered."""
    from runtime.myenergi.simulator.fleet_config import synthetic_fleet_config

    fleet = synthetic_fleet_config(s.hubs, s.zappis // s.hubs, s.charging_fraction)
    hubs: list[dict[str, Any]] = fleet["hubs"]  # type: ignore[assignment]
    number = 0
    for hub in hubs:
        for zappi in hub["zappis"]:
            zappi["serial"] = ZAPPI_BASE + number
            number += 1
    path = work / "fleet.yaml"
    path.write_text(json.dumps(fleet))
    return path


def bridge_config(s: Scenario, sim: int, csms: int, storage: Path, chargers: int,
                  hubs: int, metrics_port: int | None) -> dict[str, Any]:
    per_hub = s.zappis // s.hubs
    config: dict[str, Any] = {
        "csms": {"url": f"ws://127.0.0.1:{csms}/ocpp"},
        "myenergi": {
            "director_url": f"http://127.0.0.1:{sim}",
            "poll_interval_s": s.poll_interval_s,
            "hubs": [{"serial": str(HUB_BASE + h), "api_key": f"key-{HUB_BASE + h}"}
                     for h in range(hubs)],
        },
        "chargers": [{"serial": str(ZAPPI_BASE + n), "charge_box_id": f"ZB{ZAPPI_BASE + n}",
                      "hub": str(HUB_BASE + n // per_hub)} for n in range(chargers)],
        "storage": {"path": str(storage)},
        "log_level": "INFO",
    }
    if metrics_port is not None:
        config["metrics"] = {"listen": f"127.0.0.1:{metrics_port}"}
    return config


class LogReader:
    """The bridge's stderr file, read in slices: ``<time> <LEVEL> <event> key=value``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._offset = 0

    def warnings_since_last(self) -> dict[str, int]:
        with self.path.open("rb") as log:
            log.seek(self._offset)
            data = log.read()
        cut = data.rfind(b"\n") + 1
        self._offset += cut
        names: dict[str, int] = {}
        for line in data[:cut].decode("utf-8", "replace").splitlines():
            parts = line.split(" ", 3)
            if len(parts) >= 3 and parts[1] in WARNING_LEVELS:
                names[parts[2]] = names.get(parts[2], 0) + 1
        return names

    def contains(self, needle: str) -> bool:
        return needle in self.path.read_text("utf-8", "replace")

    def tail(self, lines: int = 15) -> str:
        return "\n".join(self.path.read_text("utf-8", "replace").splitlines()[-lines:])


def start_bridge(children: Children, config: dict[str, Any], work: Path,
                 name: str) -> tuple[subprocess.Popen[Any], LogReader]:
    config_path = work / f"{name}.yaml"
    config_path.write_text(json.dumps(config))  # JSON is YAML, and quick to write
    log_path = work / f"{name}.log"
    log_file = log_path.open("w")
    bridge = children.start([*ZAPPI_OCPP, "run", "--config", str(config_path)], cwd=work,
                            stderr=log_file)
    log_file.close()  # the child has its own descriptor
    return bridge, LogReader(log_path)


def baseline_rss(children: Children, s: Scenario, sim: int, csms: int, work: Path) -> int:
    """VmRSS (KiB) of a bridge with the same settings, one hub and no chargers, once it has
    polled its hub."""
    port = free_port() if s.metrics else None
    config = bridge_config(s, sim, csms, work / "baseline.sqlite3", 0, 1, port)
    bridge, log = start_bridge(children, config, work, "baseline")
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not log.contains("hub.reachable"):
            if bridge.poll() is not None:
                raise RuntimeError(f"the baseline bridge exited:\n{log.tail()}")
            time.sleep(0.2)
        time.sleep(0.5)
        return rss_kib(bridge.pid)
    finally:
        children.stop(bridge)


def wait_started(s: Scenario, csms: CsmsProcess, bridge: subprocess.Popen[Any],
                 log: LogReader, spawned: float, result: Result) -> None:
    deadline = spawned + s.startup_timeout_s
    stats = csms.stats()
    while time.monotonic() < deadline:
        stats = csms.stats()
        if stats["with_status"] >= s.zappis and stats["connected"] >= s.zappis:
            result.numbers["reported_s"] = time.monotonic() - spawned
            break
        if bridge.poll() is not None:
            raise RuntimeError(f"the bridge exited ({bridge.returncode}):\n{log.tail()}")
        time.sleep(0.5)
    n = result.numbers
    n["connected"], n["booted"], n["reported"] = (
        stats["connected"], stats["booted"], stats["with_status"])
    if stats["connected"] >= s.zappis:
        n["connected_s"] = stats["last_first_connect"] - spawned
    if stats["booted"] >= s.zappis:
        n["booted_s"] = stats["last_first_boot"] - spawned
    if "reported_s" not in n:
        result.note = (f"start-up limit {s.startup_timeout_s:.0f} s passed: "
                       f"{stats['connected']} connected, {stats['with_status']} reported")


class Probes:
    """Changes on a sample of zappis, spread over the window, and their StatusNotifications."""

    def __init__(self, s: Scenario, sim: int, start: float) -> None:
        count = min(s.samples, s.zappis)
        numbers = sorted({int((k + 0.5) * s.zappis / count) for k in range(count)})
        # every change must have a poll interval and a second to show inside the window
        span = max(0.0, s.window_s - s.poll_interval_s - 2.0)
        self._due = [(start + k * span / len(numbers), n) for k, n in enumerate(numbers)]
        self._s, self._sim = s, sim
        self.changed: list[tuple[str, float, str]] = []  #: (charge box, time, op)

    def run_due(self, csms: CsmsProcess) -> None:
        while self._due and self._due[0][0] <= time.monotonic():
            _, number = self._due.pop(0)
            op = "unplug" if charging(number, self._s.charging_fraction) else "plug"
            box = f"ZB{ZAPPI_BASE + number}"
            before = csms.statuses([box])[box]
            changed_at = time.monotonic()
            http_json(f"http://127.0.0.1:{self._sim}/_control/zappi/{ZAPPI_BASE + number}/{op}",
                      {})
            last = next((st for _, c, st in reversed(before) if c == 1), None)
            self.changed.append((box, changed_at, str(last)))

    def latencies(self, csms: CsmsProcess) -> list[float]:
        seen = csms.statuses([box for box, _, _ in self.changed])
        found = []
        for box, at, previous in self.changed:
            later = [t for t, c, st in seen[box] if t > at and c == 1 and st != previous]
            if later:
                found.append(min(later) - at)
        return found


def record_with_py_spy(out: Path, pid: int, seconds: float | None) -> subprocess.Popen[bytes]:
    """py-spy (``pip install py-spy``) samples the bridge without pausing it, CPU only, for
    ``seconds`` or until sent SIGINT."""
    py_spy = Path(sys.executable).with_name("py-spy")
    argv = [str(py_spy) if py_spy.exists() else "py-spy", "record", "--pid", str(pid),
            "--rate", "50", "--nonblocking", "--format", "raw", "--output", str(out)]
    if seconds is not None:
        argv += ["--duration", str(int(seconds))]
    # it ends by itself and writes its file then (killed with the benchmark, like the others)
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            preexec_fn=child_setup)


def measure_window(s: Scenario, sim: tuple[int, int], csms: CsmsProcess,
                   bridge: subprocess.Popen[Any], log: LogReader, metrics_port: int | None,
                   result: Result) -> None:
    """``sim`` is the simulator's (pid, port)."""
    n = result.numbers
    procs = {"bridge": bridge.pid, "sim": sim[0], "csms": csms.pid}
    stats_url = f"http://127.0.0.1:{sim[1]}/_control/stats"
    cpu0 = {name: cpu_seconds(pid) for name, pid in procs.items()}
    sim0, csms0, wall0 = http_json(stats_url), csms.stats(), time.monotonic()
    result.startup_warnings = log.warnings_since_last()
    probes = Probes(s, sim[1], wall0)
    spy = None if s.py_spy is None else record_with_py_spy(s.py_spy, bridge.pid, s.window_s)
    next_scrape = wall0
    scrapes: list[float] = []
    while (now := time.monotonic()) < wall0 + s.window_s:
        probes.run_due(csms)
        if metrics_port is not None and now >= next_scrape:
            began = time.monotonic()
            try:
                http_get(f"http://127.0.0.1:{metrics_port}/metrics", timeout_s=10)
                scrapes.append(time.monotonic() - began)
            except OSError:  # a bridge too busy to answer in time: counted, not fatal
                n["failed_scrapes"] = n.get("failed_scrapes", 0) + 1
            next_scrape += SCRAPE_INTERVAL_S
        if bridge.poll() is not None:
            raise RuntimeError(f"the bridge exited ({bridge.returncode}):\n{log.tail()}")
        time.sleep(0.1)
    wall = time.monotonic() - wall0
    cpu1 = {name: cpu_seconds(pid) for name, pid in procs.items()}
    sim1, csms1 = http_json(stats_url), csms.stats()
    n["rss_kib"] = rss_kib(bridge.pid)
    result.window_warnings = log.warnings_since_last()
    for name in cpu0:
        n[f"{name}_cpu_pct"] = (cpu1[name] - cpu0[name]) / wall * 100
    intervals = wall / s.poll_interval_s
    ok = sim1["by_status"].get("200", 0) - sim0["by_status"].get("200", 0)
    unauthorized = sim1["by_status"].get("401", 0) - sim0["by_status"].get("401", 0)
    n["requests_per_hub_interval"] = ok / s.hubs / intervals
    n["401_per_hub_interval"] = unauthorized / s.hubs / intervals
    n["other_requests"] = sim1["requests"] - sim0["requests"] - ok - unauthorized
    calls0, calls1 = csms0["calls"], csms1["calls"]
    result.calls_per_s = {a: (calls1[a] - calls0.get(a, 0)) / wall for a in sorted(calls1)
                          if calls1[a] != calls0.get(a, 0)}
    # connections opened in the window by charge boxes that had connected before it
    opened, first_time = (csms1[k] - csms0[k] for k in ("opened", "connected"))
    n["reconnects"] = opened - first_time
    n["disconnects"] = csms1["closed"] - csms0["closed"]
    n["pings_per_s"] = (csms1["pings"] - csms0["pings"]) / wall
    if scrapes:
        n["scrapes"], n["scrape_s_max"] = len(scrapes), max(scrapes)
    # changes made late in a short window are waited for after it (not counted in its CPU)
    wait_until = (probes.changed[-1][1] if probes.changed else 0) + s.poll_interval_s + 3
    while time.monotonic() < wait_until:
        time.sleep(0.2)
    if spy is not None:
        spy.wait(30)
    result.latencies = probes.latencies(csms)
    result.probes = len(probes.changed)
    if result.latencies:
        n["latency_median_s"] = statistics.median(result.latencies)
        n["latency_max_s"] = max(result.latencies)


def run_scenario(s: Scenario, work: Path) -> Result:
    """Run ``s`` in ``work``; a failure is the result's note, and every child is stopped."""
    if s.zappis % s.hubs:
        raise ValueError("the zappis must be spread evenly over the hubs")
    result = Result(s)
    children = Children()
    try:
        _run(s, work, children, result)
    except (RuntimeError, OSError, ValueError) as exc:  # the other sizes still run
        result.note = f"failed: {type(exc).__name__}: {exc}"
    finally:
        children.stop_all()
    return result


def _run(s: Scenario, work: Path, children: Children, result: Result) -> None:
    simulator = children.start(
        [*ZAPPI_OCPP, "simulate", "--port", "0", "--config", str(fleet_file(s, work)),
         "--log-level", "WARNING"],
        stdout=subprocess.PIPE)  # fmt: skip
    sim = int(read_line(simulator, "listening http://127.0.0.1:", timeout_s=120))
    csms = CsmsProcess(children, s.heartbeat_interval_s)
    result.numbers["baseline_kib"] = baseline_rss(children, s, sim, csms.port, work)
    metrics_port = free_port() if s.metrics else None
    config = bridge_config(s, sim, csms.port, work / "bridge.sqlite3", s.zappis, s.hubs,
                           metrics_port)
    spawned = time.monotonic()
    bridge, log = start_bridge(children, config, work, "bridge")
    spy = None
    if s.py_spy is not None:
        time.sleep(0.3)  # until the interpreter runs
        spy = record_with_py_spy(s.py_spy.with_suffix(".startup.txt"), bridge.pid, None)
    wait_started(s, csms, bridge, log, spawned, result)
    if spy is not None:
        spy.send_signal(signal.SIGINT)  # it writes what it recorded, then exits
        spy.wait(30)
    time.sleep(s.settle_s)
    measure_window(s, (simulator.pid, sim), csms, bridge, log, metrics_port, result)
    children.stop(bridge)
