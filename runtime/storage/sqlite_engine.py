"""The embedded engine: one SQLite file for every charger of a process (``storage.path``).

WAL mode with ``synchronous=FULL``: a committed transaction survives SIGKILL and power loss,
and a commit costs one sync of the WAL, which group commit shares between every write in the
batch. One connection, used under a lock (the writer thread commits, loads run at open).
``":memory:"`` is an in-memory database for tests and benchmarks.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import TypeVar

from .engine import StorageError
from .records import ChargerData, WriteGroup
from .schema import SQLITE_MIGRATIONS, legacy_version, pending
from .sql import SQLITE, Cursor, read_chargers, write_fence, write_groups

__all__ = ["SqliteEngine"]

_T = TypeVar("_T")


class SqliteEngine:
    """See the module docstring."""

    def __init__(self, path: str | Path) -> None:
        self.description = str(path)
        self._path = str(path)
        self._lock = threading.Lock()
        try:
            self._db = self._connect()
        except sqlite3.Error as exc:
            raise StorageError(f"cannot open {self.description}: {exc}") from None
        try:
            self._migrate()
        except BaseException:
            self._db.close()
            raise

    def _connect(self) -> sqlite3.Connection:
        # autocommit mode: transactions are explicit BEGIN IMMEDIATE ... COMMIT
        db = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA busy_timeout=5000")
        return db

    def _migrate(self) -> None:
        cursor = self._db.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        try:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
            )
            if cursor.fetchall():
                cursor.execute("SELECT version FROM schema_version")
                version = int(cursor.fetchall()[0][0])
            else:
                version = legacy_version(cursor)
                cursor.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
                cursor.execute("INSERT INTO schema_version VALUES (?)", (version,))
            for number, statements in pending(version, SQLITE_MIGRATIONS):
                for statement in statements:
                    cursor.execute(statement)
                cursor.execute("UPDATE schema_version SET version = ?", (number,))
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        cursor.execute("COMMIT")

    def load(self, charge_boxes: Collection[str] | None = None) -> dict[str, ChargerData]:
        with self._lock:
            return read_chargers(self._db.cursor(), SQLITE, charge_boxes)

    def _transaction(self, work: Callable[[Cursor], _T]) -> _T:
        """``work`` between ``BEGIN IMMEDIATE`` and ``COMMIT`` (rolled back on failure)."""
        with self._lock:
            cursor = self._db.cursor()
            try:
                cursor.execute("BEGIN IMMEDIATE")
                result = work(cursor)
                cursor.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
            return result

    def commit(self, groups: Sequence[WriteGroup]) -> list[bool]:
        return self._transaction(lambda cursor: write_groups(cursor, SQLITE, groups))

    def _rollback(self) -> None:
        """After a failed statement; a connection left unusable (an I/O error) is opened
        again, so the next attempt starts clean."""
        try:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
        except sqlite3.Error:
            self._db.close()
            self._db = self._connect()

    def transient(self, error: BaseException) -> bool:
        # disk full, I/O error, read-only file, locked by another process: the operator (or
        # time) can fix these; constraint and programming errors are ours
        return isinstance(error, sqlite3.OperationalError)

    def set_fence(self, scope: str, epoch: int) -> None:
        self._transaction(lambda cursor: write_fence(cursor, SQLITE, scope, epoch))

    def close(self) -> None:
        with self._lock:
            self._db.close()
