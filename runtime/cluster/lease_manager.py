"""The renewal loop of one replica: heartbeat, keep its hubs, take its fair share, hand over.

Every ``lease_s / 3`` (at once when another replica sends a NOTIFY: it joined, left or handed
hubs over; just after another replica's lease runs out, if that is sooner) one *turn* runs,
its database work in a thread (:class:`LeaseTable` is blocking):

1. **renew**: heartbeat and extend the held leases in one transaction; a held hub whose lease
   was not extended is lost (its chargers stop at once); the local deadlines of the others move
   (:class:`~runtime.cluster.ownership.Ownership`). A renewal that fails is tried again every
   ``RETRY_S``; the chargers stay up until their local deadline;
2. **hand over** the hubs above this replica's fair share (runtime.cluster.fair_share): stop
   their chargers, commit their queued writes, then release the leases so the new owner need
   not wait for them to expire;
3. **claim** free hubs up to the share: each at a new, fenced epoch; the store loads their
   chargers' data again (the last owner wrote it) and only then do the chargers start, so the
   transaction messages the last owner had queued are sent by this one.

A new replica only heartbeats in its first turn (and says so with NOTIFY), so replicas started
together see each other before the first claims them all. :meth:`LeaseManager.hand_over` is
SIGTERM's path: no more turns, every charger stopped, the writes committed, every lease freed
in one statement. :meth:`LeaseManager.set_plan` is SIGHUP's: the new plan, filtered by the
held hubs, is applied; hubs gone from it are released, new ones become claimable.

Logs: ``lease.claimed``, ``lease.released``, ``lease.lost``, one line per hub and change; a
failing renewal once when it starts failing (``lease.renewal_failing``) and once when it
works again (``lease.renewal_recovered``), never once per renewal.
"""

from __future__ import annotations

import contextlib
import logging
import random
from collections.abc import Callable

import psycopg
import trio

from runtime.bridge.fleet import FleetChange, FleetPlan
from runtime.logs import event, redact
from runtime.storage.engine import StorageError
from runtime.storage.store import Store

from .fair_share import excess, target
from .lease_table import LeaseTable, Renewal
from .ownership import Ownership

__all__ = ["RETRY_S", "LeaseManager"]

log = logging.getLogger("runtime.cluster")

#: wait before trying a failed renewal again (the local deadline is what protects)
RETRY_S = 0.5
#: wait before the next turn when a claim lost a race and free hubs are left
RACE_RETRY_S = (0.05, 0.3)
#: how long after another replica's lease should run out the turn looks at it
EXPIRY_SLACK_S = 0.1


