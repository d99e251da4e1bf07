"""Shared pieces of the bridge tests: a running simulator + loopback CSMS + bridge in process.

A uniquely named module (not conftest) so the test files can import it; fixtures are
re-exported by ``conftest.py``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import trio

from runtime.bridge.config import BridgeConfig, parse_config
from runtime.bridge.driver import ChargerDriver
from runtime.bridge.service import RunningBridge, run_bridge
from tests.support.csms import TestCsms
from tests.support.simulator import Sim, start_simulator

HUB = "21000001"
KEY = "demo-key"
ZAPPI = "21000001"  # no lock
LOCKED = "21000002"  # locks when plugged and unplugged (lck 7 → 23 with a PIN)


def bridge_config(
    sim_url: str, csms_url: str, storage: Path, extra: str = "", csms_extra: str = ""
) -> BridgeConfig:
    text = f"""
csms:
  url: {csms_url}
  reconnect_max_backoff_s: 0.5
{csms_extra}myenergi:
  director_url: {sim_url}
  poll_interval_s: 0.2
  hubs:
    - serial: "{HUB}"
      api_key: "{KEY}"
chargers:
  - serial: {ZAPPI}
    charge_box_id: zappi-{ZAPPI}
    pin_id_tag: VTAG{ZAPPI}
  - serial: {LOCKED}
    charge_box_id: zappi-{LOCKED}
    pin_id_tag: VTAG{LOCKED}
{extra}
storage:
  path: {storage}
"""
    return parse_config(text, storage.parent / "bridge.yaml")


@pytest.fixture
async def sim(nursery: trio.Nursery) -> Sim:
    """The default fleet at 100× real time, so a 3 s myenergi command takes 30 ms."""
    return await start_simulator(nursery)


@pytest.fixture
def csms() -> Iterator[TestCsms]:
    with TestCsms() as server:
        yield server


@dataclass
class Bridge:
    drivers: dict[str, ChargerDriver]
    scope: trio.CancelScope


async def start_bridge(nursery: trio.Nursery, config: BridgeConfig) -> Bridge:
    scope = trio.CancelScope()

    async def run(task_status: trio.TaskStatus[RunningBridge]) -> None:
        with scope:
            await run_bridge(config, task_status=task_status)

    running: RunningBridge = await nursery.start(run)
    return Bridge(running.drivers, scope)


@pytest.fixture
async def bridge(
    nursery: trio.Nursery, sim: Sim, csms: TestCsms, tmp_path: Path
) -> AsyncIterator[Bridge]:
    config = bridge_config(sim.url, csms.url, tmp_path / "bridge.sqlite3")
    running = await start_bridge(nursery, config)
    yield running
    running.scope.cancel()
