"""The myenergi cloud as each hub's polls see it: state, since when, the last reply.

:class:`HubBoard` sits between the :class:`~runtime.bridge.hub_poller.HubPoller` and the
fan-out (the poller reports each result to a callable; the board is that callable and hands
every result on unchanged), so the poller needs no hook. It also answers readiness: a hub
counts as polled once its first poll was answered or failed, and it counts the zappi objects of
the replies that broke their schema, by field.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from generated.status_table import CloudState
from runtime.bridge.hub_poller import HubResult
from runtime.logs import redact

__all__ = ["HubBoard", "HubRecord"]


@dataclass(slots=True)
class HubRecord:
    """One hub; times are wall-clock seconds."""

    serial: str
    state: CloudState | None = None  #: None until the first poll ended
    since: float | None = None  #: when ``state`` began
    last_attempt: float | None = None
    last_reply: float | None = None  #: the last poll the cloud answered with a status
    error: str | None = None  #: why the last poll failed (secrets masked)
    zappis: int = 0  #: zappis in the last reply


class HubBoard:
    """Keeps a :class:`HubRecord` per hub; call it with each :class:`HubResult`."""

    def __init__(
        self,
        hubs: Iterable[str],
        forward: Callable[[HubResult], None],
        clock: Callable[[], float] = time.time,
        malformed: Callable[[str], None] | None = None,
    ) -> None:
        self.records = {serial: HubRecord(serial) for serial in hubs}
        self._forward = forward
        self._clock = clock
        #: told the field of every zappi object that broke its schema (runtime.observe)
        self._malformed = malformed
        self._unpolled = len(self.records)
        #: why the board does not know its hubs yet (a cluster replica before its first lease
        #: turn: owning none then is not "every owned hub polled"); None once it does
        self.not_known: str | None = None

    def set_hubs(self, hubs: Iterable[str]) -> None:
        """The hubs after a reload, or a replica's leases: new ones start unpolled, removed ones
        are forgotten."""
        self.not_known = None
        wanted = set(hubs)
        for serial in set(self.records) - wanted:
            del self.records[serial]
        for serial in wanted - set(self.records):
            self.records[serial] = HubRecord(serial)
        self._unpolled = sum(1 for r in self.records.values() if r.state is None)

    def __call__(self, result: HubResult) -> None:
        self._note(result)
        self._forward(result)

    def _note(self, result: HubResult) -> None:
        now = self._clock()
        record = self.records.get(result.hub)
        if record is None:
            return
        if record.state is None:
            self._unpolled -= 1
        if record.state is not result.cloud:
            record.state, record.since = result.cloud, now
        record.last_attempt = now
        if result.zappis is not None:
            record.last_reply, record.error = now, None
            record.zappis = len(result.zappis)
            if self._malformed is not None:
                for problem in (*result.malformed.values(), *result.unidentified):
                    self._malformed(problem.field)
        else:
            record.error = redact(result.error or result.cloud.value)[:300]

    @property
    def unpolled(self) -> int:
        """Hubs whose first poll has not ended yet."""
        return self._unpolled

    def count_by_state(self) -> dict[str, int]:
        counts = {state.value: 0 for state in CloudState} | {"unknown": 0}
        for record in self.records.values():
            counts[record.state.value if record.state is not None else "unknown"] += 1
        return counts

    def failing(self) -> list[HubRecord]:
        """Hubs whose cloud is failing now, the longest-failing first."""
        found = [
            r for r in self.records.values()
            if r.state is not None and r.state is not CloudState.REACHABLE
        ]  # fmt: skip
        return sorted(found, key=lambda r: (r.since or 0.0, r.serial))
