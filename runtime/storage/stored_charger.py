"""One charge box's stored data, held in memory and kept in step with the store.

:class:`StoredCharger` is what the outbox, the configuration and the bridge state of one
charger read and change: reads are memory reads (the event loop never waits for a disk or a
server), and every change updates memory and hands the matching write to the store's writer
in one call, so the two cannot drift apart. What one input changes is one write group
(:meth:`StoredCharger.group`), committed all or nothing. Each group carries
:attr:`StoredCharger.owner`, the fence it is written under.

A change is in memory at once and durable once its ticket is committed
(:meth:`StoredCharger.durable`, :meth:`StoredCharger.wait`, and without a waiting task
:meth:`StoredCharger.commit_state`); the callers that promise durability to someone else
(sending a queued message, answering the central system) wait.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from .engine import StorageError
from .records import (
    ChargerData,
    Enqueue,
    ForgetTransaction,
    Owner,
    QueuedRow,
    Remove,
    Reschedule,
    SaveState,
    SetBoots,
    SetConfig,
    SettleTransaction,
    Write,
    WriteGroup,
)

__all__ = ["UNSUBMITTED", "StoredCharger", "Writer"]

#: the ticket of a row queued in a write group still open (0 is "loaded: durable")
UNSUBMITTED = -1

# compact, and no circularity check (a payload is a tree of JSON values): about a quarter
# cheaper than json.dumps' defaults on a MeterValues payload, and it is on every message's path
_PAYLOAD_JSON = json.JSONEncoder(check_circular=False, separators=(",", ":"))


class Writer(Protocol):
    """What a charger's data needs of the store's writer (runtime.storage.writer)."""

    problem: str | None

    def submit(self, group: WriteGroup) -> int: ...

    def done(self, ticket: int) -> bool: ...

    def failure(self, ticket: int) -> StorageError | None: ...

    def call_when_settled(self, ticket: int, callback: Callable[[], None]) -> bool: ...

    async def wait(self, ticket: int) -> None: ...


class StoredCharger:
    """See the module docstring."""

    __slots__ = ("_after_submit", "_group", "_next_seq", "_untracked", "_writer", "boots",
                 "charge_box", "config", "last_ticket", "owner", "rows", "state",
                 "transaction_ids")

    def __init__(self, charge_box: str, data: ChargerData, writer: Writer) -> None:
        self.charge_box = charge_box
        self._writer = writer
        #: the fence every write of this charger is made under (None: none)
        self.owner: Owner | None = None
        self.rows = data.rows  #: the queue, oldest first
        self.transaction_ids = data.transaction_ids
        self.config = data.config
        self.state = data.state
        self.boots = data.boots
        self._next_seq = data.rows[-1].seq + 1 if data.rows else 1
        self._group: list[Write] | None = None
        self._untracked: list[QueuedRow] | None = None  # rows queued in the open group
        #: commit_state callbacks for a ticket the open group gets when it is submitted
        self._after_submit: list[Callable[[], None]] | None = None
        #: the ticket of this charger's latest write (0: none yet)
        self.last_ticket = 0

    # -- durability ---------------------------------------------------------------------------

    def durable(self, ticket: int) -> bool:
        """Whether ``ticket`` is committed (a failed one never is, nor an unsubmitted one)."""
        writer = self._writer
        return ticket == 0 or (
            ticket > 0 and writer.done(ticket) and writer.failure(ticket) is None
        )

    def commit_state(self, ticket: int, on_settled: Callable[[], None]) -> bool | StorageError:
        """True once ``ticket`` is committed; the error when it never will be; False while it
        is not settled yet, and then ``on_settled()`` runs in the trio thread once it is.
        A row queued in a group still open has ticket :data:`UNSUBMITTED`: not yet."""
        if ticket == UNSUBMITTED:
            if self._after_submit is None:
                self._after_submit = []
            self._after_submit.append(on_settled)
            return False
        writer = self._writer
        while ticket:
            if writer.done(ticket):
                return writer.failure(ticket) or True
            if writer.call_when_settled(ticket, on_settled):
                return False
        return True

    async def wait(self, ticket: int | None = None) -> None:
        """Until ``ticket`` (default: the latest write) is committed; raises
        :class:`~runtime.storage.engine.StorageError` when it never will be."""
        target = self.last_ticket if ticket is None else ticket
        if target:
            await self._writer.wait(target)

    @contextmanager
    def group(self) -> Iterator[None]:
        """Make every change inside one write group (nested: the outer one)."""
        if self._group is not None:
            yield
            return
        self._group = []
        try:
            yield
        finally:
            writes, self._group = self._group, None
            if writes:
                self._submit(writes)

    def _write(self, write: Write) -> None:
        if self._group is not None:
            self._group.append(write)
        else:
            self._submit([write])

    def _submit(self, writes: list[Write]) -> None:
        ticket = self._writer.submit(WriteGroup(self.owner, tuple(writes)))
        self.last_ticket = ticket
        if self._untracked:
            for row in self._untracked:
                row.ticket = ticket
            self._untracked = None
        if self._after_submit:
            callbacks, self._after_submit = self._after_submit, None
            for callback in callbacks:
                if not self._writer.call_when_settled(ticket, callback):
                    callback()  # settled already (committed inline)

    # -- the queue ------------------------------------------------------------------------------

    def enqueue(self, action: str, payload: dict[str, Any], *, tx_ref: str, role: str,
                message_id: str, now: float) -> QueuedRow:  # fmt: skip
        row = QueuedRow(self._next_seq, message_id, action, dict(payload), tx_ref, role,
                        enqueued_at=now, ticket=UNSUBMITTED)  # fmt: skip
        self._next_seq += 1
        self.rows.append(row)
        if self._untracked is None:  # its ticket: at submit
            self._untracked = []
        self._untracked.append(row)
        self._write(Enqueue(self.charge_box, row, _PAYLOAD_JSON.encode(payload)))
        return row

    def remove(self, row: QueuedRow) -> None:
        if self.rows and self.rows[0] is row:
            del self.rows[0]
        else:
            self.rows.remove(row)
        self._write(Remove(self.charge_box, row.seq))

    def forget_unstored(self, row: QueuedRow) -> None:
        """Take out of memory a row whose write failed for good (nothing to write)."""
        self.rows.remove(row)

    def reschedule(self, row: QueuedRow, attempts: int, not_before: float) -> None:
        row.attempts, row.not_before = attempts, not_before
        self._write(Reschedule(self.charge_box, row.seq, attempts, not_before))

    def settle(self, tx_ref: str, transaction_id: int) -> None:
        self.transaction_ids[tx_ref] = transaction_id
        self._write(SettleTransaction(self.charge_box, tx_ref, transaction_id))

    def forget(self, tx_ref: str) -> None:
        if self.transaction_ids.pop(tx_ref, None) is not None:
            self._write(ForgetTransaction(self.charge_box, tx_ref))

    # -- configuration, bridge state, epochs -------------------------------------------------------

    def set_config(self, key: str, value: str) -> None:
        self.config[key] = value
        self._write(SetConfig(self.charge_box, key, value))

    def save_state(self, state: str) -> None:
        self.state = state
        self._write(SaveState(self.charge_box, state))

    def next_epoch(self) -> tuple[str, int]:
        """Count one more start of this charge box: its message-id epoch (hex), and the
        ticket to wait for before the first id of it goes out."""
        self.boots += 1
        self._write(SetBoots(self.charge_box, self.boots))
        return f"{self.boots:x}", self.last_ticket
