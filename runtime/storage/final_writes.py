"""Many write groups folded into the few statements one transaction runs.

Within one commit only the last word about each row matters: a message queued and removed in
the same batch never touches the disk, ten saves of one charger's state are one upsert, a
reschedule of a message queued in the batch is folded into its insert. Folding per row makes
the result the same as applying every write in order (writes to different rows commute), and
lets each kind of statement run once with ``executemany``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .records import (
    Enqueue,
    ForgetTransaction,
    Remove,
    Reschedule,
    SaveState,
    SetBoots,
    SetConfig,
    SettleTransaction,
    Write,
)

__all__ = ["FinalWrites", "fold"]

_Key = tuple[str, Any]


@dataclass(slots=True)
class FinalWrites:
    """Parameter rows per statement, in the column order of :mod:`runtime.storage.sql`."""

    inserted: list[tuple[Any, ...]] = field(default_factory=list)
    rescheduled: list[tuple[Any, ...]] = field(default_factory=list)
    removed: list[tuple[Any, ...]] = field(default_factory=list)
    settled: list[tuple[Any, ...]] = field(default_factory=list)
    forgotten: list[tuple[Any, ...]] = field(default_factory=list)
    config: list[tuple[Any, ...]] = field(default_factory=list)
    states: list[tuple[Any, ...]] = field(default_factory=list)
    boots: list[tuple[Any, ...]] = field(default_factory=list)


def _insert_row(write: Enqueue, attempts: int, not_before: float) -> tuple[Any, ...]:
    row = write.row
    return (write.charge_box, row.seq, row.message_id, row.action, write.payload_text,
            row.tx_ref, row.role, attempts, not_before, row.enqueued_at)  # fmt: skip


def fold(writes: Iterable[Write]) -> FinalWrites:
    """The statements that leave the store as applying ``writes`` in order would."""
    queued: dict[_Key, Enqueue | Reschedule | Remove] = {}
    inserted: dict[_Key, tuple[Enqueue, int, float]] = {}
    transactions: dict[_Key, SettleTransaction | ForgetTransaction] = {}
    config: dict[_Key, SetConfig] = {}
    states: dict[str, SaveState] = {}
    boots: dict[str, SetBoots] = {}
    for write in writes:
        match write:
            case Enqueue(charge_box=box, row=row):
                inserted[box, row.seq] = (write, row.attempts, row.not_before)
            case Reschedule(charge_box=box, seq=seq):
                if (box, seq) in inserted:
                    enqueue = inserted[box, seq][0]
                    inserted[box, seq] = (enqueue, write.attempts, write.not_before)
                else:
                    queued[box, seq] = write
            case Remove(charge_box=box, seq=seq):
                if inserted.pop((box, seq), None) is None:
                    queued[box, seq] = write
            case SettleTransaction(charge_box=box, tx_ref=ref) | ForgetTransaction(
                charge_box=box, tx_ref=ref
            ):
                transactions[box, ref] = write
            case SetConfig(charge_box=box, key=key):
                config[box, key] = write
            case SaveState(charge_box=box):
                states[box] = write
            case SetBoots(charge_box=box):
                boots[box] = write
    final = FinalWrites()
    final.inserted = [_insert_row(e, a, nb) for e, a, nb in inserted.values()]
    for (box, seq), change in queued.items():
        if isinstance(change, Reschedule):
            final.rescheduled.append((change.attempts, change.not_before, box, seq))
        else:
            final.removed.append((box, seq))
    for (box, ref), tx_change in transactions.items():
        if isinstance(tx_change, SettleTransaction):
            final.settled.append((box, ref, tx_change.transaction_id))
        else:
            final.forgotten.append((box, ref))
    final.config = [(w.charge_box, w.key, w.value) for w in config.values()]
    final.states = [(w.charge_box, w.state) for w in states.values()]
    final.boots = [(w.charge_box, w.count) for w in boots.values()]
    return final
