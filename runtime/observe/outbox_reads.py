"""What the fleet page and the metrics read of the durable outbox.

Read from the store's memory (:meth:`runtime.storage.Store.queues`: every queue the store
holds, committed or about to be), so a scrape never waits for the disk or the database
server, and works the same on either engine. The totals are one pass over the chargers'
queues, which are short (messages wait only while a Central System is away).
"""

from __future__ import annotations

from dataclasses import dataclass

from runtime.storage.store import Store

__all__ = ["QueuedMessage", "queue_totals", "queued_for", "queued_per_charger"]


@dataclass(frozen=True, slots=True)
class QueuedMessage:
    action: str
    attempts: int  #: failed transmissions so far
    enqueued_at: float  #: wall-clock time it was queued
    not_before: float  #: wall-clock time of the next attempt


def queue_totals(store: Store) -> tuple[int, float | None]:
    """(messages queued for every charger, when the oldest was queued)."""
    count, oldest = 0, None
    for _, rows in store.queues():
        if rows:
            count += len(rows)
            first = min(row.enqueued_at for row in rows)
            oldest = first if oldest is None else min(oldest, first)
    return count, oldest


def queued_per_charger(store: Store) -> dict[str, int]:
    """Queued messages by charge box, only for those that have any."""
    return {box: len(rows) for box, rows in store.queues() if rows}


def queued_for(store: Store, charge_box: str, limit: int) -> list[QueuedMessage]:
    """The oldest ``limit`` messages queued for one charge box, in delivery order."""
    rows = store.charger(charge_box).rows[:limit]
    return [QueuedMessage(r.action, r.attempts, r.enqueued_at, r.not_before) for r in rows]
