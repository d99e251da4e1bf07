"""What the charge point sends on its own, when it is due: boot, StatusNotification after
acceptance, heartbeat, the durable outbox, and WebSocket pings.

:class:`Scheduler` is owned by :class:`runtime.ocpp.charge_point.ChargePoint` and sends over
the :class:`~runtime.ocpp.connection.Connection` (as a :class:`Carrier`). It is not a
long-lived task: the reader kicks it at the deadline the scheduler itself computed
(:meth:`Scheduler._next_wake`), or when something changes (a queued message, a new
connection, a configuration change); a kick decides at once what is due
(:meth:`Scheduler._next_job`), starts a task only when something is, does it, one CALL at a
time, and the task exits. An idle charger therefore costs no scheduler task at all.

A queued message is sent only once its enqueue is committed. While it is not, no task waits
for it: the store's writer calls the scheduler back (in the trio thread, once per batch for
every charger in it) when the commit is settled, and that kick sends it. So a durable
message costs one task, started when it can go, and no wake-up of its own.
"""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Protocol

import trio

from runtime.storage.engine import StorageError, WriteRefused

from .config_store import ConfigStore
from .errors import CallFailed, ConnectionLost, LocalProtocolError
from .lifecycle import Lifecycle
from .observers import Observers
from .options import ChargePointOptions, LinkEvent, LinkState
from .outbox import Outbox, OutboxMessage
from .transport import Link, LinkClosed

__all__ = ["Carrier", "Scheduler"]

log = logging.getLogger(__name__)

#: OCPP 1.6 actions the runtime itself sends (the lifecycle is about exactly these).
_BOOT, _HEARTBEAT, _STATUS = "BootNotification", "Heartbeat", "StatusNotification"


class Carrier(Protocol):
    """What the scheduler needs of the connection."""

    @property
    def link(self) -> Link | None: ...

    def start_soon(self, task: Callable[[], Awaitable[None]]) -> None: ...

    def set_wake(self, deadline: float) -> None: ...

    def boot_accepted(self) -> None: ...

    async def exchange(
        self, action: str, payload: dict[str, Any], unique_id: str | None = None
    ) -> dict[str, Any]: ...


