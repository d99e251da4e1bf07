"""The statements both engines run, written once: SQLite and PostgreSQL differ here only in
the parameter marker, how a list is matched and the row lock on the fence rows.

Both drivers are DB-API 2 (PEP 249) cursors, so these functions take a :class:`Cursor` and a
:class:`Dialect` and leave connections and transactions to the engine that calls them.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from .final_writes import FinalWrites, fold
from .records import ChargerData, QueuedRow, WriteGroup

__all__ = ["POSTGRES", "SQLITE", "Cursor", "Dialect", "read_chargers", "read_fences",
           "write_fence", "write_final", "write_groups"]


class Cursor(Protocol):
    def execute(self, query: Any, params: Any = ..., /) -> Any: ...

    def executemany(self, query: Any, params_seq: Any, /) -> Any: ...

    def fetchall(self) -> list[Any]: ...


@dataclass(frozen=True, slots=True)
class Dialect:
    marker: str  #: the driver's parameter marker
    #: held on the fence rows until commit, so a lease taken over meanwhile waits for us
    fence_lock: str
    any_of: bool  #: ``= ANY(list)`` (PostgreSQL) rather than ``IN (?, ?, ...)``

    def sql(self, text: str) -> str:
        return text.replace("?", self.marker)

    def member(self, column: str, values: Collection[str]) -> tuple[str, list[Any]]:
        """``column`` is one of ``values``: the condition and its parameters."""
        if self.any_of:
            return f"{column} = ANY({self.marker})", [list(values)]
        return f"{column} IN ({', '.join(self.marker for _ in values)})", list(values)


SQLITE = Dialect(marker="?", fence_lock="", any_of=False)
POSTGRES = Dialect(marker="%s", fence_lock=" FOR SHARE", any_of=True)

_WRITES: Sequence[tuple[str, str]] = (
    ("inserted", "INSERT INTO outbox (charge_box, seq, message_id, action, payload, tx_ref, "
                 "role, attempts, not_before, enqueued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
    ("rescheduled", "UPDATE outbox SET attempts = ?, not_before = ? "
                    "WHERE charge_box = ? AND seq = ?"),
    ("removed", "DELETE FROM outbox WHERE charge_box = ? AND seq = ?"),
    ("settled", "INSERT INTO transactions (charge_box, tx_ref, transaction_id) VALUES (?, ?, ?) "
                "ON CONFLICT (charge_box, tx_ref) DO UPDATE SET "
                "transaction_id = excluded.transaction_id"),
    ("forgotten", "DELETE FROM transactions WHERE charge_box = ? AND tx_ref = ?"),
    ("config", "INSERT INTO config (charge_box, key, value) VALUES (?, ?, ?) "
               "ON CONFLICT (charge_box, key) DO UPDATE SET value = excluded.value"),
    ("states", "INSERT INTO bridge_state (charge_box, state) VALUES (?, ?) "
               "ON CONFLICT (charge_box) DO UPDATE SET state = excluded.state"),
    ("boots", "INSERT INTO boots (charge_box, count) VALUES (?, ?) "
              "ON CONFLICT (charge_box) DO UPDATE SET count = excluded.count"),
)  # fmt: skip


def write_final(cursor: Cursor, dialect: Dialect, final: FinalWrites) -> None:
    """Run the folded writes: one ``executemany`` per kind that has any."""
    for name, text in _WRITES:
        rows = getattr(final, name)
        if rows:
            cursor.executemany(dialect.sql(text), rows)


def read_fences(cursor: Cursor, dialect: Dialect, scopes: Collection[str]) -> dict[str, int]:
    """The current epoch of each of ``scopes`` that has one (locked until commit)."""
    if not scopes:
        return {}
    where, params = dialect.member("scope", scopes)
    cursor.execute(f"SELECT scope, epoch FROM fences WHERE {where}{dialect.fence_lock}", params)
    return {str(scope): int(epoch) for scope, epoch in cursor.fetchall()}


def write_fence(cursor: Cursor, dialect: Dialect, scope: str, epoch: int) -> None:
    cursor.execute(dialect.sql(
        "INSERT INTO fences (scope, epoch) VALUES (?, ?) "
        "ON CONFLICT (scope) DO UPDATE SET epoch = excluded.epoch"), (scope, epoch))


def _select(cursor: Cursor, dialect: Dialect, columns: str, table: str,
            boxes: Collection[str] | None, order: str = "") -> Iterable[Any]:
    where, params = ("", []) if boxes is None else dialect.member("charge_box", boxes)
    cursor.execute(
        f"SELECT charge_box, {columns} FROM {table}"
        + (f" WHERE {where}" if where else "") + (f" ORDER BY {order}" if order else ""),
        params,
    )
    return cursor.fetchall()


def read_chargers(
    cursor: Cursor, dialect: Dialect, boxes: Collection[str] | None = None
) -> dict[str, ChargerData]:
    """What the store holds for ``boxes`` (None: every charge box it knows)."""
    found: dict[str, ChargerData] = {}

    def data(box: Any) -> ChargerData:
        return found.setdefault(str(box), ChargerData())

    queued = _select(cursor, dialect, "seq, message_id, action, payload, tx_ref, role, "
                     "attempts, not_before, enqueued_at", "outbox", boxes, "charge_box, seq")
    for box, seq, message_id, action, payload, tx_ref, role, attempts, nb, at in queued:
        data(box).rows.append(QueuedRow(
            int(seq), str(message_id), str(action), json.loads(payload), str(tx_ref),
            str(role), int(attempts), float(nb), float(at)))  # fmt: skip
    for box, tx_ref, transaction_id in _select(
        cursor, dialect, "tx_ref, transaction_id", "transactions", boxes
    ):
        data(box).transaction_ids[str(tx_ref)] = int(transaction_id)
    for box, key, value in _select(cursor, dialect, "key, value", "config", boxes):
        data(box).config[str(key)] = str(value)
    for box, state in _select(cursor, dialect, "state", "bridge_state", boxes):
        data(box).state = str(state)
    for box, count in _select(cursor, dialect, "count", "boots", boxes):
        data(box).boots = int(count)
    return found


def write_groups(cursor: Cursor, dialect: Dialect, groups: Sequence[WriteGroup]) -> list[bool]:
    """Inside the caller's transaction: refuse the groups whose owner no longer holds its
    fence scope, write the others folded; True for each group written."""
    owners = {g.owner for g in groups if g.owner is not None}
    current = read_fences(cursor, dialect, {o.scope for o in owners})
    stale = {o for o in owners if current.get(o.scope) != o.epoch}
    accepted = [g.owner not in stale for g in groups]
    write_final(cursor, dialect, fold(w for g, ok in zip(groups, accepted, strict=True)
                                      if ok for w in g.writes))
    return accepted
