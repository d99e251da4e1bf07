"""``benchmarks/bench_runtime.py --quick`` runs end to end and prints both tables."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_runtime.py"


@pytest.mark.slow
def test_quick_benchmark_prints_ratios() -> None:
    completed = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--seconds", "0.3"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    lines = completed.stdout.splitlines()
    rows = [line.split() for line in lines if line.strip().startswith("20 ")]
    assert {row[1] for row in rows if len(row) > 2 and not row[1][0].isdigit()} == {
        "Heartbeat", "MeterValues"}
    assert any("zappi/bare" in line for line in lines)
    assert "idle resident memory" in completed.stdout
