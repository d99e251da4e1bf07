"""The drills' world: 30 zappis on 10 hubs in the simulator (a subprocess), one CSMS that records
every WebSocket (tests/support/csms.py), one PostgreSQL database, and real ``zappi-ocpp run``
replicas started and stopped by their own handles (tests/e2e/processes.py).

:class:`Cluster` reads who holds which hub from the ``leases`` table, as an operator would,
and every wait is bounded: a helper raises ``AssertionError`` with what it saw instead.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import trio
import yaml

from runtime.cluster.fair_share import target
from tests.e2e.processes import FIRMWARE, BridgeProcess, HubSpec, SimulatorProcess
from tests.support.csms import TestCsms

#: long enough for the PostgreSQL restart drill (down ~3 s; a replica keeps its hubs through
#: lease_s - max(1, lease_s / 5) - lease_s / 3 = 4.7 s of outage at worst), short for failovers
LEASE_S = 10.0
POLL_S = 0.5
HUBS = [HubSpec(str(34_000_000 + i), f"drill-key-{i:02d}") for i in range(10)]
#: hub serial → the serials of its 3 zappis
ZAPPIS = {hub.serial: [str(24_000_000 + 10 * i + j) for j in range(3)] for i, hub in enumerate(HUBS)}


def box_of(serial: str) -> str:
    return f"drill-{serial}"


def fleet_file() -> dict[str, object]:
    """The simulator's fleet: every zappi unlocked (a car plugged in charges at once)."""
    return {
        "time_factor": 10.0,
        "hubs": [
            {"serial": hub.serial, "api_key": hub.api_key, "command_delay_s": 2.0,
             "zappis": [{"serial": int(z), "firmware": FIRMWARE, "mode": "fast", "pin": "12341",
                         "ev_wants_kwh": 500, "phases": 1} for z in ZAPPIS[hub.serial]]}
            for hub in HUBS
        ],
    }  # fmt: skip


def bridge_config(csms_url: str, director_url: str, storage_url: str, lease_s: float = LEASE_S
                  ) -> dict[str, object]:  # fmt: skip
    return {
        "csms": {"url": csms_url, "connect_timeout_s": 5, "reconnect_max_backoff_s": 1},
        "myenergi": {
            "director_url": director_url,
            "poll_interval_s": POLL_S,
            "hubs": [{"serial": h.serial, "api_key": h.api_key} for h in HUBS],
        },
        "chargers": [
            {"serial": z, "charge_box_id": box_of(z), "hub": hub}
            for hub, zappis in ZAPPIS.items() for z in zappis
        ],
        "storage": {"url": storage_url},
        "cluster": {"lease_s": lease_s},
    }


@dataclass
class Cluster:
    """The replicas of one drill module, and what the CSMS and the database say about them."""

    sim: SimulatorProcess
    csms: TestCsms
    url: str
    tmp: Path
    replicas: dict[str, BridgeProcess] = field(default_factory=dict)  # live ones, by id
    plugged: set[str] = field(default_factory=set)  #: charge boxes with a car plugged in
    lease_s: float = LEASE_S
    _count: int = 0

    def __post_init__(self) -> None:
        self.config = self.tmp / "cluster.yaml"
        self.config.write_text(yaml.safe_dump(bridge_config(self.csms.url, self.sim.url,
                                                            self.url, self.lease_s)))  # fmt: skip

    # -- replicas ---------------------------------------------------------------------------------

    def start(self) -> str:
        """Start one more replica (ids r01, r02, ...: each new one sorts last)."""
        self._count += 1
        name = f"r{self._count:02d}"
        replica = BridgeProcess(self.config, self.tmp / f"{name}.log",
                                args=["--replica-id", name])  # fmt: skip
        replica.start()
        self.replicas[name] = replica
        return name

    def log(self, name: str) -> str:
        return self.replicas[name].log() if name in self.replicas else ""

    def stop_all(self) -> None:
        for replica in self.replicas.values():
            replica.kill()

    # -- what the database and the CSMS say ---------------------------------------------------------

    def owners(self) -> dict[str, str | None]:
        """hub → the replica holding an unexpired lease (None: nobody)."""
        with psycopg.connect(self.url) as conn:
            rows = conn.execute(
                "SELECT hub, CASE WHEN expires_at > clock_timestamp() THEN owner END FROM leases"
            ).fetchall()
        found: dict[str, str | None] = dict.fromkeys((h.serial for h in HUBS), None)
        found.update({str(hub): owner for hub, owner in rows})
        return found

    def balanced(self) -> bool:
        """Every hub held by a live replica, each holding its fair share, every box connected."""
        held = Counter(self.owners().values())
        live = list(self.replicas)
        shares = {name: target(len(HUBS), live, name) for name in live}
        boxes = {box_of(z) for zappis in ZAPPIS.values() for z in zappis}
        return dict(held) == {n: s for n, s in shares.items() if s} and boxes <= (
            self.csms.connected_now()
        )

    async def settle(self, within: float = 60.0) -> dict[str, str | None]:
        """Until :meth:`balanced` holds (twice, a second apart); the owners then."""
        with trio.move_on_after(within):
            while True:
                if await trio.to_thread.run_sync(self.balanced):
                    await trio.sleep(1.0)
                    if await trio.to_thread.run_sync(self.balanced):
                        return await trio.to_thread.run_sync(self.owners)
                await trio.sleep(0.2)
        tails = {n: r.log()[-1500:] for n, r in self.replicas.items()}
        raise AssertionError(f"not balanced within {within} s: owners {self.owners()}, "
                             f"connected {len(self.csms.connected_now())}; logs {tails}")

    def opened_since(self, moment: float) -> list[str]:
        """The charge boxes of every WebSocket opened after ``moment`` (one per connection)."""
        return [s.charge_box for s in list(self.csms.sessions) if s.opened > moment]

    def closed_since(self, moment: float) -> list[str]:
        return [s.charge_box for s in list(self.csms.sessions)
                if s.closed is not None and s.closed > moment]  # fmt: skip

    def queued(self, boxes: list[str], action: str) -> dict[str, list[str]]:
        """charge box → the message ids of its queued ``action`` rows in the database."""
        with psycopg.connect(self.url) as conn:
            rows = conn.execute(
                "SELECT charge_box, message_id FROM outbox WHERE charge_box = ANY(%s) "
                "AND action = %s ORDER BY charge_box, seq", (boxes, action)).fetchall()  # fmt: skip
        found: dict[str, list[str]] = {}
        for box, message_id in rows:
            found.setdefault(box, []).append(message_id)
        return found

    def frames(self, box: str, since: float, where: Callable[[list[Any]], bool]) -> list[list[Any]]:
        """Decoded frames of ``box`` (either way) recorded after ``since`` matching ``where``."""
        import json

        found = []
        for frame in list(self.csms.frames):
            if frame.charge_box == box and frame.at > since:
                decoded = json.loads(frame.text)
                if where(decoded):
                    found.append([frame.direction, *decoded])
        return found


async def until(condition: Callable[[], bool], what: str, within: float) -> float:
    """Wait (bounded) until ``condition()``; the monotonic time it first held."""
    with trio.move_on_after(within):
        while not await trio.to_thread.run_sync(condition):  # noqa: ASYNC110 - other processes
            await trio.sleep(0.1)
        return time.monotonic()
    raise AssertionError(f"not within {within} s: {what}")
