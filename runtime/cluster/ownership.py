"""The hubs this replica holds, and the chargers that run because of them.

:class:`Ownership` keeps, per held hub, its lease epoch and a **local deadline**: the trio
(monotonic) time measured from the *start* of the renewal or claim that last extended the
lease, plus ``lease_s``, minus a margin. The database set the expiry at least that late on its
own clock, so a replica that stops a hub's chargers by its deadline has closed their
WebSockets before any other replica can claim the hub: two connections for one charge box can
never exist. :meth:`Ownership.guard` is the task that enforces the deadlines; it needs nothing
from the database, which may be the thing that is gone.

Every change of the held set is applied with one call, :meth:`Ownership.apply`: the fleet
runs ``plan.only_hubs(held)``, each of those chargers writing under ``Owner(hub, epoch)``. The
plan is read inside the lock, so the last apply always shows the latest state.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Collection

import trio

from runtime.bridge.fleet import Fleet, FleetChange, FleetPlan
from runtime.logs import event
from runtime.storage.records import Owner
from runtime.storage.store import Store

__all__ = ["Ownership", "deadline_margin"]

log = logging.getLogger("runtime.cluster")


def deadline_margin(lease_s: float) -> float:
    """How much sooner than the lease this replica stops its chargers: time to close their
    WebSockets, and room for the two clocks' rates to differ."""
    return max(1.0, lease_s / 5)


class Ownership:
    """See the module docstring; ``on_owned`` is told the held hubs after each apply."""

    def __init__(
        self,
        fleet: Fleet,
        store: Store,
        plan: FleetPlan,
        lease_s: float,
        on_owned: Callable[[Collection[str]], None] = lambda hubs: None,
    ) -> None:
        self._fleet = fleet
        self._store = store
        self.plan = plan
        self._keep_s = lease_s - deadline_margin(lease_s)
        self._on_owned = on_owned
        self.epochs: dict[str, int] = {}  #: held hub → its lease epoch
        self._deadlines: dict[str, float] = {}
        self._changed = trio.Event()  # the guard's wake-up: a deadline moved
        self._lock = trio.Lock()

    @property
    def held(self) -> list[str]:
        return sorted(self.epochs)

    def boxes(self, hubs: Collection[str]) -> list[str]:
        """The charge boxes the plan puts on ``hubs``."""
        return [c.charge_box_id for c in self.plan.only_hubs(hubs).chargers]

    def extend(self, hubs: Collection[str], since: float) -> None:
        """The leases of ``hubs`` were renewed by a statement started at ``since``."""
        for hub in hubs:
            if hub in self.epochs:
                self._deadlines[hub] = max(self._deadlines[hub], since + self._keep_s)
        self._wake()

    def deadline_passed(self, since: float) -> bool:
        """Whether a lease taken by a statement started at ``since`` must already be given
        up (the statement took that long)."""
        return trio.current_time() >= since + self._keep_s

    def take(self, claimed: dict[str, int], since: float) -> None:
        """Hold ``claimed`` (hub → epoch; their data refreshed) from a claim started at
        ``since``: their chargers write under the new epoch."""
        for hub, epoch in claimed.items():
            self.epochs[hub] = epoch
            self._deadlines[hub] = since + self._keep_s
            event(log, "lease.claimed", hub=hub, epoch=epoch)
        self._wake()

    def drop(self, hubs: Collection[str], how: str, reason: str) -> None:
        """Stop holding ``hubs``; ``how``: ``released`` (handed over) or ``lost``."""
        level = logging.WARNING if how == "lost" else logging.INFO
        for hub in sorted(hubs):
            if self.epochs.pop(hub, None) is not None:
                del self._deadlines[hub]
                event(log, f"lease.{how}", level=level, hub=hub, reason=reason)
        self._wake()

    async def apply(self) -> FleetChange:
        """Run exactly the chargers of the held hubs (see the module docstring)."""
        async with self._lock:
            plan = self.plan.only_hubs(self.epochs)
            for charger in plan.chargers:
                assert charger.hub is not None  # only_hubs keeps chargers with a hub
                self._store.charger(charger.charge_box_id).owner = Owner(
                    charger.hub, self.epochs[charger.hub]
                )
            change = await self._fleet.apply(plan)
            self._on_owned(self.held)
            return change

    async def guard(self) -> None:
        """Stop the chargers of every hub whose local deadline passes (until cancelled)."""
        while True:
            soonest = min(self._deadlines.values(), default=math.inf)
            with trio.move_on_at(soonest):
                await self._changed.wait()
                self._changed = trio.Event()
                continue
            now = trio.current_time()
            late = [hub for hub, at in self._deadlines.items() if at <= now]
            self.drop(late, "lost", "not renewed in time")
            self._changed = trio.Event()
            await self.apply()

    def _wake(self) -> None:
        self._changed.set()
