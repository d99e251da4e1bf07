"""The myenergi simulator running in the test's own nursery, shared by the test suites.

    sim = await start_simulator(nursery)        # the default fleet, 100x real time
    await sim.control("zappi/21000001/plug", {"ev_wants_kwh": 20})
    sim.requests(401)                           # paths the server answered with 401
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import trio

from runtime.myenergi.simulator import Fleet, default_fleet, serve_simulator


@dataclass
class Sim:
    fleet: Fleet
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def control(self, path: str, body: dict[str, object] | None = None) -> Any:
        """POST to the control interface (``/_control/<path>``); asserts it was accepted."""
        async with httpx.AsyncClient(timeout=5) as http:
            response = await http.post(f"{self.url}/_control/{path}", json=body or {})
        assert response.status_code == 200, response.text
        return response.json()

    def requests(self, status: int | None = None) -> list[str]:
        """The paths the simulator answered so far, optionally only those with ``status``."""
        return [r.path for r in self.fleet.requests if status is None or r.status == status]


async def start_simulator(nursery: trio.Nursery, time_factor: float = 100.0) -> Sim:
    """The default fleet on a loopback port; at 100× a 3 s myenergi command takes 30 ms."""
    fleet = default_fleet()
    fleet.set_time_factor(time_factor)
    port = await nursery.start(serve_simulator, fleet, "127.0.0.1", 0)
    return Sim(fleet, port)
