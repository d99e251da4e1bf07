"""The store: everything the bridge must not forget, behind one object, on either engine.

``Store(path)`` opens (creating or migrating) a SQLite file, ``Store("postgresql://...")`` a
PostgreSQL database; both offer the same :class:`Store`. At open the store loads what it holds
into memory; :meth:`Store.charger` hands out each charge box's
:class:`~runtime.storage.stored_charger.StoredCharger` (one per charge box, shared by its
outbox, configuration and bridge state), and the store's writer commits their writes in groups
(:mod:`runtime.storage.writer`). ``":memory:"`` is a SQLite database in memory, committed
inline: nothing to wait for, which keeps tests on trio's virtual clock deterministic.

Replicas sharing one PostgreSQL database: a charge box's data may be changed by another
replica while this one does not own it, so before serving a charge box taken over, load it
again with :meth:`Store.refresh`; every write carries its charger's
:attr:`~runtime.storage.stored_charger.StoredCharger.owner`, checked against the ``fences``
table in the same transaction (:meth:`Store.set_fence` is the lease side).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from pathlib import Path

import trio

from .engine import Engine
from .records import ChargerData, QueuedRow
from .stored_charger import StoredCharger
from .writer import GroupCommitWriter, InlineWriter

__all__ = ["Store", "is_database_url"]

_URL_SCHEMES = ("postgresql://", "postgres://")


def is_database_url(location: str | Path) -> bool:
    return isinstance(location, str) and location.startswith(_URL_SCHEMES)


def _open_engine(location: str | Path) -> Engine:
    if is_database_url(location):
        from .postgres_engine import PostgresEngine  # psycopg only when it is used

        return PostgresEngine(str(location))
    from .sqlite_engine import SqliteEngine

    return SqliteEngine(location)


class Store:
    """See the module docstring. ``group_commit=False`` commits every write on the caller's
    thread as it is made (the default for ``":memory:"`` only)."""

    def __init__(self, location: str | Path, *, group_commit: bool | None = None) -> None:
        self._engine = _open_engine(location)
        #: where the data is: a path, or the URL with its password masked
        self.description = self._engine.description
        if group_commit is None:
            group_commit = str(location) != ":memory:"
        self._writer = GroupCommitWriter(self._engine) if group_commit else InlineWriter(
            self._engine
        )
        self._loaded: dict[str, ChargerData] = self._engine.load()
        self._chargers: dict[str, StoredCharger] = {}
        self._closed = False

    def charger(self, charge_box: str) -> StoredCharger:
        """The one :class:`StoredCharger` of ``charge_box`` (empty when the store has none)."""
        stored = self._chargers.get(charge_box)
        if stored is None:
            data = self._loaded.pop(charge_box, None) or ChargerData()
            stored = self._chargers[charge_box] = StoredCharger(charge_box, data, self._writer)
        return stored

    def next_epoch(self, charge_box: str) -> str:
        """Count one more start of ``charge_box`` and return its message-id epoch."""
        return self.charger(charge_box).next_epoch()[0]

    async def refresh(self, charge_boxes: Collection[str]) -> None:
        """Load ``charge_boxes`` again from the engine (in a thread), for chargers about to be
        served again after another writer may have changed them; the next :meth:`charger`
        call hands out the fresh data. Call it before their objects are made."""
        fresh = await trio.to_thread.run_sync(self._engine.load, list(charge_boxes))
        for box in charge_boxes:
            self._chargers.pop(box, None)
            self._loaded[box] = fresh.get(box) or ChargerData()

    def set_fence(self, scope: str, epoch: int) -> None:
        """Only writes owned by ``(scope, epoch)`` are accepted under ``scope`` from now on.
        Blocking: for the lease code's thread."""
        self._engine.set_fence(scope, epoch)

    async def flush(self) -> None:
        """Until every write made so far is committed (or failed)."""
        for stored in list(self._chargers.values()):
            await stored.wait()

    # -- what the operator endpoint reads --------------------------------------------------------

    def queues(self) -> Iterator[tuple[str, list[QueuedRow]]]:
        """(charge box, its queue, oldest first) for every charge box the store holds."""
        for box, stored in self._chargers.items():
            yield box, stored.rows
        for box, data in self._loaded.items():
            yield box, data.rows

    def problem(self) -> str | None:
        """What keeps the store from committing right now (None: nothing)."""
        return "storage is not open (closed)" if self._closed else self._writer.problem

    @property
    def pending_writes(self) -> int:
        """Write groups made and not yet committed."""
        return self._writer.pending

    @property
    def commits(self) -> int:
        """Transactions committed so far (each one sync to disk, however many groups)."""
        return self._writer.commits

    def close(self, timeout: float = 10.0) -> None:
        """Commit what is queued (waiting up to ``timeout`` through an outage), then close."""
        if self._closed:
            return
        self._closed = True
        self._writer.close(timeout)
        self._engine.close()


