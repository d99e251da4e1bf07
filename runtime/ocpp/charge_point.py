"""One charger as a trio task: session + lifecycle + outbox + configuration over a Link.

:class:`ChargePoint` is what the per-charger bridge drives. It connects (and reconnects, with
back-off) by itself in :meth:`ChargePoint.run`; the bridge meanwhile

* sends CALLs and awaits their answers: :meth:`ChargePoint.call` (waits until connected and
  Accepted; one CALL at a time, OCPP-J 1.6 §4.1.1, callers queue fairly);
* queues transaction messages durably: :meth:`ChargePoint.enqueue_transaction_message`,
  learns the transactionId with :meth:`ChargePoint.transaction_id`, every answer to a queued
  message with :meth:`ChargePoint.on_transaction_answer`, and waits for the queue to empty
  with :meth:`ChargePoint.wait_queue_empty`;
* answers the central system's CALLs through the ``handler`` object it registers (the
  generated ``CentralSystemRequestHandler``, dispatched through the tables); a handler defers
  work until its answer went out with :meth:`ChargePoint.after_answer`
  (:mod:`runtime.ocpp.answering`);
* changes what the next BootNotification says: :meth:`ChargePoint.set_boot_payload`;
* reads and changes the configuration: :attr:`ChargePoint.config`;
* observes the lifecycle: :meth:`ChargePoint.add_listener`, :meth:`ChargePoint.wait_accepted`;
* asks for a reboot (Reset): :meth:`ChargePoint.reboot` drops the link and boots again.

An idle connected charger is one task of ours (the reader, which is the :meth:`run` task)
plus trio-websocket's; the driver (:mod:`runtime.ocpp.driver`: boot, heartbeat, outbox,
pings) runs on demand, and inbound CALLs are served in tasks of their own, so a slow handler
never stops the reader. A failure of this charger ends in :meth:`run`'s loop (or in
:func:`runtime.ocpp.runner.supervise`), never in another charger's task.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Mapping
from typing import Any

import trio

from generated.config_keys import CONFIG_KEYS
from generated.handlers import CentralSystemRequestHandler, ChargePointSender
from rows.config_keys import ConfigKey, Effect

from .answering import Answering
from .config_store import ConfigStore
from .driver import Driver
from .errors import CallTimeout, ConnectionLost, LocalProtocolError
from .ids import MessageIds
from .lifecycle import Lifecycle
from .options import (
    ChargePointOptions,
    LinkEvent,
    LinkState,
    TransactionAnswerListener,
    default_status,
)
from .outbox import Outbox, TxRole
from .session import AnswerReady, CallCompleted, CallReceived, OcppSession
from .store import Store
from .tables import ProtocolTables, generated_tables
from .transport import (
    Backoff,
    Connector,
    Endpoint,
    Link,
    LinkClosed,
    link_closed_from_group,
)
from .waiter import AnswerWaiter
from .wsproto_link import open_wsproto_link

__all__ = ["ChargePoint", "ChargePointOptions", "LinkEvent", "LinkState"]

log = logging.getLogger(__name__)


class ChargePoint(Driver, Answering):
    """One charger's OCPP-J 1.6 connection; see the module docstring.

    Besides :meth:`call` it offers :attr:`sender`, the generated ``ChargePointSender`` over
    :meth:`call`: one typed method per action the charge point sends
    (``await cp.sender.heartbeat(HeartbeatRequest())``).
    """

    def __init__(
        self,
        options: ChargePointOptions,
        *,
        store: Store,
        tables: ProtocolTables | None = None,
        config_keys: Mapping[str, ConfigKey] = CONFIG_KEYS,
        handler: CentralSystemRequestHandler | None = None,
        connector: Connector | None = None,
        status_of: Callable[[int], Mapping[str, object]] = default_status,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.options = options
        self.handler = handler
        self.sender = ChargePointSender(self.call)
        self.config = ConfigStore(store, options.charge_box_id, config_keys)
        self.outbox = Outbox(store, options.charge_box_id)
        self._tables = tables = tables or generated_tables()
        self._ids = MessageIds(store.next_epoch(options.charge_box_id))
        self._session = OcppSession(tables, self._ids)
        self._lifecycle = Lifecycle(
            heartbeat_interval=self.config.get_int("HeartbeatInterval"),
            boot_retry=options.boot_retry,
        )
        self._connector = connector or open_wsproto_link  # None: the runtime's choice
        self._status_of = status_of
        self._wall_clock = wall_clock
        self._backoff = Backoff(options.reconnect_initial, options.reconnect_cap)
        self._link: Link | None = None
        self._waiter: AnswerWaiter | None = None
        self._call_lock = trio.Lock()
        # set and dropped whenever readiness, the queue or a transaction id changes; created
        # only when someone waits, so an idle charger does not carry one
        self._changed: trio.Event | None = None
        self._listeners: list[Callable[[LinkEvent], None]] = []
        # a tuple: the empty one is shared, so a charger nobody listens to carries no list
        self._tx_listeners: tuple[TransactionAnswerListener, ...] = ()
        self._boot_payload: Mapping[str, object] = options.boot
        self._nursery: trio.Nursery | None = None
        self._read_scope: trio.CancelScope | None = None
        self._wake = math.inf  # the driver's next deadline (trio clock)
        self._next_ping = math.inf
        self._driving = False
        self._again = False
        self._disconnect_wanted = False
        self._closing = False  # set when a wanted disconnect is due: the reader returns
        self._answering = 0  # inbound CALLs being handled; a wanted disconnect waits for them
        self._timeouts = (30.0, 0.0)  # MessageTimeout, WebSocketPingInterval
        self._read_timeouts()
        self.config.on_change(self._config_changed)

    # -- the bridge's API ---------------------------------------------------------------------

    @property
    def connected(self) -> bool:
        return self._link is not None

    @property
    def accepted(self) -> bool:
        return self._lifecycle.accepted

    def add_listener(self, listener: Callable[[LinkEvent], None]) -> None:
        """Call ``listener`` on connect, disconnect and every BootNotification answer."""
        self._listeners.append(listener)

    def on_transaction_answer(self, listener: TransactionAnswerListener) -> None:
        """Call ``listener(tx_ref, role, action, answer)`` for every CALLRESULT to a queued
        transaction message (e.g. StartTransaction.conf's idTagInfo, errata 3.17).

        It is called right after the answer is committed to the store, in the same task and
        before anything else can run, so nothing sees the message delivered while the
        listener has not yet heard of it. A failing listener is logged; the delivery stands.
        """
        self._tx_listeners = (*self._tx_listeners, listener)

    def set_boot_payload(self, payload: Mapping[str, object]) -> None:
        """Use ``payload`` for every BootNotification.req from now on (e.g. a new firmware
        version); the one in progress, if any, is not changed. Raises
        :class:`LocalProtocolError` at once for a payload the schema refuses.
        """
        copy = dict(payload)
        violation = self._tables.validate_request("BootNotification", copy)
        if violation is not None:
            raise LocalProtocolError(
                f"invalid BootNotification payload: {violation.path or '/'}: {violation.message}"
            )
        self._boot_payload = copy

    async def wait_accepted(self) -> None:
        """Return once connected and Accepted."""
        while not (self._link is not None and self._lifecycle.accepted):
            await self._change().wait()

    async def call(self, action: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Send a CALL once connected and Accepted and return the CALLRESULT payload.

        Raises :class:`CallFailed` (CALLERROR, timeout, invalid answer, connection lost) and
        :class:`LocalProtocolError` for an invalid payload. Not for transaction messages,
        which go through :meth:`enqueue_transaction_message`.
        """
        lock = self._call_lock
        while True:
            await self.wait_accepted()
            # Fast path: an uncontended lock is taken without a scheduling round trip
            # (trio's acquire() always yields); the exchange itself checkpoints.
            if lock.locked():
                await lock.acquire()
            else:
                lock.acquire_nowait()
            try:
                if self._link is not None and self._lifecycle.may_send():
                    return await self._exchange(action, payload)
            finally:
                lock.release()

    def enqueue_transaction_message(
        self, action: str, payload: dict[str, Any], *, tx_ref: str, role: TxRole
    ) -> str:
        """Durably queue a transaction message and return its message id.

        ``role`` START (StartTransaction: its answer gives the transactionId), UPDATE
        (MeterValues) or STOP (StopTransaction); UPDATE and STOP payloads get their
        transactionId filled in at send time. The payload is validated now, so a bad one is
        refused here rather than stuck in the queue.
        """
        probe = payload if role is TxRole.START else {**payload, "transactionId": 0}
        violation = self._tables.validate_request(action, probe)
        if violation is not None:
            raise LocalProtocolError(
                f"refusing to queue an invalid {action}: {violation.path or '/'}: "
                f"{violation.message}"
            )
        message_id = self._ids.next()
        self.outbox.enqueue(action, payload, tx_ref=tx_ref, role=role, message_id=message_id)
        self._poke()
        return message_id

    async def transaction_id(self, tx_ref: str) -> int:
        """The transactionId of ``tx_ref`` once its StartTransaction is settled (-1: never)."""
        while (known := self.outbox.transaction_id(tx_ref)) is None:
            await self._change().wait()
        return known

    async def wait_queue_empty(self) -> None:
        """Return once no transaction message is queued (each delivered, or dropped after
        its attempts)."""
        while len(self.outbox):
            await self._change().wait()

    def reboot(self) -> None:
        """Boot again with a new BootNotification on a fresh connection (Reset).

        Safe to call from a handler: the connection is dropped only after the answers in
        progress have gone out.
        """
        self._lifecycle.reboot()
        self._disconnect_soon()

    def _disconnect_soon(self) -> None:
        self._disconnect_wanted = True
        if self._answering == 0:
            self._closing = True
            if self._read_scope is not None:
                self._read_scope.cancel()

    # -- the task -------------------------------------------------------------------------------

    async def run(self) -> None:
        """Connect, serve, and reconnect with back-off, until cancelled."""
        while True:
            endpoint = Endpoint(
                self.options.csms_url,
                self.options.charge_box_id,
                self.config.get("AuthorizationKey") or self.options.password,
                self.options.ca_file,
                self.options.connect_timeout,
            )
            self._disconnect_wanted = self._closing = False
            try:
                await self._connect_and_serve(endpoint)
            except LinkClosed as exc:
                log.warning("%s: connection lost: %s", self.options.charge_box_id, exc)
            delay = self._backoff.next_delay()
            log.info("%s: reconnecting in %.1f s", self.options.charge_box_id, delay)
            await trio.sleep(delay)

    async def _connect_and_serve(self, endpoint: Endpoint) -> None:
        # One nursery per connection holds the transport's reader and our short-lived tasks
        # (the driver, handler answers); this task itself reads. An idle charger therefore
        # costs one task of ours and one of the transport.
        try:
            async with trio.open_nursery() as nursery:
                async with self._connector(endpoint, nursery) as link:
                    await self._serve(link, nursery)
                nursery.cancel_scope.cancel()
        except BaseExceptionGroup as group:
            raise link_closed_from_group(group) from None

    async def _serve(self, link: Link, nursery: trio.Nursery) -> None:
        """Read until the link breaks or :meth:`_disconnect_soon` ends it; then the caller
        closes the WebSocket politely (so an answer just sent, e.g. to Reset, is not lost to
        a TCP reset).

        Every message goes to the session. The driver's next deadline lives on the cancel
        scope around receiving (one scope per wake-up period, not per message): receiving is
        cancel-safe, sending is not, so nothing is sent from inside it.
        """
        self._link, self._nursery = link, nursery
        self._next_ping = trio.current_time() + self._ping_interval()
        self._notify(LinkEvent(LinkState.CONNECTED))  # kicks the driver: boot, queue, ...
        try:
            while True:
                with trio.CancelScope(deadline=self._wake) as self._read_scope:
                    while True:
                        self._on_text(link, await link.receive())
                self._read_scope = None
                if self._closing:
                    return
                self._wake = math.inf  # the driver sets the next one when it is done
                self._kick()
        finally:
            self._link = self._nursery = self._read_scope = None
            self._lifecycle.connection_lost()
            self._session.connection_lost()
            if self._waiter is not None:
                lost = ConnectionLost(self._waiter.action, "the connection closed")
                self._waiter.resolve(None, lost)
            self._notify(LinkEvent(LinkState.DISCONNECTED))

    def _on_text(self, link: Link, text: str) -> None:
        event = self._session.receive(text)
        if isinstance(event, CallCompleted):
            waiter = self._waiter
            if waiter is not None and waiter.unique_id == event.call.unique_id:
                waiter.resolve(event.payload, event.error)
        elif isinstance(event, AnswerReady):
            if self._lifecycle.may_answer(trio.current_time()) and self._nursery is not None:
                self._nursery.start_soon(link.send, event.text)
        elif isinstance(event, CallReceived):
            self._lifecycle.traffic(trio.current_time())
            if self._nursery is not None:
                self._nursery.start_soon(self._answer, link, event)

    async def _exchange(
        self, action: str, payload: dict[str, Any], unique_id: str | None = None
    ) -> dict[str, Any]:
        """One CALL round trip on the current link; the caller holds ``_call_lock``."""
        link = self._link
        if link is None:
            raise ConnectionLost(action, "not connected")
        call = self._session.start_call(action, payload, unique_id=unique_id)
        waiter = self._waiter = AnswerWaiter(call.unique_id, action)
        try:
            await link.send(call.text)
            with trio.move_on_after(self._call_timeout()):
                await waiter.wait()
        finally:
            self._waiter = None
        if not waiter.done:
            self._session.expire_call()
            raise CallTimeout(action, f"no answer within {self._call_timeout()} s")
        if waiter.error is not None:
            raise waiter.error
        assert waiter.payload is not None
        self._lifecycle.traffic(trio.current_time())
        return waiter.payload

    def _call_timeout(self) -> float:
        return self._timeouts[0]

    # -- plumbing -------------------------------------------------------------------------------

    def _change(self) -> trio.Event:
        if self._changed is None:
            self._changed = trio.Event()
        return self._changed

    def _poke(self) -> None:
        """Wake everything waiting on a change of readiness, queue or transaction ids, and
        let the driver look at the new state."""
        if self._changed is not None:
            self._changed.set()
            self._changed = None
        self._kick()

    def _notify(self, event: LinkEvent) -> None:
        self._poke()
        for listener in self._listeners:
            try:
                listener(event)
            except Exception:
                log.exception("%s: listener failed", self.options.charge_box_id)

    def _config_changed(self, name: str, value: str) -> None:
        row = self.config.row(name)
        if row is not None and row.effect is Effect.RECONNECT:
            # The key table says so (AuthorizationKey, security whitepaper A01): re-open the
            # connection with the new value once the answer is out, queued messages kept.
            self._disconnect_soon()
        effect = _CONFIG_EFFECTS.get(name.lower())
        if effect is not None:
            effect(self, value)
        self._read_timeouts()
        self._poke()


def _heartbeat_interval_changed(cp: ChargePoint, value: str) -> None:
    cp._lifecycle.heartbeat_interval = int(value)


#: configuration keys whose change the runtime applies at once (the rest are read on use)
_CONFIG_EFFECTS: Mapping[str, Callable[[ChargePoint, str], None]] = {
    "heartbeatinterval": _heartbeat_interval_changed,
}
