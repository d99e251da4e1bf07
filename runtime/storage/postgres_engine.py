"""The shared engine: a PostgreSQL database the replicas share (``storage.url``).

Driver: psycopg 3, synchronous, in the store's writer thread. trio has no PostgreSQL driver of
its own, and the writer owns the connection anyway (one commit at a time, the batch being the
unit), so an async driver would buy nothing; psycopg is the maintained successor of psycopg2,
speaks libpq's pipeline mode (``executemany`` sends a whole batch in one round trip), and its
``binary`` wheels ship libpq, so ``pip install`` is all a new machine needs.

Every commit is PostgreSQL's default durable commit (``synchronous_commit = on``: the WAL is
flushed before COMMIT returns). The fence rows of a batch are read ``FOR SHARE``: a lease taken
over meanwhile (which updates them) waits until this transaction is over, so no write of a stale
owner can commit after the takeover did. A lost connection is opened again at the next commit;
libpq's TCP timeouts turn a server that went silent into an error within seconds, not a hang.
"""

from __future__ import annotations

import threading
import urllib.parse
from collections.abc import Callable, Collection, Sequence
from typing import Any, TypeVar

import psycopg
import psycopg.errors

from runtime.logs import redact, register_secret

from .engine import StorageError
from .records import ChargerData, WriteGroup
from .schema import POSTGRES_MIGRATIONS, pending
from .sql import POSTGRES, Cursor, read_chargers, write_fence, write_groups

__all__ = ["CONNECT_OPTIONS", "PostgresEngine", "masked_url"]

_T = TypeVar("_T")

#: pg_advisory_xact_lock key that serialises the migrations of replicas starting together
_MIGRATION_LOCK = 0x7A6F637070  # "zocpp"
CONNECT_OPTIONS: dict[str, Any] = {
    "connect_timeout": 5,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 3,
    "keepalives_count": 3,
    "tcp_user_timeout": 10_000,  # ms: unacknowledged data for this long breaks the connection
}
_TRANSIENT = (
    psycopg.OperationalError,  # connection lost, server shutting down, disk full, deadlock
    psycopg.InterfaceError,  # the connection was closed under us
    psycopg.errors.ReadOnlySqlTransaction,  # a standby during a failover
)


def masked_url(url: str) -> str:
    """``url`` with its password replaced by ``***`` (for logs, errors and the fleet page)."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    user = urllib.parse.quote(parts.username or "", safe="")
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


class PostgresEngine:
    """See the module docstring."""

    def __init__(self, url: str) -> None:
        password = urllib.parse.urlsplit(url).password  # as spelled in the URL
        register_secret(password)
        if password:
            register_secret(urllib.parse.unquote(password))  # as the server knows it
        self.description = masked_url(url)
        self._url = url
        self._lock = threading.Lock()
        self._conn: psycopg.Connection[Any] | None = None
        try:
            with self._lock:
                self._migrate(self._connection())
        except BaseException as exc:
            self.close()
            if isinstance(exc, psycopg.Error):
                raise StorageError(f"cannot open {self.description}: {redact(str(exc))}") from None
            raise

    def _connection(self) -> psycopg.Connection[Any]:
        conn = self._conn
        if conn is None or conn.closed or conn.broken:
            self._conn = conn = psycopg.connect(self._url, **CONNECT_OPTIONS)
        return conn

    def _migrate(self, conn: psycopg.Connection[Any]) -> None:
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            cursor.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            cursor.execute("SELECT version FROM schema_version")
            rows = cursor.fetchall()
            version = int(rows[0][0]) if rows else 0
            if not rows:
                cursor.execute("INSERT INTO schema_version VALUES (0)")
            for number, statements in pending(version, POSTGRES_MIGRATIONS):
                for statement in statements:
                    cursor.execute(statement)
                cursor.execute("UPDATE schema_version SET version = %s", (number,))
        conn.commit()

    def _transaction(self, work: Callable[[Cursor], _T]) -> _T:
        """``work`` in one transaction on the connection (opened again if it was lost)."""
        with self._lock:
            conn = self._connection()
            try:
                with conn.cursor() as cursor:
                    result = work(cursor)
                conn.commit()
            except BaseException:
                self._discard()
                raise
            return result

    def load(self, charge_boxes: Collection[str] | None = None) -> dict[str, ChargerData]:
        return self._transaction(lambda cursor: read_chargers(cursor, POSTGRES, charge_boxes))

    def commit(self, groups: Sequence[WriteGroup]) -> list[bool]:
        return self._transaction(lambda cursor: write_groups(cursor, POSTGRES, groups))

    def _discard(self) -> None:
        """Roll back after a failure; a connection that cannot even do that is dropped (the
        next call opens a new one)."""
        conn = self._conn
        if conn is None:
            return
        try:
            conn.rollback()
        except psycopg.Error:
            conn.close()
            self._conn = None

    def transient(self, error: BaseException) -> bool:
        return isinstance(error, _TRANSIENT)

    def set_fence(self, scope: str, epoch: int) -> None:
        self._transaction(lambda cursor: write_fence(cursor, POSTGRES, scope, epoch))

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
