"""The lease tables of schema version 3 (runtime/storage/schema.py), as one replica uses them.

``leases``: one row per hub, its ``owner`` (a replica id, NULL when free), ``epoch`` (bumped
by every claim) and ``expires_at``. ``replicas``: each replica's heartbeat, ``seen_until``.
Every time is the database's own clock (``clock_timestamp()``), never this host's, so replicas
whose clocks disagree still agree on who holds what.

A claim takes only a hub that is free, expired, or held by an earlier run of this replica id,
bumps its epoch and writes that epoch to the hub's ``fences`` row **in the same transaction**:
the stale owner's writes are refused from the moment the new owner can write at all. The
store's writer reads the fence rows ``FOR SHARE`` (runtime/storage/postgres_engine.py), so a
claim waits for a stale owner's commit in flight, which the new owner then loads.

Blocking, with two connections of its own (one for the statements, one that LISTENs for the
``NOTIFY`` sent when hubs are handed over or a replica joins), for a thread:
:mod:`~runtime.cluster.lease_manager` calls it through ``trio.to_thread``.
"""

from __future__ import annotations

import threading
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import psycopg

from runtime.storage.postgres_engine import CONNECT_OPTIONS, masked_url
from runtime.storage.sql import POSTGRES

__all__ = ["CHANNEL", "LeaseTable", "Renewal"]

#: the NOTIFY channel: a replica joined or left, or hubs were handed over
CHANNEL = "zappi_ocpp_leases"
#: heartbeats of replicas gone this long are deleted (a dead replica's row is otherwise kept)
_FORGET_REPLICAS_AFTER = "1 day"

_HEARTBEAT = (
    "INSERT INTO replicas (replica, seen_until) VALUES (%s, clock_timestamp() + "
    "make_interval(secs => %s)) ON CONFLICT (replica) DO UPDATE SET seen_until = "
    "excluded.seen_until"
)
_RENEW = (
    "UPDATE leases SET expires_at = clock_timestamp() + make_interval(secs => %s) "
    "WHERE owner = %s AND hub = ANY(%s) AND expires_at > clock_timestamp() RETURNING hub, epoch"
)
_LIVE = "SELECT replica FROM replicas WHERE seen_until > clock_timestamp()"
#: hubs of ``wanted`` one may claim: no row yet, free, expired, or an earlier run's of this id
_FREE = (
    "SELECT w.hub FROM unnest(%s::text[]) AS w(hub) LEFT JOIN leases l ON l.hub = w.hub "
    "WHERE l.hub IS NULL OR l.owner IS NULL OR l.expires_at <= clock_timestamp() "
    "OR (l.owner = %s AND NOT l.hub = ANY(%s))"
)
#: seconds until the first lease of another replica on ``wanted`` runs out (NULL: none held)
_NEXT_EXPIRY = (
    "SELECT EXTRACT(EPOCH FROM min(expires_at) - clock_timestamp()) FROM leases "
    "WHERE hub = ANY(%s) AND owner IS DISTINCT FROM %s AND expires_at > clock_timestamp()"
)
_CLAIM = (
    "INSERT INTO leases AS l (hub, owner, epoch, expires_at) "
    "SELECT w.hub, %s, COALESCE((SELECT f.epoch FROM fences f WHERE f.scope = w.hub), 0) + 1, "
    "clock_timestamp() + make_interval(secs => %s) FROM unnest(%s::text[]) AS w(hub) "
    "ON CONFLICT (hub) DO UPDATE SET owner = excluded.owner, epoch = l.epoch + 1, "
    "expires_at = excluded.expires_at "
    "WHERE l.owner IS NULL OR l.owner = excluded.owner OR l.expires_at <= clock_timestamp() "
    "RETURNING hub, epoch"
)
_RELEASE = (
    "UPDATE leases SET owner = NULL, expires_at = clock_timestamp() "
    "WHERE owner = %s AND hub = ANY(%s)"
)


@dataclass(frozen=True, slots=True)
class Renewal:
    """What one renewal found, all at one moment of the database's clock."""

    live: tuple[str, ...]  #: the replicas whose heartbeat has not expired (this one included)
    renewed: dict[str, int]  #: hub → epoch of the held hubs whose lease was extended
    free: tuple[str, ...]  #: hubs of the wanted ones that may be claimed now
    #: seconds until another replica's lease on a wanted hub runs out (None: none held); a
    #: replica that stopped renewing is noticed then rather than at the next turn
    next_expiry_s: float | None = None


