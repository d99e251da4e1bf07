"""``benchmarks/bench_observe.py --quick`` runs end to end and prints its numbers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_observe.py"


@pytest.mark.slow
def test_quick_observe_benchmark_prints_its_numbers() -> None:
    completed = subprocess.run(
        [sys.executable, str(BENCH), "--quick"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-2000:]
    out = completed.stdout
    assert "chargers: 500" in out
    for needle in ("per scrape, CPU ms: /metrics", "per event, CPU us:", "% of a core"):
        assert needle in out, out
