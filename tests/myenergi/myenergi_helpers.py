"""Shared helpers for the myenergi tests: recordings, a running simulator, a fast client.

A uniquely named module (not conftest) so test files can import it without clashing with
other test directories' helpers; the fixtures are re-exported by ``conftest.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import trio

from runtime.myenergi.client import MyenergiClient
from runtime.myenergi.retry import RetrySchedule
from tests.support.simulator import Sim, start_simulator

REPO = Path(__file__).resolve().parents[2]
#: ../shared beside the clone (CI has it there too)
SHARED_FIXTURES = REPO.parent / "shared" / "fixtures" / "myenergi"
LOCAL_RECORDINGS = Path(__file__).resolve().parent / "recordings"

HUB = "21000001"
KEY = "demo-key"
ZAPPI = "21000001"
LOCKED_ZAPPI = "21000002"  # the default fleet's second unit locks when plugged and unplugged
START_LIMIT_S = 20  # a subprocess's interpreter start-up dominates


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def recordings() -> Iterator[Path]:
    yield from sorted(SHARED_FIXTURES.glob("*.json"))
    yield from sorted(LOCAL_RECORDINGS.glob("*.json"))


@pytest.fixture
async def sim(nursery: trio.Nursery) -> Sim:
    """The default fleet on a loopback port, 100× real time (a 3 s command takes 30 ms)."""
    return await start_simulator(nursery)


def fast_client(
    url: str, hubs: list[tuple[str, str]] | None = None, **overrides: object
) -> MyenergiClient:
    """A client with test-sized timeouts and backoffs, so failures show in milliseconds."""
    settings: dict[str, object] = {
        "request_timeout_s": 1.0,
        "retry": RetrySchedule(attempts=3, initial_s=0.01, cap_s=0.05),
        "busy_retry": RetrySchedule(attempts=8, initial_s=0.02, cap_s=0.1),
        "confirm_timeout_s": 5.0,
        "confirm_poll_s": 0.01,
        "auth_cooldown_s": 60.0,
    }
    settings.update(overrides)
    return MyenergiClient(url, hubs or [(HUB, KEY)], **settings)  # type: ignore[arg-type]


@pytest.fixture
async def client(sim: Sim) -> AsyncIterator[MyenergiClient]:
    async with fast_client(sim.url) as c:
        yield c


@asynccontextmanager
async def simulate_process(*options: str) -> AsyncIterator[str]:
    """``zappi-ocpp simulate --port 0 OPTIONS`` as a subprocess; yields its URL."""
    command = [sys.executable, "-m", "runtime.cli", "simulate", "--host", "127.0.0.1",
               "--port", "0", "--log-level", "WARNING", *options]  # fmt: skip
    process = await trio.lowlevel.open_process(command, cwd=REPO, stdout=subprocess.PIPE)
    try:
        assert process.stdout is not None
        output = b""
        with trio.fail_after(START_LIMIT_S):
            while b"\n" not in output:
                chunk = await process.stdout.receive_some(1024)
                assert chunk, f"the simulator exited early: {output!r}"
                output += chunk
        line = output.split(b"\n", 1)[0].decode()
        assert line.startswith("listening http://127.0.0.1:"), line
        yield line.split(" ", 1)[1]
    finally:
        process.terminate()
        with trio.move_on_after(5):
            await process.wait()
        if process.returncode is None:
            process.kill()
            await process.wait()
