"""The store's tables and their versions: created and migrated by the program at open.

The ``schema_version`` table holds one row, the version the tables are at. Opening a store
applies every migration above it, in one transaction; a store at a version this program does
not know (written by a newer release) is refused rather than guessed at.

* version 1: the SQLite file as every release before the PostgreSQL engine wrote it (no
  ``schema_version`` table yet; a file from before the ``enqueued_at`` column gets it, its
  queued rows counted as queued now, their real age being unknown);
* version 2: queue rows numbered per charge box (``PRIMARY KEY (charge_box, seq)``), so the
  writer knows a row's number before it is committed and replicas never compete for one
  counter; the ``fences`` table (one epoch per scope) that refuses stale writers.

* version 3: the ``leases`` table (one row per hub: its owner, lease epoch and expiry, all on
  the database's clock) and ``replicas`` (each live replica's heartbeat), for replicas sharing
  the fleet (runtime.cluster). PostgreSQL only: SQLite serves one process, so its version 3
  changes nothing.

PostgreSQL stores start at version 2. A new migration appends to both lists.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from .engine import StorageError
from .sql import Cursor

__all__ = ["LATEST", "POSTGRES_MIGRATIONS", "SQLITE_MIGRATIONS", "SchemaTooNew", "legacy_version",
           "pending"]

Migration = tuple[int, Sequence[str]]

_V1 = (
    "CREATE TABLE IF NOT EXISTS boots (charge_box TEXT PRIMARY KEY, count INTEGER NOT NULL)",
    """CREATE TABLE IF NOT EXISTS outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, charge_box TEXT NOT NULL,
        message_id TEXT NOT NULL, action TEXT NOT NULL, payload TEXT NOT NULL,
        tx_ref TEXT NOT NULL, role TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
        not_before REAL NOT NULL DEFAULT 0, enqueued_at REAL NOT NULL DEFAULT 0)""",
    "CREATE INDEX IF NOT EXISTS outbox_by_charger ON outbox (charge_box, seq)",
    """CREATE TABLE IF NOT EXISTS transactions (charge_box TEXT NOT NULL, tx_ref TEXT NOT NULL,
        transaction_id INTEGER NOT NULL, PRIMARY KEY (charge_box, tx_ref))""",
    """CREATE TABLE IF NOT EXISTS config (charge_box TEXT NOT NULL, key TEXT NOT NULL,
        value TEXT NOT NULL, PRIMARY KEY (charge_box, key))""",
    "CREATE TABLE IF NOT EXISTS bridge_state (charge_box TEXT PRIMARY KEY, state TEXT NOT NULL)",
)

_OUTBOX_COLUMNS = ("charge_box, seq, message_id, action, payload, tx_ref, role, attempts, "
                   "not_before, enqueued_at")

SQLITE_MIGRATIONS: Sequence[Migration] = (
    (1, _V1),
    (2, (
        """CREATE TABLE outbox_v2 (
            charge_box TEXT NOT NULL, seq INTEGER NOT NULL, message_id TEXT NOT NULL,
            action TEXT NOT NULL, payload TEXT NOT NULL, tx_ref TEXT NOT NULL,
            role TEXT NOT NULL, attempts INTEGER NOT NULL, not_before REAL NOT NULL,
            enqueued_at REAL NOT NULL, PRIMARY KEY (charge_box, seq)) WITHOUT ROWID""",
        f"INSERT INTO outbox_v2 ({_OUTBOX_COLUMNS}) SELECT {_OUTBOX_COLUMNS} FROM outbox",
        "DROP TABLE outbox",
        "ALTER TABLE outbox_v2 RENAME TO outbox",
        "CREATE TABLE fences (scope TEXT PRIMARY KEY, epoch INTEGER NOT NULL)",
    )),
    (3, ()),
)  # fmt: skip

POSTGRES_MIGRATIONS: Sequence[Migration] = (
    (2, (
        "CREATE TABLE boots (charge_box TEXT PRIMARY KEY, count BIGINT NOT NULL)",
        """CREATE TABLE outbox (
            charge_box TEXT NOT NULL, seq BIGINT NOT NULL, message_id TEXT NOT NULL,
            action TEXT NOT NULL, payload TEXT NOT NULL, tx_ref TEXT NOT NULL,
            role TEXT NOT NULL, attempts INTEGER NOT NULL, not_before DOUBLE PRECISION NOT NULL,
            enqueued_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (charge_box, seq))""",
        """CREATE TABLE transactions (charge_box TEXT NOT NULL, tx_ref TEXT NOT NULL,
            transaction_id BIGINT NOT NULL, PRIMARY KEY (charge_box, tx_ref))""",
        """CREATE TABLE config (charge_box TEXT NOT NULL, key TEXT NOT NULL,
            value TEXT NOT NULL, PRIMARY KEY (charge_box, key))""",
        "CREATE TABLE bridge_state (charge_box TEXT PRIMARY KEY, state TEXT NOT NULL)",
        "CREATE TABLE fences (scope TEXT PRIMARY KEY, epoch BIGINT NOT NULL)",
    )),
    (3, (
        """CREATE TABLE leases (hub TEXT PRIMARY KEY, owner TEXT, epoch BIGINT NOT NULL,
            expires_at TIMESTAMPTZ NOT NULL)""",
        "CREATE TABLE replicas (replica TEXT PRIMARY KEY, seen_until TIMESTAMPTZ NOT NULL)",
    )),
)  # fmt: skip

LATEST = 3
assert SQLITE_MIGRATIONS[-1][0] == POSTGRES_MIGRATIONS[-1][0] == LATEST


class SchemaTooNew(StorageError):
    """The store was written by a newer release of the program."""


def pending(version: int, migrations: Sequence[Migration]) -> list[Migration]:
    """The migrations to apply to a store at ``version``, in order."""
    if version > LATEST:
        raise SchemaTooNew(
            f"the store is at schema version {version}; this release knows up to {LATEST} "
            "(run the release that wrote it, or a newer one)"
        )
    return [m for m in migrations if m[0] > version]


def legacy_version(cursor: Cursor) -> int:
    """The version of a SQLite file without a ``schema_version`` table: 1 when it has the
    tables of the releases before it (given the ``enqueued_at`` column if it lacked it),
    0 when it is new."""
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'outbox'")
    if not cursor.fetchall():
        return 0
    cursor.execute("PRAGMA table_info(outbox)")
    if "enqueued_at" not in {row[1] for row in cursor.fetchall()}:
        cursor.execute("ALTER TABLE outbox ADD COLUMN enqueued_at REAL NOT NULL DEFAULT 0")
        cursor.execute("UPDATE outbox SET enqueued_at = ?", (time.time(),))
    for statement in _V1:  # a file of an early release may lack a later table (bridge_state)
        cursor.execute(statement)
    return 1
