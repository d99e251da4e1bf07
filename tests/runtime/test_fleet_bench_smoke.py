"""``benchmarks/bench_fleet.py`` with a tiny fleet for a few seconds: it starts the simulator,
the CSMS and a real ``zappi-ocpp run``, connects every charger, and prints its table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_fleet.py"


def _row(lines: list[str], name: str) -> list[str]:
    (line,) = [line for line in lines if line.startswith(name)]
    return line[len(name):].split()


@pytest.mark.slow
def test_a_tiny_fleet_prints_the_table() -> None:
    completed = subprocess.run(
        [sys.executable, str(BENCH), "--zappis", "12", "--hubs", "6", "--window-s", "3",
         "--settle-s", "0.5", "--poll-interval-s", "1", "--samples", "2",
         "--startup-timeout-s", "40", "--metrics", "compare"],
        capture_output=True, text=True, timeout=150, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-3000:]
    lines = completed.stdout.splitlines()
    assert _row(lines, "zappis/hubs")[:3] == ["12/6", "12/6", "+metrics"], completed.stdout
    connected = _row(lines, "all connected (s)")
    assert all(float(c) < 40 for c in connected[:2]), completed.stdout  # both sizes connected
    per_hub = _row(lines, "status req / hub / interval")
    assert all(0.5 < float(value) < 1.5 for value in per_hub[:2]), completed.stdout
    latency = _row(lines, "change → CSMS, median / max (s)")
    assert latency[3] == "(2/2)" and latency[7] == "(2/2)", completed.stdout
    assert any(line.startswith("  StatusNotification/s") for line in lines)
    assert any(line.startswith("metrics on − off at 12:") for line in lines), completed.stdout