class Scheduler:
    """Boot, heartbeat, outbox and ping logic, with the state it needs; see the module
    docstring."""

    __slots__ = (
        "_call_lock",
        "_carrier",
        "_commit_pending",
        "_config",
        "_driving",
        "_ids_stored",
        "_lifecycle",
        "_next_ping",
        "_observers",
        "_options",
        "_outbox",
        "_status_of",
        "_wall_clock",
        "boot_payload",
        "ping_interval",
    )

    def __init__(
        self,
        options: ChargePointOptions,
        *,
        config: ConfigStore,
        outbox: Outbox,
        lifecycle: Lifecycle,
        carrier: Carrier,
        observers: Observers,
        call_lock: trio.Lock,
        status_of: Callable[[int], Mapping[str, object]],
        wall_clock: Callable[[], float],
        ids_stored: Callable[[], Awaitable[None]],
    ) -> None:
        self._options = options
        self._ids_stored = ids_stored
        self._config = config
        self._outbox = outbox
        self._lifecycle = lifecycle
        self._carrier = carrier
        self._observers = observers
        self._call_lock = call_lock  # one CALL at a time, shared with the owner's call()
        self._status_of = status_of
        self._wall_clock = wall_clock
        self._driving = False
        #: the head's commit is awaited: the writer's callback kicks (see the module docstring)
        self._commit_pending = False
        self._next_ping = math.inf
        #: what every BootNotification.req says (the owner validates a new one)
        self.boot_payload: Mapping[str, object] = options.boot
        #: WebSocketPingInterval in seconds (0: off); the owner keeps it in step with the
        #: configuration
        self.ping_interval = 0.0

    # -- what the reader and the owner tell it --------------------------------------------------

    def connected(self) -> None:
        self._next_ping = trio.current_time() + self.ping_interval
        self._notify(LinkEvent(LinkState.CONNECTED))  # kicks: boot, queue, ...

    def disconnected(self) -> None:
        self._notify(LinkEvent(LinkState.DISCONNECTED))

    def poke(self) -> None:
        """Wake everything waiting on a change of readiness, queue or transaction ids, and
        look at the new state."""
        self._observers.changed()
        self.kick()

    def _notify(self, event: LinkEvent) -> None:
        self.poke()
        self._observers.tell_link_event(event)

    def kick(self) -> None:
        """Look at what is due now: start the task if anything is (it exits when nothing
        more is), else only move the next wake-up."""
        if self._carrier.link is None or self._driving:
            return  # a running task looks again after each thing it does
        job = self._next_job()
        if job is None:
            self._carrier.set_wake(self._next_wake())
            return
        self._driving = True
        self._carrier.start_soon(functools.partial(self._drive, job))

    def _head_settled(self) -> None:
        """The writer's callback: the head's enqueue is committed (or failed)."""
        self._commit_pending = False
        self.kick()

    # -- the task -------------------------------------------------------------------------------

    async def _drive(self, job: Callable[[], Awaitable[None]]) -> None:
        try:
            while True:
                await job()
                if (next_job := self._next_job()) is None:
                    break
                job = next_job
        except LinkClosed:
            if self._carrier.link is not None:
                raise  # the scheduler found the link broken: end the connection
            return  # the connection is already being closed: let it close politely
        finally:
            self._driving = False
        self._carrier.set_wake(self._next_wake())

    def _next_job(self) -> Callable[[], Awaitable[None]] | None:
        """The one most urgent due thing (None: nothing is due). Decided without waiting, so
        a kick with nothing due starts no task."""
        now = trio.current_time()
        if self._lifecycle.boot_due(now):
            return self._boot
        if self._lifecycle.heartbeat_due(now):
            return self._heartbeat
        if self._lifecycle.may_send() and not self._commit_pending:
            due = self._outbox.head_due()
            if due is not None and due <= self._wall_clock():
                state = self._outbox.head_commit(self._head_settled)
                if state is True:
                    return self._deliver_head
                if state is False:
                    self._commit_pending = True  # never on the wire before it is on disk
                else:
                    return functools.partial(self._unstored, state)
        link = self._carrier.link
        if self.ping_interval > 0 and now >= self._next_ping and link is not None:
            return functools.partial(self._ping, link)
        return None

    def _next_wake(self) -> float:
        """When there is something to do next, on the trio clock (a head whose commit is
        awaited is the writer's callback's business)."""
        now = trio.current_time()
        wake = self._lifecycle.next_wakeup(now)
        if self._lifecycle.may_send() and not self._commit_pending:
            due = self._outbox.head_due()
            if due is not None:
                wake = min(wake, now + max(0.0, due - self._wall_clock()))
        if self.ping_interval > 0:
            wake = min(wake, self._next_ping)
        return wake

    async def _unstored(self, error: StorageError) -> None:
        """The head's enqueue failed for good: it was never durable, so it is dropped
        (logged), unsent. A refused write (another owner took the charger over) ends the
        charger's task."""
        if isinstance(error, WriteRefused):
            raise error
        message = self._outbox.head()
        if message is None:
            return
        log.error("%s: dropping %s the store could not write: %s",
                  self._options.charge_box_id, message.action, error)
        self._outbox.discard_unstored(message)

    async def _heartbeat(self) -> None:
        async with self._call_lock:
            await self._try(_HEARTBEAT, {})

    async def _boot(self) -> None:
        link = self._carrier.link
        await self._ids_stored()
        async with self._call_lock:
            if link is None or self._carrier.link is not link:
                # the connection this boot was due on closed while we waited (a hard Reset
                # closes it with the lock held): the next connection boots afresh, and marking
                # the boot sent now would leave that one waiting for an answer never asked
                return
            self._lifecycle.boot_sent()
            try:
                answer = await self._carrier.exchange(_BOOT, dict(self.boot_payload))
            except ConnectionLost as exc:
                raise LinkClosed(str(exc)) from exc
            except CallFailed as exc:
                log.warning("%s: BootNotification failed: %s", self._options.charge_box_id, exc)
                self._lifecycle.boot_failed(trio.current_time())
                return
            status = str(answer["status"])
            self._lifecycle.boot_answered(status, int(answer["interval"]), trio.current_time())
            self._notify(LinkEvent(LinkState(status.lower()), status))
            if self._lifecycle.accepted:
                self._carrier.boot_accepted()
                interval = str(int(self._lifecycle.heartbeat_interval))
                if self._config.get("HeartbeatInterval") != interval:
                    self._config.set("HeartbeatInterval", interval)
                # errata 3.22: after Accepted, StatusNotification for connector 0 and each one
                for connector_id in range(self._options.connectors + 1):
                    await self._try(_STATUS, dict(self._status_of(connector_id)))

    async def _try(self, action: str, payload: dict[str, Any]) -> None:
        """A runtime-originated CALL whose failure is logged, not raised (except link loss)."""
        try:
            await self._carrier.exchange(action, payload)
        except ConnectionLost as exc:
            raise LinkClosed(str(exc)) from exc
        except CallFailed as exc:
            log.warning("%s: %s failed: %s", self._options.charge_box_id, action, exc)

    async def _deliver_head(self) -> None:
        message = self._outbox.head()
        if message is None:
            return
        # trio's acquire() yields once even uncontended, and that yield is wanted: an answer
        # that became ready with the same commit takes the send lock first, so a handler's
        # answer goes before the message it queued (RemoteStartTransaction.conf before its
        # StartTransaction.req, OCPP 1.6 §5.11)
        async with self._call_lock:
            await self._exchange_queued(message)
        self.poke()

    async def _exchange_queued(self, message: OutboxMessage) -> None:
        """One transmission of ``message``, and what its outcome does to the queue."""
        try:
            answer = await self._carrier.exchange(
                message.action, message.payload, unique_id=message.message_id
            )
        except ConnectionLost as exc:
            raise LinkClosed(str(exc)) from exc  # not a failure to process: resend later
        except LocalProtocolError:
            log.exception("%s: dropping unsendable %s", self._options.charge_box_id,
                          message.action)
            self._outbox.failed(message, now=self._wall_clock(), attempts=1,
                                retry_interval=0)
        except CallFailed as exc:
            dropped = self._outbox.failed(
                message,
                now=self._wall_clock(),
                attempts=self._config.get_int("TransactionMessageAttempts"),
                retry_interval=self._config.get_int("TransactionMessageRetryInterval"),
            )
            log.warning("%s: %s attempt %d failed (%s)%s", self._options.charge_box_id,
                        message.action, message.attempts + 1, exc,
                        "; dropped" if dropped else "")
        else:
            self._outbox.delivered(message, answer)
            self._observers.tell_transaction_answer(message, answer)

    async def _ping(self, link: Link) -> None:
        """WebSocketPingInterval: no pong within one interval means a half-open link."""
        with trio.move_on_after(self.ping_interval) as scope:
            await link.ping()
        if scope.cancelled_caught:
            raise LinkClosed("no pong within WebSocketPingInterval")
        self._next_ping = trio.current_time() + self.ping_interval
