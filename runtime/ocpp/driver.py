"""The part of a charger that acts on its own: boot, StatusNotification after acceptance,
heartbeat, draining the durable outbox, and WebSocket pings.

:class:`Driver` is a mixin of :class:`runtime.ocpp.charge_point.ChargePoint`. It is not a
long-lived task: the reader kicks it at the deadline the driver itself computed
(:meth:`Driver._next_wake`), or when something changes (a queued message, a new
connection, a configuration change); it does whatever is due, one CALL at a time, and exits.
An idle charger therefore costs no driver task at all.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

import trio

from .config_store import ConfigStore
from .errors import CallFailed, ConnectionLost, LocalProtocolError
from .lifecycle import Lifecycle
from .options import ChargePointOptions, LinkEvent, LinkState, TransactionAnswerListener
from .outbox import Outbox, OutboxMessage
from .transport import Backoff, Link, LinkClosed

__all__ = ["Driver"]

log = logging.getLogger(__name__)

#: OCPP 1.6 actions the runtime itself sends (the lifecycle is about exactly these).
_BOOT, _HEARTBEAT, _STATUS = "BootNotification", "Heartbeat", "StatusNotification"


class Driver:
    """Boot, heartbeat, outbox and ping logic; the state lives on the ChargePoint."""

    options: ChargePointOptions
    config: ConfigStore
    outbox: Outbox
    _lifecycle: Lifecycle
    _call_lock: trio.Lock
    _nursery: trio.Nursery | None
    _link: Link | None
    _read_scope: trio.CancelScope | None
    _driving: bool
    _again: bool
    _wake: float
    _next_ping: float
    _backoff: Backoff
    _status_of: Callable[[int], Mapping[str, object]]
    _wall_clock: Callable[[], float]
    _timeouts: tuple[float, float]
    _boot_payload: Mapping[str, object]
    _tx_listeners: tuple[TransactionAnswerListener, ...]

    async def _exchange(
        self, action: str, payload: dict[str, Any], unique_id: str | None = None
    ) -> dict[str, Any]:
        raise NotImplementedError

    def _notify(self, event: LinkEvent) -> None:
        raise NotImplementedError

    def _poke(self) -> None:
        raise NotImplementedError

    def _kick(self) -> None:
        """Run the driver now (it is started on demand and exits when nothing is due)."""
        if self._nursery is None:
            return
        if self._driving:
            self._again = True
            return
        self._driving = True
        self._nursery.start_soon(self._drive)

    async def _drive(self) -> None:
        try:
            while True:
                self._again = False
                if not await self._drive_step() and not self._again:
                    break
        except LinkClosed:
            if self._link is not None:
                raise  # the driver found the link broken: end the connection
            return  # the connection is already being closed: let it close politely
        finally:
            self._driving = False
        self._set_wake(self._next_wake())

    async def _drive_step(self) -> bool:
        """Do the one most urgent due thing; False when nothing is due."""
        now = trio.current_time()
        if self._lifecycle.boot_due(now):
            await self._boot()
            return True
        if self._lifecycle.heartbeat_due(now):
            async with self._call_lock:
                await self._try(_HEARTBEAT, {})
            return True
        if self._lifecycle.may_send():
            head = self.outbox.head()
            if head is not None and head.not_before <= self._wall_clock():
                await self._deliver(head)
                return True
        if self._ping_interval() > 0 and now >= self._next_ping and self._link is not None:
            await self._ping(self._link)
            self._next_ping = trio.current_time() + self._ping_interval()
            return True
        return False

    def _next_wake(self) -> float:
        """When the driver has something to do next, on the trio clock."""
        now = trio.current_time()
        wake = self._lifecycle.next_wakeup(now)
        if self._lifecycle.may_send():
            head = self.outbox.head()
            if head is not None:
                wake = min(wake, now + max(0.0, head.not_before - self._wall_clock()))
        if self._ping_interval() > 0:
            wake = min(wake, self._next_ping)
        return wake

    def _set_wake(self, wake: float) -> None:
        self._wake = wake
        if self._read_scope is not None:
            self._read_scope.deadline = wake

    async def _boot(self) -> None:
        async with self._call_lock:
            self._lifecycle.boot_sent()
            try:
                answer = await self._exchange(_BOOT, dict(self._boot_payload))
            except ConnectionLost as exc:
                raise LinkClosed(str(exc)) from exc
            except CallFailed as exc:
                log.warning("%s: BootNotification failed: %s", self.options.charge_box_id, exc)
                self._lifecycle.boot_failed(trio.current_time())
                return
            status = str(answer["status"])
            self._lifecycle.boot_answered(status, int(answer["interval"]), trio.current_time())
            self._notify(LinkEvent(LinkState(status.lower()), status))
            if self._lifecycle.accepted:
                self._backoff.reset()
                interval = str(int(self._lifecycle.heartbeat_interval))
                if self.config.get("HeartbeatInterval") != interval:
                    self.config.set("HeartbeatInterval", interval)
                # errata 3.22: after Accepted, StatusNotification for connector 0 and each one
                for connector_id in range(self.options.connectors + 1):
                    await self._try(_STATUS, dict(self._status_of(connector_id)))

    async def _try(self, action: str, payload: dict[str, Any]) -> None:
        """A runtime-originated CALL whose failure is logged, not raised (except link loss)."""
        try:
            await self._exchange(action, payload)
        except ConnectionLost as exc:
            raise LinkClosed(str(exc)) from exc
        except CallFailed as exc:
            log.warning("%s: %s failed: %s", self.options.charge_box_id, action, exc)

    async def _deliver(self, message: OutboxMessage) -> None:
        async with self._call_lock:
            try:
                answer = await self._exchange(
                    message.action, message.payload, unique_id=message.message_id
                )
            except ConnectionLost as exc:
                raise LinkClosed(str(exc)) from exc  # not a failure to process: resend later
            except LocalProtocolError:
                log.exception("%s: dropping unsendable %s", self.options.charge_box_id,
                              message.action)
                self.outbox.failed(message, now=self._wall_clock(), attempts=1, retry_interval=0)
            except CallFailed as exc:
                dropped = self.outbox.failed(
                    message,
                    now=self._wall_clock(),
                    attempts=self.config.get_int("TransactionMessageAttempts"),
                    retry_interval=self.config.get_int("TransactionMessageRetryInterval"),
                )
                log.warning("%s: %s attempt %d failed (%s)%s", self.options.charge_box_id,
                            message.action, message.attempts + 1, exc,
                            "; dropped" if dropped else "")
            else:
                self.outbox.delivered(message, answer)
                self._tell_tx_listeners(message, answer)
        self._poke()

    def _tell_tx_listeners(self, message: OutboxMessage, answer: dict[str, Any]) -> None:
        # Synchronously, straight after the commit: no other task runs in between.
        for listener in self._tx_listeners:
            try:
                listener(message.tx_ref, message.role, message.action, answer)
            except Exception:
                log.exception("%s: transaction answer listener failed",
                              self.options.charge_box_id)

    async def _ping(self, link: Link) -> None:
        """WebSocketPingInterval: no pong within one interval means a half-open link."""
        with trio.move_on_after(self._ping_interval()) as scope:
            await link.ping()
        if scope.cancelled_caught:
            raise LinkClosed("no pong within WebSocketPingInterval")

    def _ping_interval(self) -> float:
        return self._timeouts[1]

    def _read_timeouts(self) -> None:
        # Cached (per call would be a SQLite read); refreshed by _config_changed.
        self._timeouts = (
            float(self.config.get_int("MessageTimeout")),
            float(self.config.get_int("WebSocketPingInterval")),
        )