class LeaseManager:
    """See the module docstring. ``counted(ok)`` is told of each renewal (metrics)."""

    def __init__(self, table: LeaseTable, ownership: Ownership, store: Store,
                 counted: Callable[[bool], None] = lambda ok: None) -> None:  # fmt: skip
        self._table = table
        self._own = ownership
        self._store = store
        self._counted = counted
        self._interval = table.lease_s / 3
        self._turn = trio.Lock()  # turns, reloads and the hand-over never interleave
        self._poke = trio.Event()
        self._joined = False
        self._failing: str | None = None
        self._stopping = False
        self._scope = trio.CancelScope()

    async def run(self, *, task_status: trio.TaskStatus[None] = trio.TASK_STATUS_IGNORED) -> None:
        """The turns, the deadline guard and the NOTIFY listener, until cancelled or handed
        over; the lease table's connections are closed at the end."""
        try:
            async with trio.open_nursery() as nursery:
                nursery.start_soon(self._own.guard)
                nursery.start_soon(self._listen)
                task_status.started()
                with self._scope:
                    while True:
                        wait = await self._one_turn()
                        with trio.move_on_after(wait):
                            await self._poke.wait()
                        self._poke = trio.Event()
                nursery.cancel_scope.cancel()
        finally:
            with trio.CancelScope(shield=True):
                await trio.to_thread.run_sync(self._table.close)

    async def _one_turn(self) -> float:
        """One turn; how long to wait for the next."""
        async with self._turn:
            if self._stopping:
                return self._interval
            since = trio.current_time()
            renewal = await self._renew()
            if renewal is None:
                return RETRY_S
            if self._keep(renewal, since):
                await self._own.apply()
            if not self._joined:
                self._joined = True  # the first turn only says hello
                return self._interval
            share = target(len(self._own.plan.hubs), renewal.live, self._table.replica)
            await self._release(excess(self._own.held, share), "above the fair share")
            missing = share - len(self._own.held)
            if missing > 0 and renewal.free:
                free = list(renewal.free)
                random.shuffle(free)  # replicas claiming together collide less
                taken = await self._claim(free[:missing])
                if len(taken) < min(missing, len(free)):
                    return random.uniform(*RACE_RETRY_S)
        if renewal.next_expiry_s is not None:  # just after it, in case its owner is gone
            return min(self._interval, renewal.next_expiry_s + EXPIRY_SLACK_S)
        return self._interval

    async def _renew(self) -> Renewal | None:
        held, wanted = self._own.held, [hub.serial for hub in self._own.plan.hubs]
        try:
            renewal = await trio.to_thread.run_sync(
                lambda: self._table.renew(held, wanted, joined=not self._joined)
            )
        except psycopg.Error as exc:
            self._counted(False)
            if self._failing is None:
                self._failing = redact(f"{type(exc).__name__}: {exc}".strip())[:300]
                event(log, "lease.renewal_failing", level=logging.WARNING,
                      storage=self._table.description, error=self._failing,
                      hubs=len(self._own.held))  # fmt: skip
            return None
        self._counted(True)
        if self._failing is not None:
            self._failing = None
            event(log, "lease.renewal_recovered", storage=self._table.description)
        return renewal

    def _keep(self, renewal: Renewal, since: float) -> bool:
        """Move the deadlines of the hubs still held; True when some were lost."""
        held = self._own.epochs
        lost = [hub for hub, epoch in held.items() if renewal.renewed.get(hub) != epoch]
        self._own.extend([hub for hub in held if hub not in lost], since)
        self._own.drop(lost, "lost", "taken over or expired")
        return bool(lost)

    async def _release(self, hubs: list[str], reason: str) -> None:
        """Stop ``hubs``' chargers, commit their writes, then free their leases."""
        if not hubs:
            return
        self._own.drop(hubs, "released", reason)
        await self._own.apply()
        await self._free(hubs)

    async def _free(self, hubs: list[str]) -> None:
        """Free the leases of ``hubs``, whose chargers are stopped, once their writes are
        committed. Uncommitted (the database is away) or failing: the leases run out instead,
        and what was not committed is refused to this replica once another one claims them."""
        if await self._committed():
            with contextlib.suppress(psycopg.Error):
                await trio.to_thread.run_sync(self._table.release, hubs)

    async def _committed(self) -> bool:
        """Whether every write made so far is settled within one renewal period."""
        with trio.move_on_after(self._interval):
            with contextlib.suppress(StorageError):  # failed for good: logged by the writer
                await self._store.flush()
            return True
        return False

    async def _claim(self, hubs: list[str]) -> dict[str, int]:
        since = trio.current_time()
        try:
            taken = await trio.to_thread.run_sync(self._table.claim, hubs)
        except psycopg.Error:
            return {}
        if not taken:
            return taken
        try:
            await self._store.refresh(self._own.boxes(taken))
        except psycopg.Error:
            # not loaded: not served; the leases run out and are claimed again
            return {}
        if self._own.deadline_passed(since):
            return {}
        self._own.take(taken, since)
        await self._own.apply()
        return taken

    async def set_plan(self, plan: FleetPlan) -> FleetChange:
        """A reload: see the module docstring."""
        async with self._turn:
            old = set(self._own.boxes(self._own.held))
            self._own.plan = plan
            wanted = {hub.serial for hub in plan.hubs}
            gone = [hub for hub in self._own.held if hub not in wanted]
            self._own.drop(gone, "released", "removed from the config")
            added = [c for c in plan.only_hubs(self._own.held).chargers
                     if c.charge_box_id not in old]  # fmt: skip
            try:  # another replica with the new file may have served them before this one
                await self._store.refresh([c.charge_box_id for c in added])
            except psycopg.Error:  # handed back: a claim loads every charger of its hub
                unloaded = sorted({c.hub for c in added if c.hub is not None})
                self._own.drop(unloaded, "released", "its new chargers could not be loaded")
                gone += unloaded
            change = await self._own.apply()
            if gone:
                await self._free(gone)
        self._poke.set()  # new hubs are claimable now
        return change

    async def hand_over(self) -> None:
        """SIGTERM: see the module docstring."""
        self._stopping = True  # the turn in progress ends; no other begins
        async with self._turn:
            self._own.drop(self._own.held, "released", "shutting down")
            await self._own.apply()
            try:
                if not await self._committed():  # freed now, the uncommitted would be lost
                    raise StorageError("the queued writes are not committed yet")
                await trio.to_thread.run_sync(self._table.leave, abandon_on_cancel=True)
            except (psycopg.Error, StorageError) as exc:
                event(log, "lease.handover_failed", level=logging.WARNING,
                      error=redact(str(exc))[:300],
                      reason="the other replicas take the hubs when the leases expire")  # fmt: skip
        self._scope.cancel()

    async def _listen(self) -> None:
        """Wake the turns when another replica sends a NOTIFY."""
        while True:
            try:
                notified = await trio.to_thread.run_sync(
                    self._table.wait_notified, self._interval, abandon_on_cancel=True
                )
            except psycopg.Error:
                await trio.sleep(self._interval)
                continue
            if notified:
                self._poke.set()
