"""Who hears what of one charger: lifecycle listeners, transaction-answer listeners, and the
tasks waiting for any change of readiness, queue or transaction ids.

:class:`Observers` is owned by :class:`runtime.ocpp.charge_point.ChargePoint`; the connection
and the scheduler tell it what happened. A failing listener is logged and never stops the
charger (nor the other listeners).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import trio

from .options import LinkEvent, TransactionAnswerListener
from .outbox import OutboxMessage

__all__ = ["Observers"]

log = logging.getLogger(__name__)

class Observers:
    """The listeners of one charger and the event its waiters park on."""

    __slots__ = ("_changed", "_link_listeners", "_name", "_tx_listeners")

    def __init__(self, name: str) -> None:
        self._name = name  # the charge box id, for the log
        # set and dropped whenever something changes; created only when someone waits, so an
        # idle charger does not carry one
        self._changed: trio.Event | None = None
        self._link_listeners: list[Callable[[LinkEvent], None]] = []
        # a tuple: the empty one is shared, so a charger nobody listens to carries no list
        self._tx_listeners: tuple[TransactionAnswerListener, ...] = ()

    def next_change(self) -> trio.Event:
        """The event the next :meth:`changed` sets (``await observers.next_change().wait()``;
        the event itself, not a coroutine, so a wait allocates nothing more)."""
        if self._changed is None:
            self._changed = trio.Event()
        return self._changed

    def changed(self) -> None:
        """Wake every task waiting on :meth:`next_change`."""
        if self._changed is not None:
            self._changed.set()
            self._changed = None

    def add_link_listener(self, listener: Callable[[LinkEvent], None]) -> None:
        self._link_listeners.append(listener)

    def tell_link_event(self, event: LinkEvent) -> None:
        for listener in self._link_listeners:
            try:
                listener(event)
            except Exception:
                log.exception("%s: listener failed", self._name)

    def add_transaction_listener(self, listener: TransactionAnswerListener) -> None:
        self._tx_listeners = (*self._tx_listeners, listener)

    def tell_transaction_answer(self, message: OutboxMessage, answer: dict[str, Any]) -> None:
        # Synchronously, straight after the commit: no other task runs in between.
        for listener in self._tx_listeners:
            try:
                listener(message.tx_ref, message.role, message.action, answer)
            except Exception:
                log.exception("%s: transaction answer listener failed", self._name)