class LeaseTable:
    """One replica's statements on the lease tables; see the module docstring."""

    def __init__(self, url: str, replica: str, lease_s: float) -> None:
        self.replica = replica
        self.lease_s = lease_s
        self.description = masked_url(url)
        self._url = url
        # a statement stuck behind a lock must fail well within the lease, not hang on it
        self._timeout_ms = max(500, int(lease_s * 1000 / 3))
        self._lock = threading.Lock()
        self._conn: psycopg.Connection[Any] | None = None
        self._listener: psycopg.Connection[Any] | None = None

    def _connection(self) -> psycopg.Connection[Any]:
        conn = self._conn
        if conn is None or conn.closed or conn.broken:
            self._conn = conn = psycopg.connect(
                self._url, autocommit=True, options=f"-c statement_timeout={self._timeout_ms}",
                **CONNECT_OPTIONS,
            )  # fmt: skip
        return conn

    def _run(self, work: Any) -> Any:
        """``work(cursor)`` in one transaction; a broken connection is opened again next time."""
        with self._lock:
            conn = self._connection()
            try:
                with conn.transaction(), conn.cursor() as cursor:
                    return work(cursor)
            except psycopg.Error:
                if conn.broken:
                    conn.close()
                raise

    def renew(self, held: Collection[str], wanted: Collection[str], *, joined: bool = False
              ) -> Renewal:  # fmt: skip
        """Heartbeat, extend the leases of ``held``, read the live replicas and which of
        ``wanted`` are free; ``joined``: tell the others this replica is new."""

        def work(cursor: psycopg.Cursor[Any]) -> Renewal:
            cursor.execute(_HEARTBEAT, (self.replica, self.lease_s))
            cursor.execute(_RENEW, (self.lease_s, self.replica, list(held)))
            renewed = {str(hub): int(epoch) for hub, epoch in cursor.fetchall()}
            cursor.execute(_LIVE)
            live = tuple(sorted(str(row[0]) for row in cursor.fetchall()))
            cursor.execute(_FREE, (list(wanted), self.replica, list(held)))
            free = tuple(sorted(str(row[0]) for row in cursor.fetchall()))
            cursor.execute(_NEXT_EXPIRY, (list(wanted), self.replica))
            (expiry,) = cursor.fetchall()[0]
            cursor.execute("DELETE FROM replicas WHERE seen_until < clock_timestamp() - "
                           f"interval '{_FORGET_REPLICAS_AFTER}'")  # fmt: skip
            if joined:
                cursor.execute(f"NOTIFY {CHANNEL}")
            return Renewal(live, renewed, free, None if expiry is None else float(expiry))

        result: Renewal = self._run(work)
        return result

    def claim(self, hubs: Collection[str]) -> dict[str, int]:
        """Take those of ``hubs`` still claimable, each at a new epoch fenced at once;
        hub → epoch of each taken (another replica may have been quicker for the rest)."""

        def work(cursor: psycopg.Cursor[Any]) -> dict[str, int]:
            cursor.execute(_CLAIM, (self.replica, self.lease_s, list(hubs)))
            taken = {str(hub): int(epoch) for hub, epoch in cursor.fetchall()}
            if taken:
                cursor.executemany(
                    POSTGRES.sql("INSERT INTO fences (scope, epoch) VALUES (?, ?) ON CONFLICT "
                                 "(scope) DO UPDATE SET epoch = excluded.epoch"),
                    list(taken.items()),
                )  # fmt: skip
            return taken

        result: dict[str, int] = self._run(work)
        return result

    def release(self, hubs: Collection[str]) -> None:
        """Free ``hubs`` at once (their chargers are stopped and their writes committed) and
        tell the other replicas, which need not wait for the leases to expire."""

        def work(cursor: psycopg.Cursor[Any]) -> None:
            cursor.execute(_RELEASE, (self.replica, list(hubs)))
            cursor.execute(f"NOTIFY {CHANNEL}")

        self._run(work)

    def leave(self) -> None:
        """Free every hub of this replica and end its heartbeat (a clean shutdown)."""

        def work(cursor: psycopg.Cursor[Any]) -> None:
            cursor.execute("UPDATE leases SET owner = NULL, expires_at = clock_timestamp() "
                           "WHERE owner = %s", (self.replica,))  # fmt: skip
            cursor.execute("DELETE FROM replicas WHERE replica = %s", (self.replica,))
            cursor.execute(f"NOTIFY {CHANNEL}")

        self._run(work)

    def wait_notified(self, timeout: float) -> bool:
        """Block until another replica says something changed (True) or ``timeout`` passes."""
        listener = self._listener
        if listener is None or listener.closed or listener.broken:
            self._listener = listener = psycopg.connect(self._url, autocommit=True,
                                                        **CONNECT_OPTIONS)  # fmt: skip
            listener.execute(f"LISTEN {CHANNEL}")
        for _ in listener.notifies(timeout=timeout, stop_after=1):
            return True
        return False

    def close(self) -> None:
        with self._lock:
            for conn in (self._conn, self._listener):
                if conn is not None:
                    conn.close()
            self._conn = self._listener = None
