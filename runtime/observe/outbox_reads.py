"""What the fleet page and the metrics read from the durable outbox (``storage.path``).

Read-only SQL over the runtime's ``outbox`` table (:mod:`runtime.ocpp.store`), kept in this
one module: when storage moves behind an interface, these three reads are what it must offer.
Each is one indexed statement; the totals are one pass over the queued rows, which are few
(messages wait only while a Central System is away).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

__all__ = ["QueuedMessage", "queue_totals", "queued_for", "queued_per_charger"]


@dataclass(frozen=True, slots=True)
class QueuedMessage:
    action: str
    attempts: int  #: failed transmissions so far
    enqueued_at: float  #: wall-clock time it was queued
    not_before: float  #: wall-clock time of the next attempt


def queue_totals(db: sqlite3.Connection) -> tuple[int, float | None]:
    """(messages queued for every charger, when the oldest was queued)."""
    count, oldest = db.execute("SELECT COUNT(*), MIN(enqueued_at) FROM outbox").fetchone()
    return int(count), None if oldest is None else float(oldest)


def queued_per_charger(db: sqlite3.Connection) -> dict[str, int]:
    """Queued messages by charge box, only for those that have any."""
    rows = db.execute("SELECT charge_box, COUNT(*) FROM outbox GROUP BY charge_box")
    return {str(box): int(count) for box, count in rows}


def queued_for(db: sqlite3.Connection, charge_box: str, limit: int) -> list[QueuedMessage]:
    """The oldest ``limit`` messages queued for one charge box, in delivery order."""
    rows = db.execute(
        "SELECT action, attempts, enqueued_at, not_before FROM outbox "
        "WHERE charge_box = ? ORDER BY seq LIMIT ?",
        (charge_box, limit),
    )
    return [QueuedMessage(str(a), int(n), float(e), float(b)) for a, n, e, b in rows]
