"""The durable, ordered queue of transaction messages of one charger.

OCPP 1.6 §3.7 and §4.8: StartTransaction, StopTransaction and transaction MeterValues must
reach the central system in order, must be queued while offline, and are retried on a
"failure to process" (a CALLERROR, or no answer in time) up to ``TransactionMessageAttempts``
transmissions, waiting ``TransactionMessageRetryInterval × previous transmissions`` between
them; then the message is dropped and the queue moves on.

**Delivery guarantee: at least once, in order, per charger.** A message is committed to
SQLite *before* its first transmission and deleted only in the same SQLite transaction that
records its answer. Every transmission of a message carries the message id it was given when
it was queued (OCPP-J 1.6 errata §3.7 allows reusing the id for a retransmission), so a
central system can recognise a duplicate. A duplicate can only happen when the process dies,
or the connection drops, after the central system received the CALL and before its answer was
committed here; otherwise each message reaches the central system exactly once. A message is
lost only when it has failed ``TransactionMessageAttempts`` times (the spec's rule). Losing
the connection is not a failure to process: the message waits and goes again, uncounted.

Transaction ids: the answer to a :attr:`TxRole.START` message carries the ``transactionId``,
stored per ``tx_ref`` (the caller's name for the transaction). :attr:`TxRole.UPDATE` and
:attr:`TxRole.STOP` messages are stored without it and get it filled in when they reach the
head of the queue; because the queue is in order, their StartTransaction has by then been
answered or given up on. Given up → ``-1`` (OCPP 1.6 errata 3.18).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .store import Store

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


class Outbox:
    """The transaction-message queue of one charge box, in a :class:`Store`."""

    __slots__ = ("_charge_box", "_db")

    def __init__(self, store: Store, charge_box: str) -> None:
        self._db = store.db
        self._charge_box = charge_box

    def __len__(self) -> int:
        (count,) = self._db.execute(
            "SELECT COUNT(*) FROM outbox WHERE charge_box = ?", (self._charge_box,)
        ).fetchone()
        return int(count)

    def enqueue(
        self, action: str, payload: dict[str, Any], *, tx_ref: str, role: TxRole, message_id: str
    ) -> int:
        """Commit a message to the queue (durably) and return its sequence number."""
        cursor = self._db.execute(
            "INSERT INTO outbox (charge_box, message_id, action, payload, tx_ref, role, "
            "enqueued_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (self._charge_box, message_id, action, json.dumps(payload), tx_ref, role.value,
             time.time()),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def head(self) -> OutboxMessage | None:
        """The oldest message, whatever its ``not_before``; the caller waits for that."""
        row = self._db.execute(
            "SELECT seq, message_id, action, payload, tx_ref, role, attempts, not_before "
            "FROM outbox WHERE charge_box = ? ORDER BY seq LIMIT 1",
            (self._charge_box,),
        ).fetchone()
        if row is None:
            return None
        seq, message_id, action, payload_text, tx_ref, role_text, attempts, not_before = row
        role = TxRole(role_text)
        payload = json.loads(payload_text)
        if role is not TxRole.START:
            known = self.transaction_id(tx_ref)
            payload[_TRANSACTION_ID] = NO_TRANSACTION_ID if known is None else known
        return OutboxMessage(
            seq, message_id, action, payload, tx_ref, role, attempts, not_before
        )

    def transaction_id(self, tx_ref: str) -> int | None:
        """The id the central system gave ``tx_ref`` (or -1), once its Start was settled."""
        row = self._db.execute(
            "SELECT transaction_id FROM transactions WHERE charge_box = ? AND tx_ref = ?",
            (self._charge_box, tx_ref),
        ).fetchone()
        return None if row is None else int(row[0])

    def delivered(self, message: OutboxMessage, answer: dict[str, Any]) -> int | None:
        """The message was answered: remove it; for a START, record and return its id."""
        learned: int | None = None
        with self._transaction():
            self._db.execute("DELETE FROM outbox WHERE seq = ?", (message.seq,))
            if message.role is TxRole.START:
                learned = int(answer[_TRANSACTION_ID])
                self._settle(message.tx_ref, learned)
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
        with self._transaction():
            if transmissions >= max(attempts, 1):
                self._db.execute("DELETE FROM outbox WHERE seq = ?", (message.seq,))
                if message.role is TxRole.START:
                    self._settle(message.tx_ref, NO_TRANSACTION_ID)
                elif message.role is TxRole.STOP:
                    self._forget_if_done(message.tx_ref)
                return True
            self._db.execute(
                "UPDATE outbox SET attempts = ?, not_before = ? WHERE seq = ?",
                (transmissions, now + retry_interval * transmissions, message.seq),
            )
            return False

    def _settle(self, tx_ref: str, transaction_id: int) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO transactions (charge_box, tx_ref, transaction_id) "
            "VALUES (?, ?, ?)",
            (self._charge_box, tx_ref, transaction_id),
        )

    def _forget_if_done(self, tx_ref: str) -> None:
        self._db.execute(
            "DELETE FROM transactions WHERE charge_box = ? AND tx_ref = ? AND NOT EXISTS "
            "(SELECT 1 FROM outbox WHERE charge_box = ? AND tx_ref = ?)",
            (self._charge_box, tx_ref, self._charge_box, tx_ref),
        )

    def _transaction(self) -> _SqliteTransaction:
        return _SqliteTransaction(self._db)


class _SqliteTransaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` (or ``ROLLBACK`` on error) in autocommit mode."""

    __slots__ = ("_db",)

    def __init__(self, db: Any) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self._db.execute("COMMIT" if exc_type is None else "ROLLBACK")
