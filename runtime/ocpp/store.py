"""The SQLite file that holds everything a charger must not forget: the transaction outbox,
the transaction ids learned, the OCPP configuration and the boot epoch of the message ids.

One file serves every charger of a process; each row is keyed by charge box id. The file is
in WAL mode with ``synchronous=FULL``: a committed row survives SIGKILL and power loss.
Access is synchronous and short (one indexed row per statement); the trio adapter calls it
from the event loop, which is fine for the statement sizes used here.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

__all__ = ["Store"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS boots (
    charge_box TEXT PRIMARY KEY,
    count INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,   -- delivery order
    charge_box TEXT NOT NULL,
    message_id TEXT NOT NULL,                -- reused on every retransmission
    action TEXT NOT NULL,
    payload TEXT NOT NULL,                   -- JSON, transactionId filled in at send time
    tx_ref TEXT NOT NULL,                    -- the caller's name for the transaction
    role TEXT NOT NULL,                      -- runtime.ocpp.outbox.TxRole
    attempts INTEGER NOT NULL DEFAULT 0,     -- failed transmissions so far
    not_before REAL NOT NULL DEFAULT 0,      -- wall-clock time of the next attempt
    enqueued_at REAL NOT NULL DEFAULT 0      -- wall-clock time it was queued (its age)
);
CREATE INDEX IF NOT EXISTS outbox_by_charger ON outbox (charge_box, seq);
CREATE TABLE IF NOT EXISTS transactions (
    charge_box TEXT NOT NULL,
    tx_ref TEXT NOT NULL,
    transaction_id INTEGER NOT NULL,         -- from StartTransaction.conf, or -1 (errata 3.18)
    PRIMARY KEY (charge_box, tx_ref)
);
CREATE TABLE IF NOT EXISTS config (
    charge_box TEXT NOT NULL,
    key TEXT NOT NULL,                       -- lower case: keys are case-insensitive
    value TEXT NOT NULL,
    PRIMARY KEY (charge_box, key)
);
"""


class Store:
    """An open state file. ``path`` may be ``":memory:"`` for tests and benchmarks."""

    def __init__(self, path: str | Path) -> None:
        # autocommit mode; multi-statement changes use explicit BEGIN IMMEDIATE ... COMMIT
        self.db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("PRAGMA busy_timeout=5000")
        self.db.executescript(_SCHEMA)
        self._add_enqueued_at()

    def _add_enqueued_at(self) -> None:
        """Files written before the column existed get it; their queued rows count as queued
        now (their real age is unknown)."""
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(outbox)")}
        if "enqueued_at" not in columns:
            self.db.execute("ALTER TABLE outbox ADD COLUMN enqueued_at REAL NOT NULL DEFAULT 0")
            self.db.execute("UPDATE outbox SET enqueued_at = ?", (time.time(),))

    def next_epoch(self, charge_box: str) -> str:
        """Bump and return this charge box's boot number, the prefix of its message ids."""
        self.db.execute(
            "INSERT INTO boots (charge_box, count) VALUES (?, 1) "
            "ON CONFLICT (charge_box) DO UPDATE SET count = count + 1",
            (charge_box,),
        )
        (count,) = self.db.execute(
            "SELECT count FROM boots WHERE charge_box = ?", (charge_box,)
        ).fetchone()
        return f"{count:x}"

    def close(self) -> None:
        self.db.close()
