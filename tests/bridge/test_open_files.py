"""The bridge raises its own open-file limit to what the fleet needs (runtime/bridge/open_files.py),
in a child process so this one's limit is left alone."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _in_child(soft: int, hard: int, chargers: int, hubs: int) -> tuple[int, int, str]:
    code = textwrap.dedent(f"""
        import resource
        from runtime import logs
        logs.setup("INFO")
        resource.setrlimit(resource.RLIMIT_NOFILE, ({soft}, {hard}))
        from runtime.bridge.open_files import ensure_open_files
        got = ensure_open_files({chargers}, {hubs})
        print(got, resource.getrlimit(resource.RLIMIT_NOFILE)[0])
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, timeout=30, check=True)  # fmt: skip
    returned, in_force = (int(v) for v in done.stdout.split())
    return returned, in_force, done.stderr


def test_the_soft_limit_is_raised_to_what_the_fleet_needs() -> None:
    returned, in_force, err = _in_child(1024, 8192, chargers=3000, hubs=500)
    assert returned == in_force == 3000 + 500 + 256
    assert "bridge.open_files" in err and "was=1024" in err


def test_a_small_fleet_leaves_the_limit_alone() -> None:
    returned, in_force, err = _in_child(1024, 8192, chargers=10, hubs=10)
    assert returned == in_force == 1024
    assert "open_files" not in err


def test_a_hard_limit_too_low_is_used_whole_and_named() -> None:
    returned, in_force, err = _in_child(1024, 4096, chargers=10_000, hubs=10_000)
    assert returned == in_force == 4096
    # myenergi connections are bounded per server: 10,000 hubs count as 8 servers' 128
    assert "bridge.open_files_short" in err and "needed=11280" in err
