"""One charger as a trio task: the public face over its connection, scheduler and answerer.

:class:`ChargePoint` is what the per-charger bridge drives. It connects (and reconnects, with
back-off) by itself in :meth:`ChargePoint.run`; the bridge meanwhile

* sends CALLs and awaits their answers: :meth:`ChargePoint.call` (waits until connected and
  Accepted; one CALL at a time, OCPP-J 1.6 §4.1.1, callers queue fairly);
* queues transaction messages durably: :meth:`ChargePoint.enqueue_transaction_message`,
  learns the transactionId with :meth:`ChargePoint.transaction_id`, every answer to a queued
  message with :meth:`ChargePoint.on_transaction_answer`, and waits for the queue to empty
  with :meth:`ChargePoint.wait_queue_empty` (for the commit, :meth:`ChargePoint.wait_durable`);
* answers the central system's CALLs through the ``handler`` object it registers (the
  generated ``CentralSystemRequestHandler``, dispatched through the tables); a handler defers
  work until its answer went out with :meth:`ChargePoint.after_answer`;
* changes what the next BootNotification says: :meth:`ChargePoint.set_boot_payload`;
* reads and changes the configuration: :attr:`ChargePoint.config`;
* observes the lifecycle: :meth:`ChargePoint.add_listener`, :meth:`ChargePoint.wait_accepted`;
* asks for a reboot (Reset): :meth:`ChargePoint.reboot` drops the link and boots again.

It owns its parts, each with its own state behind a narrow interface (h11's ``Connection``
owning a ``ConnectionState`` is the model):

* the sans-I/O core: :class:`~runtime.ocpp.session.OcppSession` (frames, ids, validation)
  and :class:`~runtime.ocpp.lifecycle.Lifecycle` (boot and heartbeat rules);
* :class:`~runtime.ocpp.connection.Connection`: the link, its reader (the :meth:`run` task),
  reconnecting, and our one outstanding CALL;
* :class:`~runtime.ocpp.scheduler.Scheduler`: what the charge point sends on its own (boot,
  status, heartbeat, the outbox, pings), started on demand;
* :class:`~runtime.ocpp.answering.CallAnswerer`: one task per inbound CALL;
* :class:`~runtime.ocpp.observers.Observers`: listeners and the tasks waiting for a change.

An idle connected charger is one task of ours (the reader) plus none or one of the
transport's; a failure of this charger ends in :meth:`run`, never in another charger's task
(the bridge's service restarts it).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Coroutine, Mapping
from typing import Any, assert_never

import trio

from generated.config_keys import CONFIG_KEYS
from generated.handlers import CentralSystemRequestHandler, ChargePointSender
from rows.config_keys import ChangeEffect, ConfigKey
from rows.hooks import OcppReaction
from runtime.storage.store import Store

from .answering import CallAnswerer
from .config_store import ConfigStore
from .connection import Connection
from .errors import LocalProtocolError
from .ids import MessageIds
from .lifecycle import Lifecycle
from .observers import Observers
from .options import (
    ChargePointOptions,
    LinkEvent,
    LinkState,
    TransactionAnswerListener,
    default_status,
)
from .outbox import Outbox, TxRole
from .scheduler import Scheduler
from .session import OcppSession
from .tables import ProtocolTables, generated_tables
from .transport import Connector
from .wsproto_link import open_wsproto_link

__all__ = ["ChargePoint", "ChargePointOptions", "LinkEvent", "LinkState"]


class ChargePoint:
    """One charger's OCPP-J 1.6 connection; see the module docstring.

    Besides :meth:`call` it offers :attr:`sender`, the generated ``ChargePointSender`` over
    :meth:`call`: one typed method per action the charge point sends
    (``await cp.sender.heartbeat(HeartbeatRequest())``).
    """

    __slots__ = (
        "_answerer",
        "_call_lock",
        "_connection",
        "_ids",
        "_lifecycle",
        "_observers",
        "_scheduler",
        "_session",
        "_stored",
        "_tables",
        "config",
        "options",
        "outbox",
        "sender",
    )

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
        name = options.charge_box_id
        self.options = options
        self.sender = ChargePointSender(self.call)
        self._stored = store.charger(name)
        self.config = ConfigStore(store, name, config_keys)
        self.outbox = Outbox(store, name, wall_clock=wall_clock)
        self._tables = tables = tables or generated_tables()
        epoch, epoch_written = self._stored.next_epoch()
        self._ids = MessageIds(epoch)
        self._session = session = OcppSession(tables, self._ids)
        self._lifecycle = lifecycle = Lifecycle(
            heartbeat_interval=self.config.get_int("HeartbeatInterval"),
            boot_retry=options.boot_retry,
        )
        self._call_lock = trio.Lock()
        self._observers = Observers(name)
        self._connection = connection = Connection(
            options, self.config, session, lifecycle,
            connector or open_wsproto_link,  # None: the runtime's choice
        )
        self._scheduler = Scheduler(
            options,
            config=self.config,
            outbox=self.outbox,
            lifecycle=lifecycle,
            carrier=connection,
            observers=self._observers,
            call_lock=self._call_lock,
            status_of=status_of,
            wall_clock=wall_clock,
            # no id of this epoch goes out before the epoch is stored (OCPP-J 1.6 §4.1.4)
            ids_stored=functools.partial(self._stored.wait, epoch_written),
        )
        self._answerer = CallAnswerer(
            name, handler=handler, tables=tables, session=session, lifecycle=lifecycle,
            gate=connection, stored=self._stored.wait,
        )
        self._read_timeouts()
        self.config.on_change(self._config_changed)

    # -- the bridge's API ---------------------------------------------------------------------

    @property
    def connected(self) -> bool:
        return self._connection.link is not None

    @property
    def accepted(self) -> bool:
        return self._lifecycle.accepted

    def add_listener(self, listener: Callable[[LinkEvent], None]) -> None:
        """Call ``listener`` on connect, disconnect and every BootNotification answer."""
        self._observers.add_link_listener(listener)

    def on_transaction_answer(self, listener: TransactionAnswerListener) -> None:
        """Call ``listener(tx_ref, role, action, answer)`` for every CALLRESULT to a queued
        transaction message (e.g. StartTransaction.conf's idTagInfo, errata 3.17).

        It is called right after the answer is committed to the store, in the same task and
        before anything else can run, so nothing sees the message delivered while the
        listener has not yet heard of it. A failing listener is logged; the delivery stands.
        """
        self._observers.add_transaction_listener(listener)

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
        self._scheduler.boot_payload = copy

    def after_answer(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the CALLRESULT of the CALL being handled has gone out (OCPP
        1.6 §5.17: TriggerMessage answers first); see
        :meth:`runtime.ocpp.answering.CallAnswerer.after_answer`. For a handler only: raises
        :class:`RuntimeError` anywhere else."""
        self._answerer.after_answer(callback)

    async def wait_accepted(self) -> None:
        """Return once connected and Accepted."""
        while not (self._connection.link is not None and self._lifecycle.accepted):
            await self._observers.next_change().wait()

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
                if self._connection.link is not None and self._lifecycle.may_send():
                    return await self._connection.exchange(action, payload)
            finally:
                lock.release()

    def enqueue_transaction_message(
        self, action: str, payload: dict[str, Any], *, tx_ref: str, role: TxRole
    ) -> str:
        """Durably queue a transaction message and return its message id.

        ``role`` START (StartTransaction: its answer gives the transactionId), UPDATE
        (MeterValues) or STOP (StopTransaction); UPDATE and STOP payloads get their
        transactionId filled in at send time. The payload is validated now, so a bad one is
        refused here rather than stuck in the queue. It is sent once committed (see
        :meth:`wait_durable`).
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
        self._scheduler.poke()
        return message_id

    async def wait_durable(self) -> None:
        """Return once every change this charger made so far is committed to the store."""
        await self._stored.wait()

    async def transaction_id(self, tx_ref: str) -> int:
        """The transactionId of ``tx_ref`` once its StartTransaction is settled (-1: never)."""
        while (known := self.outbox.transaction_id(tx_ref)) is None:
            await self._observers.next_change().wait()
        return known

    async def wait_queue_empty(self) -> None:
        """Return once no transaction message is queued (each delivered, or dropped after
        its attempts)."""
        while len(self.outbox):
            await self._observers.next_change().wait()

    def reboot(self) -> None:
        """Boot again with a new BootNotification on a fresh connection (Reset).

        Safe to call from a handler: the connection is dropped only after the answers in
        progress have gone out.
        """
        self._lifecycle.reboot()
        self._connection.disconnect_soon()

    def run(self) -> Coroutine[Any, Any, None]:
        """Connect, serve, and reconnect with back-off, until cancelled: ``await cp.run()``
        or ``nursery.start_soon(cp.run)``.

        The connection's own loop, handed out directly (no coroutine of ours around it, so
        an idle charger carries no extra frame).
        """
        return self._connection.run(self._scheduler, self._answerer)

    # -- configuration --------------------------------------------------------------------------

    def _read_timeouts(self) -> None:
        # Cached (typed once, not parsed per call); refreshed by _config_changed.
        self._connection.call_timeout = float(self.config.get_int("MessageTimeout"))
        self._scheduler.ping_interval = float(self.config.get_int("WebSocketPingInterval"))

    def _config_changed(self, name: str, value: str) -> None:
        row = self.config.row(name)
        if row is not None and row.effect is ChangeEffect.RECONNECT:
            # The key table says so (AuthorizationKey, security whitepaper A01): re-open the
            # connection with the new value once the answer is out, queued messages kept.
            self._connection.disconnect_soon()
        if row is not None and isinstance(row.reaction, OcppReaction):
            self._react(row.reaction, value)
        self._scheduler.poke()

    def _react(self, reaction: OcppReaction, value: str) -> None:
        """The OCPP layer's part of a key's ``reaction`` (spec/config_keys.yaml); the bridge
        core does its own, and read_when_used keys are read when used."""
        match reaction:
            case OcppReaction.HEARTBEAT_INTERVAL:
                self._lifecycle.heartbeat_interval = int(value)
            case OcppReaction.CALL_TIMEOUTS:
                self._read_timeouts()
            case _:
                assert_never(reaction)
