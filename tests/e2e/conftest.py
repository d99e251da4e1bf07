"""End-to-end fixtures: one simulator subprocess for the session, a fresh CSMS per test.

Every e2e test module sets ``pytestmark = pytest.mark.slow``; each test body runs inside a
``trio.fail_after`` and the helpers in ``harness.py`` bound each wait themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.harness import SimulatorProcess, World, ZappiPool
from tests.support.csms import TestCsms


@pytest.fixture(scope="session")
def simulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimulatorProcess]:
    sim = SimulatorProcess(tmp_path_factory.mktemp("e2e-sim"))
    sim.start()
    try:
        yield sim
    finally:
        sim.stop()


@pytest.fixture(scope="session")
def zappi_pool() -> ZappiPool:
    return ZappiPool()


@pytest.fixture
def world(simulator: SimulatorProcess, zappi_pool: ZappiPool, tmp_path: Path) -> Iterator[World]:
    with TestCsms() as csms:
        w = World(simulator, csms, tmp_path, zappi_pool)
        try:
            yield w
        finally:
            w.close()
