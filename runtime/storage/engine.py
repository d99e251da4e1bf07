"""What a storage engine is to the rest of the store: :class:`Engine`, and its errors.

An engine is synchronous and thread-confined by the store: the group-commit writer calls
:meth:`Engine.commit` from its own thread, loads run in the writer's thread or at open.
Two implementations: :class:`runtime.storage.sqlite_engine.SqliteEngine` (a file, the
embedded default) and :class:`runtime.storage.postgres_engine.PostgresEngine` (a server the
replicas share).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Protocol

from .records import ChargerData, WriteGroup

__all__ = ["Engine", "StorageError", "WriteRefused"]


class StorageError(Exception):
    """A write the store could not make and will not retry (the caller's data is in memory
    only); the message never carries a password."""


class WriteRefused(StorageError):
    """The group's owner no longer holds its fence scope: another writer took it over."""


class Engine(Protocol):
    #: where the data is, for logs and errors: a path, or the URL with its password masked
    description: str

    def load(self, charge_boxes: Collection[str] | None = None) -> dict[str, ChargerData]:
        """What the store holds for ``charge_boxes`` (None: every charge box it knows)."""
        ...

    def commit(self, groups: Sequence[WriteGroup]) -> list[bool]:
        """Write ``groups`` in one transaction and one sync to disk; True for each written,
        False for each refused by its fence. Raises on failure, having written nothing."""
        ...

    def transient(self, error: BaseException) -> bool:
        """Whether ``error`` (from :meth:`commit`) may go away by itself: the disk is full,
        the file is read-only, the server is down. Such commits are retried."""
        ...

    def set_fence(self, scope: str, epoch: int) -> None:
        """Make ``epoch`` the one that may write under ``scope`` (the lease side of fencing)."""
        ...

    def close(self) -> None: ...
