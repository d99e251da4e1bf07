"""The durable, ordered queue of transaction messages of one charger.

OCPP 1.6 §3.7 and §4.8: StartTransaction, StopTransaction and transaction MeterValues must
reach the central system in order, must be queued while offline, and are retried on a
"failure to process" (a CALLERROR, or no answer in time) up to ``TransactionMessageAttempts``
transmissions, waiting ``TransactionMessageRetryInterval × previous transmissions`` between
them; then the message is dropped and the queue moves on.

**Delivery guarantee: at least once, in order, per charger.** A message is committed to the
store *before* its first transmission (the scheduler sends the head only once
:meth:`Outbox.head_commit` says its enqueue is committed) and deleted only in the same
transaction that records its answer. Every transmission of a message carries the message id
it was given when it was queued (OCPP-J 1.6 errata §3.7 allows reusing the id for a
retransmission), so a central system can recognise a duplicate. A duplicate can only happen
when the process dies, or the connection drops, after the central system received the CALL
and before its answer was committed; otherwise each message reaches the central system
exactly once. A message is lost only when it has failed ``TransactionMessageAttempts`` times
(the spec's rule). Losing the connection is not a failure to process: the message waits and
goes again, uncounted.

The queue is read from memory (:class:`~runtime.storage.StoredCharger`): :meth:`Outbox.head`
and ``len()`` never wait for the disk; the writes go to the store's group-commit writer.

Transaction ids: the answer to a :attr:`TxRole.START` message carries the ``transactionId``,
stored per ``tx_ref`` (the caller's name for the transaction). :attr:`TxRole.UPDATE` and
:attr:`TxRole.STOP` messages are stored without it and get it filled in when they reach the
head of the queue; because the queue is in order, their StartTransaction has by then been
answered or given up on. Given up → ``-1`` (OCPP 1.6 errata 3.18).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from runtime.storage.records import QueuedRow

if TYPE_CHECKING:  # the core does no I/O: it is handed the store
    from runtime.storage.engine import StorageError
    from runtime.storage.store import Store

__all__ = ["NO_TRANSACTION_ID", "Outbox", "OutboxMessage", "TxRole"]

#: the transactionId of a transaction whose StartTransaction was never answered (errata 3.18)
NO_TRANSACTION_ID = -1
_TRANSACTION_ID = "transactionId"


class TxRole(StrEnum):
    """What a queued message is to its transaction."""

    #: its answer carries the transactionId (StartTransaction)
    START = "start"
    #: needs the transactionId, the transaction goes on (MeterValues)
    UPDATE = "update"
    #: needs the transactionId and ends the transaction (StopTransaction)
    STOP = "stop"


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """The head of the queue, ready to send (``payload`` has its transactionId)."""

    seq: int
    message_id: str
    action: str
    payload: dict[str, Any]
    tx_ref: str
    role: TxRole
    attempts: int
    not_before: float
    row: QueuedRow  #: the stored row (for the store's bookkeeping)


class Outbox:
    """The transaction-message queue of one charge box, in a :class:`Store`."""

    __slots__ = ("_clock", "_stored")

    def __init__(
        self, store: Store, charge_box: str, *, wall_clock: Callable[[], float] = time.time
    ) -> None:
        self._stored = store.charger(charge_box)
        self._clock = wall_clock

    def __len__(self) -> int:
        return len(self._stored.rows)

    def enqueue(
        self, action: str, payload: dict[str, Any], *, tx_ref: str, role: TxRole, message_id: str
    ) -> int:
        """Queue a message (durable once :meth:`wait_durable` returns for it) and return its
        sequence number."""
        row = self._stored.enqueue(action, payload, tx_ref=tx_ref, role=role.value,
                                   message_id=message_id, now=self._clock())  # fmt: skip
        return row.seq

    def head(self) -> OutboxMessage | None:
        """The oldest message, whatever its ``not_before``; the caller waits for that."""
        rows = self._stored.rows
        if not rows:
            return None
        row = rows[0]
        role = TxRole(row.role)
        payload = row.payload
        if role is not TxRole.START:
            known = self._stored.transaction_ids.get(row.tx_ref)
            payload = {**payload, _TRANSACTION_ID: NO_TRANSACTION_ID if known is None else known}
        return OutboxMessage(row.seq, row.message_id, row.action, payload, row.tx_ref, role,
                             row.attempts, row.not_before, row)  # fmt: skip

    def head_due(self) -> float | None:
        """When the oldest message may go (wall clock; None: the queue is empty)."""
        rows = self._stored.rows
        return rows[0].not_before if rows else None

    def head_commit(self, on_settled: Callable[[], None]) -> bool | StorageError:
        """Whether the oldest message's enqueue is committed (it may be sent then, not
        before): True; the error when it never will be; False while not yet, and
        ``on_settled()`` is called (in the trio thread) once it is settled. The queue must
        not be empty."""
        return self._stored.commit_state(self._stored.rows[0].ticket, on_settled)

    def discard_unstored(self, message: OutboxMessage) -> None:
        """Forget ``message``, which the store failed to write (it is in memory only)."""
        self._stored.forget_unstored(message.row)

    def transaction_id(self, tx_ref: str) -> int | None:
        """The id the central system gave ``tx_ref`` (or -1), once its Start was settled."""
        return self._stored.transaction_ids.get(tx_ref)

    def delivered(self, message: OutboxMessage, answer: dict[str, Any]) -> int | None:
        """The message was answered: remove it; for a START, record and return its id.
        Removal and id are one write group: committed together or not at all."""
        if message.role is TxRole.UPDATE:  # one write: no group to open
            self._stored.remove(message.row)
            return None
        learned: int | None = None
        with self._stored.group():
            self._stored.remove(message.row)
            if message.role is TxRole.START:
                learned = int(answer[_TRANSACTION_ID])
                self._stored.settle(message.tx_ref, learned)
            elif message.role is TxRole.STOP:
                self._forget_if_done(message.tx_ref)
        return learned

    def failed(
        self, message: OutboxMessage, *, now: float, attempts: int, retry_interval: float
    ) -> bool:
        """A failure to process: schedule the retry, or drop after ``attempts``.

        Returns True when the message was dropped.
        """
        transmissions = message.attempts + 1
        with self._stored.group():
            if transmissions >= max(attempts, 1):
                self._stored.remove(message.row)
                if message.role is TxRole.START:
                    self._stored.settle(message.tx_ref, NO_TRANSACTION_ID)
                elif message.role is TxRole.STOP:
                    self._forget_if_done(message.tx_ref)
                return True
            self._stored.reschedule(
                message.row, transmissions, now + retry_interval * transmissions
            )
            return False

    def _forget_if_done(self, tx_ref: str) -> None:
        if not any(row.tx_ref == tx_ref for row in self._stored.rows):
            self._stored.forget(tx_ref)
